// The organisation side of a young person's profile: staff with access to the organisation open
// a findable person's full profile or CV. The answer is the same 404 for a person who does not
// exist, is not visible or is no longer eligible, so nobody learns who is registered. Each opening
// is recorded for the person (F6) and counted against the organisation's hourly allowance, so the
// registry cannot be scraped.
#include <algorithm>

#include "codes/codes.h"
#include "i18n/catalogue.h"
#include "web/young_pages.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

struct Opening {
  std::optional<Viewer> viewer;
  participants::OrganisationActor actor;
  std::optional<http::Response> response;
};

// Staff of the organisation in the URL, within the organisation's allowance.
Opening Enter(YoungDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return {std::nullopt, {}, d.site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) {
    return {std::nullopt,
            {},
            http::Response::Redirect(
                "/login?next=" + http::PercentEncode(SafeLocalPath(request.target)), 303)};
  }
  const std::string oid(request.Param("oid"));
  const access::OrganisationAccess* granted = viewer->decision.Find(oid);
  if (granted == nullptr) {
    return {std::nullopt,
            {},
            d.site.RenderError(request, Forbidden(Message("error.organisation.no_access")))};
  }
  if (!d.profile_openings.Allow("profiles:" + oid)) {
    return {std::nullopt,
            {},
            d.site.RenderError(request, TooManyRequests(Message("error.profiles.rate_limited")))};
  }
  participants::OrganisationActor actor{oid, granted->organisation.name, viewer->person->email};
  return {std::move(*viewer), std::move(actor), std::nullopt};
}

http::Response ShowCandidate(YoungDeps& d, const http::Request& request) {
  Opening e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  auto account = d.participants.OpenAccount(std::string(request.Param("reference")), e.actor);
  if (!account) return d.site.RenderError(request, account.error());
  const participants::Participant& p = account->profile;
  const std::string lang = d.site.Language(request);
  const Date today = d.clock.Today();
  Data page = d.site.Layout(request, lang, p.given_name + " " + p.family_name, &*e.viewer);
  page.set("oid", e.actor.oid);
  page.set("organisation", e.actor.name);
  page.set("reference", p.reference);
  page.set("name", p.given_name + " " + p.family_name);
  page.set("age", std::to_string(participants::AgeOn(p.birth_date, today)));
  page.set("residence", i18n::CodeLabel(d.site.catalogues(), lang, "country", p.residence));
  AddProfileLists(d.site, lang, p, page, today);
  page.set("experience", p.experience);
  page.set("motivation", p.motivation);
  page.set("sensitive_shared", p.sensitive_shared);
  page.set("fewer_opportunities", p.fewer_opportunities);
  page.set("support_needs", p.support_needs);
  page.set("has_cv", account->cv.has_value());
  return d.site.Render("pages/candidate", lang, page);
}

http::Response CandidateCv(YoungDeps& d, const http::Request& request) {
  Opening e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  auto cv = d.participants.OpenCv(std::string(request.Param("reference")), e.actor);
  if (!cv) return d.site.RenderError(request, cv.error());
  return CvDownload(*cv);
}

}  // namespace

void AddCandidatePages(http::Router& router, YoungDeps& deps) {
  router.Get("/organisations/{oid}/candidates/{reference}",
             [&deps](http::Request& r) { return ShowCandidate(deps, r); });
  router.Get("/organisations/{oid}/candidates/{reference}/cv",
             [&deps](http::Request& r) { return CandidateCv(deps, r); });
}

}  // namespace pass::web
