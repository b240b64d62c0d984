#include "search/index.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <roaring/roaring.hh>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <utility>

#include "participants/profile.h"
#include "search/text.h"

namespace pass::search {

namespace {

using Day = int32_t;
using Clock = std::chrono::steady_clock;

Day DayOf(Date d) { return static_cast<Day>(std::chrono::sys_days(d).time_since_epoch().count()); }
Date DateOfDay(Day d) { return Date(std::chrono::sys_days(std::chrono::days(d))); }

constexpr Day kNoLower = std::numeric_limits<Day>::min();
constexpr Day kNoUpper = std::numeric_limits<Day>::max();
constexpr int kLevels = 7;  // A1 .. C2, native

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Values of one field as small integers.
class Dictionary {
 public:
  uint32_t Intern(std::string_view name) {
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(std::string(name), id);
    return id;
  }
  std::optional<uint32_t> Find(std::string_view name) const {
    auto it = ids_.find(name);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  size_t MemoryBytes() const {
    size_t n = 0;
    for (const auto& s : names_) n += 2 * (s.capacity() + sizeof(std::string)) + 32;
    return n;
  }

 private:
  StringMap<uint32_t> ids_;
  std::vector<std::string> names_;
};

size_t BitmapBytes(const Roaring& r) { return r.getSizeInBytes(false); }

// A bitmap per value of a field.
class ValueField {
 public:
  uint16_t Add(uint32_t doc, std::string_view value) {
    const uint32_t id = dict_.Intern(value);
    if (id >= bitmaps_.size()) bitmaps_.resize(id + 1);
    bitmaps_[id].add(doc);
    return static_cast<uint16_t>(id);
  }
  void Remove(uint32_t doc, uint16_t id) { bitmaps_[id].remove(doc); }
  const Roaring* Find(std::string_view value) const {
    auto id = dict_.Find(value);
    return id ? &bitmaps_[*id] : nullptr;
  }
  // The people with at least one of `values`.
  Roaring Union(const std::vector<std::string>& values) const {
    std::vector<const Roaring*> parts;
    for (const auto& v : values) {
      if (const auto* b = Find(v)) parts.push_back(b);
    }
    return FastUnion(parts);
  }
  static Roaring FastUnion(std::vector<const Roaring*>& parts) {
    if (parts.empty()) return {};
    if (parts.size() == 1) return *parts[0];
    return Roaring::fastunion(parts.size(), parts.data());
  }
  const std::string& Name(uint16_t id) const { return dict_.Name(id); }
  size_t values() const { return bitmaps_.size(); }
  const Roaring& Bitmap(size_t id) const { return bitmaps_[id]; }
  size_t MemoryBytes() const {
    size_t n = dict_.MemoryBytes();
    for (const auto& b : bitmaps_) n += BitmapBytes(b) + sizeof(b);
    return n;
  }
  void Optimize() {
    for (auto& b : bitmaps_) b.runOptimize(), b.shrinkToFit();
  }

 private:
  Dictionary dict_;
  std::vector<Roaring> bitmaps_;
};

// Days in buckets of days, months and years: a range is the union of a few buckets.
class RangeIndex {
 public:
  void Add(uint32_t doc, Day day) {
    days_[day].add(doc);
    months_[MonthKey(day)].add(doc);
    years_[YearKey(day)].add(doc);
  }
  void Remove(uint32_t doc, Day day) {
    Drop(days_, day, doc);
    Drop(months_, MonthKey(day), doc);
    Drop(years_, YearKey(day), doc);
  }
  // Everyone with a value in [from, to].
  Roaring Range(Day from, Day to) const {
    if (days_.empty()) return {};
    from = std::max(from, days_.begin()->first);
    to = std::min(to, days_.rbegin()->first);
    std::vector<const Roaring*> parts;
    Day d = from;
    while (d <= to) {
      const Date date = DateOfDay(d);
      const Date year_end(date.year(), std::chrono::December, std::chrono::day(31));
      const Date month_end = date.year() / date.month() / std::chrono::last;
      if (date.month() == std::chrono::January && date.day() == std::chrono::day(1) &&
          DayOf(year_end) <= to) {
        if (auto it = years_.find(YearKey(d)); it != years_.end()) parts.push_back(&it->second);
        d = DayOf(year_end) + 1;
      } else if (date.day() == std::chrono::day(1) && DayOf(month_end) <= to) {
        if (auto it = months_.find(MonthKey(d)); it != months_.end()) parts.push_back(&it->second);
        d = DayOf(month_end) + 1;
      } else {
        if (auto it = days_.find(d); it != days_.end()) parts.push_back(&it->second);
        ++d;
      }
    }
    return ValueField::FastUnion(parts);
  }
  // Day buckets from the latest down.
  const std::map<Day, Roaring>& days() const { return days_; }
  size_t MemoryBytes() const {
    size_t n = 0;
    for (const auto* m : {&days_, &months_, &years_}) {
      for (const auto& [k, b] : *m) n += BitmapBytes(b) + sizeof(b) + 48;
    }
    return n;
  }
  void Optimize() {
    for (auto* m : {&days_, &months_, &years_}) {
      for (auto& [k, b] : *m) b.runOptimize(), b.shrinkToFit();
    }
  }

