#include "search/saved.h"

#include <algorithm>
#include <set>

#include "core/fields.h"
#include "core/strings.h"

namespace pass::search {

namespace {

std::string Actor(const Owner& owner) { return "staff <" + owner.email + ">"; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The parameters of every page of a search: its filters without paging or ranking choices that
// do not change who matches.
std::vector<std::pair<std::string, std::string>> WhoMatches(
    std::vector<std::pair<std::string, std::string>> pairs) {
  std::erase_if(pairs, [](const auto& p) {
    return p.first == "offset" || p.first == "limit" || p.first == "sort" || p.first == "facets" ||
           p.first == "format";
  });
  return pairs;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> QueryPairs(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto part : Split(query, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto name = Decode(part.substr(0, eq));
    auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : Decode(part.substr(eq + 1));
    if (!name || !value || !IsValidUtf8(*name) || !IsValidUtf8(*value)) {
      return Fail(
          InvalidInput(Message("error.form.invalid"), {{"query", Message("error.saved.query")}}));
    }
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

SavedSearches::SavedSearches(SavedStore& store, Service& search, const Clock& clock,
                             mail::Composer compose, std::string public_url,
                             std::function<Result<bool>(const SavedSearch&)> still_allowed)
    : store_(store),
      search_(search),
      clock_(clock),
      compose_(std::move(compose)),
      public_url_(std::move(public_url)),
      still_allowed_(std::move(still_allowed)) {}

Result<std::vector<std::string>> SavedSearches::Matching(const Owner& owner,
                                                         const std::string& query) {
  PASS_TRY(pairs, QueryPairs(query));
  PASS_TRY(parsed, ParseQuery(WhoMatches(std::move(*pairs))));
  parsed->query.limit = kMaxLimit;
  parsed->query.sort = Sort::kLastActive;
  const opportunities::Staff staff{owner.oid, owner.email};
  std::vector<std::string> references;
  for (int offset = 0;; offset += kMaxLimit) {
    parsed->query.offset = offset;
    PASS_TRY(found, search_.Find(staff, *parsed));
    if (found->results.total > kMaxAlertMatches) {
      return Fail(InvalidInput(Message("error.form.invalid"),
                               {{"alert", Message("error.saved.too_broad",
                                                  {{"count", std::to_string(found->results.total)},
                                                   {"max", std::to_string(kMaxAlertMatches)}})}}));
    }
    for (auto& h : found->results.hits) references.push_back(std::move(h.reference));
    if (found->results.hits.size() < static_cast<size_t>(kMaxLimit)) break;
  }
  std::sort(references.begin(), references.end());
  references.erase(std::unique(references.begin(), references.end()), references.end());
  return references;
}

Result<SavedSearch> SavedSearches::Save(const Owner& owner, std::string name, std::string query,
                                        bool alert) {
  name = std::string(Trim(name));
  std::vector<FieldError> problems;
  fields::CheckLine(problems, "name", name, true, kMaxSavedNameLength);
  if (query.size() > kMaxSavedQueryBytes) {
    problems.push_back(
        {"query", Message("error.field.too_long", {{"max", std::to_string(kMaxSavedQueryBytes)}})});
  }
  if (!problems.empty()) {
    return Fail(InvalidInput(Message("error.form.invalid"), std::move(problems)));
  }
  // The search must be one the search page takes (and, with an alert, narrow enough).
  std::vector<std::string> seen;
  {
    PASS_TRY(pairs, QueryPairs(query));
    PASS_TRY(parsed, ParseQuery(WhoMatches(std::move(*pairs))));
    if (alert) {
      PASS_TRY(matching, Matching(owner, query));
      seen = std::move(*matching);
    } else {
      // An opportunity to rank by must be the organisation's own.
      parsed->query.limit = 1;
      PASS_TRY(found, search_.Find({owner.oid, owner.email}, *parsed));
    }
  }
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](SavedRepository& repo) -> Result<SavedSearch> {
    PASS_TRY(existing, repo.OfOwner(owner.oid, owner.person_id));
    if (existing->size() >= kMaxSavedSearches) {
      return Fail(InvalidInput(Message("error.form.invalid"),
                               {{"name", Message("error.saved.too_many",
                                                 {{"max", std::to_string(kMaxSavedSearches)}})}}));
    }
    SavedSearch s{0,    owner.oid, owner.person_id, owner.email, owner.language,
                  name, query,     alert,           now,         std::nullopt};
    PASS_TRY(id, repo.Insert(s));
    s.id = *id;
    if (alert) {
      PASS_TRY(kept, repo.ReplaceSeen(s.id, seen));
    }
    PASS_TRY(logged, repo.Audit().Append(audit::Make(
                         now, Actor(owner), "search.saved", owner.oid,
                         "saved_search:" + std::to_string(s.id), "",
                         audit::Detail({{"name", name}, {"alert", alert ? "on" : "off"}}))));
    return s;
  });
}

Result<std::vector<SavedSearch>> SavedSearches::List(const Owner& owner) {
  return store_.ReadValue(
      [&](SavedRepository& repo) { return repo.OfOwner(owner.oid, owner.person_id); });
}

Result<SavedSearch> SavedSearches::Own(SavedRepository& repo, const Owner& owner, int64_t id) {
  PASS_TRY(found, repo.Find(id));
  if (!*found || (*found)->oid != owner.oid || (*found)->person_id != owner.person_id) {
    return Fail(NotFound(Message("error.saved.not_found")));
  }
  return std::move(**found);
}

Result<void> SavedSearches::Delete(const Owner& owner, int64_t id) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](SavedRepository& repo) -> Result<void> {
    PASS_TRY(s, Own(repo, owner, id));
    PASS_TRY(deleted, repo.Delete(id));
    return repo.Audit().Append(audit::Make(now, Actor(owner), "search.deleted", owner.oid,
                                           "saved_search:" + std::to_string(id), "",
                                           audit::Detail({{"name", s->name}})));
  });
}

Result<void> SavedSearches::SetAlert(const Owner& owner, int64_t id, bool alert) {
  PASS_TRY(current, store_.ReadValue([&](SavedRepository& repo) { return Own(repo, owner, id); }));
  std::vector<std::string> seen;
  if (alert) {
    PASS_TRY(matching, Matching(owner, current->query));
    seen = std::move(*matching);
  }
  const Timestamp now = clock_.Now();
  return store_.Write([&](SavedRepository& repo) -> Result<void> {
    PASS_TRY(s, Own(repo, owner, id));
    PASS_TRY(set, repo.SetAlert(id, alert));
    if (alert) {
      PASS_TRY(kept, repo.ReplaceSeen(id, seen));
    }
    return repo.Audit().Append(audit::Make(now, Actor(owner), "search.alert", owner.oid,
                                           "saved_search:" + std::to_string(id), "",
                                           audit::Detail({{"alert", alert ? "on" : "off"}})));
  });
}

Result<DigestReport> SavedSearches::RunDigests() {
  DigestReport report;
  PASS_TRY(alerting, store_.ReadValue([](SavedRepository& repo) { return repo.Alerting(); }));
  const Timestamp now = clock_.Now();
  for (const SavedSearch& s : *alerting) {
    if (s.last_alert_at && now - *s.last_alert_at < std::chrono::hours(20)) continue;
    ++report.searches;
    const Owner owner{s.oid, s.person_id, s.email, s.language};
    PASS_TRY(allowed, still_allowed_(s));
    if (!*allowed) {
      PASS_TRY(stopped, store_.Write([&](SavedRepository& repo) -> Result<void> {
        PASS_TRY(off, repo.SetAlert(s.id, false));
        return repo.Audit().Append(audit::Make(now, "system", "search.alert_stopped", s.oid,
                                               "saved_search:" + std::to_string(s.id),
                                               "no access to the organisation"));
      }));
      ++report.stopped;
      continue;
    }
    auto matching = Matching(owner, s.query);
    if (!matching) {
      // Too broad now, or an opportunity that went: nothing to send today; tried again tomorrow.
      if (matching.error().code == ErrorCode::kInvalidInput ||
          matching.error().code == ErrorCode::kNotFound) {
        continue;
      }
      return Fail(std::move(matching.error()));
    }
    PASS_TRY(done, store_.Write([&](SavedRepository& repo) -> Result<void> {
      PASS_TRY(seen, repo.Seen(s.id));
      const std::set<std::string> before(seen->begin(), seen->end());
      size_t fresh = 0;
      for (const auto& r : *matching) fresh += before.count(r) == 0 ? 1 : 0;
      if (fresh > 0) {
        PASS_TRY(queued,
                 repo.Outbox().Enqueue(compose_(
                     s.language, "saved_search_digest",
                     {{"name", s.name},
                      {"count", std::to_string(fresh)},
                      {"url", public_url_ + "/organisations/" + s.oid + "/candidates?" + s.query}},
                     s.email, s.email)));
        ++report.mailed;
        PASS_TRY(marked, repo.MarkAlerted(s.id, now));
      }
      return repo.ReplaceSeen(s.id, *matching);
    }));
  }
  return report;
}

}  // namespace pass::search
