// audit::Repository on SQL; other SQL repositories hand it out so entries share their transaction.
#pragma once

#include "audit/audit.h"
#include "storage/sql.h"

namespace pass::storage {

class SqlAuditRepository final : public audit::Repository {
 public:
  explicit SqlAuditRepository(Connection& c) : c_(c) {}
  Result<void> Append(const audit::Entry& entry) override;
  Result<void> AppendMany(const std::vector<audit::Entry>& entries) override;
  Result<std::vector<audit::Entry>> ForOrganisation(std::string_view oid, int limit) override;
  Result<std::vector<audit::Entry>> ForSubject(std::string_view subject, int limit) override;

 private:
  Result<std::vector<audit::Entry>> Select(std::string_view where, const Value& key, int limit);
  Connection& c_;
};

}  // namespace pass::storage
