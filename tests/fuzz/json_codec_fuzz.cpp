// JSON body -> every request message the REST API takes, and back: the codec must refuse with a
// FieldError or fill the message, never crash, and what it filled must render again.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json_codec.hpp"
#include "route_table.hpp"

using namespace sanplane::gateway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& routes = fuzz::RouteTable();
  // The first byte picks the route, the rest is the body.
  const Route& route = routes[data[0] % routes.size()];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(body, ec);
  if (ec || !json.is_object()) return 0;
  auto message = route.rpc.new_request();
  try {
    JsonToMessage(json.get_object(), *message);
  } catch (const FieldError&) {
    return 0;
  }
  // Whatever was accepted is a message protobuf can carry and the codec can render.
  std::string wire;
  if (!message->SerializeToString(&wire)) __builtin_trap();
  (void)MessageToJson(*message);
  return 0;
}
