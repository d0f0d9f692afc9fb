#pragma once
// Who has which record open ("bob is editing zone 7"), kept in Redis like the heartbeats: one
// sorted set, a member per user and record, scored with the time it lapses unless renewed.

#include <cstdint>
#include <string>
#include <vector>

#include "common/redis_pool.hpp"

namespace sanplane::presence {

struct EditingEntry {
  std::string entity;
  int64_t id = 0;
  int64_t user_id = 0;
  // The record's customer: who may hear of it.
  int64_t customer = 0;
  int64_t expires_micros = 0;

  bool SameOpening(const EditingEntry& other) const {
    return entity == other.entity && id == other.id && user_id == other.user_id;
  }
};

class EditingStore {
 public:
  virtual ~EditingStore() = default;
  /// Records (or renews) that the user has the record open until `expires_micros`.
  virtual void Open(const EditingEntry& entry) = 0;
  virtual void Close(const std::string& entity, int64_t id, int64_t user_id) = 0;
  /// Every opening that has not lapsed at `now_micros` (forgetting the lapsed ones).
  virtual std::vector<EditingEntry> OpenAt(int64_t now_micros) = 0;
};

class RedisEditingStore final : public EditingStore {
 public:
  explicit RedisEditingStore(common::RedisPool& redis) : redis_(redis) {}
  void Open(const EditingEntry& entry) override;
  void Close(const std::string& entity, int64_t id, int64_t user_id) override;
  std::vector<EditingEntry> OpenAt(int64_t now_micros) override;

 private:
  common::RedisPool& redis_;
};

}  // namespace sanplane::presence
