// The downloads organisation staff take away from the portal: a table of text as a CSV file or
// an .xlsx workbook, with every cell neutralised so that no spreadsheet runs it as a formula
// (OWASP "CSV injection"). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::exports {

struct Table {
  std::vector<std::string> header;             // column titles (already translated)
  std::vector<std::vector<std::string>> rows;  // each row as many cells as the header
};

// A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return)
// gets a leading apostrophe; every other cell is returned unchanged.
std::string NeutraliseCell(std::string_view cell);

// RFC 4180 CSV: a UTF-8 byte-order mark (so spreadsheet programs read accents right), CRLF line
// ends, the header first, every cell neutralised and quoted by pass::csv::Quote when it needs it.
std::string ToCsv(const Table& table);

// The name ToXlsx gives the sheet: characters Excel forbids ([ ] : * ? / \ and control
// characters) and a leading or trailing apostrophe become '_', the name is cut to Excel's 31
// characters (UTF-16 units), and an empty name becomes "Sheet1" ("History", reserved by Excel,
// becomes "History_").
std::string XlsxSheetName(std::string_view name);

// An .xlsx workbook with one sheet named XlsxSheetName(sheet_name): the header in bold, the first
// row frozen, column widths from the longest line in each column, every cell written as a string
// (never a formula or a number) and neutralised as in the CSV. Invalid UTF-8 is replaced by
// U+FFFD and NUL characters are dropped. Uses a private temporary file in the system temp
// directory, removed before returning. Failures (a cell over Excel's 32,767 characters, more rows
// than Excel allows, a temp directory that cannot be written) are Internal errors whose detail
// carries libxlsxwriter's message.
Result<std::string> ToXlsx(const Table& table, std::string_view sheet_name);

}  // namespace pass::exports
