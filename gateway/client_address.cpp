#include "client_address.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace sanplane::gateway {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

/// The address in its canonical spelling, or empty when `text` is not one.
std::string Canonical(std::string_view text) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(Trim(text)), ec);
  if (ec) return {};
  return address.to_string();
}

}  // namespace

std::vector<std::string> ParseAddressList(std::string_view list) {
  std::vector<std::string> addresses;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view item = Trim(list.substr(0, comma));
    if (!item.empty()) addresses.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return addresses;
}

std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies) {
  const auto peer_field = request.find(kPeerAddressHeader);
  std::string address =
      peer_field == request.end() ? std::string() : std::string(peer_field->value());
  const auto trusted = [&](const std::string& candidate) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), candidate) !=
           trusted_proxies.end();
  };
  if (!trusted(address)) return address;

  // Each proxy appends the address it received from, so read from the right and stop at the
  // first hop our proxies did not add.
  std::vector<std::string> hops;
  const auto fields = request.equal_range("X-Forwarded-For");
  for (auto field = fields.first; field != fields.second; ++field) {
    for (const std::string& hop : ParseAddressList(field->value())) hops.push_back(hop);
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    std::string canonical = Canonical(*hop);
    if (canonical.empty()) break;  // garbage: keep the last address we could trust
    address = std::move(canonical);
    if (!trusted(address)) break;
  }
  return address;
}

}  // namespace sanplane::gateway
