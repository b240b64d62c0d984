// The back office (SPEC F17-F19, R3, R7): officers keep the access registry of their remit
// (organisations, authorisations, staff lists, status), see who has access and end sessions,
// import the agencies' CSV after a preview, review nominations under associated programmes, and
// administrators manage roles. Every change is audited with who, when, what and why, and mail
// goes through the outbox in the same unit of work. Outside an officer's remit everything reads
// as "not found": whether it exists is not theirs to learn. Plain C++: no SQL, no HTTP.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "backoffice/roles.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "mail/mail.h"
#include "registry/import.h"
#include "registry/registry.h"

namespace pass::backoffice {

// A person who signed in with an e-mail listed by an organisation: when, and open sessions.
struct SignInRecord {
  int64_t person_id = 0;
  std::string email;
  std::string name;
  bool email_verified = false;
  Timestamp last_signed_in;
  int64_t open_sessions = 0;
};

enum class NominationState { kUnconfirmed, kPending, kApproved, kRejected, kWithdrawn };
std::string_view NominationStateCode(NominationState state);
std::optional<NominationState> ParseNominationState(std::string_view code);

// One nominated staff member (R3). A submission ("batch") may name several.
struct Nomination {
  int64_t id = 0;
  int64_t authorisation_id = 0;
  std::string batch;
  std::string representative_name;
  std::string representative_email;
  registry::StaffEntry staff;
  NominationState state = NominationState::kUnconfirmed;
  std::string submitted_by;
  std::string decided_by;
  std::optional<Timestamp> decided_at;
  std::string decision_reason;
  std::string confirm_hash;
  std::string lang = "en";
  Timestamp created_at;
  // Read along with it.
  registry::Organisation organisation;
  std::string reference;
  std::string programme;
  std::string issuer;
};

// A CSV waiting for the officer to confirm its previewed import.
struct Upload {
  std::string token_hash;
  std::string actor;
  std::string file_name;
  std::string content;
  Timestamp created_at;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // The registry, the audit log and the outbox, in the same unit of work.
  virtual registry::Repository& Registry() = 0;
  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;

  virtual Result<std::vector<Role>> RolesFor(std::string_view email_key) = 0;
  virtual Result<std::vector<Role>> AllRoles() = 0;
  virtual Result<bool> InsertRole(const Role& role) = 0;  // false: already held
  virtual Result<std::optional<Role>> DeleteRole(int64_t id) = 0;
  // The role ids matching; for `role revoke` on the command line.
  virtual Result<std::optional<Role>> FindRole(std::string_view email_key, RoleKind kind,
                                               std::string_view country,
                                               std::string_view programme) = 0;

  // People whose last EU Login e-mail has one of these keys.
  virtual Result<std::vector<SignInRecord>> PeopleWithEmails(
      const std::vector<std::string>& email_keys, Timestamp now) = 0;
  virtual Result<int64_t> EndSessionsOf(int64_t person_id) = 0;

  virtual Result<int64_t> InsertNomination(const Nomination& nomination) = 0;
  virtual Result<std::optional<Nomination>> FindNomination(int64_t id) = 0;
  virtual Result<std::vector<Nomination>> NominationsOf(std::string_view oid) = 0;
  virtual Result<std::vector<Nomination>> NominationsInState(NominationState state) = 0;
  virtual Result<std::vector<Nomination>> NominationsToConfirm(std::string_view confirm_hash) = 0;
  virtual Result<void> UpdateNomination(const Nomination& nomination) = 0;

  virtual Result<void> SaveUpload(const Upload& upload) = 0;
  virtual Result<std::optional<Upload>> FindUpload(std::string_view token_hash) = 0;
  virtual Result<void> DeleteUpload(std::string_view token_hash) = 0;
  virtual Result<int64_t> DeleteUploadsBefore(Timestamp before) = 0;
};

using Store = pass::Store<Repository>;

using Composer = mail::Composer;

struct Options {
  std::vector<std::string> admin_emails;  // PASS_ADMIN_EMAILS: administrators from the start
  std::string public_url;                 // for links in e-mails
  std::chrono::hours confirmation_lifetime{7 * 24};
  std::chrono::hours upload_lifetime{24};
  size_t max_nominees = 20;
};

// The fields of an organisation and of an authorisation as an officer enters them.
struct OrganisationFields {
  std::string oid;
  std::string name;
  std::string country;
};
struct AuthorisationFields {
  std::string reference;
  std::string kind;
  std::string issuer;
  std::string programme;
  std::string valid_from;
  std::string valid_to;
};
struct StaffFields {
  std::string email;
  std::string name;
  std::string function;
};

// One organisation as its officers see it.
struct OrganisationView {
  registry::OrganisationRecord record;
  std::vector<int64_t> editable;  // ids of the authorisations within the officer's remit
  std::vector<audit::Entry> history;
  std::vector<SignInRecord> people;  // who signed in with a listed e-mail
  std::vector<Nomination> nominations;
};

// A previewed import: the plan (or the problems) and the token to confirm it with.
struct ImportPreview {
  std::string token;  // empty when there were problems or nothing to do
  std::string file_name;
  registry::ImportResult result;
};

// A public nomination (R3) or one by staff who already have access.
struct NominationRequest {
  std::string oid;
  std::string reference;
  std::string representative_name;
  std::string representative_email;
  std::vector<StaffFields> staff;
  std::string lang = "en";
};

class Service {
 public:
  Service(Store& store, const Clock& clock, Composer compose, Options options);

