#pragma once
// The audit feed (history.v1.HistoryPage) as CSV (`GET /api/audit/?format=csv`): RFC 4180, CRLF
// line ends, a fixed header, one row per entry in the feed's order.

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

/// The page's entries under kAuditCsvHeader; `changes` as its JSON text, absent values empty.
std::string AuditCsv(const history::v1::HistoryPage& page);

/// Route::render of the feed: the CSV download when `format` is "csv", nullopt for JSON.
std::optional<HttpResponse> RenderAudit(const ApiCall& call,
                                        const google::protobuf::Message& request,
                                        const google::protobuf::Message& response);

}  // namespace sanplane::gateway
