#include "error_schemas.hpp"

#include <array>
#include <string_view>

namespace sanplane::gateway {
namespace {

struct ResponseInfo {
  ErrorResponse response;
  std::string_view key;
  std::string_view component;
  std::string_view description;
  std::string_view schema;
};

constexpr std::array<ResponseInfo, 13> kResponses{{
    {ErrorResponse::kBadRequest, "400", "BadRequest",
     "Invalid input: malformed JSON, a value of the wrong type (the message names the field), or "
     "field errors under `errors` (one record) or `details` (each failing item of a batch or an "
     "import).",
     "ValidationError"},
    {ErrorResponse::kUnauthorized, "401", "Unauthorized",
     "Not signed in: `{\"error\":\"Authentication required\"}`.", "Error"},
    {ErrorResponse::kForbidden, "403", "Forbidden",
     "The `X-CSRFToken` header is missing or does not match the `csrftoken` cookie, or the caller "
     "may not do this.",
     "Error"},
    {ErrorResponse::kNotFound, "404", "NotFound",
     "No such record, or one of a customer the caller may not see.", "Error"},
    {ErrorResponse::kConflict, "409", "Conflict",
     "The record changed since the caller loaded it (who changed it, when, and the current "
     "version), an item of a batch lost such a race, a save sent with `base_version` changed "
     "fields someone else changed differently (`conflicts`), or a name or WWPN is taken.",
     "ConflictError"},
    {ErrorResponse::kPayloadTooLarge, "413", "PayloadTooLarge", "The body is over the limit.",
     "Error"},
    {ErrorResponse::kUnsupportedMediaType, "415", "UnsupportedMediaType",
     "A body whose Content-Type is not application/json.", "Error"},
    {ErrorResponse::kPreconditionRequired, "428", "PreconditionRequired",
     "An update or delete without the version the caller loaded (field `version` or header "
     "`If-Match`).",
     "PreconditionRequiredError"},
    {ErrorResponse::kTooManyRequests, "429", "TooManyRequests",
     "Too many failed sign-ins, or the service is overloaded.", "Error"},
    {ErrorResponse::kInternal, "500", "InternalError",
     "A fault of the server; the body names the request id of the logs.", "InternalError"},
    {ErrorResponse::kServiceUnavailable, "503", "ServiceUnavailable",
     "The service behind the route (or its store) is down or draining.", "Error"},
    {ErrorResponse::kGatewayTimeout, "504", "GatewayTimeout",
     "The service behind the route did not answer in time.", "Error"},
    {ErrorResponse::kOther, "default", "OtherError", "Any other error.", "Error"},
}};

const ResponseInfo& InfoOf(ErrorResponse response) {
  for (const ResponseInfo& info : kResponses) {
    if (info.response == response) return info;
  }
  return kResponses.back();
}

boost::json::object Ref(std::string_view kind, std::string_view name) {
  return {{"$ref", "#/components/" + std::string(kind) + "/" + std::string(name)}};
}

boost::json::object Text() { return {{"type", "string"}}; }

}  // namespace

std::string ResponseKey(ErrorResponse response) { return std::string(InfoOf(response).key); }

boost::json::object ResponseRef(ErrorResponse response) {
  return Ref("responses", InfoOf(response).component);
}

boost::json::object ErrorSchemaComponents() {
  boost::json::object schemas;
  schemas["Error"] = {
      {"type", "object"},
      {"description", "Every error body: a message for a person, and what the error adds."},
      {"required", boost::json::array{"error"}},
      {"properties", {{"error", Text()}, {"message", Text()}}},
  };
  schemas["FieldErrors"] = {
      {"type", "object"},
      {"description", "A message per field name."},
      {"additionalProperties", Text()},
  };
  schemas["BatchItemErrors"] = {
      {"type", "object"},
      {"description",
       "One failing item of a batch save: its name under the entity's key (`zone`, `alias`) and "
       "its errors (field messages, or the conflict of that item: `version`, `current_version`, "
       "`last_modified_by`, `last_modified_at`). A CSV import's item also names its `line`."},
      {"required", boost::json::array{"errors"}},
      {"properties",
       {{"errors", {{"type", "object"}}},
        {"line", {{"type", "integer"}, {"description", "The CSV line (1 is the header)."}}}}},
      {"additionalProperties", Text()},
  };
  schemas["ValidationError"] = {
      {"allOf", boost::json::array{Ref("schemas", "Error")}},
      {"properties",
       {{"errors", Ref("schemas", "FieldErrors")},
        {"details",
         {{"type", "array"},
          {"items", {{"anyOf", boost::json::array{Text(), Ref("schemas", "BatchItemErrors")}}}}}}}},
  };
  schemas["VersionConflict"] = {
      {"type", "object"},
      {"description", "A single-record update or delete lost the race."},
      {"required", boost::json::array{"error", "message", "current_version", "last_modified_by",
                                      "last_modified_at"}},
      {"properties",
       {{"error", {{"const", "Conflict"}}},
        {"message", Text()},
        {"current_version", {{"type", "integer"}, {"format", "int64"}}},
        {"last_modified_by", {{"type", boost::json::array{"string", "null"}}}},
        {"last_modified_at", {{"type", "string"}, {"format", "date-time"}}}}},
  };
  schemas["BatchConflict"] = {
      {"type", "object"},
      {"description", "An item of a batch save lost the race; nothing of the batch was written."},
      {"required", boost::json::array{"error", "details"}},
      {"properties",
       {{"error", Text()},
        {"details", {{"type", "array"}, {"items", Ref("schemas", "BatchItemErrors")}}}}},
  };
  schemas["MergeConflict"] = {
      {"type", "object"},
      {"description",
       "A save sent with `base_version` changed fields that someone else changed differently "
       "since that version; nothing was written. Per field: its value at the base, now "
       "(`theirs`) and in the request (`mine`); for zone members, the member concerned."},
      {"required", boost::json::array{"error", "conflicts"}},
      {"properties",
       {{"error", Text()},
        {"conflicts",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", boost::json::array{"field", "base", "theirs", "mine", "changed_by",
                                            "changed_at", "id"}},
            {"properties",
             {{"field", Text()},
              {"base", boost::json::object{}},
              {"theirs", boost::json::object{}},
              {"mine", boost::json::object{}},
              {"changed_by", {{"type", boost::json::array{"string", "null"}}}},
              {"changed_at", {{"type", "string"}, {"format", "date-time"}}},
              {"id", {{"type", "integer"}, {"format", "int64"}}}}}}}}}}},
  };
  schemas["ConflictError"] = {
      {"anyOf",
       boost::json::array{Ref("schemas", "VersionConflict"), Ref("schemas", "BatchConflict"),
                          Ref("schemas", "MergeConflict"), Ref("schemas", "Error")}},
  };
  schemas["PreconditionRequiredError"] = {
      {"type", "object"},
      {"required", boost::json::array{"error", "message"}},
      {"properties", {{"error", {{"const", "Precondition Required"}}}, {"message", Text()}}},
  };
  schemas["InternalError"] = {
      {"type", "object"},
      {"required", boost::json::array{"error", "request_id"}},
      {"properties", {{"error", {{"const", "Internal error"}}}, {"request_id", Text()}}},
  };
  return schemas;
}

boost::json::object ErrorResponseComponents() {
  boost::json::object responses;
  for (const ResponseInfo& info : kResponses) {
    responses[info.component] = {
        {"description", info.description},
        {"content", {{"application/json", {{"schema", Ref("schemas", info.schema)}}}}},
    };
  }
  return responses;
}

}  // namespace sanplane::gateway
