#pragma once
// The checks of an import request that need nothing but the request: which fabric, which format,
// text that is switch output and not binary, the resolutions. Pure, unit-tested directly.

#include <optional>

#include "import_plan.hpp"
#include "sanplane/san/v1/san.pb.h"
#include "zoning/import.hpp"

namespace sanplane::san {

struct CheckedImport {
  zoning::ImportFormat format = zoning::ImportFormat::kAuto;
  std::optional<int64_t> fabric_id;
  FabricValues new_fabric;  // when no fabric_id
  ImportResolutions resolutions;
};

/// Error(kInvalidArgument) naming each bad field: customer missing, both or neither of fabric and
/// new_fabric, an unknown format, text empty, over zoning::kMaxImportBytes, or binary (NUL
/// characters, not UTF-8), a new fabric's name or zoneset name, an unknown resolution; with
/// `apply`, a missing digest.
CheckedImport CheckImportRequest(const v1::ImportRequest& request, bool apply);

}  // namespace sanplane::san
