#include "web/offer_pages.h"

#include <algorithm>

#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "pdf/document.h"
#include "web/form_view.h"
#include "web/staff_entry.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;
using offers::Offer;
using offers::State;

namespace {

std::string OffersPath(const opportunities::Staff& staff) {
  return "/organisations/" + staff.oid + "/offers";
}

std::string OfferPath(const opportunities::Staff& staff, int64_t id) {
  return OffersPath(staff) + "/" + std::to_string(id);
}

std::string LongDate(std::string_view lang, Date d) { return i18n::FormatLongDate(lang, d); }

// The checks as a list: rule, passed, the explanation in `lang` with names and long dates.
list ChecksView(const Site& site, std::string_view lang,
                const std::vector<eligibility::Check>& checks) {
  list out;
  for (const auto& c : checks) {
    data row;
    row.set("rule", c.rule);
    row.set("passed", c.passed);
    row.set("text", site.T(lang, Localised(site, lang, c.explanation)));
    out.push_back(row);
  }
  return out;
}

void AddChecks(const Site& site, std::string_view lang, Data& page,
               const std::vector<eligibility::Check>& checks) {
  page.set("checks", ChecksView(site, lang, checks));
  page.set("has_checks", !checks.empty());
  const auto refusals = eligibility::Refusals(checks);
  page.set("all_pass", refusals.empty());
  page.set("refusal_count", site.T(lang, Message("error.offer.refused",
                                                 {{"count", std::to_string(refusals.size())}})));
}

// A Refused error's fields back as checks that failed (rule from "R10.total").
std::vector<eligibility::Check> FailedChecks(const Error& error) {
  std::vector<eligibility::Check> out;
  out.reserve(error.fields.size());
  for (const auto& f : error.fields) {
    out.push_back({f.field.substr(0, f.field.find('.')), false, f.message});
  }
  return out;
}

std::string StateLabel(const Site& site, std::string_view lang, State state) {
  return site.T(lang, Message("offer.state." + std::string(offers::StateCode(state))));
}

// What both sides see of an offer.
data OfferView(const Site& site, std::string_view lang, const Offer& o) {
  data v;
  v.set("id", std::to_string(o.id));
  v.set("anchor", "offer-" + std::to_string(o.id));
  v.set("title", o.title);
  v.set("organisation", o.organisation_name);
  v.set("place", o.town + ", " + Label(site, lang, "country", o.country));
  v.set("activity_type", Label(site, lang, "activity_type", o.activity_type));
  v.set("dates", LongDate(lang, o.start_date) + " – " + LongDate(lang, o.end_date));
  v.set("answer_by", LongDate(lang, o.answer_by));
  v.set("grant", o.grant_reference);
  v.set("state", StateLabel(site, lang, o.state));
  v.set("state_class", "pass-status--" + std::string(offers::StateCode(o.state)));
  v.set("reference", o.reference);
  v.set("given_name", o.given_name);
  if (!o.message.empty()) v.set("message", o.message);
  if (!o.reason.empty()) v.set("reason", o.reason);
  v.set("is_sent", o.state == State::kSent);
  v.set("is_draft", o.state == State::kDraft);
  v.set("is_placement", offers::IsPlacement(o));
  v.set("ended", o.outcome != offers::Outcome::kNone);
  if (o.actual_end) {
    v.set("outcome",
          site.T(lang, Message("offer.outcome." + std::string(offers::OutcomeCode(o.outcome)))));
    v.set("actual_end", LongDate(lang, *o.actual_end));
  }
  if (!o.end_reason.empty()) v.set("end_reason", o.end_reason);
  v.set("certificate", o.certificate_issued_at.has_value());
  v.set("too_late", offers::TooLateForTransfer(o));
  if (o.decided_at && o.cross_border) {
    v.set("transfer_day", LongDate(lang, offers::TransferDay(DateOf(*o.decided_at))));
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Staff

http::Response ShowList(OfferPageDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  auto all = d.offers.OfOrganisation(e.staff);
  if (!all) return d.site.RenderError(request, all.error());
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, Message("offers.title")));
  list rows;
  for (const auto& o : *all) {
    data row = OfferView(d.site, lang, o);
    row.set("url", OfferPath(e.staff, o.id));
    rows.push_back(row);
  }
  page.set("offers", rows);
  page.set("has_offers", !all->empty());
  return d.site.Render("pages/organisation/offers", lang, page);
}

// The form of a new offer, with what was typed, the checks (when there are) and errors.
http::Response RenderNew(OfferPageDeps& d, const http::Request& request, StaffEntry& e,
                         const http::FormData& form, const std::vector<eligibility::Check>* checks,
                         const Error* error) {
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, Message("offers.new.title")));
  auto own = d.opportunities.OfOrganisation(e.staff);
  if (!own) return d.site.RenderError(request, own.error());
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto& o : *own) {
    if (o.status != opportunities::Status::kDraft)
      choices.emplace_back(std::to_string(o.id), o.title);
  }
  page.set("opportunity_options",
           SelectOptions(std::move(choices), {form.Get("opportunity")}, false, true));
  page.set("v_reference", form.Get("reference"));
  page.set("v_start_date", form.Get("start_date"));
  page.set("v_end_date", form.Get("end_date"));
  page.set("v_answer_by", form.Get("answer_by"));
  page.set("v_message", form.Get("message"));
  page.set("action_url", OffersPath(e.staff) + "/new");
  if (checks != nullptr) AddChecks(d.site, lang, page, *checks);
  int status = 200;
  if (error != nullptr) {
    status = StatusFor(error->code);
    if (error->code == ErrorCode::kRefused) {
      page.set("refused", true);
    } else {
      d.site.AddFormErrors(page, lang, WithFormFields(Localised(d.site, lang, *error)));
    }
  }
  return d.site.Render("pages/organisation/offer_new", lang, page, status);
}

