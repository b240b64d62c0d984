// offers::Repository on SQL (both dialects): offers and placements, the feed of their changes,
// and what offers read of participants, opportunities and the pipeline in the same transaction.
#pragma once

#include "core/clock.h"
#include "offers/offer.h"
#include "storage/audit_repository.h"
#include "storage/opportunity_repository.h"
#include "storage/outbox_repository.h"
#include "storage/participant_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlOfferRepository final : public offers::Repository {
 public:
  SqlOfferRepository(Connection& c, const Clock& clock)
      : c_(c),
        clock_(clock),
        audit_(c),
        outbox_(c, clock),
        participants_(c, clock),
        opportunities_(c, clock) {}

  Result<int64_t> Save(const offers::Offer& offer) override;
  Result<std::optional<offers::Offer>> Find(int64_t id) override;
  Result<std::vector<offers::Offer>> OfOrganisation(std::string_view oid) override;
  Result<std::vector<offers::Offer>> OfParticipant(int64_t participant_id) override;
  Result<std::vector<offers::Offer>> DueToExpire(Date today) override;
  Result<std::vector<offers::Offer>> ConfirmedBetween(Timestamp from, Timestamp to) override;
  Result<offers::FeedPage> ProjectFeed(std::string_view grant_reference, int64_t since,
                                       int limit) override;
  Result<void> LockParticipant(int64_t participant_id) override;

  Result<std::optional<participants::Participant>> FindParticipant(
      const std::string& reference) override;
  Result<std::optional<participants::Participant>> FindParticipantById(int64_t id) override;
  Result<std::optional<opportunities::Opportunity>> FindOpportunity(int64_t id) override;
  Result<void> SetStage(int64_t opportunity_id, int64_t participant_id,
                        opportunities::Stage stage) override;

  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

 private:
  Result<std::vector<offers::Offer>> Load(std::string_view where, std::span<const Value> params,
                                          std::string_view order = "f.id DESC");

  Connection& c_;
  const Clock& clock_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
  SqlParticipantRepository participants_;
  SqlOpportunityRepository opportunities_;
};

using SqlOfferStore = SqlStore<offers::Repository, SqlOfferRepository>;

}  // namespace pass::storage
