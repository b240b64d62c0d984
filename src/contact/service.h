// Contact between organisations and candidates (SPEC F5, F6, F13; ADR 0014): staff write to up to
// kMaxRecipients people about one of their opportunities (people findable now, or already in that
// opportunity's pipeline), within the organisation's hourly allowance; each person gets an e-mail
// in their contact language and the message in their inbox, a "contacted" event (F6) and a place
// at the contacted stage of the pipeline. Both sides reply in the thread; the organisation sees
// the person's e-mail and family name only once the person replied there or accepted one of its
// offers. People block organisations. The offers module posts notices into the same threads.
//
// Every organisation-side call names the organisation the caller has access to (checked by the
// caller from current listings: R4); a thread of another organisation, or of another person, is
// NotFound. Thread-safe as long as the Store and Clock are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "contact/contact.h"
#include "core/clock.h"
#include "core/error.h"
#include "mail/mail.h"
#include "opportunities/service.h"

namespace pass::contact {

struct Options {
  int rate_per_hour = kDefaultRatePerHour;  // recipients per organisation, all nodes together
  std::string public_url;                   // for the link in the e-mail
};

// What staff send: one text to several people about one opportunity.
struct Outgoing {
  int64_t opportunity_id = 0;
  std::vector<std::string> references;  // participant reference numbers
  std::string body;
};

// A thread with its posts, as one side reads it.
struct Conversation {
  Thread thread;
  std::vector<Post> posts;
};

class Service {
 public:
  Service(Store& store, const Clock& clock, mail::Composer compose, Options options);

  // --- the organisation's side
  // Writes to every person in `out` or to nobody: field errors name "opportunity_id",
  // "participant_references" (none, more than kMaxRecipients, or how many cannot be contacted
  // and why) and "body" (empty, longer than kMaxBodyLength). Over the hourly allowance:
  // TooManyRequests whose message carries "limit" and "retry_after" (seconds). Returns the
  // thread of each person, in the order given.
  Result<std::vector<int64_t>> Contact(const opportunities::Staff& staff, const Outgoing& out);
  Result<int64_t> ReplyAsStaff(const opportunities::Staff& staff, int64_t thread_id,
                               std::string body);
  Result<std::vector<Thread>> OrganisationThreads(const opportunities::Staff& staff);
  // The thread, marked read for the organisation.
  Result<Conversation> OrganisationThread(const opportunities::Staff& staff, int64_t thread_id);
  Result<int> OrganisationUnread(const opportunities::Staff& staff);

  // --- the young person's side (the caller resolved the registered person signed in)
  Result<std::vector<Thread>> ParticipantThreads(int64_t participant_id);
  // The thread, marked read for the person.
  Result<Conversation> ParticipantThread(int64_t participant_id, int64_t thread_id);
  // A reply shares the person's contact data with the organisation in this thread.
  Result<int64_t> Reply(int64_t participant_id, int64_t thread_id, std::string body);
  Result<int> Unread(int64_t participant_id);
  // Blocks the organisation of the thread: it can neither start nor continue threads with the
  // person. Unblocking by the organisation's OID (the list of blocks names them).
  Result<void> Block(int64_t participant_id, int64_t thread_id);
  Result<void> Unblock(int64_t participant_id, std::string_view oid);
  Result<std::vector<contact::Block>> Blocks(int64_t participant_id);

  // --- for the offers module (F14)
  // The person accepted an offer of the organisation: it may see their contact data in every
  // thread with them.
  Result<void> ShareContactData(std::string_view oid, int64_t participant_id);
  // Appends a notice (a catalogue key and arguments, rendered in each reader's language) to the
  // thread of the organisation, person and opportunity, creating it when needed. Unread for both
  // sides; no e-mail (the offers module writes its own). A block does not stop a notice: it
  // records what happened to an offer the person holds. NotFound when the opportunity is not the
  // organisation's or the person does not exist.
  Result<void> PostNotice(std::string_view oid, int64_t participant_id, int64_t opportunity_id,
                          Message notice);

 private:
  // How long until `wanted` more posts fit into the last hour's allowance (0: now).
  Result<int64_t> WaitFor(Repository& repo, std::string_view oid, size_t wanted);
  Result<Thread> OwnThread(Repository& repo, const opportunities::Staff& staff, int64_t id);
  Result<Thread> MyThread(Repository& repo, int64_t participant_id, int64_t id);
  Result<void> MailPerson(Repository& repo, const Thread& thread, const std::string& body);

  Store& store_;
  const Clock& clock_;
  mail::Composer compose_;
  Options options_;
};

// The organisation's view of a thread: without contact data until shared (F13).
Thread ForOrganisation(Thread thread);

}  // namespace pass::contact
