#include "http/cookies.h"

namespace pass::http {

std::string Cookie::ToHeader() const {
  std::string out = name + "=" + value + "; Path=" + path;
  if (max_age) out += "; Max-Age=" + std::to_string(max_age->count());
  if (http_only) out += "; HttpOnly";
  if (secure) out += "; Secure";
  switch (same_site) {
    case SameSite::kStrict:
      out += "; SameSite=Strict";
      break;
    case SameSite::kLax:
      out += "; SameSite=Lax";
      break;
    case SameSite::kNone:
      out += "; SameSite=None";
      break;
  }
  return out;
}

std::string Cookie::Expired(std::string_view name, bool secure) {
  Cookie c;
  c.name = std::string(name);
  c.value = "";
  c.max_age = std::chrono::seconds(0);
  c.secure = secure;
  return c.ToHeader();
}

}  // namespace pass::http
