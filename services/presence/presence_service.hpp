#pragma once

#include <prometheus/gauge.h>

#include "common/time.hpp"
#include "sanplane/presence/v1/presence.grpc.pb.h"
#include "store.hpp"
#include "user_directory.hpp"

namespace sanplane::presence {

class PresenceService final : public v1::Presence::Service {
 public:
  PresenceService(PresenceStore& store, UserDirectory& users, const common::Clock& clock,
                  int window_seconds);

  grpc::Status Heartbeat(grpc::ServerContext* context, const v1::HeartbeatRequest* request,
                         v1::HeartbeatResponse* response) override;
  grpc::Status ListActiveUsers(grpc::ServerContext* context,
                               const v1::ListActiveUsersRequest* request,
                               v1::ListActiveUsersResponse* response) override;

 private:
  PresenceStore& store_;
  UserDirectory& users_;
  const common::Clock& clock_;
  int window_seconds_;
  prometheus::Gauge& active_users_;
};

}  // namespace sanplane::presence
