#include "web/staff_entry.h"

#include "web/form_view.h"

namespace pass::web {

StaffEntry EnterStaff(const Site& site, const Gate& gate, const http::Request& request, bool post) {
  auto viewer = gate.Identify(request);
  if (!viewer) return {.response = site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) return {.response = LoginRedirect(request)};
  const std::string oid(request.Param("oid"));
  const access::OrganisationAccess* granted = viewer->decision.Find(oid);
  if (granted == nullptr) {
    return {.response =
                site.RenderError(request, Forbidden(Message("error.organisation.no_access")))};
  }
  StaffEntry out;
  if (post) {
    auto form = http::ParseUrlEncoded(request.body);
    if (!form || !gate.ValidForm(request, *viewer, *form))
      return {.response = site.RenderError(request, Forbidden(Message("error.csrf")))};
    out.form = std::move(*form);
  }
  out.staff = {oid, viewer->person->email};
  out.organisation_name = granted->organisation.name;
  out.viewer = std::move(*viewer);
  return out;
}

Data StaffLayout(const Site& site, const http::Request& request, std::string_view lang,
                 const StaffEntry& e, std::string_view title) {
  Data page = site.Layout(request, lang, title, &*e.viewer);
  page.set("csrf", e.viewer->csrf);
  page.set("oid", e.staff.oid);
  page.set("organisation", e.organisation_name);
  page.set("organisation_url", "/organisations/" + e.staff.oid);
  return page;
}

YoungEntry EnterYoung(const Site& site, const Gate& gate, int privacy_version,
                      const http::Request& request, bool post) {
  auto viewer = gate.Identify(request);
  if (!viewer) return {.response = site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) return {.response = LoginRedirect(request)};
  if (!viewer->participant || viewer->participant->consent_version < privacy_version)
    return {.response = Redirect("/young")};
  YoungEntry out;
  if (post) {
    auto form = http::ParseUrlEncoded(request.body);
    if (!form || !gate.ValidForm(request, *viewer, *form))
      return {.response = site.RenderError(request, Forbidden(Message("error.csrf")))};
    out.form = std::move(*form);
  }
  out.participant_id = viewer->participant->id;
  out.viewer = std::move(*viewer);
  return out;
}

}  // namespace pass::web
