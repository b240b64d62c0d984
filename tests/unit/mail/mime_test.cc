// The message the SMTP transport sends: headers that no value can add to, RFC 2047 words and
// quoted-printable that decode back to the text, and lines within the limits. Decoding here is
// written independently of the encoder.
#include <gtest/gtest.h>

#include <map>

#include "core/strings.h"
#include "mail/mail.h"
#include "support/fake_clock.h"

namespace pass::mail {
namespace {

constexpr std::string_view kFrom = "PASS <no-reply@pass.example.eu>";

std::string Base64Decode(std::string_view text) {
  std::string url(text);
  for (char& c : url) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  auto out = Base64UrlDecode(url);
  EXPECT_TRUE(out.has_value()) << text;
  return out.value_or("");
}

// RFC 2047 "B" words; whitespace between two encoded words is dropped, as readers do.
std::string DecodeWords(std::string_view value) {
  std::string out;
  bool after_word = false;
  while (!value.empty()) {
    if (value.starts_with("=?UTF-8?B?")) {
      const size_t end = value.find("?=", 10);
      if (end == value.npos) break;
      const std::string decoded = Base64Decode(value.substr(10, end - 10));
      EXPECT_TRUE(IsValidUtf8(decoded)) << "a word splits a character: " << value;
      out += decoded;
      value.remove_prefix(end + 2);
      after_word = true;
      continue;
    }
    const size_t space_end = value.find_first_not_of(' ');
    if (after_word && space_end != 0 && space_end != value.npos &&
        value.substr(space_end).starts_with("=?")) {
      value.remove_prefix(space_end);
      continue;
    }
    out += value.front();
    value.remove_prefix(1);
    after_word = false;
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1).starts_with("\r\n")) {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

struct Parsed {
  std::vector<std::string> lines;  // every line of the header section, unfolded not
  std::multimap<std::string, std::string> headers;  // unfolded
  std::string body;
};

Parsed Parse(const std::string& mime) {
  Parsed p;
  const size_t blank = mime.find("\r\n\r\n");
  EXPECT_NE(blank, std::string::npos);
  std::string_view head = std::string_view(mime).substr(0, blank + 2);
  p.body = mime.substr(blank + 4);
  std::string name;
  std::string value;
  while (!head.empty()) {
    const size_t end = head.find("\r\n");
    EXPECT_NE(end, head.npos);
    const std::string line(head.substr(0, end));
    head.remove_prefix(end + 2);
    p.lines.push_back(line);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos);
    if (line.starts_with(" ") || line.starts_with("\t")) {
      value += line;
      continue;
    }
    if (!name.empty()) p.headers.emplace(name, value);
    const size_t colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << line;
    name = line.substr(0, colon);
    value = line.substr(colon + 2);
  }
  if (!name.empty()) p.headers.emplace(name, value);
  return p;
}

std::string One(const Parsed& p, const std::string& name) {
  EXPECT_EQ(p.headers.count(name), 1u) << name;
  const auto it = p.headers.find(name);
  return it == p.headers.end() ? "" : it->second;
}

std::string Build(const Message& m) {
  testing::FakeClock clock;  // 2026-12-01T00:00:00Z, a Tuesday
  return BuildMime(m, kFrom, clock.Now(), "0123abcd@pass.example.eu");
}

TEST(BuildMime, WritesTheHeadersAMailReaderExpects) {
  const Parsed p =
      Parse(Build({"anna@example.se", "Anna Lindqvist", "Welcome", "Hello Anna", "en"}));
  EXPECT_EQ(One(p, "Date"), "Tue, 01 Dec 2026 00:00:00 +0000");
  EXPECT_EQ(One(p, "From"), "\"PASS\" <no-reply@pass.example.eu>");
  EXPECT_EQ(One(p, "To"), "\"Anna Lindqvist\" <anna@example.se>");
  EXPECT_EQ(One(p, "Subject"), "Welcome");
  EXPECT_EQ(One(p, "Message-ID"), "<0123abcd@pass.example.eu>");
  EXPECT_EQ(One(p, "MIME-Version"), "1.0");
  EXPECT_EQ(One(p, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(One(p, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(One(p, "Content-Language"), "en");
  EXPECT_EQ(One(p, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(p.body, "Hello Anna\r\n");
  EXPECT_EQ(p.headers.size(), 10u);
}

TEST(BuildMime, ARecipientWithoutANameIsTheBareAddress) {
  const Parsed p = Parse(Build({"anna@example.se", "", "Hi", "x", "en"}));
  EXPECT_EQ(One(p, "To"), "anna@example.se");
}

TEST(BuildMime, HeaderInjectionIsNeutralised) {
  const Message m{"anna@example.se\r\nBcc: to@evil.example", "Anna\r\nBcc: name@evil.example",
                  "Hello\r\nBcc: subject@evil.example\r\n\r\nfake body", "real body",
                  "en\r\nX-Evil: 1"};
  const std::string mime = Build(m);
  const Parsed p = Parse(mime);
  EXPECT_EQ(p.headers.count("Bcc"), 0u);
  EXPECT_EQ(p.headers.count("X-Evil"), 0u);
  for (const std::string& line : p.lines) {
    EXPECT_FALSE(line.starts_with("Bcc")) << line;
  }
  EXPECT_EQ(One(p, "Subject"), "Hello Bcc: subject@evil.example fake body");
  EXPECT_EQ(p.body, "real body\r\n");
  EXPECT_EQ(One(p, "To"), "\"Anna Bcc: name@evil.example\" <anna@example.seBcc:to@evil.example>");
  EXPECT_EQ(One(p, "Content-Language"), "enX-Evil1");
  // The transport refuses such an address outright.
  EXPECT_FALSE(IsValidAddress(m.to));
}

TEST(BuildMime, NonAsciiSubjectAndNamesAreEncodedWords) {
  const Parsed p = Parse(Build({"asa@example.se", "Åsa Öberg", "Välkommen, Åsa", "Hej", "sv"}));
  const std::string subject = One(p, "Subject");
  EXPECT_TRUE(subject.starts_with("=?UTF-8?B?")) << subject;
  EXPECT_EQ(DecodeWords(subject), "Välkommen, Åsa");
  const std::string to = One(p, "To");
  EXPECT_TRUE(to.starts_with("=?UTF-8?B?")) << to;
  EXPECT_TRUE(to.ends_with(" <asa@example.se>")) << to;
  EXPECT_EQ(DecodeWords(to.substr(0, to.find(" <"))), "Åsa Öberg");
}

TEST(BuildMime, LongSubjectsAreFoldedWithinTheLineLimits) {
  std::string long_text;
  for (int i = 0; i < 12; ++i)
    long_text += "Ärendet gäller föreningens ansökan nummer " + std::to_string(i) + ". ";
  const std::string ascii(300, 'a');
  for (const std::string& subject : {long_text, std::string(Trim(long_text)) + " 😀",
                                     "word " + ascii + " " + std::string("plain words ") + ascii}) {
    const Parsed p = Parse(Build({"a@example.eu", "", subject, "x", "sv"}));
    const std::string want(Trim(subject));
    EXPECT_EQ(DecodeWords(One(p, "Subject")), want);
    for (const std::string& line : p.lines) {
      if (line.find("=?") != std::string::npos) {
        EXPECT_LE(line.size(), 76u) << line;
      }
    }
  }
  // Plain ASCII that merely looks like an encoded word is encoded, so it reads as written.
  const Parsed tricky = Parse(Build({"a@example.eu", "", "=?UTF-8?B?SGk=?=", "x", "en"}));
  EXPECT_EQ(DecodeWords(One(tricky, "Subject")), "=?UTF-8?B?SGk=?=");
}

TEST(BuildMime, AsciiDisplayNamesAreQuotedStrings) {
  const Parsed p = Parse(Build({"a@example.eu", "Anna \"AL\" L\\q, Co", "x", "x", "en"}));
  EXPECT_EQ(One(p, "To"), "\"Anna \\\"AL\\\" L\\\\q, Co\" <a@example.eu>");
}

TEST(BuildMime, TheBodyIsQuotedPrintableThatDecodesToTheText) {
  const std::string body =
      "Hej Åsa!\n.a line starting with a dot\nFrom the start\ntrailing space \ntab\tinside\n"
      "equals = sign\r\nwindows line\rold mac line\n" +
      std::string(200, 'x') + "\n" + std::string(100, 'e') + std::string(20, ' ') + "ä\n" + "x" +
      [] {
        std::string many;
        for (int i = 0; i < 60; ++i) many += "ä€😀";
        return many;
      }() +
      "\n\n-- \nPASS";
  const Parsed p = Parse(Build({"a@example.eu", "", "x", body, "sv"}));
  std::string want;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;
    want += (body[i] == '\n' || body[i] == '\r') ? std::string("\r\n") : std::string(1, body[i]);
  }
  EXPECT_EQ(DecodeQuotedPrintable(p.body), want + "\r\n");
  for (std::string_view line : Split(p.body, '\n')) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(line.ends_with(' ') || line.ends_with('\t')) << "[" << line << "]";
    EXPECT_FALSE(line.starts_with(".")) << line;
    EXPECT_FALSE(line.starts_with("From ")) << line;
    // A soft break never falls inside a character: no line starts with a continuation byte.
    if (line.size() >= 3 && line[0] == '=') {
      const int byte = std::stoi(std::string(line.substr(1, 2)), nullptr, 16);
      EXPECT_NE(byte & 0xC0, 0x80) << line;
    }
    for (const char c : line) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << line;
  }
}

TEST(IsValidAddress, AcceptsPlainAddressesOnly) {
  for (const char* good : {"anna@example.se", "a.b+tag@sub.example.eu", "x@localhost",
                           "o'neil@example.ie", "user@xn--bcher-kva.example"}) {
    EXPECT_TRUE(IsValidAddress(good)) << good;
  }
  for (const char* bad :
       {"", "anna", "@example.se", "anna@", "a@b@c", "anna @example.se", "anna@exa mple.se",
        "a..b@example.se", ".a@example.se", "a@-example.se", "a@example..se", "a@example.se\r\n",
        "<a@example.se>", "\"a b\"@example.se", "åsa@example.se", "a@exämple.se", "a@b,c@d"}) {
    EXPECT_FALSE(IsValidAddress(bad)) << bad;
  }
  EXPECT_FALSE(IsValidAddress(std::string(65, 'a') + "@example.se"));
}

TEST(SmtpTransport, RefusesWhatCanNeverBeSentWithoutConnecting) {
  auto transport = MakeSmtpTransport("smtp://127.0.0.1:1", std::string(kFrom));
  auto r = transport->Send({"not an address", "", "x", "x", "en"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  auto injected = transport->Send({"a@example.eu>\r\nRCPT TO:<b@example.eu", "", "x", "x", "en"});
  ASSERT_FALSE(injected.has_value());
  EXPECT_EQ(injected.error().code, ErrorCode::kInvalidInput);
}

TEST(SmtpTransport, AConfigurationProblemIsWorthRetrying) {
  for (const auto& [url, from] : std::vector<std::pair<std::string, std::string>>{
           {"http://127.0.0.1:1", std::string(kFrom)},
           {"not a url", std::string(kFrom)},
           {"smtp://127.0.0.1:1", "PASS <no-reply>"}}) {
    auto r = MakeSmtpTransport(url, from)->Send({"a@example.eu", "", "x", "x", "en"});
    ASSERT_FALSE(r.has_value()) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << url << " " << from;
  }
}

TEST(SmtpTransport, AServerThatIsNotThereIsUnavailableWithoutThePassword) {
  auto transport = MakeSmtpTransport("smtp://user:s3cret@127.0.0.1:1", std::string(kFrom));
  auto r = transport->Send({"a@example.eu", "", "x", "x", "en"});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().detail.find("127.0.0.1:1"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("s3cret"), std::string::npos) << r.error().detail;
}

}  // namespace
}  // namespace pass::mail
