// The young people's pages end to end (SPEC F1-F3, F6): the whole portal in-process on a real
// socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL, with the misbehaving
// OpenID provider (tests/support/bad-idp.js) in its well-behaved mode as EU Login and
// cookie-keeping HTTP clients as the browsers. A new person signs in, registers, edits the
// profile, uploads a CV, becomes visible to organisations, reads and downloads what is held, and
// erases it all; organisation staff open the profile only while it is visible, and only for an
// organisation they have access to.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "http/form.h"
#include "http/server.h"
#include "i18n/catalogue.h"
#include "registry/import.h"
#include "storage/registry_repository.h"
#include "support/http_client.h"
#include "support/portal_harness.h"
#include "support/test_database.h"

namespace pass {
namespace {

using testing::Between;
using testing::Browser;
using testing::Contains;
using testing::English;
using testing::HttpClient;
using testing::HttpResult;
using testing::SummaryNames;
using testing::YearsAgo;

// The smallest file the portal takes for a PDF.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

class YoungTest : public testing::PortalTest {
 protected:
  HttpResult UploadCv(Browser& b, const std::string& file_name, const std::string& type,
                      const std::string& content) {
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.csrf +
        "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"" + file_name +
        "\"\r\nContent-Type: " + type + "\r\n\r\n" + content + "\r\n--XyZ--\r\n";
    return b.client.Post("/young/cv", body,
                         {"Origin: " + Base(), "Content-Type: multipart/form-data; boundary=XyZ"});
  }

  nlohmann::json Me(Browser& b) { return GetJson(b, "/api/v1/me"); }
  nlohmann::json MyData(Browser& b) { return GetJson(b, "/young/data.json"); }

  static std::string Candidate(const std::string& oid, const std::string& reference) {
    return "/organisations/" + oid + "/candidates/" + reference;
  }

  // A valid profile form with two language rows and one availability period.
  static std::string ProfileForm(const std::string& overrides_motivation = "Ich möchte helfen.") {
    return "given_name=Lena&family_name=Berg&email=lena%40young.example&residence=SE"
           "&nationality=FI&contact_language=sv&language_rows=2"
           "&languages_1_code=sv&languages_1_level=native&languages_2_code=en"
           "&languages_2_level=B2&skills=first_aid&skills=teaching&topics=environment_nature"
           "&activity_types=individual_volunteering&destinations=DE&destinations=FR"
           "&period_rows=1&availability_1_from=2030-01-01&availability_1_to=2030-06-30"
           "&experience=Youth+leader&motivation=" +
           http::PercentEncode(overrides_motivation) +
           "&fewer_opportunities=1&support_needs=Quiet+room";
  }
};

TEST_P(YoungTest, ANewEuLoginUserLandsOnTheRegistrationFormAndRegisters) {
  Browser lena(Base());
  std::vector<std::string> visited;
  const auto landed = SignIn(lena, "sub-lena", "lena@young.example", "Lena", "Berg", &visited);
  EXPECT_EQ(landed.status, 200);
  ASSERT_FALSE(visited.empty());
  // Listed nowhere: the access page explains why (R5) and points young people to registration.
  EXPECT_EQ(visited.back(), Base() + "/access");
  EXPECT_TRUE(Contains(landed.body, "href=\"/young\"")) << landed.body.substr(0, 2000);
  const auto form = Get(lena, "/young");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(Contains(form.body, "action=\"/young/register\"")) << form.body.substr(0, 2000);
  EXPECT_TRUE(Contains(form.body, "lena@young.example")) << "from EU Login";
  ASSERT_FALSE(lena.csrf.empty());
  EXPECT_TRUE(Me(lena)["participant"].is_null());

  // Too young, and the principles not accepted: both fields named, what was typed kept.
  const std::string too_young = YearsAgo(10);
  const auto refused =
      Post(lena, "/young/register",
           "birth_date=" + too_young + "&residence=SE&accept_privacy=1&privacy_version=" +
               std::to_string(testing::PrivacyVersion()));
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(SummaryNames(refused.body, "birth_date")) << refused.body.substr(0, 3000);
  EXPECT_TRUE(SummaryNames(refused.body, "accept_principles"));
  EXPECT_FALSE(SummaryNames(refused.body, "accept_privacy"));
  EXPECT_TRUE(Contains(refused.body, "value=\"" + too_young + "\"")) << "the date typed is kept";
  EXPECT_TRUE(Contains(refused.body, "id=\"e-birth_date\""));
  EXPECT_TRUE(Me(lena)["participant"].is_null());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);

