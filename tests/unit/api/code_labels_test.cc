// Every shared code has a label in every core catalogue, and CodeLabel finds it.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "codes/codes.h"
#include "i18n/catalogue.h"
#include "registry/registry.h"

namespace pass::i18n {
namespace {

const std::string kRoot = PASS_SOURCE_DIR;

// The lists whose labels come from the catalogues, with every code in them.
std::vector<std::pair<std::string, std::vector<std::string>>> CatalogueLists() {
  auto strings = [](std::span<const std::string_view> codes) {
    return std::vector<std::string>(codes.begin(), codes.end());
  };
  std::vector<std::string> levels;
  for (int i = 0; i <= static_cast<int>(codes::Level::kNative); ++i) {
    levels.emplace_back(codes::LevelCode(static_cast<codes::Level>(i)));
  }
  std::vector<std::string> kinds;
  for (const auto kind : {registry::Kind::kQualityLabel, registry::Kind::kEvsAccreditation,
                          registry::Kind::kEuavCertification, registry::Kind::kProgrammeApproval}) {
    kinds.emplace_back(registry::KindCode(kind));
  }
  std::vector<std::string> statuses;
  for (const auto status :
       {registry::Status::kActive, registry::Status::kSuspended, registry::Status::kRevoked}) {
    statuses.emplace_back(registry::StatusCode(status));
  }
  return {{"level", levels},
          {"activity_type", strings(codes::ActivityTypes())},
          {"topic", strings(codes::Topics())},
          {"skill", strings(codes::Skills())},
          {"authorisation_kind", kinds},
          {"authorisation_status", statuses}};
}

class CodeLabels : public ::testing::Test {
 protected:
  CodeLabels() {
    auto c = Catalogues::Load(kRoot + "/locales");
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().detail);
    catalogues_.emplace(std::move(*c));
  }
  std::optional<Catalogues> catalogues_;
};

TEST_F(CodeLabels, EveryCodeHasALabelInEveryCoreCatalogue) {
  for (const char* lang : {"en", "sv", "de", "fr"}) {
    ASSERT_TRUE(catalogues_->Supports(lang)) << lang;
    const auto& messages = catalogues_->Get(lang).messages;
    for (const auto& [list, codes] : CatalogueLists()) {
      for (const auto& code : codes) {
        const std::string key = CodeLabelKey(list, code);
        ASSERT_FALSE(key.empty()) << list;
        const auto it = messages.find(key);
        ASSERT_NE(it, messages.end()) << "locales/" << lang << ".json lacks \"" << key << "\"";
        EXPECT_FALSE(it->second.empty()) << lang << " " << key;
        EXPECT_EQ(it->second.find('{'), std::string::npos) << lang << " " << key;
      }
    }
  }
}

TEST_F(CodeLabels, NoCatalogueLabelsACodeThatIsNotInTheLists) {
  std::set<std::string> known;
  for (const auto& [list, codes] : CatalogueLists()) {
    if (list.starts_with("authorisation_")) continue;
    for (const auto& code : codes) known.insert(CodeLabelKey(list, code));
  }
  for (const Language* lang : catalogues_->Languages()) {
    for (const auto& [key, text] : lang->messages) {
      if (key.starts_with("code.")) {
        EXPECT_TRUE(known.contains(key)) << lang->code << ".json labels an unknown code: " << key;
      }
    }
  }
}

TEST_F(CodeLabels, SwedishGermanAndFrenchLabelsAreTranslated) {
  // Some labels are rightly the same word ("Sport", "Illustration"); most are not.
  const auto& en = catalogues_->Get("en").messages;
  for (const char* lang : {"sv", "de", "fr"}) {
    size_t total = 0;
    size_t same = 0;
    for (const auto& [list, codes] : CatalogueLists()) {
      for (const auto& code : codes) {
        const std::string key = CodeLabelKey(list, code);
        ++total;
        if (catalogues_->Get(lang).messages.at(key) == en.at(key)) ++same;
      }
    }
    EXPECT_LT(same * 5, total) << lang << ": " << same << " of " << total << " as in English";
  }
}

TEST_F(CodeLabels, CodeLabelNamesEveryList) {
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "country", "SE"), "Sverige");
  EXPECT_EQ(CodeLabel(*catalogues_, "fr", "country", "DE"), "Allemagne");
  EXPECT_EQ(CodeLabel(*catalogues_, "de", "language", "fr"), "Französisch");
  EXPECT_EQ(CodeLabel(*catalogues_, "en", "level", "B2"), "B2 – upper intermediate");
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "topic", "climate_action"), "Klimatåtgärder");
  EXPECT_EQ(CodeLabel(*catalogues_, "de", "activity_type", "traineeship"), "Praktikum");
  EXPECT_EQ(CodeLabel(*catalogues_, "fr", "skill", "first_aid"), "Premiers secours");
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "authorisation_kind", "quality_label"),
            "Kvalitetsmärkning");
  EXPECT_EQ(CodeLabel(*catalogues_, "de", "authorisation_status", "revoked"), "widerrufen");
}

TEST_F(CodeLabels, CodeLabelFallsBackToEnglishThenToTheCode) {
  EXPECT_EQ(CodeLabel(*catalogues_, "xx", "topic", "sport"), "Sport");
  EXPECT_EQ(CodeLabel(*catalogues_, "xx", "skill", "first_aid"), "First aid");
  EXPECT_EQ(CodeLabel(*catalogues_, "xx", "country", "SE"), "Sweden");
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "skill", "no_such_skill"), "no_such_skill");
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "no_such_list", "first_aid"), "first_aid");
  EXPECT_EQ(CodeLabel(*catalogues_, "sv", "topic", ""), "");
  EXPECT_EQ(CodeLabelKey("country", "SE"), "");
  EXPECT_EQ(CodeLabelKey("level", "native"), "code.level.native");
  EXPECT_EQ(CodeLabelKey("authorisation_status", "active"), "status.active");
}

}  // namespace
}  // namespace pass::i18n
