#include "offers/service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/fields.h"
#include "core/strings.h"

namespace pass::offers {

namespace {

using eligibility::Check;
using eligibility::Moment;

std::string Actor(const Staff& staff) { return "staff <" + staff.email + ">"; }
std::string PersonActor(const Offer& o) { return "participant:" + o.reference; }
std::string Subject(const Offer& o) { return "offer:" + std::to_string(o.id); }
std::string Iso(Date d) { return FormatIsoDate(d); }

Error NoSuchOffer() { return NotFound(Message("error.offer.not_found")); }

Error CannotMove(const Offer& o, State to) {
  return Conflict(Message("error.offer.state", {{"state", std::string(StateCode(o.state))},
                                                {"to", std::string(StateCode(to))}}));
}

// "rule.total.over" -> "R10.total": one field per failed check.
std::string FieldOf(const Check& c) {
  std::string_view key = c.explanation.key;
  if (key.starts_with("rule.")) key.remove_prefix(5);
  return c.rule + "." + std::string(key.substr(0, key.find('.')));
}

std::vector<FieldError> CheckReason(const std::string& reason, bool required) {
  std::vector<FieldError> out;
  if (required && Trim(reason).empty()) out.push_back({"reason", Message("error.field.required")});
  fields::CheckText(out, "reason", reason, kMaxReasonLength);
  return out;
}

eligibility::Proposal ProposalOf(const Offer& o,
                                 const std::vector<std::string>& eligible_residence) {
  eligibility::Proposal p;
  p.activity_type = o.activity_type;
  p.country = o.country;
  p.eligible_residence = eligible_residence;
  p.grant_reference = o.grant_reference;
  p.start = o.start_date;
  p.end = o.end_date;
  p.answer_by = o.answer_by;
  return p;
}

}  // namespace

Error RefusalError(const std::vector<Check>& checks) {
  std::vector<FieldError> fields;
  for (const auto& c : checks) {
    if (!c.passed) fields.push_back({FieldOf(c), c.explanation});
  }
  const std::string count = std::to_string(fields.size());
  return Refused(Message("error.offer.refused", {{"count", count}}), std::move(fields));
}

Service::Service(Store& store, const Clock& clock, mail::Composer compose, std::string public_url,
                 Hooks hooks)
    : store_(store),
      clock_(clock),
      compose_(std::move(compose)),
      public_url_(std::move(public_url)),
      hooks_(std::move(hooks)) {}

Result<Offer> Service::Own(Repository& repo, const Staff& staff, int64_t id) {
  PASS_TRY(found, repo.Find(id));
  if (!*found || (*found)->oid != staff.oid) return Fail(NoSuchOffer());
  return std::move(**found);
}

Result<Offer> Service::Theirs(Repository& repo, int64_t participant_id, int64_t id) {
  PASS_TRY(found, repo.Find(id));
  // Drafts are the organisation's until sent.
  if (!*found || (*found)->participant_id != participant_id || (*found)->state == State::kDraft)
    return Fail(NoSuchOffer());
  return std::move(**found);
}

Result<eligibility::Person> Service::PersonFor(Repository& repo, int64_t participant_id,
                                               int64_t except) {
  PASS_TRY(found, repo.FindParticipantById(participant_id));
  if (!*found) return Fail(NotFound(Message("error.offer.no_participant")));
  const participants::Participant& p = **found;
  eligibility::Person person;
  person.birth_date = p.birth_date;
  person.residence = p.residence;
  person.fewer_opportunities = p.fewer_opportunities;
  for (const auto& past : p.placements) {
    person.activities.push_back(
        {past.from, past.to, past.activity_type, past.cross_border, "declared"});
  }
  PASS_TRY(offers, repo.OfParticipant(participant_id));
  for (const auto& o : *offers) {
    if (o.id == except || !IsPlacement(o)) continue;
    person.activities.push_back({o.start_date, CountedEnd(o), o.activity_type, o.cross_border,
                                 o.organisation_name + " – " + o.title});
  }
  return person;
}

Result<Assessment> Service::Build(Repository& repo, const Staff& staff, const Draft& draft) {
  PASS_TRY(found, repo.FindOpportunity(draft.opportunity_id));
  if (!*found || (*found)->oid != staff.oid)
    return Fail(NotFound(Message("error.opportunity.not_found")));
  const opportunities::Opportunity& opp = **found;
  PASS_TRY(person, repo.FindParticipant(std::string(Trim(draft.participant_reference))));
  if (!*person)
    return Fail(InvalidInput(
        Message("error.form.invalid"),
        {{"participant_reference", Message("error.offer.no_participant_reference",
                                           {{"value", draft.participant_reference}})}}));
  const participants::Participant& p = **person;

  std::vector<FieldError> problems;
  const auto start = draft.start_date ? draft.start_date : opp.start_date;
  const auto end = draft.end_date ? draft.end_date : opp.end_date;
  if (!start) problems.push_back({"start_date", Message("error.field.required")});
  if (!end) problems.push_back({"end_date", Message("error.field.required")});
  fields::CheckText(problems, "message", draft.message, kMaxOfferMessageLength);
  if (!problems.empty())
    return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));

  Offer o;
  o.oid = opp.oid;
  o.organisation_name = opp.organisation_name;
  o.opportunity_id = opp.id;
  o.title = opp.title;
  o.activity_type = opp.activity_type;
  o.country = opp.country;
  o.town = opp.town;
  o.grant_reference = opp.grant_reference;
  o.participant_id = p.id;
  o.reference = p.reference;
  o.given_name = p.given_name;
  o.family_name = p.family_name;
  o.email = p.email;
  o.language = p.contact_language;
  o.start_date = *start;
  o.end_date = *end;
  o.answer_by = draft.answer_by.value_or(eligibility::LastAcceptanceDay(*start));
  o.message = draft.message;
  o.staff_email = staff.email;
  o.cross_border = opp.country != p.residence;

  PASS_TRY(rules_person, PersonFor(repo, p.id, 0));
  Assessment a;
  a.checks = eligibility::CheckOffer(*rules_person, ProposalOf(o, opp.eligible_residence),
                                     clock_.Today(), Moment::kSending);
  a.passes = eligibility::Refusals(a.checks).empty();
  a.offer = std::move(o);
  return a;
}

