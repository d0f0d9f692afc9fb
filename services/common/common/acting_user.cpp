#include "common/acting_user.hpp"

namespace sanplane::common {

void SetActingUser(pqxx::transaction_base& tx, const std::string& username) {
  // set_config(…, true) is SET LOCAL with the value as a parameter: no SQL is built.
  tx.exec_params("SELECT set_config('sanplane.user', $1, true)", username);
}

}  // namespace sanplane::common
