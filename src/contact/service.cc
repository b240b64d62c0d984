#include "contact/service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/fields.h"
#include "core/strings.h"
#include "participants/profile.h"

namespace pass::contact {

namespace {

using opportunities::Staff;
using opportunities::Stage;

constexpr std::chrono::hours kRateWindow{1};

Error NoSuchThread() { return NotFound(Message("error.contact.thread_not_found")); }

Error Invalid(std::vector<FieldError> fields) {
  return InvalidInput(Message("error.form.invalid"), std::move(fields));
}

std::string Actor(const Staff& staff) { return "staff <" + staff.email + ">"; }

// A post's text: not blank, plain text of at most kMaxBodyLength characters.
void CheckBody(std::vector<FieldError>& problems, const std::string& body) {
  if (Trim(body).empty()) {
    problems.push_back({"body", Message("error.field.required")});
  } else {
    fields::CheckText(problems, "body", body, kMaxBodyLength);
  }
}

// Contacting moves new and shortlisted candidates on; later stages (interview, offers, a
// decision, a withdrawal) are never moved back by a message.
bool MovesToContacted(Stage stage) { return stage == Stage::kNew || stage == Stage::kShortlisted; }

}  // namespace

std::string_view AuthorCode(Author author) {
  switch (author) {
    case Author::kOrganisation:
      return "organisation";
    case Author::kParticipant:
      return "participant";
    case Author::kNotice:
      return "notice";
  }
  return "notice";
}

std::optional<Author> ParseAuthor(std::string_view code) {
  for (const Author a : {Author::kOrganisation, Author::kParticipant, Author::kNotice}) {
    if (AuthorCode(a) == code) return a;
  }
  return std::nullopt;
}

std::string_view SideCode(Side side) {
  return side == Side::kOrganisation ? "organisation" : "participant";
}

Thread ForOrganisation(Thread thread) {
  if (!thread.shared) {
    thread.family_name.clear();
    thread.email.clear();
  }
  return thread;
}

Service::Service(Store& store, const Clock& clock, mail::Composer compose, Options options)
    : store_(store), clock_(clock), compose_(std::move(compose)), options_(std::move(options)) {}

Result<int64_t> Service::WaitFor(Repository& repo, std::string_view oid, size_t wanted) {
  const Timestamp now = clock_.Now();
  const auto limit = static_cast<size_t>(std::max(options_.rate_per_hour, 0));
  PASS_TRY(recent, repo.StaffPostsSince(oid, now - kRateWindow));
  if (recent->size() + wanted <= limit) return 0;
  if (wanted > limit) return std::chrono::seconds(kRateWindow).count();
  // The oldest posts leave the window first; this many must leave before `wanted` fit.
  const size_t must_leave = recent->size() + wanted - limit;
  const Timestamp free_at = (*recent)[must_leave - 1] + kRateWindow;
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(free_at - now).count();
  return std::max<int64_t>(seconds, 1);
}

Result<void> Service::MailPerson(Repository& repo, const Thread& thread, const std::string& body) {
  if (thread.email.empty()) return {};
  return repo.Outbox().Enqueue(
      compose_(thread.language, "contact_message",
               {{"name", thread.given_name},
                {"organisation", thread.organisation_name},
                {"title", thread.opportunity_title},
                {"body", body},
                {"url", options_.public_url + "/me/messages/" + std::to_string(thread.id)}},
               thread.email, thread.given_name + " " + thread.family_name));
}

Result<std::vector<int64_t>> Service::Contact(const Staff& staff, const Outgoing& out) {
  std::vector<FieldError> problems;
  // The same person named twice is written to once.
  std::vector<std::string> references;
  std::set<std::string> seen;
  for (const auto& r : out.references) {
    std::string reference(Trim(r));
    if (!reference.empty() && seen.insert(reference).second) references.push_back(reference);
  }
  if (out.opportunity_id <= 0)
    problems.push_back({"opportunity_id", Message("error.field.required")});
  if (references.empty()) {
    problems.push_back({"participant_references", Message("error.contact.no_recipients")});
  } else if (references.size() > kMaxRecipients) {
    problems.push_back(
        {"participant_references",
         Message("error.contact.too_many", {{"max", std::to_string(kMaxRecipients)},
                                            {"count", std::to_string(references.size())}})});
  }
  CheckBody(problems, out.body);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));

  const Timestamp now = clock_.Now();
  const Date today = clock_.Today();
  return store_.WriteValue([&](Repository& repo) -> Result<std::vector<int64_t>> {
    PASS_TRY(found, repo.Opportunities().Find(out.opportunity_id));
    if (!*found || (*found)->oid != staff.oid) {
      return Fail(NotFound(Message("error.opportunity.not_found")));
    }
    const opportunities::Opportunity& o = **found;
    if (o.status == opportunities::Status::kDraft) {
      return Fail(Invalid({{"opportunity_id", Message("error.contact.opportunity_draft")}}));
    }
    PASS_TRY(wait, WaitFor(repo, staff.oid, references.size()));
    if (*wait > 0) {
      return Fail(TooManyRequests(
          Message("error.contact.rate_limited", {{"limit", std::to_string(options_.rate_per_hour)},
                                                 {"minutes", std::to_string((*wait + 59) / 60)},
                                                 {"retry_after", std::to_string(*wait)}})));
    }

    // Who may be written to: people findable now, or already candidates of this opportunity;
    // never someone who blocked the organisation. Anyone else stops the whole request, and the
    // answer says only how many and why (not who, nor whether a reference exists).
    std::vector<participants::Account> recipients;
    int blocked = 0;
    int unreachable = 0;
    for (const auto& reference : references) {
      PASS_TRY(account, repo.Participants().FindAccountByReference(reference));
      if (!*account) {
        ++unreachable;
        continue;
      }
      const participants::Participant& p = (*account)->profile;
      PASS_TRY(entry, repo.Opportunities().FindEntryOf(o.id, p.id));
      const bool candidate = *entry && (*entry)->stage != Stage::kWithdrawn;
      if (!candidate && !participants::IsFindable(p, (*account)->hidden_at.has_value(), today)) {
        ++unreachable;
        continue;
      }
      PASS_TRY(is_blocked, repo.IsBlocked(p.id, staff.oid));
      if (*is_blocked) {
        ++blocked;
        continue;
      }
      recipients.push_back(std::move(**account));
    }
    if (blocked > 0 || unreachable > 0) {
      // One message for the field, so an API client sees both reasons too.
      Message why = blocked == 0 ? Message("error.contact.unreachable",
                                           {{"count", std::to_string(unreachable)}})
                    : unreachable == 0
                        ? Message("error.contact.blocked", {{"count", std::to_string(blocked)}})
                        : Message("error.contact.blocked_and_unreachable",
                                  {{"blocked", std::to_string(blocked)},
                                   {"unreachable", std::to_string(unreachable)}});
      return Fail(InvalidInput(Message("error.contact.not_sent"),
                               {{"participant_references", std::move(why)}}));
    }

    std::vector<int64_t> thread_ids;
    for (const participants::Account& account : recipients) {
      const participants::Participant& p = account.profile;
      PASS_TRY(existing, repo.FindThreadOf(staff.oid, p.id, o.id));
      Thread thread;
      if (*existing) {
        thread = std::move(**existing);
      } else {
        thread.oid = staff.oid;
        thread.participant_id = p.id;
        thread.opportunity_id = o.id;
        thread.created_at = now;
        thread.last_post_at = now;
        PASS_TRY(id, repo.CreateThread(thread));
        thread.id = *id;
      }
      thread.organisation_name = o.organisation_name;
      thread.opportunity_title = o.title;
      thread.reference = p.reference;
      thread.given_name = p.given_name;
      thread.family_name = p.family_name;
      thread.email = p.email;
      thread.language = p.contact_language;
      PASS_TRY(post_id, repo.AddPost({.thread_id = thread.id,
                                      .author = Author::kOrganisation,
                                      .staff_email = staff.email,
                                      .body = out.body,
                                      .at = now}));
      // What the organisation wrote itself is read on its side.
      PASS_TRY(read, repo.MarkRead(thread.id, Side::kOrganisation, *post_id));
      PASS_TRY(event, repo.Participants().RecordEvent(p.id, {participants::EventKind::kContacted,
                                                             staff.oid, o.organisation_name, now}));
      PASS_TRY(entry, repo.Opportunities().FindEntryOf(o.id, p.id));
      if (!*entry) {
        opportunities::Entry e;
        e.opportunity_id = o.id;
        e.participant_id = p.id;
        e.applied = false;
        e.stage = Stage::kContacted;
        PASS_TRY(saved, repo.Opportunities().SaveEntry(e));
      } else if (MovesToContacted((*entry)->stage)) {
        (*entry)->stage = Stage::kContacted;
        PASS_TRY(saved, repo.Opportunities().SaveEntry(**entry));
      }
      PASS_TRY(mailed, MailPerson(repo, thread, out.body));
      thread_ids.push_back(thread.id);
    }
    PASS_TRY(logged, repo.Audit().Append(audit::Make(
                         now, Actor(staff), "contact.sent", staff.oid,
                         "opportunity:" + std::to_string(o.id), {},
                         audit::Detail({{"count", std::to_string(thread_ids.size())}}))));
    return thread_ids;
  });
}

