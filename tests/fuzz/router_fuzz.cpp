// A request target -> the route table and the query string parser, then every query parameter
// applied to the matched route's request message as the gateway does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json_codec.hpp"
#include "query_string.hpp"
#include "route_table.hpp"
#include "router.hpp"

using namespace sanplane::gateway;
namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* router = [] {
    auto* built = new Router<const Route*>();
    for (const Route& route : fuzz::RouteTable()) built->Add(route.method, route.pattern, &route);
    return built;
  }();
  if (size < 1) return 0;
  static constexpr http::verb kMethods[] = {http::verb::get, http::verb::post, http::verb::put,
                                            http::verb::patch, http::verb::delete_};
  const http::verb method = kMethods[data[0] % std::size(kMethods)];
  const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t q = target.find('?');
  auto match = router->Find(method, target.substr(0, q));
  if (!match || match->target == nullptr) {
    if (q != std::string_view::npos) (void)ParseQueryString(target.substr(q + 1));
    return 0;
  }
  auto message = (*match->target)->rpc.new_request();
  try {
    if (q != std::string_view::npos) {
      for (const auto& [name, value] : ParseQueryString(target.substr(q + 1))) {
        SetFieldFromString(*message, name, value);
      }
    }
    for (const auto& [name, value] : match->params) SetFieldFromString(*message, name, value);
  } catch (const FieldError&) {
    return 0;
  }
  std::string wire;
  if (!message->SerializeToString(&wire)) __builtin_trap();
  return 0;
}
