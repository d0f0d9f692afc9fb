#include "json_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "sanplane/identity/v1/identity.pb.h"
#include "sanplane/presence/v1/presence.pb.h"
#include "sanplane/storage/v1/storage.pb.h"

namespace sanplane::gateway {
namespace {

boost::json::object Parse(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(JsonCodec, RendersInt64AsNumbersAndUnsetAsNull) {
  identity::v1::Customer customer;
  customer.set_id(9007199254740993);  // beyond double precision: must stay exact
  customer.set_name("ACME");
  customer.set_version(3);
  const auto json = MessageToJson(customer);
  EXPECT_EQ(json.at("id").as_int64(), 9007199254740993);
  EXPECT_EQ(json.at("version").as_int64(), 3);
  EXPECT_TRUE(json.at("last_modified_by").is_null());
  EXPECT_TRUE(json.at("last_modified_at").is_null());
}

TEST(JsonCodec, RendersTimestampsAndNestedRefs) {
  presence::v1::ActiveUser user;
  user.mutable_user()->set_id(4);
  user.mutable_active_customer();  // set but empty: {"id": null, "name": null}
  user.mutable_last_activity()->set_seconds(1761222600);
  user.mutable_last_activity()->set_nanos(123456000);
  const auto json = MessageToJson(user);
  EXPECT_EQ(json.at("last_activity"), "2025-10-23T12:30:00.123456Z");
  EXPECT_EQ(json.at("active_customer"), Parse(R"({"id":null,"name":null})"));
  EXPECT_TRUE(json.at("active_project").is_null());
}

TEST(JsonCodec, FillsRequestsStrictly) {
  identity::v1::UpdateCustomerRequest request;
  JsonToMessage(
      Parse(R"({"name":"N","version":5,"unknown":1,"notes":null,"last_modified_by":"x"})"),
      request);
  EXPECT_EQ(request.name(), "N");
  EXPECT_EQ(request.version(), 5);
  EXPECT_FALSE(request.has_notes());

  identity::v1::UpdateCustomerRequest bad;
  EXPECT_THROW(JsonToMessage(Parse(R"({"version":"5"})"), bad), FieldError);
  EXPECT_THROW(JsonToMessage(Parse(R"({"version":5.5})"), bad), FieldError);
  EXPECT_THROW(JsonToMessage(Parse(R"({"name":7})"), bad), FieldError);
  try {
    JsonToMessage(Parse(R"({"version":"5"})"), bad);
  } catch (const FieldError& error) {
    EXPECT_STREQ(error.what(), "Invalid value for field 'version': expected an integer.");
  }
}

TEST(JsonCodec, NamesNestedFieldsInErrors) {
  identity::v1::GetUserContextsRequest request;
  try {
    JsonToMessage(Parse(R"({"user_ids":[1,"2"]})"), request);
    FAIL() << "expected a FieldError";
  } catch (const FieldError& error) {
    EXPECT_STREQ(error.what(), "Invalid value for field 'user_ids[1]': expected an integer.");
  }
}

TEST(JsonCodec, RefusesNumbersThatOverflowWhereverTheyStand) {
  // The parser reads these as infinity; neither protobuf JSON nor jsonb can carry it.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"attributes":{"speed":1e400}})", "attributes.speed"},
      {R"({"attributes":{"ports":[1,-1e400]}})", "attributes.ports[1]"},
      {R"({"attributes":{"a":{"b":[{"c":1e999}]}}})", "attributes.a.b[0].c"},
  };
  for (const auto& [body, path] : cases) {
    storage::v1::CreateStorageRequest request;
    try {
      JsonToMessage(Parse(body), request);
      ADD_FAILURE() << body << " was accepted";
    } catch (const FieldError& error) {
      EXPECT_EQ(error.what(),
                std::string("Invalid value for field '") + path + "': expected a finite number.");
    }
  }
  identity::v1::UpdateCustomerRequest integer;
  EXPECT_THROW(JsonToMessage(Parse(R"({"version":1e400})"), integer), FieldError);
  storage::v1::CreateStorageRequest finite;
  JsonToMessage(Parse(R"({"attributes":{"speed":1e300,"ratio":-0.5}})"), finite);
  EXPECT_EQ(finite.attributes().fields().at("speed").number_value(), 1e300);
}

TEST(JsonCodec, SetsFieldsFromStrings) {
  identity::v1::DeleteCustomerRequest request;
  EXPECT_TRUE(SetFieldFromString(request, "id", "12"));
  EXPECT_TRUE(SetFieldFromString(request, "version", "3"));
  EXPECT_FALSE(SetFieldFromString(request, "nope", "1"));
  EXPECT_EQ(request.id(), 12);
  EXPECT_TRUE(HasField(request, "version"));
  EXPECT_THROW(SetFieldFromString(request, "version", "3x"), FieldError);
}

TEST(JsonCodec, RefusesUrlTextProtobufCannotCarry) {
  identity::v1::ListCustomersRequest request;
  EXPECT_TRUE(SetFieldFromString(request, "search", "Zürich ✓ 𝄞"));
  EXPECT_EQ(request.search(), "Zürich ✓ 𝄞");
  EXPECT_THROW(SetFieldFromString(request, "search", "\xff"), FieldError);
  EXPECT_THROW(SetFieldFromString(request, "search", "\xc3"), FieldError);          // cut short
  EXPECT_THROW(SetFieldFromString(request, "search", "\xc0\xaf"), FieldError);      // overlong
  EXPECT_THROW(SetFieldFromString(request, "search", "\xed\xa0\x80"), FieldError);  // surrogate
  EXPECT_THROW(SetFieldFromString(request, "search", std::string("a\0b", 3)), FieldError);
}

}  // namespace
}  // namespace sanplane::gateway
