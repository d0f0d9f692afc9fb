#include "openapi.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <boost/beast/http/verb.hpp>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "error_schemas.hpp"
#include "json_codec.hpp"
#include "message_schema.hpp"

namespace sanplane::gateway {
namespace {

namespace http = boost::beast::http;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

constexpr std::string_view kIntroduction =
    "The REST API of sanplane's gateway. Every operation is one row of the gateway's route table "
    "and becomes one gRPC call; its JSON shapes are the proto messages' shapes (proto field "
    "names, int64 as JSON numbers, unset optional fields and messages as null, timestamps as RFC "
    "3339 UTC with `Z`). Versioned records carry `version`, `last_modified_by` and "
    "`last_modified_at`; an update or delete sends the version it loaded and gets 409 when the "
    "record moved on, 428 when it sent none. Errors are `{\"error\": …}` with what the error "
    "adds.";

bool HasBody(http::verb method) {
  return method == http::verb::post || method == http::verb::put || method == http::verb::patch;
}

bool IsUnsafe(http::verb method) { return method != http::verb::get; }

std::string LowerCase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "/api/customers/{id}/members/{user_id}/" -> {"id", "user_id"}
std::vector<std::string> PathParameterNames(std::string_view pattern) {
  std::vector<std::string> names;
  for (size_t open = pattern.find('{'); open != std::string_view::npos;
       open = pattern.find('{', open + 1)) {
    const size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace_back(pattern.substr(open + 1, close - open - 1));
  }
  return names;
}

// "ListActiveUsers" -> "List active users"
std::string SummaryOf(std::string_view rpc_name) {
  std::string summary;
  for (char c : rpc_name) {
    if (std::isupper(static_cast<unsigned char>(c)) && !summary.empty()) {
      summary += ' ';
      summary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      summary += c;
    }
  }
  return summary;
}

// The RPC in its service, for the names the description quotes.
const MethodDescriptor* MethodOf(const RpcMethod& rpc) {
  const auto* file = rpc.request_type->file();
  for (int i = 0; i < file->service_count(); ++i) {
    const MethodDescriptor* method = file->service(i)->FindMethodByName(rpc.name);
    if (method != nullptr && method->input_type() == rpc.request_type) return method;
  }
  return nullptr;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Request fields the client does not send: the path names them, or the gateway sets them.
std::vector<std::string> GatewaySetFields(const Route& route) {
  std::vector<std::string> fields = PathParameterNames(route.pattern);
  for (const auto& [name, value] : route.fixed_fields) fields.push_back(name);
  fields.insert(fields.end(), route.prepared_fields.begin(), route.prepared_fields.end());
  return fields;
}

const FieldDescriptor* VersionField(const Route& route) {
  const FieldDescriptor* field = route.rpc.request_type->FindFieldByName("version");
  return field != nullptr && TakesTextValue(field) ? field : nullptr;
}

boost::json::array Parameters(const Route& route, MessageSchemas& schemas) {
  const Descriptor* request = route.rpc.request_type;
  boost::json::array parameters;
  for (const std::string& name : PathParameterNames(route.pattern)) {
    const FieldDescriptor* field = request->FindFieldByName(name);
    parameters.push_back({
        {"name", name},
        {"in", "path"},
        {"required", true},
        {"schema", field != nullptr ? schemas.ValueSchema(field, Direction::kRequest)
                                    : boost::json::object{{"type", "string"}}},
    });
  }
  // Without a body, the query string is how a client fills the request's other fields.
  if (!HasBody(route.method)) {
    const std::vector<std::string> set_by_gateway = GatewaySetFields(route);
    for (int i = 0; i < request->field_count(); ++i) {
      const FieldDescriptor* field = request->field(i);
      if (!TakesTextValue(field) || Contains(set_by_gateway, field->name())) continue;
      parameters.push_back({
          {"name", field->name()},
          {"in", "query"},
          {"required", false},
          {"schema", schemas.ValueSchema(field, Direction::kRequest)},
      });
    }
  }
  if (VersionField(route) != nullptr && IsUnsafe(route.method)) {
    parameters.push_back({
        {"name", "If-Match"},
        {"in", "header"},
        {"required", false},
        {"description",
         "The version the client loaded, as an ETag (`\"7\"`), when the request "
         "does not carry `version`."},
        {"schema", {{"type", "string"}}},
    });
  }
  return parameters;
}

boost::json::object SuccessSchema(const Route& route, MessageSchemas& schemas) {
  const Descriptor* response = route.rpc.response_type;
  if (!route.unwrap.empty()) {
    const FieldDescriptor* list = response->FindFieldByName(route.unwrap);
    if (list == nullptr || !list->is_repeated()) {
      throw std::logic_error("route " + route.pattern + " unwraps " + route.unwrap +
                             ", which is no repeated field of " + response->full_name());
    }
    return {{"type", "array"}, {"items", schemas.ValueSchema(list, Direction::kResponse)}};
  }
  if (!route.withheld_fields.empty()) {
    return schemas.ObjectSchema(response, Direction::kResponse, route.withheld_fields);
  }
  return schemas.RefTo(response, Direction::kResponse);
}

/// What GET /api/events/ sends, for its description.
constexpr std::string_view kEventStreamDescription =
    "Server-Sent Events (`text/event-stream`) of the signed-in user, served by the gateway from "
    "the change feeds of identity, SAN and storage (gRPC `sanplane.history.v1.ChangeFeed/"
    "Changes`). Events: `change` after each commit, its data "
    "`{entity, id, version, action, by, at, customer, project?, projects}` (schema ChangeEvent); "
    "`ready` once the stream is live (after any catch-up); `reset` when a feed could not be "
    "resumed (reload what you show). Only changes of customers the user is a member of are sent "
    "(a superuser's: all). Every event has an id; reconnect with header `Last-Event-ID` to get "
    "every event missed (kept an hour), in order, without duplicates, on any gateway replica. A "
    "comment line every 15 s keeps proxies from closing an idle stream.";

boost::json::object StreamResponses(const Route& route, MessageSchemas& schemas) {
  boost::json::object responses;
  responses["200"] = {
      {"description", "The event stream; a `change` event's data is a ChangeEvent (" +
                          std::string(route.rpc.response_type->name()) + ")."},
      {"content",
       {{"text/event-stream",
         // The body is text; `contentSchema` (JSON Schema 2020-12) describes a change's data.
         {{"schema",
           {{"type", "string"},
            {"contentSchema", schemas.RefTo(route.rpc.response_type, Direction::kResponse)}}}}}}},
  };
  for (ErrorResponse error :
       {ErrorResponse::kBadRequest, ErrorResponse::kUnauthorized, ErrorResponse::kTooManyRequests,
        ErrorResponse::kInternal, ErrorResponse::kServiceUnavailable, ErrorResponse::kOther}) {
    responses[ResponseKey(error)] = ResponseRef(error);
  }
  return responses;
}

boost::json::object Responses(const Route& route, MessageSchemas& schemas) {
  if (route.stream) return StreamResponses(route, schemas);
  boost::json::object success{
      {"description", std::string(route.rpc.response_type->name()) +
                          (route.unwrap.empty() ? "" : " `" + route.unwrap + "` list")},
      {"content", {{"application/json", {{"schema", SuccessSchema(route, schemas)}}}}},
  };
  for (const std::string& media_type : route.rendered_media_types) {
    boost::json::object schema{{"type", "string"}};
    if (media_type != "text/plain" && media_type != "text/csv") schema["format"] = "binary";
    success["content"].as_object()[media_type] = {{"schema", std::move(schema)}};
  }
  if (route.etag) {
    success["headers"] = {
        {"ETag",
         {{"description", "The record's version, quoted (`\"7\"`): send it back as If-Match."},
          {"schema", {{"type", "string"}}}}}};
  }
  boost::json::object responses;
  responses[std::to_string(route.success_status)] = std::move(success);

  std::vector<ErrorResponse> errors{ErrorResponse::kBadRequest};
  if (route.access == Access::kUser) {
    errors.push_back(ErrorResponse::kUnauthorized);
    errors.push_back(ErrorResponse::kForbidden);
  }
  if (!PathParameterNames(route.pattern).empty()) errors.push_back(ErrorResponse::kNotFound);
  const bool versioned = VersionField(route) != nullptr;
  if (versioned || HasBody(route.method)) errors.push_back(ErrorResponse::kConflict);
  if (HasBody(route.method)) {
    errors.push_back(ErrorResponse::kPayloadTooLarge);
    errors.push_back(ErrorResponse::kUnsupportedMediaType);
  }
  if (versioned && IsUnsafe(route.method)) errors.push_back(ErrorResponse::kPreconditionRequired);
  for (ErrorResponse error : {ErrorResponse::kTooManyRequests, ErrorResponse::kInternal,
                              ErrorResponse::kServiceUnavailable, ErrorResponse::kGatewayTimeout,
                              ErrorResponse::kOther}) {
    errors.push_back(error);
  }
  for (ErrorResponse error : errors) responses[ResponseKey(error)] = ResponseRef(error);
  return responses;
}

std::string Description(const Route& route) {
  if (route.stream) return std::string(kEventStreamDescription);
  std::string text;
  if (const MethodDescriptor* method = MethodOf(route.rpc)) {
    text = "gRPC `" + method->service()->full_name() + "/" + method->name() + "`.";
  } else {
    text = "gRPC " + route.rpc.upstream + " `" + route.rpc.name + "`.";
  }
  for (const auto& [name, value] : route.fixed_fields) {
    text += " The gateway sets `" + name + "` to `" + value + "`.";
  }
  if (VersionField(route) != nullptr && IsUnsafe(route.method)) {
    text +=
        " Send the version you loaded (`version`, or header If-Match): a stale one is 409, "
        "none is 428.";
    if (route.rpc.request_type->FindFieldByName("base_version") != nullptr) {
      text +=
          " Or, instead, `base_version` (the version you loaded) with only the fields you "
          "changed: merged with what others saved since (the answer's `merge` says whose fields "
          "are whose); the same field changed differently on both sides is 409 with "
          "`conflicts`.";
    }
  }
  if (route.etag) text += " Answers with `ETag: \"<version>\"`.";
  return text;
}

boost::json::array Security(const Route& route) {
  if (route.access == Access::kAnyone) return {};
  boost::json::object requirement{{"session", boost::json::array{}}};
  if (IsUnsafe(route.method)) requirement["csrf"] = boost::json::array{};
  return {std::move(requirement)};
}

boost::json::object Operation(const Route& route, const std::string& operation_id,
                              MessageSchemas& schemas) {
  boost::json::object operation{
      {"operationId", operation_id},
      {"summary", SummaryOf(route.rpc.name)},
      {"description", Description(route)},
      {"tags", boost::json::array{boost::json::string(route.rpc.upstream)}},
      {"security", Security(route)},
  };
  boost::json::array parameters = Parameters(route, schemas);
  if (route.stream) {
    parameters.push_back({
        {"name", "Last-Event-ID"},
        {"in", "header"},
        {"required", false},
        {"description", "The id of the last event received: the stream resumes after it."},
        {"schema", {{"type", "string"}, {"pattern", "^[0-9]+\\.[0-9]+\\.[0-9]+(\\..*)?$"}}},
    });
  }
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);
  if (HasBody(route.method)) {
    boost::json::object body =
        schemas.ObjectSchema(route.rpc.request_type, Direction::kRequest, GatewaySetFields(route));
    if (!body.at("properties").as_object().empty()) {
      operation["requestBody"] = {
          {"content", {{"application/json", {{"schema", std::move(body)}}}}},
      };
    }
  }
  operation["responses"] = Responses(route, schemas);
  return operation;
}

boost::json::object SecuritySchemes() {
  return {
      {"session",
       {{"type", "apiKey"},
        {"in", "cookie"},
        {"name", "sessionid"},
        {"description", "The session cookie POST /api/auth/login/ sets (HttpOnly)."}}},
      {"csrf",
       {{"type", "apiKey"},
        {"in", "header"},
        {"name", "X-CSRFToken"},
        {"description",
         "Double-submit CSRF token: the value of the `csrftoken` cookie sign-in "
         "sets, on every POST, PUT, PATCH and DELETE with a session; else 403."}}},
  };
}

boost::json::array Tags(const std::vector<Route>& routes) {
  boost::json::array tags;
  std::set<std::string> seen;
  for (const Route& route : routes) {
    if (!seen.insert(route.rpc.upstream).second) continue;
    const MethodDescriptor* method = MethodOf(route.rpc);
    tags.push_back({
        {"name", route.rpc.upstream},
        {"description",
         route.stream ? std::string("Served by the gateway from the services' "
                                    "change feeds.")
                      : "Served by the " + route.rpc.upstream + " service" +
                            (method ? " (gRPC `" + method->service()->full_name() + "`)." : ".")},
    });
  }
  return tags;
}

}  // namespace

boost::json::object BuildOpenApi(const std::vector<Route>& routes) {
  // An RPC behind several routes (PUT and PATCH) names each operation with its method too.
  std::map<std::string, int> routes_per_rpc;
  for (const Route& route : routes) ++routes_per_rpc[route.rpc.name];

  MessageSchemas schemas;
  boost::json::object paths;
  for (const Route& route : routes) {
    std::string operation_id = route.rpc.name;
    if (!route.operation_id.empty()) {
      operation_id = route.operation_id;
    } else if (routes_per_rpc[route.rpc.name] > 1) {
      std::string verb = LowerCase(http::to_string(route.method));
      verb[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(verb[0])));
      operation_id += verb;
    }
    boost::json::value& path = paths[route.pattern];
    if (!path.is_object()) path.emplace_object();
    path.as_object()[LowerCase(http::to_string(route.method))] =
        Operation(route, operation_id, schemas);
  }

  boost::json::object components_schemas = schemas.components();
  for (auto& [name, schema] : ErrorSchemaComponents()) components_schemas[name] = schema;

  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "sanplane"}, {"version", SANPLANE_VERSION}, {"description", kIntroduction}}},
      {"servers", boost::json::array{boost::json::object{{"url", "/"}}}},
      {"tags", Tags(routes)},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", std::move(components_schemas)},
        {"responses", ErrorResponseComponents()},
        {"securitySchemes", SecuritySchemes()}}},
  };
}

}  // namespace sanplane::gateway
