#include "records.hpp"

#include "common/time.hpp"

namespace sanplane::san {
namespace {

template <class Message>
void SetStamp(const common::RecordStamp& stamp, Message& out) {
  out.set_version(stamp.version);
  if (stamp.last_modified_by) {
    out.set_last_modified_by(*stamp.last_modified_by);
  } else {
    out.clear_last_modified_by();
  }
  *out.mutable_last_modified_at() = common::TimestampFromMicros(stamp.last_modified_at_micros);
}

/// The fields aliases and zones share (FabricObjectValues), the record's id, projects and stamp.
template <class Values, class Message>
void SetFabricObject(const FabricObjectRow<Values>& row, Message& out) {
  out.Clear();
  out.set_id(row.id);
  out.set_fabric(row.values.fabric_id);
  for (int64_t project : row.projects) out.add_projects(project);
  out.set_name(row.values.name);
  out.set_create(row.values.create);
  out.set_delete_(row.values.del);
  out.set_notes(row.values.notes);
  SetStamp(row.stamp, out);
}

}  // namespace

std::vector<std::string> AliasValues::Wwpns() const {
  std::vector<std::string> all{wwpn};
  all.insert(all.end(), more_wwpns.begin(), more_wwpns.end());
  return all;
}

void ToProto(const FabricRow& row, v1::Fabric& out) {
  out.Clear();
  out.set_id(row.id);
  out.set_customer(row.customer_id);
  out.set_name(row.values.name);
  out.set_zoneset_name(row.values.zoneset_name);
  out.set_san_vendor(row.values.san_vendor);
  if (row.values.vsan) out.set_vsan(*row.values.vsan);
  if (row.values.domain_id) out.set_domain_id(*row.values.domain_id);
  out.set_exists(row.values.exists);
  out.set_notes(row.values.notes);
  SetStamp(row.stamp, out);
  out.set_zoning_mode(row.values.zoning_mode);
  out.set_smart_zoning(row.values.smart_zoning);
  out.set_fos_name_rules(row.values.fos_name_rules);
}

void ToProto(const AliasRow& row, v1::Alias& out) {
  SetFabricObject(row, out);
  const AliasValues& v = row.values;
  out.set_wwpn(v.wwpn);
  for (const std::string& wwpn : v.Wwpns()) out.add_wwpns(wwpn);
  if (v.use) out.set_use(*v.use);
  out.set_cisco_alias(v.cisco_alias);
  out.set_include_in_zoning(v.include_in_zoning);
  out.set_logged_in(v.logged_in);
  if (v.host_id) out.set_host(*v.host_id);
  if (v.storage_id) out.set_storage(*v.storage_id);
}

void ToProto(const ZoneRow& row, v1::Zone& out) {
  SetFabricObject(row, out);
  out.set_zone_type(row.values.zone_type);
  out.set_exists(row.values.exists);
  out.set_in_zoneset(row.values.in_zoneset);
  for (int64_t alias : row.members) {
    v1::ZoneMember& member = *out.add_members();
    member.set_alias(alias);
    if (const auto role = row.member_roles.find(alias); role != row.member_roles.end()) {
      member.set_role(role->second);
    }
  }
}

}  // namespace sanplane::san
