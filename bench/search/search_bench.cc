// The candidate search benchmark (issue 7, item 5): our index (src/search) side by side with
// Xapian, SQLite FTS5 and PostgreSQL full-text search on the same visible profiles and the same
// seeded mix of queries, with every filter-only answer of every engine checked against a
// brute-force scan over the profiles. Run through bench/search/run, which prepares the databases;
// results go to bench/search/RESULTS.md. Single-threaded; Xapian is linked here only.
#include <libpq-fe.h>
#include <malloc.h>
#include <sqlite3.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/log.h"
#include "participants/participant.h"
#include "participants/profile.h"
#include "search/follower.h"
#include "search/index.h"
#include "search/text.h"
#include "storage/search_source.h"
#include "storage/sql.h"

namespace {

using namespace pass;
using participants::Participant;
using SteadyClock = std::chrono::steady_clock;
using Day = int32_t;

// ---------------------------------------------------------------------------------------------
// Small helpers

Day DayOf(Date d) { return static_cast<Day>(std::chrono::sys_days(d).time_since_epoch().count()); }
Date DateOfDay(Day d) { return Date(std::chrono::sys_days(std::chrono::days(d))); }
Date AddDays(Date d, int n) { return DateOfDay(DayOf(d) + n); }

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_search: %s\n", what.c_str());
  std::exit(2);
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

std::string LevelText(codes::Level l) { return std::string(codes::LevelCode(l)); }

// A line of /proc/self/status or /proc/meminfo, in KiB.
long ProcKib(const char* file, const char* key) {
  std::ifstream in(file);
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0 && line.size() > n && line[n] == ':') {
      return std::atol(line.c_str() + n + 1);
    }
  }
  return 0;
}
long RssKib() { return ProcKib("/proc/self/status", "VmRSS"); }

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen + " (1, 5, 15 min)";
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Latency in ms, three significant digits or so.
std::string Ms(double ms) {
  if (ms < 1) return Fixed(ms, 3);
  if (ms < 10) return Fixed(ms, 2);
  if (ms < 100) return Fixed(ms, 1);
  return Fixed(ms, 0);
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Ages as participants::AgeOn counts them, turned into birth-date bounds (written again here,
// not taken from src/search, so that the other engines do not share a mistake with ours).
Day EarliestBirthAtMostAge(Date day, int age) {
  Day b = DayOf(day) - 366 * (age + 1);
  while (participants::AgeOn(DateOfDay(b), day) > age) ++b;
  return b;
}
Day LatestBirthAtLeastAge(Date day, int age) {
  Day b = DayOf(day) - 365 * age + 2;
  while (participants::AgeOn(DateOfDay(b), day) < age) --b;
  return b;
}

// ---------------------------------------------------------------------------------------------
// Queries

enum Class { kFilters = 0, kWords = 1, kSuggest = 2, kPathological = 3 };
constexpr int kClasses = 4;
constexpr const char* kClassNames[kClasses] = {"filters", "filters+words", "suggestions",
                                               "pathological"};

struct BenchQuery {
  Class cls = kFilters;
  search::Query q;
  std::vector<std::string> words;  // search::Words of q.words, each once, in order
};

std::string Describe(const search::Query& q) {
  std::vector<std::string> parts;
  auto list = [&](const char* name, const std::vector<std::string>& v) {
    if (!v.empty()) parts.push_back(std::string(name) + "=" + Join(v, ","));
  };
  auto langs = [](const std::vector<codes::LanguageLevel>& v) {
    std::vector<std::string> s;
    for (const auto& l : v) s.push_back(l.code + ":" + LevelText(l.level));
    return s;
  };
  list("residence", q.residence);
  list("destination", q.destinations);
  list("topics", q.topics);
  list("activity_types", q.activity_types);
  list("skills", q.skills);
  list("languages", langs(q.languages));
  if (q.available_from) parts.push_back("available_from=" + FormatIsoDate(*q.available_from));
  if (q.available_to) parts.push_back("available_to=" + FormatIsoDate(*q.available_to));
  if (q.age_min) parts.push_back("age_min=" + std::to_string(*q.age_min));
  if (q.age_max) parts.push_back("age_max=" + std::to_string(*q.age_max));
  if (q.age_at) parts.push_back("age_at=" + FormatIsoDate(*q.age_at));
  if (q.active_within_days) {
    parts.push_back("active_within_days=" + std::to_string(*q.active_within_days));
  }
  if (!q.words.empty()) parts.push_back("q=" + Join(q.words, " "));
  list("facets", q.facets);
  std::string out = Join(parts, "&");
  if (q.target) {
    const auto& t = *q.target;
    std::vector<std::string> tp;
    if (t.start) tp.push_back("start=" + FormatIsoDate(*t.start));
    if (t.end) tp.push_back("end=" + FormatIsoDate(*t.end));
    if (!t.activity_type.empty()) tp.push_back("activity_type=" + t.activity_type);
    if (!t.topics.empty()) tp.push_back("topics=" + Join(t.topics, ","));
    if (!t.country.empty()) tp.push_back("country=" + t.country);
    if (!t.languages.empty()) tp.push_back("languages=" + Join(langs(t.languages), ","));
    if (!t.skills.empty()) tp.push_back("skills=" + Join(t.skills, ","));
    if (!t.eligible_residence.empty()) {
      tp.push_back("eligible_residence=" + Join(t.eligible_residence, ","));
    }
    if (t.favour_inclusion) tp.push_back("favour_inclusion");
    out += (out.empty() ? "" : " ") + std::string("opportunity{") + Join(tp, " ") + "}";
  }
  return out;
}

// The documented match score (index.h): the weights of the parts met, over the parts asked for,
// scaled to 100 and rounded.
int WeightTotal(const search::Target& t) {
  int w = search::kWeightAvailability;
  if (!t.topics.empty()) w += search::kWeightTopics;
  if (!t.activity_type.empty()) w += search::kWeightActivityType;
  if (!t.country.empty()) w += search::kWeightDestination;
  if (!t.languages.empty()) w += search::kWeightLanguages;
  if (!t.skills.empty()) w += search::kWeightSkills;
  if (t.favour_inclusion) w += search::kWeightInclusion;
  return w;
}
int Scaled(int earned, int total) { return total == 0 ? 100 : (earned * 100 + total / 2) / total; }

// Values a query may ask for, as the demo data has them.
struct Vocabulary {
  std::vector<std::string> countries;  // residences in the data, most frequent first
  std::vector<std::string> all_countries;
  std::vector<std::string> languages;  // spoken in the data
  std::vector<std::string> topics, types, skills;
  std::vector<std::vector<std::string>> texts;  // words (search::Words) of each distinct text
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : engine_() % n; }
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  template <typename T>
  std::vector<T> Some(const std::vector<T>& v, size_t n) {
    std::vector<T> pool = v;
    std::vector<T> out;
    n = std::min(n, pool.size());
    for (size_t i = 0; i < n; ++i) {
      const size_t k = i + Below(pool.size() - i);
      std::swap(pool[i], pool[k]);
      out.push_back(pool[i]);
    }
    return out;
  }

 private:
  std::mt19937_64 engine_;
};

class QueryMaker {
 public:
  QueryMaker(const Vocabulary& v, Date today, uint64_t seed) : v_(v), today_(today), rnd_(seed) {}

  BenchQuery Make(Class cls) {
    BenchQuery b;
    b.cls = cls;
    search::Query& q = b.q;
    switch (cls) {
      case kFilters:
        AddFilters(q, rnd_.Between(2, 5));
        q.facets = {"residence", "topics", "activity_types"};
        break;
      case kWords:
        AddFilters(q, rnd_.Between(1, 3));
        q.words = Words(rnd_.Between(1, 3));
        break;
      case kSuggest:
        q.target = MakeTarget(false);
        break;
      case kPathological:
        Pathological(q);
        break;
    }
    for (const auto& typed : q.words) {
      for (auto& w : search::Words(typed)) {
        if (std::find(b.words.begin(), b.words.end(), w) == b.words.end()) {
          b.words.push_back(std::move(w));
        }
      }
    }
    return b;
  }

 private:
  std::string Language() { return rnd_.Chance(35) ? std::string("en") : rnd_.Pick(v_.languages); }
  codes::LanguageLevel LanguageAt(int lowest, int highest) {
    return {Language(), static_cast<codes::Level>(rnd_.Between(lowest, highest))};
  }
  std::vector<codes::LanguageLevel> Languages(size_t n, int lowest, int highest) {
    std::vector<codes::LanguageLevel> out;
    for (int tries = 0; out.size() < n && tries < 50; ++tries) {
      auto l = LanguageAt(lowest, highest);
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.code == l.code; })) {
        out.push_back(std::move(l));
      }
    }
    return out;
  }

  void AddFilters(search::Query& q, int n) {
    std::vector<int> kinds = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    for (int kind : rnd_.Some(kinds, static_cast<size_t>(n))) {
      switch (kind) {
        case 0:
          q.residence = rnd_.Some(v_.countries, static_cast<size_t>(rnd_.Between(1, 3)));
          if (rnd_.Chance(5)) q.residence.push_back(rnd_.Pick(v_.all_countries));
          break;
        case 1:
          q.destinations = rnd_.Some(v_.countries, static_cast<size_t>(rnd_.Between(1, 2)));
          break;
        case 2:
          q.topics = rnd_.Some(v_.topics, static_cast<size_t>(rnd_.Between(1, 3)));
          break;
        case 3:
          q.activity_types = rnd_.Some(v_.types, static_cast<size_t>(rnd_.Between(1, 2)));
          break;
        case 4:
          q.skills = rnd_.Some(v_.skills, static_cast<size_t>(rnd_.Between(1, 4)));
          break;
        case 5:
          q.languages = Languages(static_cast<size_t>(rnd_.Between(1, 2)), 0, 6);
          break;
        case 6: {
          const Date from = AddDays(today_, rnd_.Between(-60, 700));
          const Date to = AddDays(from, rnd_.Between(0, 240));
          const int shape = rnd_.Between(0, 99);
          if (shape >= 15) q.available_from = from;
          if (shape < 15 || shape >= 30) q.available_to = to;
          break;
        }
        case 7: {
          const int lo = rnd_.Between(17, 27);
          const int hi = lo + rnd_.Between(0, 9);
          const int shape = rnd_.Between(0, 99);
          if (shape >= 20) q.age_min = lo;
          if (shape < 20 || shape >= 40) q.age_max = hi;
          if (rnd_.Chance(25)) q.age_at = AddDays(today_, rnd_.Between(1, 500));
          break;
        }
        case 8:
          q.active_within_days = rnd_.Between(100, 520);
          break;
      }
    }
  }

  // 1-n words of the profiles' texts, mostly of one text (words that occur together).
  std::vector<std::string> Words(int n) {
    std::vector<std::string> out;
    const bool one_text = rnd_.Chance(70);
    const auto* text = &rnd_.Pick(v_.texts);
    for (int tries = 0; static_cast<int>(out.size()) < n && tries < 100; ++tries) {
      if (!one_text) text = &rnd_.Pick(v_.texts);
      const std::string& w = rnd_.Pick(*text);
      if (w.size() < 4) continue;  // skip the shortest (mostly stop words)
      if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    }
    return out;
  }

  search::Target MakeTarget(bool big) {
    search::Target t;
    const int dates = rnd_.Between(0, 99);
    const Date start = AddDays(today_, rnd_.Between(20, 600));
    if (dates < 85) {
      t.start = start;
      t.end = AddDays(start, rnd_.Between(14, 365));
    } else if (dates < 92) {
      t.start = start;
    }
    const int type = rnd_.Between(0, 99);
    t.activity_type = type < 45   ? "individual_volunteering"
                      : type < 70 ? "volunteering_team"
                      : type < 80 ? "solidarity_project"
                      : type < 90 ? "traineeship"
                      : type < 95 ? "humanitarian_aid"
                                  : "job";
    t.topics =
        rnd_.Some(v_.topics, static_cast<size_t>(big ? rnd_.Between(8, 16) : rnd_.Between(1, 3)));
    t.country = rnd_.Chance(90) ? rnd_.Pick(v_.countries) : rnd_.Pick(v_.all_countries);
    t.languages =
        Languages(static_cast<size_t>(big ? rnd_.Between(2, 4) : rnd_.Between(0, 2)), 1, 4);
    t.skills = rnd_.Some(v_.skills, static_cast<size_t>(big ? 50 : rnd_.Between(0, 4)));
    if (rnd_.Chance(25)) {
      t.eligible_residence = rnd_.Some(v_.countries, static_cast<size_t>(rnd_.Between(3, 12)));
      if (big) t.eligible_residence = rnd_.Some(v_.all_countries, search::kMaxValuesPerFilter);
    }
    t.favour_inclusion = rnd_.Chance(20);
    return t;
  }

  // Every filter, with as many values as a query may have.
  void Pathological(search::Query& q) {
    constexpr size_t kMax = search::kMaxValuesPerFilter;
    auto many_countries = [&] {
      std::vector<std::string> out = v_.countries;
      for (const auto& c : rnd_.Some(v_.all_countries, kMax)) {
        if (out.size() >= kMax) break;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
      }
      return out;
    };
    q.residence = many_countries();
    q.destinations = many_countries();
    q.topics = v_.topics;
    q.activity_types = v_.types;
    q.skills = rnd_.Some(v_.skills, kMax);
    q.languages = Languages(static_cast<size_t>(rnd_.Between(1, 3)), 0, 2);
    const Date from = AddDays(today_, rnd_.Between(0, 200));
    q.available_from = from;
    q.available_to = AddDays(from, rnd_.Between(200, 700));
    q.age_min = 17;
    q.age_max = 35;
    q.active_within_days = rnd_.Between(400, 520);
    q.words = Words(rnd_.Between(1, static_cast<int>(search::kMaxWords)));
    q.facets = {"residence", "destinations", "topics", "activity_types", "skills", "languages"};
    if (rnd_.Chance(33)) q.target = MakeTarget(true);
  }

  const Vocabulary& v_;
  Date today_;
  Rng rnd_;
};

// ---------------------------------------------------------------------------------------------
// Brute force: the rules of index.h and issue 7, one profile at a time.

class Dict {
 public:
  uint32_t Intern(const std::string& s) {
    auto [it, added] = ids_.emplace(s, static_cast<uint32_t>(names_.size()));
    if (added) names_.push_back(s);
    return it->second;
  }
  std::optional<uint32_t> Find(const std::string& s) const {
    auto it = ids_.find(s);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
};

// The index terms of each distinct text (search::IndexTerms), computed once per text.
class TextTerms {
 public:
  const std::vector<std::string>& Of(const std::string& text, const std::string& language) {
    auto key = std::make_pair(text, language);
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, search::IndexTerms(text, language)).first;
    return it->second;
  }
  size_t size() const { return cache_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> cache_;
};

// participants::AgeOn on plain numbers (the same rule: a year less before the birthday's month
// and day), for the scan's speed.
struct YearDay {
  int year = 0;
  int month_day = 0;  // month * 32 + day
};
YearDay YearDayOf(Date d) {
  return {static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())) * 32 +
                                          static_cast<int>(static_cast<unsigned>(d.day()))};
}
int Age(YearDay birth, YearDay on) {
  return on.year - birth.year - (on.month_day < birth.month_day ? 1 : 0);
}

