#include "api/opportunities.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <expected>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/staff.h"
#include "codes/codes.h"
#include "core/clock.h"
#include "core/fields.h"
#include "core/strings.h"
#include "http/form.h"
#include "registry/registry.h"

namespace pass::api {

namespace {

using Out = nlohmann::ordered_json;
using In = nlohmann::json;
using opportunities::Opportunity;

// Deeper than any field needs: the body, `languages`, one language is 3.
constexpr int kMaxDepth = 8;
constexpr int kMaxPage = 1000000;
constexpr int kMaxPerPage = 100;
constexpr int kDefaultPerPage = 20;
constexpr std::string_view kAnyCountry = "any";

// Text from the database is valid UTF-8; should it ever not be, the answer is still JSON.
std::string Dump(const Out& json) {
  return json.dump(-1, ' ', false, Out::error_handler_t::replace);
}

Out DateOrNull(const std::optional<Date>& date) {
  return date ? Out(FormatIsoDate(*date)) : Out(nullptr);
}

Out ToJson(const Opportunity& o) {
  Out languages = Out::array();
  for (const auto& l : o.languages) {
    languages.push_back({{"code", l.code}, {"level", codes::LevelCode(l.level)}});
  }
  Out residence = Out::array();
  if (o.eligible_residence.empty()) {
    residence.push_back(kAnyCountry);
  } else {
    for (const auto& c : o.eligible_residence) residence.push_back(c);
  }
  Out j;
  j["id"] = o.id;
  j["organisation"] = {{"oid", o.oid}, {"name", o.organisation_name}};
  j["title"] = o.title;
  j["description"] = o.description;
  j["activity_type"] = o.activity_type;
  j["topics"] = o.topics;
  j["country"] = o.country;
  j["town"] = o.town;
  j["start_date"] = DateOrNull(o.start_date);
  j["end_date"] = DateOrNull(o.end_date);
  j["places"] = o.places;
  j["application_deadline"] = DateOrNull(o.application_deadline);
  j["eligible_residence"] = std::move(residence);
  j["languages"] = std::move(languages);
  j["languages_required"] = o.languages_required;
  j["skills"] = o.skills;
  j["skills_required"] = o.skills_required;
  j["requirement_reason"] = o.requirement_reason;
  j["participant_profile"] = o.participant_profile;
  j["practical_arrangements"] = o.practical_arrangements;
  j["training"] = o.training;
  j["contact_person"] = o.contact_person;
  j["grant_reference"] = o.grant_reference;
  j["asks_cv"] = o.asks_cv;
  j["asks_motivation"] = o.asks_motivation;
  j["status"] = opportunities::StatusCode(o.status);
  j["published_at"] = o.published_at ? Out(FormatRfc3339(*o.published_at)) : Out(nullptr);
  j["url"] = "/opportunities/" + std::to_string(o.id);
  return j;
}

Message Range(int min, int max) {
  return Message("error.field.range", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
}

// Reads the fields of a body into an opportunity, collecting every problem.
class BodyReader {
 public:
  explicit BodyReader(std::vector<FieldError>& problems) : problems_(problems) {}

  void Read(const In& body, Opportunity& o) {
    for (const auto& [key, v] : body.items()) {
      if (key == "title") {
        Text(key, v, o.title);
      } else if (key == "description") {
        Text(key, v, o.description);
      } else if (key == "activity_type") {
        Text(key, v, o.activity_type);
      } else if (key == "topics") {
        Codes(key, v, o.topics);
      } else if (key == "country") {
        Text(key, v, o.country);
      } else if (key == "town") {
        Text(key, v, o.town);
      } else if (key == "start_date") {
        Day(key, v, o.start_date);
      } else if (key == "end_date") {
        Day(key, v, o.end_date);
      } else if (key == "places") {
        Places(key, v, o.places);
      } else if (key == "application_deadline") {
        Day(key, v, o.application_deadline);
      } else if (key == "eligible_residence") {
        Residence(key, v, o.eligible_residence);
      } else if (key == "languages") {
        Languages(key, v, o.languages);
      } else if (key == "languages_required") {
        Flag(key, v, o.languages_required);
      } else if (key == "skills") {
        Codes(key, v, o.skills);
      } else if (key == "skills_required") {
        Flag(key, v, o.skills_required);
      } else if (key == "requirement_reason") {
        Text(key, v, o.requirement_reason);
      } else if (key == "participant_profile") {
        Text(key, v, o.participant_profile);
      } else if (key == "practical_arrangements") {
        Text(key, v, o.practical_arrangements);
      } else if (key == "training") {
        Text(key, v, o.training);
      } else if (key == "contact_person") {
        Text(key, v, o.contact_person);
      } else if (key == "grant_reference") {
        Text(key, v, o.grant_reference);
      } else if (key == "asks_cv") {
        Flag(key, v, o.asks_cv);
      } else if (key == "asks_motivation") {
        Flag(key, v, o.asks_motivation);
      } else if (key == "status") {
        Status(key, v, o.status);
      } else if (key == "id") {
        Id(key, v, o.id);
      } else if (key == "organisation" || key == "published_at" || key == "url") {
        // Read-only: what a GET answered may be edited and sent back as it is.
      } else {
        problems_.push_back({key, Message("error.api.unknown_field")});
      }
    }
  }

 private:
  void Type(std::string field, std::string_view type) {
    problems_.push_back(
        {std::move(field), Message("error.api.type", {{"type", std::string(type)}})});
  }

  void Text(const std::string& field, const In& v, std::string& out) {
    if (!v.is_string()) return Type(field, "string");
    out = v.get<std::string>();
  }

  void Flag(const std::string& field, const In& v, bool& out) {
    if (!v.is_boolean()) return Type(field, "boolean");
    out = v.get<bool>();
  }

  void Places(const std::string& field, const In& v, int& out) {
    constexpr auto kMax = std::numeric_limits<int>::max();
    constexpr auto kMin = std::numeric_limits<int>::min();
    if (v.is_number_unsigned()) {
      const auto n = v.get<uint64_t>();
      if (n > static_cast<uint64_t>(kMax)) {
        problems_.push_back({field, Range(1, opportunities::kMaxPlaces)});
      } else {
        out = static_cast<int>(n);
      }
    } else if (v.is_number_integer()) {
      const auto n = v.get<int64_t>();
      if (n < kMin || n > kMax) {
        problems_.push_back({field, Range(1, opportunities::kMaxPlaces)});
      } else {
        out = static_cast<int>(n);
      }
    } else {
      // Fractions and numbers too large for any integer (which JSON parsers keep as floats).
      Type(field, "integer");
    }
  }

  void Day(const std::string& field, const In& v, std::optional<Date>& out) {
    if (v.is_null()) {
      out.reset();
      return;
    }
    if (!v.is_string()) return Type(field, "string or null");
    const auto date = ParseIsoDate(v.get_ref<const std::string&>());
    if (!date) {
      problems_.push_back({field, Message("error.field.date")});
      return;
    }
    out = *date;
  }

  void Codes(const std::string& field, const In& v, std::vector<std::string>& out) {
    if (!v.is_array()) return Type(field, "array of strings");
    out.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        Type(fields::Item(field, i), "string");
        continue;
      }
      out.push_back(v[i].get<std::string>());
    }
  }

