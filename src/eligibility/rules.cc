#include "eligibility/rules.h"

#include <algorithm>
#include <chrono>

#include "core/strings.h"
#include "participants/profile.h"

namespace pass::eligibility {

namespace {

using participants::AgeOn;
using participants::Birthday;

std::string Iso(Date d) { return FormatIsoDate(d); }

// A length as two message arguments, `<name>_months` and `<name>_days`, which the catalogues
// spell out with plural rules.
void AddLength(Message& m, const std::string& name, Length l) {
  m.args.emplace_back(name + "_months", std::to_string(l.months));
  m.args.emplace_back(name + "_days", std::to_string(l.days));
}

bool IsLongTermAbroad(const Activity& a) {
  return a.activity_type == "individual_volunteering" && a.cross_border &&
         a.to > MonthsLater(a.from, kLongTermMonths);
}

bool CrossBorder(const Person& person, const Proposal& offer) {
  return !offer.country.empty() && offer.country != person.residence;
}

}  // namespace

Date AddDays(Date d, int days) { return Date(std::chrono::sys_days(d) + std::chrono::days(days)); }

int DaysIncluded(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count()) + 1;
}

Date MonthsLater(Date start, int months) {
  auto ym = std::chrono::year_month(start.year(), start.month()) + std::chrono::months(months);
  const auto last =
      std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month()));
  // The period ends the day before the same date n months later; when that month has no such
  // date (31 January + 1 month), on its last day.
  if (start.day() > last.day()) return Date(ym.year(), ym.month(), last.day());
  return AddDays(Date(ym.year(), ym.month(), start.day()), -1);
}

Length LengthOf(Date from, Date to) {
  if (to < from) return {};
  // Whole months first (at most a little over the day count / 28), then the days after them.
  int months = 0;
  while (MonthsLater(from, months + 1) <= to) ++months;
  const Date after_months = MonthsLater(from, months);  // from - 1 day when months is 0
  return {months, DaysIncluded(after_months, to) - 1};
}

Length Sum(const std::vector<Length>& lengths) {
  Length out;
  for (const auto& l : lengths) {
    out.months += l.months;
    out.days += l.days;
  }
  out.months += out.days / kDaysPerMonthInSums;
  out.days %= kDaysPerMonthInSums;
  return out;
}

bool Exceeds(Length length, int months) {
  return length.months > months || (length.months == months && length.days > 0);
}

std::optional<DurationRule> DurationFor(std::string_view activity_type) {
  // R12. It names no duration for humanitarian aid or solidarity projects.
  if (activity_type == "individual_volunteering") return DurationRule{14, 0, 12, 2};
  if (activity_type == "volunteering_team") return DurationRule{14, 0, 2, 0};
  if (activity_type == "traineeship") return DurationRule{0, 2, 6, 0};
  if (activity_type == "job") return DurationRule{0, 3, 12, 0};
  return std::nullopt;
}

bool IsVolunteering(std::string_view activity_type) {
  return activity_type == "individual_volunteering" || activity_type == "volunteering_team" ||
         activity_type == "humanitarian_aid";
}

int MaxAgeAtStart(std::string_view activity_type) {
  return activity_type == "humanitarian_aid" ? participants::kMaxHumanitarianAge
                                             : participants::kMaxAge;
}

bool AgeFits(Date birth, std::string_view activity_type, Date start) {
  const int age = AgeOn(birth, start);
  return age >= participants::kMinActivityAge && age <= MaxAgeAtStart(activity_type);
}

bool ResidenceFits(std::string_view residence, const std::vector<std::string>& eligible) {
  return eligible.empty() ||
         std::find(eligible.begin(), eligible.end(), residence) != eligible.end();
}

Date LastAcceptanceDay(Date start) { return AddDays(start, -kMatchingLeadDays); }

