// Offers and placements on both databases (SPEC F14, F15, F20, F21, R8-R12): staff send offers
// that the rules allow and get every refusal named with its figures; young people accept,
// decline and cancel; every forbidden move is refused and writes nothing; two acceptances racing
// leave exactly one placement; the daily job expires what was not answered; the end of a
// placement counts for the next offer; the project feed's cursor neither skips nor repeats; the
// insurer's week lists the cross-border placements confirmed in it. A real SqlOfferStore on a
// migrated database, a fake clock and a composer that writes the template name as the subject.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "offers/service.h"
#include "opportunities/service.h"
#include "storage/offer_repository.h"
#include "storage/opportunity_repository.h"
#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::offers {
namespace {

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

mail::Message ComposeForTest(std::string_view lang, std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& args,
                             std::string to, std::string to_name) {
  mail::Message m;
  m.to = std::move(to);
  m.to_name = std::move(to_name);
  m.subject = std::string(name);
  m.lang = std::string(lang);
  for (const auto& [k, v] : args) m.body += k + "=" + v + "\n";
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

template <typename T>
bool IsError(const Result<T>& r, ErrorCode code) {
  return !r.has_value() && r.error().code == code;
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

const Staff kNorr{"E10000001", "anna@norr.example"};
const Staff kHaus{"E10000002", "dieter@haus.example"};

class OffersServiceTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    SetToday(D(2027, 1, 10));
    opportunity_store_ = std::make_unique<storage::SqlOpportunityStore>(db_->db(), clock_);
    people_ = std::make_unique<storage::SqlParticipantStore>(db_->db(), clock_);
    store_ = std::make_unique<storage::SqlOfferStore>(db_->db(), clock_);
    opportunities_ = std::make_unique<opportunities::Service>(
        *opportunity_store_, clock_, ComposeForTest, "https://pass.example");
    Hooks hooks;
    hooks.notice = [this](const Offer& o, const Message& m) {
      notices_.push_back(std::to_string(o.id) + ":" + m.key);
    };
    hooks.share_contact = [this](const Offer& o) { shared_.push_back(o.id); };
    service_ =
        std::make_unique<Service>(*store_, clock_, ComposeForTest, "https://pass.example", hooks);
    Sql("INSERT INTO organisations (oid, name, country, created_at, updated_at) VALUES "
        "('E10000001', 'Ungdomsföreningen Norr', 'SE', 0, 0), "
        "('E10000002', 'Haus der Jugend', 'DE', 0, 0)");
  }

  void Sql(const std::string& statement) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.Execute(statement); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  int64_t Count(const std::string& sql) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.QueryOne(sql); });
    EXPECT_TRUE(r.has_value()) << sql;
    return r && *r ? (*r)->Int(0) : -1;
  }

  std::vector<std::string> MailSubjects() {
    std::vector<std::string> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query("SELECT subject, recipient, lang FROM outbox ORDER BY id");
    });
    if (!rows) return out;
    for (const auto& r : *rows) out.push_back(r.Text(0) + " " + r.Text(1) + " " + r.Text(2));
    return out;
  }

  void SetToday(Date day) { clock_.Set(std::chrono::sys_days(day) + std::chrono::hours(9)); }

  // Six months of individual volunteering in Umeå (SE) from 1 March 2027.
  int64_t Opportunity(const Staff& staff, std::string grant = "2026-1-SE02-ESC51-000123",
                      std::string country = "SE", std::string type = "individual_volunteering") {
    opportunities::Opportunity o;
    o.title = "Forest volunteers";
    o.description = "Trails and nesting boxes.";
    o.activity_type = std::move(type);
    o.topics = {"environment_nature"};
    o.country = std::move(country);
    o.town = "Umeå";
    o.start_date = D(2027, 3, 1);
    o.end_date = D(2027, 8, 31);
    o.places = 2;
    o.grant_reference = std::move(grant);
    o.status = opportunities::Status::kPublished;
    auto r = opportunities_->Create(staff, std::move(o));
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? r->id : 0;
  }

  participants::Participant Person(const std::string& given, Date birth,
                                   const std::string& residence = "FI",
                                   std::vector<participants::PastPlacement> past = {},
                                   bool fewer = false) {
    participants::Participant p;
    p.reference = std::to_string(4000000000 + ++people_count_);
    p.sub = "sub-" + given;
    p.email = given + "@young.example";
    p.given_name = given;
    p.family_name = "Virtanen";
    p.birth_date = birth;
    p.residence = residence;
    p.nationality = residence;
    p.contact_language = "fi";
    p.last_active = clock_.Today();
    p.placements = std::move(past);
    p.fewer_opportunities = fewer;
    auto id = people_->WriteValue([&](participants::Repository& repo) { return repo.Save(p); });
    EXPECT_TRUE(id.has_value()) << Describe(id);
    p.id = id ? *id : 0;
    return p;
  }

  Draft DraftFor(int64_t opportunity, const participants::Participant& p) {
    Draft d;
    d.opportunity_id = opportunity;
    d.participant_reference = p.reference;
    return d;
  }

  Offer Sent(const Staff& staff, const Draft& d) {
    auto r = service_->Create(staff, d, true);
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? *r : Offer{};
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlOpportunityStore> opportunity_store_;
  std::unique_ptr<storage::SqlParticipantStore> people_;
  std::unique_ptr<storage::SqlOfferStore> store_;
  std::unique_ptr<opportunities::Service> opportunities_;
  std::unique_ptr<Service> service_;
  std::vector<std::string> notices_;
  std::vector<int64_t> shared_;
  int people_count_ = 0;
};

