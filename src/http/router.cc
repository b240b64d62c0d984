#include "http/router.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "core/strings.h"
#include "http/form.h"

namespace pass::http {

namespace {

// Splits "/a/b%20c" into decoded segments {"a", "b c"}; nullopt on a broken escape.
std::optional<std::vector<std::string>> DecodeSegments(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (path.empty()) return out;  // "/"
  for (std::string_view raw : Split(path, '/')) {
    auto decoded = PercentDecode(raw, false);
    if (!decoded) return std::nullopt;
    out.push_back(std::move(*decoded));
  }
  return out;
}

// Orders candidate routes: at the first segment where they differ, literal beats parameter
// beats rest.
bool MoreSpecific(const Route& a, const Route& b) {
  const size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) return a.segments[i].kind < b.segments[i].kind;
  }
  return a.segments.size() > b.segments.size();
}

}  // namespace

void Router::Add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = method;
  route->pattern = std::string(pattern);
  route->handler = std::move(handler);
  route->options = options;
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  if (pattern.size() > 1) {
    const auto parts = Split(pattern.substr(1), '/');
    for (size_t i = 0; i < parts.size(); ++i) {
      const std::string_view part = parts[i];
      Route::Segment seg;
      if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
        std::string_view name = part.substr(1, part.size() - 2);
        if (!name.empty() && name.front() == '*') {
          if (i + 1 != parts.size()) {
            throw std::invalid_argument("{*rest} must be last: " + std::string(pattern));
          }
          seg.kind = Route::Segment::Kind::kRest;
          name.remove_prefix(1);
        } else {
          seg.kind = Route::Segment::Kind::kParam;
        }
        if (name.empty()) throw std::invalid_argument("empty parameter: " + std::string(pattern));
        seg.text = std::string(name);
      } else {
        seg.kind = Route::Segment::Kind::kLiteral;
        seg.text = std::string(part);
      }
      route->segments.push_back(std::move(seg));
    }
  }
  for (const auto& r : routes_) {
    if (r->method == method && r->pattern == route->pattern) {
      throw std::invalid_argument("duplicate route: " + std::string(pattern));
    }
  }
  route->index = routes_.size();
  routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string>& segments,
                     std::vector<std::pair<std::string, std::string>>* params) {
  size_t i = 0;
  for (; i < route.segments.size(); ++i) {
    const auto& seg = route.segments[i];
    if (seg.kind == Route::Segment::Kind::kRest) {
      if (i >= segments.size()) return false;  // the rest must not be empty
      std::string rest;
      for (size_t k = i; k < segments.size(); ++k) {
        if (k > i) rest += '/';
        rest += segments[k];
      }
      if (params) params->emplace_back(seg.text, std::move(rest));
      return true;
    }
    if (i >= segments.size()) return false;
    if (seg.kind == Route::Segment::Kind::kLiteral) {
      if (seg.text != segments[i]) return false;
    } else {
      if (segments[i].empty()) return false;
      if (params) params->emplace_back(seg.text, segments[i]);
    }
  }
  return i == segments.size();
}

const Route* Router::FindRoute(Method method, const std::vector<std::string>& segments,
                               std::vector<std::pair<std::string, std::string>>* params) const {
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if (r->method != method || !Matches(*r, segments, nullptr)) continue;
    if (best == nullptr || MoreSpecific(*r, *best)) best = r.get();
  }
  if (best != nullptr && params != nullptr) Matches(*best, segments, params);
  return best;
}

Router::Match Router::Find(Method method, std::string_view encoded_path) const {
  Match match;
  const auto segments = DecodeSegments(encoded_path);
  if (!segments) {
    match.bad_path = true;
    return match;
  }
  match.route = FindRoute(method, *segments, &match.params);
  if (match.route == nullptr && method == Method::kHead) {
    match.route = FindRoute(Method::kGet, *segments, &match.params);
  }
  if (match.route != nullptr) return match;
  for (const auto& r : routes_) {
    if (Matches(*r, *segments, nullptr) &&
        std::find(match.allowed.begin(), match.allowed.end(), r->method) == match.allowed.end()) {
      match.allowed.push_back(r->method);
    }
  }
  return match;
}

size_t Router::BodyLimit(Method method, std::string_view encoded_path) const {
  const Match m = Find(method, encoded_path);
  return m.route != nullptr ? m.route->options.max_body : kDefaultBodyLimit;
}

}  // namespace pass::http
