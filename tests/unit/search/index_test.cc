// The candidate search index (SPEC F3, F9, F10, R8, R9): the exact totals, pages and facet counts
// organisations see, checked against a brute-force scan written here from the SPEC's rules over a
// few thousand realistic profiles and a few hundred random queries; the day-exact age and
// availability boundaries; paging; suggestions with their scores and reasons; fairness (flipping a
// protected attribute never changes a ranking); updates; and the errors callers get.
#include "search/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "demo/demo.h"
#include "participants/profile.h"
#include "search/text.h"

namespace pass::search {
namespace {

using codes::Level;
using participants::AgeOn;
using participants::Participant;
using Strings = std::vector<std::string>;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}
Date Plus(Date d, int days) { return Date{std::chrono::sys_days(d) + std::chrono::days(days)}; }
Date YearsBefore(Date d, int years) {
  return Date{d.year() - std::chrono::years(years), d.month(), d.day()};
}

const Date kToday = D(2026, 12, 1);

// Searches may take long under the sanitizers; the budget is not what these tests are about.
Index::Options Patient() {
  Index::Options o;
  o.budget = std::chrono::minutes(1);
  return o;
}

// A findable person with one of everything, for the hand-made cases.
Participant Person(std::string reference, Date birth) {
  Participant p;
  p.reference = std::move(reference);
  p.given_name = "Alex";
  p.family_name = "Example";
  p.nationality = "SE";
  p.birth_date = birth;
  p.residence = "SE";
  p.contact_language = "en";
  p.languages = {{"sv", Level::kNative}, {"en", Level::kB2}};
  p.skills = {"gardening"};
  p.topics = {"environment_nature"};
  p.activity_types = {"individual_volunteering"};
  p.destinations = {"any"};
  p.availability = {{Plus(kToday, 30), Plus(kToday, 200)}};
  p.experience = "Two years as a volunteer youth leader in my local scout group.";
  p.motivation = "I care about the climate and would like to work on nature protection projects.";
  p.searchable = true;
  p.last_active = kToday;
  return p;
}

// Every reference matching `q`, over all pages, in the order given.
std::vector<Hit> AllHits(const Index& index, Query q, Date today, int limit = kMaxLimit) {
  std::vector<Hit> out;
  q.limit = limit;
  q.facets.clear();
  for (q.offset = 0; q.offset <= kMaxOffset; q.offset += limit) {
    auto r = index.Search(q, today);
    if (!r) {
      ADD_FAILURE() << "search failed: " << r.error().message.key;
      break;
    }
    for (auto& h : r->hits) out.push_back(std::move(h));
    if (r->hits.size() < static_cast<size_t>(limit)) break;
  }
  return out;
}

Strings References(const std::vector<Hit>& hits) {
  Strings out;
  for (const auto& h : hits) out.push_back(h.reference);
  return out;
}

Strings Found(const Index& index, const Query& q, Date today = kToday) {
  Strings refs = References(AllHits(index, q, today));
  std::sort(refs.begin(), refs.end());
  return refs;
}

bool Finds(const Index& index, std::string_view reference, const Query& q = {},
           Date today = kToday) {
  const Strings refs = Found(index, q, today);
  return std::find(refs.begin(), refs.end(), reference) != refs.end();
}

uint64_t Total(const Index& index, const Query& q, Date today = kToday) {
  auto r = index.Search(q, today);
  EXPECT_TRUE(r) << (r ? "" : r.error().message.key);
  return r ? r->total : 0;
}

const Reason* ScoredReason(const Hit& h, std::string_view kind) {
  for (const auto& r : h.reasons) {
    if (r.kind == kind && r.weight > 0) return &r;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The brute-force scan: the SPEC's rules, one person at a time.

struct Stored {
  Participant p;
  bool hidden = false;
  std::set<std::string> terms;  // what the experience and motivation are indexed under
};

bool Contains(const Strings& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool AnyInCommon(const Strings& has, const Strings& wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const auto& w) { return Contains(has, w); });
}

bool HasLanguages(const Participant& p, const std::vector<codes::LanguageLevel>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const codes::LanguageLevel& w) {
    return std::any_of(p.languages.begin(), p.languages.end(), [&](const auto& l) {
      return l.code == w.code && l.level >= w.level;  // native is above C2 in the enum
    });
  });
}

// Some period overlaps [from, to], ends inclusive; a missing end is open.
bool Overlaps(const Participant& p, std::optional<Date> from, std::optional<Date> to) {
  return std::any_of(p.availability.begin(), p.availability.end(), [&](const auto& period) {
    return period.from <= period.to && (!to || period.from <= *to) && (!from || period.to >= *from);
  });
}

// F3 and R8: visibility on, not hidden, not older than 30 (35 for humanitarian aid only) today.
bool Visible(const Stored& s, Date today) {
  return s.p.searchable && !s.hidden && s.p.birth_date <= today &&
         AgeOn(s.p.birth_date, today) <= participants::MaxAgeFor(s.p);
}

// The distinct words of the query, each with the forms it may have been indexed under.
std::vector<Strings> WordForms(const Query& q) {
  Strings words;
  for (const auto& typed : q.words) {
    for (const auto& w : Words(typed)) {
      if (!Contains(words, w)) words.push_back(w);
    }
  }
  std::vector<Strings> out;
  for (const auto& w : words) out.push_back(QueryForms(w));
  return out;
}

bool Eligible(const Participant& p, const Target& t, Date today) {
  const Date start = t.start.value_or(today);
  const int max = t.activity_type == "humanitarian_aid" ? 35 : 30;
  const int age = AgeOn(p.birth_date, start);
  return age >= 18 && age <= max &&
         (t.eligible_residence.empty() || Contains(t.eligible_residence, p.residence));
}

bool Matches(const Stored& s, const Query& q, const std::vector<Strings>& words, Date today) {
  const Participant& p = s.p;
  if (!Visible(s, today)) return false;
  if (!q.residence.empty() && !Contains(q.residence, p.residence)) return false;
  if (!q.destinations.empty() && !AnyInCommon(p.destinations, q.destinations) &&
      !Contains(p.destinations, "any")) {
    return false;
  }
  if (!q.topics.empty() && !AnyInCommon(p.topics, q.topics)) return false;
  if (!q.activity_types.empty() && !AnyInCommon(p.activity_types, q.activity_types)) return false;
  if (!q.skills.empty() && !AnyInCommon(p.skills, q.skills)) return false;
  if (!HasLanguages(p, q.languages)) return false;
  if ((q.available_from || q.available_to) && !Overlaps(p, q.available_from, q.available_to)) {
    return false;
  }
  if (q.age_min || q.age_max) {
    const int age = AgeOn(p.birth_date, q.age_at.value_or(today));
    if (q.age_min && age < *q.age_min) return false;
    if (q.age_max && age > *q.age_max) return false;
  }
  if (q.active_within_days && p.last_active < Plus(today, -*q.active_within_days)) return false;
  for (const auto& forms : words) {
    if (std::none_of(forms.begin(), forms.end(), [&](const auto& f) { return s.terms.count(f); })) {
      return false;
    }
  }
  if (q.target && !Eligible(p, *q.target, today)) return false;
  return true;
}

struct Part {
  std::string kind;
  int weight = 0;
  bool matched = false;
};

