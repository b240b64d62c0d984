#include "participants/profile.h"

#include <algorithm>
#include <set>

#include "codes/codes.h"
#include "core/strings.h"
#include "registry/registry.h"

namespace pass::participants {

namespace {

std::string Item(std::string_view list, size_t index, std::string_view member = {}) {
  std::string out(list);
  out += '[';
  out += std::to_string(index + 1);
  out += ']';
  if (!member.empty()) {
    out += '.';
    out += member;
  }
  return out;
}

// C0 controls and DEL; in one-line fields also C1 controls (U+0080-U+009F, which NEL is one of)
// and the Unicode line and paragraph separators.
bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (allow_newlines) continue;
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
    if (c == 0xE2 && next == 0x80 && i + 2 < s.size() &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9))
      return true;
  }
  return false;
}

void CheckLine(std::vector<FieldError>& out, std::string_view field, std::string_view value,
               bool required, size_t max) {
  if (Trim(value).empty()) {
    if (required) out.push_back({std::string(field), Message("error.field.required")});
    return;
  }
  if (!IsValidUtf8(value) || HasControlCharacters(value, false)) {
    out.push_back({std::string(field), Message("error.field.one_line")});
  } else if (CharacterCount(value) > max) {
    out.push_back(
        {std::string(field), Message("error.field.too_long", {{"max", std::to_string(max)}})});
  }
}

void CheckText(std::vector<FieldError>& out, std::string_view field, std::string_view value) {
  if (!IsValidUtf8(value) || HasControlCharacters(value, true)) {
    out.push_back({std::string(field), Message("error.field.text")});
  } else if (CharacterCount(value) > kMaxFreeTextLength) {
    out.push_back(
        {std::string(field), Message("error.field.too_long_count",
                                     {{"max", std::to_string(kMaxFreeTextLength)},
                                      {"count", std::to_string(CharacterCount(value))}})});
  }
}

void CheckCodes(std::vector<FieldError>& out, std::string_view field,
                const std::vector<std::string>& values, bool (*known)(std::string_view),
                const char* unknown_key) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!known(values[i])) {
      out.push_back({Item(field, i), Message(unknown_key, {{"value", values[i]}})});
    } else if (!seen.insert(values[i]).second) {
      out.push_back({Item(field, i), Message("error.field.duplicate", {{"value", values[i]}})});
    }
  }
}

bool IsStoredCountry(std::string_view code) {
  return code.size() == 2 && codes::IsCountry(code) && AsciiUpper(code) == code;
}

}  // namespace

int AgeOn(Date birth, Date day) {
  int age = static_cast<int>(day.year()) - static_cast<int>(birth.year());
  const auto birth_md = std::chrono::month_day(birth.month(), birth.day());
  const auto day_md = std::chrono::month_day(day.month(), day.day());
  if (day_md < birth_md) --age;
  return age;
}