Check CheckAge(const Person& person, const Proposal& offer) {
  const int age = AgeOn(person.birth_date, offer.start);
  const int max = MaxAgeAtStart(offer.activity_type);
  const bool young = age < participants::kMinActivityAge;
  const bool passed = AgeFits(person.birth_date, offer.activity_type, offer.start);
  Message m(passed  ? "rule.age.ok"
            : young ? "rule.age.young"
                    : "rule.age.old",
            {{"age", std::to_string(age)},
             {"start", Iso(offer.start)},
             {"max", std::to_string(max)},
             // a start on or after this day makes the person 18; before the other, not too old
             {"adult_on", Iso(Birthday(person.birth_date, participants::kMinActivityAge))},
             {"too_old_on", Iso(Birthday(person.birth_date, max + 1))}});
  return {"R8", passed, std::move(m)};
}

Check CheckResidence(const Person& person, const Proposal& offer) {
  const bool passed = ResidenceFits(person.residence, offer.eligible_residence);
  std::string countries;
  for (const auto& c : offer.eligible_residence) countries += (countries.empty() ? "" : ", ") + c;
  return {"R9", passed,
          Message(passed ? "rule.residence.ok" : "rule.residence.no",
                  {{"country", person.residence}, {"countries", countries}})};
}

std::vector<Check> CheckTime(const Person& person, const Proposal& offer) {
  std::vector<Check> out;
  // The 12 months count volunteering only; the offer counts when it is volunteering itself.
  if (IsVolunteering(offer.activity_type)) {
    std::vector<Length> done;
    for (const auto& a : person.activities) {
      if (IsVolunteering(a.activity_type)) done.push_back(LengthOf(a.from, a.to));
    }
    const Length done_total = Sum(done);
    const Length offered = LengthOf(offer.start, offer.end);
    auto with = [&](Date end) {
      auto all = done;
      all.push_back(LengthOf(offer.start, end));
      return Sum(all);
    };
    const Length total = with(offer.end);
    const bool passed = !Exceeds(total, kMaxVolunteeringMonths);
    Message m(passed ? "rule.total.ok" : "rule.total.over",
              {{"max", std::to_string(kMaxVolunteeringMonths)}});
    AddLength(m, "done", done_total);
    AddLength(m, "offered", offered);
    AddLength(m, "total", total);
    if (!passed) {
      // The latest end that stays within the limit, if even one day is left.
      std::optional<Date> latest;
      for (Date end = offer.start; end < offer.end; end = AddDays(end, 1)) {
        if (Exceeds(with(end), kMaxVolunteeringMonths)) break;
        latest = end;
      }
      if (latest) {
        m.args.emplace_back("latest", Iso(*latest));
      } else {
        m.key = "rule.total.none";
      }
    }
    out.push_back({"R10", passed, std::move(m)});
  }

  if (offer.activity_type == "individual_volunteering" && CrossBorder(person, offer) &&
      offer.end > MonthsLater(offer.start, kLongTermMonths)) {
    const auto earlier =
        std::find_if(person.activities.begin(), person.activities.end(), IsLongTermAbroad);
    const bool passed = earlier == person.activities.end() || person.fewer_opportunities;
    Message m(earlier == person.activities.end() ? "rule.long_term.first"
              : passed                           ? "rule.long_term.fewer"
                                                 : "rule.long_term.second",
              {{"months", std::to_string(kLongTermMonths)},
               {"latest", Iso(MonthsLater(offer.start, kLongTermMonths))}});
    if (earlier != person.activities.end()) {
      m.args.emplace_back("from", Iso(earlier->from));
      m.args.emplace_back("to", Iso(earlier->to));
      m.args.emplace_back("label", earlier->label);
    }
    out.push_back({"R10", passed, std::move(m)});
  }

  const auto clash =
      std::find_if(person.activities.begin(), person.activities.end(),
                   [&](const Activity& a) { return a.from <= offer.end && a.to >= offer.start; });
  if (clash == person.activities.end()) {
    out.push_back({"R10", true, Message("rule.overlap.ok")});
  } else {
    out.push_back({"R10", false,
                   Message("rule.overlap.no", {{"from", Iso(clash->from)},
                                               {"to", Iso(clash->to)},
                                               {"label", clash->label},
                                               {"before", Iso(AddDays(clash->from, -1))},
                                               {"after", Iso(AddDays(clash->to, 1))}})});
  }
  return out;
}