Result<Assessment> Service::Assess(const Staff& staff, const Draft& draft) {
  return store_.ReadValue([&](Repository& repo) { return Build(repo, staff, draft); });
}

void Service::Notify(const Offer& offer, std::string_view what) {
  if (hooks_.notice) {
    hooks_.notice(offer, Message("notice.offer." + std::string(what),
                                 {{"title", offer.title},
                                  {"organisation", offer.organisation_name},
                                  {"start", Iso(offer.start_date)},
                                  {"end", Iso(offer.end_date)},
                                  {"answer_by", Iso(offer.answer_by)},
                                  {"reason", offer.reason}}));
  }
}

Result<Offer> Service::Transition(Repository& repo, Offer offer, State to, const std::string& actor,
                                  std::string_view action, std::string_view mail_to_person,
                                  std::string_view mail_to_staff) {
  if (!MayMove(offer.state, to)) return Fail(CannotMove(offer, to));
  const Timestamp now = clock_.Now();
  offer.state = to;
  offer.updated_at = now;
  if (to == State::kSent) offer.sent_at = now;
  if (to == State::kCancelled) {
    offer.cancelled_at = now;
  } else if (to != State::kSent) {
    offer.decided_at = now;
  }
  PASS_TRY(id, repo.Save(offer));
  offer.id = *id;
  PASS_TRY(logged, repo.Audit().Append(audit::Make(
                       now, actor, std::string(action), offer.oid, Subject(offer), offer.reason,
                       audit::Detail({{"participant", offer.reference},
                                      {"opportunity", std::to_string(offer.opportunity_id)},
                                      {"state", std::string(StateCode(to))}}))));
  const std::vector<std::pair<std::string, std::string>> args = {
      {"name", offer.given_name},
      {"title", offer.title},
      {"organisation", offer.organisation_name},
      {"start", Iso(offer.start_date)},
      {"end", Iso(offer.end_date)},
      {"answer_by", Iso(offer.answer_by)},
      {"reason", offer.reason},
      {"reference", offer.reference},
  };
  if (!mail_to_person.empty()) {
    auto with_url = args;
    with_url.emplace_back("url", public_url_ + "/young/offers#offer-" + std::to_string(offer.id));
    PASS_TRY(queued, repo.Outbox().Enqueue(compose_(offer.language, mail_to_person, with_url,
                                                    offer.email, offer.given_name)));
  }
  if (!mail_to_staff.empty() && !offer.staff_email.empty()) {
    auto with_url = args;
    with_url.emplace_back(
        "url", public_url_ + "/organisations/" + offer.oid + "/offers/" + std::to_string(offer.id));
    // Staff have no language of their own on record: the portal's first language.
    PASS_TRY(queued,
             repo.Outbox().Enqueue(compose_("en", mail_to_staff, with_url, offer.staff_email, "")));
  }
  return offer;
}

