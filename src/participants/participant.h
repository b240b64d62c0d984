// A young person's registration and profile in the registry (SPEC F1-F3, F6) and the repository
// it is stored through. Sensitive fields (fewer opportunities, support needs) are kept here but
// are never shown in organisation features unless the person opted in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"

namespace pass::participants {

struct Period {
  Date from;
  Date to;  // inclusive
  friend bool operator==(const Period&, const Period&) = default;
};

// Earlier corps activities; they count towards the 12-month limit (R10).
struct PastPlacement {
  Date from;
  Date to;
  std::string activity_type;
  bool cross_border = false;
  friend bool operator==(const PastPlacement&, const PastPlacement&) = default;
};

struct Participant {
  int64_t id = 0;
  std::string reference;  // the participant reference number
  std::string sub;        // EU Login subject; empty until known
  std::string email;
  std::string given_name;
  std::string family_name;
  Date birth_date;
  std::string residence;    // ISO 3166-1 alpha-2
  std::string nationality;  // never a search filter
  std::string contact_language = "en";
  std::vector<codes::LanguageLevel> languages;
  std::vector<std::string> skills;
  std::vector<std::string> topics;
  std::vector<std::string> activity_types;
  std::vector<std::string> destinations;  // country codes, or the single value "any"
  std::vector<Period> availability;
  std::string experience;
  std::string motivation;
  bool searchable = false;  // "organisations may find and contact me" (F3), off by default
  bool fewer_opportunities = false;
  std::string support_needs;
  Date last_active;
  std::vector<PastPlacement> placements;
  friend bool operator==(const Participant&, const Participant&) = default;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Inserts, or replaces the participant with the same reference; returns the id.
  virtual Result<int64_t> Save(const Participant& participant) = 0;
  virtual Result<std::optional<Participant>> FindByReference(const std::string& reference) = 0;
  virtual Result<int64_t> Count() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::participants
