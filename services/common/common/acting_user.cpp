#include "common/acting_user.hpp"

namespace sanplane::common {

// set_config(…, true) is SET LOCAL with the value as a parameter: no SQL is built.

void SetActingUser(pqxx::transaction_base& tx, const std::string& username) {
  tx.exec_params("SELECT set_config('sanplane.user', $1, true)", username);
}

void MarkRestore(pqxx::transaction_base& tx, const std::string& entity, int64_t id,
                 int64_t from_version) {
  tx.exec_params(
      "SELECT set_config('sanplane.restore', $1, true), "
      "set_config('sanplane.restore_from', $2, true)",
      entity + "/" + std::to_string(id), std::to_string(from_version));
}

void MarkImport(pqxx::transaction_base& tx) {
  tx.exec_params("SELECT set_config('sanplane.write_action', 'import', true)");
}

}  // namespace sanplane::common
