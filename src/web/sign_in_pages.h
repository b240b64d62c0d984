// Signing in and out with EU Login, the page that explains a person's access (and, when there is
// none, why and whom to ask: SPEC R5), and the organisation pages staff land on.
#pragma once

#include "auth/oidc.h"
#include "backoffice/backoffice.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "registry/registry.h"
#include "web/agencies.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct SignInDeps {
  const Site& site;
  const Gate& gate;
  auth::OidcClient& oidc;
  const AgencyDirectory& agencies;
  registry::Store& registry;
  http::RateLimiter& sign_in_limiter;
  const Clock& clock;
  backoffice::Service* backoffice = nullptr;  // staff see their nominations (R3)
};

void AddSignInPages(http::Router& router, SignInDeps& deps);

// Where a signed-in person starts: their organisation, the list of several, the back office for
// an officer of no organisation, or the access page.
std::string HomeFor(const access::Decision& decision, bool officer = false);

}  // namespace pass::web