TEST_P(OffersServiceTest, SendingAnEligibleOfferTellsThePersonInTheirLanguage) {
  const int64_t opp = Opportunity(kNorr);
  const auto aino = Person("aino", D(2000, 5, 1));
  const Offer o = Sent(kNorr, DraftFor(opp, aino));
  EXPECT_EQ(o.state, State::kSent);
  EXPECT_EQ(o.start_date, D(2027, 3, 1));
  EXPECT_EQ(o.answer_by, D(2027, 2, 15));  // the last day R11 allows
  EXPECT_EQ(o.grant_reference, "2026-1-SE02-ESC51-000123");
  EXPECT_TRUE(o.cross_border);
  EXPECT_EQ(MailSubjects(), (std::vector<std::string>{"offer_sent aino@young.example fi"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'offer.sent'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE stage = 'offered'"), 1);
  EXPECT_EQ(notices_, (std::vector<std::string>{std::to_string(o.id) + ":notice.offer.sent"}));
}

TEST_P(OffersServiceTest, RefusalNamesEveryFailedRuleAndWritesNothing) {
  const int64_t opp = Opportunity(kNorr, "");
  const auto old = Person("old", D(1996, 3, 1));  // 31 on the start day
  auto r = service_->Create(kNorr, DraftFor(opp, old), true);
  ASSERT_TRUE(IsError(r, ErrorCode::kRefused)) << Describe(r);
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"R8.age", "R11.grant"}));
  EXPECT_EQ(r.error().fields[0].message.Arg("age") != nullptr, true);
  EXPECT_EQ(*r.error().fields[0].message.Arg("age"), "31");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM offers"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM offer_changes"), 0);
  // As a draft it may be kept, to be sent once the grant is there.
  auto draft = service_->Create(kNorr, DraftFor(opp, old), false);
  ASSERT_TRUE(draft.has_value()) << Describe(draft);
  EXPECT_EQ(draft->state, State::kDraft);
  EXPECT_TRUE(IsError(service_->Send(kNorr, draft->id), ErrorCode::kRefused));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(OffersServiceTest, TheTwelveMonthLimitCountsDeclaredVolunteering) {
  const int64_t opp = Opportunity(kNorr);
  const auto p = Person("pekka", D(2000, 5, 1), "FI",
                        {{D(2024, 1, 1), D(2024, 9, 30), "volunteering_team", false}});
  Draft d = DraftFor(opp, p);
  d.end_date = D(2027, 6, 30);  // 4 months: 9 + 4 = 13
  auto r = service_->Create(kNorr, d, true);
  ASSERT_TRUE(IsError(r, ErrorCode::kRefused)) << Describe(r);
  ASSERT_EQ(Fields(r.error()), (std::vector<std::string>{"R10.total"}));
  const Message& m = r.error().fields[0].message;
  EXPECT_EQ(*m.Arg("done_months"), "9");
  EXPECT_EQ(*m.Arg("offered_months"), "4");
  EXPECT_EQ(*m.Arg("total_months"), "13");
  EXPECT_EQ(*m.Arg("latest"), "2027-05-31");
  d.end_date = D(2027, 5, 31);
  EXPECT_TRUE(service_->Create(kNorr, d, true).has_value());
}

