#include "routes.hpp"

#include <boost/beast/http/field.hpp>

namespace sanplane::gateway {

namespace http = boost::beast::http;
using identity::v1::Identity;
using presence::v1::Presence;

namespace {

Route Row(http::verb method, std::string pattern, Access access, RpcMethod rpc) {
  Route route;
  route.method = method;
  route.pattern = std::move(pattern);
  route.access = access;
  route.rpc = std::move(rpc);
  return route;
}

Route Created(Route route) {
  route.success_status = 201;
  return route;
}

Route WithEtag(Route route) {
  route.etag = true;
  return route;
}

Route Unwrapped(Route route, std::string field) {
  route.unwrap = std::move(field);
  return route;
}

std::string SessionCookie(std::string_view name, std::string_view value, bool http_only,
                          bool secure) {
  std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
  if (http_only) cookie += "; HttpOnly";
  if (secure) cookie += "; Secure";
  if (value.empty()) cookie += "; Max-Age=0";
  return cookie;
}

}  // namespace

// The metrics label of an RPC is its method name; the macros keep the two from drifting apart.
#define IDENTITY_RPC(Method) \
  BindRpc(std::string("identity"), std::string(#Method), identity, &Identity::Stub::async::Method)
#define PRESENCE_RPC(Method) \
  BindRpc(std::string("presence"), std::string(#Method), presence, &Presence::Stub::async::Method)

std::vector<Route> BuildRoutes(Upstreams& upstreams, SessionResolver& sessions,
                               const GatewayConfig& config) {
  constexpr auto kGet = http::verb::get;
  constexpr auto kPost = http::verb::post;
  constexpr auto kPut = http::verb::put;
  constexpr auto kPatch = http::verb::patch;
  constexpr auto kDelete = http::verb::delete_;
  constexpr auto kUser = Access::kUser;
  Identity::Stub* identity = &upstreams.identity();
  Presence::Stub* presence = &upstreams.presence();
  const bool secure = config.cookie_secure;

  std::vector<Route> routes;

  // ---- Identity -------------------------------------------------------------------------------
  Route login = Row(kPost, "/api/auth/login/", Access::kAnyone, IDENTITY_RPC(Login));
  login.finish = [secure](const ApiCall&, const google::protobuf::Message& response,
                          boost::json::object& body, HttpResponse& reply) {
    const auto& login_response = static_cast<const identity::v1::LoginResponse&>(response);
    reply.insert(http::field::set_cookie,
                 SessionCookie("sessionid", login_response.session_token(), true, secure));
    // Readable by scripts: the double-submit CSRF token.
    reply.insert(http::field::set_cookie,
                 SessionCookie("csrftoken", login_response.csrf_token(), false, secure));
    body.erase("session_token");
    body.erase("csrf_token");
  };
  routes.push_back(std::move(login));

  Route logout = Row(kPost, "/api/auth/logout/", kUser, IDENTITY_RPC(Logout));
  logout.prepare = [&sessions](const ApiCall& call, google::protobuf::Message& request) {
    const std::string token = CookieValue(call.http, "sessionid");
    sessions.Forget(token);
    static_cast<identity::v1::LogoutRequest&>(request).set_session_token(token);
  };
  logout.finish = [secure](const ApiCall&, const google::protobuf::Message&, boost::json::object&,
                           HttpResponse& reply) {
    reply.insert(http::field::set_cookie, SessionCookie("sessionid", "", true, secure));
    reply.insert(http::field::set_cookie, SessionCookie("csrftoken", "", false, secure));
  };
  routes.push_back(std::move(logout));

  routes.push_back(Row(kGet, "/api/auth/user/", kUser, IDENTITY_RPC(GetCurrentUser)));
  routes.push_back(Row(kGet, "/api/core/users/", kUser, IDENTITY_RPC(ListUsers)));
  routes.push_back(Created(Row(kPost, "/api/core/users/", kUser, IDENTITY_RPC(CreateUser))));
  routes.push_back(Row(kPatch, "/api/core/users/{id}/", kUser, IDENTITY_RPC(UpdateUser)));
  routes.push_back(Row(kPost, "/api/core/users/{id}/change-password/", kUser,
                       IDENTITY_RPC(ChangePassword)));

  routes.push_back(Row(kGet, "/api/customers/", kUser, IDENTITY_RPC(ListCustomers)));
  routes.push_back(Created(Row(kPost, "/api/customers/", kUser, IDENTITY_RPC(CreateCustomer))));
  routes.push_back(WithEtag(Row(kGet, "/api/customers/{id}/", kUser, IDENTITY_RPC(GetCustomer))));
  routes.push_back(Row(kPut, "/api/customers/{id}/", kUser, IDENTITY_RPC(UpdateCustomer)));
  routes.push_back(Row(kDelete, "/api/customers/{id}/", kUser, IDENTITY_RPC(DeleteCustomer)));
  routes.push_back(Unwrapped(
      Row(kGet, "/api/customers/{id}/members/", kUser, IDENTITY_RPC(ListMembers)), "members"));
  routes.push_back(
      Created(Row(kPost, "/api/customers/{id}/members/", kUser, IDENTITY_RPC(AddMember))));
  routes.push_back(Row(kDelete, "/api/customers/{id}/members/{user_id}/", kUser,
                       IDENTITY_RPC(RemoveMember)));

  routes.push_back(Unwrapped(
      Row(kGet, "/api/core/projects/{customer_id}/", kUser, IDENTITY_RPC(ListProjects)),
      "projects"));
  routes.push_back(
      Created(Row(kPost, "/api/core/projects/", kUser, IDENTITY_RPC(CreateProject))));
  routes.push_back(
      Row(kPut, "/api/core/projects/update/{id}/", kUser, IDENTITY_RPC(UpdateProject)));
  routes.push_back(
      Row(kDelete, "/api/core/projects/delete/{id}/", kUser, IDENTITY_RPC(DeleteProject)));
  routes.push_back(Row(kGet, "/api/core/user-config/", kUser, IDENTITY_RPC(GetUserConfig)));
  routes.push_back(Row(kPut, "/api/core/user-config/", kUser, IDENTITY_RPC(UpdateUserConfig)));

  // ---- Presence -------------------------------------------------------------------------------
  routes.push_back(Row(kPost, "/api/core/heartbeat/", kUser, PRESENCE_RPC(Heartbeat)));
  routes.push_back(Row(kGet, "/api/core/active-users/", kUser, PRESENCE_RPC(ListActiveUsers)));

  // ---- SAN ------------------------------------------------------------------------------------

  // ---- Storage --------------------------------------------------------------------------------

  return routes;
}

#undef IDENTITY_RPC
#undef PRESENCE_RPC

}  // namespace sanplane::gateway
