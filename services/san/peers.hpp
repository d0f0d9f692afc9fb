#pragma once
// What the SAN service asks other services: projects and customers (identity), hosts and storage
// systems (storage). Every call acts for the caller's principal, so "not found" also means "not
// visible to the caller".

#include <grpcpp/channel.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "sanplane/identity/v1/identity.grpc.pb.h"
#include "sanplane/storage/v1/storage.grpc.pb.h"

namespace sanplane::san {

class Peers {
 public:
  virtual ~Peers() = default;
  /// The customer of the project; nullopt when there is none. An implementation may also answer
  /// nullopt for a project the caller may not see, and may answer one the caller may not see:
  /// callers check the customer against the principal (CanAccessCustomer) either way.
  /// Any other failure of identity is rethrown as our own error (common::FromGrpcStatus).
  virtual std::optional<int64_t> ProjectCustomer(const grpc::ServerContext& context,
                                                 int64_t project_id) = 0;
  /// The customer of each project among `project_ids` that exists, in one call (whether the
  /// caller may see it is for the caller to check, by customer).
  virtual std::map<int64_t, int64_t> ProjectCustomers(const grpc::ServerContext& context,
                                                      const std::vector<int64_t>& project_ids) = 0;
  /// The project is about to be deleted (identity asks about its records first): an answer kept
  /// about it must not outlive this (see project_cache.hpp).
  virtual void ForgetProject(int64_t /*project_id*/) {}
  /// Whether the customer exists and the caller may see it.
  virtual bool CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) = 0;
  /// The customer of a host / storage system; nullopt when there is none (for the caller).
  /// Storage down -> Error(kUnavailable, "The storage service is unavailable; nothing was saved.").
  virtual std::optional<int64_t> HostCustomer(const grpc::ServerContext& context,
                                              int64_t host_id) = 0;
  virtual std::optional<int64_t> StorageCustomer(const grpc::ServerContext& context,
                                                 int64_t storage_id) = 0;
};

class GrpcPeers final : public Peers {
 public:
  GrpcPeers(std::shared_ptr<grpc::Channel> identity, std::shared_ptr<grpc::Channel> storage,
            std::chrono::milliseconds timeout);

  std::optional<int64_t> ProjectCustomer(const grpc::ServerContext& context,
                                         int64_t project_id) override;
  std::map<int64_t, int64_t> ProjectCustomers(const grpc::ServerContext& context,
                                              const std::vector<int64_t>& project_ids) override;
  bool CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) override;
  std::optional<int64_t> HostCustomer(const grpc::ServerContext& context, int64_t host_id) override;
  std::optional<int64_t> StorageCustomer(const grpc::ServerContext& context,
                                         int64_t storage_id) override;

 private:
  std::unique_ptr<identity::v1::Identity::Stub> identity_;
  std::unique_ptr<storage::v1::Storage::Stub> storage_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sanplane::san
