#include "presence_service.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include "active_users.hpp"
#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "presence_changes.hpp"
#include "visibility.hpp"

namespace sanplane::presence {

PresenceService::PresenceService(PresenceStore& store, UserDirectory& users,
                                 const common::Clock& clock, int window_seconds, Editing editing)
    : store_(store),
      users_(users),
      clock_(clock),
      window_seconds_(window_seconds),
      editing_(editing),
      active_users_(prometheus::BuildGauge()
                        .Name("sanplane_presence_active_users")
                        .Help("Users with a heartbeat inside the presence window.")
                        .Register(*common::Metrics::Get().registry())
                        .Add({})),
      heartbeats_(store) {}

grpc::ServerUnaryReactor* PresenceService::Heartbeat(grpc::CallbackServerContext* context,
                                                     const v1::HeartbeatRequest*,
                                                     v1::HeartbeatResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // Metrics, log line and status as HandleRpc gives every call, finished when the write is.
  auto call = std::make_shared<common::RpcCall>(context, "Heartbeat");
  try {
    const common::Principal caller = common::RequirePrincipal(*context);
    const int64_t now = HeartbeatTime();
    response->set_success(true);
    *response->mutable_last_activity() = common::TimestampFromMicros(now);
    heartbeats_.Record(
        {{caller.user_id(), now, window_seconds_},
         call->request_id(),
         call->deadline(),
         [reactor, call](std::exception_ptr failure) { reactor->Finish(call->Finish(failure)); }});
  } catch (...) {
    reactor->Finish(call->Finish(std::current_exception()));
  }
  return reactor;
}

namespace {

/// As many as any batch of the API may carry.
constexpr int kMaxHeartbeatsPerBatch = 1000;

/// What one call of HeartbeatBatch waits for: each heartbeat's status goes into its own result,
/// and the last one to finish answers the call.
class BatchAnswer {
 public:
  BatchAnswer(grpc::ServerUnaryReactor* reactor, std::shared_ptr<common::RpcCall> call,
              int heartbeats)
      : reactor_(reactor), call_(std::move(call)), unfinished_(heartbeats + 1) {}

  /// One heartbeat (or, once, the setup) is done; its result is written.
  void Done() {
    if (unfinished_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      reactor_->Finish(call_->Finish(nullptr));
    }
  }

 private:
  grpc::ServerUnaryReactor* reactor_;
  std::shared_ptr<common::RpcCall> call_;
  std::atomic<int> unfinished_;
};

}  // namespace

grpc::ServerUnaryReactor* PresenceService::HeartbeatBatch(grpc::CallbackServerContext* context,
                                                          const v1::HeartbeatBatchRequest* request,
                                                          v1::HeartbeatBatchResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<common::RpcCall>(context, "HeartbeatBatch");
  const int count = request->heartbeats_size();
  if (count > kMaxHeartbeatsPerBatch) {
    reactor->Finish(call->Finish(std::make_exception_ptr(common::InvalidFields(
        "A batch holds at most 1000 heartbeats.",
        {{"heartbeats", "At most " + std::to_string(kMaxHeartbeatsPerBatch) + " heartbeats."}}))));
    return reactor;
  }
  // Every result exists before any heartbeat can finish (maybe on another thread, the one writing
  // to Redis), which then writes only its own.
  for (int i = 0; i < count; ++i) response->add_results();
  auto answer = std::make_shared<BatchAnswer>(reactor, call, count);
  const int64_t now = HeartbeatTime();
  std::vector<HeartbeatWriter::Pending> valid;
  valid.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const common::v1::SignedPrincipal& heartbeat = request->heartbeats(i);
    v1::HeartbeatBatchResult* result = response->mutable_results(i);
    // Each heartbeat is a Heartbeat call of its own in the metrics and the log.
    auto item =
        std::make_shared<common::RpcCall>("Heartbeat", heartbeat.request_id(), call->deadline());
    const auto finish = [result, item, answer](std::exception_ptr failure) {
      const grpc::Status status = item->Finish(failure);
      if (status.ok()) {
        result->mutable_response()->set_success(true);
      } else {
        result->clear_response();
      }
      *result->mutable_status() = common::ItemStatusOf(status);
      answer->Done();
    };
    try {
      const common::Principal caller = common::RequirePrincipal(heartbeat);
      item->set_user(caller.username());
      *result->mutable_response()->mutable_last_activity() = common::TimestampFromMicros(now);
      valid.push_back(
          {{caller.user_id(), now, window_seconds_}, item->request_id(), call->deadline(), finish});
    } catch (...) {
      finish(std::current_exception());
    }
  }
  heartbeats_.RecordAll(std::move(valid));
  answer->Done();  // the setup's own share: the call may be answered from here on
  return reactor;
}

int64_t PresenceService::HeartbeatTime() const { return clock_.NowMicros() / 1000 * 1000; }

