// The bulk import of young people (JSONL): every kind of bad line reported as
// FILE:LINE: field: reason, the line parser against the format writer, and on both databases all
// or nothing, --skip-invalid, idempotence, changed profiles (child rows replaced), profiles
// changed in the portal since the last import, and dry runs.
#include "participants/import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "codes/codes.h"
#include "demo/demo.h"
#include "i18n/catalogue.h"
#include "storage/participant_bulk.h"
#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::participants {
namespace {

using codes::Level;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

// A complete, acceptable profile.
Participant Base(const std::string& reference) {
  Participant p;
  p.reference = reference;
  p.email = reference + "@young.example";
  p.given_name = "Elsa";
  p.family_name = "Andersson";
  p.birth_date = D(2003, 4, 5);
  p.residence = "SE";
  p.nationality = "SE";
  p.contact_language = "sv";
  p.languages = {{"sv", Level::kNative}, {"en", Level::kB2}};
  p.skills = {"first_aid", "teaching"};
  p.topics = {"environment_nature"};
  p.activity_types = {"individual_volunteering"};
  p.destinations = {"DE", "GR"};
  p.availability = {{D(2027, 1, 1), D(2027, 6, 30)}, {D(2027, 9, 1), D(2027, 12, 31)}};
  p.experience = "Ledare i en fritidsgård i två år.";
  p.motivation = "Jag vill göra volontärarbete utomlands.\nOch lära mig \"tyska\".";
  p.searchable = true;
  p.fewer_opportunities = true;
  p.last_active = D(2026, 11, 20);
  p.placements = {{D(2024, 1, 1), D(2024, 3, 1), "volunteering_team", true}};
  return p;
}

// The stored order: lists as sets.
Participant Canonical(Participant p) {
  p.id = 0;
  std::sort(p.languages.begin(), p.languages.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  for (auto* list : {&p.skills, &p.topics, &p.activity_types, &p.destinations}) {
    std::sort(list->begin(), list->end());
  }
  std::sort(p.availability.begin(), p.availability.end(),
            [](const auto& a, const auto& b) { return a.from < b.from; });
  return p;
}

std::string English(const Message& m) {
  static const auto catalogues = i18n::Catalogues::Load(std::string(PASS_SOURCE_DIR) + "/locales");
  if (catalogues) {
    std::string text = catalogues->Translate("en", m);
    if (text != m.key) return text;
  }
  if (auto text = ImportMessageEnglish(m)) return *text;
  return m.key;
}

std::vector<std::string> Rendered(const std::vector<ImportProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(FormatImportProblem("young.jsonl", p, English));
  return out;
}

ImportLine Parse(const std::string& text, size_t line = 1) {
  return ParseImportLine(text, line, D(2026, 12, 1));
}

// The base line with `key`'s value replaced by `json` (or the key left out when json is empty).
std::string With(const std::string& key, const std::string& json,
                 const Participant& p = Base("P-1")) {
  std::string line = FormatImportLine(p);
  const std::string marker = "\"" + key + "\":";
  const size_t at = line.find(marker);
  EXPECT_NE(at, std::string::npos) << key;
  // The value ends at the next top-level ',"' or the closing brace.
  size_t end = at + marker.size();
  int depth = 0;
  bool in_string = false;
  for (; end < line.size(); ++end) {
    const char c = line[end];
    if (in_string) {
      if (c == '\\') {
        ++end;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') {
      if (depth == 0) break;
      --depth;
    }
    if (c == ',' && depth == 0) break;
  }
  if (json.empty()) {
    const size_t from = line[at - 1] == ',' ? at - 1 : at;
    const size_t to = line[at - 1] == ',' ? end : end + 1;
    return line.erase(from, to - from);
  }
  return line.replace(at + marker.size(), end - at - marker.size(), json);
}

TEST(ParseImportLine, ReadsBackWhatFormatImportLineWrites) {
  const Participant p = Base("P-1");
  const ImportLine line = Parse(FormatImportLine(p));
  ASSERT_TRUE(line.ok()) << Rendered(line.problems)[0];
  EXPECT_EQ(line.profile, p);
  EXPECT_TRUE(line.has_last_active);
  EXPECT_FALSE(line.has_sub);
  EXPECT_EQ(line.content_hash, ContentHash(p));

  Participant with_sub = p;
  with_sub.sub = "eulogin-123";
  const ImportLine again = Parse(FormatImportLine(with_sub));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.profile, with_sub);
  EXPECT_TRUE(again.has_sub);
}

TEST(ParseImportLine, SyntheticProfilesAreAcceptedAsTheyAre) {
  for (int i = 0; i < 300; ++i) {
    const Participant p = demo::SyntheticParticipant(7, i, D(2026, 12, 1));
    const ImportLine line = Parse(FormatImportLine(p));
    ASSERT_TRUE(line.ok()) << i << ": " << Rendered(line.problems)[0];
    EXPECT_EQ(line.profile, p);
  }
}

TEST(ParseImportLine, OptionalKeysTakeTheDefaults) {
  const ImportLine line =
      Parse(R"({"reference":"R-1","email":"a@b.example","given_name":"A","family_name":"B",)"
            R"("birth_date":"2004-02-29","residence":"se"})");
  ASSERT_TRUE(line.ok()) << Rendered(line.problems)[0];
  EXPECT_EQ(line.profile.residence, "SE");
  EXPECT_EQ(line.profile.contact_language, "en");
  EXPECT_EQ(line.profile.last_active, D(2026, 12, 1));  // today
  EXPECT_FALSE(line.has_last_active);
  EXPECT_FALSE(line.profile.searchable);
  EXPECT_FALSE(line.profile.fewer_opportunities);
  EXPECT_TRUE(line.profile.languages.empty());
}

TEST(ParseImportLine, NormalisesTheEuCountryCodes) {
  Participant p = Base("P-1");
  p.residence = "EL";
  p.nationality = "uk";
  p.destinations = {"EL", "UK", "fr"};
  const ImportLine line = Parse(FormatImportLine(p));
  ASSERT_TRUE(line.ok()) << Rendered(line.problems)[0];
  EXPECT_EQ(line.profile.residence, "GR");
  EXPECT_EQ(line.profile.nationality, "GB");
  EXPECT_EQ(line.profile.destinations, (std::vector<std::string>{"GR", "GB", "FR"}));
  EXPECT_EQ(Parse(With("destinations", R"(["any"])")).profile.destinations,
            std::vector<std::string>{"any"});
}

TEST(ParseImportLine, AgeIsNotChecked) {
  Participant p = Base("P-1");
  p.birth_date = D(1980, 1, 1);
  EXPECT_TRUE(Parse(FormatImportLine(p)).ok());
}

struct BadLine {
  std::string name;
  std::string text;
  std::vector<std::string> expected;  // rendered, FILE:LINE: field: reason
};

class BadLines : public ::testing::TestWithParam<BadLine> {};

TEST_P(BadLines, AreReportedAsFileLineFieldReason) {
  const ImportLine line = Parse(GetParam().text, 7);
  EXPECT_FALSE(line.ok());
  EXPECT_EQ(Rendered(line.problems), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, BadLines,
    ::testing::Values(
        BadLine{"Syntax",
                R"({"reference":"R-1",})",
                {"young.jsonl:7: is not valid JSON: expected a key in quotes at character 20"}},
        BadLine{"NotUtf8",
                "{\"reference\":\"R\xff\"}",
                {"young.jsonl:7: is not valid JSON: text that is not UTF-8 at character 16"}},
        BadLine{"NotAnObject", R"(["R-1"])", {"young.jsonl:7: must be one JSON object"}},
        BadLine{"WrongType",
                With("searchable", "\"yes\""),
                {"young.jsonl:7: searchable: must be true or false"}},
        BadLine{"WrongTypeInList",
                With("skills", R"(["first_aid", 3])"),
                {"young.jsonl:7: skills[2]: must be a string"}},
        BadLine{"NullIsNotAbsent",
                With("nationality", "null"),
                {"young.jsonl:7: nationality: must be a string"}},
        BadLine{"UnknownKey",
                With("email", R"("e@young.example","favourite_colour":"green")"),
                {"young.jsonl:7: favourite_colour: is not a key of the format"}},
        BadLine{"UnknownKeyInAnItem",
                With("languages", R"([{"code":"sv","level":"native","since":2001}])"),
                {"young.jsonl:7: languages[1].since: is not a key of the format"}},
        BadLine{"KeyTwice",
                With("email", R"("e@young.example","email":"f@young.example")"),
                {"young.jsonl:7: email: appears twice"}},
        BadLine{"MissingRequired",
                With("birth_date", ""),
                {"young.jsonl:7: birth_date: this field is required"}},
        BadLine{"EmptyRequired",
                With("given_name", "\"\""),
                {"young.jsonl:7: given_name: this field is required"}},
        BadLine{"BadDate",
                With("birth_date", "\"2003-02-29\""),
                {"young.jsonl:7: birth_date: “2003-02-29” is not a date in the form YYYY-MM-DD"}},
        BadLine{"BadDateInList",
                With("availability", R"([{"from":"2027-01-01","to":"2027-1-5"}])"),
                {"young.jsonl:7: availability[1].to: “2027-1-5” is not a date in the form "
                 "YYYY-MM-DD"}},
        BadLine{"BadCountry",
                With("residence", "\"XX\""),
                {"young.jsonl:7: residence: “XX” is not an ISO 3166-1 country code (for example "
                 "SE, DE, EL)"}},
        BadLine{"BadDestination",
                With("destinations", R"(["DE","Germany"])"),
                {"young.jsonl:7: destinations[2]: “Germany” is not an ISO 3166-1 country code "
                 "(for example SE, DE, EL)"}},
        BadLine{"BadLevel",
                With("languages", R"([{"code":"sv","level":"fluent"}])"),
                {"young.jsonl:7: languages[1].level: “fluent” is not a level (A1, A2, B1, B2, C1, "
                 "C2 or native)"}},
        BadLine{"BadReference",
                With("reference", "\"P 1/2\""),
                {"young.jsonl:7: reference: “P 1/2” is not a reference: at most 32 letters, "
                 "digits and hyphens"}},
        BadLine{"ReferenceTooLong",
                With("reference", "\"" + std::string(33, 'A') + "\""),
                {"young.jsonl:7: reference: “" + std::string(33, 'A') +
                 "” is not a reference: at most 32 letters, digits and hyphens"}},
        BadLine{"ProfileRule",
                With("availability", R"([{"from":"2027-06-01","to":"2027-01-01"}])"),
                {"young.jsonl:7: availability[1].to: the end date is before the start date"}}),
    [](const auto& i) { return i.param.name; });

TEST(ParseImportLine, ReportsTheProfileRulesWithTheirFieldNames) {
  const ImportLine line = Parse(With("skills", R"(["first_aid","juggling"])"));
  ASSERT_EQ(line.problems.size(), 1u);
  EXPECT_EQ(line.problems[0].field, "skills[2]");
  EXPECT_EQ(line.problems[0].reason.key, "error.field.skill");
}

TEST(FormatImportProblem, KeepsControlCharactersOffTheTerminal) {
  const ImportLine line = Parse(With("residence", R"("\u001b[2J")"));
  EXPECT_EQ(Rendered(line.problems),
            std::vector<std::string>{"young.jsonl:1: residence: “?[2J” is not an ISO 3166-1 "
                                     "country code (for example SE, DE, EL)"});
}

TEST(ParseImportLine, RefusesOverlongLines) {
  const ImportLine line = Parse(std::string(kMaxImportLineBytes + 1, ' '), 3);
  EXPECT_EQ(Rendered(line.problems),
            std::vector<std::string>{"young.jsonl:3: the line is longer than 1048576 bytes"});
}

TEST(ParseImportLine, DecodesEscapes) {
  const ImportLine line = Parse(With("given_name", R"("\u00c9lo\u00efse \ud83d\ude00\/")"));
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line.profile.given_name, "Éloïse 😀/");
  EXPECT_FALSE(Parse(With("given_name", R"("\ud83d")")).ok());  // a lone surrogate
}

TEST(ContentHash, IgnoresTheOrderOfListsAndSeesEveryField) {
  Participant p = Base("P-1");
  Participant reordered = p;
  std::reverse(reordered.languages.begin(), reordered.languages.end());
  std::reverse(reordered.skills.begin(), reordered.skills.end());
  std::reverse(reordered.availability.begin(), reordered.availability.end());
  EXPECT_EQ(ContentHash(p), ContentHash(reordered));
  Participant other = p;
  other.languages[1].level = Level::kC1;
  EXPECT_NE(ContentHash(p), ContentHash(other));
  other = p;
  other.placements[0].cross_border = false;
  EXPECT_NE(ContentHash(p), ContentHash(other));
  other = p;
  other.skills = {"first_aidteaching"};
  EXPECT_NE(ContentHash(p), ContentHash(other));
  EXPECT_EQ(ParseContentHash(FormatContentHash(ContentHash(p))), ContentHash(p));
}

// The import on a database.
class ParticipantImportTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
  }

  storage::ParticipantImportReport Import(const std::string& text, bool dry_run = false,
                                          bool skip_invalid = false) {
    std::istringstream in(text);
    storage::ParticipantImportOptions options;
    options.dry_run = dry_run;
    options.skip_invalid = skip_invalid;
    problems_.clear();
    auto r = storage::ImportParticipants(db_->db(), in, clock_, options,
                                         [&](const ImportProblem& p) { problems_.push_back(p); });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    clock_.Advance(std::chrono::seconds(10));
    return r ? *r : storage::ParticipantImportReport{};
  }

  static std::string Lines(const std::vector<Participant>& people) {
    std::string out;
    for (const auto& p : people) out += FormatImportLine(p) + "\n";
    return out;
  }

  std::optional<Participant> Stored(const std::string& reference) {
    std::optional<Participant> out;
    auto r = db_->db().With([&](storage::Connection& c) -> Result<void> {
      storage::SqlParticipantRepository repo(c, clock_);
      auto p = repo.FindByReference(reference);
      if (!p) return Fail(std::move(p.error()));
      out = std::move(*p);
      return {};
    });
    EXPECT_TRUE(r.has_value());
    if (out) out = Canonical(std::move(*out));
    return out;
  }

  int64_t Count(const std::string& sql) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.QueryOne(sql); });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r && *r ? (*r)->Int(0) : -1;
  }

  void Save(const Participant& p) {
    auto r = db_->db().Transaction([&](storage::Connection& c) -> Result<int64_t> {
      storage::SqlParticipantRepository repo(c, clock_);
      return repo.Save(p);
    });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
    clock_.Advance(std::chrono::seconds(10));
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::vector<ImportProblem> problems_;
};

