// Time as the program sees it: a Clock interface so that domain code and tests can run on a fake
// clock, plus strict ISO 8601 date and timestamp text conversions. All times are UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pass {

using Timestamp = std::chrono::system_clock::time_point;
using Date = std::chrono::year_month_day;

// Thread-safe: implementations may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  Date Today() const;  // the UTC calendar date of Now()
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override { return std::chrono::system_clock::now(); }
};

// "YYYY-MM-DD" with a real calendar date; anything else (2026-02-30, 2026-1-5, spaces) is nullopt.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date date);

// "YYYY-MM-DDTHH:MM:SSZ" (seconds precision, UTC).
std::string FormatRfc3339(Timestamp t);

int64_t UnixSeconds(Timestamp t);
int64_t UnixMillis(Timestamp t);
Timestamp FromUnixSeconds(int64_t seconds);
Timestamp FromUnixMillis(int64_t millis);
Date DateOf(Timestamp t);

}  // namespace pass
