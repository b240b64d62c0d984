// search::SavedRepository on SQL (both dialects): saved searches, the people each already showed,
// and the audit log and outbox on the same connection.
#pragma once

#include "search/saved.h"
#include "storage/audit_repository.h"
#include "storage/outbox_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlSavedSearchRepository final : public search::SavedRepository {
 public:
  SqlSavedSearchRepository(Connection& c, const Clock& clock)
      : c_(c), audit_(c), outbox_(c, clock) {}
  Result<int64_t> Insert(const search::SavedSearch& s) override;
  Result<std::optional<search::SavedSearch>> Find(int64_t id) override;
  Result<std::vector<search::SavedSearch>> OfOwner(const std::string& oid,
                                                   int64_t person_id) override;
  Result<void> Delete(int64_t id) override;
  Result<void> SetAlert(int64_t id, bool alert) override;
  Result<std::vector<search::SavedSearch>> Alerting() override;
  Result<std::vector<std::string>> Seen(int64_t id) override;
  Result<void> ReplaceSeen(int64_t id, const std::vector<std::string>& references) override;
  Result<void> MarkAlerted(int64_t id, Timestamp at) override;
  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

 private:
  Result<std::vector<search::SavedSearch>> Load(std::string_view where,
                                                std::initializer_list<Value> params);
  Connection& c_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
};

using SqlSavedSearchStore = SqlStore<search::SavedRepository, SqlSavedSearchRepository>;

}  // namespace pass::storage
