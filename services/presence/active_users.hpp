#pragma once
// The active-users list (API.md "Presence"): who is in the presence window, with their names and
// context, as the caller may see them; every one of them, or a page when the request asks for one.

#include <grpcpp/server_context.h>

#include <cstdint>
#include <optional>

#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "sanplane/presence/v1/presence.pb.h"
#include "store.hpp"
#include "user_directory.hpp"

namespace sanplane::presence {

/// Fills `response` with the users active at or after `since_micros` that `caller` may see, most
/// recent first: all of them, or `page` of them with the page fields. Users the directory finds
/// gone (deleted or disabled since their heartbeat) are left out and forgotten by the store.
/// Answers how many users are in the window.
int64_t ListActiveUsers(PresenceStore& store, UserDirectory& users,
                        const grpc::ServerContext& context, const common::Principal& caller,
                        int64_t since_micros, const std::optional<common::PageRequest>& page,
                        v1::ListActiveUsersResponse& response);

}  // namespace sanplane::presence
