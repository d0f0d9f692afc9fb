#include "cached_session_store.hpp"

#include "common/errors.hpp"
#include "common/log.hpp"

namespace sanplane::identity {

namespace {

void Skipped(std::string_view what, const common::Error& error) {
  common::log::Debug("session cache skipped", {{"operation", what}, {"detail", error.what()}});
}

// Runs a cache operation; Redis being down, busy or slow leaves the cache behind, never the
// request.
template <class Operation>
void BestEffort(std::string_view what, Operation&& operation) {
  try {
    operation();
  } catch (const common::Error& error) {
    Skipped(what, error);
  }
}

}  // namespace

CachedSessionStore::CachedSessionStore(SessionStore& durable, RedisSessionStore& cache)
    : durable_(durable), cache_(cache) {}

SessionStore::NewSession CachedSessionStore::Create(int64_t user_id) {
  NewSession session = durable_.Create(user_id);
  BestEffort("remember", [&] { cache_.Remember(session.token, user_id); });
  return session;
}

std::optional<int64_t> CachedSessionStore::FindUser(std::string_view token) {
  try {
    if (std::optional<int64_t> cached = cache_.FindUser(token)) return cached;
  } catch (const common::Error& error) {
    Skipped("find", error);
  }
  std::optional<int64_t> user_id = durable_.FindUser(token);
  if (user_id) BestEffort("remember", [&] { cache_.Remember(token, *user_id); });
  return user_id;
}

void CachedSessionStore::Delete(std::string_view token) {
  durable_.Delete(token);
  BestEffort("delete", [&] { cache_.Delete(token); });
}

void CachedSessionStore::EndOtherSessions(int64_t user_id, std::string_view keep_token) {
  durable_.EndOtherSessions(user_id, keep_token);
  BestEffort("end others", [&] { cache_.EndOtherSessions(user_id, keep_token); });
}

}  // namespace sanplane::identity
