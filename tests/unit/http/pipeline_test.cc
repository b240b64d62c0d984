#include "http/pipeline.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pass::http {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    router_.Get("/ok", [](Request&) { return Response::Html(200, "<p>ok</p>"); });
    router_.Get("/throws", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.Get("/forbidden", [](Request&) { return Response::Status(403); });
    router_.Get("/cached", [](Request&) {
      auto r = Response::Text(200, "x");
      r.headers.Set("Cache-Control", "public, max-age=60");
      return r;
    });
    router_.Post("/form", [](Request&) { return Response::Redirect("/ok"); });
    pipeline_.emplace(router_,
                      SecurityPolicy{.https = true, .form_action_origins = {"https://idp.example"}},
                      errors_);
  }

  Response Send(Method method, std::string path,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = path;
    r.path = path;
    for (auto& [k, v] : headers) r.headers.Add(k, v);
    return pipeline_->Handle(r);
  }

  Router router_;
  PlainErrorRenderer errors_;
  std::optional<Pipeline> pipeline_;  // built once the routes are in, as the app does
};

void ExpectSecured(const Response& r) {
  const auto csp = r.headers.Get("Content-Security-Policy");
  ASSERT_TRUE(csp.has_value());
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(r.headers.Get("Referrer-Policy").has_value());
  EXPECT_TRUE(r.headers.Get("Strict-Transport-Security").has_value());
  EXPECT_FALSE(r.headers.Get("X-Request-Id").value_or("").empty());
}

TEST_F(PipelineTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const auto& path : {"/ok", "/missing", "/throws", "/forbidden", "/%zz"}) {
    SCOPED_TRACE(path);
    ExpectSecured(Send(Method::kGet, path));
  }
  ExpectSecured(pipeline_->Reject(431, "too large"));
}

TEST_F(PipelineTest, StatusesForMissingRoutesMethodsAndBrokenPaths) {
  EXPECT_EQ(Send(Method::kGet, "/missing").status, 404);
  const auto r = Send(Method::kDelete, "/form");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "POST");
  EXPECT_EQ(Send(Method::kGet, "/%zz").status, 400);
}

TEST_F(PipelineTest, AnExceptionBecomesA500WithTheRequestId) {
  const auto r = Send(Method::kGet, "/throws");
  EXPECT_EQ(r.status, 500);
  const auto id = r.headers.Get("X-Request-Id");
  ASSERT_TRUE(id.has_value());
  EXPECT_NE(r.body.find(std::string(*id)), std::string::npos);
}

TEST_F(PipelineTest, EmptyErrorResponsesGetTheErrorPage) {
  const auto r = Send(Method::kGet, "/forbidden");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("Error 403"), std::string::npos);
}

TEST_F(PipelineTest, FormActionAllowsTheIdentityProviderAndNothingCachesPages) {
  const auto r = Send(Method::kGet, "/ok");
  EXPECT_NE(
      r.headers.Get("Content-Security-Policy")->find("form-action 'self' https://idp.example"),
      std::string::npos);
  EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store");
  EXPECT_EQ(Send(Method::kGet, "/cached").headers.Get("Cache-Control"), "public, max-age=60");
}

TEST_F(PipelineTest, KeepsAPlainRequestIdFromAProxyAndReplacesOthers) {
  EXPECT_EQ(Send(Method::kGet, "/ok", {{"X-Request-Id", "lb-123_abc"}}).headers.Get("X-Request-Id"),
            "lb-123_abc");
  EXPECT_NE(Send(Method::kGet, "/ok", {{"X-Request-Id", "<script>"}}).headers.Get("X-Request-Id"),
            "<script>");
}

TEST_F(PipelineTest, MetricsCountRequestsPerRouteAndStatus) {
  Send(Method::kGet, "/ok");
  Send(Method::kGet, "/ok");
  Send(Method::kGet, "/missing");
  std::string out;
  pipeline_->metrics().Render(out);
  EXPECT_NE(out.find("pass_http_requests_total{route=\"/ok\",method=\"GET\",status=\"200\"} 2"),
            std::string::npos);
  EXPECT_NE(out.find("pass_http_requests_total{route=\"unmatched\",method=\"\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(out.find("pass_http_request_duration_seconds_count{route=\"/ok\",method=\"GET\"} 2"),
            std::string::npos);
}

TEST(PipelineHttp, NoHstsOnPlainHttp) {
  Router router;
  router.Get("/", [](Request&) { return Response::Text(200, "x"); });
  PlainErrorRenderer errors;
  Pipeline pipeline(router, SecurityPolicy{}, errors);
  Request r;
  r.path = "/";
  EXPECT_FALSE(pipeline.Handle(r).headers.Get("Strict-Transport-Security").has_value());
}

}  // namespace
}  // namespace pass::http
