// The catalogue check of `make test`: every message a template uses exists in English, every
// other language's messages keep the English placeholders, and the coverage of each language
// is reported.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <set>

#include "i18n/catalogue.h"
#include "web/templates.h"

namespace pass::web {
namespace {

const std::string kRoot = PASS_SOURCE_DIR;

// The names of `{name}` and `{name, plural, ...}` arguments.
std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> out;
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    size_t end = open + 1;
    while (end < text.size() && (std::islower(static_cast<unsigned char>(text[end])) ||
                                 std::isdigit(static_cast<unsigned char>(text[end])) ||
                                 text[end] == '_' || text[end] == '.')) {
      ++end;
    }
    if (end > open + 1 && end < text.size() && (text[end] == '}' || text[end] == ',')) {
      out.insert(text.substr(open + 1, end - open - 1));
    }
  }
  return out;
}

class CatalogueCheck : public ::testing::Test {
 protected:
  CatalogueCheck() {
    auto c = i18n::Catalogues::Load(kRoot + "/locales");
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().detail);
    catalogues_.emplace(std::move(*c));
    auto t = Templates::Load(kRoot + "/web/templates", *catalogues_);
    EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().detail);
    templates_.emplace(std::move(*t));
  }
  std::optional<i18n::Catalogues> catalogues_;
  std::optional<Templates> templates_;
};

TEST_F(CatalogueCheck, EveryTemplateMessageExistsInEnglish) {
  const auto& en = catalogues_->Get("en").messages;
  for (const auto& key : templates_->keys_used()) {
    EXPECT_TRUE(en.contains(key)) << "locales/en.json lacks \"" << key << "\", used by a template";
  }
}

TEST_F(CatalogueCheck, TranslationsKeepTheEnglishPlaceholdersAndKeys) {
  const auto& en = catalogues_->Get("en").messages;
  for (const i18n::Language* lang : catalogues_->Languages()) {
    size_t translated = 0;
    for (const auto& [key, text] : lang->messages) {
      const auto english = en.find(key);
      EXPECT_NE(english, en.end())
          << lang->code << ".json has \"" << key << "\", which English does not";
      if (english == en.end()) continue;
      ++translated;
      EXPECT_EQ(Placeholders(text), Placeholders(english->second))
          << lang->code << ".json \"" << key << "\" has other placeholders than English";
    }
    std::printf("catalogue %s (%s, %s): %zu of %zu English messages (%.0f%%)\n", lang->code.c_str(),
                lang->native_name.c_str(),
                lang->quality == i18n::Quality::kMachine ? "machine" : "reviewed", translated,
                en.size(),
                100.0 * static_cast<double>(translated) / static_cast<double>(en.size()));
  }
}

// The languages the issue requires to be complete for every page that exists.
TEST_F(CatalogueCheck, CoreLanguagesAreComplete) {
  const auto& en = catalogues_->Get("en").messages;
  for (const char* code : {"sv", "de", "fr"}) {
    ASSERT_TRUE(catalogues_->Supports(code)) << code;
    const auto& messages = catalogues_->Get(code).messages;
    for (const auto& [key, text] : en) {
      EXPECT_TRUE(messages.contains(key)) << code << ".json lacks \"" << key << "\"";
    }
  }
}

}  // namespace
}  // namespace pass::web
