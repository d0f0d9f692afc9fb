#pragma once
// The gRPC service History (proto/sanplane/history/v1/history.proto) over one service's history
// table, which its triggers write: identity, SAN and storage each serve it for their own records,
// and identity's Audit also merges SAN's and storage's feeds into its own.

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/pg_pool.hpp"
#include "sanplane/history/v1/history.grpc.pb.h"

namespace sanplane::common {

/// The names of the service's statements of queries/history.sql.
struct HistoryQueries {
  std::string_view customer;      // HistoryCustomer
  std::string_view count_record;  // CountRecordHistory
  std::string_view list_record;   // ListRecordHistory
  std::string_view count_feed;    // CountHistoryFeed
  std::string_view list_feed;     // ListHistoryFeed
};

struct HistoryOptions {
  /// The kinds of record this service keeps (HistoryEntry.entity).
  std::vector<std::string> entities;
  /// Upper bound of one transaction (the caller's deadline may cut it shorter).
  std::chrono::milliseconds db_timeout{5000};
};

/// Another service whose Feed an Audit includes.
struct FeedPeer {
  std::string name;  // "SAN", for the 503 when it cannot answer
  std::shared_ptr<grpc::Channel> channel;
};

/// The services an Audit asks for their feeds, and how long a call to one may take.
struct FeedPeers {
  std::vector<FeedPeer> peers;
  std::chrono::milliseconds timeout{2000};
};

class HistoryService final : public history::v1::History::Service {
 public:
  HistoryService(PgPool& pool, HistoryQueries queries, HistoryOptions options,
                 FeedPeers feed_peers = {});

  grpc::Status RecordHistory(grpc::ServerContext* context,
                             const history::v1::RecordHistoryRequest* request,
                             history::v1::HistoryPage* response) override;
  grpc::Status Audit(grpc::ServerContext* context, const history::v1::AuditRequest* request,
                     history::v1::HistoryPage* response) override;
  grpc::Status Feed(grpc::ServerContext* context, const history::v1::AuditRequest* request,
                    history::v1::HistoryPage* response) override;

 private:
  /// This service's entries of the feed `request` asks for, up to the end of its page.
  history::v1::HistoryPage LocalFeed(const grpc::ServerContext& context,
                                     const history::v1::AuditRequest& request);

  PgPool& pool_;
  HistoryQueries queries_;
  HistoryOptions options_;
  std::chrono::milliseconds peer_timeout_;
  struct Peer {
    std::string name;
    std::unique_ptr<history::v1::History::Stub> stub;
  };
  std::vector<Peer> peers_;
};

}  // namespace sanplane::common
