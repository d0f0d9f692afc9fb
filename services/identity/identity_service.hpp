#pragma once
// The gRPC face of identity (proto/sanplane/identity/v1/identity.proto). Each method checks who
// may call it, validates input and calls the stores; errors leave as common::Error through
// common::HandleRpc.

#include <chrono>

#include "holdings_elsewhere.hpp"
#include "login_throttle.hpp"
#include "password_hasher.hpp"
#include "sanplane/identity/v1/identity.grpc.pb.h"
#include "store.hpp"

namespace sanplane::identity {

class IdentityService final : public v1::Identity::Service {
 public:
  /// Not owned; they outlive the service.
  struct Dependencies {
    UserStore& users;
    CustomerStore& customers;
    ProjectStore& projects;
    UserConfigStore& user_configs;
    SessionStore& sessions;
    LoginThrottle& login_throttle;
    const PasswordHasher& hasher;
    /// Longest a single store call may take, even when the caller allows more.
    std::chrono::milliseconds store_timeout_cap;
    /// Asked before a customer is deleted: what it still owns in SAN and storage.
    HoldingsElsewhere& holdings_elsewhere;
  };

  explicit IdentityService(Dependencies dependencies);

  grpc::Status Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                     v1::LoginResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                      common::v1::MessageResponse* response) override;
  grpc::Status Authenticate(grpc::ServerContext* context, const v1::AuthenticateRequest* request,
                            common::v1::Principal* response) override;
  grpc::Status GetCurrentUser(grpc::ServerContext* context,
                              const v1::GetCurrentUserRequest* request,
                              v1::User* response) override;

  grpc::Status ListUsers(grpc::ServerContext* context, const v1::ListUsersRequest* request,
                         v1::ListUsersResponse* response) override;
  grpc::Status CreateUser(grpc::ServerContext* context, const v1::CreateUserRequest* request,
                          v1::User* response) override;
  grpc::Status UpdateUser(grpc::ServerContext* context, const v1::UpdateUserRequest* request,
                          v1::User* response) override;
  grpc::Status ChangePassword(grpc::ServerContext* context,
                              const v1::ChangePasswordRequest* request,
                              common::v1::MessageResponse* response) override;

  grpc::Status ListCustomers(grpc::ServerContext* context, const v1::ListCustomersRequest* request,
                             v1::ListCustomersResponse* response) override;
  grpc::Status CreateCustomer(grpc::ServerContext* context,
                              const v1::CreateCustomerRequest* request,
                              v1::Customer* response) override;
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::GetCustomerRequest* request,
                           v1::Customer* response) override;
  grpc::Status UpdateCustomer(grpc::ServerContext* context,
                              const v1::UpdateCustomerRequest* request,
                              v1::Customer* response) override;
  grpc::Status DeleteCustomer(grpc::ServerContext* context,
                              const v1::DeleteCustomerRequest* request,
                              common::v1::MessageResponse* response) override;
  grpc::Status ListMembers(grpc::ServerContext* context, const v1::ListMembersRequest* request,
                           v1::ListMembersResponse* response) override;
  grpc::Status AddMember(grpc::ServerContext* context, const v1::AddMemberRequest* request,
                         v1::Member* response) override;
  grpc::Status RemoveMember(grpc::ServerContext* context, const v1::RemoveMemberRequest* request,
                            common::v1::MessageResponse* response) override;

  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status GetProject(grpc::ServerContext* context, const v1::GetProjectRequest* request,
                          v1::Project* response) override;
  grpc::Status CreateProject(grpc::ServerContext* context, const v1::CreateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status UpdateProject(grpc::ServerContext* context, const v1::UpdateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status DeleteProject(grpc::ServerContext* context, const v1::DeleteProjectRequest* request,
                             common::v1::MessageResponse* response) override;
  grpc::Status ResolveProjects(grpc::ServerContext* context,
                               const v1::ResolveProjectsRequest* request,
                               v1::ResolveProjectsResponse* response) override;

  grpc::Status GetUserConfig(grpc::ServerContext* context, const v1::GetUserConfigRequest* request,
                             v1::UserConfig* response) override;
  grpc::Status UpdateUserConfig(grpc::ServerContext* context,
                                const v1::UpdateUserConfigRequest* request,
                                v1::UserConfig* response) override;
  grpc::Status GetTableColumns(grpc::ServerContext* context,
                               const v1::GetTableColumnsRequest* request,
                               v1::TableColumnsList* response) override;
  grpc::Status SetTableColumns(grpc::ServerContext* context,
                               const v1::SetTableColumnsRequest* request,
                               v1::TableColumns* response) override;
  grpc::Status ResetTableColumns(grpc::ServerContext* context,
                                 const v1::ResetTableColumnsRequest* request,
                                 common::v1::MessageResponse* response) override;

  grpc::Status GetUserContexts(grpc::ServerContext* context,
                               const v1::GetUserContextsRequest* request,
                               v1::GetUserContextsResponse* response) override;
  grpc::Status GetUserDirectory(grpc::ServerContext* context,
                                const v1::GetUserDirectoryRequest* request,
                                v1::GetUserDirectoryResponse* response) override;

 private:
  /// What the caller has left of its deadline, at most store_timeout_cap.
  std::chrono::milliseconds Budget(const grpc::ServerContext* context) const;

  Dependencies deps_;
};

}  // namespace sanplane::identity