struct Flat {
  Date birth;
  YearDay birth_yd;
  bool visible = false;  // findable on the benchmark's day
  Day last_active = 0;
  uint32_t residence = 0;
  bool searchable = false;
  bool humanitarian_only = false;
  bool inclusion = false;
  std::vector<uint32_t> destinations, topics, types, skills;
  std::vector<std::pair<uint32_t, int>> languages;
  std::vector<std::pair<Day, Day>> periods;
  const std::vector<uint32_t>* experience = nullptr;  // sorted term ids
  const std::vector<uint32_t>* motivation = nullptr;
};

// A query compiled for the scan.
struct Compiled {
  bool has_residence = false, has_destinations = false, has_topics = false, has_types = false,
       has_skills = false;
  std::vector<char> residence, destinations, topics, types, skills;  // by value id
  std::vector<std::pair<int64_t, int>> languages;  // value id (-1: unknown language), level
  bool has_age_min = false, has_age_max = false;
  int age_min = 0, age_max = 0;
  YearDay age_at;
  std::optional<Day> active_since;
  bool has_availability = false;
  Day available_from = 0, available_to = 0;
  std::vector<std::vector<uint32_t>> words;  // term ids of each word's forms
  // The opportunity: eligibility at its start, and the score's parts.
  bool has_target = false;
  YearDay start;
  int target_max_age = 0;
  bool has_eligible = false;
  std::vector<char> eligible;
  Day score_from = 0, score_to = 0;
  std::vector<char> t_topics, t_types, t_destinations, t_skills;
  bool s_topics = false, s_type = false, s_destination = false, s_languages = false,
       s_skills = false, s_inclusion = false;
  std::vector<std::pair<int64_t, int>> t_languages;
  int weight_total = 0;
};

class Brute {
 public:
  Brute(const std::vector<Participant>& people, TextTerms& texts, Date today) : today_(today) {
    flat_.reserve(people.size());
    for (const auto& p : people) {
      Flat f;
      f.birth = p.birth_date;
      f.birth_yd = YearDayOf(p.birth_date);
      f.last_active = DayOf(p.last_active);
      f.residence = residence_.Intern(p.residence);
      f.searchable = p.searchable;
      f.humanitarian_only = participants::OnlyHumanitarianAid(p);
      f.inclusion = p.fewer_opportunities && p.sensitive_shared;
      for (const auto& v : p.destinations) f.destinations.push_back(destinations_.Intern(v));
      for (const auto& v : p.topics) f.topics.push_back(topics_.Intern(v));
      for (const auto& v : p.activity_types) f.types.push_back(types_.Intern(v));
      for (const auto& v : p.skills) f.skills.push_back(skills_.Intern(v));
      for (const auto& l : p.languages) {
        f.languages.emplace_back(languages_.Intern(l.code), static_cast<int>(l.level));
      }
      for (const auto& period : p.availability) {
        f.periods.emplace_back(DayOf(period.from), DayOf(period.to));
      }
      f.experience = &TermIds(texts.Of(p.experience, p.contact_language));
      f.motivation = &TermIds(texts.Of(p.motivation, p.contact_language));
      // Checked with AgeOn itself once; the scan uses the precomputed flag.
      const int max =
          f.humanitarian_only ? participants::kMaxHumanitarianAge : participants::kMaxAge;
      f.visible = f.searchable && participants::AgeOn(f.birth, today_) <= max;
      if (Age(f.birth_yd, YearDayOf(today_)) != participants::AgeOn(f.birth, today_)) {
        Die("Age() and participants::AgeOn disagree for " + p.reference);
      }
      flat_.push_back(std::move(f));
    }
  }

  const Flat& at(size_t i) const { return flat_[i]; }
  size_t size() const { return flat_.size(); }
  const Dict& residences() const { return residence_; }
  const Dict& destinations() const { return destinations_; }
  const Dict& topics() const { return topics_; }
  const Dict& types() const { return types_; }
  const Dict& skills() const { return skills_; }
  const Dict& languages() const { return languages_; }

  Compiled Compile(const BenchQuery& b) const {
    const search::Query& q = b.q;
    Compiled c;
    auto set = [](const Dict& d, const std::vector<std::string>& values, std::vector<char>& out) {
      out.assign(d.size(), 0);
      for (const auto& v : values) {
        if (auto id = d.Find(v)) out[*id] = 1;
      }
    };
    auto langs = [&](const std::vector<codes::LanguageLevel>& v) {
      std::vector<std::pair<int64_t, int>> out;
      for (const auto& l : v) {
        auto id = languages_.Find(l.code);
        out.emplace_back(id ? static_cast<int64_t>(*id) : -1, static_cast<int>(l.level));
      }
      return out;
    };
    if ((c.has_residence = !q.residence.empty())) set(residence_, q.residence, c.residence);
    if ((c.has_destinations = !q.destinations.empty())) {
      auto values = q.destinations;
      values.emplace_back("any");
      set(destinations_, values, c.destinations);
    }
    if ((c.has_topics = !q.topics.empty())) set(topics_, q.topics, c.topics);
    if ((c.has_types = !q.activity_types.empty())) set(types_, q.activity_types, c.types);
    if ((c.has_skills = !q.skills.empty())) set(skills_, q.skills, c.skills);
    c.languages = langs(q.languages);
    c.has_age_min = q.age_min.has_value();
    c.has_age_max = q.age_max.has_value();
    c.age_min = q.age_min.value_or(0);
    c.age_max = q.age_max.value_or(0);
    c.age_at = YearDayOf(q.age_at.value_or(today_));
    if (q.active_within_days) c.active_since = DayOf(today_) - *q.active_within_days;
    if (q.available_from || q.available_to) {
      c.has_availability = true;
      c.available_from = q.available_from ? DayOf(*q.available_from) : INT32_MIN;
      c.available_to = q.available_to ? DayOf(*q.available_to) : INT32_MAX;
    }
    for (const auto& w : b.words) {
      std::vector<uint32_t> ids;
      for (const auto& form : search::QueryForms(w)) {
        if (auto id = terms_.Find(form)) ids.push_back(*id);
      }
      c.words.push_back(std::move(ids));
    }
    if (q.target) {
      const auto& t = *q.target;
      c.has_target = true;
      c.start = YearDayOf(t.start.value_or(today_));
      c.target_max_age = t.activity_type == "humanitarian_aid" ? participants::kMaxHumanitarianAge
                                                               : participants::kMaxAge;
      if ((c.has_eligible = !t.eligible_residence.empty())) {
        set(residence_, t.eligible_residence, c.eligible);
      }
      c.score_from = t.start ? DayOf(*t.start) : DayOf(today_);
      c.score_to = t.end ? DayOf(*t.end) : INT32_MAX;
      if ((c.s_topics = !t.topics.empty())) set(topics_, t.topics, c.t_topics);
      if ((c.s_type = !t.activity_type.empty())) set(types_, {t.activity_type}, c.t_types);
      if ((c.s_destination = !t.country.empty())) {
        set(destinations_, {t.country, "any"}, c.t_destinations);
      }
      if ((c.s_languages = !t.languages.empty())) c.t_languages = langs(t.languages);
      if ((c.s_skills = !t.skills.empty())) set(skills_, t.skills, c.t_skills);
      c.s_inclusion = t.favour_inclusion;
      c.weight_total = WeightTotal(t);
    }
    return c;
  }

  static bool AnyIn(const std::vector<uint32_t>& has, const std::vector<char>& wanted) {
    return std::any_of(has.begin(), has.end(), [&](uint32_t v) { return wanted[v] != 0; });
  }
  static bool AllLanguages(const Flat& f, const std::vector<std::pair<int64_t, int>>& wanted) {
    for (const auto& [lang, level] : wanted) {
      if (std::none_of(f.languages.begin(), f.languages.end(), [&](const auto& l) {
            return static_cast<int64_t>(l.first) == lang && l.second >= level;
          })) {
        return false;
      }
    }
    return true;
  }
  static bool Overlaps(const Flat& f, Day from, Day to) {
    return std::any_of(f.periods.begin(), f.periods.end(),
                       [&](const auto& p) { return p.first <= to && p.second >= from; });
  }
  static bool HasAny(const std::vector<uint32_t>& sorted, const std::vector<uint32_t>& ids) {
    return std::any_of(ids.begin(), ids.end(), [&](uint32_t id) {
      return std::binary_search(sorted.begin(), sorted.end(), id);
    });
  }

  // Visible and findable today (F3, R8): searchable, not hidden (the source left hidden people
  // out), at most 30 years old, or 35 for someone who wants humanitarian aid only.
  bool Visible(const Flat& f) const { return f.visible; }

  bool Matches(const Flat& f, const Compiled& c) const {
    if (!Visible(f)) return false;
    if (c.has_residence && !c.residence[f.residence]) return false;
    if (c.has_destinations && !AnyIn(f.destinations, c.destinations)) return false;
    if (c.has_topics && !AnyIn(f.topics, c.topics)) return false;
    if (c.has_types && !AnyIn(f.types, c.types)) return false;
    if (c.has_skills && !AnyIn(f.skills, c.skills)) return false;
    if (!AllLanguages(f, c.languages)) return false;
    if (c.has_age_min || c.has_age_max) {
      const int age = Age(f.birth_yd, c.age_at);
      if (c.has_age_min && age < c.age_min) return false;
      if (c.has_age_max && age > c.age_max) return false;
    }
    if (c.active_since && f.last_active < *c.active_since) return false;
    if (c.has_availability && !Overlaps(f, c.available_from, c.available_to)) return false;
    for (const auto& forms : c.words) {
      if (!HasAny(*f.experience, forms) && !HasAny(*f.motivation, forms)) return false;
    }
    if (c.has_target) {
      const int age = Age(f.birth_yd, c.start);
      if (age < participants::kMinActivityAge || age > c.target_max_age) return false;
      if (c.has_eligible && !c.eligible[f.residence]) return false;
    }
    return true;
  }

  bool AllWordsInExperience(const Flat& f, const Compiled& c) const {
    return std::all_of(c.words.begin(), c.words.end(),
                       [&](const auto& forms) { return HasAny(*f.experience, forms); });
  }

  // The weights earned (unscaled).
  int Earned(const Flat& f, const Compiled& c) const {
    int earned = 0;
    if (Overlaps(f, c.score_from, c.score_to)) earned += search::kWeightAvailability;
    if (c.s_topics && AnyIn(f.topics, c.t_topics)) earned += search::kWeightTopics;
    if (c.s_type && AnyIn(f.types, c.t_types)) earned += search::kWeightActivityType;
    if (c.s_destination && AnyIn(f.destinations, c.t_destinations)) {
      earned += search::kWeightDestination;
    }
    if (c.s_languages && AllLanguages(f, c.t_languages)) earned += search::kWeightLanguages;
    if (c.s_skills && AnyIn(f.skills, c.t_skills)) earned += search::kWeightSkills;
    if (c.s_inclusion && f.inclusion) earned += search::kWeightInclusion;
    return earned;
  }

  std::vector<uint32_t> All(const Compiled& c) const {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < flat_.size(); ++i) {
      if (Matches(flat_[i], c)) out.push_back(static_cast<uint32_t>(i));
    }
    return out;
  }

  // Facet counts over `ids`, as the index names the facets.
  std::map<std::string, uint64_t> Facet(const std::string& name,
                                        const std::vector<uint32_t>& ids) const {
    std::map<std::string, uint64_t> out;
    for (uint32_t i : ids) {
      const Flat& f = flat_[i];
      if (name == "residence") ++out[residence_.Name(f.residence)];
      if (name == "destinations") {
        for (auto v : f.destinations) ++out[destinations_.Name(v)];
      }
      if (name == "topics") {
        for (auto v : f.topics) ++out[topics_.Name(v)];
      }
      if (name == "activity_types") {
        for (auto v : f.types) ++out[types_.Name(v)];
      }
      if (name == "skills") {
        for (auto v : f.skills) ++out[skills_.Name(v)];
      }
      if (name == "languages") {
        for (const auto& l : f.languages) ++out[languages_.Name(l.first)];
      }
    }
    return out;
  }

 private:
  const std::vector<uint32_t>& TermIds(const std::vector<std::string>& terms) {
    auto it = term_ids_.find(&terms);
    if (it != term_ids_.end()) return it->second;
    std::vector<uint32_t> ids;
    for (const auto& t : terms) ids.push_back(terms_.Intern(t));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return term_ids_.emplace(&terms, std::move(ids)).first->second;
  }

  Date today_;
  std::vector<Flat> flat_;
  Dict residence_, destinations_, topics_, types_, skills_, languages_, terms_;
  std::map<const std::vector<std::string>*, std::vector<uint32_t>> term_ids_;
};

// ---------------------------------------------------------------------------------------------
// What every engine answers

struct Answer {
  bool ok = true;
  bool over_budget = false;  // ours: Unavailable, the per-query budget
  std::string error;
  uint64_t total = 0;
  std::vector<uint32_t> top;  // profile numbers (positions in the loaded vector)
  std::vector<int> scores;    // 0-100, with an opportunity
  std::map<std::string, std::map<std::string, uint64_t>> facets;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string Name() const = 0;
  virtual Answer Run(const BenchQuery& b) = 0;
  // Every matching profile (for the filter-only check; not timed). Complete unless `complete`
  // comes back false.
  virtual std::vector<uint32_t> AllIds(const BenchQuery& b, bool& complete) = 0;
};

// Whether the query needs a ranking by match score.
bool Scored(const BenchQuery& b) { return b.q.target.has_value(); }

// ---------------------------------------------------------------------------------------------
// Ours

class OursEngine final : public Engine {
 public:
  OursEngine(const search::Index& index, Date today,
             const std::unordered_map<std::string, uint32_t>& by_reference)
      : index_(index), today_(today), by_reference_(by_reference) {}
  std::string Name() const override { return "ours"; }

  Answer Run(const BenchQuery& b) override {
    Answer a;
    auto r = index_.Search(b.q, today_);
    if (!r) {
      a.ok = false;
      a.over_budget = r.error().code == ErrorCode::kUnavailable;
      a.error = r.error().detail.empty() ? r.error().message.key : r.error().detail;
      return a;
    }
    a.total = r->total;
    for (const auto& h : r->hits) {
      a.top.push_back(Number(h.reference));
      if (h.score) a.scores.push_back(*h.score);
    }
    for (const auto& f : r->facets) {
      auto& m = a.facets[f.name];
      for (const auto& c : f.counts) m[c.value] = c.count;
    }
    return a;
  }

  // Pages through the results in last-activity order (limit 100, offset up to kMaxOffset): the
  // whole set when it is that small. Of a larger set only the first kPrefix are read (the search
  // API offers no way to list more; paging 100 at a time would also take one search per 100).
  static constexpr uint64_t kPrefix = 1000;
  std::vector<uint32_t> AllIds(const BenchQuery& b, bool& complete) override {
    constexpr uint64_t kReach = search::kMaxOffset + search::kMaxLimit;
    std::vector<uint32_t> out;
    search::Query q = b.q;
    q.facets.clear();
    q.sort = search::Sort::kLastActive;
    q.limit = search::kMaxLimit;
    q.offset = 0;
    auto first = index_.Search(q, today_);
    ++calls_;
    complete = false;
    if (!first) return out;
    const uint64_t total = first->total;
    complete = total <= kReach;
    const uint64_t read = complete ? total : kPrefix;
    for (const auto& h : first->hits) out.push_back(Number(h.reference));
    for (uint64_t offset = search::kMaxLimit; offset < read; offset += search::kMaxLimit) {
      q.offset = static_cast<int>(offset);
      auto page = index_.Search(q, today_);
      ++calls_;
      if (!page) {
        complete = false;
        return out;
      }
      for (const auto& h : page->hits) out.push_back(Number(h.reference));
    }
    return out;
  }
  size_t calls() const { return calls_; }

