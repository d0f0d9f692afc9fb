#include "identity_service.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "common/merged_update.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "restore_check.hpp"
#include "table_columns.hpp"
#include "validation.hpp"
#include "versioned_record.hpp"

namespace sanplane::identity {

namespace {

using common::Error;
using common::ErrorKind;

// Presence asks for the users active in a window, other services for the projects of one page;
// far more than that is a client bug.
constexpr int kMaxContextIds = 10000;
constexpr int kMaxProjectIds = 10000;

constexpr char kInvalidCredentials[] = "Invalid username or password";
constexpr char kAuthenticationRequired[] = "Authentication required";
constexpr char kOnlySuperuserUsers[] = "Only a superuser can manage users.";
constexpr char kOnlySuperuserMembers[] = "Only a superuser can manage customer members.";

void RequireSuperuser(const common::Principal& caller, const char* message) {
  if (!caller.is_superuser()) {
    throw Error(ErrorKind::kPermissionDenied, message);
  }
}

/// A record the caller may see, or NOT_FOUND with `not_found` (an invisible one answers alike).
template <class Record>
Record VisibleOrNotFound(std::optional<Record> record, const char* not_found) {
  if (!record) {
    throw Error(ErrorKind::kNotFound, not_found);
  }
  return std::move(*record);
}

/// The compare-and-set an update of a customer or a project asks for: its name checked as
/// `name_field` (`empty_name` when blank) and its notes, each only when the request sets it.
template <class UpdateRequest>
NameAndNotesChanges ChangesOf(const UpdateRequest& request, const char* name_field,
                              const char* empty_name) {
  NameAndNotesChanges changes;
  changes.id = request.id();
  changes.expected_version = common::RequireVersion(request);
  if (request.has_name()) {
    changes.name = NormalizeRecordName(request.name(), name_field, empty_name);
  }
  if (request.has_notes()) {
    ValidateNotes(request.notes());
    changes.notes = request.notes();
  }
  return changes;
}

/// The list request, its ordering checked against `orderings` (the error names them) and
/// defaulted to the first of them.
template <class Request>
ListQuery ListQueryOf(const Request& request, const std::vector<std::string>& orderings) {
  ListQuery query;
  query.search = request.search();
  query.page = common::ParsePageRequest(
      request.has_page() ? std::optional<int>(request.page()) : std::nullopt,
      request.has_page_size() ? std::optional<int>(request.page_size()) : std::nullopt);
  common::OrderByClause(request.ordering(), orderings, orderings.front());
  query.ordering = request.ordering().empty() ? orderings.front() : request.ordering();
  return query;
}

}  // namespace

IdentityService::IdentityService(Dependencies dependencies) : deps_(dependencies) {}

std::chrono::milliseconds IdentityService::Budget(const grpc::ServerContext* context) const {
  return common::RemainingBudget(*context, deps_.store_timeout_cap);
}

// ---------------------------------------------------------------------------------------------
// Login sessions

grpc::Status IdentityService::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                    v1::LoginResponse* response) {
  return common::HandleRpc(context, "Login", [&] {
    const std::string& username = request->username();
    const std::string& password = request->password();
    if (username.empty() || password.empty()) {
      throw Error(ErrorKind::kInvalidArgument, "username and password are required");
    }
    const std::string& client_address = request->client_address();
    deps_.login_throttle.CheckAllowed(username, client_address);

    // A name that breaks the username rules cannot exist; it must not reach SQL either, where a
    // NUL would cut "admin\0x" down to "admin" under a throttle key of its own.
    const std::optional<UserCredentials> credentials =
        IsValidUsername(username) ? deps_.users.FindCredentialsByUsername(Budget(context), username)
                                  : std::nullopt;
    bool valid = false;
    if (credentials) {
      // Verify even for a deactivated account, so its answer takes as long as any other.
      valid = deps_.hasher.Verify(credentials->password_hash, password) && credentials->is_active;
    } else {
      deps_.hasher.VerifyAgainstDummy(password);
    }
    if (!valid) {
      deps_.login_throttle.RecordFailure(username, client_address);
      // Only a name that can exist reaches SQL (see above); an unknown one only superusers see.
      if (IsValidUsername(username)) {
        deps_.users.RecordSignIn(Budget(context), username, false, client_address);
      }
      throw Error(ErrorKind::kUnauthenticated, kInvalidCredentials);
    }
    deps_.login_throttle.Reset(username, client_address);
    deps_.users.RecordSignIn(Budget(context), credentials->user.username(), true, client_address);

    const SessionStore::NewSession session = deps_.sessions.Create(credentials->user.id());
    *response->mutable_user() = credentials->user;
    response->set_message("Login successful");
    response->set_session_token(session.token);
    response->set_csrf_token(session.csrf_token);
  });
}