 private:
  static int32_t MonthKey(Day d) {
    const Date date = DateOfDay(d);
    return static_cast<int32_t>(date.year()) * 12 +
           static_cast<int32_t>(static_cast<unsigned>(date.month()));
  }
  static int32_t YearKey(Day d) { return static_cast<int32_t>(DateOfDay(d).year()); }
  static void Drop(std::map<Day, Roaring>& m, int32_t key, uint32_t doc) {
    auto it = m.find(key);
    if (it == m.end()) return;
    it->second.remove(doc);
    if (it->second.isEmpty()) m.erase(it);
  }

  std::map<Day, Roaring> days_;
  std::map<int32_t, Roaring> months_;
  std::map<int32_t, Roaring> years_;
};

// Availability periods in week buckets: a person is in every week one of their periods touches.
class WeekIndex {
 public:
  // Floor division, in 64 bits: an open lower end (the smallest Day) must not overflow.
  static Day WeekOf(Day d) {
    const int64_t x = d;
    return static_cast<Day>(x >= 0 ? x / 7 : (x - 6) / 7);
  }
  void Add(uint32_t doc, Day from, Day to) {
    for (Day w = WeekOf(from); w <= WeekOf(to); ++w) {
      weeks_[w].add(doc);
      if (from <= w * 7 && to >= w * 7 + 6) full_[w].add(doc);
    }
  }
  // Removes the person from every week of the period (the caller removes all their periods).
  void Remove(uint32_t doc, Day from, Day to) {
    for (Day w = WeekOf(from); w <= WeekOf(to); ++w) {
      for (auto* m : {&weeks_, &full_}) {
        auto it = m->find(w);
        if (it == m->end()) continue;
        it->second.remove(doc);
        if (it->second.isEmpty()) m->erase(it);
      }
    }
  }
  // People surely overlapping [from, to] (a period touches a week wholly inside it, or covers
  // all of a partly covered week), and people who may (a period starts or ends inside a partly
  // covered week), whose periods the caller checks.
  std::pair<Roaring, Roaring> Overlapping(Day from, Day to) const {
    std::vector<const Roaring*> sure;
    std::vector<const Roaring*> maybe;
    if (weeks_.empty() || from > to) return {};
    const Day first = WeekOf(from);
    const Day last = WeekOf(to);
    for (auto it = weeks_.lower_bound(first); it != weeks_.end() && it->first <= last; ++it) {
      const Day start = it->first * 7;
      const bool whole = start >= from && start + 6 <= to;
      if (whole) {
        sure.push_back(&it->second);
      } else {
        maybe.push_back(&it->second);
        if (auto full = full_.find(it->first); full != full_.end()) sure.push_back(&full->second);
      }
    }
    Roaring s = ValueField::FastUnion(sure);
    Roaring m = ValueField::FastUnion(maybe);
    m -= s;
    return {std::move(s), std::move(m)};
  }
  size_t MemoryBytes() const {
    size_t n = 0;
    for (const auto* m : {&weeks_, &full_}) {
      for (const auto& [k, b] : *m) n += BitmapBytes(b) + sizeof(b) + 48;
    }
    return n;
  }
  void Optimize() {
    for (auto* m : {&weeks_, &full_}) {
      for (auto& [k, b] : *m) b.runOptimize(), b.shrinkToFit();
    }
  }

 private:
  std::map<Day, Roaring> weeks_;  // a period touches the week
  std::map<Day, Roaring> full_;   // a period covers all seven days of the week
};

// One person as the index keeps them: what results show and what removing them needs.
struct Doc {
  std::string reference;
  std::string given_name;
  Day birth = 0;
  Day last_active = 0;
  uint16_t residence = 0;
  uint8_t n_destinations = 0;
  uint8_t n_topics = 0;
  uint8_t n_types = 0;
  uint8_t n_skills = 0;
  uint8_t n_languages = 0;
  bool used = false;
  bool humanitarian_only = false;
  bool inclusion = false;
  // destinations, topics, activity types, skills, then languages as (id << 3 | level)
  std::vector<uint16_t> values;
  std::vector<std::pair<Day, Day>> periods;
  std::vector<uint32_t> terms;  // experience terms, then motivation terms
  uint16_t n_experience_terms = 0;