 private:
  uint32_t Number(const std::string& reference) const {
    auto it = by_reference_.find(reference);
    if (it == by_reference_.end()) Die("ours returned an unknown reference " + reference);
    return it->second;
  }

  const search::Index& index_;
  Date today_;
  const std::unordered_map<std::string, uint32_t>& by_reference_;
  size_t calls_ = 0;
};

// The eligibility bounds every engine applies (ours applies its own).
struct Bounds {
  Day oldest = 0;                           // born on or after: at most 30 today
  Day oldest_humanitarian = 0;              // at most 35 today
  std::optional<Day> birth_lo, birth_hi;    // the age filter
  std::optional<Day> target_lo, target_hi;  // the opportunity's age rule at its start
  std::optional<Day> active_since;
  std::optional<Day> available_from, available_to;
  bool availability = false;
  Day score_from = 0;
  std::optional<Day> score_to;
};

Bounds BoundsOf(const search::Query& q, Date today) {
  Bounds b;
  b.oldest = EarliestBirthAtMostAge(today, participants::kMaxAge);
  b.oldest_humanitarian = EarliestBirthAtMostAge(today, participants::kMaxHumanitarianAge);
  const Date at = q.age_at.value_or(today);
  if (q.age_max) b.birth_lo = EarliestBirthAtMostAge(at, *q.age_max);
  if (q.age_min) b.birth_hi = LatestBirthAtLeastAge(at, *q.age_min);
  if (q.active_within_days) b.active_since = DayOf(today) - *q.active_within_days;
  if (q.available_from || q.available_to) {
    b.availability = true;
    if (q.available_from) b.available_from = DayOf(*q.available_from);
    if (q.available_to) b.available_to = DayOf(*q.available_to);
  }
  if (q.target) {
    const auto& t = *q.target;
    const Date start = t.start.value_or(today);
    const int max = t.activity_type == "humanitarian_aid" ? participants::kMaxHumanitarianAge
                                                          : participants::kMaxAge;
    b.target_lo = EarliestBirthAtMostAge(start, max);
    b.target_hi = LatestBirthAtLeastAge(start, participants::kMinActivityAge);
    b.score_from = t.start ? DayOf(*t.start) : DayOf(today);
    if (t.end) b.score_to = DayOf(*t.end);
  }
  return b;
}

// Every level at or above `level`, as codes.
std::vector<std::string> LevelsFrom(codes::Level level) {
  std::vector<std::string> out;
  for (int l = static_cast<int>(level); l <= static_cast<int>(codes::Level::kNative); ++l) {
    out.push_back(LevelText(static_cast<codes::Level>(l)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Xapian: boolean terms per value, values for dates, Xapian's stemmers per detected language.

constexpr Xapian::valueno kSlotBirth = 0, kSlotActive = 1, kSlotResidence = 2,
                          kSlotDestinations = 3, kSlotTopics = 4, kSlotTypes = 5, kSlotSkills = 6,
                          kSlotLanguages = 7, kSlotPeriods = 8, kSlotPeriodBase = 10;

std::string Sortable(Day d) { return Xapian::sortable_serialise(static_cast<double>(d)); }

// Counts each of the values (joined by '\n') in some slots: multi-valued facets.
class ListCountSpy final : public Xapian::MatchSpy {
 public:
  explicit ListCountSpy(std::vector<std::pair<std::string, Xapian::valueno>> slots)
      : slots_(std::move(slots)), counts_(slots_.size()) {}
  void operator()(const Xapian::Document& doc, double) override {
    for (size_t i = 0; i < slots_.size(); ++i) {
      const std::string v = doc.get_value(slots_[i].second);
      size_t start = 0;
      while (start < v.size()) {
        size_t end = v.find('\n', start);
        if (end == std::string::npos) end = v.size();
        ++counts_[i][v.substr(start, end - start)];
        start = end + 1;
      }
    }
  }
  const std::vector<std::pair<std::string, Xapian::valueno>>& slots() const { return slots_; }
  const std::vector<std::unordered_map<std::string, uint64_t>>& counts() const { return counts_; }

 private:
  std::vector<std::pair<std::string, Xapian::valueno>> slots_;
  std::vector<std::unordered_map<std::string, uint64_t>> counts_;
};

// The availability part of the match score: a constant weight for a person with a period that
// overlaps [from, to], read from the packed periods slot.
class OverlapSource final : public Xapian::ValuePostingSource {
 public:
  OverlapSource(Day from, Day to, double weight)
      : Xapian::ValuePostingSource(kSlotPeriods), from_(from), to_(to), weight_(weight) {}
  void init(const Xapian::Database& database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(weight_);
  }
  double get_weight() const override {
    const std::string v = get_value();
    for (size_t i = 0; i + 8 <= v.size(); i += 8) {
      Day f = 0, t = 0;
      std::memcpy(&f, v.data() + i, 4);
      std::memcpy(&t, v.data() + i + 4, 4);
      if (f <= to_ && t >= from_) return weight_;
    }
    return 0;
  }
  OverlapSource* clone() const override { return new OverlapSource(from_, to_, weight_); }
  std::string name() const override { return "OverlapSource"; }

 private:
  Day from_, to_;
  double weight_;
};

constexpr std::array<std::string_view, 15> kStemmed = {
    "da", "de", "el", "en", "es", "fi", "fr", "ga", "hu", "it", "lt", "nl", "pt", "ro", "sv"};

class XapianEngine final : public Engine {
 public:
  XapianEngine(std::string dir, Date today) : dir_(std::move(dir)), today_(today) {
    for (auto lang : kStemmed) {
      try {
        stemmers_.emplace(std::string(lang), Xapian::Stem(std::string(lang)));
      } catch (const Xapian::Error&) {
        missing_.push_back(std::string(lang));
      }
    }
  }
  std::string Name() const override { return "xapian"; }
  const std::vector<std::string>& missing_stemmers() const { return missing_; }

  void Build(const std::vector<Participant>& people) {
    Xapian::WritableDatabase w(dir_, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (size_t i = 0; i < people.size(); ++i) {
      const Participant& p = people[i];
      Xapian::Document doc;
      doc.add_boolean_term("R" + p.residence);
      for (const auto& v : p.destinations) doc.add_boolean_term("D" + v);
      for (const auto& v : p.topics) doc.add_boolean_term("T" + v);
      for (const auto& v : p.activity_types) doc.add_boolean_term("A" + v);
      for (const auto& v : p.skills) doc.add_boolean_term("S" + v);
      std::vector<std::string> codes;
      for (const auto& l : p.languages) {
        doc.add_boolean_term("L" + l.code + ":" + LevelText(l.level));
        codes.push_back(l.code);
      }
      if (participants::OnlyHumanitarianAid(p)) doc.add_boolean_term("H");
      if (p.fewer_opportunities && p.sensitive_shared) doc.add_boolean_term("I");
      doc.add_value(kSlotBirth, Sortable(DayOf(p.birth_date)));
      doc.add_value(kSlotActive, Sortable(DayOf(p.last_active)));
      doc.add_value(kSlotResidence, p.residence);
      doc.add_value(kSlotDestinations, Join(p.destinations, "\n"));
      doc.add_value(kSlotTopics, Join(p.topics, "\n"));
      doc.add_value(kSlotTypes, Join(p.activity_types, "\n"));
      doc.add_value(kSlotSkills, Join(p.skills, "\n"));
      doc.add_value(kSlotLanguages, Join(codes, "\n"));
      std::string packed;
      for (size_t k = 0; k < p.availability.size(); ++k) {
        const Day from = DayOf(p.availability[k].from);
        const Day to = DayOf(p.availability[k].to);
        packed.append(reinterpret_cast<const char*>(&from), 4);
        packed.append(reinterpret_cast<const char*>(&to), 4);
        doc.add_value(kSlotPeriodBase + 2 * static_cast<Xapian::valueno>(k), Sortable(from));
        doc.add_value(kSlotPeriodBase + 2 * static_cast<Xapian::valueno>(k) + 1, Sortable(to));
        max_periods_ = std::max(max_periods_, k + 1);
      }
      if (!packed.empty()) doc.add_value(kSlotPeriods, packed);
      for (const auto* text : {&p.experience, &p.motivation}) {
        for (const auto& [term, wdf] : TextTerms(tg, *text, p.contact_language)) {
          doc.add_term(term, wdf);
        }
      }
      if (w.add_document(doc) != static_cast<Xapian::docid>(i + 1)) Die("xapian: docids");
    }
    w.commit();
    w.close();
    db_ = Xapian::Database(dir_);
    docs_ = db_.get_doccount();
  }

  Answer Run(const BenchQuery& b) override {
    Answer a;
    const Bounds bounds = BoundsOf(b.q, today_);
    Xapian::Enquire enquire(db_);
    Xapian::Query filter = Filter(b, bounds);
    const bool scored = Scored(b);
    if (scored) {
      enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(0.0, filter),
                                      Score(*b.q.target, bounds)));
      enquire.set_weighting_scheme(Xapian::CoordWeight());
    } else if (!b.words.empty()) {
      enquire.set_query(filter);  // BM25 over the words, the rest boolean
    } else {
      enquire.set_query(filter);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
    }
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    std::unique_ptr<Xapian::ValueCountMatchSpy> residence;
    std::unique_ptr<ListCountSpy> lists;
    std::vector<std::pair<std::string, Xapian::valueno>> list_slots;
    for (const auto& f : b.q.facets) {
      if (f == "residence") {
        residence = std::make_unique<Xapian::ValueCountMatchSpy>(kSlotResidence);
        enquire.add_matchspy(residence.get());
      } else {
        list_slots.emplace_back(f, FacetSlot(f));
      }
    }
    if (!list_slots.empty()) {
      lists = std::make_unique<ListCountSpy>(list_slots);
      enquire.add_matchspy(lists.get());
    }
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(b.q.limit), docs_);
    if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound()) {
      a.ok = false;
      a.error = "inexact total";
    }
    a.total = mset.get_matches_estimated();
    const int weight_total = scored ? WeightTotal(*b.q.target) : 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      a.top.push_back(*it - 1);
      if (scored)
        a.scores.push_back(Scaled(static_cast<int>(std::lround(it.get_weight())), weight_total));
    }
    if (residence) {
      auto& m = a.facets["residence"];
      for (auto it = residence->values_begin(); it != residence->values_end(); ++it) {
        m[*it] = it.get_termfreq();
      }
    }
    if (lists) {
      for (size_t i = 0; i < list_slots.size(); ++i) {
        auto& m = a.facets[list_slots[i].first];
        for (const auto& [v, n] : lists->counts()[i]) m[v] = n;
      }
    }
    return a;
  }

  std::vector<uint32_t> AllIds(const BenchQuery& b, bool& complete) override {
    complete = true;
    Xapian::Enquire enquire(db_);
    enquire.set_query(Filter(b, BoundsOf(b.q, today_)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, docs_, docs_);
    std::vector<uint32_t> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it - 1);
    return out;
  }

 private:
  static Xapian::valueno FacetSlot(const std::string& f) {
    if (f == "destinations") return kSlotDestinations;
    if (f == "topics") return kSlotTopics;
    if (f == "activity_types") return kSlotTypes;
    if (f == "skills") return kSlotSkills;
    if (f == "languages") return kSlotLanguages;
    return kSlotResidence;
  }

  // What TermGenerator makes of a text (terms and their wdf), once per distinct text: the demo
  // data repeats a few dozen texts, and tokenising them a million times would only measure that.
  const std::vector<std::pair<std::string, Xapian::termcount>>& TextTerms(
      Xapian::TermGenerator& tg, const std::string& text, const std::string& fallback) {
    auto key = std::make_pair(text, fallback);
    auto it = text_terms_.find(key);
    if (it != text_terms_.end()) return it->second;
    const std::string lang = search::DetectLanguage(search::Words(text), fallback);
    auto stem = stemmers_.find(lang);
    tg.set_stemmer(stem == stemmers_.end() ? Xapian::Stem() : stem->second);
    Xapian::Document scratch;
    tg.set_document(scratch);
    tg.index_text_without_positions(text);  // no phrase search: positions are not needed
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
      terms.emplace_back(*t, t.get_wdf());
    }
    return text_terms_.emplace(std::move(key), std::move(terms)).first->second;
  }

  static Xapian::Query AnyTerm(const std::string& prefix, const std::vector<std::string>& values,
                               Xapian::Query::op op = Xapian::Query::OP_OR) {
    std::vector<std::string> terms;
    for (const auto& v : values) terms.push_back(prefix + v);
    return Xapian::Query(op, terms.begin(), terms.end());
  }
  static Xapian::Query Language(const codes::LanguageLevel& l,
                                Xapian::Query::op op = Xapian::Query::OP_OR) {
    std::vector<std::string> terms;
    for (const auto& level : LevelsFrom(l.level)) terms.push_back("L" + l.code + ":" + level);
    return Xapian::Query(op, terms.begin(), terms.end());
  }
  static Xapian::Query BirthRange(std::optional<Day> lo, std::optional<Day> hi) {
    using Q = Xapian::Query;
    if (lo && hi) return Q(Q::OP_VALUE_RANGE, kSlotBirth, Sortable(*lo), Sortable(*hi));
    if (lo) return Q(Q::OP_VALUE_GE, kSlotBirth, Sortable(*lo));
    return Q(Q::OP_VALUE_LE, kSlotBirth, Sortable(*hi));
  }

  Xapian::Query Filter(const BenchQuery& b, const Bounds& bounds) const {
    using Q = Xapian::Query;
    const search::Query& q = b.q;
    std::vector<Q> parts;
    parts.emplace_back(
        Q::OP_OR, Q(Q::OP_VALUE_GE, kSlotBirth, Sortable(bounds.oldest)),
        Q(Q::OP_AND, Q("H"), Q(Q::OP_VALUE_GE, kSlotBirth, Sortable(bounds.oldest_humanitarian))));
    if (!q.residence.empty()) parts.push_back(AnyTerm("R", q.residence));
    if (!q.destinations.empty()) {
      auto values = q.destinations;
      values.emplace_back("any");
      parts.push_back(AnyTerm("D", values));
    }
    if (!q.topics.empty()) parts.push_back(AnyTerm("T", q.topics));
    if (!q.activity_types.empty()) parts.push_back(AnyTerm("A", q.activity_types));
    if (!q.skills.empty()) parts.push_back(AnyTerm("S", q.skills));
    for (const auto& l : q.languages) parts.push_back(Language(l));
    if (bounds.birth_lo || bounds.birth_hi)
      parts.push_back(BirthRange(bounds.birth_lo, bounds.birth_hi));
    if (bounds.active_since) {
      parts.emplace_back(Q::OP_VALUE_GE, kSlotActive, Sortable(*bounds.active_since));
    }
    if (bounds.availability) {
      std::vector<Q> any;
      for (size_t k = 0; k < max_periods_; ++k) {
        const auto from_slot = kSlotPeriodBase + 2 * static_cast<Xapian::valueno>(k);
        std::vector<Q> both;
        if (bounds.available_to)
          both.emplace_back(Q::OP_VALUE_LE, from_slot, Sortable(*bounds.available_to));
        if (bounds.available_from) {
          both.emplace_back(Q::OP_VALUE_GE, from_slot + 1, Sortable(*bounds.available_from));
        }
        any.emplace_back(Q::OP_AND, both.begin(), both.end());
      }
      parts.emplace_back(Q::OP_OR, any.begin(), any.end());
    }
    if (q.target) {
      parts.push_back(BirthRange(bounds.target_lo, bounds.target_hi));
      if (!q.target->eligible_residence.empty()) {
        parts.push_back(AnyTerm("R", q.target->eligible_residence));
      }
    }
    Q filter(Q::OP_AND, parts.begin(), parts.end());
    if (b.words.empty()) return filter;
    std::vector<Q> words;
    for (const auto& w : b.words) {
      std::vector<std::string> forms{w};
      for (const auto& [lang, stem] : stemmers_) {
        std::string z = "Z" + stem(w);
        if (std::find(forms.begin(), forms.end(), z) == forms.end()) forms.push_back(z);
      }
      words.emplace_back(Q::OP_SYNONYM, forms.begin(), forms.end());
    }
    return Q(Q::OP_FILTER, Q(Q::OP_AND, words.begin(), words.end()), filter);
  }

  // The match score's parts with CoordWeight (each matching synonym group weighs 1, scaled).
  Xapian::Query Score(const search::Target& t, const Bounds& bounds) const {
    using Q = Xapian::Query;
    std::vector<Q> parts;
    parts.emplace_back((new OverlapSource(bounds.score_from, bounds.score_to.value_or(INT32_MAX),
                                          search::kWeightAvailability))
                           ->release());
    if (!t.topics.empty()) {
      parts.emplace_back(double{search::kWeightTopics}, AnyTerm("T", t.topics, Q::OP_SYNONYM));
    }
    if (!t.activity_type.empty()) {
      parts.emplace_back(double{search::kWeightActivityType}, Q("A" + t.activity_type));
    }
    if (!t.country.empty()) {
      parts.emplace_back(double{search::kWeightDestination},
                         AnyTerm("D", {t.country, "any"}, Q::OP_SYNONYM));
    }
    if (!t.languages.empty()) {
      std::vector<Q> all;
      for (const auto& l : t.languages) all.push_back(Language(l, Q::OP_SYNONYM));
      parts.emplace_back(double{search::kWeightLanguages} / static_cast<double>(all.size()),
                         Q(Q::OP_AND, all.begin(), all.end()));
    }
    if (!t.skills.empty()) {
      parts.emplace_back(double{search::kWeightSkills}, AnyTerm("S", t.skills, Q::OP_SYNONYM));
    }
    if (t.favour_inclusion) parts.emplace_back(double{search::kWeightInclusion}, Q("I"));
    return Q(Q::OP_OR, parts.begin(), parts.end());
  }

  std::string dir_;
  Date today_;
  std::map<std::string, Xapian::Stem> stemmers_;
  std::vector<std::string> missing_;
  Xapian::Database db_;
  Xapian::doccount docs_ = 0;
  size_t max_periods_ = 0;
  std::map<std::pair<std::string, std::string>,
           std::vector<std::pair<std::string, Xapian::termcount>>>
      text_terms_;
};

