#include "alias_plan.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace sanplane::san {
namespace {

std::string HostError(int64_t id) {
  return "Host " + std::to_string(id) + " does not exist for this customer.";
}

std::string StorageError(int64_t id) {
  return "Storage system " + std::to_string(id) + " does not exist for this customer.";
}

/// A reference (host/storage) that the item sets to a new value must have been verified.
void CheckReference(std::optional<int64_t> wanted, std::optional<int64_t> stored,
                    const std::map<int64_t, bool>& verdicts, std::string_view field,
                    const std::function<std::string(int64_t)>& message, FieldErrors& errors) {
  if (!wanted || wanted == stored) return;
  const auto verdict = verdicts.find(*wanted);
  if (verdict == verdicts.end()) {
    AddError(errors, field, "Could not be checked; please try again.");
  } else if (!verdict->second) {
    AddError(errors, field, message(*wanted));
  }
}

std::string NameTaken(const std::string& name) {
  return "An alias named " + name + " already exists in this fabric.";
}

std::string WwpnTaken(const std::string& wwpn, const std::string& alias) {
  return "WWPN " + wwpn + " is already used by alias " + alias + " in this fabric.";
}

}  // namespace

AliasRequestCheck CheckAliasRequest(
    const google::protobuf::RepeatedPtrField<v1::AliasItem>& items) {
  AliasRequestCheck check;
  check.items.resize(static_cast<size_t>(items.size()));
  std::set<int64_t> seen_ids;
  for (size_t i = 0; i < check.items.size(); ++i) {
    detail::CheckItem(items[static_cast<int>(i)], kAliasNames, CheckAliasCreate, ApplyAliasItem,
                      seen_ids, check.update_ids, check.items[i]);
  }
  return check;
}

namespace {

/// What an alias plan adds to the loop every plan runs (detail::PlanItems).
struct AliasKind {
  const AliasVerdicts& verdicts;
  const std::map<int64_t, FabricRow>& fabrics;
  const EntityNames& names = kAliasNames;

  void Apply(const v1::AliasItem& item, AliasValues& values, FieldErrors& errors) const {
    ApplyAliasItem(item, values, errors);
  }
  /// A host or storage system the item sets anew must be the customer's.
  void CheckMore(const v1::AliasItem&, const detail::ItemPlan&, const AliasRow* stored, bool,
                 const AliasValues& next, FieldErrors& errors) const {
    CheckReference(next.host_id, stored ? stored->values.host_id : std::nullopt, verdicts.hosts,
                   "host", HostError, errors);
    CheckReference(next.storage_id, stored ? stored->values.storage_id : std::nullopt,
                   verdicts.storage_systems, "storage", StorageError, errors);
    const auto fabric = fabrics.find(next.fabric_id);
    if (fabric != fabrics.end() && fabric->second.values.san_vendor == "CI" &&
        next.cisco_alias == "device-alias" && !next.more_wwpns.empty()) {
      AddError(errors, "wwpns",
               "A Cisco device-alias holds exactly one WWPN; make it an fcalias to list several.");
    }
  }
  AliasCreate Create(size_t i, const detail::ItemPlan&, AliasValues next,
                     std::vector<int64_t> projects) const {
    return {i, std::move(next), std::move(projects)};
  }
  AliasUpdate Update(size_t i, const detail::ItemPlan&, const AliasRow& stored, AliasValues next,
                     std::vector<int64_t> added_projects) const {
    return {i, stored.id, stored.stamp.version, std::move(next), std::move(added_projects)};
  }
  bool Same(const AliasUpdate& update, const AliasRow& stored) const {
    return update.values == stored.values;
  }
};

}  // namespace

AliasSavePlan PlanAliasSave(const AliasBatch& batch, const AliasState& state,
                            BatchFailures& failures) {
  return detail::PlanItems<AliasSavePlan>(batch, state.rows, state.fabrics, batch.verdicts.projects,
                                          AliasKind{batch.verdicts, state.fabrics}, failures);
}

AliasKeys KeysToCheck(const AliasSavePlan& plan) {
  AliasKeys keys;
  for (const std::optional<AliasValues>& values : plan.values) {
    if (!values || values->fabric_id <= 0) continue;
    keys.fabric_ids.push_back(values->fabric_id);
    if (!values->name.empty()) keys.names.push_back(values->name);
    for (const std::string& wwpn : values->Wwpns()) {
      if (!wwpn.empty()) keys.wwpns.push_back(wwpn);
    }
  }
  return keys;
}

void CheckAliasKeys(const AliasSavePlan& plan, const std::vector<AliasKey>& stored,
                    BatchFailures& failures) {
  std::map<std::pair<int64_t, std::string>, size_t> batch_names, batch_wwpns;
  for (size_t i = 0; i < plan.values.size(); ++i) {
    const std::optional<AliasValues>& values = plan.values[i];
    if (!values || values->fabric_id <= 0) continue;
    FieldErrors errors;
    if (!values->name.empty() &&
        !batch_names.emplace(std::make_pair(values->fabric_id, values->name), i).second) {
      AddError(errors, "name", NameTaken(values->name));
    }
    for (const std::string& wwpn : values->Wwpns()) {
      if (wwpn.empty()) continue;
      const auto [first, inserted] =
          batch_wwpns.emplace(std::make_pair(values->fabric_id, wwpn), i);
      if (!inserted && first->second != i) {
        AddError(errors, "wwpn", WwpnTaken(wwpn, plan.values[first->second]->name));
      }
    }
    failures.AddInvalid(i, plan.labels[i], errors);
  }
  for (const AliasKey& key : stored) {
    detail::ReportStoredClash(plan, batch_names, key.id, key.fabric_id, key.name, "name",
                              NameTaken(key.name), failures);
    detail::ReportStoredClash(plan, batch_wwpns, key.id, key.fabric_id, key.wwpn, "wwpn",
                              WwpnTaken(key.wwpn, key.name), failures);
  }
}

}  // namespace sanplane::san
