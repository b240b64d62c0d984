#include "support/http_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace pass::testing {

namespace {
size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    headers->emplace_back(name, value);
  } else if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100 Continue, or a redirect)
  }
  return size * n;
}
}  // namespace

std::string HttpResult::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

HttpClient::HttpClient(std::string base_url)
    : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::Get(const std::string& path, const std::vector<std::string>& headers) {
  return Perform("GET", path, nullptr, headers);
}
HttpResult HttpClient::Head(const std::string& path, const std::vector<std::string>& headers) {
  return Perform("HEAD", path, nullptr, headers);
}
HttpResult HttpClient::Post(const std::string& path, const std::string& body,
                            const std::vector<std::string>& headers) {
  return Perform("POST", path, &body, headers);
}

HttpResult HttpClient::Perform(const std::string& method, const std::string& path,
                               const std::string* body, const std::vector<std::string>& headers) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpResult result;
  // Every option is set on every request instead of curl_easy_reset(), which would drop the
  // cookie engine (and leak its file list in libcurl 7.88).
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
  const std::string url =
      path.starts_with("http://") || path.starts_with("https://") ? path : base_url_ + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &result.connects);
  return result;
}

void HttpClient::EnableCookies() {
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");
}

std::vector<std::string> HttpClient::CookieNames() {
  std::vector<std::string> names;
  curl_slist* list = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &list);
  for (curl_slist* item = list; item != nullptr; item = item->next) {
    // Netscape format: domain, flag, path, secure, expiry, name, value (tab-separated).
    std::string line = item->data;
    size_t field = 0;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        if (field == 5) names.push_back(line.substr(start, i - start));
        ++field;
        start = i + 1;
      }
    }
  }
  curl_slist_free_all(list);
  return names;
}

HttpResult HttpClient::Follow(const std::string& url, std::vector<std::string>* visited) {
  std::string next = url;
  for (int hop = 0; hop < 10; ++hop) {
    if (visited) visited->push_back(next);
    HttpResult r = Get(next);
    const std::string location = r.Header("location");
    if (r.status < 300 || r.status >= 400 || location.empty()) return r;
    if (location.starts_with("/")) {
      // Relative to the host of the answer that redirected.
      const std::string absolute = next.starts_with("http") ? next : base_url_ + next;
      const size_t host_end = absolute.find('/', absolute.find("://") + 3);
      next = absolute.substr(0, host_end) + location;
    } else {
      next = location;
    }
  }
  throw std::runtime_error("too many redirects");
}

std::string RawExchange(uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect");
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

}  // namespace pass::testing
