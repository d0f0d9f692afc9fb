#include "common/grpc_server.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <stdexcept>

#include "common/client.hpp"
#include "common/log.hpp"

namespace sanplane::common {
namespace {

std::atomic<bool> draining{false};

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

bool ServerDraining() { return draining.load(); }

void BlockTerminationSignals() {
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

GrpcServer::GrpcServer(std::string address, std::vector<grpc::Service*> services,
                       std::chrono::milliseconds drain_timeout)
    : address_(std::move(address)), services_(std::move(services)), drain_timeout_(drain_timeout) {}

GrpcServer::~GrpcServer() { Shutdown(); }

void GrpcServer::Start() {
  if (server_) {
    throw std::logic_error("gRPC server already started");
  }
  // Both are process-wide switches read by the builder, so they must precede BuildAndStart.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(address_, grpc::InsecureServerCredentials(), &port_);
  // Clients keep one connection per resolved address; ageing connections out makes them resolve
  // again now and then, so replicas added by scaling receive calls too.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataBytes);
  // Requests may be as large as answers: an import carries a switch's whole configuration.
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  for (grpc::Service* service : services_) {
    builder.RegisterService(service);
  }
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    server_.reset();
    throw std::runtime_error("cannot listen for gRPC on " + address_);
  }
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(true);
  }
  log::Info("grpc server listening", {{"address", address_}, {"port", port_}});
}

void GrpcServer::Shutdown() {
  if (!server_ || shut_down_) {
    return;
  }
  shut_down_ = true;
  draining.store(true);
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  log::Info("grpc server draining", {{"drain_timeout_ms", drain_timeout_.count()}});
  // Stops accepting at once, lets in-flight calls run until the deadline, then cancels them.
  server_->Shutdown(std::chrono::system_clock::now() + drain_timeout_);
  server_->Wait();
  log::Info("grpc server stopped");
}

int GrpcServer::RunUntilSignal() {
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int received = 0;
  sigwait(&signals, &received);
  log::Info("termination signal received",
            {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  Shutdown();
  return 0;
}

}  // namespace sanplane::common
