// The contact service on both databases (SPEC F5, F6, F13): staff write to 1 to 50 findable
// people or candidates within the hourly allowance, never to someone who blocked them; the person
// gets mail in their language, a "contacted" event and the contacted stage (never a step back);
// replies, unread counts and read marks on both sides; contact data shown to the organisation
// only after a reply or an accepted offer; notices of the offers module; erasure. A real
// SqlContactStore on a migrated database, a fake clock, and a composer that writes the template
// name as the subject and the arguments as the body so the tests can read the outbox table.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "contact/service.h"
#include "opportunities/service.h"
#include "storage/contact_repository.h"
#include "storage/opportunity_repository.h"
#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::contact {
namespace {

using opportunities::Opportunity;
using opportunities::Staff;
using opportunities::Stage;

mail::Message ComposeForTest(std::string_view lang, std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& args,
                             std::string to, std::string to_name) {
  mail::Message m;
  m.to = std::move(to);
  m.to_name = std::move(to_name);
  m.subject = std::string(name);
  m.lang = std::string(lang);
  for (const auto& [k, v] : args) {
    m.body += k;
    m.body += '=';
    m.body += v;
    m.body += '\n';
  }
  return m;
}

template <typename T>
std::string Describe(const Result<T>& r) {
  if (r) return "ok";
  std::string out = std::string(ErrorCodeName(r.error().code)) + " " + r.error().message.key + " " +
                    r.error().detail;
  for (const auto& f : r.error().fields) out += " [" + f.field + ": " + f.message.key + "]";
  return out;
}

// The keys of the field errors on `field`, with their "count" or "max" argument.
std::vector<std::string> FieldKeys(const Error& e, std::string_view field) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) {
    if (f.field != field) continue;
    std::string key = f.message.key;
    if (const std::string* n = f.message.Arg("count")) key += ":" + *n;
    out.push_back(key);
  }
  return out;
}

const Staff kNorr{"E10000001", "anna@norr.example"};
const Staff kHaus{"E10000002", "dieter@haus.example"};

class ContactServiceTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    opportunity_store_ = std::make_unique<storage::SqlOpportunityStore>(db_->db(), clock_);
    people_ = std::make_unique<storage::SqlParticipantStore>(db_->db(), clock_);
    store_ = std::make_unique<storage::SqlContactStore>(db_->db(), clock_);
    opportunities_ = std::make_unique<opportunities::Service>(
        *opportunity_store_, clock_, ComposeForTest, "https://pass.example");
    MakeService(kDefaultRatePerHour);
    Sql("INSERT INTO organisations (oid, name, country, created_at, updated_at) VALUES "
        "('E10000001', 'Ungdomsföreningen Norr', 'SE', 0, 0), "
        "('E10000002', 'Haus der Jugend', 'DE', 0, 0)");
    forest_ = Live(kNorr, "Forest volunteers in Umeå");
  }

  void MakeService(int rate) {
    service_ = std::make_unique<Service>(
        *store_, clock_, ComposeForTest,
        Options{.rate_per_hour = rate, .public_url = "https://pass.example"});
  }

  void Sql(const std::string& statement) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.Execute(statement); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  int64_t Count(const std::string& sql) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.QueryOne(sql); });
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().detail);
    return r && *r ? (*r)->Int(0) : -1;
  }

  std::string One(const std::string& sql) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.QueryOne(sql); });
    EXPECT_TRUE(r.has_value()) << sql;
    return r && *r ? (*r)->Text(0) : "";
  }

  // A published opportunity of `staff`: six months of individual volunteering from March 2027.
  int64_t Live(const Staff& staff, std::string title) {
    Opportunity o;
    o.title = std::move(title);
    o.description = "Trails, nesting boxes and school visits.";
    o.activity_type = "individual_volunteering";
    o.topics = {"environment_nature"};
    o.country = "SE";
    o.town = "Umeå";
    o.start_date = Date{std::chrono::year(2027), std::chrono::month(3), std::chrono::day(1)};
    o.end_date = Date{std::chrono::year(2027), std::chrono::month(8), std::chrono::day(31)};
    o.places = 3;
    o.application_deadline =
        Date{std::chrono::year(2027), std::chrono::month(2), std::chrono::day(1)};
    o.grant_reference = "2026-1-SE02-ESC51-000123";
    o.status = opportunities::Status::kPublished;
    auto r = opportunities_->Create(staff, std::move(o));
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? r->id : 0;
  }

  // A person in the registry, findable unless told otherwise; returns the id.
  int64_t Person(const std::string& reference, const std::string& given,
                 const std::string& language = "sv", bool searchable = true) {
    participants::Participant p;
    p.reference = reference;
    p.sub = "sub-" + reference;
    p.email = reference + "@young.example";
    p.given_name = given;
    p.family_name = "Andersson";
    p.birth_date = Date{std::chrono::year(2004), std::chrono::month(5), std::chrono::day(17)};
    p.residence = "SE";
    p.nationality = "SE";
    p.contact_language = language;
    p.searchable = searchable;
    p.last_active = clock_.Today();
    auto id = people_->WriteValue([&](participants::Repository& repo) { return repo.Save(p); });
    EXPECT_TRUE(id.has_value()) << Describe(id);
    return id ? *id : 0;
  }

  // A pipeline entry at `stage` (as shortlisting, or the offers module, would leave it).
  void Candidate(int64_t opportunity_id, int64_t participant_id, Stage stage,
                 bool applied = false) {
    opportunities::Entry e;
    e.opportunity_id = opportunity_id;
    e.participant_id = participant_id;
    e.applied = applied;
    e.stage = stage;
    auto r = opportunity_store_->WriteValue(
        [&](opportunities::Repository& repo) { return repo.SaveEntry(e); });
    ASSERT_TRUE(r.has_value()) << Describe(r);
  }

  std::string StageOf(int64_t opportunity_id, int64_t participant_id) {
    return One("SELECT stage FROM pipeline_entries WHERE opportunity_id = " +
               std::to_string(opportunity_id) +
               " AND participant_id = " + std::to_string(participant_id));
  }

  Result<std::vector<int64_t>> Write(const Staff& staff, int64_t opportunity_id,
                                     std::vector<std::string> references,
                                     std::string body = "Would you like to join our team?") {
    return service_->Contact(staff, {opportunity_id, std::move(references), std::move(body)});
  }

  int64_t WriteOne(const std::string& reference) {
    auto sent = Write(kNorr, forest_, {reference});
    EXPECT_TRUE(sent.has_value()) << Describe(sent);
    return sent && !sent->empty() ? sent->front() : 0;
  }

  // Rows a refused request must not have written.
  int64_t Written() {
    return Count("SELECT COUNT(*) FROM contact_posts") +
           Count("SELECT COUNT(*) FROM contact_threads") + Count("SELECT COUNT(*) FROM outbox") +
           Count("SELECT COUNT(*) FROM participant_events") +
           Count("SELECT COUNT(*) FROM pipeline_entries");
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlOpportunityStore> opportunity_store_;
  std::unique_ptr<storage::SqlParticipantStore> people_;
  std::unique_ptr<storage::SqlContactStore> store_;
  std::unique_ptr<opportunities::Service> opportunities_;
  std::unique_ptr<Service> service_;
  int64_t forest_ = 0;
};

TEST_P(ContactServiceTest, OneMessageMailsInThePersonsLanguageRecordsAndMovesToContacted) {
  const int64_t astrid = Person("5000000001", "Astrid", "sv");
  const int64_t thread = WriteOne("5000000001");
  ASSERT_GT(thread, 0);

  // The mail: in Swedish, to the person, naming the organisation and the opportunity, with the
  // text and the link to the thread in the inbox.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  EXPECT_EQ(One("SELECT subject FROM outbox"), "contact_message");
  EXPECT_EQ(One("SELECT lang FROM outbox"), "sv");
  EXPECT_EQ(One("SELECT recipient FROM outbox"), "5000000001@young.example");
  const std::string body = One("SELECT body FROM outbox");
  EXPECT_NE(body.find("organisation=Ungdomsföreningen Norr\n"), std::string::npos) << body;
  EXPECT_NE(body.find("title=Forest volunteers in Umeå\n"), std::string::npos) << body;
  EXPECT_NE(body.find("body=Would you like to join our team?\n"), std::string::npos) << body;
  EXPECT_NE(body.find("url=https://pass.example/me/messages/" + std::to_string(thread)),
            std::string::npos)
      << body;

  // F6: who contacted me; F12: the pipeline, at contacted, as someone who did not apply.
  EXPECT_EQ(
      One("SELECT kind FROM participant_events WHERE participant_id = " + std::to_string(astrid)),
      "contacted");
  EXPECT_EQ(StageOf(forest_, astrid), "contacted");
  EXPECT_EQ(Count("SELECT applied FROM pipeline_entries"), 0);

  // R7: who, which organisation and opportunity, how many; no names.
  EXPECT_EQ(One("SELECT actor FROM audit_log WHERE action = 'contact.sent'"),
            "staff <anna@norr.example>");
  EXPECT_EQ(One("SELECT subject FROM audit_log WHERE action = 'contact.sent'"),
            "opportunity:" + std::to_string(forest_));
  EXPECT_EQ(One("SELECT detail FROM audit_log WHERE action = 'contact.sent'"), "{\"count\":\"1\"}");

  // Writing again goes into the same thread.
  EXPECT_EQ(WriteOne("5000000001"), thread);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_threads"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 2);
}

