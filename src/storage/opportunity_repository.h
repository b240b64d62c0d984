// opportunities::Repository on SQL (both dialects).
#pragma once

#include "core/clock.h"
#include "opportunities/opportunity.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlOpportunityRepository final : public opportunities::Repository {
 public:
  SqlOpportunityRepository(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}
  Result<int64_t> Save(const opportunities::Opportunity& o) override;
  Result<std::optional<opportunities::Opportunity>> Find(int64_t id) override;
  Result<std::vector<opportunities::Opportunity>> OfOrganisation(std::string_view oid) override;

 private:
  Result<std::vector<opportunities::Opportunity>> Load(std::string_view where, const Value& param);
  Connection& c_;
  const Clock& clock_;
};

using SqlOpportunityStore = SqlStore<opportunities::Repository, SqlOpportunityRepository>;

}  // namespace pass::storage
