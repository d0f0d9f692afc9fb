#include "record_owners.hpp"

#include <array>
#include <utility>

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

namespace {

/// The service that keeps each kind of record.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kKeepers = {{
    {"customer", "identity"},
    {"project", "identity"},
    {"fabric", "san"},
    {"alias", "san"},
    {"zone", "san"},
    {"storage", "storage"},
    {"host", "storage"},
    {"volume", "storage"},
}};

std::string_view KeeperOf(std::string_view entity) {
  for (const auto& [kind, service] : kKeepers) {
    if (kind == entity) return service;
  }
  throw common::InvalidFields(
      "entity is not a kind of record.",
      {{"entity",
        "Expected one of customer, project, fabric, alias, zone, storage, host, volume."}});
}

}  // namespace

void RequireRecordKind(std::string_view entity) { KeeperOf(entity); }

int64_t HistoryRecordOwners::CustomerOf(const grpc::ServerContext& incoming,
                                        const std::string& entity, int64_t id) {
  const std::string service(KeeperOf(entity));
  history::v1::History::Stub* keeper = service == "identity" ? identity_.get()
                                       : service == "san"    ? san_.get()
                                                             : storage_.get();
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