// ---------------------------------------------------------------------------------------------
// SQLite: one row per person, child tables with B-tree indexes, FTS5 over the stemmed texts.

using Param = std::variant<int64_t, std::string>;

struct Sql {
  std::string text;
  std::vector<Param> params;
  // Numbered, so that the order in which an expression evaluates its parts does not matter.
  std::string P(Param p) {
    params.push_back(std::move(p));
    return "?" + std::to_string(params.size());
  }
  std::string List(const std::vector<std::string>& values) {
    std::string s = "(";
    for (size_t i = 0; i < values.size(); ++i) s += (i > 0 ? "," : "") + P(values[i]);
    return s + ")";
  }
};

class SqliteEngine final : public Engine {
 public:
  SqliteEngine(const std::string& path, Date today) : today_(today) {
    std::remove(path.c_str());
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("cannot open " + path);
    Exec(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4000000; "
        "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=17179869184;");
  }
  ~SqliteEngine() override { sqlite3_close(db_); }
  std::string Name() const override { return "sqlite"; }

  void Build(const std::vector<Participant>& people, TextTerms& texts) {
    Exec(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, residence TEXT NOT "
        "NULL, birth INTEGER NOT NULL, last_active INTEGER NOT NULL, hum INTEGER NOT NULL, "
        "inclusion INTEGER NOT NULL);"
        "CREATE TABLE pv (kind TEXT NOT NULL, value TEXT NOT NULL, pid INTEGER NOT NULL, "
        "PRIMARY KEY (kind, value, pid)) WITHOUT ROWID;"
        "CREATE TABLE pl (code TEXT NOT NULL, level INTEGER NOT NULL, pid INTEGER NOT NULL, "
        "PRIMARY KEY (code, level, pid)) WITHOUT ROWID;"
        "CREATE TABLE pa (pid INTEGER NOT NULL, from_day INTEGER NOT NULL, to_day INTEGER NOT "
        "NULL);"
        "CREATE VIRTUAL TABLE ft USING fts5(experience, motivation, tokenize = 'ascii');");
    Exec("BEGIN");
    {
      sqlite3_stmt* ip = Prepare("INSERT INTO p VALUES (?,?,?,?,?,?,?)");
      sqlite3_stmt* ia = Prepare("INSERT INTO pa VALUES (?,?,?)");
      sqlite3_stmt* ifts = Prepare("INSERT INTO ft (rowid, experience, motivation) VALUES (?,?,?)");
      for (size_t i = 0; i < people.size(); ++i) {
        const Participant& p = people[i];
        const auto id = static_cast<int64_t>(i);
        Step(ip,
             {id, p.reference, p.residence, int64_t{DayOf(p.birth_date)},
              int64_t{DayOf(p.last_active)}, int64_t{participants::OnlyHumanitarianAid(p) ? 1 : 0},
              int64_t{p.fewer_opportunities && p.sensitive_shared ? 1 : 0}});
        for (const auto& period : p.availability) {
          Step(ia, {id, int64_t{DayOf(period.from)}, int64_t{DayOf(period.to)}});
        }
        Step(ifts, {id, Join(texts.Of(p.experience, p.contact_language), " "),
                    Join(texts.Of(p.motivation, p.contact_language), " ")});
      }
      for (auto* s : {ip, ia, ifts}) sqlite3_finalize(s);
    }
    {
      // Sorted first: the WITHOUT ROWID tables fill in key order.
      std::vector<std::tuple<char, const std::string*, uint32_t>> values;
      std::vector<std::tuple<const std::string*, int, uint32_t>> languages;
      for (size_t i = 0; i < people.size(); ++i) {
        const Participant& p = people[i];
        const auto id = static_cast<uint32_t>(i);
        for (const auto& v : p.destinations) values.emplace_back('D', &v, id);
        for (const auto& v : p.topics) values.emplace_back('T', &v, id);
        for (const auto& v : p.activity_types) values.emplace_back('A', &v, id);
        for (const auto& v : p.skills) values.emplace_back('S', &v, id);
        for (const auto& l : p.languages) {
          languages.emplace_back(&l.code, static_cast<int>(l.level), id);
        }
      }
      std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
        if (*std::get<1>(a) != *std::get<1>(b)) return *std::get<1>(a) < *std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);
      });
      std::sort(languages.begin(), languages.end(), [](const auto& a, const auto& b) {
        if (*std::get<0>(a) != *std::get<0>(b)) return *std::get<0>(a) < *std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);
      });
      sqlite3_stmt* iv = Prepare("INSERT INTO pv VALUES (?,?,?)");
      for (const auto& [kind, value, id] : values) {
        Step(iv, {std::string(1, kind), *value, int64_t{id}});
      }
      sqlite3_finalize(iv);
      sqlite3_stmt* il = Prepare("INSERT INTO pl VALUES (?,?,?)");
      for (const auto& [code, level, id] : languages)
        Step(il, {*code, int64_t{level}, int64_t{id}});
      sqlite3_finalize(il);
    }
    Exec("COMMIT");
    Exec(
        "CREATE INDEX p_residence ON p (residence);"
        "CREATE INDEX p_birth ON p (birth);"
        "CREATE INDEX p_last_active ON p (last_active);"
        "CREATE INDEX pv_pid ON pv (pid, kind, value);"
        "CREATE INDEX pl_pid ON pl (pid, code, level);"
        "CREATE INDEX pa_pid ON pa (pid, from_day, to_day);"
        "CREATE INDEX pa_from ON pa (from_day, to_day, pid);"
        "INSERT INTO ft (ft) VALUES ('optimize');"
        "ANALYZE;"
        "CREATE TEMP TABLE m (id INTEGER PRIMARY KEY);");
  }

  Answer Run(const BenchQuery& b) override {
    Answer a;
    const Bounds bounds = BoundsOf(b.q, today_);
    // The matches stay in m until the next query (AllIds reads them from there).
    Exec("DELETE FROM m");
    Sql fill;
    fill.text = "INSERT INTO m (id) SELECT p.id FROM p WHERE ";
    Where(b, bounds, fill);
    Exec(fill);
    last_ = &b;
    Query("SELECT count(*) FROM m", {},
          [&](sqlite3_stmt* s) { a.total = static_cast<uint64_t>(sqlite3_column_int64(s, 0)); });
    const auto limit = int64_t{b.q.limit};
    if (Scored(b)) {
      Sql top;
      top.text = "SELECT p.id, " + ScoreExpr(*b.q.target, bounds, top) +
                 " AS score FROM m JOIN p ON p.id = m.id ORDER BY score DESC, p.id LIMIT " +
                 top.P(limit);
      const int weight_total = WeightTotal(*b.q.target);
      Query(top, [&](sqlite3_stmt* s) {
        a.top.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
        a.scores.push_back(Scaled(sqlite3_column_int(s, 1), weight_total));
      });
    } else if (!b.words.empty()) {
      Sql top;
      top.text = "SELECT m.id FROM ft JOIN m ON m.id = ft.rowid WHERE ft MATCH " +
                 top.P(Match(b.words)) + " ORDER BY bm25(ft), m.id LIMIT " + top.P(limit);
      Query(top, [&](sqlite3_stmt* s) {
        a.top.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
      });
    } else {
      Query("SELECT id FROM m ORDER BY id LIMIT ?1", {limit}, [&](sqlite3_stmt* s) {
        a.top.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
      });
    }
    for (const auto& f : b.q.facets) {
      auto& m = a.facets[f];
      auto add = [&](sqlite3_stmt* s) {
        m[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
            static_cast<uint64_t>(sqlite3_column_int64(s, 1));
      };
      if (f == "residence") {
        Query("SELECT p.residence, count(*) FROM m JOIN p ON p.id = m.id GROUP BY p.residence", {},
              add);
      } else if (f == "languages") {
        Query("SELECT pl.code, count(*) FROM m JOIN pl ON pl.pid = m.id GROUP BY pl.code", {}, add);
      } else {
        Query(
            "SELECT pv.value, count(*) FROM m JOIN pv ON pv.pid = m.id AND pv.kind = ? "
            "GROUP BY pv.value",
            {Kind(f)}, add);
      }
    }
    return a;
  }

  // The set the last query computed (m), else the same filter again.
  std::vector<uint32_t> AllIds(const BenchQuery& b, bool& complete) override {
    complete = true;
    std::vector<uint32_t> out;
    if (&b == last_) {
      Query("SELECT id FROM m", {}, [&](sqlite3_stmt* s) {
        out.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
      });
      return out;
    }
    Sql all;
    all.text = "SELECT p.id FROM p WHERE ";
    Where(b, BoundsOf(b.q, today_), all);
    Query(all, [&](sqlite3_stmt* s) {
      out.push_back(static_cast<uint32_t>(sqlite3_column_int64(s, 0)));
    });
    return out;
  }

 private:
  static std::string Kind(const std::string& facet) {
    if (facet == "destinations") return "D";
    if (facet == "topics") return "T";
    if (facet == "activity_types") return "A";
    return "S";
  }
  static std::string Match(const std::vector<std::string>& words) {
    std::vector<std::string> groups;
    for (const auto& w : words) {
      std::vector<std::string> forms;
      for (const auto& f : search::QueryForms(w)) forms.push_back("\"" + f + "\"");
      groups.push_back("(" + Join(forms, " OR ") + ")");
    }
    return Join(groups, " AND ");
  }
  static std::string InValues(Sql& s, const char* kind, const std::vector<std::string>& values) {
    return "p.id IN (SELECT pid FROM pv WHERE kind = '" + std::string(kind) + "' AND value IN " +
           s.List(values) + ")";
  }
  static std::string HasValues(Sql& s, const char* kind, const std::vector<std::string>& values) {
    return "EXISTS (SELECT 1 FROM pv WHERE pv.pid = p.id AND pv.kind = '" + std::string(kind) +
           "' AND pv.value IN " + s.List(values) + ")";
  }
  static std::string HasLanguage(Sql& s, const codes::LanguageLevel& l) {
    return "EXISTS (SELECT 1 FROM pl WHERE pl.pid = p.id AND pl.code = " + s.P(l.code) +
           " AND pl.level >= " + s.P(int64_t{static_cast<int>(l.level)}) + ")";
  }

  void Where(const BenchQuery& b, const Bounds& bounds, Sql& s) const {
    const search::Query& q = b.q;
    std::vector<std::string> c;
    c.push_back("(p.birth >= " + s.P(int64_t{bounds.oldest}) +
                " OR (p.hum = 1 AND p.birth >= " + s.P(int64_t{bounds.oldest_humanitarian}) + "))");
    if (!q.residence.empty()) c.push_back("p.residence IN " + s.List(q.residence));
    if (!q.destinations.empty()) {
      auto values = q.destinations;
      values.emplace_back("any");
      c.push_back(InValues(s, "D", values));
    }
    if (!q.topics.empty()) c.push_back(InValues(s, "T", q.topics));
    if (!q.activity_types.empty()) c.push_back(InValues(s, "A", q.activity_types));
    if (!q.skills.empty()) c.push_back(InValues(s, "S", q.skills));
    for (const auto& l : q.languages) {
      c.push_back("p.id IN (SELECT pid FROM pl WHERE code = " + s.P(l.code) +
                  " AND level >= " + s.P(int64_t{static_cast<int>(l.level)}) + ")");
    }
    if (bounds.birth_lo) c.push_back("p.birth >= " + s.P(int64_t{*bounds.birth_lo}));
    if (bounds.birth_hi) c.push_back("p.birth <= " + s.P(int64_t{*bounds.birth_hi}));
    if (bounds.active_since) c.push_back("p.last_active >= " + s.P(int64_t{*bounds.active_since}));
    if (bounds.availability) {
      std::string e = "EXISTS (SELECT 1 FROM pa WHERE pa.pid = p.id";
      if (bounds.available_to) e += " AND pa.from_day <= " + s.P(int64_t{*bounds.available_to});
      if (bounds.available_from) e += " AND pa.to_day >= " + s.P(int64_t{*bounds.available_from});
      c.push_back(e + ")");
    }
    if (!b.words.empty())
      c.push_back("p.id IN (SELECT rowid FROM ft WHERE ft MATCH " + s.P(Match(b.words)) + ")");
    if (q.target) {
      c.push_back("p.birth BETWEEN " + s.P(int64_t{*bounds.target_lo}) + " AND " +
                  s.P(int64_t{*bounds.target_hi}));
      if (!q.target->eligible_residence.empty()) {
        c.push_back("p.residence IN " + s.List(q.target->eligible_residence));
      }
    }
    s.text += Join(c, " AND ");
  }

  static std::string ScoreExpr(const search::Target& t, const Bounds& bounds, Sql& s) {
    auto part = [](const std::string& cond, int weight) {
      return "(CASE WHEN " + cond + " THEN " + std::to_string(weight) + " ELSE 0 END)";
    };
    std::vector<std::string> parts;
    std::string overlap = "EXISTS (SELECT 1 FROM pa WHERE pa.pid = p.id AND pa.to_day >= " +
                          s.P(int64_t{bounds.score_from});
    if (bounds.score_to) overlap += " AND pa.from_day <= " + s.P(int64_t{*bounds.score_to});
    parts.push_back(part(overlap + ")", search::kWeightAvailability));
    if (!t.topics.empty())
      parts.push_back(part(HasValues(s, "T", t.topics), search::kWeightTopics));
    if (!t.activity_type.empty()) {
      parts.push_back(part(HasValues(s, "A", {t.activity_type}), search::kWeightActivityType));
    }
    if (!t.country.empty()) {
      parts.push_back(part(HasValues(s, "D", {t.country, "any"}), search::kWeightDestination));
    }
    if (!t.languages.empty()) {
      std::vector<std::string> all;
      for (const auto& l : t.languages) all.push_back(HasLanguage(s, l));
      parts.push_back(part(Join(all, " AND "), search::kWeightLanguages));
    }
    if (!t.skills.empty())
      parts.push_back(part(HasValues(s, "S", t.skills), search::kWeightSkills));
    if (t.favour_inclusion) parts.push_back(part("p.inclusion = 1", search::kWeightInclusion));
    return "(" + Join(parts, " + ") + ")";
  }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string e = err ? err : "?";
      sqlite3_free(err);
      Die("sqlite: " + e + " in " + sql.substr(0, 200));
    }
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) !=
        SQLITE_OK) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in " + sql.substr(0, 300));
    }
    return s;
  }
  void Bind(sqlite3_stmt* s, const std::vector<Param>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        sqlite3_bind_int64(s, at, *n);
      } else {
        const auto& t = std::get<std::string>(params[i]);
        sqlite3_bind_text(s, at, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
      }
    }
  }
  void Step(sqlite3_stmt* s, const std::vector<Param>& params) {
    Bind(s, params);
    if (sqlite3_step(s) != SQLITE_DONE) Die(std::string("sqlite: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
  void Exec(const Sql& sql) {
    sqlite3_stmt* s = Prepare(sql.text);
    Bind(s, sql.params);
    if (sqlite3_step(s) != SQLITE_DONE) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in " + sql.text.substr(0, 400));
    }
    sqlite3_finalize(s);
  }
  void Query(const Sql& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* s = Prepare(sql.text);
    Bind(s, sql.params);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) row(s);
    if (rc != SQLITE_DONE) {
      Die(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in " + sql.text.substr(0, 400));
    }
    sqlite3_finalize(s);
  }
  void Query(const std::string& text, std::vector<Param> params,
             const std::function<void(sqlite3_stmt*)>& row) {
    Query(Sql{text, std::move(params)}, row);
  }

  sqlite3* db_ = nullptr;
  Date today_;
  const BenchQuery* last_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one row per person with arrays (GIN), B-tree on the scalar filters, a
// datemultirange of the periods (GiST), and a tsvector (GIN) with PostgreSQL's own Snowball
// configurations per detected language.

struct PgSql {
  std::string text;
  std::vector<std::string> params;
  std::vector<bool> null;
  std::string P(std::string v) {
    params.push_back(std::move(v));
    null.push_back(false);
    return "$" + std::to_string(params.size());
  }
  std::string Null() {
    params.emplace_back();
    null.push_back(true);
    return "$" + std::to_string(params.size());
  }
  std::string Array(const std::vector<std::string>& values) {
    std::string a = "{";
    for (size_t i = 0; i < values.size(); ++i) a += (i > 0 ? ",\"" : "\"") + values[i] + "\"";
    return P(a + "}") + "::text[]";
  }
};

class PgEngine final : public Engine {
 public:
  PgEngine(const std::string& url, Date today) : today_(today) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) Die(std::string("postgres: ") + PQerrorMessage(conn_));
    Exec("SET client_min_messages = warning");
    // Single-threaded like the others; JIT off (it only adds compile time to these queries).
    Exec("SET max_parallel_workers_per_gather = 0");
    Exec("SET jit = off");
    Exec("SET work_mem = '256MB'");
    Exec("SET maintenance_work_mem = '2GB'");
    auto r = PQexec(conn_, "SELECT cfgname FROM pg_ts_config");
    for (int i = 0; i < PQntuples(r); ++i) configs_.insert(PQgetvalue(r, i, 0));
    PQclear(r);
    for (const auto& [code, name] : kConfigs) {
      if (configs_.count(std::string(name))) query_configs_.emplace_back(name);
    }
  }
  ~PgEngine() override { PQfinish(conn_); }
  std::string Name() const override { return "postgres"; }
  std::string Version() {
    auto r = PQexec(conn_, "SHOW server_version");
    std::string v = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?";
    PQclear(r);
    return v;
  }
  std::string Setting(const char* name) {
    auto r = PQexec(conn_, (std::string("SHOW ") + name).c_str());
    std::string v = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?";
    PQclear(r);
    return v;
  }

  void Build(const std::vector<Participant>& people) {
    Exec("DROP TABLE IF EXISTS p");
    Exec(
        "CREATE TABLE p (id integer NOT NULL, reference text NOT NULL, residence text NOT NULL, "
        "birth date NOT NULL, last_active date NOT NULL, hum boolean NOT NULL, inclusion boolean "
        "NOT NULL, destinations text[] NOT NULL, topics text[] NOT NULL, types text[] NOT NULL, "
        "skills text[] NOT NULL, langs text[] NOT NULL, periods datemultirange NOT NULL, "
        "cfg_experience regconfig NOT NULL, cfg_motivation regconfig NOT NULL, experience text "
        "NOT NULL, motivation text NOT NULL, tsv tsvector GENERATED ALWAYS AS "
        "(to_tsvector(cfg_experience, experience) || to_tsvector(cfg_motivation, motivation)) "
        "STORED)");
    auto r = PQexec(conn_,
                    "COPY p (id, reference, residence, birth, last_active, hum, inclusion, "
                    "destinations, topics, types, skills, langs, periods, cfg_experience, "
                    "cfg_motivation, experience, motivation) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN) Die(std::string("postgres: ") + PQerrorMessage(conn_));
    PQclear(r);
    std::string buf;
    auto array = [](const std::vector<std::string>& v) {
      std::string a = "{";
      for (size_t i = 0; i < v.size(); ++i) a += (i > 0 ? ",\"" : "\"") + v[i] + "\"";
      return a + "}";
    };
    for (size_t i = 0; i < people.size(); ++i) {
      const Participant& p = people[i];
      std::vector<std::string> langs;
      for (const auto& l : p.languages) langs.push_back(l.code + ":" + LevelText(l.level));
      std::string periods = "{";
      for (size_t k = 0; k < p.availability.size(); ++k) {
        periods += (k > 0 ? ",[" : "[") + FormatIsoDate(p.availability[k].from) + "," +
                   FormatIsoDate(p.availability[k].to) + "]";
      }
      periods += "}";
      const std::vector<std::string> fields = {
          std::to_string(i),
          p.reference,
          p.residence,
          FormatIsoDate(p.birth_date),
          FormatIsoDate(p.last_active),
          participants::OnlyHumanitarianAid(p) ? "t" : "f",
          p.fewer_opportunities && p.sensitive_shared ? "t" : "f",
          array(p.destinations),
          array(p.topics),
          array(p.activity_types),
          array(p.skills),
          array(langs),
          periods,
          Config(p.experience, p.contact_language),
          Config(p.motivation, p.contact_language),
          p.experience,
          p.motivation};
      for (size_t f = 0; f < fields.size(); ++f) {
        if (f > 0) buf += '\t';
        for (char ch : fields[f]) {
          switch (ch) {
            case '\\':
              buf += "\\\\";
              break;
            case '\t':
              buf += "\\t";
              break;
            case '\n':
              buf += "\\n";
              break;
            case '\r':
              buf += "\\r";
              break;
            default:
              buf += ch;
          }
        }
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) Die("copy");
        buf.clear();
      }
    }
    if (!buf.empty() && PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
      Die("copy");
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) Die("copy end");
    r = PQgetResult(conn_);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      Die(std::string("postgres copy: ") + PQerrorMessage(conn_));
    PQclear(r);
    Exec("ALTER TABLE p ADD PRIMARY KEY (id)");
    Exec("CREATE INDEX p_residence ON p (residence)");
    Exec("CREATE INDEX p_birth ON p (birth)");
    Exec("CREATE INDEX p_last_active ON p (last_active)");
    for (const char* col : {"destinations", "topics", "types", "skills", "langs", "tsv"}) {
      Exec(std::string("CREATE INDEX p_") + col + " ON p USING gin (" + col + ")");
    }
    Exec("CREATE INDEX p_periods ON p USING gist (periods)");
    Exec("VACUUM ANALYZE p");
  }

  Answer Run(const BenchQuery& b) override {
    Answer a;
    const Bounds bounds = BoundsOf(b.q, today_);
    PgSql s;
    const bool scored = Scored(b);
    std::string score = "0";
    std::string order = "id";
    if (scored) {
      score = ScoreExpr(*b.q.target, bounds, s);
      order = "sc DESC, id";
    } else if (!b.words.empty()) {
      score = "ts_rank(tsv, " + TsQuery(b.words, s) + ")";
      order = "sc DESC, id";
    }
    std::string cols =
        "id, residence, destinations, topics, types, skills, langs, " + score + " AS sc";
    s.text = "WITH m AS MATERIALIZED (SELECT " + cols + " FROM p WHERE ";
    Where(b, bounds, s);
    s.text += ") SELECT 'total', '', count(*), 0::float8 FROM m";
    s.text +=
        " UNION ALL SELECT 'hit', id::text, (row_number() OVER ())::bigint, sc::float8 FROM "
        "(SELECT id, sc FROM m ORDER BY " +
        order + " LIMIT " + std::to_string(b.q.limit) + ") h";
    for (const auto& f : b.q.facets) {
      if (f == "residence") {
        s.text += " UNION ALL SELECT 'residence', residence, count(*), 0 FROM m GROUP BY residence";
      } else if (f == "languages") {
        s.text +=
            " UNION ALL SELECT 'languages', split_part(v, ':', 1), count(*), 0 FROM m, "
            "unnest(m.langs) v GROUP BY 2";
      } else {
        const std::string col = f == "activity_types" ? "types" : f;
        s.text += " UNION ALL SELECT '" + f + "', v, count(*), 0 FROM m, unnest(m." + col +
                  ") v GROUP BY v";
      }
    }
    PGresult* r = Exec(s);
    const int weight_total = scored ? WeightTotal(*b.q.target) : 0;
    std::vector<std::pair<long, std::pair<uint32_t, double>>> hits;
    for (int i = 0; i < PQntuples(r); ++i) {
      const std::string kind = PQgetvalue(r, i, 0);
      const std::string key = PQgetvalue(r, i, 1);
      const long n = std::atol(PQgetvalue(r, i, 2));
      if (kind == "total") {
        a.total = static_cast<uint64_t>(n);
      } else if (kind == "hit") {
        hits.push_back(
            {n, {static_cast<uint32_t>(std::stoul(key)), std::atof(PQgetvalue(r, i, 3))}});
      } else {
        a.facets[kind][key] = static_cast<uint64_t>(n);
      }
    }
    PQclear(r);
    std::sort(hits.begin(), hits.end());
    for (const auto& [ord, hit] : hits) {
      a.top.push_back(hit.first);
      if (scored)
        a.scores.push_back(Scaled(static_cast<int>(std::lround(hit.second)), weight_total));
    }
    for (const auto& f : b.q.facets) a.facets[f];  // present even when empty
    return a;
  }

  std::vector<uint32_t> AllIds(const BenchQuery& b, bool& complete) override {
    complete = true;
    PgSql s;
    s.text = "SELECT id FROM p WHERE ";
    Where(b, BoundsOf(b.q, today_), s);
    PGresult* r = Exec(s);
    std::vector<uint32_t> out;
    for (int i = 0; i < PQntuples(r); ++i)
      out.push_back(static_cast<uint32_t>(std::atol(PQgetvalue(r, i, 0))));
    PQclear(r);
    return out;
  }

 private:
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kConfigs = {{
      {"da", "danish"},
      {"de", "german"},
      {"el", "greek"},
      {"en", "english"},
      {"es", "spanish"},
      {"fi", "finnish"},
      {"fr", "french"},
      {"ga", "irish"},
      {"hu", "hungarian"},
      {"it", "italian"},
      {"lt", "lithuanian"},
      {"nl", "dutch"},
      {"pt", "portuguese"},
      {"ro", "romanian"},
      {"sv", "swedish"},
      {"tr", "turkish"},
  }};

  std::string Config(const std::string& text, const std::string& fallback) {
    const std::string lang = search::DetectLanguage(search::Words(text), fallback);
    for (const auto& [code, name] : kConfigs) {
      if (code == lang && configs_.count(std::string(name))) return std::string(name);
    }
    return "simple";
  }

  std::string TsQuery(const std::vector<std::string>& words, PgSql& s) const {
    std::vector<std::string> all;
    for (const auto& w : words) {
      const std::string p = s.P(w);
      std::vector<std::string> forms = {"plainto_tsquery('simple', " + p + ")"};
      for (const auto& c : query_configs_)
        forms.push_back("plainto_tsquery('" + c + "', " + p + ")");
      all.push_back("(" + Join(forms, " || ") + ")");
    }
    return "(" + Join(all, " && ") + ")";
  }

  void Where(const BenchQuery& b, const Bounds& bounds, PgSql& s) const {
    const search::Query& q = b.q;
    std::vector<std::string> c;
    c.push_back("(birth >= " + s.P(FormatIsoDate(DateOfDay(bounds.oldest))) +
                "::date OR (hum AND birth >= " +
                s.P(FormatIsoDate(DateOfDay(bounds.oldest_humanitarian))) + "::date))");
    if (!q.residence.empty()) c.push_back("residence = ANY(" + s.Array(q.residence) + ")");
    if (!q.destinations.empty()) {
      auto values = q.destinations;
      values.emplace_back("any");
      c.push_back("destinations && " + s.Array(values));
    }
    if (!q.topics.empty()) c.push_back("topics && " + s.Array(q.topics));
    if (!q.activity_types.empty()) c.push_back("types && " + s.Array(q.activity_types));
    if (!q.skills.empty()) c.push_back("skills && " + s.Array(q.skills));
    for (const auto& l : q.languages) c.push_back("langs && " + s.Array(Levels(l)));
    auto date = [&](Day d) { return s.P(FormatIsoDate(DateOfDay(d))) + "::date"; };
    if (bounds.birth_lo) c.push_back("birth >= " + date(*bounds.birth_lo));
    if (bounds.birth_hi) c.push_back("birth <= " + date(*bounds.birth_hi));
    if (bounds.active_since) c.push_back("last_active >= " + date(*bounds.active_since));
    if (bounds.availability) {
      c.push_back("periods && daterange(" +
                  (bounds.available_from ? date(*bounds.available_from) : s.Null() + "::date") +
                  ", " + (bounds.available_to ? date(*bounds.available_to) : s.Null() + "::date") +
                  ", '[]')");
    }
    if (!b.words.empty()) c.push_back("tsv @@ " + TsQuery(b.words, s));
    if (q.target) {
      c.push_back("birth BETWEEN " + date(*bounds.target_lo) + " AND " + date(*bounds.target_hi));
      if (!q.target->eligible_residence.empty()) {
        c.push_back("residence = ANY(" + s.Array(q.target->eligible_residence) + ")");
      }
    }
    s.text += Join(c, " AND ");
  }

  static std::vector<std::string> Levels(const codes::LanguageLevel& l) {
    std::vector<std::string> out;
    for (const auto& level : LevelsFrom(l.level)) out.push_back(l.code + ":" + level);
    return out;
  }

  static std::string ScoreExpr(const search::Target& t, const Bounds& bounds, PgSql& s) {
    auto part = [](const std::string& cond, int weight) {
      return "(CASE WHEN " + cond + " THEN " + std::to_string(weight) + " ELSE 0 END)";
    };
    auto date = [&](Day d) { return s.P(FormatIsoDate(DateOfDay(d))) + "::date"; };
    std::vector<std::string> parts;
    parts.push_back(part("periods && daterange(" + date(bounds.score_from) + ", " +
                             (bounds.score_to ? date(*bounds.score_to) : s.Null() + "::date") +
                             ", '[]')",
                         search::kWeightAvailability));
    if (!t.topics.empty())
      parts.push_back(part("topics && " + s.Array(t.topics), search::kWeightTopics));
    if (!t.activity_type.empty()) {
      parts.push_back(part("types && " + s.Array({t.activity_type}), search::kWeightActivityType));
    }
    if (!t.country.empty()) {
      parts.push_back(
          part("destinations && " + s.Array({t.country, "any"}), search::kWeightDestination));
    }
    if (!t.languages.empty()) {
      std::vector<std::string> all;
      for (const auto& l : t.languages) all.push_back("langs && " + s.Array(Levels(l)));
      parts.push_back(part(Join(all, " AND "), search::kWeightLanguages));
    }
    if (!t.skills.empty())
      parts.push_back(part("skills && " + s.Array(t.skills), search::kWeightSkills));
    if (t.favour_inclusion) parts.push_back(part("inclusion", search::kWeightInclusion));
    return "(" + Join(parts, " + ") + ")";
  }

  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Die("postgres: " + std::string(PQerrorMessage(conn_)) + " in " + sql.substr(0, 200));
    }
    PQclear(r);
  }
  PGresult* Exec(const PgSql& s) {
    std::vector<const char*> values;
    for (size_t i = 0; i < s.params.size(); ++i)
      values.push_back(s.null[i] ? nullptr : s.params[i].c_str());
    PGresult* r = PQexecParams(conn_, s.text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      Die("postgres: " + std::string(PQerrorMessage(conn_)) + " in " + s.text.substr(0, 400));
    }
    return r;
  }

  PGconn* conn_ = nullptr;
  Date today_;
  std::set<std::string> configs_;
  std::vector<std::string> query_configs_;
};

