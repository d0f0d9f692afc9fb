#include "audit_csv.hpp"

#include <boost/json/serialize.hpp>
#include <memory>
#include <utility>

#include "common/json_struct.hpp"
#include "common/time.hpp"
#include "http_errors.hpp"

namespace sanplane::gateway {
namespace {

using history::v1::AuditRequest;
using history::v1::HistoryPage;

/// A field quoted when it holds a comma, a quote or a line break, quotes doubled (RFC 4180 §2).
void AppendCsvField(const std::string& value, std::string& csv) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    csv += value;
    return;
  }
  csv += '"';
  for (char c : value) {
    if (c == '"') csv += '"';
    csv += c;
  }
  csv += '"';
}

/// One export: the CSV written so far and the pages still to ask for.
struct AuditExport {
  Continuation next;
  AuditRequest first_request;
  int attempt = 1;
  // The feed's size when the first page came; every later page must agree.
  int64_t count = 0;
  AuditRequest request;
  std::string csv;
};

void Start(std::shared_ptr<AuditExport> run, const HistoryPage& first);

/// Asks for the page after `request`'s and writes it, until the last page.
void AskNextPage(std::shared_ptr<AuditExport> run) {
  auto ask = std::make_shared<AuditRequest>(run->request);
  ask->set_page(run->request.page() + 1);
  run->request = *ask;
  run->next.call_again(ask, [run](const grpc::Status& status, MessagePtr response) {
    if (!status.ok()) {
      run->next.fail(status);
      return;
    }
    const auto& page = static_cast<const HistoryPage&>(*response);
    if (page.count() != run->count) {
      // The feed moved between two pages: rows would be missed or repeated.
      if (run->attempt >= kAuditCsvAttempts) {
        run->next.respond(ErrorResponse(
            *run->next.http,
            {409,
             ErrorBody("The audit feed kept changing while it was exported; please try again."),
             {}}));
        return;
      }
      ++run->attempt;
      run->request = run->first_request;
      run->next.call_again(std::make_shared<AuditRequest>(run->first_request),
                           [run](const grpc::Status& status, MessagePtr response) {
                             if (!status.ok()) {
                               run->next.fail(status);
                               return;
                             }
                             Start(run, static_cast<const HistoryPage&>(*response));
                           });
      return;
    }
    AppendAuditCsvRows(page, run->csv);
    if (page.has_next()) {
      AskNextPage(run);
      return;
    }
    run->next.respond(
        FileResponse(*run->next.http, std::move(run->csv), "text/csv; charset=utf-8", "audit.csv"));
  });
}

/// Writes the first page and asks for the rest.
void Start(std::shared_ptr<AuditExport> run, const HistoryPage& first) {
  if (first.count() > kAuditCsvMaxEntries) {
    run->next.respond(ErrorResponse(
        *run->next.http,
        http_errors::InvalidField("The query matches " + std::to_string(first.count()) +
                                  " entries; a CSV export carries at most " +
                                  std::to_string(kAuditCsvMaxEntries) +
                                  ". Narrow it with since and until, or customer, user, entity.")));
    return;
  }
  run->count = first.count();
  run->csv = AuditCsv(first);
  if (!first.has_next() || first.results().empty()) {
    run->next.respond(
        FileResponse(*run->next.http, std::move(run->csv), "text/csv; charset=utf-8", "audit.csv"));
    return;
  }
  // Later pages end where the first began: a change saved meanwhile is newer than all of them.
  run->request = run->first_request;
  run->request.set_until(
      common::FormatRfc3339(common::MicrosFromTimestamp(first.results(0).at()) + 1));
  AskNextPage(run);
}

}  // namespace

std::string AuditCsv(const HistoryPage& page) {
  std::string csv = std::string(kAuditCsvHeader) + "\r\n";
  AppendAuditCsvRows(page, csv);
  return csv;
}

void AppendAuditCsvRows(const HistoryPage& page, std::string& csv) {
  for (const history::v1::HistoryEntry& entry : page.results()) {
    const std::string fields[] = {
        common::FormatRfc3339(common::MicrosFromTimestamp(entry.at())),
        entry.entity(),
        std::to_string(entry.id()),
        std::to_string(entry.customer()),
        std::to_string(entry.version()),
        entry.action(),
        entry.has_by() ? entry.by() : "",
        entry.has_from_version() ? std::to_string(entry.from_version()) : "",
        boost::json::serialize(common::FromStruct(entry.changes())),
    };
    bool first = true;
    for (const std::string& field : fields) {
      if (!first) csv += ',';
      AppendCsvField(field, csv);
      first = false;
    }
    csv += "\r\n";
  }
}

void PrepareAuditCsv(const ApiCall&, google::protobuf::Message& request) {
  auto& ask = static_cast<AuditRequest&>(request);
  if (ask.format() != "csv") return;
  ask.set_page(1);
  ask.set_page_size(kAuditCsvPageSize);
}

bool ExportAuditCsv(const Continuation& next, MessagePtr request, MessagePtr first) {
  const auto& ask = static_cast<const AuditRequest&>(*request);
  if (ask.format() != "csv") return false;
  auto run = std::make_shared<AuditExport>();
  run->next = next;
  run->first_request = ask;
  Start(run, static_cast<const HistoryPage&>(*first));
  return true;
}

}  // namespace sanplane::gateway
