// Applications and the candidate pipeline of an opportunity (SPEC F4, F12): who applied or was
// shortlisted, at which stage, why not selected, the organisation's private tags and notes; the
// filter of the public list; and the repository all of it is stored through.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "mail/mail.h"
#include "opportunities/opportunity.h"

namespace pass::opportunities {

// Stages in the order a candidate moves through them; `kWithdrawn` is the applicant's own.
enum class Stage {
  kNew,
  kShortlisted,
  kContacted,
  kInterview,
  kOffered,
  kMatched,
  kNotSelected,
  kWithdrawn,
};
std::string_view StageCode(Stage stage);
std::optional<Stage> ParseStage(std::string_view code);
std::vector<Stage> AllStages();
// What the applicant sees of a stage: "received" (new), "in_progress" (shortlisted, contacted,
// interview), "offered", "matched", "not_selected", "withdrawn". The organisation's own steps
// stay its own.
std::string_view ApplicantStatus(Stage stage);
// Staff move candidates to these by hand; offered and matched follow the offers themselves
// (F14), withdrawn the applicant.
bool StaffMayMoveTo(Stage stage);

// Why someone was not selected: a code the applicant's mail explains in their language.
inline constexpr std::string_view kNotSelectedReasons[] = {
    "places_filled", "profile_mismatch", "dates", "requirements", "not_eligible", "other"};
bool IsNotSelectedReason(std::string_view code);

inline constexpr size_t kMaxMessageLength = 2000;
inline constexpr size_t kMaxTagLength = 30;
inline constexpr size_t kMaxTags = 10;        // per candidate
inline constexpr size_t kMaxShortlist = 100;  // people shortlisted from a search at once
inline constexpr size_t kMaxNoteLength = 2000;
inline constexpr size_t kMaxReasonTextLength = 500;

// One candidate in one opportunity's pipeline, with what the organisation may see of the person
// (never the e-mail address, which only the mail to the person uses: F13).
struct Entry {
  int64_t id = 0;
  int64_t opportunity_id = 0;
  int64_t participant_id = 0;
  // From the person's profile, current on every read.
  std::string reference;
  std::string given_name;
  std::string family_name;
  std::string residence;
  Date birth_date;
  std::string email;     // for mail to the person only
  std::string language;  // their contact language
  // The application.
  bool applied = false;  // applied, or shortlisted by the organisation
  std::string message;
  std::string motivation;
  bool share_cv = false;
  std::optional<Timestamp> applied_at;
  // The organisation's side.
  Stage stage = Stage::kNew;
  std::string reason;       // not selected: one of kNotSelectedReasons
  std::string reason_text;  // and in the organisation's words, optional
  std::vector<std::string> tags;
  int notes = 0;
  Timestamp updated_at;
};

struct Note {
  int64_t id = 0;
  int64_t entry_id = 0;
  std::string author;  // the staff member's e-mail
  std::string text;
  Timestamp at;
};

// What the public list filters by (F4). Empty fields do not filter.
struct Filter {
  std::string country;
  std::string town;  // case-insensitive, whole name
  std::string topic;
  std::string activity_type;
  std::optional<Date> from;  // the activity overlaps [from, to]
  std::optional<Date> to;
  std::optional<Date> open_until;  // still taking applications on this day
  std::string oid;
  // "I am eligible": R8 age at the start and R9 residence of this person.
  std::optional<Date> eligible_birth_date;
  std::string eligible_residence;
  bool newest_first = false;  // else the soonest last application day first
};

struct Page {
  std::vector<Opportunity> items;
  int64_t total = 0;
  int page = 1;
  int per_page = 20;
};

// How many candidates an opportunity has, and how many the organisation has not looked at.
struct Counts {
  int candidates = 0;
  int fresh = 0;  // stage new
};

class Repository {
 public:
  virtual ~Repository() = default;

  // Opportunities. Save inserts (id 0) or updates and returns the id.
  virtual Result<int64_t> Save(const Opportunity& opportunity) = 0;
  virtual Result<std::optional<Opportunity>> Find(int64_t id) = 0;
  virtual Result<std::vector<Opportunity>> OfOrganisation(std::string_view oid) = 0;
  // Published opportunities taking applications on `today` that match the filter, one page.
  virtual Result<Page> Published(const Filter& filter, Date today, int page, int per_page) = 0;
  // Published opportunities that should have closed by `today` (ClosesBecause).
  virtual Result<std::vector<Opportunity>> DueToClose(Date today) = 0;
  virtual Result<std::string> OrganisationName(std::string_view oid) = 0;

  // The organisation's own description (F7).
  virtual Result<std::optional<OrganisationProfile>> FindProfile(std::string_view oid) = 0;
  virtual Result<void> SaveProfile(const OrganisationProfile& profile) = 0;

  // The pipeline.
  virtual Result<std::optional<Entry>> FindEntry(int64_t entry_id) = 0;
  virtual Result<std::optional<Entry>> FindEntryOf(int64_t opportunity_id,
                                                   int64_t participant_id) = 0;
  // Inserts (id 0) or updates the entry and its tags; returns the id.
  virtual Result<int64_t> SaveEntry(const Entry& entry) = 0;
  virtual Result<std::vector<Entry>> Pipeline(int64_t opportunity_id) = 0;
  virtual Result<std::vector<Entry>> EntriesOf(int64_t participant_id) = 0;
  virtual Result<std::map<int64_t, Counts>> CountsOf(std::string_view oid) = 0;
  // The registry's id of the person with this reference number, if there is one.
  virtual Result<std::optional<int64_t>> ParticipantIdOf(const std::string& reference) = 0;
  virtual Result<void> AddNote(const Note& note) = 0;
  virtual Result<std::vector<Note>> Notes(int64_t entry_id) = 0;  // oldest first

  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::opportunities
