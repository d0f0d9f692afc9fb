#pragma once
// Settings of the storage binary (defaults < SANPLANE_* environment < --flags).

#include <chrono>
#include <string>

#include "common/config.hpp"
#include "common/service_settings.hpp"

namespace sanplane::storage {

struct StorageConfig : common::ServiceSettings, common::PostgresSettings {
  /// Upper bound of one import's database work.
  std::chrono::milliseconds import_timeout{0};
  /// An import Postgres aborts for a race with another one runs at most this often in all, and
  /// runs again only while this much of its budget is left.
  int import_attempts = 0;
  std::chrono::milliseconds import_retry_min_budget{0};
  /// SAN, asked before a storage system is deleted, and how long that question may take.
  std::string san_addr;
  std::chrono::milliseconds peer_timeout{0};

  /// Reads every setting from `loader`, recording bad values there (the caller runs
  /// loader.Validate(), which throws common::ConfigError naming all of them).
  static StorageConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::storage