  // Countries, or ["any"] for every one (the domain's empty list).
  void Residence(const std::string& field, const In& v, std::vector<std::string>& out) {
    std::vector<std::string> codes;
    const size_t before = problems_.size();
    Codes(field, v, codes);
    if (problems_.size() != before) return;
    const auto any = std::count(codes.begin(), codes.end(), kAnyCountry);
    if (codes.empty()) {
      problems_.push_back({field, Message("error.api.residence_empty")});
    } else if (any > 0 && codes.size() > 1) {
      problems_.push_back({field, Message("error.field.destinations_any")});
    } else if (any > 0) {
      out.clear();
    } else {
      out = std::move(codes);
    }
  }

  void Languages(const std::string& field, const In& v, std::vector<codes::LanguageLevel>& out) {
    if (!v.is_array()) return Type(field, "array of objects");
    out.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      const In& item = v[i];
      if (!item.is_object()) {
        Type(fields::Item(field, i), "object");
        continue;
      }
      codes::LanguageLevel language;
      bool complete = true;
      for (const char* member : {"code", "level"}) {
        if (!item.contains(member)) {
          problems_.push_back({fields::Item(field, i, member), Message("error.field.required")});
          complete = false;
        }
      }
      for (const auto& [key, x] : item.items()) {
        const std::string name = fields::Item(field, i, key);
        if (key != "code" && key != "level") {
          problems_.push_back({name, Message("error.api.unknown_field")});
          complete = false;
        } else if (!x.is_string()) {
          Type(name, "string");
          complete = false;
        } else if (key == "code") {
          language.code = x.get<std::string>();
        } else if (const auto level = codes::ParseLevel(x.get_ref<const std::string&>())) {
          language.level = *level;
        } else {
          problems_.push_back(
              {name, Message("error.field.level", {{"value", x.get<std::string>()}})});
          complete = false;
        }
      }
      if (complete) out.push_back(std::move(language));
    }
  }

