// Maps a method and a path to a handler. Patterns are literal segments, `{name}` for one segment
// and a final `{*name}` for the rest of the path: "/api/v1/organisations/{oid}/candidates".
// Literal segments win over parameters. Built once at start-up, then read-only and thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace pass::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  size_t max_body = kDefaultBodyLimit;  // larger only where an upload needs it
};

struct Route {
  Method method;
  std::string pattern;  // also the route's name in metrics and logs
  Handler handler;
  RouteOptions options;
  size_t index = 0;  // position in routes(), stable for the router's life

  struct Segment {
    enum class Kind { kLiteral, kParam, kRest } kind;
    std::string text;  // the literal, or the parameter's name
  };
  std::vector<Segment> segments;
};

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate: a programming error.
  void Add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});
  void Get(std::string_view pattern, Handler handler) {
    Add(Method::kGet, pattern, std::move(handler));
  }
  void Post(std::string_view pattern, Handler handler, RouteOptions options = {}) {
    Add(Method::kPost, pattern, std::move(handler), options);
  }

  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<Method> allowed;  // when the path exists under other methods only (405)
    bool bad_path = false;        // a broken %-escape in the path (400)
  };

  // HEAD falls back to the GET route of the same path.
  Match Find(Method method, std::string_view encoded_path) const;

  // The body limit of the route a request will reach, decided before its body is read; the
  // default when no route matches (the request will be answered 404 or 405 anyway).
  size_t BodyLimit(Method method, std::string_view encoded_path) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  const Route* FindRoute(Method method, const std::vector<std::string>& segments,
                         std::vector<std::pair<std::string, std::string>>* params) const;
  static bool Matches(const Route& route, const std::vector<std::string>& segments,
                      std::vector<std::pair<std::string, std::string>>* params);

  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace pass::http
