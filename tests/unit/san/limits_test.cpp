// The maxima that keep every record, and so every page of a list, bounded.
#include <gtest/gtest.h>

#include "common/text.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

TEST(Limits, NotesHaveAMaximumLengthInCharacters) {
  ZoneValues values;
  v1::ZoneItem item;
  std::string longest;
  for (size_t i = 0; i < common::kMaxNotesLength; ++i) longest += "\u00e9";  // 2 bytes each
  item.set_notes(longest);
  FieldErrors errors;
  ApplyZoneItem(item, values, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(values.notes, longest);
  item.set_notes(longest + "x");
  ApplyZoneItem(item, values, errors);
  ASSERT_TRUE(errors.contains("notes"));
  EXPECT_EQ(errors.at("notes").as_string(), "Ensure this field has no more than 4096 characters.");
}

TEST(Limits, AZoneHoldsAtMostAThousandMembers) {
  v1::ZoneItem item;
  for (int64_t alias = 1; alias <= 1000; ++alias) item.add_members()->set_alias(alias);
  FieldErrors errors;
  EXPECT_EQ(RequestedMembers(item, errors)->size(), 1000u);
  EXPECT_TRUE(errors.empty());
  item.add_members()->set_alias(1001);
  RequestedMembers(item, errors);
  ASSERT_TRUE(errors.contains("members"));
  EXPECT_EQ(errors.at("members").as_string(), "A zone holds at most 1000 members.");
}

}  // namespace
}  // namespace sanplane::san