  void Status(const std::string& field, const In& v, opportunities::Status& out) {
    if (!v.is_string()) return Type(field, "string");
    const auto status = opportunities::ParseStatus(v.get_ref<const std::string&>());
    if (!status) {
      problems_.push_back({field, Message("error.api.status", {{"value", v.get<std::string>()}})});
      return;
    }
    out = *status;
  }

  void Id(const std::string& field, const In& v, int64_t& out) {
    if (v.is_null()) return;
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      out = static_cast<int64_t>(v.get<uint64_t>());
    } else if (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() > 0) {
      out = v.get<int64_t>();
    } else {
      Type(field, "integer");
    }
  }

  std::vector<FieldError>& problems_;
};

Result<Opportunity> ParseBody(std::string_view body) {
  bool too_deep = false;
  std::vector<std::set<std::string>> keys;  // of each object open while parsing
  std::vector<std::string> repeated;
  const In::parser_callback_t watch = [&](int depth, In::parse_event_t event, In& parsed) {
    switch (event) {
      case In::parse_event_t::object_start:
        if (depth >= kMaxDepth) too_deep = true;
        keys.emplace_back();
        break;
      case In::parse_event_t::array_start:
        if (depth >= kMaxDepth) too_deep = true;
        break;
      case In::parse_event_t::key:
        if (!keys.empty() && parsed.is_string() &&
            !keys.back().insert(parsed.get<std::string>()).second) {
          repeated.push_back(parsed.get<std::string>());
        }
        break;
      case In::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  const In doc = In::parse(body.begin(), body.end(), watch, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(InvalidInput(Message("error.api.invalid_json")));
  if (too_deep) return Fail(InvalidInput(Message("error.api.too_deep")));
  if (!doc.is_object()) return Fail(InvalidInput(Message("error.api.not_object")));
  std::vector<FieldError> problems;
  problems.reserve(repeated.size());
  for (auto& name : repeated) problems.push_back({std::move(name), Message("error.api.repeated")});
  Opportunity o;
  BodyReader(problems).Read(doc, o);
  if (!problems.empty()) {
    return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
  }
  return o;
}

// --- HTTP

// An error answer in the API's one shape, for statuses without an ErrorCode (413, 415).
http::Response JsonError(const web::Site& site, const http::Request& request, int status,
                         std::string_view code, const Message& message) {
  const std::string lang = site.Language(request);
  const nlohmann::json body = {{"error",
                                {{"code", code},
                                 {"message", site.T(lang, message)},
                                 {"fields", nlohmann::json::object()},
                                 {"request_id", request.request_id}}}};
  return http::Response::Json(status, body.dump());
}

// The body of a POST or PUT: JSON, at most kMaxOpportunityBody bytes.
Result<Opportunity> ReadBody(const web::Site& site, const http::Request& request,
                             std::optional<http::Response>& refused) {
  if (request.body.size() > kMaxOpportunityBody) {
    refused = JsonError(
        site, request, 413, "payload_too_large",
        Message("error.api.too_large", {{"max", std::to_string(kMaxOpportunityBody / 1024)}}));
    return Fail(InvalidInput(Message("error.api.too_large")));
  }
  const auto type = request.headers.Get("Content-Type");
  const std::string media =
      type ? AsciiLower(Trim(type->substr(0, type->find(';')))) : std::string();
  if (media != "application/json") {
    refused =
        JsonError(site, request, 415, "unsupported_media_type", Message("error.api.media_type"));
    return Fail(InvalidInput(Message("error.api.media_type")));
  }
  return OpportunityFromJson(request.body);
}

http::Response OpportunityResponse(int status, const Opportunity& o) {
  return http::Response::Json(status, OpportunityJson(o));
}

// --- the public list

struct ListQuery {
  opportunities::Filter filter;
  int page = 1;
  int per_page = kDefaultPerPage;
};

constexpr std::string_view kListParameters[] = {"page",       "per_page",      "country", "town",
                                                "topic",      "activity_type", "from",    "to",
                                                "open_until", "organisation",  "sort"};

std::optional<int> ParseCount(std::string_view text, int min, int max) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max) {
    return std::nullopt;
  }
  return n;
}

Result<ListQuery> ParseListQuery(std::string_view query) {
  PASS_TRY(form, http::ParseUrlEncoded(query));
  std::vector<FieldError> problems;
  std::set<std::string> seen;
  for (const auto& [name, value] : form->pairs()) {
    const bool known = std::find(std::begin(kListParameters), std::end(kListParameters), name) !=
                       std::end(kListParameters);
    if (!known) {
      problems.push_back({name, Message("error.api.unknown_field")});
    } else if (!seen.insert(name).second) {
      problems.push_back({name, Message("error.api.repeated")});
    }
  }
  // An empty value filters nothing, as an empty form field does.
  auto given = [&form](std::string_view name) -> std::optional<std::string> {
    const auto value = form->First(name);
    if (!value || Trim(*value).empty()) return std::nullopt;
    return std::string(Trim(*value));
  };
  ListQuery q;
  if (const auto v = given("page")) {
    if (const auto n = ParseCount(*v, 1, kMaxPage)) {
      q.page = *n;
    } else {
      problems.push_back({"page", Range(1, kMaxPage)});
    }
  }
  if (const auto v = given("per_page")) {
    if (const auto n = ParseCount(*v, 1, kMaxPerPage)) {
      q.per_page = *n;
    } else {
      problems.push_back({"per_page", Range(1, kMaxPerPage)});
    }
  }
  if (const auto v = given("country")) {
    if (const auto code = codes::NormaliseCountry(*v)) {
      q.filter.country = *code;
    } else {
      problems.push_back({"country", Message("error.field.country", {{"value", *v}})});
    }
  }
  if (const auto v = given("town")) {
    fields::CheckLine(problems, "town", *v, false, opportunities::kMaxLineLength);
    q.filter.town = *v;
  }
  if (const auto v = given("topic")) {
    if (codes::IsTopic(*v)) {
      q.filter.topic = *v;
    } else {
      problems.push_back({"topic", Message("error.field.topic", {{"value", *v}})});
    }
  }
  if (const auto v = given("activity_type")) {
    if (codes::IsActivityType(*v)) {
      q.filter.activity_type = *v;
    } else {
      problems.push_back({"activity_type", Message("error.field.activity_type", {{"value", *v}})});
    }
  }
  for (const auto& [name, date] : {std::pair{"from", &q.filter.from}, std::pair{"to", &q.filter.to},
                                   std::pair{"open_until", &q.filter.open_until}}) {
    if (const auto v = given(name)) {
      *date = ParseIsoDate(*v);
      if (!*date) problems.push_back({name, Message("error.field.date")});
    }
  }
  if (q.filter.from && q.filter.to && *q.filter.to < *q.filter.from) {
    problems.push_back({"to", Message("error.field.ends_before_start")});
  }
  if (const auto v = given("organisation")) {
    if (registry::IsValidOid(*v)) {
      q.filter.oid = *v;
    } else {
      problems.push_back({"organisation", Message("error.field.oid", {{"value", *v}})});
    }
  }
  if (const auto v = given("sort")) {
    if (*v == "newest") {
      q.filter.newest_first = true;
    } else if (*v != "deadline") {
      problems.push_back({"sort", Message("error.api.sort", {{"value", *v}})});
    }
  }
  if (!problems.empty()) {
    return Fail(InvalidInput(Message("error.api.invalid_query"), std::move(problems)));
  }
  return q;
}

// The list's URL for another page, with the same filters.
std::string ListUrl(const ListQuery& q, int page) {
  std::string url = "/api/v1/opportunities?";
  auto add = [&url](std::string_view name, std::string_view value) {
    url += std::string(name) + "=" + http::PercentEncode(value) + "&";
  };
  const opportunities::Filter& f = q.filter;
  if (!f.country.empty()) add("country", f.country);
  if (!f.town.empty()) add("town", f.town);
  if (!f.topic.empty()) add("topic", f.topic);
  if (!f.activity_type.empty()) add("activity_type", f.activity_type);
  if (f.from) add("from", FormatIsoDate(*f.from));
  if (f.to) add("to", FormatIsoDate(*f.to));
  if (f.open_until) add("open_until", FormatIsoDate(*f.open_until));
  if (!f.oid.empty()) add("organisation", f.oid);
  if (f.newest_first) add("sort", "newest");
  add("page", std::to_string(page));
  url += "per_page=" + std::to_string(q.per_page);
  return url;
}

}  // namespace