grpc::Status IdentityService::Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                                     common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "Logout", [&] {
    // Knowing the token is the authority to end its session.
    deps_.sessions.Delete(request->session_token());
    response->set_message("Logout successful");
  });
}

grpc::Status IdentityService::Authenticate(grpc::ServerContext* context,
                                           const v1::AuthenticateRequest* request,
                                           common::v1::Principal* response) {
  return common::HandleRpc(context, "Authenticate", [&] {
    const std::optional<int64_t> user_id = deps_.sessions.FindUser(request->session_token());
    if (!user_id) {
      throw Error(ErrorKind::kUnauthenticated, kAuthenticationRequired);
    }
    std::optional<common::Principal> principal =
        deps_.users.FindActivePrincipal(Budget(context), *user_id);
    if (!principal) {
      throw Error(ErrorKind::kUnauthenticated, kAuthenticationRequired);
    }
    *response = std::move(*principal);
  });
}

grpc::Status IdentityService::GetCurrentUser(grpc::ServerContext* context,
                                             const v1::GetCurrentUserRequest* /*request*/,
                                             v1::User* response) {
  return common::HandleRpc(context, "GetCurrentUser", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    std::optional<v1::User> user = deps_.users.FindById(Budget(context), caller.user_id());
    if (!user) {
      throw Error(ErrorKind::kUnauthenticated, kAuthenticationRequired);
    }
    *response = std::move(*user);
  });
}

// ---------------------------------------------------------------------------------------------
// Users

grpc::Status IdentityService::ListUsers(grpc::ServerContext* context,
                                        const v1::ListUsersRequest* request,
                                        v1::ListUsersResponse* response) {
  return common::HandleRpc(context, "ListUsers", [&] {
    RequireSuperuser(common::RequirePrincipal(*context), kOnlySuperuserUsers);
    const ListQuery query = ListQueryOf(*request, kUserOrderings);
    ListPage<v1::User> page = deps_.users.List(Budget(context), query);
    for (v1::User& user : page.results) {
      *response->add_results() = std::move(user);
    }
    common::FillPageInfo(*response, page.count, query.page);
  });
}

grpc::Status IdentityService::CreateUser(grpc::ServerContext* context,
                                         const v1::CreateUserRequest* request, v1::User* response) {
  return common::HandleRpc(context, "CreateUser", [&] {
    RequireSuperuser(common::RequirePrincipal(*context), kOnlySuperuserUsers);
    ValidateUsername(request->username());
    ValidateNewPassword(request->password(), "Password");
    ValidatePersonName(request->first_name(), "First name");
    ValidatePersonName(request->last_name(), "Last name");
    ValidateEmail(request->email());

    NewUser user;
    user.username = request->username();
    user.password_hash = deps_.hasher.Hash(request->password());
    user.first_name = request->first_name();
    user.last_name = request->last_name();
    user.email = request->email();
    user.is_superuser = request->is_superuser();
    std::optional<v1::User> created = deps_.users.Create(Budget(context), user);
    if (!created) {
      throw Error(ErrorKind::kAlreadyExists, "A user with that username already exists.");
    }
    *response = std::move(*created);
  });
}