  // The officer side of a signed-in person, from current data. Roles count only for a verified
  // e-mail.
  Result<Officer> OfficerFor(int64_t person_id, std::string_view email, bool email_verified,
                             std::string_view name);

  Result<std::vector<registry::OrganisationRecord>> Search(const Officer& officer,
                                                           registry::OrganisationQuery query);
  Result<OrganisationView> View(const Officer& officer, std::string_view oid);
  // One authorisation with its staff, if within the officer's remit.
  Result<registry::Authorisation> FindAuthorisation(const Officer& officer, int64_t id);

  // A new organisation always comes with its first authorisation, which must be in the remit.
  Result<std::string> CreateOrganisation(const Officer& officer, const OrganisationFields& org,
                                         const AuthorisationFields& first);
  Result<void> UpdateOrganisation(const Officer& officer, std::string_view oid,
                                  const OrganisationFields& fields, std::string_view reason);
  Result<int64_t> CreateAuthorisation(const Officer& officer, std::string_view oid,
                                      const AuthorisationFields& fields);
  Result<void> UpdateAuthorisation(const Officer& officer, int64_t id,
                                   const AuthorisationFields& fields, std::string_view reason);
  Result<void> ChangeStatus(const Officer& officer, int64_t id, registry::Status status,
                            std::string_view reason);

  Result<void> AddStaff(const Officer& officer, int64_t authorisation_id, const StaffFields& staff,
                        std::string_view reason);
  Result<void> CorrectStaff(const Officer& officer, int64_t authorisation_id,
                            std::string_view old_email, const StaffFields& staff,
                            std::string_view reason);
  Result<void> RemoveStaff(const Officer& officer, int64_t authorisation_id, std::string_view email,
                           std::string_view reason);

  // Ends every session of a person who signed in with one of the organisation's listed e-mails.
  Result<int64_t> EndSessions(const Officer& officer, std::string_view oid, int64_t person_id);

  Result<ImportPreview> PreviewImport(const Officer& officer, std::string file_name,
                                      std::string content);
  Result<registry::ImportResult> ConfirmImport(const Officer& officer, std::string_view token);
  Result<void> CancelImport(const Officer& officer, std::string_view token);

  // Roles: administrators only.
  Result<std::vector<Role>> Roles(const Officer& officer);
  Result<Role> GrantRole(const Officer& officer, std::string_view email, std::string_view role,
                         std::string_view country, std::string_view programme);
  Result<Role> RevokeRole(const Officer& officer, int64_t id);
  // The same from the command line (`actor` is "cli:<user>").
  Result<Role> GrantRole(const std::string& actor, const Role& role);
  Result<Role> RevokeRole(const std::string& actor, const Role& role);

  // Nominations (R3). Public: the representative gets a confirmation e-mail. `submitter` is set
  // when staff with access to the organisation submit: then no confirmation is needed.
  Result<std::vector<Nomination>> Nominate(const NominationRequest& request,
                                           const std::optional<Officer>& submitter_staff,
                                           const std::string& submitter_actor);
  Result<std::vector<Nomination>> ConfirmNominations(std::string_view token);
  Result<std::vector<Nomination>> NominationQueue(const Officer& officer);
  Result<Nomination> Decide(const Officer& officer, int64_t nomination_id, bool approve,
                            std::string_view reason);
  // The nominations of an organisation, for its staff.
  Result<std::vector<Nomination>> NominationsOf(std::string_view oid);

  // Housekeeping: uploads left unconfirmed.
  Result<int64_t> Sweep();

  const Options& options() const { return options_; }

 private:
  struct Located {
    registry::Organisation organisation;
    registry::Authorisation authorisation;
  };
  // The authorisation with this id, if the officer's remit covers it; NotFound otherwise.
  Result<Located> Locate(registry::Repository& repo, const Officer& officer, int64_t id);
  // Mails a person newly listed (or listed under a corrected address) that they have access.
  Result<void> TellListed(Repository& repo, const registry::Organisation& organisation,
                          const registry::Authorisation& authorisation,
                          const registry::StaffEntry& staff);
  // Mails the DG officers of the programme that nominations wait for their decision.
  Result<void> TellReviewers(Repository& repo, const std::vector<Nomination>& pending);
  Result<Role> Grant(const std::string& actor, const Role& role);
  Result<Role> Revoke(const std::string& actor, const Role& role);

  Store& store_;
  const Clock& clock_;
  Composer compose_;
  Options options_;
};

}  // namespace pass::backoffice
