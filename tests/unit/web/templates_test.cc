#include "web/templates.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace pass::web {
namespace {

class TemplatesTest : public ::testing::Test {
 protected:
  TemplatesTest() {
    locales_.Write("en.json", R"({"_meta": {"name": "English"}, "greet": "Hello {name} & welcome",
      "warn_html": "Use <strong>this</strong> address", "only.en": "Fallback"})");
    locales_.Write("sv.json", R"({"_meta": {"name": "Svenska"}, "greet": "Hej {name} & välkommen",
      "warn_html": "Använd <strong>denna</strong> adress"})");
    auto c = i18n::Catalogues::Load(locales_.path());
    EXPECT_TRUE(c.has_value());
    catalogues_.emplace(std::move(*c));
  }
  testing::TempDir locales_;
  std::optional<i18n::Catalogues> catalogues_;
};

TEST_F(TemplatesTest, IncludesPartialsAndTranslatesPerLanguage) {
  testing::TempDir dir;
  dir.Write("layout/top.mustache", "<h1>{{t:greet}}</h1>");
  dir.Write("page.mustache",
            "{{> layout/top}}<p>{{t:warn_html}}</p><p>{{t:only.en}}</p><i>{{value}}</i>");
  auto templates = Templates::Load(dir.path(), *catalogues_);
  ASSERT_TRUE(templates.has_value()) << templates.error().detail;
  Data d;
  d.set("name", "<Anna>");
  d.set("value", "\"x\" & 'y'");
  EXPECT_EQ(templates->Render("page", "sv", d),
            "<h1>Hej &lt;Anna&gt; &amp; välkommen</h1><p>Använd <strong>denna</strong> adress</p>"
            "<p>Fallback</p><i>&quot;x&quot; &amp; &apos;y&apos;</i>");
  EXPECT_EQ(templates->Render("page", "xx", d).substr(0, 36),
            "<h1>Hello &lt;Anna&gt; &amp; welcome");
  EXPECT_TRUE(templates->keys_used().contains("warn_html"));
}

TEST_F(TemplatesTest, RefusesUnsafeOrUnusableMessages) {
  testing::TempDir bad_locales;
  bad_locales.Write("en.json",
                    R"({"a_html": "<script>x</script>", "b": "{n, plural, one {x} other {y}}",
    "c": "{{name}}"})");
  auto catalogues = i18n::Catalogues::Load(bad_locales.path());
  ASSERT_TRUE(catalogues.has_value());
  for (const char* key : {"a_html", "b", "c"}) {
    testing::TempDir dir;
    dir.Write("p.mustache", std::string("{{t:") + key + "}}");
    EXPECT_FALSE(Templates::Load(dir.path(), *catalogues).has_value()) << key;
  }
}

TEST_F(TemplatesTest, UnknownPartialsAndBrokenTemplatesFailAtLoad) {
  {
    testing::TempDir dir;
    dir.Write("p.mustache", "{{> nowhere}}");
    EXPECT_FALSE(Templates::Load(dir.path(), *catalogues_).has_value());
  }
  {
    testing::TempDir dir;
    dir.Write("p.mustache", "{{#open}}never closed");
    EXPECT_FALSE(Templates::Load(dir.path(), *catalogues_).has_value());
  }
  {
    testing::TempDir dir;
    dir.Write("a.mustache", "{{> b}}");
    dir.Write("b.mustache", "{{> a}}");
    EXPECT_FALSE(Templates::Load(dir.path(), *catalogues_).has_value());
  }
}

TEST(HtmlEscape, EscapesTheFiveCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace pass::web