  // No date at all.
  const auto no_date = Post(lena, "/young/register", RegistrationForm(""));
  EXPECT_EQ(no_date.status, 422);
  EXPECT_TRUE(SummaryNames(no_date.body, "birth_date"));

  // An older statement on the form: accept_privacy is named.
  const auto stale = Post(lena, "/young/register",
                          "birth_date=" + YearsAgo(20) +
                              "&residence=SE&accept_principles=1&accept_privacy=1"
                              "&privacy_version=0");
  EXPECT_EQ(stale.status, 422);
  EXPECT_TRUE(SummaryNames(stale.body, "accept_privacy"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);

  const auto registered = Post(lena, "/young/register", RegistrationForm(YearsAgo(20)));
  ASSERT_EQ(registered.status, 303) << registered.body.substr(0, 2000);
  EXPECT_EQ(registered.Header("location"), "/young?done=registered");
  const auto home = Get(lena, "/young?done=registered");
  ASSERT_EQ(home.status, 200);
  const std::string reference =
      Between(home.body, "<strong class=\"pass-reference\">", "</strong>");
  ASSERT_EQ(reference.size(), 10u) << home.body.substr(0, 3000);
  EXPECT_TRUE(std::all_of(reference.begin(), reference.end(), ::isdigit));
  EXPECT_FALSE(Contains(home.body, "action=\"/young/register\""));
  EXPECT_TRUE(Contains(home.body, "action=\"/young/visibility\""));

  const auto me = Me(lena);
  ASSERT_TRUE(me["participant"].is_object()) << me.dump();
  EXPECT_EQ(me["participant"]["reference"], reference);
  EXPECT_EQ(me["participant"]["visible"], false);
  EXPECT_NE(std::find(me["roles"].begin(), me["roles"].end(), "young_person"), me["roles"].end());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'lena@young.example'"), 1)
      << "the reference by mail";

  // Registering again does nothing; signing in again lands on the home page.
  const auto again = Post(lena, "/young/register", RegistrationForm(YearsAgo(25)));
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.Header("location"), "/young");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 1);
  EXPECT_EQ(MyData(lena)["participant"]["birth_date"], YearsAgo(20));
  Browser later(Base());
  std::vector<std::string> visited_again;
  SignIn(later, "sub-lena", "lena@young.example", "Lena", "Berg", &visited_again);
  EXPECT_EQ(visited_again.back(), Base() + "/young");
  EXPECT_TRUE(Contains(Get(later, "/young").body, reference));
}

