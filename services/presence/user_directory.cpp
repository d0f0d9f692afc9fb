#include "user_directory.hpp"

#include "common/client.hpp"
#include "common/errors.hpp"

namespace sanplane::presence {

std::vector<identity::v1::UserContext> IdentityUserDirectory::Lookup(
    const grpc::ServerContext& incoming, const std::vector<int64_t>& user_ids) {
  if (user_ids.empty()) return {};
  identity::v1::GetUserContextsRequest request;
  for (int64_t id : user_ids) request.add_user_ids(id);
  identity::v1::GetUserContextsResponse response;
  auto context = common::OutgoingContext(incoming, timeout_);
  const grpc::Status status = common::TimedClientCall("identity.GetUserContexts", [&] {
    return identity_.GetUserContexts(context.get(), request, &response);
  });
  if (!status.ok()) throw common::FromGrpcStatus(status, "identity");
  return {response.users().begin(), response.users().end()};
}

}  // namespace sanplane::presence
