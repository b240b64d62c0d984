#include "web/gate.h"

#include <chrono>

#include "core/strings.h"
#include "crypto/crypto.h"
#include "http/cookies.h"

namespace pass::web {

Gate::Gate(sessions::Service& sessions, access::Service& access, GateOptions options,
           backoffice::Service* backoffice, participants::Service* participants)
    : sessions_(sessions),
      access_(access),
      options_(std::move(options)),
      backoffice_(backoffice),
      participants_(participants) {}

std::optional<std::string> Gate::Cookie(const http::Request& request, std::string_view name) const {
  std::optional<std::string> found;
  for (const std::string_view header : request.headers.GetAll("Cookie")) {
    for (auto& [k, v] : http::ParseCookieHeader(header)) {
      if (k == name) found = v;
    }
  }
  return found;
}

std::string Gate::CsrfFor(std::string_view session_id_hash) const {
  return Base64UrlEncode(
      crypto::HmacSha256(options_.secret, "csrf:" + std::string(session_id_hash)));
}

Result<Viewer> Gate::Identify(const http::Request& request) const {
  Viewer viewer;
  const auto token = Cookie(request, session_cookie());
  if (!token) return viewer;
  auto session = sessions_.Resume(*token);
  if (!session) return Fail(std::move(session.error()));
  if (!*session) return viewer;
  auto person = access_.FindPerson((*session)->person_id);
  if (!person) return Fail(std::move(person.error()));
  if (!*person) return viewer;  // the person was erased; the session means nothing now
  auto decision = access_.DecideFor(**person);
  if (!decision) return Fail(std::move(decision.error()));
  if (backoffice_ != nullptr) {
    auto officer = backoffice_->OfficerFor((*person)->id, (*person)->email,
                                           (*person)->email_verified, (*person)->DisplayName());
    if (!officer) return Fail(std::move(officer.error()));
    viewer.officer = std::move(*officer);
  }
  if (participants_ != nullptr) {
    auto participant = participants_->SignedIn((*person)->sub);
    if (!participant) return Fail(std::move(participant.error()));
    viewer.participant = std::move(*participant);
  }
  viewer.session_token = *token;
  viewer.csrf = CsrfFor((*session)->id_hash);
  viewer.session = std::move(*session);
  viewer.person = std::move(*person);
  viewer.decision = std::move(*decision);
  return viewer;
}

bool Gate::SameOrigin(const http::Request& request) const {
  if (const auto origin = request.headers.Get("Origin")) return *origin == options_.public_origin;
  if (const auto site = request.headers.Get("Sec-Fetch-Site")) return *site == "same-origin";
  // Neither header: not a current browser. Without the session cookie nothing is at stake.
  return !Cookie(request, session_cookie()).has_value();
}

bool Gate::ValidForm(const http::Request& request, const Viewer& viewer,
                     const http::FormData& form) const {
  if (!SameOrigin(request)) return false;
  if (!viewer.signed_in()) return true;  // signed-out forms carry their own protection
  const auto sent = form.First("csrf");
  return sent && crypto::ConstantTimeEquals(*sent, viewer.csrf);
}

std::string Gate::SessionCookieHeader(std::string_view token) const {
  http::Cookie c;
  c.name = session_cookie();
  c.value = std::string(token);
  c.secure = options_.https;
  c.same_site = http::Cookie::SameSite::kLax;
  return c.ToHeader();
}

std::string Gate::ClearSessionCookieHeader() const {
  return http::Cookie::Expired(session_cookie(), options_.https);
}

std::string Gate::LoginCookieHeader(std::string_view binding) const {
  http::Cookie c;
  c.name = login_cookie();
  c.value = std::string(binding);
  c.secure = options_.https;
  c.max_age = std::chrono::seconds(600);
  c.same_site = http::Cookie::SameSite::kLax;  // sent on the top-level redirect back from EU Login
  return c.ToHeader();
}

std::string Gate::ClearLoginCookieHeader() const {
  return http::Cookie::Expired(login_cookie(), options_.https);
}

}  // namespace pass::web
