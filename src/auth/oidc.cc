#include "auth/oidc.h"

#include "core/log.h"
#include "core/random.h"
#include "core/strings.h"
#include "crypto/crypto.h"
#include "http/form.h"

namespace pass::auth {

namespace {

Error ProviderDown(std::string detail) {
  return Unavailable(Message("error.signin.provider_unavailable"), std::move(detail));
}
Error Misconfigured(std::string detail) {
  return Unavailable(Message("error.signin.provider_misconfigured"), std::move(detail));
}
Error BadToken(std::string detail) {
  return Unauthenticated(Message("error.signin.bad_token")).WithDetail(std::move(detail));
}

std::string Str(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<nlohmann::json> JsonBody(const fetch::Response& response, std::string_view what) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(
        ProviderDown(std::string(what) + " answered with something other than a JSON object"));
  }
  return json;
}

std::string AppendQuery(const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = url;
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += sep;
    out += http::PercentEncode(k) + "=" + http::PercentEncode(v);
    sep = '&';
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += http::PercentEncode(k) + "=" + http::PercentEncode(v);
  }
  return out;
}

// "true"/true: EU Login and some providers send booleans as text.
bool Truthy(const nlohmann::json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) return it->get<std::string>() == "true";
  return false;
}

std::optional<int64_t> NumericDate(const nlohmann::json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  return static_cast<int64_t>(it->get<double>());
}

}  // namespace

std::string CodeChallenge(const std::string& code_verifier) {
  return Base64UrlEncode(crypto::Sha256(code_verifier));
}

OidcClient::OidcClient(OidcConfig config, fetch::Fetcher& fetcher, const Clock& clock)
    : config_(std::move(config)), fetcher_(fetcher), clock_(clock) {}

Result<ProviderMetadata> OidcClient::Metadata() {
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (metadata_ && now - metadata_at_ < config_.metadata_ttl) return *metadata_;
  }
  const std::string url = config_.issuer + "/.well-known/openid-configuration";
  auto response = fetcher_.Fetch({.url = url});
  if (!response || response->status != 200) {
    std::lock_guard lock(mu_);
    if (metadata_) return *metadata_;  // a stale document beats none while the provider is down
    return Fail(ProviderDown(
        "discovery " + url + ": " +
        (response ? "HTTP " + std::to_string(response->status) : response.error().detail)));
  }
  auto doc = JsonBody(*response, "discovery");
  if (!doc) return Fail(std::move(doc.error()));
  ProviderMetadata m;
  m.issuer = Str(*doc, "issuer");
  m.authorization_endpoint = Str(*doc, "authorization_endpoint");
  m.token_endpoint = Str(*doc, "token_endpoint");
  m.userinfo_endpoint = Str(*doc, "userinfo_endpoint");
  m.jwks_uri = Str(*doc, "jwks_uri");
  m.end_session_endpoint = Str(*doc, "end_session_endpoint");
  if (const auto it = doc->find("token_endpoint_auth_methods_supported");
      it != doc->end() && it->is_array()) {
    for (const auto& method : *it) {
      if (method.is_string()) m.token_endpoint_auth_methods.push_back(method.get<std::string>());
    }
  } else {
    m.token_endpoint_auth_methods = {"client_secret_basic"};  // the default of the specification
  }
  // OpenID Connect Discovery 1.0, 4.3: the issuer in the document must be the one we asked.
  if (m.issuer != config_.issuer) {
    return Fail(Misconfigured("discovery names issuer \"" + m.issuer + "\", configured \"" +
                              config_.issuer + "\""));
  }
  if (m.authorization_endpoint.empty() || m.token_endpoint.empty() || m.jwks_uri.empty()) {
    return Fail(Misconfigured("discovery lacks the authorization, token or JWKS endpoint"));
  }
  std::lock_guard lock(mu_);
  metadata_ = m;
  metadata_at_ = now;
  return m;
}

