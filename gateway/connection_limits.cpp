#include "connection_limits.hpp"

namespace sanplane::gateway {

ConnectionLimits::Slot::Slot(std::shared_ptr<ConnectionLimits> limits, std::string address)
    : limits_(std::move(limits)), address_(std::move(address)) {}

ConnectionLimits::Slot::~Slot() { limits_->Release(address_); }

ConnectionLimits::ConnectionLimits(uint32_t max_total, uint32_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

std::shared_ptr<ConnectionLimits> ConnectionLimits::Create(uint32_t max_total,
                                                           uint32_t max_per_address) {
  return std::shared_ptr<ConnectionLimits>(new ConnectionLimits(max_total, max_per_address));
}

std::unique_ptr<ConnectionLimits::Slot> ConnectionLimits::TryAcquire(const std::string& address,
                                                                     Refusal& refusal) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) {
    refusal = Refusal::kTotal;
    return nullptr;
  }
  uint32_t& mine = per_address_[address];
  if (mine >= max_per_address_) {
    if (mine == 0) per_address_.erase(address);
    refusal = Refusal::kPerAddress;
    return nullptr;
  }
  ++mine;
  ++total_;
  refusal = Refusal::kNone;
  return std::make_unique<Slot>(shared_from_this(), address);
}

void ConnectionLimits::Release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = per_address_.find(address);
  // Forget addresses without connections, so the map holds only current clients.
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

uint32_t ConnectionLimits::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

uint32_t ConnectionLimits::from(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace sanplane::gateway
