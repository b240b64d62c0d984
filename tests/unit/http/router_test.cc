#include "http/router.h"

#include <gtest/gtest.h>

namespace pass::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name); };
}

std::string Call(const Router& router, Method method, std::string_view path) {
  auto m = router.Find(method, path);
  if (m.route == nullptr) return "none";
  Request r;
  r.path_params = m.params;
  return m.route->handler(r).body;
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router router;
  router.Get("/", Named("home"));
  router.Get("/organisations/{oid}", Named("org"));
  router.Get("/organisations/new", Named("new"));
  router.Get("/organisations/{oid}/candidates", Named("candidates"));
  EXPECT_EQ(Call(router, Method::kGet, "/"), "home");
  EXPECT_EQ(Call(router, Method::kGet, "/organisations/E12345678"), "org");
  EXPECT_EQ(Call(router, Method::kGet, "/organisations/new"), "new");  // literal wins
  EXPECT_EQ(Call(router, Method::kGet, "/organisations/E1/candidates"), "candidates");
  EXPECT_EQ(Call(router, Method::kGet, "/organisations"), "none");
  EXPECT_EQ(Call(router, Method::kGet, "/organisations/"), "none");  // empty parameter
  EXPECT_EQ(Call(router, Method::kGet, "/organisations/E1/candidates/x"), "none");
}

TEST(Router, DecodesParametersAndRestOfPath) {
  Router router;
  router.Get("/t/{name}", Named("t"));
  router.Get("/static/{*path}", Named("static"));
  auto m = router.Find(Method::kGet, "/t/a%20b");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "a b");
  auto s = router.Find(Method::kGet, "/static/vendor/ecl/x.css");
  ASSERT_NE(s.route, nullptr);
  EXPECT_EQ(s.params[0].second, "vendor/ecl/x.css");
  EXPECT_EQ(router.Find(Method::kGet, "/static").route, nullptr);
}

TEST(Router, ReportsAllowedMethodsAndBadPaths) {
  Router router;
  router.Get("/form", Named("show"));
  router.Post("/form", Named("submit"));
  auto m = router.Find(Method::kDelete, "/form");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kPost}));
  EXPECT_TRUE(router.Find(Method::kGet, "/%zz").bad_path);
  EXPECT_TRUE(router.Find(Method::kGet, "no-slash").bad_path);
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.Get("/x", Named("x"));
  EXPECT_EQ(Call(router, Method::kHead, "/x"), "x");
}

TEST(Router, BodyLimitFollowsTheRoute) {
  Router router;
  router.Post("/upload", Named("u"), RouteOptions{.max_body = 6 * 1024 * 1024});
  router.Post("/form", Named("f"));
  EXPECT_EQ(router.BodyLimit(Method::kPost, "/upload"), 6u * 1024 * 1024);
  EXPECT_EQ(router.BodyLimit(Method::kPost, "/form"), kDefaultBodyLimit);
  EXPECT_EQ(router.BodyLimit(Method::kPost, "/unknown"), kDefaultBodyLimit);
}

TEST(Router, RejectsMalformedPatternsAndDuplicates) {
  Router router;
  EXPECT_THROW(router.Get("x", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Get("/{*rest}/more", Named("x")), std::invalid_argument);
  router.Get("/a", Named("a"));
  EXPECT_THROW(router.Get("/a", Named("a")), std::invalid_argument);
}

}  // namespace
}  // namespace pass::http