Result<std::string> OidcClient::AuthorizationUrl(const std::string& state, const std::string& nonce,
                                                 const std::string& code_verifier,
                                                 const std::string& ui_locale) {
  auto m = Metadata();
  if (!m) return Fail(std::move(m.error()));
  std::vector<std::pair<std::string, std::string>> params = {
      {"response_type", "code"},
      {"client_id", config_.client_id},
      {"redirect_uri", config_.redirect_uri},
      {"scope", "openid email profile"},
      {"state", state},
      {"nonce", nonce},
      {"code_challenge", CodeChallenge(code_verifier)},
      {"code_challenge_method", "S256"},
  };
  if (!ui_locale.empty()) params.emplace_back("ui_locales", ui_locale);
  return AppendQuery(m->authorization_endpoint, params);
}

Result<KeySet> OidcClient::FetchKeys(const std::string& jwks_uri) {
  auto response = fetcher_.Fetch({.url = jwks_uri});
  if (!response) return Fail(ProviderDown("JWKS " + jwks_uri + ": " + response.error().detail));
  if (response->status != 200) {
    return Fail(ProviderDown("JWKS " + jwks_uri + ": HTTP " + std::to_string(response->status)));
  }
  auto set = ParseKeySet(response->body);
  if (!set) return Fail(std::move(set.error()));
  if (set->skipped > 0) log::Info("oidc.jwks_keys_skipped", {{"count", set->skipped}});
  return set;
}

Result<std::vector<Jwk>> OidcClient::CandidateKeys(const Jws& jws) {
  auto m = Metadata();
  if (!m) return Fail(std::move(m.error()));
  const Timestamp now = clock_.Now();
  auto pick = [&](const KeySet& set) {
    std::vector<Jwk> out;
    for (const auto& k : set.keys) {
      if (jws.kid ? k.kid == *jws.kid : KeyFits(k, jws.alg)) out.push_back(k);
    }
    return out;
  };
  bool may_refetch = false;
  {
    std::lock_guard lock(mu_);
    if (keys_ && now - keys_at_ < config_.keys_ttl) {
      auto found = pick(*keys_);
      if (!found.empty()) return found;
      may_refetch = now - keys_at_ >= config_.min_key_refetch;
      if (!may_refetch)
        return Fail(
            BadToken("no key with kid \"" + jws.kid.value_or("") + "\" (refetch too recent)"));
    }
  }
  // No keys yet, keys too old, or an unknown kid (the provider may have rotated its keys).
  auto set = FetchKeys(m->jwks_uri);
  if (!set) return Fail(std::move(set.error()));
  auto found = pick(*set);
  {
    std::lock_guard lock(mu_);
    keys_ = std::move(*set);
    keys_at_ = now;
  }
  if (found.empty()) {
    return Fail(BadToken(jws.kid ? "no key in the JWKS has kid \"" + *jws.kid + "\""
                                 : "no key in the JWKS fits " + jws.alg));
  }
  return found;
}

