#include "exports/exports.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>

#include "core/csv.h"
#include "core/strings.h"

namespace pass::exports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kMaxSheetNameUnits = 31;                  // Excel counts UTF-16 units
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 60;

// `s` with ill-formed UTF-8 replaced by U+FFFD and NUL characters (which the C API would cut the
// text at) dropped.
std::string CleanUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const auto cp = NextCodePoint(s, i);
    if (!cp) {
      out += kReplacement;
    } else if (*cp != 0) {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Excel reads "_xHHHH_" in a string as the character U+HHHH (ECMA-376 ST_Xstring); libxlsxwriter
// uses that escape for control characters but leaves such text in a cell alone, so a cell
// holding it literally would change. Escaping its underscore as "_x005F_" keeps it.
std::string EscapeXstring(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
        IsHex(s[i + 2]) && IsHex(s[i + 3]) && IsHex(s[i + 4]) && IsHex(s[i + 5]) &&
        s[i + 6] == '_') {
      out += "_x005F_";
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string XlsxCell(std::string_view cell) {
  return EscapeXstring(CleanUtf8(NeutraliseCell(cell)));
}

// Characters in the longest line of `text`, ill-formed bytes counting one each.
size_t LongestLine(std::string_view text) {
  size_t longest = 0;
  size_t current = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto cp = NextCodePoint(text, i);
    if (cp == U'\n' || cp == U'\r') {
      current = 0;
    } else {
      longest = std::max(longest, ++current);
    }
  }
  return longest;
}

std::string Detail(std::string_view what, lxw_error error) {
  return std::string(what) + ": " + lxw_strerror(error);
}

// Removes the file when it goes out of scope, whichever way ToXlsx returns.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  // Creates an empty file only this user can read, in `dir`.
  Result<void> Create(const std::filesystem::path& dir) {
    std::string name = (dir / "pass-export-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
      return Fail(Internal("creating a temporary file in " + dir.string() + ": " +
                           std::error_code(errno, std::generic_category()).message()));
    }
    ::close(fd);
    path_ = std::move(name);
    return {};
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Owns a workbook that has not been closed: frees it without writing anything.
struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

}  // namespace

std::string NeutraliseCell(std::string_view cell) {
  if (!cell.empty()) {
    switch (cell.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        return "'" + std::string(cell);
      default:
        break;
    }
  }
  return std::string(cell);
}

std::string ToCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  auto append_row = [&out](const std::vector<std::string>& cells) {
    // A row of one empty cell would be a blank line, which readers skip.
    if (cells.size() == 1 && cells.front().empty()) {
      out += "\"\"\r\n";
      return;
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += csv::Quote(NeutraliseCell(cells[i]));
    }
    out += "\r\n";
  };
  append_row(table.header);
  for (const auto& row : table.rows) append_row(row);
  return out;
}

std::string XlsxSheetName(std::string_view name) {
  const std::string clean = CleanUtf8(name);
  std::string out;
  size_t units = 0;
  size_t i = 0;
  while (i < clean.size()) {
    const size_t start = i;
    const char32_t cp = NextCodePoint(clean, i).value_or(0xFFFD);
    const size_t cp_units = cp >= 0x10000 ? 2 : 1;
    if (units + cp_units > kMaxSheetNameUnits) break;
    units += cp_units;
    if (cp < 0x20 || cp == 0x7F ||
        std::u32string_view(U"[]:*?/\\").find(cp) != std::u32string_view::npos) {
      out += '_';
    } else {
      out.append(clean, start, i - start);
    }
  }
  if (out.empty()) return "Sheet1";
  if (out.front() == '\'') out.front() = '_';
  if (out.back() == '\'') out.back() = '_';
  if (out.size() == 7 && std::equal(out.begin(), out.end(), "history", [](char a, char b) {
        return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
      })) {
    out += '_';
  }
  return out;
}

Result<std::string> ToXlsx(const Table& table, std::string_view sheet_name) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Fail(Internal("finding the temporary directory: " + ec.message()));
  TempFile file;
  if (auto created = file.Create(dir); !created) return Fail(std::move(created.error()));

  // libxlsxwriter's own scratch files go to the same directory and are unlinked as they open.
  std::string tmpdir = dir.string();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = tmpdir.data();
  options.use_zip64 = LXW_FALSE;
  std::unique_ptr<lxw_workbook, WorkbookFree> workbook(
      workbook_new_opt(file.path().c_str(), &options));
  if (!workbook)
    return Fail(Internal(Detail("creating the workbook", LXW_ERROR_MEMORY_MALLOC_FAILED)));

  const std::string name = XlsxSheetName(sheet_name);
  if (const lxw_error e = workbook_validate_sheet_name(workbook.get(), name.c_str());
      e != LXW_NO_ERROR) {
    return Fail(Internal(Detail("naming the sheet", e)));
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), name.c_str());
  if (sheet == nullptr)
    return Fail(Internal(Detail("adding the sheet", LXW_ERROR_MEMORY_MALLOC_FAILED)));
  lxw_format* bold = workbook_add_format(workbook.get());
  if (bold == nullptr)
    return Fail(Internal(Detail("adding a format", LXW_ERROR_MEMORY_MALLOC_FAILED)));
  format_set_bold(bold);

  std::vector<size_t> widths(table.header.size(), 0);
  auto write_row = [&](size_t row, const std::vector<std::string>& cells,
                       lxw_format* format) -> Result<void> {
    if (row >= LXW_ROW_MAX) {
      return Fail(Internal(Detail("writing row " + std::to_string(row + 1),
                                  LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)));
    }
    if (cells.size() > widths.size()) widths.resize(cells.size(), 0);
    for (size_t col = 0; col < cells.size(); ++col) {
      if (col >= LXW_COL_MAX) {
        return Fail(Internal(Detail("writing column " + std::to_string(col + 1),
                                    LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)));
      }
      const std::string text = XlsxCell(cells[col]);
      widths[col] = std::max(widths[col], LongestLine(text));
      const lxw_error e = worksheet_write_string(sheet, static_cast<lxw_row_t>(row),
                                                 static_cast<lxw_col_t>(col), text.c_str(), format);
      if (e != LXW_NO_ERROR) {
        return Fail(Internal(Detail("writing the cell in row " + std::to_string(row + 1) +
                                        ", column " + std::to_string(col + 1),
                                    e)));
      }
    }
    return {};
  };
  if (auto written = write_row(0, table.header, bold); !written) {
    return Fail(std::move(written.error()));
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (auto written = write_row(r + 1, table.rows[r], nullptr); !written) {
      return Fail(std::move(written.error()));
    }
  }
  for (size_t col = 0; col < widths.size(); ++col) {
    const double width =
        std::clamp(static_cast<double>(widths[col]) + 2, kMinColumnWidth, kMaxColumnWidth);
    const lxw_error e = worksheet_set_column(sheet, static_cast<lxw_col_t>(col),
                                             static_cast<lxw_col_t>(col), width, nullptr);
    if (e != LXW_NO_ERROR) return Fail(Internal(Detail("setting a column width", e)));
  }
  worksheet_freeze_panes(sheet, 1, 0);

  // workbook_close writes the file and frees the workbook whatever it returns.
  if (const lxw_error e = workbook_close(workbook.release()); e != LXW_NO_ERROR) {
    return Fail(Internal(Detail("writing the workbook", e)));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in || !bytes) return Fail(Internal("reading back the workbook from " + file.path()));
  return std::move(bytes).str();
}

}  // namespace pass::exports
