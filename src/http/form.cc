#include "http/form.h"

#include "core/strings.h"

namespace pass::http {

std::optional<std::string> FormData::First(std::string_view name) const {
  for (const auto& [k, v] : pairs_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> FormData::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : pairs_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

namespace {
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = HexDigit(text[i + 1]);
      const int lo = HexDigit(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>((hi << 4) | lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.' || u == '_' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

Result<FormData> ParseUrlEncoded(std::string_view text) {
  FormData form;
  if (text.empty()) return form;
  size_t count = 0;
  for (std::string_view part : Split(text, '&')) {
    if (part.empty()) continue;
    if (++count > kMaxFormFields) {
      return Fail(InvalidInput(Message("error.form.too_many_fields")));
    }
    const size_t eq = part.find('=');
    const std::string_view raw_name = part.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    auto name = PercentDecode(raw_name, true);
    auto value = PercentDecode(raw_value, true);
    if (!name || !value) return Fail(InvalidInput(Message("error.form.bad_encoding")));
    if (!IsValidUtf8(*name) || !IsValidUtf8(*value)) {
      return Fail(InvalidInput(Message("error.form.not_utf8")));
    }
    form.Add(std::move(*name), std::move(*value));
  }
  return form;
}

std::vector<std::pair<std::string, std::string>> ParseCookieHeader(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string_view piece : Split(header, ';')) {
    piece = Trim(piece);
    const size_t eq = piece.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string_view name = Trim(piece.substr(0, eq));
    std::string_view value = Trim(piece.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (name.empty()) continue;
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

const FilePart* MultipartData::File(std::string_view field) const {
  for (const auto& f : files) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

namespace {

// The value of `name` in "type; a=b; name=\"value\"" (quoted or not); nullopt when absent.
std::optional<std::string> HeaderParameter(std::string_view header, std::string_view name) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    ++pos;
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == '\t')) ++pos;
    const size_t eq = header.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = AsciiLower(Trim(header.substr(pos, eq - pos)));
    size_t v = eq + 1;
    std::string value;
    size_t next;
    if (v < header.size() && header[v] == '"') {
      ++v;
      while (v < header.size() && header[v] != '"') {
        if (header[v] == '\\' && v + 1 < header.size()) ++v;
        value += header[v++];
      }
      if (v >= header.size()) return std::nullopt;  // unterminated quote
      next = header.find(';', v + 1);
    } else {
      next = header.find(';', v);
      value = std::string(Trim(
          header.substr(v, next == std::string_view::npos ? std::string_view::npos : next - v)));
    }
    if (key == name) return value;
    pos = next;
  }
  return std::nullopt;
}

Error BadMultipart(std::string detail) {
  return InvalidInput(Message("error.form.malformed"))
      .WithDetail("multipart: " + std::move(detail));
}

}  // namespace

Result<MultipartData> ParseMultipart(std::string_view content_type, std::string_view body) {
  if (!AsciiLower(Trim(content_type.substr(0, content_type.find(';'))))
           .starts_with("multipart/form-data")) {
    return Fail(BadMultipart("not multipart/form-data"));
  }
  const auto boundary = HeaderParameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    return Fail(BadMultipart("missing or malformed boundary"));
  }
  const std::string delimiter = "--" + *boundary;
  const std::string separator = "\r\n" + delimiter;
  MultipartData out;
  // The preamble before the first delimiter is ignored (RFC 2046).
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Fail(BadMultipart("no delimiter"));
  pos += delimiter.size();
  size_t parts = 0;
  while (true) {
    if (body.substr(pos, 2) == "--") return out;  // the close delimiter
    // Transport padding, then the CRLF that ends the delimiter line.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return Fail(BadMultipart("delimiter line"));
    pos += 2;
    if (++parts > kMaxMultipartParts) return Fail(BadMultipart("too many parts"));
    const size_t headers_end = body.find("\r\n\r\n", pos);
    // A part may have no headers at all: the blank line follows at once.
    const bool no_headers = body.substr(pos, 2) == "\r\n";
    if (!no_headers && headers_end == std::string_view::npos)
      return Fail(BadMultipart("part headers"));
    const std::string_view headers =
        no_headers ? std::string_view() : body.substr(pos, headers_end - pos);
    const size_t content_start = no_headers ? pos + 2 : headers_end + 4;
    const size_t end = body.find(separator, content_start);
    if (end == std::string_view::npos) return Fail(BadMultipart("no closing delimiter"));
    const std::string_view content = body.substr(content_start, end - content_start);
    std::optional<std::string> name;
    std::optional<std::string> file_name;
    std::string part_type;
    size_t line_start = 0;
    while (line_start <= headers.size() && !headers.empty()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      const std::string_view line = headers.substr(line_start, line_end - line_start);
      const size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string header = AsciiLower(Trim(line.substr(0, colon)));
        const std::string_view value = line.substr(colon + 1);
        if (header == "content-disposition") {
          if (AsciiLower(Trim(value.substr(0, value.find(';')))) != "form-data")
            return Fail(BadMultipart("disposition"));
          name = HeaderParameter(value, "name");
          file_name = HeaderParameter(value, "filename");
        } else if (header == "content-type") {
          part_type = std::string(Trim(value));
        }
      }
      if (line_end >= headers.size()) break;
      line_start = line_end + 2;
    }
    if (!name || name->empty()) return Fail(BadMultipart("part without a name"));
    if (file_name) {
      // Old browsers send the whole client path; only its last component means anything.
      std::string base = *file_name;
      const size_t slash = base.find_last_of("/\\");
      if (slash != std::string::npos) base = base.substr(slash + 1);
      if (!IsValidUtf8(base)) return Fail(BadMultipart("file name not UTF-8"));
      out.files.push_back({*name, base, part_type, std::string(content)});
    } else {
      if (!IsValidUtf8(content) || !IsValidUtf8(*name)) return Fail(BadMultipart("not UTF-8"));
      out.fields.Add(*name, std::string(content));
    }
    pos = end + separator.size();
  }
}

}  // namespace pass::http
