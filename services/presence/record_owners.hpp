#pragma once
// The customer of a record, asked of the service that keeps it (its History, with the caller's
// principal): so that only who may see a record can say or learn that it is being edited.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sanplane/history/v1/history.grpc.pb.h"

namespace sanplane::presence {

/// Throws Error(kInvalidArgument) unless `entity` is a kind of record: customer, project, fabric,
/// alias, zone, storage, host or volume.
void RequireRecordKind(std::string_view entity);

class RecordOwners {
 public:
  virtual ~RecordOwners() = default;
  /// The record's customer. Throws Error(kNotFound) when it does not exist (or was deleted) or
  /// the caller may not see it, Error(kInvalidArgument) for a kind of record that has none.
  virtual int64_t CustomerOf(const grpc::ServerContext& incoming, const std::string& entity,
                             int64_t id) = 0;
};

class HistoryRecordOwners final : public RecordOwners {
 public:
  HistoryRecordOwners(std::shared_ptr<grpc::Channel> identity, std::shared_ptr<grpc::Channel> san,
                      std::shared_ptr<grpc::Channel> storage, std::chrono::milliseconds timeout);
  int64_t CustomerOf(const grpc::ServerContext& incoming, const std::string& entity,
                     int64_t id) override;

 private:
  std::unique_ptr<history::v1::History::Stub> identity_;
  std::unique_ptr<history::v1::History::Stub> san_;
  std::unique_ptr<history::v1::History::Stub> storage_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sanplane::presence