Result<Thread> Service::OwnThread(Repository& repo, const Staff& staff, int64_t id) {
  PASS_TRY(found, repo.FindThread(id));
  if (!*found || (*found)->oid != staff.oid) return Fail(NoSuchThread());
  return std::move(**found);
}

Result<Thread> Service::MyThread(Repository& repo, int64_t participant_id, int64_t id) {
  PASS_TRY(found, repo.FindThread(id));
  if (!*found || (*found)->participant_id != participant_id) return Fail(NoSuchThread());
  return std::move(**found);
}

Result<int64_t> Service::ReplyAsStaff(const Staff& staff, int64_t thread_id, std::string body) {
  std::vector<FieldError> problems;
  CheckBody(problems, body);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int64_t> {
    PASS_TRY(thread, OwnThread(repo, staff, thread_id));
    if (thread->blocked) return Fail(Conflict("error.contact.blocked_thread"));
    PASS_TRY(wait, WaitFor(repo, staff.oid, 1));
    if (*wait > 0) {
      return Fail(TooManyRequests(
          Message("error.contact.rate_limited", {{"limit", std::to_string(options_.rate_per_hour)},
                                                 {"minutes", std::to_string((*wait + 59) / 60)},
                                                 {"retry_after", std::to_string(*wait)}})));
    }
    PASS_TRY(post_id, repo.AddPost({.thread_id = thread->id,
                                    .author = Author::kOrganisation,
                                    .staff_email = staff.email,
                                    .body = body,
                                    .at = now}));
    PASS_TRY(read, repo.MarkRead(thread->id, Side::kOrganisation, *post_id));
    PASS_TRY(mailed, MailPerson(repo, *thread, body));
    PASS_TRY(logged, repo.Audit().Append(audit::Make(
                         now, Actor(staff), "contact.sent", staff.oid,
                         "opportunity:" + std::to_string(thread->opportunity_id), {},
                         audit::Detail({{"count", "1"}, {"thread", std::to_string(thread->id)}}))));
    return *post_id;
  });
}

