// The candidate search's free text (SPEC F9): how experience and motivation are split into words,
// which language a text is taken to be in, and the Snowball stems that let "volunteers" find
// "volunteering". What is asserted is what a user typing into the search box relies on.
#include "search/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/strings.h"

namespace pass::search {
namespace {

using Strings = std::vector<std::string>;

bool Has(const Strings& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(WordsTest, SplitsOnSpacesAndFoldsAsciiCase) {
  EXPECT_EQ(Words("Youth LEADER in my Scout group"),
            (Strings{"youth", "leader", "in", "my", "scout", "group"}));
}

TEST(WordsTest, FoldsCaseOfScandinavianGermanAndGreekLetters) {
  EXPECT_EQ(Words("ÅRE Ärzte ÖSTERSUND"), (Strings{"åre", "ärzte", "östersund"}));
  EXPECT_EQ(Words("ΑΘΗΝΑ Θεσσαλονίκη"), (Strings{"αθηνα", "θεσσαλονίκη"}));
  EXPECT_EQ(Words("ŁÓDŹ"), (Strings{"łódź"}));
  // The same word typed in either case gives the same word.
  EXPECT_EQ(Words("Naturvård"), Words("NATURVÅRD"));
}

TEST(WordsTest, KeepsDuplicatesInOrder) {
  EXPECT_EQ(Words("camp Camp CAMP"), (Strings{"camp", "camp", "camp"}));
}

TEST(WordsTest, ApostrophesSeparateWords) {
  EXPECT_EQ(Words("l'environnement"), (Strings{"environnement"}));  // "l" has one character
  EXPECT_EQ(Words("un'esperienza all'estero"), (Strings{"un", "esperienza", "all", "estero"}));
  EXPECT_EQ(Words("d\u2019aide"), (Strings{"aide"}));  // typographic apostrophe
  EXPECT_EQ(Words("O'Sullivan"), (Strings{"sullivan"}));
}

TEST(WordsTest, PunctuationQuotesAndDashesSeparateWords) {
  EXPECT_EQ(Words("nature,climate;camp.garden!youth?"),
            (Strings{"nature", "climate", "camp", "garden", "youth"}));
  EXPECT_EQ(Words("\"scout\" «camp» \u201cgarden\u201d \u201ayouth\u2018"),
            (Strings{"scout", "camp", "garden", "youth"}));
  EXPECT_EQ(Words("clean-up well\u2013being long\u2014term"),
            (Strings{"clean", "up", "well", "being", "long", "term"}));
  EXPECT_EQ(Words("(leader) [camp] {garden} a/b c\\d e_f"), (Strings{"leader", "camp", "garden"}));
  EXPECT_EQ(Words("\t  youth\n\r leader  "), (Strings{"youth", "leader"}));
  EXPECT_EQ(Words("camp\u00a0garden"), (Strings{"camp", "garden"}));  // no-break space
  EXPECT_EQ(Words("\u00bfQu\u00e9? \u00a1Ol\u00e9!"), (Strings{"qué", "olé"}));
  EXPECT_EQ(Words("why; \u037e \u0387"), (Strings{"why"}));  // Greek question mark, ano teleia
  EXPECT_EQ(Words("camp\U0001F600garden"), (Strings{"camp", "garden"}));  // an emoji
  EXPECT_EQ(Words("ab\u00d7cd ef\u00f7gh"),
            (Strings{"ab", "cd", "ef", "gh"}));  // multiplication and division signs
}

TEST(WordsTest, DigitsAreWordCharacters) {
  EXPECT_EQ(Words("2027 B2 covid19"), (Strings{"2027", "b2", "covid19"}));
}

TEST(WordsTest, DropsOneCharacterWords) {
  EXPECT_EQ(Words("a b c I x 7 é ω"), (Strings{}));
  EXPECT_EQ(Words("I am a volunteer"), (Strings{"am", "volunteer"}));
  // Characters, not bytes: a two-letter word of two-byte letters is kept.
  EXPECT_EQ(Words("éé ωω ω"), (Strings{"éé", "ωω"}));
}

TEST(WordsTest, EmptyAndSeparatorOnlyTextsHaveNoWords) {
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words("  ,;.-'\"  ").empty());
}

TEST(WordsTest, InvalidUtf8DoesNotCrashAndSeparatesWords) {
  EXPECT_EQ(Words("camp\xffgarden"), (Strings{"camp", "garden"}));
  EXPECT_EQ(Words("camp\xc3garden"), (Strings{"camp", "garden"}));          // truncated sequence
  EXPECT_EQ(Words("camp\xc0\xafgarden"), (Strings{"camp", "garden"}));      // overlong '/'
  EXPECT_EQ(Words("camp\xed\xa0\x80garden"), (Strings{"camp", "garden"}));  // a surrogate
  EXPECT_EQ(Words("garden\xe2\x82"), (Strings{"garden"}));                  // cut at the end
  EXPECT_TRUE(Words("\x80\x80\xfe\xff").empty());
  // The valid words of an invalid text are still case-folded, as every word is.
  EXPECT_EQ(Words("Camp\xffGARDEN \xc3\x85re"), (Strings{"camp", "garden", "åre"}));
}

TEST(WordsTest, EveryWordIsValidUtf8ForArbitraryBytes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
    bytes += static_cast<char>(255 - i);
    bytes += "ab";
  }
  for (const auto& w : Words(bytes)) {
    EXPECT_TRUE(IsValidUtf8(w)) << w;
    EXPECT_LE(w.size(), kMaxWordBytes);
    EXPECT_GE(w.size(), 2u);
  }
}

TEST(WordsTest, LongWordsAreCutAtMaxBytes) {
  const std::string ascii(200, 'x');
  const auto words = Words(ascii + " camp");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0], std::string(kMaxWordBytes, 'x'));
  EXPECT_EQ(words[1], "camp");
}