TEST_P(ContactServiceTest, ZeroOneFiftyAndFiftyOneRecipients) {
  std::vector<std::string> fifty_one;
  for (int i = 1; i <= 51; ++i) {
    const std::string reference = std::to_string(5100000000 + i);
    Person(reference, "P" + std::to_string(i));
    fifty_one.push_back(reference);
  }
  auto none = Write(kNorr, forest_, {});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldKeys(none.error(), "participant_references"),
            std::vector<std::string>{"error.contact.no_recipients"});

  auto too_many = Write(kNorr, forest_, fifty_one);
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(FieldKeys(too_many.error(), "participant_references"),
            std::vector<std::string>{"error.contact.too_many:51"});
  EXPECT_EQ(Written(), 0);

  auto one = Write(kNorr, forest_, {fifty_one[50]});
  ASSERT_TRUE(one.has_value()) << Describe(one);
  EXPECT_EQ(one->size(), 1u);

  fifty_one.pop_back();
  auto fifty = Write(kNorr, forest_, fifty_one);
  ASSERT_TRUE(fifty.has_value()) << Describe(fifty);
  EXPECT_EQ(fifty->size(), 50u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 51);
  EXPECT_EQ(One("SELECT detail FROM audit_log WHERE action = 'contact.sent' ORDER BY id DESC"),
            "{\"count\":\"50\"}");
}

TEST_P(ContactServiceTest, TheTextIsRequiredAndAtMost2000Characters) {
  Person("5000000001", "Astrid");
  for (const std::string body : {"", "  \n "}) {
    auto empty = Write(kNorr, forest_, {"5000000001"}, body);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(FieldKeys(empty.error(), "body"), std::vector<std::string>{"error.field.required"});
  }
  // Characters, not bytes: "å" is two bytes.
  auto long_one = Write(kNorr, forest_, {"5000000001"}, std::string(2001, 'a'));
  ASSERT_FALSE(long_one.has_value());
  EXPECT_EQ(FieldKeys(long_one.error(), "body"),
            std::vector<std::string>{"error.field.too_long_count:2001"});
  EXPECT_EQ(Written(), 0);
  std::string just_fits;
  for (int i = 0; i < 2000; ++i) just_fits += "å";
  auto fits = Write(kNorr, forest_, {"5000000001"}, just_fits);
  EXPECT_TRUE(fits.has_value()) << Describe(fits);

  // Replies have the same rule on both sides.
  const int64_t thread = fits->front();
  const int64_t astrid = Count("SELECT id FROM participants WHERE reference = '5000000001'");
  EXPECT_FALSE(service_->Reply(astrid, thread, std::string(2001, 'b')).has_value());
  EXPECT_FALSE(service_->Reply(astrid, thread, "").has_value());
  EXPECT_FALSE(service_->ReplyAsStaff(kNorr, thread, std::string(2001, 'c')).has_value());
  EXPECT_TRUE(service_->Reply(astrid, thread, std::string(2000, 'b')).has_value());
}