grpc::Status IdentityService::UpdateUser(grpc::ServerContext* context,
                                         const v1::UpdateUserRequest* request, v1::User* response) {
  return common::HandleRpc(context, "UpdateUser", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    if (caller.user_id() != request->id() && !caller.is_superuser()) {
      throw Error(ErrorKind::kPermissionDenied, "You can only change your own account.");
    }
    UserChanges changes;
    changes.id = request->id();
    if (request->has_first_name()) {
      ValidatePersonName(request->first_name(), "First name");
      changes.first_name = request->first_name();
    }
    if (request->has_last_name()) {
      ValidatePersonName(request->last_name(), "Last name");
      changes.last_name = request->last_name();
    }
    if (request->has_email()) {
      ValidateEmail(request->email());
      changes.email = request->email();
    }
    std::optional<v1::User> updated = deps_.users.Update(Budget(context), changes);
    if (!updated) {
      throw Error(ErrorKind::kNotFound, "User not found.");
    }
    *response = std::move(*updated);
  });
}

grpc::Status IdentityService::ChangePassword(grpc::ServerContext* context,
                                             const v1::ChangePasswordRequest* request,
                                             common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "ChangePassword", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const bool own_account = caller.user_id() == request->id();
    if (!own_account && !caller.is_superuser()) {
      throw Error(ErrorKind::kPermissionDenied, "You can only change your own password.");
    }
    // A superuser resetting someone else's password does not know it; everyone else (the
    // superuser's own account included) proves it, so a stolen session cannot change it.
    const bool needs_current = own_account;
    if (request->new_password().empty() || (needs_current && request->current_password().empty())) {
      const std::string missing =
          request->new_password().empty() ? "new_password" : "current_password";
      const std::string message = needs_current
                                      ? "Both current_password and new_password are required."
                                      : "new_password is required.";
      throw common::InvalidFields(message, {{missing, message}});
    }
    ValidateNewPassword(request->new_password(), "New password");

    const std::optional<UserCredentials> target =
        deps_.users.FindCredentialsById(Budget(context), request->id());
    if (!target) {
      throw Error(ErrorKind::kNotFound, "User not found.");
    }
    if (needs_current) {
      // The same throttle as login: this check is a password oracle too.
      const std::string& username = target->user.username();
      deps_.login_throttle.CheckAllowed(username, request->client_address());
      if (!deps_.hasher.Verify(target->password_hash, request->current_password())) {
        deps_.login_throttle.RecordFailure(username, request->client_address());
        throw common::InvalidFields("Current password is incorrect.",
                                    {{"current_password", "Current password is incorrect."}});
      }
    }
    const std::string new_hash = deps_.hasher.Hash(request->new_password());
    if (!deps_.users.SetPasswordHash(Budget(context), request->id(), new_hash)) {
      throw Error(ErrorKind::kNotFound, "User not found.");
    }
    // Whoever knew the old password (or held a session opened with it) is out now; only the
    // session that made the change stays, and a reset by a superuser keeps none of the user's.
    deps_.sessions.EndOtherSessions(request->id(), own_account ? request->session_token() : "");
    response->set_message("Password changed successfully");
  });
}

// ---------------------------------------------------------------------------------------------
// Customers and members

grpc::Status IdentityService::ListCustomers(grpc::ServerContext* context,
                                            const v1::ListCustomersRequest* request,
                                            v1::ListCustomersResponse* response) {
  return common::HandleRpc(context, "ListCustomers", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const ListQuery query = ListQueryOf(*request, kCustomerOrderings);
    ListPage<v1::Customer> page = deps_.customers.List(Budget(context), caller, query);
    for (v1::Customer& customer : page.results) {
      *response->add_results() = std::move(customer);
    }
    common::FillPageInfo(*response, page.count, query.page);
  });
}

grpc::Status IdentityService::CreateCustomer(grpc::ServerContext* context,
                                             const v1::CreateCustomerRequest* request,
                                             v1::Customer* response) {
  return common::HandleRpc(context, "CreateCustomer", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    RequireSuperuser(caller, kOnlySuperuserCustomers);
    const std::string name =
        NormalizeRecordName(request->name(), "Customer name", "Customer name is required.");
    ValidateNotes(request->notes());
    *response = deps_.customers.Create(Budget(context), name, request->notes(), caller.username());
  });
}

