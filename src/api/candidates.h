// The JSON API of the candidate search (SPEC F9-F11, docs/api.md): organisation staff search the
// registry (GET /api/v1/organisations/{oid}/candidates), open one full profile (.../candidates/
// {reference}: recorded for the person, F6, and limited per organisation per hour), get the
// suggestions for one of their opportunities (.../opportunities/{id}/suggestions) and shortlist
// people into its pipeline (POST .../opportunities/{id}/shortlist). Handlers are thin; the rules
// are in search::Service. Thread-safe: the handlers keep no state of their own.
#pragma once

#include <string>

#include "core/clock.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "participants/service.h"
#include "search/index.h"
#include "search/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

struct CandidateApiDeps {
  const web::Site& site;
  const web::Gate& gate;
  search::Service& search;
  participants::Service& participants;
  http::RateLimiter& searches;          // per organisation
  http::RateLimiter& profile_openings;  // per organisation, shared with the pages
  const Clock& clock;
};

void AddCandidateApi(http::Router& router, CandidateApiDeps& deps);

// One page of results as the API shows it, with `next` (empty: none) for the following page.
std::string CandidateResultsJson(const search::Results& results, const std::string& oid,
                                 const std::string& next);

}  // namespace pass::api
