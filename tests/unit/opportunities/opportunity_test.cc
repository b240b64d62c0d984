// The opportunity's own rules (SPEC F8, R8, R9, R11, R12), without a database: calendar months,
// durations per activity type at their exact boundaries, every field rule with the field name the
// form shows, what publishing needs, when an opportunity closes by itself, who is eligible, and
// the organisation's own description (F7).
#include "opportunities/opportunity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "codes/codes.h"

namespace pass::opportunities {
namespace {

using codes::Level;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

Date Plus(Date d, int days) { return Date(std::chrono::sys_days(d) + std::chrono::days(days)); }

std::string Iso(Date d) { return FormatIsoDate(d); }

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

// The message key of the first error on `field`, or "" when there is none.
std::string KeyOf(const std::vector<FieldError>& errors, std::string_view field) {
  for (const auto& e : errors) {
    if (e.field == field) return e.message.key;
  }
  return "";
}

std::string ArgOf(const Message& m, std::string_view name) {
  const std::string* v = m.Arg(name);
  return v ? *v : "<none>";
}

const FieldError* ErrorOn(const std::vector<FieldError>& errors, std::string_view field) {
  for (const auto& e : errors) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// 1 December 2026, the fake clock's first day in the service tests.
const Date kToday = D(2026, 12, 1);

// A complete, valid opportunity: six months of individual volunteering from 1 March 2027, a
// deadline well before the matching lead time.
Opportunity Valid() {
  Opportunity o;
  o.oid = "E10000001";
  o.title = "Forest volunteers in Umeå";
  o.description = "Help us look after the forest.\nTrails, nesting boxes and school visits.";
  o.activity_type = "individual_volunteering";
  o.topics = {"environment_nature", "climate_action"};
  o.country = "SE";
  o.town = "Umeå";
  o.start_date = D(2027, 3, 1);
  o.end_date = D(2027, 8, 31);
  o.places = 2;
  o.application_deadline = D(2027, 2, 1);
  o.languages = {{"sv", Level::kA2}, {"en", Level::kB1}};
  o.skills = {"first_aid", "photography"};
  o.participant_profile = "Someone who likes the outdoors.";
  o.practical_arrangements = "A room in a shared flat, meals and a bicycle.";
  o.training = "On-arrival training and a first-aid course.";
  o.contact_person = "Anna Berg";
  o.grant_reference = "2026-1-SE02-ESC51-000123";
  return o;
}

// ---------------------------------------------------------------------------------------------
// Status codes

TEST(StatusTest, CodesRoundTrip) {
  for (const Status s : {Status::kDraft, Status::kPublished, Status::kClosed}) {
    EXPECT_EQ(ParseStatus(StatusCode(s)), s);
  }
  EXPECT_EQ(StatusCode(Status::kPublished), "published");
  EXPECT_FALSE(ParseStatus("Published").has_value());
  EXPECT_FALSE(ParseStatus("").has_value());
}

// ---------------------------------------------------------------------------------------------
// MonthsLater: the first end date that makes `months` whole calendar months (end inclusive).

TEST(MonthsLaterTest, TheDayBeforeTheSameDayOfTheLaterMonth) {
  EXPECT_EQ(MonthsLater(D(2027, 3, 15), 2), D(2027, 5, 14)) << "the header's example";
  EXPECT_EQ(MonthsLater(D(2027, 1, 1), 1), D(2027, 1, 31));
  EXPECT_EQ(MonthsLater(D(2027, 1, 1), 12), D(2027, 12, 31));
  EXPECT_EQ(MonthsLater(D(2027, 3, 1), 6), D(2027, 8, 31));
  EXPECT_EQ(MonthsLater(D(2027, 11, 15), 3), D(2028, 2, 14)) << "across the year";
  EXPECT_EQ(MonthsLater(D(2027, 6, 10), 0), D(2027, 6, 9)) << "zero months: the day before";
}

TEST(MonthsLaterTest, ADayTheLaterMonthLacksIsItsLastDay) {
  // A period of months ends the day before the same date in the later month; when that month
  // has no such date, on its last day (as Regulation 1182/71 counts periods).
  EXPECT_EQ(MonthsLater(D(2027, 1, 31), 1), D(2027, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 1, 30), 1), D(2027, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 1, 29), 1), D(2027, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 1, 28), 1), D(2027, 2, 27));
  EXPECT_EQ(MonthsLater(D(2027, 2, 1), 1), D(2027, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 3, 31), 1), D(2027, 4, 30)) << "April has 30 days";
  EXPECT_EQ(MonthsLater(D(2026, 12, 31), 2), D(2027, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 1, 1), 2), D(2027, 2, 28));
}

TEST(MonthsLaterTest, LeapYears) {
  EXPECT_EQ(MonthsLater(D(2028, 1, 31), 1), D(2028, 2, 29)) << "the last day of a leap February";
  EXPECT_EQ(MonthsLater(D(2028, 2, 1), 1), D(2028, 2, 29));
  EXPECT_EQ(MonthsLater(D(2027, 3, 1), 12), D(2028, 2, 29)) << "a year ending in a leap February";
  EXPECT_EQ(MonthsLater(D(2028, 3, 1), 12), D(2029, 2, 28));
  EXPECT_EQ(MonthsLater(D(2027, 2, 28), 12), D(2028, 2, 27));
}

TEST(MonthsLaterTest, StartingOnTheTwentyNinthOfFebruary) {
  EXPECT_EQ(MonthsLater(D(2028, 2, 29), 1), D(2028, 3, 28));
  EXPECT_EQ(MonthsLater(D(2028, 2, 29), 2), D(2028, 4, 28));
  EXPECT_EQ(MonthsLater(D(2028, 2, 29), 12), D(2029, 2, 28)) << "2029 has no 29 February";
  EXPECT_EQ(MonthsLater(D(2028, 2, 29), 48), D(2032, 2, 28)) << "2032 has one";
}

// ---------------------------------------------------------------------------------------------
// Durations (R12)

