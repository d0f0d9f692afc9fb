#include "common/request_scope.hpp"

#include <algorithm>
#include <random>

namespace sanplane::common {
namespace {

thread_local const RequestScope* t_current_scope = nullptr;

}  // namespace

RequestScope::RequestScope(std::string request_id, std::chrono::steady_clock::time_point deadline)
    : request_id_(std::move(request_id)), deadline_(deadline), outer_(t_current_scope) {
  t_current_scope = this;
}

RequestScope::~RequestScope() { t_current_scope = outer_; }

const std::string* RequestScope::Current() {
  return t_current_scope == nullptr ? nullptr : &t_current_scope->request_id_;
}

std::chrono::milliseconds RequestScope::Remaining(std::chrono::milliseconds cap) {
  if (t_current_scope == nullptr ||
      t_current_scope->deadline_ == std::chrono::steady_clock::time_point::max()) {
    return cap;
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      t_current_scope->deadline_ - std::chrono::steady_clock::now());
  return std::clamp(left, std::chrono::milliseconds(1), cap);
}

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
