#include "config/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <thread>

#include "core/strings.h"

namespace pass::config {

namespace {

struct Key {
  const char* env;
  const char* file;
};

constexpr Key kListen{"PASS_LISTEN", "listen"};
constexpr Key kPublicUrl{"PASS_PUBLIC_URL", "public_url"};
constexpr Key kDatabaseUrl{"PASS_DATABASE_URL", "database_url"};
constexpr Key kOidcIssuer{"PASS_OIDC_ISSUER", "oidc_issuer"};
constexpr Key kOidcClientId{"PASS_OIDC_CLIENT_ID", "oidc_client_id"};
constexpr Key kOidcClientSecret{"PASS_OIDC_CLIENT_SECRET", "oidc_client_secret"};
constexpr Key kOidcClientAuth{"PASS_OIDC_CLIENT_AUTH", "oidc_client_auth"};
constexpr Key kSmtpUrl{"PASS_SMTP_URL", "smtp_url"};
constexpr Key kMailFrom{"PASS_MAIL_FROM", "mail_from"};
constexpr Key kSessionSecret{"PASS_SESSION_SECRET", "session_secret"};
constexpr Key kAdminEmails{"PASS_ADMIN_EMAILS", "admin_emails"};
constexpr Key kThreads{"PASS_THREADS", "threads"};
constexpr Key kDatabasePool{"PASS_DATABASE_POOL", "database_pool"};
constexpr Key kSearchRate{"PASS_SEARCH_RATE", "search_rate"};
constexpr Key kContactRate{"PASS_CONTACT_RATE", "contact_rate"};
constexpr Key kFeedKeys{"PASS_FEED_KEYS", "feed_keys"};
constexpr size_t kMinFeedKeyLength = 32;

// localhost, [::1] or a dotted IPv4 address in 127.0.0.0/8.
bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  const auto parts = Split(host, '.');
  if (parts.size() != 4 || parts[0] != "127") return false;
  for (std::string_view part : parts) {
    const auto n = ParseInt(part);
    if (!n || *n < 0 || *n > 255 || part.size() > 3) return false;
  }
  return true;
}

// "Name <local@domain>" or "local@domain" on one line. A light check: the mail module checks the
// address strictly when it sends, but a From that cannot work should stop the start.
bool LooksLikeMailbox(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  std::string_view address = text;
  if (const size_t open = text.rfind('<'); open != std::string_view::npos) {
    if (!text.ends_with('>')) return false;
    address = text.substr(open + 1, text.size() - open - 2);
  }
  const size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" <>\"") == std::string_view::npos;
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string Config::public_origin() const {
  const size_t scheme_end = public_url.find("://");
  if (scheme_end == std::string::npos) return public_url;
  const size_t path = public_url.find('/', scheme_end + 3);
  return path == std::string::npos ? public_url : public_url.substr(0, path);
}

Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view text) {
  std::string host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Fail(InvalidInput(Message("error.config.listen", {{"value", std::string(text)}})));
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Fail(InvalidInput(Message("error.config.listen", {{"value", std::string(text)}})));
    }
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (host.empty()) host = "0.0.0.0";
  const auto port = ParseInt(port_text);
  if (!port || *port < 0 || *port > 65535) {
    return Fail(InvalidInput(Message("error.config.listen", {{"value", std::string(text)}})));
  }
  return std::make_pair(host, static_cast<uint16_t>(*port));
}

