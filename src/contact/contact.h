// Messages between organisations and young people (SPEC F5, F13): one thread per organisation,
// person and opportunity, its posts (written by staff, by the person, or notices the offers
// module posts), read marks per side, the organisations a person blocked, and the repository all
// of it is stored through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "mail/mail.h"
#include "opportunities/pipeline.h"
#include "participants/participant.h"

namespace pass::contact {

inline constexpr size_t kMaxBodyLength = 2000;   // characters of one post
inline constexpr size_t kMaxRecipients = 50;     // people written to at once
inline constexpr int kDefaultRatePerHour = 200;  // recipients per organisation (PASS_CONTACT_RATE)

// Who wrote a post. Notices are the portal's own record of an offer's steps (F14).
enum class Author { kOrganisation, kParticipant, kNotice };
std::string_view AuthorCode(Author author);
std::optional<Author> ParseAuthor(std::string_view code);

// The two sides that read a thread; each has its own read mark.
enum class Side { kOrganisation, kParticipant };
std::string_view SideCode(Side side);

// One thread as a list or a thread page shows it. The person's family name and e-mail are filled
// in by the repository and left empty by the service for the organisation until `shared` (F13).
struct Thread {
  int64_t id = 0;
  std::string oid;
  std::string organisation_name;
  int64_t participant_id = 0;
  std::string reference;
  std::string given_name;
  std::string family_name;
  std::string email;
  std::string language;  // the person's contact language
  int64_t opportunity_id = 0;
  std::string opportunity_title;
  bool shared = false;   // the person's contact data may be shown to the organisation
  bool blocked = false;  // the person blocked the organisation
  Timestamp created_at;
  Timestamp last_post_at;
  int unread = 0;  // posts the reading side has not seen (set for lists and pages)
};

// One post in a thread: a text (staff or the person), or a notice (a catalogue key and
// arguments, rendered in the reader's language).
struct Post {
  int64_t id = 0;
  int64_t thread_id = 0;
  Author author = Author::kOrganisation;
  std::string staff_email;  // who wrote for the organisation; the organisation's staff only
  std::string body;
  Message notice;
  Timestamp at;
};

// An organisation a person blocked.
struct Block {
  std::string oid;
  std::string organisation_name;
  Timestamp at;
};

class Repository {
 public:
  virtual ~Repository() = default;

  virtual Result<std::optional<Thread>> FindThread(int64_t id) = 0;
  virtual Result<std::optional<Thread>> FindThreadOf(std::string_view oid, int64_t participant_id,
                                                     int64_t opportunity_id) = 0;
  // Inserts the thread (its id is ignored) and returns the new id.
  virtual Result<int64_t> CreateThread(const Thread& thread) = 0;
  // Threads with `unread` counted for the side reading, the latest post first.
  virtual Result<std::vector<Thread>> ThreadsOfOrganisation(std::string_view oid) = 0;
  virtual Result<std::vector<Thread>> ThreadsOfParticipant(int64_t participant_id) = 0;
  // The reference number of the registered person with this id, if there is one.
  virtual Result<std::optional<std::string>> ReferenceOf(int64_t participant_id) = 0;

  // Appends the post (its id is ignored), moves the thread's last post time; returns the id.
  virtual Result<int64_t> AddPost(const Post& post) = 0;
  virtual Result<std::vector<Post>> Posts(int64_t thread_id) = 0;  // oldest first
  // `reader` has seen every post up to `post_id`.
  virtual Result<void> MarkRead(int64_t thread_id, Side reader, int64_t post_id) = 0;
  // Posts of the other side and notices not yet seen by `reader`, over all their threads.
  virtual Result<int> UnreadOfOrganisation(std::string_view oid) = 0;
  virtual Result<int> UnreadOfParticipant(int64_t participant_id) = 0;
  // When the organisation's staff wrote their posts since `since`, oldest first (rate limit).
  virtual Result<std::vector<Timestamp>> StaffPostsSince(std::string_view oid, Timestamp since) = 0;

  // The organisation may see the person's contact data in the thread, or in all of their
  // threads with the person when `thread_id` is empty. Returns the threads newly shared.
  virtual Result<int> Share(std::string_view oid, int64_t participant_id,
                            std::optional<int64_t> thread_id) = 0;

  virtual Result<bool> IsBlocked(int64_t participant_id, std::string_view oid) = 0;
  virtual Result<void> SetBlocked(int64_t participant_id, std::string_view oid, bool blocked,
                                  Timestamp at) = 0;
  virtual Result<std::vector<Block>> Blocks(int64_t participant_id) = 0;  // newest first

  // The pipeline (stages) and the registry (recipients, "who contacted me") in the same unit of
  // work, so a contact, its pipeline move, its event, its mail and its audit entry commit
  // together.
  virtual opportunities::Repository& Opportunities() = 0;
  virtual participants::Repository& Participants() = 0;
  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;
};

using Store = pass::Store<Repository>;

}  // namespace pass::contact
