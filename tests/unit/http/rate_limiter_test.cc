#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace pass::http {
namespace {

using Clock = std::chrono::steady_clock;

TEST(RateLimiter, AllowsABurstThenRefillsAtTheRate) {
  RateLimiter limiter(3, 60);  // 3 at once, then one a second
  const auto t0 = Clock::now();
  EXPECT_TRUE(limiter.Allow("a", t0));
  EXPECT_TRUE(limiter.Allow("a", t0));
  EXPECT_TRUE(limiter.Allow("a", t0));
  EXPECT_FALSE(limiter.Allow("a", t0));
  EXPECT_TRUE(limiter.Allow("b", t0)) << "keys are counted apart";
  EXPECT_FALSE(limiter.Allow("a", t0 + std::chrono::milliseconds(500)));
  EXPECT_TRUE(limiter.Allow("a", t0 + std::chrono::milliseconds(1100)));
  EXPECT_FALSE(limiter.Allow("a", t0 + std::chrono::milliseconds(1200)));
  // A long pause refills to the burst, not beyond.
  const auto later = t0 + std::chrono::hours(1);
  int allowed = 0;
  for (int i = 0; i < 10; ++i) allowed += limiter.Allow("a", later) ? 1 : 0;
  EXPECT_EQ(allowed, 3);
}

TEST(RateLimiter, ForgetsIdleKeysSoMemoryStaysBounded) {
  RateLimiter limiter(2, 60);
  const auto t0 = Clock::now();
  for (int i = 0; i < 5000; ++i) limiter.Allow("client-" + std::to_string(i), t0);
  EXPECT_EQ(limiter.tracked_keys(), 5000u);
  const auto later = t0 + std::chrono::minutes(10);
  for (int i = 0; i < 20000; ++i) limiter.Allow("new-" + std::to_string(i % 10), later);
  EXPECT_LT(limiter.tracked_keys(), 100u);
}

// Run under ThreadSanitizer in the tsan preset.
TEST(RateLimiter, ManyThreadsShareTheBuckets) {
  RateLimiter limiter(100, 0);  // no refill: exactly 100 per key in total
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.Allow("shared")) ++allowed;
        limiter.Allow("own-" + std::to_string(i % 7));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace pass::http
