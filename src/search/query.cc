#include "search/query.h"

#include <algorithm>
#include <array>
#include <map>

#include "codes/codes.h"
#include "core/clock.h"
#include "core/strings.h"
#include "search/text.h"

namespace pass::search {

namespace {

constexpr std::array<std::string_view, 20> kNames = {"residence",
                                                     "destination",
                                                     "topics",
                                                     "activity_types",
                                                     "skills",
                                                     "languages",
                                                     "available_from",
                                                     "available_to",
                                                     "age_min",
                                                     "age_max",
                                                     "age_at",
                                                     "active_within_days",
                                                     "q",
                                                     "opportunity",
                                                     "sort",
                                                     "limit",
                                                     "offset",
                                                     "facets",
                                                     "favour_inclusion",
                                                     "format"};

constexpr size_t kMaxTextBytes = 500;
constexpr int kMaxAgeParameter = 100;
constexpr int kMaxActiveDays = 3650;

// At most `max` bytes of `s`, not cutting a character in two: what an error shows back of a
// name or value stays well-formed UTF-8 when `s` is.
std::string Shown(std::string_view s, size_t max = 64) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

class Parser {
 public:
  void Add(const std::string& name, const std::string& value) {
    if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) {
      // The name is shown back only as far as it is sensible text.
      std::string shown = IsValidUtf8(name) ? Shown(name) : std::string("?");
      bad_.push_back({shown, Message("error.search.unknown_parameter")});
      return;
    }
    std::string& joined = values_[name];
    if (!joined.empty() && !value.empty() && !IsList(name)) {
      bad_.push_back({name, Message("error.search.twice")});
      return;
    }
    if (value.empty()) return;
    if (!joined.empty()) joined += ',';
    joined += value;
  }

  Result<ParsedQuery> Finish() {
    ParsedQuery out;
    Query& q = out.query;
    Codes("residence", codes::IsCountry, "error.field.country", q.residence, true);
    Codes("destination", codes::IsCountry, "error.field.country", q.destinations, true);
    Codes("topics", codes::IsTopic, "error.field.topic", q.topics, false);
    Codes("activity_types", codes::IsActivityType, "error.field.activity_type", q.activity_types,
          false);
    Codes("skills", codes::IsSkill, "error.field.skill", q.skills, false);
    for (const auto& item : List("languages")) {
      const auto colon = item.find(':');
      const std::string code = AsciiLower(item.substr(0, colon));
      const std::string level = colon == std::string::npos ? "A1" : item.substr(colon + 1);
      if (!codes::IsLanguage(code)) {
        bad_.push_back({"languages", Message("error.field.language", {{"value", Shown(item)}})});
      } else if (auto l = codes::ParseLevel(level); !l) {
        bad_.push_back({"languages", Message("error.field.level", {{"value", Shown(level)}})});
      } else {
        q.languages.push_back({code, *l});
      }
    }
    q.available_from = DateOf("available_from");
    q.available_to = DateOf("available_to");
    if (q.available_from && q.available_to && *q.available_to < *q.available_from) {
      bad_.push_back({"available_to", Message("error.field.ends_before_start")});
    }
    q.age_min = Number("age_min", 0, kMaxAgeParameter);
    q.age_max = Number("age_max", 0, kMaxAgeParameter);
    if (q.age_min && q.age_max && *q.age_max < *q.age_min) {
      bad_.push_back({"age_max", Message("error.search.age_order")});
    }
    q.age_at = DateOf("age_at");
    q.active_within_days = Number("active_within_days", 0, kMaxActiveDays);
    if (const auto* text = Value("q")) {
      if (!IsValidUtf8(*text)) {
        bad_.push_back({"q", Message("error.field.text")});
      } else if (text->size() > kMaxTextBytes) {
        bad_.push_back(
            {"q", Message("error.field.too_long", {{"max", std::to_string(kMaxTextBytes)}})});
      } else {
        // Counted as the index reads them ("aa-bb-cc" is three words).
        q.words = Words(*text);
        if (q.words.size() > kMaxWords) {
          bad_.push_back(
              {"q", Message("error.search.too_many_words", {{"max", std::to_string(kMaxWords)}})});
        }
      }
    }
    if (auto id = Number("opportunity", 1, std::numeric_limits<int>::max())) out.opportunity = *id;
    if (const auto* sort = Value("sort")) {
      if (*sort == "relevance") {
        q.sort = Sort::kRelevance;
      } else if (*sort == "match") {
        q.sort = Sort::kMatch;
        if (!out.opportunity) {
          bad_.push_back({"sort", Message("error.search.match_needs_opportunity")});
        }
      } else if (*sort == "last_active") {
        q.sort = Sort::kLastActive;
      } else {
        bad_.push_back({"sort", Message("error.search.sort")});
      }
    }
    q.limit = Number("limit", 1, kMaxLimit).value_or(20);
    q.offset = Number("offset", 0, kMaxOffset).value_or(0);
    const auto facet_names = FacetNames();
    for (const auto& f : List("facets")) {
      if (std::find(facet_names.begin(), facet_names.end(), f) == facet_names.end()) {
        bad_.push_back({"facets", Message("error.search.facet", {{"value", f}})});
      } else if (std::find(q.facets.begin(), q.facets.end(), f) == q.facets.end()) {
        q.facets.push_back(f);
      }
    }
    if (const auto* v = Value("favour_inclusion")) {
      if (*v == "true" || *v == "1" || *v == "on") {
        out.favour_inclusion = true;
      } else if (*v != "false" && *v != "0") {
        bad_.push_back({"favour_inclusion", Message("error.search.boolean")});
      }
    }
    if (const auto* v = Value("format"); v && *v != "json" && *v != "html") {
      bad_.push_back({"format", Message("error.search.format")});
    }
    if (!bad_.empty()) return Fail(InvalidInput(Message("error.api.invalid_query"), bad_));
    return out;
  }

