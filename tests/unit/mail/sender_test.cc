// The sender on an in-memory outbox, a scripted transport and a fake clock: what is due goes out,
// failures wait RetryDelay and are retried, max_attempts ends the retries, and without a
// transport everything stays in the outbox.
#include <gtest/gtest.h>

#include <deque>

#include "mail/mail.h"
#include "support/fake_clock.h"
#include "support/fake_outbox.h"

namespace pass::mail {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Answers from a script (then success), remembers what it was asked to send, and can let time
// pass during a send.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(testing::FakeClock& clock) : clock_(clock) {}
  Result<void> Send(const Message& m) override {
    sent.push_back(m);
    clock_.Advance(send_takes);
    if (fail_always) return Fail(Unavailable(pass::Message("error.mail.unreachable"), "refused"));
    if (script.empty()) return {};
    Result<void> next = std::move(script.front());
    script.pop_front();
    return next;
  }
  std::vector<Message> sent;
  std::deque<Result<void>> script;
  bool fail_always = false;
  std::chrono::milliseconds send_takes{0};

 private:
  testing::FakeClock& clock_;
};

Message Mail(const std::string& to) { return {to, "Anna", "Subject for " + to, "Body", "en"}; }

class SenderTest : public ::testing::Test {
 protected:
  void Enqueue(const std::string& to) { ASSERT_TRUE(outbox_.Enqueue(Mail(to)).has_value()); }
  int Run(Transport* transport, SenderOptions options = {}) {
    Sender sender(store_, transport, clock_, options);
    auto r = sender.RunOnce();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r ? *r : -1;
  }
  Queued Only() {
    const auto all = outbox_.messages();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? Queued{} : all[0];
  }

  testing::FakeClock clock_;
  testing::FakeOutbox outbox_{clock_};
  testing::FakeOutboxStore store_{outbox_};
  ScriptedTransport transport_{clock_};
};

TEST_F(SenderTest, SendsWhatIsDueOnceAndMarksItSent) {
  Enqueue("a@example.eu");
  Enqueue("b@example.eu");
  EXPECT_EQ(Run(&transport_), 2);
  ASSERT_EQ(transport_.sent.size(), 2u);
  EXPECT_EQ(transport_.sent[0], Mail("a@example.eu"));
  EXPECT_EQ(transport_.sent[1].to, "b@example.eu");
  for (const Queued& q : outbox_.messages()) {
    ASSERT_TRUE(q.sent_at.has_value());
    EXPECT_EQ(*q.sent_at, clock_.Now());
    EXPECT_EQ(q.attempts, 1);
    EXPECT_FALSE(q.gave_up());
  }
  EXPECT_EQ(Run(&transport_), 0);
  EXPECT_EQ(transport_.sent.size(), 2u);
  EXPECT_EQ(*outbox_.CountUnsent(), 0);
}

TEST_F(SenderTest, SendsAtMostABatch) {
  for (int i = 0; i < 5; ++i) Enqueue("p" + std::to_string(i) + "@example.eu");
  EXPECT_EQ(Run(&transport_, {.batch = 2}), 2);
  EXPECT_EQ(Run(&transport_, {.batch = 2}), 2);
  EXPECT_EQ(Run(&transport_, {.batch = 2}), 1);
  EXPECT_EQ(transport_.sent[4].to, "p4@example.eu");
}

TEST_F(SenderTest, RecordsAFailureAndRetriesWhenDue) {
  Enqueue("a@example.eu");
  const Timestamp start = clock_.Now();
  transport_.script.push_back(
      Fail(Unavailable(pass::Message("error.mail.unreachable"), "smtp: connection refused")));
  EXPECT_EQ(Run(&transport_), 0);
  Queued q = Only();
  EXPECT_FALSE(q.sent_at.has_value());
  EXPECT_EQ(q.attempts, 1);
  EXPECT_EQ(q.last_error, "smtp: connection refused");
  EXPECT_EQ(q.next_attempt_at, start + minutes(1));
  EXPECT_EQ(*outbox_.CountUnsent(), 1);

  clock_.Advance(seconds(59));  // not due yet
  EXPECT_EQ(Run(&transport_), 0);
  EXPECT_EQ(transport_.sent.size(), 1u);

  clock_.Advance(seconds(1));
  EXPECT_EQ(Run(&transport_), 1);
  q = Only();
  EXPECT_TRUE(q.sent_at.has_value());
  EXPECT_EQ(q.attempts, 2);
  EXPECT_EQ(q.last_error, "");
}

