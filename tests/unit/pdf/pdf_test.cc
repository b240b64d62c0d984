// PDFs as their readers get them: read back with poppler's pdftotext and pdfinfo, a certificate
// in Swedish, Greek or Bulgarian says what it was given, carries its metadata, and a long document
// is paged with "n / N" on every page.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "pdf/document.h"
#include "support/temp_dir.h"

namespace pass::pdf {
namespace {

using pass::testing::TempDir;

// The standard output of `command` (which must succeed).
std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  EXPECT_EQ(pclose(pipe), 0) << command << " failed (poppler-utils comes from scripts/setup)";
  return out;
}

// Runs of white space as one space, so that where a line wraps does not matter.
std::string Squeezed(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

class PdfTest : public ::testing::Test {
 protected:
  // The text of every page, in the order it is drawn (-raw: pdftotext's column analysis would
  // read the footer's "1 / 1" as "1/ 1").
  std::vector<std::string> Pages(const std::string& pdf) {
    const std::string text =
        Output("pdftotext -raw -enc UTF-8 '" + dir_.Write("doc.pdf", pdf).string() + "' -");
    std::vector<std::string> pages;
    size_t start = 0;
    for (size_t end; (end = text.find('\f', start)) != std::string::npos; start = end + 1) {
      pages.push_back(text.substr(start, end - start));
    }
    return pages;
  }

  std::string Info(const std::string& pdf) {
    return Output("pdfinfo -isodates '" + dir_.Write("info.pdf", pdf).string() + "'");
  }

  TempDir dir_;
};

Document Certificate(std::string language, std::string title, std::string body) {
  return {.title = title,
          .author = "Svenska ESC-byrån",
          .language = std::move(language),
          .blocks = {{Block::Kind::kTitle, title},
                     {Block::Kind::kSpacer, ""},
                     {Block::Kind::kParagraph, std::move(body)},
                     {Block::Kind::kRule, ""},
                     {Block::Kind::kSmall, "Ref. ESC-2026-000123"}},
          .footer = "Certificate no. 123 · issued 2026-11-28"};
}

TEST_F(PdfTest, IsAWholePdfFile) {
  const auto pdf = Render(Certificate("sv", "Intyg", "Text"));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_TRUE(pdf->ends_with("%%EOF\n") || pdf->ends_with("%%EOF"));
}

TEST_F(PdfTest, CertificateReadsBackInSwedishGreekAndBulgarian) {
  const std::vector<Document> docs = {
      Certificate("sv", "Deltagarintyg",
                  "Maja Berg har deltagit i ett solidaritetsprojekt i Växjö och Åre, där hon "
                  "lärde sig mycket om förnybar energi och öppna möten."),
      Certificate("el", "Πιστοποιητικό συμμετοχής",
                  "Η Ελένη Παπαδοπούλου συμμετείχε σε δραστηριότητα αλληλεγγύης στη Θεσσαλονίκη."),
      Certificate("bg", "Удостоверение за участие",
                  "Мария Иванова участва в дейност за солидарност в Пловдив от юни до август."),
  };
  for (const Document& doc : docs) {
    SCOPED_TRACE(doc.language);
    const auto pdf = Render(doc);
    ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
    const std::vector<std::string> pages = Pages(*pdf);
    ASSERT_EQ(pages.size(), 1u);
    const std::string text = Squeezed(pages[0]);
    EXPECT_NE(text.find(doc.title), std::string::npos) << text;
    EXPECT_NE(text.find(doc.blocks[2].text), std::string::npos) << text;
    EXPECT_NE(text.find("Ref. ESC-2026-000123"), std::string::npos) << text;
    EXPECT_NE(text.find("Certificate no. 123 · issued 2026-11-28"), std::string::npos) << text;
    EXPECT_NE(text.find("1 / 1"), std::string::npos) << text;
  }
}

TEST_F(PdfTest, CarriesTitleAuthorSubjectAndCreationDate) {
  Document doc = Certificate("el", "Πιστοποιητικό συμμετοχής", "Κείμενο");
  doc.subject = "European Solidarity Corps";
  doc.created = FromUnixSeconds(1795860000);  // 2026-11-28T10:00:00Z
  const auto pdf = Render(doc);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
  const std::string info = Info(*pdf);
  EXPECT_NE(info.find("Title:           Πιστοποιητικό συμμετοχής\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Author:          Svenska ESC-byrån\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Subject:         European Solidarity Corps\n"), std::string::npos) << info;
  EXPECT_NE(info.find("CreationDate:    2026-11-28T10:00:00"), std::string::npos) << info;
  EXPECT_NE(info.find("Pages:           1\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << info;
}

TEST_F(PdfTest, LongDocumentIsPagedWithTheFooterAndPageNumberOnEveryPage) {
  Document doc{.title = "User guide", .author = "PASS", .language = "en", .footer = "PASS guide"};
  doc.blocks.push_back({Block::Kind::kTitle, "User guide"});
  for (int i = 1; i <= 200; ++i) {
    if (i % 20 == 1) doc.blocks.push_back({Block::Kind::kHeading, "Chapter " + std::to_string(i)});
    doc.blocks.push_back({Block::Kind::kParagraph,
                          "Paragraph " + std::to_string(i) +
                              " explains one step of signing in, finding candidates and sending "
                              "offers, long enough to wrap onto a second line of the page."});
  }
  const auto pdf = Render(doc);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
  const std::vector<std::string> pages = Pages(*pdf);
  ASSERT_GT(pages.size(), 3u);
  EXPECT_NE(Info(*pdf).find("Pages:           " + std::to_string(pages.size()) + "\n"),
            std::string::npos);
  std::string all;
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::string label = std::to_string(i + 1) + " / " + std::to_string(pages.size());
    EXPECT_NE(pages[i].find(label), std::string::npos) << "page " << i + 1 << ": " << pages[i];
    EXPECT_NE(pages[i].find("PASS guide"), std::string::npos) << "page " << i + 1;
    all += pages[i];
  }
  // Nothing is lost at page breaks: every paragraph is there, once, in order.
  size_t at = 0;
  for (int i = 1; i <= 200; ++i) {
    const std::string start = "Paragraph " + std::to_string(i) + " explains";
    const size_t found = all.find(start, at);
    ASSERT_NE(found, std::string::npos) << start;
    EXPECT_EQ(all.find(start, found + 1), std::string::npos) << start;
    at = found;
  }
}

TEST_F(PdfTest, TextThatLooksLikeMarkupIsDrawnLiterally) {
  const auto pdf = Render(Certificate("en", "<i>Title</i>", "<b>x</b> & y &amp; z"));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
  const std::string text = Squeezed(Pages(*pdf).at(0));
  EXPECT_NE(text.find("<i>Title</i>"), std::string::npos) << text;
  EXPECT_NE(text.find("<b>x</b> & y &amp; z"), std::string::npos) << text;
}

TEST_F(PdfTest, EmptyDocumentIsOnePage) {
  const auto pdf = Render(Document{});
  ASSERT_TRUE(pdf.has_value()) << pdf.error().detail;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_NE(Info(*pdf).find("Pages:           1\n"), std::string::npos);
  EXPECT_NE(Pages(*pdf).at(0).find("1 / 1"), std::string::npos);
}

TEST_F(PdfTest, TextThatIsNotUtf8IsRefused) {
  Document doc = Certificate("sv", "Intyg", "caf\xE9");  // Latin-1, not UTF-8
  const auto pdf = Render(doc);
  ASSERT_FALSE(pdf.has_value());
  EXPECT_EQ(pdf.error().code, ErrorCode::kInternal);
  doc.blocks[2].text = std::string("a\0b", 3);
  EXPECT_FALSE(Render(doc).has_value());
}

TEST_F(PdfTest, RendersOnSeveralThreadsAtOnce) {
  Document doc = Certificate("bg", "Удостоверение за участие", "Мария Иванова, Пловдив.");
  doc.created = FromUnixSeconds(1795860000);  // the same document gives the same bytes
  const auto alone = Render(doc);
  ASSERT_TRUE(alone.has_value()) << alone.error().detail;
  const std::string text = Squeezed(Pages(*alone).at(0));
  EXPECT_NE(text.find("Удостоверение за участие"), std::string::npos) << text;
  EXPECT_NE(text.find("Мария Иванова, Пловдив."), std::string::npos) << text;

  std::vector<std::vector<std::string>> pdfs(4);
  std::vector<std::thread> threads;
  threads.reserve(pdfs.size());
  for (std::vector<std::string>& out : pdfs) {
    threads.emplace_back([&doc, &out] {
      for (int i = 0; i < 3; ++i) {
        const auto pdf = Render(doc);
        out.push_back(pdf ? *pdf : pdf.error().detail);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::vector<std::string>& out : pdfs) {
    for (const std::string& pdf : out) EXPECT_TRUE(pdf == *alone) << pdf.substr(0, 200);
  }
}

}  // namespace
}  // namespace pass::pdf
