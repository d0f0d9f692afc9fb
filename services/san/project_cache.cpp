#include "project_cache.hpp"

#include <utility>

namespace sanplane::san {

ProjectCustomerCache::ProjectCustomerCache(std::chrono::milliseconds ttl, size_t capacity)
    : ttl_(ttl), capacity_(capacity) {}

std::map<int64_t, int64_t> ProjectCustomerCache::Find(const std::vector<int64_t>& ids,
                                                      Clock::time_point now,
                                                      std::vector<int64_t>& missing) const {
  std::map<int64_t, int64_t> found;
  std::lock_guard lock(mutex_);
  for (int64_t id : ids) {
    const auto entry = entries_.find(id);
    if (entry != entries_.end() && entry->second.customer_id != 0 && now < entry->second.until) {
      found[id] = entry->second.customer_id;
    } else {
      missing.push_back(id);
    }
  }
  return found;
}

void ProjectCustomerCache::Remember(const std::map<int64_t, int64_t>& customers,
                                    Clock::time_point now) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  for (const auto& [id, customer_id] : customers) {
    if (customer_id == 0) continue;
    Entry& entry = entries_[id];
    // A project forgotten a moment ago (its delete is under way) is not kept again.
    if (entry.customer_id == 0 && now < entry.until) continue;
    entry = Entry{customer_id, now + ttl_};
  }
  MakeRoom(now);
}

void ProjectCustomerCache::Forget(int64_t project_id, Clock::time_point now) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  entries_[project_id] = Entry{0, now + ttl_};
  MakeRoom(now);
}

void ProjectCustomerCache::MakeRoom(Clock::time_point now) {
  if (entries_.size() <= capacity_) return;
  std::erase_if(entries_, [now](const auto& entry) { return entry.second.until <= now; });
  if (entries_.size() > capacity_) entries_.clear();
}

std::optional<int64_t> CachingPeers::ProjectCustomer(const grpc::ServerContext& context,
                                                     int64_t project_id) {
  const std::map<int64_t, int64_t> customers = ProjectCustomers(context, {project_id});
  const auto customer = customers.find(project_id);
  if (customer == customers.end()) return std::nullopt;
  return customer->second;
}

std::map<int64_t, int64_t> CachingPeers::ProjectCustomers(const grpc::ServerContext& context,
                                                          const std::vector<int64_t>& project_ids) {
  std::vector<int64_t> missing;
  std::map<int64_t, int64_t> customers =
      cache_.Find(project_ids, ProjectCustomerCache::Clock::now(), missing);
  if (missing.empty()) return customers;
  const auto asked_at = ProjectCustomerCache::Clock::now();
  std::map<int64_t, int64_t> answered = inner_.ProjectCustomers(context, missing);
  cache_.Remember(answered, asked_at);
  customers.merge(answered);
  return customers;
}

void CachingPeers::ForgetProject(int64_t project_id) {
  cache_.Forget(project_id, ProjectCustomerCache::Clock::now());
  inner_.ForgetProject(project_id);
}

}  // namespace sanplane::san
