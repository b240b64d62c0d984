#include "http/metrics.h"

#include <cstdio>

namespace pass::http {

namespace {
std::string EscapeLabel(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

HttpMetrics::HttpMetrics(std::vector<RouteLabel> routes) {
  routes.push_back({"", "unmatched"});
  for (auto& label : routes) {
    auto s = std::make_unique<Series>();
    s->label = std::move(label);
    routes_.push_back(std::move(s));
  }
}

void HttpMetrics::Record(size_t route_index, int status, std::chrono::nanoseconds duration) {
  if (route_index >= routes_.size()) route_index = unmatched_index();
  Series& s = *routes_[route_index];
  if (status < 100 || status > 599) status = 599;
  s.by_status[static_cast<size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(duration).count();
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      s.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;  // buckets are stored non-cumulatively and summed on render
    }
  }
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_nanos.fetch_add(static_cast<uint64_t>(duration.count()), std::memory_order_relaxed);
}

void HttpMetrics::Render(std::string& out) const {
  char buf[64];
  out += "# HELP pass_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE pass_http_requests_total counter\n";
  for (const auto& s : routes_) {
    for (size_t i = 0; i < s->by_status.size(); ++i) {
      const uint64_t n = s->by_status[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "pass_http_requests_total{route=\"" + EscapeLabel(s->label.route) + "\",method=\"" +
             EscapeLabel(s->label.method) + "\",status=\"" + std::to_string(100 + i) + "\"} " +
             std::to_string(n) + "\n";
    }
  }
  out +=
      "# HELP pass_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE pass_http_request_duration_seconds histogram\n";
  for (const auto& s : routes_) {
    const uint64_t count = s->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string labels = "route=\"" + EscapeLabel(s->label.route) + "\",method=\"" +
                               EscapeLabel(s->label.method) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      cumulative += s->buckets[i].load(std::memory_order_relaxed);
      std::snprintf(buf, sizeof buf, "%g", kBucketsSeconds[i]);
      out += "pass_http_request_duration_seconds_bucket{" + labels + ",le=\"" + buf + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "pass_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(count) + "\n";
    std::snprintf(buf, sizeof buf, "%.6f",
                  static_cast<double>(s->sum_nanos.load(std::memory_order_relaxed)) / 1e9);
    out += "pass_http_request_duration_seconds_sum{" + labels + "} " + buf + "\n";
    out +=
        "pass_http_request_duration_seconds_count{" + labels + "} " + std::to_string(count) + "\n";
  }
}

void MetricsRegistry::AddCollector(Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& c : collectors_) c(out);
  return out;
}

}  // namespace pass::http
