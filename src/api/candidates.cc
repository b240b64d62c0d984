#include "api/candidates.h"

#include <nlohmann/json.hpp>

#include "api/staff.h"
#include "codes/codes.h"
#include "core/clock.h"
#include "http/form.h"
#include "participants/profile.h"

namespace pass::api {

namespace {

using Out = nlohmann::ordered_json;

constexpr size_t kMaxShortlistBody = size_t{16} * 1024;

std::string Dump(const Out& json) {
  return json.dump(-1, ' ', false, Out::error_handler_t::replace);
}

Out Languages(const std::vector<codes::LanguageLevel>& languages) {
  Out out = Out::array();
  for (const auto& l : languages)
    out.push_back({{"code", l.code}, {"level", codes::LevelCode(l.level)}});
  return out;
}

Out Periods(const std::vector<participants::Period>& periods) {
  Out out = Out::array();
  for (const auto& p : periods) {
    out.push_back({{"from", FormatIsoDate(p.from)}, {"to", FormatIsoDate(p.to)}});
  }
  return out;
}

Out HitJson(const search::Hit& h, const std::string& oid) {
  Out reasons = Out::array();
  for (const auto& r : h.reasons) {
    Out reason{{"kind", r.kind},
               {"matched", r.matched},
               {"values", r.matched_values},
               {"missing", r.missing_values}};
    if (r.weight > 0) reason["weight"] = r.weight;
    reasons.push_back(std::move(reason));
  }
  Out j;
  j["reference"] = h.reference;
  j["given_name"] = h.given_name;
  j["age"] = h.age;
  j["residence"] = h.residence;
  j["languages"] = Languages(h.languages);
  j["topics"] = h.topics;
  j["activity_types"] = h.activity_types;
  j["availability"] = Periods(h.availability);
  j["last_active"] = FormatIsoDate(h.last_active);
  j["score"] = h.score ? Out(*h.score) : Out(nullptr);
  j["reasons"] = std::move(reasons);
  j["profile"] = "/api/v1/organisations/" + oid + "/candidates/" + h.reference;
  return j;
}

// The query string again with another offset, for `next`.
std::string WithOffset(const std::vector<std::pair<std::string, std::string>>& pairs, int offset) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (name == "offset") continue;
    out += http::PercentEncode(name) + "=" + http::PercentEncode(value) + "&";
  }
  return out + "offset=" + std::to_string(offset);
}

std::string NextLink(const std::string& path, const http::FormData& form,
                     const search::Results& results, int limit, int offset) {
  if (static_cast<uint64_t>(offset) + static_cast<uint64_t>(limit) >= results.total ||
      offset + limit > search::kMaxOffset) {
    return {};
  }
  return path + "?" + WithOffset(form.pairs(), offset + limit);
}

// The full profile a staff member opened, as the API shows it.
Out ProfileJson(const participants::Account& account, Date today) {
  const participants::Participant& p = account.profile;
  Out j;
  j["reference"] = p.reference;
  j["given_name"] = p.given_name;
  j["family_name"] = p.family_name;
  j["age"] = participants::AgeOn(p.birth_date, today);
  j["residence"] = p.residence;
  j["languages"] = Languages(p.languages);
  j["skills"] = p.skills;
  j["topics"] = p.topics;
  j["activity_types"] = p.activity_types;
  j["destinations"] = p.destinations;
  j["availability"] = Periods(p.availability);
  j["experience"] = p.experience;
  j["motivation"] = p.motivation;
  j["last_active"] = FormatIsoDate(p.last_active);
  j["has_cv"] = account.cv.has_value();
  // Sensitive answers only where the person chose to share them (F2).
  if (p.sensitive_shared) {
    j["fewer_opportunities"] = p.fewer_opportunities;
    j["support_needs"] = p.support_needs;
  }
  return j;
}

http::Response TooMany(const web::Site& site, const http::Request& request, const char* key) {
  auto response = site.RenderError(request, TooManyRequests(Message(key)));
  response.headers.Set("Retry-After", "60");
  return response;
}

}  // namespace

std::string CandidateResultsJson(const search::Results& results, const std::string& oid,
                                 const std::string& next) {
  Out hits = Out::array();
  for (const auto& h : results.hits) hits.push_back(HitJson(h, oid));
  Out facets = Out::object();
  for (const auto& f : results.facets) {
    Out counts = Out::object();
    for (const auto& c : f.counts) counts[c.value] = c.count;
    facets[f.name] = std::move(counts);
  }
  Out body;
  body["total"] = results.total;
  body["results"] = std::move(hits);
  body["facets"] = std::move(facets);
  body["next"] = next.empty() ? Out(nullptr) : Out(next);
  return Dump(body);
}

