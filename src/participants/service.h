// The young person's side of the registry (SPEC F1-F3, F6): registration with consent to the
// versioned privacy statement, the profile and its visibility, the CV, what organisations did
// with the profile, the export of everything held, erasure, and the retention of inactive
// profiles. Also the one door through which organisations open a full profile or a CV: only
// findable people (F3), and every opening is recorded for the owner to see.
//
// Thread-safe as long as the Store, CvFiles and Clock are (the SQL store and the disk files are).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "mail/mail.h"
#include "participants/participant.h"
#include "participants/profile.h"

namespace pass::participants {

// Where CV files live (outside the web root). Keys are random and safe as file names.
class CvFiles {
 public:
  virtual ~CvFiles() = default;
  virtual Result<void> Write(const std::string& key, std::string_view bytes) = 0;
  virtual Result<std::string> Read(const std::string& key) = 0;
  virtual Result<void> Remove(const std::string& key) = 0;  // a missing file is not an error
};

inline constexpr size_t kMaxCvBytes = size_t{5} * 1024 * 1024;

// Whether `bytes` is a PDF we keep: it says it is one (%PDF-1.x or 2.x header, %%EOF trailer),
// is at most kMaxCvBytes, and carries no active content (JavaScript, launch actions, embedded
// files), which an organisation's PDF reader might run. The error names the "cv" field.
Result<void> CheckCv(std::string_view bytes);

struct Options {
  int privacy_version = 1;       // the privacy statement in force (data/privacy.json)
  std::string pseudonym_secret;  // keys the pseudonyms erasure leaves behind
  std::string public_url;        // for links in e-mails
  int inactive_hide_months = kInactiveHideMonths;
  int deletion_grace_days = kDeletionGraceDays;
  int retention_batch = 500;  // profiles per unit of work in the daily job
};

// Who EU Login says is signing in; registration takes names and e-mail from here.
struct Identity {
  std::string sub;
  std::string email;
  bool email_verified = false;
  std::string given_name;
  std::string family_name;
  std::string lang = "en";  // the page's language: the first contact language
};

// The registration form (F1).
struct Registration {
  Date birth_date;  // !ok(): not given or not a date
  std::string residence;
  bool humanitarian_only = false;  // only humanitarian-aid volunteering (ages up to 35)
  bool accepted_principles = false;
  bool accepted_privacy = false;
  int privacy_version_seen = 0;  // the version the form showed; a newer one must be read first
};

// Everything the portal holds about a person (F6), for the JSON download and the readable page.
struct Export {
  Account account;
  std::vector<ProfileEvent> events;
  bool findable = false;
  Completeness completeness;
};

// A CV on its way to a reader.
struct CvFile {
  std::string file_name;
  std::string bytes;
};

// What one run of the daily retention job did.
struct RetentionReport {
  int hidden = 0;  // hidden now, warning mail queued
  int erased = 0;  // deleted after the grace period
};

// The organisation opening a profile, as the event log and the owner will see it.
struct OrganisationActor {
  std::string oid;
  std::string name;
  std::string person;  // the staff member, for the audit log
};

class Service {
 public:
  // `new_reference` issues candidate reference numbers (random in production, fixed in tests).
  Service(Store& store, CvFiles& files, const Clock& clock, mail::Composer compose, Options options,
          std::function<std::string()> new_reference = {});

  const Options& options() const { return options_; }

  // The person's account, if they registered (or were imported with this sub).
  Result<std::optional<Account>> AccountFor(const std::string& sub);
  // The person behind a request, if registered; the day counts as activity (written once a day),
  // and a profile hidden for inactivity shows again.
  Result<std::optional<Summary>> SignedIn(const std::string& sub);

  // Registers the person signed in as `who`: checks the form (field errors name the field and
  // the rule), issues a reference number, mails it, and returns the new account.
  Result<Account> Register(const Identity& who, const Registration& form);
  // Accepting the privacy statement version in force again (after a new one was published).
  Result<void> AcceptPrivacy(const std::string& sub, int version_seen);
  bool NeedsConsent(const Account& account) const {
    return account.consent_version < options_.privacy_version;
  }

  // Saves the edited profile. Identity fields the person may not change here (reference, sub,
  // birth date, visibility, last activity, earlier placements) are kept from the stored one.
  Result<Account> UpdateProfile(const std::string& sub, Participant edited);
  Result<void> SetVisible(const std::string& sub, bool visible);

  Result<void> UploadCv(const std::string& sub, std::string file_name, std::string_view bytes);
  Result<void> RemoveCv(const std::string& sub);
  Result<CvFile> OwnCv(const std::string& sub);

  Result<Export> ExportFor(const std::string& sub);
  // Erasure: `confirmation` must be the person's reference number, typed again.
  Result<void> Erase(const std::string& sub, std::string_view confirmation);

  // Hides profiles inactive for options().inactive_hide_months with a warning mail, and erases
  // those still inactive deletion_grace_days after it.
  Result<RetentionReport> RunRetention();

  // For organisation staff whose access the caller has checked: a findable person's full profile
  // (recorded as viewed) or CV (recorded as downloaded); NotFound for anyone else, so nobody
  // learns who is registered but hidden.
  //
  // `Door::kApplication`: the person applied to the organisation (the caller checked it, and for
  // the CV that the application shares it), so they are shown whether findable or not; the
  // opening is recorded all the same.
  enum class Door { kFindable, kApplication };
  Result<Participant> OpenProfile(const std::string& reference, const OrganisationActor& by);
  // The same with the account around the profile (whether there is a CV, ...).
  Result<Account> OpenAccount(const std::string& reference, const OrganisationActor& by,
                              Door door = Door::kFindable);
  Result<CvFile> OpenCv(const std::string& reference, const OrganisationActor& by,
                        Door door = Door::kFindable);

  // The pseudonym erasure leaves in place of a reference number.
  std::string Pseudonym(std::string_view reference) const;

 private:
  Result<Account> Require(Repository& repo, const std::string& sub);

  Store& store_;
  CvFiles& files_;
  const Clock& clock_;
  mail::Composer compose_;
  Options options_;
  std::function<std::string()> new_reference_;
};

}  // namespace pass::participants
