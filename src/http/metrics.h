// Prometheus metrics: request counts by route, method and status, and latency histograms per
// route, kept in lock-free counters; plus collectors that other modules register for their own
// gauges. Record() and Render() are safe from any thread at once.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pass::http {

class HttpMetrics {
 public:
  static constexpr std::array<double, 14> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // One label set per route, in route index order; requests that match no route are recorded
  // under an extra "unmatched" route.
  struct RouteLabel {
    std::string method;
    std::string route;
  };
  explicit HttpMetrics(std::vector<RouteLabel> routes);

  size_t unmatched_index() const { return routes_.size() - 1; }
  void Record(size_t route_index, int status, std::chrono::nanoseconds duration);

  // Appends the Prometheus text exposition of every non-zero series.
  void Render(std::string& out) const;

 private:
  struct Series {
    RouteLabel label;
    std::array<std::atomic<uint64_t>, 500> by_status{};  // status 100..599
    std::array<std::atomic<uint64_t>, kBucketsSeconds.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_nanos{0};
  };
  std::vector<std::unique_ptr<Series>> routes_;
};

// The /metrics page: HTTP metrics plus whatever the registered collectors append.
class MetricsRegistry {
 public:
  using Collector = std::function<void(std::string& out)>;
  void AddCollector(Collector collector);
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::vector<Collector> collectors_;
};

}  // namespace pass::http
