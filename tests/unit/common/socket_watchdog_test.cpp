#include "common/socket_watchdog.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;

// A connected pair of sockets whose peer never writes: a read on `ours` blocks, as a query to a
// frozen database does.
struct SilentPeer {
  int fds[2] = {-1, -1};
  SilentPeer() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0); }
  ~SilentPeer() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int ours() const { return fds[0]; }
};

TEST(SocketWatchdog, CutsABlockedReadAtItsDeadline) {
  SocketWatchdog watchdog;
  SilentPeer peer;
  SocketWatchdog::Guard guard(watchdog, peer.ours(), SocketWatchdog::Clock::now() + 100ms);
  char byte = 0;
  // Blocks until the watchdog shuts the socket down; then reads end-of-stream.
  EXPECT_EQ(::recv(peer.ours(), &byte, 1, 0), 0);
  EXPECT_TRUE(guard.cut());
}

TEST(SocketWatchdog, LeavesASocketAloneOnceItsGuardEnds) {
  SocketWatchdog watchdog;
  SilentPeer peer;
  {
    SocketWatchdog::Guard guard(watchdog, peer.ours(), SocketWatchdog::Clock::now() + 50ms);
    EXPECT_FALSE(guard.cut());
  }
  std::this_thread::sleep_for(150ms);
  // Still usable both ways: nothing cut it after the guard ended.
  char byte = 'x';
  ASSERT_EQ(::send(peer.fds[1], &byte, 1, 0), 1);
  EXPECT_EQ(::recv(peer.ours(), &byte, 1, 0), 1);
  EXPECT_EQ(::send(peer.ours(), &byte, 1, 0), 1);
}

TEST(SocketWatchdog, WatchesManySocketsEachByItsOwnDeadline) {
  SocketWatchdog watchdog;
  SilentPeer late;
  SilentPeer early;
  SocketWatchdog::Guard late_guard(watchdog, late.ours(), SocketWatchdog::Clock::now() + 1h);
  SocketWatchdog::Guard early_guard(watchdog, early.ours(), SocketWatchdog::Clock::now() + 50ms);
  char byte = 0;
  EXPECT_EQ(::recv(early.ours(), &byte, 1, 0), 0);
  EXPECT_TRUE(early_guard.cut());
  EXPECT_FALSE(late_guard.cut());
}

}  // namespace
}  // namespace sanplane::common