TEST_F(SenderTest, BacksOffExponentiallyUpToAnHour) {
  EXPECT_EQ(RetryDelay(1), minutes(1));
  EXPECT_EQ(RetryDelay(2), minutes(2));
  EXPECT_EQ(RetryDelay(3), minutes(4));
  EXPECT_EQ(RetryDelay(6), minutes(32));
  EXPECT_EQ(RetryDelay(7), minutes(60));
  EXPECT_EQ(RetryDelay(100), minutes(60));
  EXPECT_EQ(RetryDelay(0), minutes(1));
}

TEST_F(SenderTest, GivesUpAfterMaxAttemptsAndKeepsTheLastError) {
  Enqueue("a@example.eu");
  transport_.fail_always = true;
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 8; ++i) {
    const Timestamp before = clock_.Now();
    EXPECT_EQ(Run(&transport_), 0);
    const Queued q = Only();
    EXPECT_EQ(q.attempts, i + 1);
    if (q.gave_up()) break;
    waits.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(q.next_attempt_at - before));
    clock_.Set(q.next_attempt_at);
  }
  const Queued q = Only();
  EXPECT_EQ(q.attempts, 8);
  EXPECT_TRUE(q.gave_up());
  EXPECT_EQ(q.next_attempt_at, kNever);
  EXPECT_EQ(q.last_error, "refused");
  EXPECT_EQ(waits,
            (std::vector<std::chrono::milliseconds>{minutes(1), minutes(2), minutes(4), minutes(8),
                                                    minutes(16), minutes(32), minutes(60)}));
  // Not retried, however long we wait; still counted as unsent for the administrators.
  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(Run(&transport_), 0);
  EXPECT_EQ(transport_.sent.size(), 8u);
  EXPECT_EQ(*outbox_.CountUnsent(), 1);
}

TEST_F(SenderTest, MaxAttemptsIsAnOption) {
  Enqueue("a@example.eu");
  transport_.fail_always = true;
  EXPECT_EQ(Run(&transport_, {.max_attempts = 2}), 0);
  clock_.Advance(minutes(1));
  EXPECT_EQ(Run(&transport_, {.max_attempts = 2}), 0);
  EXPECT_TRUE(Only().gave_up());
  EXPECT_EQ(Only().attempts, 2);
}

TEST_F(SenderTest, AnAddressNoServerAcceptsIsNotRetried) {
  Enqueue("not an address");
  transport_.script.push_back(
      Fail(InvalidInput(pass::Message("error.mail.address")).WithDetail("bad address")));
  EXPECT_EQ(Run(&transport_), 0);
  EXPECT_TRUE(Only().gave_up());
  EXPECT_EQ(Only().attempts, 1);
  EXPECT_EQ(Only().last_error, "bad address");
}

TEST_F(SenderTest, WithoutATransportMailStaysInTheOutbox) {
  Enqueue("a@example.eu");
  Enqueue("b@example.eu");
  EXPECT_EQ(Run(nullptr), 0);
  clock_.Advance(std::chrono::hours(48));
  EXPECT_EQ(Run(nullptr), 0);
  EXPECT_EQ(*outbox_.CountUnsent(), 2);
  for (const Queued& q : outbox_.messages()) {
    EXPECT_EQ(q.attempts, 0);
    EXPECT_FALSE(q.gave_up());
  }
  // Once there is a transport, the waiting mail goes out.
  EXPECT_EQ(Run(&transport_), 2);
}

TEST_F(SenderTest, LeavesTheRestOfABatchWhenTheClaimWouldRunOut) {
  Enqueue("a@example.eu");
  Enqueue("b@example.eu");
  Enqueue("c@example.eu");
  transport_.send_takes = seconds(50);
  // claim 120 s: a at 0-50 s, b at 50-100 s; c could still be sending after 120 s.
  EXPECT_EQ(Run(&transport_), 2);
  EXPECT_EQ(*outbox_.CountUnsent(), 1);
  EXPECT_EQ(Run(&transport_), 0);  // c is still claimed by the first run
  clock_.Advance(seconds(20));     // the claim has run out
  EXPECT_EQ(Run(&transport_), 1);
  EXPECT_EQ(transport_.sent.back().to, "c@example.eu");
}

}  // namespace
}  // namespace pass::mail