grpc::Status IdentityService::GetCustomer(grpc::ServerContext* context,
                                          const v1::GetCustomerRequest* request,
                                          v1::Customer* response) {
  return common::HandleRpc(context, "GetCustomer", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    *response = VisibleOrNotFound(
        deps_.customers.FindVisible(Budget(context), caller, request->id()), kCustomerNotFound);
  });
}

grpc::Status IdentityService::UpdateCustomer(grpc::ServerContext* context,
                                             const v1::UpdateCustomerRequest* request,
                                             v1::Customer* response) {
  return common::HandleRpc(context, "UpdateCustomer", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const auto load_merge_base = [&](int64_t id, int64_t base_version) {
      return deps_.customers.LoadMergeBase(Budget(context), id, base_version);
    };
    const auto update = [&](const v1::UpdateCustomerRequest& sent, v1::Customer& answer) {
      answer = deps_.customers.Update(
          Budget(context), caller,
          ChangesOf(sent, "Customer name", "Customer name cannot be empty."));
    };
    common::UpdateMerging(caller, *request, load_merge_base, update, *response);
  });
}

grpc::Status IdentityService::DeleteCustomer(grpc::ServerContext* context,
                                             const v1::DeleteCustomerRequest* request,
                                             common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteCustomer", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const int64_t version = common::RequireVersion(*request);
    const v1::Customer customer = VisibleOrNotFound(
        deps_.customers.FindVisible(Budget(context), caller, request->id()), kCustomerNotFound);
    // A stale version is the conflict it always was, before anyone else is asked.
    if (customer.version() != version) throw common::ConflictError("customer", StampOf(customer));
    // Refused while the customer owns anything, here or elsewhere: SAN and storage records name
    // the customer by id and would be left naming nothing. What guards a fabric or storage system
    // created after this question is in README's API section.
    CustomerHoldings holdings = deps_.holdings_elsewhere.Count(*context, request->id());
    holdings.projects = static_cast<int64_t>(
        deps_.projects.ListForCustomer(Budget(context), caller, request->id()).size());
    if (!holdings.empty()) throw CustomerStillOwnsError(customer.name(), holdings);
    deps_.customers.Delete(Budget(context), caller, request->id(), version);
    response->set_message("Customer deleted successfully.");
  });
}

grpc::Status IdentityService::ListMembers(grpc::ServerContext* context,
                                          const v1::ListMembersRequest* request,
                                          v1::ListMembersResponse* response) {
  return common::HandleRpc(context, "ListMembers", [&] {
    RequireSuperuser(common::RequirePrincipal(*context), kOnlySuperuserMembers);
    for (v1::Member& member : deps_.customers.ListMembers(Budget(context), request->id())) {
      *response->add_members() = std::move(member);
    }
  });
}

grpc::Status IdentityService::AddMember(grpc::ServerContext* context,
                                        const v1::AddMemberRequest* request, v1::Member* response) {
  return common::HandleRpc(context, "AddMember", [&] {
    RequireSuperuser(common::RequirePrincipal(*context), kOnlySuperuserMembers);
    if (request->username().empty()) {
      throw common::InvalidFields("username is required.", {{"username", "username is required."}});
    }
    if (!IsValidUsername(request->username())) {
      throw Error(ErrorKind::kNotFound, "User not found.");
    }
    *response = deps_.customers.AddMember(Budget(context), request->id(), request->username());
  });
}

grpc::Status IdentityService::RemoveMember(grpc::ServerContext* context,
                                           const v1::RemoveMemberRequest* request,
                                           common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "RemoveMember", [&] {
    RequireSuperuser(common::RequirePrincipal(*context), kOnlySuperuserMembers);
    deps_.customers.RemoveMember(Budget(context), request->id(), request->user_id());
    response->set_message("Member removed successfully.");
  });
}

// ---------------------------------------------------------------------------------------------
// Projects

