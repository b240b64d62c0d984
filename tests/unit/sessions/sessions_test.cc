// Session lifetimes and the one-time, browser-bound sign-in state, on an in-memory store and a
// clock the test moves.
#include "sessions/sessions.h"

#include <gtest/gtest.h>

#include <map>

#include "support/fake_clock.h"

namespace pass::sessions {
namespace {

class MemoryRepository final : public Repository {
 public:
  std::map<std::string, Session, std::less<>> sessions;
  std::map<std::string, PendingLogin, std::less<>> pending;
  int touches = 0;

  Result<void> Insert(const Session& s) override {
    sessions[s.id_hash] = s;
    return {};
  }
  Result<std::optional<Session>> Find(std::string_view id) override {
    const auto it = sessions.find(id);
    return it == sessions.end() ? std::optional<Session>() : std::optional<Session>(it->second);
  }
  Result<void> Touch(std::string_view id, Timestamp at) override {
    ++touches;
    if (auto it = sessions.find(id); it != sessions.end()) it->second.last_seen_at = at;
    return {};
  }
  Result<void> Delete(std::string_view id) override {
    if (auto it = sessions.find(id); it != sessions.end()) sessions.erase(it);
    return {};
  }
  Result<int64_t> DeleteExpired(Timestamp now, Timestamp idle_before) override {
    return static_cast<int64_t>(std::erase_if(sessions, [&](const auto& e) {
      return e.second.expires_at <= now || e.second.last_seen_at <= idle_before;
    }));
  }
  Result<void> InsertPending(const PendingLogin& l) override {
    pending[l.state_hash] = l;
    return {};
  }
  Result<std::optional<PendingLogin>> TakePending(std::string_view state) override {
    const auto it = pending.find(state);
    if (it == pending.end()) return std::optional<PendingLogin>();
    PendingLogin l = it->second;
    pending.erase(it);
    return std::optional<PendingLogin>(l);
  }
  Result<int64_t> DeletePendingBefore(Timestamp before) override {
    return static_cast<int64_t>(
        std::erase_if(pending, [&](const auto& e) { return e.second.created_at < before; }));
  }
};

class MemoryStore final : public Store {
 public:
  MemoryRepository repo;
  Result<void> Read(const Work& work) override { return work(repo); }
  Result<void> Write(const Work& work) override { return work(repo); }
};

class SessionsTest : public ::testing::Test {
 protected:
  MemoryStore store_;
  testing::FakeClock clock_;
  Service service_{store_, clock_};
};

TEST_F(SessionsTest, TokensAre256BitsAndStoredOnlyAsHashes) {
  auto created = service_.Create(7, "id-token");
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->token.size(), 43u);  // 32 bytes, base64url
  ASSERT_EQ(store_.repo.sessions.size(), 1u);
  const auto& [hash, stored] = *store_.repo.sessions.begin();
  EXPECT_NE(hash, created->token);
  EXPECT_EQ(hash, Service::Hash(created->token));
  EXPECT_EQ(stored.person_id, 7);
  EXPECT_NE(service_.Create(7, "")->token, created->token);
}

TEST_F(SessionsTest, AnIdleSessionEndsAfterThirtyMinutes) {
  auto created = service_.Create(1, "");
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(service_.Resume(created->token)->has_value());
  clock_.Advance(std::chrono::minutes(29));  // activity 29 minutes ago: still alive
  EXPECT_TRUE(service_.Resume(created->token)->has_value());
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_FALSE(service_.Resume(created->token)->has_value());
  EXPECT_TRUE(store_.repo.sessions.empty()) << "an expired session is removed when met";
}

TEST_F(SessionsTest, EveryMeansOfKeepingASessionAliveStopsAtTwelveHours) {
  auto created = service_.Create(1, "");
  for (int i = 0; i < 47; ++i) {  // active every 15 minutes until 11:45
    clock_.Advance(std::chrono::minutes(15));
    ASSERT_TRUE(service_.Resume(created->token)->has_value()) << i;
  }
  clock_.Advance(std::chrono::minutes(14));  // 11:59
  EXPECT_TRUE(service_.Resume(created->token)->has_value());
  clock_.Advance(std::chrono::minutes(2));  // 12:01, two minutes after the last request
  EXPECT_FALSE(service_.Resume(created->token)->has_value());
}

TEST_F(SessionsTest, LastSeenIsWrittenAtMostOnceAMinute) {
  auto created = service_.Create(1, "");
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(std::chrono::seconds(5));
    (void)service_.Resume(created->token);
  }
  EXPECT_EQ(store_.repo.touches, 0);
  clock_.Advance(std::chrono::seconds(15));
  (void)service_.Resume(created->token);
  EXPECT_EQ(store_.repo.touches, 1);
}