// The match score's parts (index.h): availability always, the others when the opportunity asks.
std::vector<Part> Parts(const Participant& p, const Target& t, Date today) {
  std::vector<Part> parts;
  parts.push_back(
      {"availability", kWeightAvailability, Overlaps(p, t.start.value_or(today), t.end)});
  if (!t.topics.empty())
    parts.push_back({"topics", kWeightTopics, AnyInCommon(p.topics, t.topics)});
  if (!t.activity_type.empty()) {
    parts.push_back(
        {"activity_type", kWeightActivityType, Contains(p.activity_types, t.activity_type)});
  }
  if (!t.country.empty()) {
    parts.push_back({"destination", kWeightDestination,
                     Contains(p.destinations, t.country) || Contains(p.destinations, "any")});
  }
  if (!t.languages.empty()) {
    parts.push_back({"languages", kWeightLanguages, HasLanguages(p, t.languages)});
  }
  if (!t.skills.empty())
    parts.push_back({"skills", kWeightSkills, AnyInCommon(p.skills, t.skills)});
  if (t.favour_inclusion) {
    parts.push_back({"inclusion", kWeightInclusion, p.fewer_opportunities && p.sensitive_shared});
  }
  return parts;
}

int ScoreOf(const std::vector<Part>& parts) {
  int total = 0;
  int earned = 0;
  for (const auto& part : parts) {
    total += part.weight;
    if (part.matched) earned += part.weight;
  }
  return total == 0 ? 100 : (earned * 100 + total / 2) / total;
}

using FacetMap = std::map<std::string, std::map<std::string, uint64_t>>;

// The counts of each asked-for facet's values over `people`.
FacetMap BruteFacets(const std::vector<const Stored*>& people, const Strings& names) {
  FacetMap out;
  for (const auto& name : names) out[name];
  for (const auto* s : people) {
    const Participant& p = s->p;
    auto each = [&](const std::string& name, const Strings& values) {
      if (!Contains(names, name)) return;
      std::set<std::string> once(values.begin(), values.end());
      for (const auto& v : once) ++out[name][v];
    };
    each("residence", {p.residence});
    each("destinations", p.destinations);
    each("topics", p.topics);
    each("activity_types", p.activity_types);
    each("skills", p.skills);
    Strings languages;
    for (const auto& l : p.languages) languages.push_back(l.code);
    each("languages", languages);
  }
  return out;
}

FacetMap IndexFacets(const std::vector<Facet>& facets) {
  FacetMap out;
  for (const auto& f : facets) {
    auto& counts = out[f.name];
    for (const auto& c : f.counts) counts[c.value] = c.count;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The registry the differential tests search: demo profiles, varied where the rules have edges.

constexpr uint64_t kSeed = 20260701;
constexpr int kPeople = 3000;

std::vector<Stored> MakeRegistry() {
  std::mt19937_64 rnd(kSeed);
  auto below = [&](int n) { return static_cast<int>(rnd() % static_cast<uint64_t>(n)); };
  std::vector<Stored> out;
  for (int i = 0; i < kPeople; ++i) {
    Stored s;
    s.p = demo::SyntheticParticipant(kSeed, i, kToday);
    Participant& p = s.p;
    const int kind = below(100);
    if (kind < 6) {  // 31 to 35, humanitarian aid only: findable
      p.activity_types = {"humanitarian_aid"};
      p.birth_date = Plus(YearsBefore(kToday, 31 + below(5)), -below(365));
    } else if (kind < 9) {  // 31 to 35 but not only humanitarian aid: not findable
      p.activity_types = {"humanitarian_aid", "individual_volunteering"};
      p.birth_date = Plus(YearsBefore(kToday, 31 + below(5)), -below(365));
    } else if (kind < 12) {  // born on 29 February
      p.birth_date = D(1996 + 4 * below(3), 2, 29);
    } else if (kind < 16) {  // a few days either side of the 31st or 36th birthday
      p.birth_date = Plus(YearsBefore(kToday, below(2) == 0 ? 31 : 36), below(9) - 4);
      if (below(2) == 0) p.activity_types = {"humanitarian_aid"};
    } else if (kind < 18) {  // 17: findable, not yet eligible for an activity
      p.birth_date = Plus(YearsBefore(kToday, 17), -below(300));
    }
    const int inclusion = below(100);
    if (inclusion < 12) {
      p.fewer_opportunities = true;
      p.sensitive_shared = true;
    } else if (inclusion < 18) {
      p.fewer_opportunities = true;  // not shared: the index must not know
    } else if (inclusion < 21) {
      p.sensitive_shared = true;
    }
    if (below(100) < 3) p.languages.push_back({"ga", Level::kC2});
    if (below(100) < 5) p.availability.push_back({Plus(kToday, -below(60)), kToday});
    s.hidden = below(100) < 5;
    for (const auto* text : {&p.experience, &p.motivation}) {
      for (auto& t : IndexTerms(*text, p.contact_language)) s.terms.insert(std::move(t));
    }
    out.push_back(std::move(s));
  }
  return out;
}

class DifferentialTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = new std::vector<Stored>(MakeRegistry());
    by_reference_ = new std::map<std::string, const Stored*>();
    index_ = new Index(Patient());
    for (const auto& s : *registry_) {
      index_->Put(s.p, s.hidden);
      (*by_reference_)[s.p.reference] = &s;
    }
    index_->Compact();
  }
  static void TearDownTestSuite() {
    delete index_;
    delete by_reference_;
    delete registry_;
    index_ = nullptr;
    by_reference_ = nullptr;
    registry_ = nullptr;
  }

  static std::vector<const Stored*> Expected(const Query& q, Date today) {
    const auto words = WordForms(q);
    std::vector<const Stored*> out;
    for (const auto& s : *registry_) {
      if (Matches(s, q, words, today)) out.push_back(&s);
    }
    return out;
  }
  static const Stored& ByReference(const std::string& reference) {
    return *by_reference_->at(reference);
  }

  static std::vector<Stored>* registry_;
  static std::map<std::string, const Stored*>* by_reference_;
  static Index* index_;
};
std::vector<Stored>* DifferentialTest::registry_ = nullptr;
std::map<std::string, const Stored*>* DifferentialTest::by_reference_ = nullptr;
Index* DifferentialTest::index_ = nullptr;

// A random query combining every filter, with values that exist and some that do not.
class QueryMaker {
 public:
  QueryMaker(uint64_t seed, const std::vector<Stored>& registry) : rnd_(seed) {
    std::set<std::string> vocabulary;
    for (const auto& s : registry) {
      for (const auto* text : {&s.p.experience, &s.p.motivation}) {
        for (auto& w : Words(*text)) vocabulary.insert(std::move(w));
      }
    }
    vocabulary_.assign(vocabulary.begin(), vocabulary.end());
  }

  Query Make(Date today) {
    Query q;
    if (Chance(30)) q.residence = Some(kCountries, 3);
    if (Chance(25)) q.destinations = Some(kCountries, 2);
    if (Chance(30)) q.topics = Some(Topics(), 3);
    if (Chance(25)) q.activity_types = Some(Types(), 2);
    if (Chance(20)) q.skills = Some(Skills(), 6);
    if (Chance(25)) {
      for (int i = 0, n = 1 + Below(2); i < n; ++i) {
        q.languages.push_back({Pick(kLanguages), static_cast<Level>(Below(7))});
      }
    }
    if (Chance(35)) {
      const int shape = Below(3);
      const Date from = Plus(today, Below(900) - 60);
      if (shape != 2) q.available_from = from;
      if (shape != 1) q.available_to = Plus(from, Below(200));
    }
    if (Chance(30)) {
      const int lo = 16 + Below(21);
      if (Chance(70)) q.age_min = lo;
      if (Chance(70)) q.age_max = lo + Below(8);
      if (Chance(50)) q.age_at = Plus(today, Below(1200) - 400);
    }
    if (Chance(25)) q.active_within_days = Below(420);
    if (Chance(30)) {
      for (int i = 0, n = 1 + Below(2); i < n; ++i) {
        std::string w = Chance(90) && !vocabulary_.empty() ? Pick(vocabulary_) : Pick(kOtherWords);
        if (Chance(20)) w = Upper(w);
        q.words.push_back(std::move(w));
      }
    }
    if (Chance(30)) q.target = MakeTarget(today);
    const int sort = Below(3);
    q.sort = sort == 0 ? Sort::kRelevance : sort == 1 ? Sort::kLastActive : Sort::kMatch;
    if (q.sort == Sort::kMatch && !q.target) q.sort = Sort::kRelevance;
    for (auto f : FacetNames()) q.facets.emplace_back(f);
    return q;
  }

