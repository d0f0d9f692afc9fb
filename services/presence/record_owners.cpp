#include "record_owners.hpp"

#include "common/client.hpp"
#include "common/errors.hpp"
#include "common/versioning.hpp"

namespace sanplane::presence {

HistoryRecordOwners::HistoryRecordOwners(std::shared_ptr<grpc::Channel> identity,
                                         std::shared_ptr<grpc::Channel> san,
                                         std::shared_ptr<grpc::Channel> storage,
                                         std::chrono::milliseconds timeout)
    : identity_(history::v1::History::NewStub(identity)),
      san_(history::v1::History::NewStub(san)),
      storage_(history::v1::History::NewStub(storage)),
      timeout_(timeout) {}

int64_t HistoryRecordOwners::CustomerOf(const grpc::ServerContext& incoming,
                                        const std::string& entity, int64_t id) {
  history::v1::History::Stub* keeper = nullptr;
  std::string service;
  if (entity == "customer" || entity == "project") {
    keeper = identity_.get();
    service = "identity";
  } else if (entity == "fabric" || entity == "alias" || entity == "zone") {
    keeper = san_.get();
    service = "san";
  } else if (entity == "storage" || entity == "host" || entity == "volume") {
    keeper = storage_.get();
    service = "storage";
  } else {
    throw common::InvalidFields("entity is not a kind of record.",
                                {{"entity",
                                  "Expected one of customer, project, fabric, alias, zone, "
                                  "storage, host, volume."}});
  }
  history::v1::RecordHistoryRequest request;
  request.set_entity(entity);
  request.set_id(id);
  request.set_page_size(1);
  history::v1::HistoryPage page;
  auto context = common::OutgoingContext(incoming, timeout_);
  const grpc::Status status = common::TimedClientCall("history.RecordHistory", [&] {
    return keeper->RecordHistory(context.get(), request, &page);
  });
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      (status.ok() && (page.results().empty() || page.results(0).action() == "delete"))) {
    throw common::Error(common::ErrorKind::kNotFound, "Record not found.");
  }
  if (!status.ok()) throw common::FromGrpcStatus(status, service);
  return page.results(0).customer();
}

}  // namespace sanplane::presence
