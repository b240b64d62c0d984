// The outbox repository contract on SQLite and PostgreSQL: enqueue, claims that keep other nodes
// off until they run out, sent and failed, the administrators' list and count, concurrent claims
// from several connections, and mail that commits or rolls back with the change that caused it.
#include "storage/outbox_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::mail {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class OutboxRepositoryTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP() << "no " << testing::DialectName(GetParam()) << " database";
    store_ = std::make_unique<storage::SqlOutboxStore>(db_->db(), clock_);
  }

  static Message Mail(int n, std::string lang = "en") {
    return {"p" + std::to_string(n) + "@example.eu", "Person " + std::to_string(n),
            "Subject " + std::to_string(n), "Body " + std::to_string(n) + "\nÅäö <&>",
            std::move(lang)};
  }

  void Enqueue(const Message& m) {
    auto r = store_->Write([&](Repository& repo) { return repo.Enqueue(m); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  std::vector<Queued> Claim(Timestamp now, Timestamp until, int limit) {
    auto r = store_->WriteValue([&](Repository& repo) { return repo.Claim(now, until, limit); });
    EXPECT_TRUE(r.has_value()) << r.error().detail;
    return r.value_or(std::vector<Queued>{});
  }

  std::vector<Queued> Recent(int limit = 100, int offset = 0) {
    auto r = store_->ReadValue([&](Repository& repo) { return repo.Recent(limit, offset); });
    EXPECT_TRUE(r.has_value()) << r.error().detail;
    return r.value_or(std::vector<Queued>{});
  }

  int64_t Unsent() {
    auto r = store_->ReadValue([](Repository& repo) { return repo.CountUnsent(); });
    EXPECT_TRUE(r.has_value()) << r.error().detail;
    return r.value_or(-1);
  }

  static std::vector<int64_t> Ids(const std::vector<Queued>& queued) {
    std::vector<int64_t> out;
    for (const Queued& q : queued) out.push_back(q.id);
    return out;
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlOutboxStore> store_;
};

TEST_P(OutboxRepositoryTest, EnqueuedMailIsKeptAsWritten) {
  const Timestamp t0 = clock_.Now();
  Enqueue(Mail(1, "sv"));
  const auto all = Recent();
  ASSERT_EQ(all.size(), 1u);
  const Queued& q = all[0];
  EXPECT_GT(q.id, 0);
  EXPECT_EQ(q.message, Mail(1, "sv"));
  EXPECT_EQ(q.created_at, t0);
  EXPECT_EQ(q.next_attempt_at, t0);
  EXPECT_EQ(q.attempts, 0);
  EXPECT_FALSE(q.sent_at.has_value());
  EXPECT_EQ(q.last_error, "");
  EXPECT_FALSE(q.gave_up());
  EXPECT_EQ(Unsent(), 1);
}

TEST_P(OutboxRepositoryTest, AClaimKeepsOthersOffUntilItRunsOut) {
  const Timestamp t0 = clock_.Now();
  Enqueue(Mail(1));
  clock_.Advance(seconds(1));
  Enqueue(Mail(2));
  clock_.Advance(seconds(1));
  Enqueue(Mail(3));

  // Only what is due: at t0 only the first.
  EXPECT_EQ(Ids(Claim(t0, t0 + minutes(2), 10)).size(), 1u);
  const auto second = Claim(clock_.Now(), clock_.Now() + minutes(2), 10);
  ASSERT_EQ(second.size(), 2u);  // the first is held
  EXPECT_EQ(second[0].message, Mail(2));
  EXPECT_EQ(second[1].message, Mail(3));

  // Before the claims run out, nobody gets anything.
  EXPECT_TRUE(Claim(t0 + seconds(119), t0 + minutes(5), 10).empty());
  // Once the first claim has run out (at t0 + 2 min), its message is claimable again, the
  // others (claimed at t0 + 2 s) not yet.
  const auto again = Claim(t0 + minutes(2), t0 + minutes(4), 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message, Mail(1));
  const auto rest = Claim(t0 + minutes(2) + seconds(2), t0 + minutes(4), 10);
  EXPECT_EQ(rest.size(), 2u);
}

TEST_P(OutboxRepositoryTest, AClaimTakesAtMostTheLimitOldestFirst) {
  for (int i = 1; i <= 5; ++i) {
    Enqueue(Mail(i));
    clock_.Advance(seconds(1));
  }
  const Timestamp now = clock_.Now();
  const auto first = Claim(now, now + minutes(2), 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].message, Mail(1));
  EXPECT_EQ(first[1].message, Mail(2));
  EXPECT_EQ(Claim(now, now + minutes(2), 2).size(), 2u);
  EXPECT_EQ(Claim(now, now + minutes(2), 2).size(), 1u);
  EXPECT_TRUE(Claim(now, now + minutes(2), 2).empty());
}

TEST_P(OutboxRepositoryTest, SentMailIsNeverClaimedAgain) {
  Enqueue(Mail(1));
  const Timestamp now = clock_.Now();
  const auto claimed = Claim(now, now + minutes(2), 10);
  ASSERT_EQ(claimed.size(), 1u);
  const Timestamp at = now + seconds(3);
  ASSERT_TRUE(store_->Write([&](Repository& r) { return r.MarkSent(claimed[0].id, at); }));
  EXPECT_EQ(Unsent(), 0);
  const Queued q = Recent()[0];
  ASSERT_TRUE(q.sent_at.has_value());
  EXPECT_EQ(*q.sent_at, at);
  EXPECT_EQ(q.attempts, 1);
  EXPECT_TRUE(Claim(now + std::chrono::hours(24), now + std::chrono::hours(25), 10).empty());
  // A late failure report from a node whose claim had run out does not unsend it.
  ASSERT_TRUE(store_->Write(
      [&](Repository& r) { return r.MarkFailed(claimed[0].id, "late", now + minutes(1)); }));
  EXPECT_TRUE(Recent()[0].sent_at.has_value());
  EXPECT_EQ(Recent()[0].last_error, "");
}

TEST_P(OutboxRepositoryTest, AFailureReleasesTheClaimUntilTheNextAttempt) {
  Enqueue(Mail(1));
  const Timestamp now = clock_.Now();
  const auto claimed = Claim(now, now + minutes(2), 10);
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_TRUE(store_->Write([&](Repository& r) {
    return r.MarkFailed(claimed[0].id, "smtp 127.0.0.1:25: Couldn't connect to server",
                        now + minutes(1));
  }));
  Queued q = Recent()[0];
  EXPECT_EQ(q.attempts, 1);
  EXPECT_EQ(q.last_error, "smtp 127.0.0.1:25: Couldn't connect to server");
  EXPECT_EQ(q.next_attempt_at, now + minutes(1));
  EXPECT_FALSE(q.sent_at.has_value());
  EXPECT_EQ(Unsent(), 1);
  EXPECT_TRUE(Claim(now + seconds(59), now + minutes(3), 10).empty());
  // Due at the next attempt although the original claim would still have run: it was released.
  EXPECT_EQ(Claim(now + minutes(1), now + minutes(3), 10).size(), 1u);
}

TEST_P(OutboxRepositoryTest, MailGivenUpOnStaysUnsentAndUnclaimed) {
  Enqueue(Mail(1));
  const Timestamp now = clock_.Now();
  const auto claimed = Claim(now, now + minutes(2), 10);
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_TRUE(
      store_->Write([&](Repository& r) { return r.MarkFailed(claimed[0].id, "bad", kNever); }));
  const Queued q = Recent()[0];
  EXPECT_TRUE(q.gave_up());
  EXPECT_EQ(q.next_attempt_at, kNever);
  EXPECT_EQ(Unsent(), 1);
  EXPECT_TRUE(
      Claim(now + std::chrono::hours(24 * 365 * 100), now + std::chrono::hours(24 * 365 * 101), 10)
          .empty());
}

TEST_P(OutboxRepositoryTest, MarkingAnUnknownMessageFails) {
  EXPECT_FALSE(store_->Write([&](Repository& r) { return r.MarkSent(999, clock_.Now()); }));
  EXPECT_FALSE(store_->Write([&](Repository& r) { return r.MarkFailed(999, "x", clock_.Now()); }));
}

TEST_P(OutboxRepositoryTest, RecentIsNewestFirstAndPages) {
  for (int i = 1; i <= 5; ++i) {
    Enqueue(Mail(i));
    clock_.Advance(seconds(1));
  }
  const auto page1 = Recent(2, 0);
  const auto page3 = Recent(2, 4);
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].message, Mail(5));
  EXPECT_EQ(page1[1].message, Mail(4));
  ASSERT_EQ(page3.size(), 1u);
  EXPECT_EQ(page3[0].message, Mail(1));
  EXPECT_EQ(Recent(2, 10).size(), 0u);
  EXPECT_EQ(Unsent(), 5);
}

