#pragma once
// How many connections the gateway holds at once, in total and per client address: one client
// opening sockets by the thousand must not use up the descriptors every other client needs.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sanplane::gateway {

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  /// Held by a connection for its lifetime; releasing it frees the slot.
  class Slot {
   public:
    Slot(std::shared_ptr<ConnectionLimits> limits, std::string address);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    std::shared_ptr<ConnectionLimits> limits_;
    std::string address_;
  };

  enum class Refusal { kNone, kTotal, kPerAddress };

  static std::shared_ptr<ConnectionLimits> Create(uint32_t max_total, uint32_t max_per_address);

  /// A slot for a new connection from `address`, or null with the reason in `refusal`.
  std::unique_ptr<Slot> TryAcquire(const std::string& address, Refusal& refusal);

  uint32_t total() const;
  uint32_t from(const std::string& address) const;

 private:
  ConnectionLimits(uint32_t max_total, uint32_t max_per_address);
  void Release(const std::string& address);

  const uint32_t max_total_;
  const uint32_t max_per_address_;
  mutable std::mutex mutex_;
  uint32_t total_ = 0;
  std::unordered_map<std::string, uint32_t> per_address_;  // only addresses with a connection
};

}  // namespace sanplane::gateway
