#pragma once
// The audit feed (history.v1.HistoryPage) as CSV (`GET /api/audit/?format=csv`): RFC 4180, CRLF
// line ends, a fixed header, one row per entry of the whole feed the query matches, newest first.
// The gateway asks for the feed page by page (kAuditCsvPageSize entries each) and writes each
// page's rows onto the answer as it comes, so no more than one page is ever held as messages; the
// feed reaches kAuditCsvMaxEntries deep, and a query matching more is a 400 that says to narrow
// it with since/until. The pages after the first are asked with `until` held just past the first
// page's newest entry, so changes saved during the export do not shift the pages; should the
// count move all the same (a change committed late with an earlier time), the export starts over,
// and after kAuditCsvAttempts such starts the answer is a 409 saying to try again.

#include <google/protobuf/message.h>

#include <optional>
#include <string>

#include "api_handler.hpp"
#include "http_types.hpp"
#include "sanplane/history/v1/history.pb.h"

namespace sanplane::gateway {

/// The header row's columns, in order.
inline constexpr char kAuditCsvHeader[] =
    "at,entity,id,customer,version,action,by,from_version,changes";
/// The entries of one page asked for (the feed's largest page).
inline constexpr int kAuditCsvPageSize = 500;
/// The most entries a CSV carries: as deep as the feed pages (common/history_feed.hpp).
inline constexpr int64_t kAuditCsvMaxEntries = 10000;
/// How often an export starts over when the feed moved under it.
inline constexpr int kAuditCsvAttempts = 3;

/// The header and the page's entries (AppendAuditCsvRows).
std::string AuditCsv(const history::v1::HistoryPage& page);

/// Appends the page's entries to `csv` as rows of kAuditCsvHeader; `changes` as its JSON text,
/// absent values empty.
void AppendAuditCsvRows(const history::v1::HistoryPage& page, std::string& csv);

/// Route::prepare of the feed: a CSV asks for the first page of kAuditCsvPageSize entries, whatever
/// `page` and `page_size` say.
void PrepareAuditCsv(const ApiCall& call, google::protobuf::Message& request);

/// Route::take_over of the feed: with `format=csv`, answers every entry the query matches (asking
/// for the pages after `first`); false for JSON.
bool ExportAuditCsv(const Continuation& next, MessagePtr request, MessagePtr first);

}  // namespace sanplane::gateway