TEST(DurationTest, RulesPerActivityType) {
  const auto iv = DurationFor("individual_volunteering");
  ASSERT_TRUE(iv.has_value());
  EXPECT_EQ(iv->min_days, 14);
  EXPECT_EQ(iv->max_months, 12);
  EXPECT_EQ(iv->usual_min_months, 2);
  const auto team = DurationFor("volunteering_team");
  ASSERT_TRUE(team.has_value());
  EXPECT_EQ(team->min_days, 14);
  EXPECT_EQ(team->max_months, 2);
  const auto trainee = DurationFor("traineeship");
  ASSERT_TRUE(trainee.has_value());
  EXPECT_EQ(trainee->min_months, 2);
  EXPECT_EQ(trainee->max_months, 6);
  const auto job = DurationFor("job");
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->min_months, 3);
  EXPECT_EQ(job->max_months, 12);
  EXPECT_FALSE(DurationFor("humanitarian_aid").has_value());
  EXPECT_FALSE(DurationFor("solidarity_project").has_value());
  EXPECT_FALSE(DurationFor("unknown").has_value());
}

struct DurationCase {
  std::string name;
  std::string type;
  Date end;
  std::string key;  // "" when the duration is allowed
};

// Every case starts on 1 March 2027; the year after it ends in a leap February.
const Date kStart = D(2027, 3, 1);
const DurationCase kDurationCases[] = {
    {"IndividualFourteenDays", "individual_volunteering", D(2027, 3, 14), ""},
    {"IndividualThirteenDays", "individual_volunteering", D(2027, 3, 13),
     "error.opportunity.too_short_weeks"},
    {"IndividualOneDay", "individual_volunteering", D(2027, 3, 1),
     "error.opportunity.too_short_weeks"},
    {"IndividualTwoMonths", "individual_volunteering", D(2027, 4, 30), ""},
    {"IndividualTwelveMonths", "individual_volunteering", D(2028, 2, 29), ""},
    {"IndividualTwelveMonthsAndADay", "individual_volunteering", D(2028, 3, 1),
     "error.opportunity.too_long"},
    {"TeamFourteenDays", "volunteering_team", D(2027, 3, 14), ""},
    {"TeamThirteenDays", "volunteering_team", D(2027, 3, 13), "error.opportunity.too_short_weeks"},
    {"TeamTwoMonths", "volunteering_team", D(2027, 4, 30), ""},
    {"TeamTwoMonthsAndADay", "volunteering_team", D(2027, 5, 1), "error.opportunity.too_long"},
    {"TraineeshipTwoMonths", "traineeship", D(2027, 4, 30), ""},
    {"TraineeshipTwoMonthsLessADay", "traineeship", D(2027, 4, 29),
     "error.opportunity.too_short_months"},
    {"TraineeshipSixMonths", "traineeship", D(2027, 8, 31), ""},
    {"TraineeshipSixMonthsAndADay", "traineeship", D(2027, 9, 1), "error.opportunity.too_long"},
    {"JobThreeMonths", "job", D(2027, 5, 31), ""},
    {"JobThreeMonthsLessADay", "job", D(2027, 5, 30), "error.opportunity.too_short_months"},
    {"JobTwelveMonths", "job", D(2028, 2, 29), ""},
    {"JobTwelveMonthsAndADay", "job", D(2028, 3, 1), "error.opportunity.too_long"},
    {"HumanitarianOneDay", "humanitarian_aid", D(2027, 3, 1), ""},
    {"HumanitarianFiveYears", "humanitarian_aid", D(2032, 2, 28), ""},
    {"SolidarityOneDay", "solidarity_project", D(2027, 3, 1), ""},
    {"SolidarityFiveYears", "solidarity_project", D(2032, 2, 28), ""},
};

TEST(DurationTest, ExactBoundariesPerActivityType) {
  for (const auto& c : kDurationCases) {
    SCOPED_TRACE(c.name);
    const auto error = CheckDuration(c.type, kStart, c.end);
    if (c.key.empty()) {
      EXPECT_FALSE(error.has_value()) << error->message.key;
      // CheckOpportunity agrees.
      Opportunity o = Valid();
      o.activity_type = c.type;
      o.end_date = c.end;
      EXPECT_EQ(KeyOf(CheckOpportunity(o), "end_date"), "");
    } else {
      ASSERT_TRUE(error.has_value());
      EXPECT_EQ(error->field, "end_date");
      EXPECT_EQ(error->message.key, c.key);
      Opportunity o = Valid();
      o.activity_type = c.type;
      o.end_date = c.end;
      const auto errors = CheckOpportunity(o);
      EXPECT_EQ(Fields(errors), std::vector<std::string>{"end_date"});
      EXPECT_EQ(KeyOf(errors, "end_date"), c.key);
    }
  }
}

TEST(DurationTest, TooShortInWeeksSaysTheEarliestEndAndTheDays) {
  const auto e = CheckDuration("individual_volunteering", D(2027, 3, 15), D(2027, 3, 27));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message.key, "error.opportunity.too_short_weeks");
  EXPECT_EQ(ArgOf(e->message, "days"), "13");
  EXPECT_EQ(ArgOf(e->message, "weeks"), "2");
  EXPECT_EQ(ArgOf(e->message, "earliest"), "2027-03-28");
  EXPECT_EQ(ArgOf(e->message, "latest"), "2028-03-14");
  EXPECT_EQ(ArgOf(e->message, "max"), "12");
}

TEST(DurationTest, TooShortInMonthsSaysTheEarliestEnd) {
  const auto e = CheckDuration("job", D(2027, 3, 15), D(2027, 6, 13));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message.key, "error.opportunity.too_short_months");
  EXPECT_EQ(ArgOf(e->message, "months"), "3");
  EXPECT_EQ(ArgOf(e->message, "earliest"), "2027-06-14");
  EXPECT_EQ(ArgOf(e->message, "latest"), "2028-03-14");
  EXPECT_EQ(ArgOf(e->message, "days"), "91");
}

TEST(DurationTest, TooLongSaysTheLatestEndAndTheDays) {
  const auto e = CheckDuration("traineeship", kStart, D(2027, 9, 1));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message.key, "error.opportunity.too_long");
  EXPECT_EQ(ArgOf(e->message, "max"), "6");
  EXPECT_EQ(ArgOf(e->message, "latest"), "2027-08-31");
  EXPECT_EQ(ArgOf(e->message, "earliest"), "2027-04-30");
  EXPECT_EQ(ArgOf(e->message, "days"), "185");

  const auto year = CheckDuration("individual_volunteering", kStart, D(2028, 3, 1));
  ASSERT_TRUE(year.has_value());
  EXPECT_EQ(ArgOf(year->message, "latest"), "2028-02-29");
  EXPECT_EQ(ArgOf(year->message, "earliest"), "2027-03-14");
  EXPECT_EQ(ArgOf(year->message, "days"), "367");
}