  std::span<const uint16_t> Part(size_t skip, size_t n) const {
    return std::span<const uint16_t>(values).subspan(skip, n);
  }
  std::span<const uint16_t> Destinations() const { return Part(0, n_destinations); }
  std::span<const uint16_t> Topics() const { return Part(n_destinations, n_topics); }
  std::span<const uint16_t> Types() const { return Part(n_destinations + n_topics, n_types); }
  std::span<const uint16_t> Skills() const {
    return Part(size_t{n_destinations} + n_topics + n_types, n_skills);
  }
  std::span<const uint16_t> Languages() const {
    return Part(size_t{n_destinations} + n_topics + n_types + n_skills, n_languages);
  }
  bool Overlaps(Day from, Day to) const {
    return std::any_of(periods.begin(), periods.end(),
                       [&](const auto& p) { return p.first <= to && p.second >= from; });
  }
  size_t MemoryBytes() const {
    auto heap = [](size_t capacity, size_t size) {
      return capacity == 0 ? 0 : capacity * size + 16;
    };
    return sizeof(Doc) + (reference.capacity() > 15 ? reference.capacity() + 1 : 0) +
           (given_name.capacity() > 15 ? given_name.capacity() + 1 : 0) +
           heap(values.capacity(), sizeof(uint16_t)) +
           heap(periods.capacity(), sizeof(std::pair<Day, Day>)) +
           heap(terms.capacity(), sizeof(uint32_t));
  }
};

std::string PeriodText(Day from, Day to) {
  return FormatIsoDate(DateOfDay(from)) + "/" + FormatIsoDate(DateOfDay(to));
}

Error TooSlow() {
  return Unavailable(Message("error.search.too_slow"), "search over its time budget");
}

}  // namespace

struct Index::State {
  mutable std::shared_mutex mu;
  // std::shared_mutex (glibc) lets new readers in while a writer waits: under steady searching
  // a writer could wait for ever. A writer holds the gate while it waits and writes, and readers
  // pass the gate first, so a writer waits only for the searches already running.
  mutable std::mutex gate;
  // Eligible(today) for the last day asked, until the next write: most searches of a day
  // share it. Guarded by its own mutex, since readers fill it under the shared lock.
  mutable std::mutex eligible_mu;
  mutable std::optional<std::pair<Date, Roaring>> eligible_cache;
  StringMap<uint32_t> by_reference;
  std::vector<Doc> docs;
  std::vector<uint32_t> free_ids;
  Roaring all;
  Roaring humanitarian_only;
  Roaring inclusion;
  ValueField residence;
  ValueField destinations;
  ValueField topics;
  ValueField activity_types;
  ValueField skills;
  Dictionary languages;
  std::vector<Roaring> language_levels;  // language id * kLevels + level
  RangeIndex birth;
  RangeIndex last_active;
  WeekIndex weeks;
  Dictionary terms;
  std::vector<Roaring> experience;  // by term id
  std::vector<Roaring> motivation;

  void Insert(const participants::Participant& p);
  void Erase(std::string_view reference);
  void Unlink(uint32_t id);