TEST_P(ParticipantImportTest, CreatesProfilesWithTheirChildRows) {
  Participant other = Base("P-2");
  other.fewer_opportunities = false;
  other.destinations = {"any"};
  other.placements.clear();
  const auto r = Import(Lines({Base("P-1"), other}));
  EXPECT_TRUE(problems_.empty());
  EXPECT_EQ(r.lines, 2u);
  EXPECT_EQ(r.created, 2u);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(Stored("P-1"), Canonical(Base("P-1")));
  EXPECT_EQ(Stored("P-2"), Canonical(other));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_sensitive WHERE fewer_opportunities = 1"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE consent_version = 0 AND "
                  "registered_at IS NOT NULL AND consented_at IS NULL"),
            2);
  if (GetParam() == storage::Dialect::kSqlite) {
    // The import's settings do not stay on the pooled connection.
    EXPECT_EQ(Count("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(Count("PRAGMA cache_size"), -2000);
  }
}

TEST_P(ParticipantImportTest, AllOrNothingReportsEveryProblem) {
  Participant dup = Base("P-1");
  dup.email = "other@young.example";
  const std::string file = Lines({Base("P-1")}) + "\n" + "{not json\n" + Lines({Base("P-2")}) +
                           With("residence", "\"XX\"", Base("P-3")) + "\n" + Lines({dup});
  const auto r = Import(file);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.lines, 5u);
  EXPECT_EQ(r.rejected, 3u);
  EXPECT_EQ(Rendered(problems_),
            (std::vector<std::string>{
                "young.jsonl:3: is not valid JSON: expected a key in quotes at character 2",
                "young.jsonl:5: residence: “XX” is not an ISO 3166-1 country code (for example "
                "SE, DE, EL)",
                "young.jsonl:6: reference: P-1 appears already on line 1"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_languages"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), 0);
}

TEST_P(ParticipantImportTest, AllOrNothingHoldsAfterManyWrittenLines) {
  // The bad line comes after more than one statement's worth of good ones.
  std::string file;
  for (int i = 0; i < 700; ++i) {
    file += FormatImportLine(demo::SyntheticParticipant(3, i, clock_.Today())) + "\n";
  }
  file += "[]\n";
  const auto r = Import(file);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.created, 700u);
  EXPECT_EQ(Rendered(problems_),
            std::vector<std::string>{"young.jsonl:701: must be one JSON object"});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_codes"), 0);
}

TEST_P(ParticipantImportTest, SkipInvalidImportsTheGoodLinesOnly) {
  const std::string file =
      Lines({Base("P-1")}) + With("searchable", "1", Base("P-2")) + "\n" + Lines({Base("P-3")});
  const auto r = Import(file, false, true);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.created, 2u);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(Rendered(problems_),
            std::vector<std::string>{"young.jsonl:2: searchable: must be true or false"});
  EXPECT_TRUE(Stored("P-1"));
  EXPECT_FALSE(Stored("P-2"));
  EXPECT_TRUE(Stored("P-3"));
}

TEST_P(ParticipantImportTest, SubsBelongToOnePerson) {
  Participant a = Base("P-1");
  a.sub = "sub-a";
  ASSERT_TRUE(Import(Lines({a})).written);

  Participant b = Base("P-2");
  b.sub = "sub-a";  // P-1's in the database
  Participant c = Base("P-3");
  c.sub = "sub-c";
  Participant d = Base("P-4");
  d.sub = "sub-c";  // P-3's, earlier in the file
  const auto r = Import(Lines({b, c, d}));
  EXPECT_FALSE(r.written);
  EXPECT_EQ(Rendered(problems_),
            (std::vector<std::string>{
                "young.jsonl:1: sub: “sub-a” is already the EU Login account of P-1",
                "young.jsonl:3: sub: “sub-c” is already the EU Login account of P-3 (line 2)"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 1);
}

TEST_P(ParticipantImportTest, ImportingTheSameFileAgainWritesNothing) {
  std::string file = Lines({Base("P-1"), Base("P-2")});
  for (int i = 0; i < 450; ++i) {
    file += FormatImportLine(demo::SyntheticParticipant(5, i, clock_.Today())) + "\n";
  }
  const auto first = Import(file);
  ASSERT_TRUE(first.written);
  EXPECT_EQ(first.created, 452u);
  const int64_t changes = Count("SELECT COUNT(*) FROM participant_changes");
  const int64_t updated = Count("SELECT MAX(updated_at) FROM participants");
  const int64_t children = Count("SELECT COUNT(*) FROM participant_codes");

  const auto again = Import(file);
  EXPECT_TRUE(problems_.empty());
  EXPECT_EQ(again.created, 0u);
  EXPECT_EQ(again.changed, 0u);
  EXPECT_EQ(again.unchanged, 452u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), changes);
  EXPECT_EQ(Count("SELECT MAX(updated_at) FROM participants"), updated);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_codes"), children);
}

TEST_P(ParticipantImportTest, AChangedLineReplacesTheProfileAndItsChildRows) {
  ASSERT_TRUE(Import(Lines({Base("P-1"), Base("P-2")})).written);
  const int64_t changes = Count("SELECT COUNT(*) FROM participant_changes");
  const int64_t created_at = Count("SELECT created_at FROM participants WHERE reference = 'P-1'");

  Participant changed = Base("P-1");
  changed.languages = {{"de", Level::kB1}};
  changed.skills = {"youth_work"};
  changed.destinations = {"any"};
  changed.availability = {{D(2028, 1, 1), D(2028, 2, 1)}};
  changed.placements.clear();
  changed.fewer_opportunities = false;
  changed.motivation = "Neue Motivation.";
  const auto r = Import(Lines({changed, Base("P-2")}));
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.unchanged, 1u);
  EXPECT_EQ(Stored("P-1"), Canonical(changed));
  EXPECT_EQ(Stored("P-2"), Canonical(Base("P-2")));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), changes + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_languages l JOIN participants p ON "
                  "p.id = l.participant_id WHERE p.reference = 'P-1'"),
            1);
  EXPECT_EQ(Count("SELECT created_at FROM participants WHERE reference = 'P-1'"), created_at);
}