  Target MakeTarget(Date today) {
    Target t;
    if (Chance(80)) {
      t.start = Plus(today, Below(700) - 30);
      t.end = Plus(*t.start, 14 + Below(330));
    }
    if (Chance(85)) t.activity_type = Pick(Types());
    if (Chance(80)) t.topics = Some(Topics(), 3);
    if (Chance(70)) t.country = Pick(kCountries);
    if (Chance(60)) t.languages = {{Pick(kLanguages), static_cast<Level>(Below(6))}};
    if (Chance(50)) t.skills = Some(Skills(), 3);
    if (Chance(40)) t.eligible_residence = Some(kCountries, 6);
    t.favour_inclusion = Chance(40);
    return t;
  }

 private:
  static Strings Topics() { return {codes::Topics().begin(), codes::Topics().end()}; }
  static Strings Types() { return {codes::ActivityTypes().begin(), codes::ActivityTypes().end()}; }
  static Strings Skills() { return {codes::Skills().begin(), codes::Skills().end()}; }
  static std::string Upper(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }
  bool Chance(int percent) { return Below(100) < percent; }
  int Below(int n) { return static_cast<int>(rnd_() % static_cast<uint64_t>(n)); }
  template <typename V>
  std::string Pick(const V& values) {
    return std::string(values[static_cast<size_t>(Below(static_cast<int>(values.size())))]);
  }
  template <typename V>
  Strings Some(const V& values, int most) {
    Strings out;
    for (int i = 0, n = 1 + Below(most); i < n; ++i) {
      std::string v = Pick(values);
      if (!Contains(out, v)) out.push_back(std::move(v));
    }
    return out;
  }

  static constexpr std::array<std::string_view, 14> kCountries = {
      "IT", "ES", "FR", "DE", "PL", "RO", "PT", "GR", "TR", "SE", "HU", "IE", "NO", "any"};
  static constexpr std::array<std::string_view, 12> kLanguages = {
      "en", "fr", "de", "es", "it", "sv", "pl", "pt", "el", "hu", "ga", "fi"};
  static constexpr std::array<std::string_view, 8> kOtherWords = {
      "volunteers", "children",  "organising", "gardens",
      "projects",   "xylophone", "l'estero",   "naturvård"};
  std::mt19937_64 rnd_;
  Strings vocabulary_;
};

// Checks one query against the scan: total, every result once over all pages, the order, each
// hit's fields, scores and reasons, and the facet counts.
void CheckQuery(const Index& index, const std::vector<const Stored*>& expected,
                const std::function<const Stored&(const std::string&)>& stored, const Query& q,
                Date today, const std::string& what) {
  SCOPED_TRACE(what);
  auto first = index.Search(q, today);
  ASSERT_TRUE(first) << first.error().message.key;
  EXPECT_EQ(first->total, expected.size());
  const FacetMap got_facets = IndexFacets(first->facets);
  const FacetMap want_facets = BruteFacets(expected, q.facets);
  EXPECT_EQ(got_facets.size(), want_facets.size());
  for (const auto& [name, counts] : want_facets) {
    EXPECT_EQ(got_facets.count(name) ? got_facets.at(name) : FacetMap::mapped_type{}, counts)
        << "facet " << name;
  }
  for (const auto& f : first->facets) {
    for (size_t i = 1; i < f.counts.size(); ++i) {
      const auto& a = f.counts[i - 1];
      const auto& b = f.counts[i];
      EXPECT_TRUE(a.count > b.count || (a.count == b.count && a.value < b.value)) << f.name;
    }
  }

  const auto hits = AllHits(index, q, today);
  Strings got = References(hits);
  Strings want;
  for (const auto* s : expected) want.push_back(s->p.reference);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end()) << "a result twice";
  EXPECT_EQ(got, want);

  const bool by_match = q.target && q.sort != Sort::kLastActive;
  for (size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    const Participant& p = stored(h.reference).p;
    EXPECT_EQ(h.given_name, p.given_name);
    EXPECT_EQ(h.age, AgeOn(p.birth_date, today));
    EXPECT_EQ(h.residence, p.residence);
    EXPECT_EQ(h.languages, p.languages);
    EXPECT_EQ(h.topics, p.topics);
    EXPECT_EQ(h.activity_types, p.activity_types);
    EXPECT_EQ(h.availability, p.availability);
    EXPECT_EQ(h.last_active, p.last_active);
    if (i > 0) {
      const Hit& before = hits[i - 1];
      if (by_match) {
        EXPECT_GE(*before.score, *h.score) << "scores go up at " << i;
      } else if (q.sort == Sort::kLastActive || q.words.empty()) {
        EXPECT_GE(before.last_active, h.last_active) << "activity goes up at " << i;
      }
    }
    if (!q.target) {
      EXPECT_FALSE(h.score);
      continue;
    }
    ASSERT_TRUE(h.score);
    const auto parts = Parts(p, *q.target, today);
    EXPECT_EQ(*h.score, ScoreOf(parts)) << h.reference;
    for (const auto& part : parts) {
      const Reason* r = ScoredReason(h, part.kind);
      ASSERT_NE(r, nullptr) << part.kind;
      EXPECT_EQ(r->matched, part.matched) << h.reference << " " << part.kind;
      EXPECT_EQ(r->weight, part.weight);
      if (part.kind != "inclusion" && part.kind != "languages") {
        EXPECT_EQ(!r->matched_values.empty(), part.matched) << h.reference << " " << part.kind;
      }
    }
    int scored = 0;
    for (const auto& r : h.reasons) scored += r.weight > 0 ? 1 : 0;
    EXPECT_EQ(scored, static_cast<int>(parts.size()));
  }
}

TEST_F(DifferentialTest, RandomQueriesMatchABruteForceScan) {
  QueryMaker maker(kSeed + 1, *registry_);
  std::mt19937_64 days(kSeed + 2);
  size_t nonempty = 0;
  for (int i = 0; i < 250; ++i) {
    // Mostly today; sometimes a later day, when other people have grown too old.
    const int shift = static_cast<int>(days() % 10);
    const Date today = shift < 6 ? kToday : Plus(kToday, static_cast<int>(days() % 800));
    const Query q = maker.Make(today);
    const auto expected = Expected(q, today);
    if (!expected.empty()) ++nonempty;
    CheckQuery(*index_, expected, ByReference, q, today,
               "query " + std::to_string(i) + " on " + FormatIsoDate(today));
    if (HasFatalFailure() || HasFailure()) break;  // one query's failures are enough to read
  }
  EXPECT_GT(nonempty, 100u) << "the random queries should mostly find someone";
}

TEST_F(DifferentialTest, NoFilterFindsEveryVisiblePersonWithExactFacets) {
  Query q;
  for (auto f : FacetNames()) q.facets.emplace_back(f);
  for (int shift : {0, 1, 365, 366, 3650}) {
    const Date today = Plus(kToday, shift);
    CheckQuery(*index_, Expected(q, today), ByReference, q, today,
               "shift " + std::to_string(shift));
  }
  EXPECT_LT(Total(*index_, q), static_cast<uint64_t>(kPeople));
  EXPECT_GT(Total(*index_, q), static_cast<uint64_t>(kPeople / 2));
}

