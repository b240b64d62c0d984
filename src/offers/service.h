// Offers from sending to the end of the placement (SPEC F14, F15) and what other systems learn of
// them (F20 grant-management feed, F21 insurance): staff make, send, withdraw and cancel offers
// of their organisation and record how placements end; young people accept, decline or cancel
// their own; every send and acceptance is checked against R8-R12 (eligibility/rules.h) with the
// person's current profile and placements, and a refusal names each failed rule. Staff calls
// name an organisation the caller has access to (checked by the caller from current listings:
// R4); anything of another organisation is NotFound. Thread-safe as long as the Store and Clock
// are; decisions about one person are serialised by the repository's participant lock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "eligibility/rules.h"
#include "mail/mail.h"
#include "offers/offer.h"
#include "opportunities/service.h"

namespace pass::offers {

using opportunities::Staff;

// What staff fill in; empty dates take the opportunity's.
struct Draft {
  int64_t opportunity_id = 0;
  std::string participant_reference;
  std::optional<Date> start_date;
  std::optional<Date> end_date;
  std::optional<Date> answer_by;  // empty: the last day R11 allows
  std::string message;
};

// How a placement ended.
struct End {
  Outcome outcome = Outcome::kCompleted;
  Date actual_end;
  std::string reason;  // needed when ended early
};

// The checks an offer meets, shown before sending or accepting.
struct Assessment {
  Offer offer;  // as it would be sent
  std::vector<eligibility::Check> checks;
  bool passes = false;
};

// Told after a change has been stored: the inbox notice for both sides (F13) and, on
// acceptance, that the organisation may now see the person's contact data. Either may be empty.
struct Hooks {
  std::function<void(const Offer&, const Message&)> notice;
  std::function<void(const Offer&)> share_contact;
};

class Service {
 public:
  Service(Store& store, const Clock& clock, mail::Composer compose, std::string public_url,
          Hooks hooks = {});

  // --- staff
  // The checks a draft meets without storing anything.
  Result<Assessment> Assess(const Staff& staff, const Draft& draft);
  // Stores the offer as a draft, or sends it at once (then every rule must pass: a Refused
  // error names each failed rule with its figures and what would make it pass).
  Result<Offer> Create(const Staff& staff, const Draft& draft, bool send);
  Result<Offer> Send(const Staff& staff, int64_t id);
  Result<std::vector<Offer>> OfOrganisation(const Staff& staff);
  Result<Offer> Get(const Staff& staff, int64_t id);
  // A draft or sent offer taken back (with a reason for a sent one).
  Result<Offer> Withdraw(const Staff& staff, int64_t id, std::string reason);
  // An accepted offer cancelled before or during the placement, with a reason.
  Result<Offer> Cancel(const Staff& staff, int64_t id, std::string reason);
  // The actual end of a placement: completed (on or before the planned end) or ended early
  // with a reason; it counts for R10 from then on.
  Result<Offer> RecordEnd(const Staff& staff, int64_t id, const End& end);
  // Marks the certificate issued (the first time) for a placement whose end is recorded.
  Result<Offer> IssueCertificate(const Staff& staff, int64_t id);

  // --- the young person, by their participant id
  Result<std::vector<Offer>> Mine(int64_t participant_id);
  Result<Offer> MyOffer(int64_t participant_id, int64_t id);
  // The checks acceptance would meet today.
  Result<Assessment> AssessAcceptance(int64_t participant_id, int64_t id);
  // Accepts a sent offer: the rules again, with the placements the person has now; of two
  // acceptances racing exactly one wins. The organisations of the person's other sent offers
  // that overlap are told.
  Result<Offer> Accept(int64_t participant_id, int64_t id);
  Result<Offer> Decline(int64_t participant_id, int64_t id, std::string reason);
  Result<Offer> CancelMine(int64_t participant_id, int64_t id, std::string reason);

  // --- an officer (remit checked by the caller)
  Result<Offer> CancelAsOfficer(const std::string& officer, int64_t id, std::string reason);

  // --- the daily job: sent offers past their answer-by date expire.
  Result<int> ExpireDue();

  // --- feeds
  // F20: the changes of one project after `since` (0: from the start), oldest first.
  Result<FeedPage> ProjectFeed(const std::string& grant_reference, int64_t since, int limit);
  // F21: the cross-border placements confirmed in `week`.
  Result<std::vector<Offer>> ConfirmedInWeek(IsoWeek week);

 private:
  Result<Offer> Own(Repository& repo, const Staff& staff, int64_t id);
  Result<Offer> Theirs(Repository& repo, int64_t participant_id, int64_t id);
  // The person as the rules see them: profile, declared activities and placements in the portal
  // other than `except`.
  Result<eligibility::Person> PersonFor(Repository& repo, int64_t participant_id, int64_t except);
  Result<Assessment> Build(Repository& repo, const Staff& staff, const Draft& draft);
  // Stores a state change, audits it, mails the other side; returns the stored offer.
  Result<Offer> Transition(Repository& repo, Offer offer, State to, const std::string& actor,
                           std::string_view action, std::string_view mail_to_person,
                           std::string_view mail_to_staff);
  Result<Offer> CancelBy(Repository& repo, Offer offer, std::string_view by,
                         const std::string& actor, const std::string& reason);
  void Notify(const Offer& offer, std::string_view what);

  Store& store_;
  const Clock& clock_;
  mail::Composer compose_;
  std::string public_url_;
  Hooks hooks_;
};

// The failed checks as a Refused error (fields "R10.total", "R11.grant", ...).
Error RefusalError(const std::vector<eligibility::Check>& checks);

}  // namespace pass::offers
