#include "alias_references.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/client.hpp"

namespace sanplane::storage {

GrpcAliasReferenceFinder::GrpcAliasReferenceFinder(std::shared_ptr<grpc::Channel> san,
                                                   std::chrono::milliseconds timeout)
    : san_(san::v1::San::NewStub(san)), timeout_(timeout) {}

AliasReferences GrpcAliasReferenceFinder::Find(const grpc::ServerContext& context,
                                               int64_t storage_id,
                                               const std::vector<int64_t>& host_ids) {
  san::v1::StorageReferencesRequest request;
  request.set_storage_id(storage_id);
  request.mutable_host_ids()->Add(host_ids.begin(), host_ids.end());
  san::v1::StorageReferencesResponse response;
  const grpc::Status status = common::TimedClientCall("san.StorageReferences", [&] {
    return san_->StorageReferences(common::OutgoingContext(context, timeout_).get(), request,
                                   &response);
  });
  if (!status.ok()) {
    // SAN's own refusal travels on unchanged; the library's (down, too slow) is ours to word.
    if (common::DetailsOf(status)) throw common::FromGrpcStatus(status, "san");
    throw common::Error(common::ErrorKind::kUnavailable,
                        "The SAN service is unavailable, so the aliases that may use this storage "
                        "system cannot be checked; nothing was deleted. Try again shortly.");
  }
  AliasReferences references;
  references.aliases = response.aliases();
  references.alias_names.assign(response.alias_names().begin(), response.alias_names().end());
  return references;
}

common::Error StorageInUseError(const std::string& storage_name,
                                const AliasReferences& references) {
  std::string names;
  common::v1::ErrorDetails details;
  auto& listed = *details.mutable_still_in_use()->mutable_references();
  listed.set_aliases(references.aliases);
  for (const std::string& name : references.alias_names) {
    names += (names.empty() ? "" : ", ") + name;
    listed.add_alias_names(name);
  }
  if (references.aliases > static_cast<int64_t>(references.alias_names.size())) names += ", …";
  const std::string message = "Storage system " + storage_name + " is still used by " +
                              std::to_string(references.aliases) +
                              (references.aliases == 1 ? " alias" : " aliases") + " (" + names +
                              "); clear their storage or host first.";
  return common::Error(common::ErrorKind::kVersionConflict, message, std::move(details));
}

}  // namespace sanplane::storage