TEST_P(OffersServiceTest, LateSendingAndAnswerByAfterTheLeadAreRefused) {
  const int64_t opp = Opportunity(kNorr);
  const auto p = Person("liisa", D(2000, 5, 1));
  Draft d = DraftFor(opp, p);
  d.answer_by = D(2027, 2, 16);
  auto late_answer = service_->Create(kNorr, d, true);
  ASSERT_TRUE(IsError(late_answer, ErrorCode::kRefused));
  EXPECT_EQ(Fields(late_answer.error()), (std::vector<std::string>{"R11.answer_by"}));
  SetToday(D(2027, 2, 16));  // 13 days before the start
  d.answer_by.reset();
  auto late = service_->Create(kNorr, d, true);
  ASSERT_TRUE(IsError(late, ErrorCode::kRefused));
  EXPECT_EQ(Fields(late.error()), (std::vector<std::string>{"R11.lead"}));
}

TEST_P(OffersServiceTest, AcceptingMakesAPlacementAndTellsBothSides) {
  const int64_t opp = Opportunity(kNorr);
  const auto aino = Person("aino", D(2000, 5, 1));
  const Offer o = Sent(kNorr, DraftFor(opp, aino));
  SetToday(D(2027, 2, 15));  // the last day
  auto accepted = service_->Accept(aino.id, o.id);
  ASSERT_TRUE(accepted.has_value()) << Describe(accepted);
  EXPECT_EQ(accepted->state, State::kAccepted);
  EXPECT_TRUE(IsPlacement(*accepted));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE stage = 'matched'"), 1);
  const auto mails = MailSubjects();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(mails[1], "offer_accepted_person aino@young.example fi");
  EXPECT_EQ(mails[2], "offer_accepted anna@norr.example en");
  EXPECT_EQ(shared_, (std::vector<int64_t>{o.id}));
  // Once only.
  EXPECT_TRUE(IsError(service_->Accept(aino.id, o.id), ErrorCode::kConflict));
  EXPECT_TRUE(IsError(service_->Decline(aino.id, o.id, ""), ErrorCode::kConflict));
  EXPECT_TRUE(IsError(service_->Withdraw(kNorr, o.id, "changed our mind"), ErrorCode::kConflict));
}

TEST_P(OffersServiceTest, AnExpiredOfferCannotBeAcceptedAndTheDailyJobExpiresIt) {
  const int64_t opp = Opportunity(kNorr);
  const auto aino = Person("aino", D(2000, 5, 1));
  Draft d = DraftFor(opp, aino);
  d.answer_by = D(2027, 1, 31);
  const Offer o = Sent(kNorr, d);
  SetToday(D(2027, 2, 1));
  auto r = service_->Accept(aino.id, o.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kRefused)) << Describe(r);
  EXPECT_EQ(Fields(r.error()), (std::vector<std::string>{"R11.answer_by"}));
  auto expired = service_->ExpireDue();
  ASSERT_TRUE(expired.has_value());
  EXPECT_EQ(*expired, 1);
  EXPECT_EQ(service_->MyOffer(aino.id, o.id)->state, State::kExpired);
  EXPECT_EQ(*service_->ExpireDue(), 0);
  EXPECT_TRUE(IsError(service_->Accept(aino.id, o.id), ErrorCode::kConflict));
}

