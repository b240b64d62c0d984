// The candidate search's URL parameters (SPEC F9, docs/api.md): every parameter parsed into a
// Query, and every problem reported against the parameter that caused it, all at once, so that the
// API's 400 and the search form can point at each one. There is no parameter for nationality,
// gender or any other protected characteristic.
#include "search/query.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/strings.h"
#include "search/text.h"

namespace pass::search {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using Strings = std::vector<std::string>;
using codes::Level;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

ParsedQuery Ok(const Params& params) {
  auto r = ParseQuery(params);
  if (!r) {
    std::string fields;
    for (const auto& f : r.error().fields) fields += f.field + ":" + f.message.key + " ";
    ADD_FAILURE() << "rejected: " << fields;
    return {};
  }
  return *r;
}

// The parameters named by the error, in order, one per problem.
Strings Fields(const Params& params) {
  auto r = ParseQuery(params);
  if (r) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  Strings out;
  for (const auto& f : r.error().fields) out.push_back(f.field);
  return out;
}

// The message key of the first error about `field`.
std::string KeyFor(const Params& params, std::string_view field) {
  auto r = ParseQuery(params);
  if (r) return "accepted";
  for (const auto& f : r.error().fields) {
    if (f.field == field) return f.message.key;
  }
  return "none";
}

TEST(ParseQueryTest, NoParametersGiveTheDefaults) {
  const auto p = Ok({});
  EXPECT_TRUE(p.query.residence.empty());
  EXPECT_EQ(p.query.sort, Sort::kRelevance);
  EXPECT_EQ(p.query.limit, 20);
  EXPECT_EQ(p.query.offset, 0);
  EXPECT_FALSE(p.query.available_from);
  EXPECT_FALSE(p.query.age_min);
  EXPECT_FALSE(p.query.target);
  EXPECT_FALSE(p.opportunity);
  EXPECT_FALSE(p.favour_inclusion);
}

TEST(ParseQueryTest, ParsesEveryParameter) {
  const auto p = Ok({{"residence", "SE,DE"},
                     {"destination", "FR"},
                     {"topics", "environment_nature,climate_action"},
                     {"activity_types", "individual_volunteering"},
                     {"skills", "first_aid"},
                     {"languages", "fr:B1,en:native"},
                     {"available_from", "2027-03-01"},
                     {"available_to", "2027-06-30"},
                     {"age_min", "18"},
                     {"age_max", "25"},
                     {"age_at", "2027-03-01"},
                     {"active_within_days", "90"},
                     {"q", "youth  leader camp"},
                     {"opportunity", "42"},
                     {"sort", "match"},
                     {"limit", "50"},
                     {"offset", "100"},
                     {"facets", "residence,topics"},
                     {"favour_inclusion", "true"},
                     {"format", "json"}});
  const Query& q = p.query;
  EXPECT_EQ(q.residence, (Strings{"SE", "DE"}));
  EXPECT_EQ(q.destinations, (Strings{"FR"}));
  EXPECT_EQ(q.topics, (Strings{"environment_nature", "climate_action"}));
  EXPECT_EQ(q.activity_types, (Strings{"individual_volunteering"}));
  EXPECT_EQ(q.skills, (Strings{"first_aid"}));
  EXPECT_EQ(q.languages,
            (std::vector<codes::LanguageLevel>{{"fr", Level::kB1}, {"en", Level::kNative}}));
  EXPECT_EQ(q.available_from, D(2027, 3, 1));
  EXPECT_EQ(q.available_to, D(2027, 6, 30));
  EXPECT_EQ(q.age_min, 18);
  EXPECT_EQ(q.age_max, 25);
  EXPECT_EQ(q.age_at, D(2027, 3, 1));
  EXPECT_EQ(q.active_within_days, 90);
  EXPECT_EQ(q.words, (Strings{"youth", "leader", "camp"}));
  EXPECT_EQ(p.opportunity, 42);
  EXPECT_EQ(q.sort, Sort::kMatch);
  EXPECT_EQ(q.limit, 50);
  EXPECT_EQ(q.offset, 100);
  EXPECT_EQ(q.facets, (Strings{"residence", "topics"}));
  EXPECT_TRUE(p.favour_inclusion);
}

TEST(ParseQueryTest, EveryDocumentedParameterIsKnown) {
  const auto names = QueryParameterNames();
  for (std::string_view n :
       {"residence", "destination", "topics", "activity_types", "skills", "languages",
        "available_from", "available_to", "age_min", "age_max", "age_at", "active_within_days", "q",
        "opportunity", "sort", "limit", "offset", "facets", "favour_inclusion"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

TEST(ParseQueryTest, SkillsComeFromTheirCodeList) {
  const auto skills = codes::Skills();
  const auto p = Ok({{"skills", std::string(skills[0]) + "," + std::string(skills[1])}});
  EXPECT_EQ(p.query.skills, (Strings{std::string(skills[0]), std::string(skills[1])}));
}

TEST(ParseQueryTest, ListsMayBeRepeatedParametersAndAreJoined) {
  const auto p = Ok({{"residence", "SE"},
                     {"residence", "DE,FR"},
                     {"topics", "climate_action"},
                     {"topics", "environment_nature"},
                     {"languages", "fr:B1"},
                     {"languages", "de:C1"},
                     {"facets", "residence"},
                     {"facets", "languages"}});
  EXPECT_EQ(p.query.residence, (Strings{"SE", "DE", "FR"}));
  EXPECT_EQ(p.query.topics, (Strings{"climate_action", "environment_nature"}));
  EXPECT_EQ(p.query.languages,
            (std::vector<codes::LanguageLevel>{{"fr", Level::kB1}, {"de", Level::kC1}}));
  EXPECT_EQ(p.query.facets, (Strings{"residence", "languages"}));
}

TEST(ParseQueryTest, ListValuesAreTrimmedAndDuplicatesAndEmptiesDropped) {
  const auto p = Ok({{"residence", " SE , ,DE,SE,"}, {"facets", "topics,topics"}});
  EXPECT_EQ(p.query.residence, (Strings{"SE", "DE"}));
  EXPECT_EQ(p.query.facets, (Strings{"topics"}));
}

TEST(ParseQueryTest, CountryCodesAreNormalisedToUpperCase) {
  const auto p = Ok({{"residence", "se,De"}, {"destination", "fr"}});
  EXPECT_EQ(p.query.residence, (Strings{"SE", "DE"}));
  EXPECT_EQ(p.query.destinations, (Strings{"FR"}));
}

TEST(ParseQueryTest, LanguageCodesAreLowerCasedAndALevelDefaultsToA1) {
  const auto p = Ok({{"languages", "FR:B2,de,it:native"}});
  EXPECT_EQ(p.query.languages,
            (std::vector<codes::LanguageLevel>{
                {"fr", Level::kB2}, {"de", Level::kA1}, {"it", Level::kNative}}));
}

TEST(ParseQueryTest, EmptyValuesCountAsNotGiven) {
  const auto p = Ok({{"residence", ""},
                     {"age_min", ""},
                     {"sort", ""},
                     {"limit", ""},
                     {"q", ""},
                     {"available_from", ""}});
  EXPECT_TRUE(p.query.residence.empty());
  EXPECT_FALSE(p.query.age_min);
  EXPECT_EQ(p.query.limit, 20);
  EXPECT_TRUE(p.query.words.empty());
  EXPECT_FALSE(p.query.available_from);
  // An empty one before or after a real one is not "given twice".
  EXPECT_EQ(Ok({{"limit", ""}, {"limit", "5"}}).query.limit, 5);
  EXPECT_EQ(Ok({{"limit", "5"}, {"limit", ""}}).query.limit, 5);
}

TEST(ParseQueryTest, SortAndBooleanValues) {
  EXPECT_EQ(Ok({{"sort", "relevance"}}).query.sort, Sort::kRelevance);
  EXPECT_EQ(Ok({{"sort", "last_active"}}).query.sort, Sort::kLastActive);
  EXPECT_EQ(Ok({{"sort", "match"}, {"opportunity", "7"}}).query.sort, Sort::kMatch);
  for (const char* yes : {"true", "1", "on"}) {
    EXPECT_TRUE(Ok({{"favour_inclusion", yes}}).favour_inclusion) << yes;
  }
  for (const char* no : {"false", "0"}) {
    EXPECT_FALSE(Ok({{"favour_inclusion", no}}).favour_inclusion) << no;
  }
  EXPECT_EQ(Fields({{"favour_inclusion", "maybe"}}), (Strings{"favour_inclusion"}));
  EXPECT_EQ(Fields({{"format", "xml"}}), (Strings{"format"}));
}

TEST(ParseQueryTest, ProtectedCharacteristicsAreUnknownParameters) {
  for (const char* name : {"nationality", "gender", "religion", "ethnicity", "health",
                           "fewer_opportunities", "family_name"}) {
    EXPECT_EQ(Fields({{name, "x"}}), (Strings{name})) << name;
    EXPECT_EQ(KeyFor({{name, "x"}}, name), "error.search.unknown_parameter");
  }
  // Even empty, and in any case.
  EXPECT_EQ(Fields({{"nationality", ""}}), (Strings{"nationality"}));
  EXPECT_EQ(Fields({{"Residence", "SE"}}), (Strings{"Residence"}));
}

TEST(ParseQueryTest, AnUnknownParameterNameIsShownOnlyAsSensibleText) {
  const auto fields = Fields({{std::string(300, 'n'), "1"}, {"bad\xff", "1"}});
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0], std::string(64, 'n'));
  EXPECT_EQ(fields[1], "?");
}

TEST(ParseQueryTest, WhatAnErrorShowsBackIsCutOnACharacterBoundary) {
  std::string name = "x";
  for (int i = 0; i < 40; ++i) name += "\u00e9";  // 81 bytes: byte 64 is inside a character
  auto r = ParseQuery({{name, "1"}, {"residence", name}});
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields.size(), 2u);
  const std::string& shown = r.error().fields[0].field;
  EXPECT_TRUE(IsValidUtf8(shown));
  EXPECT_EQ(shown.size(), 63u);
  EXPECT_TRUE(StartsWith(name, shown));
  const auto& args = r.error().fields[1].message.args;
  ASSERT_EQ(args.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(args[0].second));
  EXPECT_LE(args[0].second.size(), 64u);
}

TEST(ParseQueryTest, ASingleValuedParameterGivenTwiceIsAnError) {
  for (const char* name : {"available_from", "age_min", "q", "sort", "limit", "offset",
                           "opportunity", "age_at", "active_within_days", "favour_inclusion"}) {
    const auto fields = Fields({{name, "1"}, {name, "2"}});
    ASSERT_FALSE(fields.empty()) << name;
    EXPECT_EQ(fields[0], name);
    EXPECT_EQ(KeyFor({{name, "1"}, {name, "2"}}, name), "error.search.twice") << name;
  }
}

TEST(ParseQueryTest, BadCodesNameTheirParameter) {
  EXPECT_EQ(Fields({{"residence", "SE,XX"}}), (Strings{"residence"}));
  EXPECT_EQ(KeyFor({{"residence", "XX"}}, "residence"), "error.field.country");
  EXPECT_EQ(Fields({{"destination", "Sweden"}}), (Strings{"destination"}));
  EXPECT_EQ(Fields({{"topics", "knitting"}}), (Strings{"topics"}));
  EXPECT_EQ(KeyFor({{"topics", "knitting"}}, "topics"), "error.field.topic");
  // Topic and type codes are not case-normalised: they are lower case.
  EXPECT_EQ(Fields({{"topics", "CLIMATE_ACTION"}}), (Strings{"topics"}));
  EXPECT_EQ(Fields({{"skills", "juggling"}}), (Strings{"skills"}));
  EXPECT_EQ(KeyFor({{"skills", "juggling"}}, "skills"), "error.field.skill");
  EXPECT_EQ(Fields({{"activity_types", "holiday"}}), (Strings{"activity_types"}));
  EXPECT_EQ(KeyFor({{"activity_types", "holiday"}}, "activity_types"), "error.field.activity_type");
}

TEST(ParseQueryTest, BadLanguagesAndLevelsNameTheLanguagesParameter) {
  EXPECT_EQ(Fields({{"languages", "xx:B1"}}), (Strings{"languages"}));
  EXPECT_EQ(KeyFor({{"languages", "xx:B1"}}, "languages"), "error.field.language");
  EXPECT_EQ(Fields({{"languages", "fr:D1"}}), (Strings{"languages"}));
  EXPECT_EQ(KeyFor({{"languages", "fr:D1"}}, "languages"), "error.field.level");
  EXPECT_EQ(Fields({{"languages", "fr:"}}), (Strings{"languages"}));
  EXPECT_EQ(Fields({{"languages", "fr:B1,de:Z9,yy"}}), (Strings{"languages", "languages"}));
}

TEST(ParseQueryTest, BadDatesNameTheirParameter) {
  for (const char* bad : {"2027-02-30", "2027-2-1", "01/03/2027", "tomorrow", "2027-03-01T00:00"}) {
    EXPECT_EQ(Fields({{"available_from", bad}}), (Strings{"available_from"})) << bad;
    EXPECT_EQ(KeyFor({{"available_from", bad}}, "available_from"), "error.field.date");
    EXPECT_EQ(Fields({{"available_to", bad}}), (Strings{"available_to"})) << bad;
    EXPECT_EQ(Fields({{"age_at", bad}}), (Strings{"age_at"})) << bad;
  }
  EXPECT_EQ(Ok({{"available_from", "2028-02-29"}}).query.available_from, D(2028, 2, 29));
}

TEST(ParseQueryTest, AvailableToBeforeAvailableFromIsAnErrorOnAvailableTo) {
  EXPECT_EQ(Fields({{"available_from", "2027-03-02"}, {"available_to", "2027-03-01"}}),
            (Strings{"available_to"}));
  EXPECT_EQ(
      KeyFor({{"available_from", "2027-03-02"}, {"available_to", "2027-03-01"}}, "available_to"),
      "error.field.ends_before_start");
  // One day is a period.
  const auto p = Ok({{"available_from", "2027-03-01"}, {"available_to", "2027-03-01"}});
  EXPECT_EQ(p.query.available_from, p.query.available_to);
}

TEST(ParseQueryTest, AgeMaxBelowAgeMinIsAnErrorOnAgeMax) {
  EXPECT_EQ(Fields({{"age_min", "25"}, {"age_max", "24"}}), (Strings{"age_max"}));
  EXPECT_EQ(KeyFor({{"age_min", "25"}, {"age_max", "24"}}, "age_max"), "error.search.age_order");
  const auto p = Ok({{"age_min", "25"}, {"age_max", "25"}});
  EXPECT_EQ(p.query.age_min, 25);
  EXPECT_EQ(p.query.age_max, 25);
}

TEST(ParseQueryTest, NumbersOutOfRangeOrNotNumbersNameTheirParameter) {
  EXPECT_EQ(Fields({{"limit", "0"}}), (Strings{"limit"}));
  EXPECT_EQ(Fields({{"limit", "101"}}), (Strings{"limit"}));
  EXPECT_EQ(KeyFor({{"limit", "101"}}, "limit"), "error.field.range");
  EXPECT_EQ(Ok({{"limit", "1"}}).query.limit, 1);
  EXPECT_EQ(Ok({{"limit", "100"}}).query.limit, 100);
  EXPECT_EQ(Fields({{"offset", "10001"}}), (Strings{"offset"}));
  EXPECT_EQ(Fields({{"offset", "-1"}}), (Strings{"offset"}));
  EXPECT_EQ(Ok({{"offset", "10000"}}).query.offset, 10000);
  EXPECT_EQ(Fields({{"age_min", "-1"}}), (Strings{"age_min"}));
  EXPECT_EQ(Fields({{"age_max", "101"}}), (Strings{"age_max"}));
  EXPECT_EQ(Fields({{"active_within_days", "3651"}}), (Strings{"active_within_days"}));
  EXPECT_EQ(Fields({{"opportunity", "0"}}), (Strings{"opportunity"}));
  EXPECT_EQ(Fields({{"limit", "ten"}}), (Strings{"limit"}));
  EXPECT_EQ(Fields({{"limit", "1e1"}}), (Strings{"limit"}));
  EXPECT_EQ(Fields({{"limit", "99999999999999999999999"}}), (Strings{"limit"}));
  EXPECT_EQ(Fields({{"opportunity", "12abc"}}), (Strings{"opportunity"}));
}

TEST(ParseQueryTest, SortByMatchNeedsAnOpportunity) {
  EXPECT_EQ(Fields({{"sort", "match"}}), (Strings{"sort"}));
  EXPECT_EQ(KeyFor({{"sort", "match"}}, "sort"), "error.search.match_needs_opportunity");
  // The opportunity may come after the sort in the URL.
  EXPECT_EQ(Ok({{"sort", "match"}, {"opportunity", "3"}}).opportunity, 3);
}

TEST(ParseQueryTest, UnknownSortAndFacetNameTheirParameter) {
  EXPECT_EQ(Fields({{"sort", "age"}}), (Strings{"sort"}));
  EXPECT_EQ(KeyFor({{"sort", "age"}}, "sort"), "error.search.sort");
  EXPECT_EQ(Fields({{"facets", "residence,nationality"}}), (Strings{"facets"}));
  EXPECT_EQ(KeyFor({{"facets", "gender"}}, "facets"), "error.search.facet");
}

TEST(ParseQueryTest, TooManyValuesInAListIsAnError) {
  const auto countries = codes::Countries();
  ASSERT_GT(countries.size(), kMaxValuesPerFilter);
  std::string fifty;
  for (size_t i = 0; i < kMaxValuesPerFilter; ++i) {
    fifty += std::string(countries[i]) + ",";
  }
  const std::string fifty_one = fifty + std::string(countries[kMaxValuesPerFilter]);
  EXPECT_EQ(Ok({{"residence", fifty}}).query.residence.size(), kMaxValuesPerFilter);
  EXPECT_EQ(Fields({{"residence", fifty_one}}), (Strings{"residence"}));
  EXPECT_EQ(KeyFor({{"residence", fifty_one}}, "residence"), "error.field.too_many");
  // Counted over repeated parameters too.
  Params repeated;
  for (size_t i = 0; i <= kMaxValuesPerFilter; ++i) {
    repeated.push_back({"destination", std::string(countries[i])});
  }
  EXPECT_EQ(KeyFor(repeated, "destination"), "error.field.too_many");
  // Duplicates do not count.
  EXPECT_EQ(Ok({{"residence", fifty + std::string(countries[0])}}).query.residence.size(),
            kMaxValuesPerFilter);
}

TEST(ParseQueryTest, TooManyWordsIsAnErrorOnQ) {
  std::string ten;
  for (size_t i = 0; i < kMaxWords; ++i) ten += "word" + std::to_string(i) + " ";
  EXPECT_EQ(Ok({{"q", ten}}).query.words.size(), kMaxWords);
  EXPECT_EQ(Fields({{"q", ten + "eleven"}}), (Strings{"q"}));
  EXPECT_EQ(KeyFor({{"q", ten + "eleven"}}, "q"), "error.search.too_many_words");
  // Punctuation separates words for the limit too, as it does in the index.
  EXPECT_EQ(KeyFor({{"q", "aa-bb-cc-dd-ee-ff-gg-hh-ii-jj-kk"}}, "q"),
            "error.search.too_many_words");
  // Elided articles are one letter and not words: the French query stays within the limit.
  EXPECT_EQ(Ok({{"q", "l'environnement d'abord"}}).query.words,
            (Strings{"environnement", "abord"}));
}

TEST(ParseQueryTest, QTooLongOrNotUtf8IsAnErrorOnQ) {
  const std::string longest(500, 'x');
  // Words are read as the index reads them: cut at kMaxWordBytes.
  EXPECT_EQ(Ok({{"q", longest}}).query.words, (Strings{std::string(kMaxWordBytes, 'x')}));
  EXPECT_EQ(Fields({{"q", longest + "x"}}), (Strings{"q"}));
  EXPECT_EQ(KeyFor({{"q", longest + "x"}}, "q"), "error.field.too_long");
  EXPECT_EQ(Fields({{"q", "camp\xff"}}), (Strings{"q"}));
}

TEST(ParseQueryTest, SeveralProblemsAreAllReported) {
  auto fields = Fields({{"nationality", "SE"},
                        {"residence", "XX"},
                        {"topics", "knitting"},
                        {"languages", "fr:Z1"},
                        {"available_from", "2027-13-01"},
                        {"age_min", "30"},
                        {"age_max", "20"},
                        {"limit", "0"},
                        {"offset", "20000"},
                        {"sort", "match"},
                        {"facets", "gender"},
                        {"limit", "5"}});
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (Strings{"age_max", "available_from", "facets", "languages", "limit", "limit",
                             "nationality", "offset", "residence", "sort", "topics"}));
}

}  // namespace
}  // namespace pass::search
