// The message pages (SPEC F5, F13). For staff of an organisation: writing to candidates (one from
// a profile or a pipeline, several from the pipeline or the search results), the organisation's
// threads and each thread with its reply form. For young people: the inbox with the blocked
// organisations, each thread with its reply form, blocking and unblocking. Handlers are thin: the
// rules are in contact::Service. Every page works without JavaScript; every form carries the
// session's CSRF token.
#pragma once

#include <functional>

#include "contact/service.h"
#include "http/router.h"
#include "opportunities/service.h"
#include "participants/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct ContactDeps {
  const Site& site;
  const Gate& gate;
  contact::Service& contact;
  opportunities::Service& opportunities;
  participants::Service& participants;
};

// Staff: /organisations/{oid}/messages/..., .../opportunities/{id}/contact; young people:
// /me/messages/..., /me/blocks/remove.
void AddContactPages(http::Router& router, ContactDeps& deps);

// For the layout's "Messages (n)" link of a registered young person.
std::function<int(const Viewer&)> UnreadCounter(contact::Service& contact);

}  // namespace pass::web
