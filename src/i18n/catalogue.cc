#include "i18n/catalogue.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/strings.h"

namespace pass::i18n {

const std::vector<std::string_view> kOfficialLanguages = {
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};

Result<Catalogues> Catalogues::Load(const std::filesystem::path& dir) {
  Catalogues out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      return Fail(Internal("catalogue is not a JSON object: " + entry.path().string()));
    }
    Language lang;
    lang.code = entry.path().stem().string();
    const auto meta = doc.find("_meta");
    if (meta != doc.end() && meta->is_object()) {
      lang.native_name = meta->value("name", lang.code);
      lang.quality =
          meta->value("quality", "reviewed") == "machine" ? Quality::kMachine : Quality::kReviewed;
    }
    for (const auto& [key, value] : doc.items()) {
      if (key == "_meta") continue;
      if (!value.is_string()) {
        return Fail(Internal("message " + key + " in " + entry.path().string() + " is not text"));
      }
      lang.messages.emplace(key, value.get<std::string>());
    }
    out.languages_.emplace(lang.code, std::move(lang));
  }
  if (ec) return Fail(Internal("cannot read " + dir.string() + ": " + ec.message()));
  if (!out.languages_.contains(kFallback)) {
    return Fail(Internal("no English catalogue (locales/en.json) in " + dir.string()));
  }
  return out;
}

bool Catalogues::Supports(std::string_view code) const { return languages_.contains(code); }

const Language& Catalogues::Get(std::string_view code) const {
  const auto it = languages_.find(code);
  return it != languages_.end() ? it->second : languages_.find(kFallback)->second;
}

std::vector<const Language*> Catalogues::Languages() const {
  std::vector<const Language*> out;
  out.reserve(languages_.size());
  for (const auto& [code, lang] : languages_) out.push_back(&lang);
  return out;
}

const std::string* Catalogues::Find(std::string_view lang, std::string_view key) const {
  const Language& l = Get(lang);
  if (const auto it = l.messages.find(key); it != l.messages.end()) return &it->second;
  const Language& en = Get(kFallback);
  if (const auto it = en.messages.find(key); it != en.messages.end()) return &it->second;
  return nullptr;
}

std::string Catalogues::Translate(std::string_view lang, const Message& message) const {
  const std::string* pattern = Find(lang, message.key);
  if (pattern == nullptr) return message.key;
  if (message.args.empty()) return *pattern;
  return FormatMessage(Get(lang).code, *pattern, message.args);
}

std::string Catalogues::Negotiate(std::string_view cookie, std::string_view accept_language) const {
  if (!cookie.empty() && Supports(cookie)) return std::string(cookie);
  for (const auto& [code, q] : ParseAcceptLanguage(accept_language)) {
    if (Supports(code)) return code;
  }
  return std::string(kFallback);
}

std::vector<std::pair<std::string, double>> ParseAcceptLanguage(std::string_view header) {
  std::vector<std::pair<std::string, double>> out;
  if (header.size() > 4096) header = header.substr(0, 4096);
  for (std::string_view item : Split(header, ',')) {
    item = Trim(item);
    if (item.empty()) continue;
    std::string_view tag = item;
    double q = 1.0;
    if (const size_t semi = item.find(';'); semi != std::string_view::npos) {
      tag = Trim(item.substr(0, semi));
      std::string_view param = Trim(item.substr(semi + 1));
      if (!param.starts_with("q=") && !param.starts_with("Q=")) continue;
      param.remove_prefix(2);
      // q is 0, 1, or 0.ddd / 1.000 (RFC 9110): parse by hand, no locale-dependent strtod.
      if (param.empty() || param.size() > 5 || (param[0] != '0' && param[0] != '1')) continue;
      double value = param[0] - '0';
      bool ok = true;
      if (param.size() > 1) {
        if (param[1] != '.') ok = false;
        double scale = 0.1;
        for (size_t i = 2; ok && i < param.size(); ++i) {
          if (param[i] < '0' || param[i] > '9') ok = false;
          value += (param[i] - '0') * scale;
          scale /= 10;
        }
      }
      if (!ok || value > 1.0) continue;
      q = value;
    }
    if (q <= 0) continue;
    const std::string_view primary = tag.substr(0, tag.find('-'));
    if (primary.empty() || primary.size() > 8 || primary == "*") continue;
    bool alpha = true;
    for (const char c : primary)
      alpha = alpha && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    if (!alpha) continue;
    out.emplace_back(AsciiLower(primary), q);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool NeedsIcu(std::string_view pattern) {
  return pattern.find(", plural,") != std::string_view::npos ||
         pattern.find(", select,") != std::string_view::npos ||
         pattern.find(",plural,") != std::string_view::npos ||
         pattern.find(",select,") != std::string_view::npos;
}

std::string SimpleFormat(std::string_view pattern,
                         const std::vector<std::pair<std::string, std::string>>& args) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      const size_t end = pattern.find('}', i);
      if (end != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, end - i - 1);
        const auto it = std::find_if(args.begin(), args.end(),
                                     [name](const auto& a) { return a.first == name; });
        if (it != args.end()) {
          out += it->second;
          i = end;
          continue;
        }
      }
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace

std::string FormatMessage(std::string_view lang, std::string_view pattern,
                          const std::vector<std::pair<std::string, std::string>>& args) {
  if (!NeedsIcu(pattern)) return SimpleFormat(pattern, args);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale(std::string(lang).c_str());
  icu::MessageFormat format(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                pattern.data(), static_cast<int32_t>(pattern.size()))),
                            locale, status);
  if (U_FAILURE(status)) return SimpleFormat(pattern, args);
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& [name, value] : args) {
    names.push_back(icu::UnicodeString::fromUTF8(name));
    if (const auto n = ParseInt(value)) {
      values.emplace_back(static_cast<int64_t>(*n));
    } else {
      values.emplace_back(icu::UnicodeString::fromUTF8(value));
    }
  }
  icu::UnicodeString result;
  format.format(names.data(), values.data(), static_cast<int32_t>(names.size()), result, status);
  if (U_FAILURE(status)) return SimpleFormat(pattern, args);
  return ToUtf8(result);
}