Result<std::vector<Thread>> Service::OrganisationThreads(const Staff& staff) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::vector<Thread>> {
    PASS_TRY(threads, repo.ThreadsOfOrganisation(staff.oid));
    std::vector<Thread> out;
    out.reserve(threads->size());
    for (Thread& t : *threads) out.push_back(ForOrganisation(std::move(t)));
    return out;
  });
}

Result<Conversation> Service::OrganisationThread(const Staff& staff, int64_t thread_id) {
  return store_.WriteValue([&](Repository& repo) -> Result<Conversation> {
    PASS_TRY(thread, OwnThread(repo, staff, thread_id));
    PASS_TRY(posts, repo.Posts(thread->id));
    if (!posts->empty()) {
      PASS_TRY(read, repo.MarkRead(thread->id, Side::kOrganisation, posts->back().id));
    }
    return Conversation{ForOrganisation(std::move(*thread)), std::move(*posts)};
  });
}

Result<int> Service::OrganisationUnread(const Staff& staff) {
  return store_.ReadValue([&](Repository& repo) { return repo.UnreadOfOrganisation(staff.oid); });
}

Result<std::vector<Thread>> Service::ParticipantThreads(int64_t participant_id) {
  return store_.ReadValue(
      [&](Repository& repo) { return repo.ThreadsOfParticipant(participant_id); });
}

