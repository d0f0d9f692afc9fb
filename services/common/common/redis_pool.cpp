#include "common/redis_pool.hpp"

#include <csignal>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/request_scope.hpp"

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

RedisPool::RedisPool(std::string address, int size, std::chrono::milliseconds timeout,
                     RedisCredentials credentials)
    : size_(size),
      timeout_(timeout),
      credentials_(std::move(credentials)),
      metrics_("redis", "redis") {
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

RedisPool::Context RedisPool::Acquire(bool* reused) {
  *reused = false;
  {
    std::unique_lock lock(mutex_);
    if (in_use_ >= size_) {
      metrics_.waits.Increment();
      if (!available_.wait_for(lock, RequestScope::Remaining(timeout_),
                               [this] { return in_use_ < size_; })) {
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
      *reused = true;
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
  Authenticate(context);
  return context;
}

void RedisPool::Authenticate(Context& context) {
  if (credentials_.password.empty()) return;
  std::vector<std::string> command{"AUTH"};
  if (!credentials_.username.empty()) command.push_back(credentials_.username);
  command.push_back(credentials_.password);
  Argv argv(command);
  const RedisReply reply(static_cast<redisReply*>(
      redisCommandArgv(context.get(), argv.count(), argv.pointers.data(), argv.lengths.data())));
  if (!reply || context->err != 0) {
    const std::string detail = context->err != 0 ? context->errstr : "no reply to AUTH";
    Fail(std::move(context), detail);
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    // Redis's answer (WRONGPASS, ...) names no credentials, so it is safe to log; without a
    // session Redis is as unusable to us as when it is down.
    const std::string detail = "AUTH refused: " + std::string(reply->str, reply->len);
    Fail(std::move(context), detail);
  }
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

void RedisPool::UseRemainingBudget(redisContext* context) const {
  // A command may take no longer than the caller still waits (DESIGN.md §7), nor than the
  // pool's own timeout.
  const timeval budget = ToTimeval(RequestScope::Remaining(timeout_));
  redisSetTimeout(context, budget);
}

void RedisPool::DiscardAll(Context context) {
  context.reset();
  {
    // Every idle connection talks to the same server as the one that just failed.
    std::lock_guard lock(mutex_);
    idle_.clear();
  }
  Release(nullptr);
}

void RedisPool::Fail(Context context, const std::string& detail) {
  DiscardAll(std::move(context));
  metrics_.ConnectionFailed();
  log::Warn("redis unavailable", {{"detail", detail}});
  throw Error(ErrorKind::kUnavailable, unavailable_message_);
}

void RedisPool::ThrowIfErrorReply(const redisReply& reply) const {
  if (reply.type != REDIS_REPLY_ERROR) return;
  const std::string_view text(reply.str, reply.len);
  // A Redis that is starting, a replica or busy answers with an error reply, not an I/O failure:
  // that is a store that is unavailable for now, not a bug.
  for (const std::string_view transient :
       {"LOADING", "READONLY", "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "OOM"}) {
    if (text.starts_with(transient)) {
      log::Warn("redis unavailable", {{"detail", text}});
      throw Error(ErrorKind::kUnavailable, unavailable_message_);
    }
  }
  log::Error("redis command failed", {{"detail", text}});
  throw Error(ErrorKind::kInternal, "Internal error");
}

RedisReply RedisPool::Command(const std::vector<std::string>& args) {
  if (args.empty()) {
    throw std::invalid_argument("a Redis command needs at least its name");
  }
  // One command is a pipeline of one: the same retry on a stale connection, the same failures.
  return std::move(Pipeline({args}).front());
}

std::vector<RedisReply> RedisPool::Pipeline(const std::vector<std::vector<std::string>>& commands) {
  std::vector<Argv> argvs(commands.begin(), commands.end());
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    Context context = Acquire(&reused);
    UseRemainingBudget(context.get());
    std::string failure;
    for (Argv& argv : argvs) {
      if (redisAppendCommandArgv(context.get(), argv.count(), argv.pointers.data(),
                                 argv.lengths.data()) != REDIS_OK) {
        failure = context->errstr;
        break;
      }
    }
    std::vector<RedisReply> replies;
    replies.reserve(argvs.size());
    for (size_t i = 0; failure.empty() && i < argvs.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(context.get(), &raw) != REDIS_OK || raw == nullptr) {
        failure = context->err != 0 ? context->errstr : "no reply";
        break;
      }
      replies.emplace_back(static_cast<redisReply*>(raw));
    }
    if (!failure.empty()) {
      // An idle connection may have died with a Redis restart: try once on a fresh one.
      if (reused && attempt == 0) {
        DiscardAll(std::move(context));
        continue;
      }
      Fail(std::move(context), failure);
    }
    // Every reply has been read, so the connection is in a clean state whatever they say.
    Release(std::move(context));
    metrics_.ConnectionSucceeded();
    for (const RedisReply& reply : replies) {
      ThrowIfErrorReply(*reply);
    }
    return replies;
  }
}

}  // namespace sanplane::common
