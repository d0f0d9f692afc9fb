#include "openapi.hpp"

#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <set>
#include <string>

#include "call_tracker.hpp"
#include "json_codec.hpp"
#include "routes.hpp"
#include "session_resolver.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {
namespace {

// The real route table; its stubs point at addresses nothing is asked of (channels connect on
// first use, and nothing here calls).
class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_ = std::make_unique<GatewayConfig>();
    upstreams_ = std::make_unique<Upstreams>(*config_);
    calls_ = std::make_unique<CallTracker>();
    sessions_ = std::make_unique<SessionResolver>(upstreams_->identity(), config_->principal_cache,
                                                  config_->rpc_deadline, *calls_);
    live_ = std::make_unique<LiveEvents>(*upstreams_, *sessions_, LiveEventsOptions{});
    routes_ = std::make_unique<std::vector<Route>>(
        BuildRoutes(*upstreams_, *sessions_, *config_, *live_));
    document_ = std::make_unique<boost::json::object>(BuildOpenApi(*routes_));
  }
  static void TearDownTestSuite() {
    document_.reset();
    routes_.reset();
    live_.reset();
    sessions_.reset();
    calls_.reset();
    upstreams_.reset();
    config_.reset();
  }

  static const boost::json::object& Operation(std::string_view path, std::string_view method) {
    return document_->at("paths").at(path).at(method).as_object();
  }
  static const boost::json::object& Component(std::string_view name) {
    return document_->at("components").at("schemas").at(name).as_object();
  }
  // The JSON schema of a request body or a response.
  static const boost::json::value& JsonSchemaOf(const boost::json::value& body) {
    return body.at("content").at("application/json").at("schema");
  }
  static const boost::json::object* Parameter(const boost::json::object& operation,
                                              std::string_view name, std::string_view in) {
    if (!operation.contains("parameters")) return nullptr;
    for (const auto& parameter : operation.at("parameters").as_array()) {
      if (parameter.at("name").as_string() == name && parameter.at("in").as_string() == in) {
        return &parameter.as_object();
      }
    }
    return nullptr;
  }

  static std::unique_ptr<GatewayConfig> config_;
  static std::unique_ptr<Upstreams> upstreams_;
  static std::unique_ptr<CallTracker> calls_;
  static std::unique_ptr<SessionResolver> sessions_;
  static std::unique_ptr<LiveEvents> live_;
  static std::unique_ptr<std::vector<Route>> routes_;
  static std::unique_ptr<boost::json::object> document_;
};

std::unique_ptr<GatewayConfig> OpenApiTest::config_;
std::unique_ptr<Upstreams> OpenApiTest::upstreams_;
std::unique_ptr<LiveEvents> OpenApiTest::live_;
std::unique_ptr<CallTracker> OpenApiTest::calls_;
std::unique_ptr<SessionResolver> OpenApiTest::sessions_;
std::unique_ptr<std::vector<Route>> OpenApiTest::routes_;
std::unique_ptr<boost::json::object> OpenApiTest::document_;

std::string MethodKey(boost::beast::http::verb verb) {
  std::string key(boost::beast::http::to_string(verb));
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::set<std::string> Keys(const boost::json::object& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object) keys.emplace(key);
  return keys;
}

TEST_F(OpenApiTest, EveryRouteIsOneOperationWithAUniqueId) {
  EXPECT_EQ(document_->at("openapi"), "3.1.0");
  size_t operations = 0;
  for (const auto& [path, methods] : document_->at("paths").as_object()) {
    operations += methods.as_object().size();
  }
  EXPECT_EQ(operations, routes_->size());
  std::set<std::string> ids;
  for (const Route& route : *routes_) {
    const auto& operation = Operation(route.pattern, MethodKey(route.method));
    EXPECT_TRUE(ids.insert(std::string(operation.at("operationId").as_string())).second)
        << route.pattern;
    EXPECT_EQ(operation.at("tags").as_array().front().as_string(), route.rpc.upstream);
    EXPECT_TRUE(
        operation.at("responses").as_object().contains(std::to_string(route.success_status)))
        << route.pattern;
  }
  EXPECT_EQ(Operation("/api/san/fabrics/{id}/", "put").at("operationId"), "UpdateFabricPut");
  EXPECT_EQ(Operation("/api/san/fabrics/{id}/", "patch").at("operationId"), "UpdateFabricPatch");
  EXPECT_EQ(Operation("/api/core/active-users/", "get").at("summary"), "List active users");
  EXPECT_EQ(Operation("/api/san/zones/{id}/history/", "get").at("operationId"),
            "RecordHistoryZone");
  EXPECT_EQ(Operation("/api/storage/hosts/{id}/history/", "get").at("operationId"),
            "RecordHistoryHost");
}

