#pragma once
// What storage asks SAN before it deletes a storage system: which aliases still name it or one of
// its hosts. SAN holds those ids without a foreign key, so a delete that did not ask would leave
// aliases pointing at nothing.

#include <grpcpp/channel.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "sanplane/san/v1/san.grpc.pb.h"

namespace sanplane::storage {

struct AliasReferences {
  int64_t aliases = 0;
  /// The first few names, for the message a person reads.
  std::vector<std::string> alias_names;
};

class AliasReferenceFinder {
 public:
  virtual ~AliasReferenceFinder() = default;
  /// Asks for the caller's principal. SAN down or too slow -> Error(kUnavailable): a delete that
  /// cannot ask must not happen.
  virtual AliasReferences Find(const grpc::ServerContext& context, int64_t storage_id,
                               const std::vector<int64_t>& host_ids) = 0;
};

class GrpcAliasReferenceFinder final : public AliasReferenceFinder {
 public:
  GrpcAliasReferenceFinder(std::shared_ptr<grpc::Channel> san, std::chrono::milliseconds timeout);
  AliasReferences Find(const grpc::ServerContext& context, int64_t storage_id,
                       const std::vector<int64_t>& host_ids) override;

 private:
  std::unique_ptr<san::v1::San::Stub> san_;
  std::chrono::milliseconds timeout_;
};

/// The 409 of deleting a storage system that aliases still name:
/// {"error":"Conflict","message":"Storage system FS1 is still used by 2 aliases (a, b); remove
///  their storage or host first.","references":{"aliases":2,"alias_names":["a","b"]}}
common::Error StorageInUseError(const std::string& storage_name, const AliasReferences& references);

}  // namespace sanplane::storage
