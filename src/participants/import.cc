#include "participants/import.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "codes/codes.h"
#include "core/strings.h"
#include "participants/profile.h"

namespace pass::participants {

namespace {

using fields::Item;

// A strict JSON reader (RFC 8259) for one line: exactly what a standard parser accepts
// (tests/fuzz checks it against nlohmann::json), with a depth limit, into a small tree. Written
// here rather than taken from a library because it is several times faster on a million lines
// and keeps JSON types out of the domain.
struct JsonMember;

struct Json {
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  std::string text;  // a string's decoded value, or a number as written
  std::vector<Json> items;
  std::vector<JsonMember> members;
};

struct JsonMember {
  std::string first;  // the key
  Json second;
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  // The whole text as one value, with whitespace around it.
  bool Read(Json& out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    if (pos_ != s_.size()) return Fail("text after the end of the value");
    return true;
  }

  const char* error() const { return error_; }
  size_t error_position() const { return error_pos_; }

 private:
  bool Fail(const char* what) {
    if (error_ == nullptr) {
      error_ = what;
      error_pos_ = pos_;
    }
    return false;
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Fail("unexpected character");
    pos_ += word.size();
    return true;
  }

  bool Value(Json& out, int depth) {
    if (pos_ >= s_.size()) return Fail("unexpected end of the line");
    switch (s_[pos_]) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"':
        out.type = Json::Type::kString;
        return String(out.text);
      case 't':
        out.type = Json::Type::kBool;
        out.boolean = true;
        return Literal("true");
      case 'f':
        out.type = Json::Type::kBool;
        out.boolean = false;
        return Literal("false");
      case 'n':
        out.type = Json::Type::kNull;
        return Literal("null");
      default:
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return Number(out);
        return Fail("unexpected character");
    }
  }