Result<Config> Load(const Environment& env, const std::optional<std::string>& file) {
  Config c;
  std::vector<FieldError> errors;
  toml::table table;
  if (file) {
    try {
      table = toml::parse_file(*file);
    } catch (const toml::parse_error& e) {
      return Fail(InvalidInput(Message(
          "error.config.file", {{"file", *file}, {"reason", std::string(e.description())}})));
    }
  }
  // The environment first, then the file.
  auto get = [&](const Key& key) -> std::optional<std::string> {
    if (auto v = env(key.env)) return v;
    if (const auto* node = table.get(key.file)) {
      if (auto s = node->value<std::string>()) return *s;
      if (auto i = node->value<int64_t>()) return std::to_string(*i);
      if (const auto* arr = node->as_array()) {
        std::vector<std::string> parts;
        for (const auto& item : *arr) {
          if (auto s = item.value<std::string>()) parts.push_back(*s);
        }
        return Join(parts, ",");
      }
    }
    return std::nullopt;
  };

  if (auto v = get(kListen)) {
    if (auto parsed = ParseListen(*v)) {
      c.listen_address = parsed->first;
      c.listen_port = parsed->second;
    } else {
      errors.push_back({kListen.env, Message("error.config.listen", {{"value", *v}})});
    }
  }
  if (auto v = get(kPublicUrl)) {
    std::string url(Trim(*v));
    while (url.ends_with('/')) url.pop_back();
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      errors.push_back({kPublicUrl.env, Message("error.config.public_url", {{"value", *v}})});
    }
    c.public_url = url;
  } else {
    c.public_url = "http://" +
                   (c.listen_address == "0.0.0.0" ? std::string("127.0.0.1") : c.listen_address) +
                   ":" + std::to_string(c.listen_port);
  }
  if (auto v = get(kDatabaseUrl)) c.database_url = *v;
  if (!c.database_url.starts_with("sqlite:") && !c.database_url.starts_with("postgresql://") &&
      !c.database_url.starts_with("postgres://")) {
    errors.push_back(
        {kDatabaseUrl.env, Message("error.config.database_url", {{"value", c.database_url}})});
  }
  if (auto v = get(kOidcIssuer)) {
    std::string issuer(Trim(*v));
    while (issuer.ends_with('/')) issuer.pop_back();
    c.oidc_issuer = issuer;
    const bool https = issuer.starts_with("https://");
    const bool http = issuer.starts_with("http://");
    std::string host;
    if (http) {
      host = issuer.substr(7);
      host = host.substr(0, host.find('/'));
      const size_t colon = host.rfind(':');
      if (colon != std::string::npos && host.find(']') == std::string::npos)
        host = host.substr(0, colon);
      if (host.starts_with("[")) host = host.substr(0, host.find(']') + 1);
    }
    // Plain http only for an identity provider on this machine (the stand-in, tests).
    if (!https && !(http && IsLoopbackHost(host))) {
      errors.push_back({kOidcIssuer.env, Message("error.config.oidc_issuer", {{"value", *v}})});
    }
  }
  if (auto v = get(kOidcClientId)) c.oidc_client_id = *v;
  if (auto v = get(kOidcClientSecret)) c.oidc_client_secret = *v;
  if (auto v = get(kOidcClientAuth)) {
    if (*v != "automatic" && *v != "client_secret_basic" && *v != "client_secret_jwt") {
      errors.push_back(
          {kOidcClientAuth.env, Message("error.config.oidc_client_auth", {{"value", *v}})});
    }
    c.oidc_client_auth = *v;
  }
  if (auto v = get(kSmtpUrl)) c.smtp_url = *v;
  if (auto v = get(kMailFrom)) {
    c.mail_from = std::string(Trim(*v));
    if (!LooksLikeMailbox(c.mail_from)) {
      errors.push_back({kMailFrom.env, Message("error.config.mail_from", {{"value", *v}})});
    }
  }
  if (auto v = get(kSessionSecret)) {
    c.session_secret = *v;
    if (c.session_secret.size() < 32) {
      errors.push_back({kSessionSecret.env, Message("error.config.session_secret")});
    }
  }
  if (auto v = get(kAdminEmails)) {
    for (std::string_view e : Split(*v, ',')) {
      e = Trim(e);
      if (!e.empty()) c.admin_emails.push_back(AsciiLower(e));
    }
  }
  const auto hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  c.threads = std::max(4, hardware * 4);
  if (auto v = get(kThreads)) {
    const auto n = ParseInt(*v);
    if (!n || *n < 1 || *n > 1024) {
      errors.push_back({kThreads.env, Message("error.config.threads", {{"value", *v}})});
    } else {
      c.threads = static_cast<int>(*n);
    }
  }
  c.database_pool = c.threads * 2;
  if (auto v = get(kDatabasePool)) {
    const auto n = ParseInt(*v);
    if (!n || *n < 1 || *n > 1024) {
      errors.push_back({kDatabasePool.env, Message("error.config.database_pool", {{"value", *v}})});
    } else {
      c.database_pool = static_cast<int>(*n);
    }
  }
  if (auto v = get(kSearchRate)) {
    const auto n = ParseInt(*v);
    if (!n || *n < 1 || *n > 1'000'000) {
      errors.push_back({kSearchRate.env, Message("error.config.search_rate", {{"value", *v}})});
    } else {
      c.search_rate_per_minute = static_cast<int>(*n);
    }
  }
  if (auto v = get(kContactRate)) {
    const auto n = ParseInt(*v);
    if (!n || *n < 1 || *n > 1'000'000) {
      errors.push_back({kContactRate.env, Message("error.config.contact_rate", {{"value", *v}})});
    } else {
      c.contact_rate_per_hour = static_cast<int>(*n);
    }
  }
  if (auto v = get(kFeedKeys)) {
    for (std::string_view item : Split(*v, ',')) {
      item = Trim(item);
      if (item.empty()) continue;
      const size_t eq = item.find('=');
      const std::string_view name = eq == std::string_view::npos ? "" : Trim(item.substr(0, eq));
      const std::string_view key = eq == std::string_view::npos ? "" : Trim(item.substr(eq + 1));
      if (name.empty() || key.size() < kMinFeedKeyLength) {
        // Never echo the key itself into a log or an error.
        errors.push_back({kFeedKeys.env, Message("error.config.feed_keys",
                                                 {{"name", std::string(name)},
                                                  {"min", std::to_string(kMinFeedKeyLength)}})});
        continue;
      }
      c.feed_keys.emplace_back(std::string(name), std::string(key));
    }
  }
  if (!errors.empty())
    return Fail(InvalidInput(Message("error.config.invalid"), std::move(errors)));
  return c;
}

}  // namespace pass::config
