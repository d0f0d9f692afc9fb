#include "common/request_scope.hpp"

#include <random>

namespace sanplane::common {
namespace {

thread_local const std::string* t_current_request_id = nullptr;

}  // namespace

RequestScope::RequestScope(std::string request_id)
    : request_id_(std::move(request_id)), outer_(t_current_request_id) {
  t_current_request_id = &request_id_;
}

RequestScope::~RequestScope() { t_current_request_id = outer_; }

const std::string* RequestScope::Current() { return t_current_request_id; }

std::string NewRequestId() {
  thread_local std::mt19937_64 generator(std::random_device{}());
  static constexpr char kHexDigits[] = "0123456789abcdef";
  uint64_t bits = generator();
  std::string id(16, '0');
  for (char& digit : id) {
    digit = kHexDigits[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace sanplane::common