TEST_F(DifferentialTest, EverySingleFilterValueMatchesTheScan) {
  std::vector<Query> queries;
  for (auto c : {"IT", "ES", "SE", "IE", "NO"}) {
    Query r;
    r.residence = {c};
    queries.push_back(r);
    Query d;
    d.destinations = {c};
    queries.push_back(d);
  }
  for (auto t : codes::Topics()) {
    Query q;
    q.topics = {std::string(t)};
    queries.push_back(q);
  }
  for (auto t : codes::ActivityTypes()) {
    Query q;
    q.activity_types = {std::string(t)};
    queries.push_back(q);
  }
  for (int l = 0; l < 7; ++l) {
    Query q;
    q.languages = {{"en", static_cast<Level>(l)}};
    queries.push_back(q);
  }
  for (int days : {0, 1, 30, 399, 400}) {
    Query q;
    q.active_within_days = days;
    queries.push_back(q);
  }
  for (int age = 16; age <= 37; ++age) {
    Query q;
    q.age_min = age;
    q.age_max = age;
    queries.push_back(q);
  }
  Query only_to;
  only_to.available_to = Plus(kToday, 40);
  queries.push_back(only_to);
  Query only_from;
  only_from.available_from = Plus(kToday, 700);
  queries.push_back(only_from);
  for (auto& q : queries) {
    for (auto f : FacetNames()) q.facets.emplace_back(f);
  }
  for (const auto& q : queries) {
    CheckQuery(*index_, Expected(q, kToday), ByReference, q, kToday, "single filter");
  }
}

TEST_F(DifferentialTest, WalkingPagesOfSevenYieldsEveryResultOnceInOrder) {
  QueryMaker maker(kSeed + 3, *registry_);
  for (int i = 0; i < 12; ++i) {
    Query q;
    q.residence = {"IT", "ES", "FR"};
    if (i % 3 == 1) q.target = maker.MakeTarget(kToday);
    q.sort = i % 4 == 0 ? Sort::kLastActive : Sort::kRelevance;
    if (i % 3 == 2) q.words = {"volontariato"};
    const auto expected = Expected(q, kToday);
    const auto hits = AllHits(*index_, q, kToday, 7);
    ASSERT_EQ(hits.size(), expected.size());
    std::set<std::string> seen;
    for (size_t k = 0; k < hits.size(); ++k) {
      EXPECT_TRUE(seen.insert(hits[k].reference).second) << hits[k].reference << " twice";
      if (k == 0) continue;
      if (q.sort == Sort::kLastActive || (!q.target && q.words.empty())) {
        EXPECT_GE(hits[k - 1].last_active, hits[k].last_active);
      } else if (q.target) {
        EXPECT_GE(*hits[k - 1].score, *hits[k].score);
      }
    }
    // The pages of seven, put together, are the pages of a hundred.
    EXPECT_EQ(References(hits), References(AllHits(*index_, q, kToday)));
  }
}

// ---------------------------------------------------------------------------------------------
// Day-exact boundaries.

TEST(IndexBoundaryTest, BirthBoundsAgreeWithAgeOnEveryDay) {
  for (Date day = D(2023, 1, 1); day <= D(2029, 1, 5); day = Plus(day, 1)) {
    for (int age : {0, 17, 18, 25, 30, 31, 35, 100}) {
      const Date earliest = EarliestBirthForMaxAge(day, age);
      EXPECT_LE(AgeOn(earliest, day), age) << FormatIsoDate(day) << " " << age;
      EXPECT_GT(AgeOn(Plus(earliest, -1), day), age) << FormatIsoDate(day) << " " << age;
      const Date latest = LatestBirthForMinAge(day, age);
      EXPECT_GE(AgeOn(latest, day), age) << FormatIsoDate(day) << " " << age;
      EXPECT_LT(AgeOn(Plus(latest, 1), day), age) << FormatIsoDate(day) << " " << age;
    }
  }
}

TEST(IndexBoundaryTest, ThirtyOneYearsOldOnTheDayIsNoLongerFindable) {
  Index index(Patient());
  index.Put(Person("born-31-years-ago", YearsBefore(kToday, 31)), false);
  index.Put(Person("born-a-day-later", Plus(YearsBefore(kToday, 31), 1)), false);
  EXPECT_EQ(Found(index, {}), (Strings{"born-a-day-later"}));
  // The next day, the second person is 31 too: nobody stays findable a day too long.
  EXPECT_EQ(Found(index, {}, Plus(kToday, 1)), (Strings{}));
  // The day before, both were 30.
  EXPECT_EQ(Found(index, {}, Plus(kToday, -1)), (Strings{"born-31-years-ago", "born-a-day-later"}));
}

TEST(IndexBoundaryTest, TwentyNinthFebruaryBirthdaysInACommonYear) {
  Index index(Patient());
  index.Put(Person("leap", D(1996, 2, 29)), false);
  // 2027 is a common year: the 31st birthday is 1 March.
  EXPECT_TRUE(Finds(index, "leap", {}, D(2027, 2, 28)));
  EXPECT_FALSE(Finds(index, "leap", {}, D(2027, 3, 1)));
  Query q;
  q.age_min = 31;
  q.age_at = D(2027, 2, 28);
  EXPECT_EQ(Total(index, q, D(2026, 6, 1)), 0u);
  q.age_at = D(2027, 3, 1);
  EXPECT_EQ(Total(index, q, D(2026, 6, 1)), 1u);
  // In a leap year the birthday is on the day.
  Index younger(Patient());
  younger.Put(Person("leap", D(2000, 2, 29)), false);
  Query twenty_eight;
  twenty_eight.age_min = 28;
  twenty_eight.age_max = 28;
  twenty_eight.age_at = D(2028, 2, 28);
  EXPECT_EQ(Total(younger, twenty_eight), 0u);
  twenty_eight.age_at = D(2028, 2, 29);
  EXPECT_EQ(Total(younger, twenty_eight), 1u);
}

TEST(IndexBoundaryTest, HumanitarianAidOnlyIsFindableUpTo35) {
  Index index(Patient());
  Participant at35 = Person("humanitarian-35", Plus(YearsBefore(kToday, 36), 1));
  at35.activity_types = {"humanitarian_aid"};
  Participant at36 = Person("humanitarian-36", YearsBefore(kToday, 36));
  at36.activity_types = {"humanitarian_aid"};
  Participant mixed = Person("mixed-33", YearsBefore(kToday, 33));
  mixed.activity_types = {"humanitarian_aid", "traineeship"};
  Participant none = Person("no-types-31", YearsBefore(kToday, 31));
  none.activity_types = {};
  for (const auto* p : {&at35, &at36, &mixed, &none}) index.Put(*p, false);
  EXPECT_EQ(Found(index, {}), (Strings{"humanitarian-35"}));
  EXPECT_EQ(Found(index, {}, Plus(kToday, 1)), (Strings{}));
}

