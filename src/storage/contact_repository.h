// contact::Repository on SQL (both dialects): threads, posts, read marks and blocks, with the
// pipeline, the registry, the audit log and the outbox on the same connection.
#pragma once

#include "contact/contact.h"
#include "core/clock.h"
#include "storage/audit_repository.h"
#include "storage/opportunity_repository.h"
#include "storage/outbox_repository.h"
#include "storage/participant_repository.h"
#include "storage/sql.h"
#include "storage/sql_store.h"

namespace pass::storage {

class SqlContactRepository final : public contact::Repository {
 public:
  SqlContactRepository(Connection& c, const Clock& clock)
      : c_(c), opportunities_(c, clock), participants_(c, clock), audit_(c), outbox_(c, clock) {}

  Result<std::optional<contact::Thread>> FindThread(int64_t id) override;
  Result<std::optional<contact::Thread>> FindThreadOf(std::string_view oid, int64_t participant_id,
                                                      int64_t opportunity_id) override;
  Result<int64_t> CreateThread(const contact::Thread& thread) override;
  Result<std::vector<contact::Thread>> ThreadsOfOrganisation(std::string_view oid) override;
  Result<std::vector<contact::Thread>> ThreadsOfParticipant(int64_t participant_id) override;
  Result<std::optional<std::string>> ReferenceOf(int64_t participant_id) override;

  Result<int64_t> AddPost(const contact::Post& post) override;
  Result<std::vector<contact::Post>> Posts(int64_t thread_id) override;
  Result<void> MarkRead(int64_t thread_id, contact::Side reader, int64_t post_id) override;
  Result<int> UnreadOfOrganisation(std::string_view oid) override;
  Result<int> UnreadOfParticipant(int64_t participant_id) override;
  Result<std::vector<Timestamp>> StaffPostsSince(std::string_view oid, Timestamp since) override;

  Result<int> Share(std::string_view oid, int64_t participant_id,
                    std::optional<int64_t> thread_id) override;

  Result<bool> IsBlocked(int64_t participant_id, std::string_view oid) override;
  Result<void> SetBlocked(int64_t participant_id, std::string_view oid, bool blocked,
                          Timestamp at) override;
  Result<std::vector<contact::Block>> Blocks(int64_t participant_id) override;

  opportunities::Repository& Opportunities() override { return opportunities_; }
  participants::Repository& Participants() override { return participants_; }
  audit::Repository& Audit() override { return audit_; }
  mail::Outbox& Outbox() override { return outbox_; }

 private:
  // Threads WHERE `where` (over the alias t), unread counted for `reader`.
  Result<std::vector<contact::Thread>> LoadThreads(std::string_view where,
                                                   std::span<const Value> params,
                                                   contact::Side reader);
  Result<int> CountUnread(std::string_view where, const Value& param, contact::Side reader);

  Connection& c_;
  SqlOpportunityRepository opportunities_;
  SqlParticipantRepository participants_;
  SqlAuditRepository audit_;
  SqlOutboxRepository outbox_;
};

using SqlContactStore = SqlStore<contact::Repository, SqlContactRepository>;

}  // namespace pass::storage
