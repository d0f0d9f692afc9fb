#include "editing_store.hpp"

#include <hiredis/hiredis.h>

#include "common/errors.hpp"

namespace sanplane::presence {
namespace {

constexpr char kEditingIndex[] = "presence:editing";

/// "zone:7:3:1": entity, record, user, customer. Entities are plain words, so ':' separates.
std::string Member(const EditingEntry& entry) {
  return entry.entity + ":" + std::to_string(entry.id) + ":" + std::to_string(entry.user_id) + ":" +
         std::to_string(entry.customer);
}

EditingEntry Parse(const std::string& member) {
  EditingEntry entry;
  const size_t a = member.find(':');
  const size_t b = member.find(':', a + 1);
  const size_t c = member.find(':', b + 1);
  if (a == std::string::npos || b == std::string::npos || c == std::string::npos) {
    throw common::Error(common::ErrorKind::kInternal, "Unexpected editing index member.");
  }
  entry.entity = member.substr(0, a);
  entry.id = std::stoll(member.substr(a + 1, b - a - 1));
  entry.user_id = std::stoll(member.substr(b + 1, c - b - 1));
  entry.customer = std::stoll(member.substr(c + 1));
  return entry;
}

}  // namespace

void RedisEditingStore::Open(const EditingEntry& entry) {
  redis_.Command(
      {"ZADD", kEditingIndex, std::to_string(entry.expires_micros / 1000), Member(entry)});
}

void RedisEditingStore::Close(const std::string& entity, int64_t id, int64_t user_id) {
  // The member names the customer too, which the caller need not know: remove whichever it is.
  for (const EditingEntry& entry : OpenAt(0)) {
    if (entry.entity == entity && entry.id == id && entry.user_id == user_id) {
      redis_.Command({"ZREM", kEditingIndex, Member(entry)});
    }
  }
}

std::vector<EditingEntry> RedisEditingStore::OpenAt(int64_t now_micros) {
  const std::string now_ms = std::to_string(now_micros / 1000);
  auto replies = redis_.Pipeline({
      {"ZREMRANGEBYSCORE", kEditingIndex, "-inf", now_ms},
      {"ZRANGEBYSCORE", kEditingIndex, "(" + now_ms, "+inf", "WITHSCORES"},
  });
  const redisReply* listing = replies.at(1).get();
  if (listing->type != REDIS_REPLY_ARRAY || listing->elements % 2 != 0) {
    throw common::Error(common::ErrorKind::kInternal, "Unexpected editing index reply.");
  }
  std::vector<EditingEntry> open;
  for (size_t i = 0; i + 1 < listing->elements; i += 2) {
    EditingEntry entry = Parse(std::string(listing->element[i]->str, listing->element[i]->len));
    entry.expires_micros = static_cast<int64_t>(std::stod(std::string(
                               listing->element[i + 1]->str, listing->element[i + 1]->len))) *
                           1000;
    open.push_back(std::move(entry));
  }
  return open;
}

}  // namespace sanplane::presence
