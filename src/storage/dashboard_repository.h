// dashboard::Repository on SQL (both dialects): the recruitment funnel counted from what the
// organisation did (participant_events), its contact threads, and its offers.
#pragma once

#include "core/clock.h"
#include "dashboard/dashboard.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlDashboardRepository final : public dashboard::Repository {
 public:
  SqlDashboardRepository(Connection& c, const Clock&) : c_(c) {}

  Result<dashboard::Counts> OrganisationFunnel(std::string_view oid) override;
  Result<std::vector<dashboard::OpportunityFunnel>> OpportunityFunnels(
      std::string_view oid) override;

 private:
  Connection& c_;
};

using SqlDashboardStore = SqlStore<dashboard::Repository, SqlDashboardRepository>;

}  // namespace pass::storage
