#include "audit_csv.hpp"

#include <boost/json/serialize.hpp>

#include "common/csv.hpp"
#include "common/json_struct.hpp"
#include "common/time.hpp"

namespace sanplane::gateway {

std::string AuditCsv(const history::v1::HistoryPage& page) {
  std::string csv = std::string(kAuditCsvHeader) + "\r\n";
  for (const history::v1::HistoryEntry& entry : page.results()) {
    common::AppendCsvRow(csv,
                         std::vector<std::string>{
                             common::FormatRfc3339(common::MicrosFromTimestamp(entry.at())),
                             entry.entity(),
                             std::to_string(entry.id()),
                             std::to_string(entry.customer()),
                             std::to_string(entry.version()),
                             entry.action(),
                             entry.has_by() ? entry.by() : "",
                             entry.has_from_version() ? std::to_string(entry.from_version()) : "",
                             boost::json::serialize(common::FromStruct(entry.changes())),
                         });
  }
  return csv;
}

std::optional<HttpResponse> RenderAudit(const ApiCall& call,
                                        const google::protobuf::Message& request,
                                        const google::protobuf::Message& response) {
  const auto& ask = static_cast<const history::v1::AuditRequest&>(request);
  if (ask.format() != "csv") return std::nullopt;
  return FileResponse(call.http, AuditCsv(static_cast<const history::v1::HistoryPage&>(response)),
                      "text/csv; charset=utf-8", "audit.csv");
}

}  // namespace sanplane::gateway
