#include "http/static_files.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/strings.h"

namespace pass::http {

namespace {
std::string Fingerprint(std::string_view content) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across runs and nodes
  for (const char c : content) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  if (EndsWith(path, ".css")) return "text/css; charset=utf-8";
  if (EndsWith(path, ".js")) return "text/javascript; charset=utf-8";
  if (EndsWith(path, ".svg")) return "image/svg+xml";
  if (EndsWith(path, ".png")) return "image/png";
  if (EndsWith(path, ".jpg") || EndsWith(path, ".jpeg")) return "image/jpeg";
  if (EndsWith(path, ".ico")) return "image/x-icon";
  if (EndsWith(path, ".woff2")) return "font/woff2";
  if (EndsWith(path, ".pdf")) return "application/pdf";
  if (EndsWith(path, ".json")) return "application/json";
  if (EndsWith(path, ".txt")) return "text/plain; charset=utf-8";
  if (EndsWith(path, ".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Load(const std::filesystem::path& root, std::string url_prefix) {
  StaticFiles files;
  files.url_prefix_ = std::move(url_prefix);
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Fail(Unavailable(Message("error.static.missing"), "no directory " + root.string()));
  }
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const auto rel = std::filesystem::relative(it->path(), root).generic_string();
    bool hidden = false;
    for (std::string_view part : Split(rel, '/')) hidden = hidden || part.starts_with('.');
    if (hidden || rel.ends_with(".map")) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    File f;
    auto content = std::make_shared<std::string>(buf.str());
    f.fingerprint = Fingerprint(*content);
    f.content = std::move(content);
    f.content_type = std::string(ContentTypeFor(rel));
    files.files_.emplace(rel, std::move(f));
  }
  if (ec) return Fail(Unavailable(Message("error.static.missing"), ec.message()));
  return files;
}

Response StaticFiles::Serve(const Request& request, std::string_view relative_path) const {
  const auto it = files_.find(relative_path);
  if (it == files_.end()) return Response::Status(404);
  const File& f = it->second;
  const std::string etag = "\"" + f.fingerprint + "\"";
  Response r;
  r.headers.Set("ETag", etag);
  const auto version = request.QueryParam("v");
  r.headers.Set("Cache-Control", version && *version == f.fingerprint
                                     ? "public, max-age=31536000, immutable"
                                     : "public, max-age=300");
  if (auto inm = request.headers.Get("If-None-Match")) {
    for (std::string_view tag : Split(*inm, ',')) {
      tag = Trim(tag);
      if (tag.starts_with("W/")) tag.remove_prefix(2);
      if (tag == etag || tag == "*") {
        r.status = 304;
        return r;
      }
    }
  }
  r.status = 200;
  r.headers.Set("Content-Type", f.content_type);
  r.shared_body = f.content;
  return r;
}

std::string StaticFiles::Url(std::string_view relative_path) const {
  const auto it = files_.find(relative_path);
  std::string url = url_prefix_ + "/" + std::string(relative_path);
  if (it != files_.end()) url += "?v=" + it->second.fingerprint;
  return url;
}

}  // namespace pass::http
