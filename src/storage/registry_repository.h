// registry::Repository on SQL (both dialects).
#pragma once

#include "core/clock.h"
#include "registry/registry.h"
#include "storage/audit_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlRegistryRepository final : public registry::Repository {
 public:
  SqlRegistryRepository(Connection& c, const Clock& clock) : c_(c), clock_(clock), audit_(c) {}

  Result<std::optional<registry::Organisation>> FindOrganisation(std::string_view oid) override;
  Result<void> SaveOrganisation(const registry::Organisation& organisation) override;
  Result<std::optional<registry::Authorisation>> FindAuthorisation(
      std::string_view reference) override;
  Result<std::vector<registry::Authorisation>> AuthorisationsOf(std::string_view oid) override;
  Result<int64_t> SaveAuthorisation(const registry::Authorisation& authorisation) override;
  Result<void> ReplaceStaff(int64_t authorisation_id, registry::StaffSource source,
                            const std::vector<registry::StaffEntry>& staff) override;
  Result<std::optional<registry::Authorisation>> FindAuthorisationById(int64_t id) override;
  Result<void> RenameAuthorisation(int64_t id, std::string_view reference) override;
  Result<std::vector<registry::OrganisationRecord>> SearchOrganisations(
      const registry::OrganisationQuery& query) override;
  Result<bool> AddStaff(int64_t authorisation_id, const registry::StaffEntry& entry) override;
  Result<bool> UpdateStaff(int64_t authorisation_id, std::string_view email_key,
                           const registry::StaffEntry& entry) override;
  Result<bool> RemoveStaff(int64_t authorisation_id, std::string_view email_key) override;
  Result<std::vector<registry::Listing>> ListingsFor(std::string_view email_key) override;
  audit::Repository& Audit() override { return audit_; }

 private:
  Result<std::vector<registry::StaffEntry>> StaffOf(int64_t authorisation_id);
  Connection& c_;
  const Clock& clock_;
  SqlAuditRepository audit_;
};

using SqlRegistryStore = SqlStore<registry::Repository, SqlRegistryRepository>;

}  // namespace pass::storage
