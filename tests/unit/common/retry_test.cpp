// RunWithRetries: deadlocks and serialization failures are retried; when every attempt is aborted
// the caller gets a version conflict (409), never the raw SQL error.

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/versioning.hpp"

namespace sanplane::common {
namespace {

TEST(RunWithRetries, ASuccessfulAttemptRunsOnce) {
  int calls = 0;
  RunWithRetries(3, [&] { ++calls; });
  EXPECT_EQ(calls, 1);
}

TEST(RunWithRetries, DeadlocksAndSerializationFailuresAreRetried) {
  int calls = 0;
  RunWithRetries(3, [&] {
    ++calls;
    if (calls == 1) throw pqxx::deadlock_detected("deadlock detected");
    if (calls == 2) throw pqxx::serialization_failure("could not serialize access");
  });
  EXPECT_EQ(calls, 3);
}

TEST(RunWithRetries, AnExhaustedRetryIsAVersionConflict) {
  for (const bool deadlock : {true, false}) {
    int calls = 0;
    try {
      RunWithRetries(3, [&] {
        ++calls;
        if (deadlock) throw pqxx::deadlock_detected("deadlock detected");
        throw pqxx::serialization_failure("could not serialize access");
      });
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kVersionConflict);
      EXPECT_STREQ(error.what(),
                   "The save collided with another one; nothing was saved. Please try again.");
      EXPECT_EQ(ToGrpcCode(error.kind()), grpc::StatusCode::ABORTED);
    }
    EXPECT_EQ(calls, 3);
  }
}

TEST(RunWithRetries, OtherErrorsAreNotRetried) {
  int calls = 0;
  EXPECT_THROW(RunWithRetries(3,
                              [&] {
                                ++calls;
                                throw pqxx::sql_error("syntax error", "SELEC 1");
                              }),
               pqxx::sql_error);
  EXPECT_EQ(calls, 1);
  calls = 0;
  EXPECT_THROW(RunWithRetries(3,
                              [&] {
                                ++calls;
                                throw pqxx::transaction_rollback("rolled back");
                              }),
               pqxx::transaction_rollback);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace sanplane::common