TEST_F(OpenApiTest, DeclaresPathParametersWithTheirFieldTypes) {
  const auto& remove = Operation("/api/customers/{id}/members/{user_id}/", "delete");
  for (std::string_view name : {"id", "user_id"}) {
    const auto* parameter = Parameter(remove, name, "path");
    ASSERT_NE(parameter, nullptr) << name;
    EXPECT_EQ(parameter->at("required"), true);
    EXPECT_EQ(parameter->at("schema"),
              (boost::json::object{{"type", "integer"}, {"format", "int64"}}));
  }
}

TEST_F(OpenApiTest, QueryParametersAreTheRequestsOtherScalarFields) {
  const auto& list = Operation("/api/san/aliases/project/{project_id}/", "get");
  EXPECT_NE(Parameter(list, "project_id", "path"), nullptr);
  EXPECT_EQ(Parameter(list, "project_id", "query"), nullptr);
  for (std::string_view name : {"page", "page_size", "search", "ordering"}) {
    EXPECT_NE(Parameter(list, name, "query"), nullptr) << name;
  }
  const auto& remove = Operation("/api/san/zones/delete/{id}/", "delete");
  EXPECT_NE(Parameter(remove, "version", "query"), nullptr);
  EXPECT_NE(Parameter(remove, "If-Match", "header"), nullptr);
  const auto& responses = remove.at("responses").as_object();
  EXPECT_TRUE(responses.contains("409"));
  EXPECT_TRUE(responses.contains("428"));
}

TEST_F(OpenApiTest, ResponseFieldsHaveTheCodecsTypes) {
  const auto& fabric = Component("Fabric");
  const auto& properties = fabric.at("properties").as_object();
  EXPECT_EQ(properties.at("id"), (boost::json::object{{"type", "integer"}, {"format", "int64"}}));
  EXPECT_EQ(
      properties.at("vsan"),
      (boost::json::object{{"type", boost::json::array{"integer", "null"}}, {"format", "int32"}}));
  EXPECT_EQ(properties.at("exists"), (boost::json::object{{"type", "boolean"}}));
  EXPECT_EQ(properties.at("last_modified_at"),
            (boost::json::object{{"type", boost::json::array{"string", "null"}},
                                 {"format", "date-time"}}));
  EXPECT_EQ(fabric.at("additionalProperties"), false);
  // Every field but the merge report, which only a save with base_version answers (and never
  // as null).
  EXPECT_EQ(fabric.at("required").as_array().size(), properties.size() - 1);
  for (const auto& name : fabric.at("required").as_array()) EXPECT_NE(name, "merge");
  EXPECT_EQ(properties.at("merge"),
            (boost::json::object{{"$ref", "#/components/schemas/MergeReport"}}));

  const auto& storage = Component("StorageSystem").at("properties").as_object();
  EXPECT_EQ(storage.at("attributes"),
            (boost::json::object{{"type", boost::json::array{"object", "null"}}}));
  const auto& zone = Component("Zone").at("properties").as_object();
  EXPECT_EQ(zone.at("members"),
            (boost::json::object{{"type", "array"},
                                 {"items", {{"$ref", "#/components/schemas/ZoneMember"}}}}));
  const auto& active_user = Component("ActiveUser").at("properties").as_object();
  EXPECT_EQ(active_user.at("active_customer").at("anyOf").as_array().size(), 2u);
}

