#pragma once
// Hosts as CSV (ListHosts with format "csv"): the columns of kHostCsvColumns, WWPNs `;`-separated,
// an absent value empty.

#include <string>
#include <vector>

#include "sanplane/storage/v1/storage.pb.h"

namespace sanplane::storage {

inline const std::vector<std::string> kHostCsvColumns{
    "id", "name", "customer", "storage", "host_type", "wwpns", "status", "notes", "version"};

/// The page's hosts as CSV lines, after the header line when `header`.
std::string HostsCsv(const google::protobuf::RepeatedPtrField<v1::Host>& hosts, bool header);

}  // namespace sanplane::storage
