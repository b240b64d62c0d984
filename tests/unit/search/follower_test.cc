// Keeping the search index current (issue 7: a change shows in results within a second): the
// Follower loads every visible profile, then follows the store's change feed, including rows
// that commit after a later one (a gap in the sequence numbers, PostgreSQL) and store errors,
// which are retried. The store is a fake here; search_source_test.cc runs the real one.
#include "search/follower.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_clock.h"

namespace pass::search {
namespace {

using participants::Participant;
using Strings = std::vector<std::string>;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

const Date kToday = D(2026, 12, 1);

Participant Person(std::string reference, std::string residence = "SE") {
  Participant p;
  p.reference = std::move(reference);
  p.given_name = "Alex";
  p.birth_date = D(2000, 1, 1);
  p.residence = std::move(residence);
  p.languages = {{"sv", codes::Level::kNative}};
  p.activity_types = {"individual_volunteering"};
  p.destinations = {"any"};
  p.searchable = true;
  p.last_active = kToday;
  return p;
}

// The store's side in memory: profiles, and a feed whose sequence numbers a writer takes first
// and commits later, as PostgreSQL's do. Thread-safe (the follower's thread reads it).
class FakeSource final : public Source {
 public:
  // Saves the profile and commits its feed row; returns the row's number.
  int64_t Save(const Participant& p, bool hidden = false) {
    std::lock_guard lock(mu_);
    profiles_[p.reference] = {p, hidden};
    const int64_t seq = next_seq_++;
    rows_[seq] = p.reference;
    return seq;
  }
  // A writer that took a number and has not committed: its profile and row appear at Commit.
  int64_t Take() {
    std::lock_guard lock(mu_);
    return next_seq_++;
  }
  void Commit(int64_t seq, const Participant& p, bool hidden = false) {
    std::lock_guard lock(mu_);
    profiles_[p.reference] = {p, hidden};
    rows_[seq] = p.reference;
  }
  void Erase(const std::string& reference) {
    std::lock_guard lock(mu_);
    profiles_.erase(reference);
    rows_[next_seq_++] = reference;
  }
  // Appends a feed row without changing the profile (a touch that changed nothing).
  void Row(const std::string& reference) {
    std::lock_guard lock(mu_);
    rows_[next_seq_++] = reference;
  }
  // The next `n` Current calls fail.
  void FailCurrent(int n) {
    std::lock_guard lock(mu_);
    fail_current_ = n;
  }
  // Runs once, inside the next Current for `reference`, after the profile was read: a write
  // that commits while the follower is working.
  void DuringCurrent(std::string reference, std::function<void()> write) {
    std::lock_guard lock(mu_);
    during_reference_ = std::move(reference);
    during_ = std::move(write);
  }
  int CurrentCalls(const std::string& reference) {
    std::lock_guard lock(mu_);
    return current_calls_[reference];
  }
  std::vector<std::pair<int64_t, int64_t>> ChangesCalls() {
    std::lock_guard lock(mu_);
    return changes_calls_;
  }
  void ClearCalls() {
    std::lock_guard lock(mu_);
    changes_calls_.clear();
    current_calls_.clear();
  }

  Result<int64_t> LoadVisible(
      const std::function<void(participants::Participant&&)>& each) override {
    std::map<std::string, Stored> copy;
    int64_t last = 0;
    {
      std::lock_guard lock(mu_);
      copy = profiles_;
      last = rows_.empty() ? 0 : rows_.rbegin()->first;
    }
    for (auto& [reference, s] : copy) {
      if (s.p.searchable && !s.hidden) each(std::move(s.p));
    }
    return last;
  }
  Result<std::vector<FeedEntry>> Changes(int64_t from, int64_t to, int limit) override {
    std::lock_guard lock(mu_);
    changes_calls_.emplace_back(from, to);
    std::vector<FeedEntry> out;
    for (auto it = rows_.lower_bound(from);
         it != rows_.end() && it->first <= to && static_cast<int>(out.size()) < limit; ++it) {
      out.push_back({it->first, it->second});
    }
    return out;
  }
  Result<Change> Current(const std::string& reference) override {
    std::unique_lock lock(mu_);
    ++current_calls_[reference];
    if (fail_current_ > 0) {
      --fail_current_;
      return Fail(Unavailable("error.unavailable", "store down"));
    }
    Change c{reference, std::nullopt, false};
    if (auto it = profiles_.find(reference); it != profiles_.end()) {
      c.profile = it->second.p;
      c.hidden = it->second.hidden;
    }
    if (during_ && reference == during_reference_) {
      auto write = std::move(during_);
      during_ = nullptr;
      lock.unlock();
      write();
    }
    return c;
  }

