// The back office in the browser (SPEC F17-F19): officers find and keep the organisations of
// their remit, import the agencies' CSV after a preview, decide nominations, see who has access
// and end sessions; administrators manage roles and read the outbox. Also the public nomination
// form of R3 and its confirmation link. Handlers are thin: the rules are in backoffice::Service.
#pragma once

#include "backoffice/backoffice.h"
#include "core/clock.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "mail/mail.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct BackofficeDeps {
  const Site& site;
  const Gate& gate;
  backoffice::Service& backoffice;
  mail::Store& outbox;
  http::RateLimiter& nomination_limiter;
  const Clock& clock;
  bool mail_configured = false;  // PASS_SMTP_URL is set: the outbox page says so
};

// The largest CSV the import page takes (the command line has no limit).
constexpr size_t kMaxImportUpload = size_t{20} * 1024 * 1024;

void AddBackofficePages(http::Router& router, BackofficeDeps& deps);
void AddNominationPages(http::Router& router, BackofficeDeps& deps);

}  // namespace pass::web
