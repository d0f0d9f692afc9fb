// The identity service in-process over gRPC against real Postgres and Redis. Each test process
// works in a database of its own, so ctest may run these in parallel. Skipped unless
// SANPLANE_TEST_PG_DSN (key=value form) and SANPLANE_TEST_REDIS_ADDR are set.

#include "identity_service.hpp"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "admin_bootstrap.hpp"
#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "common/redis_pool.hpp"
#include "embedded_sql.hpp"
#include "fake_holdings_elsewhere.hpp"
#include "identity_call_context.hpp"
#include "pg_customer_store.hpp"
#include "pg_project_store.hpp"
#include "pg_user_config_store.hpp"
#include "pg_user_store.hpp"
#include "redis_session_store.hpp"
#include "store_env.hpp"
#include "test_database.hpp"

namespace sanplane::identity {
namespace {

using namespace std::chrono_literals;

constexpr char kAdminPassword[] = "admin-password-for-tests";
// Two free failures per (username, address), then a wait; the per-address minute budget is out
// of reach here (test processes share Redis and its "unknown" address), the HTTP tests drive it.
constexpr LoginThrottleRules kThrottleRules{
    .free_failures = 2,
    .first_delay = std::chrono::milliseconds(60000),
    .max_delay = std::chrono::milliseconds(600000),
    .failure_memory = std::chrono::seconds(60),
    .address_failures_per_minute = 100000,
};

using common::testing::EnvOrNull;

/// Everything a running identity service needs, built once per test process.
struct Fixture {
  std::string database;
  std::string dsn;
  std::unique_ptr<common::PgPool> postgres;
  std::unique_ptr<common::RedisPool> redis;
  std::unique_ptr<PgUserStore> users;
  std::unique_ptr<PgCustomerStore> customers;
  std::unique_ptr<PgProjectStore> projects;
  std::unique_ptr<PgUserConfigStore> user_configs;
  std::unique_ptr<RedisSessionStore> sessions;
  std::unique_ptr<LoginThrottle> throttle;
  std::unique_ptr<PasswordHasher> hasher;
  testing::FakeHoldingsElsewhere holdings_elsewhere;  // nothing owned in SAN or storage
  std::unique_ptr<IdentityService> service;
  std::unique_ptr<common::GrpcServer> server;
  std::unique_ptr<v1::Identity::Stub> stub;
};

class IdentityServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* base_dsn = EnvOrNull("SANPLANE_TEST_PG_DSN");
    const char* redis_addr = EnvOrNull("SANPLANE_TEST_REDIS_ADDR");
    if (base_dsn == nullptr || redis_addr == nullptr) {
      return;
    }
    fixture_ = new Fixture();
    Fixture& f = *fixture_;
    f.database = "identity_test_" + std::to_string(::getpid());
    common::testing::RecreateDatabase(base_dsn, f.database);
    f.dsn = common::testing::DatabaseDsn(base_dsn, f.database);
    f.postgres = std::make_unique<common::PgPool>(f.dsn, 8, 2000ms, IdentityQueries());
    f.redis = std::make_unique<common::RedisPool>(
        redis_addr, 4, 1000ms,
        common::RedisCredentials{common::testing::RedisUsername(),
                                 common::testing::RedisPassword()},
        common::testing::RedisTls());
    common::ApplyMigrations(*f.postgres, "identity", IdentityMigrations());
    // Test processes run side by side on one Redis, where a user's sessions are kept under the
    // user's id: ids of their own keep one process's "end the other sessions" away from another's
    // users (each database would otherwise number its users from 1).
    f.postgres->Transaction(5000ms, [](pqxx::transaction_base& tx) {
      tx.exec0("ALTER TABLE identity.users ALTER COLUMN id RESTART WITH " +
               std::to_string(static_cast<int64_t>(::getpid()) * 1000000));
    });

