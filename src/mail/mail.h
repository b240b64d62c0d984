// E-mail for every notification of the portal (issue 4 item 6): a change enqueues its mail in the
// outbox inside its own unit of work, so the change and its mail commit together or not at all;
// a Sender delivers what is due through a Transport (libcurl SMTP) and retries with backoff.
// Without a transport, mail is only kept in the outbox, where administrators see it. Messages are
// written in the recipient's language by Compose before they are enqueued. See ADR 0008.
//
// Thread-safety: Compose, BuildMime and IsValidAddress are pure. The SMTP transport may be used
// from several threads. A Sender is driven by one thread at a time; several Senders (one per
// portal node) may share one database, which Repository::Claim makes safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "i18n/catalogue.h"

namespace pass::mail {

// One e-mail, already in the recipient's language.
struct Message {
  std::string to;       // address
  std::string to_name;  // may be empty
  std::string subject;
  std::string body;  // plain text, UTF-8
  std::string lang;  // "en", "sv", ...: the language it was written in
  friend bool operator==(const Message&, const Message&) = default;
};

// Where domain code puts mail. Enqueueing happens inside the unit of work of the change that
// causes the mail (so a change and its mail commit together); domain repositories expose an
// Outbox& like they expose Audit().
class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual Result<void> Enqueue(const Message& m) = 0;
};

// The next_attempt_at of a message the sender gave up on: it is never claimed again. (The
// largest whole millisecond a Timestamp holds, so it survives the round trip through the
// database.)
inline constexpr Timestamp kNever{
    std::chrono::floor<std::chrono::milliseconds>(Timestamp::max().time_since_epoch())};

// Writes one e-mail in the recipient's language from the message catalogues: template `name`
// ("nomination_confirm", ...) with named arguments. The app supplies it (a Compose bound to the
// catalogues), so domain services write mail without knowing the catalogues.
using Composer = std::function<Message(std::string_view lang, std::string_view name,
                                       const std::vector<std::pair<std::string, std::string>>& args,
                                       std::string to, std::string to_name)>;

// A message in the outbox, with its delivery state.
struct Queued {
  int64_t id = 0;
  Message message;
  Timestamp created_at;
  int attempts = 0;  // delivery attempts made, successful or not
  Timestamp next_attempt_at;
  std::optional<Timestamp> sent_at;
  std::string last_error;  // for administrators; empty once sent

  // Unsent and not tried again: too many attempts, or a message no server can accept.
  bool gave_up() const { return !sent_at && next_attempt_at >= kNever; }
};

// What the sender and the administrators' outbox page use.
class Repository : public Outbox {
 public:
  // Claims up to `limit` unsent messages due at `now` that nobody else holds, until
  // `claim_until` (several portal nodes may run senders against one database: a claimed message
  // is not claimed again before claim_until). Oldest due first.
  virtual Result<std::vector<Queued>> Claim(Timestamp now, Timestamp claim_until, int limit) = 0;
  // Both count an attempt and release the claim.
  virtual Result<void> MarkSent(int64_t id, Timestamp at) = 0;
  // `next_attempt_at` kNever gives up. Does nothing to a message that was sent meanwhile.
  virtual Result<void> MarkFailed(int64_t id, std::string error, Timestamp next_attempt_at) = 0;
  virtual Result<std::vector<Queued>> Recent(int limit, int offset) = 0;  // newest first
  virtual Result<int64_t> CountUnsent() = 0;  // including the ones given up on
};

using Store = pass::Store<Repository>;

// Delivers one message. Failures are kUnavailable when trying again later may work (server down,
// refused for now), kInvalidInput when it never will (an address no server can accept).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<void> Send(const Message& m) = 0;
};

// The longest one Send of the SMTP transport takes (connect 10 s, whole exchange 30 s).
inline constexpr std::chrono::seconds kSendTimeout{30};

// libcurl SMTP to `url`: smtp://host[:port] (STARTTLS when the server offers it; required when
// the URL carries user:password) or smtps://host[:port]; certificates are verified. `from` is the
// From header ("PASS <no-reply@pass.example.eu>"), its address the envelope sender. The URL's
// path, if any, is the name given in EHLO; by default the domain of `from`.
std::unique_ptr<Transport> MakeSmtpTransport(std::string url, std::string from);

struct SenderOptions {
  int batch = 20;                   // messages claimed per RunOnce
  std::chrono::seconds claim{120};  // how long a claim keeps other nodes off
  int max_attempts = 8;             // then the message stays unsent with its last error
};

// How long to wait after the `failed_attempts`-th failed attempt: 1 min, 2, 4, ... capped at 1 h.
std::chrono::seconds RetryDelay(int failed_attempts);

class Sender {
 public:
  // `transport` nullptr keeps mail in the outbox only. Store, transport and clock must outlive
  // the Sender.
  Sender(Store& store, Transport* transport, const Clock& clock, SenderOptions options = {});

  // Sends what is due; returns how many were sent. A failure is recorded on the message with the
  // time of the next attempt (RetryDelay); after max_attempts, or at once when the transport
  // says it can never work, the message stays unsent with its last error (visible to
  // administrators) and is not retried. Messages claimed but not reached before the claim
  // would run out are left for the next run. An error means the outbox could not be read or
  // updated.
  Result<int> RunOnce();

 private:
  Store& store_;
  Transport* transport_;
  const Clock& clock_;
  SenderOptions options_;
};

// Composes a mail from the message catalogues: subject from "mail.<name>.subject", body from
// "mail.<name>.body" (ICU MessageFormat with `args`), in `lang` with the catalogue's fallback to
// English; the body gets the common footer "mail.footer" (with the same args) after a "-- " line.
// Plain text: nothing is HTML-escaped. `args` has the shape of pass::Message::args, so a domain
// Message's arguments can be passed as they are. The result's lang is the language used.
Message Compose(const i18n::Catalogues& catalogues, std::string_view lang, std::string_view name,
                const std::vector<std::pair<std::string, std::string>>& args, std::string to,
                std::string to_name = {});

// A plain dot-atom address (local@domain, printable ASCII without quoting or comments): what the
// transport accepts as recipient and envelope sender.
bool IsValidAddress(std::string_view address);

// The RFC 5322 message the SMTP transport sends, CRLF line ends: Date, From, To, Subject,
// Message-ID (`message_id` without angle brackets, e.g. "3f…@pass.example.eu"), MIME-Version,
// Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding quoted-printable,
// Content-Language and Auto-Submitted; display names and a subject that are not plain ASCII are
// RFC 2047-encoded. Line breaks and other control characters in header values become spaces, so
// no value can add a header.
std::string BuildMime(const Message& m, std::string_view from, Timestamp date,
                      std::string_view message_id);

}  // namespace pass::mail
