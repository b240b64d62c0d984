// What a page costs without the network: routing, the layout's view-model, and rendering.
#include <benchmark/benchmark.h>

#include "http/router.h"
#include "http/static_files.h"
#include "i18n/catalogue.h"
#include "web/public_pages.h"
#include "web/site.h"
#include "web/templates.h"

namespace {

struct Fixture {
  Fixture()
      : catalogues(*pass::i18n::Catalogues::Load(std::string(PASS_SOURCE_DIR) + "/locales")),
        templates(*pass::web::Templates::Load(std::string(PASS_SOURCE_DIR) + "/web/templates",
                                              catalogues)),
        files(*pass::http::StaticFiles::Load(std::string(PASS_SOURCE_DIR) + "/web/static",
                                             "/static")),
        site(catalogues, templates, files, {}) {
    pass::web::AddPublicPages(router, site);
  }
  pass::i18n::Catalogues catalogues;
  pass::web::Templates templates;
  pass::http::StaticFiles files;
  pass::web::Site site;
  pass::http::Router router;
};

Fixture& TheFixture() {
  static Fixture f;
  return f;
}

void BM_LandingPage(benchmark::State& state) {
  auto& f = TheFixture();
  pass::http::Request request;
  request.target = request.path = "/";
  request.headers.Add("Accept-Language", "sv-SE,sv;q=0.9");
  for (auto _ : state) {
    auto match = f.router.Find(pass::http::Method::kGet, request.path);
    auto response = match.route->handler(request);
    benchmark::DoNotOptimize(response.body.data());
  }
}
BENCHMARK(BM_LandingPage);

void BM_RouterFind(benchmark::State& state) {
  auto& f = TheFixture();
  for (auto _ : state) {
    auto match = f.router.Find(pass::http::Method::kGet, "/static/vendor/ecl/styles/ecl-ec.css");
    benchmark::DoNotOptimize(match.route);
  }
}
BENCHMARK(BM_RouterFind);

}  // namespace

BENCHMARK_MAIN();
