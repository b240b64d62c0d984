// Outbound HTTP for talking to other services (the identity provider's discovery, keys, token
// and userinfo endpoints). An interface, so tests can answer in-process; CurlFetcher is the real
// one. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace pass::fetch {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};
};

struct Response {
  long status = 0;
  std::string content_type;
  std::string body;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // A transport failure (refused, timeout, TLS) is kUnavailable; any HTTP status is a Response.
  virtual Result<Response> Fetch(const Request& request) = 0;
};

// libcurl: http and https only, no redirects followed, certificates verified, bodies capped at
// 1 MiB.
std::unique_ptr<Fetcher> MakeCurlFetcher();

}  // namespace pass::fetch
