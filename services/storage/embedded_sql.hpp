#pragma once
// The SQL this service carries in its binary: the schema/*.sql migrations
// (sanplane_embed_migrations) and the queries/*.sql statements (sanplane_embed_queries), so a
// container needs no SQL files.

#include <vector>

#include "common/migrations.hpp"
#include "common/named_queries.hpp"

namespace sanplane {

std::vector<common::Migration> StorageMigrations();
std::vector<common::NamedQuery> StorageQueries();

}  // namespace sanplane
