#include "common/redis_connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/read.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace sanplane::common {
namespace {

std::string SystemError(const std::string& what, int error_number) {
  return what + ": " + std::strerror(error_number);
}

/// The oldest error OpenSSL queued on this thread (and clears the queue for the next call).
std::string OpenSslError(const std::string& what) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return what;
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return what + ": " + text.data();
}

bool IsIpAddress(const std::string& name) {
  in6_addr ignored{};
  return inet_pton(AF_INET, name.c_str(), &ignored) == 1 ||
         inet_pton(AF_INET6, name.c_str(), &ignored) == 1;
}

timeval ToTimeval(std::chrono::milliseconds duration) {
  return timeval{static_cast<time_t>(duration.count() / 1000),
                 static_cast<suseconds_t>((duration.count() % 1000) * 1000)};
}

/// A connected TCP socket to one of `host`'s addresses, or RedisIoError.
int ConnectWithin(const std::string& host, int port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); status != 0) {
    throw RedisIoError("cannot resolve " + host + ": " + gai_strerror(status));
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, &freeaddrinfo);
  std::string last_failure = "no address for " + host;
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address->ai_protocol);
    if (fd < 0) {
      last_failure = SystemError("socket", errno);
      continue;
    }
    int error = 0;
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        pollfd waiting{fd, POLLOUT, 0};
        const int ready = poll(&waiting, 1, static_cast<int>(timeout.count()));
        socklen_t length = sizeof(error);
        if (ready == 0) {
          error = ETIMEDOUT;
        } else if (ready < 0) {
          error = errno;
        } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
          error = errno;
        }
      }
    }
    if (error == 0) {
      // Blocking from here on: every later read and write is bounded by SO_RCVTIMEO/SO_SNDTIMEO.
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      const int on = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
      return fd;
    }
    last_failure = SystemError("connect to " + host + ":" + service, error);
    close(fd);
  }
  throw RedisIoError(last_failure);
}

struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct ReaderDeleter {
  void operator()(redisReader* reader) const { redisReaderFree(reader); }
};

}  // namespace

struct RedisTlsContext::Impl {
  SSL_CTX* context = nullptr;
};

RedisTlsContext::RedisTlsContext(const RedisTlsSettings& settings)
    : impl_(std::make_unique<Impl>()) {
  impl_->context = SSL_CTX_new(TLS_client_method());
  if (impl_->context == nullptr) {
    throw std::invalid_argument(OpenSslError("cannot create a TLS context for Redis"));
  }
  SSL_CTX_set_min_proto_version(impl_->context, TLS1_2_VERSION);
  SSL_CTX_set_verify(impl_->context, SSL_VERIFY_PEER, nullptr);
  // No CA file: the system's trust store, as for a managed Redis with a public certificate.
  const bool loaded =
      settings.ca_file.empty()
          ? SSL_CTX_set_default_verify_paths(impl_->context) == 1
          : SSL_CTX_load_verify_locations(impl_->context, settings.ca_file.c_str(), nullptr) == 1;
  if (!loaded) {
    const std::string message =
        OpenSslError("cannot load the Redis CA certificate \"" + settings.ca_file + "\"");
    SSL_CTX_free(impl_->context);
    throw std::invalid_argument(message);
  }
}

RedisTlsContext::~RedisTlsContext() { SSL_CTX_free(impl_->context); }

struct RedisConnection::Impl {
  int fd = -1;
  std::unique_ptr<SSL, SslDeleter> ssl;
  std::unique_ptr<redisReader, ReaderDeleter> reader{redisReaderCreate()};

  ~Impl() {
    ssl.reset();
    if (fd >= 0) close(fd);
  }

  /// Why a TLS call failed, in words; `what` names the step.
  std::string TlsFailure(int result, const std::string& what) const {
    switch (SSL_get_error(ssl.get(), result)) {
      case SSL_ERROR_ZERO_RETURN:
        return what + ": Redis closed the connection";
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        return what + ": timed out";
      case SSL_ERROR_SYSCALL:
        ERR_clear_error();
        return errno == 0 ? what + ": Redis closed the connection" : SystemError(what, errno);
      default:
        return OpenSslError(what);
    }
  }

  void Handshake(const std::string& server_name) {
    X509_VERIFY_PARAM* checks = SSL_get0_param(ssl.get());
    const bool named = IsIpAddress(server_name)
                           ? X509_VERIFY_PARAM_set1_ip_asc(checks, server_name.c_str()) == 1
                           : X509_VERIFY_PARAM_set1_host(checks, server_name.c_str(), 0) == 1 &&
                                 SSL_set_tlsext_host_name(ssl.get(), server_name.c_str()) == 1;
    if (!named) throw RedisIoError(OpenSslError("cannot check the name " + server_name));
    SSL_set_fd(ssl.get(), fd);
    if (const int result = SSL_connect(ssl.get()); result != 1) {
      const long verdict = SSL_get_verify_result(ssl.get());
      if (verdict != X509_V_OK) {
        ERR_clear_error();
        throw RedisIoError(std::string("TLS handshake: Redis's certificate was refused: ") +
                           X509_verify_cert_error_string(verdict));
      }
      throw RedisIoError(TlsFailure(result, "TLS handshake"));
    }
  }