  Roaring Language(std::string_view code, codes::Level at_least) const {
    const auto id = languages.Find(code);
    if (!id) return {};
    std::vector<const Roaring*> parts;
    for (int l = static_cast<int>(at_least); l < kLevels; ++l) {
      const size_t slot = static_cast<size_t>(*id) * kLevels + static_cast<size_t>(l);
      if (slot < language_levels.size()) parts.push_back(&language_levels[slot]);
    }
    return ValueField::FastUnion(parts);
  }
  // The terms a typed word may have been indexed under (QueryForms that the index holds).
  std::vector<uint32_t> TermsOf(std::string_view word) const {
    std::vector<uint32_t> ids;
    for (const auto& form : QueryForms(word)) {
      if (auto id = terms.Find(form)) ids.push_back(*id);
    }
    return ids;
  }
  // The people whose text holds one of the terms: in the experience only, and anywhere.
  std::pair<Roaring, Roaring> Word(const std::vector<uint32_t>& ids) const {
    std::vector<const Roaring*> in_experience;
    std::vector<const Roaring*> anywhere;
    for (const uint32_t id : ids) {
      in_experience.push_back(&experience[id]);
      anywhere.push_back(&experience[id]);
      anywhere.push_back(&motivation[id]);
    }
    return {ValueField::FastUnion(in_experience), ValueField::FastUnion(anywhere)};
  }
  Roaring CachedEligible(Date today) const {
    std::lock_guard lock(eligible_mu);
    if (!eligible_cache || eligible_cache->first != today) {
      eligible_cache.emplace(today, Eligible(today));
    }
    return eligible_cache->second;
  }
  // Findable today (R8 as IsEligible counts it): at most 30, or 35 for humanitarian aid only.
  Roaring Eligible(Date today) const {
    const Day oldest = DayOf(EarliestBirthForMaxAge(today, participants::kMaxAge));
    const Day oldest_humanitarian =
        DayOf(EarliestBirthForMaxAge(today, participants::kMaxHumanitarianAge));
    Roaring out = birth.Range(oldest, kNoUpper);
    Roaring older = birth.Range(oldest_humanitarian, oldest - 1);
    older &= humanitarian_only;
    out |= older;
    return out;
  }
};

void Index::State::Unlink(uint32_t id) {
  Doc& d = docs[id];
  all.remove(id);
  humanitarian_only.remove(id);
  inclusion.remove(id);
  residence.Remove(id, d.residence);
  for (auto v : d.Destinations()) destinations.Remove(id, v);
  for (auto v : d.Topics()) topics.Remove(id, v);
  for (auto v : d.Types()) activity_types.Remove(id, v);
  for (auto v : d.Skills()) skills.Remove(id, v);
  for (auto v : d.Languages()) language_levels[(v >> 3) * kLevels + (v & 7)].remove(id);
  birth.Remove(id, d.birth);
  last_active.Remove(id, d.last_active);
  for (const auto& [from, to] : d.periods) weeks.Remove(id, from, to);
  for (size_t i = 0; i < d.terms.size(); ++i) {
    (i < d.n_experience_terms ? experience : motivation)[d.terms[i]].remove(id);
  }
  d = Doc{};
}

void Index::State::Erase(std::string_view reference) {
  eligible_cache.reset();  // writers hold the lock exclusively
  auto it = by_reference.find(reference);
  if (it == by_reference.end()) return;
  const uint32_t id = it->second;
  Unlink(id);
  by_reference.erase(it);
  free_ids.push_back(id);
}

void Index::State::Insert(const participants::Participant& p) {
  eligible_cache.reset();
  uint32_t id = 0;
  if (auto it = by_reference.find(p.reference); it != by_reference.end()) {
    id = it->second;
    Unlink(id);
  } else if (!free_ids.empty()) {
    id = free_ids.back();
    free_ids.pop_back();
    by_reference.emplace(p.reference, id);
  } else {
    id = static_cast<uint32_t>(docs.size());
    docs.emplace_back();
    by_reference.emplace(p.reference, id);
  }
  Doc& d = docs[id];
  d.used = true;
  d.reference = p.reference;
  d.given_name = p.given_name;
  d.birth = DayOf(p.birth_date);
  d.last_active = DayOf(p.last_active);
  d.humanitarian_only = participants::OnlyHumanitarianAid(p);
  d.inclusion = p.fewer_opportunities && p.sensitive_shared;
  all.add(id);
  if (d.humanitarian_only) humanitarian_only.add(id);
  if (d.inclusion) inclusion.add(id);
  d.residence = residence.Add(id, p.residence);
  auto add_all = [&](ValueField& field, const std::vector<std::string>& values, uint8_t& n) {
    const size_t count = std::min<size_t>(values.size(), 255);
    for (size_t i = 0; i < count; ++i) d.values.push_back(field.Add(id, values[i]));
    n = static_cast<uint8_t>(count);
  };
  add_all(destinations, p.destinations, d.n_destinations);
  add_all(topics, p.topics, d.n_topics);
  add_all(activity_types, p.activity_types, d.n_types);
  add_all(skills, p.skills, d.n_skills);
  const size_t n_languages = std::min<size_t>(p.languages.size(), 255);
  for (size_t i = 0; i < n_languages; ++i) {
    const uint32_t lang = languages.Intern(p.languages[i].code);
    const auto level = static_cast<uint32_t>(p.languages[i].level);
    const size_t slot = static_cast<size_t>(lang) * kLevels + level;
    if (slot >= language_levels.size()) language_levels.resize(slot + kLevels);
    language_levels[slot].add(id);
    d.values.push_back(static_cast<uint16_t>((lang << 3) | level));
  }
  d.n_languages = static_cast<uint8_t>(n_languages);
  d.values.shrink_to_fit();
  birth.Add(id, d.birth);
  last_active.Add(id, d.last_active);
  for (const auto& period : p.availability) {
    const Day from = DayOf(period.from);
    const Day to = DayOf(period.to);
    if (from > to) continue;
    d.periods.emplace_back(from, to);
    weeks.Add(id, from, to);
  }
  d.periods.shrink_to_fit();
  auto add_terms = [&](std::string_view text, std::vector<Roaring>& postings) {
    size_t n = 0;
    for (const auto& term : IndexTerms(text, p.contact_language)) {
      const uint32_t t = terms.Intern(term);
      if (t >= experience.size()) {
        experience.resize(t + 1);
        motivation.resize(t + 1);
      }
      postings[t].add(id);
      d.terms.push_back(t);
      ++n;
    }
    return n;
  };
  d.n_experience_terms = static_cast<uint16_t>(add_terms(p.experience, experience));
  add_terms(p.motivation, motivation);
  d.terms.shrink_to_fit();
}

Index::Index() : Index(Options{}) {}
Index::Index(Options options) : options_(options), state_(std::make_unique<State>()) {}
Index::~Index() = default;

void Index::Put(const participants::Participant& p, bool hidden) {
  std::lock_guard gate(state_->gate);
  std::unique_lock lock(state_->mu);
  if (!p.searchable || hidden) {
    state_->Erase(p.reference);
  } else {
    state_->Insert(p);
  }
}

void Index::Remove(std::string_view reference) {
  std::lock_guard gate(state_->gate);
  std::unique_lock lock(state_->mu);
  state_->Erase(reference);
}

void Index::Apply(const std::vector<Change>& changes) {
  std::lock_guard gate(state_->gate);
  std::unique_lock lock(state_->mu);
  for (const auto& c : changes) {
    if (c.profile && c.profile->searchable && !c.hidden) {
      state_->Insert(*c.profile);
    } else {
      state_->Erase(c.reference);
    }
  }
}

void Index::Compact() {
  std::lock_guard gate(state_->gate);
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  for (auto* b : {&s.all, &s.humanitarian_only, &s.inclusion}) b->runOptimize(), b->shrinkToFit();
  for (auto* f : {&s.residence, &s.destinations, &s.topics, &s.activity_types, &s.skills}) {
    f->Optimize();
  }
  for (auto* postings : {&s.language_levels, &s.experience, &s.motivation}) {
    for (auto& b : *postings) b.runOptimize(), b.shrinkToFit();
  }
  s.birth.Optimize();
  s.last_active.Optimize();
  s.weeks.Optimize();
}

bool Index::IsFindable(std::string_view reference, Date today) const {
  { std::lock_guard gate(state_->gate); }
  std::shared_lock lock(state_->mu);
  auto it = state_->by_reference.find(reference);
  if (it == state_->by_reference.end()) return false;
  const Doc& d = state_->docs[it->second];
  const int max_age =
      d.humanitarian_only ? participants::kMaxHumanitarianAge : participants::kMaxAge;
  return participants::AgeOn(DateOfDay(d.birth), today) <= max_age;
}

size_t Index::size() const {
  { std::lock_guard gate(state_->gate); }
  std::shared_lock lock(state_->mu);
  return state_->by_reference.size();
}

size_t Index::MemoryBytes() const {
  { std::lock_guard gate(state_->gate); }
  std::shared_lock lock(state_->mu);
  const State& s = *state_;
  size_t n = sizeof(State) + BitmapBytes(s.all) + BitmapBytes(s.humanitarian_only) +
             BitmapBytes(s.inclusion);
  for (const auto& d : s.docs) n += d.MemoryBytes();
  n += s.by_reference.size() * (sizeof(std::string) + 4 + 32) + s.by_reference.bucket_count() * 8;
  for (const auto* f : {&s.residence, &s.destinations, &s.topics, &s.activity_types, &s.skills}) {
    n += f->MemoryBytes();
  }
  for (const auto& b : s.language_levels) n += BitmapBytes(b) + sizeof(b);
  n += s.languages.MemoryBytes() + s.birth.MemoryBytes() + s.last_active.MemoryBytes() +
       s.weeks.MemoryBytes() + s.terms.MemoryBytes();
  for (const auto* postings : {&s.experience, &s.motivation}) {
    for (const auto& b : *postings) n += BitmapBytes(b) + sizeof(b);
  }
  return n;
}

std::vector<std::string_view> FacetNames() {
  return {"residence", "destinations", "topics", "activity_types", "skills", "languages"};
}

Date EarliestBirthForMaxAge(Date day, int age) {
  // Born one day after the day `age + 1` years earlier, give or take 29 February.
  Day b = DayOf(Date(day.year() - std::chrono::years(age + 1), day.month(), std::chrono::day(1))) +
          static_cast<int>(static_cast<unsigned>(day.day()));
  while (participants::AgeOn(DateOfDay(b - 1), day) <= age) --b;
  while (participants::AgeOn(DateOfDay(b), day) > age) ++b;
  return DateOfDay(b);
}

Date LatestBirthForMinAge(Date day, int age) {
  Day b = DayOf(Date(day.year() - std::chrono::years(age), day.month(), std::chrono::day(1))) +
          static_cast<int>(static_cast<unsigned>(day.day())) - 1;
  while (participants::AgeOn(DateOfDay(b + 1), day) >= age) ++b;
  while (participants::AgeOn(DateOfDay(b), day) < age) --b;
  return DateOfDay(b);
}

namespace {

// One part of the match score, over the people who passed the filters.
struct Component {
  std::string kind;
  int weight = 0;
  Roaring members;
};

// The order the results are read in: groups (best first), each by last activity, newest first.
class Pager {
 public:
  Pager(const std::vector<Doc>& docs, const RangeIndex& last_active)
      : docs_(docs), last_active_(last_active) {}

