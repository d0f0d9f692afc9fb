#pragma once
// An import of hosts and volumes into one storage system, as pure logic: validating the payload
// (everything is checked before anything is written) and diffing it against the stored rows to
// decide what is created, updated (version + 1) or left alone (version kept).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sanplane/storage/v1/storage.pb.h"

namespace sanplane::storage {

/// A host of the payload. nullopt fields keep the stored value (or are null on a new host).
struct IncomingHost {
  std::string name;
  std::optional<std::string> host_type;
  std::optional<std::string> status;
  std::optional<std::string> notes;
  /// Normalized, sorted, without duplicates. nullopt: the payload did not mention wwpns.
  std::optional<std::vector<std::string>> wwpns;
};

/// A volume's own fields, as the payload and the database both have them.
struct VolumeFields {
  std::string name;
  std::string volume_id;
  std::string unique_id;
  std::optional<int64_t> capacity_bytes;
  std::optional<std::string> pool_name;
  std::optional<bool> thin_provisioned;

  bool operator==(const VolumeFields&) const = default;
};

/// A volume of the payload. nullopt fields keep the stored value (or are null on a new volume).
using IncomingVolume = VolumeFields;

struct ImportPayload {
  std::vector<IncomingHost> hosts;
  std::vector<IncomingVolume> volumes;
};

/// Checks the whole payload: names present, WWPNs valid, no host name or volume unique_id twice,
/// lengths and capacities in range. Throws common::Error(kInvalidArgument) whose message names the
/// first bad item and whose body lists all of them under "details".
ImportPayload ParseImport(const v1::ImportStorageRequest& request);

struct StoredHost {
  int64_t id = 0;
  int64_t version = 0;
  std::string name;
  std::optional<std::string> host_type;
  std::optional<std::string> status;
  std::string notes;
  std::vector<std::string> wwpns;  // sorted

  bool operator==(const StoredHost&) const = default;
};

struct StoredVolume : VolumeFields {
  int64_t id = 0;
  int64_t version = 0;
  int64_t storage_id = 0;

  bool operator==(const StoredVolume&) const = default;
};

struct HostUpdate {
  StoredHost next;  // id and version are those of the stored row (the compare-and-set operands)
  bool wwpns_changed = false;
};

struct ImportPlan {
  std::vector<StoredHost> host_creates;  // id 0
  std::vector<HostUpdate> host_updates;
  int64_t hosts_unchanged = 0;
  std::vector<StoredVolume> volume_creates;  // id 0
  std::vector<StoredVolume> volume_updates;  // id and version of the stored row
  int64_t volumes_unchanged = 0;
};

/// Diffs the payload against `stored_hosts` (the hosts of the storage system) and
/// `stored_volumes` (the volumes whose unique_id occurs in the payload, of any storage system).
/// A unique_id held by another storage system throws common::Error(kAlreadyExists).
ImportPlan PlanImport(int64_t storage_id, const ImportPayload& payload,
                      const std::vector<StoredHost>& stored_hosts,
                      const std::vector<StoredVolume>& stored_volumes);

}  // namespace sanplane::storage
