// Keeps a search Index current: loads every visible profile at start, then follows the store's
// change feed (one row per changed, hidden or erased profile), so a change shows in results
// within a second. The Source is the store's side (storage/search_source.h on SQL).
//
// Thread-safe: Start() runs one background thread; CatchUp() may be called from any thread
// (tests, the readiness check) and is serialised with it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "search/index.h"

namespace pass::search {

struct FeedEntry {
  int64_t seq = 0;
  std::string reference;
};

class Source {
 public:
  virtual ~Source() = default;
  // Calls `each` for every profile with visibility on and not hidden. Returns the feed's last
  // sequence number as it was before the scan began.
  virtual Result<int64_t> LoadVisible(
      const std::function<void(participants::Participant&&)>& each) = 0;
  // Feed rows with `from` <= seq <= `to`, in seq order, at most `limit`.
  virtual Result<std::vector<FeedEntry>> Changes(int64_t from, int64_t to, int limit) = 0;
  // The profile as stored now, or a change without profile when it is gone.
  virtual Result<Change> Current(const std::string& reference) = 0;
};

struct LoadReport {
  size_t profiles = 0;
  std::chrono::milliseconds took{0};
  size_t memory_bytes = 0;
};

class Follower {
 public:
  struct Options {
    std::chrono::milliseconds poll{200};
    // How long a gap in the sequence numbers is watched: a transaction that took a number and
    // commits after a later one fills it then (PostgreSQL); a rolled-back one never does.
    std::chrono::milliseconds late_commit_window{10000};
    int batch = 1000;
  };
  Follower(Index& index, Source& source, const Clock& clock, Options options);
  ~Follower();  // stops the thread
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // Fills the index from the store (once, before serving).
  Result<LoadReport> Load();
  // Applies every feed row written so far; returns how many profiles it looked at again.
  Result<size_t> CatchUp();
  // Polls in the background; errors are logged and retried on the next poll.
  void Start();
  void Stop();
  bool loaded() const { return loaded_.load(); }

 private:
  Index& index_;
  Source& source_;
  const Clock& clock_;
  Options options_;
  std::mutex mu_;  // one catch-up at a time; guards last_seq_ and gaps_
  int64_t last_seq_ = 0;
  std::map<int64_t, Timestamp> gaps_;  // sequence numbers skipped, and when first noticed
  std::atomic<bool> loaded_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pass::search