 private:
  struct Stored {
    Participant p;
    bool hidden = false;
  };
  std::mutex mu_;
  std::map<std::string, Stored> profiles_;
  std::map<int64_t, std::string> rows_;
  int64_t next_seq_ = 1;
  int fail_current_ = 0;
  std::string during_reference_;
  std::function<void()> during_;
  std::map<std::string, int> current_calls_;
  std::vector<std::pair<int64_t, int64_t>> changes_calls_;
};

class FollowerTest : public ::testing::Test {
 protected:
  Strings Found(const Query& q = {}) {
    Query all = q;
    all.limit = kMaxLimit;
    auto r = index_.Search(all, kToday);
    EXPECT_TRUE(r);
    Strings out;
    if (r) {
      for (const auto& h : r->hits) out.push_back(h.reference);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string ResidenceOf(const std::string& reference) {
    Query q;
    q.limit = kMaxLimit;
    auto r = index_.Search(q, kToday);
    for (const auto& h : r->hits) {
      if (h.reference == reference) return h.residence;
    }
    return "";
  }
  Follower::Options Options(int batch = 1000) {
    Follower::Options o;
    o.poll = std::chrono::milliseconds(5);
    o.late_commit_window = std::chrono::seconds(10);
    o.batch = batch;
    return o;
  }
  size_t CatchUp(Follower& f) {
    auto r = f.CatchUp();
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    return r ? *r : 0;
  }

  Index index_;
  FakeSource source_;
  testing::FakeClock clock_;
};

TEST_F(FollowerTest, LoadFillsTheIndexWithVisibleProfiles) {
  source_.Save(Person("a"));
  source_.Save(Person("b"));
  Participant off = Person("not-searchable");
  off.searchable = false;
  source_.Save(off);
  source_.Save(Person("hidden"), true);
  Follower follower(index_, source_, clock_, Options());
  EXPECT_FALSE(follower.loaded());
  auto report = follower.Load();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->profiles, 2u);
  EXPECT_GT(report->memory_bytes, 0u);
  EXPECT_TRUE(follower.loaded());
  EXPECT_EQ(Found(), (Strings{"a", "b"}));
  // Nothing written since: nothing to look at.
  EXPECT_EQ(CatchUp(follower), 0u);
}

TEST_F(FollowerTest, CatchUpAppliesNewFeedRows) {
  source_.Save(Person("a"));
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  source_.Save(Person("b"));
  source_.Save(Person("a", "DE"));
  EXPECT_EQ(CatchUp(follower), 2u);
  EXPECT_EQ(Found(), (Strings{"a", "b"}));
  EXPECT_EQ(ResidenceOf("a"), "DE");
  EXPECT_EQ(CatchUp(follower), 0u);
}

TEST_F(FollowerTest, RemovedHiddenAndInvisibleProfilesDisappear) {
  for (auto r : {"erased", "hidden", "invisible", "stays"}) source_.Save(Person(r));
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  ASSERT_EQ(Found(), (Strings{"erased", "hidden", "invisible", "stays"}));
  source_.Erase("erased");
  source_.Save(Person("hidden"), true);
  Participant invisible = Person("invisible");
  invisible.searchable = false;
  source_.Save(invisible);
  EXPECT_EQ(CatchUp(follower), 3u);
  EXPECT_EQ(Found(), (Strings{"stays"}));
  // And back: visible again.
  source_.Save(Person("hidden"));
  CatchUp(follower);
  EXPECT_EQ(Found(), (Strings{"hidden", "stays"}));
}

TEST_F(FollowerTest, DuplicateReferencesInOneBatchAreLookedAtOnce) {
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  source_.Save(Person("a"));
  source_.Save(Person("b"));
  source_.Row("a");
  source_.Save(Person("a", "FR"));
  EXPECT_EQ(CatchUp(follower), 2u);
  EXPECT_EQ(source_.CurrentCalls("a"), 1);
  EXPECT_EQ(source_.CurrentCalls("b"), 1);
  EXPECT_EQ(ResidenceOf("a"), "FR");
}

TEST_F(FollowerTest, FeedsLongerThanABatchAreReadToTheEnd) {
  Follower follower(index_, source_, clock_, Options(3));
  ASSERT_TRUE(follower.Load());
  for (int i = 0; i < 10; ++i) source_.Save(Person("p" + std::to_string(i)));
  EXPECT_EQ(CatchUp(follower), 10u);
  EXPECT_EQ(Found().size(), 10u);
}

TEST_F(FollowerTest, AChangeDuringCatchUpIsNotLost) {
  // The follower reads "a", then "a" changes again while it works through a later batch.
  Follower follower(index_, source_, clock_, Options(1));
  ASSERT_TRUE(follower.Load());
  source_.Save(Person("a", "SE"));
  source_.Save(Person("b"));
  source_.DuringCurrent("a", [&] { source_.Save(Person("a", "PT")); });
  CatchUp(follower);
  CatchUp(follower);
  EXPECT_EQ(ResidenceOf("a"), "PT");
}

TEST_F(FollowerTest, ALateCommitFillingAGapIsPickedUpLater) {
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  const int64_t late = source_.Take();  // a transaction that took number 1 and is still open
  source_.Save(Person("early"));        // number 2 commits first
  EXPECT_EQ(CatchUp(follower), 1u);
  EXPECT_EQ(Found(), (Strings{"early"}));
  clock_.Advance(std::chrono::seconds(3));
  source_.Commit(late, Person("late"));
  EXPECT_EQ(CatchUp(follower), 1u);
  EXPECT_EQ(Found(), (Strings{"early", "late"}));
  // Filled: no longer watched.
  source_.ClearCalls();
  EXPECT_EQ(CatchUp(follower), 0u);
  for (const auto& [from, to] : source_.ChangesCalls()) EXPECT_GT(from, late);
}

TEST_F(FollowerTest, AGapOlderThanTheLateCommitWindowIsDropped) {
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  const int64_t rolled_back = source_.Take();
  source_.Save(Person("a"));
  CatchUp(follower);
  // Still watched within the window.
  clock_.Advance(std::chrono::seconds(9));
  source_.ClearCalls();
  CatchUp(follower);
  auto calls = source_.ChangesCalls();
  EXPECT_TRUE(std::any_of(calls.begin(), calls.end(),
                          [&](const auto& c) { return c.first <= rolled_back; }));
  // After it, the number is given up: no more reads for it, and a row that appears there now is
  // not applied.
  clock_.Advance(std::chrono::seconds(2));
  source_.ClearCalls();
  CatchUp(follower);
  source_.Commit(rolled_back, Person("too-late"));
  CatchUp(follower);
  calls = source_.ChangesCalls();
  EXPECT_FALSE(calls.empty());
  for (const auto& [from, to] : calls) EXPECT_GT(from, rolled_back);
  EXPECT_EQ(Found(), (Strings{"a"}));
}

TEST_F(FollowerTest, LateCommitsAreFoundBeyondAnEarlierGapThatNeverFills) {
  // Gaps further apart than one batch: the later one is watched as well as the first.
  Follower follower(index_, source_, clock_, Options(2));
  ASSERT_TRUE(follower.Load());
  const int64_t never = source_.Take();
  for (int i = 0; i < 5; ++i) source_.Save(Person("p" + std::to_string(i)));
  const int64_t late = source_.Take();
  source_.Save(Person("last"));
  CatchUp(follower);
  ASSERT_EQ(Found().size(), 6u);
  source_.Commit(late, Person("late"));
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    CatchUp(follower);
  }
  EXPECT_EQ(Found().size(), 7u);
  (void)never;
}

TEST_F(FollowerTest, ANumberTakenBeforeLoadAndCommittedAfterIsPickedUp) {
  source_.Save(Person("a"));
  const int64_t late = source_.Take();
  source_.Save(Person("b"));
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  EXPECT_EQ(Found(), (Strings{"a", "b"}));
  source_.Commit(late, Person("late"));
  clock_.Advance(std::chrono::seconds(1));
  CatchUp(follower);
  EXPECT_EQ(Found(), (Strings{"a", "b", "late"}));
}

TEST_F(FollowerTest, AStoreErrorIsRetriedOnTheNextCatchUp) {
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  source_.Save(Person("a"));
  source_.FailCurrent(1);
  auto failed = follower.CatchUp();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(CatchUp(follower), 1u);
  EXPECT_EQ(Found(), (Strings{"a"}));
}

TEST_F(FollowerTest, AStoreErrorWhileFillingAGapIsRetried) {
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  const int64_t late = source_.Take();
  source_.Save(Person("a"));
  CatchUp(follower);
  source_.Commit(late, Person("late"));
  source_.FailCurrent(1);
  EXPECT_FALSE(follower.CatchUp());
  CatchUp(follower);
  EXPECT_EQ(Found(), (Strings{"a", "late"}));
}

TEST_F(FollowerTest, StartFollowsInTheBackgroundUntilStopped) {
  source_.Save(Person("a"));
  Follower follower(index_, source_, clock_, Options());
  ASSERT_TRUE(follower.Load());
  follower.Start();
  follower.Start();  // a second start does nothing
  source_.Save(Person("b"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Found().size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(Found(), (Strings{"a", "b"}));
  follower.Stop();
  source_.Save(Person("c"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(Found(), (Strings{"a", "b"}));
  // Started again, it goes on where it stopped.
  follower.Start();
  const auto again = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Found().size() < 3 && std::chrono::steady_clock::now() < again) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(Found(), (Strings{"a", "b", "c"}));
}

}  // namespace
}  // namespace pass::search
