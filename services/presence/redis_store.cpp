#include "redis_store.hpp"

#include <string>

#include "common/errors.hpp"

namespace sanplane::presence {

namespace {
constexpr char kActiveIndex[] = "presence:active";

std::string UserKey(int64_t user_id) { return "presence:user:" + std::to_string(user_id); }

/// The (member, score) pairs of a ZREVRANGEBYSCORE … WITHSCORES.
std::vector<Activity> ActivityOf(const redisReply* listing) {
  if (listing->type != REDIS_REPLY_ARRAY || listing->elements % 2 != 0) {
    throw common::Error(common::ErrorKind::kInternal, "Unexpected presence index reply.");
  }
  std::vector<Activity> active;
  active.reserve(listing->elements / 2);
  for (size_t i = 0; i + 1 < listing->elements; i += 2) {
    const std::string member(listing->element[i]->str, listing->element[i]->len);
    const std::string score(listing->element[i + 1]->str, listing->element[i + 1]->len);
    active.push_back({std::stoll(member), static_cast<int64_t>(std::stod(score)) * 1000});
  }
  return active;
}
}  // namespace

void RedisPresenceStore::RecordHeartbeat(int64_t user_id, int64_t now_micros, int window_seconds) {
  RecordHeartbeats({{user_id, now_micros, window_seconds}});
}

void RedisPresenceStore::RecordHeartbeats(const std::vector<Heartbeat>& heartbeats) {
  if (heartbeats.empty()) return;
  // A pipeline rather than MULTI: the keys may live on different Redis Cluster slots.
  std::vector<std::vector<std::string>> commands;
  commands.reserve(heartbeats.size() + 1);
  std::vector<std::string> index{"ZADD", kActiveIndex};
  index.reserve(2 + 2 * heartbeats.size());
  for (const Heartbeat& beat : heartbeats) {
    commands.push_back({"SET", UserKey(beat.user_id), std::to_string(beat.now_micros), "EX",
                        std::to_string(beat.window_seconds)});
    index.push_back(std::to_string(beat.now_micros / 1000));
    index.push_back(std::to_string(beat.user_id));
  }
  commands.push_back(std::move(index));
  redis_.Pipeline(commands);
}

std::vector<Activity> RedisPresenceStore::ActiveSince(int64_t since_micros) {
  const std::string cutoff_ms = std::to_string(since_micros / 1000);
  auto replies = redis_.Pipeline({
      // Exclusive bound: an entry exactly at the cutoff is already outside the window.
      {"ZREMRANGEBYSCORE", kActiveIndex, "-inf", "(" + cutoff_ms},
      {"ZREVRANGEBYSCORE", kActiveIndex, "+inf", cutoff_ms, "WITHSCORES"},
  });
  return ActivityOf(replies.at(1).get());
}

ActivePage RedisPresenceStore::ActivePageSince(int64_t since_micros, int64_t offset,
                                               int64_t limit) {
  const std::string cutoff_ms = std::to_string(since_micros / 1000);
  auto replies = redis_.Pipeline({
      {"ZREMRANGEBYSCORE", kActiveIndex, "-inf", "(" + cutoff_ms},
      {"ZCOUNT", kActiveIndex, cutoff_ms, "+inf"},
      {"ZREVRANGEBYSCORE", kActiveIndex, "+inf", cutoff_ms, "WITHSCORES", "LIMIT",
       std::to_string(offset), std::to_string(limit)},
  });
  const redisReply* count = replies.at(1).get();
  if (count->type != REDIS_REPLY_INTEGER) {
    throw common::Error(common::ErrorKind::kInternal, "Unexpected presence index reply.");
  }
  return {count->integer, ActivityOf(replies.at(2).get())};
}

void RedisPresenceStore::Forget(const std::vector<int64_t>& user_ids) {
  if (user_ids.empty()) return;
  std::vector<std::vector<std::string>> commands;
  commands.reserve(user_ids.size() + 1);
  std::vector<std::string> remove = {"ZREM", kActiveIndex};
  for (int64_t id : user_ids) {
    remove.push_back(std::to_string(id));
    // One key per command: the keys may live on different Redis Cluster slots.
    commands.push_back({"DEL", UserKey(id)});
  }
  commands.push_back(std::move(remove));
  redis_.Pipeline(commands);
}

}  // namespace sanplane::presence
