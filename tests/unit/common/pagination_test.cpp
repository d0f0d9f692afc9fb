#include "common/pagination.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "error_capture.hpp"

namespace sanplane::common {
namespace {

struct FakeListResponse {
  int64_t count = -1;
  int32_t num_pages = -1;
  int32_t current_page = -1;
  int32_t page_size = -1;
  bool has_next = false;
  bool has_previous = false;
  void set_count(int64_t v) { count = v; }
  void set_num_pages(int32_t v) { num_pages = v; }
  void set_current_page(int32_t v) { current_page = v; }
  void set_page_size(int32_t v) { page_size = v; }
  void set_has_next(bool v) { has_next = v; }
  void set_has_previous(bool v) { has_previous = v; }
};

using testing::KindOf;

TEST(PaginationTest, DefaultsAndOffset) {
  const PageRequest request = ParsePageRequest(std::nullopt, std::nullopt);
  EXPECT_EQ(request.page, 1);
  EXPECT_EQ(request.page_size, 50);
  EXPECT_EQ(request.offset(), 0);
  EXPECT_EQ(ParsePageRequest(3, 500).offset(), 1000);
}

TEST(PaginationTest, OutOfRangeIsInvalidArgument) {
  EXPECT_EQ(KindOf([] { ParsePageRequest(0, std::nullopt); }), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOf([] { ParsePageRequest(1, 0); }), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOf([] { ParsePageRequest(1, 501); }), ErrorKind::kInvalidArgument);
}

TEST(PaginationTest, PageInfo) {
  FakeListResponse response;
  FillPageInfo(response, 101, ParsePageRequest(2, 50));
  EXPECT_EQ(response.count, 101);
  EXPECT_EQ(response.num_pages, 3);
  EXPECT_EQ(response.current_page, 2);
  EXPECT_EQ(response.page_size, 50);
  EXPECT_TRUE(response.has_next);
  EXPECT_TRUE(response.has_previous);

  FakeListResponse empty;
  FillPageInfo(empty, 0, ParsePageRequest(std::nullopt, std::nullopt));
  EXPECT_EQ(empty.num_pages, 1);
  EXPECT_FALSE(empty.has_next);
  EXPECT_FALSE(empty.has_previous);
}

TEST(PaginationTest, OrderByClause) {
  const std::vector<std::string> allowed{"name", "wwpn"};
  EXPECT_EQ(OrderByClause("name", allowed, "id ASC"), "name ASC");
  EXPECT_EQ(OrderByClause("-wwpn", allowed, "id ASC"), "wwpn DESC");
  EXPECT_EQ(OrderByClause("", allowed, "id ASC"), "id ASC");
  try {
    OrderByClause("name; DROP TABLE zones", allowed, "id ASC");
    FAIL() << "expected Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    const std::string message = error.what();
    EXPECT_NE(message.find("name, wwpn"), std::string::npos) << message;
  }
  EXPECT_EQ(KindOf([&] { OrderByClause("-", allowed, "id"); }), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOf([&] { OrderByClause("--name", allowed, "id"); }), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace sanplane::common