TEST_P(OutboxRepositoryTest, MailCommitsAndRollsBackWithItsChange) {
  auto failed = store_->Write([&](Repository& r) -> Result<void> {
    if (auto e = r.Enqueue(Mail(1)); !e) return e;
    return Fail(Conflict(pass::Message("error.database.duplicate")));  // the change fails
  });
  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(Unsent(), 0);
  Enqueue(Mail(2));
  EXPECT_EQ(Unsent(), 1);
}

// Several nodes, here several connections on threads, claim from one table at once: every
// message is claimed exactly once.
TEST_P(OutboxRepositoryTest, ConcurrentClaimsNeverShareAMessage) {
  constexpr int kMessages = 150;
  for (int i = 0; i < kMessages; ++i) Enqueue(Mail(i));
  const Timestamp now = clock_.Now();
  std::mutex mu;
  std::vector<int64_t> claimed;
  std::vector<std::string> errors;
  std::vector<std::thread> nodes;
  for (int node = 0; node < 6; ++node) {
    nodes.emplace_back([&] {
      storage::SqlOutboxStore store(db_->db(), clock_);
      for (int round = 0; round < 40; ++round) {
        auto r = store.WriteValue(
            [&](Repository& repo) { return repo.Claim(now, now + minutes(2), 4); });
        std::lock_guard lock(mu);
        if (!r) {
          errors.push_back(r.error().detail);
          continue;
        }
        for (const Queued& q : *r) claimed.push_back(q.id);
      }
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(std::adjacent_find(claimed.begin(), claimed.end()), claimed.end())
      << "a message was claimed twice";
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kMessages));
}

INSTANTIATE_TEST_SUITE_P(Dialects, OutboxRepositoryTest,
                         ::testing::ValuesIn(testing::TestDialects()), [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::mail
