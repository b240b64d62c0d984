#include "sessions/sessions.h"

#include "core/random.h"
#include "crypto/crypto.h"

namespace pass::sessions {

std::string Service::Hash(std::string_view token) { return crypto::Sha256Hex(token); }

Result<Created> Service::Create(int64_t person_id, std::string id_token) {
  Created created;
  created.token = RandomToken(32);  // 256 bits
  const Timestamp now = clock_.Now();
  created.session = Session{Hash(created.token),    person_id,          now, now,
                            now + limits_.absolute, std::move(id_token)};
  auto r = store_.Write([&](Repository& repo) { return repo.Insert(created.session); });
  if (!r) return Fail(std::move(r.error()));
  return created;
}

Result<std::optional<Session>> Service::Resume(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<Session>();
  const std::string hash = Hash(token);
  auto read = store_.ReadValue([&](Repository& repo) { return repo.Find(hash); });
  if (!read) return Fail(std::move(read.error()));
  std::optional<Session> found = std::move(*read);
  if (!found) return found;
  const Timestamp now = clock_.Now();
  if (now >= found->expires_at || now - found->last_seen_at >= limits_.idle) {
    auto gone = store_.Write([&](Repository& repo) { return repo.Delete(hash); });
    if (!gone) return Fail(std::move(gone.error()));
    return std::optional<Session>();
  }
  if (now - found->last_seen_at >= limits_.touch_every) {
    auto touched = store_.Write([&](Repository& repo) { return repo.Touch(hash, now); });
    if (!touched) return Fail(std::move(touched.error()));
    found->last_seen_at = now;
  }
  return found;
}

Result<void> Service::End(std::string_view token) {
  const std::string hash = Hash(token);
  return store_.Write([&](Repository& repo) { return repo.Delete(hash); });
}

Result<Service::NewLogin> Service::BeginLogin(std::string next_path) {
  NewLogin login;
  login.state = RandomToken(32);
  login.nonce = RandomToken(32);
  login.code_verifier = RandomToken(48);  // 64 characters, within RFC 7636's 43-128
  login.binding = RandomToken(32);
  const PendingLogin pending{Hash(login.state),   Hash(login.binding),  login.nonce,
                             login.code_verifier, std::move(next_path), clock_.Now()};
  auto r = store_.Write([&](Repository& repo) { return repo.InsertPending(pending); });
  if (!r) return Fail(std::move(r.error()));
  return login;
}

Result<PendingLogin> Service::FinishLogin(std::string_view state, std::string_view binding) {
  if (state.empty() || state.size() > 256) {
    return Fail(InvalidInput(Message("error.signin.unknown_state")));
  }
  auto taken = store_.WriteValue([&](Repository& repo) { return repo.TakePending(Hash(state)); });
  if (!taken) return Fail(std::move(taken.error()));
  const std::optional<PendingLogin>& pending = *taken;
  if (!pending) return Fail(InvalidInput(Message("error.signin.unknown_state")));
  if (clock_.Now() - pending->created_at > limits_.login_lifetime) {
    return Fail(InvalidInput(Message("error.signin.too_slow")));
  }
  if (binding.empty() || !crypto::ConstantTimeEquals(Hash(binding), pending->binding_hash)) {
    return Fail(InvalidInput(Message("error.signin.other_browser")));
  }
  return *pending;
}

Result<int64_t> Service::Sweep() {
  const Timestamp now = clock_.Now();
  int64_t removed = 0;
  auto r = store_.Write([&](Repository& repo) -> Result<void> {
    auto sessions = repo.DeleteExpired(now, now - limits_.idle);
    if (!sessions) return Fail(std::move(sessions.error()));
    auto logins = repo.DeletePendingBefore(now - limits_.login_lifetime);
    if (!logins) return Fail(std::move(logins.error()));
    removed = *sessions + *logins;
    return {};
  });
  if (!r) return Fail(std::move(r.error()));
  return removed;
}

}  // namespace pass::sessions
