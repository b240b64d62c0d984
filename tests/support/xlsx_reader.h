// Reads back what ToXlsx writes, independently of libxlsxwriter: entries of a zip archive held in
// memory (minizip) and the cells of a workbook's first worksheet as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::testing {

// The uncompressed content of the entry `name` ("xl/styles.xml") of the zip archive `zip_bytes`;
// NotFound when there is no such entry, InvalidInput when the bytes are not a zip archive.
Result<std::string> ReadZipEntry(std::string_view zip_bytes, std::string_view name);

// The cells of the first worksheet (the first <sheet> of xl/workbook.xml), row by row, as the
// text a spreadsheet shows: shared strings (t="s"), inline strings (t="inlineStr") and the raw
// value of any other cell, with XML entities, character references and Excel's _xHHHH_ escapes
// decoded. Cells and rows the sheet leaves out are empty strings; every row is as wide as the
// widest.
Result<std::vector<std::vector<std::string>>> ReadXlsxSheet(std::string_view xlsx_bytes);

}  // namespace pass::testing