// ---------------------------------------------------------------------------------------------
// Checks against the brute force

struct Expected {
  std::vector<uint32_t> ids;  // ascending
  uint64_t total = 0;
  std::map<std::string, std::map<std::string, uint64_t>> facets;
  std::vector<int> top_scores;  // best first (scored queries)
  std::vector<Day> top_active;  // the first `limit` last-active days, newest first (filters)
  std::vector<std::pair<bool, Day>> top_words;  // (all words in experience, last active)
  std::unordered_map<uint32_t, int> score_of;   // scored queries: every match's score
  std::vector<char> in_experience;              // by position in ids (words)
};

class Checker {
 public:
  Checker(const Brute& brute, const std::vector<Participant>& people, Date today)
      : brute_(brute), people_(people), today_(today) {}

  Expected Expect(const BenchQuery& b) const {
    Expected e;
    const Compiled c = brute_.Compile(b);
    e.ids = brute_.All(c);
    e.total = e.ids.size();
    for (const auto& f : b.q.facets) e.facets[f] = brute_.Facet(f, e.ids);
    const size_t limit = static_cast<size_t>(b.q.limit);
    if (b.q.target) {
      std::vector<int> scores;
      for (uint32_t i : e.ids) {
        const int s = Scaled(brute_.Earned(brute_.at(i), c), c.weight_total);
        e.score_of[i] = s;
        scores.push_back(s);
      }
      std::sort(scores.rbegin(), scores.rend());
      scores.resize(std::min(scores.size(), limit));
      e.top_scores = scores;
    } else if (!b.words.empty()) {
      std::vector<std::pair<bool, Day>> keys;
      for (uint32_t i : e.ids) {
        const bool exp = brute_.AllWordsInExperience(brute_.at(i), c);
        e.in_experience.push_back(exp ? 1 : 0);
        keys.emplace_back(exp, brute_.at(i).last_active);
      }
      std::sort(keys.rbegin(), keys.rend());
      keys.resize(std::min(keys.size(), limit));
      e.top_words = keys;
    } else {
      std::vector<Day> days;
      for (uint32_t i : e.ids) days.push_back(brute_.at(i).last_active);
      std::sort(days.rbegin(), days.rend());
      days.resize(std::min(days.size(), limit));
      e.top_active = days;
    }
    return e;
  }

