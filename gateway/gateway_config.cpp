#include "gateway_config.hpp"

#include <boost/asio/ip/address.hpp>

#include "client_address.hpp"

namespace sanplane::gateway {

GatewayConfig GatewayConfig::Load(common::ConfigLoader& loader) {
  GatewayConfig c;
  c.http_addr = loader.String("http-addr", c.http_addr);
  c.http_port = static_cast<int>(loader.Int("http-port", c.http_port, 0, 65535));
  c.metrics_addr = loader.String("metrics-addr", c.metrics_addr);
  c.io_threads = static_cast<int>(loader.Int("io-threads", c.io_threads, 1, 64));
  c.identity_addr = loader.String("identity-addr", c.identity_addr);
  c.presence_addr = loader.String("presence-addr", c.presence_addr);
  c.san_addr = loader.String("san-addr", c.san_addr);
  c.storage_addr = loader.String("storage-addr", c.storage_addr);
  c.body_limit_bytes = loader.Int("body-limit-bytes", c.body_limit_bytes, 1024, 64 << 20);
  c.header_limit_bytes =
      static_cast<int>(loader.Int("header-limit-bytes", c.header_limit_bytes, 1024, 1 << 20));
  c.read_timeout =
      std::chrono::milliseconds(loader.Int("read-timeout-ms", c.read_timeout.count(), 100, 600000));
  c.write_timeout = std::chrono::milliseconds(
      loader.Int("write-timeout-ms", c.write_timeout.count(), 100, 600000));
  c.max_connections =
      static_cast<int>(loader.Int("max-connections", c.max_connections, 1, 1 << 20));
  c.max_connections_per_address = static_cast<int>(
      loader.Int("max-connections-per-address", c.max_connections_per_address, 1, 1 << 20));
  c.rate_limit_per_second = static_cast<double>(loader.Int(
      "rate-limit-per-second", static_cast<int64_t>(c.rate_limit_per_second), 1, 1 << 20));
  c.rate_limit_burst =
      static_cast<int>(loader.Int("rate-limit-burst", c.rate_limit_burst, 1, 1 << 20));
  c.rpc_deadline =
      std::chrono::milliseconds(loader.Int("rpc-deadline-ms", c.rpc_deadline.count(), 10, 600000));
  c.drain_timeout =
      std::chrono::milliseconds(loader.Int("drain-timeout-ms", c.drain_timeout.count(), 0, 600000));
  c.principal_cache = std::chrono::milliseconds(
      loader.Int("principal-cache-ms", c.principal_cache.count(), 0, 60000));
  c.events_heartbeat = std::chrono::milliseconds(
      loader.Int("events-heartbeat-ms", c.events_heartbeat.count(), 100, 300000));
  c.cookie_secure = loader.Bool("cookie-secure", c.cookie_secure);
  for (std::string& proxy : ParseAddressList(loader.String("trusted-proxies", ""))) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(proxy, ec);
    if (ec) {
      loader.Fail("trusted-proxies: '" + proxy + "' is not an IP address");
    } else {
      c.trusted_proxies.push_back(address.to_string());
    }
  }
  c.web_root = loader.String("web-root", SANPLANE_DEFAULT_WEB_ROOT);
  c.log_level = loader.String("log-level", c.log_level);
  c.principal_keys = common::LoadPrincipalKeys(loader);
  return c;
}

}  // namespace sanplane::gateway
