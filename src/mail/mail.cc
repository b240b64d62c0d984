#include "mail/mail.h"

#include <algorithm>

#include "core/log.h"

namespace pass::mail {

namespace {

constexpr size_t kMaxErrorText = 1000;  // bytes of a failure kept on the message

// What administrators read on the outbox page: the transport's detail (never a password: the
// transport leaves the URL's credentials out), cut to a sensible length on a UTF-8 boundary.
std::string ErrorText(const Error& e) {
  std::string text = e.detail.empty() ? std::string(ErrorCodeName(e.code)) : e.detail;
  if (text.size() > kMaxErrorText) {
    size_t n = kMaxErrorText;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text.resize(n);
  }
  return text;
}

}  // namespace

std::chrono::seconds RetryDelay(int failed_attempts) {
  constexpr std::chrono::seconds kFirst{60};
  constexpr std::chrono::seconds kLongest{60 * 60};
  const int doublings = std::clamp(failed_attempts - 1, 0, 6);  // 2^6 minutes is past the cap
  return std::min(kFirst * (1 << doublings), kLongest);
}

Sender::Sender(Store& store, Transport* transport, const Clock& clock, SenderOptions options)
    : store_(store), transport_(transport), clock_(clock), options_(options) {}

Result<int> Sender::RunOnce() {
  if (transport_ == nullptr) return 0;  // no SMTP server configured: mail waits in the outbox
  const Timestamp now = clock_.Now();
  const Timestamp claim_until = now + options_.claim;
  auto claimed =
      store_.WriteValue([&](Repository& r) { return r.Claim(now, claim_until, options_.batch); });
  if (!claimed) return Fail(std::move(claimed.error()));

  int sent = 0;
  for (size_t i = 0; i < claimed->size(); ++i) {
    const Queued& q = (*claimed)[i];
    // A send that could still be running when the claim ends might be duplicated by another
    // node; leave the rest of the batch to be claimed again.
    if (i > 0 && clock_.Now() + kSendTimeout > claim_until) break;
    const int attempt = q.attempts + 1;
    auto delivered = transport_->Send(q.message);
    const Timestamp at = clock_.Now();
    if (delivered) {
      auto marked = store_.Write([&](Repository& r) { return r.MarkSent(q.id, at); });
      if (!marked) return Fail(std::move(marked.error()));
      log::Info("mail.sent", {{"outbox_id", q.id}, {"attempt", attempt}});
      ++sent;
      continue;
    }
    // An address no server will ever accept is not worth seven more tries.
    const bool hopeless = delivered.error().code == ErrorCode::kInvalidInput;
    const bool give_up = hopeless || attempt >= options_.max_attempts;
    const Timestamp next = give_up ? kNever : at + RetryDelay(attempt);
    std::string error = ErrorText(delivered.error());
    log::Warn(give_up ? "mail.gave_up" : "mail.failed",
              {{"outbox_id", q.id}, {"attempt", attempt}, {"error", error}});
    auto marked = store_.Write([&](Repository& r) { return r.MarkFailed(q.id, error, next); });
    if (!marked) return Fail(std::move(marked.error()));
  }
  return sent;
}

Message Compose(const i18n::Catalogues& catalogues, std::string_view lang, std::string_view name,
                const std::vector<std::pair<std::string, std::string>>& args, std::string to,
                std::string to_name) {
  const std::string code = catalogues.Get(lang).code;
  const std::string prefix = "mail." + std::string(name);
  auto text = [&](std::string key) {
    pass::Message message(std::move(key));
    message.args = args;
    return catalogues.Translate(code, message);
  };
  Message m;
  m.to = std::move(to);
  m.to_name = std::move(to_name);
  m.subject = text(prefix + ".subject");
  m.body = text(prefix + ".body");
  // "-- " is the signature separator mail readers recognise and set apart.
  m.body += "\n\n-- \n" + text("mail.footer");
  m.lang = code;
  return m;
}

}  // namespace pass::mail