Result<Conversation> Service::ParticipantThread(int64_t participant_id, int64_t thread_id) {
  return store_.WriteValue([&](Repository& repo) -> Result<Conversation> {
    PASS_TRY(thread, MyThread(repo, participant_id, thread_id));
    PASS_TRY(posts, repo.Posts(thread->id));
    if (!posts->empty()) {
      PASS_TRY(read, repo.MarkRead(thread->id, Side::kParticipant, posts->back().id));
    }
    // Which member of staff wrote is the organisation's own business.
    for (Post& p : *posts) p.staff_email.clear();
    return Conversation{std::move(*thread), std::move(*posts)};
  });
}

Result<int64_t> Service::Reply(int64_t participant_id, int64_t thread_id, std::string body) {
  std::vector<FieldError> problems;
  CheckBody(problems, body);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int64_t> {
    PASS_TRY(thread, MyThread(repo, participant_id, thread_id));
    if (thread->blocked) return Fail(Conflict("error.contact.unblock_first"));
    PASS_TRY(
        post_id,
        repo.AddPost(
            {.thread_id = thread->id, .author = Author::kParticipant, .body = body, .at = now}));
    PASS_TRY(read, repo.MarkRead(thread->id, Side::kParticipant, *post_id));
    // Answering is the person's choice to talk with the organisation (F13).
    PASS_TRY(shared, repo.Share(thread->oid, participant_id, thread->id));
    if (*shared > 0) {
      PASS_TRY(logged, repo.Audit().Append(audit::Make(
                           now, "participant:" + thread->reference, "contact.data_shared",
                           thread->oid, "thread:" + std::to_string(thread->id), "reply")));
    }
    return *post_id;
  });
}

Result<int> Service::Unread(int64_t participant_id) {
  return store_.ReadValue(
      [&](Repository& repo) { return repo.UnreadOfParticipant(participant_id); });
}

Result<void> Service::Block(int64_t participant_id, int64_t thread_id) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(thread, MyThread(repo, participant_id, thread_id));
    return repo.SetBlocked(participant_id, thread->oid, true, now);
  });
}

Result<void> Service::Unblock(int64_t participant_id, std::string_view oid) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    return repo.SetBlocked(participant_id, oid, false, now);
  });
}

Result<std::vector<contact::Block>> Service::Blocks(int64_t participant_id) {
  return store_.ReadValue([&](Repository& repo) { return repo.Blocks(participant_id); });
}

Result<void> Service::ShareContactData(std::string_view oid, int64_t participant_id) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(reference, repo.ReferenceOf(participant_id));
    if (!*reference) return Fail(NotFound(Message("error.contact.person_not_found")));
    PASS_TRY(shared, repo.Share(oid, participant_id, std::nullopt));
    if (*shared == 0) return {};
    return repo.Audit().Append(audit::Make(now, "participant:" + **reference, "contact.data_shared",
                                           std::string(oid), {}, "offer_accepted"));
  });
}

Result<void> Service::PostNotice(std::string_view oid, int64_t participant_id,
                                 int64_t opportunity_id, Message notice) {
  if (notice.key.empty()) return Fail(Internal("a notice needs a catalogue key"));
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(o, repo.Opportunities().Find(opportunity_id));
    if (!*o || (*o)->oid != oid) return Fail(NotFound(Message("error.opportunity.not_found")));
    PASS_TRY(reference, repo.ReferenceOf(participant_id));
    if (!*reference) return Fail(NotFound(Message("error.contact.person_not_found")));
    PASS_TRY(existing, repo.FindThreadOf(oid, participant_id, opportunity_id));
    int64_t thread_id = 0;
    if (*existing) {
      thread_id = (*existing)->id;
    } else {
      Thread thread;
      thread.oid = std::string(oid);
      thread.participant_id = participant_id;
      thread.opportunity_id = opportunity_id;
      thread.created_at = now;
      thread.last_post_at = now;
      PASS_TRY(id, repo.CreateThread(thread));
      thread_id = *id;
    }
    PASS_TRY(post, repo.AddPost({.thread_id = thread_id,
                                 .author = Author::kNotice,
                                 .notice = std::move(notice),
                                 .at = now}));
    return {};
  });
}

}  // namespace pass::contact
