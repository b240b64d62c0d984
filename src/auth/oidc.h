// The OpenID Connect relying party for EU Login (or any standard provider): discovery,
// authorization code flow with PKCE (S256), client_secret_basic or client_secret_jwt at the token
// endpoint, ID token checks (signature from the JWKS with kid lookup and refetch on an unknown
// kid, algorithm allow-list, iss, aud/azp, exp/iat with leeway, nonce, sub, at_hash), claims from
// the ID token and userinfo (whose sub must match), and RP-initiated logout.
// Configured only by the issuer, client id and secret, and the portal's public URL.
// Thread-safe: the metadata and key caches are guarded.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/access.h"
#include "auth/jose.h"
#include "core/clock.h"
#include "core/error.h"
#include "fetch/fetch.h"

namespace pass::auth {

enum class ClientAuth { kAutomatic, kSecretBasic, kSecretJwt };

struct OidcConfig {
  std::string issuer;
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;              // PASS_PUBLIC_URL + "/auth/callback"
  std::string post_logout_redirect_uri;  // PASS_PUBLIC_URL + "/"
  ClientAuth client_auth = ClientAuth::kAutomatic;
  std::chrono::seconds leeway{60};
  std::chrono::seconds metadata_ttl{3600};
  std::chrono::seconds keys_ttl{3600};
  // An unknown kid refetches the JWKS at most this often. ID tokens only arrive from the token
  // endpoint we call ourselves, so no outsider can make us refetch; 0 picks up rotation at once.
  std::chrono::seconds min_key_refetch{0};
};

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;
  std::vector<std::string> token_endpoint_auth_methods;
};

// The outcome of a successful sign-in at the provider.
struct Authenticated {
  access::Identity identity;
  std::string id_token;  // kept for the logout hint
};

class OidcClient {
 public:
  OidcClient(OidcConfig config, fetch::Fetcher& fetcher, const Clock& clock);

  bool configured() const { return !config_.issuer.empty() && !config_.client_id.empty(); }
  const OidcConfig& config() const { return config_; }

  // Where to send the browser to start signing in.
  Result<std::string> AuthorizationUrl(const std::string& state, const std::string& nonce,
                                       const std::string& code_verifier,
                                       const std::string& ui_locale);

  // Redeems the code and checks everything; any failure is an Error whose message explains it
  // to the person and whose detail names the exact check for the log.
  Result<Authenticated> Redeem(const std::string& code, const std::string& nonce,
                               const std::string& code_verifier);

  // The provider's end-session URL with the hint and return address, when it has one.
  Result<std::optional<std::string>> LogoutUrl(const std::string& id_token_hint);

  // Checks an ID token as Redeem does (exposed for tests).
  Result<nlohmann::json> ValidateIdToken(const std::string& id_token, const std::string& nonce,
                                         const std::string& access_token);

 private:
  Result<ProviderMetadata> Metadata();
  Result<std::vector<Jwk>> CandidateKeys(const Jws& jws);
  Result<KeySet> FetchKeys(const std::string& jwks_uri);

  OidcConfig config_;
  fetch::Fetcher& fetcher_;
  const Clock& clock_;

  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;
  Timestamp metadata_at_{};
  std::optional<KeySet> keys_;
  Timestamp keys_at_{};
};

// "PKCE S256": base64url(SHA-256(verifier)).
std::string CodeChallenge(const std::string& code_verifier);

}  // namespace pass::auth
