#include "web/public_pages.h"

#include "http/cookies.h"
#include "web/sign_in_pages.h"

namespace pass::web {

namespace {

http::Response Landing(const Site& site, const http::Request& request) {
  const std::string lang = site.Language(request);
  std::optional<Viewer> viewer;
  if (const Gate* gate = site.gate();
      gate != nullptr && gate->Cookie(request, gate->session_cookie())) {
    if (auto v = gate->Identify(request)) viewer = std::move(*v);
  }
  Data page =
      site.Layout(request, lang, site.T(lang, "landing.title"), viewer ? &*viewer : nullptr);
  // Someone already signed in is offered the way on instead of the sign-in button.
  if (viewer && viewer->signed_in())
    page.set("home_url", HomeFor(viewer->decision, viewer->officer.any()));
  return site.Render("pages/landing", lang, page);
}

http::Response Help(const Site& site, const http::Request& request) {
  const std::string lang = site.Language(request);
  Data page = site.Layout(request, lang, site.T(lang, "help.title"));
  return site.Render("pages/help", lang, page);
}

http::Response Support(const Site& site, const http::Request& request) {
  const std::string lang = site.Language(request);
  Data page = site.Layout(request, lang, site.T(lang, "support.title"));
  return site.Render("pages/support", lang, page);
}

// GET /language?lang=sv&next=/path: remembers the choice for a year and goes back. A link, not a
// form, so the switch works without JavaScript; it changes nothing but the reader's language.
http::Response SwitchLanguage(const Site& site, const http::Request& request) {
  const std::string lang = request.QueryParam("lang").value_or("");
  const std::string next = SafeLocalPath(request.QueryParam("next").value_or("/"));
  if (!site.catalogues().Supports(lang)) return http::Response::Status(400);
  http::Cookie cookie;
  cookie.name = std::string(Site::kLanguageCookie);
  cookie.value = lang;
  cookie.max_age = std::chrono::hours(24 * 365);
  cookie.secure = site.options().https;
  auto response = http::Response::Redirect(next, 303);
  response.headers.Add("Set-Cookie", cookie.ToHeader());
  return response;
}

}  // namespace

void AddPublicPages(http::Router& router, const Site& site) {
  router.Get("/", [&site](http::Request& r) { return Landing(site, r); });
  router.Get("/help", [&site](http::Request& r) { return Help(site, r); });
  router.Get("/support", [&site](http::Request& r) { return Support(site, r); });
  router.Get("/language", [&site](http::Request& r) { return SwitchLanguage(site, r); });
  router.Get("/static/{*path}",
             [&site](http::Request& r) { return site.static_files().Serve(r, r.Param("path")); });
}

}  // namespace pass::web