TEST(WordsTest, LongWordsAreCutOnACharacterBoundary) {
  // "x" then two-byte letters: a cut at kMaxWordBytes would fall inside a character.
  std::string odd = "x";
  for (int i = 0; i < 100; ++i) odd += "\u00e5";
  const auto words = Words(odd);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(words[0]));
  EXPECT_EQ(words[0].size(), kMaxWordBytes - 1);
  EXPECT_TRUE(StartsWith(odd, words[0]));

  // Three-byte and four-byte characters.
  std::string cjk;
  for (int i = 0; i < 40; ++i) cjk += "\u6c34";
  const auto cut3 = Words(cjk);
  ASSERT_EQ(cut3.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(cut3[0]));
  EXPECT_EQ(cut3[0].size(), kMaxWordBytes / 3 * 3);

  std::string four;
  for (int i = 0; i < 40; ++i) four += "\U00010400";  // Deseret capital: not folded, a letter
  for (const auto& w : Words("a" + four)) {
    EXPECT_TRUE(IsValidUtf8(w));
    EXPECT_LE(w.size(), kMaxWordBytes);
  }
}

TEST(WordsTest, AWordOfExactlyMaxBytesIsKeptWhole) {
  const std::string exact(kMaxWordBytes, 'y');
  EXPECT_EQ(Words(exact), (Strings{exact}));
}

TEST(DetectLanguageTest, RecognisesTheCommonEuLanguages) {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"en", "I want to work with children and young people in my town."},
      {"de",
       "Ich möchte ein Jahr im Ausland verbringen und mit Kindern arbeiten, das ist mir "
       "wichtig."},
      {"fr",
       "Je souhaite travailler avec des jeunes et des enfants dans un projet pour la nature."},
      {"sv", "Jag vill arbeta med barn och unga och det är viktigt för mig."},
      {"it", "Sono convinta che vorrei lavorare con i bambini per la comunità della mia città."},
      {"es",
       "Quiero vivir una experiencia de voluntariado con los niños para aprender que las "
       "cosas cambian."},
      {"pl", "Chcę pracować przez rok na wsi, to jest dla mnie ważne, nie wiem się jeszcze."},
  };
  for (const auto& [language, text] : texts) {
    EXPECT_EQ(DetectLanguage(Words(text), "xx"), language) << text;
  }
}

TEST(DetectLanguageTest, FallsBackWhenNothingPointsAnywhere) {
  EXPECT_EQ(DetectLanguage(Words("scouting gardening photography"), "fi"), "fi");
  EXPECT_EQ(DetectLanguage({}, "pt"), "pt");
  EXPECT_EQ(DetectLanguage(Words("2027 2028"), "en"), "en");
}

TEST(DetectLanguageTest, ATieGoesToTheFallbackWhenItIsAmongTheBest) {
  // "det" and "med" are both Swedish and Danish.
  EXPECT_EQ(DetectLanguage(Words("det med"), "da"), "da");
  EXPECT_EQ(DetectLanguage(Words("det med"), "sv"), "sv");
}

TEST(StemTest, EnglishFormsOfAWordShareAStem) {
  EXPECT_EQ(Stem("en", "volunteering"), Stem("en", "volunteers"));
  EXPECT_EQ(Stem("en", "volunteering"), Stem("en", "volunteer"));
  EXPECT_EQ(Stem("en", "organised"), Stem("en", "organising"));
  EXPECT_NE(Stem("en", "garden"), Stem("en", "volunteer"));
}

