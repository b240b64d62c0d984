// access::Repository (people) and sessions::Repository on SQL.
#pragma once

#include "access/access.h"
#include "core/clock.h"
#include "sessions/sessions.h"
#include "storage/audit_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlPeopleRepository final : public access::Repository {
 public:
  SqlPeopleRepository(Connection& c, const Clock& /*clock*/) : c_(c), audit_(c) {}
  Result<access::Person> SaveSignIn(const access::Identity& identity, Timestamp now) override;
  Result<std::optional<access::Person>> FindPerson(int64_t id) override;
  audit::Repository& Audit() override { return audit_; }

 private:
  Connection& c_;
  SqlAuditRepository audit_;
};

using SqlPeopleStore = SqlStore<access::Repository, SqlPeopleRepository>;

class SqlSessionRepository final : public sessions::Repository {
 public:
  SqlSessionRepository(Connection& c, const Clock& /*clock*/) : c_(c) {}
  Result<void> Insert(const sessions::Session& session) override;
  Result<std::optional<sessions::Session>> Find(std::string_view id_hash) override;
  Result<void> Touch(std::string_view id_hash, Timestamp at) override;
  Result<void> Delete(std::string_view id_hash) override;
  Result<int64_t> DeleteExpired(Timestamp now, Timestamp idle_before) override;
  Result<void> InsertPending(const sessions::PendingLogin& login) override;
  Result<std::optional<sessions::PendingLogin>> TakePending(std::string_view state_hash) override;
  Result<int64_t> DeletePendingBefore(Timestamp before) override;

 private:
  Connection& c_;
};

using SqlSessionStore = SqlStore<sessions::Repository, SqlSessionRepository>;

}  // namespace pass::storage
