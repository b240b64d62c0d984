#include "core/clock.h"

#include <gtest/gtest.h>

namespace pass {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST(Dates, ParsesRealCalendarDatesOnly) {
  EXPECT_EQ(ParseIsoDate("2024-02-29"), (Date{year{2024}, month{2}, day{29}}));
  EXPECT_FALSE(ParseIsoDate("2025-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2025-13-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2025-1-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2025-01-01 ").has_value());
  EXPECT_FALSE(ParseIsoDate("01/02/2025").has_value());
}

TEST(Dates, FormatsWithLeadingZeros) {
  EXPECT_EQ(FormatIsoDate(Date{year{2026}, month{3}, day{7}}), "2026-03-07");
}

TEST(Timestamps, FormatRfc3339InUtc) {
  EXPECT_EQ(FormatRfc3339(FromUnixSeconds(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(FromUnixSeconds(1'796'083'200)), "2026-12-01T00:00:00Z");
  EXPECT_EQ(UnixMillis(FromUnixMillis(1234567)), 1234567);
}

}  // namespace
}  // namespace pass
