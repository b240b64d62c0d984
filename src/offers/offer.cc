#include "offers/offer.h"

#include <array>
#include <charconv>
#include <chrono>

namespace pass::offers {

namespace {

constexpr std::array<std::string_view, 7> kStateCodes = {
    "draft", "sent", "accepted", "declined", "withdrawn", "expired", "cancelled"};
constexpr std::array<std::string_view, 3> kOutcomeCodes = {"", "completed", "ended_early"};

}  // namespace

std::string_view StateCode(State state) { return kStateCodes[static_cast<size_t>(state)]; }

std::optional<State> ParseState(std::string_view code) {
  for (size_t i = 0; i < kStateCodes.size(); ++i) {
    if (kStateCodes[i] == code) return static_cast<State>(i);
  }
  return std::nullopt;
}

bool MayMove(State from, State to) {
  switch (from) {
    case State::kDraft:
      return to == State::kSent || to == State::kWithdrawn;
    case State::kSent:
      return to == State::kAccepted || to == State::kDeclined || to == State::kWithdrawn ||
             to == State::kExpired;
    case State::kAccepted:
      return to == State::kCancelled;
    case State::kDeclined:
    case State::kWithdrawn:
    case State::kExpired:
    case State::kCancelled:
      return false;
  }
  return false;
}

std::string_view OutcomeCode(Outcome outcome) {
  return kOutcomeCodes[static_cast<size_t>(outcome)];
}

std::optional<Outcome> ParseOutcome(std::string_view code) {
  for (size_t i = 0; i < kOutcomeCodes.size(); ++i) {
    if (kOutcomeCodes[i] == code) return static_cast<Outcome>(i);
  }
  return std::nullopt;
}

Date CountedEnd(const Offer& offer) { return offer.actual_end.value_or(offer.end_date); }

bool IsPlacement(const Offer& offer) { return offer.state == State::kAccepted; }

std::optional<IsoWeek> ParseIsoWeek(std::string_view text) {
  // YYYY-Www
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
  int year = 0;
  unsigned week = 0;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4)
    return std::nullopt;
  if (std::from_chars(text.data() + 6, text.data() + 8, week).ptr != text.data() + 8)
    return std::nullopt;
  const IsoWeek w{year, week};
  // Week 53 exists only in some years: it must come back as itself.
  if (week < 1 || week > 53 || year < 1970 || year > 9999) return std::nullopt;
  const IsoWeek back = WeekOf(MondayOf(w));
  if (back.year != year || back.week != week) return std::nullopt;
  return w;
}

std::string FormatIsoWeek(IsoWeek week) {
  std::string out = std::to_string(week.year) + "-W";
  if (week.week < 10) out += '0';
  return out + std::to_string(week.week);
}

IsoWeek WeekOf(Date day) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const sys_days d(day);
  const std::chrono::weekday wd(d);
  // The Thursday of the same week decides the ISO year.
  const sys_days thursday = d - days(wd.iso_encoding() - 1) + days(3);
  const std::chrono::year_month_day t(thursday);
  const sys_days first_thursday_year_start = sys_days(t.year() / std::chrono::January / 1);
  const auto week = static_cast<unsigned>((thursday - first_thursday_year_start).count() / 7 + 1);
  return {static_cast<int>(t.year()), week};
}

Date MondayOf(IsoWeek week) {
  using std::chrono::days;
  using std::chrono::sys_days;
  // 4 January is always in week 1.
  const sys_days jan4(std::chrono::year(week.year) / std::chrono::January / 4);
  const sys_days monday1 = jan4 - days(std::chrono::weekday(jan4).iso_encoding() - 1);
  return Date(monday1 + days(7 * (static_cast<int>(week.week) - 1)));
}

Date TransferDay(Date confirmed_on) {
  return eligibility::AddDays(MondayOf(WeekOf(confirmed_on)), 7);
}

bool TooLateForTransfer(const Offer& offer) {
  if (!offer.cross_border || !offer.decided_at || offer.state != State::kAccepted) return false;
  const Date confirmed = DateOf(*offer.decided_at);
  return TransferDay(confirmed) >= offer.start_date;
}

std::vector<std::string> InsuranceHeader() {
  return {"placement_id",
          "participant_reference",
          "given_name",
          "family_name",
          "birth_date",
          "residence",
          "destination",
          "town",
          "start_date",
          "end_date",
          "organisation_oid",
          "organisation_name",
          "grant_reference",
          "confirmed_at",
          "state",
          "too_late_for_transfer"};
}

std::vector<std::string> InsuranceRow(const Offer& o) {
  return {std::to_string(o.id),
          o.reference,
          o.given_name,
          o.family_name,
          FormatIsoDate(o.birth_date),
          o.residence,
          o.country,
          o.town,
          FormatIsoDate(o.start_date),
          FormatIsoDate(CountedEnd(o)),
          o.oid,
          o.organisation_name,
          o.grant_reference,
          o.decided_at ? FormatRfc3339(*o.decided_at) : "",
          std::string(StateCode(o.state)),
          TooLateForTransfer(o) ? "yes" : "no"};
}

}  // namespace pass::offers