  std::string Show(uint32_t i) const {
    const Participant& p = people_[i];
    std::vector<std::string> langs, periods;
    for (const auto& l : p.languages) langs.push_back(l.code + ":" + LevelText(l.level));
    for (const auto& a : p.availability) {
      periods.push_back(FormatIsoDate(a.from) + "/" + FormatIsoDate(a.to));
    }
    return p.reference + " [birth " + FormatIsoDate(p.birth_date) + " age " +
           std::to_string(participants::AgeOn(p.birth_date, today_)) + ", residence " +
           p.residence + ", destinations " + Join(p.destinations, ",") + ", topics " +
           Join(p.topics, ",") + ", types " + Join(p.activity_types, ",") + ", skills " +
           Join(p.skills, ",") + ", languages " + Join(langs, ",") + ", periods " +
           Join(periods, ",") + ", last_active " + FormatIsoDate(p.last_active) + "]";
  }

  // Differences between a set of ids and the expected set; empty when equal.
  std::string CompareSets(std::vector<uint32_t> got, const std::vector<uint32_t>& want,
                          bool complete) const {
    std::sort(got.begin(), got.end());
    const size_t before = got.size();
    got.erase(std::unique(got.begin(), got.end()), got.end());
    std::string out;
    if (got.size() != before) out += std::to_string(before - got.size()) + " duplicates; ";
    std::vector<uint32_t> missing, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                        std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                        std::back_inserter(extra));
    if (!extra.empty()) {
      out += std::to_string(extra.size()) + " returned but not matching, e.g. " + Show(extra[0]) +
             "; ";
    }
    if (complete && !missing.empty()) {
      out += std::to_string(missing.size()) + " matching but not returned, e.g. " +
             Show(missing[0]) + "; ";
    }
    return out;
  }

  std::string CompareFacets(const Answer& a, const Expected& e) const {
    std::string out;
    for (const auto& [name, want] : e.facets) {
      auto it = a.facets.find(name);
      if (it == a.facets.end()) {
        out += "facet " + name + " missing; ";
        continue;
      }
      std::map<std::string, uint64_t> got;
      for (const auto& [k, v] : it->second) {
        if (v > 0) got[k] = v;
      }
      if (got != want) {
        std::string diff;
        for (const auto& [k, v] : want) {
          auto g = got.find(k);
          const uint64_t gv = g == got.end() ? 0 : g->second;
          if (gv != v)
            diff += k + " " + std::to_string(gv) + " (expected " + std::to_string(v) + ") ";
        }
        for (const auto& [k, v] : got) {
          if (!want.count(k)) diff += k + " " + std::to_string(v) + " (expected 0) ";
        }
        out += "facet " + name + ": " + diff + "; ";
      }
    }
    return out;
  }

  // The total, the page and the facets of one answer. `strict_order`: ours, whose order is
  // documented (last activity; words in the experience first; match score).
  std::string CompareAnswer(const BenchQuery& b, const Answer& a, const Expected& e,
                            bool strict_order, bool facets) const {
    std::string out;
    if (a.total != e.total) {
      out += "total " + std::to_string(a.total) + " (expected " + std::to_string(e.total) + "); ";
    }
    const size_t want_n = std::min<size_t>(e.total, static_cast<size_t>(b.q.limit));
    if (a.top.size() != want_n) {
      out += "page of " + std::to_string(a.top.size()) + " (expected " + std::to_string(want_n) +
             "); ";
    }
    for (uint32_t i : a.top) {
      if (!std::binary_search(e.ids.begin(), e.ids.end(), i)) {
        out += "page holds a non-match " + Show(i) + "; ";
        break;
      }
    }
    if (b.q.target) {
      std::vector<int> got = a.scores;
      if (!strict_order) std::sort(got.rbegin(), got.rend());
      if (got != e.top_scores) {
        std::vector<std::string> g, w;
        for (int s : got) g.push_back(std::to_string(s));
        for (int s : e.top_scores) w.push_back(std::to_string(s));
        out += "page scores " + Join(g, ",") + " (expected " + Join(w, ",") + "); ";
      }
      for (size_t k = 0; k < a.top.size() && k < a.scores.size(); ++k) {
        auto it = e.score_of.find(a.top[k]);
        if (it != e.score_of.end() && it->second != a.scores[k]) {
          out += "score of " + people_[a.top[k]].reference + " " + std::to_string(a.scores[k]) +
                 " (expected " + std::to_string(it->second) + "); ";
          break;
        }
      }
    } else if (strict_order && !b.words.empty()) {
      std::vector<std::pair<bool, Day>> got;
      for (uint32_t i : a.top) {
        auto pos = std::lower_bound(e.ids.begin(), e.ids.end(), i) - e.ids.begin();
        const bool exp = pos < static_cast<long>(e.ids.size()) &&
                         e.ids[static_cast<size_t>(pos)] == i &&
                         e.in_experience[static_cast<size_t>(pos)];
        got.emplace_back(exp, brute_.at(i).last_active);
      }
      if (got != e.top_words) out += "page order (words in experience, last active) differs; ";
    } else if (strict_order) {
      std::vector<Day> got;
      for (uint32_t i : a.top) got.push_back(brute_.at(i).last_active);
      if (got != e.top_active) out += "page order (last active, newest first) differs; ";
    }
    if (facets) out += CompareFacets(a, e);
    return out;
  }

 private:
  const Brute& brute_;
  const std::vector<Participant>& people_;
  Date today_;
};

// ---------------------------------------------------------------------------------------------
// The run

struct Options {
  std::string source;  // sqlite:PATH of the imported registry
  std::string bench_sqlite;
  std::string postgres;
  std::string xapian_dir;
  std::string command;
  std::string engines = "ours,xapian,sqlite,postgres";
  int queries = 1000;
  uint64_t seed = 20261128;
  std::optional<Date> today;
  double class_budget_s = 30;
  bool phases = false;    // --phases: also time indexing from memory into a second index
  std::string latencies;  // write every query's latency per engine here (TSV)
  bool check = true;      // false: --only-time (for profiling)
  bool breakdown = true;  // time variants of our queries: where the time goes
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--source") {
      o.source = value();
    } else if (a == "--bench-sqlite") {
      o.bench_sqlite = value();
    } else if (a == "--postgres") {
      o.postgres = value();
    } else if (a == "--xapian-dir") {
      o.xapian_dir = value();
    } else if (a == "--command") {
      o.command = value();
    } else if (a == "--engines") {
      o.engines = value();
    } else if (a == "--queries") {
      o.queries = std::stoi(value());
    } else if (a == "--seed") {
      o.seed = std::stoull(value());
    } else if (a == "--class-budget") {
      o.class_budget_s = std::stod(value());
    } else if (a == "--phases") {
      o.phases = true;
    } else if (a == "--no-phases") {
      o.phases = false;
    } else if (a == "--latencies") {
      o.latencies = value();
    } else if (a == "--only-time") {
      o.check = false;
    } else if (a == "--no-breakdown") {
      o.breakdown = false;
    } else if (a == "--today") {
      auto d = ParseIsoDate(value());
      if (!d) Die("--today wants YYYY-MM-DD");
      o.today = *d;
    } else {
      Die("unknown argument " + a);
    }
  }
  if (o.source.empty()) Die("--source sqlite:PATH is required");
  return o;
}

struct Timed {
  std::vector<double> ms;       // by query number in the class; NaN when not timed
  std::vector<Answer> answers;  // of the timed run
  size_t timed = 0;
  std::string note;
};

struct Mismatch {
  size_t query = 0;
  std::string what;
};

}  // namespace

