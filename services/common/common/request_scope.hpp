#pragma once
// The request id of the RPC the current thread is serving. HandleRpc sets it, so a request that
// arrived without an id keeps one id across its log lines and the calls it makes onwards.

#include <chrono>
#include <string>
#include <string_view>

namespace sanplane::common {

class RequestScope {
 public:
  /// `deadline`: when the caller stops waiting; stores cap their own timeouts by it.
  explicit RequestScope(std::string request_id, std::chrono::steady_clock::time_point deadline =
                                                    std::chrono::steady_clock::time_point::max());
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

  /// The id of the innermost scope on this thread, or nullptr outside any.
  static const std::string* Current();
  /// What is left of the innermost scope's deadline, at most `cap` and at least 1 ms; `cap`
  /// outside any scope.
  static std::chrono::milliseconds Remaining(std::chrono::milliseconds cap);

 private:
  std::string request_id_;
  std::chrono::steady_clock::time_point deadline_;
  const RequestScope* outer_;
};

/// 16 random hex digits.
std::string NewRequestId();

/// A request id a client may choose: 1 to 64 of [A-Za-z0-9._:-]. Anything else is replaced by a
/// fresh id, because the id travels on as gRPC metadata, where other bytes are illegal.
bool IsValidRequestId(std::string_view id);

}  // namespace sanplane::common
