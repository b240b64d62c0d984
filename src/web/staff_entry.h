// How every organisation page starts: the viewer must be signed in and have access to the
// organisation in the URL, from current listings (R4); a POST must carry the session's CSRF
// token. Thread-safe (no state).
#pragma once

#include <optional>
#include <string>

#include "http/form.h"
#include "http/message.h"
#include "opportunities/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct StaffEntry {
  std::optional<Viewer> viewer;
  opportunities::Staff staff;
  std::string organisation_name;
  http::FormData form;                     // the POST's form
  std::optional<http::Response> response;  // set: send this instead (sign in, 403)
};

StaffEntry EnterStaff(const Site& site, const Gate& gate, const http::Request& request, bool post);

// The layout of an organisation page for `e`: the CSRF token, the OID, the organisation's name
// and the link to its page.
Data StaffLayout(const Site& site, const http::Request& request, std::string_view lang,
                 const StaffEntry& e, std::string_view title);

// How every page of a registered young person starts: signed in, registered, and the privacy
// statement in force (`privacy_version`) accepted; anyone else goes to /young, which says what is
// missing. A POST must carry the session's CSRF token.
struct YoungEntry {
  std::optional<Viewer> viewer;
  int64_t participant_id = 0;
  http::FormData form;                     // the POST's form
  std::optional<http::Response> response;  // set: send this instead
};

YoungEntry EnterYoung(const Site& site, const Gate& gate, int privacy_version,
                      const http::Request& request, bool post);

}  // namespace pass::web
