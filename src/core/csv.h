// RFC 4180 CSV reading for imports: comma-separated, fields optionally in double quotes (with ""
// for a quote, and line breaks allowed inside), CRLF or LF line ends, a UTF-8 byte-order mark
// ignored. Records carry the line they start on, so errors can name it. Untrusted input: a
// libFuzzer target covers it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::csv {

struct Record {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Calls `on_record` for each record in order; stops at the first malformed one (an unclosed quote,
// a quote inside an unquoted field, text after a closing quote) with an error whose message names
// the line. Blank lines are skipped.
Result<void> Read(std::string_view text, const std::function<void(Record&&)>& on_record);

// Quotes a field when it needs it (comma, quote, line break, leading or trailing space).
std::string Quote(std::string_view field);

}  // namespace pass::csv
