// The JSON API of messages (SPEC F5, F13; docs/api.md "Contact"): organisation staff write to
// candidates (POST /api/v1/organisations/{oid}/messages) and read their threads (GET ... and
// .../messages/{thread_id}); young people read theirs (GET /api/v1/me/messages[/{thread_id}])
// and reply (POST /api/v1/me/messages/{thread_id}). Handlers are thin; the rules are in
// contact::Service. Thread-safe: the handlers keep no state of their own.
#pragma once

#include "contact/service.h"
#include "http/router.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

void AddContactApi(http::Router& router, const web::Site& site, const web::Gate& gate,
                   contact::Service& contact);

}  // namespace pass::api
