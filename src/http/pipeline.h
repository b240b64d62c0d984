// Everything every request goes through, whatever its route: a request id, routing (404, 405,
// 400 for a broken path), the handler inside a last-resort catch (500 with the request id), the
// security headers on every response (errors included), metrics and one structured access-log
// line. Thread-safe once constructed.
#pragma once

#include <string>
#include <vector>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

namespace pass::http {

struct SecurityPolicy {
  bool https = false;  // adds Strict-Transport-Security
  // Origins a form may lead to besides our own (the identity provider, for sign-out).
  std::vector<std::string> form_action_origins;
};

// Renders error responses (HTML pages, or JSON under /api/). Implemented by the web layer.
class ErrorRenderer {
 public:
  virtual ~ErrorRenderer() = default;
  virtual Response RenderError(const Request& request, int status) = 0;
};

// Plain-text errors; for tests and for a server without the web layer.
class PlainErrorRenderer final : public ErrorRenderer {
 public:
  Response RenderError(const Request& request, int status) override;
};

class Pipeline final : public RequestHandler {
 public:
  // `router` must hold every route already: metrics are laid out per route here.
  Pipeline(const Router& router, SecurityPolicy policy, ErrorRenderer& errors);

  size_t BodyLimit(Method method, std::string_view target) const override;
  Response Handle(Request& request) override;
  Response Reject(int status, std::string_view reason) override;

  HttpMetrics& metrics() { return metrics_; }
  const std::string& content_security_policy() const { return csp_; }

 private:
  void Secure(Response& response) const;
  void Finish(const Request& request, Response& response, size_t route_index,
              std::chrono::steady_clock::time_point start);

  const Router& router_;
  SecurityPolicy policy_;
  ErrorRenderer& errors_;
  HttpMetrics metrics_;
  std::string csp_;
};

}  // namespace pass::http