Result<Offer> Service::Create(const Staff& staff, const Draft& draft, bool send) {
  auto created = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(assessment, Build(repo, staff, draft));
    Offer o = std::move(assessment->offer);
    o.created_at = clock_.Now();
    o.updated_at = o.created_at;
    if (send) {
      PASS_TRY(locked, repo.LockParticipant(o.participant_id));
      if (!assessment->passes) return Fail(RefusalError(assessment->checks));
      PASS_TRY(stage,
               repo.SetStage(o.opportunity_id, o.participant_id, opportunities::Stage::kOffered));
      return Transition(repo, std::move(o), State::kSent, Actor(staff), "offer.sent", "offer_sent",
                        "");
    }
    PASS_TRY(id, repo.Save(o));
    o.id = *id;
    PASS_TRY(logged, repo.Audit().Append(audit::Make(o.created_at, Actor(staff), "offer.drafted",
                                                     o.oid, Subject(o))));
    return o;
  });
  if (created && send) Notify(*created, "sent");
  return created;
}

Result<Offer> Service::Send(const Staff& staff, int64_t id) {
  auto sent = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Own(repo, staff, id));
    if (offer->state != State::kDraft) return Fail(CannotMove(*offer, State::kSent));
    PASS_TRY(locked, repo.LockParticipant(offer->participant_id));
    Draft draft{offer->opportunity_id, offer->reference, offer->start_date,
                offer->end_date,       offer->answer_by, offer->message};
    PASS_TRY(assessment, Build(repo, staff, draft));
    if (!assessment->passes) return Fail(RefusalError(assessment->checks));
    Offer o = std::move(assessment->offer);
    o.id = offer->id;
    o.created_at = offer->created_at;
    o.state = State::kDraft;
    PASS_TRY(stage,
             repo.SetStage(o.opportunity_id, o.participant_id, opportunities::Stage::kOffered));
    return Transition(repo, std::move(o), State::kSent, Actor(staff), "offer.sent", "offer_sent",
                      "");
  });
  if (sent) Notify(*sent, "sent");
  return sent;
}

Result<std::vector<Offer>> Service::OfOrganisation(const Staff& staff) {
  return store_.ReadValue([&](Repository& repo) { return repo.OfOrganisation(staff.oid); });
}

Result<Offer> Service::Get(const Staff& staff, int64_t id) {
  return store_.ReadValue([&](Repository& repo) { return Own(repo, staff, id); });
}

Result<Offer> Service::Withdraw(const Staff& staff, int64_t id, std::string reason) {
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Own(repo, staff, id));
    const bool was_sent = offer->state == State::kSent;
    if (auto problems = CheckReason(reason, was_sent); !problems.empty())
      return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
    offer->reason = Trim(reason);
    return Transition(repo, std::move(*offer), State::kWithdrawn, Actor(staff), "offer.withdrawn",
                      was_sent ? "offer_withdrawn" : "", "");
  });
  if (done && done->sent_at) Notify(*done, "withdrawn");
  return done;
}

Result<Offer> Service::CancelBy(Repository& repo, Offer offer, std::string_view by,
                                const std::string& actor, const std::string& reason) {
  if (auto problems = CheckReason(reason, true); !problems.empty())
    return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
  if (offer.outcome != Outcome::kNone) return Fail(Conflict(Message("error.offer.ended")));
  offer.reason = Trim(reason);
  offer.cancelled_by = std::string(by);
  PASS_TRY(stage, repo.SetStage(offer.opportunity_id, offer.participant_id,
                                opportunities::Stage::kNotSelected));
  return Transition(repo, std::move(offer), State::kCancelled, actor, "offer.cancelled",
                    by == "participant" ? "" : "offer_cancelled",
                    by == "organisation" ? "" : "offer_cancelled_staff");
}

