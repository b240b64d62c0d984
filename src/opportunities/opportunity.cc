#include "opportunities/opportunity.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/fields.h"
#include "core/strings.h"
#include "participants/profile.h"

namespace pass::opportunities {

namespace {

using fields::CheckCodes;
using fields::CheckLine;
using fields::CheckText;
using fields::Item;
using participants::AgeOn;

using eligibility::AddDays;

bool IsStoredCountry(std::string_view code) {
  return code.size() == 2 && codes::IsCountry(code) && AsciiUpper(code) == code;
}

bool LooksLikeWebsite(std::string_view url) {
  const std::string scheme = AsciiLower(url.substr(0, 8));
  const bool https = scheme.starts_with("https://");
  if (!https && !scheme.starts_with("http://")) return false;
  const std::string_view rest = url.substr(https ? 8 : 7);
  const std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('.') == std::string_view::npos) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\';
  });
}

std::string Iso(Date d) { return FormatIsoDate(d); }

}  // namespace

std::string_view StatusCode(Status status) {
  switch (status) {
    case Status::kDraft:
      return "draft";
    case Status::kPublished:
      return "published";
    case Status::kClosed:
      return "closed";
  }
  return "draft";
}

std::optional<Status> ParseStatus(std::string_view code) {
  for (const Status s : {Status::kDraft, Status::kPublished, Status::kClosed}) {
    if (StatusCode(s) == code) return s;
  }
  return std::nullopt;
}

std::optional<FieldError> CheckDuration(std::string_view activity_type, Date start, Date end) {
  const auto rule = DurationFor(activity_type);
  if (!rule) return std::nullopt;
  const int days =
      static_cast<int>((std::chrono::sys_days(end) - std::chrono::sys_days(start)).count()) + 1;
  const bool too_short = (rule->min_days > 0 && days < rule->min_days) ||
                         (rule->min_months > 0 && end < MonthsLater(start, rule->min_months));
  const bool too_long = rule->max_months > 0 && end > MonthsLater(start, rule->max_months);
  if (!too_short && !too_long) return std::nullopt;
  const Date latest = MonthsLater(start, rule->max_months);
  const Date earliest = rule->min_days > 0 ? AddDays(start, rule->min_days - 1)
                                           : MonthsLater(start, rule->min_months);
  std::string key = "error.opportunity.too_long";
  if (too_short) {
    key = rule->min_days > 0 ? "error.opportunity.too_short_weeks"
                             : "error.opportunity.too_short_months";
  }
  return FieldError{"end_date",
                    Message(std::move(key), {{"days", std::to_string(days)},
                                             {"weeks", std::to_string(rule->min_days / 7)},
                                             {"months", std::to_string(rule->min_months)},
                                             {"max", std::to_string(rule->max_months)},
                                             {"earliest", Iso(earliest)},
                                             {"latest", Iso(latest)}})};
}

