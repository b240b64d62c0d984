#include "search/service.h"

#include "search/target.h"

namespace pass::search {

Service::Service(const Index& index, opportunities::Service& opportunities, const Clock& clock,
                 std::function<bool()> ready)
    : index_(index), opportunities_(opportunities), clock_(clock), ready_(std::move(ready)) {}

Result<Found> Service::Find(const opportunities::Staff& staff, const ParsedQuery& query) {
  if (ready_ && !ready_()) return Fail(Unavailable(Message("error.search.loading")));
  Found found;
  Query q = query.query;
  if (query.opportunity) {
    PASS_TRY(o, opportunities_.Get(staff, *query.opportunity));
    q.target = TargetFor(*o, query.favour_inclusion);
    found.opportunity = std::move(*o);
  }
  PASS_TRY(results, index_.Search(q, clock_.Today()));
  found.results = std::move(*results);
  return found;
}

Result<Found> Service::Suggest(const opportunities::Staff& staff, int64_t opportunity_id,
                               bool favour_inclusion, int limit, int offset) {
  ParsedQuery query;
  query.opportunity = opportunity_id;
  query.favour_inclusion = favour_inclusion;
  query.query.sort = Sort::kMatch;
  query.query.limit = limit;
  query.query.offset = offset;
  return Find(staff, query);
}

Result<int> Service::Shortlist(const opportunities::Staff& staff, int64_t opportunity_id,
                               const std::vector<std::string>& references) {
  const Date today = clock_.Today();
  return opportunities_.Shortlist(
      staff, opportunity_id, references,
      [&](const std::string& reference) { return index_.IsFindable(reference, today); });
}

}  // namespace pass::search