    f.users = std::make_unique<PgUserStore>(*f.postgres);
    f.customers = std::make_unique<PgCustomerStore>(*f.postgres);
    f.projects = std::make_unique<PgProjectStore>(*f.postgres);
    f.user_configs = std::make_unique<PgUserConfigStore>(*f.postgres);
    f.sessions = std::make_unique<RedisSessionStore>(*f.redis, 3600s);
    f.throttle = std::make_unique<LoginThrottle>(*f.redis, kThrottleRules);
    f.hasher = std::make_unique<PasswordHasher>(PasswordHasher::MinimalForTests());
    f.service = std::make_unique<IdentityService>(IdentityService::Dependencies{
        *f.users, *f.customers, *f.projects, *f.user_configs, *f.sessions, *f.throttle, *f.hasher,
        5000ms, f.holdings_elsewhere});
    f.server = std::make_unique<common::GrpcServer>(
        "127.0.0.1:0", std::vector<grpc::Service*>{f.service.get()}, 1000ms);
    f.server->Start();
    f.stub = v1::Identity::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(f.server->port()), grpc::InsecureChannelCredentials()));

    EnsureAdminUser(*f.users, *f.hasher, kAdminPassword, 5000ms);
  }

  static void TearDownTestSuite() {
    if (fixture_ == nullptr) {
      return;
    }
    fixture_->server->Shutdown();
    common::testing::DeleteFixtureAndDatabase(fixture_);
  }

  void SetUp() override {
    if (fixture_ == nullptr) {
      SANPLANE_REQUIRE_STORE(std::string(), "SANPLANE_TEST_PG_DSN and SANPLANE_TEST_REDIS_ADDR");
    }
  }

  static Fixture& F() { return *fixture_; }
  static v1::Identity::Stub& Stub() { return *fixture_->stub; }

  static std::unique_ptr<grpc::ClientContext> As(const common::Principal* principal) {
    return testing::CallAs(principal);
  }

  // Makes `customer`, and `project` when given, the user's active context.
  static v1::UserConfig SetActiveContext(const common::Principal& user, int64_t customer,
                                         std::optional<int64_t> project = std::nullopt) {
    v1::UpdateUserConfigRequest update;
    update.set_active_customer_id(customer);
    if (project) update.set_active_project_id(*project);
    v1::UserConfig config;
    EXPECT_TRUE(Stub().UpdateUserConfig(As(&user).get(), update, &config).ok());
    return config;
  }

  // The user's stored context names no customer and no project.
  static void ExpectNoActiveContext(const common::Principal& user) {
    v1::UserConfig config;
    ASSERT_TRUE(Stub().GetUserConfig(As(&user).get(), {}, &config).ok());
    EXPECT_FALSE(config.has_active_customer());
    EXPECT_FALSE(config.has_active_project());
  }

  /// Login + Authenticate, the way the gateway does it.
  static common::Principal SignIn(const std::string& username, const std::string& password) {
    v1::LoginRequest login;
    login.set_username(username);
    login.set_password(password);
    v1::LoginResponse session;
    const grpc::Status status = Stub().Login(As(nullptr).get(), login, &session);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::AuthenticateRequest authenticate;
    authenticate.set_session_token(session.session_token());
    common::Principal principal;
    EXPECT_TRUE(Stub().Authenticate(As(nullptr).get(), authenticate, &principal).ok());
    return principal;
  }

  static common::Principal Admin() { return SignIn("admin", kAdminPassword); }

  /// Creates a user (as admin) and signs them in. Usernames carry the pid because the login
  /// throttle lives in the shared Redis.
  static common::Principal NewUser(const std::string& base_name) {
    const std::string username = base_name + "-" + std::to_string(::getpid());
    const common::Principal admin = Admin();
    v1::CreateUserRequest create;
    create.set_username(username);
    create.set_password("password-of-" + base_name);
    create.set_first_name(base_name);
    v1::User user;
    const grpc::Status status = Stub().CreateUser(As(&admin).get(), create, &user);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return SignIn(username, "password-of-" + base_name);
  }

  static v1::Customer NewCustomer(const std::string& name) {
    const common::Principal admin = Admin();
    v1::CreateCustomerRequest create;
    create.set_name(name);
    create.set_notes("notes of " + name);
    v1::Customer customer;
    const grpc::Status status = Stub().CreateCustomer(As(&admin).get(), create, &customer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return customer;
  }

  static void AddMember(int64_t customer_id, const std::string& username) {
    const common::Principal admin = Admin();
    v1::AddMemberRequest add;
    add.set_id(customer_id);
    add.set_username(username);
    v1::Member member;
    const grpc::Status status = Stub().AddMember(As(&admin).get(), add, &member);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  static v1::Project NewProject(const common::Principal& as, int64_t customer_id,
                                const std::string& name) {
    v1::CreateProjectRequest create;
    create.set_customer(customer_id);
    create.set_name(name);
    v1::Project project;
    const grpc::Status status = Stub().CreateProject(As(&as).get(), create, &project);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return project;
  }

  static Fixture* fixture_;
};

Fixture* IdentityServiceTest::fixture_ = nullptr;

TEST_F(IdentityServiceTest, LoginAnswersWrongPasswordAndUnknownUserAlike) {
  v1::LoginRequest request;
  v1::LoginResponse response;

  grpc::Status status = Stub().Login(As(nullptr).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "username and password are required");

  const common::Principal pat = NewUser("pat");
  request.set_username(pat.username());
  request.set_password("wrong-password");
  status = Stub().Login(As(nullptr).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "Invalid username or password");

  request.set_username("nobody-" + std::to_string(::getpid()));
  status = Stub().Login(As(nullptr).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "Invalid username or password");

  // libpq would cut a NUL-suffixed name down to the real one; such names never reach SQL.
  request.set_username(pat.username() + std::string(1, '\0') + "x");
  request.set_password("password-of-pat");
  status = Stub().Login(As(nullptr).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  request.set_username(pat.username());
  status = Stub().Login(As(nullptr).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.message(), "Login successful");
  EXPECT_EQ(response.user().username(), pat.username());
  EXPECT_EQ(response.user().first_name(), "pat");
  EXPECT_FALSE(response.user().is_superuser());
  EXPECT_EQ(response.session_token().size(), 64u);
  EXPECT_EQ(response.csrf_token().size(), 64u);
  EXPECT_NE(response.session_token(), response.csrf_token());
}

TEST_F(IdentityServiceTest, RepeatedFailuresSlowThatAddressOnlyThenClearedBySuccess) {
  const common::Principal carol = NewUser("carol");
  const std::string guesser = "192.0.2.1";
  const std::string owner = "198.51.100.7";
  v1::LoginRequest request;
  request.set_username(carol.username());
  request.set_password("not-her-password");
  request.set_client_address(guesser);
  v1::LoginResponse response;
  for (int i = 0; i <= kThrottleRules.free_failures; ++i) {
    EXPECT_EQ(Stub().Login(As(nullptr).get(), request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // From the guessing address even the right password must wait, in any letter case...
  request.set_password("password-of-carol");
  request.set_username("C" + carol.username().substr(1));
  const grpc::Status throttled = Stub().Login(As(nullptr).get(), request, &response);
  EXPECT_EQ(throttled.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(throttled.error_message(), "Too many failed login attempts. Try again later.");
  const std::optional<common::v1::ErrorDetails> details = common::DetailsOf(throttled);
  ASSERT_TRUE(details.has_value());
  ASSERT_TRUE(details->has_retry_after());
  EXPECT_EQ(details->retry_after().seconds(), 60);

  // ...while the owner, elsewhere, is not locked out.
  request.set_client_address(owner);
  EXPECT_TRUE(Stub().Login(As(nullptr).get(), request, &response).ok());

  request.set_client_address(guesser);
  F().throttle->Reset(carol.username(), guesser);  // the wait passing
  EXPECT_TRUE(Stub().Login(As(nullptr).get(), request, &response).ok());
}

TEST_F(IdentityServiceTest, PasswordChangeEndsEveryOtherSessionOfTheUser) {
  const common::Principal ivy = NewUser("ivy");
  v1::LoginRequest login;
  login.set_username(ivy.username());
  login.set_password("password-of-ivy");
  v1::LoginResponse first;
  v1::LoginResponse second;
  v1::LoginResponse third;
  ASSERT_TRUE(Stub().Login(As(nullptr).get(), login, &first).ok());
  ASSERT_TRUE(Stub().Login(As(nullptr).get(), login, &second).ok());
  const auto alive = [](const std::string& token) {
    v1::AuthenticateRequest authenticate;
    authenticate.set_session_token(token);
    common::Principal principal;
    return Stub().Authenticate(As(nullptr).get(), authenticate, &principal).ok();
  };

  v1::ChangePasswordRequest change;
  change.set_id(ivy.user_id());
  change.set_current_password("password-of-ivy");
  change.set_new_password("ivy-second-password");
  change.set_session_token(first.session_token());
  common::v1::MessageResponse answer;
  ASSERT_TRUE(Stub().ChangePassword(As(&ivy).get(), change, &answer).ok());
  EXPECT_TRUE(alive(first.session_token()));
  EXPECT_FALSE(alive(second.session_token()));

  // A superuser's reset keeps none of them, not even one named in the request.
  login.set_password("ivy-second-password");
  ASSERT_TRUE(Stub().Login(As(nullptr).get(), login, &third).ok());
  const common::Principal admin = Admin();
  change.clear_current_password();
  change.set_new_password("ivy-reset-password");
  change.set_session_token(third.session_token());
  ASSERT_TRUE(Stub().ChangePassword(As(&admin).get(), change, &answer).ok());
  EXPECT_FALSE(alive(first.session_token()));
  EXPECT_FALSE(alive(third.session_token()));
}

TEST_F(IdentityServiceTest, AuthenticateResolvesSessionUntilLogout) {
  const common::Principal dave = NewUser("dave");
  v1::LoginRequest login;
  login.set_username(dave.username());
  login.set_password("password-of-dave");
  v1::LoginResponse session;
  ASSERT_TRUE(Stub().Login(As(nullptr).get(), login, &session).ok());

  v1::AuthenticateRequest authenticate;
  authenticate.set_session_token(session.session_token());
  common::Principal principal;
  ASSERT_TRUE(Stub().Authenticate(As(nullptr).get(), authenticate, &principal).ok());
  EXPECT_EQ(principal.username(), dave.username());
  EXPECT_EQ(principal.first_name(), "dave");
  EXPECT_FALSE(principal.is_superuser());

  v1::User me;
  ASSERT_TRUE(Stub().GetCurrentUser(As(&principal).get(), {}, &me).ok());
  EXPECT_EQ(me.id(), principal.user_id());

  v1::LogoutRequest logout;
  logout.set_session_token(session.session_token());
  common::v1::MessageResponse bye;
  ASSERT_TRUE(Stub().Logout(As(nullptr).get(), logout, &bye).ok());
  EXPECT_EQ(bye.message(), "Logout successful");

  const grpc::Status after = Stub().Authenticate(As(nullptr).get(), authenticate, &principal);
  EXPECT_EQ(after.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(after.error_message(), "Authentication required");

  authenticate.set_session_token("garbage");
  EXPECT_EQ(Stub().Authenticate(As(nullptr).get(), authenticate, &principal).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Stub().GetCurrentUser(As(nullptr).get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, OnlySuperusersManageUsersAndUsernamesAreUnique) {
  const common::Principal admin = Admin();
  const common::Principal erin = NewUser("erin");

  v1::CreateUserRequest create;
  create.set_username("frank");
  create.set_password("long-enough");
  v1::User user;
  grpc::Status status = Stub().CreateUser(As(&erin).get(), create, &user);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(), "Only a superuser can manage users.");

  create.set_username("E" + erin.username().substr(1));  // unique regardless of case
  status = Stub().CreateUser(As(&admin).get(), create, &user);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(status.error_message(), "A user with that username already exists.");

  create.set_username("bad name");
  EXPECT_EQ(Stub().CreateUser(As(&admin).get(), create, &user).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  create.set_username("frank");
  create.set_password("short");
  EXPECT_EQ(Stub().CreateUser(As(&admin).get(), create, &user).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListUsersRequest list;
  list.set_search(erin.username());
  v1::ListUsersResponse users;
  ASSERT_TRUE(Stub().ListUsers(As(&admin).get(), list, &users).ok());
  ASSERT_EQ(users.results_size(), 1);
  EXPECT_EQ(users.count(), 1);
  EXPECT_EQ(users.results(0).username(), erin.username());
  EXPECT_EQ(Stub().ListUsers(As(&erin).get(), list, &users).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Self-service profile update; someone else's profile is off limits.
  v1::UpdateUserRequest update;
  update.set_id(erin.user_id());
  update.set_email("erin@example.com");
  ASSERT_TRUE(Stub().UpdateUser(As(&erin).get(), update, &user).ok());
  EXPECT_EQ(user.email(), "erin@example.com");
  EXPECT_EQ(user.first_name(), "erin");  // untouched
  update.set_id(admin.user_id());
  EXPECT_EQ(Stub().UpdateUser(As(&erin).get(), update, &user).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(IdentityServiceTest, ChangePasswordNeedsTheCurrentOneForYourself) {
  const common::Principal admin = Admin();
  const common::Principal gina = NewUser("gina");
  v1::ChangePasswordRequest change;
  change.set_id(gina.user_id());
  change.set_current_password("not-the-password");
  change.set_new_password("a-new-password");
  common::v1::MessageResponse answer;

  grpc::Status status = Stub().ChangePassword(As(&gina).get(), change, &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "Current password is incorrect.");

  change.set_current_password("password-of-gina");
  change.set_new_password("short");
  EXPECT_EQ(Stub().ChangePassword(As(&gina).get(), change, &answer).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  change.set_new_password("a-new-password");
  ASSERT_TRUE(Stub().ChangePassword(As(&gina).get(), change, &answer).ok());
  EXPECT_EQ(answer.message(), "Password changed successfully");
  SignIn(gina.username(), "a-new-password");

  // A superuser resets someone else's password without knowing it.
  change.clear_current_password();
  change.set_new_password("reset-by-admin");
  ASSERT_TRUE(Stub().ChangePassword(As(&admin).get(), change, &answer).ok());
  SignIn(gina.username(), "reset-by-admin");

  change.set_id(admin.user_id());
  EXPECT_EQ(Stub().ChangePassword(As(&gina).get(), change, &answer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(IdentityServiceTest, CustomersAreVisibleToMembersOnly) {
  const common::Principal admin = Admin();
  const common::Principal hank = NewUser("hank");
  const v1::Customer acme = NewCustomer("Acme");
  const v1::Customer globex = NewCustomer("Globex");
  EXPECT_EQ(acme.version(), 0);
  EXPECT_EQ(acme.last_modified_by(), "admin");

  v1::GetCustomerRequest get;
  get.set_id(acme.id());
  v1::Customer customer;
  grpc::Status status = Stub().GetCustomer(As(&hank).get(), get, &customer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "Customer not found.");

  AddMember(acme.id(), hank.username());
  ASSERT_TRUE(Stub().GetCustomer(As(&hank).get(), get, &customer).ok());
  EXPECT_EQ(customer.name(), "Acme");

  v1::ListCustomersResponse list;
  ASSERT_TRUE(Stub().ListCustomers(As(&hank).get(), {}, &list).ok());
  ASSERT_EQ(list.count(), 1);
  EXPECT_EQ(list.results(0).id(), acme.id());
  ASSERT_TRUE(Stub().ListCustomers(As(&admin).get(), {}, &list).ok());
  EXPECT_GE(list.count(), 2);

  v1::ListCustomersRequest search;
  search.set_search("glob");
  search.set_ordering("-name");
  ASSERT_TRUE(Stub().ListCustomers(As(&admin).get(), search, &list).ok());
  ASSERT_EQ(list.count(), 1);
  EXPECT_EQ(list.results(0).id(), globex.id());
  search.set_ordering("password_hash");
  EXPECT_EQ(Stub().ListCustomers(As(&admin).get(), search, &list).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::CreateCustomerRequest create;
  create.set_name("Initech");
  EXPECT_EQ(Stub().CreateCustomer(As(&hank).get(), create, &customer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  create.set_notes(std::string("cut\0here", 8));
  EXPECT_EQ(Stub().CreateCustomer(As(&admin).get(), create, &customer).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  create.clear_notes();
  create.set_name("  Acme ");
  status = Stub().CreateCustomer(As(&admin).get(), create, &customer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(status.error_message(), "A customer with that name already exists.");

  v1::ListMembersRequest members_request;
  members_request.set_id(acme.id());
  v1::ListMembersResponse members;
  ASSERT_TRUE(Stub().ListMembers(As(&admin).get(), members_request, &members).ok());
  ASSERT_EQ(members.members_size(), 1);
  EXPECT_EQ(members.members(0).username(), hank.username());

  v1::AddMemberRequest add;
  add.set_id(acme.id());
  add.set_username("no-such-user");
  v1::Member member;
  status = Stub().AddMember(As(&admin).get(), add, &member);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "User not found.");
}

TEST_F(IdentityServiceTest, CustomerUpdateIsOneCompareAndSet) {
  const common::Principal ivan = NewUser("ivan");
  const v1::Customer customer = NewCustomer("Umbrella");
  AddMember(customer.id(), ivan.username());

  v1::UpdateCustomerRequest update;
  update.set_id(customer.id());
  update.set_notes("first edit");
  v1::Customer updated;
  grpc::Status status = Stub().UpdateCustomer(As(&ivan).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);  // no version

  update.set_version(0);
  ASSERT_TRUE(Stub().UpdateCustomer(As(&ivan).get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 1);
  EXPECT_EQ(updated.notes(), "first edit");
  EXPECT_EQ(updated.name(), "Umbrella");
  EXPECT_EQ(updated.last_modified_by(), ivan.username());

  // A stale version loses, with the seed's conflict payload.
  update.set_notes("stale edit");
  status = Stub().UpdateCustomer(As(&ivan).get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  const common::Error conflict = common::FromGrpcStatus(status);
  ASSERT_TRUE(conflict.details().has_version_conflict());
  EXPECT_EQ(conflict.details().version_conflict().entity(), "customer");
  EXPECT_EQ(conflict.details().version_conflict().current_version(), 1);
  EXPECT_EQ(conflict.details().version_conflict().last_modified_by(), ivan.username());

  // Saving what is already there changes nothing, not even the version.
  const common::Principal admin = Admin();
  update.set_version(1);
  update.set_notes("first edit");
  ASSERT_TRUE(Stub().UpdateCustomer(As(&admin).get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 1);
  EXPECT_EQ(updated.last_modified_by(), ivan.username());

  // Renaming onto another customer's name is a duplicate, not a 500.
  NewCustomer("Hooli");
  update.set_name("Hooli");
  status = Stub().UpdateCustomer(As(&admin).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  update.set_id(customer.id() + 100000);
  EXPECT_EQ(Stub().UpdateCustomer(As(&admin).get(), update, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, ConcurrentUpdatesAtOneVersionHaveExactlyOneWinner) {
  const common::Principal admin = Admin();
  const v1::Customer customer = NewCustomer("Contended");
  constexpr int kWriters = 8;
  std::atomic<int> wins{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      v1::UpdateCustomerRequest update;
      update.set_id(customer.id());
      update.set_version(0);
      update.set_notes("writer " + std::to_string(i));
      v1::Customer updated;
      const grpc::Status status = Stub().UpdateCustomer(As(&admin).get(), update, &updated);
      if (status.ok()) {
        ++wins;
      } else if (status.error_code() == grpc::StatusCode::ABORTED) {
        ++conflicts;
      }
    });
  }
  for (std::thread& writer : writers) {
    writer.join();
  }
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kWriters - 1);

  v1::GetCustomerRequest get;
  get.set_id(customer.id());
  v1::Customer current;
  ASSERT_TRUE(Stub().GetCustomer(As(&admin).get(), get, &current).ok());
  EXPECT_EQ(current.version(), 1);
}

TEST_F(IdentityServiceTest, DeleteNeedsTheCurrentVersion) {
  const common::Principal admin = Admin();
  const v1::Customer customer = NewCustomer("Soylent");
  v1::DeleteCustomerRequest remove;
  remove.set_id(customer.id());
  common::v1::MessageResponse answer;
  EXPECT_EQ(Stub().DeleteCustomer(As(&admin).get(), remove, &answer).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  remove.set_version(5);
  EXPECT_EQ(Stub().DeleteCustomer(As(&admin).get(), remove, &answer).error_code(),
            grpc::StatusCode::ABORTED);
  remove.set_version(0);
  ASSERT_TRUE(Stub().DeleteCustomer(As(&admin).get(), remove, &answer).ok());
  EXPECT_EQ(answer.message(), "Customer deleted successfully.");
  EXPECT_EQ(Stub().DeleteCustomer(As(&admin).get(), remove, &answer).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, ProjectsBelongToOneCustomerAndAreVersioned) {
  const common::Principal judy = NewUser("judy");
  const common::Principal kurt = NewUser("kurt");
  const v1::Customer customer = NewCustomer("Wayne");
  AddMember(customer.id(), judy.username());

  const v1::Project zeta = NewProject(judy, customer.id(), "Zeta migration");
  const v1::Project alpha = NewProject(judy, customer.id(), "Alpha refresh");
  EXPECT_EQ(alpha.customer(), customer.id());
  EXPECT_EQ(alpha.version(), 0);
  EXPECT_EQ(alpha.last_modified_by(), judy.username());

  v1::CreateProjectRequest duplicate;
  duplicate.set_customer(customer.id());
  duplicate.set_name("Alpha refresh");
  v1::Project project;
  EXPECT_EQ(Stub().CreateProject(As(&judy).get(), duplicate, &project).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Stub().CreateProject(As(&kurt).get(), duplicate, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);
  duplicate.set_name("   ");
  EXPECT_EQ(Stub().CreateProject(As(&judy).get(), duplicate, &project).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListProjectsRequest list;
  list.set_customer_id(customer.id());
  v1::ListProjectsResponse projects;
  ASSERT_TRUE(Stub().ListProjects(As(&judy).get(), list, &projects).ok());
  ASSERT_EQ(projects.projects_size(), 2);
  EXPECT_EQ(projects.projects(0).name(), "Alpha refresh");
  EXPECT_EQ(projects.projects(1).id(), zeta.id());
  EXPECT_EQ(Stub().ListProjects(As(&kurt).get(), list, &projects).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::GetProjectRequest get;
  get.set_id(zeta.id());
  EXPECT_EQ(Stub().GetProject(As(&kurt).get(), get, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Stub().GetProject(As(&judy).get(), get, &project).ok());
  EXPECT_EQ(project.customer(), customer.id());

  v1::UpdateProjectRequest update;
  update.set_id(zeta.id());
  update.set_version(0);
  update.set_name("Zeta cutover");
  ASSERT_TRUE(Stub().UpdateProject(As(&judy).get(), update, &project).ok());
  EXPECT_EQ(project.version(), 1);
  EXPECT_EQ(Stub().UpdateProject(As(&judy).get(), update, &project).error_code(),
            grpc::StatusCode::ABORTED);

  v1::DeleteProjectRequest remove;
  remove.set_id(zeta.id());
  remove.set_version(1);
  common::v1::MessageResponse answer;
  ASSERT_TRUE(Stub().DeleteProject(As(&judy).get(), remove, &answer).ok());
  EXPECT_EQ(answer.message(), "Project 'Zeta cutover' deleted successfully.");
}

TEST_F(IdentityServiceTest, ResolveProjectsAnswersEveryExistingProjectInOneCall) {
  const common::Principal admin = Admin();
  const common::Principal lena = NewUser("lena");
  const v1::Customer own = NewCustomer("Resolve own");
  const v1::Customer other = NewCustomer("Resolve other");
  AddMember(own.id(), lena.username());
  const v1::Project mine = NewProject(admin, own.id(), "Mine");
  const v1::Project theirs = NewProject(admin, other.id(), "Theirs");

  v1::ResolveProjectsRequest resolve;
  for (const int64_t id : {theirs.id(), mine.id(), mine.id(), theirs.id() + 100000}) {
    resolve.add_project_ids(id);
  }
  v1::ResolveProjectsResponse resolved;
  ASSERT_TRUE(Stub().ResolveProjects(As(&lena).get(), resolve, &resolved).ok());
  ASSERT_EQ(resolved.projects_size(), 2);
  EXPECT_EQ(resolved.projects(0).id(), mine.id());
  EXPECT_EQ(resolved.projects(0).customer_id(), own.id());
  EXPECT_EQ(resolved.projects(1).id(), theirs.id());
  EXPECT_EQ(resolved.projects(1).customer_id(), other.id());

  resolve.clear_project_ids();
  ASSERT_TRUE(Stub().ResolveProjects(As(&lena).get(), resolve, &resolved).ok());
  EXPECT_EQ(resolved.projects_size(), 0);
}

TEST_F(IdentityServiceTest, ListsFollowEveryAllowedOrdering) {
  const common::Principal admin = Admin();
  const v1::Customer first = NewCustomer("Order aa");
  const v1::Customer second = NewCustomer("Order bb");

  v1::ListCustomersRequest customers;
  customers.set_search("Order ");
  v1::ListCustomersResponse listed;
  for (const auto& [ordering, first_id] :
       std::vector<std::pair<std::string, int64_t>>{{"name", first.id()},
                                                    {"-name", second.id()},
                                                    {"id", first.id()},
                                                    {"-id", second.id()},
                                                    {"last_modified_at", first.id()},
                                                    {"-last_modified_at", second.id()}}) {
    customers.set_ordering(ordering);
    ASSERT_TRUE(Stub().ListCustomers(As(&admin).get(), customers, &listed).ok()) << ordering;
    ASSERT_EQ(listed.results_size(), 2) << ordering;
    EXPECT_EQ(listed.results(0).id(), first_id) << ordering;
  }

  v1::ListUsersRequest users;
  users.set_ordering("-id");
  users.set_page_size(1);
  v1::ListUsersResponse page;
  ASSERT_TRUE(Stub().ListUsers(As(&admin).get(), users, &page).ok());
  const int64_t newest = page.results(0).id();
  users.set_ordering("-date_joined");
  ASSERT_TRUE(Stub().ListUsers(As(&admin).get(), users, &page).ok());
  EXPECT_EQ(page.results(0).id(), newest);
  users.set_ordering("username");
  ASSERT_TRUE(Stub().ListUsers(As(&admin).get(), users, &page).ok());
  EXPECT_EQ(page.results(0).username(), "admin");
}

TEST_F(IdentityServiceTest, UserConfigRejectsBadPairsWithoutChangingAnything) {
  const common::Principal lena = NewUser("lena-config");
  const v1::Customer mine = NewCustomer("Stark");
  const v1::Customer other = NewCustomer("Tyrell");
  AddMember(mine.id(), lena.username());
  const v1::Project my_project = NewProject(lena, mine.id(), "Stark SAN");
  const v1::Project other_project = NewProject(Admin(), other.id(), "Tyrell SAN");

  ExpectNoActiveContext(lena);

  v1::UserConfig config = SetActiveContext(lena, mine.id(), my_project.id());
  EXPECT_EQ(config.active_customer().name(), "Stark");
  EXPECT_EQ(config.active_project().id(), my_project.id());

  const auto expect_invalid = [&](const v1::UpdateUserConfigRequest& request,
                                  const std::string& message) {
    v1::UserConfig ignored;
    const grpc::Status status = Stub().UpdateUserConfig(As(&lena).get(), request, &ignored);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << message;
    if (!message.empty()) {
      EXPECT_EQ(status.error_message(), message);
    }
  };
  v1::UpdateUserConfigRequest foreign_project;
  foreign_project.set_active_customer_id(mine.id());
  foreign_project.set_active_project_id(other_project.id());
  expect_invalid(foreign_project, "Project " + std::to_string(other_project.id()) +
                                      " is not a project of customer " + std::to_string(mine.id()) +
                                      ".");
  v1::UpdateUserConfigRequest not_a_member;
  not_a_member.set_active_customer_id(other.id());
  expect_invalid(not_a_member, "");
  v1::UpdateUserConfigRequest missing_customer;
  missing_customer.set_active_customer_id(mine.id() + 100000);
  expect_invalid(missing_customer, "");
  v1::UpdateUserConfigRequest project_alone;
  project_alone.set_active_project_id(my_project.id());
  expect_invalid(project_alone, "");
  v1::UpdateUserConfigRequest missing_project;
  missing_project.set_active_customer_id(mine.id());
  missing_project.set_active_project_id(other_project.id() + 100000);
  expect_invalid(missing_project, "Project " + std::to_string(other_project.id() + 100000) +
                                      " is not a project of customer " + std::to_string(mine.id()) +
                                      ".");

  ASSERT_TRUE(Stub().GetUserConfig(As(&lena).get(), {}, &config).ok());
  EXPECT_EQ(config.active_customer().id(), mine.id());
  EXPECT_EQ(config.active_project().id(), my_project.id());

  ASSERT_TRUE(Stub().UpdateUserConfig(As(&lena).get(), {}, &config).ok());
  EXPECT_FALSE(config.has_active_customer());
  ExpectNoActiveContext(lena);
}

TEST_F(IdentityServiceTest, UserConfigAnswersForeignAndMissingProjectsAlike) {
  // Another customer's project and a project that does not exist get the same words, so a member
  // cannot learn which project ids exist outside their customers.
  const common::Principal rosa = NewUser("rosa");
  const v1::Customer mine = NewCustomer("Oscorp");
  const v1::Customer other = NewCustomer("Nakatomi");
  AddMember(mine.id(), rosa.username());
  const v1::Project foreign = NewProject(Admin(), other.id(), "Nakatomi SAN");

  const auto message_for = [&](int64_t project_id) {
    v1::UpdateUserConfigRequest request;
    request.set_active_customer_id(mine.id());
    request.set_active_project_id(project_id);
    v1::UserConfig ignored;
    const grpc::Status status = Stub().UpdateUserConfig(As(&rosa).get(), request, &ignored);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    std::string message = status.error_message();
    const std::string id = std::to_string(project_id);
    if (const size_t at = message.find(id); at != std::string::npos) {
      message.replace(at, id.size(), "<id>");
    }
    return message;
  };
  const std::string foreign_message = message_for(foreign.id());
  EXPECT_EQ(foreign_message, message_for(foreign.id() + 100000));
  EXPECT_EQ(foreign_message,
            "Project <id> is not a project of customer " + std::to_string(mine.id()) + ".");
}

TEST_F(IdentityServiceTest, OnlySuperusersRenameCustomers) {
  const common::Principal admin = Admin();
  const common::Principal sara = NewUser("sara");
  const v1::Customer mine = NewCustomer("Vandelay");
  NewCustomer("Kramerica-Secret");  // a customer sara cannot see
  AddMember(mine.id(), sara.username());

  const auto current = [&] {
    v1::GetCustomerRequest get;
    get.set_id(mine.id());
    v1::Customer customer;
    EXPECT_TRUE(Stub().GetCustomer(As(&admin).get(), get, &customer).ok());
    return customer;
  };
  // An edit of name and notes by a client that loaded version 0.
  const auto edit_of_version_0 = [&](const std::string& name, const std::string& notes) {
    v1::UpdateCustomerRequest edit;
    edit.set_id(mine.id());
    edit.set_version(0);
    edit.set_name(name);
    edit.set_notes(notes);
    return edit;
  };

  // Neither another customer's name nor a free one: the answer is the same 403 either way, so
  // it says nothing about the names of customers she cannot see, and nothing changes.
  for (const std::string name : {"Kramerica-Secret", "Vandelay Industries"}) {
    const v1::UpdateCustomerRequest rename = edit_of_version_0(name, "renamed by a member");
    v1::Customer updated;
    const grpc::Status status = Stub().UpdateCustomer(As(&sara).get(), rename, &updated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << name;
    EXPECT_EQ(status.error_message(), "Only a superuser can rename a customer.") << name;
    const common::Error error = common::FromGrpcStatus(status);
    EXPECT_STREQ(error.what(), "Only a superuser can rename a customer.");
    EXPECT_EQ(error.details().detail_case(), common::v1::ErrorDetails::DETAIL_NOT_SET);
    EXPECT_EQ(current().version(), 0);
    EXPECT_EQ(current().name(), "Vandelay");
  }

  // The unchanged name with other edits is fine.
  v1::UpdateCustomerRequest edit = edit_of_version_0("  Vandelay ", "latex");
  v1::Customer updated;
  ASSERT_TRUE(Stub().UpdateCustomer(As(&sara).get(), edit, &updated).ok());
  EXPECT_EQ(updated.version(), 1);
  EXPECT_EQ(updated.name(), "Vandelay");
  EXPECT_EQ(updated.notes(), "latex");

  // A superuser renames; a member still holding the old name and version gets the conflict.
  v1::UpdateCustomerRequest rename;
  rename.set_id(mine.id());
  rename.set_version(1);
  rename.set_name("Vandelay Industries");
  ASSERT_TRUE(Stub().UpdateCustomer(As(&admin).get(), rename, &updated).ok());
  EXPECT_EQ(updated.name(), "Vandelay Industries");
  edit.set_version(1);
  edit.set_notes("import/export");
  EXPECT_EQ(Stub().UpdateCustomer(As(&sara).get(), edit, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  rename.set_version(2);
  rename.set_name("Kramerica-Secret");
  EXPECT_EQ(Stub().UpdateCustomer(As(&admin).get(), rename, &updated).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // A customer she is not a member of is still just "not found".
  const v1::Customer hidden = NewCustomer("Pendant Publishing");
  rename.set_id(hidden.id());
  rename.set_version(0);
  rename.set_name("Pendant");
  const grpc::Status status = Stub().UpdateCustomer(As(&sara).get(), rename, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, NullVersionIsAnInvalidArgumentNamingVersion) {
  const common::Principal admin = Admin();
  const v1::Customer customer = NewCustomer("Monsters Inc");
  const v1::Project project = NewProject(admin, customer.id(), "Scare floor");
  const auto expect_null_version = [](const grpc::Status& status, const char* what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << what;
    EXPECT_NE(status.error_message().find("version"), std::string::npos) << what;
  };
  const auto expect_missing_version = [](const grpc::Status& status, const char* what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << what;
  };

  // A notes edit of `request` is refused without a version, then with version null; `update` is
  // the stub's Update call of that record.
  const auto expect_edit_refused = [&](auto& request, auto& out, auto update,
                                       const std::string& entity) {
    request.set_notes("edited");
    request.add_json_fields("notes");
    expect_missing_version((Stub().*update)(As(&admin).get(), request, &out),
                           (entity + " update without version").c_str());
    request.add_json_fields("version");
    expect_null_version((Stub().*update)(As(&admin).get(), request, &out),
                        (entity + " update with version null").c_str());
  };
  v1::UpdateCustomerRequest update_customer;
  update_customer.set_id(customer.id());
  v1::Customer customer_out;
  expect_edit_refused(update_customer, customer_out, &v1::Identity::Stub::UpdateCustomer,
                      "customer");
  v1::UpdateProjectRequest update_project;
  update_project.set_id(project.id());
  v1::Project project_out;
  expect_edit_refused(update_project, project_out, &v1::Identity::Stub::UpdateProject, "project");

  common::v1::MessageResponse answer;
  v1::DeleteProjectRequest delete_project;
  delete_project.set_id(project.id());
  delete_project.add_json_fields("version");
  expect_null_version(Stub().DeleteProject(As(&admin).get(), delete_project, &answer),
                      "project delete with version null");
  v1::DeleteCustomerRequest delete_customer;
  delete_customer.set_id(customer.id());
  delete_customer.add_json_fields("version");
  expect_null_version(Stub().DeleteCustomer(As(&admin).get(), delete_customer, &answer),
                      "customer delete with version null");

  // Nothing changed, and a real version (e.g. from If-Match) still wins over the null key.
  update_customer.set_version(0);
  ASSERT_TRUE(Stub().UpdateCustomer(As(&admin).get(), update_customer, &customer_out).ok());
  EXPECT_EQ(customer_out.version(), 1);
  delete_project.set_version(0);
  ASSERT_TRUE(Stub().DeleteProject(As(&admin).get(), delete_project, &answer).ok());
}

TEST_F(IdentityServiceTest, RemovingAMemberClearsTheirContextInThatCustomer) {
  const common::Principal admin = Admin();
  const common::Principal mona = NewUser("mona");
  const v1::Customer customer = NewCustomer("Cyberdyne");
  AddMember(customer.id(), mona.username());
  const v1::Project project = NewProject(mona, customer.id(), "T-800");
  SetActiveContext(mona, customer.id(), project.id());

  v1::RemoveMemberRequest remove;
  remove.set_id(customer.id());
  remove.set_user_id(mona.user_id());
  common::v1::MessageResponse answer;
  ASSERT_TRUE(Stub().RemoveMember(As(&admin).get(), remove, &answer).ok());
  EXPECT_EQ(Stub().RemoveMember(As(&admin).get(), remove, &answer).error_code(),
            grpc::StatusCode::NOT_FOUND);

  ExpectNoActiveContext(mona);
}

TEST_F(IdentityServiceTest, UserContextsComeInOneBatch) {
  const common::Principal nora = NewUser("nora");
  const common::Principal otto = NewUser("otto");
  const v1::Customer customer = NewCustomer("Aperture");
  AddMember(customer.id(), nora.username());
  SetActiveContext(nora, customer.id());

  v1::GetUserContextsRequest request;
  request.add_user_ids(otto.user_id());
  request.add_user_ids(nora.user_id());
  request.add_user_ids(999999);  // unknown ids are left out
  v1::GetUserContextsResponse response;
  ASSERT_TRUE(Stub().GetUserContexts(As(&otto).get(), request, &response).ok());
  ASSERT_EQ(response.users_size(), 2);
  const v1::UserContext& first = response.users(0);  // ordered by id: nora was created first
  EXPECT_EQ(first.user().username(), nora.username());
  EXPECT_EQ(first.active_customer().name(), "Aperture");
  EXPECT_FALSE(first.active_project().has_id());
  const v1::UserContext& second = response.users(1);
  EXPECT_EQ(second.user().first_name(), "otto");
  EXPECT_TRUE(second.has_active_customer());  // present, with unset fields: {"id":null,...}
  EXPECT_FALSE(second.active_customer().has_id());

  EXPECT_EQ(Stub().GetUserContexts(As(nullptr).get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, TheUserDirectoryAnswersWhatChangedSinceAVersion) {
  const common::Principal pia = NewUser("pia");
  const common::Principal quinn = NewUser("quinn");
  const auto directory = [&](int64_t since, std::vector<int64_t> ids) {
    v1::GetUserDirectoryRequest request;
    request.set_since_version(since);
    for (int64_t id : ids) request.add_user_ids(id);
    v1::GetUserDirectoryResponse response;
    EXPECT_TRUE(Stub().GetUserDirectory(As(&pia).get(), request, &response).ok());
    return response;
  };

  // A copy of nothing: the users asked for, no changes.
  const v1::GetUserDirectoryResponse first = directory(0, {pia.user_id(), 999999});
  EXPECT_FALSE(first.reset());
  ASSERT_EQ(first.users_size(), 1);
  EXPECT_EQ(first.users(0).user().username(), pia.username());
  ASSERT_EQ(first.gone_size(), 1);
  EXPECT_EQ(first.gone(0), 999999);
  EXPECT_GT(first.epoch(), 0);

  // Nothing changed since: nothing answered.
  const v1::GetUserDirectoryResponse same = directory(first.version(), {});
  EXPECT_EQ(same.version(), first.version());
  EXPECT_EQ(same.users_size(), 0);
  EXPECT_EQ(same.epoch(), first.epoch());

  // A rename is a change, one version later; quinn, unchanged, is not answered.
  v1::UpdateUserRequest rename;
  rename.set_id(pia.user_id());
  rename.set_first_name("Pia Renamed");
  v1::User renamed;
  ASSERT_TRUE(Stub().UpdateUser(As(&pia).get(), rename, &renamed).ok());
  const v1::GetUserDirectoryResponse after = directory(first.version(), {});
  EXPECT_EQ(after.version(), first.version() + 1);
  ASSERT_EQ(after.users_size(), 1);
  EXPECT_EQ(after.users(0).user().first_name(), "Pia Renamed");

  // An e-mail is not in the directory: no new version.
  v1::UpdateUserRequest email;
  email.set_id(quinn.user_id());
  email.set_email("quinn@example.org");
  ASSERT_TRUE(Stub().UpdateUser(As(&quinn).get(), email, &renamed).ok());
  EXPECT_EQ(directory(after.version(), {}).version(), after.version());

  // A context switch, and a customer renamed under it, each a version.
  const v1::Customer customer = NewCustomer("Directory Co");
  AddMember(customer.id(), quinn.username());
  SetActiveContext(quinn, customer.id());
  const v1::GetUserDirectoryResponse switched = directory(after.version(), {});
  ASSERT_EQ(switched.users_size(), 1);
  EXPECT_EQ(switched.users(0).active_customer().name(), "Directory Co");
  const common::Principal admin = Admin();
  v1::UpdateCustomerRequest update;
  update.set_id(customer.id());
  update.set_name("Directory Co renamed");
  update.set_notes("");
  update.set_version(customer.version());
  v1::Customer updated;
  ASSERT_TRUE(Stub().UpdateCustomer(As(&admin).get(), update, &updated).ok());
  const v1::GetUserDirectoryResponse renamed_customer = directory(switched.version(), {});
  EXPECT_EQ(renamed_customer.version(), switched.version() + 1);
  ASSERT_EQ(renamed_customer.users_size(), 1);
  EXPECT_EQ(renamed_customer.users(0).user().id(), quinn.user_id());
  EXPECT_EQ(renamed_customer.users(0).active_customer().name(), "Directory Co renamed");

  // A version the directory has not reached (a restored database) is not served.
  const v1::GetUserDirectoryResponse future = directory(renamed_customer.version() + 100, {});
  EXPECT_TRUE(future.reset());
  EXPECT_EQ(future.users_size(), 0);

  v1::GetUserDirectoryRequest negative;
  negative.set_since_version(-1);
  v1::GetUserDirectoryResponse response;
  EXPECT_EQ(Stub().GetUserDirectory(As(&pia).get(), negative, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Stub().GetUserDirectory(As(nullptr).get(), negative, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityServiceTest, AdminBootstrapRunsOnlyOnAnEmptyTable) {
  const AdminBootstrapResult again = EnsureAdminUser(*F().users, *F().hasher, "", 5000ms);
  EXPECT_FALSE(again.created);
  EXPECT_TRUE(again.generated_password.empty());
  SignIn("admin", kAdminPassword);  // the configured password still works
}

}  // namespace
}  // namespace sanplane::identity