grpc::Status IdentityService::ListProjects(grpc::ServerContext* context,
                                           const v1::ListProjectsRequest* request,
                                           v1::ListProjectsResponse* response) {
  return common::HandleRpc(context, "ListProjects", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    for (v1::ProjectSummary& project :
         deps_.projects.ListForCustomer(Budget(context), caller, request->customer_id())) {
      *response->add_projects() = std::move(project);
    }
  });
}

grpc::Status IdentityService::GetProject(grpc::ServerContext* context,
                                         const v1::GetProjectRequest* request,
                                         v1::Project* response) {
  return common::HandleRpc(context, "GetProject", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    *response = VisibleOrNotFound(
        deps_.projects.FindVisible(Budget(context), caller, request->id()), kProjectNotFound);
  });
}

grpc::Status IdentityService::CreateProject(grpc::ServerContext* context,
                                            const v1::CreateProjectRequest* request,
                                            v1::Project* response) {
  return common::HandleRpc(context, "CreateProject", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    constexpr char kBothRequired[] = "Both 'name' and 'customer' fields are required.";
    if (request->customer() <= 0) {
      throw Error(ErrorKind::kInvalidArgument, kBothRequired);
    }
    const std::string name = NormalizeRecordName(request->name(), "Project name", kBothRequired);
    ValidateNotes(request->notes());
    *response =
        deps_.projects.Create(Budget(context), caller, request->customer(), name, request->notes());
  });
}

grpc::Status IdentityService::UpdateProject(grpc::ServerContext* context,
                                            const v1::UpdateProjectRequest* request,
                                            v1::Project* response) {
  return common::HandleRpc(context, "UpdateProject", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const auto load_merge_base = [&](int64_t id, int64_t base_version) {
      return deps_.projects.LoadMergeBase(Budget(context), id, base_version);
    };
    const auto update = [&](const v1::UpdateProjectRequest& sent, v1::Project& answer) {
      answer =
          deps_.projects.Update(Budget(context), caller,
                                ChangesOf(sent, "Project name", "Project name cannot be empty."));
    };
    common::UpdateMerging(caller, *request, load_merge_base, update, *response);
  });
}

grpc::Status IdentityService::DeleteProject(grpc::ServerContext* context,
                                            const v1::DeleteProjectRequest* request,
                                            common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteProject", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const int64_t version = common::RequireVersion(*request);
    const v1::Project project = VisibleOrNotFound(
        deps_.projects.FindVisible(Budget(context), caller, request->id()), kProjectNotFound);
    if (project.version() != version) throw common::ConflictError("project", StampOf(project));
    // Refused while SAN records list the project, unless the caller asks to release them: they
    // would be left in a project that no longer exists. The window between this question and the
    // delete is in README's API section.
    if (request->release()) {
      deps_.holdings_elsewhere.ReleaseProject(*context, project.id(), project.customer());
    } else {
      const ProjectMembers members =
          deps_.holdings_elsewhere.CountProjectMembers(*context, project.id(), project.customer());
      if (!members.empty()) throw ProjectStillListsError(project.name(), members);
    }
    const std::string name = deps_.projects.Delete(Budget(context), caller, request->id(), version);
    response->set_message("Project '" + name + "' deleted successfully.");
  });
}

