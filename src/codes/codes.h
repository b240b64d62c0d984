// The shared codes of SPEC section 9: countries, languages and CEFR levels, activity types,
// topics, authorisation kinds and statuses, and the portal's skill list. Codes travel in imports,
// exports and the API and are never translated; labels are looked up per language elsewhere
// (ICU for countries and languages, the catalogues for the rest). Pure data, thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pass::codes {

// ISO 3166-1 alpha-2, upper case. The EU writes EL for Greece and UK for the United Kingdom;
// imports accept both and store GR and GB.
bool IsCountry(std::string_view code);
std::optional<std::string> NormaliseCountry(
    std::string_view code);  // trims, upper-cases, maps EL/UK
std::span<const std::string_view> Countries();
bool IsEuMemberState(std::string_view code);
// The first official language of a European country ("SE" -> "sv", "BE" -> "nl"), for writing
// to someone whose own language we do not know; "en" when there is none in the table.
std::string_view MainLanguage(std::string_view country);

// ISO 639-1, lower case.
bool IsLanguage(std::string_view code);
std::span<const std::string_view> Languages();

// CEFR levels in order, then "native", which counts as above C2.
enum class Level { kA1, kA2, kB1, kB2, kC1, kC2, kNative };
std::optional<Level> ParseLevel(std::string_view text);  // "B2", "native"
std::string_view LevelCode(Level level);

// A language and how well: in profiles (what a person has) and opportunities (what is wanted).
struct LanguageLevel {
  std::string code;  // ISO 639-1
  Level level = Level::kA1;
  friend bool operator==(const LanguageLevel&, const LanguageLevel&) = default;
};

std::span<const std::string_view> ActivityTypes();
bool IsActivityType(std::string_view code);

std::span<const std::string_view> Topics();
bool IsTopic(std::string_view code);

std::span<const std::string_view> Skills();
bool IsSkill(std::string_view code);

}  // namespace pass::codes