TEST_P(OffersServiceTest, AnOverlappingSecondOfferCannotBeAcceptedAndItsSenderIsTold) {
  const int64_t norr = Opportunity(kNorr);
  const int64_t haus = Opportunity(kHaus, "2026-1-DE04-ESC51-000777", "DE");
  const auto aino = Person("aino", D(2000, 5, 1));
  const Offer first = Sent(kNorr, DraftFor(norr, aino));
  Draft d = DraftFor(haus, aino);
  d.start_date = D(2027, 8, 31);  // overlaps by one day
  d.end_date = D(2027, 11, 30);
  const Offer second = Sent(kHaus, d);
  ASSERT_TRUE(service_->Accept(aino.id, first.id).has_value());
  const auto mails = MailSubjects();
  EXPECT_EQ(mails.back(), "offer_taken_elsewhere dieter@haus.example en");
  auto r = service_->Accept(aino.id, second.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kRefused)) << Describe(r);
  // Also a second long stay abroad (the first is the accepted one).
  ASSERT_EQ(Fields(r.error()), (std::vector<std::string>{"R10.long_term", "R10.overlap"}));
  EXPECT_EQ(*r.error().fields[1].message.Arg("after"), "2027-09-01");
}

TEST_P(OffersServiceTest, TwoAcceptancesRacingLeaveExactlyOnePlacement) {
  const int64_t norr = Opportunity(kNorr);
  const int64_t haus = Opportunity(kHaus, "2026-1-DE04-ESC51-000777", "DE");
  for (int round = 0; round < 5; ++round) {
    const auto p = Person("racer" + std::to_string(round), D(2000, 5, 1));
    const Offer a = Sent(kNorr, DraftFor(norr, p));
    const Offer b = Sent(kHaus, DraftFor(haus, p));
    std::atomic<int> won{0};
    std::atomic<int> refused{0};
    std::thread t1([&] {
      auto r = service_->Accept(p.id, a.id);
      (r ? won : refused)++;
    });
    std::thread t2([&] {
      auto r = service_->Accept(p.id, b.id);
      (r ? won : refused)++;
    });
    t1.join();
    t2.join();
    EXPECT_EQ(won.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM offers WHERE state = 'accepted' AND participant_id = " +
                    std::to_string(p.id)),
              1);
  }
}

TEST_P(OffersServiceTest, ForbiddenMovesAndOtherOrganisationsReachNothing) {
  const int64_t opp = Opportunity(kNorr);
  const auto aino = Person("aino", D(2000, 5, 1));
  const auto other = Person("other", D(2000, 5, 1));
  auto draft = service_->Create(kNorr, DraftFor(opp, aino), false);
  ASSERT_TRUE(draft.has_value());
  // The person does not see drafts; nobody else sees anything.
  EXPECT_TRUE(IsError(service_->MyOffer(aino.id, draft->id), ErrorCode::kNotFound));
  EXPECT_TRUE(service_->Mine(aino.id)->empty());
  EXPECT_TRUE(IsError(service_->Get(kHaus, draft->id), ErrorCode::kNotFound));
  EXPECT_TRUE(IsError(service_->Send(kHaus, draft->id), ErrorCode::kNotFound));
  ASSERT_TRUE(service_->Send(kNorr, draft->id).has_value());
  EXPECT_TRUE(IsError(service_->Accept(other.id, draft->id), ErrorCode::kNotFound));
  EXPECT_TRUE(IsError(service_->Withdraw(kHaus, draft->id, "x"), ErrorCode::kNotFound));
  EXPECT_TRUE(IsError(service_->Cancel(kNorr, draft->id, "x"), ErrorCode::kConflict));
  // Withdrawing a sent offer needs a reason; then it cannot be accepted.
  auto no_reason = service_->Withdraw(kNorr, draft->id, " ");
  ASSERT_TRUE(IsError(no_reason, ErrorCode::kInvalidInput));
  EXPECT_EQ(Fields(no_reason.error()), (std::vector<std::string>{"reason"}));
  ASSERT_TRUE(service_->Withdraw(kNorr, draft->id, "The project lost its funding").has_value());
  EXPECT_TRUE(IsError(service_->Accept(aino.id, draft->id), ErrorCode::kConflict));
  EXPECT_EQ(MailSubjects().back(), "offer_withdrawn aino@young.example fi");
}

