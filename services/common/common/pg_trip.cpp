#include "common/pg_trip.hpp"

#include <stdexcept>

namespace sanplane::common {

PgTrip::PgTrip(pqxx::connection_base& connection, std::string settings)
    : connection_(connection), settings_(std::move(settings)) {}

std::string PgTrip::Execute(std::string_view name) {
  const std::string statement(name);
  // The pool defines every statement on the connection; libpqxx sends it to the server on first
  // use, which EXECUTE in a message of our own is not.
  connection_.prepare_now(statement);
  return "; EXECUTE " + connection_.quote_name(statement);
}

void PgTrip::Before(std::string_view name) {
  if (sent_) throw std::logic_error("PgTrip carries one statement");
  before_ += Execute(name);
}

pqxx::result PgTrip::Run(std::string_view name, const std::string& arguments) {
  if (sent_) throw std::logic_error("PgTrip carries one statement");
  std::string command = settings_ + before_ + Execute(name);
  if (!arguments.empty()) command += "(" + arguments + ")";
  sent_ = true;
  pqxx::nontransaction trip(connection_);
  return trip.exec(command);
}

}  // namespace sanplane::common