TEST(IndexBoundaryTest, AvailabilityEndsAreInclusive) {
  const Date from = D(2027, 3, 10);
  const Date to = D(2027, 4, 20);
  Index index(Patient());
  auto with_period = [&](std::string reference, Date a, Date b) {
    Participant p = Person(std::move(reference), D(2000, 5, 5));
    p.availability = {{a, b}};
    index.Put(p, false);
  };
  with_period("ends-on-from", D(2027, 1, 1), from);
  with_period("ends-day-before-from", D(2027, 1, 1), Plus(from, -1));
  with_period("starts-on-to", to, D(2027, 9, 1));
  with_period("starts-day-after-to", Plus(to, 1), D(2027, 9, 1));
  with_period("inside", D(2027, 4, 1), D(2027, 4, 2));
  with_period("around", D(2026, 1, 1), D(2028, 1, 1));
  Query q;
  q.available_from = from;
  q.available_to = to;
  EXPECT_EQ(Found(index, q), (Strings{"around", "ends-on-from", "inside", "starts-on-to"}));
  // Only one end given: the other is open.
  Query until;
  until.available_to = Plus(from, -1);
  EXPECT_EQ(Found(index, until), (Strings{"around", "ends-day-before-from", "ends-on-from"}));
  Query after;
  after.available_from = Plus(to, 1);
  EXPECT_EQ(Found(index, after), (Strings{"around", "starts-day-after-to", "starts-on-to"}));
  // A one-day question.
  Query day;
  day.available_from = from;
  day.available_to = from;
  EXPECT_EQ(Found(index, day), (Strings{"around", "ends-on-from"}));
}

TEST(IndexBoundaryTest, OverlapIsExactAcrossWeekEdges) {
  // One person per one-day period over five weeks; every question within them.
  const Date first = D(2027, 5, 3);
  Index index(Patient());
  std::vector<Date> days;
  for (int i = 0; i < 35; ++i) {
    const Date d = Plus(first, i);
    days.push_back(d);
    Participant p = Person("day-" + std::to_string(i), D(2001, 1, 1));
    p.availability = {{d, d}};
    if (i % 5 == 0) p.availability.push_back({Plus(d, 3), Plus(d, 12)});
    index.Put(p, false);
  }
  for (int a = -2; a < 37; a += 1) {
    for (int b = a; b < 37; b += 3) {
      Query q;
      q.available_from = Plus(first, a);
      q.available_to = Plus(first, b);
      Strings want;
      for (int i = 0; i < 35; ++i) {
        const bool single = i >= a && i <= b;
        const bool longer = i % 5 == 0 && i + 3 <= b && i + 12 >= a;
        if (single || longer) want.push_back("day-" + std::to_string(i));
      }
      std::sort(want.begin(), want.end());
      EXPECT_EQ(Found(index, q), want) << a << ".." << b;
    }
  }
}

TEST(IndexBoundaryTest, AgeBoundsAreInclusiveOnAgeAt) {
  const Date at = D(2027, 6, 15);
  Index index(Patient());
  index.Put(Person("turns-25-on-age-at", YearsBefore(at, 25)), false);
  Query q;
  q.age_at = at;
  q.age_min = 25;
  EXPECT_EQ(Total(index, q), 1u);
  q.age_min.reset();
  q.age_max = 24;
  EXPECT_EQ(Total(index, q), 0u);
  q.age_at = Plus(at, -1);
  EXPECT_EQ(Total(index, q), 1u);
  q.age_max = 25;
  q.age_min = 25;
  EXPECT_EQ(Total(index, q), 0u);
  q.age_at = at;
  EXPECT_EQ(Total(index, q), 1u);
  // Without age_at the age is today's.
  Query today;
  today.age_min = AgeOn(YearsBefore(at, 25), kToday);
  today.age_max = today.age_min;
  EXPECT_EQ(Total(index, today), 1u);
}

TEST(IndexBoundaryTest, ActiveWithinDaysCountsTheDayItself) {
  Index index(Patient());
  Participant p = Person("active-30-days-ago", D(2000, 1, 1));
  p.last_active = Plus(kToday, -30);
  index.Put(p, false);
  Query q;
  q.active_within_days = 30;
  EXPECT_EQ(Total(index, q), 1u);
  q.active_within_days = 29;
  EXPECT_EQ(Total(index, q), 0u);
  q.active_within_days = 0;
  EXPECT_EQ(Total(index, q, Plus(kToday, -30)), 1u);
}

TEST(IndexBoundaryTest, LanguagesNeedEveryOneAtTheLevelOrAboveAndNativeIsAboveC2) {
  Index index(Patient());
  Participant p = Person("sv-native-en-b2", D(2000, 1, 1));
  index.Put(p, false);
  auto finds = [&](std::vector<codes::LanguageLevel> wanted) {
    Query q;
    q.languages = std::move(wanted);
    return Total(index, q) == 1;
  };
  EXPECT_TRUE(finds({{"sv", Level::kC2}}));
  EXPECT_TRUE(finds({{"sv", Level::kNative}}));
  EXPECT_TRUE(finds({{"en", Level::kB2}}));
  EXPECT_FALSE(finds({{"en", Level::kC1}}));
  EXPECT_FALSE(finds({{"en", Level::kNative}}));
  EXPECT_TRUE(finds({{"sv", Level::kA1}, {"en", Level::kB1}}));
  EXPECT_FALSE(finds({{"sv", Level::kA1}, {"de", Level::kA1}}));
}

TEST(IndexBoundaryTest, DestinationAnyMatchesEveryCountry) {
  Index index(Patient());
  Participant anywhere = Person("anywhere", D(2000, 1, 1));
  Participant france = Person("france", D(2000, 1, 1));
  france.destinations = {"FR", "BE"};
  index.Put(anywhere, false);
  index.Put(france, false);
  Query q;
  q.destinations = {"BE"};
  EXPECT_EQ(Found(index, q), (Strings{"anywhere", "france"}));
  q.destinations = {"DE"};
  EXPECT_EQ(Found(index, q), (Strings{"anywhere"}));
}

TEST(IndexBoundaryTest, WordsMatchStemmedInExperienceOrMotivationAndAllMustMatch) {
  Index index(Patient());
  Participant en = Person("english", D(2000, 1, 1));
  en.experience = "I organised a community garden and volunteering days in my town.";
  en.motivation = "";
  Participant fr = Person("french", D(2000, 1, 1));
  fr.contact_language = "fr";
  fr.experience = "";
  fr.motivation = "J'aimerais travailler avec des jeunes et des enfants dans un projet éducatif.";
  index.Put(en, false);
  index.Put(fr, false);
  auto found = [&](Strings words) {
    Query q;
    q.words = std::move(words);
    return Found(index, q);
  };
  EXPECT_EQ(found({"volunteers"}), (Strings{"english"}));
  EXPECT_EQ(found({"GARDENS"}), (Strings{"english"}));
  EXPECT_EQ(found({"garden", "volunteer"}), (Strings{"english"}));
  EXPECT_EQ(found({"garden", "enfant"}), (Strings{}));
  EXPECT_EQ(found({"enfant"}), (Strings{"french"}));
  EXPECT_EQ(found({"projets"}), (Strings{"french"}));
  EXPECT_EQ(found({"l'enfant"}), (Strings{"french"}));  // split like the text was
  EXPECT_EQ(found({"xylophone"}), (Strings{}));
  // Words only of separators or one character ask for nothing.
  EXPECT_EQ(found({"--"}), (Strings{"english", "french"}));
}

// ---------------------------------------------------------------------------------------------
// Paging over a large group (the pages are read by activity day when a group is large).