offers::Draft DraftFrom(const http::FormData& form, std::vector<FieldError>& problems) {
  offers::Draft draft;
  const auto id = ParseInt(form.Get("opportunity"));
  if (!id || *id <= 0) {
    problems.push_back({"opportunity", Message("error.field.required")});
  } else {
    draft.opportunity_id = *id;
  }
  draft.participant_reference = form.Get("reference");
  if (Trim(draft.participant_reference).empty())
    problems.push_back({"reference", Message("error.field.required")});
  auto date = [&](const char* name) -> std::optional<Date> {
    const std::string text(Trim(form.Get(name)));
    if (text.empty()) return std::nullopt;
    auto d = ParseIsoDate(text);
    if (!d) problems.push_back({name, Message("error.field.date")});
    return d;
  };
  draft.start_date = date("start_date");
  draft.end_date = date("end_date");
  draft.answer_by = date("answer_by");
  draft.message = form.Get("message");
  return draft;
}

http::Response ShowNew(OfferPageDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  auto form = http::ParseUrlEncoded(request.query);
  if (!form) return d.site.RenderError(request, form.error());
  // Coming from a candidate: the checks straight away.
  if (!form->Get("opportunity").empty() && !form->Get("reference").empty()) {
    std::vector<FieldError> problems;
    const offers::Draft draft = DraftFrom(*form, problems);
    if (problems.empty()) {
      auto assessed = d.offers.Assess(e.staff, draft);
      if (assessed) {
        http::FormData filled;
        filled.Add("opportunity", form->Get("opportunity"));
        filled.Add("reference", form->Get("reference"));
        filled.Add("start_date", FormatIsoDate(assessed->offer.start_date));
        filled.Add("end_date", FormatIsoDate(assessed->offer.end_date));
        filled.Add("answer_by", FormatIsoDate(assessed->offer.answer_by));
        return RenderNew(d, request, e, filled, &assessed->checks, nullptr);
      }
      if (assessed.error().code == ErrorCode::kInvalidInput)
        return RenderNew(d, request, e, *form, nullptr, &assessed.error());
      return d.site.RenderError(request, assessed.error());
    }
  }
  return RenderNew(d, request, e, *form, nullptr, nullptr);
}

