#include "api/reference.h"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codes/codes.h"
#include "core/strings.h"
#include "registry/registry.h"

namespace pass::api {

namespace {

using Json = nlohmann::ordered_json;

Json Labelled(const i18n::Catalogues& catalogues, std::string_view lang, std::string_view list,
              std::span<const std::string_view> codes) {
  Json out = Json::array();
  for (const std::string_view code : codes) {
    out.push_back({{"code", code}, {"label", i18n::CodeLabel(catalogues, lang, list, code)}});
  }
  return out;
}

}  // namespace

std::string ReferenceJson(const i18n::Catalogues& catalogues, std::string_view lang) {
  const std::string& language = catalogues.Get(lang).code;

  Json countries = Json::array();
  for (const std::string_view code : codes::Countries()) {
    countries.push_back({{"code", code},
                         {"label", i18n::CodeLabel(catalogues, language, "country", code)},
                         {"eu", codes::IsEuMemberState(code)}});
  }

  std::vector<std::string_view> levels;
  for (const auto level :
       {codes::Level::kA1, codes::Level::kA2, codes::Level::kB1, codes::Level::kB2,
        codes::Level::kC1, codes::Level::kC2, codes::Level::kNative}) {
    levels.push_back(codes::LevelCode(level));
  }
  std::vector<std::string_view> kinds;
  for (const auto kind : {registry::Kind::kQualityLabel, registry::Kind::kEvsAccreditation,
                          registry::Kind::kEuavCertification, registry::Kind::kProgrammeApproval}) {
    kinds.push_back(registry::KindCode(kind));
  }
  std::vector<std::string_view> statuses;
  for (const auto status :
       {registry::Status::kActive, registry::Status::kSuspended, registry::Status::kRevoked}) {
    statuses.push_back(registry::StatusCode(status));
  }

  const Json body = {
      {"language", language},
      {"countries", std::move(countries)},
      {"languages", Labelled(catalogues, language, "language", codes::Languages())},
      {"levels", Labelled(catalogues, language, "level", levels)},
      {"activity_types", Labelled(catalogues, language, "activity_type", codes::ActivityTypes())},
      {"topics", Labelled(catalogues, language, "topic", codes::Topics())},
      {"skills", Labelled(catalogues, language, "skill", codes::Skills())},
      {"authorisation_kinds", Labelled(catalogues, language, "authorisation_kind", kinds)},
      {"authorisation_statuses", Labelled(catalogues, language, "authorisation_status", statuses)}};
  return body.dump();
}

std::string ReferenceLanguage(const web::Site& site, const http::Request& request) {
  if (const auto asked = request.QueryParam("lang")) {
    // "sv", "SV", "sv-SE" and "sv_SE" all mean Swedish.
    std::string primary =
        AsciiLower(std::string_view(*asked).substr(0, asked->find_first_of("-_")));
    if (site.catalogues().Supports(primary)) return primary;
  }
  return site.Language(request);
}

void AddReference(http::Router& router, const web::Site& site) {
  // Every body is the same for every reader of a language: build them once, share them.
  auto bodies =
      std::make_shared<std::map<std::string, std::shared_ptr<const std::string>, std::less<>>>();
  for (const i18n::Language* lang : site.catalogues().Languages()) {
    bodies->emplace(lang->code, std::make_shared<const std::string>(
                                    ReferenceJson(site.catalogues(), lang->code)));
  }
  router.Get("/api/v1/reference", [&site, bodies](http::Request& request) {
    const std::string lang = ReferenceLanguage(site, request);
    auto body = bodies->find(lang);
    if (body == bodies->end()) body = bodies->find(i18n::Catalogues::kFallback);
    auto response = http::Response::Json(200, "");
    response.shared_body = body->second;
    response.headers.Set("Content-Language", body->first);
    response.headers.Set("Cache-Control", "public, max-age=3600");
    response.headers.Set("Vary", "Accept-Language, Cookie");
    return response;
  });
}

}  // namespace pass::api