TEST_P(OffersServiceTest, CancellingAPlacementNeedsAReasonAndTellsTheOtherSide) {
  const int64_t opp = Opportunity(kNorr);
  const auto aino = Person("aino", D(2000, 5, 1));
  const Offer o = Sent(kNorr, DraftFor(opp, aino));
  ASSERT_TRUE(service_->Accept(aino.id, o.id).has_value());
  EXPECT_TRUE(IsError(service_->CancelMine(aino.id, o.id, ""), ErrorCode::kInvalidInput));
  auto cancelled = service_->CancelMine(aino.id, o.id, "I found work at home");
  ASSERT_TRUE(cancelled.has_value()) << Describe(cancelled);
  EXPECT_EQ(cancelled->state, State::kCancelled);
  EXPECT_EQ(cancelled->cancelled_by, "participant");
  EXPECT_EQ(MailSubjects().back(), "offer_cancelled_staff anna@norr.example en");
  EXPECT_TRUE(IsError(service_->Cancel(kNorr, o.id, "again"), ErrorCode::kConflict));
}

TEST_P(OffersServiceTest, TheActualEndCountsForTheNextOffer) {
  const int64_t norr = Opportunity(kNorr);
  const int64_t haus = Opportunity(kHaus, "2026-1-DE04-ESC51-000777", "DE", "job");
  const auto aino = Person("aino", D(2000, 5, 1));
  const Offer o = Sent(kNorr, DraftFor(norr, aino));
  ASSERT_TRUE(service_->Accept(aino.id, o.id).has_value());
  SetToday(D(2027, 5, 10));
  End early{Outcome::kEndedEarly, D(2027, 5, 10), ""};
  auto no_reason = service_->RecordEnd(kNorr, o.id, early);
  ASSERT_TRUE(IsError(no_reason, ErrorCode::kInvalidInput));
  EXPECT_EQ(Fields(no_reason.error()), (std::vector<std::string>{"reason"}));
  early.reason = "Health reasons";
  End future = early;
  future.actual_end = D(2027, 5, 11);
  EXPECT_TRUE(IsError(service_->RecordEnd(kNorr, o.id, future), ErrorCode::kInvalidInput));
  auto ended = service_->RecordEnd(kNorr, o.id, early);
  ASSERT_TRUE(ended.has_value()) << Describe(ended);
  EXPECT_EQ(CountedEnd(*ended), D(2027, 5, 10));
  // A job from 1 June no longer overlaps the planned end (31 August).
  Draft d = DraftFor(haus, aino);
  d.start_date = D(2027, 6, 1);
  d.end_date = D(2027, 8, 31);
  d.answer_by = D(2027, 5, 18);
  auto r = service_->Create(kHaus, d, true);
  EXPECT_TRUE(r.has_value()) << Describe(r);
  auto certificate = service_->IssueCertificate(kNorr, o.id);
  ASSERT_TRUE(certificate.has_value());
  EXPECT_TRUE(certificate->certificate_issued_at.has_value());
}

TEST_P(OffersServiceTest, TheProjectFeedNeitherSkipsNorRepeats) {
  const int64_t opp = Opportunity(kNorr, "G-FEED");
  std::vector<int64_t> accepted;
  for (int i = 0; i < 5; ++i) {
    const auto p = Person("feed" + std::to_string(i), D(2000, 5, 1));
    const Offer o = Sent(kNorr, DraftFor(opp, p));
    if (i == 2) continue;  // never accepted: not a participant of the project
    ASSERT_TRUE(service_->Accept(p.id, o.id).has_value());
    accepted.push_back(o.id);
  }
  ASSERT_TRUE(service_->Cancel(kNorr, accepted[0], "Visa refused").has_value());
  // Read one at a time from the start, following next_cursor.
  std::vector<std::pair<int64_t, State>> seen;
  int64_t cursor = 0;
  for (int guard = 0; guard < 20; ++guard) {
    auto page = service_->ProjectFeed("G-FEED", cursor, 1);
    ASSERT_TRUE(page.has_value()) << Describe(page);
    if (page->items.empty() && page->next_cursor == cursor) break;
    for (const auto& item : page->items) seen.emplace_back(item.offer.id, item.offer.state);
    cursor = page->next_cursor;
  }
  // Each participant once, in its latest state: the cancelled one last.
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen.back(), std::make_pair(accepted[0], State::kCancelled));
  std::vector<int64_t> ids;
  for (const auto& [id, state] : seen) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{accepted[0], accepted[1], accepted[2], accepted[3]}));
  // Nothing new: an empty page at the same cursor; another project sees nothing.
  auto again = service_->ProjectFeed("G-FEED", cursor, 10);
  EXPECT_TRUE(again->items.empty());
  EXPECT_EQ(again->next_cursor, cursor);
  EXPECT_TRUE(service_->ProjectFeed("OTHER", 0, 10)->items.empty());
}

