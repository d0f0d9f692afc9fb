#pragma once
// The batch saves of aliases and zones: one transaction per request, every item validated, every
// failing item reported, nothing written unless every item succeeds.

#include <grpcpp/server_context.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "common/principal.hpp"
#include "peers.hpp"
#include "sanplane/san/v1/san.pb.h"

namespace sanplane::san {

struct SaveContext {
  const grpc::ServerContext& context;
  const common::Principal& principal;
  int64_t project_id = 0;
  int64_t customer_id = 0;  // of the project
  Peers& peers;
  /// Runs its argument in one database transaction.
  std::function<void(const std::function<void(pqxx::work&)>&)> transaction;
  size_t max_batch = 0;
};

void SaveAliasBatch(const SaveContext& save, const v1::SaveAliasesRequest& request,
                    v1::SaveAliasesResponse& response);
void SaveZoneBatch(const SaveContext& save, const v1::SaveZonesRequest& request,
                   v1::SaveZonesResponse& response);

namespace detail {

/// For every project id listed by some item (other than the request's project): whether it is a
/// project of the request's customer, asked of identity once per id.
std::map<int64_t, bool> CheckListedProjects(
    const SaveContext& save, const std::vector<std::optional<std::vector<int64_t>>>& listed);

/// The error of an item whose listed projects include one that is not the customer's.
std::optional<std::string> ListedProjectsError(const std::optional<std::vector<int64_t>>& listed,
                                               const std::map<int64_t, bool>& verdicts);

/// Checks the references to records of the storage service (hosts or storage systems) once per
/// id: id -> whether it belongs to the request's customer.
std::map<int64_t, bool> CheckReferences(const std::vector<int64_t>& ids,
                                        const std::function<std::optional<int64_t>(int64_t)>& owner,
                                        int64_t customer_id);

}  // namespace detail
}  // namespace sanplane::san
