// The profile rules of SPEC R8 and F1-F3: ages at the exact boundaries (birthdays, 29 February,
// year ends), who may register at what age, which activity types an older person may keep, who
// may be found, every field rule of CheckProfile with its field name and message key, and the
// completeness meter.
#include "participants/profile.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "codes/codes.h"

namespace pass {

// Readable failures for the value types the tests compare.
static void PrintTo(const Message& m, std::ostream* os) {
  *os << m.key;
  if (!m.args.empty()) {
    *os << '{';
    for (size_t i = 0; i < m.args.size(); ++i) {
      *os << (i ? ", " : "") << m.args[i].first << '=' << m.args[i].second;
    }
    *os << '}';
  }
}

static void PrintTo(const FieldError& e, std::ostream* os) {
  *os << e.field << ": ";
  PrintTo(e.message, os);
}

namespace participants {
namespace {

using codes::Level;
using Args = std::vector<std::pair<std::string, std::string>>;

Date D(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

std::string Repeat(std::string_view unit, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += unit;
  return out;
}

const Date kToday = D(2026, 6, 15);

// Every parameter table names its cases, for readable test names.
struct CaseName {
  template <class Case>
  std::string operator()(const ::testing::TestParamInfo<Case>& param_info) const {
    return param_info.param.name;
  }
};

// A profile that keeps every rule and fills every completeness item (on kToday).
Participant ValidProfile() {
  Participant p;
  p.reference = "P-000001";
  p.email = "anna.svensson@example.org";
  p.given_name = "Anna";
  p.family_name = "Svensson";
  p.birth_date = D(2000, 5, 10);
  p.residence = "SE";
  p.nationality = "SE";
  p.contact_language = "sv";
  p.languages = {{"sv", Level::kNative}, {"en", Level::kB2}};
  p.skills = {"teaching", "writing", "first_aid"};
  p.topics = {"climate_action", "social_inclusion"};
  p.activity_types = {"individual_volunteering", "humanitarian_aid"};
  p.destinations = {"DE", "FR"};
  p.availability = {{D(2026, 9, 1), D(2027, 2, 28)}};
  p.experience = Repeat("x", 150);
  p.motivation = Repeat("m", 250);
  p.searchable = true;
  p.support_needs = "Step-free access.\nQuiet room.";
  p.last_active = D(2026, 6, 1);
  p.placements = {{D(2023, 1, 1), D(2023, 6, 30), "individual_volunteering", true}};
  return p;
}

// The valid profile with another birth date and other activity types.
Participant Aged(Date birth, std::vector<std::string> activity_types) {
  Participant p = ValidProfile();
  p.birth_date = birth;
  p.activity_types = std::move(activity_types);
  return p;
}

// ---------------------------------------------------------------------------------------------
// AgeOn

struct AgeCase {
  const char* name;
  Date birth;
  Date day;
  int age;
};

class AgeOnTest : public ::testing::TestWithParam<AgeCase> {};

TEST_P(AgeOnTest, WholeYears) {
  const AgeCase& c = GetParam();
  EXPECT_EQ(AgeOn(c.birth, c.day), c.age);
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, AgeOnTest,
    ::testing::Values(AgeCase{"DayOfBirth", D(2000, 5, 10), D(2000, 5, 10), 0},
                      AgeCase{"DayBeforeFirstBirthday", D(2000, 5, 10), D(2001, 5, 9), 0},
                      AgeCase{"DayBeforeBirthday", D(2000, 5, 10), D(2018, 5, 9), 17},
                      AgeCase{"OnBirthday", D(2000, 5, 10), D(2018, 5, 10), 18},
                      AgeCase{"DayAfterBirthday", D(2000, 5, 10), D(2018, 5, 11), 18},
                      AgeCase{"MonthBeforeBirthdayLaterDay", D(2000, 5, 10), D(2018, 4, 30), 17},
                      AgeCase{"MonthAfterBirthdayEarlierDay", D(2000, 5, 10), D(2018, 6, 1), 18},
                      // 29 February births.
                      AgeCase{"Feb29CommonYear28Feb", D(2000, 2, 29), D(2001, 2, 28), 0},
                      AgeCase{"Feb29CommonYear1Mar", D(2000, 2, 29), D(2001, 3, 1), 1},
                      AgeCase{"Feb29LeapYear28Feb", D(2000, 2, 29), D(2004, 2, 28), 3},
                      AgeCase{"Feb29LeapYear29Feb", D(2000, 2, 29), D(2004, 2, 29), 4},
                      AgeCase{"Feb29LeapYear1Mar", D(2000, 2, 29), D(2004, 3, 1), 4},
                      AgeCase{"Feb29Turns18InCommonYear28Feb", D(2008, 2, 29), D(2026, 2, 28), 17},
                      AgeCase{"Feb29Turns18InCommonYear1Mar", D(2008, 2, 29), D(2026, 3, 1), 18},
                      AgeCase{"Feb29Century2100IsCommon28Feb", D(2000, 2, 29), D(2100, 2, 28), 99},
                      AgeCase{"Feb29Century2100IsCommon1Mar", D(2000, 2, 29), D(2100, 3, 1), 100},
                      AgeCase{"Feb28BirthInLeapYear", D(2003, 2, 28), D(2004, 2, 28), 1},
                      AgeCase{"Mar1BirthOnLeapDay", D(2003, 3, 1), D(2004, 2, 29), 0},
                      // Year boundaries.
                      AgeCase{"Dec31BirthOnDec30", D(2000, 12, 31), D(2018, 12, 30), 17},
                      AgeCase{"Dec31BirthOnDec31", D(2000, 12, 31), D(2018, 12, 31), 18},
                      AgeCase{"Dec31BirthOnJan1", D(2000, 12, 31), D(2019, 1, 1), 18},
                      AgeCase{"Jan1BirthOnDec31", D(2001, 1, 1), D(2018, 12, 31), 17},
                      AgeCase{"Jan1BirthOnJan1", D(2001, 1, 1), D(2019, 1, 1), 18},
                      AgeCase{"Jan1BirthLastDayOfFirstYear", D(2000, 1, 1), D(2000, 12, 31), 0}),
    CaseName{});

TEST(CharacterCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CharacterCount(""), 0u);
  EXPECT_EQ(CharacterCount("abc"), 3u);
  EXPECT_EQ(CharacterCount("\xC3\xA9"), 1u);                 // é
  EXPECT_EQ(CharacterCount("\xE2\x82\xAC"), 1u);             // €
  EXPECT_EQ(CharacterCount("\xF0\x9F\x98\x80"), 1u);         // 😀
  EXPECT_EQ(CharacterCount("Zo\xC3\xAB \xE7\x8E\x8B"), 5u);  // Zoë 王
  EXPECT_EQ(CharacterCount(Repeat("\xC3\xA9", 100)), 100u);
}

// ---------------------------------------------------------------------------------------------
// CheckRegistrationAge (F1, R8); today is kToday = 2026-06-15.

struct RegistrationCase {
  const char* name;
  Date birth;
  std::vector<std::string> activity_types;
  std::optional<FieldError> expected;
};

class RegistrationAgeTest : public ::testing::TestWithParam<RegistrationCase> {};

TEST_P(RegistrationAgeTest, Decides) {
  const RegistrationCase& c = GetParam();
  const auto got = CheckRegistrationAge(Aged(c.birth, c.activity_types), kToday);
  ASSERT_EQ(got.has_value(), c.expected.has_value()) << (got ? got->message.key : "no error");
  if (got) {
    EXPECT_EQ(*got, *c.expected);
  }
}

FieldError BirthError(const char* key, Args args = {}) {
  FieldError e{"birth_date", Message(key)};
  e.message.args = std::move(args);
  return e;
}

const std::vector<std::string> kVolunteering = {"individual_volunteering"};
const std::vector<std::string> kHumanitarian = {"humanitarian_aid"};
const std::vector<std::string> kHumanitarianAndJob = {"humanitarian_aid", "job"};

INSTANTIATE_TEST_SUITE_P(
    Ages, RegistrationAgeTest,
    ::testing::Values(
        RegistrationCase{"SeventeenToday", D(2009, 6, 15), kVolunteering, std::nullopt},
        RegistrationCase{"SeventeenTomorrow", D(2009, 6, 16), kVolunteering,
                         BirthError("error.field.too_young", {{"age", "16"}, {"min", "17"}})},
        RegistrationCase{"SeventeenTomorrowHumanitarian", D(2009, 6, 16), kHumanitarian,
                         BirthError("error.field.too_young", {{"age", "16"}, {"min", "17"}})},
        RegistrationCase{"BornToday", D(2026, 6, 15), kVolunteering,
                         BirthError("error.field.too_young", {{"age", "0"}, {"min", "17"}})},
        RegistrationCase{"Eighteen", D(2008, 1, 1), kVolunteering, std::nullopt},
        RegistrationCase{"ThirtyOnTheDay", D(1996, 6, 15), kVolunteering, std::nullopt},
        RegistrationCase{"ThirtyLastDay", D(1995, 6, 16), kVolunteering, std::nullopt},
        RegistrationCase{"ThirtyOneToday", D(1995, 6, 15), kVolunteering,
                         BirthError("error.field.too_old_humanitarian_only",
                                    {{"age", "31"}, {"max", "30"}, {"max_humanitarian", "35"}})},
        RegistrationCase{"ThirtyOneNoActivityTypes",
                         D(1995, 6, 15),
                         {},
                         BirthError("error.field.too_old_humanitarian_only",
                                    {{"age", "31"}, {"max", "30"}, {"max_humanitarian", "35"}})},
        RegistrationCase{"ThirtyOneHumanitarianOnly", D(1995, 6, 15), kHumanitarian, std::nullopt},
        RegistrationCase{"ThirtyFiveHumanitarianAndJob", D(1991, 6, 15), kHumanitarianAndJob,
                         BirthError("error.field.too_old_humanitarian_only",
                                    {{"age", "35"}, {"max", "30"}, {"max_humanitarian", "35"}})},
        RegistrationCase{"ThirtyFiveOnTheDayHumanitarianOnly", D(1991, 6, 15), kHumanitarian,
                         std::nullopt},
        RegistrationCase{"ThirtyFiveLastDayHumanitarianOnly", D(1990, 6, 16), kHumanitarian,
                         std::nullopt},
        RegistrationCase{"ThirtySixHumanitarianOnly", D(1990, 6, 15), kHumanitarian,
                         BirthError("error.field.too_old", {{"age", "36"}, {"max", "35"}})},
        RegistrationCase{"ThirtySixVolunteering", D(1990, 6, 15), kVolunteering,
                         BirthError("error.field.too_old", {{"age", "36"}, {"max", "30"}})},
        RegistrationCase{"BirthTomorrow", D(2026, 6, 16), kVolunteering,
                         BirthError("error.field.birth_future")},
        RegistrationCase{"BirthNextYear", D(2027, 1, 1), kVolunteering,
                         BirthError("error.field.birth_future")},
        RegistrationCase{"InvalidDate", D(2001, 2, 30), kVolunteering,
                         BirthError("error.field.date")},
        RegistrationCase{"Feb29NotInCommonYear", D(2009, 2, 29), kVolunteering,
                         BirthError("error.field.date")},
        RegistrationCase{"NoDate", Date{}, kVolunteering, BirthError("error.field.date")}),
    CaseName{});

TEST(RegistrationAgeLeapDayTest, LeapDayBirthTurnsSeventeenOnFirstMarchInCommonYear) {
  const Participant p = Aged(D(2008, 2, 29), kVolunteering);
  const auto before = CheckRegistrationAge(p, D(2025, 2, 28));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->message.key, "error.field.too_young");
  EXPECT_EQ(CheckRegistrationAge(p, D(2025, 3, 1)), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// CheckActivityTypesForAge (R8): aged 31 to 35, humanitarian aid only.

struct ActivityAgeCase {
  const char* name;
  Date birth;
  std::vector<std::string> activity_types;
  std::optional<FieldError> expected;
};

class ActivityTypesForAgeTest : public ::testing::TestWithParam<ActivityAgeCase> {};

TEST_P(ActivityTypesForAgeTest, Decides) {
  const ActivityAgeCase& c = GetParam();
  const auto got = CheckActivityTypesForAge(Aged(c.birth, c.activity_types), kToday);
  ASSERT_EQ(got.has_value(), c.expected.has_value()) << (got ? got->message.key : "no error");
  if (got) {
    EXPECT_EQ(*got, *c.expected);
  }
}

FieldError ActivityAgeError(const char* age) {
  return FieldError{"activity_types",
                    Message("error.field.activity_types_age", {{"age", age}, {"max", "30"}})};
}

INSTANTIATE_TEST_SUITE_P(
    Ages, ActivityTypesForAgeTest,
    ::testing::Values(
        ActivityAgeCase{"ThirtyTwoHumanitarianAndJob", D(1994, 1, 1), kHumanitarianAndJob,
                        ActivityAgeError("32")},
        ActivityAgeCase{"ThirtyTwoHumanitarianOnly", D(1994, 1, 1), kHumanitarian, std::nullopt},
        ActivityAgeCase{"ThirtyOneTodayVolunteering", D(1995, 6, 15), kVolunteering,
                        ActivityAgeError("31")},
        ActivityAgeCase{"ThirtyFiveHumanitarianAndJob", D(1991, 1, 1), kHumanitarianAndJob,
                        ActivityAgeError("35")},
        ActivityAgeCase{"ThirtyAnything",
                        D(1996, 1, 1),
                        {"individual_volunteering", "volunteering_team", "humanitarian_aid",
                         "traineeship", "job", "solidarity_project"},
                        std::nullopt},
        ActivityAgeCase{"ThirtyLastDayJob", D(1995, 6, 16), {"job"}, std::nullopt},
        ActivityAgeCase{"ThirtyHumanitarianOnly", D(1996, 1, 1), kHumanitarian, std::nullopt},
        ActivityAgeCase{"SeventeenJob", D(2009, 1, 1), {"job"}, std::nullopt},
        ActivityAgeCase{"InvalidBirthDate", D(2001, 2, 30), kHumanitarianAndJob, std::nullopt}),
    CaseName{});

// ---------------------------------------------------------------------------------------------
// IsEligible / IsFindable (R8, F3); today is kToday = 2026-06-15.

struct FindableCase {
  const char* name;
  Date birth;
  std::vector<std::string> activity_types;
  bool searchable;
  bool hidden_for_inactivity;
  bool eligible;
  bool findable;
};

class FindableTest : public ::testing::TestWithParam<FindableCase> {};

TEST_P(FindableTest, Decides) {
  const FindableCase& c = GetParam();
  Participant p = Aged(c.birth, c.activity_types);
  p.searchable = c.searchable;
  EXPECT_EQ(IsEligible(p, kToday), c.eligible);
  EXPECT_EQ(IsFindable(p, c.hidden_for_inactivity, kToday), c.findable);
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, FindableTest,
    ::testing::Values(
        FindableCase{"TwentyFiveSearchable", D(2001, 1, 1), kVolunteering, true, false, true, true},
        FindableCase{"SearchableOff", D(2001, 1, 1), kVolunteering, false, false, true, false},
        FindableCase{"HiddenForInactivity", D(2001, 1, 1), kVolunteering, true, true, true, false},
        FindableCase{"SeventeenMayBeFound", D(2009, 6, 15), kVolunteering, true, false, true, true},
        FindableCase{"ThirtyOnTheDay", D(1996, 6, 15), kVolunteering, true, false, true, true},
        FindableCase{"ThirtyOneNotHumanitarian", D(1995, 6, 15), kVolunteering, true, false, false,
                     false},
        FindableCase{"ThirtyOneHumanitarianAndJob", D(1995, 6, 15), kHumanitarianAndJob, true,
                     false, false, false},
        FindableCase{"ThirtyOneNoActivityTypes", D(1995, 6, 15), {}, true, false, false, false},
        FindableCase{"ThirtyFiveHumanitarianOnly", D(1991, 6, 15), kHumanitarian, true, false, true,
                     true},
        FindableCase{"ThirtyFiveHumanitarianOnlyHidden", D(1991, 6, 15), kHumanitarian, true, true,
                     true, false},
        FindableCase{"ThirtySixHumanitarianOnly", D(1990, 6, 15), kHumanitarian, true, false, false,
                     false},
        FindableCase{"InvalidBirthDate", D(2001, 2, 30), kVolunteering, true, false, false, false}),
    CaseName{});

// ---------------------------------------------------------------------------------------------
// CheckProfile: one rule per case, with the exact field name and message key.

TEST(CheckProfileTest, ValidProfileHasNoErrors) {
  EXPECT_EQ(CheckProfile(ValidProfile()), std::vector<FieldError>{});
}

struct ProfileCase {
  const char* name;
  std::function<void(Participant&)> change;
  // Empty field: the change keeps the profile valid.
  std::string field;
  std::string key;
  std::optional<Args> args;  // checked when given
};

class CheckProfileRuleTest : public ::testing::TestWithParam<ProfileCase> {};

TEST_P(CheckProfileRuleTest, ReportsTheField) {
  const ProfileCase& c = GetParam();
  Participant p = ValidProfile();
  c.change(p);
  const std::vector<FieldError> errors = CheckProfile(p);
  if (c.field.empty()) {
    EXPECT_EQ(errors, std::vector<FieldError>{});
    return;
  }
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0].field, c.field);
  EXPECT_EQ(errors[0].message.key, c.key);
  if (c.args) {
    EXPECT_EQ(errors[0].message.args, *c.args);
  }
}

std::vector<codes::LanguageLevel> DistinctLanguages(size_t n) {
  std::vector<codes::LanguageLevel> out;
  for (size_t i = 0; i < n; ++i) out.push_back({std::string(codes::Languages()[i]), Level::kB1});
  return out;
}

std::vector<Period> Periods(size_t n) {
  return std::vector<Period>(n, Period{D(2026, 9, 1), D(2026, 12, 31)});
}

const std::string kE = "\xC3\xA9";  // é, two bytes

ProfileCase Ok(const char* name, std::function<void(Participant&)> change) {
  return {name, std::move(change), "", "", std::nullopt};
}

ProfileCase Bad(const char* name, std::function<void(Participant&)> change, std::string field,
                std::string key, std::optional<Args> args = std::nullopt) {
  return {name, std::move(change), std::move(field), std::move(key), std::move(args)};
}

INSTANTIATE_TEST_SUITE_P(
    Names, CheckProfileRuleTest,
    ::testing::Values(
        Bad(
            "GivenNameEmpty", [](Participant& p) { p.given_name = ""; }, "given_name",
            "error.field.required"),
        Bad(
            "GivenNameBlank", [](Participant& p) { p.given_name = "  \t "; }, "given_name",
            "error.field.required"),
        Bad(
            "FamilyNameEmpty", [](Participant& p) { p.family_name = ""; }, "family_name",
            "error.field.required"),
        Ok("GivenName100Ascii", [](Participant& p) { p.given_name = std::string(100, 'a'); }),
        Bad(
            "GivenName101Ascii", [](Participant& p) { p.given_name = std::string(101, 'a'); },
            "given_name", "error.field.too_long", Args{{"max", "100"}}),
        Ok("GivenName100Accented", [](Participant& p) { p.given_name = Repeat(kE, 100); }),
        Bad(
            "GivenName101Accented", [](Participant& p) { p.given_name = Repeat(kE, 101); },
            "given_name", "error.field.too_long", Args{{"max", "100"}}),
        Ok("FamilyName100Emoji",
           [](Participant& p) { p.family_name = Repeat("\xF0\x9F\x98\x80", 100); }),
        Bad(
            "FamilyName101Accented", [](Participant& p) { p.family_name = Repeat(kE, 101); },
            "family_name", "error.field.too_long", Args{{"max", "100"}}),
        Ok("UnicodeNames",
           [](Participant& p) {
             p.given_name = "Zo\xC3\xAB-\xC5\x81ucja";         // Zoë-Łucja
             p.family_name = "O'Brien \xE7\x8E\x8B \xCE\xA3";  // O'Brien 王 Σ
           }),
        Bad(
            "GivenNameNewline", [](Participant& p) { p.given_name = "Anna\nMaria"; }, "given_name",
            "error.field.one_line"),
        Bad(
            "GivenNameTab", [](Participant& p) { p.given_name = "Anna\tMaria"; }, "given_name",
            "error.field.one_line"),
        Bad(
            "FamilyNameNul", [](Participant& p) { p.family_name = std::string("Sven\0sson", 9); },
            "family_name", "error.field.one_line"),
        Bad(
            "FamilyNameDelete", [](Participant& p) { p.family_name = "Svens\x7fson"; },
            "family_name", "error.field.one_line"),
        Bad(
            "GivenNameTruncatedUtf8", [](Participant& p) { p.given_name = "Ann\xC3"; },
            "given_name", "error.field.one_line"),
        Bad(
            "GivenNameLoneContinuation", [](Participant& p) { p.given_name = "A\x80nna"; },
            "given_name", "error.field.one_line"),
        Bad(
            "GivenNameOverlong", [](Participant& p) { p.given_name = "\xC0\xAF"; }, "given_name",
            "error.field.one_line"),
        Bad(
            "GivenNameSurrogate", [](Participant& p) { p.given_name = "\xED\xA0\x80"; },
            "given_name", "error.field.one_line"),
        Bad(
            "FamilyNameInvalidByte", [](Participant& p) { p.family_name = "\xFF"; }, "family_name",
            "error.field.one_line")),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(
    ContactAndPlace, CheckProfileRuleTest,
    ::testing::Values(
        Bad(
            "EmailEmpty", [](Participant& p) { p.email = ""; }, "email", "error.field.required"),
        Bad(
            "EmailNoAt", [](Participant& p) { p.email = "anna.example.org"; }, "email",
            "error.field.email", Args{{"value", "anna.example.org"}}),
        Bad(
            "EmailNoDomainDot", [](Participant& p) { p.email = "anna@example"; }, "email",
            "error.field.email", Args{{"value", "anna@example"}}),
        Bad(
            "EmailSpace", [](Participant& p) { p.email = "anna svensson@example.org"; }, "email",
            "error.field.email"),
        Bad(
            "BirthDateInvalid", [](Participant& p) { p.birth_date = D(2001, 2, 30); }, "birth_date",
            "error.field.date"),
        Bad(
            "ResidenceEmpty", [](Participant& p) { p.residence = ""; }, "residence",
            "error.field.required"),
        Bad(
            "ResidenceNotACode", [](Participant& p) { p.residence = "XX"; }, "residence",
            "error.field.country", Args{{"value", "XX"}}),
        Bad(
            "ResidenceName", [](Participant& p) { p.residence = "Sweden"; }, "residence",
            "error.field.country", Args{{"value", "Sweden"}}),
        Bad(
            "ResidenceLowerCase", [](Participant& p) { p.residence = "se"; }, "residence",
            "error.field.country", Args{{"value", "se"}}),
        Bad(
            "ResidenceEuSpellingNotStored", [](Participant& p) { p.residence = "EL"; }, "residence",
            "error.field.country"),
        Ok("NationalityOptional", [](Participant& p) { p.nationality = ""; }),
        Ok("NationalityOther", [](Participant& p) { p.nationality = "UA"; }),
        Bad(
            "NationalityLowerCase", [](Participant& p) { p.nationality = "se"; }, "nationality",
            "error.field.country", Args{{"value", "se"}}),
        Bad(
            "NationalityNotACode", [](Participant& p) { p.nationality = "SWE"; }, "nationality",
            "error.field.country"),
        Bad(
            "ContactLanguageUnknown", [](Participant& p) { p.contact_language = "xx"; },
            "contact_language", "error.field.language", Args{{"value", "xx"}}),
        Bad(
            "ContactLanguageUpperCase", [](Participant& p) { p.contact_language = "EN"; },
            "contact_language", "error.field.language"),
        Bad(
            "ContactLanguageEmpty", [](Participant& p) { p.contact_language = ""; },
            "contact_language", "error.field.language"),
        Bad(
            "LastActiveMissing", [](Participant& p) { p.last_active = Date{}; }, "last_active",
            "error.field.date")),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(
    Lists, CheckProfileRuleTest,
    ::testing::Values(
        Ok("NoLanguages", [](Participant& p) { p.languages.clear(); }),
        Bad(
            "LanguageUnknown",
            [](Participant& p) {
              p.languages.push_back({"xx", Level::kA1});
            },
            "languages[3].code", "error.field.language", Args{{"value", "xx"}}),
        Bad(
            "LanguageDuplicate",
            [](Participant& p) {
              p.languages = {{"sv", Level::kNative}, {"sv", Level::kC1}};
            },
            "languages[2].code", "error.field.duplicate", Args{{"value", "sv"}}),
        Ok("TwentyLanguages", [](Participant& p) { p.languages = DistinctLanguages(20); }),
        Bad(
            "TwentyOneLanguages", [](Participant& p) { p.languages = DistinctLanguages(21); },
            "languages", "error.field.too_many", Args{{"max", "20"}}),
        Ok("NoSkills", [](Participant& p) { p.skills.clear(); }),
        Bad(
            "SkillUnknown",
            [](Participant& p) {
              p.skills = {"juggling", "teaching"};
            },
            "skills[1]", "error.field.skill", Args{{"value", "juggling"}}),
        Bad(
            "SkillDuplicate",
            [](Participant& p) {
              p.skills = {"teaching", "teaching"};
            },
            "skills[2]", "error.field.duplicate", Args{{"value", "teaching"}}),
        Bad(
            "TopicUnknown", [](Participant& p) { p.topics = {"astrology"}; }, "topics[1]",
            "error.field.topic", Args{{"value", "astrology"}}),
        Bad(
            "TopicDuplicate",
            [](Participant& p) {
              p.topics = {"digital", "sport", "digital"};
            },
            "topics[3]", "error.field.duplicate", Args{{"value", "digital"}}),
        Bad(
            "ActivityTypeUnknown", [](Participant& p) { p.activity_types = {"tourism"}; },
            "activity_types[1]", "error.field.activity_type", Args{{"value", "tourism"}}),
        Bad(
            "ActivityTypeDuplicate",
            [](Participant& p) {
              p.activity_types = {"job", "job"};
            },
            "activity_types[2]", "error.field.duplicate", Args{{"value", "job"}}),
        Ok("NoDestinations", [](Participant& p) { p.destinations.clear(); }),
        Ok("DestinationsAnyAlone", [](Participant& p) { p.destinations = {"any"}; }),
        Bad(
            "DestinationsAnyWithCountry",
            [](Participant& p) {
              p.destinations = {"any", "SE"};
            },
            "destinations", "error.field.destinations_any"),
        Bad(
            "DestinationsCountryThenAny",
            [](Participant& p) {
              p.destinations = {"SE", "any"};
            },
            "destinations", "error.field.destinations_any"),
        Bad(
            "DestinationUnknown",
            [](Participant& p) {
              p.destinations = {"SE", "XX"};
            },
            "destinations[2]", "error.field.country", Args{{"value", "XX"}}),
        Bad(
            "DestinationLowerCase", [](Participant& p) { p.destinations = {"de"}; },
            "destinations[1]", "error.field.country", Args{{"value", "de"}}),
        Bad(
            "DestinationDuplicate",
            [](Participant& p) {
              p.destinations = {"DE", "DE"};
            },
            "destinations[2]", "error.field.duplicate", Args{{"value", "DE"}})),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(
    Availability, CheckProfileRuleTest,
    ::testing::Values(
        Ok("NoPeriods", [](Participant& p) { p.availability.clear(); }),
        Ok("OneDayPeriod",
           [](Participant& p) {
             p.availability = {{D(2026, 9, 1), D(2026, 9, 1)}};
           }),
        Bad(
            "ToBeforeFrom",
            [](Participant& p) {
              p.availability = {{D(2026, 9, 2), D(2026, 9, 1)}};
            },
            "availability[1].to", "error.field.ends_before_start"),
        Bad(
            "SecondPeriodToBeforeFrom",
            [](Participant& p) {
              p.availability = {{D(2026, 9, 1), D(2026, 10, 1)}, {D(2027, 1, 1), D(2026, 12, 31)}};
            },
            "availability[2].to", "error.field.ends_before_start"),
        Bad(
            "FromInvalid",
            [](Participant& p) {
              p.availability = {{D(2026, 2, 30), D(2026, 9, 1)}};
            },
            "availability[1].from", "error.field.date"),
        Bad(
            "ToInvalid",
            [](Participant& p) {
              p.availability = {{D(2026, 9, 1), Date{}}};
            },
            "availability[1].to", "error.field.date"),
        Ok("TenPeriods", [](Participant& p) { p.availability = Periods(10); }),
        Bad(
            "ElevenPeriods", [](Participant& p) { p.availability = Periods(11); }, "availability",
            "error.field.too_many", Args{{"max", "10"}})),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(
    Texts, CheckProfileRuleTest,
    ::testing::Values(
        Ok("Experience2000", [](Participant& p) { p.experience = std::string(2000, 'x'); }),
        Bad(
            "Experience2001", [](Participant& p) { p.experience = std::string(2001, 'x'); },
            "experience", "error.field.too_long_count", Args{{"max", "2000"}, {"count", "2001"}}),
        Ok("Motivation2000", [](Participant& p) { p.motivation = std::string(2000, 'x'); }),
        Bad(
            "Motivation2001", [](Participant& p) { p.motivation = std::string(2001, 'x'); },
            "motivation", "error.field.too_long_count", Args{{"max", "2000"}, {"count", "2001"}}),
        Ok("SupportNeeds2000", [](Participant& p) { p.support_needs = std::string(2000, 'x'); }),
        Bad(
            "SupportNeeds2001", [](Participant& p) { p.support_needs = std::string(2001, 'x'); },
            "support_needs", "error.field.too_long_count",
            Args{{"max", "2000"}, {"count", "2001"}}),
        Ok("Motivation2000Accented", [](Participant& p) { p.motivation = Repeat(kE, 2000); }),
        Bad(
            "Motivation2001Accented", [](Participant& p) { p.motivation = Repeat(kE, 2001); },
            "motivation", "error.field.too_long_count", Args{{"max", "2000"}, {"count", "2001"}}),
        Ok("EmptyTexts",
           [](Participant& p) {
             p.experience.clear();
             p.motivation.clear();
             p.support_needs.clear();
           }),
        Ok("NewlinesAndTabsAllowed",
           [](Participant& p) {
             p.experience = "Line one\nLine two\r\nLine three\tindented";
             p.motivation = "First paragraph.\n\nSecond paragraph.";
             p.support_needs = "a\r\nb";
           }),
        Bad(
            "ExperienceControlCharacter", [](Participant& p) { p.experience = "bell\x07"; },
            "experience", "error.field.text"),
        Bad(
            "MotivationEscape", [](Participant& p) { p.motivation = "\x1b[31mred"; }, "motivation",
            "error.field.text"),
        Bad(
            "SupportNeedsBadUtf8", [](Participant& p) { p.support_needs = "caf\xC3"; },
            "support_needs", "error.field.text")),
    CaseName{});

INSTANTIATE_TEST_SUITE_P(
    Placements, CheckProfileRuleTest,
    ::testing::Values(
        Ok("NoPlacements", [](Participant& p) { p.placements.clear(); }),
        Bad(
            "PlacementActivityTypeUnknown",
            [](Participant& p) { p.placements[0].activity_type = "holiday"; },
            "placements[1].activity_type", "error.field.activity_type", Args{{"value", "holiday"}}),
        Bad(
            "PlacementActivityTypeEmpty",
            [](Participant& p) { p.placements[0].activity_type = ""; },
            "placements[1].activity_type", "error.field.activity_type"),
        Bad(
            "PlacementToBeforeFrom",
            [](Participant& p) {
              p.placements.push_back({D(2024, 6, 1), D(2024, 5, 31), "job", false});
            },
            "placements[2].to", "error.field.ends_before_start"),
        Bad(
            "PlacementFromInvalid", [](Participant& p) { p.placements[0].from = D(2023, 2, 29); },
            "placements[1].from", "error.field.date"),
        Bad(
            "PlacementToInvalid", [](Participant& p) { p.placements[0].to = Date{}; },
            "placements[1].to", "error.field.date"),
        Ok("FiftyPlacements", [](Participant& p) { p.placements.resize(50, p.placements[0]); }),
        Bad(
            "FiftyOnePlacements", [](Participant& p) { p.placements.resize(51, p.placements[0]); },
            "placements", "error.field.too_many", Args{{"max", "50"}})),
    CaseName{});

TEST(CheckProfileTest, ReportsEveryBadFieldInFormOrder) {
  Participant p = ValidProfile();
  p.given_name = "";
  p.email = "nope";
  p.skills = {"teaching", "nope"};
  p.motivation = std::string(2001, 'x');
  const auto errors = CheckProfile(p);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"given_name", "email", "skills[2]", "motivation"}));
}

TEST(CheckProfileTest, DoesNotJudgeAge) {
  // Age is CheckRegistrationAge's business: a 60-year-old profile is otherwise well-formed.
  Participant p = ValidProfile();
  p.birth_date = D(1966, 1, 1);
  EXPECT_EQ(CheckProfile(p), std::vector<FieldError>{});
}

// ---------------------------------------------------------------------------------------------
// MeasureCompleteness (F3)

const std::map<std::string, int> kWeights = {{"searchable", 20},     {"availability", 15},
                                             {"languages", 10},      {"topics", 10},
                                             {"activity_types", 10}, {"skills", 10},
                                             {"destinations", 5},    {"motivation", 10},
                                             {"experience", 5},      {"cv", 5}};

std::set<std::string> NotDone(const Completeness& c) {
  std::set<std::string> out;
  for (const auto& item : c.items) {
    if (!item.done) out.insert(item.field);
  }
  return out;
}

TEST(CompletenessTest, WeightsSumToHundredAndMatchTheItems) {
  const Completeness c = MeasureCompleteness(Participant{}, false, kToday);
  std::map<std::string, int> weights;
  for (const auto& item : c.items) {
    EXPECT_TRUE(weights.emplace(item.field, item.weight).second) << "twice: " << item.field;
    EXPECT_GT(item.weight, 0) << item.field;
    EXPECT_EQ(item.advice.key, "profile.advice." + item.field);
  }
  EXPECT_EQ(weights, kWeights);
  const int sum = std::accumulate(c.items.begin(), c.items.end(), 0,
                                  [](int s, const CompletenessItem& i) { return s + i.weight; });
  EXPECT_EQ(sum, 100);
}

TEST(CompletenessTest, EmptyProfileScoresZero) {
  const Completeness c = MeasureCompleteness(Participant{}, false, kToday);
  EXPECT_EQ(c.percent, 0);
  EXPECT_EQ(NotDone(c).size(), kWeights.size());
}

TEST(CompletenessTest, FullProfileScoresHundred) {
  const Completeness c = MeasureCompleteness(ValidProfile(), true, kToday);
  EXPECT_EQ(c.percent, 100);
  EXPECT_EQ(NotDone(c), std::set<std::string>{});
}

struct CompletenessCase {
  const char* name;
  std::function<void(Participant&)> change;
  bool has_cv;
  std::string missing;  // the item the change leaves undone; empty: still complete
};

class CompletenessToggleTest : public ::testing::TestWithParam<CompletenessCase> {};

TEST_P(CompletenessToggleTest, FromFullProfile) {
  const CompletenessCase& c = GetParam();
  Participant p = ValidProfile();
  c.change(p);
  const Completeness got = MeasureCompleteness(p, c.has_cv, kToday);
  if (c.missing.empty()) {
    EXPECT_EQ(got.percent, 100);
    EXPECT_EQ(NotDone(got), std::set<std::string>{});
  } else {
    EXPECT_EQ(got.percent, 100 - kWeights.at(c.missing));
    EXPECT_EQ(NotDone(got), std::set<std::string>{c.missing});
  }
}

INSTANTIATE_TEST_SUITE_P(
    Items, CompletenessToggleTest,
    ::testing::Values(
        CompletenessCase{"NotSearchable", [](Participant& p) { p.searchable = false; }, true,
                         "searchable"},
        CompletenessCase{"NoAvailability", [](Participant& p) { p.availability.clear(); }, true,
                         "availability"},
        CompletenessCase{"AvailabilityAllPast",
                         [](Participant& p) {
                           p.availability = {{D(2025, 1, 1), D(2026, 6, 14)}};
                         },
                         true, "availability"},
        CompletenessCase{"AvailabilityEndsToday",
                         [](Participant& p) {
                           p.availability = {{D(2025, 1, 1), D(2026, 6, 15)}};
                         },
                         true, ""},
        CompletenessCase{
            "AvailabilityOnePastOneFuture",
            [](Participant& p) {
              p.availability = {{D(2025, 1, 1), D(2025, 2, 1)}, {D(2026, 7, 1), D(2026, 8, 1)}};
            },
            true, ""},
        CompletenessCase{"NoLanguages", [](Participant& p) { p.languages.clear(); }, true,
                         "languages"},
        CompletenessCase{"OnlyNativeLanguage",
                         [](Participant& p) {
                           p.languages = {{"sv", Level::kNative}};
                         },
                         true, "languages"},
        CompletenessCase{"OneForeignLanguage",
                         [](Participant& p) {
                           p.languages = {{"en", Level::kA2}};
                         },
                         true, ""},
        CompletenessCase{"TwoNativeLanguages",
                         [](Participant& p) {
                           p.languages = {{"sv", Level::kNative}, {"fi", Level::kNative}};
                         },
                         true, ""},
        CompletenessCase{"NoTopics", [](Participant& p) { p.topics.clear(); }, true, "topics"},
        CompletenessCase{"NoActivityTypes", [](Participant& p) { p.activity_types.clear(); }, true,
                         "activity_types"},
        CompletenessCase{"TwoSkills", [](Participant& p) { p.skills.resize(2); }, true, "skills"},
        CompletenessCase{"NoDestinations", [](Participant& p) { p.destinations.clear(); }, true,
                         "destinations"},
        CompletenessCase{"DestinationsAny", [](Participant& p) { p.destinations = {"any"}; }, true,
                         ""},
        CompletenessCase{"Motivation199",
                         [](Participant& p) { p.motivation = std::string(199, 'm'); }, true,
                         "motivation"},
        CompletenessCase{"Motivation200",
                         [](Participant& p) { p.motivation = std::string(200, 'm'); }, true, ""},
        CompletenessCase{"Motivation100AccentedIs200Bytes",
                         [](Participant& p) { p.motivation = Repeat(kE, 100); }, true,
                         "motivation"},
        CompletenessCase{"Motivation200Accented",
                         [](Participant& p) { p.motivation = Repeat(kE, 200); }, true, ""},
        CompletenessCase{"Experience99",
                         [](Participant& p) { p.experience = std::string(99, 'x'); }, true,
                         "experience"},
        CompletenessCase{"Experience100",
                         [](Participant& p) { p.experience = std::string(100, 'x'); }, true, ""},
        CompletenessCase{"NoCv", [](Participant&) {}, false, "cv"}),
    CaseName{});

TEST(CompletenessTest, EachItemAloneGivesItsWeight) {
  const Participant full = ValidProfile();
  const std::vector<std::pair<std::string, std::function<void(Participant&, bool&)>>> items = {
      {"searchable", [&](Participant& p, bool&) { p.searchable = true; }},
      {"availability", [&](Participant& p, bool&) { p.availability = full.availability; }},
      {"languages", [&](Participant& p, bool&) { p.languages = full.languages; }},
      {"topics", [&](Participant& p, bool&) { p.topics = full.topics; }},
      {"activity_types", [&](Participant& p, bool&) { p.activity_types = full.activity_types; }},
      {"skills", [&](Participant& p, bool&) { p.skills = full.skills; }},
      {"destinations", [&](Participant& p, bool&) { p.destinations = full.destinations; }},
      {"motivation", [&](Participant& p, bool&) { p.motivation = full.motivation; }},
      {"experience", [&](Participant& p, bool&) { p.experience = full.experience; }},
      {"cv", [&](Participant&, bool& cv) { cv = true; }},
  };
  ASSERT_EQ(items.size(), kWeights.size());
  for (const auto& [field, add] : items) {
    Participant p;
    bool cv = false;
    add(p, cv);
    const Completeness c = MeasureCompleteness(p, cv, kToday);
    EXPECT_EQ(c.percent, kWeights.at(field)) << field;
    EXPECT_EQ(NotDone(c).count(field), 0u) << field;
    EXPECT_EQ(NotDone(c).size(), kWeights.size() - 1) << field;
  }
}

}  // namespace
}  // namespace participants
}  // namespace pass