Result<Offer> Service::Cancel(const Staff& staff, int64_t id, std::string reason) {
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Own(repo, staff, id));
    return CancelBy(repo, std::move(*offer), "organisation", Actor(staff), reason);
  });
  if (done) Notify(*done, "cancelled");
  return done;
}

Result<Offer> Service::CancelMine(int64_t participant_id, int64_t id, std::string reason) {
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Theirs(repo, participant_id, id));
    const std::string actor = PersonActor(*offer);
    return CancelBy(repo, std::move(*offer), "participant", actor, reason);
  });
  if (done) Notify(*done, "cancelled");
  return done;
}

Result<Offer> Service::CancelAsOfficer(const std::string& officer, int64_t id, std::string reason) {
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(found, repo.Find(id));
    if (!*found || (*found)->state == State::kDraft) return Fail(NoSuchOffer());
    return CancelBy(repo, std::move(**found), "officer", "officer <" + officer + ">", reason);
  });
  if (done) Notify(*done, "cancelled");
  return done;
}

Result<Offer> Service::RecordEnd(const Staff& staff, int64_t id, const End& end) {
  return store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Own(repo, staff, id));
    if (!IsPlacement(*offer)) return Fail(Conflict(Message("error.offer.not_placement")));
    std::vector<FieldError> problems;
    if (end.outcome == Outcome::kNone)
      problems.push_back({"outcome", Message("error.field.required")});
    if (end.actual_end < offer->start_date || end.actual_end > offer->end_date) {
      problems.push_back(
          {"actual_end", Message("error.offer.end_outside", {{"start", Iso(offer->start_date)},
                                                             {"end", Iso(offer->end_date)}})});
    } else if (end.actual_end > clock_.Today()) {
      problems.push_back({"actual_end", Message("error.offer.end_future")});
    }
    auto reasons = CheckReason(end.reason, end.outcome == Outcome::kEndedEarly);
    problems.insert(problems.end(), reasons.begin(), reasons.end());
    if (!problems.empty())
      return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
    offer->outcome = end.outcome;
    offer->actual_end = end.actual_end;
    offer->end_reason = Trim(end.reason);
    offer->updated_at = clock_.Now();
    PASS_TRY(saved, repo.Save(*offer));
    PASS_TRY(logged, repo.Audit().Append(audit::Make(
                         offer->updated_at, Actor(staff), "placement.ended", offer->oid,
                         Subject(*offer), offer->end_reason,
                         audit::Detail({{"outcome", std::string(OutcomeCode(end.outcome))},
                                        {"actual_end", Iso(end.actual_end)}}))));
    return std::move(*offer);
  });
}

Result<Offer> Service::IssueCertificate(const Staff& staff, int64_t id) {
  return store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Own(repo, staff, id));
    if (!IsPlacement(*offer) || offer->outcome == Outcome::kNone)
      return Fail(Conflict(Message("error.offer.certificate_before_end")));
    if (offer->certificate_issued_at) return std::move(*offer);
    offer->certificate_issued_at = clock_.Now();
    offer->updated_at = *offer->certificate_issued_at;
    PASS_TRY(saved, repo.Save(*offer));
    PASS_TRY(logged, repo.Audit().Append(audit::Make(*offer->certificate_issued_at, Actor(staff),
                                                     "placement.certificate", offer->oid,
                                                     Subject(*offer))));
    return std::move(*offer);
  });
}

Result<std::vector<Offer>> Service::Mine(int64_t participant_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::vector<Offer>> {
    PASS_TRY(all, repo.OfParticipant(participant_id));
    std::vector<Offer> out;
    for (auto& o : *all) {
      if (o.state != State::kDraft) out.push_back(std::move(o));
    }
    return out;
  });
}

Result<Offer> Service::MyOffer(int64_t participant_id, int64_t id) {
  return store_.ReadValue([&](Repository& repo) { return Theirs(repo, participant_id, id); });
}

Result<Assessment> Service::AssessAcceptance(int64_t participant_id, int64_t id) {
  return store_.ReadValue([&](Repository& repo) -> Result<Assessment> {
    PASS_TRY(offer, Theirs(repo, participant_id, id));
    PASS_TRY(opp, repo.FindOpportunity(offer->opportunity_id));
    PASS_TRY(person, PersonFor(repo, participant_id, offer->id));
    Assessment a;
    a.checks = eligibility::CheckOffer(
        *person, ProposalOf(*offer, *opp ? (*opp)->eligible_residence : std::vector<std::string>{}),
        clock_.Today(), Moment::kAccepting);
    a.passes = eligibility::Refusals(a.checks).empty();
    a.offer = std::move(*offer);
    return a;
  });
}

