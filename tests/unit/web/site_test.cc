#include "web/site.h"

#include <gtest/gtest.h>

namespace pass::web {
namespace {

TEST(SafeLocalPath, KeepsLocalPathsAndRefusesEverythingElse) {
  EXPECT_EQ(SafeLocalPath("/organisations/E12345678?tab=staff"),
            "/organisations/E12345678?tab=staff");
  EXPECT_EQ(SafeLocalPath(""), "/");
  EXPECT_EQ(SafeLocalPath("https://evil.example/"), "/");
  EXPECT_EQ(SafeLocalPath("//evil.example/"), "/");
  EXPECT_EQ(SafeLocalPath("/\\evil.example"), "/");
  EXPECT_EQ(SafeLocalPath("/a\r\nSet-Cookie: x=y"), "/");
  EXPECT_EQ(SafeLocalPath("javascript:alert(1)"), "/");
}

TEST(StatusFor, MapsEveryErrorCode) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidInput), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(ErrorCode::kForbidden), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kRefused), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

}  // namespace
}  // namespace pass::web
