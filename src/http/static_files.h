// Serves the files under web/static from memory: loaded once at start-up, each with a content
// type and a content fingerprint used as ETag and as the cache-busting `?v=` of its URL, so pages
// can let browsers keep assets for a year. Read-only after Load(), so thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace pass::http {

class StaticFiles {
 public:
  // `url_prefix` is where the files are mounted, e.g. "/static".
  static Result<StaticFiles> Load(const std::filesystem::path& root, std::string url_prefix);

  // Answers GET and HEAD for `relative_path` (as matched by the router): 200, 304 or 404.
  Response Serve(const Request& request, std::string_view relative_path) const;

  // The URL of a file with its fingerprint, for templates; the bare URL if the file is unknown.
  std::string Url(std::string_view relative_path) const;

  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::shared_ptr<const std::string> content;
    std::string content_type;
    std::string fingerprint;  // 16 hex digits
  };
  std::string url_prefix_;
  std::map<std::string, File, std::less<>> files_;
};

std::string_view ContentTypeFor(std::string_view path);

}  // namespace pass::http
