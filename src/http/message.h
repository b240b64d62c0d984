// The portal's own HTTP request and response types. Handlers, the router and the pipeline use
// these; only server.cc knows Beast, so a handler compiles in a fraction of a Beast unit's time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pass::http {

// The body limit of a route that does not ask for more (uploads do).
constexpr size_t kDefaultBodyLimit = size_t{1024} * 1024;

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method ParseMethod(std::string_view text);
std::string_view MethodName(Method method);

// Header fields in arrival order; names compare case-insensitively.
class Headers {
 public:
  std::optional<std::string_view> Get(std::string_view name) const;
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  void Set(std::string_view name, std::string_view value);  // replaces every field of that name
  void Add(std::string_view name, std::string_view value);
  void Remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path and query, percent-encoded
  std::string path;    // target up to '?', still percent-encoded
  std::string query;   // after '?', without it
  int version = 11;    // 10 or 11
  Headers headers;
  std::string body;
  std::string remote_address;

  // Filled in by the pipeline and the router.
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded

  // The decoded value of a path parameter, or empty.
  std::string_view Param(std::string_view name) const;
  // The decoded value of a query parameter (first occurrence), if present.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A body shared with a cache (static files) instead of `body`; never copied per request.
  std::shared_ptr<const std::string> shared_body;

  std::string_view BodyView() const { return shared_body ? std::string_view(*shared_body) : body; }

  // A bodiless response; the pipeline fills in the error page for 4xx and 5xx.
  static Response Status(int status);
  static Response Text(int status, std::string text);
  static Response Html(int status, std::string html);
  static Response Json(int status, std::string json);
  static Response Redirect(std::string_view location, int status = 303);
};

}  // namespace pass::http
