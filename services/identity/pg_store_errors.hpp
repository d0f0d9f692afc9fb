#pragma once
// How the Postgres stores of this service word a database error a person caused.

#include <pqxx/pqxx>

#include "common/errors.hpp"

namespace sanplane::identity {

/// Runs `statement` (a call into PgPool::Transaction) and turns a unique-constraint violation
/// into common::Error(kAlreadyExists, message), the wording a person understands.
template <class Statement>
auto RethrowDuplicateAs(const char* message, Statement&& statement) {
  try {
    return statement();
  } catch (const pqxx::unique_violation&) {
    throw common::Error(common::ErrorKind::kAlreadyExists, message);
  }
}

}  // namespace sanplane::identity
