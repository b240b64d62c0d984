// An in-memory mail outbox for tests: FakeOutbox is a mail::Repository with the SQL one's
// semantics (claims, attempts, newest first), FakeOutboxStore a mail::Store over it. Domain tests
// can hand FakeOutbox out as the mail::Outbox& of their fake repository and read messages().
// Link pass_mail. Not thread-safe.
#pragma once

#include <algorithm>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "mail/mail.h"

namespace pass::testing {

class FakeOutbox final : public mail::Repository {
 public:
  explicit FakeOutbox(const Clock& clock) : clock_(clock) {}

  Result<void> Enqueue(const mail::Message& m) override {
    Row row;
    row.q.id = static_cast<int64_t>(rows_.size()) + 1;
    row.q.message = m;
    row.q.created_at = clock_.Now();
    row.q.next_attempt_at = row.q.created_at;
    rows_.push_back(std::move(row));
    return {};
  }

  Result<std::vector<mail::Queued>> Claim(Timestamp now, Timestamp claim_until,
                                          int limit) override {
    std::vector<Row*> due;
    for (Row& r : rows_) {
      if (!r.q.sent_at && r.q.next_attempt_at <= now && r.claimed_until <= now) due.push_back(&r);
    }
    std::sort(due.begin(), due.end(), [](const Row* a, const Row* b) {
      return std::tie(a->q.next_attempt_at, a->q.id) < std::tie(b->q.next_attempt_at, b->q.id);
    });
    if (due.size() > static_cast<size_t>(std::max(limit, 0))) due.resize(std::max(limit, 0));
    std::vector<mail::Queued> out;
    for (Row* r : due) {
      r->claimed_until = claim_until;
      out.push_back(r->q);
    }
    return out;
  }

  Result<void> MarkSent(int64_t id, Timestamp at) override {
    Row* r = Find(id);
    if (r == nullptr) return Fail(Internal("no such message"));
    r->q.sent_at = at;
    ++r->q.attempts;
    r->q.last_error.clear();
    r->claimed_until = {};
    return {};
  }

  Result<void> MarkFailed(int64_t id, std::string error, Timestamp next_attempt_at) override {
    Row* r = Find(id);
    if (r == nullptr) return Fail(Internal("no such message"));
    if (r->q.sent_at) return {};
    ++r->q.attempts;
    r->q.last_error = std::move(error);
    r->q.next_attempt_at = next_attempt_at;
    r->claimed_until = {};
    return {};
  }

  Result<std::vector<mail::Queued>> Recent(int limit, int offset) override {
    std::vector<mail::Queued> out;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) out.push_back(it->q);
    std::stable_sort(out.begin(), out.end(), [](const mail::Queued& a, const mail::Queued& b) {
      return a.created_at > b.created_at;
    });
    const auto from = std::min(out.size(), static_cast<size_t>(std::max(offset, 0)));
    const auto to = std::min(out.size(), from + static_cast<size_t>(std::max(limit, 0)));
    return std::vector<mail::Queued>(out.begin() + from, out.begin() + to);
  }

  Result<int64_t> CountUnsent() override {
    return static_cast<int64_t>(
        std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return !r.q.sent_at; }));
  }

  // Every message, in the order enqueued.
  std::vector<mail::Queued> messages() const {
    std::vector<mail::Queued> out;
    for (const Row& r : rows_) out.push_back(r.q);
    return out;
  }

 private:
  struct Row {
    mail::Queued q;
    Timestamp claimed_until;
  };
  Row* Find(int64_t id) {
    for (Row& r : rows_) {
      if (r.q.id == id) return &r;
    }
    return nullptr;
  }
  const Clock& clock_;
  std::vector<Row> rows_;
};

// Runs every unit of work directly on the fake: no transactions, so no rollback either.
class FakeOutboxStore final : public mail::Store {
 public:
  explicit FakeOutboxStore(FakeOutbox& outbox) : outbox_(outbox) {}
  Result<void> Read(const Work& work) override { return work(outbox_); }
  Result<void> Write(const Work& work) override { return work(outbox_); }

 private:
  FakeOutbox& outbox_;
};

}  // namespace pass::testing