TEST(DurationTest, AStartOnTheLastDayOfAMonth) {
  // A traineeship from 31 August: February has no 31st, so six months end on 28 February.
  EXPECT_FALSE(CheckDuration("traineeship", D(2026, 8, 31), D(2027, 2, 28)).has_value());
  EXPECT_TRUE(CheckDuration("traineeship", D(2026, 8, 31), D(2027, 3, 1)).has_value());
  // And two months from 31 December end on 28 February at the earliest.
  EXPECT_FALSE(CheckDuration("traineeship", D(2026, 12, 31), D(2027, 2, 28)).has_value());
  const auto short_one = CheckDuration("traineeship", D(2026, 12, 31), D(2027, 2, 27));
  ASSERT_TRUE(short_one.has_value());
  EXPECT_EQ(ArgOf(short_one->message, "earliest"), "2027-02-28");
}

// ---------------------------------------------------------------------------------------------
// CheckOpportunity: every field's own rules

TEST(CheckOpportunityTest, AValidOpportunityPasses) {
  EXPECT_EQ(Fields(CheckOpportunity(Valid())), std::vector<std::string>{});
  Opportunity flexible = Valid();
  flexible.start_date.reset();
  flexible.end_date.reset();
  flexible.application_deadline.reset();
  EXPECT_EQ(Fields(CheckOpportunity(flexible)), std::vector<std::string>{})
      << "flexible dates, rolling";
  Opportunity lean;
  lean.title = "T";
  lean.description = "D";
  lean.activity_type = "job";
  lean.topics = {"digital"};
  lean.country = "DE";
  lean.town = "Köln";
  EXPECT_EQ(Fields(CheckOpportunity(lean)), std::vector<std::string>{})
      << "optional fields may be empty";
}

TEST(CheckOpportunityTest, RequiredFields) {
  const auto errors = CheckOpportunity(Opportunity{});
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"title", "description", "activity_type",
                                                      "topics", "country", "town"}));
  EXPECT_EQ(KeyOf(errors, "title"), "error.field.required");
  EXPECT_EQ(KeyOf(errors, "description"), "error.field.required");
  EXPECT_EQ(KeyOf(errors, "activity_type"), "error.field.required");
  EXPECT_EQ(KeyOf(errors, "topics"), "error.opportunity.topics_required");
  EXPECT_EQ(KeyOf(errors, "country"), "error.field.required");
  EXPECT_EQ(KeyOf(errors, "town"), "error.field.required");

  // Blank is empty.
  Opportunity blank = Valid();
  blank.title = "   ";
  blank.description = " \n\t ";
  blank.town = "  ";
  const auto blanks = CheckOpportunity(blank);
  EXPECT_EQ(Fields(blanks), (std::vector<std::string>{"title", "description", "town"}));
  EXPECT_EQ(KeyOf(blanks, "title"), "error.field.required");
  EXPECT_EQ(KeyOf(blanks, "description"), "error.field.required");
  EXPECT_EQ(KeyOf(blanks, "town"), "error.field.required");
}

TEST(CheckOpportunityTest, UnknownActivityType) {
  Opportunity o = Valid();
  o.activity_type = "volunteering";
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"activity_type"});
  EXPECT_EQ(KeyOf(errors, "activity_type"), "error.field.activity_type");
  EXPECT_EQ(ArgOf(errors[0].message, "value"), "volunteering");
  o.activity_type = "Job";
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{"activity_type"})
      << "codes are lower case";
}

TEST(CheckOpportunityTest, UnknownTopic) {
  Opportunity o = Valid();
  o.topics = {"digital", "knitting"};
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"topics[2]"});
  EXPECT_EQ(KeyOf(errors, "topics[2]"), "error.field.topic");
  EXPECT_EQ(ArgOf(errors[0].message, "value"), "knitting");
}

TEST(CheckOpportunityTest, UnknownSkill) {
  Opportunity o = Valid();
  o.skills = {"not_a_skill", "first_aid"};
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"skills[1]"});
  EXPECT_EQ(KeyOf(errors, "skills[1]"), "error.field.skill");
}

TEST(CheckOpportunityTest, UnknownLanguage) {
  Opportunity o = Valid();
  o.languages = {{"sv", Level::kA1}, {"xx", Level::kB2}};
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"languages[2].code"});
  EXPECT_EQ(KeyOf(errors, "languages[2].code"), "error.field.language");
  EXPECT_EQ(ArgOf(errors[0].message, "value"), "xx");
  o.languages = {{"SV", Level::kA1}};
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{"languages[1].code"});
}

TEST(CheckOpportunityTest, UnknownCountries) {
  Opportunity o = Valid();
  o.country = "XX";
  EXPECT_EQ(KeyOf(CheckOpportunity(o), "country"), "error.field.country");
  o.country = "se";
  EXPECT_EQ(KeyOf(CheckOpportunity(o), "country"), "error.field.country")
      << "stored upper case only";
  o.country = "SWE";
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{"country"});

  Opportunity r = Valid();
  r.eligible_residence = {"SE", "XX", "de"};
  const auto errors = CheckOpportunity(r);
  EXPECT_EQ(Fields(errors),
            (std::vector<std::string>{"eligible_residence[2]", "eligible_residence[3]"}));
  EXPECT_EQ(KeyOf(errors, "eligible_residence[2]"), "error.field.country");
  EXPECT_EQ(KeyOf(errors, "eligible_residence[3]"), "error.field.country");
}

TEST(CheckOpportunityTest, Duplicates) {
  Opportunity o = Valid();
  o.topics = {"digital", "sport", "digital"};
  o.skills = {"first_aid", "first_aid"};
  o.languages = {{"en", Level::kB2}, {"sv", Level::kA1}, {"en", Level::kC1}};
  o.eligible_residence = {"SE", "DE", "SE"};
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"topics[3]", "eligible_residence[3]",
                                                      "languages[3].code", "skills[2]"}));
  for (const auto& e : errors) {
    EXPECT_EQ(e.message.key, "error.field.duplicate") << e.field;
  }
  EXPECT_EQ(ArgOf(ErrorOn(errors, "languages[3].code")->message, "value"), "en");
}