TEST_P(YoungTest, TheProfileFormNamesEveryBadFieldAndSavesOnlyAValidProfile) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example");
  const nlohmann::json before = MyData(lena);

  // A level that is no level: named, what was typed kept, nothing saved.
  const std::string long_text(2001, 'm');
  std::string unknown_level = ProfileForm("Typed before the error");
  unknown_level.replace(unknown_level.find("languages_2_level=B2"), 20, "languages_2_level=Z9");
  const auto refused = Post(lena, "/young/profile", unknown_level);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(SummaryNames(refused.body, "languages_2_level"))
      << Between(refused.body, "pass-error-summary", "</div>");
  EXPECT_TRUE(Contains(refused.body, "id=\"e-languages_2_level\""));
  EXPECT_TRUE(Contains(refused.body, "Typed before the error")) << "what was typed is kept";
  EXPECT_EQ(MyData(lena), before) << "nothing saved";

  // A period ending before it starts and 2,001 characters of motivation: the service's rules,
  // under the form's field names. (All three faults in one form: see
  // AnUnreadableLevelIsReportedWithEveryOtherFault.)
  std::string rules = ProfileForm(long_text);
  rules.replace(rules.find("availability_1_from=2030-01-01"), 30, "availability_1_from=2030-07-01");
  const auto refused_again = Post(lena, "/young/profile", rules);
  EXPECT_EQ(refused_again.status, 422);
  EXPECT_TRUE(SummaryNames(refused_again.body, "availability_1_to"))
      << Between(refused_again.body, "pass-error-summary", "</div>");
  EXPECT_TRUE(SummaryNames(refused_again.body, "motivation"));
  EXPECT_FALSE(SummaryNames(refused_again.body, "languages_2_level"));
  EXPECT_TRUE(Contains(refused_again.body, "id=\"e-availability_1_to\""));
  EXPECT_TRUE(Contains(refused_again.body, long_text)) << "what was typed is kept";
  EXPECT_EQ(MyData(lena), before);

  // Valid: saved, and read back from the download.
  const auto saved = Post(lena, "/young/profile", ProfileForm());
  ASSERT_EQ(saved.status, 303) << Between(saved.body, "pass-error-summary", "</div>");
  EXPECT_EQ(saved.Header("location"), "/young/profile?done=saved");
  const auto p = MyData(lena)["participant"];
  EXPECT_EQ(p["email"], "lena@young.example");
  EXPECT_EQ(p["nationality"], "FI");
  EXPECT_EQ(p["contact_language"], "sv");
  EXPECT_EQ(p["languages"], nlohmann::json::parse(R"([{"code":"en","level":"B2"},
                                                       {"code":"sv","level":"native"}])"));
  EXPECT_EQ(p["skills"], nlohmann::json::parse(R"(["first_aid","teaching"])"));
  EXPECT_EQ(p["topics"], nlohmann::json::parse(R"(["environment_nature"])"));
  EXPECT_EQ(p["activity_types"], nlohmann::json::parse(R"(["individual_volunteering"])"));
  EXPECT_EQ(p["destinations"], nlohmann::json::parse(R"(["DE","FR"])"));
  EXPECT_EQ(p["availability"],
            nlohmann::json::parse(R"([{"from":"2030-01-01","to":"2030-06-30"}])"));
  EXPECT_EQ(p["experience"], "Youth leader");
  EXPECT_EQ(p["motivation"], "Ich möchte helfen.");
  EXPECT_EQ(p["searchable"], false) << "the form does not change visibility";
  EXPECT_EQ(p["birth_date"], YearsAgo(20));
  const auto sensitive = MyData(lena)["sensitive"];
  EXPECT_EQ(sensitive["fewer_opportunities"], true);
  EXPECT_EQ(sensitive["support_needs"], "Quiet room");
  EXPECT_EQ(sensitive["shared_with_organisations"], false);

  // Saving the same form again replaces the rows instead of adding to them.
  ASSERT_EQ(Post(lena, "/young/profile", ProfileForm()).status, 303);
  EXPECT_EQ(MyData(lena)["participant"]["languages"].size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_languages"), 2);
}