TEST_P(OffersServiceTest, TheInsurerWeekListsCrossBorderPlacementsConfirmedInIt) {
  const int64_t opp = Opportunity(kNorr);
  const auto abroad = Person("abroad", D(2000, 5, 1), "FI");
  const auto home = Person("home", D(2000, 5, 1), "SE");
  const Offer a = Sent(kNorr, DraftFor(opp, abroad));
  const Offer h = Sent(kNorr, DraftFor(opp, home));
  SetToday(D(2027, 2, 10));  // Wednesday of week 6
  ASSERT_TRUE(service_->Accept(abroad.id, a.id).has_value());
  ASSERT_TRUE(service_->Accept(home.id, h.id).has_value());
  auto week = service_->ConfirmedInWeek(IsoWeek{2027, 6});
  ASSERT_TRUE(week.has_value());
  ASSERT_EQ(week->size(), 1u);
  EXPECT_EQ(week->front().id, a.id);
  EXPECT_FALSE(TooLateForTransfer(week->front()));  // sent Monday 15 February, start 1 March
  EXPECT_TRUE(service_->ConfirmedInWeek(IsoWeek{2027, 7})->empty());
}

INSTANTIATE_TEST_SUITE_P(Databases, OffersServiceTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const ::testing::TestParamInfo<storage::Dialect>& param_info) {
                           return testing::DialectName(param_info.param);
                         });

TEST(IsoWeeks, ParseFormatAndTransferDays) {
  EXPECT_EQ(FormatIsoWeek(*ParseIsoWeek("2027-W09")), "2027-W09");
  EXPECT_FALSE(ParseIsoWeek("2027-W54").has_value());
  EXPECT_FALSE(ParseIsoWeek("2027-W00").has_value());
  EXPECT_FALSE(ParseIsoWeek("2027-W53").has_value());  // 2027 has 52 weeks
  EXPECT_TRUE(ParseIsoWeek("2026-W53").has_value());   // 2026 has 53
  EXPECT_FALSE(ParseIsoWeek("2027W09").has_value());
  EXPECT_EQ(MondayOf({2027, 1}), D(2027, 1, 4));
  EXPECT_EQ(MondayOf({2026, 1}), D(2025, 12, 29));
  EXPECT_EQ(FormatIsoWeek(WeekOf(D(2027, 1, 3))), "2026-W53");
  EXPECT_EQ(TransferDay(D(2027, 2, 10)), D(2027, 2, 15));
  EXPECT_EQ(TransferDay(D(2027, 2, 14)), D(2027, 2, 15));  // Sunday
  EXPECT_EQ(TransferDay(D(2027, 2, 15)), D(2027, 2, 22));  // Monday: next week's transfer
  Offer o;
  o.state = State::kAccepted;
  o.cross_border = true;
  o.decided_at = std::chrono::sys_days(D(2027, 2, 10));
  o.start_date = D(2027, 2, 15);
  EXPECT_TRUE(TooLateForTransfer(o));  // leaves on the transfer day
  o.start_date = D(2027, 2, 16);
  EXPECT_FALSE(TooLateForTransfer(o));
  o.cross_border = false;
  o.start_date = D(2027, 2, 15);
  EXPECT_FALSE(TooLateForTransfer(o));
}

}  // namespace
}  // namespace pass::offers
