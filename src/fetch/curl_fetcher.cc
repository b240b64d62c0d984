#include <curl/curl.h>

#include <mutex>

#include "fetch/fetch.h"

namespace pass::fetch {

namespace {

constexpr size_t kMaxBody = size_t{1024} * 1024;

struct Sink {
  std::string body;
  bool too_large = false;
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->body.size() + size * n > kMaxBody) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, size * n);
  return size * n;
}

class CurlFetcher final : public Fetcher {
 public:
  CurlFetcher() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<Response> Fetch(const Request& request) override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Fail(Internal("curl_easy_init failed"));
    struct Cleanup {
      CURL* c;
      curl_slist* headers = nullptr;
      ~Cleanup() {
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
      }
    } cleanup{curl};
    Sink sink;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "pass-portal");
    if (request.method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    } else if (request.method != "GET") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    for (const auto& [name, value] : request.headers) {
      std::string line = name;
      line += ": ";
      line += value;
      cleanup.headers = curl_slist_append(cleanup.headers, line.c_str());
    }
    cleanup.headers = curl_slist_append(cleanup.headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, cleanup.headers);

    const CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
      if (sink.too_large) return Fail(Unavailable(Message("error.fetch.too_large"), request.url));
      return Fail(Unavailable(Message("error.fetch.unreachable"),
                              request.url + ": " + curl_easy_strerror(rc)));
    }
    Response response;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) response.content_type = type;
    response.body = std::move(sink.body);
    return response;
  }
};

}  // namespace

std::unique_ptr<Fetcher> MakeCurlFetcher() { return std::make_unique<CurlFetcher>(); }

}  // namespace pass::fetch
