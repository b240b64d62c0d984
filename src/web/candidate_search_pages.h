// The candidate search pages for organisation staff (SPEC F9-F11): /organisations/{oid}/candidates
// (search, facet counts, reasons, ranking by one of the organisation's opportunities),
// shortlisting into an opportunity's pipeline, the suggestions of an opportunity, and the saved
// searches (/organisations/{oid}/searches). Handlers are thin: search::Service and
// search::SavedSearches hold the rules.
#pragma once

#include "http/rate_limiter.h"
#include "http/router.h"
#include "opportunities/service.h"
#include "search/saved.h"
#include "search/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct CandidateSearchDeps {
  const Site& site;
  const Gate& gate;
  search::Service& search;
  opportunities::Service& opportunities;
  http::RateLimiter& searches;  // per organisation, shared with the API
  search::SavedSearches& saved;
};

void AddCandidateSearchPages(http::Router& router, CandidateSearchDeps& deps);

}  // namespace pass::web
