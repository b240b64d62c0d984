// The search index's side of the store (storage/search_source.h) on SQLite and PostgreSQL:
// profiles saved through the participant repository come back for the index build with every
// child row, the change feed lists each change, and the current state of a profile is read after
// a change or an erasure; then the Follower end to end, a saved change showing in Index::Search.
#include "storage/search_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "search/follower.h"
#include "search/index.h"
#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::storage {
namespace {

using codes::Level;
using participants::Participant;
using Strings = std::vector<std::string>;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

const Date kToday = D(2026, 12, 1);

Participant Person(const std::string& reference) {
  Participant p;
  p.reference = reference;
  p.email = reference + "@young.example";
  p.given_name = "Lena";
  p.family_name = "Müller";
  p.nationality = "DE";
  p.birth_date = D(2001, 4, 17);
  p.residence = "DE";
  p.contact_language = "de";
  p.languages = {{"de", Level::kNative}, {"en", Level::kB2}, {"fr", Level::kA2}};
  p.skills = {"gardening", "first_aid"};
  p.topics = {"environment_nature", "climate_action"};
  p.activity_types = {"individual_volunteering", "volunteering_team"};
  p.destinations = {"FR", "SE"};
  p.availability = {{D(2027, 3, 1), D(2027, 8, 31)}, {D(2028, 1, 10), D(2028, 6, 30)}};
  p.experience = "Zwei Jahre Jugendleiterin in der Pfadfindergruppe.";
  p.motivation = "Umweltschutz ist mir wichtig, deshalb möchte ich mitarbeiten.";
  p.searchable = true;
  p.fewer_opportunities = true;
  p.sensitive_shared = true;
  p.support_needs = "step-free access";
  p.last_active = D(2026, 11, 20);
  return p;
}

// What the index is given: the profile without what search never sees (contact details, names
// beyond the given name, nationality, support needs, past placements), child rows in a fixed order.
Participant AsIndexed(const Participant& p) {
  Participant out;
  out.reference = p.reference;
  out.given_name = p.given_name;
  out.birth_date = p.birth_date;
  out.residence = p.residence;
  out.contact_language = p.contact_language;
  out.languages = p.languages;
  out.skills = p.skills;
  out.topics = p.topics;
  out.activity_types = p.activity_types;
  out.destinations = p.destinations;
  out.availability = p.availability;
  out.experience = p.experience;
  out.motivation = p.motivation;
  out.searchable = p.searchable;
  out.fewer_opportunities = p.fewer_opportunities;
  out.sensitive_shared = p.sensitive_shared;
  out.last_active = p.last_active;
  std::sort(out.languages.begin(), out.languages.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  for (auto* v : {&out.skills, &out.topics, &out.activity_types, &out.destinations}) {
    std::sort(v->begin(), v->end());
  }
  std::sort(out.availability.begin(), out.availability.end(),
            [](const auto& a, const auto& b) { return a.from < b.from; });
  return out;
}

class SearchSourceTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    source_ = std::make_unique<SqlSearchSource>(db_->db(), clock_);
  }