http::Response PostNew(OfferPageDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  std::vector<FieldError> problems;
  const offers::Draft draft = DraftFrom(e.form, problems);
  if (!problems.empty()) {
    const Error error = InvalidInput(Message("error.form.invalid"), std::move(problems));
    return RenderNew(d, request, e, e.form, nullptr, &error);
  }
  const std::string action = e.form.Get("action");
  if (action == "check") {
    auto assessed = d.offers.Assess(e.staff, draft);
    if (!assessed) {
      if (assessed.error().code == ErrorCode::kInvalidInput)
        return RenderNew(d, request, e, e.form, nullptr, &assessed.error());
      return d.site.RenderError(request, assessed.error());
    }
    return RenderNew(d, request, e, e.form, &assessed->checks, nullptr);
  }
  auto created = d.offers.Create(e.staff, draft, action != "draft");
  if (!created) {
    const Error& error = created.error();
    if (error.code == ErrorCode::kRefused) {
      auto checks = FailedChecks(error);
      return RenderNew(d, request, e, e.form, &checks, &error);
    }
    if (error.code == ErrorCode::kInvalidInput)
      return RenderNew(d, request, e, e.form, nullptr, &error);
    return d.site.RenderError(request, error);
  }
  return Redirect(OfferPath(e.staff, created->id) +
                  (created->state == State::kSent ? "?done=sent" : "?done=drafted"));
}

constexpr std::string_view kStaffDone[] = {"sent",      "drafted", "withdrawn",
                                           "cancelled", "ended",   "certificate"};

http::Response RenderOffer(OfferPageDeps& d, const http::Request& request, StaffEntry& e,
                           int64_t id, const Error* error) {
  const std::string lang = d.site.Language(request);
  auto offer = d.offers.Get(e.staff, id);
  if (!offer) return d.site.RenderError(request, offer.error());
  Data page = StaffLayout(d.site, request, lang, e, offer->title);
  page.set("offer", OfferView(d.site, lang, *offer));
  page.set("offer_url", OfferPath(e.staff, id));
  page.set("offers_url", OffersPath(e.staff));
  // Contact data once accepted (F13).
  if (offer->decided_at &&
      (offer->state == State::kAccepted || offer->state == State::kCancelled)) {
    page.set("contact", true);
    page.set("family_name", offer->family_name);
    page.set("email", offer->email);
  }
  if (offer->state == State::kDraft) {
    offers::Draft draft{offer->opportunity_id, offer->reference, offer->start_date,
                        offer->end_date,       offer->answer_by, offer->message};
    if (auto assessed = d.offers.Assess(e.staff, draft))
      AddChecks(d.site, lang, page, assessed->checks);
  }
  page.set("may_end", offers::IsPlacement(*offer) && offer->outcome == offers::Outcome::kNone);
  page.set("may_cancel", offers::IsPlacement(*offer) && offer->outcome == offers::Outcome::kNone);
  page.set("may_withdraw", offer->state == State::kDraft || offer->state == State::kSent);
  page.set("may_certify", offers::IsPlacement(*offer) && offer->outcome != offers::Outcome::kNone);
  page.set("v_actual_end", FormatIsoDate(std::min(offer->end_date, d.clock.Today())));
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kStaffDone), std::end(kStaffDone), done) != std::end(kStaffDone))
    page.set("done_text", d.site.T(lang, Message("offers.done." + done)));
  int status = 200;
  if (error != nullptr) {
    status = StatusFor(error->code);
    if (error->code == ErrorCode::kRefused) {
      AddChecks(d.site, lang, page, FailedChecks(*error));
      page.set("refused", true);
    } else {
      d.site.AddFormErrors(page, lang, WithFormFields(Localised(d.site, lang, *error)));
    }
  }
  return d.site.Render("pages/organisation/offer", lang, page, status);
}

