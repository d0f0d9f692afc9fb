#pragma once
// The rules of a user's column choice per web UI table (GET/PUT/DELETE
// /api/core/user-config/table-columns/): which tables there are, and how many columns of what
// names and widths one may hold. The column names are the UI's; identity checks their form, not
// which exist, so a column the UI adds later needs no change here (the UI ignores names it does
// not know when it applies a stored choice).

#include <cstddef>
#include <string_view>

#include "sanplane/identity/v1/identity.pb.h"

namespace sanplane::identity {

inline constexpr std::size_t kMaxTableColumns = 40;
inline constexpr std::size_t kMaxColumnKeyLength = 64;
inline constexpr int kMinColumnWidth = 40;
inline constexpr int kMaxColumnWidth = 2000;

/// aliases, customers, fabrics, hosts, projects, storage, volumes, zones: the tables of the UI.
bool IsKnownTable(std::string_view table);

/// Throws a 400 naming `table` unless IsKnownTable.
void ValidateTableName(std::string_view table);

/// Throws one 400 naming every bad field (`table`, `columns`, `columns[3].key`,
/// `columns[3].width`) unless: the table is known; 1 to 40 columns; each key 1 to 64 characters of
/// a-z, 0-9 and _, none twice; each width unset or 40 to 2000 px.
void ValidateTableColumns(const v1::SetTableColumnsRequest& request);

}  // namespace sanplane::identity