// Fails today: SaveProfile (src/web/young_pages.cc:543) moves form.problems into the error and
// then tests form.problems.empty() (line 549) to decide whether to add the other rules' errors,
// so a form with an unreadable field reports only that field. Enable once fixed.
TEST_P(YoungTest, AnUnreadableLevelIsReportedWithEveryOtherFault) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example");
  const nlohmann::json before = MyData(lena);
  std::string bad = ProfileForm(std::string(2001, 'm'));
  bad.replace(bad.find("languages_2_level=B2"), 20, "languages_2_level=Z9");
  bad.replace(bad.find("availability_1_from=2030-01-01"), 30, "availability_1_from=2030-07-01");
  const auto refused = Post(lena, "/young/profile", bad);
  EXPECT_EQ(refused.status, 422);
  for (const char* field : {"languages_2_level", "availability_1_to", "motivation"}) {
    EXPECT_TRUE(SummaryNames(refused.body, field))
        << field << "\n"
        << Between(refused.body, "pass-error-summary", "</div>");
  }
  EXPECT_EQ(MyData(lena), before);
}

TEST_P(YoungTest, AnotherLanguageRowKeepsWhatWasTypedAndSavesNothing) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example");
  const nlohmann::json before = MyData(lena);
  const auto more =
      Post(lena, "/young/profile", ProfileForm("Typed, not saved yet") + "&more_languages=1");
  ASSERT_EQ(more.status, 200) << more.body.substr(0, 1000);
  EXPECT_TRUE(Contains(more.body, "name=\"languages_3_code\"")) << "a third row";
  EXPECT_FALSE(Contains(more.body, "name=\"languages_4_code\""));
  EXPECT_TRUE(Contains(more.body, "name=\"language_rows\" value=\"3\""));
  EXPECT_TRUE(Contains(more.body, "Typed, not saved yet"));
  EXPECT_TRUE(Contains(more.body, "value=\"B2\" selected")) << "the level chosen is kept";
  EXPECT_TRUE(Contains(more.body, "value=\"2030-06-30\""));
  EXPECT_TRUE(Contains(more.body, "value=\"lena@young.example\""));
  EXPECT_FALSE(Contains(more.body, "pass-error-summary"));
  EXPECT_EQ(MyData(lena), before) << "nothing saved";

  const auto more_periods = Post(lena, "/young/profile", ProfileForm() + "&more_periods=1");
  ASSERT_EQ(more_periods.status, 200);
  EXPECT_TRUE(Contains(more_periods.body, "name=\"availability_2_from\""));
  EXPECT_EQ(MyData(lena), before);
}