size_t CharacterCount(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool OnlyHumanitarianAid(const Participant& p) {
  return !p.activity_types.empty() &&
         std::all_of(p.activity_types.begin(), p.activity_types.end(),
                     [](const std::string& t) { return t == "humanitarian_aid"; });
}

int MaxAgeFor(const Participant& p) {
  return OnlyHumanitarianAid(p) ? kMaxHumanitarianAge : kMaxAge;
}

std::vector<FieldError> CheckProfile(const Participant& p) {
  std::vector<FieldError> out;
  CheckLine(out, "given_name", p.given_name, true, kMaxNameLength);
  CheckLine(out, "family_name", p.family_name, true, kMaxNameLength);
  if (Trim(p.email).empty()) {
    out.push_back({"email", Message("error.field.required")});
  } else if (!registry::LooksLikeEmail(p.email)) {
    out.push_back({"email", Message("error.field.email", {{"value", p.email}})});
  }
  if (!p.birth_date.ok()) out.push_back({"birth_date", Message("error.field.date")});
  if (p.residence.empty()) {
    out.push_back({"residence", Message("error.field.required")});
  } else if (!IsStoredCountry(p.residence)) {
    out.push_back({"residence", Message("error.field.country", {{"value", p.residence}})});
  }
  if (!p.nationality.empty() && !IsStoredCountry(p.nationality)) {
    out.push_back({"nationality", Message("error.field.country", {{"value", p.nationality}})});
  }
  if (!codes::IsLanguage(p.contact_language)) {
    out.push_back(
        {"contact_language", Message("error.field.language", {{"value", p.contact_language}})});
  }

  if (p.languages.size() > kMaxLanguages) {
    out.push_back(
        {"languages", Message("error.field.too_many", {{"max", std::to_string(kMaxLanguages)}})});
  }
  std::set<std::string_view> languages_seen;
  for (size_t i = 0; i < p.languages.size(); ++i) {
    const auto& l = p.languages[i];
    if (!codes::IsLanguage(l.code)) {
      out.push_back(
          {Item("languages", i, "code"), Message("error.field.language", {{"value", l.code}})});
    } else if (!languages_seen.insert(l.code).second) {
      out.push_back(
          {Item("languages", i, "code"), Message("error.field.duplicate", {{"value", l.code}})});
    }
  }
  CheckCodes(out, "skills", p.skills, codes::IsSkill, "error.field.skill");
  CheckCodes(out, "topics", p.topics, codes::IsTopic, "error.field.topic");
  CheckCodes(out, "activity_types", p.activity_types, codes::IsActivityType,
             "error.field.activity_type");
  const bool any =
      std::find(p.destinations.begin(), p.destinations.end(), "any") != p.destinations.end();
  if (any && p.destinations.size() > 1) {
    out.push_back({"destinations", Message("error.field.destinations_any")});
  } else if (!any) {
    CheckCodes(out, "destinations", p.destinations, IsStoredCountry, "error.field.country");
  }

  if (p.availability.size() > kMaxAvailabilityPeriods) {
    out.push_back({"availability", Message("error.field.too_many",
                                           {{"max", std::to_string(kMaxAvailabilityPeriods)}})});
  }
  for (size_t i = 0; i < p.availability.size(); ++i) {
    const Period& period = p.availability[i];
    if (!period.from.ok()) out.push_back({Item("availability", i, "from"), "error.field.date"});
    if (!period.to.ok()) out.push_back({Item("availability", i, "to"), "error.field.date"});
    if (period.from.ok() && period.to.ok() && period.to < period.from) {
      out.push_back({Item("availability", i, "to"), "error.field.ends_before_start"});
    }
  }
  CheckText(out, "experience", p.experience);
  CheckText(out, "motivation", p.motivation);
  CheckText(out, "support_needs", p.support_needs);
  if (!p.last_active.ok()) out.push_back({"last_active", Message("error.field.date")});

  if (p.placements.size() > kMaxPlacements) {
    out.push_back(
        {"placements", Message("error.field.too_many", {{"max", std::to_string(kMaxPlacements)}})});
  }
  for (size_t i = 0; i < p.placements.size(); ++i) {
    const PastPlacement& past = p.placements[i];
    if (!past.from.ok()) out.push_back({Item("placements", i, "from"), "error.field.date"});
    if (!past.to.ok()) out.push_back({Item("placements", i, "to"), "error.field.date"});
    if (past.from.ok() && past.to.ok() && past.to < past.from) {
      out.push_back({Item("placements", i, "to"), "error.field.ends_before_start"});
    }
    if (!codes::IsActivityType(past.activity_type)) {
      out.push_back({Item("placements", i, "activity_type"),
                     Message("error.field.activity_type", {{"value", past.activity_type}})});
    }
  }
  return out;
}

std::optional<FieldError> CheckRegistrationAge(const Participant& p, Date today) {
  if (!p.birth_date.ok()) return FieldError{"birth_date", Message("error.field.date")};
  if (p.birth_date > today) return FieldError{"birth_date", Message("error.field.birth_future")};
  const int age = AgeOn(p.birth_date, today);
  if (age < kMinRegistrationAge) {
    return FieldError{"birth_date", Message("error.field.too_young",
                                            {{"age", std::to_string(age)},
                                             {"min", std::to_string(kMinRegistrationAge)}})};
  }
  if (age > MaxAgeFor(p)) {
    if (age <= kMaxHumanitarianAge) {
      return FieldError{"birth_date",
                        Message("error.field.too_old_humanitarian_only",
                                {{"age", std::to_string(age)},
                                 {"max", std::to_string(kMaxAge)},
                                 {"max_humanitarian", std::to_string(kMaxHumanitarianAge)}})};
    }
    return FieldError{"birth_date",
                      Message("error.field.too_old", {{"age", std::to_string(age)},
                                                      {"max", std::to_string(MaxAgeFor(p))}})};
  }
  return std::nullopt;
}

std::optional<FieldError> CheckActivityTypesForAge(const Participant& p, Date today) {
  if (!p.birth_date.ok()) return std::nullopt;
  const int age = AgeOn(p.birth_date, today);
  if (age > kMaxAge && age <= kMaxHumanitarianAge && !OnlyHumanitarianAid(p)) {
    return FieldError{"activity_types",
                      Message("error.field.activity_types_age",
                              {{"age", std::to_string(age)}, {"max", std::to_string(kMaxAge)}})};
  }
  return std::nullopt;
}

bool IsEligible(const Participant& p, Date today) {
  return p.birth_date.ok() && p.birth_date <= today && AgeOn(p.birth_date, today) <= MaxAgeFor(p);
}

bool IsFindable(const Participant& p, bool hidden_for_inactivity, Date today) {
  return p.searchable && !hidden_for_inactivity && IsEligible(p, today);
}

Completeness MeasureCompleteness(const Participant& p, bool has_cv, Date today) {
  Completeness c;
  const bool future_availability =
      std::any_of(p.availability.begin(), p.availability.end(),
                  [&](const Period& period) { return period.to.ok() && period.to >= today; });
  const bool foreign_language =
      std::any_of(p.languages.begin(), p.languages.end(),
                  [](const auto& l) { return l.level != codes::Level::kNative; }) ||
      p.languages.size() > 1;
  c.items = {
      {"searchable", "profile.advice.searchable", 20, p.searchable},
      {"availability", "profile.advice.availability", 15, future_availability},
      {"languages", "profile.advice.languages", 10, !p.languages.empty() && foreign_language},
      {"topics", "profile.advice.topics", 10, !p.topics.empty()},
      {"activity_types", "profile.advice.activity_types", 10, !p.activity_types.empty()},
      {"skills", "profile.advice.skills", 10, p.skills.size() >= 3},
      {"destinations", "profile.advice.destinations", 5, !p.destinations.empty()},
      {"motivation", "profile.advice.motivation", 10, CharacterCount(p.motivation) >= 200},
      {"experience", "profile.advice.experience", 5, CharacterCount(p.experience) >= 100},
      {"cv", "profile.advice.cv", 5, has_cv},
  };
  for (const auto& item : c.items) {
    if (item.done) c.percent += item.weight;
  }
  return c;
}

}  // namespace pass::participants