TEST(CheckOpportunityTest, HowManyLanguagesAndSkills) {
  const auto all_languages = codes::Languages();
  const auto all_skills = codes::Skills();
  ASSERT_GE(all_languages.size(), kMaxWantedLanguages + 1);
  ASSERT_GE(all_skills.size(), kMaxWantedSkills + 1);
  Opportunity o = Valid();
  o.languages.clear();
  for (size_t i = 0; i < kMaxWantedLanguages; ++i)
    o.languages.push_back({std::string(all_languages[i]), Level::kB1});
  o.skills.clear();
  for (size_t i = 0; i < kMaxWantedSkills; ++i) o.skills.emplace_back(all_skills[i]);
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{}) << "at the limits";

  o.languages.push_back({std::string(all_languages[kMaxWantedLanguages]), Level::kB1});
  o.skills.emplace_back(all_skills[kMaxWantedSkills]);
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"languages", "skills"}));
  EXPECT_EQ(KeyOf(errors, "languages"), "error.field.too_many");
  EXPECT_EQ(ArgOf(errors[0].message, "max"), "10");
  EXPECT_EQ(KeyOf(errors, "skills"), "error.field.too_many");
  EXPECT_EQ(ArgOf(errors[1].message, "max"), "20");
}

struct LengthCase {
  std::string field;
  std::string Opportunity::*member;
  size_t max;
  std::string key;  // when one over
};

const LengthCase kLengthCases[] = {
    {"title", &Opportunity::title, kMaxTitleLength, "error.field.too_long"},
    {"town", &Opportunity::town, kMaxLineLength, "error.field.too_long"},
    {"contact_person", &Opportunity::contact_person, kMaxLineLength, "error.field.too_long"},
    {"grant_reference", &Opportunity::grant_reference, kMaxLineLength, "error.field.too_long"},
    {"description", &Opportunity::description, kMaxDescriptionLength, "error.field.too_long_count"},
    {"participant_profile", &Opportunity::participant_profile, kMaxDetailLength,
     "error.field.too_long_count"},
    {"practical_arrangements", &Opportunity::practical_arrangements, kMaxDetailLength,
     "error.field.too_long_count"},
    {"training", &Opportunity::training, kMaxDetailLength, "error.field.too_long_count"},
    {"requirement_reason", &Opportunity::requirement_reason, kMaxDetailLength,
     "error.field.too_long_count"},
};

TEST(CheckOpportunityTest, LengthsAtTheLimitAndOneOver) {
  EXPECT_EQ(kMaxTitleLength, 150u);
  EXPECT_EQ(kMaxLineLength, 200u);
  EXPECT_EQ(kMaxDescriptionLength, 5000u);
  EXPECT_EQ(kMaxDetailLength, 2000u);
  for (const auto& c : kLengthCases) {
    SCOPED_TRACE(c.field);
    // Characters, not bytes: "ö" is two bytes.
    Opportunity at = Valid();
    at.*c.member = Repeat("ö", c.max);
    EXPECT_EQ(Fields(CheckOpportunity(at)), std::vector<std::string>{});
    Opportunity over = Valid();
    over.*c.member = Repeat("ö", c.max + 1);
    const auto errors = CheckOpportunity(over);
    EXPECT_EQ(Fields(errors), std::vector<std::string>{c.field});
    EXPECT_EQ(KeyOf(errors, c.field), c.key);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(ArgOf(errors[0].message, "max"), std::to_string(c.max));
  }
}

TEST(CheckOpportunityTest, OneLineFieldsRefuseControlCharacters) {
  const std::string bad[] = {"line\nbreak",    "tab\there", "bell\x07", "del\x7f",
                             "nel\xC2\x85",       // U+0085
                             "sep\xE2\x80\xA8"};  // U+2028
  for (std::string Opportunity::*member :
       {&Opportunity::title, &Opportunity::town, &Opportunity::contact_person,
        &Opportunity::grant_reference}) {
    for (const std::string& value : bad) {
      Opportunity o = Valid();
      o.*member = value;
      const auto errors = CheckOpportunity(o);
      ASSERT_EQ(errors.size(), 1u) << value;
      EXPECT_EQ(errors[0].message.key, "error.field.one_line") << errors[0].field;
    }
  }
  Opportunity broken = Valid();
  broken.title = "bad \xFF utf-8";
  EXPECT_EQ(KeyOf(CheckOpportunity(broken), "title"), "error.field.one_line");
}

TEST(CheckOpportunityTest, FreeTextTakesLineBreaksButNotOtherControls) {
  Opportunity o = Valid();
  o.description = "First line\r\nSecond line\n\tindented";
  o.training = "a\nb";
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{});
  o.description = "nul\x01 inside";
  o.training = "esc\x1b";
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"description", "training"}));
  EXPECT_EQ(KeyOf(errors, "description"), "error.field.text");
  EXPECT_EQ(KeyOf(errors, "training"), "error.field.text");
}

TEST(CheckOpportunityTest, BothDatesOrNeither) {
  Opportunity start_only = Valid();
  start_only.end_date.reset();
  const auto a = CheckOpportunity(start_only);
  EXPECT_EQ(Fields(a), std::vector<std::string>{"end_date"});
  EXPECT_EQ(KeyOf(a, "end_date"), "error.opportunity.dates_both");

  Opportunity end_only = Valid();
  end_only.start_date.reset();
  end_only.application_deadline.reset();
  const auto b = CheckOpportunity(end_only);
  EXPECT_EQ(Fields(b), std::vector<std::string>{"start_date"});
  EXPECT_EQ(KeyOf(b, "start_date"), "error.opportunity.dates_both");
}

TEST(CheckOpportunityTest, ImpossibleDates) {
  Opportunity o = Valid();
  o.start_date = D(2027, 2, 30);
  EXPECT_EQ(KeyOf(CheckOpportunity(o), "start_date"), "error.field.date");
  Opportunity e = Valid();
  e.end_date = D(2027, 4, 31);
  EXPECT_EQ(Fields(CheckOpportunity(e)), std::vector<std::string>{"end_date"});
  EXPECT_EQ(KeyOf(CheckOpportunity(e), "end_date"), "error.field.date");
  Opportunity d = Valid();
  d.application_deadline = D(2027, 2, 29);
  EXPECT_EQ(Fields(CheckOpportunity(d)), std::vector<std::string>{"application_deadline"});
  EXPECT_EQ(KeyOf(CheckOpportunity(d), "application_deadline"), "error.field.date");
}

