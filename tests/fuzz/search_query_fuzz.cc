// The candidate search's query string comes straight from the network
// (GET /api/v1/organisations/{oid}/candidates?...): split into name=value pairs, parsed, and a
// query that parses is run against a small index; the text goes through the word splitter and
// the stemmers as typed words do.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/strings.h"
#include "search/index.h"
#include "search/query.h"
#include "search/text.h"

namespace {

using pass::search::Index;
using pass::search::kMaxLimit;
using pass::search::kMaxOffset;
using pass::search::kMaxValuesPerFilter;
using pass::search::kMaxWords;
using pass::search::Query;
using pass::search::Sort;
using pass::search::Target;
using pass::search::Words;

pass::Date Day(int y, unsigned m, unsigned d) {
  return pass::Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

// A few people with the edges the rules have: 30 and 35 years old, humanitarian aid only, one
// day of availability, text in two languages.
const Index& SmallIndex() {
  static const Index* index = [] {
    auto* out = new Index();
    const pass::Date today = Day(2026, 12, 1);
    for (int i = 0; i < 6; ++i) {
      pass::participants::Participant p;
      p.reference = "20000000" + std::to_string(10 + i);
      p.given_name = "Alex";
      p.birth_date = Day(1991 + 2 * i, 12, 1 + static_cast<unsigned>(i));
      p.residence = i % 2 ? "SE" : "FR";
      p.contact_language = i % 2 ? "sv" : "fr";
      p.languages = {{i % 2 ? "sv" : "fr", pass::codes::Level::kNative},
                     {"en", static_cast<pass::codes::Level>(i)}};
      p.skills = {"gardening", i % 2 ? "first_aid" : "cooking"};
      p.topics = {"environment_nature", i % 3 ? "sport" : "digital"};
      p.activity_types = {i < 2 ? "humanitarian_aid" : "individual_volunteering"};
      p.destinations = {i % 3 ? "any" : "DE"};
      p.availability = {
          {Day(2027, 1, 4 + static_cast<unsigned>(i)), Day(2027, 1, 4 + static_cast<unsigned>(i))},
          {Day(2027, 3, 1), Day(2027, 9, 30)}};
      p.experience = i % 2 ? "Volontär på ett läger för barn med funktionsnedsättning."
                           : "Animatrice en centre de loisirs pendant deux étés.";
      p.motivation = "I want to spend a year abroad helping people and learning a new language.";
      p.searchable = true;
      p.fewer_opportunities = i == 3;
      p.sensitive_shared = i == 3;
      p.last_active = today;
      out->Put(p, false);
    }
    return out;
  }();
  return *index;
}

void CheckWord(const std::string& w) {
  if (!pass::IsValidUtf8(w) || w.size() > pass::search::kMaxWordBytes || w.size() < 2) {
    __builtin_trap();
  }
  const auto forms = pass::search::QueryForms(w);
  if (forms.empty() || forms[0] != w) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> params;
  for (auto part : pass::Split(text, '&')) {
    const auto eq = part.find('=');
    params.emplace_back(std::string(part.substr(0, eq)),
                        eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1)));
  }
  const bool valid = pass::IsValidUtf8(text);
  auto parsed = pass::search::ParseQuery(params);
  if (parsed) {
    Query q = parsed->query;
    // What the parser accepts is within the documented limits.
    if (q.limit < 1 || q.limit > kMaxLimit || q.offset < 0 || q.offset > kMaxOffset) {
      __builtin_trap();
    }
    for (const auto* list :
         {&q.residence, &q.destinations, &q.topics, &q.activity_types, &q.skills, &q.facets}) {
      if (list->size() > kMaxValuesPerFilter) __builtin_trap();
    }
    if (q.languages.size() > kMaxValuesPerFilter || q.words.size() > kMaxWords) __builtin_trap();
    if (q.sort == Sort::kMatch && !parsed->opportunity) __builtin_trap();
    if (q.available_from && q.available_to && *q.available_to < *q.available_from) {
      __builtin_trap();
    }
    if (q.age_min && q.age_max && *q.age_max < *q.age_min) __builtin_trap();
    for (const auto& typed : q.words) {
      for (const auto& w : Words(typed)) CheckWord(w);
    }
    // An opportunity made of the query's own values, for the match score.
    if (parsed->opportunity) {
      Target t;
      t.start = q.available_from;
      t.end = q.available_to;
      if (t.start && !t.end) t.end = t.start;
      if (t.end && !t.start) t.start = t.end;
      if (!q.activity_types.empty()) t.activity_type = q.activity_types[0];
      t.topics = q.topics;
      if (!q.destinations.empty()) t.country = q.destinations[0];
      t.languages = q.languages;
      t.skills = q.skills;
      t.eligible_residence = q.residence;
      t.favour_inclusion = parsed->favour_inclusion;
      q.target = std::move(t);
    }
    const Index& index = SmallIndex();
    auto r = index.Search(q, Day(2026, 12, 1));
    if (r) {
      if (r->total > index.size() || r->hits.size() > static_cast<size_t>(q.limit)) {
        __builtin_trap();
      }
      for (const auto& h : r->hits) {
        if (q.target && (!h.score || *h.score < 0 || *h.score > 100)) __builtin_trap();
      }
      for (const auto& f : r->facets) {
        for (const auto& c : f.counts) {
          if (c.count == 0 || c.count > r->total) __builtin_trap();
        }
      }
    } else if (r.error().code != pass::ErrorCode::kUnavailable) {
      __builtin_trap();  // a parsed query is always a valid one
    }
  } else if (valid) {
    // What an error shows back of a well-formed request is well-formed.
    for (const auto& f : parsed.error().fields) {
      if (!pass::IsValidUtf8(f.field)) __builtin_trap();
      for (const auto& [k, v] : f.message.args) {
        if (!pass::IsValidUtf8(v)) __builtin_trap();
      }
    }
  }
  for (const auto& w : pass::search::Words(text)) {
    CheckWord(w);
    // Words of well-formed text are case-folded: folding again changes nothing.
    if (valid && pass::FoldCase(w) != w) __builtin_trap();
  }
  (void)pass::search::IndexTerms(text, "en");
  return 0;
}