  bool Object(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return Fail("nested too deeply");
    out.type = Json::Type::kObject;
    ++pos_;  // {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a key in quotes");
      auto& member = out.members.emplace_back();
      if (!String(member.first)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':'");
      ++pos_;
      SkipSpace();
      if (!Value(member.second, depth)) return false;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end of the line");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  bool Array(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return Fail("nested too deeply");
    out.type = Json::Type::kArray;
    ++pos_;  // [
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      SkipSpace();
      if (!Value(out.items.emplace_back(), depth)) return false;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end of the line");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool Number(Json& out) {
    out.type = Json::Type::kNumber;
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return Fail("invalid number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Fail("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Fail("invalid number");
    }
    out.text.assign(s_.substr(start, pos_ - start));
    // Like common parsers, refuse numbers beyond the range of a double.
    if (!std::isfinite(std::strtod(out.text.c_str(), nullptr))) {
      pos_ = start;
      return Fail("number out of range");
    }
    return true;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits after "\u".
  bool Code(uint32_t& out) {
    if (pos_ + 4 > s_.size()) return Fail("invalid \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = Hex(s_[pos_ + static_cast<size_t>(i)]);
      if (h < 0) return Fail("invalid \\u escape");
      out = out * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    return true;
  }

  // The length of the well-formed UTF-8 sequence at pos_ (RFC 3629: no overlong forms, no
  // surrogates, nothing above U+10FFFF), or 0.
  size_t Utf8Length() const {
    auto byte = [&](size_t i) -> unsigned {
      return pos_ + i < s_.size() ? static_cast<unsigned char>(s_[pos_ + i]) : 0u;
    };
    auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
      const unsigned b = byte(i);
      return b >= lo && b <= hi;
    };
    const unsigned b0 = byte(0);
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
    if (b0 == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (b0 == 0xF0) return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  bool String(std::string& out) {
    ++pos_;  // "
    for (;;) {
      // Copy the plain run in one go.
      const size_t run = pos_;
      while (pos_ < s_.size()) {
        const auto c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++pos_;
      }
      out.append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size()) return Fail("unterminated string");
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string");
      if (c >= 0x80) {
        const size_t n = Utf8Length();
        if (n == 0) return Fail("text that is not UTF-8");
        out.append(s_.substr(pos_, n));
        pos_ += n;
        continue;
      }
      // A backslash.
      ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Code(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail("invalid \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (s_.substr(pos_, 2) != "\\u") return Fail("invalid \\u escape");
            pos_ += 2;
            if (!Code(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return Fail("invalid \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          --pos_;
          return Fail("invalid escape");
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  const char* error_ = nullptr;
  size_t error_pos_ = 0;
};

size_t KeyIndex(std::string_view key) {
  for (size_t i = 0; i < std::size(kImportKeys); ++i) {
    if (kImportKeys[i] == key) return i;
  }
  return std::size(kImportKeys);
}

// Turns one parsed object into a profile, noting every problem on the way.
class LineMapper {
 public:
  LineMapper(ImportLine& out, Date today) : out_(out), p_(out.profile), today_(today) {}

  void Map(const Json& object) {
    std::array<bool, std::size(kImportKeys)> seen{};
    for (const auto& [key, value] : object.members) {
      const size_t k = KeyIndex(key);
      if (k == std::size(kImportKeys)) {
        Problem(key, "import.jsonl.unknown_key");
        continue;
      }
      if (seen[k]) {
        Problem(key, "import.jsonl.duplicate_key");
        continue;
      }
      seen[k] = true;
      MapKey(kImportKeys[k], value);
    }
    for (const std::string_view key : kRequiredImportKeys) {
      if (!seen[KeyIndex(key)]) Problem(std::string(key), "error.field.required");
    }
    if (!seen[KeyIndex("last_active")]) p_.last_active = today_;
  }

 private:
  void Problem(std::string field, Message reason) {
    out_.problems.push_back({out_.line, std::move(field), std::move(reason)});
  }

  bool Text(const Json& v, const std::string& field, std::string& out) {
    if (v.type != Json::Type::kString) {
      Problem(field, "import.jsonl.string");
      return false;
    }
    out = v.text;
    return true;
  }

  void Bool(const Json& v, const std::string& field, bool& out) {
    if (v.type != Json::Type::kBool) {
      Problem(field, "import.jsonl.boolean");
      return;
    }
    out = v.boolean;
  }

  void Day(const Json& v, const std::string& field, Date& out) {
    std::string text;
    if (!Text(v, field, text)) return;
    if (auto d = ParseIsoDate(text)) {
      out = *d;
    } else {
      Problem(field, Message("import.problem.date", {{"value", text}}));
    }
  }

  // A country code, normalised; an empty text stays empty (the profile rules decide).
  void Country(const Json& v, const std::string& field, std::string& out) {
    std::string text;
    if (!Text(v, field, text)) return;
    if (text.empty()) return;
    if (auto code = codes::NormaliseCountry(text)) {
      out = std::move(*code);
    } else {
      out = text;
      Problem(field, Message("import.problem.country", {{"value", text}}));
    }
  }

  const std::vector<Json>* List(const Json& v, const std::string& field) {
    if (v.type != Json::Type::kArray) {
      Problem(field, "import.jsonl.list");
      return nullptr;
    }
    return &v.items;
  }

  // An object inside a list: each member handed to `member`, which returns false for keys it
  // does not know; `required` keys must be there.
  template <typename F>
  void Members(const Json& v, const std::string& field,
               std::initializer_list<std::string_view> required, F&& member) {
    if (v.type != Json::Type::kObject) {
      Problem(field, "import.jsonl.object");
      return;
    }
    std::vector<std::string_view> seen;
    for (const auto& [key, value] : v.members) {
      std::string name = field;
      name += '.';
      name += key;
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        Problem(name, "import.jsonl.duplicate_key");
        continue;
      }
      seen.emplace_back(key);
      if (!member(key, value, name)) Problem(name, "import.jsonl.unknown_key");
    }
    for (const std::string_view key : required) {
      if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
        Problem(field + "." + std::string(key), "error.field.required");
      }
    }
  }

  void Strings(const Json& v, const std::string& field, std::vector<std::string>& out,
               bool countries) {
    const auto* items = List(v, field);
    if (items == nullptr) return;
    out.reserve(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      std::string& value = out.emplace_back();
      if (countries && (*items)[i].type == Json::Type::kString && (*items)[i].text == "any") {
        value = "any";
      } else if (countries) {
        Country((*items)[i], Item(field, i), value);
        if (value.empty() && (*items)[i].type == Json::Type::kString) {
          Problem(Item(field, i), Message("import.problem.country", {{"value", ""}}));
        }
      } else {
        Text((*items)[i], Item(field, i), value);
      }
    }
  }

  void Languages(const Json& v) {
    const auto* items = List(v, "languages");
    if (items == nullptr) return;
    for (size_t i = 0; i < items->size(); ++i) {
      auto& language = p_.languages.emplace_back();
      Members((*items)[i], Item("languages", i), {"code", "level"},
              [&](std::string_view key, const Json& value, const std::string& name) {
                if (key == "code") {
                  Text(value, name, language.code);
                } else if (key == "level") {
                  std::string level;
                  if (!Text(value, name, level)) return true;
                  if (auto parsed = codes::ParseLevel(level);
                      parsed && level == codes::LevelCode(*parsed)) {
                    language.level = *parsed;
                  } else {
                    Problem(name, Message("import.jsonl.level", {{"value", level}}));
                  }
                } else {
                  return false;
                }
                return true;
              });
    }
  }

  void Availability(const Json& v) {
    const auto* items = List(v, "availability");
    if (items == nullptr) return;
    for (size_t i = 0; i < items->size(); ++i) {
      auto& period = p_.availability.emplace_back();
      Members((*items)[i], Item("availability", i), {"from", "to"},
              [&](std::string_view key, const Json& value, const std::string& name) {
                if (key == "from") {
                  Day(value, name, period.from);
                } else if (key == "to") {
                  Day(value, name, period.to);
                } else {
                  return false;
                }
                return true;
              });
    }
  }

  void Placements(const Json& v) {
    const auto* items = List(v, "placements");
    if (items == nullptr) return;
    for (size_t i = 0; i < items->size(); ++i) {
      auto& past = p_.placements.emplace_back();
      Members((*items)[i], Item("placements", i), {"from", "to", "activity_type"},
              [&](std::string_view key, const Json& value, const std::string& name) {
                if (key == "from") {
                  Day(value, name, past.from);
                } else if (key == "to") {
                  Day(value, name, past.to);
                } else if (key == "activity_type") {
                  Text(value, name, past.activity_type);
                } else if (key == "cross_border") {
                  Bool(value, name, past.cross_border);
                } else {
                  return false;
                }
                return true;
              });
    }
  }

  void MapKey(std::string_view key, const Json& v) {
    const std::string field(key);
    if (key == "reference") {
      if (Text(v, field, p_.reference) && !p_.reference.empty() &&
          !IsValidReference(p_.reference)) {
        Problem(field, Message("import.jsonl.reference", {{"value", p_.reference}}));
      } else if (v.type == Json::Type::kString && p_.reference.empty()) {
        Problem(field, "error.field.required");
      }
    } else if (key == "sub") {
      if (Text(v, field, p_.sub)) out_.has_sub = !p_.sub.empty();
    } else if (key == "email") {
      Text(v, field, p_.email);
    } else if (key == "given_name") {
      Text(v, field, p_.given_name);
    } else if (key == "family_name") {
      Text(v, field, p_.family_name);
    } else if (key == "birth_date") {
      Day(v, field, p_.birth_date);
    } else if (key == "residence") {
      Country(v, field, p_.residence);
    } else if (key == "nationality") {
      Country(v, field, p_.nationality);
    } else if (key == "contact_language") {
      Text(v, field, p_.contact_language);
    } else if (key == "languages") {
      Languages(v);
    } else if (key == "skills") {
      Strings(v, field, p_.skills, false);
    } else if (key == "topics") {
      Strings(v, field, p_.topics, false);
    } else if (key == "activity_types") {
      Strings(v, field, p_.activity_types, false);
    } else if (key == "destinations") {
      Strings(v, field, p_.destinations, true);
    } else if (key == "availability") {
      Availability(v);
    } else if (key == "experience") {
      Text(v, field, p_.experience);
    } else if (key == "motivation") {
      Text(v, field, p_.motivation);
    } else if (key == "searchable") {
      Bool(v, field, p_.searchable);
    } else if (key == "fewer_opportunities") {
      Bool(v, field, p_.fewer_opportunities);
    } else if (key == "last_active") {
      out_.has_last_active = true;
      Day(v, field, p_.last_active);
    } else if (key == "placements") {
      Placements(v);
    }
  }

  ImportLine& out_;
  Participant& p_;
  Date today_;
};

// FNV-1a, 64 bits.
class Fingerprint {
 public:
  void Bytes(std::string_view s) {
    for (const char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= kPrime;
    }
  }
  void Number(uint64_t n) {
    for (int i = 0; i < 8; ++i) {
      h_ ^= (n >> (8 * i)) & 0xFF;
      h_ *= kPrime;
    }
  }
  void Text(std::string_view s) {
    Number(s.size());
    Bytes(s);
  }
  void Day(Date d) {
    Number(static_cast<uint64_t>(
        static_cast<int64_t>(std::chrono::sys_days(d).time_since_epoch().count())));
  }
  uint64_t value() const { return h_; }

 private:
  static constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

// A list hashed as a set: each item on its own, the item hashes sorted.
template <typename T, typename F>
void HashSet(Fingerprint& f, const std::vector<T>& items, F&& item) {
  std::vector<uint64_t> hashes;
  hashes.reserve(items.size());
  for (const T& t : items) {
    Fingerprint one;
    item(one, t);
    hashes.push_back(one.value());
  }
  std::sort(hashes.begin(), hashes.end());
  f.Number(hashes.size());
  for (const uint64_t h : hashes) f.Number(h);
}

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the characters not yet appended
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.substr(run));
  out += '"';
}

void AppendKey(std::string& out, std::string_view key) {
  if (out.size() > 1) out += ',';
  AppendJsonString(out, key);
  out += ':';
}

void AppendStrings(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, values[i]);
  }
  out += ']';
}

std::string Fill(std::string_view pattern, const Message& m) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      const size_t end = pattern.find('}', i);
      if (end != std::string_view::npos) {
        if (const std::string* arg = m.Arg(pattern.substr(i + 1, end - i - 1))) {
          out += *arg;
          i = end;
          continue;
        }
      }
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace

std::string FormatImportProblem(std::string_view file, const ImportProblem& problem,
                                const std::function<std::string(const Message&)>& text) {
  std::string out(file);
  out += ':';
  out += std::to_string(problem.line);
  out += ": ";
  if (!problem.field.empty()) {
    out += problem.field;
    out += ": ";
  }
  // Values quoted from the file reach a terminal: no control characters.
  Message reason = problem.reason;
  for (auto& [name, value] : reason.args) {
    for (char& c : value) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
  }
  out += text ? text(reason) : reason.key;
  return out;
}

std::optional<std::string> ImportMessageEnglish(const Message& message) {
  static constexpr std::pair<std::string_view, std::string_view> kTexts[] = {
      {"import.jsonl.syntax", "is not valid JSON: {detail} at character {column}"},
      {"import.jsonl.not_object", "must be one JSON object"},
      {"import.jsonl.too_long", "the line is longer than {max} bytes"},
      {"import.jsonl.read", "the file could not be read: {detail}"},
      {"import.jsonl.unknown_key", "is not a key of the format"},
      {"import.jsonl.duplicate_key", "appears twice"},
      {"import.jsonl.string", "must be a string"},
      {"import.jsonl.boolean", "must be true or false"},
      {"import.jsonl.list", "must be a list"},
      {"import.jsonl.object", "must be an object"},
      {"import.jsonl.level", "“{value}” is not a level (A1, A2, B1, B2, C1, C2 or native)"},
      {"import.jsonl.reference",
       "“{value}” is not a reference: at most 32 letters, digits and hyphens"},
      {"import.jsonl.duplicate_reference", "{value} appears already on line {line}"},
      {"import.jsonl.sub_in_file",
       "“{value}” is already the EU Login account of {reference} "
       "(line {line})"},
      {"import.jsonl.sub_in_store", "“{value}” is already the EU Login account of {reference}"},
  };
  for (const auto& [key, pattern] : kTexts) {
    if (message.key == key) return Fill(pattern, message);
  }
  return std::nullopt;
}

bool IsBlankImportLine(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

bool IsValidReference(std::string_view reference) {
  return !reference.empty() && reference.size() <= kMaxReferenceLength &&
         std::all_of(reference.begin(), reference.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-';
         });
}

ImportLine ParseImportLine(std::string_view text, size_t line_number, Date today) {
  ImportLine out;
  out.line = line_number;
  if (text.size() > kMaxImportLineBytes) {
    out.problems.push_back(
        {line_number, "",
         Message("import.jsonl.too_long", {{"max", std::to_string(kMaxImportLineBytes)}})});
    return out;
  }
  Json root;
  JsonReader reader(text);
  if (!reader.Read(root)) {
    out.problems.push_back({line_number, "",
                            Message("import.jsonl.syntax",
                                    {{"detail", reader.error()},
                                     {"column", std::to_string(reader.error_position() + 1)}})});
    return out;
  }
  if (root.type != Json::Type::kObject) {
    out.problems.push_back({line_number, "", "import.jsonl.not_object"});
    return out;
  }
  LineMapper(out, today).Map(root);

  // The profile rules, except where the line itself already said what is wrong with a field.
  const size_t parse_problems = out.problems.size();
  for (auto& e : CheckProfile(out.profile)) {
    const bool known =
        std::any_of(out.problems.begin(), out.problems.begin() + static_cast<long>(parse_problems),
                    [&](const ImportProblem& p) { return p.field == e.field; });
    if (!known) out.problems.push_back({line_number, std::move(e.field), std::move(e.message)});
  }
  if (out.ok()) out.content_hash = ContentHash(out.profile);
  return out;
}

std::string FormatImportLine(const Participant& p) {
  std::string out;
  out.reserve(1024);
  out += '{';
  AppendKey(out, "reference");
  AppendJsonString(out, p.reference);
  if (!p.sub.empty()) {
    AppendKey(out, "sub");
    AppendJsonString(out, p.sub);
  }
  for (const auto& [key, value] :
       {std::pair<std::string_view, const std::string*>{"email", &p.email},
        {"given_name", &p.given_name},
        {"family_name", &p.family_name}}) {
    AppendKey(out, key);
    AppendJsonString(out, *value);
  }
  AppendKey(out, "birth_date");
  AppendJsonString(out, FormatIsoDate(p.birth_date));
  AppendKey(out, "residence");
  AppendJsonString(out, p.residence);
  AppendKey(out, "nationality");
  AppendJsonString(out, p.nationality);
  AppendKey(out, "contact_language");
  AppendJsonString(out, p.contact_language);
  AppendKey(out, "languages");
  out += '[';
  for (size_t i = 0; i < p.languages.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"code\":";
    AppendJsonString(out, p.languages[i].code);
    out += ",\"level\":";
    AppendJsonString(out, codes::LevelCode(p.languages[i].level));
    out += '}';
  }
  out += ']';
  AppendKey(out, "skills");
  AppendStrings(out, p.skills);
  AppendKey(out, "topics");
  AppendStrings(out, p.topics);
  AppendKey(out, "activity_types");
  AppendStrings(out, p.activity_types);
  AppendKey(out, "destinations");
  AppendStrings(out, p.destinations);
  AppendKey(out, "availability");
  out += '[';
  for (size_t i = 0; i < p.availability.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"from\":";
    AppendJsonString(out, FormatIsoDate(p.availability[i].from));
    out += ",\"to\":";
    AppendJsonString(out, FormatIsoDate(p.availability[i].to));
    out += '}';
  }
  out += ']';
  AppendKey(out, "experience");
  AppendJsonString(out, p.experience);
  AppendKey(out, "motivation");
  AppendJsonString(out, p.motivation);
  AppendKey(out, "searchable");
  out += p.searchable ? "true" : "false";
  AppendKey(out, "fewer_opportunities");
  out += p.fewer_opportunities ? "true" : "false";
  AppendKey(out, "last_active");
  AppendJsonString(out, FormatIsoDate(p.last_active));
  AppendKey(out, "placements");
  out += '[';
  for (size_t i = 0; i < p.placements.size(); ++i) {
    const auto& past = p.placements[i];
    if (i > 0) out += ',';
    out += "{\"from\":";
    AppendJsonString(out, FormatIsoDate(past.from));
    out += ",\"to\":";
    AppendJsonString(out, FormatIsoDate(past.to));
    out += ",\"activity_type\":";
    AppendJsonString(out, past.activity_type);
    out += ",\"cross_border\":";
    out += past.cross_border ? "true" : "false";
    out += '}';
  }
  out += "]}";
  return out;
}

uint64_t ContentHash(const Participant& p) {
  Fingerprint f;
  f.Text("pass.participant.v1");
  f.Text(p.reference);
  f.Text(p.email);
  f.Text(p.given_name);
  f.Text(p.family_name);
  f.Day(p.birth_date);
  f.Text(p.residence);
  f.Text(p.nationality);
  f.Text(p.contact_language);
  HashSet(f, p.languages, [](Fingerprint& h, const codes::LanguageLevel& l) {
    h.Text(l.code);
    h.Text(codes::LevelCode(l.level));
  });
  for (const auto* list : {&p.skills, &p.topics, &p.activity_types, &p.destinations}) {
    HashSet(f, *list, [](Fingerprint& h, const std::string& s) { h.Text(s); });
  }
  HashSet(f, p.availability, [](Fingerprint& h, const Period& period) {
    h.Day(period.from);
    h.Day(period.to);
  });
  f.Text(p.experience);
  f.Text(p.motivation);
  f.Number(p.searchable ? 1 : 0);
  f.Number(p.fewer_opportunities ? 1 : 0);
  HashSet(f, p.placements, [](Fingerprint& h, const PastPlacement& past) {
    h.Day(past.from);
    h.Day(past.to);
    h.Text(past.activity_type);
    h.Number(past.cross_border ? 1 : 0);
  });
  return f.value();
}

std::string FormatContentHash(uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[hash & 0xF];
    hash >>= 4;
  }
  return out;
}

std::optional<uint64_t> ParseContentHash(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  uint64_t out = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

void ImportPlanner::AddStored(std::string reference, StoredProfile stored) {
  if (!stored.sub.empty()) subs_.try_emplace(stored.sub, Sub{reference, 0});
  stored_.insert_or_assign(std::move(reference), Stored{std::move(stored), 0});
}

Result<ImportOutcome> ImportPlanner::Plan(ImportLine& line, bool& refresh_hash) {
  refresh_hash = false;
  Participant& p = line.profile;
  auto problem = [&](std::string field, Message reason) {
    line.problems.push_back({line.line, std::move(field), std::move(reason)});
  };

  Stored* stored = nullptr;
  if (IsValidReference(p.reference)) {
    size_t first_line = 0;
    if (const auto it = stored_.find(p.reference); it != stored_.end()) {
      if (it->second.seen_line != 0) {
        first_line = it->second.seen_line;
      } else {
        it->second.seen_line = line.line;
        stored = &it->second;
      }
    } else if (const auto [at, inserted] = new_references_.try_emplace(p.reference, line.line);
               !inserted) {
      first_line = at->second;
    }
    if (first_line != 0) {
      problem("reference", Message("import.jsonl.duplicate_reference",
                                   {{"value", p.reference}, {"line", std::to_string(first_line)}}));
    }
  }
  if (line.has_sub) {
    if (const auto it = subs_.find(p.sub);
        it != subs_.end() && it->second.reference != p.reference) {
      if (it->second.line == 0) {
        problem("sub", Message("import.jsonl.sub_in_store",
                               {{"value", p.sub}, {"reference", it->second.reference}}));
      } else {
        problem("sub",
                Message("import.jsonl.sub_in_file", {{"value", p.sub},
                                                     {"reference", it->second.reference},
                                                     {"line", std::to_string(it->second.line)}}));
      }
    }
  }
  if (!line.ok()) return ImportOutcome::kRejected;
  if (line.has_sub) subs_.try_emplace(p.sub, Sub{p.reference, line.line});
  if (stored == nullptr) return ImportOutcome::kCreated;

  const StoredProfile& s = stored->profile;
  bool same_content = false;
  if (s.content_hash) {
    same_content = *s.content_hash == line.content_hash;
  } else {
    auto loaded = load_(p.reference);
    if (!loaded) return Fail(std::move(loaded.error()));
    same_content = *loaded && ContentHash(**loaded) == line.content_hash;
    refresh_hash = same_content;
  }
  const bool same_sub = !line.has_sub || p.sub == s.sub;
  const bool same_last_active = !line.has_last_active || p.last_active == s.last_active;
  if (!line.has_sub) p.sub = s.sub;
  if (!line.has_last_active) p.last_active = s.last_active;
  p.id = s.id;
  if (same_content && same_sub && same_last_active) return ImportOutcome::kUnchanged;
  refresh_hash = false;
  return ImportOutcome::kChanged;
}

}  // namespace pass::participants
