// GET /api/v1/me: who the session belongs to and what they may do (DESIGN §4 contract).
#pragma once

#include "http/router.h"
#include "opportunities/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

// Also GET /api/v1/me/export (the young person's data, F6) when `participants` is given.
// The export holds the person's applications when `opportunities` is given.
void AddMe(http::Router& router, const web::Site& site, const web::Gate& gate,
           participants::Service* participants = nullptr,
           opportunities::Service* opportunities = nullptr);

// The JSON of /api/v1/me for a signed-in viewer (exposed for tests).
std::string MeJson(const web::Viewer& viewer);

}  // namespace pass::api