TEST(CheckOpportunityTest, EndBeforeStart) {
  Opportunity o = Valid();
  o.activity_type = "humanitarian_aid";  // no duration rule to mix in
  o.end_date = D(2027, 2, 28);
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"end_date"});
  EXPECT_EQ(KeyOf(errors, "end_date"), "error.opportunity.end_before_start");
  o.end_date = o.start_date;
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{}) << "one day is fine";

  Opportunity job = Valid();
  job.activity_type = "job";
  job.end_date = D(2026, 1, 1);
  EXPECT_EQ(KeyOf(CheckOpportunity(job), "end_date"), "error.opportunity.end_before_start")
      << "not a duration error";
}

TEST(CheckOpportunityTest, DeadlineAtLeastFourteenDaysBeforeTheStart) {
  // R11: the start is 1 March 2027, so 15 February is the latest deadline.
  Opportunity o = Valid();
  o.application_deadline = D(2027, 2, 15);
  EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{});
  o.application_deadline = D(2027, 2, 16);
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"application_deadline"});
  EXPECT_EQ(KeyOf(errors, "application_deadline"), "error.opportunity.deadline_late");
  EXPECT_EQ(ArgOf(errors[0].message, "days"), "14");
  EXPECT_EQ(ArgOf(errors[0].message, "latest"), "2027-02-15");
  o.application_deadline = D(2027, 3, 10);
  EXPECT_EQ(KeyOf(CheckOpportunity(o), "application_deadline"), "error.opportunity.deadline_late")
      << "after the start";

  Opportunity flexible = Valid();
  flexible.start_date.reset();
  flexible.end_date.reset();
  flexible.application_deadline = D(2030, 1, 1);
  EXPECT_EQ(Fields(CheckOpportunity(flexible)), std::vector<std::string>{})
      << "no start to measure from";
}

TEST(CheckOpportunityTest, Places) {
  EXPECT_EQ(kMaxPlaces, 500);
  for (const int ok : {1, 2, 500}) {
    Opportunity o = Valid();
    o.places = ok;
    EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{}) << ok;
  }
  for (const int bad : {0, -1, 501}) {
    Opportunity o = Valid();
    o.places = bad;
    const auto errors = CheckOpportunity(o);
    EXPECT_EQ(Fields(errors), std::vector<std::string>{"places"}) << bad;
    EXPECT_EQ(KeyOf(errors, "places"), "error.field.range");
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(ArgOf(errors[0].message, "min"), "1");
    EXPECT_EQ(ArgOf(errors[0].message, "max"), "500");
  }
}

TEST(CheckOpportunityTest, RequirementsNeedWhatIsRequired) {
  const std::string reason = "The tasks include guiding visitors in Swedish.";
  Opportunity o = Valid();
  o.languages.clear();
  o.languages_required = true;
  o.requirement_reason = reason;
  auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"languages_required"});
  EXPECT_EQ(KeyOf(errors, "languages_required"), "error.opportunity.required_without_languages");

  Opportunity s = Valid();
  s.skills.clear();
  s.skills_required = true;
  s.requirement_reason = reason;
  errors = CheckOpportunity(s);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"skills_required"});
  EXPECT_EQ(KeyOf(errors, "skills_required"), "error.opportunity.required_without_skills");
}

TEST(CheckOpportunityTest, ARequirementNeedsAReasonOfTwentyCharacters) {
  for (const bool languages : {true, false}) {
    SCOPED_TRACE(languages ? "languages" : "skills");
    Opportunity o = Valid();
    (languages ? o.languages_required : o.skills_required) = true;
    o.requirement_reason = "";
    EXPECT_EQ(KeyOf(CheckOpportunity(o), "requirement_reason"),
              "error.opportunity.requirement_reason");
    o.requirement_reason = Repeat("x", 19);
    auto errors = CheckOpportunity(o);
    EXPECT_EQ(Fields(errors), std::vector<std::string>{"requirement_reason"});
    EXPECT_EQ(KeyOf(errors, "requirement_reason"), "error.opportunity.requirement_reason");
    o.requirement_reason = "   " + Repeat("x", 19) + "  \n";
    EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{"requirement_reason"})
        << "spaces around do not count";
    o.requirement_reason = Repeat("x", 20);
    EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{});
    o.requirement_reason = Repeat("ä", 20);
    EXPECT_EQ(Fields(CheckOpportunity(o)), std::vector<std::string>{}) << "characters, not bytes";
  }
  Opportunity preferences = Valid();
  preferences.requirement_reason = "short";
  EXPECT_EQ(Fields(CheckOpportunity(preferences)), std::vector<std::string>{})
      << "no requirement, no reason needed";
}

TEST(CheckOpportunityTest, EveryProblemAtOnce) {
  Opportunity o = Valid();
  o.title.clear();
  o.places = 0;
  o.topics = {"knitting"};
  o.application_deadline = D(2027, 2, 20);
  const auto errors = CheckOpportunity(o);
  EXPECT_EQ(Fields(errors),
            (std::vector<std::string>{"title", "topics[1]", "application_deadline", "places"}));
}

// ---------------------------------------------------------------------------------------------
// CheckPublishable

TEST(CheckPublishableTest, AValidFutureOpportunityMayBePublished) {
  EXPECT_EQ(Fields(CheckPublishable(Valid(), kToday)), std::vector<std::string>{});
  Opportunity flexible = Valid();
  flexible.start_date.reset();
  flexible.end_date.reset();
  flexible.application_deadline.reset();
  EXPECT_EQ(Fields(CheckPublishable(flexible, kToday)), std::vector<std::string>{});
}

TEST(CheckPublishableTest, AnInvalidOpportunityGivesItsFieldErrorsOnly) {
  Opportunity o = Valid();
  o.title.clear();
  o.start_date = D(2026, 6, 1);
  o.end_date = D(2026, 8, 31);
  o.application_deadline.reset();
  EXPECT_EQ(Fields(CheckPublishable(o, kToday)), std::vector<std::string>{"title"});
}