void AddCandidateApi(http::Router& router, CandidateApiDeps& deps) {
  router.Get("/api/v1/organisations/{oid}/candidates", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    auto form = http::ParseUrlEncoded(request.query);
    if (!form) return deps.site.RenderError(request, form.error());
    auto query = search::ParseQuery(form->pairs());
    if (!query) return deps.site.RenderError(request, query.error());
    if (!deps.searches.Allow("search:" + staff->oid)) {
      return TooMany(deps.site, request, "error.search.rate_limited");
    }
    auto found = deps.search.Find(*staff, *query);
    if (!found) return deps.site.RenderError(request, found.error());
    const std::string path = "/api/v1/organisations/" + staff->oid + "/candidates";
    return http::Response::Json(
        200, CandidateResultsJson(
                 found->results, staff->oid,
                 NextLink(path, *form, found->results, query->query.limit, query->query.offset)));
  });

  router.Get("/api/v1/organisations/{oid}/candidates/{reference}", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    if (!deps.profile_openings.Allow("profiles:" + staff->oid)) {
      return TooMany(deps.site, request, "error.profiles.rate_limited");
    }
    auto viewer = deps.gate.Identify(request);
    if (!viewer) return deps.site.RenderError(request, viewer.error());
    const access::OrganisationAccess* granted = viewer->decision.Find(staff->oid);
    if (granted == nullptr) {
      return deps.site.RenderError(request, NotFound(Message("error.api.organisation_not_found")));
    }
    participants::OrganisationActor actor{staff->oid, granted->organisation.name, staff->email};
    auto account = deps.participants.OpenAccount(std::string(request.Param("reference")), actor);
    if (!account) return deps.site.RenderError(request, account.error());
    return http::Response::Json(200, Dump(ProfileJson(*account, deps.clock.Today())));
  });

  router.Get("/api/v1/organisations/{oid}/opportunities/{id}/suggestions",
             [&deps](http::Request& request) {
               auto staff = StaffFor(deps.site, deps.gate, request);
               if (!staff) return std::move(staff.error());
               const auto id = ParseId(request.Param("id"));
               if (!id) {
                 return deps.site.RenderError(request,
                                              NotFound(Message("error.opportunity.not_found")));
               }
               auto form = http::ParseUrlEncoded(request.query);
               if (!form) return deps.site.RenderError(request, form.error());
               std::vector<FieldError> bad;
               for (const auto& [name, value] : form->pairs()) {
                 if (name != "limit" && name != "offset" && name != "favour_inclusion") {
                   bad.push_back({name, Message("error.search.unknown_parameter")});
                 }
               }
               auto query = search::ParseQuery(form->pairs());
               if (!query) {
                 for (auto& f : query.error().fields) bad.push_back(std::move(f));
               }
               if (!bad.empty()) {
                 return deps.site.RenderError(
                     request, InvalidInput(Message("error.api.invalid_query"), std::move(bad)));
               }
               if (!deps.searches.Allow("search:" + staff->oid)) {
                 return TooMany(deps.site, request, "error.search.rate_limited");
               }
               auto found = deps.search.Suggest(*staff, *id, query->favour_inclusion,
                                                query->query.limit, query->query.offset);
               if (!found) return deps.site.RenderError(request, found.error());
               const std::string path = "/api/v1/organisations/" + staff->oid + "/opportunities/" +
                                        std::to_string(*id) + "/suggestions";
               return http::Response::Json(
                   200, CandidateResultsJson(found->results, staff->oid,
                                             NextLink(path, *form, found->results,
                                                      query->query.limit, query->query.offset)));
             });

  router.Post(
      "/api/v1/organisations/{oid}/opportunities/{id}/shortlist", [&deps](http::Request& request) {
        auto staff = StaffFor(deps.site, deps.gate, request);
        if (!staff) return std::move(staff.error());
        const auto id = ParseId(request.Param("id"));
        if (!id) {
          return deps.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
        }
        if (request.body.size() > kMaxShortlistBody) {
          return deps.site.RenderError(
              request, InvalidInput(Message("error.api.too_large",
                                            {{"max", std::to_string(kMaxShortlistBody / 1024)}})));
        }
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        std::vector<std::string> references;
        bool ok = body.is_object() && body.size() == 1 && body.contains("references") &&
                  body["references"].is_array();
        if (ok) {
          for (const auto& r : body["references"]) {
            if (!r.is_string()) {
              ok = false;
              break;
            }
            references.push_back(r.get<std::string>());
          }
        }
        if (!ok) {
          return deps.site.RenderError(
              request, InvalidInput(Message("error.form.invalid"),
                                    {{"references", Message("error.search.references")}}));
        }
        auto added = deps.search.Shortlist(*staff, *id, references);
        if (!added) return deps.site.RenderError(request, added.error());
        return http::Response::Json(200, Dump(Out{{"added", *added}}));
      });
}

}  // namespace pass::api
