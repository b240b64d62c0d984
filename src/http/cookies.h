// Set-Cookie header values, built with the attributes every cookie of ours needs spelled out.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pass::http {

struct Cookie {
  enum class SameSite { kStrict, kLax, kNone };
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // none: a session cookie
  bool http_only = true;
  bool secure = false;
  SameSite same_site = SameSite::kLax;

  std::string ToHeader() const;
  // A header that makes the browser drop the cookie of that name.
  static std::string Expired(std::string_view name, bool secure);
};

}  // namespace pass::http
