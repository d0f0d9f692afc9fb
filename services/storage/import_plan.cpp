#include "import_plan.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <set>

#include "common/errors.hpp"
#include "common/wwpn.hpp"
#include "storage_fields.hpp"

namespace sanplane::storage {
namespace {

// The body lists at most this many problems; the message says how many there were.
constexpr size_t kMaxReportedProblems = 100;

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

class Problems {
 public:
  void Add(std::string problem) {
    ++count_;
    auto& listed = *details_.mutable_problems();
    if (static_cast<size_t>(listed.problems_size()) < kMaxReportedProblems) {
      listed.add_problems(std::move(problem));
    }
  }
  void ThrowIfAny() const {
    if (count_ == 0) return;
    std::string message =
        "Import rejected, nothing was imported: " + details_.problems().problems(0) + ".";
    if (count_ > 1) {
      message += " (" + std::to_string(count_ - 1) + " more problem" + (count_ > 2 ? "s" : "") +
                 " listed in details.)";
    }
    throw common::Error(common::ErrorKind::kInvalidArgument, message, details_);
  }

 private:
  size_t count_ = 0;
  common::v1::ErrorDetails details_;
};

// "host \"esx01\"" when the host has a usable name, else "hosts[3]".
// A name fit to quote in a message: present, not blank, not too long, without NUL.
bool Showable(bool has, const std::string& value) {
  return has && !IsBlank(value) && !HasNul(value) && Utf8Length(value) <= kMaxTextLength;
}

std::string HostLabel(const v1::ImportHost& host, int index) {
  if (Showable(host.has_name(), host.name())) return "host " + Quoted(host.name());
  return "hosts[" + std::to_string(index) + "]";
}

std::string VolumeLabel(const v1::ImportVolume& volume, int index) {
  if (Showable(volume.has_name(), volume.name())) return "volume " + Quoted(volume.name());
  if (Showable(volume.has_unique_id(), volume.unique_id())) {
    return "volume with unique_id " + Quoted(volume.unique_id());
  }
  return "volumes[" + std::to_string(index) + "]";
}

void CheckText(const std::string& label, std::string_view field, const std::string& value,
               size_t max, Problems& problems) {
  if (HasNul(value)) {
    problems.Add(label + ": " + std::string(field) + " must not contain NUL characters");
  } else if (Utf8Length(value) > max) {
    problems.Add(label + ": " + std::string(field) + " must be at most " + std::to_string(max) +
                 " characters");
  }
}

// A required text field: present, not blank, not too long.
void CheckRequired(const std::string& label, std::string_view field, bool has,
                   const std::string& value, size_t max, Problems& problems) {
  if (!has || IsBlank(value)) {
    problems.Add(label + ": " + std::string(field) + " is required");
  } else {
    CheckText(label, field, value, max, problems);
  }
}

template <class T>
std::optional<T> Maybe(bool has, const T& value) {
  return has ? std::optional<T>(value) : std::nullopt;
}

IncomingHost ParseHost(const v1::ImportHost& host, int index, Problems& problems) {
  const std::string label = HostLabel(host, index);
  CheckRequired(label, "name", host.has_name(), host.name(), kMaxTextLength, problems);
  if (host.has_host_type())
    CheckText(label, "host_type", host.host_type(), kMaxTextLength, problems);
  if (host.has_status()) CheckText(label, "status", host.status(), kMaxTextLength, problems);
  if (host.has_notes()) CheckText(label, "notes", host.notes(), kMaxNotesLength, problems);

  IncomingHost out;
  out.name = host.name();
  out.host_type = Maybe(host.has_host_type(), host.host_type());
  out.status = Maybe(host.has_status(), host.status());
  out.notes = Maybe(host.has_notes(), host.notes());
  const bool wwpns_present =
      host.wwpns_size() > 0 || std::find(host.json_fields().begin(), host.json_fields().end(),
                                         "wwpns") != host.json_fields().end();
  if (wwpns_present) {
    std::set<std::string> wwpns;
    for (const std::string& text : host.wwpns()) {
      if (HasNul(text)) {
        problems.Add(label + ": wwpns must not contain NUL characters");
      } else if (std::optional<std::string> wwpn = common::NormalizeWwpn(text)) {
        wwpns.insert(std::move(*wwpn));
      } else {
        const std::string shown = text.size() > 64 ? text.substr(0, 64) + "..." : text;
        problems.Add(label + ": invalid WWPN " + Quoted(shown) +
                     " (expected 16 hex digits, optionally separated by ':' or '-' between byte "
                     "pairs)");
      }
    }
    out.wwpns.emplace(wwpns.begin(), wwpns.end());
  }
  return out;
}

IncomingVolume ParseVolume(const v1::ImportVolume& volume, int index, Problems& problems) {
  const std::string label = VolumeLabel(volume, index);
  CheckRequired(label, "name", volume.has_name(), volume.name(), kMaxTextLength, problems);
  CheckRequired(label, "volume_id", volume.has_volume_id(), volume.volume_id(), kMaxTextLength,
                problems);
  CheckRequired(label, "unique_id", volume.has_unique_id(), volume.unique_id(), kMaxTextLength,
                problems);
  if (volume.has_pool_name()) {
    CheckText(label, "pool_name", volume.pool_name(), kMaxTextLength, problems);
  }
  if (volume.has_capacity_bytes() && volume.capacity_bytes() < 0) {
    problems.Add(label + ": capacity_bytes must not be negative");
  }
  IncomingVolume out;
  out.name = volume.name();
  out.volume_id = volume.volume_id();
  out.unique_id = volume.unique_id();
  out.capacity_bytes = Maybe(volume.has_capacity_bytes(), volume.capacity_bytes());
  out.pool_name = Maybe(volume.has_pool_name(), volume.pool_name());
  out.thin_provisioned = Maybe(volume.has_thin_provisioned(), volume.thin_provisioned());
  return out;
}

template <class T>
void Apply(const std::optional<T>& incoming, T& target) {
  if (incoming) target = *incoming;
}

template <class T>
void Apply(const std::optional<T>& incoming, std::optional<T>& target) {
  if (incoming) target = *incoming;
}

}  // namespace

ImportPayload ParseImport(const v1::ImportStorageRequest& request) {
  Problems problems;
  ImportPayload payload;

  std::map<std::string, int> host_index;  // name -> first index
  for (int i = 0; i < request.hosts_size(); ++i) {
    const v1::ImportHost& host = request.hosts(i);
    payload.hosts.push_back(ParseHost(host, i, problems));
    if (!host.has_name() || IsBlank(host.name()) || HasNul(host.name())) continue;
    const auto [it, inserted] = host_index.emplace(host.name(), i);
    if (!inserted) {
      problems.Add("host " + Quoted(host.name()) + " appears twice (hosts[" +
                   std::to_string(it->second) + "] and hosts[" + std::to_string(i) + "])");
    }
  }

  std::map<std::string, int> volume_index;  // unique_id -> first index
  for (int i = 0; i < request.volumes_size(); ++i) {
    const v1::ImportVolume& volume = request.volumes(i);
    payload.volumes.push_back(ParseVolume(volume, i, problems));
    if (!volume.has_unique_id() || IsBlank(volume.unique_id()) || HasNul(volume.unique_id())) {
      continue;
    }
    const auto [it, inserted] = volume_index.emplace(volume.unique_id(), i);
    if (!inserted) {
      problems.Add("unique_id " + Quoted(volume.unique_id()) + " appears twice (volumes[" +
                   std::to_string(it->second) + "] and volumes[" + std::to_string(i) + "])");
    }
  }

  problems.ThrowIfAny();
  return payload;
}

ImportPlan PlanImport(int64_t storage_id, const ImportPayload& payload,
                      const std::vector<StoredHost>& stored_hosts,
                      const std::vector<StoredVolume>& stored_volumes) {
  ImportPlan plan;

  std::map<std::string_view, const StoredHost*> hosts_by_name;
  for (const StoredHost& host : stored_hosts) hosts_by_name.emplace(host.name, &host);
  for (const IncomingHost& incoming : payload.hosts) {
    const auto found = hosts_by_name.find(incoming.name);
    if (found == hosts_by_name.end()) {
      StoredHost created;
      created.name = incoming.name;
      created.host_type = incoming.host_type;
      created.status = incoming.status;
      created.notes = incoming.notes.value_or("");
      created.wwpns = incoming.wwpns.value_or(std::vector<std::string>{});
      plan.host_creates.push_back(std::move(created));
      continue;
    }
    const StoredHost& stored = *found->second;
    HostUpdate update{stored, false};
    Apply(incoming.host_type, update.next.host_type);
    Apply(incoming.status, update.next.status);
    Apply(incoming.notes, update.next.notes);
    Apply(incoming.wwpns, update.next.wwpns);
    update.wwpns_changed = update.next.wwpns != stored.wwpns;
    if (update.next == stored) {
      ++plan.hosts_unchanged;
    } else {
      plan.host_updates.push_back(std::move(update));
    }
  }

  std::map<std::string_view, const StoredVolume*> volumes_by_unique_id;
  for (const StoredVolume& volume : stored_volumes) {
    volumes_by_unique_id.emplace(volume.unique_id, &volume);
  }
  for (const IncomingVolume& incoming : payload.volumes) {
    const auto found = volumes_by_unique_id.find(incoming.unique_id);
    if (found == volumes_by_unique_id.end()) {
      StoredVolume created;
      static_cast<VolumeFields&>(created) = incoming;
      created.storage_id = storage_id;
      plan.volume_creates.push_back(std::move(created));
      continue;
    }
    const StoredVolume& stored = *found->second;
    if (stored.storage_id != storage_id) {
      throw common::Error(common::ErrorKind::kAlreadyExists,
                          "Import rejected, nothing was imported: volume " + Quoted(incoming.name) +
                              ": unique_id " + Quoted(incoming.unique_id) +
                              " already belongs to another storage system.");
    }
    StoredVolume next = stored;
    next.name = incoming.name;
    next.volume_id = incoming.volume_id;
    Apply(incoming.capacity_bytes, next.capacity_bytes);
    Apply(incoming.pool_name, next.pool_name);
    Apply(incoming.thin_provisioned, next.thin_provisioned);
    if (next == stored) {
      ++plan.volumes_unchanged;
    } else {
      plan.volume_updates.push_back(std::move(next));
    }
  }
  return plan;
}

}  // namespace sanplane::storage
