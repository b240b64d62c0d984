// The corps' eligibility rules (SPEC R8-R12) in one place: age at the start, residence, the
// 12-month volunteering limit and the single long-term stay abroad, no two placements at once,
// the grant and the 14-day matching lead, and the durations per activity type. Every check
// answers with the rule, the figures and what would make it pass, for the staff member sending
// an offer and for the young person accepting it alike. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace pass::eligibility {

inline constexpr int kMaxVolunteeringMonths = 12;  // R10, all corps volunteering together
inline constexpr int kLongTermMonths = 2;          // R10: longer than this is long-term
inline constexpr int kMatchingLeadDays = 14;       // R11: accepted at least this long before
inline constexpr int kDaysPerMonthInSums = 30;     // R10: leftover days add up to months

Date AddDays(Date d, int days);
// Days from `from` to `to`, both included (1 for the same day).
int DaysIncluded(Date from, Date to);

// The last day of a period of `months` calendar months starting on `start`: 15 March + 2 months
// ends on 14 May; 31 January + 1 month on the last day of February.
Date MonthsLater(Date start, int months);

// How long a period lasts in whole calendar months and the days after them.
struct Length {
  int months = 0;
  int days = 0;
  friend bool operator==(const Length&, const Length&) = default;
};
Length LengthOf(Date from, Date to);
// Lengths added up: months, then the days, every kDaysPerMonthInSums days making a month.
Length Sum(const std::vector<Length>& lengths);
bool Exceeds(Length length, int months);  // longer than `months` months

// How long an activity of a type may last (R12), in whole calendar months and days.
struct DurationRule {
  int min_days = 0;    // 0: no day minimum
  int min_months = 0;  // 0: no month minimum
  int max_months = 0;  // 0: no maximum
  // The usual minimum when it differs (individual volunteering: 2 months): the shorter one is
  // for participants with fewer opportunities only.
  int usual_min_months = 0;
};
std::optional<DurationRule> DurationFor(std::string_view activity_type);

// Whether the type is volunteering, which the 12-month limit counts (R10); traineeships, jobs
// and solidarity projects are not.
bool IsVolunteering(std::string_view activity_type);

// R8: the oldest age at the start (35 for humanitarian aid, else 30), and whether `birth` fits.
int MaxAgeAtStart(std::string_view activity_type);
bool AgeFits(Date birth, std::string_view activity_type, Date start);
// R9: an empty list takes every country.
bool ResidenceFits(std::string_view residence, const std::vector<std::string>& eligible);

// A corps activity the person has done or will do: earlier ones they declared, and placements
// accepted in the portal (with the actual end once recorded).
struct Activity {
  Date from;
  Date to;  // inclusive
  std::string activity_type;
  bool cross_border = false;
  std::string label;  // how explanations name it: an organisation and title, or "declared"
};

struct Person {
  Date birth_date;
  std::string residence;
  bool fewer_opportunities = false;
  std::vector<Activity> activities;  // never the offer being checked
};

// The offer being sent or accepted.
struct Proposal {
  std::string activity_type;
  std::string country;                          // where it takes place
  std::vector<std::string> eligible_residence;  // the opportunity's, empty: every country
  std::string grant_reference;                  // the funded project
  Date start;
  Date end;  // inclusive
  Date answer_by;
};

// Sending checks the answer-by date against today and the start; accepting checks it has not
// passed.
enum class Moment { kSending, kAccepting };

struct Check {
  std::string rule;  // "R8" .. "R12"
  bool passed = false;
  Message explanation;  // the figures, and for a failure what would make it pass
};

// Every check, passed or not, in rule order.
std::vector<Check> CheckOffer(const Person& person, const Proposal& offer, Date today,
                              Moment moment);
// Only the failed ones (empty: the offer may go ahead).
std::vector<Check> Refusals(const std::vector<Check>& checks);

// Each rule alone, for the tables in the tests and for pages that explain one rule.
Check CheckAge(const Person& person, const Proposal& offer);                       // R8
Check CheckResidence(const Person& person, const Proposal& offer);                 // R9
std::vector<Check> CheckTime(const Person& person, const Proposal& offer);         // R10
std::vector<Check> CheckTiming(const Proposal& offer, Date today, Moment moment);  // R11
Check CheckDurationFor(const Person& person, const Proposal& offer);               // R12

// The last day an offer starting on `start` may be accepted (R11).
Date LastAcceptanceDay(Date start);

}  // namespace pass::eligibility