TEST(CheckPublishableTest, StartTodayOrPast) {
  Opportunity o = Valid();
  o.activity_type = "humanitarian_aid";
  o.start_date = kToday;
  o.end_date = D(2027, 1, 31);
  o.application_deadline = D(2026, 11, 17);
  auto errors = CheckPublishable(o, kToday);
  EXPECT_EQ(KeyOf(errors, "start_date"), "error.opportunity.start_past");
  ASSERT_NE(ErrorOn(errors, "start_date"), nullptr);
  EXPECT_EQ(ArgOf(ErrorOn(errors, "start_date")->message, "date"), "2026-12-01");
  EXPECT_EQ(KeyOf(errors, "application_deadline"), "error.opportunity.deadline_past");

  o.start_date = D(2026, 10, 1);
  o.application_deadline.reset();
  errors = CheckPublishable(o, kToday);
  EXPECT_EQ(KeyOf(errors, "start_date"), "error.opportunity.start_past");

  o.start_date = Plus(kToday, 1);
  o.application_deadline.reset();
  errors = CheckPublishable(o, kToday);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(KeyOf(errors, "start_date"), "error.opportunity.start_past") << "tomorrow is future";
}

TEST(CheckPublishableTest, DeadlinePast) {
  Opportunity o = Valid();
  o.application_deadline = Plus(kToday, -1);
  const auto errors = CheckPublishable(o, kToday);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"application_deadline"});
  EXPECT_EQ(KeyOf(errors, "application_deadline"), "error.opportunity.deadline_past");
  EXPECT_EQ(ArgOf(errors[0].message, "date"), "2026-12-01");
  o.application_deadline = kToday;
  EXPECT_EQ(Fields(CheckPublishable(o, kToday)), std::vector<std::string>{})
      << "the deadline day itself still takes applications";
  Opportunity flexible = Valid();
  flexible.start_date.reset();
  flexible.end_date.reset();
  flexible.application_deadline = Plus(kToday, -1);
  EXPECT_EQ(Fields(CheckPublishable(flexible, kToday)),
            std::vector<std::string>{"application_deadline"});
}

TEST(CheckPublishableTest, RollingNeedsTheStartFourteenDaysAway) {
  Opportunity o = Valid();
  o.application_deadline.reset();
  o.start_date = Plus(kToday, 14);
  o.end_date = MonthsLater(*o.start_date, 3);
  EXPECT_EQ(Fields(CheckPublishable(o, kToday)), std::vector<std::string>{});
  o.start_date = Plus(kToday, 13);
  o.end_date = MonthsLater(*o.start_date, 3);
  const auto errors = CheckPublishable(o, kToday);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"start_date"});
  EXPECT_EQ(KeyOf(errors, "start_date"), "error.opportunity.start_too_soon");
  EXPECT_EQ(ArgOf(errors[0].message, "days"), "14");
}

// ---------------------------------------------------------------------------------------------
// The last application day and closing by itself

TEST(LastApplicationDayTest, DeadlineElseFourteenDaysBeforeTheStartElseNone) {
  EXPECT_EQ(LastApplicationDay(Valid()), D(2027, 2, 1));
  Opportunity rolling = Valid();
  rolling.application_deadline.reset();
  EXPECT_EQ(LastApplicationDay(rolling), D(2027, 2, 15));
  Opportunity flexible = rolling;
  flexible.start_date.reset();
  flexible.end_date.reset();
  EXPECT_FALSE(LastApplicationDay(flexible).has_value());
  flexible.application_deadline = D(2027, 5, 5);
  EXPECT_EQ(LastApplicationDay(flexible), D(2027, 5, 5));
}

Opportunity Published(Opportunity o) {
  o.status = Status::kPublished;
  return o;
}

TEST(ClosesBecauseTest, Deadline) {
  const Opportunity o = Published(Valid());  // deadline 1 February 2027
  EXPECT_FALSE(ClosesBecause(o, D(2027, 2, 1)).has_value()) << "the deadline day is open";
  EXPECT_TRUE(TakesApplications(o, D(2027, 2, 1)));
  EXPECT_EQ(ClosesBecause(o, D(2027, 2, 2)), "deadline");
  EXPECT_FALSE(TakesApplications(o, D(2027, 2, 2)));
}

TEST(ClosesBecauseTest, Ended) {
  Opportunity o = Published(Valid());
  EXPECT_EQ(ClosesBecause(o, D(2027, 8, 31)), "deadline") << "ended only after the end date";
  EXPECT_EQ(ClosesBecause(o, D(2027, 9, 1)), "ended") << "ended wins over the deadline";
  Opportunity no_deadline = o;
  no_deadline.start_date.reset();
  no_deadline.application_deadline.reset();  // an end date alone, as stored data may hold
  EXPECT_FALSE(ClosesBecause(no_deadline, D(2027, 8, 31)).has_value());
  EXPECT_EQ(ClosesBecause(no_deadline, D(2027, 9, 1)), "ended");
}

TEST(ClosesBecauseTest, RollingClosesFourteenDaysBeforeTheStart) {
  Opportunity o = Published(Valid());
  o.application_deadline.reset();  // start 1 March 2027: open until 15 February
  EXPECT_FALSE(ClosesBecause(o, D(2027, 2, 15)).has_value());
  EXPECT_TRUE(TakesApplications(o, D(2027, 2, 15)));
  EXPECT_EQ(ClosesBecause(o, D(2027, 2, 16)), "deadline");
  EXPECT_FALSE(TakesApplications(o, D(2027, 2, 16)));
}

TEST(ClosesBecauseTest, FlexibleAndRollingNeverCloses) {
  Opportunity o = Published(Valid());
  o.start_date.reset();
  o.end_date.reset();
  o.application_deadline.reset();
  for (const Date day : {kToday, D(2040, 1, 1), D(2099, 12, 31)}) {
    EXPECT_FALSE(ClosesBecause(o, day).has_value()) << Iso(day);
    EXPECT_TRUE(TakesApplications(o, day)) << Iso(day);
  }
}

TEST(ClosesBecauseTest, OnlyPublishedOpportunitiesClose) {
  for (const Status s : {Status::kDraft, Status::kClosed}) {
    Opportunity o = Valid();
    o.status = s;
    EXPECT_FALSE(ClosesBecause(o, D(2030, 1, 1)).has_value()) << StatusCode(s);
    EXPECT_FALSE(TakesApplications(o, kToday)) << StatusCode(s);
  }
  EXPECT_TRUE(TakesApplications(Published(Valid()), kToday));
}

