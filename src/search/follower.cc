#include "search/follower.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "core/log.h"

namespace pass::search {

Follower::Follower(Index& index, Source& source, const Clock& clock, Options options)
    : index_(index), source_(source), clock_(clock), options_(options) {}

Follower::~Follower() { Stop(); }

Result<LoadReport> Follower::Load() {
  std::lock_guard lock(mu_);
  const auto started = std::chrono::steady_clock::now();
  LoadReport report;
  std::vector<Change> batch;
  auto flush = [&] {
    index_.Apply(batch);
    batch.clear();
  };
  auto last = source_.LoadVisible([&](participants::Participant&& p) {
    std::string reference = p.reference;
    batch.push_back({std::move(reference), std::move(p), false});
    ++report.profiles;
    if (batch.size() >= 4096) flush();
  });
  if (!last) return Fail(std::move(last.error()));
  flush();
  index_.Compact();
  last_seq_ = *last;
  // A writer that took a number below `last` and had not committed when the scan read the
  // profiles leaves a gap: watched like gaps CatchUp finds, or its change would never be seen.
  if (last_seq_ > 0) {
    const int64_t from = std::max<int64_t>(1, last_seq_ - options_.batch + 1);
    PASS_TRY(rows, source_.Changes(from, last_seq_, options_.batch));
    const Timestamp now = clock_.Now();
    int64_t expected = from;
    for (const auto& row : *rows) {
      for (; expected < row.seq && gaps_.size() < 10'000; ++expected) gaps_.emplace(expected, now);
      expected = row.seq + 1;
    }
  }
  loaded_ = true;
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  report.memory_bytes = index_.MemoryBytes();
  return report;
}

Result<size_t> Follower::CatchUp() {
  std::lock_guard lock(mu_);
  size_t looked_at = 0;
  const Timestamp now = clock_.Now();
  // A reference is looked at once per batch: Current reads after the batch's rows were read, so
  // it is as new as any of them. Not across batches: a later batch may hold a newer change.
  auto apply = [&](const std::vector<FeedEntry>& rows) -> Result<void> {
    std::unordered_set<std::string> seen;
    std::vector<Change> changes;
    for (const auto& row : rows) {
      if (!seen.insert(row.reference).second) continue;
      PASS_TRY(change, source_.Current(row.reference));
      changes.push_back(std::move(*change));
    }
    index_.Apply(changes);
    looked_at += changes.size();
    return {};
  };
  // Gaps first: rows that committed late.
  std::erase_if(gaps_, [&](const auto& g) { return now - g.second > options_.late_commit_window; });
  // A gap is forgotten only once its row was applied, so that a failed Current is retried. The
  // gaps may lie more than a batch apart: read on from the next gap after each batch.
  for (auto next = gaps_.begin(); next != gaps_.end();) {
    PASS_TRY(rows, source_.Changes(next->first, gaps_.rbegin()->first, options_.batch));
    std::vector<FeedEntry> filled;
    for (const auto& row : *rows) {
      if (gaps_.count(row.seq) > 0) filled.push_back(row);
    }
    PASS_TRY(done, apply(filled));
    for (const auto& row : filled) gaps_.erase(row.seq);
    if (static_cast<int>(rows->size()) < options_.batch) break;
    next = gaps_.upper_bound(rows->back().seq);
  }
  // last_seq_ moves on only past rows that were applied, for the same reason.
  for (;;) {
    PASS_TRY(rows,
             source_.Changes(last_seq_ + 1, std::numeric_limits<int64_t>::max(), options_.batch));
    if (rows->empty()) break;
    PASS_TRY(done, apply(*rows));
    int64_t expected = last_seq_ + 1;
    for (const auto& row : *rows) {
      for (; expected < row.seq && gaps_.size() < 10'000; ++expected) gaps_.emplace(expected, now);
      expected = row.seq + 1;
    }
    last_seq_ = rows->back().seq;
    if (static_cast<int>(rows->size()) < options_.batch) break;
  }
  return looked_at;
}

void Follower::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(stop_mu_);
    while (!stop_cv_.wait_for(lock, options_.poll, [this] { return stopping_; })) {
      lock.unlock();
      if (auto r = CatchUp(); !r) {
        log::Warn("search.follow_failed", {{"detail", r.error().detail}});
      }
      lock.lock();
    }
  });
}

void Follower::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace pass::search
