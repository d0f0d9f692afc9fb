#pragma once
// What was built: the project version and the commit (written at build time by
// services/common/build_info.cmake). Exported as sanplane_build_info{version, commit} and logged
// at start, so a dashboard or an incident report can tell which code answered.

namespace sanplane::common {

extern const char* const kBuildVersion;
extern const char* const kBuildCommit;

}  // namespace sanplane::common
