#include "common/pg_trip.hpp"

#include <stdexcept>

namespace sanplane::common {

PgTrip::PgTrip(pqxx::connection_base& connection, std::string settings)
    : connection_(connection), settings_(std::move(settings)) {}

pqxx::result PgTrip::Run(std::string_view name, const std::string& arguments) {
  if (sent_) throw std::logic_error("PgTrip carries one statement");
  const std::string statement(name);
  // The pool defines every statement on the connection; libpqxx sends it to the server on first
  // use, which EXECUTE in a message of our own is not.
  connection_.prepare_now(statement);
  std::string command = settings_;
  command += "; EXECUTE " + connection_.quote_name(statement);
  if (!arguments.empty()) command += "(" + arguments + ")";
  sent_ = true;
  pqxx::nontransaction trip(connection_);
  return trip.exec(command);
}

}  // namespace sanplane::common
