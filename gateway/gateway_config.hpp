#pragma once
// Settings of sanplane-gateway: defaults < SANPLANE_* environment < flags.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/principal_signature.hpp"

namespace sanplane::gateway {

struct GatewayConfig {
  std::string http_addr = "0.0.0.0";
  // /metrics is served here, not on the public HTTP port.
  std::string metrics_addr = "0.0.0.0:9100";
  int http_port = 8000;
  int io_threads = 2;
  std::string identity_addr = "127.0.0.1:50051";
  std::string presence_addr = "127.0.0.1:50052";
  std::string san_addr = "127.0.0.1:50053";
  std::string storage_addr = "127.0.0.1:50054";
  int64_t body_limit_bytes = 1 << 20;
  int header_limit_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  int max_connections = 10000;
  int max_connections_per_address = 256;
  // Per client address, as a token bucket: the burst covers a page load of the UI's modules.
  double rate_limit_per_second = 200;
  int rate_limit_burst = 400;
  std::chrono::milliseconds rpc_deadline{5000};
  std::chrono::milliseconds drain_timeout{10000};
  // How long a resolved session is trusted without asking identity again (logout through this
  // gateway forgets it at once).
  std::chrono::milliseconds principal_cache{3000};
  // GET /api/events/: a heartbeat comment this often, and the stream's session checked again
  // (signed out, or other customers: the stream ends or follows).
  std::chrono::milliseconds events_heartbeat{15000};
  bool cookie_secure = false;
  // Proxies whose X-Forwarded-For names the client (sign-in throttling counts per address).
  // Empty: the TCP peer is the client, whatever the header says.
  std::vector<std::string> trusted_proxies;
  std::string web_root;
  std::string log_level = "info";
  /// Sign the caller's identity on every upstream call; nullopt only when loading recorded an
  /// error.
  std::optional<common::PrincipalKeys> principal_keys;

  static GatewayConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::gateway
