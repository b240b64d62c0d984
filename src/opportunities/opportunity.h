// An opportunity an organisation recruits for (SPEC F8) and its rules: which values it may hold,
// the duration each activity type allows (R12), when it may be published, and when it closes by
// itself. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/error.h"
#include "eligibility/rules.h"

namespace pass::opportunities {

enum class Status { kDraft, kPublished, kClosed };
std::string_view StatusCode(Status status);
std::optional<Status> ParseStatus(std::string_view code);

// Limits the form shows and the API enforces.
inline constexpr size_t kMaxTitleLength = 150;
inline constexpr size_t kMaxLineLength = 200;  // town, contact person, grant reference
inline constexpr size_t kMaxDescriptionLength = 5000;
inline constexpr size_t kMaxDetailLength = 2000;  // profile, arrangements, training, reason
inline constexpr int kMaxPlaces = 500;
inline constexpr size_t kMaxWantedLanguages = 10;
inline constexpr size_t kMaxWantedSkills = 20;
// R11: matching must be complete this many days before the activity starts, so applications
// close at the latest then.
inline constexpr int kMatchingLeadDays = eligibility::kMatchingLeadDays;

struct Opportunity {
  int64_t id = 0;
  std::string oid;
  std::string organisation_name;  // from the registry; never written with the opportunity
  std::string title;
  std::string description;
  std::string activity_type;
  std::vector<std::string> topics;
  std::string country;
  std::string town;
  std::optional<Date> start_date;  // none (with no end date): flexible dates
  std::optional<Date> end_date;
  int places = 1;
  std::optional<Date> application_deadline;     // none: rolling
  std::vector<std::string> eligible_residence;  // empty: every country
  std::vector<codes::LanguageLevel> languages;  // preferences ...
  std::vector<std::string> skills;              // ... unless required below
  // The selection must be fair: wanted languages and skills only rule someone out when the
  // organisation says which task needs them (`requirement_reason`).
  bool languages_required = false;
  bool skills_required = false;
  std::string requirement_reason;
  std::string participant_profile;
  std::string practical_arrangements;  // accommodation, food, transport
  std::string training;
  std::string contact_person;
  std::string grant_reference;  // the funded project; offers need one (R11)
  bool asks_cv = false;
  bool asks_motivation = false;
  Status status = Status::kDraft;
  std::optional<Timestamp> published_at;
  std::optional<Timestamp> updated_at;
  std::string closed_because;  // "closed", "deadline", "ended" once closed
  friend bool operator==(const Opportunity&, const Opportunity&) = default;
};

// Durations per activity type (R12) and whole-month periods live with the other rules.
using eligibility::DurationFor;
using eligibility::DurationRule;
using eligibility::MonthsLater;

// Whether the dates fit the activity type's duration; the error names the field, the rule and
// the figures (start, end, the allowed range).
std::optional<FieldError> CheckDuration(std::string_view activity_type, Date start, Date end);

// Every field's own rules (lengths, codes, dates in order, R12 durations, the deadline R11, the
// reason for requirements); what depends on today is CheckPublishable's.
std::vector<FieldError> CheckOpportunity(const Opportunity& o);

// What publishing needs beyond a valid opportunity: dates and the deadline not yet past, and the
// deadline at least kMatchingLeadDays before the start (R11).
std::vector<FieldError> CheckPublishable(const Opportunity& o, Date today);

// The last day applications are taken: the deadline, else (rolling) kMatchingLeadDays before the
// start, else none (flexible and rolling).
std::optional<Date> LastApplicationDay(const Opportunity& o);

// Why a published opportunity closes by itself on `today`: "deadline" (the last application day
// has passed) or "ended" (the end date has passed); nullopt while it stays open.
std::optional<std::string_view> ClosesBecause(const Opportunity& o, Date today);

// Whether a person may apply today (published, last application day not passed).
bool TakesApplications(const Opportunity& o, Date today);

// What a young person must meet to take part (R8 age at the start, R9 residence). The checks
// return the rule, the figures and what would make them pass.
struct EligibilityCheck {
  std::string rule;  // "R8", "R9"
  bool passed = false;
  Message explanation;
};
std::vector<EligibilityCheck> CheckEligibility(const Opportunity& o, Date birth_date,
                                               std::string_view residence, Date today);
bool IsEligible(const Opportunity& o, Date birth_date, std::string_view residence, Date today);

// The organisation's own description (F7); name, OID, authorisations and staff come read-only
// from the registry.
struct Location {
  std::string town;
  std::string country;
  friend bool operator==(const Location&, const Location&) = default;
};
inline constexpr size_t kMaxLocations = 20;
struct OrganisationProfile {
  std::string oid;
  std::string description;
  std::string website;  // https:// or http:// URL, or empty
  std::vector<Location> locations;
  friend bool operator==(const OrganisationProfile&, const OrganisationProfile&) = default;
};
std::vector<FieldError> CheckOrganisationProfile(const OrganisationProfile& p);

}  // namespace pass::opportunities
