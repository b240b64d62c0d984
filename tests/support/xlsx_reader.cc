#include "support/xlsx_reader.h"

#include <minizip/unzip.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>

#include "core/strings.h"

namespace pass::testing {
namespace {

// ---- zip archive in memory: minizip's file callbacks over a string_view ----

struct MemoryFile {
  std::string_view data;
  ZPOS64_T pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void* /*filename*/, int mode) {
  if ((mode & ZLIB_FILEFUNC_MODE_WRITE) != 0) return nullptr;
  return new MemoryFile{*static_cast<std::string_view*>(opaque), 0};
}
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemoryFile*>(stream);
  const ZPOS64_T left = f->pos < f->data.size() ? f->data.size() - f->pos : 0;
  const uLong n = static_cast<uLong>(std::min<ZPOS64_T>(size, left));
  std::memcpy(buf, f->data.data() + f->pos, n);
  f->pos += n;
  return n;
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemoryFile*>(stream);
  ZPOS64_T base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = f->pos;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = f->data.size();
      break;
    default:
      return -1;
  }
  if (base + offset > f->data.size()) return -1;
  f->pos = base + offset;
  return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf stream) {
  delete static_cast<MemoryFile*>(stream);
  return 0;
}
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

// ---- a small XML pull reader: enough for the parts of a workbook ----

Error Malformed(std::string detail) {
  return InvalidInput("error.xlsx.malformed").WithDetail(std::move(detail));
}

// Character data as an XML parser hands it over: line ends normalised (a literal CR or CRLF is a
// LF), then the five predefined entities and character references expanded.
Result<std::string> DecodeXml(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      continue;
    }
    if (c != '&') {
      out += c;
      continue;
    }
    const size_t end = raw.find(';', i);
    if (end == std::string_view::npos) return Fail(Malformed("unterminated entity"));
    const std::string_view entity = raw.substr(i + 1, end - i - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (entity.starts_with('#') && entity.size() > 1) {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string_view digits = entity.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
          cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return Fail(Malformed("bad character reference &" + std::string(entity) + ";"));
      }
      AppendUtf8(out, cp);
    } else {
      return Fail(Malformed("unknown entity &" + std::string(entity) + ";"));
    }
    i = end;
  }
  return out;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Excel's _xHHHH_ escapes (ECMA-376 ST_Xstring), a surrogate pair written as two of them.
std::string DecodeXstring(std::string_view s) {
  auto escape_at = [&s](size_t i) -> std::optional<uint32_t> {
    if (i + 6 >= s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return {};
    for (size_t k = 2; k < 6; ++k) {
      if (!IsHex(s[i + k])) return {};
    }
    uint32_t v = 0;
    std::from_chars(s.data() + i + 2, s.data() + i + 6, v, 16);
    return v;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto unit = escape_at(i);
    if (!unit) {
      out += s[i++];
      continue;
    }
    i += 7;
    uint32_t cp = *unit;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (const auto low = escape_at(i); low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      }
    }
    AppendUtf8(out, cp);
  }
  return out;
}

struct XmlToken {
  enum Kind { kStart, kEnd, kText, kEof };
  Kind kind = kEof;
  std::string_view name;   // local name, without a namespace prefix
  std::string_view attrs;  // the raw attribute text of a start tag
  bool self_closing = false;
  std::string text;  // decoded character data
};

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

class XmlReader {
 public:
  explicit XmlReader(std::string_view xml) : xml_(xml) {}