TEST_P(ContactServiceTest, TheHourlyAllowanceCountsRecipientsAndSaysWhenToTryAgain) {
  MakeService(3);
  Person("5000000001", "Astrid");
  Person("5000000002", "Bo");
  Person("5000000003", "Cecilia");
  ASSERT_TRUE(Write(kNorr, forest_, {"5000000001", "5000000002"}).has_value());
  clock_.Advance(std::chrono::minutes(10));
  // Two more would make four in the hour: nothing is sent.
  auto over = Write(kNorr, forest_, {"5000000002", "5000000003"});
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(over.error().message.key, "error.contact.rate_limited");
  ASSERT_NE(over.error().message.Arg("retry_after"), nullptr);
  EXPECT_EQ(*over.error().message.Arg("retry_after"), "3000");  // 50 minutes
  EXPECT_EQ(*over.error().message.Arg("limit"), "3");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 2);
  // Another organisation has its own allowance.
  const int64_t haus = Live(kHaus, "Jugendarbeit");
  EXPECT_TRUE(Write(kHaus, haus, {"5000000001", "5000000002", "5000000003"}).has_value());
  // One more fits; then a reply is one recipient too.
  const auto third = Write(kNorr, forest_, {"5000000003"});
  ASSERT_TRUE(third.has_value()) << Describe(third);
  auto reply = service_->ReplyAsStaff(kNorr, third->front(), "Are you still interested?");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, ErrorCode::kTooManyRequests);
  clock_.Advance(std::chrono::minutes(51));  // the first two are more than an hour old
  EXPECT_TRUE(service_->ReplyAsStaff(kNorr, third->front(), "Are you still interested?"));
}

