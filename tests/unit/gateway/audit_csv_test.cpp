#include "audit_csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

namespace sanplane::gateway {
namespace {

/// The feed as pages of `per_page` entries out of `count` (each answer's count from `counts`, in
/// the order they are asked for, the last repeating), and what the export asked and answered.
struct FakeFeed {
  int64_t count = 0;
  int per_page = 2;
  std::vector<int64_t> counts;
  std::vector<history::v1::AuditRequest> asked;
  std::optional<HttpResponse> answer;

  history::v1::HistoryPage Page(int page, int64_t reported) const {
    history::v1::HistoryPage out;
    const int64_t first = static_cast<int64_t>(page - 1) * per_page;
    for (int64_t i = first; i < std::min<int64_t>(first + per_page, count); ++i) {
      history::v1::HistoryEntry& entry = *out.add_results();
      entry.set_entity("host");
      entry.set_id(1000 - i);
      *entry.mutable_at() = common::TimestampFromMicros(2'000'000 - i);
    }
    out.set_count(reported);
    out.set_has_next(first + per_page < count);
    return out;
  }

  Continuation Next(std::shared_ptr<const HttpRequest> http) {
    Continuation next;
    next.http = std::move(http);
    next.call_again = [this](MessagePtr request, RpcDone done) {
      asked.push_back(static_cast<const history::v1::AuditRequest&>(*request));
      const int64_t reported =
          counts.empty() ? count : counts[std::min(asked.size(), counts.size()) - 1];
      done(grpc::Status::OK,
           std::make_shared<history::v1::HistoryPage>(Page(asked.back().page(), reported)));
    };
    next.respond = [this](HttpResponse reply) { answer = std::move(reply); };
    next.fail = [](const grpc::Status&) { FAIL() << "no call fails here"; };
    return next;
  }

  /// Runs the export of `format`; false when it left the answer to JSON.
  bool Export(const char* format) {
    auto request = std::make_shared<history::v1::AuditRequest>();
    request->set_format(format);
    const HttpRequest http;
    const std::string request_id = "test";
    PrepareAuditCsv({http, request_id}, *request);
    auto first = std::make_shared<history::v1::HistoryPage>(Page(1, count));
    return ExportAuditCsv(Next(std::make_shared<HttpRequest>()), request, first);
  }
};

size_t Lines(const std::string& text) {
  size_t lines = 0;
  for (size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at + 2)) {
    ++lines;
  }
  return lines;
}

TEST(AuditCsvExport, AsksForEveryPageAfterTheFirstWithUntilHeldAtItsNewestEntry) {
  FakeFeed feed;
  feed.count = 5;
  ASSERT_TRUE(feed.Export("csv"));
  ASSERT_TRUE(feed.answer.has_value());
  EXPECT_EQ(feed.answer->result_int(), 200u);
  EXPECT_EQ(Lines(feed.answer->body()), 6u) << feed.answer->body();
  ASSERT_EQ(feed.asked.size(), 2u);
  EXPECT_EQ(feed.asked[0].page(), 2);
  EXPECT_EQ(feed.asked[1].page(), 3);
  EXPECT_EQ(feed.asked[0].page_size(), kAuditCsvPageSize);
  EXPECT_EQ(feed.asked[1].until(), common::FormatRfc3339(2'000'001));
}

TEST(AuditCsvExport, JsonIsLeftToTheUsualAnswer) {
  FakeFeed feed;
  feed.count = 5;
  EXPECT_FALSE(feed.Export("json"));
  EXPECT_FALSE(feed.answer.has_value());
}

TEST(AuditCsvExport, MoreThanTheCapIsA400AskingToNarrowTheQuery) {
  FakeFeed feed;
  feed.count = kAuditCsvMaxEntries + 1;
  ASSERT_TRUE(feed.Export("csv"));
  ASSERT_TRUE(feed.answer.has_value());
  EXPECT_EQ(feed.answer->result_int(), 400u);
  EXPECT_NE(feed.answer->body().find("Narrow it with since and until"), std::string::npos);
  EXPECT_TRUE(feed.asked.empty());
}

TEST(AuditCsvExport, AFeedThatMovesUnderTheExportStartsOverThenIsA409) {
  FakeFeed moved_once;
  moved_once.count = 3;
  moved_once.counts = {4, 3};  // page 2 disagrees; the restart's first page and on agree
  ASSERT_TRUE(moved_once.Export("csv"));
  ASSERT_TRUE(moved_once.answer.has_value());
  EXPECT_EQ(moved_once.answer->result_int(), 200u);
  EXPECT_EQ(Lines(moved_once.answer->body()), 4u) << "the rows of the second run only";

  FakeFeed moving;
  moving.count = 3;
  moving.counts = {4, 3, 4, 3, 4};  // every page 2 disagrees
  ASSERT_TRUE(moving.Export("csv"));
  ASSERT_TRUE(moving.answer.has_value());
  EXPECT_EQ(moving.answer->result_int(), 409u);
}

}  // namespace
}  // namespace sanplane::gateway
