// An opportunity an organisation recruits for (SPEC F8) and the repository it is stored through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"

namespace pass::opportunities {

enum class Status { kDraft, kPublished, kClosed };
std::string_view StatusCode(Status status);
std::optional<Status> ParseStatus(std::string_view code);

struct Opportunity {
  int64_t id = 0;
  std::string oid;
  std::string title;
  std::string description;
  std::string activity_type;
  std::vector<std::string> topics;
  std::string country;
  std::string town;
  std::optional<Date> start_date;  // none: flexible
  std::optional<Date> end_date;
  int places = 1;
  std::optional<Date> application_deadline;     // none: rolling
  std::vector<std::string> eligible_residence;  // empty: every country
  std::vector<codes::LanguageLevel> languages;  // preferences
  std::vector<std::string> skills;              // preferences
  std::string participant_profile;
  std::string practical_arrangements;  // accommodation, food, transport
  std::string training;
  std::string contact_person;
  std::string grant_reference;
  bool asks_cv = false;
  bool asks_motivation = false;
  Status status = Status::kDraft;
  friend bool operator==(const Opportunity&, const Opportunity&) = default;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Inserts (id 0) or updates; returns the id.
  virtual Result<int64_t> Save(const Opportunity& opportunity) = 0;
  virtual Result<std::optional<Opportunity>> Find(int64_t id) = 0;
  virtual Result<std::vector<Opportunity>> OfOrganisation(std::string_view oid) = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::opportunities