std::vector<FieldError> CheckOpportunity(const Opportunity& o) {
  std::vector<FieldError> out;
  CheckLine(out, "title", o.title, true, kMaxTitleLength);
  if (Trim(o.description).empty()) out.push_back({"description", Message("error.field.required")});
  CheckText(out, "description", o.description, kMaxDescriptionLength);
  if (o.activity_type.empty()) {
    out.push_back({"activity_type", Message("error.field.required")});
  } else if (!codes::IsActivityType(o.activity_type)) {
    out.push_back(
        {"activity_type", Message("error.field.activity_type", {{"value", o.activity_type}})});
  }
  if (o.topics.empty()) out.push_back({"topics", Message("error.opportunity.topics_required")});
  CheckCodes(out, "topics", o.topics, codes::IsTopic, "error.field.topic");
  if (o.country.empty()) {
    out.push_back({"country", Message("error.field.required")});
  } else if (!IsStoredCountry(o.country)) {
    out.push_back({"country", Message("error.field.country", {{"value", o.country}})});
  }
  CheckLine(out, "town", o.town, true, kMaxLineLength);

  if (o.start_date.has_value() != o.end_date.has_value()) {
    out.push_back(
        {o.start_date ? "end_date" : "start_date", Message("error.opportunity.dates_both")});
  } else if (o.start_date && o.end_date) {
    if (!o.start_date->ok()) out.push_back({"start_date", Message("error.field.date")});
    if (!o.end_date->ok()) out.push_back({"end_date", Message("error.field.date")});
    if (o.start_date->ok() && o.end_date->ok()) {
      if (*o.end_date < *o.start_date) {
        out.push_back({"end_date", Message("error.opportunity.end_before_start")});
      } else if (auto duration = CheckDuration(o.activity_type, *o.start_date, *o.end_date)) {
        out.push_back(std::move(*duration));
      }
    }
  }
  if (o.application_deadline) {
    if (!o.application_deadline->ok()) {
      out.push_back({"application_deadline", Message("error.field.date")});
    } else if (o.start_date && o.start_date->ok() &&
               *o.application_deadline > AddDays(*o.start_date, -kMatchingLeadDays)) {
      out.push_back({"application_deadline",
                     Message("error.opportunity.deadline_late",
                             {{"days", std::to_string(kMatchingLeadDays)},
                              {"latest", Iso(AddDays(*o.start_date, -kMatchingLeadDays))}})});
    }
  }
  if (o.places < 1 || o.places > kMaxPlaces) {
    out.push_back({"places", Message("error.field.range",
                                     {{"min", "1"}, {"max", std::to_string(kMaxPlaces)}})});
  }

  std::set<std::string_view> residence_seen;
  for (size_t i = 0; i < o.eligible_residence.size(); ++i) {
    const std::string& c = o.eligible_residence[i];
    if (!IsStoredCountry(c)) {
      out.push_back(
          {Item("eligible_residence", i), Message("error.field.country", {{"value", c}})});
    } else if (!residence_seen.insert(c).second) {
      out.push_back(
          {Item("eligible_residence", i), Message("error.field.duplicate", {{"value", c}})});
    }
  }
  if (o.languages.size() > kMaxWantedLanguages) {
    out.push_back({"languages", Message("error.field.too_many",
                                        {{"max", std::to_string(kMaxWantedLanguages)}})});
  }
  std::set<std::string_view> languages_seen;
  for (size_t i = 0; i < o.languages.size(); ++i) {
    const std::string& code = o.languages[i].code;
    if (!codes::IsLanguage(code)) {
      out.push_back(
          {Item("languages", i, "code"), Message("error.field.language", {{"value", code}})});
    } else if (!languages_seen.insert(code).second) {
      out.push_back(
          {Item("languages", i, "code"), Message("error.field.duplicate", {{"value", code}})});
    }
  }
  if (o.skills.size() > kMaxWantedSkills) {
    out.push_back(
        {"skills", Message("error.field.too_many", {{"max", std::to_string(kMaxWantedSkills)}})});
  }
  CheckCodes(out, "skills", o.skills, codes::IsSkill, "error.field.skill");
  if (o.languages_required && o.languages.empty()) {
    out.push_back({"languages_required", Message("error.opportunity.required_without_languages")});
  }
  if (o.skills_required && o.skills.empty()) {
    out.push_back({"skills_required", Message("error.opportunity.required_without_skills")});
  }
  if ((o.languages_required || o.skills_required) &&
      fields::CharacterCount(Trim(o.requirement_reason)) < 20) {
    // Fair selection (F8): a hard requirement needs the task that justifies it, in a sentence.
    out.push_back({"requirement_reason", Message("error.opportunity.requirement_reason")});
  }
  CheckText(out, "requirement_reason", o.requirement_reason, kMaxDetailLength);
  CheckText(out, "participant_profile", o.participant_profile, kMaxDetailLength);
  CheckText(out, "practical_arrangements", o.practical_arrangements, kMaxDetailLength);
  CheckText(out, "training", o.training, kMaxDetailLength);
  CheckLine(out, "contact_person", o.contact_person, false, kMaxLineLength);
  CheckLine(out, "grant_reference", o.grant_reference, false, kMaxLineLength);
  return out;
}