TEST_P(ContactServiceTest, NobodyWhoBlockedTheOrganisationIsWrittenTo) {
  const int64_t astrid = Person("5000000001", "Astrid");
  Person("5000000002", "Bo");
  const int64_t thread = WriteOne("5000000001");
  ASSERT_TRUE(service_->Block(astrid, thread).has_value());
  const int64_t before = Written();

  // All or nothing: Bo is not written to either, and the answer names how many and why.
  auto refused = Write(kNorr, forest_, {"5000000001", "5000000002"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().message.key, "error.contact.not_sent");
  EXPECT_EQ(FieldKeys(refused.error(), "participant_references"),
            std::vector<std::string>{"error.contact.blocked:1"});
  EXPECT_EQ(Written(), before);
  // Nor can the thread go on, from either side, until the person unblocks.
  auto reply = service_->ReplyAsStaff(kNorr, thread, "Hello again");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(service_->Reply(astrid, thread, "Hi").has_value());
  // Other organisations are not affected.
  const int64_t haus = Live(kHaus, "Jugendarbeit");
  EXPECT_TRUE(Write(kHaus, haus, {"5000000001"}).has_value());

  auto blocks = service_->Blocks(astrid);
  ASSERT_TRUE(blocks.has_value());
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ(blocks->front().oid, "E10000001");
  EXPECT_EQ(blocks->front().organisation_name, "Ungdomsföreningen Norr");
  auto threads = service_->ParticipantThreads(astrid);
  ASSERT_TRUE(threads.has_value());
  EXPECT_EQ(threads->size(), 2u);

  ASSERT_TRUE(service_->Unblock(astrid, "E10000001").has_value());
  EXPECT_TRUE(service_->Blocks(astrid)->empty());
  EXPECT_TRUE(Write(kNorr, forest_, {"5000000001", "5000000002"}).has_value());
  // Blocking needs one of the person's own threads.
  EXPECT_EQ(service_->Block(astrid + 1, thread).error().code, ErrorCode::kNotFound);
}

TEST_P(ContactServiceTest, OnlyFindablePeopleOrCandidatesOfTheOpportunity) {
  Person("5000000001", "Astrid");
  const int64_t hidden = Person("5000000002", "Bo", "en", /*searchable=*/false);
  auto refused = Write(kNorr, forest_, {"5000000001", "5000000002", "9999999999"});
  ASSERT_FALSE(refused.has_value());
  // The same words for someone hidden and a reference that does not exist.
  EXPECT_EQ(FieldKeys(refused.error(), "participant_references"),
            std::vector<std::string>{"error.contact.unreachable:2"});
  EXPECT_EQ(Written(), 0);

  // An applicant is written to about this opportunity whether findable or not; not about
  // another one, nor after withdrawing.
  Candidate(forest_, hidden, Stage::kNew, /*applied=*/true);
  EXPECT_TRUE(Write(kNorr, forest_, {"5000000002"}).has_value());
  const int64_t other = Live(kNorr, "Summer camp");
  EXPECT_FALSE(Write(kNorr, other, {"5000000002"}).has_value());
  Sql("UPDATE pipeline_entries SET stage = 'withdrawn'");
  EXPECT_FALSE(Write(kNorr, forest_, {"5000000002"}).has_value());

  // Only the organisation's own, published or closed opportunities.
  const int64_t haus = Live(kHaus, "Jugendarbeit");
  EXPECT_EQ(Write(kNorr, haus, {"5000000001"}).error().code, ErrorCode::kNotFound);
  const int64_t draft = Live(kNorr, "Not ready yet");
  Sql("UPDATE opportunities SET status = 'draft' WHERE id = " + std::to_string(draft));
  auto on_draft = Write(kNorr, draft, {"5000000001"});
  ASSERT_FALSE(on_draft.has_value());
  EXPECT_EQ(FieldKeys(on_draft.error(), "opportunity_id"),
            std::vector<std::string>{"error.contact.opportunity_draft"});
}

TEST_P(ContactServiceTest, StagesMoveForwardToContactedAndNeverBack) {
  const std::vector<std::pair<Stage, std::string>> cases = {
      {Stage::kNew, "contacted"},           {Stage::kShortlisted, "contacted"},
      {Stage::kContacted, "contacted"},     {Stage::kInterview, "interview"},
      {Stage::kOffered, "offered"},         {Stage::kMatched, "matched"},
      {Stage::kNotSelected, "not_selected"}};
  int n = 0;
  for (const auto& [stage, after] : cases) {
    const std::string reference = std::to_string(5200000000 + ++n);
    const int64_t id = Person(reference, "P" + std::to_string(n));
    Candidate(forest_, id, stage);
    ASSERT_TRUE(Write(kNorr, forest_, {reference}).has_value()) << after;
    EXPECT_EQ(StageOf(forest_, id), after) << opportunities::StageCode(stage);
  }
}

TEST_P(ContactServiceTest, ContactDataOnlyAfterAReplyOrAnAcceptedOffer) {
  const int64_t astrid = Person("5000000001", "Astrid");
  const int64_t thread = WriteOne("5000000001");
  const int64_t camp = Live(kNorr, "Summer camp");
  const auto second = Write(kNorr, camp, {"5000000001"});
  ASSERT_TRUE(second.has_value());

  auto seen = service_->OrganisationThread(kNorr, thread);
  ASSERT_TRUE(seen.has_value()) << Describe(seen);
  EXPECT_EQ(seen->thread.given_name, "Astrid");
  EXPECT_EQ(seen->thread.reference, "5000000001");
  EXPECT_EQ(seen->thread.family_name, "");
  EXPECT_EQ(seen->thread.email, "");
  EXPECT_FALSE(seen->thread.shared);
  const auto listed = service_->OrganisationThreads(kNorr);
  ASSERT_TRUE(listed.has_value());
  for (const auto& t : *listed) EXPECT_EQ(t.email, "");

  ASSERT_TRUE(service_->Reply(astrid, thread, "Yes, tell me more!").has_value());
  seen = service_->OrganisationThread(kNorr, thread);
  EXPECT_TRUE(seen->thread.shared);
  EXPECT_EQ(seen->thread.email, "5000000001@young.example");
  EXPECT_EQ(seen->thread.family_name, "Andersson");
  // Only in the thread the person answered.
  EXPECT_EQ(service_->OrganisationThread(kNorr, second->front())->thread.email, "");
  EXPECT_EQ(One("SELECT reason FROM audit_log WHERE action = 'contact.data_shared'"), "reply");

  // Accepting an offer shares it in every thread with that organisation.
  ASSERT_TRUE(service_->ShareContactData("E10000001", astrid).has_value());
  EXPECT_EQ(service_->OrganisationThread(kNorr, second->front())->thread.email,
            "5000000001@young.example");
  EXPECT_EQ(service_->ShareContactData("E10000001", astrid + 100).error().code,
            ErrorCode::kNotFound);
}

TEST_P(ContactServiceTest, UnreadCountsAndReadMarksOnBothSides) {
  const int64_t astrid = Person("5000000001", "Astrid");
  const int64_t thread = WriteOne("5000000001");
  ASSERT_TRUE(service_->ReplyAsStaff(kNorr, thread, "And one more thing.").has_value());
  EXPECT_EQ(*service_->Unread(astrid), 2);
  EXPECT_EQ(*service_->OrganisationUnread(kNorr), 0);  // their own posts
  EXPECT_EQ(service_->ParticipantThreads(astrid)->front().unread, 2);

  auto read = service_->ParticipantThread(astrid, thread);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->posts.size(), 2u);
  EXPECT_EQ(read->posts[0].staff_email, "");  // which member of staff is theirs to know
  EXPECT_EQ(*service_->Unread(astrid), 0);

  ASSERT_TRUE(service_->Reply(astrid, thread, "Thanks!").has_value());
  EXPECT_EQ(*service_->Unread(astrid), 0);
  EXPECT_EQ(*service_->OrganisationUnread(kNorr), 1);
  EXPECT_EQ(service_->OrganisationThreads(kNorr)->front().unread, 1);
  auto staff_read = service_->OrganisationThread(kNorr, thread);
  ASSERT_TRUE(staff_read.has_value());
  EXPECT_EQ(staff_read->posts[0].staff_email, "anna@norr.example");
  EXPECT_EQ(*service_->OrganisationUnread(kNorr), 0);
}

