// The pages anyone may see without signing in: the landing page, help and support, the language
// switch, and the static assets.
#pragma once

#include "http/router.h"
#include "web/site.h"

namespace pass::web {

void AddPublicPages(http::Router& router, const Site& site);

}  // namespace pass::web
