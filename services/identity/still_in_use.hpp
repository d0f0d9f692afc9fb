#pragma once
// What a customer still owns, or a project still lists, across services, and the 409s that refuse
// their deletion meanwhile. A delete never cascades into other services: their records would be
// left naming a customer or project that no longer exists.

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

/// The SAN records a project lists (SAN keeps the links).
struct ProjectMembers {
  int64_t aliases = 0;
  int64_t zones = 0;

  bool empty() const { return aliases == 0 && zones == 0; }
};

/// Error(kVersionConflict) (409) with body {"error":"Conflict","message":"Project Core still lists
/// 3 aliases and 1 zone; remove them from it first, or delete with release=true …","members":
/// {"aliases":3,"zones":1}}.
common::Error ProjectStillListsError(const std::string& project_name,
                                     const ProjectMembers& members);

}  // namespace sanplane::identity