  Result<XmlToken> Next() {
    XmlToken token;
    while (pos_ < xml_.size()) {
      if (xml_[pos_] != '<') {
        const size_t end = std::min(xml_.find('<', pos_), xml_.size());
        PASS_TRY(text, DecodeXml(xml_.substr(pos_, end - pos_)));
        pos_ = end;
        token.kind = XmlToken::kText;
        token.text = std::move(*text);
        return token;
      }
      const std::string_view rest = xml_.substr(pos_);
      if (rest.starts_with("<![CDATA[")) {
        const size_t end = xml_.find("]]>", pos_);
        if (end == std::string_view::npos) return Fail(Malformed("unterminated CDATA"));
        token.kind = XmlToken::kText;
        token.text = std::string(xml_.substr(pos_ + 9, end - pos_ - 9));
        pos_ = end + 3;
        return token;
      }
      if (rest.starts_with("<!--") || rest.starts_with("<?") || rest.starts_with("<!")) {
        const std::string_view close = rest.starts_with("<!--") ? "-->" : ">";
        const size_t end = xml_.find(close, pos_);
        if (end == std::string_view::npos) return Fail(Malformed("unterminated markup"));
        pos_ = end + close.size();
        continue;
      }
      // A tag: find its '>' outside quoted attribute values.
      size_t end = pos_ + 1;
      char quote = 0;
      for (; end < xml_.size(); ++end) {
        const char c = xml_[end];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
      }
      if (end >= xml_.size()) return Fail(Malformed("unterminated tag"));
      std::string_view tag = xml_.substr(pos_ + 1, end - pos_ - 1);
      pos_ = end + 1;
      if (tag.starts_with('/')) {
        token.kind = XmlToken::kEnd;
        tag.remove_prefix(1);
        token.name = LocalName(tag.substr(0, tag.find_first_of(" \t\r\n")));
        return token;
      }
      token.kind = XmlToken::kStart;
      if (tag.ends_with('/')) {
        token.self_closing = true;
        tag.remove_suffix(1);
      }
      const size_t name_end = std::min(tag.find_first_of(" \t\r\n"), tag.size());
      token.name = LocalName(tag.substr(0, name_end));
      token.attrs = tag.substr(name_end);
      return token;
    }
    return token;  // kEof
  }

 private:
  std::string_view xml_;
  size_t pos_ = 0;
};

// The value of the attribute whose local name is `name` ("id" finds r:id), decoded.
Result<std::optional<std::string>> Attr(std::string_view attrs, std::string_view name) {
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  auto skip_space = [&] {
    while (i < attrs.size() && is_space(attrs[i])) ++i;
  };
  for (;;) {
    skip_space();
    if (i >= attrs.size()) return std::optional<std::string>();
    const size_t name_start = i;
    while (i < attrs.size() && attrs[i] != '=' && !is_space(attrs[i])) ++i;
    const std::string_view qname = attrs.substr(name_start, i - name_start);
    skip_space();
    if (i >= attrs.size() || attrs[i] != '=') return Fail(Malformed("attribute without value"));
    ++i;
    skip_space();
    if (i >= attrs.size() || (attrs[i] != '"' && attrs[i] != '\'')) {
      return Fail(Malformed("unquoted attribute"));
    }
    const char quote = attrs[i++];
    const size_t value_end = attrs.find(quote, i);
    if (value_end == std::string_view::npos) return Fail(Malformed("unterminated attribute"));
    const std::string_view raw = attrs.substr(i, value_end - i);
    i = value_end + 1;
    if (LocalName(qname) == name) {
      PASS_TRY(value, DecodeXml(raw));
      return std::optional<std::string>(std::move(*value));
    }
  }
}

