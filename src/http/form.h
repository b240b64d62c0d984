// Parsers for the untrusted text of a request: application/x-www-form-urlencoded bodies and
// query strings, percent-encoded path segments, and Cookie headers. Each has a libFuzzer target.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace pass::http {

// Name/value pairs in order of appearance; a name may repeat (checkboxes, multi-selects).
class FormData {
 public:
  std::optional<std::string> First(std::string_view name) const;
  std::string Get(std::string_view name) const { return First(name).value_or(""); }
  std::vector<std::string> All(std::string_view name) const;
  bool Has(std::string_view name) const { return First(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }
  void Add(std::string name, std::string value) {
    pairs_.emplace_back(std::move(name), std::move(value));
  }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

constexpr size_t kMaxFormFields = 2000;

// "a=1&b=x+y&c=%C3%A9". Fails on a broken %-escape, on text that is not UTF-8 once decoded,
// and on more than kMaxFormFields pairs.
Result<FormData> ParseUrlEncoded(std::string_view text);

// Decodes %XX escapes; '+' becomes a space only when plus_is_space. nullopt on a broken escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Encodes everything but unreserved characters (RFC 3986), for building URLs and forms.
std::string PercentEncode(std::string_view text);

// One uploaded file of a multipart/form-data body.
struct FilePart {
  std::string field;         // the form field's name
  std::string file_name;     // as the browser gave it (only the last path component kept)
  std::string content_type;  // as the browser gave it; never trusted for what the content is
  std::string content;
};

struct MultipartData {
  FormData fields;  // the parts without a file name
  std::vector<FilePart> files;
  const FilePart* File(std::string_view field) const;
};

constexpr size_t kMaxMultipartParts = 100;

// A multipart/form-data body (RFC 7578) with the boundary from `content_type`. Fails on a
// missing or malformed boundary, a part without a name, a missing final delimiter, field values
// that are not UTF-8, and more than kMaxMultipartParts parts.
Result<MultipartData> ParseMultipart(std::string_view content_type, std::string_view body);

// "a=1; b=2" -> pairs. Malformed pieces are skipped, as browsers do.
std::vector<std::pair<std::string, std::string>> ParseCookieHeader(std::string_view header);

}  // namespace pass::http
