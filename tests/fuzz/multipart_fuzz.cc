// multipart/form-data bodies (the import upload) come straight from the network. The first line
// of the input is the Content-Type header, the rest the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/strings.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view content_type =
      newline == std::string_view::npos ? input : input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  auto parts = pass::http::ParseMultipart(content_type, body);
  if (!parts) return 0;
  // What is accepted: fields are UTF-8, every file's bytes come from the body, and the part
  // limit holds.
  if (parts->fields.pairs().size() + parts->files.size() > pass::http::kMaxMultipartParts)
    __builtin_trap();
  for (const auto& [name, value] : parts->fields.pairs()) {
    if (!pass::IsValidUtf8(name) || !pass::IsValidUtf8(value)) __builtin_trap();
  }
  for (const auto& f : parts->files) {
    if (body.find(f.content) == std::string_view::npos) __builtin_trap();
    if (f.file_name.find('/') != std::string::npos || f.file_name.find('\\') != std::string::npos)
      __builtin_trap();
  }
  return 0;
}
