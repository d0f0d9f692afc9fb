#include "common/redis_pool.hpp"

#include <csignal>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/log.hpp"

namespace sanplane::common {
namespace {

timeval ToTimeval(std::chrono::milliseconds duration) {
  return timeval{static_cast<time_t>(duration.count() / 1000),
                 static_cast<suseconds_t>((duration.count() % 1000) * 1000)};
}

struct Argv {
  explicit Argv(const std::vector<std::string>& args) {
    for (const std::string& arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
};

}  // namespace

RedisPool::RedisPool(std::string address, int size, std::chrono::milliseconds timeout)
    : size_(size), timeout_(timeout), metrics_("redis", "redis") {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw std::invalid_argument("Redis address must be host:port, got \"" + address + "\"");
  }
  host_ = address.substr(0, colon);
  try {
    port_ = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    throw std::invalid_argument("Redis address must be host:port, got \"" + address + "\"");
  }
  if (size_ < 1) {
    throw std::invalid_argument("RedisPool size must be at least 1");
  }
  // hiredis writes with plain write(2); a peer that went away would otherwise kill the process
  // with SIGPIPE instead of giving us EPIPE to handle as "unavailable".
  std::signal(SIGPIPE, SIG_IGN);
  metrics_.size.Increment(size_);
}

RedisPool::~RedisPool() { metrics_.size.Decrement(size_); }

RedisPool::Context RedisPool::Acquire() {
  {
    std::unique_lock lock(mutex_);
    if (in_use_ >= size_) {
      metrics_.waits.Increment();
      if (!available_.wait_for(lock, timeout_, [this] { return in_use_ < size_; })) {
        metrics_.timeouts.Increment();
        throw Error(ErrorKind::kResourceExhausted,
                    "The Redis connection pool is exhausted; try again.");
      }
    }
    ++in_use_;
    metrics_.in_use.Increment();
    if (!idle_.empty()) {
      Context context = std::move(idle_.back());
      idle_.pop_back();
      return context;
    }
  }
  const timeval timeout = ToTimeval(timeout_);
  Context context(redisConnectWithTimeout(host_.c_str(), port_, timeout));
  if (!context || context->err != 0) {
    const std::string detail = context ? context->errstr : "cannot allocate a redis context";
    Fail(std::move(context), detail);
  }
  if (redisSetTimeout(context.get(), timeout) != REDIS_OK) {
    const std::string detail = context->errstr;
    Fail(std::move(context), detail);
  }
  return context;
}

void RedisPool::Release(Context context) {
  {
    std::lock_guard lock(mutex_);
    --in_use_;
    metrics_.in_use.Decrement();
    if (context) {
      idle_.push_back(std::move(context));
    }
  }
  available_.notify_one();
}

void RedisPool::Fail(Context context, const std::string& detail) {
  context.reset();
  Release(nullptr);
  metrics_.ConnectionFailed();
  log::Warn("redis unavailable", {{"detail", detail}});
  throw Error(ErrorKind::kUnavailable, unavailable_message_);
}

void RedisPool::ThrowIfErrorReply(const redisReply& reply) {
  if (reply.type == REDIS_REPLY_ERROR) {
    log::Error("redis command failed", {{"detail", std::string(reply.str, reply.len)}});
    throw Error(ErrorKind::kInternal, "Internal error");
  }
}

RedisReply RedisPool::Command(const std::vector<std::string>& args) {
  Argv argv(args);
  Context context = Acquire();
  RedisReply reply(static_cast<redisReply*>(
      redisCommandArgv(context.get(), argv.count(), argv.pointers.data(), argv.lengths.data())));
  if (!reply || context->err != 0) {
    const std::string detail = context->err != 0 ? context->errstr : "no reply";
    Fail(std::move(context), detail);
  }
  Release(std::move(context));
  metrics_.ConnectionSucceeded();
  ThrowIfErrorReply(*reply);
  return reply;
}

std::vector<RedisReply> RedisPool::Pipeline(const std::vector<std::vector<std::string>>& commands) {
  std::vector<Argv> argvs(commands.begin(), commands.end());
  Context context = Acquire();
  for (Argv& argv : argvs) {
    if (redisAppendCommandArgv(context.get(), argv.count(), argv.pointers.data(),
                               argv.lengths.data()) != REDIS_OK) {
      const std::string detail = context->errstr;
      Fail(std::move(context), detail);
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(argvs.size());
  for (size_t i = 0; i < argvs.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context.get(), &raw) != REDIS_OK || raw == nullptr) {
      const std::string detail = context->err != 0 ? context->errstr : "no reply";
      Fail(std::move(context), detail);
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  // Every reply has been read, so the connection is in a clean state whatever they say.
  Release(std::move(context));
  metrics_.ConnectionSucceeded();
  for (const RedisReply& reply : replies) {
    ThrowIfErrorReply(*reply);
  }
  return replies;
}

}  // namespace sanplane::common
