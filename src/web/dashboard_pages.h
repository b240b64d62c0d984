// The organisation's recruitment dashboard (SPEC F16) at /organisations/{oid}/dashboard: the
// funnel (viewed, contacted, replied, offered, accepted) for the organisation and per
// opportunity, each drawn as a server-rendered SVG bar chart with the same numbers in a table
// right behind it. Only staff with current access to the organisation (EnterStaff). No
// JavaScript; the SVG holds only numbers computed here and catalogue text, all escaped.
#pragma once

#include "dashboard/dashboard.h"
#include "http/router.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct DashboardDeps {
  const Site& site;
  const Gate& gate;
  dashboard::Store& store;
};

void AddDashboardPages(http::Router& router, DashboardDeps& deps);

}  // namespace pass::web
