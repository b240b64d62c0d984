// The candidate search for organisation staff (SPEC F9-F11): a GET form over every filter with
// the count of people next to each value, results that show the least personal data that lets
// staff decide whom to open, each with the reasons it is there; ranked by match with one of the
// organisation's opportunities when one is chosen (the suggestions, F10); shortlisting into that
// opportunity's pipeline; saving the search with an optional daily e-mail (F11). Works without
// JavaScript.
#include "web/candidate_search_pages.h"

#include <algorithm>
#include <set>

#include "codes/codes.h"
#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/form_view.h"
#include "web/staff_entry.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

constexpr int kActiveChoices[] = {30, 90, 180, 365};

using StaffPage = StaffEntry;

StaffPage Enter(CandidateSearchDeps& d, const http::Request& request, bool post) {
  return EnterStaff(d.site, d.gate, request, post);
}

std::string SearchPath(const opportunities::Staff& staff) {
  return "/organisations/" + staff.oid + "/candidates";
}

// The page's form names are the API's parameters, except the one language row (language,
// level), which becomes languages=code:level.
std::vector<std::pair<std::string, std::string>> QueryPairs(const http::FormData& form) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string language;
  std::string level;
  const bool ranked = !form.Get("opportunity").empty();
  for (const auto& [name, value] : form.pairs()) {
    if (name == "language") {
      language = value;
    } else if (name == "level") {
      level = value;
    } else if (name == "sort" && value == "match" && !ranked) {
      // "No opportunity" chosen on a ranked page: back to relevance rather than a refusal.
    } else if (name != "done" && name != "shortlist_error") {
      pairs.emplace_back(name, value);
    }
  }
  if (!language.empty()) {
    pairs.emplace_back("languages", language + ":" + (level.empty() ? "A1" : level));
  }
  return pairs;
}

std::string Encode(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (value.empty()) continue;
    if (!out.empty()) out += '&';
    out += http::PercentEncode(name) + "=" + http::PercentEncode(value);
  }
  return out;
}

// The same search on another page of results.
std::string PageUrl(const std::string& path, std::vector<std::pair<std::string, std::string>> pairs,
                    int offset) {
  std::erase_if(pairs, [](const auto& p) { return p.first == "offset"; });
  if (offset > 0) pairs.emplace_back("offset", std::to_string(offset));
  const std::string query = Encode(pairs);
  return query.empty() ? path : path + "?" + query;
}

uint64_t CountOf(const search::Results& results, std::string_view facet, std::string_view value) {
  for (const auto& f : results.facets) {
    if (f.name != facet) continue;
    for (const auto& c : f.counts) {
      if (c.value == value) return c.count;
    }
  }
  return 0;
}

// Checkboxes of a code list, each with how many people the search finds with that value.
list FacetBoxes(const Site& site, std::string_view lang, std::string_view field,
                std::string_view list_name, std::span<const std::string_view> codes_in_order,
                const std::vector<std::string>& checked, const search::Results* results,
                std::string_view facet) {
  list out;
  for (const auto code : codes_in_order) {
    data o;
    o.set("name", std::string(field));
    o.set("value", std::string(code));
    o.set("id", std::string(field) + "-" + std::string(code));
    o.set("label", Label(site, lang, list_name, code));
    o.set("checked", std::find(checked.begin(), checked.end(), code) != checked.end());
    const bool counted = results != nullptr;
    o.set("counted", counted);
    o.set("count", counted ? std::to_string(CountOf(*results, facet, code)) : std::string());
    out.push_back(o);
  }
  return out;
}

std::string ValueText(const Site& site, std::string_view lang, std::string_view kind,
                      const std::string& value) {
  if (kind == "topics") return Label(site, lang, "topic", value);
  if (kind == "activity_type" || kind == "activity_types") {
    return Label(site, lang, "activity_type", value);
  }
  if (kind == "skills") return Label(site, lang, "skill", value);
  if (kind == "destination" || kind == "residence") {
    if (value == "any") return site.T(lang, Message("search.any_country"));
    return Label(site, lang, "country", value);
  }
  if (kind == "languages") {
    const auto colon = value.find(':');
    return Label(site, lang, "language", value.substr(0, colon)) + " " +
           (colon == std::string::npos ? std::string() : value.substr(colon + 1));
  }
  if (kind == "availability") {
    const auto slash = value.find('/');
    auto from = ParseIsoDate(value.substr(0, slash));
    auto to = slash == std::string::npos ? std::nullopt : ParseIsoDate(value.substr(slash + 1));
    if (from && to)
      return i18n::FormatLongDate(lang, *from) + " – " + i18n::FormatLongDate(lang, *to);
  }
  return value;
}

