// The portal's configuration: environment variables PASS_*, optionally a TOML file with the same
// keys in lower case without the prefix (PASS_CONFIG=path or --config). The environment wins
// over the file; docs/configuration.md lists every key.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace pass::config {

struct Config {
  std::string listen_address = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string public_url = "http://127.0.0.1:8080";  // no trailing slash
  std::string database_url = "sqlite:var/pass.db";
  std::string oidc_issuer;
  std::string oidc_client_id;
  std::string oidc_client_secret;
  std::string oidc_client_auth = "automatic";  // or client_secret_basic, client_secret_jwt
  std::string smtp_url;
  std::string mail_from = "PASS <no-reply@localhost>";  // the From of every e-mail
  std::string session_secret;
  std::vector<std::string> admin_emails;
  int threads = 8;
  int database_pool = 16;
  // Candidate searches a minute per organisation (and half as many at once), page and API.
  int search_rate_per_minute = 1200;
  // People written to an hour per organisation, over every node (F13).
  int contact_rate_per_hour = 200;
  // Service clients of the grant-management feed (F20): name and key, from
  // PASS_FEED_KEYS="name=key,..." (keys of at least 32 characters). None: the feed is closed.
  std::vector<std::pair<std::string, std::string>> feed_keys;

  bool https() const { return public_url.starts_with("https://"); }
  std::string public_origin() const;  // scheme://host[:port]
};

// Reads a variable by name; the real one is std::getenv.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment ProcessEnvironment();

// Every problem is reported at once as a field error named after the variable.
Result<Config> Load(const Environment& env, const std::optional<std::string>& file = std::nullopt);

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all addresses).
Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view text);

}  // namespace pass::config
