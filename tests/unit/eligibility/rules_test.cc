// The eligibility rules R8-R12 at their exact boundaries, one table per rule: each row is a
// situation a staff member or a young person meets, with the verdict and the message that
// explains it (rule, figures, what would pass).
#include "eligibility/rules.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace pass::eligibility {
namespace {

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

std::string Arg(const Message& m, std::string_view name) {
  const std::string* v = m.Arg(name);
  return v ? *v : "<none>";
}

// A person who passes everything for the default proposal below.
Person Someone() {
  Person p;
  p.birth_date = D(2000, 6, 15);
  p.residence = "SE";
  return p;
}

// Individual volunteering abroad for 6 months, accepted in good time.
Proposal AnOffer() {
  Proposal o;
  o.activity_type = "individual_volunteering";
  o.country = "FR";
  o.grant_reference = "2026-1-FR02-ESC51-000123";
  o.start = D(2027, 3, 1);
  o.end = D(2027, 8, 31);
  o.answer_by = D(2027, 2, 1);
  return o;
}

const Date kToday = D(2027, 1, 10);

TEST(CalendarMonths, LengthsAreWholeMonthsThenDays) {
  struct Row {
    Date from, to;
    Length expected;
  } rows[] = {
      {D(2027, 3, 1), D(2027, 3, 31), {1, 0}},  {D(2027, 3, 1), D(2027, 3, 30), {0, 30}},
      {D(2027, 3, 15), D(2027, 5, 14), {2, 0}}, {D(2027, 3, 15), D(2027, 5, 15), {2, 1}},
      {D(2027, 1, 31), D(2027, 2, 28), {1, 0}},  // the last day of a short month
      {D(2028, 1, 31), D(2028, 2, 29), {1, 0}},  // leap year
      {D(2028, 3, 1), D(2029, 2, 28), {12, 0}},  // 12 months to the day, over 29 February
      {D(2027, 3, 1), D(2027, 3, 1), {0, 1}},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(LengthOf(r.from, r.to), r.expected)
        << FormatIsoDate(r.from) << ".." << FormatIsoDate(r.to);
  }
  EXPECT_EQ(Sum({{5, 20}, {6, 10}}), (Length{12, 0}));
  EXPECT_EQ(Sum({{5, 20}, {6, 11}}), (Length{12, 1}));
  EXPECT_FALSE(Exceeds({12, 0}, 12));
  EXPECT_TRUE(Exceeds({12, 1}, 12));
}

TEST(R8Age, EighteenToThirtyAtTheStartThirtyFiveForHumanitarianAid) {
  struct Row {
    Date birth;
    std::string type;
    bool passed;
    std::string key;
  } rows[] = {
      // start 2027-03-01
      {D(2009, 3, 1), "individual_volunteering", true, "rule.age.ok"},      // 18 on the day
      {D(2009, 3, 2), "individual_volunteering", false, "rule.age.young"},  // 18 a day later
      {D(1996, 3, 2), "individual_volunteering", true, "rule.age.ok"},      // 30, 31 tomorrow
      {D(1996, 3, 1), "individual_volunteering", false, "rule.age.old"},    // 31 on the day
      {D(1991, 3, 2), "humanitarian_aid", true, "rule.age.ok"},             // 35
      {D(1991, 3, 1), "humanitarian_aid", false, "rule.age.old"},           // 36 on the day
  };
  for (const auto& r : rows) {
    Person p = Someone();
    p.birth_date = r.birth;
    Proposal o = AnOffer();
    o.activity_type = r.type;
    const Check c = CheckAge(p, o);
    EXPECT_EQ(c.rule, "R8");
    EXPECT_EQ(c.passed, r.passed) << FormatIsoDate(r.birth) << " " << r.type;
    EXPECT_EQ(c.explanation.key, r.key) << FormatIsoDate(r.birth);
  }
  // What would pass is named: the day the person turns 18.
  Person young = Someone();
  young.birth_date = D(2009, 3, 2);
  EXPECT_EQ(Arg(CheckAge(young, AnOffer()).explanation, "adult_on"), "2027-03-02");
  EXPECT_EQ(Arg(CheckAge(young, AnOffer()).explanation, "age"), "17");
}

TEST(R8Age, BornOnTwentyNinthFebruaryTurnsOlderOnFirstMarch) {
  Person p = Someone();
  p.birth_date = D(1996, 2, 29);  // 31 on 2027-03-01 (common year)
  Proposal o = AnOffer();
  o.start = D(2027, 2, 28);
  o.end = D(2027, 8, 27);
  EXPECT_TRUE(CheckAge(p, o).passed);
  o.start = D(2027, 3, 1);
  EXPECT_FALSE(CheckAge(p, o).passed);
}

TEST(R9Residence, ListedCountryOrEveryCountry) {
  struct Row {
    std::vector<std::string> eligible;
    bool passed;
  } rows[] = {{{}, true}, {{"SE"}, true}, {{"FR", "SE"}, true}, {{"FR", "DE"}, false}};
  for (const auto& r : rows) {
    Proposal o = AnOffer();
    o.eligible_residence = r.eligible;
    const Check c = CheckResidence(Someone(), o);
    EXPECT_EQ(c.passed, r.passed);
    EXPECT_EQ(c.rule, "R9");
  }
  Proposal o = AnOffer();
  o.eligible_residence = {"FR", "DE"};
  EXPECT_EQ(Arg(CheckResidence(Someone(), o).explanation, "countries"), "FR, DE");
}

Check TotalCheck(const std::vector<Check>& checks) {
  for (const auto& c : checks) {
    if (c.explanation.key.starts_with("rule.total")) return c;
  }
  return {};
}

TEST(R10Total, TwelveMonthsOfVolunteeringIncludingTheOffer) {
  struct Row {
    Date done_from, done_to;
    std::string done_type;
    Date start, end;
    bool passed;
    std::string key;
  } rows[] = {
      // 6 months done + 6 offered = 12: passes to the day
      {D(2025, 1, 1), D(2025, 6, 30), "individual_volunteering", D(2027, 3, 1), D(2027, 8, 31),
       true, "rule.total.ok"},
      // one day more: 12 months 1 day
      {D(2025, 1, 1), D(2025, 7, 1), "individual_volunteering", D(2027, 3, 1), D(2027, 8, 31),
       false, "rule.total.over"},
      // 9 done + 4 offered = 13 > 12
      {D(2025, 1, 1), D(2025, 9, 30), "volunteering_team", D(2027, 3, 1), D(2027, 6, 30), false,
       "rule.total.over"},
      // a traineeship does not count
      {D(2025, 1, 1), D(2025, 9, 30), "traineeship", D(2027, 3, 1), D(2027, 6, 30), true,
       "rule.total.ok"},
      // 12 done already: nothing left
      {D(2025, 1, 1), D(2025, 12, 31), "humanitarian_aid", D(2027, 3, 1), D(2027, 4, 30), false,
       "rule.total.none"},
  };
  for (const auto& r : rows) {
    Person p = Someone();
    p.activities.push_back({r.done_from, r.done_to, r.done_type, false, "declared"});
    Proposal o = AnOffer();
    o.start = r.start;
    o.end = r.end;
    const Check c = TotalCheck(CheckTime(p, o));
    EXPECT_EQ(c.rule, "R10");
    EXPECT_EQ(c.passed, r.passed) << FormatIsoDate(r.done_to);
    EXPECT_EQ(c.explanation.key, r.key) << FormatIsoDate(r.done_to);
  }
  // The figures of "9 months already done + 4 offered = 13 > 12", and the end that would pass.
  Person p = Someone();
  p.activities.push_back({D(2025, 1, 1), D(2025, 9, 30), "individual_volunteering", false, "x"});
  Proposal o = AnOffer();
  o.end = D(2027, 6, 30);
  const Check c = TotalCheck(CheckTime(p, o));
  EXPECT_EQ(Arg(c.explanation, "done_months"), "9");
  EXPECT_EQ(Arg(c.explanation, "offered_months"), "4");
  EXPECT_EQ(Arg(c.explanation, "total_months"), "13");
  EXPECT_EQ(Arg(c.explanation, "total_days"), "0");
  EXPECT_EQ(Arg(c.explanation, "latest"), "2027-05-31");
  o.end = D(2027, 5, 31);
  EXPECT_TRUE(TotalCheck(CheckTime(p, o)).passed);
}

TEST(R10Total, JobsAndTraineeshipOffersAreNotCounted) {
  Person p = Someone();
  p.activities.push_back({D(2025, 1, 1), D(2025, 12, 31), "individual_volunteering", false, "x"});
  Proposal o = AnOffer();
  o.activity_type = "job";
  EXPECT_EQ(TotalCheck(CheckTime(p, o)).rule, "");
}

TEST(R10LongTerm, OneLongStayAbroadUnlessFewerOpportunities) {
  const Activity long_abroad{D(2024, 1, 1), D(2024, 3, 1), "individual_volunteering", true,
                             "Earlier"};  // 2 months 1 day: long-term
  const Activity two_months_abroad{D(2024, 1, 1), D(2024, 2, 29), "individual_volunteering", true,
                                   "Earlier"};  // exactly 2 months: not long-term
  const Activity long_at_home{D(2024, 1, 1), D(2024, 6, 30), "individual_volunteering", false,
                              "Earlier"};
  struct Row {
    Activity earlier;
    bool fewer;
    Date end;  // of the offer from 2027-03-01, abroad
    bool passed;
    std::string key;
  } rows[] = {
      {long_abroad, false, D(2027, 8, 31), false, "rule.long_term.second"},
      {long_abroad, true, D(2027, 8, 31), true, "rule.long_term.fewer"},
      {two_months_abroad, false, D(2027, 8, 31), true, "rule.long_term.first"},
      {long_at_home, false, D(2027, 8, 31), true, "rule.long_term.first"},
      // the offer itself is 2 months to the day: not long-term, no check
      {long_abroad, false, D(2027, 4, 30), true, ""},
  };
  for (const auto& r : rows) {
    Person p = Someone();
    p.fewer_opportunities = r.fewer;
    p.activities.push_back(r.earlier);
    Proposal o = AnOffer();
    o.end = r.end;
    std::string key;
    bool passed = true;
    for (const auto& c : CheckTime(p, o)) {
      if (c.explanation.key.starts_with("rule.long_term")) {
        key = c.explanation.key;
        passed = c.passed;
      }
    }
    EXPECT_EQ(key, r.key) << FormatIsoDate(r.earlier.to) << " " << FormatIsoDate(r.end);
    EXPECT_EQ(passed, r.passed) << FormatIsoDate(r.earlier.to);
  }
  // An offer at home is never the second stay abroad.
  Person p = Someone();
  p.activities.push_back(long_abroad);
  Proposal home = AnOffer();
  home.country = "SE";
  for (const auto& c : CheckTime(p, home))
    EXPECT_FALSE(c.explanation.key.starts_with("rule.long_term"));
}

TEST(R10Overlap, NoTwoPlacementsAtOnceByOneDay) {
  struct Row {
    Date from, to;
    bool passed;
  } rows[] = {
      {D(2027, 1, 1), D(2027, 2, 28), true},    // ends the day before
      {D(2027, 1, 1), D(2027, 3, 1), false},    // overlaps the first day
      {D(2027, 8, 31), D(2027, 9, 30), false},  // overlaps the last day
      {D(2027, 9, 1), D(2027, 9, 30), true},    // starts the day after
  };
  for (const auto& r : rows) {
    Person p = Someone();
    p.activities.push_back({r.from, r.to, "job", false, "Other placement"});
    const auto checks = CheckTime(p, AnOffer());
    const Check& overlap = checks.back();
    EXPECT_EQ(overlap.explanation.key, r.passed ? "rule.overlap.ok" : "rule.overlap.no");
    EXPECT_EQ(overlap.passed, r.passed) << FormatIsoDate(r.from);
  }
}

TEST(R11Timing, GrantAndFourteenDaysBeforeTheStart) {
  struct Row {
    std::string grant;
    Date today;
    Date answer_by;
    Moment moment;
    bool grant_ok;
    bool lead_ok;
    std::string lead_key;
  } rows[] = {
      {"G-1", D(2027, 2, 15), D(2027, 2, 15), Moment::kSending, true, true, "rule.lead.ok"},
      // 14 days before the start is the last day; the 15th day before is fine too
      {"G-1", D(2027, 2, 16), D(2027, 2, 15), Moment::kSending, true, false, "rule.lead.late"},
      {"G-1", D(2027, 1, 10), D(2027, 2, 16), Moment::kSending, true, false, "rule.answer_by.late"},
      {"G-1", D(2027, 1, 10), D(2027, 1, 9), Moment::kSending, true, false, "rule.answer_by.past"},
      {"", D(2027, 1, 10), D(2027, 2, 1), Moment::kSending, false, true, "rule.lead.ok"},
      {"  ", D(2027, 1, 10), D(2027, 2, 1), Moment::kSending, false, true, "rule.lead.ok"},
      // accepting on the answer-by day works, the day after not
      {"G-1", D(2027, 2, 1), D(2027, 2, 1), Moment::kAccepting, true, true, "rule.lead.ok"},
      {"G-1", D(2027, 2, 2), D(2027, 2, 1), Moment::kAccepting, true, false,
       "rule.answer_by.expired"},
  };
  for (const auto& r : rows) {
    Proposal o = AnOffer();
    o.grant_reference = r.grant;
    o.answer_by = r.answer_by;
    const auto checks = CheckTiming(o, r.today, r.moment);
    ASSERT_EQ(checks.size(), 2u);
    EXPECT_EQ(checks[0].passed, r.grant_ok) << "'" << r.grant << "'";
    EXPECT_EQ(checks[0].explanation.key, r.grant_ok ? "rule.grant.ok" : "rule.grant.missing");
    EXPECT_EQ(checks[1].passed, r.lead_ok) << FormatIsoDate(r.today);
    EXPECT_EQ(checks[1].explanation.key, r.lead_key) << FormatIsoDate(r.today);
    EXPECT_EQ(checks[1].rule, "R11");
  }
  EXPECT_EQ(LastAcceptanceDay(D(2027, 3, 1)), D(2027, 2, 15));
  EXPECT_EQ(LastAcceptanceDay(D(2028, 3, 14)), D(2028, 2, 29));  // leap year
}

TEST(R12Duration, PerActivityTypeAndPerson) {
  struct Row {
    std::string type;
    Date end;  // from 2027-03-01
    bool fewer;
    bool passed;
    std::string key;
  } rows[] = {
      {"individual_volunteering", D(2027, 4, 30), false, true, "rule.duration.ok"},  // 2 months
      {"individual_volunteering", D(2027, 4, 29), false, false, "rule.duration.fewer_only"},
      {"individual_volunteering", D(2027, 3, 14), true, true, "rule.duration.ok"},  // 2 weeks
      {"individual_volunteering", D(2027, 3, 13), true, false, "rule.duration.too_short_weeks"},
      {"individual_volunteering", D(2028, 2, 29), false, true, "rule.duration.ok"},  // 12 months
      {"individual_volunteering", D(2028, 3, 1), false, false, "rule.duration.too_long"},
      {"volunteering_team", D(2027, 3, 14), false, true, "rule.duration.ok"},
      {"volunteering_team", D(2027, 4, 30), false, true, "rule.duration.ok"},
      {"volunteering_team", D(2027, 5, 1), false, false, "rule.duration.too_long"},
      {"traineeship", D(2027, 4, 29), false, false, "rule.duration.too_short_months"},
      {"traineeship", D(2027, 8, 31), false, true, "rule.duration.ok"},
      {"traineeship", D(2027, 9, 1), false, false, "rule.duration.too_long"},
      {"job", D(2027, 5, 30), false, false, "rule.duration.too_short_months"},
      {"job", D(2027, 5, 31), false, true, "rule.duration.ok"},
      {"humanitarian_aid", D(2027, 3, 1), false, true, "rule.duration.ok"},
      {"job", D(2027, 2, 28), false, false, "rule.duration.order"},
  };
  for (const auto& r : rows) {
    Person p = Someone();
    p.fewer_opportunities = r.fewer;
    Proposal o = AnOffer();
    o.activity_type = r.type;
    o.end = r.end;
    const Check c = CheckDurationFor(p, o);
    EXPECT_EQ(c.rule, "R12");
    EXPECT_EQ(c.passed, r.passed) << r.type << " " << FormatIsoDate(r.end);
    EXPECT_EQ(c.explanation.key, r.key) << r.type << " " << FormatIsoDate(r.end);
  }
  Person p = Someone();
  Proposal o = AnOffer();
  o.end = D(2027, 4, 29);
  EXPECT_EQ(Arg(CheckDurationFor(p, o).explanation, "earliest"), "2027-04-30");
}

TEST(CheckOffer, EveryRuleOnceInOrderAndOnlyFailuresAsRefusals) {
  const auto checks = CheckOffer(Someone(), AnOffer(), kToday, Moment::kSending);
  std::vector<std::string> rules;
  for (const auto& c : checks) rules.push_back(c.rule);
  EXPECT_EQ(rules,
            (std::vector<std::string>{"R8", "R9", "R10", "R10", "R10", "R11", "R11", "R12"}));
  EXPECT_TRUE(Refusals(checks).empty());

  Proposal o = AnOffer();
  o.grant_reference.clear();
  o.eligible_residence = {"FR"};
  const auto refusals = Refusals(CheckOffer(Someone(), o, kToday, Moment::kSending));
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].rule, "R9");
  EXPECT_EQ(refusals[1].explanation.key, "rule.grant.missing");
}

}  // namespace
}  // namespace pass::eligibility