// "BC12" as a zero-based column (54) and row (11); a missing part is nullopt.
struct CellRef {
  std::optional<size_t> col;
  std::optional<size_t> row;
};
CellRef ParseRef(std::string_view ref) {
  CellRef out;
  size_t i = 0;
  size_t col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') col = col * 26 + (ref[i++] - 'A' + 1);
  if (i > 0) out.col = col - 1;
  size_t row = 0;
  const auto [ptr, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (ec == std::errc() && ptr == ref.data() + ref.size() && row > 0) out.row = row - 1;
  return out;
}

Result<std::vector<std::string>> SharedStrings(std::string_view xml) {
  std::vector<std::string> strings;
  XmlReader reader(xml);
  bool in_si = false, in_t = false;
  int in_rph = 0;
  std::string current;
  for (;;) {
    PASS_TRY(token, reader.Next());
    if (token->kind == XmlToken::kEof) break;
    if (token->kind == XmlToken::kStart) {
      if (token->name == "si") {
        current.clear();
        in_si = !token->self_closing;
        if (token->self_closing) strings.emplace_back();
      } else if (token->name == "t") {
        in_t = !token->self_closing;
      } else if (token->name == "rPh" && !token->self_closing) {
        ++in_rph;
      }
    } else if (token->kind == XmlToken::kEnd) {
      if (token->name == "si") {
        strings.push_back(DecodeXstring(current));
        in_si = false;
      } else if (token->name == "t") {
        in_t = false;
      } else if (token->name == "rPh") {
        --in_rph;
      }
    } else if (token->kind == XmlToken::kText && in_si && in_t && in_rph == 0) {
      current += token->text;
    }
  }
  return strings;
}

// The zip path of the first worksheet, from xl/workbook.xml and its relationships.
Result<std::string> FirstSheetPath(std::string_view xlsx_bytes) {
  PASS_TRY(workbook, ReadZipEntry(xlsx_bytes, "xl/workbook.xml"));
  XmlReader reader(*workbook);
  std::optional<std::string> id;
  while (!id) {
    PASS_TRY(token, reader.Next());
    if (token->kind == XmlToken::kEof) return Fail(Malformed("the workbook has no sheet"));
    if (token->kind == XmlToken::kStart && token->name == "sheet") {
      PASS_TRY(value, Attr(token->attrs, "id"));
      if (!*value) return Fail(Malformed("a sheet without r:id"));
      id = std::move(**value);
    }
  }
  PASS_TRY(rels, ReadZipEntry(xlsx_bytes, "xl/_rels/workbook.xml.rels"));
  XmlReader rel_reader(*rels);
  for (;;) {
    PASS_TRY(token, rel_reader.Next());
    if (token->kind == XmlToken::kEof) break;
    if (token->kind != XmlToken::kStart || token->name != "Relationship") continue;
    PASS_TRY(rel_id, Attr(token->attrs, "Id"));
    if (*rel_id != id) continue;
    PASS_TRY(target, Attr(token->attrs, "Target"));
    if (!*target) return Fail(Malformed("a relationship without Target"));
    const std::string& t = **target;
    return t.starts_with('/') ? t.substr(1) : "xl/" + t;
  }
  return Fail(Malformed("no relationship " + *id));
}

}  // namespace

Result<std::string> ReadZipEntry(std::string_view zip_bytes, std::string_view name) {
  std::string_view data = zip_bytes;
  zlib_filefunc64_def funcs = {};
  funcs.zopen64_file = MemOpen;
  funcs.zread_file = MemRead;
  funcs.zwrite_file = MemWrite;
  funcs.ztell64_file = MemTell;
  funcs.zseek64_file = MemSeek;
  funcs.zclose_file = MemClose;
  funcs.zerror_file = MemError;
  funcs.opaque = &data;
  unzFile zip = unzOpen2_64("memory.zip", &funcs);
  if (zip == nullptr) return Fail(InvalidInput("error.zip.malformed").WithDetail("not a zip"));
  struct Closer {
    unzFile zip;
    ~Closer() { unzClose(zip); }
  } closer{zip};
  const std::string entry(name);
  if (unzLocateFile(zip, entry.c_str(), 1) != UNZ_OK) {
    return Fail(NotFound("error.zip.no_entry").WithDetail("no entry " + entry));
  }
  if (unzOpenCurrentFile(zip) != UNZ_OK) {
    return Fail(InvalidInput("error.zip.malformed").WithDetail("cannot open " + entry));
  }
  std::string out;
  char buf[16384];
  int n = 0;
  while ((n = unzReadCurrentFile(zip, buf, sizeof buf)) > 0) out.append(buf, n);
  const int closed = unzCloseCurrentFile(zip);  // checks the CRC
  if (n < 0 || closed != UNZ_OK) {
    return Fail(InvalidInput("error.zip.malformed").WithDetail("cannot read " + entry));
  }
  return out;
}

