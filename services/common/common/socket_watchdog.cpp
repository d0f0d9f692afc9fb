#include "common/socket_watchdog.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "common/log.hpp"

namespace sanplane::common {

SocketWatchdog::SocketWatchdog() : thread_([this] { Run(); }) {}

SocketWatchdog::~SocketWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

SocketWatchdog::Guard::Guard(SocketWatchdog& watchdog, int socket, Clock::time_point deadline)
    : watchdog_(watchdog) {
  {
    std::lock_guard lock(watchdog_.mutex_);
    id_ = watchdog_.next_id_++;
    watchdog_.watched_.emplace(id_, Watched{socket, deadline});
  }
  watchdog_.changed_.notify_all();
}

SocketWatchdog::Guard::~Guard() {
  // Under the lock: once this returns, the watchdog never touches the socket again.
  std::lock_guard lock(watchdog_.mutex_);
  watchdog_.watched_.erase(id_);
}

bool SocketWatchdog::Guard::cut() const {
  std::lock_guard lock(watchdog_.mutex_);
  auto it = watchdog_.watched_.find(id_);
  return it != watchdog_.watched_.end() && it->second.cut;
}

void SocketWatchdog::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    auto next = Clock::time_point::max();
    for (auto& [id, watched] : watched_) {
      if (watched.cut) continue;
      if (watched.deadline <= now) {
        ::shutdown(watched.socket, SHUT_RDWR);
        watched.cut = true;
        log::Warn("connection cut: no answer by its deadline", {{"socket", watched.socket}});
      } else {
        next = std::min(next, watched.deadline);
      }
    }
    if (next == Clock::time_point::max()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, next);
    }
  }
}

}  // namespace sanplane::common
