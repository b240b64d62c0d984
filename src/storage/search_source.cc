#include "storage/search_source.h"

#include <unordered_map>

#include "storage/participant_repository.h"

namespace pass::storage {

namespace {

// Profiles read per round trip at start: bounded memory, few statements.
constexpr int64_t kChunk = 20'000;

Date DateValue(const Row& r, size_t i) { return ParseIsoDate(r.Text(i)).value_or(Date{}); }

}  // namespace

Result<int64_t> SqlSearchSource::LoadVisible(
    const std::function<void(participants::Participant&&)>& each) {
  return db_.With([&](Connection& c) -> Result<int64_t> {
    PASS_TRY(last, c.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM participant_changes"));
    const int64_t last_seq = (*last)->Int(0);
    int64_t next_id = 0;
    for (;;) {
      std::vector<participants::Participant> chunk;
      std::unordered_map<int64_t, size_t> at;
      PASS_TRY(rows, c.Query("SELECT p.id, p.reference, p.given_name, p.birth_date, p.residence, "
                             "p.contact_language, p.experience, p.motivation, p.last_active, "
                             "COALESCE(s.fewer_opportunities, 0), COALESCE(s.shared, 0) "
                             "FROM participants p LEFT JOIN participant_sensitive s "
                             "ON s.participant_id = p.id "
                             "WHERE p.id >= $1 AND p.searchable = 1 AND p.hidden_at IS NULL "
                             "ORDER BY p.id LIMIT $2",
                             {next_id, kChunk}));
      if (rows->empty()) break;
      for (const Row& r : *rows) {
        participants::Participant p;
        p.id = r.Int(0);
        p.reference = r.Text(1);
        p.given_name = r.Text(2);
        p.birth_date = DateValue(r, 3);
        p.residence = r.Text(4);
        p.contact_language = r.Text(5);
        p.experience = r.Text(6);
        p.motivation = r.Text(7);
        p.last_active = DateValue(r, 8);
        p.fewer_opportunities = r.Bool(9);
        p.sensitive_shared = r.Bool(10);
        p.searchable = true;
        at.emplace(p.id, chunk.size());
        chunk.push_back(std::move(p));
      }
      const int64_t first = chunk.front().id;
      const int64_t last_id = chunk.back().id;
      auto find = [&](const Row& r) -> participants::Participant* {
        auto it = at.find(r.Int(0));
        return it == at.end() ? nullptr : &chunk[it->second];
      };
      // Child rows in the order FindByReference gives them, so that a profile loaded at start
      // and one read again after a change (Current) show the same.
      PASS_TRY(languages, c.Query("SELECT participant_id, code, level FROM participant_languages "
                                  "WHERE participant_id BETWEEN $1 AND $2 "
                                  "ORDER BY participant_id, code",
                                  {first, last_id}));
      for (const Row& r : *languages) {
        auto* p = find(r);
        auto level = codes::ParseLevel(r.Text(2));
        if (p != nullptr && level) p->languages.push_back({r.Text(1), *level});
      }
      PASS_TRY(codes_rows, c.Query("SELECT participant_id, kind, code FROM participant_codes "
                                   "WHERE participant_id BETWEEN $1 AND $2 "
                                   "ORDER BY participant_id, kind, code",
                                   {first, last_id}));
      for (const Row& r : *codes_rows) {
        auto* p = find(r);
        if (p == nullptr) continue;
        const std::string kind = r.Text(1);
        if (kind == "skill") p->skills.push_back(r.Text(2));
        if (kind == "topic") p->topics.push_back(r.Text(2));
        if (kind == "activity_type") p->activity_types.push_back(r.Text(2));
        if (kind == "destination") p->destinations.push_back(r.Text(2));
      }
      PASS_TRY(periods, c.Query("SELECT participant_id, available_from, available_to "
                                "FROM participant_availability "
                                "WHERE participant_id BETWEEN $1 AND $2 "
                                "ORDER BY participant_id, available_from",
                                {first, last_id}));
      for (const Row& r : *periods) {
        if (auto* p = find(r)) p->availability.push_back({DateValue(r, 1), DateValue(r, 2)});
      }
      for (auto& p : chunk) each(std::move(p));
      next_id = last_id + 1;
    }
    return last_seq;
  });
}

Result<std::vector<search::FeedEntry>> SqlSearchSource::Changes(int64_t from, int64_t to,
                                                                int limit) {
  return db_.With([&](Connection& c) -> Result<std::vector<search::FeedEntry>> {
    PASS_TRY(rows, c.Query("SELECT seq, reference FROM participant_changes "
                           "WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3",
                           {from, to, int64_t{limit}}));
    std::vector<search::FeedEntry> out;
    out.reserve(rows->size());
    for (const Row& r : *rows) out.push_back({r.Int(0), r.Text(1)});
    return out;
  });
}

Result<search::Change> SqlSearchSource::Current(const std::string& reference) {
  return db_.With([&](Connection& c) -> Result<search::Change> {
    SqlParticipantRepository repo(c, clock_);
    PASS_TRY(account, repo.FindAccountByReference(reference));
    search::Change change{reference, std::nullopt, false};
    if (*account) {
      change.hidden = (*account)->hidden_at.has_value();
      change.profile = std::move((*account)->profile);
    }
    return change;
  });
}

}  // namespace pass::storage