std::string OpportunityJson(const Opportunity& opportunity) { return Dump(ToJson(opportunity)); }

Result<Opportunity> OpportunityFromJson(std::string_view body) {
  try {
    return ParseBody(body);
  } catch (const std::exception& e) {
    // The parser is asked not to throw; this is for whatever it still might (memory).
    return Fail(InvalidInput(Message("error.api.invalid_json")).WithDetail(e.what()));
  }
}

void AddOpportunityApi(http::Router& router, const web::Site& site, const web::Gate& gate,
                       opportunities::Service& opportunities) {
  constexpr std::string_view kList = "/api/v1/organisations/{oid}/opportunities";
  constexpr std::string_view kOne = "/api/v1/organisations/{oid}/opportunities/{id}";

  router.Get(kList, [&site, &gate, &opportunities](http::Request& request) {
    auto staff = StaffFor(site, gate, request);
    if (!staff) return std::move(staff.error());
    auto list = opportunities.OfOrganisation(*staff);
    if (!list) return site.RenderError(request, list.error());
    Out items = Out::array();
    for (const Opportunity& o : *list) items.push_back(ToJson(o));
    return http::Response::Json(200, Dump(Out{{"items", std::move(items)}}));
  });

  router.Post(kList, [&site, &gate, &opportunities](http::Request& request) {
    auto staff = StaffFor(site, gate, request);
    if (!staff) return std::move(staff.error());
    std::optional<http::Response> refused;
    auto o = ReadBody(site, request, refused);
    if (refused) return std::move(*refused);
    if (!o) return site.RenderError(request, o.error());
    auto created = opportunities.Create(*staff, std::move(*o));
    if (!created) return site.RenderError(request, created.error());
    auto response = OpportunityResponse(201, *created);
    response.headers.Set("Location", "/api/v1/organisations/" + staff->oid + "/opportunities/" +
                                         std::to_string(created->id));
    return response;
  });

  router.Get(kOne, [&site, &gate, &opportunities](http::Request& request) {
    auto staff = StaffFor(site, gate, request);
    if (!staff) return std::move(staff.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
    auto o = opportunities.Get(*staff, *id);
    if (!o) return site.RenderError(request, o.error());
    return OpportunityResponse(200, *o);
  });

  router.Add(http::Method::kPut, kOne, [&site, &gate, &opportunities](http::Request& request) {
    auto staff = StaffFor(site, gate, request);
    if (!staff) return std::move(staff.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
    std::optional<http::Response> refused;
    auto o = ReadBody(site, request, refused);
    if (refused) return std::move(*refused);
    if (!o) return site.RenderError(request, o.error());
    if (o->id != 0 && o->id != *id) {
      return site.RenderError(request, InvalidInput(Message("error.form.invalid"),
                                                    {{"id", Message("error.api.id_mismatch")}}));
    }
    o->id = *id;
    auto updated = opportunities.Update(*staff, std::move(*o));
    if (!updated) return site.RenderError(request, updated.error());
    return OpportunityResponse(200, *updated);
  });

  // Public: what young people may apply to today.
  router.Get("/api/v1/opportunities", [&site, &opportunities](http::Request& request) {
    auto query = ParseListQuery(request.query);
    if (!query) return site.RenderError(request, query.error());
    auto page = opportunities.Browse(query->filter, query->page, query->per_page);
    if (!page) return site.RenderError(request, page.error());
    Out items = Out::array();
    for (const Opportunity& o : page->items) items.push_back(ToJson(o));
    const bool more = int64_t{query->page} * query->per_page < page->total;
    Out body;
    body["items"] = std::move(items);
    body["page"] = query->page;
    body["per_page"] = query->per_page;
    body["total"] = page->total;
    body["next"] = more ? Out(ListUrl(*query, query->page + 1)) : Out(nullptr);
    return http::Response::Json(200, Dump(body));
  });
}

}  // namespace pass::api
