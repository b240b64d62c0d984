// A Clock that tests set and advance by hand.
#pragma once

#include <atomic>

#include "core/clock.h"

namespace pass::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = FromUnixSeconds(1'796'083'200))  // 2026-12-01T00:00:00Z
      : now_ms_(UnixMillis(start)) {}
  Timestamp Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Set(Timestamp t) { now_ms_.store(UnixMillis(t)); }
  void Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace pass::testing