TEST_P(YoungTest, FormsWithoutTheSessionsCsrfTokenAreRefused) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example");
  const nlohmann::json before = MyData(lena);
  EXPECT_EQ(Post(lena, "/young/profile", ProfileForm(), false).status, 403);
  EXPECT_EQ(Post(lena, "/young/profile", "csrf=forged&" + ProfileForm(), false).status, 403);
  EXPECT_EQ(Post(lena, "/young/visibility", "visible=1", false).status, 403);
  EXPECT_EQ(Post(lena, "/young/cv/remove", "", false).status, 403);
  EXPECT_EQ(
      Post(lena, "/young/delete",
           "confirm_reference=" + before["participant"]["reference"].get<std::string>(), false)
          .status,
      403);
  Browser other(Base());
  SignIn(other, "sub-other", "other@young.example");
  EXPECT_EQ(Post(lena, "/young/profile",
                 "csrf=" + http::PercentEncode(other.csrf) + "&" + ProfileForm(), false)
                .status,
            403)
      << "another session's token";
  // A form from another site, even with the token.
  const auto cross = lena.client.Post(
      "/young/visibility", "csrf=" + http::PercentEncode(lena.csrf) + "&visible=1",
      {"Origin: https://evil.example", "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(MyData(lena), before);
  // An upload without the token.
  const auto upload = lena.client.Post(
      "/young/cv",
      "--XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n" +
          kPdf + "\r\n--XyZ--\r\n",
      {"Origin: " + Base(), "Content-Type: multipart/form-data; boundary=XyZ"});
  EXPECT_EQ(upload.status, 403);
  EXPECT_TRUE(MyData(lena)["cv"].is_null());
}

TEST_P(YoungTest, StaffOpenAProfileOnlyWhileItIsVisibleAndTheOpeningIsShownToItsOwner) {
  Browser lena(Base());
  const std::string reference = Register(lena, "sub-lena", "lena@young.example");
  ASSERT_EQ(Post(lena, "/young/profile", ProfileForm()).status, 303);
  ASSERT_EQ(UploadCv(lena, "lena.pdf", "application/pdf", kPdf).status, 303);
  auto anna = Staff("anna@se.example");    // E10000001
  auto lukas = Staff("lukas@de.example");  // E10000002
  ASSERT_EQ(Me(*anna)["organisations"].size(), 1u);

  // Not visible: the same answer as for nobody at all.
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference)).status, 404);
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference) + "/cv").status, 404);
  EXPECT_EQ(Get(*anna, Candidate("E10000001", "4999999999")).status, 404);

  const auto on = Post(lena, "/young/visibility", "visible=1");
  ASSERT_EQ(on.status, 303);
  EXPECT_EQ(Me(lena)["participant"]["visible"], true);
  const auto profile = Get(*anna, Candidate("E10000001", reference));
  ASSERT_EQ(profile.status, 200) << profile.body.substr(0, 1000);
  EXPECT_TRUE(Contains(profile.body, "Lena Berg"));
  EXPECT_TRUE(Contains(profile.body, reference));
  EXPECT_TRUE(Contains(profile.body, "Ich möchte helfen."));
  EXPECT_FALSE(Contains(profile.body, "Quiet room")) << "sensitive answers were not shared";
  const auto cv = Get(*anna, Candidate("E10000001", reference) + "/cv");
  ASSERT_EQ(cv.status, 200);
  EXPECT_EQ(cv.body, kPdf);
  EXPECT_TRUE(cv.Header("content-disposition").starts_with("attachment"));

  // The owner sees who looked.
  const auto data = Get(lena, "/young/data");
  ASSERT_EQ(data.status, 200);
  EXPECT_TRUE(Contains(data.body, English("young.data.event.viewed")));
  EXPECT_TRUE(Contains(data.body, English("young.data.event.cv_downloaded")));
  EXPECT_TRUE(Contains(data.body, "Ung i Europa (E10000001)"))
      << Between(data.body, "id=\"events\"", "</section>");
  const auto events = MyData(lena)["organisation_events"];
  ASSERT_EQ(events.size(), 2u) << events.dump();
  EXPECT_EQ(events[0]["oid"], "E10000001");
  EXPECT_EQ(events[1]["oid"], "E10000001");
  std::vector<std::string> kinds = {events[0]["kind"].get<std::string>(),
                                    events[1]["kind"].get<std::string>()};
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"cv_downloaded", "viewed"}));

  // Staff of another organisation may not open it in the name of one they do not belong to.
  EXPECT_EQ(Get(*lukas, Candidate("E10000001", reference)).status, 403);
  EXPECT_EQ(Get(*lukas, Candidate("E10000001", reference) + "/cv").status, 403);
  EXPECT_EQ(Get(*anna, Candidate("E10000002", reference)).status, 403);
  EXPECT_EQ(Get(*lukas, Candidate("E10000002", reference)).status, 200);
  // A young person is nobody's staff.
  Browser other(Base());
  Register(other, "sub-other", "other@young.example", "Olle", "Ek");
  EXPECT_EQ(Get(other, Candidate("E10000001", reference)).status, 403);
  EXPECT_EQ(Get(other, Candidate("E10000001", reference) + "/cv").status, 403);
  EXPECT_EQ(Get(lena, Candidate("E10000001", reference)).status, 403) << "not even one's own";
  // Nobody signed in is sent to sign in.
  HttpClient anonymous(Base());
  const auto signed_out = anonymous.Get(Candidate("E10000001", reference));
  EXPECT_EQ(signed_out.status, 303);
  EXPECT_TRUE(signed_out.Header("location").starts_with("/login?next="));
  EXPECT_EQ(MyData(lena)["organisation_events"].size(), 3u) << "only the openings that happened";

  // Visibility off again: 404 at once.
  ASSERT_EQ(Post(lena, "/young/visibility", "visible=0").status, 303);
  EXPECT_EQ(Me(lena)["participant"]["visible"], false);
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference)).status, 404);
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference) + "/cv").status, 404);
}

