#include "api/offers.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/staff.h"
#include "core/strings.h"
#include "crypto/crypto.h"
#include "http/form.h"

namespace pass::api {

namespace {

using Out = nlohmann::ordered_json;
using offers::Offer;

constexpr size_t kMaxOfferBody = size_t{16} * 1024;
constexpr int kDefaultFeedLimit = 100;
constexpr int kMaxFeedLimit = 1000;

std::string Dump(const Out& json) {
  return json.dump(-1, ' ', false, Out::error_handler_t::replace);
}

Out OptionalTime(const std::optional<Timestamp>& t) {
  return t ? Out(FormatRfc3339(*t)) : Out(nullptr);
}

Out OfferOut(const Offer& o, bool for_staff) {
  Out j;
  j["id"] = o.id;
  j["state"] = offers::StateCode(o.state);
  j["organisation"] = {{"oid", o.oid}, {"name", o.organisation_name}};
  j["opportunity"] = {{"id", o.opportunity_id},
                      {"title", o.title},
                      {"activity_type", o.activity_type},
                      {"country", o.country},
                      {"town", o.town}};
  j["grant_reference"] = o.grant_reference;
  j["participant_reference"] = o.reference;
  j["given_name"] = o.given_name;
  // Contact data only once the person accepted (F13): before, the organisation writes through
  // the portal.
  if (!for_staff || o.decided_at.has_value() && (o.state == offers::State::kAccepted ||
                                                 o.state == offers::State::kCancelled)) {
    j["family_name"] = o.family_name;
    j["email"] = o.email;
  }
  j["start_date"] = FormatIsoDate(o.start_date);
  j["end_date"] = FormatIsoDate(o.end_date);
  j["answer_by"] = FormatIsoDate(o.answer_by);
  j["message"] = o.message;
  j["reason"] = o.reason;
  if (!o.cancelled_by.empty()) j["cancelled_by"] = o.cancelled_by;
  j["cross_border"] = o.cross_border;
  j["sent_at"] = OptionalTime(o.sent_at);
  j["decided_at"] = OptionalTime(o.decided_at);
  j["cancelled_at"] = OptionalTime(o.cancelled_at);
  if (o.state == offers::State::kAccepted) {
    j["placement"] = {
        {"outcome",
         o.outcome == offers::Outcome::kNone ? Out(nullptr) : Out(offers::OutcomeCode(o.outcome))},
        {"actual_end", o.actual_end ? Out(FormatIsoDate(*o.actual_end)) : Out(nullptr)},
        {"end_reason", o.end_reason},
        {"certificate_issued_at", OptionalTime(o.certificate_issued_at)},
        {"too_late_for_insurance_transfer", offers::TooLateForTransfer(o)}};
  }
  return j;
}

// An error answer in the API's one shape for statuses without an ErrorCode (413, 415).
http::Response JsonError(const web::Site& site, const http::Request& request, int status,
                         std::string_view code, const Message& message) {
  const std::string lang = site.Language(request);
  const Out body = {{"error",
                     {{"code", code},
                      {"message", site.T(lang, message)},
                      {"fields", Out::object()},
                      {"request_id", request.request_id}}}};
  return http::Response::Json(status, Dump(body));
}

// The request's JSON object, or the answer to send instead (413, 415, 400).
std::expected<nlohmann::json, http::Response> ReadObject(const web::Site& site,
                                                         const http::Request& request) {
  if (request.body.size() > kMaxOfferBody) {
    return std::unexpected(
        JsonError(site, request, 413, "payload_too_large",
                  Message("error.api.too_large", {{"max", std::to_string(kMaxOfferBody / 1024)}})));
  }
  if (request.body.empty()) return nlohmann::json::object();
  const auto type = request.headers.Get("Content-Type");
  const std::string media =
      type ? AsciiLower(Trim(type->substr(0, type->find(';')))) : std::string();
  if (media != "application/json") {
    return std::unexpected(
        JsonError(site, request, 415, "unsupported_media_type", Message("error.api.media_type")));
  }
  auto doc = nlohmann::json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::unexpected(site.RenderError(request, InvalidInput(Message("error.api.json"))));
  }
  return doc;
}

// Reads the named members; anything else, or a member of the wrong type, is a field error.
struct Reader {
  const nlohmann::json& doc;
  std::vector<FieldError>& problems;

