// participants::Repository on SQL (both dialects): profiles with their child rows, the account
// around them (consent, CV particulars, events, retention), erasure, and the change feed; the
// audit log and outbox on the same connection. Profile reads and writes are in
// participant_repository.cc, the account side in participant_account_repository.cc.
#pragma once

#include "core/clock.h"
#include "participants/participant.h"
#include "storage/audit_repository.h"
#include "storage/outbox_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlParticipantRepository final : public participants::Repository {
 public:
  SqlParticipantRepository(Connection& c, const Clock& clock)
      : c_(c), clock_(clock), audit_(c), outbox_(c, clock) {}
  Result<int64_t> Save(const participants::Participant& p) override;
  Result<std::optional<participants::Participant>> FindByReference(
      const std::string& reference) override;
  Result<int64_t> Count() override;

  Result<std::optional<participants::Summary>> FindSummaryBySub(const std::string& sub) override;
  Result<std::optional<participants::Account>> FindAccountBySub(const std::string& sub) override;
  Result<std::optional<participants::Account>> FindAccountByReference(
      const std::string& reference) override;
  Result<void> SetConsent(int64_t id, int version, Timestamp at, bool registering) override;
  Result<void> Touch(int64_t id, const std::string& reference, Date day) override;
  Result<void> SetHidden(int64_t id, const std::string& reference, Timestamp at) override;
  Result<void> SetCv(int64_t id, const std::optional<participants::Cv>& cv) override;
  Result<void> RecordEvent(int64_t id, const participants::ProfileEvent& event) override;
  Result<std::vector<participants::ProfileEvent>> Events(int64_t id) override;
  Result<void> Erase(const participants::Participant& p, const std::string& pseudonym,
                     Timestamp at) override;
  Result<std::vector<participants::Account>> InactiveSince(Date before, int limit) override;
  Result<std::vector<participants::Account>> HiddenBefore(Timestamp hidden_before,
                                                          int limit) override;

  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

 private:
  // The account whose participants row matches `where` ("reference = $1", ...).
  Result<std::optional<participants::Account>> LoadAccount(std::string_view where,
                                                           const Value& key);
  Result<std::vector<participants::Account>> LoadAccounts(std::string_view where,
                                                          std::initializer_list<Value> params);
  Result<void> AppendChange(const std::string& reference, Timestamp at);

  Connection& c_;
  const Clock& clock_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
};

using SqlParticipantStore = SqlStore<participants::Repository, SqlParticipantRepository>;

}  // namespace pass::storage