TEST(IndexPagingTest, LargeGroupsPageExactlyOnceNewestFirst) {
  Index index(Patient());
  std::mt19937_64 rnd(99);
  constexpr int kMany = 5000;
  for (int i = 0; i < kMany; ++i) {
    Participant p = Person("p" + std::to_string(100000 + i), D(2000, 1, 1));
    p.experience = i % 2 == 0 ? "garden" : "camp";
    p.motivation = "";
    p.residence = i % 3 == 0 ? "DE" : "SE";
    p.last_active = Plus(kToday, -static_cast<int>(rnd() % 200));
    index.Put(p, false);
  }
  for (Sort sort : {Sort::kLastActive, Sort::kRelevance}) {
    Query q;
    q.sort = sort;
    const auto hits = AllHits(index, q, kToday);
    ASSERT_EQ(hits.size(), static_cast<size_t>(kMany));
    std::set<std::string> seen;
    for (size_t k = 0; k < hits.size(); ++k) {
      EXPECT_TRUE(seen.insert(hits[k].reference).second);
      if (k > 0) {
        EXPECT_GE(hits[k - 1].last_active, hits[k].last_active) << k;
      }
    }
    // An offset that falls in the middle of a day's people.
    Query page = q;
    page.offset = 2503;
    page.limit = 13;
    auto r = index.Search(page, kToday);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->hits.size(), 13u);
    for (size_t k = 0; k < 13; ++k) EXPECT_EQ(r->hits[k].reference, hits[2503 + k].reference);
  }
  // Small and large groups of the same people are read in the same order.
  Query de;
  de.residence = {"DE"};
  const auto small = References(AllHits(index, de, kToday));
  Strings from_all;
  for (const auto& h : AllHits(index, {}, kToday)) {
    if (std::stoi(h.reference.substr(1)) % 3 == 1) from_all.push_back(h.reference);
  }
  EXPECT_EQ(small, from_all);
  // The last page.
  Query last;
  last.offset = kMany - 3;
  auto r = index.Search(last, kToday);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->hits.size(), 3u);
  last.offset = kMaxOffset;
  r = index.Search(last, kToday);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->hits.empty());
  EXPECT_EQ(r->total, static_cast<uint64_t>(kMany));
}

// ---------------------------------------------------------------------------------------------
// Suggestions for an opportunity (F10).

Target FullTarget() {
  Target t;
  t.start = D(2027, 3, 1);
  t.end = D(2027, 6, 30);
  t.activity_type = "individual_volunteering";
  t.topics = {"environment_nature", "climate_action"};
  t.country = "FR";
  t.languages = {{"en", Level::kB1}};
  t.skills = {"gardening", "first_aid"};
  return t;
}

Participant Matching(std::string reference) {
  Participant p = Person(std::move(reference), D(2000, 1, 1));
  p.availability = {{D(2027, 2, 1), D(2027, 3, 1)}};
  return p;
}

TEST(IndexSuggestionTest, SomeoneMatchingEverythingScores100WithEveryReasonMatched) {
  Index index(Patient());
  index.Put(Matching("all"), false);
  Query q;
  q.target = FullTarget();
  q.sort = Sort::kMatch;
  auto r = index.Search(q, kToday);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->hits.size(), 1u);
  const Hit& h = r->hits[0];
  EXPECT_EQ(h.score, 100);
  Strings kinds;
  for (const auto& reason : h.reasons) {
    if (reason.weight == 0) continue;
    kinds.push_back(reason.kind);
    EXPECT_TRUE(reason.matched) << reason.kind;
    EXPECT_TRUE(reason.missing_values.empty() || reason.kind == "topics" || reason.kind == "skills")
        << reason.kind;
  }
  EXPECT_EQ(kinds, (Strings{"availability", "topics", "activity_type", "destination", "languages",
                            "skills"}));
  const Reason* availability = ScoredReason(h, "availability");
  EXPECT_EQ(availability->matched_values, (Strings{"2027-02-01/2027-03-01"}));
  const Reason* topics = ScoredReason(h, "topics");
  EXPECT_EQ(topics->matched_values, (Strings{"environment_nature"}));
  EXPECT_EQ(topics->missing_values, (Strings{"climate_action"}));
  EXPECT_EQ(ScoredReason(h, "destination")->matched_values, (Strings{"any"}));
  EXPECT_EQ(ScoredReason(h, "languages")->matched_values, (Strings{"en:B2"}));
}

TEST(IndexSuggestionTest, ReasonsSayWhatDidNotMatchAndTheScoreFollowsThem) {
  Index index(Patient());
  Participant p = Matching("partial");
  p.availability = {{D(2027, 7, 1), D(2027, 9, 1)}};  // after the opportunity
  p.destinations = {"DE"};
  p.languages = {{"en", Level::kA2}};
  p.skills = {"cooking"};
  index.Put(p, false);
  Query q;
  q.target = FullTarget();
  auto r = index.Search(q, kToday);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->hits.size(), 1u);
  const Hit& h = r->hits[0];
  // Topics (20) and activity type (20) out of 30+20+20+15+10+5.
  EXPECT_EQ(h.score, (40 * 100 + 50) / 100);
  EXPECT_FALSE(ScoredReason(h, "availability")->matched);
  EXPECT_EQ(ScoredReason(h, "availability")->missing_values, (Strings{"2027-03-01/2027-06-30"}));
  EXPECT_FALSE(ScoredReason(h, "destination")->matched);
  EXPECT_EQ(ScoredReason(h, "destination")->missing_values, (Strings{"FR"}));
  EXPECT_FALSE(ScoredReason(h, "languages")->matched);
  EXPECT_EQ(ScoredReason(h, "languages")->missing_values, (Strings{"en:B1"}));
  EXPECT_FALSE(ScoredReason(h, "skills")->matched);
  EXPECT_TRUE(ScoredReason(h, "topics")->matched);
  EXPECT_TRUE(ScoredReason(h, "activity_type")->matched);
  // The score advises; it never hides anyone.
  EXPECT_EQ(r->total, 1u);
}

TEST(IndexSuggestionTest, PartsTheOpportunityDoesNotAskForAreLeftOut) {
  Index index(Patient());
  Participant p = Matching("p");
  p.availability = {};
  index.Put(p, false);
  Query q;
  q.target = Target{};
  q.target->activity_type = "individual_volunteering";
  auto r = index.Search(q, kToday);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->hits.size(), 1u);
  // Availability (30, not met: no periods) and activity type (20, met): 20 of 50.
  EXPECT_EQ(r->hits[0].score, 40);
  Strings kinds;
  for (const auto& reason : r->hits[0].reasons) kinds.push_back(reason.kind);
  EXPECT_EQ(kinds, (Strings{"availability", "activity_type"}));
}

TEST(IndexSuggestionTest, FlexibleDatesMeanAnyPeriodFromTodayOn) {
  Index index(Patient());
  Participant past = Matching("past");
  past.availability = {{Plus(kToday, -100), Plus(kToday, -1)}};
  Participant future = Matching("future");
  future.availability = {{Plus(kToday, 400), Plus(kToday, 500)}};
  index.Put(past, false);
  index.Put(future, false);
  Query q;
  q.target = Target{};
  q.sort = Sort::kMatch;
  const auto hits = AllHits(index, q, kToday);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].reference, "future");
  EXPECT_EQ(hits[0].score, 100);
  EXPECT_EQ(hits[1].score, 0);
}