  void Known(std::initializer_list<std::string_view> names) {
    for (const auto& [name, value] : doc.items()) {
      if (std::find(names.begin(), names.end(), name) == names.end())
        problems.push_back({name, Message("error.api.unknown_field")});
    }
  }
  std::string Text(const char* name, bool required) {
    if (!doc.contains(name) || doc[name].is_null()) {
      if (required) problems.push_back({name, Message("error.field.required")});
      return {};
    }
    if (!doc[name].is_string()) {
      problems.push_back({name, Message("error.api.type", {{"type", "text"}})});
      return {};
    }
    return doc[name].get<std::string>();
  }
  std::optional<Date> DateOf(const char* name, bool required) {
    const std::string text = Text(name, required);
    if (text.empty()) return std::nullopt;
    auto d = ParseIsoDate(text);
    if (!d) problems.push_back({name, Message("error.field.date")});
    return d;
  }
  int64_t Id(const char* name) {
    if (!doc.contains(name) || !doc[name].is_number_integer() || doc[name].get<int64_t>() <= 0) {
      problems.push_back({name, Message("error.api.type", {{"type", "a positive whole number"}})});
      return 0;
    }
    return doc[name].get<int64_t>();
  }
  bool Bool(const char* name, bool fallback) {
    if (!doc.contains(name)) return fallback;
    if (!doc[name].is_boolean()) {
      problems.push_back({name, Message("error.api.type", {{"type", "true or false"}})});
      return fallback;
    }
    return doc[name].get<bool>();
  }
};

http::Response Invalid(const web::Site& site, const http::Request& request,
                       std::vector<FieldError> problems) {
  return site.RenderError(request,
                          InvalidInput(Message("error.form.invalid"), std::move(problems)));
}

http::Response NoSuchOffer(const web::Site& site, const http::Request& request) {
  return site.RenderError(request, NotFound(Message("error.offer.not_found")));
}

http::Response Answer(const web::Site& site, const http::Request& request,
                      const Result<Offer>& result, bool for_staff, int status = 200) {
  if (!result) return site.RenderError(request, result.error());
  return http::Response::Json(status, Dump(OfferOut(*result, for_staff)));
}

http::Response List(const web::Site& site, const http::Request& request,
                    const Result<std::vector<Offer>>& result, bool for_staff) {
  if (!result) return site.RenderError(request, result.error());
  Out items = Out::array();
  for (const auto& o : *result) items.push_back(OfferOut(o, for_staff));
  return http::Response::Json(200, Dump(Out{{"offers", std::move(items)}}));
}

// The feed client named by the bearer key, or nothing.
std::optional<std::string> FeedClient(const OfferApiDeps& deps, const http::Request& request) {
  const auto header = request.headers.Get("Authorization");
  if (!header || !header->starts_with("Bearer ")) return std::nullopt;
  const std::string presented(Trim(header->substr(7)));
  // Compare digests in constant time, so neither length nor content leaks through timing.
  const std::string digest = crypto::Sha256(presented);
  for (const auto& [name, key] : deps.feed_keys) {
    if (crypto::ConstantTimeEquals(digest, crypto::Sha256(key))) return name;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseCount(std::string_view text) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

std::string OfferJson(const Offer& offer, bool for_staff) {
  return Dump(OfferOut(offer, for_staff));
}

void AddOfferApi(http::Router& router, OfferApiDeps& deps) {
  // --- staff
  router.Post("/api/v1/organisations/{oid}/offers", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    auto doc = ReadObject(deps.site, request);
    if (!doc) return std::move(doc.error());
    std::vector<FieldError> problems;
    Reader r{*doc, problems};
    r.Known({"opportunity_id", "participant_reference", "start_date", "end_date", "answer_by",
             "message", "send"});
    offers::Draft draft;
    draft.opportunity_id = r.Id("opportunity_id");
    draft.participant_reference = r.Text("participant_reference", true);
    draft.start_date = r.DateOf("start_date", false);
    draft.end_date = r.DateOf("end_date", false);
    draft.answer_by = r.DateOf("answer_by", false);
    draft.message = r.Text("message", false);
    const bool send = r.Bool("send", true);
    if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
    return Answer(deps.site, request, deps.offers.Create(*staff, draft, send), true, 201);
  });

  router.Get("/api/v1/organisations/{oid}/offers", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    return List(deps.site, request, deps.offers.OfOrganisation(*staff), true);
  });

  router.Get("/api/v1/organisations/{oid}/offers/{id}", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return NoSuchOffer(deps.site, request);
    return Answer(deps.site, request, deps.offers.Get(*staff, *id), true);
  });

