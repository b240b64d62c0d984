// search::Source on SQL (both dialects): the visible profiles in id-ordered chunks for the index
// build at start, the change feed (participant_changes) and the current state of one profile.
// Thread-safe (each call takes its own pooled connection).
#pragma once

#include "core/clock.h"
#include "search/follower.h"
#include "storage/sql.h"

namespace pass::storage {

class SqlSearchSource final : public search::Source {
 public:
  SqlSearchSource(Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  Result<int64_t> LoadVisible(
      const std::function<void(participants::Participant&&)>& each) override;
  Result<std::vector<search::FeedEntry>> Changes(int64_t from, int64_t to, int limit) override;
  Result<search::Change> Current(const std::string& reference) override;

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace pass::storage