TEST_F(SessionsTest, EndRemovesTheSessionAndUnknownTokensAreAnonymous) {
  auto created = service_.Create(1, "");
  ASSERT_TRUE(service_.End(created->token).has_value());
  EXPECT_FALSE(service_.Resume(created->token)->has_value());
  EXPECT_FALSE(service_.Resume("made-up")->has_value());
  EXPECT_FALSE(service_.Resume("")->has_value());
  EXPECT_FALSE(service_.Resume(std::string(500, 'x'))->has_value());
}

TEST_F(SessionsTest, ASignInStateWorksOnceInTheBrowserThatStartedIt) {
  auto login = service_.BeginLogin("/organisations");
  ASSERT_TRUE(login.has_value());
  EXPECT_EQ(login->code_verifier.size(), 64u);
  auto finished = service_.FinishLogin(login->state, login->binding);
  ASSERT_TRUE(finished.has_value());
  EXPECT_EQ(finished->nonce, login->nonce);
  EXPECT_EQ(finished->next_path, "/organisations");
  auto replay = service_.FinishLogin(login->state, login->binding);
  ASSERT_FALSE(replay.has_value());
  EXPECT_EQ(replay.error().message.key, "error.signin.unknown_state");
}

TEST_F(SessionsTest, AnotherBrowserCannotFinishTheSignIn) {
  auto login = service_.BeginLogin("/");
  auto stolen = service_.FinishLogin(login->state, "another-browsers-cookie");
  ASSERT_FALSE(stolen.has_value());
  EXPECT_EQ(stolen.error().message.key, "error.signin.other_browser");
  auto no_cookie = service_.BeginLogin("/");
  EXPECT_EQ(service_.FinishLogin(no_cookie->state, "").error().message.key,
            "error.signin.other_browser");
  // The state is spent even so: the real browser must start again.
  EXPECT_FALSE(service_.FinishLogin(login->state, login->binding).has_value());
}

TEST_F(SessionsTest, ASignInLeftForTenMinutesExpires) {
  auto login = service_.BeginLogin("/");
  clock_.Advance(std::chrono::minutes(11));
  auto late = service_.FinishLogin(login->state, login->binding);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().message.key, "error.signin.too_slow");
}

TEST_F(SessionsTest, SweepRemovesExpiredSessionsAndStaleSignIns) {
  auto keep = service_.Create(1, "");
  (void)service_.BeginLogin("/");
  clock_.Advance(std::chrono::minutes(20));
  auto fresh = service_.Create(2, "");
  (void)service_.Resume(keep->token);
  clock_.Advance(std::chrono::minutes(20));
  auto removed = service_.Sweep();
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(*removed, 1);  // the stale sign-in; both sessions were active within 30 minutes
  (void)service_.Resume(fresh->token);
  clock_.Advance(std::chrono::minutes(25));
  EXPECT_EQ(*service_.Sweep(), 1);  // `keep` was last seen 45 minutes ago
  EXPECT_EQ(store_.repo.sessions.size(), 1u);
}

}  // namespace
}  // namespace pass::sessions