TEST(IndexSuggestionTest, OnlyEligiblePeopleAreCounted) {
  const Date start = D(2027, 9, 1);
  Index index(Patient());
  // 18 on the start date, and one day too young.
  index.Put(Person("turns-18-on-start", YearsBefore(start, 18)), false);
  index.Put(Person("turns-18-day-after-start", Plus(YearsBefore(start, 18), 1)), false);
  // 30 on the start date, and 31.
  index.Put(Person("30-on-start", Plus(YearsBefore(start, 31), 1)), false);
  index.Put(Person("31-on-start", YearsBefore(start, 31)), false);
  // Humanitarian aid only: 35 on the start date is eligible for humanitarian aid, 36 never.
  Participant h35 = Person("humanitarian-35-on-start", Plus(YearsBefore(start, 36), 1));
  h35.activity_types = {"humanitarian_aid"};
  Participant h36 = Person("humanitarian-36-on-start", YearsBefore(start, 36));
  h36.activity_types = {"humanitarian_aid"};
  index.Put(h35, false);
  index.Put(h36, false);
  // Lives where the opportunity does not take people from.
  Participant elsewhere = Person("lives-in-norway", D(2001, 1, 1));
  elsewhere.residence = "NO";
  index.Put(elsewhere, false);

  Query volunteering;
  volunteering.target = Target{};
  volunteering.target->start = start;
  volunteering.target->end = Plus(start, 180);
  volunteering.target->activity_type = "individual_volunteering";
  volunteering.target->eligible_residence = {"SE", "DE"};
  EXPECT_EQ(Found(index, volunteering), (Strings{"30-on-start", "turns-18-on-start"}));
  EXPECT_EQ(Total(index, volunteering), 2u);

  Query humanitarian = volunteering;
  humanitarian.target->activity_type = "humanitarian_aid";
  EXPECT_EQ(Found(index, humanitarian), (Strings{"30-on-start", "31-on-start",
                                                 "humanitarian-35-on-start", "turns-18-on-start"}));

  Query anywhere = volunteering;
  anywhere.target->eligible_residence.clear();
  EXPECT_EQ(Found(index, anywhere),
            (Strings{"30-on-start", "lives-in-norway", "turns-18-on-start"}));
}

TEST_F(DifferentialTest, SuggestionScoresNeverGoUpAlongThePages) {
  QueryMaker maker(kSeed + 4, *registry_);
  for (int i = 0; i < 10; ++i) {
    Query q;
    q.target = maker.MakeTarget(kToday);
    q.sort = i % 2 == 0 ? Sort::kMatch : Sort::kRelevance;
    for (auto f : FacetNames()) q.facets.emplace_back(f);
    CheckQuery(*index_, Expected(q, kToday), ByReference, q, kToday, "target " + std::to_string(i));
  }
}

// ---------------------------------------------------------------------------------------------
// Fairness: protected attributes never change a ranking.

class FairnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 300; ++i) {
      Participant p = demo::SyntheticParticipant(kSeed + 9, i, kToday);
      p.searchable = true;
      p.fewer_opportunities = i % 7 == 0;
      p.sensitive_shared = i % 7 == 0 && i % 2 == 0;
      people_.push_back(p);
      index_.Put(p, false);
    }
    QueryMaker maker(kSeed + 10, {});
    for (int i = 0; i < 4; ++i) {
      Query q;
      q.target = maker.MakeTarget(kToday);
      q.target->eligible_residence.clear();
      q.target->favour_inclusion = false;
      queries_.push_back(q);
    }
    Query words;
    words.words = {"volunteer"};
    queries_.push_back(words);
    Query filters;
    filters.topics = {"environment_nature", "social_inclusion", "education_training"};
    filters.sort = Sort::kLastActive;
    queries_.push_back(filters);
    Query all;
    queries_.push_back(all);
  }

  std::vector<Strings> Rankings(const std::vector<Query>& queries) {
    std::vector<Strings> out;
    for (const auto& q : queries) out.push_back(References(AllHits(index_, q, kToday)));
    return out;
  }

  Index index_{Patient()};
  std::vector<Participant> people_;
  std::vector<Query> queries_;
};

TEST_F(FairnessTest, NationalityFamilyNameAndFewerOpportunitiesNeverChangeARanking) {
  const auto before = Rankings(queries_);
  for (const auto& r : before) ASSERT_GT(r.size(), 5u);
  for (size_t i = 0; i < people_.size(); i += 41) {
    const Participant original = people_[i];
    std::vector<std::pair<std::string, Participant>> flips;
    Participant nationality = original;
    nationality.nationality = original.nationality == "TR" ? "SE" : "TR";
    flips.push_back({"nationality", nationality});
    Participant family = original;
    family.family_name = "Yılmaz-Nowak";
    flips.push_back({"family name", family});
    Participant fewer = original;
    fewer.fewer_opportunities = !original.fewer_opportunities;
    flips.push_back({"fewer opportunities", fewer});
    Participant shared = original;
    shared.fewer_opportunities = !original.fewer_opportunities;
    shared.sensitive_shared = true;
    flips.push_back({"fewer opportunities, shared", shared});
    for (const auto& [what, changed] : flips) {
      index_.Put(changed, false);
      EXPECT_EQ(Rankings(queries_), before) << what << " of " << original.reference;
      index_.Put(original, false);
    }
  }
  EXPECT_EQ(Rankings(queries_), before);
}

TEST_F(FairnessTest, FavouringInclusionRaisesOnlySharedFewerOpportunities) {
  std::vector<Query> favour = queries_;
  favour.resize(4);  // the suggestions
  for (auto& q : favour) q.target->favour_inclusion = true;
  const auto before = Rankings(favour);
  for (size_t i = 1; i < people_.size(); i += 43) {
    const Participant original = people_[i];
    if (original.fewer_opportunities) continue;
    // Protected attributes still change nothing.
    Participant nationality = original;
    nationality.nationality = "XK";
    nationality.family_name = "Other";
    index_.Put(nationality, false);
    EXPECT_EQ(Rankings(favour), before) << original.reference;
    // Not shared: the organisation cannot favour what it is not told.
    Participant unshared = original;
    unshared.fewer_opportunities = true;
    unshared.sensitive_shared = false;
    index_.Put(unshared, false);
    EXPECT_EQ(Rankings(favour), before) << original.reference;
    // Shared: at least as high as before, in every ranking it is in.
    Participant shared = unshared;
    shared.sensitive_shared = true;
    index_.Put(shared, false);
    const auto after = Rankings(favour);
    for (size_t q = 0; q < favour.size(); ++q) {
      const auto was = std::find(before[q].begin(), before[q].end(), original.reference);
      const auto is = std::find(after[q].begin(), after[q].end(), original.reference);
      ASSERT_EQ(was == before[q].end(), is == after[q].end());
      if (was == before[q].end()) continue;
      EXPECT_LE(is - after[q].begin(), was - before[q].begin()) << original.reference;
      EXPECT_EQ(after[q].size(), before[q].size());
    }
    index_.Put(original, false);
  }
  EXPECT_EQ(Rankings(favour), before);
}

// ---------------------------------------------------------------------------------------------
// Updates.

TEST(IndexUpdateTest, PutReplacesTheOldValues) {
  Index index(Patient());
  Participant p = Person("p", D(2000, 1, 1));
  index.Put(p, false);
  p.residence = "DE";
  p.topics = {"sport"};
  p.languages = {{"de", Level::kNative}};
  p.experience = "Ferienjob in einem inklusiven Sommercamp.";
  p.motivation = "";
  p.availability = {{D(2028, 1, 1), D(2028, 2, 1)}};
  p.last_active = Plus(kToday, -10);
  p.given_name = "Kim";
  index.Put(p, false);
  EXPECT_EQ(index.size(), 1u);
  auto total = [&](auto set) {
    Query q;
    set(q);
    return Total(index, q);
  };
  EXPECT_EQ(total([](Query& q) { q.residence = {"SE"}; }), 0u);
  EXPECT_EQ(total([](Query& q) { q.residence = {"DE"}; }), 1u);
  EXPECT_EQ(total([](Query& q) { q.topics = {"environment_nature"}; }), 0u);
  EXPECT_EQ(total([](Query& q) { q.topics = {"sport"}; }), 1u);
  EXPECT_EQ(total([](Query& q) { q.languages = {{"sv", Level::kA1}}; }), 0u);
  EXPECT_EQ(total([](Query& q) { q.languages = {{"de", Level::kC2}}; }), 1u);
  EXPECT_EQ(total([](Query& q) { q.words = {"scout"}; }), 0u);
  EXPECT_EQ(total([](Query& q) { q.words = {"sommercamp"}; }), 1u);
  EXPECT_EQ(total([](Query& q) {
              q.available_from = Plus(kToday, 30);
              q.available_to = Plus(kToday, 40);
            }),
            0u);
  EXPECT_EQ(total([](Query& q) { q.available_from = D(2028, 1, 15); }), 1u);
  EXPECT_EQ(total([](Query& q) { q.active_within_days = 5; }), 0u);
  EXPECT_EQ(total([](Query& q) { q.active_within_days = 10; }), 1u);
  Query facets;
  facets.facets = {"residence", "topics", "languages"};
  auto r = index.Search(facets, kToday);
  ASSERT_TRUE(r);
  EXPECT_EQ(IndexFacets(r->facets), (FacetMap{{"residence", {{"DE", 1}}},
                                              {"topics", {{"sport", 1}}},
                                              {"languages", {{"de", 1}}}}));
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].given_name, "Kim");
}