// ---------------------------------------------------------------------------------------------
// Eligibility (R8, R9)

const EligibilityCheck& Check(const std::vector<EligibilityCheck>& checks, std::string_view rule) {
  for (const auto& c : checks) {
    if (c.rule == rule) return c;
  }
  static const EligibilityCheck kNone{"none", false, Message("none")};
  ADD_FAILURE() << "no check " << rule;
  return kNone;
}

TEST(EligibilityTest, BothChecksAlwaysAnswer) {
  const auto checks = CheckEligibility(Valid(), D(2000, 6, 1), "SE", kToday);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].rule, "R8");
  EXPECT_EQ(checks[1].rule, "R9");
  EXPECT_TRUE(checks[0].passed);
  EXPECT_TRUE(checks[1].passed);
  EXPECT_EQ(checks[0].explanation.key, "eligibility.age.ok");
  EXPECT_EQ(checks[1].explanation.key, "eligibility.residence.ok");
  EXPECT_TRUE(IsEligible(Valid(), D(2000, 6, 1), "SE", kToday));
}

TEST(EligibilityTest, EighteenOnTheStartDay) {
  const Opportunity o = Valid();  // starts 1 March 2027
  const auto ok = Check(CheckEligibility(o, D(2009, 3, 1), "SE", kToday), "R8");
  EXPECT_TRUE(ok.passed);
  EXPECT_EQ(ArgOf(ok.explanation, "age"), "18");
  EXPECT_TRUE(IsEligible(o, D(2009, 3, 1), "SE", kToday));

  const auto young = Check(CheckEligibility(o, D(2009, 3, 2), "SE", kToday), "R8");
  EXPECT_FALSE(young.passed) << "18 the day after the start";
  EXPECT_EQ(young.explanation.key, "eligibility.age.young");
  EXPECT_EQ(ArgOf(young.explanation, "age"), "17");
  EXPECT_EQ(ArgOf(young.explanation, "date"), "2027-03-01");
  EXPECT_EQ(ArgOf(young.explanation, "adult_on"), "2027-03-02");
  EXPECT_FALSE(IsEligible(o, D(2009, 3, 2), "SE", kToday));
}

TEST(EligibilityTest, ThirtyOnTheStartDayButNotThirtyOne) {
  const Opportunity o = Valid();
  const auto ok = Check(CheckEligibility(o, D(1996, 3, 2), "SE", kToday), "R8");
  EXPECT_TRUE(ok.passed) << "31 the day after the start";
  EXPECT_EQ(ArgOf(ok.explanation, "age"), "30");

  const auto old = Check(CheckEligibility(o, D(1996, 3, 1), "SE", kToday), "R8");
  EXPECT_FALSE(old.passed);
  EXPECT_EQ(old.explanation.key, "eligibility.age.old");
  EXPECT_EQ(ArgOf(old.explanation, "age"), "31");
  EXPECT_EQ(ArgOf(old.explanation, "max"), "30");
  EXPECT_FALSE(IsEligible(o, D(1996, 3, 1), "SE", kToday));
}

TEST(EligibilityTest, HumanitarianAidUpToThirtyFive) {
  Opportunity o = Valid();
  o.activity_type = "humanitarian_aid";
  EXPECT_TRUE(IsEligible(o, D(1996, 3, 1), "SE", kToday)) << "31";
  const auto ok = Check(CheckEligibility(o, D(1991, 3, 2), "SE", kToday), "R8");
  EXPECT_TRUE(ok.passed) << "35";
  EXPECT_EQ(ArgOf(ok.explanation, "max"), "35");
  const auto old = Check(CheckEligibility(o, D(1991, 3, 1), "SE", kToday), "R8");
  EXPECT_FALSE(old.passed) << "36";
  EXPECT_EQ(old.explanation.key, "eligibility.age.old");
  EXPECT_EQ(ArgOf(old.explanation, "max"), "35");
  EXPECT_FALSE(IsEligible(o, D(2009, 3, 2), "SE", kToday)) << "still 18 at the least";
}

TEST(EligibilityTest, FlexibleDatesCountTheAgeToday) {
  Opportunity o = Valid();
  o.start_date.reset();
  o.end_date.reset();
  const auto ok = Check(CheckEligibility(o, D(2008, 12, 1), "SE", kToday), "R8");
  EXPECT_TRUE(ok.passed);
  EXPECT_EQ(ArgOf(ok.explanation, "date"), "2026-12-01");
  const auto young = Check(CheckEligibility(o, D(2008, 12, 2), "SE", kToday), "R8");
  EXPECT_FALSE(young.passed);
  EXPECT_EQ(ArgOf(young.explanation, "date"), "2026-12-01");
  EXPECT_TRUE(IsEligible(o, D(1995, 12, 2), "SE", kToday)) << "30 today";
  EXPECT_FALSE(IsEligible(o, D(1995, 12, 1), "SE", kToday)) << "31 today";
  EXPECT_TRUE(IsEligible(o, D(1995, 12, 1), "SE", D(2026, 11, 30))) << "another today";
}

TEST(EligibilityTest, TheDayOfAnAdultBirthdayOnTheTwentyNinthOfFebruaryExists) {
  // Born 29 February 2012: 18 on 1 March 2030 (AgeOn, and the public list's filter agree).
  Opportunity o = Valid();
  o.start_date = D(2030, 2, 28);
  o.end_date = D(2030, 5, 31);
  o.application_deadline.reset();
  const auto young = Check(CheckEligibility(o, D(2012, 2, 29), "SE", kToday), "R8");
  EXPECT_FALSE(young.passed);
  EXPECT_EQ(ArgOf(young.explanation, "age"), "17");
  EXPECT_EQ(ArgOf(young.explanation, "adult_on"), "2030-03-01")
      << "the explanation must name a day that exists";
  o.start_date = D(2030, 3, 1);
  EXPECT_TRUE(IsEligible(o, D(2012, 2, 29), "SE", kToday));
}

