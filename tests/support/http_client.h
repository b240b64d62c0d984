// A small blocking HTTP client for integration tests (libcurl): one connection reused across
// requests, so tests can check keep-alive, plus raw socket helpers for malformed requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pass::testing {

struct HttpResult {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string Header(const std::string& name) const;         // first value, or ""
  long connects = 0;  // new TCP connections this request needed (0 when reused)
};

class HttpClient {
 public:
  // Paths are appended to `base_url`; a full URL (http://...) is used as it is.
  explicit HttpClient(std::string base_url);
  // Keeps cookies between requests, as a browser does (for sign-in flows).
  void EnableCookies();
  // The cookies the client holds (names only), for checking that a session was or was not set.
  std::vector<std::string> CookieNames();
  // GET that follows redirects (up to 10), across hosts; returns the last answer.
  HttpResult Follow(const std::string& url, std::vector<std::string>* visited = nullptr);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Get(const std::string& path, const std::vector<std::string>& headers = {});
  HttpResult Head(const std::string& path, const std::vector<std::string>& headers = {});
  HttpResult Post(const std::string& path, const std::string& body,
                  const std::vector<std::string>& headers = {});

 private:
  HttpResult Perform(const std::string& method, const std::string& path, const std::string* body,
                     const std::vector<std::string>& headers);
  std::string base_url_;
  void* curl_;
};

// Sends `bytes` on a new connection to 127.0.0.1:port and returns everything the server sent
// back until it closed the connection or `timeout` passed.
std::string RawExchange(uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

}  // namespace pass::testing