TEST_F(OpenApiTest, RequestBodiesLeaveOutWhatTheGatewaySets) {
  const auto& patch = Operation("/api/san/fabrics/{id}/", "patch");
  const auto& body = JsonSchemaOf(patch.at("requestBody")).at("properties").as_object();
  EXPECT_FALSE(body.contains("id"));       // the path names the record
  EXPECT_FALSE(body.contains("partial"));  // the route sets it
  EXPECT_FALSE(body.contains("json_fields"));
  EXPECT_EQ(
      body.at("version"),
      (boost::json::object{{"type", boost::json::array{"integer", "null"}}, {"format", "int64"}}));
  EXPECT_NE(Parameter(patch, "If-Match", "header"), nullptr);

  // Logout's only field is the session token, which the gateway takes from the cookie.
  EXPECT_FALSE(Operation("/api/auth/logout/", "post").contains("requestBody"));
  const auto& items = Component("ZoneItemInput");
  EXPECT_FALSE(items.contains("required"));
  EXPECT_TRUE(items.at("properties").as_object().contains("members"));
}

TEST_F(OpenApiTest, SuccessBodiesFollowUnwrapAndWithheldFields) {
  const auto& projects = Operation("/api/core/projects/{customer_id}/", "get");
  EXPECT_EQ(JsonSchemaOf(projects.at("responses").at("200")),
            (boost::json::object{{"type", "array"},
                                 {"items", {{"$ref", "#/components/schemas/ProjectSummary"}}}}));
  const auto& login = Operation("/api/auth/login/", "post");
  const auto& login_body =
      JsonSchemaOf(login.at("responses").at("200")).at("properties").as_object();
  EXPECT_EQ(Keys(login_body), (std::set<std::string>{"user", "message"}));
  EXPECT_TRUE(Operation("/api/storage/{id}/", "get")
                  .at("responses")
                  .at("200")
                  .as_object()
                  .contains("headers"));
  EXPECT_EQ(Operation("/api/storage/", "post").at("responses").as_object().begin()->key(), "201");
}

TEST_F(OpenApiTest, SecurityFollowsAccessAndMethod) {
  EXPECT_TRUE(Operation("/api/auth/login/", "post").at("security").as_array().empty());
  EXPECT_EQ(Operation("/api/storage/", "get").at("security"),
            (boost::json::array{{{"session", boost::json::array{}}}}));
  EXPECT_EQ(Keys(Operation("/api/storage/", "post").at("security").at(0).as_object()),
            (std::set<std::string>{"session", "csrf"}));
  const auto& schemes = document_->at("components").at("securitySchemes");
  EXPECT_EQ(schemes.at("session").at("name"), "sessionid");
  EXPECT_EQ(schemes.at("csrf").at("name"), "X-CSRFToken");
  EXPECT_TRUE(Component("ValidationError").at("properties").as_object().contains("errors"));
}

// What the codec renders for a message is what its component declares, for every answer.
TEST_F(OpenApiTest, ComponentsMatchWhatTheCodecRenders) {
  for (const Route& route : *routes_) {
    if (!route.unwrap.empty() || !route.withheld_fields.empty()) continue;
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            route.rpc.response_type);
    const auto& component = Component(route.rpc.response_type->name());
    // An empty answer renders every property but those left out while unset, which are the
    // ones the description does not require.
    std::set<std::string> described = Keys(component.at("properties").as_object());
    for (int i = 0; i < route.rpc.response_type->field_count(); ++i) {
      const auto* field = route.rpc.response_type->field(i);
      if (IsOmittedWhenUnset(field)) {
        EXPECT_EQ(described.erase(field->name()), 1u) << route.pattern << " " << field->name();
      }
    }
    EXPECT_EQ(Keys(MessageToJson(*prototype)), described) << route.pattern;
  }
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  const std::string text = boost::json::serialize(*document_);
  const std::string prefix = "\"$ref\":\"#/components/";
  size_t references = 0;
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    const size_t start = at + prefix.size();
    const std::string target = text.substr(start, text.find('"', start) - start);
    const size_t slash = target.find('/');
    EXPECT_TRUE(document_->at("components")
                    .at(target.substr(0, slash))
                    .as_object()
                    .contains(target.substr(slash + 1)))
        << target;
    ++references;
  }
  EXPECT_GT(references, routes_->size());
}

}  // namespace
}  // namespace sanplane::gateway
