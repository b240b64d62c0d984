// GET /api/v1/reference: every list of shared codes (SPEC section 9) with its labels in the
// reader's language, for forms and clients that show codes. Public: needs no session. The bodies
// are built once per supported language when the route is added, so the handler is read-only
// and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "i18n/catalogue.h"
#include "web/site.h"

namespace pass::api {

void AddReference(http::Router& router, const web::Site& site);

// The language of the answer: a supported `?lang=` ("sv", also "sv-SE"), else what the pages use
// (the `lang` cookie, then Accept-Language, then English).
std::string ReferenceLanguage(const web::Site& site, const http::Request& request);

// The JSON of /api/v1/reference in `lang` (exposed for tests).
std::string ReferenceJson(const i18n::Catalogues& catalogues, std::string_view lang);

}  // namespace pass::api