namespace {
// The EU writes English the British way: 27 November 2026, not November 27, 2026.
std::string FormattingLocale(std::string_view lang) {
  return lang == "en" ? "en_GB" : std::string(lang);
}

// ICU formatters are costly to build and not safe to share between threads: one per thread and
// language.
template <typename T, typename Make>
T* PerThread(std::string_view lang, Make make) {
  thread_local std::unordered_map<std::string, std::unique_ptr<T>> cache;
  auto it = cache.find(std::string(lang));
  if (it == cache.end()) it = cache.emplace(std::string(lang), make()).first;
  return it->second.get();
}
}  // namespace

std::string FormatLongDate(std::string_view lang, Date date) {
  auto* fmt = PerThread<icu::DateFormat>(lang, [lang] {
    std::unique_ptr<icu::DateFormat> f(icu::DateFormat::createDateInstance(
        icu::DateFormat::kLong, icu::Locale(FormattingLocale(lang).c_str())));
    if (f) f->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
    return f;
  });
  if (fmt == nullptr) return FormatIsoDate(date);
  const auto days = std::chrono::sys_days(date).time_since_epoch().count();
  icu::UnicodeString out;
  fmt->format(static_cast<UDate>(days) * 86400000.0, out);
  return ToUtf8(out);
}

std::string FormatDateTime(std::string_view lang, Timestamp at) {
  // Keyed apart from the long-date formatter: both are icu::DateFormat.
  auto* fmt = PerThread<icu::DateFormat>("datetime:" + std::string(lang), [lang] {
    std::unique_ptr<icu::DateFormat> f(
        icu::DateFormat::createDateTimeInstance(icu::DateFormat::kMedium, icu::DateFormat::kShort,
                                                icu::Locale(FormattingLocale(lang).c_str())));
    if (f) f->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
    return f;
  });
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  if (fmt == nullptr) return FormatIsoDate(DateOf(at));
  icu::UnicodeString out;
  fmt->format(static_cast<UDate>(ms.count()), out);
  return ToUtf8(out) + " UTC";
}

std::string FormatInteger(std::string_view lang, long long value) {
  auto* fmt = PerThread<icu::NumberFormat>(lang, [lang] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::NumberFormat> f(
        icu::NumberFormat::createInstance(icu::Locale(FormattingLocale(lang).c_str()), status));
    return f;
  });
  if (fmt == nullptr) return std::to_string(value);
  icu::UnicodeString out;
  fmt->format(static_cast<int64_t>(value), out);
  return ToUtf8(out);
}

std::string CountryName(std::string_view lang, std::string_view country) {
  const icu::Locale region(nullptr, std::string(country).c_str());
  icu::UnicodeString name;
  region.getDisplayCountry(icu::Locale(std::string(lang).c_str()), name);
  const std::string out = ToUtf8(name);
  return out.empty() ? std::string(country) : out;
}

std::string LanguageName(std::string_view lang, std::string_view language) {
  const icu::Locale target(std::string(language).c_str());
  icu::UnicodeString name;
  target.getDisplayLanguage(icu::Locale(std::string(lang).c_str()), name);
  const std::string out = ToUtf8(name);
  return out.empty() ? std::string(language) : out;
}

std::string CodeLabelKey(std::string_view list, std::string_view code) {
  if (list == "authorisation_kind") return "kind." + std::string(code);
  if (list == "authorisation_status") return "status." + std::string(code);
  if (list == "level" || list == "activity_type" || list == "topic" || list == "skill") {
    return "code." + std::string(list) + "." + std::string(code);
  }
  return "";
}

std::string CodeLabel(const Catalogues& catalogues, std::string_view lang, std::string_view list,
                      std::string_view code) {
  const std::string& language = catalogues.Get(lang).code;
  if (list == "country") return CountryName(language, code);
  if (list == "language") return LanguageName(language, code);
  const std::string key = CodeLabelKey(list, code);
  if (key.empty()) return std::string(code);
  const std::string* label = catalogues.Find(language, key);
  return label != nullptr ? *label : std::string(code);
}

}  // namespace pass::i18n
