#pragma once
// The gRPC face of the storage service: checks the caller and the request, plans the change and
// hands the work to the store. Every method body runs inside common::HandleRpc, which maps errors
// and records metrics and the log line.

#include <chrono>

#include "alias_references.hpp"
#include "sanplane/storage/v1/storage.grpc.pb.h"
#include "store.hpp"

namespace sanplane::storage {

struct ServiceLimits {
  /// Cap on one call's database work (the caller's deadline may cut it shorter).
  std::chrono::milliseconds statement_timeout{5000};
  /// Cap on one import's database work.
  std::chrono::milliseconds import_timeout{60000};
};

class StorageService final : public v1::Storage::Service {
 public:
  /// `aliases` is asked before a storage system is deleted (SAN's aliases name it by id).
  StorageService(Store& store, AliasReferenceFinder& aliases, ServiceLimits limits)
      : store_(store), aliases_(aliases), limits_(limits) {}

  grpc::Status ListStorage(grpc::ServerContext* context, const v1::ListStorageRequest* request,
                           v1::ListStorageResponse* response) override;
  grpc::Status CreateStorage(grpc::ServerContext* context, const v1::CreateStorageRequest* request,
                             v1::StorageSystem* response) override;
  grpc::Status GetStorage(grpc::ServerContext* context, const v1::GetStorageRequest* request,
                          v1::StorageSystem* response) override;
  grpc::Status UpdateStorage(grpc::ServerContext* context, const v1::UpdateStorageRequest* request,
                             v1::StorageSystem* response) override;
  grpc::Status DeleteStorage(grpc::ServerContext* context, const v1::DeleteStorageRequest* request,
                             common::v1::MessageResponse* response) override;
  grpc::Status ListHosts(grpc::ServerContext* context, const v1::ListHostsRequest* request,
                         v1::ListHostsResponse* response) override;
  grpc::Status GetHost(grpc::ServerContext* context, const v1::GetHostRequest* request,
                       v1::Host* response) override;
  grpc::Status ListVolumes(grpc::ServerContext* context, const v1::ListVolumesRequest* request,
                           v1::ListVolumesResponse* response) override;
  grpc::Status GetVolume(grpc::ServerContext* context, const v1::GetVolumeRequest* request,
                         v1::Volume* response) override;
  grpc::Status ImportStorage(grpc::ServerContext* context, const v1::ImportStorageRequest* request,
                             v1::ImportStorageResponse* response) override;
  grpc::Status CustomerUsage(grpc::ServerContext* context,
                             const v1::StorageCustomerUsageRequest* request,
                             v1::StorageCustomerUsage* response) override;

 private:
  std::chrono::milliseconds Budget(const grpc::ServerContext& context) const;

  Store& store_;
  AliasReferenceFinder& aliases_;
  ServiceLimits limits_;
};

}  // namespace sanplane::storage