TEST(IndexUpdateTest, NotSearchableOrHiddenRemoves) {
  Index index(Patient());
  Participant p = Person("p", D(2000, 1, 1));
  index.Put(p, false);
  index.Put(Person("other", D(2000, 1, 1)), false);
  p.searchable = false;
  index.Put(p, false);
  EXPECT_EQ(Found(index, {}), (Strings{"other"}));
  EXPECT_EQ(index.size(), 1u);
  p.searchable = true;
  index.Put(p, false);
  EXPECT_EQ(Found(index, {}), (Strings{"other", "p"}));
  index.Put(p, true);
  EXPECT_EQ(Found(index, {}), (Strings{"other"}));
  Query q;
  q.facets = {"residence"};
  auto r = index.Search(q, kToday);
  ASSERT_TRUE(r);
  EXPECT_EQ(IndexFacets(r->facets), (FacetMap{{"residence", {{"SE", 1}}}}));
  // Someone never held is not an error.
  Participant stranger = Person("stranger", D(2000, 1, 1));
  index.Put(stranger, true);
  EXPECT_EQ(index.size(), 1u);
}

TEST(IndexUpdateTest, RemoveAndAddAgain) {
  Index index(Patient());
  Participant p = Person("p", D(2000, 1, 1));
  index.Put(p, false);
  index.Remove("p");
  index.Remove("p");
  index.Remove("never-there");
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(Total(index, {}), 0u);
  Query words;
  words.words = {"scout"};
  EXPECT_EQ(Total(index, words), 0u);
  // Back with other values: nothing of the old ones remains.
  p.residence = "FR";
  p.experience = "Bénévole dans une association d'aide aux réfugiés.";
  index.Put(p, false);
  index.Put(Person("q", D(2000, 1, 1)), false);
  EXPECT_EQ(index.size(), 2u);
  Query fr;
  fr.residence = {"FR"};
  EXPECT_EQ(Found(index, fr), (Strings{"p"}));
  EXPECT_EQ(Found(index, words), (Strings{"q"}));
  Query se;
  se.residence = {"SE"};
  EXPECT_EQ(Found(index, se), (Strings{"q"}));
}

TEST(IndexUpdateTest, ApplyBatchesChangesInOrder) {
  Index index(Patient());
  Participant a = Person("a", D(2000, 1, 1));
  Participant b = Person("b", D(2000, 1, 1));
  Participant c = Person("c", D(2000, 1, 1));
  index.Put(c, false);
  Participant a2 = a;
  a2.residence = "IE";
  Participant hidden = b;
  std::vector<Change> changes = {
      {"a", a, false},
      {"b", b, false},
      {"a", a2, false},
      {"c", std::nullopt, false},  // erased
      {"b", hidden, true},         // hidden for inactivity
      {"d", std::nullopt, false},  // never there
  };
  index.Apply(changes);
  EXPECT_EQ(Found(index, {}), (Strings{"a"}));
  Query ie;
  ie.residence = {"IE"};
  EXPECT_EQ(Total(index, ie), 1u);
  Participant invisible = a2;
  invisible.searchable = false;
  index.Apply({{"a", invisible, false}, {"b", b, false}});
  EXPECT_EQ(Found(index, {}), (Strings{"b"}));
  index.Apply({});
  EXPECT_EQ(index.size(), 1u);
}

TEST(IndexUpdateTest, MemoryIsReportedAndCompactKeepsAnswers) {
  Index index(Patient());
  for (int i = 0; i < 200; ++i) {
    index.Put(demo::SyntheticParticipant(5, i, kToday), false);
  }
  Query q;
  q.facets = {"residence", "languages"};
  auto before = index.Search(q, kToday);
  ASSERT_TRUE(before);
  EXPECT_GT(index.MemoryBytes(), 0u);
  index.Compact();
  auto after = index.Search(q, kToday);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->total, before->total);
  EXPECT_EQ(IndexFacets(after->facets), IndexFacets(before->facets));
  EXPECT_EQ(References(after->hits), References(before->hits));
}

// ---------------------------------------------------------------------------------------------
// Errors.

std::vector<std::string> ErrorFields(const Index& index, const Query& q) {
  auto r = index.Search(q, kToday);
  if (r) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  std::vector<std::string> out;
  for (const auto& f : r.error().fields) out.push_back(f.field);
  return out;
}

TEST(IndexErrorTest, LimitsOutOfRangeAndMatchWithoutOpportunityNameTheField) {
  Index index(Patient());
  index.Put(Person("p", D(2000, 1, 1)), false);
  Query q;
  q.limit = 0;
  EXPECT_EQ(ErrorFields(index, q), (Strings{"limit"}));
  q.limit = kMaxLimit + 1;
  EXPECT_EQ(ErrorFields(index, q), (Strings{"limit"}));
  q.limit = kMaxLimit;
  q.offset = -1;
  EXPECT_EQ(ErrorFields(index, q), (Strings{"offset"}));
  q.offset = kMaxOffset + 1;
  EXPECT_EQ(ErrorFields(index, q), (Strings{"offset"}));
  q.offset = kMaxOffset;
  EXPECT_TRUE(index.Search(q, kToday));
  Query match;
  match.sort = Sort::kMatch;
  EXPECT_EQ(ErrorFields(index, match), (Strings{"sort"}));
  match.target = Target{};
  EXPECT_TRUE(index.Search(match, kToday));
  Query facet;
  facet.facets = {"nationality"};
  EXPECT_EQ(ErrorFields(index, facet), (Strings{"facets"}));
  Query all;
  all.limit = 0;
  all.offset = -5;
  all.sort = Sort::kMatch;
  EXPECT_EQ(ErrorFields(index, all), (Strings{"limit", "offset", "sort"}));
}

TEST(IndexErrorTest, AQueryOverItsBudgetIsUnavailable) {
  Index::Options options;
  options.budget = std::chrono::milliseconds(0);
  Index index(options);
  for (int i = 0; i < 300; ++i) index.Put(demo::SyntheticParticipant(3, i, kToday), false);
  Query q;
  q.words = {"volunteer", "children"};
  q.target = Target{};
  q.target->topics = {"sport"};
  auto r = index.Search(q, kToday);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST(IndexErrorTest, AnEmptyIndexAnswersEveryQuery) {
  Index index(Patient());
  QueryMaker maker(1, {});
  for (int i = 0; i < 50; ++i) {
    const Query q = maker.Make(kToday);
    auto r = index.Search(q, kToday);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->total, 0u);
    EXPECT_TRUE(r->hits.empty());
    for (const auto& f : r->facets) EXPECT_TRUE(f.counts.empty());
  }
}

}  // namespace
}  // namespace pass::search
