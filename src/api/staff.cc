#include "api/staff.h"

#include <charconv>
#include <string>

namespace pass::api {

namespace {

bool IsUnsafe(http::Method method) {
  return method != http::Method::kGet && method != http::Method::kHead;
}

}  // namespace

std::expected<opportunities::Staff, http::Response> StaffFor(const web::Site& site,
                                                             const web::Gate& gate,
                                                             const http::Request& request) {
  auto viewer = gate.Identify(request);
  if (!viewer) return std::unexpected(site.RenderError(request, viewer.error()));
  if (!viewer->signed_in()) {
    return std::unexpected(
        site.RenderError(request, Unauthenticated(Message("error.api.no_session"))));
  }
  if (IsUnsafe(request.method) && !gate.SameOrigin(request)) {
    return std::unexpected(site.RenderError(request, Forbidden(Message("error.api.cross_site"))));
  }
  const std::string oid(request.Param("oid"));
  if (viewer->decision.Find(oid) == nullptr) {
    return std::unexpected(
        site.RenderError(request, NotFound(Message("error.api.organisation_not_found"))));
  }
  return opportunities::Staff{oid, viewer->person->email};
}

std::expected<int64_t, http::Response> ParticipantFor(const web::Site& site, const web::Gate& gate,
                                                      const http::Request& request) {
  auto viewer = gate.Identify(request);
  if (!viewer) return std::unexpected(site.RenderError(request, viewer.error()));
  if (!viewer->signed_in() || !viewer->participant) {
    return std::unexpected(
        site.RenderError(request, Unauthenticated(Message("error.api.no_participant"))));
  }
  if (IsUnsafe(request.method) && !gate.SameOrigin(request)) {
    return std::unexpected(site.RenderError(request, Forbidden(Message("error.api.cross_site"))));
  }
  return viewer->participant->id;
}

std::optional<int64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace pass::api