  // send | withdraw | cancel | end
  router.Post("/api/v1/organisations/{oid}/offers/{id}/{action}", [&deps](http::Request& request) {
    auto staff = StaffFor(deps.site, deps.gate, request);
    if (!staff) return std::move(staff.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return NoSuchOffer(deps.site, request);
    auto doc = ReadObject(deps.site, request);
    if (!doc) return std::move(doc.error());
    std::vector<FieldError> problems;
    Reader r{*doc, problems};
    const std::string_view action = request.Param("action");
    if (action == "send") {
      r.Known({});
      if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
      return Answer(deps.site, request, deps.offers.Send(*staff, *id), true);
    }
    if (action == "withdraw" || action == "cancel") {
      r.Known({"reason"});
      std::string reason = r.Text("reason", false);
      if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
      return Answer(deps.site, request,
                    action == "withdraw" ? deps.offers.Withdraw(*staff, *id, std::move(reason))
                                         : deps.offers.Cancel(*staff, *id, std::move(reason)),
                    true);
    }
    if (action == "end") {
      r.Known({"outcome", "actual_end", "reason"});
      offers::End end;
      const std::string outcome = r.Text("outcome", true);
      const auto parsed = offers::ParseOutcome(outcome);
      if (!outcome.empty() && (!parsed || *parsed == offers::Outcome::kNone))
        problems.push_back({"outcome", Message("error.offer.outcome", {{"value", outcome}})});
      end.outcome = parsed.value_or(offers::Outcome::kNone);
      const auto actual = r.DateOf("actual_end", true);
      end.reason = r.Text("reason", false);
      if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
      end.actual_end = *actual;
      return Answer(deps.site, request, deps.offers.RecordEnd(*staff, *id, end), true);
    }
    return deps.site.RenderError(request, NotFound(Message("error.api.not_found")));
  });

  // --- the young person
  router.Get("/api/v1/me/offers", [&deps](http::Request& request) {
    auto me = ParticipantFor(deps.site, deps.gate, request);
    if (!me) return std::move(me.error());
    return List(deps.site, request, deps.offers.Mine(*me), false);
  });

  router.Get("/api/v1/me/offers/{id}", [&deps](http::Request& request) {
    auto me = ParticipantFor(deps.site, deps.gate, request);
    if (!me) return std::move(me.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return NoSuchOffer(deps.site, request);
    return Answer(deps.site, request, deps.offers.MyOffer(*me, *id), false);
  });

  // accept | decline | cancel
  router.Post("/api/v1/me/offers/{id}/{action}", [&deps](http::Request& request) {
    auto me = ParticipantFor(deps.site, deps.gate, request);
    if (!me) return std::move(me.error());
    const auto id = ParseId(request.Param("id"));
    if (!id) return NoSuchOffer(deps.site, request);
    auto doc = ReadObject(deps.site, request);
    if (!doc) return std::move(doc.error());
    std::vector<FieldError> problems;
    Reader r{*doc, problems};
    const std::string_view action = request.Param("action");
    if (action == "accept") {
      r.Known({});
      if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
      return Answer(deps.site, request, deps.offers.Accept(*me, *id), false);
    }
    if (action == "decline" || action == "cancel") {
      r.Known({"reason"});
      std::string reason = r.Text("reason", false);
      if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
      return Answer(deps.site, request,
                    action == "decline" ? deps.offers.Decline(*me, *id, std::move(reason))
                                        : deps.offers.CancelMine(*me, *id, std::move(reason)),
                    false);
    }
    return deps.site.RenderError(request, NotFound(Message("error.api.not_found")));
  });

  // --- the grant-management system (F20)
  router.Get("/api/v1/projects/{grant_reference}/participants", [&deps](http::Request& request) {
    const auto client = FeedClient(deps, request);
    if (!client) {
      auto response =
          deps.site.RenderError(request, Unauthenticated(Message("error.api.feed_key")));
      response.headers.Set("WWW-Authenticate", "Bearer realm=\"pass-feed\"");
      return response;
    }
    auto form = http::ParseUrlEncoded(request.query);
    if (!form) return deps.site.RenderError(request, form.error());
    std::vector<FieldError> problems;
    int64_t since = 0;
    int64_t limit = kDefaultFeedLimit;
    for (const auto& [name, value] : form->pairs()) {
      if (name == "since") {
        auto n = ParseCount(value);
        if (!n) problems.push_back({"since", Message("error.api.cursor")});
        since = n.value_or(0);
      } else if (name == "limit") {
        auto n = ParseCount(value);
        if (!n || *n < 1 || *n > kMaxFeedLimit) {
          problems.push_back(
              {"limit", Message("error.field.range",
                                {{"min", "1"}, {"max", std::to_string(kMaxFeedLimit)}})});
        }
        limit = n.value_or(kDefaultFeedLimit);
      } else {
        problems.push_back({name, Message("error.api.unknown_field")});
      }
    }
    if (!problems.empty()) return Invalid(deps.site, request, std::move(problems));
    const std::string grant(request.Param("grant_reference"));
    auto page = deps.offers.ProjectFeed(grant, since, static_cast<int>(limit));
    if (!page) return deps.site.RenderError(request, page.error());
    Out items = Out::array();
    for (const auto& item : page->items) {
      const Offer& o = item.offer;
      items.push_back(
          {{"cursor", item.cursor},
           {"participant_reference", o.reference},
           {"given_name", o.given_name},
           {"family_name", o.family_name},
           {"email", o.email},
           {"offer_id", o.id},
           {"offer_title", o.title},
           {"organisation_oid", o.oid},
           {"start_date", FormatIsoDate(o.start_date)},
           {"end_date", FormatIsoDate(o.end_date)},
           {"actual_end", o.actual_end ? Out(FormatIsoDate(*o.actual_end)) : Out(nullptr)},
           {"state", offers::StateCode(o.state)},
           {"outcome", o.outcome == offers::Outcome::kNone ? Out(nullptr)
                                                           : Out(offers::OutcomeCode(o.outcome))}});
    }
    auto response = http::Response::Json(200, Dump(Out{{"grant_reference", grant},
                                                       {"participants", std::move(items)},
                                                       {"next_cursor", page->next_cursor}}));
    response.headers.Set("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace pass::api
