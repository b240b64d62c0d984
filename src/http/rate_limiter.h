// Per-key token buckets (keys such as "login:<client address>"), for the cheap-to-abuse routes:
// sign-in, search, contact. In memory, per node; idle buckets are dropped so memory stays
// bounded. Thread-safe: the buckets are sharded, each shard behind its own mutex.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pass::http {

class RateLimiter {
 public:
  // `burst` requests at once, refilled at `per_minute` a minute.
  RateLimiter(double burst, double per_minute);

  // True when the request may go ahead (and takes a token).
  bool Allow(std::string_view key,
             std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

  size_t tracked_keys() const;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr size_t kShards = 16;
  static constexpr uint64_t kSweepEvery = 256;  // calls between sweeps of one shard

  void Sweep(Shard& shard, std::chrono::steady_clock::time_point now);

  double burst_;
  double per_second_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> calls_{0};
};

}  // namespace pass::http
