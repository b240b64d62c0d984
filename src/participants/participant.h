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

namespace pass::audit {
class Repository;
}
namespace pass::mail {
class Outbox;
}

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
  // Sensitive (F2): stored apart, shown to organisations only when sensitive_shared is set.
  bool fewer_opportunities = false;
  std::string support_needs;
  bool sensitive_shared = false;
  Date last_active;
  std::vector<PastPlacement> placements;
  friend bool operator==(const Participant&, const Participant&) = default;
};

// The CV a person uploaded: a PDF kept as a file under the data directory, never in the web root.
struct Cv {
  std::string storage_key;  // random; the file's name
  std::string file_name;    // as uploaded, for the download
  int64_t size_bytes = 0;
  std::string sha256;
  Timestamp uploaded_at;
  friend bool operator==(const Cv&, const Cv&) = default;
};

// What an organisation did with the profile, shown to its owner (F6).
enum class EventKind { kViewed, kCvDownloaded, kContacted };
std::string_view EventKindCode(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view code);

struct ProfileEvent {
  EventKind kind = EventKind::kViewed;
  std::string oid;
  std::string organisation_name;
  Timestamp at;
  friend bool operator==(const ProfileEvent&, const ProfileEvent&) = default;
};

// A registered person as their own pages see them: the profile and the account around it.
struct Account {
  Participant profile;
  int consent_version = 0;  // the privacy statement version last accepted; 0: never in the portal
  std::optional<Timestamp> consented_at;
  std::optional<Timestamp> registered_at;
  std::optional<Timestamp> hidden_at;  // hidden for inactivity (F6), warning mail sent then
  std::optional<Cv> cv;
};

// What every request of a registered person needs to know (one cheap read).
struct Summary {
  int64_t id = 0;
  std::string reference;
  bool searchable = false;
  int consent_version = 0;
  bool hidden = false;  // for inactivity
  Date last_active;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Inserts, or replaces the participant with the same reference (profile, child rows and the
  // sensitive answers; not the account fields); appends to the change feed; returns the id.
  virtual Result<int64_t> Save(const Participant& participant) = 0;
  virtual Result<std::optional<Participant>> FindByReference(const std::string& reference) = 0;
  virtual Result<int64_t> Count() = 0;

  virtual Result<std::optional<Summary>> FindSummaryBySub(const std::string& sub) = 0;
  virtual Result<std::optional<Account>> FindAccountBySub(const std::string& sub) = 0;
  virtual Result<std::optional<Account>> FindAccountByReference(const std::string& reference) = 0;
  // Registration and each later acceptance of the privacy statement.
  virtual Result<void> SetConsent(int64_t id, int version, Timestamp at, bool registering) = 0;
  // Records activity on `day`: last_active moves on and a profile hidden for inactivity shows
  // again. Appends to the change feed (the search index sorts and filters by activity).
  virtual Result<void> Touch(int64_t id, const std::string& reference, Date day) = 0;
  virtual Result<void> SetHidden(int64_t id, const std::string& reference, Timestamp at) = 0;
  virtual Result<void> SetCv(int64_t id, const std::optional<Cv>& cv) = 0;
  virtual Result<void> RecordEvent(int64_t id, const ProfileEvent& event) = 0;
  virtual Result<std::vector<ProfileEvent>> Events(int64_t id) = 0;  // newest first
  // Erasure (F6): earlier placements are kept under `pseudonym` in erased_placements, everything
  // else about the person is deleted; a change-feed row tells the search index.
  // Mail to the person's address still in the outbox goes too.
  virtual Result<void> Erase(const Participant& p, const std::string& pseudonym, Timestamp at) = 0;
  // Retention: visible-or-not profiles last active before `before` and not yet hidden; hidden
  // profiles whose warning went out before `hidden_before` and are still inactive.
  virtual Result<std::vector<Account>> InactiveSince(Date before, int limit) = 0;
  virtual Result<std::vector<Account>> HiddenBefore(Timestamp hidden_before, int limit) = 0;

  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::participants
