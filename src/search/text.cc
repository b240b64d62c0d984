#include "search/text.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_set>
#include <utility>

#include "core/strings.h"

namespace pass::search {
namespace {

constexpr uint32_t kInvalid = 0xFFFFFFFF;

// The code point at `i` (moving past it), or kInvalid (one byte consumed) for invalid UTF-8.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  return pass::NextCodePoint(s, i).value_or(kInvalid);
}

// Letters and digits: ASCII ones, and above U+00BF everything but the multiplication and
// division signs and the punctuation and symbol blocks people type in prose.
bool IsWordCharacter(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp == kInvalid || cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, dingbats
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp >= 0x1F000) return false;      // emoji and other pictographs
  return cp != 0x037E && cp != 0x0387;  // Greek question mark and ano teleia
}

struct Stopwords {
  std::string_view language;
  std::array<std::string_view, 12> words;
};

// Short, frequent words that tell the EU languages apart.
constexpr std::array<Stopwords, 24> kStopwords = {{
    {"en", {"the", "and", "to", "of", "in", "is", "for", "with", "my", "want", "would", "have"}},
    {"de",
     {"und", "der", "die", "das", "ich", "mit", "ein", "eine", "nicht", "ist", "zu", "möchte"}},
    {"fr", {"le", "la", "les", "et", "des", "je", "un", "une", "pour", "dans", "est", "du"}},
    {"es", {"el", "la", "los", "las", "y", "que", "en", "un", "una", "para", "con", "quiero"}},
    {"it", {"il", "lo", "gli", "e", "di", "che", "un", "una", "per", "con", "sono", "della"}},
    {"pt", {"o", "os", "as", "e", "de", "que", "em", "um", "uma", "para", "com", "quero"}},
    {"nl", {"de", "het", "een", "en", "van", "ik", "is", "dat", "met", "voor", "niet", "wil"}},
    {"sv", {"och", "att", "det", "en", "jag", "som", "är", "för", "med", "på", "vill", "av"}},
    {"da", {"og", "at", "det", "en", "jeg", "som", "er", "for", "med", "på", "vil", "af"}},
    {"fi",
     {"ja", "on", "että", "ei", "se", "olen", "minä", "kanssa", "myös", "haluan", "oli", "ole"}},
    {"pl", {"i", "w", "z", "na", "się", "że", "do", "jest", "nie", "chcę", "oraz", "przez"}},
    {"el", {"και", "το", "η", "ο", "να", "για", "με", "στο", "της", "του", "θέλω", "είναι"}},
    {"hu", {"a", "az", "és", "hogy", "egy", "nem", "van", "szeretnék", "is", "meg", "már", "mint"}},
    {"ro", {"și", "în", "de", "la", "cu", "că", "o", "un", "pentru", "vreau", "este", "să"}},
    {"cs", {"a", "je", "se", "na", "že", "to", "v", "s", "chci", "jsem", "pro", "jako"}},
    {"sk", {"a", "je", "sa", "na", "že", "to", "v", "s", "chcem", "som", "pre", "ako"}},
    {"sl", {"in", "je", "se", "na", "da", "za", "v", "z", "želim", "sem", "kot", "tudi"}},
    {"hr", {"i", "je", "se", "na", "da", "za", "u", "s", "želim", "sam", "kao", "što"}},
    {"lt", {"ir", "yra", "kad", "su", "į", "aš", "noriu", "bet", "tai", "kaip", "iš", "per"}},
    {"lv", {"un", "ir", "ar", "uz", "par", "es", "vēlos", "kā", "arī", "bet", "lai", "no"}},
    {"et", {"ja", "on", "et", "ei", "see", "ma", "soovin", "ka", "kui", "oma", "mis", "olen"}},
    {"ga", {"agus", "an", "is", "ar", "le", "na", "ba", "mé", "go", "tá", "sa", "don"}},
    {"mt",
     {"u", "il", "ta", "li", "għal", "fil", "nixtieq", "jien", "huwa", "ma", "minn", "bħala"}},
    {"bg", {"и", "на", "за", "да", "се", "от", "в", "с", "искам", "съм", "е", "като"}},
}};