int main(int argc, char** argv) {
  const Options opt = ParseArgs(argc, argv);
  log::SetLevel(log::Level::kWarn);
  SystemClock clock;
  const Date today = opt.today.value_or(clock.Today());
  auto has_engine = [&](std::string_view e) { return opt.engines.find(e) != std::string::npos; };

  std::printf("# Candidate search benchmark\n\n");
  std::printf("- command: `%s`\n", opt.command.empty() ? argv[0] : opt.command.c_str());
  std::printf("- machine: %ld cores (nproc), %s, %.1f GiB memory\n", sysconf(_SC_NPROCESSORS_ONLN),
              CpuModel().c_str(), ProcKib("/proc/meminfo", "MemTotal") / 1048576.0);
  std::printf("- search day (today): %s; seed %llu; %d queries asked for\n",
              FormatIsoDate(today).c_str(), static_cast<unsigned long long>(opt.seed), opt.queries);
  std::printf("- load average at start: %s\n", LoadAverage().c_str());
  std::printf("- Xapian %s, SQLite %s\n\n", Xapian::version_string(), sqlite3_libversion());
  std::fflush(stdout);

  // 1. Our index, from the database, as the portal builds it at start.
  auto db = storage::Database::Open(opt.source);
  if (!db) Die("cannot open " + opt.source + ": " + (*db ? "" : db.error().detail));
  storage::SqlSearchSource source(**db, clock);
  search::Index index;
  malloc_trim(0);
  const long rss_before = RssKib();
  search::LoadReport report;
  {
    search::Follower follower(index, source, clock, {});
    auto loaded = follower.Load();
    if (!loaded) Die("index build failed: " + loaded.error().detail);
    report = *loaded;
  }
  const long rss_after = RssKib();
  malloc_trim(0);
  const long rss_trimmed = RssKib();
  const double per_profile = static_cast<double>(report.memory_bytes) /
                             static_cast<double>(std::max<size_t>(1, report.profiles));
  std::printf("## Our index: build from the database\n\n");
  std::printf("| measure | value | target |\n|---|---|---|\n");
  std::printf("| profiles loaded (visible, not hidden) | %zu | |\n", report.profiles);
  std::printf("| build (Follower::Load: read, index, compact) | %.1f s | <= 60 s: %s |\n",
              report.took.count() / 1000.0, report.took.count() <= 60000 ? "met" : "MISSED");
  std::printf("| Index::MemoryBytes | %.1f MiB, %.0f bytes per profile | <= 1024: %s |\n",
              report.memory_bytes / 1048576.0, per_profile, per_profile <= 1024 ? "met" : "MISSED");
  std::printf(
      "| RSS growth (VmRSS) | %.1f MiB, %.0f bytes per profile (%.0f after malloc_trim) | |\n",
      (rss_after - rss_before) / 1024.0,
      (rss_after - rss_before) * 1024.0 / static_cast<double>(std::max<size_t>(1, report.profiles)),
      (rss_trimmed - rss_before) * 1024.0 /
          static_cast<double>(std::max<size_t>(1, report.profiles)));
  std::fflush(stdout);

  // 2. The same profiles, once, for the other engines and the brute force.
  std::vector<Participant> people;
  auto read_start = SteadyClock::now();
  auto read = source.LoadVisible([&](Participant&& p) { people.push_back(std::move(p)); });
  if (!read) Die("LoadVisible failed: " + read.error().detail);
  const double read_ms = MillisSince(read_start);
  std::printf("| phase: SqlSearchSource::LoadVisible alone (SQL + decoding) | %.1f s | |\n",
              read_ms / 1000.0);
  {
    // Where the build time goes, besides reading: the text part of indexing.
    auto t0 = SteadyClock::now();
    size_t words = 0;
    for (const auto& p : people) {
      words += search::IndexTerms(p.experience, p.contact_language).size();
      words += search::IndexTerms(p.motivation, p.contact_language).size();
    }
    std::printf(
        "| phase: search::IndexTerms of every text alone (split, detect language, stem) | %.1f s "
        "(%zu terms) | |\n",
        MillisSince(t0) / 1000.0, words);
  }
  if (opt.phases) {
    // The same profiles into a second index, from memory: indexing without the database.
    search::Index second;
    auto t0 = SteadyClock::now();
    std::vector<search::Change> batch;
    for (const auto& p : people) {
      batch.push_back({p.reference, p, false});
      if (batch.size() >= 4096) {
        second.Apply(batch);
        batch.clear();
      }
    }
    second.Apply(batch);
    const double apply_ms = MillisSince(t0);
    t0 = SteadyClock::now();
    second.Compact();
    std::printf("| phase: Index::Apply from memory (incl. copying the batch) | %.1f s | |\n",
                apply_ms / 1000.0);
    std::printf("| phase: Index::Compact | %.1f s | |\n", MillisSince(t0) / 1000.0);
  }
  std::printf("\n");
  std::fflush(stdout);

  std::unordered_map<std::string, uint32_t> by_reference;
  for (size_t i = 0; i < people.size(); ++i)
    by_reference.emplace(people[i].reference, static_cast<uint32_t>(i));

  TextTerms texts;
  auto brute_start = SteadyClock::now();
  const Brute brute(people, texts, today);
  const Checker checker(brute, people, today);

  // The vocabulary of the queries.
  Vocabulary vocab;
  {
    std::map<std::string, size_t> residence, languages;
    std::set<std::string> distinct_texts;
    for (const auto& p : people) {
      ++residence[p.residence];
      for (const auto& l : p.languages) ++languages[l.code];
      distinct_texts.insert(p.experience);
      distinct_texts.insert(p.motivation);
    }
    std::vector<std::pair<size_t, std::string>> by_count;
    for (const auto& [c, n] : residence) by_count.emplace_back(n, c);
    std::sort(by_count.rbegin(), by_count.rend());
    for (const auto& [n, c] : by_count) vocab.countries.push_back(c);
    for (auto c : codes::Countries()) vocab.all_countries.emplace_back(c);
    for (const auto& [l, n] : languages) vocab.languages.push_back(l);
    for (auto v : codes::Topics()) vocab.topics.emplace_back(v);
    for (auto v : codes::ActivityTypes()) vocab.types.emplace_back(v);
    for (auto v : codes::Skills()) vocab.skills.emplace_back(v);
    for (const auto& t : distinct_texts) {
      auto w = search::Words(t);
      if (!w.empty()) vocab.texts.push_back(std::move(w));
    }
  }
  size_t older = 0, humanitarian = 0;
  for (size_t i = 0; i < brute.size(); ++i) {
    if (!brute.Visible(brute.at(i))) ++older;
    if (brute.at(i).humanitarian_only) ++humanitarian;
  }
  std::printf(
      "Data: %zu profiles loaded; %zu of them not findable on %s (over the age limit); "
      "%zu want humanitarian aid only; %zu distinct (text, contact language) pairs; brute-force "
      "tables %.1f s.\n\n",
      people.size(), older, FormatIsoDate(today).c_str(), humanitarian, texts.size(),
      MillisSince(brute_start) / 1000.0);

  // 3. The queries: a fixed, seeded mix.
  std::vector<std::vector<BenchQuery>> queries(kClasses);
  {
    QueryMaker maker(vocab, today, opt.seed);
    const int n = std::max(opt.queries, 40);
    const int counts[kClasses] = {n * 40 / 100, n * 30 / 100, n * 20 / 100,
                                  n - n * 40 / 100 - n * 30 / 100 - n * 20 / 100};
    for (int c = 0; c < kClasses; ++c) {
      for (int i = 0; i < counts[c]; ++i) queries[c].push_back(maker.Make(static_cast<Class>(c)));
    }
  }
  std::printf(
      "Queries: %zu filters only (facets residence, topics, activity_types), %zu filters + "
      "1-3 words, %zu suggestions for an opportunity, %zu pathological (every filter at up "
      "to %zu values, 1-%zu words, all six facets, a third also with an opportunity).\n\n",
      queries[0].size(), queries[1].size(), queries[2].size(), queries[3].size(),
      search::kMaxValuesPerFilter, search::kMaxWords);

  // Expected answers: one thread in the background while the other engines build (the brute
  // force is not what is measured).
  auto expect_start = SteadyClock::now();
  std::vector<std::vector<Expected>> expected(kClasses);
  double expect_ms = 0;
  std::thread expect_thread;
  if (opt.check) {
    for (int c = 0; c < kClasses; ++c) expected[c].resize(queries[c].size());
    expect_thread = std::thread([&] {
      for (int c = 0; c < kClasses; ++c) {
        for (size_t i = 0; i < queries[c].size(); ++i)
          expected[c][i] = checker.Expect(queries[c][i]);
      }
      expect_ms = MillisSince(expect_start);
    });
  }

  // 4. The other engines.
  std::vector<std::unique_ptr<Engine>> engines;
  auto ours = std::make_unique<OursEngine>(index, today, by_reference);
  OursEngine* ours_ptr = ours.get();
  engines.push_back(std::move(ours));
  std::printf("## Building the other engines (same %zu profiles)\n\n", people.size());
  std::printf(
      "The three build at the same time (PostgreSQL in its server process, Xapian and SQLite on "
      "threads here), beside the brute force computing the expected answers, on %ld cores: the "
      "build times overlap and are longer than alone. Queries run one engine at a time, on one "
      "thread, after all builds.\n\n",
      sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("| engine | build | notes |\n|---|---|---|\n");
  std::unique_ptr<PgEngine> pg;
  std::thread pg_build;
  double pg_build_ms = 0;
  if (has_engine("postgres") && !opt.postgres.empty()) {
    pg = std::make_unique<PgEngine>(opt.postgres, today);
    pg_build = std::thread([&] {
      auto t0 = SteadyClock::now();
      pg->Build(people);
      pg_build_ms = MillisSince(t0);
    });
  }
  std::unique_ptr<XapianEngine> xapian;
  std::thread xapian_build;
  double xapian_build_ms = 0;
  if (has_engine("xapian") && !opt.xapian_dir.empty()) {
    xapian = std::make_unique<XapianEngine>(opt.xapian_dir, today);
    xapian_build = std::thread([&] {
      auto t0 = SteadyClock::now();
      xapian->Build(people);
      xapian_build_ms = MillisSince(t0);
    });
  }
  std::unique_ptr<SqliteEngine> sq;
  double sqlite_build_ms = 0;
  if (has_engine("sqlite") && !opt.bench_sqlite.empty()) {
    sq = std::make_unique<SqliteEngine>(opt.bench_sqlite, today);
    auto t0 = SteadyClock::now();
    sq->Build(people, texts);
    sqlite_build_ms = MillisSince(t0);
  }
  if (xapian) {
    xapian_build.join();
    std::printf(
        "| Xapian %s (glass database on disk, in the page cache) | %.1f s | boolean terms, value "
        "slots; Xapian's stemmers per detected language (missing in Xapian: %s) |\n",
        Xapian::version_string(), xapian_build_ms / 1000.0,
        xapian->missing_stemmers().empty() ? "none"
                                           : Join(xapian->missing_stemmers(), ",").c_str());
    std::fflush(stdout);
    engines.push_back(std::move(xapian));
  }
  if (sq) {
    std::printf(
        "| SQLite %s with FTS5 (own file; page cache 4 GB, mmap) | %.1f s | B-tree indexes on "
        "every filter; FTS5 over the Snowball stems of experience and motivation (FTS5 has no "
        "multilingual stemmer) |\n",
        sqlite3_libversion(), sqlite_build_ms / 1000.0);
    std::fflush(stdout);
    engines.push_back(std::move(sq));
  }
  if (pg) {
    pg_build.join();
    std::printf(
        "| PostgreSQL %s (shared_buffers %s; parallel workers and JIT off) | %.1f s | B-tree, "
        "GIN on the arrays, GiST on the availability multirange; tsvector (GIN) with "
        "PostgreSQL's Snowball configuration per detected language |\n",
        pg->Version().c_str(), pg->Setting("shared_buffers").c_str(), pg_build_ms / 1000.0);
    std::fflush(stdout);
    engines.push_back(std::move(pg));
  }
  std::printf("\n");

  if (expect_thread.joinable()) {
    expect_thread.join();
    std::printf(
        "Brute force: expected answers of every query in %.1f s (one thread, during the "
        "builds).\n\n",
        expect_ms / 1000.0);
  } else {
    std::printf("Brute force and checks skipped (--only-time).\n\n");
  }

  // 5. Correctness of the filter-only class (all ids, not timed) and timing of the whole mix.
  const size_t n_engines = engines.size();
  std::vector<std::vector<Timed>> timed(n_engines, std::vector<Timed>(kClasses));
  std::vector<std::vector<Mismatch>> mismatches(n_engines);   // filter-only, checked
  std::vector<std::vector<Mismatch>> differences(n_engines);  // other classes, informational
  std::vector<size_t> incomplete(n_engines, 0);
  std::vector<double> check_seconds(n_engines, 0);
  for (size_t e = 0; e < n_engines; ++e) {
    Engine& engine = *engines[e];
    auto engine_start = SteadyClock::now();
    for (int c = 0; c < kClasses; ++c) {
      const auto& qs = queries[c];
      Timed& t = timed[e][static_cast<size_t>(c)];
      t.ms.assign(qs.size(), NAN);
      t.answers.resize(qs.size());
      // Warm-up: the first few of the class (caches, statements, page cache).
      const size_t warm = std::min<size_t>(qs.size(), c == kFilters ? 5 : 1);
      for (size_t i = 0; i < warm; ++i) engine.Run(qs[i]);
      auto class_start = SteadyClock::now();
      for (size_t i = 0; i < qs.size(); ++i) {
        // Every filter-only query runs on every engine (it is checked); the others stop after
        // the class budget.
        if ((c != kFilters || !opt.check) && i >= 3 &&
            MillisSince(class_start) > opt.class_budget_s * 1000) {
          t.note = "timed on the first " + std::to_string(i) + " of " + std::to_string(qs.size()) +
                   " (class budget " + Fixed(opt.class_budget_s, 0) + " s)";
          break;
        }
        auto q0 = SteadyClock::now();
        Answer a = engine.Run(qs[i]);
        t.ms[i] = MillisSince(q0);
        ++t.timed;
        if (!opt.check) continue;
        const Expected& want = expected[static_cast<size_t>(c)][i];
        const bool strict = e == 0;
        if (c == kFilters) {
          auto c0 = SteadyClock::now();
          std::string diff;
          if (a.over_budget) {
            // Not an answer to check: counted with the latencies (ours only).
            check_seconds[e] += MillisSince(c0) / 1000.0;
            t.answers[i] = std::move(a);
            continue;
          }
          if (!a.ok) {
            diff = "no answer: " + a.error + "; ";
          } else {
            diff = checker.CompareAnswer(qs[i], a, want, strict, true);
          }
          bool complete = true;
          auto all = engine.AllIds(qs[i], complete);
          if (!complete) {
            // Ours, a set too large to page through: the first ones in order, and the counts
            // of every facet value over the whole set.
            ++incomplete[e];
            std::vector<Day> days;
            for (uint32_t id : all) days.push_back(brute.at(id).last_active);
            std::vector<Day> want_days;
            for (uint32_t id : want.ids) want_days.push_back(brute.at(id).last_active);
            std::sort(want_days.rbegin(), want_days.rend());
            want_days.resize(std::min(want_days.size(), days.size()));
            if (days != want_days)
              diff += "order of the first " + std::to_string(days.size()) + " differs; ";
            BenchQuery every = qs[i];
            every.q.facets.clear();
            for (auto f : search::FacetNames()) every.q.facets.emplace_back(f);
            Expected want_facets;
            for (const auto& f : every.q.facets) want_facets.facets[f] = brute.Facet(f, want.ids);
            diff += checker.CompareFacets(engine.Run(every), want_facets);
          }
          diff += checker.CompareSets(std::move(all), want.ids, complete);
          if (!diff.empty()) mismatches[e].push_back({i, diff});
          check_seconds[e] += MillisSince(c0) / 1000.0;
        } else if (!a.ok) {
          if (!a.over_budget)
            differences[e].push_back(
                {static_cast<size_t>(c) * 100000 + i, "no answer: " + a.error});
        } else {
          std::string diff = checker.CompareAnswer(qs[i], a, want, strict, c == kPathological);
          if (!diff.empty()) differences[e].push_back({static_cast<size_t>(c) * 100000 + i, diff});
        }
        t.answers[i] = std::move(a);
      }
    }
    std::printf(
        "%s: whole mix in %.1f s (of which %.1f s fetching and checking all filter-only "
        "matches, not timed)%s\n",
        engine.Name().c_str(), MillisSince(engine_start) / 1000.0, check_seconds[e],
        e == 0 ? ("; " + std::to_string(ours_ptr->calls()) + " paging calls").c_str() : "");
    std::fflush(stdout);
  }
  std::printf("\n");

  if (!opt.latencies.empty()) {
    std::ofstream out(opt.latencies);
    out << "class\tquery";
    for (const auto& e : engines) out << '\t' << e->Name();
    out << "\ttotal\tdescription\n";
    for (int c = 0; c < kClasses; ++c) {
      for (size_t i = 0; i < queries[c].size(); ++i) {
        out << kClassNames[c] << '\t' << i;
        for (size_t e = 0; e < n_engines; ++e)
          out << '\t' << timed[e][static_cast<size_t>(c)].ms[i];
        out << '\t' << expected[static_cast<size_t>(c)][i].total << '\t'
            << Describe(queries[c][i].q) << '\n';
      }
    }
  }

  // Our mix twice more: each query's fastest of three runs.
  std::vector<std::vector<double>> ours_min(kClasses);
  for (int c = 0; c < kClasses; ++c) {
    const Timed& t = timed[0][static_cast<size_t>(c)];
    for (size_t i = 0; i < queries[c].size(); ++i) {
      double best = t.ms[i];
      for (int k = 0; k < 2; ++k) {
        auto t0 = SteadyClock::now();
        auto r = index.Search(queries[c][i].q, today);
        best = std::min(best, MillisSince(t0));
      }
      ours_min[static_cast<size_t>(c)].push_back(best);
    }
  }

  // Where our time goes: each query again in variants that leave a part out.
  if (opt.breakdown) {
    std::printf("## Our engine: where the time goes\n\n");
    std::printf(
        "Each query of the class again after the mix, in variants that leave one part out (each "
        "the fastest of 3 runs, to see through the machine's other work); the differences between "
        "rows are what that part costs.\n\n");
    std::printf("| class | variant | p50 ms | p99 ms | mean ms |\n|---|---|---|---|---|\n");
    auto variant = [&](int c, const char* name, const std::function<void(search::Query&)>& change) {
      std::vector<double> ms;
      for (const auto& b : queries[c]) {
        search::Query q = b.q;
        change(q);
        double best = INFINITY;
        for (int k = 0; k < 3; ++k) {
          auto t0 = SteadyClock::now();
          auto r = index.Search(q, today);
          best = std::min(best, MillisSince(t0));
        }
        ms.push_back(best);
      }
      double sum = 0;
      for (double v : ms) sum += v;
      std::printf("| %s | %s | %s | %s | %s |\n", kClassNames[c], name,
                  Ms(Percentile(ms, 0.5)).c_str(), Ms(Percentile(ms, 0.99)).c_str(),
                  Ms(sum / static_cast<double>(std::max<size_t>(1, ms.size()))).c_str());
    };
    auto nothing = [](search::Query&) {};
    auto eligible_only = [](search::Query& q) { q = search::Query{}; };
    auto no_facets = [](search::Query& q) { q.facets.clear(); };
    auto one_hit = [](search::Query& q) { q.limit = 1; };
    auto no_words = [](search::Query& q) { q.words.clear(); };
    auto by_activity = [](search::Query& q) { q.sort = search::Sort::kLastActive; };
    variant(kFilters, "empty query (eligibility today, total, 20 newest)", eligible_only);
    variant(kFilters, "the filters, no facets", no_facets);
    variant(kFilters, "the filters, no facets, 1 hit", [](search::Query& q) {
      q.facets.clear();
      q.limit = 1;
    });
    variant(kFilters, "full (3 facets, 20 hits)", nothing);
    // One filter at a time (no facets), over the filter-only queries that have it.
    const std::vector<std::pair<const char*, std::function<bool(const search::Query&)>>> kinds = {
        {"residence", [](const search::Query& q) { return !q.residence.empty(); }},
        {"destination", [](const search::Query& q) { return !q.destinations.empty(); }},
        {"topics", [](const search::Query& q) { return !q.topics.empty(); }},
        {"activity_types", [](const search::Query& q) { return !q.activity_types.empty(); }},
        {"skills", [](const search::Query& q) { return !q.skills.empty(); }},
        {"languages", [](const search::Query& q) { return !q.languages.empty(); }},
        {"available_from/to",
         [](const search::Query& q) { return q.available_from || q.available_to; }},
        {"age", [](const search::Query& q) { return q.age_min || q.age_max; }},
        {"active_within_days",
         [](const search::Query& q) { return q.active_within_days.has_value(); }},
    };
    for (size_t k = 0; k < kinds.size(); ++k) {
      std::vector<double> ms;
      for (const auto& b : queries[kFilters]) {
        if (!kinds[k].second(b.q)) continue;
        search::Query q;
        switch (k) {
          case 0:
            q.residence = b.q.residence;
            break;
          case 1:
            q.destinations = b.q.destinations;
            break;
          case 2:
            q.topics = b.q.topics;
            break;
          case 3:
            q.activity_types = b.q.activity_types;
            break;
          case 4:
            q.skills = b.q.skills;
            break;
          case 5:
            q.languages = b.q.languages;
            break;
          case 6:
            q.available_from = b.q.available_from;
            q.available_to = b.q.available_to;
            break;
          case 7:
            q.age_min = b.q.age_min;
            q.age_max = b.q.age_max;
            q.age_at = b.q.age_at;
            break;
          case 8:
            q.active_within_days = b.q.active_within_days;
            break;
        }
        auto t0 = SteadyClock::now();
        auto r = index.Search(q, today);
        ms.push_back(MillisSince(t0));
      }
      std::printf("| filters | only the %s filter (%zu queries) | %s | %s | |\n", kinds[k].first,
                  ms.size(), Ms(Percentile(ms, 0.5)).c_str(), Ms(Percentile(ms, 0.99)).c_str());
    }
    variant(kWords, "the filters without the words", no_words);
    variant(kWords, "full", nothing);
    variant(kWords, "full, 1 hit", one_hit);
    // Availability alone, short ranges (the edge weeks are checked person by person).
    for (const auto& [offset, length] : std::vector<std::pair<int, int>>{
             {10, 0}, {10, 2}, {100, 0}, {100, 6}, {10, 13}, {10, 90}}) {
      search::Query q;
      q.available_from = AddDays(today, offset);
      q.available_to = AddDays(today, offset + length);
      std::vector<double> ms;
      std::string outcome;
      for (int k = 0; k < 3; ++k) {
        auto t0 = SteadyClock::now();
        auto r = index.Search(q, today);
        ms.push_back(MillisSince(t0));
        outcome = r ? std::to_string(r->total) + " found" : "stopped: over the 50 ms budget";
      }
      std::printf("| filters | `available_from=%s&available_to=%s` alone (3 runs; %s) | %s | | |\n",
                  FormatIsoDate(*q.available_from).c_str(), FormatIsoDate(*q.available_to).c_str(),
                  outcome.c_str(), Ms(Percentile(ms, 0.5)).c_str());
    }
    variant(kSuggest, "sort=last_active (eligibility and score parts, no ranking)", by_activity);
    variant(kSuggest, "full, 1 hit", one_hit);
    variant(kSuggest, "full (ranked, 20 hits with reasons)", nothing);
    variant(kPathological, "no words", no_words);
    variant(kPathological, "no facets", no_facets);
    variant(kPathological, "no opportunity", [](search::Query& q) { q.target.reset(); });
    variant(kPathological, "full", nothing);
    std::printf("\n");
  }

  // 6. Latency tables.
  std::printf("## Latency per query class (ms, single thread; exact total + top %d%s)\n\n", 20,
              " + facet counts for filters only");
  const char* targets[kClasses][2] = {
      {"<= 1", "<= 5"}, {"<= 3", "<= 15"}, {"<= 5", "<= 20"}, {"", "<= 50"}};
  std::vector<std::vector<double>> all_ratios(n_engines);
  for (int c = 0; c < kClasses; ++c) {
    std::printf("### %s (%zu queries)\n\n", kClassNames[c], queries[c].size());
    std::printf(
        "| engine | timed | p50 | p99 | max | p50 / ours p50 | median per-query ratio | note |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    const Timed& o = timed[0][static_cast<size_t>(c)];
    std::vector<double> ours_ms;
    for (double v : o.ms) {
      if (!std::isnan(v)) ours_ms.push_back(v);
    }
    const double ours_p50 = Percentile(ours_ms, 0.5);
    for (size_t e = 0; e < n_engines; ++e) {
      const Timed& t = timed[e][static_cast<size_t>(c)];
      std::vector<double> ms, ratios;
      for (size_t i = 0; i < t.ms.size(); ++i) {
        if (std::isnan(t.ms[i])) continue;
        ms.push_back(t.ms[i]);
        if (e > 0 && !std::isnan(o.ms[i]) && o.ms[i] > 0) ratios.push_back(t.ms[i] / o.ms[i]);
      }
      all_ratios[e].insert(all_ratios[e].end(), ratios.begin(), ratios.end());
      const double p50 = Percentile(ms, 0.5);
      std::string note = t.note;
      if (e == 0) {
        size_t over = 0;
        for (const auto& a : t.answers) over += a.over_budget ? 1 : 0;
        note = "targets p50 " + std::string(targets[c][0][0] ? targets[c][0] : "-") + ", p99 " +
               targets[c][1];
        if (over > 0) note += "; " + std::to_string(over) + " stopped by the 50 ms budget";
      }
      std::printf("| %s | %zu/%zu | %s | %s | %s | %s | %s | %s |\n", engines[e]->Name().c_str(),
                  ms.size(), t.ms.size(), Ms(p50).c_str(), Ms(Percentile(ms, 0.99)).c_str(),
                  Ms(Percentile(ms, 1.0)).c_str(),
                  e == 0 ? "1" : (Fixed(p50 / ours_p50, 1) + "x").c_str(),
                  e == 0 ? "" : (Fixed(Percentile(ratios, 0.5), 1) + "x").c_str(), note.c_str());
      if (e == 0 && !ours_min[static_cast<size_t>(c)].empty()) {
        const auto& m = ours_min[static_cast<size_t>(c)];
        std::printf("| ours, min of 3 | %zu/%zu | %s | %s | %s | | | |\n", m.size(), t.ms.size(),
                    Ms(Percentile(m, 0.5)).c_str(), Ms(Percentile(m, 0.99)).c_str(),
                    Ms(Percentile(m, 1.0)).c_str());
      }
    }
    std::printf("\n");
  }
  std::printf(
      "\"ours, min of 3\": our whole mix run twice more after everything else, each query's "
      "fastest of the three runs (how much of our spread is the machine's other work).\n\n");
  std::printf("### Median ratio over all queries timed on both (other engine / ours)\n\n");
  std::printf("| engine | queries | median ratio | target |\n|---|---|---|---|\n");
  for (size_t e = 1; e < n_engines; ++e) {
    const std::string name = engines[e]->Name();
    const char* target = name == "xapian" ? ">= 3x" : ">= 50x";
    const double med = Percentile(all_ratios[e], 0.5);
    std::printf("| %s | %zu | %sx | %s: %s |\n", name.c_str(), all_ratios[e].size(),
                Fixed(med, 1).c_str(), target,
                med >= (name == "xapian" ? 3.0 : 50.0) ? "met" : "MISSED");
  }
  {
    std::vector<double> ms;
    for (double v : timed[0][kPathological].ms) {
      if (!std::isnan(v)) ms.push_back(v);
    }
    std::printf("\nOurs, pathological: p99 %s ms, max %s ms (target p99 <= 50 ms).\n\n",
                Ms(Percentile(ms, 0.99)).c_str(), Ms(Percentile(ms, 1.0)).c_str());
  }

  // 7. Correctness.
  std::printf("## Correctness against the brute-force scan\n\n");
  std::printf(
      "Filter-only queries (%zu): total, the page, facet counts and the complete set of "
      "matching references (fetched outside the timed part) of every engine.\n\n",
      queries[kFilters].size());
  std::printf(
      "| engine | filter-only mismatches | sets read only in part | other classes differing "
      "(informational for others) |\n|---|---|---|---|\n");
  for (size_t e = 0; e < n_engines; ++e) {
    std::printf("| %s | %zu | %zu | %zu |\n", engines[e]->Name().c_str(), mismatches[e].size(),
                incomplete[e], differences[e].size());
  }
  std::printf("\n");
  bool failed = false;
  for (size_t e = 0; e < n_engines; ++e) {
    const bool is_ours = e == 0;
    auto show = [&](const std::vector<Mismatch>& list, const char* what, bool filter_class) {
      size_t shown = 0;
      for (const auto& m : list) {
        if (shown++ >= (is_ours ? 20u : 5u)) break;
        const size_t cls = filter_class ? 0 : m.query / 100000;
        const size_t i = filter_class ? m.query : m.query % 100000;
        std::string query = Describe(queries[cls][i].q);
        std::string why = m.what;
        if (!is_ours) {  // informational: kept short
          if (query.size() > 300) query = query.substr(0, 300) + "...";
          if (why.size() > 300) why = why.substr(0, 300) + "...";
        }
        std::printf("- %s %s, %s query %zu: `%s`\n  %s\n", engines[e]->Name().c_str(), what,
                    kClassNames[cls], i, query.c_str(), why.c_str());
      }
      if (list.size() > shown) std::printf("- ... and %zu more\n", list.size() - shown);
    };
    if (!mismatches[e].empty()) {
      show(mismatches[e], "MISMATCH", true);
      if (is_ours) failed = true;
    }
    if (!differences[e].empty()) {
      size_t per_class[kClasses] = {};
      for (const auto& m : differences[e]) ++per_class[m.query / 100000];
      std::printf(
          "- %s, queries differing from the brute force: %zu filters+words, %zu "
          "suggestions, %zu pathological; the first of them:\n",
          engines[e]->Name().c_str(), per_class[kWords], per_class[kSuggest],
          per_class[kPathological]);
      show(differences[e], is_ours ? "MISMATCH" : "differs", false);
      if (is_ours) failed = true;
    }
  }
  if (incomplete[0] > 0) {
    std::printf(
        "\nOurs: %zu filter-only result sets were larger than the search API can page through "
        "(offset <= %d, 100 a page); for those the total, the first %llu in last-activity order "
        "and the counts of every value of all six facets over the whole set were checked.\n",
        incomplete[0], search::kMaxOffset, static_cast<unsigned long long>(OursEngine::kPrefix));
  }
  {
    size_t over = 0;
    for (const auto& a : timed[0][kFilters].answers) over += a.over_budget ? 1 : 0;
    if (over > 0) {
      std::printf(
          "\nOurs: %zu filter-only queries were stopped by the 50 ms budget (no answer to "
          "check):\n",
          over);
      for (size_t i = 0; i < queries[kFilters].size(); ++i) {
        if (timed[0][kFilters].answers[i].over_budget) {
          std::printf("- filters query %zu: `%s` (%.1f ms)\n", i,
                      Describe(queries[kFilters][i].q).c_str(), timed[0][kFilters].ms[i]);
        }
      }
    }
  }
  std::printf("\nLoad average at the end: %s.\n", LoadAverage().c_str());
  std::printf("\n%s\n",
              failed ? "RESULT: FAILED (our engine disagrees with the brute force)"
                     : "RESULT: our engine agrees with the brute force on every checked query");
  return failed ? 1 : 0;
}
