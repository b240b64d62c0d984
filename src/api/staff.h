// What the organisation calls of the JSON API share: who the staff member is for the
// organisation in the URL, and ids in paths. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "http/message.h"
#include "opportunities/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::api {

// The staff member acting for the organisation in the URL, or the answer to send instead:
// 401 without a session, 403 for a change from another site, 404 for an organisation the
// person may not act for (or that does not exist: the same answer, so nothing is revealed).
std::expected<opportunities::Staff, http::Response> StaffFor(const web::Site& site,
                                                             const web::Gate& gate,
                                                             const http::Request& request);

// The registered young person of the session, by participant id, or the answer to send
// instead: 401 without a session or registration, 403 for a change from another site.
std::expected<int64_t, http::Response> ParticipantFor(const web::Site& site, const web::Gate& gate,
                                                      const http::Request& request);

// A positive decimal id, else nullopt (answered 404, like an id that does not exist).
std::optional<int64_t> ParseId(std::string_view text);

}  // namespace pass::api