TEST(StemTest, GermanFrenchSpanishAndSwedishFormsShareAStem) {
  EXPECT_EQ(Stem("de", "kindern"), Stem("de", "kinder"));
  EXPECT_EQ(Stem("de", "erfahrungen"), Stem("de", "erfahrung"));
  EXPECT_EQ(Stem("fr", "projets"), Stem("fr", "projet"));
  EXPECT_EQ(Stem("es", "proyectos"), Stem("es", "proyecto"));
  EXPECT_EQ(Stem("sv", "barnen"), Stem("sv", "barn"));
}

TEST(StemTest, ALanguageWithoutStemmerGivesTheWordBack) {
  EXPECT_FALSE(CanStem("pl"));
  EXPECT_FALSE(CanStem("xx"));
  EXPECT_FALSE(CanStem(""));
  EXPECT_EQ(Stem("pl", "wolontariat"), "wolontariat");
  EXPECT_EQ(Stem("pl", "dzieci\u0107mi"), "dzieci\u0107mi");
  EXPECT_EQ(Stem("", "volunteering"), "volunteering");
  EXPECT_EQ(Stem("en", ""), "");
}

TEST(StemTest, TheFifteenSnowballLanguagesCanStem) {
  for (std::string_view l :
       {"da", "de", "el", "en", "es", "fi", "fr", "ga", "hu", "it", "lt", "nl", "pt", "ro", "sv"}) {
    EXPECT_TRUE(CanStem(l)) << l;
  }
}

TEST(StemTest, StemsAreValidUtf8ForNonLatinWords) {
  for (std::string_view w : {"εθελοντισμός", "παιδιά", "önkéntes", "savanoriai"}) {
    for (std::string_view l : {"el", "hu", "lt", "en"}) {
      EXPECT_TRUE(IsValidUtf8(Stem(l, w))) << l << " " << w;
    }
  }
}

TEST(QueryFormsTest, HoldsTheWordAndItsStemsWithoutDuplicates) {
  const auto forms = QueryForms("volunteering");
  ASSERT_FALSE(forms.empty());
  EXPECT_EQ(forms[0], "volunteering");
  EXPECT_TRUE(Has(forms, Stem("en", "volunteering")));
  EXPECT_TRUE(Has(forms, Stem("fr", "volunteering")));
  Strings sorted = forms;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST(QueryFormsTest, AWordInAnyStemmedLanguageFindsItsStem) {
  // A German-speaking officer typing French finds a text indexed in French.
  for (const auto& [language, word] :
       std::vector<std::pair<std::string, std::string>>{{"fr", "enfants"},
                                                        {"de", "kindern"},
                                                        {"es", "proyectos"},
                                                        {"it", "bambini"},
                                                        {"sv", "barnen"},
                                                        {"el", "παιδιά"}}) {
    EXPECT_TRUE(Has(QueryForms(word), Stem(language, word))) << language << " " << word;
  }
}

TEST(QueryFormsTest, AWordNoLanguageChangesIsOneForm) {
  EXPECT_EQ(QueryForms("xyz"), (Strings{"xyz"}));
}

TEST(IndexTermsTest, StemsInTheDetectedLanguageEachOnceInFirstSeenOrder) {
  const auto terms =
      IndexTerms("I want to volunteer; volunteering and VOLUNTEERS, the garden", "de");
  EXPECT_EQ(terms, (Strings{Stem("en", "want"), Stem("en", "to"), Stem("en", "volunteer"),
                            Stem("en", "and"), Stem("en", "the"), Stem("en", "garden")}));
}

TEST(IndexTermsTest, UsesTheFallbackLanguageWhenNothingPointsElsewhere) {
  EXPECT_EQ(IndexTerms("Kindern Kinder Erfahrungen", "de"),
            (Strings{Stem("de", "kindern"), Stem("de", "erfahrungen")}));
  // Polish has no stemmer: the words as written, case-folded.
  EXPECT_EQ(IndexTerms("Wolontariat w schronisku WOLONTARIAT", "pl"),
            (Strings{"wolontariat", "schronisku"}));
}

TEST(IndexTermsTest, EveryTypedFormOfAnIndexedWordFindsIt) {
  const std::string text = "Je souhaite travailler avec des enfants dans un projet éducatif.";
  const auto terms = IndexTerms(text, "en");
  for (const auto& typed : {"enfant", "enfants", "projets", "ENFANTS", "Éducatif"}) {
    bool found = false;
    for (const auto& w : Words(typed)) {
      for (const auto& f : QueryForms(w)) found = found || Has(terms, f);
    }
    EXPECT_TRUE(found) << typed;
  }
}

TEST(IndexTermsTest, EmptyTextHasNoTerms) { EXPECT_TRUE(IndexTerms("", "en").empty()); }

}  // namespace
}  // namespace pass::search
