#pragma once
// The SQL of this service compiled into the binary: schema/*.sql (sanplane_embed_migrations) and
// queries/*.sql (sanplane_embed_queries, whose names are the constants of "queries.hpp").

#include <vector>

#include "common/migrations.hpp"
#include "common/named_queries.hpp"

namespace sanplane {

std::vector<common::Migration> IdentityMigrations();
std::vector<common::NamedQuery> IdentityQueries();

}  // namespace sanplane
