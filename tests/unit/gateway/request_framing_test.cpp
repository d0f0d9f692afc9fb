#include "request_framing.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

namespace http = boost::beast::http;

HttpRequest Post() {
  HttpRequest request{http::verb::post, "/api/auth/login/", 11};
  request.set(http::field::host, "x");
  return request;
}

TEST(RequestFramingTest, AcceptsPlainRequests) {
  HttpRequest request = Post();
  request.set(http::field::content_length, "3");
  EXPECT_FALSE(CheckFraming(request, 100));
  request = Post();
  request.set(http::field::transfer_encoding, "gzip, Chunked");
  EXPECT_FALSE(CheckFraming(request, 100));
}

TEST(RequestFramingTest, RefusesTransferEncodingNotEndingInChunked) {
  for (const char* coding : {"chunked, identity", "gzip", "xchunked", "chunked, chunked", ""}) {
    HttpRequest request = Post();
    request.set(http::field::transfer_encoding, coding);
    auto refusal = CheckFraming(request, 100);
    ASSERT_TRUE(refusal) << coding;
    EXPECT_EQ(refusal->status, 400u);
  }
}

TEST(RequestFramingTest, RefusesContentLengthWithTransferEncoding) {
  HttpRequest request = Post();
  request.set(http::field::transfer_encoding, "chunked");
  request.set(http::field::content_length, "3");
  ASSERT_TRUE(CheckFraming(request, 100));
}

TEST(RequestFramingTest, RequiresOneHostInHttp11) {
  HttpRequest request{http::verb::get, "/", 11};
  EXPECT_EQ(CheckFraming(request, 100)->status, 400u);
  request.version(10);
  EXPECT_FALSE(CheckFraming(request, 100));
  request.insert(http::field::host, "a");
  request.insert(http::field::host, "b");
  EXPECT_EQ(CheckFraming(request, 100)->status, 400u);
}

TEST(RequestFramingTest, RefusesLongTargetsWith414) {
  HttpRequest request = Post();
  request.target(std::string(101, 'a'));
  EXPECT_EQ(CheckFraming(request, 100)->status, 414u);
}

}  // namespace
}  // namespace sanplane::gateway
