#include "core/fields.h"

#include <algorithm>
#include <set>

#include "core/strings.h"

namespace pass::fields {

std::string Item(std::string_view list, size_t index, std::string_view member) {
  std::string out(list);
  out += '[';
  out += std::to_string(index + 1);
  out += ']';
  if (!member.empty()) {
    out += '.';
    out += member;
  }
  return out;
}

bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (allow_newlines) continue;
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
    if (c == 0xE2 && next == 0x80 && i + 2 < s.size() &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9))
      return true;
  }
  return false;
}

void CheckLine(std::vector<FieldError>& out, std::string_view field, std::string_view value,
               bool required, size_t max) {
  if (Trim(value).empty()) {
    if (required) out.push_back({std::string(field), Message("error.field.required")});
    return;
  }
  if (!IsValidUtf8(value) || HasControlCharacters(value, false)) {
    out.push_back({std::string(field), Message("error.field.one_line")});
  } else if (CharacterCount(value) > max) {
    out.push_back(
        {std::string(field), Message("error.field.too_long", {{"max", std::to_string(max)}})});
  }
}

void CheckText(std::vector<FieldError>& out, std::string_view field, std::string_view value,
               size_t max) {
  if (!IsValidUtf8(value) || HasControlCharacters(value, true)) {
    out.push_back({std::string(field), Message("error.field.text")});
  } else if (CharacterCount(value) > max) {
    out.push_back(
        {std::string(field), Message("error.field.too_long_count",
                                     {{"max", std::to_string(max)},
                                      {"count", std::to_string(CharacterCount(value))}})});
  }
}

void CheckCodes(std::vector<FieldError>& out, std::string_view field,
                const std::vector<std::string>& values, bool (*known)(std::string_view),
                const char* unknown_key) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!known(values[i])) {
      out.push_back({Item(field, i), Message(unknown_key, {{"value", values[i]}})});
    } else if (!seen.insert(values[i]).second) {
      out.push_back({Item(field, i), Message("error.field.duplicate", {{"value", values[i]}})});
    }
  }
}

size_t CharacterCount(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace pass::fields
