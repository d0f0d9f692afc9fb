#include "json_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

TEST(JsonCodec, LeavesOutAnUnsetFieldMarkedOmittedWhenUnset) {
  identity::v1::Customer customer;
  customer.set_id(4);
  std::string plain;
  AppendMessageJson(customer, plain);
  EXPECT_EQ(plain.find("merge"), std::string::npos) << plain;
  EXPECT_FALSE(MessageToJson(customer).contains("merge"));

  customer.mutable_merge()->set_id(4);
  customer.mutable_merge()->add_mine("notes");
  const auto json = MessageToJson(customer);
  EXPECT_EQ(json.at("merge"), Parse(R"({"id":4,"merged":false,"mine":["notes"],"theirs":[]})"));
  std::string written;
  AppendMessageJson(customer, written);
  EXPECT_EQ(written, boost::json::serialize(json));
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

// The straight writer must give the very bytes of the tree's serialization, for every kind of
// field: answers are compared byte for byte by the seed tests and by clients' caches.
std::string ThroughTree(const google::protobuf::Message& message) {
  return boost::json::serialize(MessageToJson(message));
}
std::string Straight(const google::protobuf::Message& message) {
  std::string out;
  AppendMessageJson(message, out);
  return out;
}

TEST(JsonCodec, WritesStraightTheBytesOfTheTree) {
  presence::v1::ListActiveUsersResponse users;
  EXPECT_EQ(Straight(users), ThroughTree(users));
  for (int i = 0; i < 3; ++i) {
    presence::v1::ActiveUser* user = users.add_active_users();
    user->mutable_user()->set_id(9007199254740993 + i);
    // Every escape Boost.JSON writes, other control bytes, DEL, UTF-8 as it is.
    user->mutable_user()->set_username(std::string("q\"\\/\b\f\n\r\t\x01\x1f\x7f Zürich ✓ 𝄞") +
                                       std::to_string(i));
    user->mutable_user()->set_first_name(std::string("nul\0byte", 8));
    if (i == 1) user->mutable_active_customer();  // set but empty
    if (i == 2) {
      user->mutable_active_project()->set_id(-5);
      user->mutable_active_project()->set_name("P");
    }
    user->mutable_last_activity()->set_seconds(1761222600 + i);
    user->mutable_last_activity()->set_nanos(123456000);
  }
  EXPECT_EQ(Straight(users), ThroughTree(users));

  storage::v1::ListStorageResponse systems;
  systems.set_count(2);
  systems.set_num_pages(-1);
  storage::v1::StorageSystem* system = systems.add_results();
  system->set_name("array \"one\"");
  auto& attributes = *system->mutable_attributes()->mutable_fields();
  attributes["ratio"].set_number_value(0.1);
  attributes["big"].set_number_value(1e300);
  attributes["on"].set_bool_value(true);
  attributes["none"].set_null_value(google::protobuf::NULL_VALUE);
  attributes["list"].mutable_list_value()->add_values()->set_string_value("x\ty");
  systems.add_results();
  EXPECT_EQ(Straight(systems), ThroughTree(systems));
}

}  // namespace
}  // namespace sanplane::gateway
