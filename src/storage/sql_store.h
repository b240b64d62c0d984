// Store<Repository> on SQL: Read() lends a pooled connection, Write() wraps the unit of work in
// a transaction. SqlRepository is the module's SQL implementation, built on that connection.
#pragma once

#include "core/clock.h"
#include "core/store.h"
#include "storage/sql.h"

namespace pass::storage {

template <typename Repository, typename SqlRepository>
class SqlStore final : public pass::Store<Repository> {
 public:
  using Work = typename pass::Store<Repository>::Work;
  SqlStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<void> Read(const Work& work) override {
    return db_.With([&](Connection& c) {
      SqlRepository repository(c, clock_);
      return work(repository);
    });
  }

  Result<void> Write(const Work& work) override {
    return db_.Transaction([&](Connection& c) {
      SqlRepository repository(c, clock_);
      return work(repository);
    });
  }

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace pass::storage