http::Response StaffAction(OfferPageDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  const std::string_view action = request.Param("action");
  Result<Offer> done = Fail(NotFound(Message("error.offer.not_found")));
  std::string code;
  if (action == "send") {
    done = d.offers.Send(e.staff, *id);
    code = "sent";
  } else if (action == "withdraw") {
    done = d.offers.Withdraw(e.staff, *id, e.form.Get("reason"));
    code = "withdrawn";
  } else if (action == "cancel") {
    done = d.offers.Cancel(e.staff, *id, e.form.Get("reason"));
    code = "cancelled";
  } else if (action == "end") {
    offers::End end;
    const auto outcome = offers::ParseOutcome(e.form.Get("outcome"));
    end.outcome = outcome.value_or(offers::Outcome::kNone);
    const auto actual = ParseIsoDate(Trim(e.form.Get("actual_end")));
    if (!actual) {
      const Error error = InvalidInput(Message("error.form.invalid"),
                                       {{"actual_end", Message("error.field.date")}});
      return RenderOffer(d, request, e, *id, &error);
    }
    end.actual_end = *actual;
    end.reason = e.form.Get("reason");
    done = d.offers.RecordEnd(e.staff, *id, end);
    code = "ended";
  } else if (action == "certificate") {
    done = d.offers.IssueCertificate(e.staff, *id);
    code = "certificate";
  } else {
    return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  }
  if (!done) {
    const ErrorCode c = done.error().code;
    if (c == ErrorCode::kInvalidInput || c == ErrorCode::kRefused || c == ErrorCode::kConflict)
      return RenderOffer(d, request, e, *id, &done.error());
    return d.site.RenderError(request, done.error());
  }
  return Redirect(OfferPath(e.staff, *id) + "?done=" + code);
}

http::Response PdfResponse(std::string bytes, int64_t id) {
  http::Response r;
  r.status = 200;
  r.body = std::move(bytes);
  r.headers.Set("Content-Type", "application/pdf");
  r.headers.Set("Content-Disposition",
                "attachment; filename=\"certificate-" + std::to_string(id) + ".pdf\"");
  r.headers.Set("Cache-Control", "private, no-store");
  return r;
}

http::Response StaffCertificate(OfferPageDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  auto offer = d.offers.Get(e.staff, *id);
  if (!offer) return d.site.RenderError(request, offer.error());
  if (!offer->certificate_issued_at)
    return d.site.RenderError(request, NotFound(Message("error.offer.no_certificate")));
  // In the participant's language: the certificate is theirs.
  auto pdf = CertificatePdf(d.site, offer->language, *offer, *offer->certificate_issued_at);
  if (!pdf) return d.site.RenderError(request, pdf.error());
  return PdfResponse(std::move(*pdf), *id);
}

// ---------------------------------------------------------------------------------------------
// The young person

using PersonEntry = YoungEntry;

PersonEntry EnterPerson(OfferPageDeps& d, const http::Request& request, bool post) {
  return EnterYoung(d.site, d.gate, d.participants.options().privacy_version, request, post);
}

constexpr std::string_view kPersonDone[] = {"accepted", "declined", "cancelled"};

