// Who is asking: the session cookie, resumed into a person and the current access decision (on
// every request, from current data: SPEC R4), and CSRF protection for everything that changes
// state: a session-bound token in every form, and an Origin / Sec-Fetch-Site same-origin check
// for every unsafe request made with the session cookie. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "access/access.h"
#include "backoffice/backoffice.h"
#include "core/error.h"
#include "http/form.h"
#include "http/message.h"
#include "participants/service.h"
#include "sessions/sessions.h"

namespace pass::web {

struct Viewer {
  std::string session_token;
  std::optional<sessions::Session> session;
  std::optional<access::Person> person;
  access::Decision decision;
  backoffice::Officer officer;                       // no roles: not an officer
  std::optional<participants::Summary> participant;  // a registered young person
  std::string csrf;                                  // the token forms of this session carry

  bool signed_in() const { return person.has_value(); }
};

struct GateOptions {
  bool https = false;
  std::string public_origin;  // "https://pass.example.eu"
  std::string secret;         // PASS_SESSION_SECRET
};

class Gate {
 public:
  // `backoffice` (may be null in tests of the sign-in alone) decides officer roles per request;
  // `participants` (may be null too) finds the registered young person behind the EU Login sub.
  Gate(sessions::Service& sessions, access::Service& access, GateOptions options,
       backoffice::Service* backoffice = nullptr, participants::Service* participants = nullptr);

  // Anonymous viewers are a Viewer without a person; an Error only when the store fails.
  Result<Viewer> Identify(const http::Request& request) const;

  // For POST/PUT/PATCH/DELETE: the request comes from our own pages (Origin or Sec-Fetch-Site),
  // and, for forms of a signed-in viewer, carries the session's CSRF token.
  bool SameOrigin(const http::Request& request) const;
  bool ValidForm(const http::Request& request, const Viewer& viewer,
                 const http::FormData& form) const;

  // Cookie names: __Host- prefixed (and Secure) under https; plain names on http (development).
  std::string session_cookie() const { return options_.https ? "__Host-pass" : "pass"; }
  std::string login_cookie() const { return options_.https ? "__Host-pass-login" : "pass-login"; }
  std::string SessionCookieHeader(std::string_view token) const;
  std::string ClearSessionCookieHeader() const;
  std::string LoginCookieHeader(std::string_view binding) const;
  std::string ClearLoginCookieHeader() const;

  std::optional<std::string> Cookie(const http::Request& request, std::string_view name) const;

  sessions::Service& sessions() const { return sessions_; }
  access::Service& access() const { return access_; }
  const GateOptions& options() const { return options_; }

 private:
  std::string CsrfFor(std::string_view session_id_hash) const;

  sessions::Service& sessions_;
  access::Service& access_;
  GateOptions options_;
  backoffice::Service* backoffice_;
  participants::Service* participants_;
};

}  // namespace pass::web