TEST_P(YoungTest, CvUploadTakesAPdfRefusesAnythingElseAndDownloadsAsAnAttachment) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example");
  EXPECT_EQ(Get(lena, "/young/cv").status, 404) << "no CV yet";

  const auto text = UploadCv(lena, "cv.txt", "text/plain", "Lena Berg, curriculum vitae\n");
  EXPECT_EQ(text.status, 422);
  EXPECT_TRUE(SummaryNames(text.body, "cv")) << Between(text.body, "pass-error-summary", "</div>");
  EXPECT_TRUE(MyData(lena)["cv"].is_null());
  const auto script = UploadCv(lena, "cv.pdf", "application/pdf",
                               "%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (x) >> >>\n%%EOF\n");
  EXPECT_EQ(script.status, 422);
  EXPECT_TRUE(SummaryNames(script.body, "cv"));
  // Over 5 MiB: the form says so; over the 8 MiB a request may carry: 413.
  const std::string six_mib =
      "%PDF-1.7\n" + std::string(size_t{6} * 1024 * 1024, 'x') + "\n%%EOF\n";
  const auto large = UploadCv(lena, "cv.pdf", "application/pdf", six_mib);
  EXPECT_EQ(large.status, 422);
  EXPECT_TRUE(SummaryNames(large.body, "cv"));
  const std::string nine_mib =
      "%PDF-1.7\n" + std::string(size_t{9} * 1024 * 1024, 'x') + "\n%%EOF\n";
  EXPECT_EQ(UploadCv(lena, "cv.pdf", "application/pdf", nine_mib).status, 413);
  const auto empty = UploadCv(lena, "cv.pdf", "application/pdf", "");
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(SummaryNames(empty.body, "cv"));
  EXPECT_TRUE(MyData(lena)["cv"].is_null());

  const auto uploaded = UploadCv(lena, "Lena Berg CV.pdf", "application/pdf", kPdf);
  ASSERT_EQ(uploaded.status, 303) << uploaded.body.substr(0, 1000);
  EXPECT_EQ(uploaded.Header("location"), "/young/profile?done=cv_uploaded#cv");
  const auto cv = MyData(lena)["cv"];
  ASSERT_TRUE(cv.is_object());
  EXPECT_EQ(cv["file_name"], "LenaBergCV.pdf");
  EXPECT_EQ(cv["size_bytes"], kPdf.size());

  const auto own = Get(lena, "/young/cv");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body, kPdf);
  EXPECT_EQ(own.Header("content-type"), "application/pdf");
  EXPECT_EQ(own.Header("content-disposition"), "attachment; filename=\"LenaBergCV.pdf\"");

  // Nobody else downloads it through the owner's URL.
  Browser other(Base());
  Register(other, "sub-other", "other@young.example", "Olle", "Ek");
  EXPECT_EQ(Get(other, "/young/cv").status, 404);

  ASSERT_EQ(Post(lena, "/young/cv/remove", "").status, 303);
  EXPECT_TRUE(MyData(lena)["cv"].is_null());
  EXPECT_EQ(Get(lena, "/young/cv").status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cv_files"), 0) << "the file went with it";
}

