#include "http/pipeline.h"

#include <exception>

#include "core/log.h"
#include "core/random.h"

namespace pass::http {

namespace {

std::vector<HttpMetrics::RouteLabel> LabelsOf(const Router& router) {
  std::vector<HttpMetrics::RouteLabel> labels;
  for (const auto& r : router.routes()) {
    labels.push_back({std::string(MethodName(r->method)), r->pattern});
  }
  return labels;
}

// A request id from a proxy in front is kept when it is short and plain; otherwise a new one.
std::string RequestIdFor(const Request& request) {
  if (auto incoming = request.headers.Get("X-Request-Id")) {
    const std::string_view id = *incoming;
    bool plain = !id.empty() && id.size() <= 64;
    for (const char c : id) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_')) {
        plain = false;
        break;
      }
    }
    if (plain) return std::string(id);
  }
  return RandomToken(12);
}

std::string AllowHeader(const std::vector<Method>& methods) {
  std::string out;
  for (const Method m : methods) {
    if (!out.empty()) out += ", ";
    out += MethodName(m);
    if (m == Method::kGet) out += ", HEAD";
  }
  return out;
}

}  // namespace

Response PlainErrorRenderer::RenderError(const Request& request, int status) {
  return Response::Text(
      status, "Error " + std::to_string(status) + " (request " + request.request_id + ")\n");
}

Pipeline::Pipeline(const Router& router, SecurityPolicy policy, ErrorRenderer& errors)
    : router_(router), policy_(std::move(policy)), errors_(errors), metrics_(LabelsOf(router)) {
  std::string form_action = "'self'";
  for (const auto& origin : policy_.form_action_origins) form_action += " " + origin;
  // No inline scripts or styles anywhere: every script and style sheet is a file of ours.
  csp_ =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      "form-action " +
      form_action + "; frame-ancestors 'none'";
}

size_t Pipeline::BodyLimit(Method method, std::string_view target) const {
  const size_t q = target.find('?');
  return router_.BodyLimit(method, target.substr(0, q));
}

void Pipeline::Secure(Response& response) const {
  Headers& h = response.headers;
  h.Set("Content-Security-Policy", csp_);
  h.Set("X-Content-Type-Options", "nosniff");
  h.Set("X-Frame-Options", "DENY");
  h.Set("Referrer-Policy", "same-origin");
  h.Set("Cross-Origin-Opener-Policy", "same-origin");
  h.Set("Cross-Origin-Resource-Policy", "same-origin");
  h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (policy_.https) h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // Pages can hold personal data: nothing is cached unless the handler said otherwise.
  if (!h.Has("Cache-Control")) h.Set("Cache-Control", "no-store");
}

void Pipeline::Finish(const Request& request, Response& response, size_t route_index,
                      std::chrono::steady_clock::time_point start) {
  if (response.status >= 400 && response.BodyView().empty() &&
      !response.headers.Has("Content-Type")) {
    Response page = errors_.RenderError(request, response.status);
    for (const auto& [k, v] : response.headers.fields()) page.headers.Set(k, v);
    response = std::move(page);
  }
  Secure(response);
  response.headers.Set("X-Request-Id", request.request_id);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  metrics_.Record(route_index, response.status, elapsed);
  const auto& route = route_index < router_.routes().size() ? router_.routes()[route_index]->pattern
                                                            : std::string("unmatched");
  log::Info("http.request",
            {{"request_id", request.request_id},
             {"method", MethodName(request.method)},
             {"route", route},
             {"path", request.path},
             {"status", response.status},
             {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
             {"bytes", response.BodyView().size()},
             {"remote", request.remote_address}});
}

Response Pipeline::Handle(Request& request) {
  const auto start = std::chrono::steady_clock::now();
  request.request_id = RequestIdFor(request);
  Router::Match match = router_.Find(request.method, request.path);
  Response response;
  size_t route_index = metrics_.unmatched_index();
  if (match.bad_path) {
    response.status = 400;
  } else if (match.route == nullptr) {
    response.status = match.allowed.empty() ? 404 : 405;
    if (!match.allowed.empty()) response.headers.Set("Allow", AllowHeader(match.allowed));
  } else {
    route_index = match.route->index;
    request.path_params = std::move(match.params);
    try {
      response = match.route->handler(request);
    } catch (const std::exception& e) {
      log::Error("http.handler_failed", {{"request_id", request.request_id},
                                         {"route", match.route->pattern},
                                         {"what", e.what()}});
      response = Response{};
      response.status = 500;
    } catch (...) {
      log::Error("http.handler_failed", {{"request_id", request.request_id},
                                         {"route", match.route->pattern},
                                         {"what", "unknown exception"}});
      response = Response{};
      response.status = 500;
    }
  }
  try {
    Finish(request, response, route_index, start);
  } catch (const std::exception& e) {
    // Rendering the error page itself failed: answer with the bare minimum, still secured.
    log::Error("http.error_page_failed", {{"request_id", request.request_id}, {"what", e.what()}});
    response = Response::Text(500, "Internal error. Request id: " + request.request_id + "\n");
    Secure(response);
    response.headers.Set("X-Request-Id", request.request_id);
  }
  return response;
}

Response Pipeline::Reject(int status, std::string_view reason) {
  Request request;
  request.request_id = RandomToken(12);
  request.path = "/";
  Response response;
  try {
    response = errors_.RenderError(request, status);
  } catch (const std::exception&) {
    response = Response::Text(status, "Bad request\n");
  }
  response.status = status;
  Secure(response);
  response.headers.Set("X-Request-Id", request.request_id);
  response.headers.Set("Connection", "close");
  metrics_.Record(metrics_.unmatched_index(), status, std::chrono::nanoseconds{0});
  log::Info("http.rejected",
            {{"request_id", request.request_id}, {"status", status}, {"reason", reason}});
  return response;
}

}  // namespace pass::http