 private:
  static bool IsList(std::string_view name) {
    return name == "residence" || name == "destination" || name == "topics" ||
           name == "activity_types" || name == "skills" || name == "languages" || name == "facets";
  }
  const std::string* Value(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() || it->second.empty() ? nullptr : &it->second;
  }
  std::vector<std::string> List(const std::string& name) {
    std::vector<std::string> out;
    const auto* v = Value(name);
    if (v == nullptr) return out;
    for (auto part : Split(*v, ',')) {
      part = Trim(part);
      if (part.empty()) continue;
      if (std::find(out.begin(), out.end(), part) != out.end()) continue;
      out.emplace_back(part);
    }
    if (out.size() > kMaxValuesPerFilter) {
      bad_.push_back(
          {name, Message("error.field.too_many", {{"max", std::to_string(kMaxValuesPerFilter)}})});
      out.resize(kMaxValuesPerFilter);
    }
    return out;
  }
  void Codes(const std::string& name, bool (*valid)(std::string_view), const char* message,
             std::vector<std::string>& out, bool upper) {
    for (auto& item : List(name)) {
      std::string code = upper ? AsciiUpper(item) : item;
      if (!valid(code)) {
        bad_.push_back({name, Message(message, {{"value", Shown(item)}})});
      } else {
        out.push_back(std::move(code));
      }
    }
  }
  std::optional<int> Number(const std::string& name, int min, int max) {
    const auto* v = Value(name);
    if (v == nullptr) return std::nullopt;
    auto n = ParseInt(*v);
    if (!n || *n < min || *n > max) {
      bad_.push_back({name, Message("error.field.range",
                                    {{"min", std::to_string(min)}, {"max", std::to_string(max)}})});
      return std::nullopt;
    }
    return static_cast<int>(*n);
  }
  std::optional<Date> DateOf(const std::string& name) {
    const auto* v = Value(name);
    if (v == nullptr) return std::nullopt;
    auto d = ParseIsoDate(*v);
    if (!d) bad_.push_back({name, Message("error.field.date")});
    return d;
  }

  std::map<std::string, std::string> values_;
  std::vector<FieldError> bad_;
};

}  // namespace

std::vector<std::string_view> QueryParameterNames() { return {kNames.begin(), kNames.end()}; }

Result<ParsedQuery> ParseQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  Parser parser;
  for (const auto& [name, value] : params) parser.Add(name, value);
  return parser.Finish();
}

}  // namespace pass::search
