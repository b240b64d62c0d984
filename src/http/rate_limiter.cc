#include "http/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace pass::http {

RateLimiter::RateLimiter(double burst, double per_minute)
    : burst_(burst), per_second_(per_minute / 60.0) {}

// Buckets that have filled up again carry no information and are forgotten.
void RateLimiter::Sweep(Shard& shard, std::chrono::steady_clock::time_point now) {
  if (per_second_ <= 0) return;  // nothing ever refills: every bucket matters
  const auto full_after = std::chrono::duration<double>(burst_ / per_second_);
  std::lock_guard lock(shard.mu);
  std::erase_if(shard.buckets,
                [&](const auto& entry) { return now - entry.second.updated > full_after; });
}

bool RateLimiter::Allow(std::string_view key, std::chrono::steady_clock::time_point now) {
  // Every kSweepEvery calls, one shard in turn is swept, so idle keys go even from shards that
  // no longer see traffic.
  const uint64_t call = calls_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (call % kSweepEvery == 0) Sweep(shards_[(call / kSweepEvery) % kShards], now);
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(std::string(key), Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.updated = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

size_t RateLimiter::tracked_keys() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.buckets.size();
  }
  return n;
}

}  // namespace pass::http
