// The staff downloads: CSV and .xlsx read back (through pass::csv::Read and an independent .xlsx
// reader) give the table's cells, with formula-looking cells neutralised, and no temporary file
// is left behind.
#include "exports/exports.h"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/csv.h"
#include "support/temp_dir.h"
#include "support/xlsx_reader.h"

namespace pass::exports {
namespace {

using Grid = std::vector<std::vector<std::string>>;
using pass::testing::ReadXlsxSheet;
using pass::testing::ReadZipEntry;
using pass::testing::TempDir;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Grid Cells(const Table& table) {
  Grid grid{table.header};
  grid.insert(grid.end(), table.rows.begin(), table.rows.end());
  return grid;
}

Grid Neutralised(const Table& table) {
  Grid grid = Cells(table);
  for (auto& row : grid) {
    for (auto& cell : row) cell = NeutraliseCell(cell);
  }
  return grid;
}

Grid ReadCsv(const std::string& csv) {
  Grid grid;
  const auto read =
      csv::Read(csv, [&grid](csv::Record&& record) { grid.push_back(std::move(record.fields)); });
  EXPECT_TRUE(read.has_value()) << (read ? "" : read.error().message.key);
  return grid;
}

Grid ReadXlsx(const std::string& xlsx) {
  auto grid = ReadXlsxSheet(xlsx);
  EXPECT_TRUE(grid.has_value()) << (grid ? "" : grid.error().detail);
  return grid.value_or(Grid{});
}

std::string Entry(const std::string& xlsx, std::string_view name) {
  auto entry = ReadZipEntry(xlsx, name);
  EXPECT_TRUE(entry.has_value()) << name;
  return entry.value_or("");
}

std::string SheetNameIn(const std::string& xlsx) {
  const std::string workbook = Entry(xlsx, "xl/workbook.xml");
  const size_t at = workbook.find("<sheet name=\"");
  if (at == std::string::npos) return "";
  const size_t start = at + 13;
  return workbook.substr(start, workbook.find('"', start) - start);
}

// Sets TMPDIR for the life of the object, so the test sees every file ToXlsx makes.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_) {
      setenv("TMPDIR", old_->c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

bool IsEmptyDir(const std::filesystem::path& dir) {
  return std::filesystem::directory_iterator(dir) == std::filesystem::directory_iterator();
}

const Table& Tricky() {
  static const Table table{{"Nom", "Organisation", "Remarque"},
                           {
                               {"Åsa Ångström", "Łódź, \"Młodzi\"", "line one\r\nline two"},
                               {"Éloïse", "a=b", "1-2"},
                               {"=SUM(A1:A2)", "+33 1 23", "-5"},
                               {"@cmd", "\tindent", "\rreturn"},
                               {"", " spaced ", "trailing,"},
                               {"_x0041_ stays", "<&>\"'", "emoji 😀 ok"},
                           }};
  return table;
}

TEST(NeutraliseCell, PrefixesOnlyWhatASpreadsheetWouldRun) {
  for (std::string_view cell : {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"}) {
    EXPECT_EQ(NeutraliseCell(cell), "'" + std::string(cell)) << cell;
  }
  for (std::string_view cell : {"a=b", "1-2", "", " =1", "'=1", "Ångström", "x@y.eu"}) {
    EXPECT_EQ(NeutraliseCell(cell), cell) << cell;
  }
}

TEST(ToCsv, StartsWithBomAndUsesCrlf) {
  const std::string csv = ToCsv({{"a", "b"}, {{"1", "2"}}});
  EXPECT_EQ(csv, std::string(kBom) + "a,b\r\n1,2\r\n");
}

TEST(ToCsv, ReadsBackAsTheNeutralisedTable) {
  const std::string csv = ToCsv(Tricky());
  ASSERT_TRUE(csv.starts_with(kBom));
  EXPECT_EQ(ReadCsv(csv.substr(kBom.size())), Neutralised(Tricky()));
  // The neutralised cells, and the ones left alone.
  const Grid grid = ReadCsv(csv);
  EXPECT_EQ(grid[2][1], "a=b");
  EXPECT_EQ(grid[2][2], "1-2");
  EXPECT_EQ(grid[3][0], "'=SUM(A1:A2)");
  EXPECT_EQ(grid[3][1], "'+33 1 23");
  EXPECT_EQ(grid[3][2], "'-5");
  EXPECT_EQ(grid[4][0], "'@cmd");
  EXPECT_EQ(grid[4][1], "'\tindent");
  EXPECT_EQ(grid[4][2], "'\rreturn");
  EXPECT_EQ(grid[1][0], "Åsa Ångström");
}

TEST(ToCsv, HeaderOnlyAndSingleEmptyCell) {
  EXPECT_EQ(ReadCsv(ToCsv({{"Name", "Country"}, {}})), (Grid{{"Name", "Country"}}));
  const Table one_column{{"Name"}, {{"x"}, {""}, {"y"}}};
  EXPECT_EQ(ReadCsv(ToCsv(one_column)), Cells(one_column));
}

TEST(ToXlsx, ReadsBackAsTheNeutralisedTable) {
  const auto xlsx = ToXlsx(Tricky(), "Participants");
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().detail;
  EXPECT_EQ(ReadXlsx(*xlsx), Neutralised(Tricky()));
}

TEST(ToXlsx, EveryCellIsAString) {
  const Table table{{"n", "f"}, {{"12", "=1+1"}, {"3.5", "TRUE"}}};
  const auto xlsx = ToXlsx(table, "S");
  ASSERT_TRUE(xlsx.has_value());
  const std::string sheet = Entry(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  size_t cells = 0;
  for (size_t at = sheet.find("<c "); at != std::string::npos; at = sheet.find("<c ", at + 1)) {
    ++cells;
    const std::string tag = sheet.substr(at, sheet.find('>', at) - at);
    EXPECT_NE(tag.find("t=\"s\""), std::string::npos) << tag;
  }
  EXPECT_EQ(cells, 6u);
  EXPECT_EQ(ReadXlsx(*xlsx), Neutralised(table));
}

TEST(ToXlsx, BoldHeaderFrozenRowAndColumnWidths) {
  const Table table{{"Short", "A much longer column title"}, {{"x", "y"}}};
  const auto xlsx = ToXlsx(table, "S");
  ASSERT_TRUE(xlsx.has_value());
  const std::string sheet = Entry(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<pane"), std::string::npos);
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet.find("topLeftCell=\"A2\""), std::string::npos);
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);
  EXPECT_NE(Entry(*xlsx, "xl/styles.xml").find("<b/>"), std::string::npos);
  // The header cells carry the bold style; the data cells do not.
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\""), std::string::npos);
  EXPECT_EQ(sheet.find("<c r=\"A2\" s="), std::string::npos);
}

TEST(ToXlsx, HeaderOnly) {
  const Table table{{"Name", "", "Country"}, {}};
  const auto xlsx = ToXlsx(table, "Empty");
  ASSERT_TRUE(xlsx.has_value());
  EXPECT_EQ(ReadXlsx(*xlsx), (Grid{{"Name", "", "Country"}}));
}

TEST(ToXlsx, SheetNameRules) {
  EXPECT_EQ(XlsxSheetName("Participants"), "Participants");
  EXPECT_EQ(XlsxSheetName("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(XlsxSheetName(""), "Sheet1");
  EXPECT_EQ(XlsxSheetName("'quoted'"), "_quoted_");
  EXPECT_EQ(XlsxSheetName("history"), "history_");
  EXPECT_EQ(XlsxSheetName(std::string(40, 'x')), std::string(31, 'x'));
  // Cut by characters, not bytes: 40 "Å" keep 31 of them.
  std::string long_accented;
  for (int i = 0; i < 40; ++i) long_accented += "Å";
  std::string cut;
  for (int i = 0; i < 31; ++i) cut += "Å";
  EXPECT_EQ(XlsxSheetName(long_accented), cut);
  // An emoji is two UTF-16 units for Excel and is not split.
  EXPECT_EQ(XlsxSheetName(std::string(30, 'x') + "😀"), std::string(30, 'x'));
  EXPECT_EQ(XlsxSheetName(std::string(30, 'x') + "'"), std::string(30, 'x') + "_");

  const Table table{{"a"}, {}};
  const auto xlsx = ToXlsx(table, "Jeunes/Młodzi: 2024 [export] and a long tail");
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().detail;
  EXPECT_EQ(SheetNameIn(*xlsx), "Jeunes_Młodzi_ 2024 _export_ an");
  const auto unnamed = ToXlsx(table, "");
  ASSERT_TRUE(unnamed.has_value());
  EXPECT_EQ(SheetNameIn(*unnamed), "Sheet1");
}

TEST(Exports, TenThousandRowsRoundTrip) {
  Table table{{"#", "Name", "Country", "Note"}, {}};
  for (int i = 0; i < 10000; ++i) {
    table.rows.push_back({std::to_string(i), "Zoë " + std::to_string(i), i % 2 ? "PL" : "FR",
                          i % 7 == 0 ? "=HYPERLINK(\"x\")" : "ok, \"fine\""});
  }
  EXPECT_EQ(ReadCsv(ToCsv(table)), Neutralised(table));
  const auto xlsx = ToXlsx(table, "Big");
  ASSERT_TRUE(xlsx.has_value());
  EXPECT_EQ(ReadXlsx(*xlsx), Neutralised(table));
}

TEST(ToXlsx, LeavesNoTemporaryFile) {
  TempDir dir;
  ScopedTmpdir tmpdir(dir.path().string());
  ASSERT_EQ(std::filesystem::temp_directory_path(), dir.path());
  ASSERT_TRUE(ToXlsx(Tricky(), "S").has_value());
  EXPECT_TRUE(IsEmptyDir(dir.path()));
  // Nor on an error path: a cell over Excel's 32,767 characters.
  const auto too_long = ToXlsx({{"a"}, {{std::string(40000, 'x')}}}, "S");
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().code, ErrorCode::kInternal);
  EXPECT_NE(too_long.error().detail.find("32,767"), std::string::npos) << too_long.error().detail;
  EXPECT_TRUE(IsEmptyDir(dir.path()));
}

TEST(ToXlsx, UnwritableTempDirIsAnInternalError) {
  TempDir dir;
  ScopedTmpdir tmpdir((dir.path() / "missing").string());
  const auto xlsx = ToXlsx(Tricky(), "S");
  ASSERT_FALSE(xlsx.has_value());
  EXPECT_EQ(xlsx.error().code, ErrorCode::kInternal);
}

TEST(ToXlsx, InvalidUtf8AndNulAreCleaned) {
  const Table table{{"h"},
                    {{std::string("a\xFF"
                                  "b")},
                     {std::string("c\0d", 3)}}};
  const auto xlsx = ToXlsx(table, "S");
  ASSERT_TRUE(xlsx.has_value());
  EXPECT_EQ(ReadXlsx(*xlsx), (Grid{{"h"},
                                   {"a\xEF\xBF\xBD"
                                    "b"},
                                   {"cd"}}));
}

// The reader's inline-string, entity and gap handling, on a workbook written by hand.
TEST(XlsxReader, ReadsInlineStringsEntitiesAndGaps) {
  TempDir dir;
  const std::string path = (dir.path() / "hand.xlsx").string();
  zipFile zip = zipOpen(path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(zip, nullptr);
  auto add = [&zip](const char* name, std::string_view content) {
    ASSERT_EQ(zipOpenNewFileInZip(zip, name, nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                  Z_DEFAULT_COMPRESSION),
              ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(zip, content.data(), content.size()), ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(zip), ZIP_OK);
  };
  add("xl/workbook.xml", R"(<?xml version="1.0"?><workbook xmlns:r="x"><sheets>)"
                         R"(<sheet name="A" sheetId="1" r:id="rId7"/></sheets></workbook>)");
  add("xl/_rels/workbook.xml.rels",
      R"(<Relationships><Relationship Id="rId7" Target="worksheets/data.xml"/></Relationships>)");
  add("xl/sharedStrings.xml",
      R"(<sst><si><t>shared &amp; done</t></si><si><r><t>rich </t></r><r><t>text</t></r>)"
      R"(<rPh><t>skip</t></rPh></si></sst>)");
  add("xl/worksheets/data.xml",
      R"(<worksheet><sheetData>)"
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&lt;a&gt; &quot;q&quot; &apos;s&apos;</t></is></c>)"
      R"(<c r="C1" t="s"><v>0</v></c></row>)"
      R"(<row r="3"><c r="B3" t="inlineStr"><is><t>&#197;&#x142;_x000D_x_x005F_x0041_</t></is></c>)"
      R"(<c r="C3" t="s"><v>1</v></c><c r="D3"><v>42</v></c></row>)"
      R"(</sheetData></worksheet>)");
  ASSERT_EQ(zipClose(zip, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();

  EXPECT_EQ(ReadXlsx(bytes.str()), (Grid{{"<a> \"q\" 's'", "", "shared & done", ""},
                                         {"", "", "", ""},
                                         {"", "Åł\rx_x0041_", "rich text", "42"}}));
  EXPECT_FALSE(ReadZipEntry(bytes.str(), "nope.xml").has_value());
  EXPECT_FALSE(ReadZipEntry("not a zip", "xl/workbook.xml").has_value());
}

}  // namespace
}  // namespace pass::exports
