#include "session_resolver.hpp"

#include "common/principal.hpp"
#include "common/session_token.hpp"

namespace sanplane::gateway {

std::optional<std::string> SessionTokenOf(const HttpRequest& request) {
  std::string token = CookieValue(request, "sessionid");
  if (!common::IsWellFormedToken(token)) return std::nullopt;
  return token;
}

namespace {
// Bounds memory if many distinct tokens arrive; expired entries are swept when this is reached.
constexpr size_t kMaxCachedSessions = 10000;
}  // namespace

SessionResolver::SessionResolver(identity::v1::Identity::Stub& identity,
                                 std::chrono::milliseconds cache_ttl,
                                 std::chrono::milliseconds max_lookup, CallTracker& calls)
    : identity_(identity),
      calls_(calls),
      cache_ttl_(cache_ttl),
      forget_for_(max_lookup + cache_ttl) {}

void SessionResolver::Resolve(const std::string& session_token, const std::string& request_id,
                              std::chrono::system_clock::time_point deadline,
                              std::function<void(const grpc::Status&, PrincipalPtr)> done) {
  const auto now = std::chrono::steady_clock::now();
  PrincipalPtr cached;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(session_token);
    if (it != cache_.end() && it->second.expires > now) cached = it->second.principal;
  }
  // Outside the lock: `done` may come back here (logout calls Forget).
  if (cached) {
    done(grpc::Status::OK, std::move(cached));
    return;
  }
  auto context = std::make_shared<grpc::ClientContext>();
  context->set_deadline(deadline);
  common::AttachRequestId(*context, request_id);
  auto request = std::make_shared<identity::v1::AuthenticateRequest>();
  request->set_session_token(session_token);
  auto principal = std::make_shared<common::v1::Principal>();
  calls_.Begin();
  identity_.async()->Authenticate(
      context.get(), request.get(), principal.get(),
      [this, context, request, principal, done = std::move(done)](grpc::Status status) {
        if (status.ok() && cache_ttl_.count() > 0) Remember(request->session_token(), principal);
        done(status, principal);
        calls_.End();
      });
}

void SessionResolver::Remember(const std::string& session_token, PrincipalPtr principal) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(forgotten_, [now](const auto& entry) { return entry.second <= now; });
  if (forgotten_.contains(session_token)) return;  // logged out while this lookup ran
  if (cache_.size() >= kMaxCachedSessions) {
    std::erase_if(cache_, [now](const auto& entry) { return entry.second.expires <= now; });
  }
  if (cache_.size() < kMaxCachedSessions) {
    cache_[session_token] = Cached{std::move(principal), now + cache_ttl_};
  }
}

void SessionResolver::Forget(const std::string& session_token) {
  std::lock_guard lock(mutex_);
  cache_.erase(session_token);
  forgotten_[session_token] = std::chrono::steady_clock::now() + forget_for_;
}

}  // namespace sanplane::gateway