std::vector<Check> CheckTiming(const Proposal& offer, Date today, Moment moment) {
  std::vector<Check> out;
  const bool has_grant = !Trim(offer.grant_reference).empty();
  out.push_back({"R11", has_grant,
                 has_grant ? Message("rule.grant.ok", {{"grant", offer.grant_reference}})
                           : Message("rule.grant.missing")});
  const Date last = LastAcceptanceDay(offer.start);
  Message lead("rule.lead.ok", {{"start", Iso(offer.start)},
                                {"last", Iso(last)},
                                {"today", Iso(today)},
                                {"days", std::to_string(kMatchingLeadDays)},
                                {"answer_by", Iso(offer.answer_by)},
                                {"earliest", Iso(AddDays(today, kMatchingLeadDays))}});
  bool passed = true;
  if (today > last) {
    passed = false;
    lead.key = "rule.lead.late";
  } else if (moment == Moment::kSending && offer.answer_by > last) {
    passed = false;
    lead.key = "rule.answer_by.late";
  } else if (offer.answer_by < today) {
    passed = false;
    lead.key = moment == Moment::kSending ? "rule.answer_by.past" : "rule.answer_by.expired";
  }
  out.push_back({"R11", passed, std::move(lead)});
  return out;
}

Check CheckDurationFor(const Person& person, const Proposal& offer) {
  const int days = DaysIncluded(offer.start, offer.end);
  Message m("rule.duration.ok",
            {{"days", std::to_string(days)}, {"start", Iso(offer.start)}, {"end", Iso(offer.end)}});
  AddLength(m, "length", LengthOf(offer.start, offer.end));
  if (offer.end < offer.start) {
    m.key = "rule.duration.order";
    return {"R12", false, std::move(m)};
  }
  const auto rule = DurationFor(offer.activity_type);
  if (!rule) return {"R12", true, std::move(m)};
  const bool fewer_only = rule->usual_min_months > 0 && !person.fewer_opportunities;
  const bool too_short_days = rule->min_days > 0 && days < rule->min_days;
  const bool too_short_months =
      rule->min_months > 0 && offer.end < MonthsLater(offer.start, rule->min_months);
  const bool short_for_person =
      fewer_only && offer.end < MonthsLater(offer.start, rule->usual_min_months);
  const bool too_long =
      rule->max_months > 0 && offer.end > MonthsLater(offer.start, rule->max_months);
  m.args.emplace_back("max", std::to_string(rule->max_months));
  m.args.emplace_back("latest", Iso(MonthsLater(offer.start, rule->max_months)));
  if (too_long) {
    m.key = "rule.duration.too_long";
  } else if (too_short_days || too_short_months || short_for_person) {
    // The earliest end that would pass for this person.
    Date earliest = offer.start;
    if (short_for_person) {
      earliest = MonthsLater(offer.start, rule->usual_min_months);
      m.key = "rule.duration.fewer_only";
      m.args.emplace_back("months", std::to_string(rule->usual_min_months));
    } else if (too_short_days) {
      earliest = AddDays(offer.start, rule->min_days - 1);
      m.key = "rule.duration.too_short_weeks";
      m.args.emplace_back("weeks", std::to_string(rule->min_days / 7));
    } else {
      earliest = MonthsLater(offer.start, rule->min_months);
      m.key = "rule.duration.too_short_months";
      m.args.emplace_back("months", std::to_string(rule->min_months));
    }
    m.args.emplace_back("earliest", Iso(earliest));
  } else {
    return {"R12", true, std::move(m)};
  }
  return {"R12", false, std::move(m)};
}

std::vector<Check> CheckOffer(const Person& person, const Proposal& offer, Date today,
                              Moment moment) {
  std::vector<Check> out;
  out.push_back(CheckAge(person, offer));
  out.push_back(CheckResidence(person, offer));
  for (auto& c : CheckTime(person, offer)) out.push_back(std::move(c));
  for (auto& c : CheckTiming(offer, today, moment)) out.push_back(std::move(c));
  out.push_back(CheckDurationFor(person, offer));
  return out;
}

std::vector<Check> Refusals(const std::vector<Check>& checks) {
  std::vector<Check> out;
  std::copy_if(checks.begin(), checks.end(), std::back_inserter(out),
               [](const Check& c) { return !c.passed; });
  return out;
}

}  // namespace pass::eligibility
