// Candidate search for organisation staff (SPEC F9-F10): searches the index for the caller's
// organisation, ranks by one of its own opportunities (NotFound for anyone else's), and
// shortlists found people into that opportunity's pipeline (only people findable now).
// Thread-safe as long as the Index, the opportunities Service and the Clock are.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "opportunities/service.h"
#include "search/index.h"
#include "search/query.h"

namespace pass::search {

// A search with the opportunity it ranks by, when there was one.
struct Found {
  Results results;
  std::optional<opportunities::Opportunity> opportunity;
};

class Service {
 public:
  // `ready` tells whether the index finished loading; until then searches are Unavailable.
  Service(const Index& index, opportunities::Service& opportunities, const Clock& clock,
          std::function<bool()> ready);

  Result<Found> Find(const opportunities::Staff& staff, const ParsedQuery& query);
  // Everyone findable and eligible for the opportunity, ranked by match, with reasons (F10).
  Result<Found> Suggest(const opportunities::Staff& staff, int64_t opportunity_id,
                        bool favour_inclusion, int limit, int offset);
  // Adds findable people to the pipeline as shortlisted; returns how many were new there.
  Result<int> Shortlist(const opportunities::Staff& staff, int64_t opportunity_id,
                        const std::vector<std::string>& references);

  const Index& index() const { return index_; }

 private:
  const Index& index_;
  opportunities::Service& opportunities_;
  const Clock& clock_;
  std::function<bool()> ready_;
};

}  // namespace pass::search