grpc::Status PresenceService::ListActiveUsers(grpc::ServerContext* context,
                                              const v1::ListActiveUsersRequest* request,
                                              v1::ListActiveUsersResponse* response) {
  return common::HandleRpc(context, "ListActiveUsers", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    // Paging is opt-in: without page and page_size, the seed's answer of everyone.
    std::optional<common::PageRequest> page;
    if (request->has_page() || request->has_page_size()) {
      page = common::ParsePageRequest(
          request->has_page() ? std::optional(request->page()) : std::nullopt,
          request->has_page_size() ? std::optional(request->page_size()) : std::nullopt);
    }
    const int64_t since = clock_.NowMicros() - int64_t{window_seconds_} * 1'000'000;
    const int64_t active =
        presence::ListActiveUsers(store_, users_, *context, caller, since, page, *response);
    active_users_.Set(static_cast<double>(active));
  });
}

namespace {

constexpr std::chrono::milliseconds kWatchInterval{250};
constexpr std::chrono::seconds kContextInterval{1};
constexpr std::chrono::seconds kWatchKeepAlive{10};

void RequireRecordId(const v1::EditingRequest& request) {
  if (request.id() <= 0) {
    throw common::InvalidFields("id must name a record.", {{"id", "Expected a positive id."}});
  }
}

// A table asks for the rows it shows; a few screens' worth at most.
constexpr size_t kMaxRecordsAsked = 200;

/// The ids of a RecordEditorsRequest ("7,9,12") in the order given, each once.
std::vector<int64_t> RecordIdsOf(std::string_view text) {
  const auto malformed = [] {
    return common::InvalidFields("ids must name records.",
                                 {{"ids", "Expected 1 to " + std::to_string(kMaxRecordsAsked) +
                                              " positive ids, comma-separated."}});
  };
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    int64_t id = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || id <= 0) {
      throw malformed();
    }
    if (seen.insert(id).second) ids.push_back(id);
    if (ids.size() > kMaxRecordsAsked) throw malformed();
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

}  // namespace

std::unordered_map<int64_t, common::v1::UserSummary> PresenceService::NamesOf(
    const grpc::ServerContext& context, const std::vector<EditingEntry>& entries) {
  std::vector<int64_t> ids;
  for (const EditingEntry& entry : entries) ids.push_back(entry.user_id);
  std::unordered_map<int64_t, common::v1::UserSummary> names;
  for (auto& user : users_.Lookup(context, ids)) names.emplace(user.user().id(), user.user());
  return names;
}

grpc::Status PresenceService::StartEditing(grpc::ServerContext* context,
                                           const v1::EditingRequest* request,
                                           v1::EditingResponse* response) {
  return common::HandleRpc(context, "StartEditing", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    RequireRecordId(*request);
    const int64_t customer = editing_.owners.CustomerOf(*context, request->entity(), request->id());
    const int64_t expires =
        clock_.NowMicros() / 1000 * 1000 + int64_t{editing_.window_seconds} * 1'000'000;
    editing_.store.Open({request->entity(), request->id(), caller.user_id(), customer, expires});
    response->set_success(true);
    *response->mutable_expires() = common::TimestampFromMicros(expires);
  });
}

grpc::Status PresenceService::StopEditing(grpc::ServerContext* context,
                                          const v1::EditingRequest* request,
                                          v1::EditingResponse* response) {
  return common::HandleRpc(context, "StopEditing", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    RequireRecordId(*request);
    editing_.store.Close(request->entity(), request->id(), caller.user_id());
    response->set_success(true);
  });
}

grpc::Status PresenceService::ListEditors(grpc::ServerContext* context,
                                          const v1::EditingRequest* request,
                                          v1::ListEditorsResponse* response) {
  return common::HandleRpc(context, "ListEditors", [&] {
    common::RequirePrincipal(*context);
    RequireRecordId(*request);
    // Only who may see the record learns who has it open.
    editing_.owners.CustomerOf(*context, request->entity(), request->id());
    std::vector<EditingEntry> editors;
    for (EditingEntry& entry : editing_.store.OpenAt(clock_.NowMicros())) {
      if (entry.entity == request->entity() && entry.id == request->id()) {
        editors.push_back(std::move(entry));
      }
    }
    const auto names = NamesOf(*context, editors);
    for (const EditingEntry& entry : editors) AddEditor(entry, names, *response->mutable_editors());
  });
}

void PresenceService::AddEditor(const EditingEntry& entry,
                                const std::unordered_map<int64_t, common::v1::UserSummary>& names,
                                google::protobuf::RepeatedPtrField<v1::Editor>& editors) {
  // A user deleted or disabled since they opened the record is not named.
  const auto name = names.find(entry.user_id);
  if (name == names.end()) return;
  v1::Editor* editor = editors.Add();
  *editor->mutable_user() = name->second;
  *editor->mutable_expires() = common::TimestampFromMicros(entry.expires_micros);
}

