#include "host_csv.hpp"

#include "common/csv.hpp"

namespace sanplane::storage {

std::string HostsCsv(const google::protobuf::RepeatedPtrField<v1::Host>& hosts, bool header) {
  std::string csv;
  if (header) common::AppendCsvRow(csv, kHostCsvColumns);
  for (const v1::Host& host : hosts) {
    std::string wwpns;
    for (const std::string& wwpn : host.wwpns()) wwpns += (wwpns.empty() ? "" : ";") + wwpn;
    common::AppendCsvRow(
        csv, std::vector<std::string>{
                 std::to_string(host.id()), host.name(), std::to_string(host.customer()),
                 host.has_storage() ? std::to_string(host.storage()) : "", host.host_type(), wwpns,
                 host.status(), host.notes(), std::to_string(host.version())});
  }
  return csv;
}

}  // namespace sanplane::storage
