#pragma once
// Names and active customer/project of users, from the identity service, in one batched call.

#include <grpcpp/server_context.h>

#include <chrono>
#include <vector>

#include "sanplane/identity/v1/identity.grpc.pb.h"

namespace sanplane::presence {

class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  /// Throws common::Error when identity fails (it is rethrown with identity's status).
  virtual std::vector<identity::v1::UserContext> Lookup(const grpc::ServerContext& incoming,
                                                        const std::vector<int64_t>& user_ids) = 0;
};

class IdentityUserDirectory : public UserDirectory {
 public:
  IdentityUserDirectory(identity::v1::Identity::StubInterface& identity,
                        std::chrono::milliseconds timeout)
      : identity_(identity), timeout_(timeout) {}

  std::vector<identity::v1::UserContext> Lookup(const grpc::ServerContext& incoming,
                                                const std::vector<int64_t>& user_ids) override;

 private:
  identity::v1::Identity::StubInterface& identity_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sanplane::presence
