// The access registry's data (SPEC R1-R3): organisations, the authorisations they hold (quality
// labels, EVS accreditations, EU Aid Volunteers certifications, programme approvals), the staff
// listed in them, and the repository interface the domain reads and writes them through. Plain
// C++: no SQL, no HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"

namespace pass::registry {

enum class Kind { kQualityLabel, kEvsAccreditation, kEuavCertification, kProgrammeApproval };
std::string_view KindCode(Kind kind);  // "quality_label", ...
std::optional<Kind> ParseKind(std::string_view code);
// Kinds 1-3 carry a staff list from the award decision; programme approvals get theirs from
// approved nominations (R3).
inline bool HasAwardStaffList(Kind kind) { return kind != Kind::kProgrammeApproval; }

enum class Status { kActive, kSuspended, kRevoked };
std::string_view StatusCode(Status status);
std::optional<Status> ParseStatus(std::string_view code);

// What an authorisation amounts to on a given day: expired and not-yet-valid are derived from
// the dates; only kValid grants access (R2, R4).
enum class Standing { kValid, kNotYetValid, kExpired, kSuspended, kRevoked };
std::string_view StandingCode(Standing standing);

enum class StaffSource { kImport, kOfficer, kNomination };
std::string_view StaffSourceCode(StaffSource source);
std::optional<StaffSource> ParseStaffSource(std::string_view code);

// An associated programme's code ("LIFE", "CERV", "EU4HEALTH"): letters, digits, '-' and '_', up
// to 32, stored in capitals. nullopt when `text` is not one.
std::optional<std::string> NormaliseProgramme(std::string_view text);

// "E" followed by 8 digits.
bool IsValidOid(std::string_view oid);

// The form an e-mail is matched in: trimmed and lower-cased (R2). Lower-casing is ASCII only;
// EU Login and the agencies' lists use ASCII addresses in practice, and a non-ASCII address then
// has to match exactly.
std::string EmailKey(std::string_view email);

// A plausible e-mail address: one '@', something on both sides, a dot in the domain, no spaces.
bool LooksLikeEmail(std::string_view email);

struct Organisation {
  std::string oid;
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
  friend bool operator==(const Organisation&, const Organisation&) = default;
};

struct StaffEntry {
  std::string email;
  std::string name;
  std::string function;
  StaffSource source = StaffSource::kImport;
  friend bool operator==(const StaffEntry&, const StaffEntry&) = default;
};

struct Authorisation {
  int64_t id = 0;  // 0 until stored
  std::string reference;
  std::string oid;
  Kind kind = Kind::kQualityLabel;
  std::string issuer;
  std::string programme;  // programme approvals: the associated programme (DG officers' remit)
  Date valid_from;
  Date valid_to;
  Status status = Status::kActive;
  std::string status_reason;
  std::vector<StaffEntry> staff;

  Standing StandingOn(Date day) const;
};

// One staff listing that matched an e-mail, with what is needed to decide and to explain.
struct Listing {
  Organisation organisation;
  Authorisation authorisation;  // without its staff list
  StaffEntry entry;
};

// A part of an officer's remit: authorisations of these kinds, of organisations in `country`
// (empty: any country) and of `programme` (empty: any programme).
struct ScopeRule {
  std::vector<Kind> kinds;
  std::string country;
  std::string programme;
  bool Covers(const Organisation& organisation, const Authorisation& authorisation) const;
};

// Everything, or what any of the rules covers.
struct Scope {
  bool everything = false;
  std::vector<ScopeRule> rules;
  bool Covers(const Organisation& organisation, const Authorisation& authorisation) const;
  // An organisation is within scope when one of its authorisations is.
  bool Covers(const Organisation& organisation,
              const std::vector<Authorisation>& authorisations) const;
  bool empty() const { return !everything && rules.empty(); }
};

// What officers search the registry by; empty fields do not filter. Text fields match anywhere
// in the value, case-insensitively; codes match exactly.
struct OrganisationQuery {
  std::string oid;
  std::string name;
  std::string country;
  std::optional<Kind> kind;
  std::optional<Status> status;
  std::string reference;
  std::string staff_email;
  Scope scope;  // only organisations within it are found
  size_t limit = 200;
};

// An organisation with its authorisations (staff included), as the back office shows it.
struct OrganisationRecord {
  Organisation organisation;
  std::vector<Authorisation> authorisations;
};

// Reads and writes of the registry within one unit of work (one transaction when writing).
class Repository {
 public:
  virtual ~Repository() = default;

  virtual Result<std::optional<Organisation>> FindOrganisation(std::string_view oid) = 0;
  virtual Result<void> SaveOrganisation(const Organisation& organisation) = 0;  // insert or update

  virtual Result<std::optional<Authorisation>> FindAuthorisation(std::string_view reference) = 0;
  virtual Result<std::vector<Authorisation>> AuthorisationsOf(std::string_view oid) = 0;
  // Inserts or updates by reference (staff untouched); returns the id.
  virtual Result<int64_t> SaveAuthorisation(const Authorisation& authorisation) = 0;
  // Replaces the entries of `source` on that authorisation; entries of other sources stay.
  virtual Result<void> ReplaceStaff(int64_t authorisation_id, StaffSource source,
                                    const std::vector<StaffEntry>& staff) = 0;

  virtual Result<std::optional<Authorisation>> FindAuthorisationById(int64_t id) = 0;
  // Corrects a mistyped reference; the authorisation keeps its id, staff and history.
  virtual Result<void> RenameAuthorisation(int64_t id, std::string_view reference) = 0;
  // Organisations matching every filter, by name, with all their authorisations.
  virtual Result<std::vector<OrganisationRecord>> SearchOrganisations(
      const OrganisationQuery& query) = 0;

  // Single staff entries (officers' corrections). Each returns false when there was nothing to
  // do: the e-mail is already listed (add), or not listed (update, remove).
  virtual Result<bool> AddStaff(int64_t authorisation_id, const StaffEntry& entry) = 0;
  virtual Result<bool> UpdateStaff(int64_t authorisation_id, std::string_view email_key,
                                   const StaffEntry& entry) = 0;
  virtual Result<bool> RemoveStaff(int64_t authorisation_id, std::string_view email_key) = 0;

  // Every listing whose e-mail key equals `email_key`, whatever its standing.
  virtual Result<std::vector<Listing>> ListingsFor(std::string_view email_key) = 0;

  // The audit log, in the same unit of work: a change and its entry commit together.
  virtual audit::Repository& Audit() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::registry
