#pragma once
// The gRPC service ChangeFeed (proto/sanplane/history/v1/changes.proto) over one service's change
// feed: each call streams the relayed changes after the caller's position, then follows the feed
// as ChangeFeedRelay wakes it, filtered to the customers the caller may see.

#include <chrono>

#include "common/change_feed_relay.hpp"
#include "common/pg_pool.hpp"
#include "sanplane/history/v1/changes.grpc.pb.h"

namespace sanplane::common {

class ChangeFeedService final : public history::v1::ChangeFeed::Service {
 public:
  ChangeFeedService(PgPool& pool, ChangeFeedRelay& relay, std::chrono::milliseconds db_timeout);

  grpc::Status Changes(grpc::ServerContext* context, const history::v1::ChangesRequest* request,
                       grpc::ServerWriter<history::v1::ChangeFeedMessage>* writer) override;

 private:
  PgPool& pool_;
  ChangeFeedRelay& relay_;
  std::chrono::milliseconds db_timeout_;
};

}  // namespace sanplane::common
