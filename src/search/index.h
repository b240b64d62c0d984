// The candidate search index (SPEC F9-F10): every findable young person's profile held in memory,
// with CRoaring bitmaps per filter value (also the facet counts), birth dates and last activity
// in day/month/year buckets for range questions, availability periods in week buckets for
// overlap questions (edge weeks checked day by day, so answers are exact), and Snowball stems of
// experience and motivation. Answers the search (filters, words, facets, sort, pages) and the
// suggestions for an opportunity (eligibility applied, then ranked by the documented match
// score with its reasons; see docs/search.md).
//
// The index holds only people who turned visibility on and are not hidden for inactivity; age
// eligibility (R8) depends on the day and is applied at every query, so nobody stays findable a
// day too long. It knows no nationality, gender or any protected characteristic, and nothing of
// the fewer-opportunities answer unless the person shared it (used only when an organisation asks
// to favour inclusion).
//
// Thread-safe: many concurrent Search calls and one writer (Put, Remove, Apply) at a time; a
// writer waits for running searches and blocks new ones while it applies a batch.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/error.h"
#include "participants/participant.h"

namespace pass::search {

enum class Sort {
  kRelevance,   // by match with an opportunity; else by the words; else by last activity
  kMatch,       // by match with an opportunity (one must be given)
  kLastActive,  // most recently active first
};

// What an opportunity asks for, as the match score and the eligibility rules see it.
struct Target {
  std::optional<Date> start;  // both none: flexible dates
  std::optional<Date> end;
  std::string activity_type;
  std::vector<std::string> topics;
  std::string country;  // where the activity takes place
  std::vector<codes::LanguageLevel> languages;
  std::vector<std::string> skills;
  std::vector<std::string> eligible_residence;  // empty: every country
  bool favour_inclusion = false;  // the organisation asks to favour fewer-opportunities people
};

// The match score's parts and their weights (docs/search.md). A part the opportunity does not
// ask for (no wanted languages, no skills) is left out and the score is scaled to 100 over the
// parts that count.
inline constexpr int kWeightAvailability = 30;
inline constexpr int kWeightTopics = 20;
inline constexpr int kWeightActivityType = 20;
inline constexpr int kWeightDestination = 15;
inline constexpr int kWeightLanguages = 10;
inline constexpr int kWeightSkills = 5;
inline constexpr int kWeightInclusion = 10;  // only when the organisation asks for it

// Limits on one query, so that none can hold the index for long.
inline constexpr size_t kMaxValuesPerFilter = 50;
inline constexpr size_t kMaxWords = 10;
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10'000;

struct Query {
  std::vector<std::string> residence;           // one of them
  std::vector<std::string> destinations;        // the person's destinations include one, or "any"
  std::vector<std::string> topics;              // at least one in common
  std::vector<std::string> activity_types;      // at least one in common
  std::vector<std::string> skills;              // at least one in common
  std::vector<codes::LanguageLevel> languages;  // every one at that level or above
  std::optional<Date> available_from;           // some period overlaps [from, to], ends inclusive
  std::optional<Date> available_to;
  std::optional<int> age_min;  // whole years on age_at (default: today), inclusive
  std::optional<int> age_max;
  std::optional<Date> age_at;
  std::optional<int> active_within_days;  // last active on or after today minus N days
  std::vector<std::string> words;         // as typed; every one must match
  std::optional<Target> target;           // rank by match with this opportunity
  Sort sort = Sort::kRelevance;
  int limit = 20;
  int offset = 0;
  std::vector<std::string> facets;  // FacetNames()
};

// The fields that can be counted per value.
std::vector<std::string_view> FacetNames();

// One explained part of a result: what matched and what did not.
struct Reason {
  std::string kind;  // availability, topics, activity_type, destination, languages, skills,
                     // inclusion, words, residence, age, active
  bool matched = false;
  std::vector<std::string> matched_values;  // codes, "fr:B2", "2027-03-01/2027-06-30", words
  std::vector<std::string> missing_values;  // what was wanted and not there
  int weight = 0;                           // its part of the score (0: not scored)
};

struct Hit {
  std::string reference;
  std::string given_name;
  int age = 0;  // today
  std::string residence;
  std::vector<codes::LanguageLevel> languages;
  std::vector<std::string> topics;
  std::vector<std::string> activity_types;
  std::vector<participants::Period> availability;
  Date last_active;
  std::optional<int> score;  // 0-100 match with the opportunity, when one was given
  std::vector<Reason> reasons;
};

struct FacetCount {
  std::string value;
  uint64_t count = 0;
};

struct Facet {
  std::string name;
  std::vector<FacetCount> counts;  // values with a count above 0, most first, then by value
};

struct Results {
  uint64_t total = 0;  // every findable person matching every filter
  std::vector<Hit> hits;
  std::vector<Facet> facets;
};

// A change from the store's feed: the profile as stored now, or nothing when it is gone.
struct Change {
  std::string reference;
  std::optional<participants::Participant> profile;
  bool hidden = false;  // hidden for inactivity
};

class Index {
 public:
  struct Options {
    // A query running longer than this is stopped with Unavailable ("narrow the search").
    std::chrono::milliseconds budget{50};
  };
  Index();
  explicit Index(Options options);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds or replaces the person; someone not visible (F3) or hidden is removed instead.
  void Put(const participants::Participant& p, bool hidden);
  void Remove(std::string_view reference);
  // Applies a batch of changes under one write lock.
  void Apply(const std::vector<Change>& changes);
  // After a bulk load: compresses runs in the bitmaps and gives back spare capacity.
  void Compact();

  // Every findable person matching `query`, counted exactly, with one page of hits, their
  // reasons and the facet counts. `today` decides ages, eligibility and activity. Errors:
  // InvalidInput (sort=match without an opportunity, limits out of range; the field named),
  // Unavailable (over the time budget).
  Result<Results> Search(const Query& query, Date today) const;

  // Whether the person is findable on `today`: held and eligible by age (what Search counts).
  bool IsFindable(std::string_view reference, Date today) const;

  size_t size() const;         // people held (visible, not hidden; eligibility is per query)
  size_t MemoryBytes() const;  // approximate: bitmaps, documents, dictionaries

 private:
  struct State;
  Options options_;
  std::unique_ptr<State> state_;
};

// Ages, as participants::AgeOn counts them, turned into birth-date bounds.
// The earliest birth date of someone at most `age` years old on `day`.
Date EarliestBirthForMaxAge(Date day, int age);
// The latest birth date of someone at least `age` years old on `day`.
Date LatestBirthForMinAge(Date day, int age);

}  // namespace pass::search