Result<nlohmann::json> OidcClient::ValidateIdToken(const std::string& id_token,
                                                   const std::string& nonce,
                                                   const std::string& access_token) {
  auto jws = ParseJws(id_token);
  if (!jws) return Fail(std::move(jws.error()));
  if (!IsAllowedAlgorithm(jws->alg))
    return Fail(BadToken("algorithm \"" + jws->alg + "\" is not accepted"));
  auto keys = CandidateKeys(*jws);
  if (!keys) return Fail(std::move(keys.error()));
  // With a kid there is one key; without one, every fitting key is tried.
  const bool verified = std::any_of(keys->begin(), keys->end(),
                                    [&](const Jwk& k) { return VerifySignature(*jws, k); });
  if (!verified) return Fail(BadToken("the signature does not verify"));

  const nlohmann::json& c = jws->claims;
  auto m = Metadata();
  if (!m) return Fail(std::move(m.error()));
  if (Str(c, "iss") != m->issuer)
    return Fail(BadToken("iss \"" + Str(c, "iss") + "\" is not the issuer"));
  const auto aud = c.find("aud");
  std::vector<std::string> audiences;
  if (aud != c.end() && aud->is_string()) {
    audiences.push_back(aud->get<std::string>());
  } else if (aud != c.end() && aud->is_array()) {
    for (const auto& a : *aud) {
      if (a.is_string()) audiences.push_back(a.get<std::string>());
    }
  }
  if (std::find(audiences.begin(), audiences.end(), config_.client_id) == audiences.end()) {
    return Fail(BadToken("aud does not contain our client id"));
  }
  const std::string azp = Str(c, "azp");
  if ((audiences.size() > 1 || c.contains("azp")) && azp != config_.client_id) {
    return Fail(BadToken("azp \"" + azp + "\" is not our client id"));
  }
  const int64_t now = UnixSeconds(clock_.Now());
  const int64_t leeway = config_.leeway.count();
  const auto exp = NumericDate(c, "exp");
  if (!exp) return Fail(BadToken("exp is missing"));
  if (*exp + leeway < now) return Fail(BadToken("the token expired at " + std::to_string(*exp)));
  const auto iat = NumericDate(c, "iat");
  if (!iat) return Fail(BadToken("iat is missing"));
  if (*iat - leeway > now) return Fail(BadToken("iat is in the future"));
  if (now - *iat > int64_t{24} * 3600 + leeway) return Fail(BadToken("iat is more than a day old"));
  if (Str(c, "nonce").empty() || !crypto::ConstantTimeEquals(Str(c, "nonce"), nonce)) {
    return Fail(BadToken("nonce is missing or not ours"));
  }
  if (Str(c, "sub").empty()) return Fail(BadToken("sub is missing"));
  // at_hash, when present, binds the access token to this ID token.
  // It is the left half of the token's hash, with the hash of the signature's algorithm.
  if (c.contains("at_hash")) {
    const int bits = static_cast<int>(ParseInt(std::string_view(jws->alg).substr(2)).value_or(0));
    const std::string digest = crypto::Sha(bits, access_token);
    if (digest.empty() ||
        Str(c, "at_hash") != Base64UrlEncode(digest.substr(0, digest.size() / 2))) {
      return Fail(BadToken("at_hash does not match the access token"));
    }
  }
  return c;
}