  int64_t Save(const Participant& p) {
    auto id = db_->db().Transaction([&](Connection& c) -> Result<int64_t> {
      SqlParticipantRepository repo(c, clock_);
      return repo.Save(p);
    });
    EXPECT_TRUE(id) << (id ? "" : id.error().detail);
    return id ? *id : 0;
  }
  void Hide(int64_t id, const std::string& reference) {
    auto r = db_->db().Transaction([&](Connection& c) -> Result<void> {
      SqlParticipantRepository repo(c, clock_);
      return repo.SetHidden(id, reference, clock_.Now());
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  }
  void Touch(int64_t id, const std::string& reference, Date day) {
    auto r = db_->db().Transaction([&](Connection& c) -> Result<void> {
      SqlParticipantRepository repo(c, clock_);
      return repo.Touch(id, reference, day);
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  }
  void EraseProfile(const std::string& reference) {
    auto r = db_->db().Transaction([&](Connection& c) -> Result<void> {
      SqlParticipantRepository repo(c, clock_);
      PASS_TRY(p, repo.FindByReference(reference));
      if (!*p) return Fail(NotFound("error.not_found"));
      return repo.Erase(**p, "pseudonym-" + reference, clock_.Now());
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  }
  std::map<std::string, Participant> LoadVisible(int64_t* last = nullptr) {
    std::map<std::string, Participant> out;
    auto r = source_->LoadVisible([&](Participant&& p) {
      EXPECT_EQ(out.count(p.reference), 0u) << p.reference << " twice";
      std::string reference = p.reference;
      out.emplace(std::move(reference), std::move(p));
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    if (last != nullptr && r) *last = *r;
    return out;
  }
  Strings Found(const search::Index& index, const search::Query& q = {}) {
    search::Query all = q;
    all.limit = search::kMaxLimit;
    auto r = index.Search(all, kToday);
    EXPECT_TRUE(r);
    Strings out;
    if (r) {
      for (const auto& h : r->hits) out.push_back(h.reference);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  testing::FakeClock clock_;
  std::unique_ptr<SqlSearchSource> source_;
};

TEST_P(SearchSourceTest, AnEmptyStoreLoadsNothing) {
  int64_t last = -1;
  EXPECT_TRUE(LoadVisible(&last).empty());
  EXPECT_EQ(last, 0);
  auto changes = source_->Changes(1, 1'000'000, 100);
  ASSERT_TRUE(changes);
  EXPECT_TRUE(changes->empty());
}

TEST_P(SearchSourceTest, LoadVisibleReturnsSearchableNotHiddenProfilesWithEveryChildRow) {
  Participant full = Person("2000000001");
  Participant bare = Person("2000000002");
  bare.languages.clear();
  bare.skills.clear();
  bare.topics.clear();
  bare.activity_types.clear();
  bare.destinations = {"any"};
  bare.availability.clear();
  bare.experience.clear();
  bare.motivation.clear();
  bare.fewer_opportunities = false;
  bare.sensitive_shared = false;
  bare.support_needs.clear();
  Participant unshared = Person("2000000003");
  unshared.sensitive_shared = false;
  Participant invisible = Person("2000000004");
  invisible.searchable = false;
  Participant hidden = Person("2000000005");
  for (const auto* p : {&full, &bare, &unshared, &invisible}) Save(*p);
  const int64_t hidden_id = Save(hidden);
  Hide(hidden_id, hidden.reference);

  int64_t last = 0;
  auto loaded = LoadVisible(&last);
  Strings references;
  for (const auto& [r, p] : loaded) references.push_back(r);
  EXPECT_EQ(references, (Strings{"2000000001", "2000000002", "2000000003"}));
  EXPECT_EQ(last, 6);  // five saves and the hiding
  for (const auto* p : {&full, &bare, &unshared}) {
    ASSERT_EQ(loaded.count(p->reference), 1u);
    Participant got = loaded.at(p->reference);
    EXPECT_GT(got.id, 0);
    got.id = 0;
    EXPECT_EQ(AsIndexed(got), AsIndexed(*p)) << p->reference;
  }
  // Nothing search never sees is read.
  const Participant& got = loaded.at(full.reference);
  EXPECT_TRUE(got.email.empty());
  EXPECT_TRUE(got.family_name.empty());
  EXPECT_TRUE(got.nationality.empty());
  EXPECT_TRUE(got.support_needs.empty());
}

TEST_P(SearchSourceTest, LoadVisibleGivesTheSameProfileAsCurrent) {
  // The index built at start and the index kept current hold the same thing.
  Participant p = Person("2000000010");
  p.languages = {{"sv", Level::kNative}, {"en", Level::kC1}, {"de", Level::kA1}};
  p.topics = {"sport", "digital", "culture_creativity"};
  p.availability = {{D(2028, 1, 1), D(2028, 2, 1)}, {D(2027, 1, 1), D(2027, 2, 1)}};
  Save(p);
  auto loaded = LoadVisible();
  auto current = source_->Current(p.reference);
  ASSERT_TRUE(current);
  ASSERT_TRUE(current->profile);
  Participant a = loaded.at(p.reference);
  Participant b = *current->profile;
  EXPECT_EQ(a.languages, b.languages);
  EXPECT_EQ(a.topics, b.topics);
  EXPECT_EQ(a.skills, b.skills);
  EXPECT_EQ(a.activity_types, b.activity_types);
  EXPECT_EQ(a.destinations, b.destinations);
  EXPECT_EQ(a.availability, b.availability);
}

TEST_P(SearchSourceTest, LoadVisibleReadsManyProfiles) {
  for (int i = 0; i < 150; ++i) {
    Participant p = Person("21" + std::to_string(10000000 + i));
    p.searchable = i % 5 != 0;
    p.languages = {{"de", Level::kNative}, {i % 2 ? "en" : "fr", Level::kB1}};
    Save(p);
  }
  auto loaded = LoadVisible();
  EXPECT_EQ(loaded.size(), 120u);
  for (const auto& [r, p] : loaded) EXPECT_EQ(p.languages.size(), 2u) << r;
}

TEST_P(SearchSourceTest, ChangesListsFeedRowsInOrder) {
  const int64_t a = Save(Person("2000000021"));
  Save(Person("2000000022"));
  Touch(a, "2000000021", D(2026, 11, 30));
  auto all = source_->Changes(1, 1'000'000, 100);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].reference, "2000000021");
  EXPECT_EQ((*all)[1].reference, "2000000022");
  EXPECT_EQ((*all)[2].reference, "2000000021");
  EXPECT_LT((*all)[0].seq, (*all)[1].seq);
  EXPECT_LT((*all)[1].seq, (*all)[2].seq);
  // A range, and a limit.
  auto middle = source_->Changes((*all)[1].seq, (*all)[1].seq, 100);
  ASSERT_TRUE(middle);
  ASSERT_EQ(middle->size(), 1u);
  EXPECT_EQ((*middle)[0].reference, "2000000022");
  auto first_two = source_->Changes(1, 1'000'000, 2);
  ASSERT_TRUE(first_two);
  EXPECT_EQ(first_two->size(), 2u);
  auto after = source_->Changes((*all)[2].seq + 1, 1'000'000, 100);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
}

TEST_P(SearchSourceTest, CurrentReturnsTheStoredProfileOrNoneAfterErasure) {
  const Participant p = Person("2000000031");
  const int64_t id = Save(p);
  auto now = source_->Current(p.reference);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->reference, p.reference);
  ASSERT_TRUE(now->profile);
  EXPECT_FALSE(now->hidden);
  EXPECT_EQ(now->profile->experience, p.experience);
  EXPECT_TRUE(now->profile->fewer_opportunities);
  EXPECT_TRUE(now->profile->sensitive_shared);
  Hide(id, p.reference);
  auto hidden = source_->Current(p.reference);
  ASSERT_TRUE(hidden);
  EXPECT_TRUE(hidden->hidden);
  EraseProfile(p.reference);
  auto gone = source_->Current(p.reference);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->reference, p.reference);
  EXPECT_FALSE(gone->profile);
  // The feed keeps one row that says the reference changed, and no earlier ones.
  auto rows = source_->Changes(1, 1'000'000, 100);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].reference, p.reference);
  auto unknown = source_->Current("2999999999");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->profile);
}

TEST_P(SearchSourceTest, FollowerShowsSavedChangesInSearchResults) {
  const int64_t a = Save(Person("2000000041"));
  Participant b = Person("2000000042");
  b.residence = "SE";
  Save(b);
  search::Index index;
  search::Follower::Options options;
  options.poll = std::chrono::milliseconds(10);
  search::Follower follower(index, *source_, clock_, options);
  auto report = follower.Load();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->profiles, 2u);
  EXPECT_EQ(Found(index), (Strings{"2000000041", "2000000042"}));

  // A change of residence, a new person, visibility off, and words.
  Participant moved = Person("2000000041");
  moved.residence = "IE";
  moved.experience = "Two years as a volunteer youth leader in my local scout group.";
  Save(moved);
  Save(Person("2000000043"));
  b.searchable = false;
  Save(b);
  auto looked = follower.CatchUp();
  ASSERT_TRUE(looked) << looked.error().detail;
  EXPECT_EQ(*looked, 3u);
  EXPECT_EQ(Found(index), (Strings{"2000000041", "2000000043"}));
  search::Query ie;
  ie.residence = {"IE"};
  EXPECT_EQ(Found(index, ie), (Strings{"2000000041"}));
  search::Query words;
  words.words = {"scouts"};
  EXPECT_EQ(Found(index, words), (Strings{"2000000041"}));

  // Hidden for inactivity, then active again; erased.
  Hide(a, "2000000041");
  ASSERT_TRUE(follower.CatchUp());
  EXPECT_EQ(Found(index), (Strings{"2000000043"}));
  Touch(a, "2000000041", kToday);
  ASSERT_TRUE(follower.CatchUp());
  EXPECT_EQ(Found(index), (Strings{"2000000041", "2000000043"}));
  EraseProfile("2000000043");
  ASSERT_TRUE(follower.CatchUp());
  EXPECT_EQ(Found(index), (Strings{"2000000041"}));

  // In the background, within a second.
  follower.Start();
  Save(Person("2000000044"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (Found(index).size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  follower.Stop();
  EXPECT_EQ(Found(index), (Strings{"2000000041", "2000000044"}));
}

TEST_P(SearchSourceTest, AChangeCommittedAfterALaterOneIsPickedUp) {
  // Two writers: the first takes its feed number, the second takes the next and commits first.
  // Only PostgreSQL lets them overlap; SQLite runs writers one after the other.
  if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "writers do not overlap on SQLite";
  Save(Person("2000000051"));
  search::Index index;
  search::Follower follower(index, *source_, clock_, search::Follower::Options{});
  ASSERT_TRUE(follower.Load());
  auto slow = db_->db().Acquire();
  ASSERT_TRUE(slow);
  ASSERT_TRUE((**slow).Begin());
  SqlParticipantRepository slow_repo(**slow, clock_);
  ASSERT_TRUE(slow_repo.Save(Person("2000000052")));
  Save(Person("2000000053"));
  ASSERT_TRUE(follower.CatchUp());
  EXPECT_EQ(Found(index), (Strings{"2000000051", "2000000053"}));
  ASSERT_TRUE((**slow).Commit());
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(follower.CatchUp());
  EXPECT_EQ(Found(index), (Strings{"2000000051", "2000000052", "2000000053"}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, SearchSourceTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::storage