TEST(EligibilityTest, ResidenceInTheList) {
  Opportunity o = Valid();
  o.eligible_residence = {"SE", "FI"};
  EXPECT_TRUE(Check(CheckEligibility(o, D(2000, 1, 1), "FI", kToday), "R9").passed);
  const auto no = Check(CheckEligibility(o, D(2000, 1, 1), "DE", kToday), "R9");
  EXPECT_FALSE(no.passed);
  EXPECT_EQ(no.explanation.key, "eligibility.residence.no");
  EXPECT_EQ(ArgOf(no.explanation, "country"), "DE");
  EXPECT_EQ(ArgOf(no.explanation, "countries"), "SE, FI") << "what would make it pass";
  EXPECT_FALSE(IsEligible(o, D(2000, 1, 1), "DE", kToday));
  EXPECT_TRUE(IsEligible(o, D(2000, 1, 1), "SE", kToday));

  Opportunity all = Valid();
  all.eligible_residence.clear();
  for (const char* country : {"SE", "DE", "TR", "UA"}) {
    EXPECT_TRUE(IsEligible(all, D(2000, 1, 1), country, kToday)) << "empty list: every country";
  }
}

TEST(EligibilityTest, BothFailing) {
  Opportunity o = Valid();
  o.eligible_residence = {"SE"};
  const auto checks = CheckEligibility(o, D(1980, 1, 1), "DE", kToday);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_FALSE(checks[0].passed);
  EXPECT_FALSE(checks[1].passed);
  EXPECT_FALSE(IsEligible(o, D(1980, 1, 1), "DE", kToday));
}

// ---------------------------------------------------------------------------------------------
// The organisation's own description (F7)

OrganisationProfile ValidProfile() {
  OrganisationProfile p;
  p.oid = "E10000001";
  p.description = "A youth association in the north.\nFounded 1987.";
  p.website = "https://norr.example";
  p.locations = {{"Umeå", "SE"}, {"Rovaniemi", "FI"}};
  return p;
}

TEST(OrganisationProfileTest, ValidProfilesPass) {
  EXPECT_EQ(Fields(CheckOrganisationProfile(ValidProfile())), std::vector<std::string>{});
  EXPECT_EQ(Fields(CheckOrganisationProfile(OrganisationProfile{})), std::vector<std::string>{})
      << "everything is optional";
  for (const char* ok : {"http://norr.example", "https://www.norr.se/om-oss?lang=sv#kontakt",
                         "https://norr.example:8443/", "https://norr.example?x=1"}) {
    OrganisationProfile p = ValidProfile();
    p.website = ok;
    EXPECT_EQ(Fields(CheckOrganisationProfile(p)), std::vector<std::string>{}) << ok;
  }
}

TEST(OrganisationProfileTest, WebsiteMustBeAnHttpAddressWithADottedHost) {
  for (const char* bad :
       {"norr.example", "www.norr.example", "ftp://norr.example", "javascript:alert(1)", "https://",
        "https://localhost", "https:///path.html", "https://norr .example",
        "https://norr.example/a b", "https://norr.example/\"onmouseover",
        "https://norr.example/<x>", "https://norr.example\\x", "https://norr.example/\t",
        " https://norr.example"}) {
    OrganisationProfile p = ValidProfile();
    p.website = bad;
    const auto errors = CheckOrganisationProfile(p);
    ASSERT_FALSE(errors.empty()) << bad;
    EXPECT_EQ(errors[0].field, "website") << bad;
    EXPECT_EQ(errors[0].message.key, "error.field.website") << bad;
    EXPECT_EQ(ArgOf(errors[0].message, "value"), bad);
  }
}

TEST(OrganisationProfileTest, WebsiteLength) {
  OrganisationProfile p = ValidProfile();
  const std::string head = "https://norr.example/";
  p.website = head + std::string(kMaxLineLength - head.size(), 'a');
  EXPECT_EQ(Fields(CheckOrganisationProfile(p)), std::vector<std::string>{});
  p.website += "a";
  const auto errors = CheckOrganisationProfile(p);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"website"});
  EXPECT_EQ(KeyOf(errors, "website"), "error.field.too_long");
}

TEST(OrganisationProfileTest, DescriptionLength) {
  OrganisationProfile p = ValidProfile();
  p.description = Repeat("é", kMaxDescriptionLength);
  EXPECT_EQ(Fields(CheckOrganisationProfile(p)), std::vector<std::string>{});
  p.description += "é";
  EXPECT_EQ(KeyOf(CheckOrganisationProfile(p), "description"), "error.field.too_long_count");
  p.description = "bad\x01";
  EXPECT_EQ(KeyOf(CheckOrganisationProfile(p), "description"), "error.field.text");
}

TEST(OrganisationProfileTest, LocationRows) {
  OrganisationProfile p = ValidProfile();
  p.locations = {{"", "SE"},      {"Umeå", "se"}, {"Oulu", ""}, {"Line\nbreak", "FI"},
                 {"Turku", "XX"}, {"  ", "FI"}};
  const auto errors = CheckOrganisationProfile(p);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{
                                "locations[1].town", "locations[2].country", "locations[3].country",
                                "locations[4].town", "locations[5].country", "locations[6].town"}));
  EXPECT_EQ(KeyOf(errors, "locations[1].town"), "error.field.required");
  EXPECT_EQ(KeyOf(errors, "locations[2].country"), "error.field.country");
  EXPECT_EQ(KeyOf(errors, "locations[3].country"), "error.field.country");
  EXPECT_EQ(KeyOf(errors, "locations[4].town"), "error.field.one_line");
  EXPECT_EQ(KeyOf(errors, "locations[6].town"), "error.field.required");

  OrganisationProfile long_town = ValidProfile();
  long_town.locations = {{Repeat("å", kMaxLineLength), "SE"}};
  EXPECT_EQ(Fields(CheckOrganisationProfile(long_town)), std::vector<std::string>{});
  long_town.locations = {{Repeat("å", kMaxLineLength + 1), "SE"}};
  EXPECT_EQ(KeyOf(CheckOrganisationProfile(long_town), "locations[1].town"),
            "error.field.too_long");
}

TEST(OrganisationProfileTest, HowManyLocations) {
  OrganisationProfile p = ValidProfile();
  p.locations.assign(kMaxLocations, Location{"Umeå", "SE"});
  EXPECT_EQ(Fields(CheckOrganisationProfile(p)), std::vector<std::string>{});
  p.locations.push_back({"Luleå", "SE"});
  const auto errors = CheckOrganisationProfile(p);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"locations"});
  EXPECT_EQ(KeyOf(errors, "locations"), "error.field.too_many");
  EXPECT_EQ(ArgOf(errors[0].message, "max"), "20");
}

}  // namespace
}  // namespace pass::opportunities
