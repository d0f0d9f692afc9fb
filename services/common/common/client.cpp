#include "common/client.hpp"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "common/errors.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"

namespace sanplane::common {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target) {
  grpc::ChannelArguments args;
  // Spread calls over every address the name resolves to (replicas behind a headless Service).
  args.SetLoadBalancingPolicyName("round_robin");
  // A restarted peer is found again within a second, instead of after gRPC's default backoff of
  // up to two minutes, during which every call would fail fast.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataBytes);
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> OutgoingContext(const grpc::ServerContext& incoming,
                                                     std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  const auto& metadata = incoming.client_metadata();
  // Forwarded as the raw bytes received, with the gateway's signature and the request id it
  // signed: only those exact bytes verify at the next service (and re-encoding could lose fields
  // this binary's Principal message does not know yet). A service cannot mint principals.
  for (const char* key : {kPrincipalMetadataKey, kPrincipalSignatureMetadataKey}) {
    if (const auto found = metadata.find(key); found != metadata.end()) {
      context->AddMetadata(key, std::string(found->second.data(), found->second.size()));
    }
  }
  AttachRequestId(*context, RequestIdOf(incoming));
  context->set_deadline(std::min(incoming.deadline(), std::chrono::system_clock::now() + timeout));
  return context;
}

void RecordClientCall(std::string_view method, const grpc::Status& status,
                      std::chrono::steady_clock::duration elapsed) {
  Metrics& metrics = Metrics::Get();
  const std::string_view code = GrpcCodeName(status.error_code());
  std::string key;
  key.reserve(method.size() + 1 + code.size());
  key.append(method).append(1, '\0').append(code);
  CachedSeries(metrics.rpc_client_calls, key, [&]() -> prometheus::Counter& {
    return metrics.rpc_client_calls.Add(
        {{"method", std::string(method)}, {"code", std::string(code)}});
  }).Increment();
  CachedSeries(metrics.rpc_client_seconds, method, [&]() -> prometheus::Histogram& {
    return metrics.rpc_client_seconds.Add({{"method", std::string(method)}},
                                          Metrics::LatencyBuckets());
  }).Observe(std::chrono::duration<double>(elapsed).count());
}

}  // namespace sanplane::common