  void Write(const std::string& bytes) {
    size_t written = 0;
    while (written < bytes.size()) {
      const char* from = bytes.data() + written;
      const size_t left = bytes.size() - written;
      if (ssl) {
        const int result = SSL_write(ssl.get(), from, static_cast<int>(left));
        if (result <= 0) throw RedisIoError(TlsFailure(result, "write"));
        written += static_cast<size_t>(result);
      } else {
        const ssize_t result = send(fd, from, left, MSG_NOSIGNAL);
        if (result < 0 && errno == EINTR) continue;
        if (result < 0) {
          throw RedisIoError(errno == EAGAIN ? "write: timed out" : SystemError("write", errno));
        }
        written += static_cast<size_t>(result);
      }
    }
  }

  /// Feeds the reader with what arrives next (at least one byte).
  void ReadMore() {
    std::array<char, 16384> buffer{};
    size_t received = 0;
    if (ssl) {
      const int result = SSL_read(ssl.get(), buffer.data(), static_cast<int>(buffer.size()));
      if (result <= 0) throw RedisIoError(TlsFailure(result, "read"));
      received = static_cast<size_t>(result);
    } else {
      ssize_t result = 0;
      do {
        result = recv(fd, buffer.data(), buffer.size(), 0);
      } while (result < 0 && errno == EINTR);
      if (result == 0) throw RedisIoError("read: Redis closed the connection");
      if (result < 0) {
        throw RedisIoError(errno == EAGAIN ? "read: timed out" : SystemError("read", errno));
      }
      received = static_cast<size_t>(result);
    }
    if (redisReaderFeed(reader.get(), buffer.data(), received) != REDIS_OK) {
      throw RedisIoError(std::string("reply: ") + reader->errstr);
    }
  }
};

RedisConnection::RedisConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedisConnection::~RedisConnection() = default;

std::unique_ptr<RedisConnection> RedisConnection::Open(const std::string& host, int port,
                                                       std::chrono::milliseconds timeout,
                                                       const RedisTlsContext* tls,
                                                       const std::string& tls_server_name) {
  auto impl = std::make_unique<Impl>();
  if (!impl->reader) throw RedisIoError("cannot allocate a reply reader");
  impl->fd = ConnectWithin(host, port, timeout);
  std::unique_ptr<RedisConnection> connection(new RedisConnection(std::move(impl)));
  connection->SetTimeout(timeout);
  if (tls != nullptr) {
    connection->impl_->ssl.reset(SSL_new(tls->impl_->context));
    if (!connection->impl_->ssl) throw RedisIoError(OpenSslError("cannot start TLS"));
    connection->impl_->Handshake(tls_server_name.empty() ? host : tls_server_name);
  }
  return connection;
}

void RedisConnection::SetTimeout(std::chrono::milliseconds timeout) {
  const timeval bound = ToTimeval(std::max(timeout, std::chrono::milliseconds(1)));
  if (setsockopt(impl_->fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof(bound)) != 0 ||
      setsockopt(impl_->fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof(bound)) != 0) {
    throw RedisIoError(SystemError("setsockopt", errno));
  }
}

void RedisConnection::Send(const std::vector<std::vector<std::string>>& commands) {
  std::string bytes;
  for (const std::vector<std::string>& command : commands) {
    std::vector<const char*> pointers;
    std::vector<size_t> lengths;
    for (const std::string& arg : command) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    char* encoded = nullptr;
    const int length = redisFormatCommandArgv(&encoded, static_cast<int>(pointers.size()),
                                              pointers.data(), lengths.data());
    if (length < 0) throw RedisIoError("cannot encode a Redis command");
    bytes.append(encoded, static_cast<size_t>(length));
    redisFreeCommand(encoded);
  }
  impl_->Write(bytes);
}

RedisReply RedisConnection::ReadReply() {
  for (;;) {
    void* reply = nullptr;
    if (redisReaderGetReply(impl_->reader.get(), &reply) != REDIS_OK) {
      throw RedisIoError(std::string("reply: ") + impl_->reader->errstr);
    }
    if (reply != nullptr) return RedisReply(static_cast<redisReply*>(reply));
    impl_->ReadMore();
  }
}

}  // namespace sanplane::common