TEST_P(ParticipantImportTest, LeftOutSubAndLastActiveKeepWhatIsStored) {
  Participant p = Base("P-1");
  p.sub = "sub-1";
  ASSERT_TRUE(Import(Lines({p})).written);
  const std::string without = With("last_active", "", Base("P-1"));  // and no sub
  auto r = Import(without + "\n");
  EXPECT_EQ(r.unchanged, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE sub = 'sub-1' AND "
                  "last_active = '2026-11-20'"),
            1);

  Participant moved = Base("P-1");
  moved.last_active = D(2026, 11, 30);
  r = Import(Lines({moved}));
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE sub = 'sub-1' AND "
                  "last_active = '2026-11-30'"),
            1);
}

TEST_P(ParticipantImportTest, ComparesWithProfilesChangedInThePortal) {
  const std::string file = Lines({Base("P-1"), Base("P-2")});
  ASSERT_TRUE(Import(file).written);
  // P-1 edits the profile; P-2 saves it unchanged. Both make the stored fingerprint stale.
  Participant edited = Base("P-1");
  edited.motivation = "Edited in the portal.";
  Save(edited);
  Save(Base("P-2"));
  const int64_t changes = Count("SELECT COUNT(*) FROM participant_changes");

  auto r = Import(file);
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.unchanged, 1u);
  EXPECT_EQ(Stored("P-1"), Canonical(Base("P-1")));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), changes + 1);

  const int64_t updated = Count("SELECT updated_at FROM participants WHERE reference = 'P-2'");
  r = Import(file);
  EXPECT_EQ(r.unchanged, 2u);
  EXPECT_EQ(Count("SELECT updated_at FROM participants WHERE reference = 'P-2'"), updated);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE content_hash_at = updated_at"), 2);
}

