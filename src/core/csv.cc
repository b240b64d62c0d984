#include "core/csv.h"

namespace pass::csv {

Result<void> Read(std::string_view text, const std::function<void(Record&&)>& on_record) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto fail = [&](int at, const char* key) {
    return Fail(InvalidInput(Message(key, {{"line", std::to_string(at)}})));
  };
  while (i < n) {
    Record record;
    record.line = line;
    std::string field;
    bool end_of_record = false;
    // A blank line is not a record.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    while (!end_of_record) {
      field.clear();
      if (i < n && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= n) return fail(record.line, "error.csv.unclosed_quote");
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return fail(line, "error.csv.text_after_quote");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') return fail(line, "error.csv.stray_quote");
          field += text[i];
          ++i;
        }
      }
      record.fields.push_back(field);
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else if (text[i] == '\r') {
        if (i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      } else {  // '\n'
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    on_record(std::move(record));
  }
  return {};
}

std::string Quote(std::string_view field) {
  const bool needs = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace pass::csv