grpc::Status PresenceService::ListRecordEditors(grpc::ServerContext* context,
                                                const v1::RecordEditorsRequest* request,
                                                v1::RecordEditorsResponse* response) {
  return common::HandleRpc(context, "ListRecordEditors", [&] {
    common::RequirePrincipal(*context);
    RequireRecordKind(request->entity());
    const std::vector<int64_t> ids = RecordIdsOf(request->ids());
    const std::set<int64_t> asked(ids.begin(), ids.end());
    std::map<int64_t, std::vector<EditingEntry>> open_by_record;
    for (EditingEntry& entry : editing_.store.OpenAt(clock_.NowMicros())) {
      if (entry.entity == request->entity() && asked.contains(entry.id)) {
        open_by_record[entry.id].push_back(std::move(entry));
      }
    }
    // Only the records someone has open are asked of the service that keeps them (most rows a
    // table shows have nobody on them); one the caller may not see is answered as nobody's.
    std::vector<EditingEntry> visible;
    for (auto it = open_by_record.begin(); it != open_by_record.end();) {
      try {
        editing_.owners.CustomerOf(*context, request->entity(), it->first);
        visible.insert(visible.end(), it->second.begin(), it->second.end());
        ++it;
      } catch (const common::Error& error) {
        if (error.kind() != common::ErrorKind::kNotFound) throw;
        it = open_by_record.erase(it);
      }
    }
    const auto names = NamesOf(*context, visible);
    for (int64_t id : ids) {
      const auto open = open_by_record.find(id);
      if (open == open_by_record.end()) continue;
      v1::RecordEditors record;
      record.set_id(id);
      for (const EditingEntry& entry : open->second) {
        AddEditor(entry, names, *record.mutable_editors());
      }
      if (record.editors_size() > 0) *response->add_records() = std::move(record);
    }
  });
}

grpc::Status PresenceService::Watch(grpc::ServerContext* context, const v1::WatchRequest*,
                                    grpc::ServerWriter<v1::PresenceChange>* writer) {
  // Not through HandleRpc: a stream lives for minutes, and its life is no handling latency.
  try {
    common::RequirePrincipal(*context);
    ActiveUsers active;
    std::vector<EditingEntry> open;
    // The entries of the users last looked up (the active ones and those with a record open),
    // and of those who had a record open at the last look: a close names its editor.
    UserEntries entries;
    std::vector<int64_t> looked_up;  // sorted
    auto next_lookup = std::chrono::steady_clock::now();
    auto last_write = std::chrono::steady_clock::now();
    bool first = true;
    while (!context->IsCancelled() && !common::ServerDraining()) {
      const int64_t now = clock_.NowMicros();
      const std::vector<Activity> activity =
          store_.ActiveSince(now - int64_t{window_seconds_} * 1'000'000);
      std::vector<EditingEntry> now_open = editing_.store.OpenAt(now);
      // Sorted vectors rather than sets: a look at 10,000 active users, four times a second,
      // is then two allocations instead of 20,000.
      std::vector<int64_t> active_ids;
      active_ids.reserve(activity.size());
      for (const Activity& a : activity) active_ids.push_back(a.user_id);
      std::sort(active_ids.begin(), active_ids.end());
      std::vector<int64_t> wanted = active_ids;
      for (const EditingEntry& e : now_open) wanted.push_back(e.user_id);
      std::sort(wanted.begin(), wanted.end());
      wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
      const auto tick = std::chrono::steady_clock::now();
      // Between lookups the active users stay as they were looked up.
      std::optional<ActiveUsers> now_active;
      if (wanted != looked_up || tick >= next_lookup) {
        next_lookup = tick + kContextInterval;
        looked_up = wanted;
        UserEntries found = users_.Entries(*context, wanted);
        for (const EditingEntry& e : open) {
          if (const DirectoryEntry* kept = FindEntry(entries, e.user_id)) {
            found.emplace_back(e.user_id, *kept);  // after the fresh one, which SortById keeps
          }
        }
        SortById(found);
        now_active.emplace();
        for (const auto& [id, entry] : found) {
          if (std::binary_search(active_ids.begin(), active_ids.end(), id)) {
            now_active->emplace_back(id, entry);
          }
        }
        entries = std::move(found);
      }
      std::vector<v1::PresenceChange> changes;
      if (first) {
        v1::PresenceChange mark;
        mark.set_type("mark");
        changes.push_back(std::move(mark));
        first = false;
      } else {
        if (now_active) changes = PresenceChanges(active, *now_active);
        for (auto& change : EditingChanges(open, now_open, entries)) {
          changes.push_back(std::move(change));
        }
        if (changes.empty() && tick - last_write >= kWatchKeepAlive) {
          v1::PresenceChange mark;
          mark.set_type("mark");
          changes.push_back(std::move(mark));
        }
      }
      for (const v1::PresenceChange& change : changes) {
        if (!writer->Write(change)) return grpc::Status::OK;
        last_write = tick;
      }
      if (now_active) active = std::move(*now_active);
      open = std::move(now_open);
      std::this_thread::sleep_for(kWatchInterval);
    }
    return grpc::Status::OK;
  } catch (const common::Error& error) {
    return common::ToGrpcStatus(error);
  } catch (const std::exception& error) {
    common::log::Error("presence watch failed", {{"error", error.what()}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "The presence watch failed.");
  }
}

}  // namespace sanplane::presence
