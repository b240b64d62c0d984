// The participation certificate (SPEC F15) as its holder reads it: a PDF in the participant's
// language naming the person, the organisation, the activity and its dates, read back with
// poppler's pdftotext.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "http/static_files.h"
#include "i18n/catalogue.h"
#include "web/offer_pages.h"
#include "web/site.h"
#include "web/templates.h"

namespace pass::web {
namespace {

const std::string kRoot = PASS_SOURCE_DIR;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

std::string TextOf(const std::string& pdf) {
  const std::string path = ::testing::TempDir() + "certificate.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  FILE* pipe = popen(("pdftotext -raw -enc UTF-8 '" + path + "' -").c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(Certificate, InTheParticipantsLanguageWithTheActualDates) {
  auto catalogues = i18n::Catalogues::Load(kRoot + "/locales");
  ASSERT_TRUE(catalogues.has_value());
  auto templates = Templates::Load(kRoot + "/web/templates", *catalogues);
  ASSERT_TRUE(templates.has_value());
  auto statics = http::StaticFiles::Load(kRoot + "/web/static", "/static");
  ASSERT_TRUE(statics.has_value());
  Site site(*catalogues, *templates, *statics, SiteOptions{});

  offers::Offer o;
  o.id = 77;
  o.oid = "E10000001";
  o.organisation_name = "Ungdomsföreningen Norr";
  o.title = "Skogsvolontärer i Umeå";
  o.activity_type = "individual_volunteering";
  o.country = "SE";
  o.town = "Umeå";
  o.grant_reference = "2026-1-SE02-ESC51-000123";
  o.reference = "4000000001";
  o.given_name = "Åsa";
  o.family_name = "Öberg";
  o.start_date = D(2027, 3, 1);
  o.end_date = D(2027, 8, 31);
  o.actual_end = D(2027, 5, 31);
  o.outcome = offers::Outcome::kEndedEarly;
  o.state = offers::State::kAccepted;
  const Timestamp issued = std::chrono::sys_days(D(2027, 6, 2));

  auto sv = CertificatePdf(site, "sv", o, issued);
  ASSERT_TRUE(sv.has_value()) << sv.error().detail;
  ASSERT_TRUE(sv->starts_with("%PDF-"));
  const std::string text = TextOf(*sv);
  EXPECT_NE(text.find("Åsa Öberg"), std::string::npos) << text;
  EXPECT_NE(text.find("Ungdomsföreningen Norr"), std::string::npos) << text;
  EXPECT_NE(text.find(site.T("sv", Message("certificate.title"))), std::string::npos) << text;
  // The actual end, not the planned one, and the three months it lasted.
  EXPECT_NE(text.find(i18n::FormatLongDate("sv", D(2027, 5, 31))), std::string::npos) << text;
  EXPECT_NE(text.find("4000000001"), std::string::npos);
  // Another language, another text.
  auto de = CertificatePdf(site, "de", o, issued);
  ASSERT_TRUE(de.has_value());
  EXPECT_NE(TextOf(*de).find(site.T("de", Message("certificate.title"))), std::string::npos);
  EXPECT_NE(site.T("de", Message("certificate.title")), site.T("sv", Message("certificate.title")));
}

}  // namespace
}  // namespace pass::web