Result<std::vector<std::vector<std::string>>> ReadXlsxSheet(std::string_view xlsx_bytes) {
  std::vector<std::string> shared;
  if (auto sst = ReadZipEntry(xlsx_bytes, "xl/sharedStrings.xml"); sst) {
    PASS_TRY(strings, SharedStrings(*sst));
    shared = std::move(*strings);
  } else if (sst.error().code != ErrorCode::kNotFound) {
    return Fail(std::move(sst.error()));
  }
  PASS_TRY(path, FirstSheetPath(xlsx_bytes));
  PASS_TRY(sheet, ReadZipEntry(xlsx_bytes, *path));

  std::vector<std::vector<std::string>> rows;
  size_t width = 0;
  size_t row = 0, col = 0;
  bool have_row = false, in_cell = false, in_v = false, in_is = false, in_t = false;
  int in_rph = 0;
  std::string type, v_text, is_text;
  auto put = [&](std::string value) {
    if (rows.size() <= row) rows.resize(row + 1);
    if (rows[row].size() <= col) rows[row].resize(col + 1);
    width = std::max(width, col + 1);
    rows[row][col] = std::move(value);
  };
  XmlReader reader(*sheet);
  for (;;) {
    PASS_TRY(token, reader.Next());
    if (token->kind == XmlToken::kEof) break;
    if (token->kind == XmlToken::kStart) {
      if (token->name == "row") {
        PASS_TRY(r, Attr(token->attrs, "r"));
        const auto ref = *r ? ParseRef(**r) : CellRef{};
        row = ref.row ? *ref.row : (have_row ? row + 1 : 0);
        have_row = true;
        col = static_cast<size_t>(-1);
        if (rows.size() <= row) rows.resize(row + 1);
      } else if (token->name == "c") {
        PASS_TRY(r, Attr(token->attrs, "r"));
        PASS_TRY(t, Attr(token->attrs, "t"));
        const auto ref = *r ? ParseRef(**r) : CellRef{};
        col = ref.col ? *ref.col : col + 1;
        if (ref.row) row = *ref.row;
        type = t->value_or("n");
        v_text.clear();
        is_text.clear();
        in_cell = !token->self_closing;
        if (token->self_closing) put("");
      } else if (in_cell && token->name == "v") {
        in_v = !token->self_closing;
      } else if (in_cell && token->name == "is") {
        in_is = !token->self_closing;
      } else if (in_is && token->name == "t") {
        in_t = !token->self_closing;
      } else if (in_is && token->name == "rPh" && !token->self_closing) {
        ++in_rph;
      }
    } else if (token->kind == XmlToken::kEnd) {
      if (token->name == "c" && in_cell) {
        in_cell = false;
        if (type == "s") {
          size_t index = 0;
          const auto [ptr, ec] =
              std::from_chars(v_text.data(), v_text.data() + v_text.size(), index);
          if (ec != std::errc() || ptr != v_text.data() + v_text.size() || index >= shared.size()) {
            return Fail(Malformed("bad shared string index " + v_text));
          }
          put(shared[index]);
        } else if (type == "inlineStr") {
          put(DecodeXstring(is_text));
        } else if (type == "str") {
          put(DecodeXstring(v_text));
        } else {
          put(v_text);
        }
      } else if (token->name == "v") {
        in_v = false;
      } else if (token->name == "is") {
        in_is = false;
      } else if (token->name == "t") {
        in_t = false;
      } else if (token->name == "rPh") {
        --in_rph;
      }
    } else if (token->kind == XmlToken::kText) {
      if (in_v) v_text += token->text;
      if (in_is && in_t && in_rph == 0) is_text += token->text;
    }
  }
  for (auto& r : rows) r.resize(width);
  return rows;
}

}  // namespace pass::testing
