// participants::Repository on SQL (both dialects).
#pragma once

#include "core/clock.h"
#include "participants/participant.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlParticipantRepository final : public participants::Repository {
 public:
  SqlParticipantRepository(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}
  Result<int64_t> Save(const participants::Participant& p) override;
  Result<std::optional<participants::Participant>> FindByReference(
      const std::string& reference) override;
  Result<int64_t> Count() override;

 private:
  Connection& c_;
  const Clock& clock_;
};

using SqlParticipantStore = SqlStore<participants::Repository, SqlParticipantRepository>;

}  // namespace pass::storage
