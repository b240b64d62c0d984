#include "core/clock.h"

#include <cstdio>

namespace pass {

using std::chrono::day;
using std::chrono::floor;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

Date Clock::Today() const { return DateOf(Now()); }

namespace {
bool ParseDigits(std::string_view text, size_t pos, size_t count, int& out) {
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}
}  // namespace

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseDigits(text, 0, 4, y) || !ParseDigits(text, 5, 2, m) || !ParseDigits(text, 8, 2, d)) {
    return std::nullopt;
  }
  const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatIsoDate(Date date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::string FormatRfc3339(Timestamp t) {
  const auto days = floor<std::chrono::days>(t);
  const Date date{days};
  const std::chrono::hh_mm_ss hms{floor<std::chrono::seconds>(t - days)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", FormatIsoDate(date).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

int64_t UnixSeconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
int64_t UnixMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
Timestamp FromUnixSeconds(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
Timestamp FromUnixMillis(int64_t millis) {
  return Timestamp{
      std::chrono::duration_cast<Timestamp::duration>(std::chrono::milliseconds{millis})};
}
Date DateOf(Timestamp t) { return Date{floor<std::chrono::days>(t)}; }

}  // namespace pass