  // Appends to `out` up to `need` people of `group` after skipping `skip` of them.
  void Take(const Roaring& group, uint64_t skip, size_t need, std::vector<uint32_t>& out) const {
    const uint64_t n = group.cardinality();
    if (n <= kSortDirectly) {
      std::vector<uint32_t> ids(n);
      group.toUint32Array(ids.data());
      const size_t end = std::min<size_t>(n, skip + need);
      auto newer = [&](uint32_t a, uint32_t b) {
        if (docs_[a].last_active != docs_[b].last_active) {
          return docs_[a].last_active > docs_[b].last_active;
        }
        return a < b;
      };
      if (skip >= n) return;
      std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(end), ids.end(),
                        newer);
      out.insert(out.end(), ids.begin() + static_cast<std::ptrdiff_t>(skip),
                 ids.begin() + static_cast<std::ptrdiff_t>(end));
      return;
    }
    const auto& days = last_active_.days();
    for (auto it = days.rbegin(); it != days.rend() && need > 0; ++it) {
      const uint64_t here = group.and_cardinality(it->second);
      if (here <= skip) {
        skip -= here;
        continue;
      }
      const Roaring both = group & it->second;
      for (auto v = both.begin(); v != both.end() && need > 0; ++v) {
        if (skip > 0) {
          --skip;
          continue;
        }
        out.push_back(*v);
        --need;
      }
    }
  }

