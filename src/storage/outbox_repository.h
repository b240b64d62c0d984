// mail::Repository on SQL (both dialects). Other SQL repositories hold one on their own
// connection and hand it out as mail::Outbox&, so a change and its mail share one transaction.
#pragma once

#include "core/clock.h"
#include "mail/mail.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlOutboxRepository final : public mail::Repository {
 public:
  SqlOutboxRepository(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}

  Result<void> Enqueue(const mail::Message& m) override;
  // PostgreSQL: the rows are picked FOR UPDATE SKIP LOCKED, so concurrent claims on several nodes
  // never return the same message. SQLite: the write transaction (BEGIN IMMEDIATE) serialises
  // claims anyway.
  Result<std::vector<mail::Queued>> Claim(Timestamp now, Timestamp claim_until, int limit) override;
  Result<void> MarkSent(int64_t id, Timestamp at) override;
  Result<void> MarkFailed(int64_t id, std::string error, Timestamp next_attempt_at) override;
  Result<std::vector<mail::Queued>> Recent(int limit, int offset) override;
  Result<int64_t> CountUnsent() override;

 private:
  Connection& c_;
  const Clock& clock_;
};

using SqlOutboxStore = SqlStore<mail::Repository, SqlOutboxRepository>;

}  // namespace pass::storage
