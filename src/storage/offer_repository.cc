#include "storage/offer_repository.h"

#include <array>

namespace pass::storage {

using offers::Offer;
using offers::State;

namespace {

constexpr std::string_view kColumns =
    "f.id, f.oid, g.name, f.opportunity_id, o.title, o.activity_type, o.country, o.town, "
    "f.grant_reference, f.participant_id, p.reference, p.given_name, p.family_name, p.email, "
    "p.contact_language, p.birth_date, p.residence, f.start_date, f.end_date, f.answer_by, "
    "f.message, f.staff_email, "
    "f.state, f.reason, f.cancelled_by, f.cross_border, f.created_at, f.sent_at, f.decided_at, "
    "f.cancelled_at, f.outcome, f.actual_end, f.end_reason, f.certificate_issued_at, "
    "f.updated_at";
constexpr std::string_view kFrom =
    " FROM offers f JOIN organisations g ON g.oid = f.oid JOIN opportunities o ON o.id = "
    "f.opportunity_id JOIN participants p ON p.id = f.participant_id";

Date DateAt(const Row& r, size_t i) { return ParseIsoDate(r.Text(i)).value_or(Date{}); }

std::optional<Timestamp> TimeOrNone(const Row& r, size_t i) {
  const auto millis = r.OptInt(i);
  if (!millis) return std::nullopt;
  return FromUnixMillis(*millis);
}

Value OptionalTime(const std::optional<Timestamp>& t) {
  return t ? Value(UnixMillis(*t)) : Value(nullptr);
}

Offer FromRow(const Row& r) {
  Offer o;
  size_t i = 0;
  o.id = r.Int(i++);
  o.oid = r.Text(i++);
  o.organisation_name = r.Text(i++);
  o.opportunity_id = r.Int(i++);
  o.title = r.Text(i++);
  o.activity_type = r.Text(i++);
  o.country = r.Text(i++);
  o.town = r.Text(i++);
  o.grant_reference = r.Text(i++);
  o.participant_id = r.Int(i++);
  o.reference = r.Text(i++);
  o.given_name = r.Text(i++);
  o.family_name = r.Text(i++);
  o.email = r.Text(i++);
  o.language = r.Text(i++);
  o.birth_date = DateAt(r, i++);
  o.residence = r.Text(i++);
  o.start_date = DateAt(r, i++);
  o.end_date = DateAt(r, i++);
  o.answer_by = DateAt(r, i++);
  o.message = r.Text(i++);
  o.staff_email = r.Text(i++);
  o.state = offers::ParseState(r.Text(i++)).value_or(State::kDraft);
  o.reason = r.Text(i++);
  o.cancelled_by = r.Text(i++);
  o.cross_border = r.Bool(i++);
  o.created_at = FromUnixMillis(r.Int(i++));
  o.sent_at = TimeOrNone(r, i++);
  o.decided_at = TimeOrNone(r, i++);
  o.cancelled_at = TimeOrNone(r, i++);
  o.outcome = offers::ParseOutcome(r.Text(i++)).value_or(offers::Outcome::kNone);
  if (auto end = r.OptText(i++)) o.actual_end = ParseIsoDate(*end);
  o.end_reason = r.Text(i++);
  o.certificate_issued_at = TimeOrNone(r, i++);
  o.updated_at = FromUnixMillis(r.Int(i++));
  return o;
}

}  // namespace

Result<std::vector<Offer>> SqlOfferRepository::Load(std::string_view where,
                                                    std::span<const Value> params,
                                                    std::string_view order) {
  std::vector<Offer> out;
  const RowCallback add = [&out](const Row& r) { out.push_back(FromRow(r)); };
  PASS_TRY(done, c_.Run("SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE " +
                            std::string(where) + " ORDER BY " + std::string(order),
                        params, &add));
  return out;
}

Result<int64_t> SqlOfferRepository::Save(const Offer& o) {
  const std::vector<Value> fields = {
      o.oid,
      o.opportunity_id,
      o.participant_id,
      o.grant_reference,
      FormatIsoDate(o.start_date),
      FormatIsoDate(o.end_date),
      FormatIsoDate(o.answer_by),
      o.message,
      o.staff_email,
      std::string(offers::StateCode(o.state)),
      o.reason,
      o.cancelled_by,
      static_cast<int64_t>(o.cross_border),
      UnixMillis(o.created_at),
      OptionalTime(o.sent_at),
      OptionalTime(o.decided_at),
      OptionalTime(o.cancelled_at),
      std::string(offers::OutcomeCode(o.outcome)),
      o.actual_end ? Value(FormatIsoDate(*o.actual_end)) : Value(nullptr),
      o.end_reason,
      OptionalTime(o.certificate_issued_at),
      UnixMillis(o.updated_at)};
  int64_t id = o.id;
  if (id == 0) {
    std::optional<Row> inserted;
    const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
    PASS_TRY(r, c_.Run("INSERT INTO offers (oid, opportunity_id, participant_id, grant_reference, "
                       "start_date, end_date, answer_by, message, staff_email, state, reason, "
                       "cancelled_by, cross_border, created_at, sent_at, decided_at, cancelled_at, "
                       "outcome, actual_end, end_reason, certificate_issued_at, updated_at) VALUES "
                       "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                       "$17, $18, $19, $20, $21, $22) RETURNING id",
                       fields, &keep));
    id = inserted->Int(0);
  } else {
    std::vector<Value> with_id = fields;
    with_id.emplace_back(id);
    PASS_TRY(r, c_.Execute("UPDATE offers SET oid = $1, opportunity_id = $2, participant_id = $3, "
                           "grant_reference = $4, start_date = $5, end_date = $6, answer_by = $7, "
                           "message = $8, staff_email = $9, state = $10, reason = $11, "
                           "cancelled_by = $12, cross_border = $13, created_at = $14, "
                           "sent_at = $15, decided_at = $16, cancelled_at = $17, outcome = $18, "
                           "actual_end = $19, end_reason = $20, certificate_issued_at = $21, "
                           "updated_at = $22 WHERE id = $23",
                           with_id));
    if (*r == 0) return Fail(Internal("offer " + std::to_string(id) + " vanished"));
  }
  if (o.state != State::kDraft) {
    // The feed is read in sequence order; holding this lock until commit keeps numbers from
    // becoming visible out of order between concurrent writers (SQLite writers are serial).
    if (c_.dialect() == Dialect::kPostgres) {
      PASS_TRY(locked, c_.Execute("LOCK TABLE offer_changes IN SHARE ROW EXCLUSIVE MODE"));
    }
    PASS_TRY(fed, c_.Execute("INSERT INTO offer_changes (offer_id, grant_reference, at) VALUES "
                             "($1, $2, $3)",
                             {id, o.grant_reference, UnixMillis(o.updated_at)}));
  }
  return id;
}

