#include "pg_user_config_store.hpp"

#include <optional>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/named_queries.hpp"
#include "common/pg_encode.hpp"
#include "pg_rows.hpp"
#include "queries.hpp"

namespace sanplane::identity {

namespace {

using common::Exec;
using common::v1::NamedRef;

[[noreturn]] void Invalid(std::string message) {
  throw common::Error(common::ErrorKind::kInvalidArgument, std::move(message));
}

/// The (id, name) pair of nullable columns starting at `id_column`; nullopt when id is null.
std::optional<NamedRef> RefAt(const pqxx::row& row, pqxx::row::size_type id_column) {
  if (row[id_column].is_null()) {
    return std::nullopt;
  }
  NamedRef ref;
  ref.set_id(row[id_column].as<int64_t>());
  ref.set_name(row[id_column + 1].as<std::string>());
  return ref;
}

/// A user's context from the columns UserContexts answers (user id, username, first and last name,
/// customer id and name, project id and name), starting at column `first`.
v1::UserContext ContextOf(const pqxx::row& row, pqxx::row::size_type first = 0) {
  v1::UserContext context;
  common::v1::UserSummary& user = *context.mutable_user();
  user.set_id(row[first].as<int64_t>());
  user.set_username(row[first + 1].as<std::string>());
  user.set_first_name(row[first + 2].as<std::string>());
  user.set_last_name(row[first + 3].as<std::string>());
  // Always present, with unset fields when there is none: active users show
  // {"id": null, "name": null} (API.md, presence).
  *context.mutable_active_customer() = RefAt(row, first + 4).value_or(NamedRef());
  *context.mutable_active_project() = RefAt(row, first + 6).value_or(NamedRef());
  return context;
}

}  // namespace

PgUserConfigStore::PgUserConfigStore(common::PgPool& pool) : pool_(pool) {}

v1::UserConfig PgUserConfigStore::Get(Timeout timeout, int64_t user_id) {
  v1::UserConfig config;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = Exec(tx, query::kGetUserConfig, user_id);
    if (rows.empty()) {
      return;
    }
    // Unset when there is none: the REST answer shows null.
    if (std::optional<NamedRef> customer = RefAt(rows[0], 0)) {
      *config.mutable_active_customer() = std::move(*customer);
    }
    if (std::optional<NamedRef> project = RefAt(rows[0], 2)) {
      *config.mutable_active_project() = std::move(*project);
    }
  });
  return config;
}

v1::UserConfig PgUserConfigStore::Set(Timeout timeout, const common::Principal& caller,
                                      const ContextChange& change) {
  v1::UserConfig config;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    if (change.customer_id) {
      // Locked (FOR KEY SHARE): the customer and project cannot be deleted until this transaction
      // commits, so the foreign keys of SetUserConfig cannot fail on a concurrent delete.
      const pqxx::result customers = Exec(tx, query::kLockVisibleCustomer, *change.customer_id,
                                          caller.is_superuser(), caller.user_id());
      if (customers.empty()) {
        // The same words whether it is missing or someone else's: ids of other customers are
        // not disclosed.
        Invalid("Customer " + std::to_string(*change.customer_id) +
                " does not exist or you are not a member of it.");
      }
      config.mutable_active_customer()->set_id(customers[0][0].as<int64_t>());
      config.mutable_active_customer()->set_name(customers[0][1].as<std::string>());
    }
    if (change.project_id) {
      // Looked up within the customer only, and one answer for missing and someone else's:
      // project ids of other customers are not disclosed either.
      const pqxx::result projects =
          Exec(tx, query::kLockCustomerProject, *change.project_id, *change.customer_id);
      if (projects.empty()) {
        Invalid("Project " + std::to_string(*change.project_id) + " is not a project of customer " +
                std::to_string(*change.customer_id) + ".");
      }
      config.mutable_active_project()->set_id(*change.project_id);
      config.mutable_active_project()->set_name(projects[0][0].as<std::string>());
    }
    Exec(tx, query::kSetUserConfig, caller.user_id(), change.customer_id, change.project_id);
  });
  return config;
}

std::vector<v1::UserContext> PgUserConfigStore::Contexts(Timeout timeout,
                                                         const std::vector<int64_t>& user_ids) {
  return RowsForIds<v1::UserContext>(pool_, timeout, query::kUserContexts, user_ids,
                                     [](const pqxx::row& row) { return ContextOf(row); });
}

v1::GetUserDirectoryResponse PgUserConfigStore::Directory(Timeout timeout, int64_t since_version,
                                                          const std::vector<int64_t>& user_ids) {
  v1::GetUserDirectoryResponse directory;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    directory.Clear();  // a transaction that is run again starts from nothing
    Exec(tx, query::kWithoutJit);
    const pqxx::result rows =
        Exec(tx, query::kUserDirectory, since_version, common::PgBigintArray(user_ids));
    directory.set_version(rows.at(0)[0].as<int64_t>());
    directory.set_reset(!rows.at(0)[1].as<bool>());
    directory.set_epoch(rows.at(0)[11].as<int64_t>());
    for (const pqxx::row& row : rows) {
      if (row[2].is_null()) continue;
      if (row[3].is_null()) {
        directory.add_gone(row[2].as<int64_t>());
      } else {
        *directory.add_users() = ContextOf(row, 3);
      }
    }
  });
  return directory;
}

v1::TableColumnsList PgUserConfigStore::TableColumns(Timeout timeout, int64_t user_id) {
  v1::TableColumnsList list;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    for (const pqxx::row& row : Exec(tx, query::kListTableColumns, user_id)) {
      v1::TableColumns& table = *list.add_tables();
      table.set_table(row[0].as<std::string>());
      const std::vector<std::string> keys = common::SplitList(row[1].as<std::string>());
      const std::vector<int64_t> widths = common::ParseIdList(row[2].as<std::string>());
      for (size_t i = 0; i < keys.size(); ++i) {
        v1::TableColumn& column = *table.add_columns();
        column.set_key(keys[i]);
        // 0 stands for "no width": as wide as the content.
        if (i < widths.size() && widths[i] > 0) column.set_width(static_cast<int32_t>(widths[i]));
      }
    }
  });
  return list;
}

void PgUserConfigStore::SetTableColumns(Timeout timeout, int64_t user_id,
                                        const v1::TableColumns& columns) {
  std::vector<std::string> keys;
  std::vector<int64_t> widths;
  for (const v1::TableColumn& column : columns.columns()) {
    keys.push_back(column.key());
    widths.push_back(column.has_width() ? column.width() : 0);
  }
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kSetTableColumns, user_id, columns.table(), common::PgTextArray(keys),
         common::PgBigintArray(widths));
  });
}

void PgUserConfigStore::ResetTableColumns(Timeout timeout, int64_t user_id,
                                          const std::string& table) {
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kResetTableColumns, user_id, table);
  });
}

}  // namespace sanplane::identity
