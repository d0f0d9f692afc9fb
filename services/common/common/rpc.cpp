#include "common/rpc.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/request_scope.hpp"

namespace sanplane::common {
namespace {

bool IsServerFault(grpc::StatusCode code) {
  return code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::DATA_LOSS;
}

}  // namespace

grpc::Status HandleRpc(grpc::ServerContext* context, std::string_view method,
                       const std::function<void()>& body) {
  const auto started = std::chrono::steady_clock::now();
  // The caller's deadline on the steady clock (gRPC reports the far future when there is none).
  const auto caller_deadline = context->deadline();
  const auto steady_deadline =
      caller_deadline >= std::chrono::system_clock::now() + std::chrono::hours(24)
          ? std::chrono::steady_clock::time_point::max()
          : started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          caller_deadline - std::chrono::system_clock::now());
  const RequestScope scope(RequestIdOf(*context), steady_deadline);
  const std::string& request_id = *RequestScope::Current();
  Metrics& metrics = Metrics::Get();
  prometheus::Gauge& in_flight = metrics.rpc_in_flight.Add({});
  in_flight.Increment();

  grpc::Status status;
  try {
    body();
  } catch (...) {
    status = StatusFromCurrentException(request_id);
  }
  in_flight.Decrement();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string_view code = GrpcCodeName(status.error_code());
  metrics.rpc_handled.Add({{"method", std::string(method)}, {"code", std::string(code)}})
      .Increment();
  metrics.rpc_seconds.Add({{"method", std::string(method)}}, Metrics::LatencyBuckets())
      .Observe(seconds);

  boost::json::object fields{{"request_id", request_id},
                             {"rpc", method},
                             {"code", code},
                             {"duration_ms", seconds * 1000.0}};
  if (const std::optional<Principal> principal = FindPrincipal(*context)) {
    fields["user"] = principal->username();
  }
  if (!status.ok()) {
    fields["error"] = status.error_message();
  }
  if (IsServerFault(status.error_code())) {
    log::Error("rpc", std::move(fields));
  } else {
    log::Info("rpc", std::move(fields));
  }
  return status;
}

std::chrono::milliseconds RemainingBudget(const grpc::ServerContext& context,
                                          std::chrono::milliseconds cap) {
  using std::chrono::milliseconds;
  const auto deadline = context.deadline();
  const auto now = std::chrono::system_clock::now();
  // Without a deadline gRPC reports the far future; anything beyond the cap is the cap.
  if (deadline >= now + cap) {
    return std::max(cap, milliseconds(1));
  }
  const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now);
  return std::clamp(remaining, milliseconds(1), std::max(cap, milliseconds(1)));
}

}  // namespace sanplane::common
