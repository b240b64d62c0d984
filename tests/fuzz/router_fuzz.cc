// Request paths are untrusted; the router must never crash or match outside its patterns.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/router.h"

namespace {
const pass::http::Router& TheRouter() {
  static const pass::http::Router router = [] {
    pass::http::Router r;
    auto ok = [](pass::http::Request&) { return pass::http::Response::Text(200, "ok"); };
    r.Get("/", ok);
    r.Get("/organisations/{oid}", ok);
    r.Get("/organisations/{oid}/candidates", ok);
    r.Post("/organisations/{oid}/opportunities/{id}/offers", ok);
    r.Get("/static/{*path}", ok);
    return r;
  }();
  return router;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path(reinterpret_cast<const char*>(data), size);
  for (const auto method :
       {pass::http::Method::kGet, pass::http::Method::kPost, pass::http::Method::kHead}) {
    const auto match = TheRouter().Find(method, path);
    if (match.route != nullptr && match.bad_path) __builtin_trap();
    (void)TheRouter().BodyLimit(method, path);
  }
  return 0;
}
