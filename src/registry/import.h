// Importing authorisations and their staff lists from the CSV agencies exchange (SPEC F18, issue
// 3):
//   oid, organisation_name, country, kind, reference, issuer, valid_from, valid_to, status,
//   staff_email, staff_name, staff_function
// one row per staff entry, columns in any order; a row with empty staff fields declares an
// authorisation without staff. All or nothing: every bad row is reported and nothing is written.
// Importing the same file again changes nothing; listing a reference again replaces the staff
// list it got from imports (people dropped from it lose access). Every change is audited.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "registry/registry.h"

namespace pass::registry {

inline constexpr const char* kImportColumns[] = {
    "oid",        "organisation_name", "country",  "kind",   "reference",
    "issuer",     "valid_from",        "valid_to", "status", "staff_email",
    "staff_name", "staff_function",    "programme"};
// Columns a file may leave out: `programme` names the associated programme of a programme
// approval (the DG officers' remit) and is required on those rows only.
inline bool IsOptionalImportColumn(std::string_view column) { return column == "programme"; }

// One problem with the file: where it is and what is wrong.
struct ImportProblem {
  int line = 0;        // 0 for the file as a whole
  std::string column;  // empty when the whole row or file is concerned
  Message reason;
};

// What the file asks for, checked: organisations by OID and authorisations (with their imported
// staff) by reference.
struct DesiredState {
  std::map<std::string, Organisation> organisations;
  std::map<std::string, Authorisation> authorisations;
  std::map<std::string, int> lines;  // reference -> the line that first described it
  size_t rows = 0;
};

// Parses and checks the whole file. Problems are appended; the state is only usable when none
// were found.
DesiredState ReadImport(std::string_view csv_text, std::vector<ImportProblem>& problems,
                        const std::function<void(size_t rows)>& progress = {});

// What importing would change, given what the registry holds now.
struct ImportPlan {
  struct OrganisationChange {
    Organisation organisation;
    bool created = false;
  };
  struct AuthorisationChange {
    Authorisation authorisation;  // the desired state, staff included
    bool created = false;
    std::vector<std::string> changed_fields;  // "issuer", "status", ...
    std::vector<StaffEntry> staff_added;
    std::vector<StaffEntry> staff_removed;
    int64_t existing_id = 0;
  };
  std::vector<OrganisationChange> organisations;
  std::vector<AuthorisationChange> authorisations;
  size_t rows = 0;
  size_t unchanged_authorisations = 0;

  bool empty() const { return organisations.empty() && authorisations.empty(); }
  size_t staff_added() const;
  size_t staff_removed() const;
};

struct ImportResult {
  ImportPlan plan;
  std::vector<ImportProblem> problems;  // non-empty: nothing was written
  bool written = false;
};

// Whether the one importing may touch this authorisation (an officer's remit); empty: anything.
using ImportScope = std::function<bool(const Organisation&, const Authorisation&)>;

class Importer {
 public:
  Importer(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Reads, checks, plans and (unless dry_run or problems) applies in one unit of work. An Error
  // is returned only when the store fails; problems with the file are in the result.
  Result<ImportResult> Run(
      std::string_view csv_text, const std::string& actor, const std::string& source_name,
      bool dry_run, const std::function<void(std::string_view stage, size_t done)>& progress = {},
      const ImportScope& scope = {});

 private:
  Store& store_;
  const Clock& clock_;
};

// Operators' status changes (`pass-portal authorisation suspend|revoke|reinstate`).
Result<Authorisation> ChangeStatus(Store& store, const Clock& clock, const std::string& reference,
                                   Status status, const std::string& reason,
                                   const std::string& actor);

}  // namespace pass::registry
