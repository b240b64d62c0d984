#include "storage/outbox_repository.h"

#include <algorithm>
#include <tuple>

namespace pass::storage {

using mail::Queued;

namespace {

constexpr std::string_view kColumns =
    "id, recipient, recipient_name, subject, body, lang, created_at, attempts, next_attempt_at, "
    "sent_at, last_error";
constexpr std::string_view kQualifiedColumns =
    "outbox.id, outbox.recipient, outbox.recipient_name, outbox.subject, outbox.body, "
    "outbox.lang, outbox.created_at, outbox.attempts, outbox.next_attempt_at, outbox.sent_at, "
    "outbox.last_error";

Queued QueuedFrom(const Row& r) {
  Queued q;
  q.id = r.Int(0);
  q.message.to = r.Text(1);
  q.message.to_name = r.Text(2);
  q.message.subject = r.Text(3);
  q.message.body = r.Text(4);
  q.message.lang = r.Text(5);
  q.created_at = FromUnixMillis(r.Int(6));
  q.attempts = static_cast<int>(r.Int(7));
  q.next_attempt_at = FromUnixMillis(r.Int(8));
  if (const auto sent = r.OptInt(9)) q.sent_at = FromUnixMillis(*sent);
  q.last_error = r.Text(10);
  return q;
}

}  // namespace

Result<void> SqlOutboxRepository::Enqueue(const mail::Message& m) {
  const int64_t now = UnixMillis(clock_.Now());
  PASS_TRY(r, c_.Execute("INSERT INTO outbox (recipient, recipient_name, subject, body, lang, "
                         "created_at, attempts, next_attempt_at, claimed_until, last_error) "
                         "VALUES ($1, $2, $3, $4, $5, $6, 0, $6, 0, '')",
                         {m.to, m.to_name, m.subject, m.body, m.lang, now}));
  return {};
}

Result<std::vector<Queued>> SqlOutboxRepository::Claim(Timestamp now, Timestamp claim_until,
                                                       int limit) {
  // One statement picks and marks the rows, so no other claim can slip in between.
  // PostgreSQL: the CTE runs once and locks what it picks; SKIP LOCKED passes over rows another
  // claim is taking, and a row another claim took and committed meanwhile is checked again
  // against the conditions before it is locked, so it drops out. (The same subquery inside
  // "id IN (...)" may be run more than once by the planner, and then the LIMIT does not hold.)
  // SQLite: BEGIN IMMEDIATE has already made this transaction the only writer.
  constexpr std::string_view kDue =
      "SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 "
      "AND claimed_until <= $1 ORDER BY next_attempt_at, id LIMIT $3";
  std::string sql;
  if (c_.dialect() == Dialect::kPostgres) {
    sql = "WITH due AS (" + std::string(kDue) +
          " FOR UPDATE SKIP LOCKED) UPDATE outbox SET claimed_until = $2 FROM due "
          "WHERE outbox.id = due.id RETURNING " +
          std::string(kQualifiedColumns);
  } else {
    sql = "UPDATE outbox SET claimed_until = $2 WHERE id IN (" + std::string(kDue) +
          ") RETURNING " + std::string(kColumns);
  }
  std::vector<Queued> out;
  const RowCallback collect = [&out](const Row& r) { out.push_back(QueuedFrom(r)); };
  const Value params[] = {UnixMillis(now), UnixMillis(claim_until), int64_t{std::max(limit, 0)}};
  PASS_TRY(r, c_.Run(sql, params, &collect));
  // RETURNING promises no order.
  std::sort(out.begin(), out.end(), [](const Queued& a, const Queued& b) {
    return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
  });
  return out;
}

Result<void> SqlOutboxRepository::MarkSent(int64_t id, Timestamp at) {
  PASS_TRY(changed, c_.Execute("UPDATE outbox SET sent_at = $2, attempts = attempts + 1, "
                               "claimed_until = 0, last_error = '' WHERE id = $1",
                               {id, UnixMillis(at)}));
  if (*changed == 0) return Fail(Internal("outbox message " + std::to_string(id) + " not found"));
  return {};
}

Result<void> SqlOutboxRepository::MarkFailed(int64_t id, std::string error,
                                             Timestamp next_attempt_at) {
  // A node whose claim ran out may report a failure after another node sent the message: the
  // message stays sent.
  PASS_TRY(changed, c_.Execute("UPDATE outbox SET attempts = attempts + 1, last_error = $2, "
                               "next_attempt_at = $3, claimed_until = 0 "
                               "WHERE id = $1 AND sent_at IS NULL",
                               {id, std::move(error), UnixMillis(next_attempt_at)}));
  if (*changed == 0) {
    PASS_TRY(row, c_.QueryOne("SELECT 1 FROM outbox WHERE id = $1", {id}));
    if (!*row) return Fail(Internal("outbox message " + std::to_string(id) + " not found"));
  }
  return {};
}

Result<std::vector<Queued>> SqlOutboxRepository::Recent(int limit, int offset) {
  std::vector<Queued> out;
  const RowCallback collect = [&out](const Row& r) { out.push_back(QueuedFrom(r)); };
  const Value params[] = {int64_t{std::max(limit, 0)}, int64_t{std::max(offset, 0)}};
  PASS_TRY(r, c_.Run("SELECT " + std::string(kColumns) +
                         " FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
                     params, &collect));
  return out;
}

Result<int64_t> SqlOutboxRepository::CountUnsent() {
  PASS_TRY(row, c_.QueryOne("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"));
  return (*row)->Int(0);
}

}  // namespace pass::storage