std::string Joined(const Site& site, std::string_view lang, std::string_view kind,
                   const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += ValueText(site, lang, kind, v);
  }
  return out;
}

data HitView(const Site& site, std::string_view lang, const opportunities::Staff& staff,
             const search::Hit& h) {
  data row;
  row.set("reference", h.reference);
  row.set("name", h.given_name);
  row.set("url", SearchPath(staff) + "/" + h.reference);
  row.set("age", std::to_string(h.age));
  row.set("residence", Label(site, lang, "country", h.residence));
  std::vector<std::string> languages;
  languages.reserve(h.languages.size());
  for (const auto& l : h.languages) {
    languages.push_back(l.code + ":" + std::string(codes::LevelCode(l.level)));
  }
  row.set("languages", Joined(site, lang, "languages", languages));
  row.set("topics", Joined(site, lang, "topics", h.topics));
  row.set("activity_types", Joined(site, lang, "activity_types", h.activity_types));
  std::vector<std::string> periods;
  periods.reserve(h.availability.size());
  for (const auto& p : h.availability) {
    periods.push_back(FormatIsoDate(p.from) + "/" + FormatIsoDate(p.to));
  }
  row.set("availability", Joined(site, lang, "availability", periods));
  row.set("last_active", i18n::FormatLongDate(lang, h.last_active));
  row.set("has_score", h.score.has_value());
  row.set("score", h.score ? std::to_string(*h.score) : std::string());
  list reasons;
  for (const auto& r : h.reasons) {
    data reason;
    reason.set("matched", r.matched);
    reason.set("label", site.T(lang, Message("search.reason." + r.kind)));
    reason.set("values", Joined(site, lang, r.kind, r.matched_values));
    reason.set("has_values", !r.matched_values.empty());
    reason.set("missing", Joined(site, lang, r.kind, r.missing_values));
    reason.set("has_missing", !r.missing_values.empty());
    reason.set("weight", r.weight > 0 ? std::to_string(r.weight) : std::string());
    reason.set("scored", r.weight > 0);
    reasons.push_back(reason);
  }
  row.set("reasons", reasons);
  return row;
}

