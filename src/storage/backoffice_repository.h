// backoffice::Repository on SQL (both dialects): roles, nominations, uploads and the sign-in
// records of listed staff, with the registry, audit log and outbox on the same connection.
#pragma once

#include "backoffice/backoffice.h"
#include "core/clock.h"
#include "storage/audit_repository.h"
#include "storage/outbox_repository.h"
#include "storage/registry_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlBackofficeRepository final : public backoffice::Repository {
 public:
  SqlBackofficeRepository(Connection& c, const Clock& clock)
      : c_(c), registry_(c, clock), audit_(c), outbox_(c, clock) {}

  registry::Repository& Registry() override { return registry_; }
  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

  Result<std::vector<backoffice::Role>> RolesFor(std::string_view email_key) override;
  Result<std::vector<backoffice::Role>> AllRoles() override;
  Result<bool> InsertRole(const backoffice::Role& role) override;
  Result<std::optional<backoffice::Role>> DeleteRole(int64_t id) override;
  Result<std::optional<backoffice::Role>> FindRole(std::string_view email_key,
                                                   backoffice::RoleKind kind,
                                                   std::string_view country,
                                                   std::string_view programme) override;

  Result<std::vector<backoffice::SignInRecord>> PeopleWithEmails(
      const std::vector<std::string>& email_keys, Timestamp now) override;
  Result<int64_t> EndSessionsOf(int64_t person_id) override;

  Result<int64_t> InsertNomination(const backoffice::Nomination& nomination) override;
  Result<std::optional<backoffice::Nomination>> FindNomination(int64_t id) override;
  Result<std::vector<backoffice::Nomination>> NominationsOf(std::string_view oid) override;
  Result<std::vector<backoffice::Nomination>> NominationsInState(
      backoffice::NominationState state) override;
  Result<std::vector<backoffice::Nomination>> NominationsToConfirm(
      std::string_view confirm_hash) override;
  Result<void> UpdateNomination(const backoffice::Nomination& nomination) override;

  Result<void> SaveUpload(const backoffice::Upload& upload) override;
  Result<std::optional<backoffice::Upload>> FindUpload(std::string_view token_hash) override;
  Result<void> DeleteUpload(std::string_view token_hash) override;
  Result<int64_t> DeleteUploadsBefore(Timestamp before) override;

 private:
  Result<std::vector<backoffice::Nomination>> SelectNominations(std::string_view where,
                                                                const Value& key);
  Result<std::vector<backoffice::Role>> SelectRoles(std::string_view where,
                                                    std::span<const Value> params);
  Connection& c_;
  SqlRegistryRepository registry_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
};

using SqlBackofficeStore = SqlStore<backoffice::Repository, SqlBackofficeRepository>;

}  // namespace pass::storage
