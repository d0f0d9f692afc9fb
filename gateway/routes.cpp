#include "routes.hpp"

#include <boost/beast/http/field.hpp>
#include <cctype>

#include "audit_csv.hpp"
#include "client_address.hpp"
#include "heartbeat_rpc.hpp"
#include "json_codec.hpp"
#include "live_events.hpp"
#include "query_string.hpp"
#include "script_files.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;
using identity::v1::Identity;
using presence::v1::Presence;
using san::v1::San;
using storage::v1::Storage;

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

/// A record's history: the route names the kind of record its `{id}` is, and its operation
/// after it (RecordHistoryZone), since every kind shares the RPC.
Route History(Route route, std::string entity) {
  std::string kind = entity;
  kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
  route.operation_id = "RecordHistory" + kind;
  route.fixed_fields = {{"entity", std::move(entity)}};
  return route;
}

/// A record's restore: as History, for the Restore RPC (RestoreZone).
Route Restore(Route route, std::string entity) {
  std::string kind = entity;
  kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
  route.operation_id = "Restore" + kind;
  route.fixed_fields = {{"entity", std::move(entity)}};
  return route;
}

/// A zoning script route: JSON, or text or a zip archive as `?format=` asks (script_files.hpp).
/// Two routes share the RPC, so each names its operation.
Route ScriptFiles(Route route, std::string operation_id) {
  route.operation_id = std::move(operation_id);
  route.render = RenderScripts;
  route.rendered_media_types = {"text/plain", "application/zip"};
  return route;
}

/// The most an import request may carry: a switch output of zoning::kMaxImportBytes (10 MB) as a
/// JSON string, whose escapes (`\n`, `\t`, `\"`) may double its size, and the other fields.
constexpr uint64_t kImportBodyLimit = 24u << 20;

Route LargeBody(Route route, uint64_t limit) {
  route.body_limit = limit;
  return route;
}

/// A list route that also answers `?format=csv` as one download of every page (csv_download.hpp).
Route WithCsv(Route route, std::string filename) {
  route.csv_download = std::move(filename);
  route.rendered_media_types = {"text/csv"};
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

/// URLs end up in logs, browser history and proxies; a password must never travel in one, so a
/// request that puts one there fails even when its body holds the credentials too.
void RejectCredentialsInUrl(const HttpRequest& request) {
  const std::string_view target = request.target();
  const size_t query = target.find('?');
  if (query == std::string_view::npos) return;
  for (const auto& [name, value] : ParseQueryString(target.substr(query + 1))) {
    if (name == "username" || name.find("password") != std::string::npos) {
      throw FieldError("Credentials are accepted only in the JSON body, never in the URL (found '" +
                       name + "' in the query string).");
    }
  }
}

}  // namespace

