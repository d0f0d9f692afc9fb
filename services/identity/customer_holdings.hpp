#pragma once
// What a customer still owns, across services, and the 409 that refuses its deletion while it
// owns anything. Deleting a customer never cascades into other services: their records would be
// left naming a customer that no longer exists.

#include <cstdint>
#include <string>

#include "common/errors.hpp"

namespace sanplane::identity {

struct CustomerHoldings {
  int64_t fabrics = 0;          // SAN (aliases and zones belong to fabrics)
  int64_t storage_systems = 0;  // storage (hosts and volumes belong to storage systems)
  int64_t projects = 0;         // identity

  bool empty() const { return fabrics == 0 && storage_systems == 0 && projects == 0; }
};

/// Error(kVersionConflict) (409) with body {"error":"Conflict","message":"Customer ACME still owns
/// 2 fabrics, 1 storage system and 3 projects; delete them first.","owned":{"fabrics":2,
/// "storage_systems":1,"projects":3}}; the message names only what is non-zero.
common::Error CustomerStillOwnsError(const std::string& customer_name,
                                     const CustomerHoldings& holdings);

}  // namespace sanplane::identity
