// The message format (RFC 5322, MIME, RFC 2047 encoded words, quoted-printable). Headers are
// built from cleaned values only: nothing a caller passes can end a header line.
#include "mail/mime.h"

#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/strings.h"
#include "mail/mail.h"

namespace pass::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kLineLimit = 78;        // RFC 5322's "should" for every header line
constexpr size_t kWordLineLimit = 76;    // RFC 2047 for lines holding encoded words
constexpr size_t kQpLineLimit = 76;      // RFC 2045, the "=" of a soft break included
constexpr size_t kMaxDisplayName = 200;  // bytes; a name longer than this is cut

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Each run of control characters (CR, LF, TAB, ...) becomes one space: a value can never start
// a new header line. Also trims.
std::string CleanHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool in_run = false;
  for (const char ch : value) {
    if (IsControl(static_cast<unsigned char>(ch))) {
      if (!in_run) out += ' ';
      in_run = true;
    } else {
      out += ch;
      in_run = false;
    }
  }
  return std::string(Trim(out));
}

// At most `max` bytes, not cutting a UTF-8 sequence in two.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

bool IsPlainAscii(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || IsControl(c)) return false;
  }
  return true;
}

// Text that a mail reader would show differently from what it is: not ASCII, or looking like an
// encoded word itself.
bool NeedsEncodedWords(std::string_view s) { return !IsPlainAscii(s) || s.find("=?") != s.npos; }

// RFC 2047 "B" encoded words for `text`, folded so that every line stays within 76 characters;
// `used` is how much of the first line is taken ("Subject: " is 9).
std::string EncodedWords(std::string_view text, size_t used) {
  constexpr std::string_view kOpen = "=?UTF-8?B?";
  constexpr std::string_view kClose = "?=";
  std::string out;
  while (!text.empty()) {
    const size_t room = kWordLineLimit - used - kOpen.size() - kClose.size();
    const size_t max_bytes = room / 4 * 3;
    std::string_view chunk = CutUtf8(text, max_bytes);
    if (chunk.empty()) chunk = text.substr(0, std::min(text.size(), max_bytes));  // not UTF-8
    out += kOpen;
    out += Base64Encode(chunk);
    out += kClose;
    text.remove_prefix(chunk.size());
    if (!text.empty()) {
      out += "\r\n ";
      used = 1;
    }
  }
  return out;
}

// Folds plain ASCII text at spaces so lines keep to 78 characters where a space allows it.
std::string FoldAtSpaces(std::string_view text, size_t used) {
  std::string out;
  size_t line = used;
  bool first = true;
  for (std::string_view word : Split(text, ' ')) {
    if (!first) {
      if (!word.empty() && line + 1 + word.size() > kLineLimit) {
        out += kCrlf;
        line = 0;
      }
      out += ' ';
      ++line;
    }
    first = false;
    out += word;
    line += word.size();
  }
  return out;
}

std::string QuotedString(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// An address as it may stand in a header: no controls, spaces or angle brackets.
std::string CleanAddress(std::string_view address) {
  std::string out;
  for (const char ch : address) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsControl(c) || c == ' ' || c == '<' || c == '>') continue;
    out += ch;
  }
  return out;
}

// `Name <address>` for a header whose name and ": " take `used` characters.
std::string MailboxHeader(std::string_view name, std::string_view address, size_t used) {
  const std::string clean_name(CutUtf8(CleanHeaderValue(name), kMaxDisplayName));
  std::string clean_address = CleanAddress(address);
  if (clean_name.empty()) return clean_address;
  if (NeedsEncodedWords(clean_name)) {
    return EncodedWords(clean_name, used) + "\r\n <" + clean_address + ">";
  }
  return QuotedString(clean_name) + " <" + clean_address + ">";
}

std::string SubjectHeader(std::string_view subject) {
  constexpr size_t kUsed = std::string_view("Subject: ").size();
  const std::string clean = CleanHeaderValue(subject);
  if (NeedsEncodedWords(clean)) return EncodedWords(clean, kUsed);
  return FoldAtSpaces(clean, kUsed);
}

