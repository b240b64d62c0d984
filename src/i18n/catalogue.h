// Message catalogues, one JSON file per language under locales/, and everything that picks or
// formats text for a language: negotiation (cookie, then Accept-Language, then English),
// messages with named arguments (ICU MessageFormat where a message needs plurals), and dates and
// numbers in the locale. Immutable after Load(), so thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace pass::i18n {

// The EU's 24 official languages, as ISO 639-1 codes.
extern const std::vector<std::string_view> kOfficialLanguages;

enum class Quality {
  kReviewed,  // written or checked by a fluent speaker
  kMachine,   // complete with machine help, not yet reviewed; marked as such in the interface
};

struct Language {
  std::string code;         // "sv"
  std::string native_name;  // "Svenska"
  Quality quality = Quality::kReviewed;
  std::map<std::string, std::string, std::less<>> messages;
};

class Catalogues {
 public:
  static constexpr std::string_view kFallback = "en";

  // Loads every locales/*.json. Fails when English is missing, a file is not valid JSON, or a
  // message is not a string.
  static Result<Catalogues> Load(const std::filesystem::path& dir);

  bool Supports(std::string_view code) const;
  const Language& Get(std::string_view code) const;  // English when unknown
  std::vector<const Language*> Languages() const;    // sorted by code

  // The message for `key` in `lang`, else in English; nullptr when English lacks it too.
  const std::string* Find(std::string_view lang, std::string_view key) const;

  // The message with its arguments filled in. A missing key renders as the key itself (and is
  // caught by the catalogue test before it ships).
  std::string Translate(std::string_view lang, const Message& message) const;

  // The language to use: a supported `cookie` value, else the best supported Accept-Language
  // entry, else English.
  std::string Negotiate(std::string_view cookie, std::string_view accept_language) const;

 private:
  std::map<std::string, Language, std::less<>> languages_;
};

// Accept-Language entries as (primary language subtag lowercased, q), best first; entries with
// q=0 or broken syntax are dropped. Never fails: headers are untrusted.
std::vector<std::pair<std::string, double>> ParseAcceptLanguage(std::string_view header);

// Fills `{name}` placeholders; uses ICU MessageFormat when the pattern has plural or select.
std::string FormatMessage(std::string_view lang, std::string_view pattern,
                          const std::vector<std::pair<std::string, std::string>>& args);

// "27 November 2026" / "27 november 2026" / "27. November 2026".
std::string FormatLongDate(std::string_view lang, Date date);
// "27 Nov 2026, 14:05 UTC": when something happened, in the reader's language (times in UTC).
std::string FormatDateTime(std::string_view lang, Timestamp at);
// "1,234,567" / "1 234 567" / "1.234.567".
std::string FormatInteger(std::string_view lang, long long value);

// The name of a country (ISO 3166-1 alpha-2) or language (ISO 639-1) in `lang`, from ICU's data;
// the code itself when ICU has no name for it.
std::string CountryName(std::string_view lang, std::string_view country);
std::string LanguageName(std::string_view lang, std::string_view language);

// The label of a shared code (SPEC section 9) in `lang`, for pages and the API alike:
//   CodeLabel(catalogues, lang, "topic", "climate_action")  ->  "Klimatåtgärder"
// `list` is one of "country", "language" (named by ICU), "level", "activity_type", "topic",
// "skill", "authorisation_kind", "authorisation_status" (from the catalogues, see CodeLabelKey).
// An unsupported `lang` reads as English; a code without a label, or an unknown list, gives the
// code itself. Never fails.
std::string CodeLabel(const Catalogues& catalogues, std::string_view lang, std::string_view list,
                      std::string_view code);

// The catalogue key of a code's label: "code.<list>.<code>" ("code.level.B2"), "kind.<code>" for
// authorisation kinds and "status.<code>" for authorisation statuses; empty for the lists ICU
// names (country, language) and for unknown lists.
std::string CodeLabelKey(std::string_view list, std::string_view code);

}  // namespace pass::i18n
