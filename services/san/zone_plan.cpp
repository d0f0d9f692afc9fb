#include "zone_plan.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace sanplane::san {
namespace {

/// Every member must be an alias of the zone's fabric (aliases of other customers do not exist).
std::optional<std::string> MembersError(const std::vector<int64_t>& members, int64_t fabric_id,
                                        int64_t customer_id,
                                        const std::map<int64_t, AliasRef>& aliases) {
  std::string message;
  for (int64_t id : members) {
    const auto alias = aliases.find(id);
    std::string problem;
    if (alias == aliases.end() || alias->second.customer_id != customer_id) {
      problem = "Alias " + std::to_string(id) + " does not exist.";
    } else if (alias->second.fabric_id != fabric_id) {
      problem = "Alias " + alias->second.name + " belongs to another fabric.";
    }
    if (problem.empty()) continue;
    if (!message.empty()) message += ' ';
    message += problem;
  }
  if (message.empty()) return std::nullopt;
  return message;
}

std::string NameTaken(const std::string& name) {
  return "A zone named " + name + " already exists in this fabric.";
}

}  // namespace

ZoneRequestCheck CheckZoneRequest(const google::protobuf::RepeatedPtrField<v1::ZoneItem>& items) {
  ZoneRequestCheck check;
  check.items.resize(static_cast<size_t>(items.size()));
  std::set<int64_t> seen_ids;
  for (size_t i = 0; i < check.items.size(); ++i) {
    const v1::ZoneItem& item = items[static_cast<int>(i)];
    ZoneItemCheck& plan = check.items[i];
    detail::CheckItem(item, kZoneNames, CheckZoneCreate, ApplyZoneItem, seen_ids, check.update_ids,
                      plan);
    plan.members = RequestedMembers(item, plan.errors);
    plan.roles = RequestedMemberRoles(item);
    if (plan.members) {
      check.member_ids.insert(check.member_ids.end(), plan.members->begin(), plan.members->end());
    }
  }
  return check;
}

namespace {

/// What a zone plan adds to the loop every plan runs (detail::PlanItems): its members.
struct ZoneKind {
  int64_t customer_id = 0;
  const std::map<int64_t, AliasRef>& aliases;
  const EntityNames& names = kZoneNames;

  void Apply(const v1::ZoneItem& item, ZoneValues& values, FieldErrors& errors) const {
    ApplyZoneItem(item, values, errors);
  }
  /// The members listed must be aliases of the zone's fabric (when it is known).
  void CheckMore(const v1::ZoneItem&, const ZoneItemCheck& check, const ZoneRow*, bool fabric_known,
                 const ZoneValues& next, FieldErrors& errors) const {
    if (!check.members || !fabric_known) return;
    if (auto error = MembersError(*check.members, next.fabric_id, customer_id, aliases)) {
      AddError(errors, "members", *error);
    }
  }
  ZoneCreate Create(size_t i, const ZoneItemCheck& check, ZoneValues next,
                    std::vector<int64_t> projects) const {
    return {{i, std::move(next), std::move(projects)},
            check.members.value_or(std::vector<int64_t>{}),
            check.roles};
  }
  ZoneUpdate Update(size_t i, const ZoneItemCheck& check, const ZoneRow& stored, ZoneValues next,
                    std::vector<int64_t> added_projects) const {
    return {{i, stored.id, stored.stamp.version, std::move(next), std::move(added_projects)},
            check.members ? DiffIdSets(stored.members, *check.members) : IdSetDiff{},
            check.members,
            check.roles};
  }
  bool Same(const ZoneUpdate& update, const ZoneRow& stored) const {
    return update.values == stored.values && update.members.empty() &&
           (!update.listed_members || update.roles == stored.member_roles);
  }
};

}  // namespace

ZoneSavePlan PlanZoneSave(const ZoneBatch& batch, const ZoneState& state, BatchFailures& failures) {
  return detail::PlanItems<ZoneSavePlan>(batch, state.rows, state.fabrics, batch.project_verdicts,
                                         ZoneKind{batch.customer_id, state.aliases}, failures);
}

ZoneNames NamesToCheck(const ZoneSavePlan& plan, const ZoneState& state) {
  ZoneNames names;
  for (size_t i = 0; i < plan.values.size(); ++i) {
    const std::optional<ZoneValues>& values = plan.values[i];
    if (!values || values->fabric_id <= 0 || values->name.empty()) continue;
    const auto stored = state.rows.find(plan.ids[i]);
    if (stored != state.rows.end() && stored->second.values.fabric_id == values->fabric_id &&
        stored->second.values.name == values->name) {
      continue;
    }
    names.fabric_ids.push_back(values->fabric_id);
    names.names.push_back(values->name);
  }
  return names;
}

void CheckZoneNames(const ZoneSavePlan& plan, const std::vector<ZoneKey>& stored,
                    BatchFailures& failures) {
  std::map<std::pair<int64_t, std::string>, size_t> batch_names;
  for (size_t i = 0; i < plan.values.size(); ++i) {
    const std::optional<ZoneValues>& values = plan.values[i];
    if (!values || values->fabric_id <= 0 || values->name.empty()) continue;
    if (!batch_names.emplace(std::make_pair(values->fabric_id, values->name), i).second) {
      failures.AddInvalid(i, plan.labels[i], {{"name", NameTaken(values->name)}});
    }
  }
  for (const ZoneKey& key : stored) {
    detail::ReportStoredClash(plan, batch_names, key.id, key.fabric_id, key.name, "name",
                              NameTaken(key.name), failures);
  }
}

}  // namespace sanplane::san
