#include "common/metrics.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "common/versioning.hpp"

namespace sanplane::common {
namespace {

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return "";
  }
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return response;
}

TEST(MetricsTest, SerializeHasFamiliesAndProcessMetrics) {
  CountConflict("zone");
  Metrics::Get().pool_waits.Add({{"pool", "postgres"}});
  const std::string text = Metrics::Get().Serialize();
  EXPECT_NE(text.find("sanplane_version_conflicts_total{entity=\"zone\"}"), std::string::npos);
  EXPECT_NE(text.find("sanplane_pool_waits_total{pool=\"postgres\"} 0"), std::string::npos);
  for (const char* name : {"process_resident_memory_bytes", "process_cpu_seconds_total",
                           "process_start_time_seconds", "process_open_fds"}) {
    EXPECT_NE(text.find(std::string("\n") + name + " "), std::string::npos) << name;
  }
}

TEST(MetricsTest, CachedSeriesAddsEachSeriesOnceAndFindsItAgain) {
  auto& family = prometheus::BuildCounter()
                     .Name("sanplane_test_cached_series_total")
                     .Help("CachedSeries test.")
                     .Register(*Metrics::Get().registry());
  int added = 0;
  const auto series = [&](const std::string& route) -> prometheus::Counter& {
    return CachedSeries(family, route, [&]() -> prometheus::Counter& {
      ++added;
      return family.Add({{"route", route}});
    });
  };
  series("/a").Increment();
  series("/a").Increment();
  series("/b").Increment();
  EXPECT_EQ(added, 2);
  EXPECT_EQ(&series("/a"), &family.Add({{"route", "/a"}}));
  EXPECT_EQ(series("/a").Value(), 2);
  const std::string text = Metrics::Get().Serialize();
  EXPECT_NE(text.find("sanplane_test_cached_series_total{route=\"/a\"} 2"), std::string::npos);
  EXPECT_NE(text.find("sanplane_test_cached_series_total{route=\"/b\"} 1"), std::string::npos);
}

TEST(MetricsTest, LatencyBucketsSpanOneMillisecondToTenSeconds) {
  const auto& buckets = Metrics::LatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_DOUBLE_EQ(buckets.front(), 0.001);
  EXPECT_DOUBLE_EQ(buckets.back(), 10.0);
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
}

TEST(MetricsTest, ExposerServesRegistryAndProcessMetrics) {
  CountConflict("alias");
  Metrics::Get().StartExposer("127.0.0.1:0");
  const int port = Metrics::Get().exposer_port();
  ASSERT_GT(port, 0);
  const std::string page = HttpGet(port, "/metrics");
  EXPECT_NE(page.find("200 OK"), std::string::npos) << page.substr(0, 200);
  EXPECT_NE(page.find("sanplane_version_conflicts_total{entity=\"alias\"}"), std::string::npos);
  EXPECT_NE(page.find("process_resident_memory_bytes"), std::string::npos);
  // A second start keeps the first exposer.
  Metrics::Get().StartExposer("127.0.0.1:0");
  EXPECT_EQ(Metrics::Get().exposer_port(), port);
}

}  // namespace
}  // namespace sanplane::common