http::Response ShowSearch(CandidateSearchDeps& d, const http::Request& request) {
  StaffPage e = Enter(d, request, false);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, Message("search.title")));
  page.set("action", SearchPath(e.staff));
  page.set("searches_url", "/organisations/" + e.staff.oid + "/searches");
  const std::string done = request.QueryParam("done").value_or("");
  if (done == "shortlisted" || done == "saved") {
    page.set("done_text", d.site.T(lang, Message("search.done." + done)));
  }
  const std::string shortlist_error = request.QueryParam("shortlist_error").value_or("");
  if (shortlist_error == "none_selected" || shortlist_error == "not_found") {
    page.set("shortlist_error",
             d.site.T(lang, Message("search.shortlist_error." + shortlist_error)));
  }

  auto form = http::ParseUrlEncoded(request.query);
  if (!form) return d.site.RenderError(request, form.error());
  const auto pairs = QueryPairs(*form);
  page.set("query_string", Encode(pairs));
  auto parsed = search::ParseQuery(pairs);
  std::optional<search::Found> found;
  search::ParsedQuery query;
  int status = 200;
  if (!parsed) {
    status = 400;
    d.site.AddFormErrors(page, lang, Localised(d.site, lang, WithFormFields(parsed.error())));
    // The form comes back as it was sent, less the values in error, so that the person
    // corrects one field rather than filling in everything again.
    auto kept = pairs;
    std::erase_if(kept, [&](const auto& p) {
      return std::any_of(parsed.error().fields.begin(), parsed.error().fields.end(),
                         [&](const FieldError& f) { return f.field == p.first; });
    });
    if (auto again = search::ParseQuery(kept)) query = std::move(*again);
  } else {
    query = *parsed;
    query.query.facets = {"residence",      "destinations", "topics",
                          "activity_types", "skills",       "languages"};
    if (!d.searches.Allow("search:" + e.staff.oid)) {
      auto r = d.site.RenderError(request, TooManyRequests(Message("error.search.rate_limited")));
      r.headers.Set("Retry-After", "60");
      return r;
    }
    auto result = d.search.Find(e.staff, query);
    if (!result) {
      if (result.error().code != ErrorCode::kInvalidInput) {
        return d.site.RenderError(request, result.error());
      }
      d.site.AddFormErrors(page, lang, Localised(d.site, lang, WithFormFields(result.error())));
      status = 400;
    } else {
      found = std::move(*result);
    }
  }
  const search::Query& q = query.query;
  const search::Results* results = found ? &found->results : nullptr;

  // The form, as it was submitted.
  // Of some 250 countries, those where someone matching lives (or that are ticked).
  std::vector<std::string_view> residences;
  for (const auto code : codes::Countries()) {
    const bool ticked =
        std::find(q.residence.begin(), q.residence.end(), code) != q.residence.end();
    if (ticked || (results != nullptr && CountOf(*results, "residence", code) > 0)) {
      residences.push_back(code);
    }
  }
  page.set("residence_boxes", FacetBoxes(d.site, lang, "residence", "country", residences,
                                         q.residence, results, "residence"));
  page.set("topic_boxes", FacetBoxes(d.site, lang, "topics", "topic", codes::Topics(), q.topics,
                                     results, "topics"));
  page.set("type_boxes",
           FacetBoxes(d.site, lang, "activity_types", "activity_type", codes::ActivityTypes(),
                      q.activity_types, results, "activity_types"));
  page.set("skill_boxes", FacetBoxes(d.site, lang, "skills", "skill", codes::Skills(), q.skills,
                                     results, "skills"));
  const std::string destination = q.destinations.empty() ? "" : q.destinations.front();
  page.set("destination_options", CountryOptions(d.site, lang, {destination}, true));
  const codes::LanguageLevel* wanted = q.languages.empty() ? nullptr : &q.languages.front();
  page.set("language_options",
           LanguageOptions(d.site, lang, wanted ? wanted->code : std::string(), false));
  page.set("level_options",
           LevelOptions(d.site, lang, wanted ? codes::LevelCode(wanted->level) : "B1"));
  auto date_value = [](const std::optional<Date>& v) { return v ? FormatIsoDate(*v) : ""; };
  page.set("available_from", date_value(q.available_from));
  page.set("available_to", date_value(q.available_to));
  page.set("age_min", q.age_min ? std::to_string(*q.age_min) : "");
  page.set("age_max", q.age_max ? std::to_string(*q.age_max) : "");
  page.set("age_at", date_value(q.age_at));
  std::string words;
  for (const auto& w : q.words) words += (words.empty() ? "" : " ") + w;
  page.set("q", words);
  if (!parsed) {
    // What was typed into the text fields, as typed (also the values in error), to correct.
    for (const char* name :
         {"q", "age_min", "age_max", "age_at", "available_from", "available_to"}) {
      if (auto typed = form->First(name)) page.set(name, *typed);
    }
  }
  std::vector<std::pair<std::string, std::string>> active{
      {"", d.site.T(lang, Message("search.active.any"))}};
  for (int days : kActiveChoices) {
    active.emplace_back(
        std::to_string(days),
        d.site.T(lang, Message("search.active.within", {{"days", std::to_string(days)}})));
  }
  page.set(
      "active_options",
      SelectOptions(active, {q.active_within_days ? std::to_string(*q.active_within_days) : ""},
                    false, false));
  // The organisation's own opportunities, to rank by and to shortlist into.
  auto own = d.opportunities.OfOrganisation(e.staff);
  if (!own) return d.site.RenderError(request, own.error());
  std::vector<std::pair<std::string, std::string>> choices{
      {"", d.site.T(lang, Message("search.no_opportunity"))}};
  std::vector<std::pair<std::string, std::string>> shortlist_choices;
  for (const auto& o : *own) {
    choices.emplace_back(std::to_string(o.id), o.title);
    if (o.status != opportunities::Status::kClosed) {
      shortlist_choices.emplace_back(std::to_string(o.id), o.title);
    }
  }
  const std::string chosen = query.opportunity ? std::to_string(*query.opportunity) : "";
  page.set("opportunity_options", SelectOptions(choices, {chosen}, false, false));
  page.set("shortlist_options", SelectOptions(shortlist_choices, {chosen}, false, false));
  page.set("can_shortlist", !shortlist_choices.empty());
  page.set("favour_inclusion", query.favour_inclusion);
  std::vector<std::pair<std::string, std::string>> sorts{
      {"relevance", d.site.T(lang, Message("search.sort.relevance"))},
      {"match", d.site.T(lang, Message("search.sort.match"))},
      {"last_active", d.site.T(lang, Message("search.sort.last_active"))}};
  const std::string sort = q.sort == search::Sort::kMatch        ? "match"
                           : q.sort == search::Sort::kLastActive ? "last_active"
                                                                 : "relevance";
  page.set("sort_options", SelectOptions(sorts, {sort}, false, false));

  // The results.
  page.set("searched", results != nullptr);
  page.set("has_results", results != nullptr && !results->hits.empty());
  page.set("ranked", found && found->opportunity.has_value());
  page.set("ranked_by", found && found->opportunity ? found->opportunity->title : "");
  list hits;
  if (results != nullptr) {
    page.set("total_text",
             d.site.T(lang, Message("search.total", {{"count", std::to_string(results->total)}})));
    for (const auto& h : results->hits) hits.push_back(HitView(d.site, lang, e.staff, h));
    const std::string path = SearchPath(e.staff);
    const int offset = q.offset;
    const bool more =
        static_cast<uint64_t>(offset) + static_cast<uint64_t>(q.limit) < results->total &&
        offset + q.limit <= search::kMaxOffset;
    // Only set when there is such a page: an empty string would still open the section.
    if (more) page.set("next_url", PageUrl(path, pairs, offset + q.limit));
    if (offset > 0) page.set("prev_url", PageUrl(path, pairs, std::max(0, offset - q.limit)));
    page.set("past_end", results->hits.empty() && results->total > 0);
    page.set(
        "range_text",
        d.site.T(lang, Message("search.range",
                               {{"from", std::to_string(results->hits.empty() ? 0 : offset + 1)},
                                {"to", std::to_string(offset + results->hits.size())}})));
  } else {
    page.set("total_text", "");
    page.set("range_text", "");
    page.set("past_end", false);
  }
  page.set("hits", hits);
  return d.site.Render("pages/organisation/candidates", lang, page, status);
}