// The metrics label of an RPC is its method name; the macros keep the two from drifting apart.
#define IDENTITY_RPC(Method) \
  BindRpc(std::string("identity"), std::string(#Method), identity, &Identity::Stub::async::Method)
#define PRESENCE_RPC(Method) \
  BindRpc(std::string("presence"), std::string(#Method), presence, &Presence::Stub::async::Method)
#define STORAGE_RPC(Method) \
  BindRpc(std::string("storage"), std::string(#Method), storage, &Storage::Stub::async::Method)
#define SAN_RPC(Method) \
  BindRpc(std::string("san"), std::string(#Method), san, &San::Stub::async::Method)
// The History service of an upstream: HISTORY_RPC(san, RecordHistory).
#define HISTORY_RPC(upstream, Method)                                       \
  BindRpc(std::string(#upstream), std::string(#Method), upstream##_history, \
          &history::v1::History::Stub::async::Method)

std::vector<Route> BuildRoutes(Upstreams& upstreams, SessionResolver& sessions,
                               const GatewayConfig& config, LiveEvents& live) {
  constexpr auto kGet = http::verb::get;
  constexpr auto kPost = http::verb::post;
  constexpr auto kPut = http::verb::put;
  constexpr auto kPatch = http::verb::patch;
  constexpr auto kDelete = http::verb::delete_;
  constexpr auto kUser = Access::kUser;
  Identity::Stub* identity = &upstreams.identity();
  Presence::Stub* presence = &upstreams.presence();
  Storage::Stub* storage = &upstreams.storage();
  San::Stub* san = &upstreams.san();
  history::v1::History::Stub* identity_history = &upstreams.identity_history();
  history::v1::History::Stub* storage_history = &upstreams.storage_history();
  history::v1::History::Stub* san_history = &upstreams.san_history();
  const bool secure = config.cookie_secure;

  std::vector<Route> routes;

  // ---- Identity -------------------------------------------------------------------------------
  Route login = Row(kPost, "/api/auth/login/", Access::kAnyone, IDENTITY_RPC(Login));
  login.prepare = [trusted_proxies = config.trusted_proxies](const ApiCall& call,
                                                             google::protobuf::Message& request) {
    RejectCredentialsInUrl(call.http);
    static_cast<identity::v1::LoginRequest&>(request).set_client_address(
        ClientAddress(call.http, trusted_proxies));
  };
  login.prepared_fields = {"client_address"};
  login.finish = [secure](const ApiCall&, const google::protobuf::Message& response,
                          boost::json::object&, HttpResponse& reply) {
    const auto& login_response = static_cast<const identity::v1::LoginResponse&>(response);
    reply.insert(http::field::set_cookie,
                 SessionCookie("sessionid", login_response.session_token(), true, secure));
    // Readable by scripts: the double-submit CSRF token.
    reply.insert(http::field::set_cookie,
                 SessionCookie("csrftoken", login_response.csrf_token(), false, secure));
  };
  login.withheld_fields = {"session_token", "csrf_token"};
  routes.push_back(std::move(login));

  Route logout = Row(kPost, "/api/auth/logout/", kUser, IDENTITY_RPC(Logout));
  logout.prepare = [&sessions](const ApiCall& call, google::protobuf::Message& request) {
    const std::string token = CookieValue(call.http, "sessionid");
    sessions.Forget(token);
    static_cast<identity::v1::LogoutRequest&>(request).set_session_token(token);
  };
  logout.prepared_fields = {"session_token"};
  logout.finish = [secure, &sessions](const ApiCall& call, const google::protobuf::Message&,
                                      boost::json::object&, HttpResponse& reply) {
    // Again after the call: a request that resolved the session meanwhile may have cached it.
    sessions.Forget(CookieValue(call.http, "sessionid"));
    reply.insert(http::field::set_cookie, SessionCookie("sessionid", "", true, secure));
    reply.insert(http::field::set_cookie, SessionCookie("csrftoken", "", false, secure));
  };
  routes.push_back(std::move(logout));

  routes.push_back(Row(kGet, "/api/auth/user/", kUser, IDENTITY_RPC(GetCurrentUser)));
  routes.push_back(Row(kGet, "/api/core/users/", kUser, IDENTITY_RPC(ListUsers)));
  routes.push_back(Created(Row(kPost, "/api/core/users/", kUser, IDENTITY_RPC(CreateUser))));
  routes.push_back(Row(kPatch, "/api/core/users/{id}/", kUser, IDENTITY_RPC(UpdateUser)));
  Route change_password =
      Row(kPost, "/api/core/users/{id}/change-password/", kUser, IDENTITY_RPC(ChangePassword));
  change_password.prepare = [trusted_proxies = config.trusted_proxies](
                                const ApiCall& call, google::protobuf::Message& request) {
    RejectCredentialsInUrl(call.http);
    auto& change = static_cast<identity::v1::ChangePasswordRequest&>(request);
    // The session making the change is the one that stays signed in.
    change.set_session_token(CookieValue(call.http, "sessionid"));
    change.set_client_address(ClientAddress(call.http, trusted_proxies));
  };
  change_password.prepared_fields = {"session_token", "client_address"};
  routes.push_back(std::move(change_password));

  routes.push_back(Row(kGet, "/api/customers/", kUser, IDENTITY_RPC(ListCustomers)));
  routes.push_back(Created(Row(kPost, "/api/customers/", kUser, IDENTITY_RPC(CreateCustomer))));
  routes.push_back(WithEtag(Row(kGet, "/api/customers/{id}/", kUser, IDENTITY_RPC(GetCustomer))));
  routes.push_back(Row(kPut, "/api/customers/{id}/", kUser, IDENTITY_RPC(UpdateCustomer)));
  routes.push_back(Row(kDelete, "/api/customers/{id}/", kUser, IDENTITY_RPC(DeleteCustomer)));
  routes.push_back(Unwrapped(
      Row(kGet, "/api/customers/{id}/members/", kUser, IDENTITY_RPC(ListMembers)), "members"));
  routes.push_back(
      Created(Row(kPost, "/api/customers/{id}/members/", kUser, IDENTITY_RPC(AddMember))));
  routes.push_back(
      Row(kDelete, "/api/customers/{id}/members/{user_id}/", kUser, IDENTITY_RPC(RemoveMember)));

  routes.push_back(
      Unwrapped(Row(kGet, "/api/core/projects/{customer_id}/", kUser, IDENTITY_RPC(ListProjects)),
                "projects"));
  routes.push_back(Created(Row(kPost, "/api/core/projects/", kUser, IDENTITY_RPC(CreateProject))));
  // Beyond the seed: one project with its version, so a client can edit a project it did not
  // just create.
  routes.push_back(
      WithEtag(Row(kGet, "/api/core/projects/detail/{id}/", kUser, IDENTITY_RPC(GetProject))));
  routes.push_back(
      Row(kPut, "/api/core/projects/update/{id}/", kUser, IDENTITY_RPC(UpdateProject)));
  routes.push_back(
      Row(kDelete, "/api/core/projects/delete/{id}/", kUser, IDENTITY_RPC(DeleteProject)));
  routes.push_back(History(
      Row(kGet, "/api/customers/{id}/history/", kUser, HISTORY_RPC(identity, RecordHistory)),
      "customer"));
  routes.push_back(
      Restore(Row(kPost, "/api/customers/{id}/restore/", kUser, HISTORY_RPC(identity, Restore)),
              "customer"));
  routes.push_back(History(Row(kGet, "/api/core/projects/detail/{id}/history/", kUser,
                               HISTORY_RPC(identity, RecordHistory)),
                           "project"));
  routes.push_back(Restore(
      Row(kPost, "/api/core/projects/detail/{id}/restore/", kUser, HISTORY_RPC(identity, Restore)),
      "project"));
  // The customers' record changes of every service: identity merges SAN's and storage's in.
  Route audit = Row(kGet, "/api/audit/", kUser, HISTORY_RPC(identity, Audit));
  audit.prepare = PrepareAuditCsv;  // ?format=csv: every page of the feed
  audit.take_over = ExportAuditCsv;
  audit.rendered_media_types = {"text/csv"};
  routes.push_back(std::move(audit));
  routes.push_back(Row(kGet, "/api/core/user-config/", kUser, IDENTITY_RPC(GetUserConfig)));
  routes.push_back(Row(kPut, "/api/core/user-config/", kUser, IDENTITY_RPC(UpdateUserConfig)));
  // Beyond the seed: the caller's columns per web UI table, a sub-resource of the user config so
  // the seed's user-config body keeps its shape.
  routes.push_back(
      Row(kGet, "/api/core/user-config/table-columns/", kUser, IDENTITY_RPC(GetTableColumns)));
  routes.push_back(Row(kPut, "/api/core/user-config/table-columns/{table}/", kUser,
                       IDENTITY_RPC(SetTableColumns)));
  routes.push_back(Row(kDelete, "/api/core/user-config/table-columns/{table}/", kUser,
                       IDENTITY_RPC(ResetTableColumns)));

  // ---- Presence -------------------------------------------------------------------------------
  // Every signed-in page's call every few seconds: heartbeats in flight at once go to presence
  // together, in one Presence.HeartbeatBatch call (heartbeat_batcher.hpp).
  HeartbeatBatcher::Options heartbeats;
  heartbeats.deadline_cap = config.rpc_deadline;
  routes.push_back(
      Row(kPost, "/api/core/heartbeat/", kUser, BatchedHeartbeatRpc(presence, heartbeats)));
  routes.push_back(Row(kGet, "/api/core/active-users/", kUser, PRESENCE_RPC(ListActiveUsers)));
  // Record presence: who has which record open (renewed like the heartbeat; events on
  // /api/events/).
  routes.push_back(Row(kPost, "/api/core/editing/", kUser, PRESENCE_RPC(StartEditing)));
  routes.push_back(Row(kDelete, "/api/core/editing/", kUser, PRESENCE_RPC(StopEditing)));
  routes.push_back(Row(kGet, "/api/core/editing/", kUser, PRESENCE_RPC(ListEditors)));
  // Who has which of the rows a table shows open, in one call: ?entity=zone&ids=7,9,12.
  routes.push_back(Row(kGet, "/api/core/editing/records/", kUser, PRESENCE_RPC(ListRecordEditors)));

  // ---- Live events ----------------------------------------------------------------------------
  // Server-Sent Events served by the gateway itself from the services' change feeds; the RPC
  // only describes the shape of a change event's data.
  Route events;
  events.method = kGet;
  events.pattern = kEventsPath;
  events.access = kUser;
  events.rpc.upstream = "events";
  events.rpc.name = "Events";
  events.rpc.request_type = history::v1::EventsRequest::descriptor();
  events.rpc.response_type = history::v1::ChangeEvent::descriptor();
  events.stream = [&live](std::shared_ptr<const HttpRequest> request, const std::string& request_id,
                          PrincipalPtr principal, Responder respond, StreamResponder stream) {
    live.Serve(std::move(request), request_id, std::move(principal), std::move(respond),
               std::move(stream));
  };
  routes.push_back(std::move(events));

  // ---- SAN ------------------------------------------------------------------------------------
  // "/api/san/fabrics/delete/{id}/" is a literal segment, which the router prefers over
  // "/api/san/fabrics/{id}/".
  routes.push_back(Row(kGet, "/api/san/fabrics/", kUser, SAN_RPC(ListFabrics)));
  routes.push_back(Created(Row(kPost, "/api/san/fabrics/", kUser, SAN_RPC(CreateFabric))));
  routes.push_back(WithEtag(Row(kGet, "/api/san/fabrics/{id}/", kUser, SAN_RPC(GetFabric))));
  routes.push_back(Row(kPut, "/api/san/fabrics/{id}/", kUser, SAN_RPC(UpdateFabric)));
  Route patch_fabric = Row(kPatch, "/api/san/fabrics/{id}/", kUser, SAN_RPC(UpdateFabric));
  patch_fabric.fixed_fields = {{"partial", "true"}};
  routes.push_back(std::move(patch_fabric));
  routes.push_back(Row(kDelete, "/api/san/fabrics/delete/{id}/", kUser, SAN_RPC(DeleteFabric)));
  routes.push_back(
      History(Row(kGet, "/api/san/fabrics/{id}/history/", kUser, HISTORY_RPC(san, RecordHistory)),
              "fabric"));
  routes.push_back(Restore(
      Row(kPost, "/api/san/fabrics/{id}/restore/", kUser, HISTORY_RPC(san, Restore)), "fabric"));

  routes.push_back(
      WithCsv(Row(kGet, "/api/san/aliases/project/{project_id}/", kUser, SAN_RPC(ListAliases)),
              "aliases.csv"));
  routes.push_back(Row(kPost, "/api/san/aliases/save/", kUser, SAN_RPC(SaveAliases)));
  // A CSV of the export's columns in a JSON body; as big a body as a switch output import.
  routes.push_back(LargeBody(Row(kPost, "/api/san/aliases/import/", kUser, SAN_RPC(ImportAliases)),
                             kImportBodyLimit));
  routes.push_back(Row(kDelete, "/api/san/aliases/delete/{id}/", kUser, SAN_RPC(DeleteAlias)));
  routes.push_back(
      History(Row(kGet, "/api/san/aliases/{id}/history/", kUser, HISTORY_RPC(san, RecordHistory)),
              "alias"));
  routes.push_back(Restore(
      Row(kPost, "/api/san/aliases/{id}/restore/", kUser, HISTORY_RPC(san, Restore)), "alias"));

  routes.push_back(WithCsv(
      Row(kGet, "/api/san/zones/project/{project_id}/", kUser, SAN_RPC(ListZones)), "zones.csv"));
  routes.push_back(Row(kPost, "/api/san/zones/save/", kUser, SAN_RPC(SaveZones)));
  routes.push_back(LargeBody(Row(kPost, "/api/san/zones/import/", kUser, SAN_RPC(ImportZones)),
                             kImportBodyLimit));
  routes.push_back(Row(kDelete, "/api/san/zones/delete/{id}/", kUser, SAN_RPC(DeleteZone)));
  routes.push_back(History(
      Row(kGet, "/api/san/zones/{id}/history/", kUser, HISTORY_RPC(san, RecordHistory)), "zone"));
  routes.push_back(Restore(
      Row(kPost, "/api/san/zones/{id}/restore/", kUser, HISTORY_RPC(san, Restore)), "zone"));

  routes.push_back(ScriptFiles(
      Row(kGet, "/api/san/scripts/fabric/{fabric_id}/", kUser, SAN_RPC(GenerateScripts)),
      "GenerateFabricScripts"));
  routes.push_back(ScriptFiles(
      Row(kGet, "/api/san/scripts/project/{project_id}/", kUser, SAN_RPC(GenerateScripts)),
      "GenerateProjectScripts"));
  routes.push_back(Row(kGet, "/api/san/fabrics/{id}/lint/", kUser, SAN_RPC(LintFabric)));
  routes.push_back(LargeBody(Row(kPost, "/api/san/import/preview/", kUser, SAN_RPC(PreviewImport)),
                             kImportBodyLimit));
  routes.push_back(LargeBody(Row(kPost, "/api/san/import/apply/", kUser, SAN_RPC(ApplyImport)),
                             kImportBodyLimit));

  // ---- Storage --------------------------------------------------------------------------------
  // "/api/storage/hosts/…" and "/api/storage/volumes/…" are literal segments, which the router
  // prefers over "/api/storage/{id}/".
  routes.push_back(Row(kGet, "/api/storage/", kUser, STORAGE_RPC(ListStorage)));
  routes.push_back(Created(Row(kPost, "/api/storage/", kUser, STORAGE_RPC(CreateStorage))));
  routes.push_back(WithEtag(Row(kGet, "/api/storage/{id}/", kUser, STORAGE_RPC(GetStorage))));
  routes.push_back(Row(kPut, "/api/storage/{id}/", kUser, STORAGE_RPC(UpdateStorage)));
  Route patch_storage = Row(kPatch, "/api/storage/{id}/", kUser, STORAGE_RPC(UpdateStorage));
  patch_storage.fixed_fields = {{"partial", "true"}};
  routes.push_back(std::move(patch_storage));
  routes.push_back(Row(kDelete, "/api/storage/{id}/", kUser, STORAGE_RPC(DeleteStorage)));
  routes.push_back(Row(kPost, "/api/storage/{id}/import/", kUser, STORAGE_RPC(ImportStorage)));
  routes.push_back(
      History(Row(kGet, "/api/storage/{id}/history/", kUser, HISTORY_RPC(storage, RecordHistory)),
              "storage"));
  routes.push_back(Restore(
      Row(kPost, "/api/storage/{id}/restore/", kUser, HISTORY_RPC(storage, Restore)), "storage"));
  routes.push_back(
      WithCsv(Row(kGet, "/api/storage/hosts/", kUser, STORAGE_RPC(ListHosts)), "hosts.csv"));
  routes.push_back(WithEtag(Row(kGet, "/api/storage/hosts/{id}/", kUser, STORAGE_RPC(GetHost))));
  routes.push_back(History(
      Row(kGet, "/api/storage/hosts/{id}/history/", kUser, HISTORY_RPC(storage, RecordHistory)),
      "host"));
  routes.push_back(
      Restore(Row(kPost, "/api/storage/hosts/{id}/restore/", kUser, HISTORY_RPC(storage, Restore)),
              "host"));
  routes.push_back(Row(kGet, "/api/storage/volumes/", kUser, STORAGE_RPC(ListVolumes)));
  routes.push_back(
      WithEtag(Row(kGet, "/api/storage/volumes/{id}/", kUser, STORAGE_RPC(GetVolume))));
  routes.push_back(History(
      Row(kGet, "/api/storage/volumes/{id}/history/", kUser, HISTORY_RPC(storage, RecordHistory)),
      "volume"));
  routes.push_back(Restore(
      Row(kPost, "/api/storage/volumes/{id}/restore/", kUser, HISTORY_RPC(storage, Restore)),
      "volume"));

  return routes;
}

#undef IDENTITY_RPC
#undef PRESENCE_RPC
#undef STORAGE_RPC
#undef SAN_RPC
#undef HISTORY_RPC

}  // namespace sanplane::gateway
