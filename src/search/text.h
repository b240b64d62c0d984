// Free text for the candidate search (SPEC F9): splitting experience and motivation into words,
// guessing the language a text is written in, and Snowball stems (libstemmer) for the 15 EU
// languages Snowball covers (da de el en es fi fr ga hu it lt nl pt ro sv); words in the other
// languages are matched as written, case-folded. Thread-safe: each thread keeps its own stemmers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pass::search {

// Longest word kept, in bytes; longer runs of letters are cut (they are not words anyone types).
inline constexpr size_t kMaxWordBytes = 64;

// The words of `text`, case-folded, in order, duplicates kept: runs of letters and digits in any
// script; everything else (spaces, punctuation, apostrophes, dashes, quotes) separates. Words of
// one character are dropped. Invalid UTF-8 bytes separate words.
std::vector<std::string> Words(std::string_view text);

// The ISO 639-1 code of the EU language `words` (from Words) are most likely written in, judged
// by common short words; `fallback` when nothing points anywhere (a text of three nouns).
std::string DetectLanguage(const std::vector<std::string>& words, std::string_view fallback);

// Whether Snowball has a stemmer for this language.
bool CanStem(std::string_view language);

// The stem of a case-folded `word` in `language`; the word itself when the language has none.
std::string Stem(std::string_view language, std::string_view word);

// What a word typed into the search box may have been indexed as: the word and its stem in every
// language that has one, without duplicates. The query does not say its language, and a person
// writing in French may be found by a German-speaking officer typing French.
std::vector<std::string> QueryForms(std::string_view word);

// The terms a profile's text is indexed under: the stems of its words in the detected language,
// each once, in first-seen order.
std::vector<std::string> IndexTerms(std::string_view text, std::string_view fallback_language);

}  // namespace pass::search