constexpr std::array<std::string_view, 15> kStemmed = {
    "da", "de", "el", "en", "es", "fi", "fr", "ga", "hu", "it", "lt", "nl", "pt", "ro", "sv"};

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// A libstemmer stemmer is not thread-safe; each thread has its own, made on first use.
sb_stemmer* StemmerFor(std::string_view language) {
  thread_local std::array<std::unique_ptr<sb_stemmer, StemmerDeleter>, kStemmed.size()> stemmers;
  const auto it = std::find(kStemmed.begin(), kStemmed.end(), language);
  if (it == kStemmed.end()) return nullptr;
  auto& slot = stemmers[static_cast<size_t>(it - kStemmed.begin())];
  if (!slot) slot.reset(sb_stemmer_new(std::string(language).c_str(), "UTF_8"));
  return slot.get();
}

}  // namespace

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  // FoldCase needs well-formed UTF-8: an invalid text is folded word by word (its words are).
  const bool valid = IsValidUtf8(text);
  const std::string folded = valid ? FoldCase(text) : std::string(text);
  std::string_view s(folded);
  size_t i = 0;
  size_t start = std::string_view::npos;
  size_t characters = 0;
  auto finish = [&](size_t end) {
    if (start != std::string_view::npos && characters >= 2) {
      const std::string word_folded =
          valid ? std::string() : FoldCase(s.substr(start, end - start));
      std::string_view word = valid ? s.substr(start, end - start) : std::string_view(word_folded);
      word = word.substr(0, kMaxWordBytes);
      // A cut may fall inside a character: drop its leading bytes.
      while (!word.empty() && !IsValidUtf8(word)) word.remove_suffix(1);
      words.emplace_back(word);
    }
    start = std::string_view::npos;
    characters = 0;
  };
  while (i < s.size()) {
    const size_t at = i;
    const uint32_t cp = NextCodePoint(s, i);
    if (IsWordCharacter(cp)) {
      if (start == std::string_view::npos) start = at;
      ++characters;
    } else {
      finish(at);
    }
  }
  finish(s.size());
  return words;
}

std::string DetectLanguage(const std::vector<std::string>& words, std::string_view fallback) {
  std::array<int, kStopwords.size()> hits{};
  for (const auto& w : words) {
    for (size_t l = 0; l < kStopwords.size(); ++l) {
      const auto& list = kStopwords[l].words;
      if (std::find(list.begin(), list.end(), w) != list.end()) ++hits[l];
    }
  }
  int best = 0;
  std::string_view language = fallback;
  for (size_t l = 0; l < kStopwords.size(); ++l) {
    // Ties go to the fallback (the person's contact language) when it is among them.
    if (hits[l] > best || (hits[l] == best && best > 0 && kStopwords[l].language == fallback)) {
      best = hits[l];
      language = kStopwords[l].language;
    }
  }
  return std::string(language);
}

bool CanStem(std::string_view language) {
  return std::find(kStemmed.begin(), kStemmed.end(), language) != kStemmed.end();
}

std::string Stem(std::string_view language, std::string_view word) {
  sb_stemmer* stemmer = StemmerFor(language);
  if (stemmer == nullptr || word.empty()) return std::string(word);
  const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
  if (out == nullptr) return std::string(word);  // out of memory: the word as written
  return {reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(stemmer))};
}

std::vector<std::string> QueryForms(std::string_view word) {
  std::vector<std::string> forms{std::string(word)};
  for (std::string_view language : kStemmed) {
    std::string stem = Stem(language, word);
    if (std::find(forms.begin(), forms.end(), stem) == forms.end())
      forms.push_back(std::move(stem));
  }
  return forms;
}

std::vector<std::string> IndexTerms(std::string_view text, std::string_view fallback_language) {
  const std::vector<std::string> words = Words(text);
  const std::string language = DetectLanguage(words, fallback_language);
  std::vector<std::string> terms;
  std::unordered_set<std::string> seen;
  for (const auto& w : words) {
    std::string stem = Stem(language, w);
    if (seen.insert(stem).second) terms.push_back(std::move(stem));
  }
  return terms;
}

}  // namespace pass::search
