// The JSON API for opportunities (SPEC F4, F8): an organisation's staff list, create, read and
// replace their organisation's opportunities under /api/v1/organisations/{oid}/opportunities, and
// anyone pages through and filters the published ones at /api/v1/opportunities. Handlers are
// thin: opportunities::Service holds the rules. Request bodies are parsed strictly (unknown
// fields, wrong types, duplicate keys are refused and named). Thread-safe: the handlers keep no
// state of their own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/router.h"
#include "opportunities/opportunity.h"
#include "opportunities/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

// The largest request body the opportunity calls take (a larger one is answered 413).
inline constexpr size_t kMaxOpportunityBody = size_t{64} * 1024;

void AddOpportunityApi(http::Router& router, const web::Site& site, const web::Gate& gate,
                       opportunities::Service& opportunities);

// One opportunity as the API shows it (docs/api.md).
std::string OpportunityJson(const opportunities::Opportunity& opportunity);

// An opportunity from a request body: a JSON object with only the fields of OpportunityJson.
// Fields left out take their empty value (a draft, no dates, one place, every country). The
// read-only fields (`organisation`, `published_at`, `url`) are ignored, `id` is kept for the
// caller to compare. Never throws: unreadable JSON, unknown or repeated fields and wrong types
// come back as InvalidInput naming each field; the opportunity's own rules are not checked here.
Result<opportunities::Opportunity> OpportunityFromJson(std::string_view body);

}  // namespace pass::api