http::Response PostShortlist(CandidateSearchDeps& d, const http::Request& request) {
  StaffPage e = Enter(d, request, true);
  if (e.response) return std::move(*e.response);
  const std::string back = e.form.Get("return_query");
  std::vector<std::string> references;
  for (const auto& [name, value] : e.form.pairs()) {
    if (name == "selected") references.push_back(value);
  }
  const auto id = ParseInt(e.form.Get("shortlist_opportunity"));
  if (!id || *id <= 0) {
    return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  }
  // Back to the same results, which the query string (from our own page, percent-encoded)
  // describes; anything else in it is dropped.
  const bool plain = std::all_of(back.begin(), back.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '#' && c != '\\';
  });
  const std::string results =
      SearchPath(e.staff) + "?" + (plain && !back.empty() ? back + "&" : "");
  if (references.empty()) return Redirect(results + "shortlist_error=none_selected#results-title");
  auto added = d.search.Shortlist(e.staff, *id, references);
  if (!added) {
    if (added.error().message.key == "error.search.person_not_found") {
      return Redirect(results + "shortlist_error=not_found#results-title");
    }
    const std::string lang = d.site.Language(request);
    return d.site.RenderError(request, Localised(d.site, lang, added.error()));
  }
  return Redirect(results + "done=shortlisted");
}

search::Owner OwnerOf(const Site& site, const http::Request& request, const StaffPage& e) {
  return {e.staff.oid, e.viewer->person->id, e.viewer->person->email, site.Language(request)};
}

std::string SavedPath(const opportunities::Staff& staff) {
  return "/organisations/" + staff.oid + "/searches";
}

