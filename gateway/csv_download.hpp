#pragma once
// The CSV download of a whole list (`GET …?format=csv`): the list RPC called page after page, each
// page answered by the service as CSV text (its `csv` field, the header on the first page), the
// texts joined into one text/csv answer. Each page is a call of its own with its own deadline, so
// no more than one page of records is ever held as messages.

#include <google/protobuf/message.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <string>

#include "rpc_method.hpp"

namespace sanplane::gateway {

/// The page size a download asks for: the most a list answers at once.
inline constexpr int kCsvDownloadPageSize = 500;

/// Whether the list request asks for CSV (its `format` field is "csv").
bool WantsCsv(const google::protobuf::Message& request);

struct CsvDownload {
  RpcMethod rpc;
  /// A context for the next page: its deadline and the caller's identity.
  std::function<std::shared_ptr<grpc::ClientContext>()> new_context;
  /// Runs once, with the joined text or with the status of the page call that failed.
  std::function<void(const grpc::Status&, std::string csv)> done;
};

/// Calls `download.rpc` for page 1, 2, … of `request` (page_size kCsvDownloadPageSize) until the
/// answer has no next page.
void RunCsvDownload(CsvDownload download, MessagePtr request);

}  // namespace sanplane::gateway