std::string Rfc5322Date(Timestamp t) {
  using std::chrono::days;
  using std::chrono::floor;
  using std::chrono::seconds;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  const std::chrono::hh_mm_ss hms{secs - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

void AppendHex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '=';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// One line of text (no line end in it) as quoted-printable, soft-broken at 76 characters but
// never inside a UTF-8 character.
void QuotedPrintableLine(std::string_view line, std::string& out) {
  size_t column = 0;
  std::string token;
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    token.clear();
    // Printable ASCII stays as it is; so do spaces and tabs, except at a line end, where they
    // would be lost in transit.
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    if (literal) {
      token += static_cast<char>(c);
    } else {
      AppendHex(token, c);
      // The continuation bytes of a character go with it (at most three).
      for (int k = 0; c >= 0xC0 && k < 3 && i + 1 < line.size() &&
                      (static_cast<unsigned char>(line[i + 1]) & 0xC0) == 0x80;
           ++k) {
        AppendHex(token, static_cast<unsigned char>(line[++i]));
      }
    }
    if (column + token.size() > kQpLineLimit - 1) {
      out += "=\r\n";
      column = 0;
    }
    // A line starting with "." means something to SMTP, one starting with "From " to mbox files.
    if (column == 0 && (token == "." || (token == "F" && line.substr(i).starts_with("From ")))) {
      token.clear();
      AppendHex(token, c);
    }
    out += token;
    column += token.size();
  }
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t start = 0;
  while (true) {
    const size_t end = text.find_first_of("\r\n", start);
    QuotedPrintableLine(text.substr(start, end == text.npos ? text.npos : end - start), out);
    if (end == text.npos) break;
    out += kCrlf;
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  if (!out.ends_with(kCrlf)) out += kCrlf;
  return out;
}

bool IsAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr);
}

}  // namespace

Mailbox ParseMailbox(std::string_view text) {
  text = Trim(text);
  const size_t open = text.rfind('<');
  if (open == text.npos || !text.ends_with('>')) return {{}, std::string(text)};
  Mailbox m;
  m.address = std::string(text.substr(open + 1, text.size() - open - 2));
  std::string_view name = Trim(text.substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
    for (size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '\\' && i + 1 < name.size()) ++i;
      m.name += name[i];
    }
  } else {
    m.name = std::string(name);
  }
  return m;
}

bool IsValidAddress(std::string_view address) {
  if (address.size() < 3 || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == address.npos || at == 0 || at > 64) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  for (std::string_view atom : Split(local, '.')) {
    if (atom.empty()) return false;
    for (const char c : atom) {
      if (!IsAtext(c)) return false;
    }
  }
  if (domain.empty()) return false;
  for (std::string_view label : Split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

std::string BuildMime(const Message& m, std::string_view from, Timestamp date,
                      std::string_view message_id) {
  const Mailbox sender = ParseMailbox(from);
  std::string id;
  for (const char ch : message_id) {
    if (!IsControl(static_cast<unsigned char>(ch)) && ch != ' ' && ch != '<' && ch != '>') id += ch;
  }
  std::string lang;
  for (const char c : m.lang) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
      lang += c;
    }
  }

  std::string out;
  auto header = [&out](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += kCrlf;
  };
  header("Date", Rfc5322Date(date));
  header("From", MailboxHeader(sender.name, sender.address, 6));
  header("To", MailboxHeader(m.to_name, m.to, 4));
  header("Subject", SubjectHeader(m.subject));
  header("Message-ID", "<" + id + ">");
  header("MIME-Version", "1.0");
  header("Content-Type", "text/plain; charset=UTF-8");
  header("Content-Transfer-Encoding", "quoted-printable");
  if (!lang.empty()) header("Content-Language", lang);
  header("Auto-Submitted", "auto-generated");  // RFC 3834: no vacation replies to no-reply@
  out += kCrlf;
  out += QuotedPrintable(m.body);
  return out;
}

}  // namespace pass::mail
