#include "common/redis_pool.hpp"

#include <csignal>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/request_scope.hpp"

namespace sanplane::common {

RedisPool::RedisPool(std::string address, int size, std::chrono::milliseconds timeout,
                     RedisCredentials credentials, const RedisTlsSettings& tls)
    : size_(size),
      timeout_(timeout),
      credentials_(std::move(credentials)),
      tls_(tls.enabled ? std::make_unique<RedisTlsContext>(tls) : nullptr),
      tls_server_name_(tls.server_name),
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
  // OpenSSL writes with plain write(2); a peer that went away would otherwise kill the process
  // with SIGPIPE instead of giving us EPIPE to handle as "unavailable".
  std::signal(SIGPIPE, SIG_IGN);
  metrics_.size.Increment(size_);
}

RedisPool::~RedisPool() { metrics_.size.Decrement(size_); }

RedisPool::Context RedisPool::Acquire(bool* reused) {
  *reused = false;
  {
    std::unique_lock lock(mutex_);
    if (in_use_ < size_) {
      metrics_.Waited({});
    } else {
      metrics_.waits.Increment();
      const auto waiting_since = std::chrono::steady_clock::now();
      const bool freed = available_.wait_for(lock, RequestScope::Remaining(timeout_),
                                             [this] { return in_use_ < size_; });
      metrics_.Waited(std::chrono::steady_clock::now() - waiting_since);
      if (!freed) {
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
  Context context;
  try {
    context = RedisConnection::Open(host_, port_, timeout_, tls_.get(), tls_server_name_);
  } catch (const RedisIoError& failure) {
    Fail(nullptr, failure.what());
  }
  Authenticate(context);
  return context;
}

void RedisPool::Authenticate(Context& context) {
  if (credentials_.password.empty()) return;
  std::vector<std::string> command{"AUTH"};
  if (!credentials_.username.empty()) command.push_back(credentials_.username);
  command.push_back(credentials_.password);
  RedisReply reply;
  try {
    context->Send({command});
    reply = context->ReadReply();
  } catch (const RedisIoError& failure) {
    Fail(std::move(context), failure.what());
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

void RedisPool::UseRemainingBudget(RedisConnection& connection) const {
  // A command may take no longer than the caller still waits (DESIGN.md §7), nor than the
  // pool's own timeout.
  connection.SetTimeout(RequestScope::Remaining(timeout_));
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
  if (commands.empty()) return {};
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    Context context = Acquire(&reused);
    std::string failure;
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    const auto started = std::chrono::steady_clock::now();
    try {
      UseRemainingBudget(*context);
      context->Send(commands);
      while (replies.size() < commands.size()) {
        replies.push_back(context->ReadReply());
      }
    } catch (const RedisIoError& error) {
      failure = error.what();
    }
    Metrics& metrics = Metrics::Get();
    const std::string& command = commands.front().front();
    CachedSeries(metrics.redis_command_seconds, command, [&]() -> prometheus::Histogram& {
      return metrics.redis_command_seconds.Add({{"command", command}}, Metrics::LatencyBuckets());
    }).Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
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