TEST_P(ParticipantImportTest, StoresGreeceAndTheUnitedKingdomAsGrAndGb) {
  Participant p = Base("P-1");
  p.residence = "EL";
  p.nationality = "UK";
  p.destinations = {"el", "UK"};
  ASSERT_TRUE(Import(Lines({p})).written);
  const auto stored = Stored("P-1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->residence, "GR");
  EXPECT_EQ(stored->nationality, "GB");
  EXPECT_EQ(stored->destinations, (std::vector<std::string>{"GB", "GR"}));
  EXPECT_EQ(Import(Lines({p})).unchanged, 1u);  // the codes as written compare as stored
}

TEST_P(ParticipantImportTest, DryRunWritesNothing) {
  ASSERT_TRUE(Import(Lines({Base("P-1")})).written);
  Participant changed = Base("P-1");
  changed.given_name = "Else";
  const int64_t changes = Count("SELECT COUNT(*) FROM participant_changes");
  const auto r = Import(Lines({changed, Base("P-2")}), true);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.created, 1u);
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), changes);
  EXPECT_EQ(Stored("P-1"), Canonical(Base("P-1")));
}

TEST_P(ParticipantImportTest, BlankLinesCrLfAndAByteOrderMark) {
  const std::string file = "\xEF\xBB\xBF" + FormatImportLine(Base("P-1")) + "\r\n\r\n   \n" +
                           With("email", "\"not-an-address\"", Base("P-2")) + "\r\n" +
                           FormatImportLine(Base("P-3"));  // no final line break
  const auto r = Import(file);
  EXPECT_EQ(r.lines, 3u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].line, 4u);
  EXPECT_EQ(problems_[0].field, "email");
  const auto skipped = Import(file, false, true);
  EXPECT_EQ(skipped.created, 2u);
  EXPECT_TRUE(Stored("P-3"));
}

