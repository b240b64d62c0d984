#include "i18n/catalogue.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace pass::i18n {
namespace {

class CataloguesTest : public ::testing::Test {
 protected:
  CataloguesTest() {
    dir_.Write("en.json",
               R"({"_meta": {"name": "English"}, "hello": "Hello {name}", "only.en": "English only",
      "people": "{count, plural, one {# person} other {# people}}"})");
    dir_.Write("sv.json", R"({"_meta": {"name": "Svenska"}, "hello": "Hej {name}",
      "people": "{count, plural, one {# person} other {# personer}}"})");
    dir_.Write("mt.json",
               R"({"_meta": {"name": "Malti", "quality": "machine"}, "hello": "Bongu {name}"})");
    auto loaded = Catalogues::Load(dir_.path());
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().detail);
    catalogues_.emplace(std::move(*loaded));
  }
  testing::TempDir dir_;
  std::optional<Catalogues> catalogues_;
};

TEST_F(CataloguesTest, TranslatesWithArgumentsAndFallsBackToEnglish) {
  EXPECT_EQ(catalogues_->Translate("sv", Message("hello", {{"name", "Anna"}})), "Hej Anna");
  EXPECT_EQ(catalogues_->Translate("sv", "only.en"), "English only");
  EXPECT_EQ(catalogues_->Translate("xx", "only.en"), "English only");
  EXPECT_EQ(catalogues_->Translate("sv", "no.such.key"), "no.such.key");
}

TEST_F(CataloguesTest, PluralsUseIcu) {
  EXPECT_EQ(catalogues_->Translate("en", Message("people", {{"count", "1"}})), "1 person");
  EXPECT_EQ(catalogues_->Translate("sv", Message("people", {{"count", "3"}})), "3 personer");
}

TEST_F(CataloguesTest, KnowsQualityAndNames) {
  EXPECT_EQ(catalogues_->Get("mt").quality, Quality::kMachine);
  EXPECT_EQ(catalogues_->Get("sv").native_name, "Svenska");
  EXPECT_EQ(catalogues_->Languages().size(), 3u);
}

TEST_F(CataloguesTest, NegotiationPrefersCookieThenAcceptLanguage) {
  EXPECT_EQ(catalogues_->Negotiate("sv", "mt"), "sv");
  EXPECT_EQ(catalogues_->Negotiate("", "de-DE,sv;q=0.8,en;q=0.5"), "sv");
  EXPECT_EQ(catalogues_->Negotiate("xx", "fr-FR, mt;q=0.1"), "mt");
  EXPECT_EQ(catalogues_->Negotiate("", "de, fr"), "en");
  EXPECT_EQ(catalogues_->Negotiate("", ""), "en");
}

TEST(AcceptLanguage, ParsesQualitiesAndIgnoresJunk) {
  const auto r =
      ParseAcceptLanguage("sv-SE;q=0.5, en;q=0.9 , de;q=0, *;q=0.1, fr;q=abc, it;q=1.5, NL");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].first, "nl");
  EXPECT_EQ(r[1].first, "en");
  EXPECT_EQ(r[2].first, "sv");
}

TEST(Catalogues, LoadFailsWithoutEnglishOrWithBadFiles) {
  testing::TempDir dir;
  dir.Write("sv.json", R"({"a": "b"})");
  EXPECT_FALSE(Catalogues::Load(dir.path()).has_value());
  dir.Write("en.json", R"({"a": 1})");
  EXPECT_FALSE(Catalogues::Load(dir.path()).has_value());
  dir.Write("en.json", "not json");
  EXPECT_FALSE(Catalogues::Load(dir.path()).has_value());
}

TEST(Formatting, DatesAndNumbersFollowTheLocale) {
  const Date d{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{27}};
  EXPECT_EQ(FormatLongDate("en", d), "27 November 2026");
  EXPECT_EQ(FormatLongDate("sv", d), "27 november 2026");
  EXPECT_EQ(FormatLongDate("de", d), "27. November 2026");
  EXPECT_EQ(FormatInteger("en", 1234567), "1,234,567");
  EXPECT_EQ(FormatInteger("de", 1234567), "1.234.567");
}

}  // namespace
}  // namespace pass::i18n
