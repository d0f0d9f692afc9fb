#include "common/rpc.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

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

// The metric series of one method. prometheus::Family::Add locks the family and hashes the
// labels on every call; the series it answers live as long as the registry, so each thread looks
// them up once per method (and status code) and keeps the pointers.
struct MethodSeries {
  prometheus::Histogram* seconds = nullptr;
  std::array<prometheus::Counter*, 17> handled{};  // by grpc::StatusCode, 0 (OK) .. 16
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

MethodSeries& SeriesOf(std::string_view method) {
  thread_local std::unordered_map<std::string, MethodSeries, StringHash, std::equal_to<>> series;
  auto found = series.find(method);
  if (found == series.end()) {
    MethodSeries entry;
    entry.seconds = &Metrics::Get().rpc_seconds.Add({{"method", std::string(method)}},
                                                    Metrics::LatencyBuckets());
    found = series.emplace(std::string(method), entry).first;
  }
  return found->second;
}

prometheus::Counter& HandledCounter(MethodSeries& series, std::string_view method,
                                    grpc::StatusCode code) {
  const auto index = static_cast<size_t>(code);
  if (index >= series.handled.size()) {
    return Metrics::Get().rpc_handled.Add(
        {{"method", std::string(method)}, {"code", std::string(GrpcCodeName(code))}});
  }
  if (series.handled[index] == nullptr) {
    series.handled[index] = &Metrics::Get().rpc_handled.Add(
        {{"method", std::string(method)}, {"code", std::string(GrpcCodeName(code))}});
  }
  return *series.handled[index];
}

prometheus::Gauge& InFlight() {
  static prometheus::Gauge& in_flight = Metrics::Get().rpc_in_flight.Add({});
  return in_flight;
}

}  // namespace

RpcCall::RpcCall(grpc::ServerContextBase* context, std::string_view method)
    : context_(context), method_(method), started_(std::chrono::steady_clock::now()) {
  // The caller's deadline on the steady clock (gRPC reports the far future when there is none).
  const auto caller_deadline = context->deadline();
  const auto now = std::chrono::system_clock::now();
  deadline_ = caller_deadline >= now + std::chrono::hours(24)
                  ? std::chrono::steady_clock::time_point::max()
                  : started_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   caller_deadline - now);
  request_id_ = RequestIdOf(*context);
  InFlight().Increment();
}

RpcCall::RpcCall(std::string_view method, std::string_view request_id,
                 std::chrono::steady_clock::time_point deadline)
    : method_(method),
      started_(std::chrono::steady_clock::now()),
      deadline_(deadline),
      request_id_(IsValidRequestId(request_id) ? std::string(request_id) : NewRequestId()) {
  InFlight().Increment();
}

grpc::Status RpcCall::Finish(std::exception_ptr failure) {
  grpc::Status status;
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (...) {
      status = StatusFromCurrentException(request_id_);
    }
  }
  InFlight().Decrement();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  MethodSeries& series = SeriesOf(method_);
  HandledCounter(series, method_, status.error_code()).Increment();
  series.seconds->Observe(seconds);

  const log::Level level =
      IsServerFault(status.error_code()) ? log::Level::kError : log::Level::kInfo;
  // The line's fields (and the principal's second verification) cost more than the rest of this
  // bookkeeping: only when the line is written.
  if (!log::Enabled(level)) return status;
  const std::string_view code = GrpcCodeName(status.error_code());
  boost::json::object fields{{"request_id", request_id_},
                             {"rpc", method_},
                             {"code", code},
                             {"duration_ms", seconds * 1000.0}};
  if (context_ == nullptr) {
    if (!user_.empty()) fields["user"] = user_;
  } else if (const std::optional<Principal> principal = FindPrincipal(*context_)) {
    fields["user"] = principal->username();
  }
  if (!status.ok()) {
    fields["error"] = status.error_message();
  }
  log::Write(level, "rpc", std::move(fields));
  return status;
}

grpc::Status HandleRpc(grpc::ServerContextBase* context, std::string_view method,
                       const std::function<void()>& body) {
  RpcCall call(context, method);
  const RequestScope scope(call.request_id(), call.deadline());
  try {
    body();
  } catch (...) {
    return call.Finish(std::current_exception());
  }
  return call.Finish(nullptr);
}

std::chrono::milliseconds RemainingBudget(const grpc::ServerContextBase& context,
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