TEST_P(ParticipantImportTest, ManyProfilesAcrossStatementBoundaries) {
  std::string file;
  std::vector<Participant> people;
  for (int i = 0; i < 1234; ++i) {
    people.push_back(demo::SyntheticParticipant(11, i, clock_.Today()));
    file += FormatImportLine(people.back()) + "\n";
  }
  ASSERT_TRUE(Import(file).written);
  int64_t codes = 0;
  for (const auto& p : people) {
    codes += static_cast<int64_t>(p.skills.size() + p.topics.size() + p.activity_types.size() +
                                  p.destinations.size());
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_codes"), codes);
  for (const int i : {0, 199, 200, 777, 1233}) {
    EXPECT_EQ(Stored(people[static_cast<size_t>(i)].reference),
              Canonical(people[static_cast<size_t>(i)]));
  }

  // Every third person changes: their rows are replaced, the others are left alone.
  file.clear();
  for (size_t i = 0; i < people.size(); ++i) {
    if (i % 3 == 0) {
      people[i].skills = {"first_aid"};
      people[i].languages = {{"fi", Level::kA2}};
    }
    file += FormatImportLine(people[i]) + "\n";
  }
  const auto r = Import(file);
  EXPECT_EQ(r.changed, 412u);
  EXPECT_EQ(r.unchanged, 822u);
  for (const int i : {0, 1, 201, 777, 1233}) {
    EXPECT_EQ(Stored(people[static_cast<size_t>(i)].reference),
              Canonical(people[static_cast<size_t>(i)]));
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), 1234 + 412);
}

INSTANTIATE_TEST_SUITE_P(Databases, ParticipantImportTest,
                         ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& i) { return testing::DialectName(i.param); });

}  // namespace
}  // namespace pass::participants