 private:
  static constexpr uint64_t kSortDirectly = 4096;
  const std::vector<Doc>& docs_;
  const RangeIndex& last_active_;
};

}  // namespace

Result<Results> Index::Search(const Query& q, Date today) const {
  const auto deadline = Clock::now() + options_.budget;
  auto over = [&] { return Clock::now() > deadline; };
  std::vector<FieldError> bad;
  if (q.limit < 1 || q.limit > kMaxLimit) {
    bad.push_back({"limit", Message("error.search.limit", {{"max", std::to_string(kMaxLimit)}})});
  }
  if (q.offset < 0 || q.offset > kMaxOffset) {
    bad.push_back(
        {"offset", Message("error.search.offset", {{"max", std::to_string(kMaxOffset)}})});
  }
  if (q.sort == Sort::kMatch && !q.target) {
    bad.push_back({"sort", Message("error.search.match_needs_opportunity")});
  }
  const auto facet_names = FacetNames();
  for (const auto& f : q.facets) {
    if (std::find(facet_names.begin(), facet_names.end(), f) == facet_names.end()) {
      bad.push_back({"facets", Message("error.search.facet", {{"value", f}})});
    }
  }
  if (!bad.empty()) return Fail(InvalidInput(Message("error.search.invalid"), std::move(bad)));

  { std::lock_guard gate(state_->gate); }
  std::shared_lock lock(state_->mu);
  const State& s = *state_;
  Roaring r = s.CachedEligible(today);

  auto narrow = [&](const Roaring& by) { r &= by; };
  if (!q.residence.empty()) narrow(s.residence.Union(q.residence));
  if (!q.destinations.empty()) {
    std::vector<std::string> values = q.destinations;
    values.emplace_back("any");
    narrow(s.destinations.Union(values));
  }
  if (!q.topics.empty()) narrow(s.topics.Union(q.topics));
  if (!q.activity_types.empty()) narrow(s.activity_types.Union(q.activity_types));
  if (!q.skills.empty()) narrow(s.skills.Union(q.skills));
  for (const auto& l : q.languages) narrow(s.Language(l.code, l.level));
  if (q.age_min || q.age_max) {
    const Date at = q.age_at.value_or(today);
    const Day lo = q.age_max ? DayOf(EarliestBirthForMaxAge(at, *q.age_max)) : kNoLower;
    const Day hi = q.age_min ? DayOf(LatestBirthForMinAge(at, *q.age_min)) : kNoUpper;
    narrow(s.birth.Range(lo, hi));
  }
  if (q.active_within_days) {
    narrow(s.last_active.Range(DayOf(today) - *q.active_within_days, kNoUpper));
  }
  // Words: every one anywhere; which are all in the experience is kept for relevance.
  std::vector<std::string> words;
  for (const auto& typed : q.words) {
    for (auto& w : Words(typed)) {
      if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
    }
  }
  // Each word's terms, found once: the filter and every hit's reasons use them.
  std::vector<std::vector<uint32_t>> word_terms;
  word_terms.reserve(words.size());
  for (const auto& w : words) word_terms.push_back(s.TermsOf(w));
  std::optional<Roaring> all_in_experience;
  for (const auto& ids : word_terms) {
    auto [in_experience, anywhere] = s.Word(ids);
    narrow(anywhere);
    if (!all_in_experience) {
      all_in_experience = std::move(in_experience);
    } else {
      *all_in_experience &= in_experience;
    }
  }
  // Everyone in `r` with a period overlapping [from, to], exactly.
  auto overlapping = [&](const Roaring& within, Day from, Day to) {
    auto [sure, maybe] = s.weeks.Overlapping(from, to);
    sure &= within;
    maybe &= within;
    for (uint32_t id : maybe) {
      if (s.docs[id].Overlaps(from, to)) sure.add(id);
    }
    return std::move(sure);
  };
  const Day available_from = q.available_from ? DayOf(*q.available_from) : kNoLower;
  const Day available_to = q.available_to ? DayOf(*q.available_to) : kNoUpper;
  if (q.available_from || q.available_to) r = overlapping(r, available_from, available_to);

  // An opportunity: eligibility (R8 at the start, R9) is a filter, the match is a score.
  std::vector<Component> components;
  if (q.target) {
    const Target& t = *q.target;
    const Date start = t.start.value_or(today);
    const int max_age = t.activity_type == "humanitarian_aid" ? participants::kMaxHumanitarianAge
                                                              : participants::kMaxAge;
    narrow(s.birth.Range(DayOf(EarliestBirthForMaxAge(start, max_age)),
                         DayOf(LatestBirthForMinAge(start, participants::kMinActivityAge))));
    if (!t.eligible_residence.empty()) narrow(s.residence.Union(t.eligible_residence));

    const Day from = t.start ? DayOf(*t.start) : DayOf(today);
    const Day to = t.end ? DayOf(*t.end) : kNoUpper;
    components.push_back({"availability", kWeightAvailability, overlapping(r, from, to)});
    if (!t.topics.empty()) {
      components.push_back({"topics", kWeightTopics, s.topics.Union(t.topics) & r});
    }
    if (!t.activity_type.empty()) {
      components.push_back(
          {"activity_type", kWeightActivityType, s.activity_types.Union({t.activity_type}) & r});
    }
    if (!t.country.empty()) {
      components.push_back(
          {"destination", kWeightDestination, s.destinations.Union({t.country, "any"}) & r});
    }
    if (!t.languages.empty()) {
      Roaring all = r;
      for (const auto& l : t.languages) all &= s.Language(l.code, l.level);
      components.push_back({"languages", kWeightLanguages, std::move(all)});
    }
    if (!t.skills.empty()) {
      components.push_back({"skills", kWeightSkills, s.skills.Union(t.skills) & r});
    }
    if (t.favour_inclusion) components.push_back({"inclusion", kWeightInclusion, s.inclusion & r});
  }
  if (over()) return Fail(TooSlow());

  Results out;
  out.total = r.cardinality();

  // The groups results are read in, best first.
  const bool by_match = q.target && q.sort != Sort::kLastActive;
  const bool by_words = !by_match && q.sort == Sort::kRelevance && all_in_experience;
  int weight_total = 0;
  for (const auto& c : components) weight_total += c.weight;
  const Pager pager(s.docs, s.last_active);
  std::vector<uint32_t> page;
  const size_t need = static_cast<size_t>(q.limit);
  uint64_t skip = static_cast<uint64_t>(q.offset);
  auto take = [&](const Roaring& group) {
    if (page.size() >= need) return;
    const uint64_t n = group.cardinality();
    if (n <= skip) {
      skip -= n;
      return;
    }
    pager.Take(group, skip, need - page.size(), page);
    skip = 0;
  };
  if (by_match) {
    // Every combination of parts met, by the score it gives, best first.
    const size_t n = components.size();
    std::vector<uint32_t> masks(size_t{1} << n);
    for (uint32_t m = 0; m < masks.size(); ++m) masks[m] = m;
    auto score_of = [&](uint32_t mask) {
      int sum = 0;
      for (size_t i = 0; i < n; ++i) {
        if (mask & (1u << i)) sum += components[i].weight;
      }
      return sum;
    };
    std::stable_sort(masks.begin(), masks.end(),
                     [&](uint32_t a, uint32_t b) { return score_of(a) > score_of(b); });
    uint64_t seen = 0;
    for (uint32_t mask : masks) {
      if (page.size() >= need || seen >= out.total) break;
      if (over()) return Fail(TooSlow());
      Roaring group = r;
      for (size_t i = 0; i < n && !group.isEmpty(); ++i) {
        if (mask & (1u << i)) {
          group &= components[i].members;
        } else {
          group -= components[i].members;
        }
      }
      seen += group.cardinality();
      take(group);
    }
  } else if (by_words) {
    Roaring first = r & *all_in_experience;
    take(first);
    take(r - first);
  } else {
    take(r);
  }
  if (over()) return Fail(TooSlow());

  // Facet counts over every filter.
  for (const auto& name : q.facets) {
    Facet facet{name, {}};
    auto count = [&](const ValueField& field) {
      for (size_t v = 0; v < field.values(); ++v) {
        const uint64_t c = r.and_cardinality(field.Bitmap(v));
        if (c > 0) facet.counts.push_back({field.Name(static_cast<uint16_t>(v)), c});
      }
    };
    if (name == "residence") count(s.residence);
    if (name == "destinations") count(s.destinations);
    if (name == "topics") count(s.topics);
    if (name == "activity_types") count(s.activity_types);
    if (name == "skills") count(s.skills);
    if (name == "languages") {
      for (uint32_t lang = 0; lang < s.languages.size(); ++lang) {
        uint64_t c = 0;
        for (int l = 0; l < kLevels; ++l) {
          const size_t slot = static_cast<size_t>(lang) * kLevels + static_cast<size_t>(l);
          if (slot < s.language_levels.size()) c += r.and_cardinality(s.language_levels[slot]);
        }
        if (c > 0) facet.counts.push_back({s.languages.Name(lang), c});
      }
    }
    std::sort(facet.counts.begin(), facet.counts.end(), [](const auto& a, const auto& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    out.facets.push_back(std::move(facet));
  }

  // The page, with what each person shows and why they are here.
  for (uint32_t id : page) {
    const Doc& d = s.docs[id];
    Hit h;
    h.reference = d.reference;
    h.given_name = d.given_name;
    h.age = participants::AgeOn(DateOfDay(d.birth), today);
    h.residence = s.residence.Name(d.residence);
    for (auto v : d.Languages()) {
      h.languages.push_back({s.languages.Name(v >> 3u), static_cast<codes::Level>(v & 7u)});
    }
    for (auto v : d.Topics()) h.topics.push_back(s.topics.Name(v));
    for (auto v : d.Types()) h.activity_types.push_back(s.activity_types.Name(v));
    for (const auto& [from, to] : d.periods)
      h.availability.push_back({DateOfDay(from), DateOfDay(to)});
    h.last_active = DateOfDay(d.last_active);

    auto names = [](const ValueField& field, std::span<const uint16_t> ids) {
      std::vector<std::string> v;
      for (auto i : ids) v.push_back(field.Name(i));
      return v;
    };
    // Which of `wanted` the person has, and which not.
    auto split = [](const std::vector<std::string>& wanted, const std::vector<std::string>& has,
                    Reason& reason) {
      for (const auto& w : wanted) {
        (std::find(has.begin(), has.end(), w) != has.end() ? reason.matched_values
                                                           : reason.missing_values)
            .push_back(w);
      }
      reason.matched = !reason.matched_values.empty();
    };
    auto language_reason = [&](const std::vector<codes::LanguageLevel>& wanted, Reason& reason) {
      for (const auto& w : wanted) {
        auto it = std::find_if(h.languages.begin(), h.languages.end(),
                               [&](const auto& l) { return l.code == w.code; });
        const std::string want = w.code + ":" + std::string(codes::LevelCode(w.level));
        if (it != h.languages.end() && it->level >= w.level) {
          reason.matched_values.push_back(it->code + ":" +
                                          std::string(codes::LevelCode(it->level)));
        } else {
          reason.missing_values.push_back(want);
        }
      }
      reason.matched = reason.missing_values.empty();
    };
    auto period_reason = [&](Day from, Day to, Reason& reason) {
      for (const auto& [pf, pt] : d.periods) {
        if (pf <= to && pt >= from) reason.matched_values.push_back(PeriodText(pf, pt));
      }
      reason.matched = !reason.matched_values.empty();
    };
    if (q.target) {
      const Target& t = *q.target;
      int earned = 0;
      for (const auto& c : components) {
        Reason reason{c.kind, c.members.contains(id), {}, {}, c.weight};
        if (c.kind == "availability") {
          period_reason(t.start ? DayOf(*t.start) : DayOf(today), t.end ? DayOf(*t.end) : kNoUpper,
                        reason);
          if (!reason.matched && t.start && t.end) {
            reason.missing_values.push_back(PeriodText(DayOf(*t.start), DayOf(*t.end)));
          }
        } else if (c.kind == "topics") {
          split(t.topics, names(s.topics, d.Topics()), reason);
        } else if (c.kind == "activity_type") {
          split({t.activity_type}, h.activity_types, reason);
        } else if (c.kind == "destination") {
          auto has = names(s.destinations, d.Destinations());
          if (std::find(has.begin(), has.end(), "any") != has.end()) {
            reason.matched_values.emplace_back("any");
            reason.matched = true;
          } else {
            split({t.country}, has, reason);
          }
        } else if (c.kind == "languages") {
          language_reason(t.languages, reason);
        } else if (c.kind == "skills") {
          split(t.skills, names(s.skills, d.Skills()), reason);
        }
        reason.matched = c.members.contains(id);  // the bitmap decided the score
        if (reason.matched) earned += c.weight;
        h.reasons.push_back(std::move(reason));
      }
      h.score = weight_total == 0 ? 100 : (earned * 100 + weight_total / 2) / weight_total;
    }
    // The filters the person met, with their values.
    auto filter_reason = [&](std::string_view kind, const std::vector<std::string>& wanted,
                             const std::vector<std::string>& has) {
      if (wanted.empty()) return;
      Reason reason{std::string(kind), false, {}, {}, 0};
      split(wanted, has, reason);
      h.reasons.push_back(std::move(reason));
    };
    filter_reason("residence", q.residence, {h.residence});
    if (!q.destinations.empty()) {
      auto has = names(s.destinations, d.Destinations());
      Reason reason{"destination", true, {}, {}, 0};
      for (const auto& w : q.destinations) {
        if (std::find(has.begin(), has.end(), w) != has.end()) reason.matched_values.push_back(w);
      }
      if (std::find(has.begin(), has.end(), "any") != has.end()) {
        reason.matched_values.emplace_back("any");
      }
      h.reasons.push_back(std::move(reason));
    }
    filter_reason("topics", q.topics, h.topics);
    filter_reason("activity_types", q.activity_types, h.activity_types);
    filter_reason("skills", q.skills, names(s.skills, d.Skills()));
    if (!q.languages.empty()) {
      Reason reason{"languages", false, {}, {}, 0};
      language_reason(q.languages, reason);
      h.reasons.push_back(std::move(reason));
    }
    if (q.available_from || q.available_to) {
      Reason reason{"availability", false, {}, {}, 0};
      period_reason(available_from, available_to, reason);
      h.reasons.push_back(std::move(reason));
    }
    if (!words.empty()) {
      Reason reason{"words", true, {}, {}, 0};
      for (size_t i = 0; i < words.size(); ++i) {
        const bool found = std::any_of(word_terms[i].begin(), word_terms[i].end(), [&](uint32_t t) {
          return std::find(d.terms.begin(), d.terms.end(), t) != d.terms.end();
        });
        (found ? reason.matched_values : reason.missing_values).push_back(words[i]);
      }
      h.reasons.push_back(std::move(reason));
    }
    out.hits.push_back(std::move(h));
  }
  return out;
}

}  // namespace pass::search
