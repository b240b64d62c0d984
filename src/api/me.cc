#include "api/me.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "web/young_pages.h"

namespace pass::api {

std::string MeJson(const web::Viewer& viewer) {
  const access::Person& person = *viewer.person;
  nlohmann::json organisations = nlohmann::json::array();
  for (const auto& org : viewer.decision.organisations) {
    nlohmann::json grants = nlohmann::json::array();
    for (const auto& a : org.granted_by) {
      grants.push_back(
          {{"kind", std::string(registry::KindCode(a.kind))}, {"reference", a.reference}});
    }
    organisations.push_back(
        {{"oid", org.organisation.oid}, {"name", org.organisation.name}, {"grants", grants}});
  }
  nlohmann::json roles = nlohmann::json::array();
  if (!viewer.decision.organisations.empty()) roles.push_back("organisation_staff");
  nlohmann::json remits = nlohmann::json::array();
  for (const auto& r : viewer.officer.roles) {
    const std::string code(backoffice::RoleCode(r.kind));
    if (std::find(roles.begin(), roles.end(), code) == roles.end()) roles.push_back(code);
    nlohmann::json remit = {{"role", code}};
    if (!r.country.empty()) remit["country"] = r.country;
    if (!r.programme.empty()) remit["programme"] = r.programme;
    remits.push_back(remit);
  }
  nlohmann::json participant = nullptr;
  if (viewer.participant) {
    roles.push_back("young_person");
    participant = {{"reference", viewer.participant->reference},
                   {"visible", viewer.participant->searchable}};
  }
  const nlohmann::json body = {{"sub", person.sub},
                               {"email", person.email},
                               {"email_verified", person.email_verified},
                               {"given_name", person.given_name},
                               {"family_name", person.family_name},
                               {"roles", roles},
                               {"remits", remits},
                               {"organisations", organisations},
                               {"participant", participant}};
  return body.dump();
}

void AddMe(http::Router& router, const web::Site& site, const web::Gate& gate,
           participants::Service* participants, opportunities::Service* opportunities) {
  router.Get("/api/v1/me", [&site, &gate](http::Request& request) {
    auto viewer = gate.Identify(request);
    if (!viewer) return site.RenderError(request, viewer.error());
    if (!viewer->signed_in()) {
      return site.RenderError(request, Unauthenticated(Message("error.api.no_session")));
    }
    return http::Response::Json(200, MeJson(*viewer));
  });
  if (participants == nullptr) return;
  // Everything held about the young person signed in (F6), as the "My data" page downloads it.
  router.Get(
      "/api/v1/me/export", [&site, &gate, participants, opportunities](http::Request& request) {
        auto viewer = gate.Identify(request);
        if (!viewer) return site.RenderError(request, viewer.error());
        if (!viewer->signed_in()) {
          return site.RenderError(request, Unauthenticated(Message("error.api.no_session")));
        }
        auto exported = participants->ExportFor(viewer->person->sub);
        if (!exported) return site.RenderError(request, exported.error());
        std::vector<opportunities::MyApplication> applications;
        if (opportunities != nullptr) {
          auto mine = opportunities->ApplicationsOf(exported->account.profile.id);
          if (!mine) return site.RenderError(request, mine.error());
          applications = std::move(*mine);
        }
        auto response =
            http::Response::Json(200, web::ExportJson(*exported, *viewer->person, applications));
        response.headers.Set("Cache-Control", "private, no-store");
        return response;
      });
}

}  // namespace pass::api