http::Response RenderSaved(CandidateSearchDeps& d, const http::Request& request, StaffPage& e,
                           const Error* error) {
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, Message("saved.title")));
  page.set("search_url", SearchPath(e.staff));
  if (error != nullptr) d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  const std::string done = request.QueryParam("done").value_or("");
  if (done == "saved" || done == "deleted" || done == "alert_on" || done == "alert_off") {
    page.set("done_text", d.site.T(lang, Message("saved.done." + done)));
  }
  auto saved = d.saved.List(OwnerOf(d.site, request, e));
  if (!saved) return d.site.RenderError(request, saved.error());
  list rows;
  for (const auto& s : *saved) {
    data row;
    row.set("name", s.name);
    row.set("run_url", SearchPath(e.staff) + (s.query.empty() ? "" : "?" + s.query));
    row.set("alert", s.alert);
    row.set("alert_url", SavedPath(e.staff) + "/" + std::to_string(s.id) + "/alert");
    row.set("delete_url", SavedPath(e.staff) + "/" + std::to_string(s.id) + "/delete");
    row.set("created", i18n::FormatLongDate(lang, DateOf(s.created_at)));
    row.set("last_alert", s.last_alert_at ? i18n::FormatLongDate(lang, DateOf(*s.last_alert_at))
                                          : d.site.T(lang, Message("saved.never")));
    rows.push_back(row);
  }
  page.set("saved", rows);
  page.set("has_saved", !saved->empty());
  return d.site.Render("pages/organisation/searches", lang, page,
                       error != nullptr ? StatusFor(error->code) : 200);
}

}  // namespace

void AddCandidateSearchPages(http::Router& router, CandidateSearchDeps& deps) {
  router.Get("/organisations/{oid}/candidates",
             [&deps](http::Request& r) { return ShowSearch(deps, r); });
  router.Post("/organisations/{oid}/candidates/shortlist",
              [&deps](http::Request& r) { return PostShortlist(deps, r); });
  router.Get("/organisations/{oid}/searches", [&deps](http::Request& r) {
    StaffPage e = Enter(deps, r, false);
    if (e.response) return std::move(*e.response);
    return RenderSaved(deps, r, e, nullptr);
  });
  router.Post("/organisations/{oid}/searches", [&deps](http::Request& r) {
    StaffPage e = Enter(deps, r, true);
    if (e.response) return std::move(*e.response);
    auto saved = deps.saved.Save(OwnerOf(deps.site, r, e), e.form.Get("name"), e.form.Get("query"),
                                 e.form.Get("alert") == "1");
    if (!saved) {
      if (saved.error().code != ErrorCode::kInvalidInput) {
        return deps.site.RenderError(r, saved.error());
      }
      return RenderSaved(deps, r, e, &saved.error());
    }
    return Redirect(SavedPath(e.staff) + "?done=saved");
  });
  router.Post("/organisations/{oid}/searches/{id}/alert", [&deps](http::Request& r) {
    StaffPage e = Enter(deps, r, true);
    if (e.response) return std::move(*e.response);
    const auto id = IdParam(r, "id");
    if (!id) return deps.site.RenderError(r, NotFound(Message("error.saved.not_found")));
    const bool on = e.form.Get("alert") == "1";
    auto set = deps.saved.SetAlert(OwnerOf(deps.site, r, e), *id, on);
    if (!set) {
      if (set.error().code != ErrorCode::kInvalidInput)
        return deps.site.RenderError(r, set.error());
      return RenderSaved(deps, r, e, &set.error());
    }
    return Redirect(SavedPath(e.staff) + (on ? "?done=alert_on" : "?done=alert_off"));
  });
  router.Post("/organisations/{oid}/searches/{id}/delete", [&deps](http::Request& r) {
    StaffPage e = Enter(deps, r, true);
    if (e.response) return std::move(*e.response);
    const auto id = IdParam(r, "id");
    if (!id) return deps.site.RenderError(r, NotFound(Message("error.saved.not_found")));
    auto deleted = deps.saved.Delete(OwnerOf(deps.site, r, e), *id);
    if (!deleted) return deps.site.RenderError(r, deleted.error());
    return Redirect(SavedPath(e.staff) + "?done=deleted");
  });
  // The suggestions for an opportunity are the search ranked by it.
  router.Get("/organisations/{oid}/opportunities/{id}/suggestions", [&deps](http::Request& r) {
    StaffPage e = Enter(deps, r, false);
    if (e.response) return std::move(*e.response);
    const auto id = IdParam(r, "id");
    if (!id) return deps.site.RenderError(r, NotFound(Message("error.opportunity.not_found")));
    return Redirect(SearchPath(e.staff) + "?opportunity=" + std::to_string(*id) + "&sort=match");
  });
}

}  // namespace pass::web
