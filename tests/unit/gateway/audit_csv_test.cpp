#include "audit_csv.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "common/json_struct.hpp"
#include "common/time.hpp"

namespace sanplane::gateway {
namespace {

history::v1::HistoryEntry Entry(const char* changes) {
  history::v1::HistoryEntry entry;
  entry.set_entity("zone");
  entry.set_id(7);
  entry.set_customer(1);
  entry.set_version(3);
  entry.set_action("restore");
  entry.set_by("alice");
  entry.set_from_version(0);
  *entry.mutable_at() = common::TimestampFromMicros(1'764'504'000'000'000);
  *entry.mutable_changes() = common::ToStruct(boost::json::parse(changes).as_object());
  return entry;
}

TEST(AuditCsv, HeaderThenOneCrlfLinePerEntryWithQuotedFields) {
  history::v1::HistoryPage page;
  *page.add_results() = Entry(R"({"notes":["a, \"b\"",""]})");
  history::v1::HistoryEntry unattributed = Entry("{}");
  unattributed.clear_by();
  unattributed.clear_from_version();
  unattributed.set_action("update");
  *page.add_results() = unattributed;
  EXPECT_EQ(AuditCsv(page),
            "at,entity,id,customer,version,action,by,from_version,changes\r\n"
            "2025-11-30T12:00:00.000000Z,zone,7,1,3,restore,alice,0,"
            "\"{\"\"notes\"\":[\"\"a, \\\"\"b\\\"\"\"\",\"\"\"\"]}\"\r\n"
            "2025-11-30T12:00:00.000000Z,zone,7,1,3,update,,,{}\r\n");
}

TEST(AuditCsv, AnEmptyPageIsTheHeaderAlone) {
  EXPECT_EQ(AuditCsv({}), std::string(kAuditCsvHeader) + "\r\n");
}

}  // namespace
}  // namespace sanplane::gateway
