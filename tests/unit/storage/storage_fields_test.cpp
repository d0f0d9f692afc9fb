#include "storage_fields.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "common/errors.hpp"
#include "support/error_capture.hpp"

namespace sanplane::storage {
namespace {

using ::testing::ElementsAre;

std::optional<std::string> ValueOf(const std::vector<ColumnValue>& columns, std::string_view name) {
  for (const ColumnValue& column : columns) {
    if (column.column == name) return column.value;
  }
  ADD_FAILURE() << "no column " << name;
  return std::nullopt;
}

std::vector<std::string> Names(const std::vector<ColumnValue>& columns) {
  std::vector<std::string> names;
  for (const ColumnValue& column : columns) names.emplace_back(column.column);
  return names;
}

using common::testing::CaptureError;
using common::testing::ExpectInvalidArgumentSaying;

// The field errors a 400 carries, {field: message}.
boost::json::object FieldErrorsOf(const common::Error& error) {
  boost::json::object fields;
  for (const auto& violation : error.details().field_violations().violations()) {
    fields[violation.field()] = violation.message();
  }
  return fields;
}

v1::CreateStorageRequest ValidCreate() {
  v1::CreateStorageRequest request;
  request.set_customer(1);
  request.set_name("FS9500-A");
  request.set_storage_type("FlashSystem");
  return request;
}

TEST(StorageColumnsForCreate, WritesEveryColumnWithNullsAndDefaults) {
  const std::vector<ColumnValue> columns = StorageColumnsForCreate(ValidCreate());
  EXPECT_EQ(columns.size(), 18u);
  EXPECT_EQ(ValueOf(columns, "name"), "FS9500-A");
  EXPECT_EQ(ValueOf(columns, "storage_type"), "FlashSystem");
  EXPECT_EQ(ValueOf(columns, "vendor"), std::nullopt);
  EXPECT_EQ(ValueOf(columns, "capacity_bytes"), std::nullopt);
  EXPECT_EQ(ValueOf(columns, "notes"), "");
  EXPECT_EQ(ValueOf(columns, "attributes"), "{}");
}

TEST(StorageColumnsForCreate, ConvertsValues) {
  v1::CreateStorageRequest request = ValidCreate();
  request.set_vendor("IBM");
  request.set_capacity_bytes(1099511627776);
  request.set_wwnn("50-05-07-68-0B-00-00-01");
  (*request.mutable_attributes()->mutable_fields())["pools_count"].set_number_value(4);
  const std::vector<ColumnValue> columns = StorageColumnsForCreate(request);
  EXPECT_EQ(ValueOf(columns, "vendor"), "IBM");
  EXPECT_EQ(ValueOf(columns, "capacity_bytes"), "1099511627776");
  EXPECT_EQ(ValueOf(columns, "wwnn"), "50:05:07:68:0b:00:00:01");
  EXPECT_EQ(ValueOf(columns, "attributes"), R"({"pools_count":4})");
}

TEST(StorageColumnsForCreate, RejectsMissingNameAndBadTypeTogether) {
  v1::CreateStorageRequest request = ValidCreate();
  request.set_name("   ");
  request.set_storage_type("NetApp");
  const common::Error error = CaptureError([&] { StorageColumnsForCreate(request); });
  ExpectInvalidArgumentSaying(
      error, {"name is required.",
              "storage_type must be one of FlashSystem, DS8000, Switch, Data Domain, "
              "Unknown."});
  ASSERT_TRUE(error.details().has_field_violations());
  EXPECT_TRUE(FieldErrorsOf(error).contains("name"));
  EXPECT_TRUE(FieldErrorsOf(error).contains("storage_type"));
}

TEST(StorageColumnsForCreate, AcceptsEveryStorageType) {
  for (std::string_view type : kStorageTypes) {
    v1::CreateStorageRequest request = ValidCreate();
    request.set_storage_type(std::string(type));
    EXPECT_EQ(ValueOf(StorageColumnsForCreate(request), "storage_type"), std::string(type));
  }
}

TEST(StorageColumnsForCreate, RejectsNegativeCapacityBadWwnnAndLongText) {
  v1::CreateStorageRequest request = ValidCreate();
  request.set_used_capacity_bytes(-1);
  request.set_wwnn("not-a-wwnn");
  request.set_location(std::string(kMaxTextLength + 1, 'x'));
  const common::Error error = CaptureError([&] { StorageColumnsForCreate(request); });
  const auto& fields = FieldErrorsOf(error);
  EXPECT_TRUE(fields.contains("used_capacity_bytes"));
  EXPECT_TRUE(fields.contains("wwnn"));
  EXPECT_TRUE(fields.contains("location"));
}

TEST(StorageColumnsForCreate, EmptyWwnnIsNull) {
  v1::CreateStorageRequest request = ValidCreate();
  request.set_wwnn("");
  EXPECT_EQ(ValueOf(StorageColumnsForCreate(request), "wwnn"), std::nullopt);
}

TEST(StorageColumnsForCreate, NameLimitCountsCharactersNotBytes) {
  v1::CreateStorageRequest request = ValidCreate();
  std::string name;
  for (size_t i = 0; i < kMaxNameLength; ++i) name += "\xC3\xA9";  // é: two bytes, one character
  request.set_name(name);
  EXPECT_EQ(ValueOf(StorageColumnsForCreate(request), "name"), name);

  request.set_name(name + "x");
  const common::Error error = CaptureError([&] { StorageColumnsForCreate(request); });
  EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
  EXPECT_EQ(FieldErrorsOf(error).at("name").as_string(), "name must be at most 128 characters.");
}

TEST(StorageColumnsForCreate, RejectsNulInEveryTextFieldNamingIt) {
  using namespace std::string_literals;
  v1::CreateStorageRequest request = ValidCreate();
  request.set_name("S\0Z"s);
  request.set_vendor("I\0BM"s);
  request.set_location("\0"s);
  request.set_notes("a\0"s);
  const common::Error error = CaptureError([&] { StorageColumnsForCreate(request); });
  EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
  const auto& fields = FieldErrorsOf(error);
  EXPECT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields.at("name").as_string(), "name must not contain NUL characters.");
  EXPECT_EQ(fields.at("vendor").as_string(), "vendor must not contain NUL characters.");
  EXPECT_EQ(fields.at("location").as_string(), "location must not contain NUL characters.");
  EXPECT_EQ(fields.at("notes").as_string(), "notes must not contain NUL characters.");
}

TEST(StorageColumnsForCreate, RejectsNulAnywhereInAttributes) {
  using namespace std::string_literals;
  const auto rejected = [](const std::function<void(google::protobuf::Struct&)>& fill) {
    v1::CreateStorageRequest request = ValidCreate();
    fill(*request.mutable_attributes());
    const common::Error error = CaptureError([&] { StorageColumnsForCreate(request); });
    return error.kind() == common::ErrorKind::kInvalidArgument &&
           error.details().has_field_violations() && FieldErrorsOf(error).contains("attributes") &&
           std::string(error.what()) == "attributes must not contain NUL characters.";
  };
  EXPECT_TRUE(rejected([](google::protobuf::Struct& s) {
    (*s.mutable_fields())["site"].set_string_value("a\0b"s);
  }));
  EXPECT_TRUE(rejected(
      [](google::protobuf::Struct& s) { (*s.mutable_fields())["bad\0key"s].set_number_value(1); }));
  EXPECT_TRUE(rejected([](google::protobuf::Struct& s) {
    auto& pools = *(*s.mutable_fields())["pools"].mutable_list_value();
    pools.add_values()->set_string_value("Pool0");
    auto& nested = *pools.add_values()->mutable_struct_value()->mutable_fields();
    nested["tier"].set_string_value("\0"s);
  }));
}

TEST(StorageColumnsForCreate, AttributesHaveAMaximumSizeAndDepth) {
  const auto message_for = [](const std::function<void(google::protobuf::Struct&)>& fill) {
    v1::CreateStorageRequest request = ValidCreate();
    fill(*request.mutable_attributes());
    try {
      StorageColumnsForCreate(request);
      return std::string("accepted");
    } catch (const common::Error& error) {
      return FieldErrorsOf(error).contains("attributes") ? std::string(error.what())
                                                         : std::string("another field");
    }
  };
  // {"l":{"l":…}} nested `levels` deep.
  const auto nest = [](int levels) {
    return [levels](google::protobuf::Struct& s) {
      google::protobuf::Struct* level = &s;
      for (int i = 1; i < levels; ++i) {
        level = (*level->mutable_fields())["l"].mutable_struct_value();
      }
      (*level->mutable_fields())["leaf"].set_bool_value(true);
    };
  };
  EXPECT_EQ(message_for(nest(8)), "accepted");
  EXPECT_EQ(message_for(nest(9)), "attributes may nest at most 8 levels deep.");
  const auto sized = [](size_t bytes) {
    return [bytes](google::protobuf::Struct& s) {
      // {"blob":"xxx…"} is 11 bytes around the string.
      (*s.mutable_fields())["blob"].set_string_value(std::string(bytes - 11, 'x'));
    };
  };
  EXPECT_EQ(message_for(sized(65536)), "accepted");
  EXPECT_EQ(message_for(sized(65537)), "attributes must be at most 65536 bytes as JSON.");
}

TEST(StorageColumnsForUpdate, PatchRejectsNul) {
  using namespace std::string_literals;
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  request.set_model("A\0"s);
  const common::Error error = CaptureError([&] { StorageColumnsForUpdate(request); });
  EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
  EXPECT_TRUE(FieldErrorsOf(error).contains("model"));
}

TEST(StorageText, JsonHasNulFindsNulInNestedJson) {
  using namespace std::string_literals;
  EXPECT_FALSE(JsonHasNul(boost::json::value{{"a", {1, "x", nullptr, true}}}));
  EXPECT_TRUE(JsonHasNul(boost::json::value{{"a", {1, {{"b", "\0"s}}}}}));
  EXPECT_TRUE(JsonHasNul(boost::json::object{{"k\0"s, 1}}));
}

TEST(StorageColumnsForUpdate, PutReplacesEveryColumn) {
  v1::UpdateStorageRequest request;
  request.set_name("A");
  request.set_storage_type("DS8000");
  request.set_notes("n");
  const std::vector<ColumnValue> columns = StorageColumnsForUpdate(request);
  EXPECT_EQ(columns.size(), 18u);
  EXPECT_EQ(ValueOf(columns, "vendor"), std::nullopt);
  EXPECT_EQ(ValueOf(columns, "notes"), "n");
  EXPECT_EQ(ValueOf(columns, "attributes"), "{}");
}

TEST(StorageColumnsForUpdate, PutRequiresNameAndType) {
  v1::UpdateStorageRequest request;
  request.set_vendor("IBM");
  const common::Error error = CaptureError([&] { StorageColumnsForUpdate(request); });
  ExpectInvalidArgumentSaying(error, {"name is required.", "storage_type is required"});
}

TEST(StorageColumnsForUpdate, PatchWritesOnlyPresentFields) {
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  request.set_location("Rack 4");
  request.add_json_fields("location");
  request.add_json_fields("version");
  request.add_json_fields("last_modified_by");  // not editable: ignored
  EXPECT_THAT(Names(StorageColumnsForUpdate(request)), ElementsAre("location"));
}

TEST(StorageColumnsForUpdate, PatchNullClearsANullableField) {
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  request.add_json_fields("vendor");  // {"vendor": null}
  request.add_json_fields("notes");   // {"notes": null}
  const std::vector<ColumnValue> columns = StorageColumnsForUpdate(request);
  EXPECT_THAT(Names(columns), ElementsAre("vendor", "notes"));
  EXPECT_EQ(ValueOf(columns, "vendor"), std::nullopt);
  EXPECT_EQ(ValueOf(columns, "notes"), "");
}

TEST(StorageColumnsForUpdate, PatchNullNameIsRejected) {
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  request.add_json_fields("name");
  const common::Error error = CaptureError([&] { StorageColumnsForUpdate(request); });
  EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
}

TEST(StorageColumnsForUpdate, PatchWithoutJsonFieldsUsesPresence) {
  // A gRPC client that is not the gateway sends no json_fields.
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  request.set_capacity_bytes(10);
  EXPECT_THAT(Names(StorageColumnsForUpdate(request)), ElementsAre("capacity_bytes"));
}

TEST(StorageColumnsForUpdate, EmptyPatchChangesNothing) {
  v1::UpdateStorageRequest request;
  request.set_partial(true);
  EXPECT_TRUE(StorageColumnsForUpdate(request).empty());
}

}  // namespace
}  // namespace sanplane::storage