http::Response RenderMine(OfferPageDeps& d, const http::Request& request, PersonEntry& e,
                          int64_t failed_id, const Error* error) {
  const std::string lang = d.site.Language(request);
  const int64_t me = e.participant_id;
  auto mine = d.offers.Mine(me);
  if (!mine) return d.site.RenderError(request, mine.error());
  Data page =
      d.site.Layout(request, lang, d.site.T(lang, Message("young.offers.title")), &*e.viewer);
  page.set("csrf", e.viewer->csrf);
  list rows;
  for (const auto& o : *mine) {
    data row = OfferView(d.site, lang, o);
    if (o.state == State::kSent) {
      // What acceptance would meet today, so nobody accepts blind.
      if (auto assessed = d.offers.AssessAcceptance(me, o.id)) {
        row.set("checks", ChecksView(d.site, lang, assessed->checks));
        row.set("may_accept", assessed->passes);
      }
    }
    row.set("may_cancel", offers::IsPlacement(o) && o.outcome == offers::Outcome::kNone);
    if (o.id == failed_id && error != nullptr) {
      row.set("error", d.site.T(lang, Localised(d.site, lang, error->message)));
      list details;
      for (const auto& f : error->fields) {
        data item;
        item.set("text", d.site.T(lang, Localised(d.site, lang, f.message)));
        details.push_back(item);
      }
      row.set("error_details", details);
    }
    rows.push_back(row);
  }
  page.set("offers", rows);
  page.set("has_offers", !mine->empty());
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kPersonDone), std::end(kPersonDone), done) != std::end(kPersonDone))
    page.set("done_text", d.site.T(lang, Message("young.offers.done." + done)));
  return d.site.Render("pages/young/offers", lang, page,
                       error != nullptr ? StatusFor(error->code) : 200);
}

