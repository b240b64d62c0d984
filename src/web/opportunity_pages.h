// The opportunity pages (SPEC F4, F7, F8, F12). For staff of an organisation: its description,
// its opportunities (write, publish, close, copy), and the candidates of each (stages, tags,
// notes, bulk actions, CSV and XLSX exports). For everyone: the published opportunities, with
// filters; for young people: applying, following and withdrawing applications. Handlers are
// thin: the rules are in opportunities::Service. Every page works without JavaScript.
#pragma once

#include "core/clock.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "opportunities/service.h"
#include "participants/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct OpportunityDeps {
  const Site& site;
  const Gate& gate;
  opportunities::Service& opportunities;
  participants::Service& participants;
  http::RateLimiter& applications;  // per person: applications sent
  const Clock& clock;
};

// Staff: /organisations/{oid}/profile, /organisations/{oid}/opportunities/...
void AddOpportunityPages(http::Router& router, OpportunityDeps& deps);
// Everyone: /opportunities, /opportunities/{id}; young people: applying, /young/applications.
void AddPublicOpportunityPages(http::Router& router, OpportunityDeps& deps);

// An opportunity's fields from a submitted form (the same names the API uses); unparseable
// numbers and dates are kept as invalid values so the checks name the field.
opportunities::Opportunity OpportunityFromForm(const http::FormData& form);

}  // namespace pass::web