TEST_P(YoungTest, TheApiExportIsTheDownloadAndHoldsNobodyElse) {
  Browser lena(Base());
  const std::string reference = Register(lena, "sub-lena", "lena@young.example");
  ASSERT_EQ(Post(lena, "/young/profile", ProfileForm()).status, 303);
  Browser olle(Base());
  const std::string other_reference =
      Register(olle, "sub-olle", "olle@young.example", "Olle", "Ek");
  ASSERT_EQ(Post(olle, "/young/visibility", "visible=1").status, 303);
  auto anna = Staff("anna@se.example");
  ASSERT_EQ(Get(*anna, Candidate("E10000001", other_reference)).status, 200);

  const auto download = Get(lena, "/young/data.json");
  ASSERT_EQ(download.status, 200);
  EXPECT_TRUE(download.Header("content-disposition").starts_with("attachment"));
  const auto api = Get(lena, "/api/v1/me/export");
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(nlohmann::json::parse(api.body), nlohmann::json::parse(download.body));
  const auto e = nlohmann::json::parse(api.body);
  EXPECT_EQ(e["participant"]["reference"], reference);
  EXPECT_EQ(e["sign_in"]["sub"], "sub-lena");
  EXPECT_EQ(e["account"]["privacy_statement_version"], testing::PrivacyVersion());
  EXPECT_TRUE(e["organisation_events"].empty());
  for (const auto& other : {other_reference, std::string("olle@young.example"),
                            std::string("sub-olle"), std::string("Olle")}) {
    EXPECT_FALSE(Contains(api.body, other)) << other;
  }
  EXPECT_TRUE(Contains(Get(olle, "/api/v1/me/export").body, other_reference));

  // Someone who never registered has nothing to export; nobody signed in is not asked.
  auto anna_export = Get(*anna, "/api/v1/me/export");
  EXPECT_EQ(anna_export.status, 404);
  HttpClient anonymous(Base());
  EXPECT_EQ(anonymous.Get("/api/v1/me/export").status, 401);
}

TEST_P(YoungTest, ErasureNeedsTheReferenceAndThenLeavesNothingBehind) {
  Browser lena(Base());
  const std::string reference = Register(lena, "sub-lena", "lena@young.example");
  ASSERT_EQ(Post(lena, "/young/profile", ProfileForm()).status, 303);
  ASSERT_EQ(UploadCv(lena, "cv.pdf", "application/pdf", kPdf).status, 303);
  ASSERT_EQ(Post(lena, "/young/visibility", "visible=1").status, 303);
  auto anna = Staff("anna@se.example");
  ASSERT_EQ(Get(*anna, Candidate("E10000001", reference)).status, 200);
  const nlohmann::json before = MyData(lena);

  const auto page = Get(lena, "/young/delete");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "name=\"confirm_reference\""));

  const auto wrong = Post(lena, "/young/delete", "confirm_reference=1234567890");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(SummaryNames(wrong.body, "confirm_reference"));
  EXPECT_EQ(Me(lena)["participant"]["reference"], reference);
  auto after_wrong = MyData(lena);
  after_wrong["organisation_events"] = before["organisation_events"];
  EXPECT_EQ(after_wrong, before) << "nothing erased";
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference)).status, 200);

  const auto erased = Post(lena, "/young/delete", "confirm_reference=" + reference);
  ASSERT_EQ(erased.status, 200) << erased.body.substr(0, 1000);
  EXPECT_TRUE(Contains(erased.body, English("young.deleted.title")));
  EXPECT_TRUE(Contains(erased.body, English("young.deleted.text")));
  EXPECT_FALSE(Contains(erased.body, "name=\"confirm_reference\""));
  EXPECT_FALSE(Contains(erased.body, reference));

  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference)).status, 404) << "at once";
  EXPECT_EQ(Get(*anna, Candidate("E10000001", reference) + "/cv").status, 404);
  EXPECT_TRUE(Me(lena)["participant"].is_null());
  const auto home = Get(lena, "/young");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(Contains(home.body, "action=\"/young/register\"")) << "may register afresh";
  EXPECT_EQ(Get(lena, "/young/data.json").status, 303);
  EXPECT_EQ(Get(lena, "/young/cv").status, 303);
  EXPECT_EQ(Get(lena, "/api/v1/me/export").status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_cvs"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cv_files"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_languages"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, YoungTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass
