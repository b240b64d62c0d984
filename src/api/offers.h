// The JSON API of offers and placements (SPEC F14, F15, F20; docs/api.md): staff create, send,
// list, withdraw and cancel their organisation's offers and record how placements end
// (/api/v1/organisations/{oid}/offers...); the young person lists, accepts, declines and
// cancels their own (/api/v1/me/offers...); the grant-management system reads the participants
// of a funded project (/api/v1/projects/{grant_reference}/participants) with a service key,
// never a staff session. Handlers are thin: the rules are in offers::Service. Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "http/router.h"
#include "offers/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

struct OfferApiDeps {
  const web::Site& site;
  const web::Gate& gate;
  offers::Service& offers;
  // The grant-management feed's clients: name and key (config PASS_FEED_KEYS).
  std::vector<std::pair<std::string, std::string>> feed_keys;
};

void AddOfferApi(http::Router& router, OfferApiDeps& deps);

// One offer as the API shows it; `for_staff` adds what only the organisation sees.
std::string OfferJson(const offers::Offer& offer, bool for_staff);

}  // namespace pass::api
