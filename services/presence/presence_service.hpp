#pragma once

#include <prometheus/gauge.h>

#include <unordered_map>
#include <vector>

#include "common/time.hpp"
#include "editing_store.hpp"
#include "heartbeat_writer.hpp"
#include "record_owners.hpp"
#include "sanplane/presence/v1/presence.grpc.pb.h"
#include "store.hpp"
#include "user_directory.hpp"

namespace sanplane::presence {

/// Record presence: where openings are kept, who says which customer a record is of, and how
/// long an opening lasts unless renewed.
struct Editing {
  EditingStore& store;
  RecordOwners& owners;
  int window_seconds = 30;
};

/// Heartbeat, the hot path, is served with gRPC's callback API: the thread that read the call from
/// the connection runs it and writes the answer, instead of handing it to a thread of the
/// synchronous server and back (a thread switch each way, more CPU than the call's own work).
/// The other methods wait on other services (identity, SAN, storage) or stream for minutes, so
/// they stay on the synchronous server, whose threads may block.
class PresenceService final
    : public v1::Presence::WithCallbackMethod_Heartbeat<
          v1::Presence::WithCallbackMethod_HeartbeatBatch<v1::Presence::Service>> {
 public:
  PresenceService(PresenceStore& store, UserDirectory& users, const common::Clock& clock,
                  int window_seconds, Editing editing);

  /// Runs on the thread that received the call, which writes the heartbeat to Redis with those
  /// that arrive meanwhile (heartbeat_writer.hpp), or leaves it to the thread writing already and
  /// serves the next call. A round trip is bounded by the callers' deadlines and the Redis timeout.
  grpc::ServerUnaryReactor* Heartbeat(grpc::CallbackServerContext* context,
                                      const v1::HeartbeatRequest* request,
                                      v1::HeartbeatResponse* response) override;
  /// The heartbeats of several callers, each verified, counted, timed and logged as a Heartbeat
  /// call of its own and written as Heartbeat writes them (together in one round trip), each
  /// answered with its own status. The call is answered once every heartbeat is.
  grpc::ServerUnaryReactor* HeartbeatBatch(grpc::CallbackServerContext* context,
                                           const v1::HeartbeatBatchRequest* request,
                                           v1::HeartbeatBatchResponse* response) override;
  grpc::Status ListActiveUsers(grpc::ServerContext* context,
                               const v1::ListActiveUsersRequest* request,
                               v1::ListActiveUsersResponse* response) override;
  grpc::Status StartEditing(grpc::ServerContext* context, const v1::EditingRequest* request,
                            v1::EditingResponse* response) override;
  grpc::Status StopEditing(grpc::ServerContext* context, const v1::EditingRequest* request,
                           v1::EditingResponse* response) override;
  grpc::Status ListEditors(grpc::ServerContext* context, const v1::EditingRequest* request,
                           v1::ListEditorsResponse* response) override;
  grpc::Status ListRecordEditors(grpc::ServerContext* context,
                                 const v1::RecordEditorsRequest* request,
                                 v1::RecordEditorsResponse* response) override;
  /// Looks every quarter of a second (identity's user contexts every second, or when someone
  /// joins) and sends what changed (presence_changes.hpp).
  grpc::Status Watch(grpc::ServerContext* context, const v1::WatchRequest* request,
                     grpc::ServerWriter<v1::PresenceChange>* writer) override;

 private:
  PresenceStore& store_;
  UserDirectory& users_;
  const common::Clock& clock_;
  int window_seconds_;
  Editing editing_;
  prometheus::Gauge& active_users_;
  /// Now, in whole milliseconds: the resolution the activity index keeps, so the time a heartbeat
  /// answers is the time active users shows.
  int64_t HeartbeatTime() const;
  /// The users who opened `entries`, by id (one directory lookup for all of them).
  std::unordered_map<int64_t, common::v1::UserSummary> NamesOf(
      const grpc::ServerContext& context, const std::vector<EditingEntry>& entries);
  static void AddEditor(const EditingEntry& entry,
                        const std::unordered_map<int64_t, common::v1::UserSummary>& names,
                        google::protobuf::RepeatedPtrField<v1::Editor>& editors);

  HeartbeatWriter heartbeats_;
};

}  // namespace sanplane::presence
