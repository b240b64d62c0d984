// Server-side sessions (SPEC §8, ASVS V3): a 256-bit random id in a cookie, stored only as its
// SHA-256 hash; an idle timeout (30 minutes) and an absolute one (12 hours); a new id at every
// sign-in; gone at sign-out. Also the sign-ins in progress: state, nonce and PKCE verifier of
// one authorization request, bound to the browser that started it and usable once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"

namespace pass::sessions {

struct Session {
  std::string id_hash;
  int64_t person_id = 0;
  Timestamp created_at;
  Timestamp last_seen_at;
  Timestamp expires_at;  // the absolute end
  std::string id_token;  // kept for the sign-out request to the identity provider
};

struct PendingLogin {
  std::string state_hash;
  std::string binding_hash;  // hash of the browser-binding cookie's value
  std::string nonce;
  std::string code_verifier;
  std::string next_path;
  Timestamp created_at;
};

class Repository {
 public:
  virtual ~Repository() = default;
  virtual Result<void> Insert(const Session& session) = 0;
  virtual Result<std::optional<Session>> Find(std::string_view id_hash) = 0;
  virtual Result<void> Touch(std::string_view id_hash, Timestamp at) = 0;
  virtual Result<void> Delete(std::string_view id_hash) = 0;
  virtual Result<int64_t> DeleteExpired(Timestamp now, Timestamp idle_before) = 0;

  virtual Result<void> InsertPending(const PendingLogin& login) = 0;
  // Removes and returns the pending sign-in: a state can be used once only.
  virtual Result<std::optional<PendingLogin>> TakePending(std::string_view state_hash) = 0;
  virtual Result<int64_t> DeletePendingBefore(Timestamp before) = 0;
};

using Store = pass::Store<Repository>;

struct Limits {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
  std::chrono::seconds touch_every{60};  // last_seen is written at most this often
  std::chrono::seconds login_lifetime{10 * 60};
};

// A new session: the token goes into the cookie, the session into the store.
struct Created {
  std::string token;
  Session session;
};

class Service {
 public:
  Service(Store& store, const Clock& clock, Limits limits = {})
      : store_(store), clock_(clock), limits_(limits) {}

  Result<Created> Create(int64_t person_id, std::string id_token);
  // The live session for a cookie value, or nullopt when unknown, idle too long or past its
  // absolute end (such a session is deleted on the spot).
  Result<std::optional<Session>> Resume(std::string_view token);
  Result<void> End(std::string_view token);

  // A sign-in about to start: returns the values to send (state, nonce, verifier) and the
  // browser binding to put in a cookie.
  struct NewLogin {
    std::string state;
    std::string nonce;
    std::string code_verifier;
    std::string binding;
  };
  Result<NewLogin> BeginLogin(std::string next_path);
  // The pending sign-in for a returning `state`, if it exists, is fresh, and was started by the
  // browser holding `binding`. Consumed either way.
  Result<PendingLogin> FinishLogin(std::string_view state, std::string_view binding);

  // Housekeeping: removes expired sessions and stale sign-ins.
  Result<int64_t> Sweep();

  const Limits& limits() const { return limits_; }
  static std::string Hash(std::string_view token);

 private:
  Store& store_;
  const Clock& clock_;
  Limits limits_;
};

}  // namespace pass::sessions