std::vector<FieldError> CheckPublishable(const Opportunity& o, Date today) {
  std::vector<FieldError> out = CheckOpportunity(o);
  if (!out.empty()) return out;
  const bool start_past = o.start_date && *o.start_date <= today;
  if (start_past) {
    out.push_back({"start_date", Message("error.opportunity.start_past", {{"date", Iso(today)}})});
  }
  if (o.application_deadline && *o.application_deadline < today) {
    out.push_back({"application_deadline",
                   Message("error.opportunity.deadline_past", {{"date", Iso(today)}})});
  } else if (!start_past && !o.application_deadline && o.start_date &&
             AddDays(*o.start_date, -kMatchingLeadDays) < today) {
    out.push_back({"start_date", Message("error.opportunity.start_too_soon",
                                         {{"days", std::to_string(kMatchingLeadDays)}})});
  }
  return out;
}

std::optional<Date> LastApplicationDay(const Opportunity& o) {
  if (o.application_deadline) return o.application_deadline;
  if (o.start_date) return AddDays(*o.start_date, -kMatchingLeadDays);
  return std::nullopt;
}

std::optional<std::string_view> ClosesBecause(const Opportunity& o, Date today) {
  if (o.status != Status::kPublished) return std::nullopt;
  if (o.end_date && *o.end_date < today) return "ended";
  if (const auto last = LastApplicationDay(o); last && *last < today) return "deadline";
  return std::nullopt;
}

bool TakesApplications(const Opportunity& o, Date today) {
  if (o.status != Status::kPublished) return false;
  return !ClosesBecause(o, today).has_value();
}

std::vector<EligibilityCheck> CheckEligibility(const Opportunity& o, Date birth_date,
                                               std::string_view residence, Date today) {
  std::vector<EligibilityCheck> out;
  const int max_age = eligibility::MaxAgeAtStart(o.activity_type);
  // With flexible dates the age is checked today; an offer checks it again at the start.
  const Date on = o.start_date.value_or(today);
  const int age = AgeOn(birth_date, on);
  const bool age_ok = eligibility::AgeFits(birth_date, o.activity_type, on);
  out.push_back({"R8", age_ok,
                 Message(age_ok                                ? "eligibility.age.ok"
                         : age < participants::kMinActivityAge ? "eligibility.age.young"
                                                               : "eligibility.age.old",
                         {{"age", std::to_string(age)},
                          {"date", Iso(on)},
                          {"max", std::to_string(max_age)},
                          {"adult_on", Iso(participants::Birthday(
                                           birth_date, participants::kMinActivityAge))}})});
  const bool residence_ok = eligibility::ResidenceFits(residence, o.eligible_residence);
  std::string countries;
  for (const auto& c : o.eligible_residence) countries += (countries.empty() ? "" : ", ") + c;
  out.push_back({"R9", residence_ok,
                 Message(residence_ok ? "eligibility.residence.ok" : "eligibility.residence.no",
                         {{"country", std::string(residence)}, {"countries", countries}})});
  return out;
}

bool IsEligible(const Opportunity& o, Date birth_date, std::string_view residence, Date today) {
  const auto checks = CheckEligibility(o, birth_date, residence, today);
  return std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.passed; });
}

std::vector<FieldError> CheckOrganisationProfile(const OrganisationProfile& p) {
  std::vector<FieldError> out;
  CheckText(out, "description", p.description, kMaxDescriptionLength);
  if (!p.website.empty() && !LooksLikeWebsite(p.website)) {
    out.push_back({"website", Message("error.field.website", {{"value", p.website}})});
  }
  CheckLine(out, "website", p.website, false, kMaxLineLength);
  if (p.locations.size() > kMaxLocations) {
    out.push_back(
        {"locations", Message("error.field.too_many", {{"max", std::to_string(kMaxLocations)}})});
  }
  for (size_t i = 0; i < p.locations.size(); ++i) {
    CheckLine(out, Item("locations", i, "town"), p.locations[i].town, true, kMaxLineLength);
    if (!IsStoredCountry(p.locations[i].country)) {
      out.push_back({Item("locations", i, "country"),
                     Message("error.field.country", {{"value", p.locations[i].country}})});
    }
  }
  return out;
}

}  // namespace pass::opportunities
