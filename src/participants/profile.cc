#include "participants/profile.h"

#include <algorithm>
#include <set>

#include "codes/codes.h"
#include "core/fields.h"
#include "core/strings.h"
#include "registry/registry.h"

namespace pass::participants {

using fields::CheckCodes;
using fields::CheckLine;
using fields::Item;

namespace {

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

Date Birthday(Date birth, int years) {
  const Date same(birth.year() + std::chrono::years(years), birth.month(), birth.day());
  if (same.ok()) return same;
  return Date(same.year(), std::chrono::March, std::chrono::day(1));
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
  fields::CheckText(out, "experience", p.experience, kMaxFreeTextLength);
  fields::CheckText(out, "motivation", p.motivation, kMaxFreeTextLength);
  fields::CheckText(out, "support_needs", p.support_needs, kMaxFreeTextLength);
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
