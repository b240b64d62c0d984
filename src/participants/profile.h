// The rules of a young person's profile (SPEC F1-F3, R8): which values a profile may hold, who may
// register at what age, when a profile may be found by organisations, and what would make it
// easier to find. Shared by the registration and profile forms, the bulk import and the API, so
// a value accepted in one is accepted in all. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/fields.h"
#include "participants/participant.h"

namespace pass::participants {

// Limits a profile keeps to; the forms show them and the import enforces them.
inline constexpr size_t kMaxNameLength = 100;       // characters
inline constexpr size_t kMaxFreeTextLength = 2000;  // experience, motivation, support needs
inline constexpr size_t kMaxAvailabilityPeriods = 10;
inline constexpr size_t kMaxLanguages = 20;
inline constexpr size_t kMaxPlacements = 50;
inline constexpr int kMinRegistrationAge = 17;
inline constexpr int kMinActivityAge = 18;      // R8, at the start of an activity
inline constexpr int kMaxAge = 30;              // R8
inline constexpr int kMaxHumanitarianAge = 35;  // R8, humanitarian aid only
inline constexpr int kInactiveHideMonths = 24;  // F6: hidden after this long
inline constexpr int kDeletionGraceDays = 30;   // after the warning e-mail

// Age in whole years on `day` (someone born on 29 February turns a year older on 1 March in
// common years).
int AgeOn(Date birth, Date day);
// The day someone born on `birth` turns `years` (1 March for 29 February in common years), the
// first day on which AgeOn gives `years`.
Date Birthday(Date birth, int years);

using fields::CharacterCount;  // characters (code points) in UTF-8 text

// True when the person wants humanitarian-aid volunteering and nothing else: the only case in
// which ages 31 to 35 may take part (R8).
bool OnlyHumanitarianAid(const Participant& p);

// The oldest age at which this profile may still take part: 35 for humanitarian aid only, else 30.
int MaxAgeFor(const Participant& p);

// Every rule a stored profile keeps: names, e-mail, codes, levels, destinations ("any" alone or
// countries), availability periods (from <= to), text lengths, past placements, a valid
// last_active date (callers set it: registration to today). Field names are
// the import's keys, with a 1-based position for list items: "languages[2].level",
// "availability[1].to". Empty when the profile is acceptable. Does not judge age; see below.
std::vector<FieldError> CheckProfile(const Participant& p);

// Registration (F1): 17 to 30 on the day, up to 35 for someone interested only in humanitarian
// aid. Returns the error for the "birth_date" field, or nothing.
std::optional<FieldError> CheckRegistrationAge(const Participant& p, Date today);

// A profile edited after registration may not ask for activity types the person is too old for
// (31 to 35: humanitarian aid only). Returns the error for "activity_types", or nothing.
std::optional<FieldError> CheckActivityTypesForAge(const Participant& p, Date today);

// Whether a profile is still eligible to take part (R8 as far as the profile shows): not older
// than MaxAgeFor on `today`. People aged 17 may be found; they can start at 18.
bool IsEligible(const Participant& p, Date today);

// Whether organisations may find and contact this person today (F3): the person turned
// visibility on, is eligible, and the profile has not been hidden for inactivity.
bool IsFindable(const Participant& p, bool hidden_for_inactivity, Date today);

// One thing that would help organisations find the person, with how much it weighs.
struct CompletenessItem {
  std::string field;  // the form field it is about, for a link
  Message advice;     // what to do
  int weight = 0;     // points it gives out of 100
  bool done = false;
};

struct Completeness {
  int percent = 0;  // 0-100
  std::vector<CompletenessItem> items;
};

// The completeness meter: visibility, availability in the future, languages, topics, activity
// types, skills, destinations, motivation and experience of useful length, CV.
Completeness MeasureCompleteness(const Participant& p, bool has_cv, Date today);

}  // namespace pass::participants
