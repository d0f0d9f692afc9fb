#pragma once
// The customer of each project, as identity answered it, kept for a short while so that a save or
// a list does not ask identity on every request.
//
// What is kept is a fact about the project, not about any caller: a project never moves to
// another customer, so an entry can only turn wrong when its project is deleted. Whether the
// caller may see the project is decided on every request from the caller's principal (its
// customers), so a removed membership takes effect as it does for every other check, never held
// back by this cache. A deleted project is forgotten in three ways: an entry lives `ttl`
// (SANPLANE_PROJECT_CACHE_MS, 2 s by default; 0 keeps nothing); the replica that identity asks
// about the delete (ProjectUsage, ReleaseProject: asked before every project delete) forgets it
// at once and keeps nothing about it for another `ttl`, so a lookup racing the delete cannot put
// it back; and an absent project is never kept, so a project created a moment ago is found.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "peers.hpp"

namespace sanplane::san {

class ProjectCustomerCache {
 public:
  using Clock = std::chrono::steady_clock;

  /// At most `capacity` projects; past that, expired entries go, then everything.
  explicit ProjectCustomerCache(std::chrono::milliseconds ttl, size_t capacity = 10000);

  /// The fresh entries among `ids` at `now`; every other id goes to `missing`.
  std::map<int64_t, int64_t> Find(const std::vector<int64_t>& ids, Clock::time_point now,
                                  std::vector<int64_t>& missing) const;
  /// Keeps what identity answered at `now` (projects forgotten within `ttl` are not kept).
  void Remember(const std::map<int64_t, int64_t>& customers, Clock::time_point now);
  /// The project is being deleted: drop it, and keep nothing about it until `now` + `ttl`.
  void Forget(int64_t project_id, Clock::time_point now);

 private:
  struct Entry {
    int64_t customer_id = 0;  // 0: forgotten, not to be kept again before `until`
    Clock::time_point until;
  };
  void MakeRoom(Clock::time_point now);

  std::chrono::milliseconds ttl_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<int64_t, Entry> entries_;
};

/// Peers whose project lookups go through a ProjectCustomerCache; every other call goes to
/// `inner` as it is.
class CachingPeers final : public Peers {
 public:
  CachingPeers(Peers& inner, std::chrono::milliseconds ttl) : inner_(inner), cache_(ttl) {}

  std::optional<int64_t> ProjectCustomer(const grpc::ServerContext& context,
                                         int64_t project_id) override;
  std::map<int64_t, int64_t> ProjectCustomers(const grpc::ServerContext& context,
                                              const std::vector<int64_t>& project_ids) override;
  void ForgetProject(int64_t project_id) override;

  bool CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) override {
    return inner_.CustomerVisible(context, customer_id);
  }
  std::optional<int64_t> HostCustomer(const grpc::ServerContext& context,
                                      int64_t host_id) override {
    return inner_.HostCustomer(context, host_id);
  }
  std::optional<int64_t> StorageCustomer(const grpc::ServerContext& context,
                                         int64_t storage_id) override {
    return inner_.StorageCustomer(context, storage_id);
  }

 private:
  Peers& inner_;
  ProjectCustomerCache cache_;
};

}  // namespace sanplane::san
