#include "common/log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

namespace sanplane::common {
namespace {

// Runs `write` with stdout redirected to a file and returns what it printed.
std::string CaptureStdout(const std::function<void()>& write) {
  char path[] = "/tmp/sanplane-log-test-XXXXXX";
  const int file = mkstemp(path);
  const int saved = dup(STDOUT_FILENO);
  dup2(file, STDOUT_FILENO);
  write();
  dup2(saved, STDOUT_FILENO);
  close(saved);
  close(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path);
  return text.str();
}

TEST(LogTest, OneJsonObjectPerLine) {
  const std::string out = CaptureStdout([] {
    log::Init("san", "info");
    log::Info("zone saved", {{"request_id", "r1"}, {"msg", "ignored"}, {"count", 2}});
    log::Debug("not shown");
  });
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  const boost::json::object line = boost::json::parse(out).as_object();
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("service").as_string(), "san");
  EXPECT_EQ(line.at("msg").as_string(), "zone saved");
  EXPECT_EQ(line.at("request_id").as_string(), "r1");
  EXPECT_EQ(line.at("count").as_int64(), 2);
  const std::string ts(line.at("ts").as_string());
  EXPECT_TRUE(std::regex_match(ts, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)"))) << ts;
}

TEST(LogTest, ConcurrentLinesDoNotInterleave) {
  const std::string out = CaptureStdout([] {
    log::Init("san", "debug");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([t] {
        for (int i = 0; i < 200; ++i) {
          log::Debug("tick", {{"thread", t}, {"i", i}, {"padding", std::string(200, 'x')}});
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    log::Init("san", "info");
  });
  std::istringstream lines(out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_NO_THROW(boost::json::parse(line)) << line;
  }
  EXPECT_EQ(count, 800);
}

}  // namespace
}  // namespace sanplane::common
