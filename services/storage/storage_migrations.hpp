#pragma once
// The schema/*.sql files of this service, compiled into the binary by sanplane_embed_migrations.

#include <vector>

#include "common/migrations.hpp"

namespace sanplane {

std::vector<common::Migration> StorageMigrations();

}  // namespace sanplane