Result<Authenticated> OidcClient::Redeem(const std::string& code, const std::string& nonce,
                                         const std::string& code_verifier) {
  auto m = Metadata();
  if (!m) return Fail(std::move(m.error()));
  const auto& methods = m->token_endpoint_auth_methods;
  const auto supports = [&](std::string_view method) {
    return std::find(methods.begin(), methods.end(), method) != methods.end();
  };
  ClientAuth auth = config_.client_auth;
  if (auth == ClientAuth::kAutomatic) {
    auth = supports("client_secret_basic") || !supports("client_secret_jwt")
               ? ClientAuth::kSecretBasic
               : ClientAuth::kSecretJwt;
  }
  std::vector<std::pair<std::string, std::string>> form = {
      {"grant_type", "authorization_code"},
      {"code", code},
      {"redirect_uri", config_.redirect_uri},
      {"code_verifier", code_verifier},
  };
  fetch::Request request{.method = "POST", .url = m->token_endpoint};
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  if (auth == ClientAuth::kSecretBasic) {
    // RFC 6749 2.3.1: both parts form-encoded before base64.
    request.headers.emplace_back(
        "Authorization", "Basic " + Base64Encode(http::PercentEncode(config_.client_id) + ":" +
                                                 http::PercentEncode(config_.client_secret)));
  } else {
    const int64_t now = UnixSeconds(clock_.Now());
    const nlohmann::json assertion = {{"iss", config_.client_id},
                                      {"sub", config_.client_id},
                                      {"aud", m->token_endpoint},
                                      {"jti", RandomToken(16)},
                                      {"iat", now},
                                      {"exp", now + 60}};
    form.emplace_back("client_id", config_.client_id);
    form.emplace_back("client_assertion_type",
                      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.emplace_back("client_assertion", SignHs256(assertion, config_.client_secret));
  }
  request.body = FormEncode(form);
  auto response = fetcher_.Fetch(request);
  if (!response) return Fail(ProviderDown("token endpoint: " + response.error().detail));
  if (response->status >= 500) {
    return Fail(ProviderDown("token endpoint: HTTP " + std::to_string(response->status)));
  }
  auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    const std::string error = body.is_object() ? Str(body, "error") : "";
    if (error == "invalid_client" || error == "unauthorized_client") {
      return Fail(Misconfigured("the token endpoint refused our client credentials: " + error));
    }
    // invalid_grant: the code was used already, expired, or belongs to someone else.
    return Fail(
        InvalidInput(Message("error.signin.code_rejected"))
            .WithDetail("token endpoint: HTTP " + std::to_string(response->status) + " " + error));
  }
  if (!body.is_object() || Str(body, "id_token").empty()) {
    return Fail(BadToken("the token response has no id_token"));
  }
  const std::string id_token = Str(body, "id_token");
  const std::string access_token = Str(body, "access_token");
  auto claims = ValidateIdToken(id_token, nonce, access_token);
  if (!claims) return Fail(std::move(claims.error()));

  nlohmann::json merged = *claims;
  if (!m->userinfo_endpoint.empty() && !access_token.empty()) {
    fetch::Request info{.url = m->userinfo_endpoint};
    info.headers.emplace_back("Authorization", "Bearer " + access_token);
    info.headers.emplace_back("Accept", "application/json");
    auto userinfo = fetcher_.Fetch(info);
    if (!userinfo) return Fail(ProviderDown("userinfo: " + userinfo.error().detail));
    if (userinfo->status != 200) {
      return Fail(ProviderDown("userinfo: HTTP " + std::to_string(userinfo->status)));
    }
    auto doc = JsonBody(*userinfo, "userinfo");
    if (!doc) return Fail(std::move(doc.error()));
    // OpenID Connect Core 5.3.2: the userinfo sub must be the ID token's, or nothing is used.
    if (Str(*doc, "sub") != Str(*claims, "sub")) {
      return Fail(
          BadToken("userinfo sub \"" + Str(*doc, "sub") + "\" differs from the ID token's"));
    }
    for (const auto& [k, v] : doc->items()) merged[k] = v;
  }
  Authenticated out;
  out.id_token = id_token;
  out.identity.sub = Str(merged, "sub");
  out.identity.email = std::string(Trim(Str(merged, "email")));
  out.identity.email_verified = Truthy(merged, "email_verified");
  out.identity.given_name = Str(merged, "given_name");
  out.identity.family_name = Str(merged, "family_name");
  out.identity.assurance_level = Str(merged, "assurance_level");
  if (out.identity.email.empty()) {
    return Fail(Unauthenticated(Message("error.signin.no_email")).WithDetail("no email claim"));
  }
  return out;
}

Result<std::optional<std::string>> OidcClient::LogoutUrl(const std::string& id_token_hint) {
  auto m = Metadata();
  if (!m) return Fail(std::move(m.error()));
  if (m->end_session_endpoint.empty()) return std::optional<std::string>();
  std::vector<std::pair<std::string, std::string>> params = {
      {"client_id", config_.client_id},
      {"post_logout_redirect_uri", config_.post_logout_redirect_uri}};
  if (!id_token_hint.empty()) params.emplace_back("id_token_hint", id_token_hint);
  return std::optional<std::string>(AppendQuery(m->end_session_endpoint, params));
}

}  // namespace pass::auth