TEST_P(ContactServiceTest, ThreadsAreTheirOrganisationsAndTheirPersonsOnly) {
  const int64_t astrid = Person("5000000001", "Astrid");
  const int64_t bo = Person("5000000002", "Bo");
  const int64_t thread = WriteOne("5000000001");
  EXPECT_EQ(service_->OrganisationThread(kHaus, thread).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ReplyAsStaff(kHaus, thread, "Hello").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->OrganisationThreads(kHaus)->empty());
  EXPECT_EQ(service_->ParticipantThread(bo, thread).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Reply(bo, thread, "Hello").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->ParticipantThreads(bo)->empty());
  EXPECT_EQ(service_->ParticipantThreads(astrid)->size(), 1u);
  EXPECT_EQ(service_->OrganisationThread(kNorr, thread + 1000).error().code, ErrorCode::kNotFound);
}

TEST_P(ContactServiceTest, NoticesGoIntoTheThreadUnreadForBothAndWithoutMail) {
  const int64_t astrid = Person("5000000001", "Astrid", "de");
  ASSERT_TRUE(service_
                  ->PostNotice("E10000001", astrid, forest_,
                               Message("offer.notice.sent", {{"answer_by", "2027-01-15"}}))
                  .has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_threads"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(*service_->Unread(astrid), 1);
  EXPECT_EQ(*service_->OrganisationUnread(kNorr), 1);
  auto read = service_->ParticipantThread(astrid, service_->ParticipantThreads(astrid)->front().id);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->posts.size(), 1u);
  EXPECT_EQ(read->posts[0].author, Author::kNotice);
  EXPECT_EQ(read->posts[0].notice, Message("offer.notice.sent", {{"answer_by", "2027-01-15"}}));
  EXPECT_EQ(read->thread.opportunity_title, "Forest volunteers in Umeå");

  // A second notice lands in the same thread; the wrong organisation or person reaches nothing.
  ASSERT_TRUE(service_->PostNotice("E10000001", astrid, forest_, "offer.notice.accepted"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 2);
  EXPECT_EQ(service_->PostNotice("E10000002", astrid, forest_, "offer.notice.sent").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(
      service_->PostNotice("E10000001", astrid + 1, forest_, "offer.notice.sent").error().code,
      ErrorCode::kNotFound);
}

TEST_P(ContactServiceTest, ErasureTakesThreadsPostsReadMarksAndBlocks) {
  const int64_t astrid = Person("5000000001", "Astrid");
  Person("5000000002", "Bo");
  const int64_t thread = WriteOne("5000000001");
  WriteOne("5000000002");
  ASSERT_TRUE(service_->Reply(astrid, thread, "Hello!").has_value());
  ASSERT_TRUE(service_->Block(astrid, thread).has_value());
  auto account = people_->ReadValue(
      [](participants::Repository& repo) { return repo.FindAccountByReference("5000000001"); });
  ASSERT_TRUE(account.has_value() && account->has_value());
  auto erased = people_->Write([&](participants::Repository& repo) {
    return repo.Erase((*account)->profile, "pseudonym", clock_.Now());
  });
  ASSERT_TRUE(erased.has_value()) << Describe(erased);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_threads"), 1);  // Bo's
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_reads"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_blocks"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts WHERE body = 'Hello!'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ContactServiceTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::contact
