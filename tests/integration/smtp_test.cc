// Mail end to end: the outbox on SQLite, the Sender, the libcurl SMTP transport and a real SMTP
// server (tests/support/smtp-sink.js, npm smtp-server) that decodes what it receives on its own.
// The message arrives with its recipient, a non-ASCII subject and body intact; while the server
// is down the failure is recorded with the next attempt, and once it is back the mail goes out.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mail/mail.h"
#include "storage/outbox_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

extern char** environ;

namespace pass::mail {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

bool NodeInstalled() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::filesystem::path dir(std::string(rest.substr(0, colon)));
    if (!dir.empty() && access((dir / "node").c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

// The SMTP sink as a child process; every wait on it is bounded, so a broken sink fails the test
// instead of hanging it.
class SmtpSink {
 public:
  ~SmtpSink() { Stop(); }

  // Starts on `port` (0: any free one); returns the port, or nullopt with the reason in error().
  std::optional<int> Start(int port) {
    int out[2];
    if (pipe(out) != 0) return Failed("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string script = std::string(PASS_SOURCE_DIR) + "/tests/support/smtp-sink.js";
    std::vector<std::string> args = {"node", script, "--port", std::to_string(port)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      close(out[0]);
      pid_ = 0;
      return Failed("cannot start node: " + std::string(strerror(spawned)));
    }
    fd_ = out[0];
    buffer_.clear();
    const auto ready = NextLine(seconds(20));
    if (!ready || !ready->starts_with("SMTP_SINK_READY ")) {
      Stop();
      return Failed("smtp-sink.js did not start: " + ready.value_or("(no output)"));
    }
    return std::atoi(ready->c_str() + 16);
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
    if (fd_ >= 0) {
      close(fd_);
      fd_ = -1;
    }
  }

  // The next message the sink received, or nullopt when none came within `timeout`.
  std::optional<nlohmann::json> NextMessage(milliseconds timeout = seconds(15)) {
    const auto line = NextLine(timeout);
    if (!line) return std::nullopt;
    return nlohmann::json::parse(*line);
  }

  const std::string& error() const { return error_; }

 private:
  std::optional<int> Failed(std::string why) {
    error_ = std::move(why);
    return std::nullopt;
  }

  std::optional<std::string> NextLine(milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (const size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left =
          std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      if (fd_ < 0 || left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      const int ready = poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return std::nullopt;
      char chunk[65536];
      const ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;  // the sink exited
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  pid_t pid_ = 0;
  int fd_ = -1;
  std::string buffer_;
  std::string error_;
};

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!NodeInstalled()) GTEST_SKIP() << "node is not installed: the SMTP sink needs it";
    db_ = testing::TestDatabase::Create(storage::Dialect::kSqlite);
    ASSERT_NE(db_, nullptr);
    store_ = std::make_unique<storage::SqlOutboxStore>(db_->db(), clock_);
    const auto port = sink_.Start(0);
    ASSERT_TRUE(port.has_value()) << sink_.error();
    port_ = *port;
    transport_ = MakeSmtpTransport("smtp://127.0.0.1:" + std::to_string(port_), std::string(kFrom));
    sender_ = std::make_unique<Sender>(*store_, transport_.get(), clock_);
  }

  void Enqueue(const Message& m) {
    auto r = store_->Write([&](Repository& repo) { return repo.Enqueue(m); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }
  int RunOnce() {
    auto r = sender_->RunOnce();
    EXPECT_TRUE(r.has_value()) << r.error().detail;
    return r.value_or(-1);
  }
  std::vector<Queued> Outbox() {
    return *store_->ReadValue([](Repository& repo) { return repo.Recent(100, 0); });
  }

  static constexpr std::string_view kFrom = "PASS <no-reply@pass.example.eu>";
  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlOutboxStore> store_;
  SmtpSink sink_;
  int port_ = 0;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<Sender> sender_;
};

const Message kWelcome{
    "asa.oberg@example.se", "Åsa Öberg", "Välkommen, Åsa",
    "Hej Åsa!\n\nDu kan nu logga in på <https://pass.example.eu/> & söka volontärer.\n"
    ".en rad som börjar med en punkt\n" +
        std::string(120, '=') + "\n\n-- \nPASS",
    "sv"};

TEST_F(SmtpTest, DeliversTheMessageAsWritten) {
  Enqueue(kWelcome);
  EXPECT_EQ(RunOnce(), 1);
  const auto got = sink_.NextMessage();
  ASSERT_TRUE(got.has_value()) << "the sink received nothing";
  const nlohmann::json& m = *got;
  EXPECT_EQ(m["ehlo"], "pass.example.eu");
  EXPECT_EQ(m["mail_from"], "no-reply@pass.example.eu");
  EXPECT_EQ(m["rcpt_to"], nlohmann::json::array({"asa.oberg@example.se"}));
  EXPECT_EQ(m["headers"]["subject"], "Välkommen, Åsa") << m["raw"];
  EXPECT_EQ(m["headers"]["to"], "Åsa Öberg <asa.oberg@example.se>") << m["raw"];
  EXPECT_EQ(m["headers"]["from"], "\"PASS\" <no-reply@pass.example.eu>");
  EXPECT_EQ(m["headers"]["content-type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(m["headers"]["content-language"], "sv");
  EXPECT_EQ(m["headers"]["mime-version"], "1.0");
  EXPECT_TRUE(m["headers"]["message-id"].get<std::string>().ends_with("@pass.example.eu>"));
  EXPECT_TRUE(m["headers"].contains("date"));
  EXPECT_EQ(m["body"], kWelcome.body + "\n") << m["raw"];

  const auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_TRUE(outbox[0].sent_at.has_value());
  EXPECT_EQ(outbox[0].attempts, 1);
}

TEST_F(SmtpTest, SendsABatchAndGivesUpOnAnImpossibleAddress) {
  Message second = kWelcome;
  second.to = "johan@example.se";
  second.to_name = "Johan Berg";
  second.subject = "Plain ASCII subject";
  Message impossible = kWelcome;
  impossible.to = "not an address";
  Enqueue(kWelcome);
  Enqueue(impossible);
  Enqueue(second);
  EXPECT_EQ(RunOnce(), 2);
  const auto first = sink_.NextMessage();
  const auto next = sink_.NextMessage();
  ASSERT_TRUE(first.has_value() && next.has_value());
  EXPECT_EQ((*first)["rcpt_to"][0], "asa.oberg@example.se");
  EXPECT_EQ((*next)["rcpt_to"][0], "johan@example.se");
  EXPECT_EQ((*next)["headers"]["subject"], "Plain ASCII subject");
  EXPECT_EQ((*next)["headers"]["to"], "\"Johan Berg\" <johan@example.se>");
  for (const Queued& q : Outbox()) {
    if (q.message.to == "not an address") {
      EXPECT_TRUE(q.gave_up());
      EXPECT_NE(q.last_error.find("not an address"), std::string::npos) << q.last_error;
    } else {
      EXPECT_TRUE(q.sent_at.has_value()) << q.message.to;
    }
  }
}

TEST_F(SmtpTest, KeepsMailWhileTheServerIsDownAndSendsItWhenItIsBack) {
  sink_.Stop();
  Enqueue(kWelcome);
  const Timestamp failed_at = clock_.Now();
  EXPECT_EQ(RunOnce(), 0);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_FALSE(outbox[0].sent_at.has_value());
  EXPECT_EQ(outbox[0].attempts, 1);
  EXPECT_EQ(outbox[0].next_attempt_at, failed_at + minutes(1));
  EXPECT_NE(outbox[0].last_error.find("127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << outbox[0].last_error;
  EXPECT_FALSE(outbox[0].gave_up());

  // Back on the same port (its previous socket may linger for a moment).
  std::optional<int> port;
  for (int i = 0; i < 20 && !port; ++i) {
    port = sink_.Start(port_);
    if (!port) std::this_thread::sleep_for(milliseconds(250));
  }
  ASSERT_TRUE(port.has_value()) << sink_.error();
  ASSERT_EQ(*port, port_);

  EXPECT_EQ(RunOnce(), 0);  // not due yet
  EXPECT_FALSE(sink_.NextMessage(milliseconds(300)).has_value());
  clock_.Advance(minutes(1));
  EXPECT_EQ(RunOnce(), 1);
  const auto got = sink_.NextMessage();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)["headers"]["subject"], "Välkommen, Åsa");
  EXPECT_EQ((*got)["body"], kWelcome.body + "\n");
  outbox = Outbox();
  EXPECT_TRUE(outbox[0].sent_at.has_value());
  EXPECT_EQ(outbox[0].attempts, 2);
  EXPECT_EQ(outbox[0].last_error, "");
  EXPECT_EQ(*store_->ReadValue([](Repository& repo) { return repo.CountUnsent(); }), 0);
}

}  // namespace
}  // namespace pass::mail