Result<std::optional<Offer>> SqlOfferRepository::Find(int64_t id) {
  const std::array<Value, 1> params = {id};
  PASS_TRY(found, Load("f.id = $1", params));
  if (found->empty()) return std::optional<Offer>();
  return std::optional<Offer>(std::move(found->front()));
}

Result<std::vector<Offer>> SqlOfferRepository::OfOrganisation(std::string_view oid) {
  const std::array<Value, 1> params = {std::string(oid)};
  return Load("f.oid = $1", params);
}

Result<std::vector<Offer>> SqlOfferRepository::OfParticipant(int64_t participant_id) {
  const std::array<Value, 1> params = {participant_id};
  return Load("f.participant_id = $1", params);
}

Result<std::vector<Offer>> SqlOfferRepository::DueToExpire(Date today) {
  const std::array<Value, 1> params = {FormatIsoDate(today)};
  return Load("f.state = 'sent' AND f.answer_by < $1", params, "f.id");
}

Result<std::vector<Offer>> SqlOfferRepository::ConfirmedBetween(Timestamp from, Timestamp to) {
  const std::array<Value, 2> params = {UnixMillis(from), UnixMillis(to)};
  return Load(
      "f.state IN ('accepted', 'cancelled') AND f.cross_border = 1 AND f.decided_at >= $1 "
      "AND f.decided_at < $2",
      params, "f.decided_at, f.id");
}

Result<offers::FeedPage> SqlOfferRepository::ProjectFeed(std::string_view grant_reference,
                                                         int64_t since, int limit) {
  // The latest change of each offer after `since`; offers that never were accepted are not
  // the project's participants and stay out.
  PASS_TRY(rows, c_.Query("SELECT MAX(seq), offer_id FROM offer_changes WHERE grant_reference = "
                          "$1 AND seq > $2 GROUP BY offer_id ORDER BY 1 LIMIT $3",
                          {std::string(grant_reference), since, static_cast<int64_t>(limit)}));
  offers::FeedPage out;
  out.next_cursor = since;
  for (const auto& r : *rows) {
    out.next_cursor = r.Int(0);
    PASS_TRY(found, Find(r.Int(1)));
    if (!*found || !(*found)->decided_at) continue;
    const Offer& o = **found;
    if (o.state != State::kAccepted && o.state != State::kCancelled) continue;
    out.items.push_back({r.Int(0), std::move(**found)});
  }
  return out;
}

Result<void> SqlOfferRepository::LockParticipant(int64_t participant_id) {
  // SQLite: the write transaction already holds the database's write lock.
  if (c_.dialect() != Dialect::kPostgres) return {};
  PASS_TRY(locked,
           c_.Query("SELECT id FROM participants WHERE id = $1 FOR UPDATE", {participant_id}));
  return {};
}

Result<std::optional<participants::Participant>> SqlOfferRepository::FindParticipant(
    const std::string& reference) {
  return participants_.FindByReference(reference);
}

Result<std::optional<participants::Participant>> SqlOfferRepository::FindParticipantById(
    int64_t id) {
  PASS_TRY(row, c_.QueryOne("SELECT reference FROM participants WHERE id = $1", {id}));
  if (!*row) return std::optional<participants::Participant>();
  return participants_.FindByReference((*row)->Text(0));
}

Result<std::optional<opportunities::Opportunity>> SqlOfferRepository::FindOpportunity(int64_t id) {
  return opportunities_.Find(id);
}

Result<void> SqlOfferRepository::SetStage(int64_t opportunity_id, int64_t participant_id,
                                          opportunities::Stage stage) {
  PASS_TRY(found, opportunities_.FindEntryOf(opportunity_id, participant_id));
  opportunities::Entry entry;
  if (*found) entry = std::move(**found);
  entry.opportunity_id = opportunity_id;
  entry.participant_id = participant_id;
  entry.stage = stage;
  if (stage != opportunities::Stage::kNotSelected) {
    entry.reason.clear();
    entry.reason_text.clear();
  } else {
    entry.reason = "other";
  }
  PASS_TRY(saved, opportunities_.SaveEntry(entry));
  return {};
}

}  // namespace pass::storage
