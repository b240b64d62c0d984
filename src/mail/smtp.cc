// The SMTP transport on libcurl: one connection per message, which is plenty for the portal's
// volume of notifications and leaves no connection state to share between threads.
#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "core/random.h"
#include "mail/mail.h"
#include "mail/mime.h"

namespace pass::mail {

namespace {

constexpr long kConnectTimeoutMs = 10'000;

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, len);
  upload->offset += len;
  return len;
}

// The parts of the URL the transport needs, read once with libcurl's own parser so that we
// understand it exactly as libcurl will.
struct Endpoint {
  std::string url;   // as configured, with the EHLO name as path when it had none
  std::string host;  // for error messages: never the credentials
  bool credentials = false;
  bool implicit_tls = false;  // smtps://
  std::string problem;        // why the URL cannot be used, or empty
};

Endpoint ParseEndpoint(std::string url, std::string_view ehlo_name) {
  Endpoint e;
  e.url = std::move(url);
  CURLU* u = curl_url();
  if (u == nullptr) {
    e.problem = "curl_url failed";
    return e;
  }
  struct Cleanup {
    CURLU* u;
    ~Cleanup() { curl_url_cleanup(u); }
  } cleanup{u};
  if (curl_url_set(u, CURLUPART_URL, e.url.c_str(), 0) != CURLUE_OK) {
    e.problem = "PASS_SMTP_URL is not a URL";
    return e;
  }
  auto get = [u](CURLUPart part) -> std::string {
    char* value = nullptr;
    if (curl_url_get(u, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
    std::string out(value);
    curl_free(value);
    return out;
  };
  const std::string scheme = get(CURLUPART_SCHEME);
  if (scheme != "smtp" && scheme != "smtps") {
    e.problem = "PASS_SMTP_URL must start with smtp:// or smtps://";
    return e;
  }
  e.implicit_tls = scheme == "smtps";
  e.host = get(CURLUPART_HOST);
  const std::string port = get(CURLUPART_PORT);
  if (!port.empty()) e.host += ":" + port;
  e.credentials = !get(CURLUPART_USER).empty();
  const std::string path = get(CURLUPART_PATH);
  if ((path.empty() || path == "/") && !ehlo_name.empty()) {
    // libcurl says EHLO with the URL's path, or else with this machine's host name, which in a
    // container is rarely a name servers accept; the sender's domain is the better guess.
    if (curl_url_set(u, CURLUPART_PATH, ("/" + std::string(ehlo_name)).c_str(), 0) == CURLUE_OK) {
      e.url = get(CURLUPART_URL);
    }
  }
  return e;
}

class SmtpTransport final : public Transport {
 public:
  SmtpTransport(std::string url, std::string from) : from_(std::move(from)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    sender_ = ParseMailbox(from_);
    const size_t at = sender_.address.rfind('@');
    domain_ = at == std::string::npos ? "localhost" : sender_.address.substr(at + 1);
    endpoint_ = ParseEndpoint(std::move(url), IsValidAddress(sender_.address) ? domain_ : "");
  }

  Result<void> Send(const Message& m) override {
    // Configuration problems are worth retrying: an operator can fix them.
    if (!endpoint_.problem.empty()) {
      return Fail(Unavailable(pass::Message("error.mail.unreachable"), endpoint_.problem));
    }
    if (!IsValidAddress(sender_.address)) {
      return Fail(Unavailable(pass::Message("error.mail.unreachable"),
                              "PASS_MAIL_FROM has no usable address: " + sender_.address));
    }
    if (!IsValidAddress(m.to)) {
      return Fail(InvalidInput(pass::Message("error.mail.address", {{"address", m.to}}))
                      .WithDetail("not an address the portal can send to: " + m.to));
    }
    const std::string mime =
        BuildMime(m, from_, std::chrono::system_clock::now(), RandomHex(16) + "@" + domain_);

    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Fail(Internal("curl_easy_init failed"));
    struct Cleanup {
      CURL* c;
      curl_slist* recipients = nullptr;
      ~Cleanup() {
        curl_slist_free_all(recipients);
        curl_easy_cleanup(c);
      }
    } cleanup{curl};
    const std::string mail_from = "<" + sender_.address + ">";
    const std::string rcpt = "<" + m.to + ">";
    cleanup.recipients = curl_slist_append(nullptr, rcpt.c_str());
    Upload upload{mime};
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, endpoint_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::chrono::milliseconds(kSendTimeout).count()));
    // Never send a password in the clear: with credentials, STARTTLS is required.
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     endpoint_.credentials || endpoint_.implicit_tls
                         ? static_cast<long>(CURLUSESSL_ALL)
                         : static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, cleanup.recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime.size()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

    const CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    std::string detail = "smtp " + endpoint_.host + ": " + curl_easy_strerror(rc);
    if (error_buffer[0] != '\0') detail += std::string(" (") + error_buffer + ")";
    if (reply != 0) detail += ", last reply " + std::to_string(reply);
    return Fail(Unavailable(pass::Message("error.mail.unreachable"), std::move(detail)));
  }

 private:
  std::string from_;
  Mailbox sender_;
  std::string domain_;
  Endpoint endpoint_;
};

}  // namespace

std::unique_ptr<Transport> MakeSmtpTransport(std::string url, std::string from) {
  return std::make_unique<SmtpTransport>(std::move(url), std::move(from));
}

}  // namespace pass::mail
