// opportunities::Repository on SQL (both dialects): opportunities, the organisation's own
// description, and the candidate pipeline with its tags and notes.
#pragma once

#include "core/clock.h"
#include "opportunities/pipeline.h"
#include "storage/audit_repository.h"
#include "storage/outbox_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlOpportunityRepository final : public opportunities::Repository {
 public:
  SqlOpportunityRepository(Connection& c, const Clock& clock)
      : c_(c), clock_(clock), audit_(c), outbox_(c, clock) {}

  Result<int64_t> Save(const opportunities::Opportunity& o) override;
  Result<std::optional<opportunities::Opportunity>> Find(int64_t id) override;
  Result<std::vector<opportunities::Opportunity>> OfOrganisation(std::string_view oid) override;
  Result<opportunities::Page> Published(const opportunities::Filter& filter, Date today, int page,
                                        int per_page) override;
  Result<std::vector<opportunities::Opportunity>> DueToClose(Date today) override;
  Result<std::string> OrganisationName(std::string_view oid) override;

  Result<std::optional<opportunities::OrganisationProfile>> FindProfile(
      std::string_view oid) override;
  Result<void> SaveProfile(const opportunities::OrganisationProfile& profile) override;

  Result<std::optional<opportunities::Entry>> FindEntry(int64_t entry_id) override;
  Result<std::optional<opportunities::Entry>> FindEntryOf(int64_t opportunity_id,
                                                          int64_t participant_id) override;
  Result<int64_t> SaveEntry(const opportunities::Entry& entry) override;
  Result<std::vector<opportunities::Entry>> Pipeline(int64_t opportunity_id) override;
  Result<std::vector<opportunities::Entry>> EntriesOf(int64_t participant_id) override;
  Result<std::map<int64_t, opportunities::Counts>> CountsOf(std::string_view oid) override;
  Result<std::optional<int64_t>> ParticipantIdOf(const std::string& reference) override;
  Result<void> AddNote(const opportunities::Note& note) override;
  Result<std::vector<opportunities::Note>> Notes(int64_t entry_id) override;

  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

 private:
  // Opportunities WHERE `where` (over the alias o) ORDER BY `order`, with their code lists.
  Result<std::vector<opportunities::Opportunity>> Load(const std::string& where,
                                                       std::span<const Value> params,
                                                       std::string_view order = "o.id");
  Result<std::vector<opportunities::Entry>> LoadEntries(std::string_view where, const Value& param);

  Connection& c_;
  const Clock& clock_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
};

using SqlOpportunityStore = SqlStore<opportunities::Repository, SqlOpportunityRepository>;

}  // namespace pass::storage