http::Response PersonAction(OfferPageDeps& d, const http::Request& request) {
  PersonEntry e = EnterPerson(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  const int64_t me = e.participant_id;
  const std::string_view action = request.Param("action");
  Result<Offer> done = Fail(NotFound(Message("error.offer.not_found")));
  if (action == "accept") {
    done = d.offers.Accept(me, *id);
  } else if (action == "decline") {
    done = d.offers.Decline(me, *id, e.form.Get("reason"));
  } else if (action == "cancel") {
    done = d.offers.CancelMine(me, *id, e.form.Get("reason"));
  } else {
    return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  }
  if (!done) {
    const ErrorCode c = done.error().code;
    if (c == ErrorCode::kInvalidInput || c == ErrorCode::kRefused || c == ErrorCode::kConflict)
      return RenderMine(d, request, e, *id, &done.error());
    return d.site.RenderError(request, done.error());
  }
  const std::string code = action == "accept"    ? "accepted"
                           : action == "decline" ? "declined"
                                                 : "cancelled";
  return Redirect("/young/offers?done=" + code + "#offer-" + std::to_string(*id));
}

http::Response PersonCertificate(OfferPageDeps& d, const http::Request& request) {
  PersonEntry e = EnterPerson(d, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.offer.not_found")));
  auto offer = d.offers.MyOffer(e.participant_id, *id);
  if (!offer) return d.site.RenderError(request, offer.error());
  if (!offer->certificate_issued_at)
    return d.site.RenderError(request, NotFound(Message("error.offer.no_certificate")));
  auto pdf = CertificatePdf(d.site, offer->language, *offer, *offer->certificate_issued_at);
  if (!pdf) return d.site.RenderError(request, pdf.error());
  return PdfResponse(std::move(*pdf), *id);
}

}  // namespace

Result<std::string> CertificatePdf(const Site& site, std::string_view lang, const Offer& o,
                                   Timestamp issued) {
  auto t = [&](const Message& m) { return site.T(lang, m); };
  const Date end = offers::CountedEnd(o);
  const auto length = eligibility::LengthOf(o.start_date, end);
  const std::string name = o.given_name + " " + o.family_name;
  pdf::Document doc;
  doc.title = t(Message("certificate.title"));
  doc.author = o.organisation_name;
  doc.subject = name;
  doc.language = std::string(lang);
  doc.created = issued;
  using Kind = pdf::Block::Kind;
  doc.blocks.push_back({Kind::kTitle, t(Message("certificate.title"))});
  doc.blocks.push_back({Kind::kSpacer, ""});
  doc.blocks.push_back({Kind::kParagraph, t(Message("certificate.lead", {{"name", name}}))});
  doc.blocks.push_back({Kind::kHeading, name});
  doc.blocks.push_back(
      {Kind::kParagraph,
       t(Message("certificate.body",
                 {{"organisation", o.organisation_name},
                  {"title", o.title},
                  {"activity_type", Label(site, lang, "activity_type", o.activity_type)},
                  {"place", o.town + ", " + Label(site, lang, "country", o.country)},
                  {"from", i18n::FormatLongDate(lang, o.start_date)},
                  {"to", i18n::FormatLongDate(lang, end)},
                  {"length_months", std::to_string(length.months)},
                  {"length_days", std::to_string(length.days)}}))});
  if (o.outcome == offers::Outcome::kEndedEarly) {
    doc.blocks.push_back(
        {Kind::kParagraph, t(Message("certificate.ended_early",
                                     {{"planned", i18n::FormatLongDate(lang, o.end_date)}}))});
  }
  doc.blocks.push_back({Kind::kSpacer, ""});
  doc.blocks.push_back({Kind::kRule, ""});
  doc.blocks.push_back(
      {Kind::kSmall, t(Message("certificate.facts", {{"reference", o.reference},
                                                     {"oid", o.oid},
                                                     {"grant", o.grant_reference},
                                                     {"number", std::to_string(o.id)}}))});
  doc.footer =
      t(Message("certificate.footer", {{"number", std::to_string(o.id)},
                                       {"date", i18n::FormatLongDate(lang, DateOf(issued))}}));
  return pdf::Render(doc);
}

void AddOfferPages(http::Router& router, OfferPageDeps& deps) {
  router.Get("/organisations/{oid}/offers",
             [&deps](http::Request& r) { return ShowList(deps, r); });
  router.Get("/organisations/{oid}/offers/new",
             [&deps](http::Request& r) { return ShowNew(deps, r); });
  router.Post("/organisations/{oid}/offers/new",
              [&deps](http::Request& r) { return PostNew(deps, r); });
  router.Get("/organisations/{oid}/offers/{id}", [&deps](http::Request& r) {
    StaffEntry e = EnterStaff(deps.site, deps.gate, r, false);
    if (e.response) return std::move(*e.response);
    const auto id = IdParam(r, "id");
    if (!id) return deps.site.RenderError(r, NotFound(Message("error.offer.not_found")));
    return RenderOffer(deps, r, e, *id, nullptr);
  });
  router.Get("/organisations/{oid}/offers/{id}/certificate.pdf",
             [&deps](http::Request& r) { return StaffCertificate(deps, r); });
  router.Post("/organisations/{oid}/offers/{id}/{action}",
              [&deps](http::Request& r) { return StaffAction(deps, r); });
  // From a candidate in the pipeline.
  router.Get("/organisations/{oid}/opportunities/{id}/offer", [&deps](http::Request& r) {
    StaffEntry e = EnterStaff(deps.site, deps.gate, r, false);
    if (e.response) return std::move(*e.response);
    const auto id = IdParam(r, "id");
    if (!id) return deps.site.RenderError(r, NotFound(Message("error.opportunity.not_found")));
    const std::string reference = r.QueryParam("reference").value_or("");
    const bool plain = std::all_of(reference.begin(), reference.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
    return Redirect(OffersPath(e.staff) + "/new?opportunity=" + std::to_string(*id) +
                    (plain && !reference.empty() ? "&reference=" + reference : ""));
  });

  router.Get("/young/offers", [&deps](http::Request& r) {
    PersonEntry e = EnterPerson(deps, r, false);
    if (e.response) return std::move(*e.response);
    return RenderMine(deps, r, e, 0, nullptr);
  });
  router.Get("/young/offers/{id}/certificate.pdf",
             [&deps](http::Request& r) { return PersonCertificate(deps, r); });
  router.Post("/young/offers/{id}/{action}",
              [&deps](http::Request& r) { return PersonAction(deps, r); });
}

}  // namespace pass::web
