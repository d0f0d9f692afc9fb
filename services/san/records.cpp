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

}  // namespace

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
}

void ToProto(const AliasRow& row, v1::Alias& out) {
  out.Clear();
  const AliasValues& v = row.values;
  out.set_id(row.id);
  out.set_fabric(v.fabric_id);
  for (int64_t project : row.projects) out.add_projects(project);
  out.set_name(v.name);
  out.set_wwpn(v.wwpn);
  if (v.use) out.set_use(*v.use);
  out.set_cisco_alias(v.cisco_alias);
  out.set_create(v.create);
  out.set_delete_(v.del);
  out.set_include_in_zoning(v.include_in_zoning);
  out.set_logged_in(v.logged_in);
  if (v.host_id) out.set_host(*v.host_id);
  if (v.storage_id) out.set_storage(*v.storage_id);
  out.set_notes(v.notes);
  SetStamp(row.stamp, out);
}

void ToProto(const ZoneRow& row, v1::Zone& out) {
  out.Clear();
  const ZoneValues& v = row.values;
  out.set_id(row.id);
  out.set_fabric(v.fabric_id);
  for (int64_t project : row.projects) out.add_projects(project);
  out.set_name(v.name);
  out.set_zone_type(v.zone_type);
  out.set_create(v.create);
  out.set_delete_(v.del);
  out.set_exists(v.exists);
  out.set_notes(v.notes);
  for (int64_t alias : row.members) out.add_members()->set_alias(alias);
  SetStamp(row.stamp, out);
}

}  // namespace sanplane::san
