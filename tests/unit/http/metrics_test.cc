#include "http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace pass::http {
namespace {

TEST(HttpMetrics, HistogramBucketsAreCumulative) {
  HttpMetrics m(std::vector<HttpMetrics::RouteLabel>{{"GET", "/a"}});
  m.Record(0, 200, std::chrono::microseconds(300));  // <= 0.0005
  m.Record(0, 200, std::chrono::milliseconds(3));    // <= 0.005
  m.Record(0, 503, std::chrono::seconds(20));        // +Inf only
  std::string out;
  m.Render(out);
  EXPECT_NE(out.find("le=\"0.0005\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("le=\"0.005\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("le=\"10\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(out.find("status=\"503\"} 1"), std::string::npos);
}

// Run under ThreadSanitizer in the tsan preset: counters are shared by every worker.
TEST(HttpMetrics, ConcurrentRecordingLosesNothing) {
  HttpMetrics m(std::vector<HttpMetrics::RouteLabel>{{"GET", "/a"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 10000; ++i) m.Record(0, 200, std::chrono::microseconds(100));
    });
  }
  std::string during;
  m.Render(during);
  for (auto& t : threads) t.join();
  std::string out;
  m.Render(out);
  EXPECT_NE(out.find("status=\"200\"} 40000"), std::string::npos);
}

}  // namespace
}  // namespace pass::http