grpc::Status IdentityService::ResolveProjects(grpc::ServerContext* context,
                                              const v1::ResolveProjectsRequest* request,
                                              v1::ResolveProjectsResponse* response) {
  return common::HandleRpc(context, "ResolveProjects", [&] {
    // Any signed-in caller: the calling service checks each customer against the principal.
    common::RequirePrincipal(*context);
    if (request->project_ids_size() > kMaxProjectIds) {
      throw Error(ErrorKind::kInvalidArgument,
                  "At most " + std::to_string(kMaxProjectIds) + " project ids per call.");
    }
    const std::vector<int64_t> ids(request->project_ids().begin(), request->project_ids().end());
    for (v1::ProjectRef& project : deps_.projects.Resolve(Budget(context), ids)) {
      *response->add_projects() = std::move(project);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The caller's active context, and many users' contexts for presence

grpc::Status IdentityService::GetUserConfig(grpc::ServerContext* context,
                                            const v1::GetUserConfigRequest* /*request*/,
                                            v1::UserConfig* response) {
  return common::HandleRpc(context, "GetUserConfig", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    *response = deps_.user_configs.Get(Budget(context), caller.user_id());
  });
}

grpc::Status IdentityService::UpdateUserConfig(grpc::ServerContext* context,
                                               const v1::UpdateUserConfigRequest* request,
                                               v1::UserConfig* response) {
  return common::HandleRpc(context, "UpdateUserConfig", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const ContextChange change = ValidateContextChange(
        request->has_active_customer_id() ? std::optional(request->active_customer_id())
                                          : std::nullopt,
        request->has_active_project_id() ? std::optional(request->active_project_id())
                                         : std::nullopt);
    *response = deps_.user_configs.Set(Budget(context), caller, change);
  });
}

grpc::Status IdentityService::GetTableColumns(grpc::ServerContext* context,
                                              const v1::GetTableColumnsRequest* /*request*/,
                                              v1::TableColumnsList* response) {
  return common::HandleRpc(context, "GetTableColumns", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    *response = deps_.user_configs.TableColumns(Budget(context), caller.user_id());
  });
}

grpc::Status IdentityService::SetTableColumns(grpc::ServerContext* context,
                                              const v1::SetTableColumnsRequest* request,
                                              v1::TableColumns* response) {
  return common::HandleRpc(context, "SetTableColumns", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    ValidateTableColumns(*request);
    response->set_table(request->table());
    *response->mutable_columns() = request->columns();
    deps_.user_configs.SetTableColumns(Budget(context), caller.user_id(), *response);
  });
}

grpc::Status IdentityService::ResetTableColumns(grpc::ServerContext* context,
                                                const v1::ResetTableColumnsRequest* request,
                                                common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "ResetTableColumns", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    ValidateTableName(request->table());
    deps_.user_configs.ResetTableColumns(Budget(context), caller.user_id(), request->table());
    response->set_message("The columns of " + request->table() + " are back to their defaults.");
  });
}

grpc::Status IdentityService::GetUserContexts(grpc::ServerContext* context,
                                              const v1::GetUserContextsRequest* request,
                                              v1::GetUserContextsResponse* response) {
  return common::HandleRpc(context, "GetUserContexts", [&] {
    // Any signed-in caller: presence filters what each viewer may see.
    common::RequirePrincipal(*context);
    if (request->user_ids_size() > kMaxContextIds) {
      throw Error(ErrorKind::kInvalidArgument,
                  "At most " + std::to_string(kMaxContextIds) + " user ids per call.");
    }
    const std::vector<int64_t> ids(request->user_ids().begin(), request->user_ids().end());
    for (v1::UserContext& user : deps_.user_configs.Contexts(Budget(context), ids)) {
      *response->add_users() = std::move(user);
    }
  });
}

grpc::Status IdentityService::GetUserDirectory(grpc::ServerContext* context,
                                               const v1::GetUserDirectoryRequest* request,
                                               v1::GetUserDirectoryResponse* response) {
  return common::HandleRpc(context, "GetUserDirectory", [&] {
    // Any signed-in caller, as GetUserContexts: presence filters what each viewer may see.
    common::RequirePrincipal(*context);
    if (request->user_ids_size() > kMaxContextIds) {
      throw Error(ErrorKind::kInvalidArgument,
                  "At most " + std::to_string(kMaxContextIds) + " user ids per call.");
    }
    if (request->since_version() < 0) {
      throw common::InvalidFields("since_version must not be negative.",
                                  {{"since_version", "Expected 0 or a directory version."}});
    }
    const std::vector<int64_t> ids(request->user_ids().begin(), request->user_ids().end());
    *response = deps_.user_configs.Directory(Budget(context), request->since_version(), ids);
  });
}

}  // namespace sanplane::identity
