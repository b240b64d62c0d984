// Offers and placements (SPEC F14, F15): an offer names an opportunity, its funded project, the
// activity dates and an answer-by date; its states and which moves between them are allowed; the
// placement an accepted offer becomes, with its actual end; and the repository they are stored
// through. Pure types and functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "eligibility/rules.h"
#include "mail/mail.h"
#include "opportunities/opportunity.h"
#include "opportunities/pipeline.h"
#include "participants/participant.h"

namespace pass::offers {

// draft -> sent -> accepted | declined | withdrawn | expired; accepted -> cancelled.
enum class State { kDraft, kSent, kAccepted, kDeclined, kWithdrawn, kExpired, kCancelled };
std::string_view StateCode(State state);
std::optional<State> ParseState(std::string_view code);
bool MayMove(State from, State to);

// How a placement ended, recorded by the organisation.
enum class Outcome { kNone, kCompleted, kEndedEarly };
std::string_view OutcomeCode(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view code);

// Who cancelled an accepted offer.
inline constexpr std::string_view kCancelledBy[] = {"organisation", "participant", "officer"};

inline constexpr size_t kMaxOfferMessageLength = 2000;
inline constexpr size_t kMaxReasonLength = 500;

struct Offer {
  int64_t id = 0;
  std::string oid;
  std::string organisation_name;  // read with the offer
  int64_t opportunity_id = 0;
  std::string title;            // the opportunity's, read with the offer
  std::string activity_type;    // ...
  std::string country;          // ... where it takes place
  std::string town;             // ...
  std::string grant_reference;  // copied from the opportunity when sent (R11)
  int64_t participant_id = 0;
  std::string reference;  // the person's, read with the offer
  std::string given_name;
  std::string family_name;
  std::string email;
  std::string language;
  Date birth_date;        // for the insurer
  std::string residence;  // ...
  Date start_date;
  Date end_date;  // inclusive
  Date answer_by;
  std::string message;      // the organisation's words to the person, optional
  std::string staff_email;  // who made it: told when the person answers
  State state = State::kDraft;
  std::string reason;         // declined, withdrawn, cancelled: in the person's or staff's words
  std::string cancelled_by;   // one of kCancelledBy
  bool cross_border = false;  // the person's residence differs from the activity's country
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
  std::optional<Timestamp> decided_at;  // accepted, declined, withdrawn, expired
  std::optional<Timestamp> cancelled_at;
  // The placement.
  Outcome outcome = Outcome::kNone;
  std::optional<Date> actual_end;
  std::string end_reason;
  std::optional<Timestamp> certificate_issued_at;
  Timestamp updated_at;
};

// The days the placement counts for R10: to the actual end once recorded.
Date CountedEnd(const Offer& offer);
// Whether an offer is a placement: accepted, and not cancelled.
bool IsPlacement(const Offer& offer);

// The weekly insurance transfer (F21): placements confirmed in an ISO week are sent to the
// insurer on the Monday after it. A placement starting on or before that Monday was matched
// too late for the transfer before departure.
struct IsoWeek {
  int year = 0;
  unsigned week = 0;
};
std::optional<IsoWeek> ParseIsoWeek(std::string_view text);  // "2027-W09"
std::string FormatIsoWeek(IsoWeek week);
IsoWeek WeekOf(Date day);
Date MondayOf(IsoWeek week);
Date TransferDay(Date confirmed_on);
bool TooLateForTransfer(const Offer& offer);

// The insurer's weekly file (F21): the column names, and one placement as a row of them.
std::vector<std::string> InsuranceHeader();
std::vector<std::string> InsuranceRow(const Offer& offer);

// A change the grant-management feed reports (F20), with its position in the feed.
struct FeedItem {
  int64_t cursor = 0;
  Offer offer;
};
// One page of the feed; `next_cursor` moves past changes that were read but are not reported
// (offers never accepted), so a client that always sends it back neither skips nor repeats.
struct FeedPage {
  std::vector<FeedItem> items;
  int64_t next_cursor = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;
  // Inserts (id 0) or updates; every save of a sent-or-later offer appends a row to the feed of
  // changes, in commit order. Returns the id.
  virtual Result<int64_t> Save(const Offer& offer) = 0;
  virtual Result<std::optional<Offer>> Find(int64_t id) = 0;
  virtual Result<std::vector<Offer>> OfOrganisation(std::string_view oid) = 0;   // newest first
  virtual Result<std::vector<Offer>> OfParticipant(int64_t participant_id) = 0;  // newest first
  // Sent offers whose answer-by date is before `today`.
  virtual Result<std::vector<Offer>> DueToExpire(Date today) = 0;
  // Offers accepted in [from, to) that take the person abroad, for the insurer.
  virtual Result<std::vector<Offer>> ConfirmedBetween(Timestamp from, Timestamp to) = 0;
  // The feed of one project: changes after `since`, oldest first, at most `limit`.
  virtual Result<FeedPage> ProjectFeed(std::string_view grant_reference, int64_t since,
                                       int limit) = 0;
  // Serialises everything that decides about one person's offers until the unit of work ends,
  // so two acceptances racing cannot both pass R10.
  virtual Result<void> LockParticipant(int64_t participant_id) = 0;

  // What the offers need of the other modules, in the same unit of work.
  virtual Result<std::optional<participants::Participant>> FindParticipant(
      const std::string& reference) = 0;
  virtual Result<std::optional<participants::Participant>> FindParticipantById(int64_t id) = 0;
  virtual Result<std::optional<opportunities::Opportunity>> FindOpportunity(int64_t id) = 0;
  // Moves the person's pipeline entry of the opportunity to `stage`, adding them when absent.
  virtual Result<void> SetStage(int64_t opportunity_id, int64_t participant_id,
                                opportunities::Stage stage) = 0;

  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::offers