Result<Offer> Service::Accept(int64_t participant_id, int64_t id) {
  std::vector<Offer> overlapping;
  auto accepted = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(locked, repo.LockParticipant(participant_id));
    PASS_TRY(offer, Theirs(repo, participant_id, id));
    if (offer->state != State::kSent) return Fail(CannotMove(*offer, State::kAccepted));
    PASS_TRY(opp, repo.FindOpportunity(offer->opportunity_id));
    PASS_TRY(person, PersonFor(repo, participant_id, offer->id));
    const auto checks = eligibility::CheckOffer(
        *person, ProposalOf(*offer, *opp ? (*opp)->eligible_residence : std::vector<std::string>{}),
        clock_.Today(), Moment::kAccepting);
    if (!eligibility::Refusals(checks).empty()) return Fail(RefusalError(checks));
    PASS_TRY(stage,
             repo.SetStage(offer->opportunity_id, participant_id, opportunities::Stage::kMatched));
    const std::string actor = PersonActor(*offer);
    PASS_TRY(done, Transition(repo, std::move(*offer), State::kAccepted, actor, "offer.accepted",
                              "offer_accepted_person", "offer_accepted"));
    // The other organisations whose open offers overlap learn it now: theirs can no longer be
    // accepted (R10).
    PASS_TRY(others, repo.OfParticipant(participant_id));
    for (const auto& other : *others) {
      if (other.id == done->id || other.state != State::kSent) continue;
      if (other.start_date > done->end_date || other.end_date < done->start_date) continue;
      if (!other.staff_email.empty()) {
        PASS_TRY(queued, repo.Outbox().Enqueue(
                             compose_("en", "offer_taken_elsewhere",
                                      {{"reference", other.reference},
                                       {"title", other.title},
                                       {"start", Iso(done->start_date)},
                                       {"end", Iso(done->end_date)},
                                       {"url", public_url_ + "/organisations/" + other.oid +
                                                   "/offers/" + std::to_string(other.id)}},
                                      other.staff_email, "")));
      }
      overlapping.push_back(other);
    }
    return std::move(*done);
  });
  if (accepted) {
    Notify(*accepted, "accepted");
    if (hooks_.share_contact) hooks_.share_contact(*accepted);
    for (const auto& other : overlapping) Notify(other, "taken_elsewhere");
  }
  return accepted;
}

Result<Offer> Service::Decline(int64_t participant_id, int64_t id, std::string reason) {
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Offer> {
    PASS_TRY(offer, Theirs(repo, participant_id, id));
    if (auto problems = CheckReason(reason, false); !problems.empty())
      return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
    offer->reason = Trim(reason);
    const std::string actor = PersonActor(*offer);
    return Transition(repo, std::move(*offer), State::kDeclined, actor, "offer.declined", "",
                      "offer_declined");
  });
  if (done) Notify(*done, "declined");
  return done;
}

Result<int> Service::ExpireDue() {
  std::vector<Offer> expired;
  auto count = store_.WriteValue([&](Repository& repo) -> Result<int> {
    PASS_TRY(due, repo.DueToExpire(clock_.Today()));
    for (auto& o : *due) {
      PASS_TRY(done, Transition(repo, std::move(o), State::kExpired, "system", "offer.expired",
                                "offer_expired_person", "offer_expired"));
      expired.push_back(std::move(*done));
    }
    return static_cast<int>(expired.size());
  });
  if (count) {
    for (const auto& o : expired) Notify(o, "expired");
  }
  return count;
}

Result<FeedPage> Service::ProjectFeed(const std::string& grant_reference, int64_t since,
                                      int limit) {
  return store_.ReadValue(
      [&](Repository& repo) { return repo.ProjectFeed(grant_reference, since, limit); });
}

Result<std::vector<Offer>> Service::ConfirmedInWeek(IsoWeek week) {
  const Timestamp from = std::chrono::sys_days(MondayOf(week));
  const Timestamp to = from + std::chrono::days(7);
  return store_.ReadValue([&](Repository& repo) { return repo.ConfirmedBetween(from, to); });
}

}  // namespace pass::offers
