#pragma once
// The gRPC service History (proto/sanplane/history/v1/history.proto) over one service's history
// table, which its triggers write: identity, SAN and storage each serve it for their own records,
// and identity's Audit also merges SAN's and storage's feeds into its own.

#include <grpcpp/channel.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "sanplane/history/v1/history.grpc.pb.h"

namespace sanplane::common {

/// The names of the service's statements of queries/history.sql.
struct HistoryQueries {
  std::string_view customer;      // HistoryCustomer
  std::string_view count_record;  // CountRecordHistory
  std::string_view list_record;   // ListRecordHistory
  std::string_view count_feed;    // CountHistoryFeed
  std::string_view list_feed;     // ListHistoryFeed
  std::string_view latest;        // HistoryLatest
  std::string_view snapshot;      // HistorySnapshot
  std::string_view current;       // CurrentRecordState
  std::string_view restore;       // RestoreRecord
};

/// A restore about to be written: what a service checks beyond the customer (RestoreCheck).
struct RestoreTarget {
  const std::string& entity;
  /// The record as it stands; nullptr when it is deleted.
  const boost::json::object* current;
  /// The fields it is restored to.
  const boost::json::object& restored;
};

/// Throws when `principal` may not make `target`, as a save of the same change would refuse it.
using RestoreCheck = std::function<void(const Principal& principal, const RestoreTarget& target)>;

struct HistoryOptions {
  /// The kinds of record this service keeps (HistoryEntry.entity).
  std::vector<std::string> entities;
  /// Upper bound of one transaction (the caller's deadline may cut it shorter).
  std::chrono::milliseconds db_timeout{5000};
  /// What a restore needs beyond access to the record's customer (none when unset).
  RestoreCheck restore_check;
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
  grpc::Status Restore(grpc::ServerContext* context, const history::v1::RestoreRequest* request,
                       history::v1::RestoreResponse* response) override;

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
