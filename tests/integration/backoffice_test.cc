// The back office's remit matrix (issue 4): the whole portal in-process on a real socket, with
// officers of one country, kind or programme, staff, a young person and nobody signed in. Every
// back-office route is tried by every one of them against organisations inside and outside
// their remit, with ids forged into URLs and forms: reads outside the remit are 404 (the same
// answer as for something that does not exist), writes outside it are refused and change
// nothing, and people without an officer role reach none of it. A test fails when a new
// back-office route is added without a row here.
#include "backoffice/backoffice.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "access/access.h"
#include "app/app.h"
#include "http/form.h"
#include "http/server.h"
#include "registry/import.h"
#include "sessions/sessions.h"
#include "storage/access_repository.h"
#include "storage/backoffice_repository.h"
#include "storage/registry_repository.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace pass {
namespace {

using testing::HttpClient;
using testing::HttpResult;

constexpr const char* kOrigin = "http://127.0.0.1:1";

// Six organisations, each reachable by exactly the officers named in its comment.
const std::string kRegistry =
    "programme,oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,"
    "staff_email,staff_name,staff_function\n"
    // NA SE
    ",E10000001,Ung i Europa,SE,quality_label,QL-SE,SE02,2024-01-01,2099-12-31,active,"
    "anna@se.example,Anna,Coordinator\n"
    // NA DE
    ",E10000002,Jugendwerk,DE,evs_accreditation,EVS-DE,DE04,2024-01-01,2099-12-31,active,"
    "lukas@de.example,Lukas,Mentor\n"
    // EACEA
    ",E10000003,Ayuda,ES,euav_certification,EUAV-ES,EACEA,2024-01-01,2099-12-31,active,"
    "carmen@es.example,Carmen,Programmes\n"
    // EACEA (a Swedish organisation, but not a kind of the Swedish National Agency)
    ",E10000008,Hjälp utan gränser,SE,euav_certification,EUAV-SE,EACEA,2024-01-01,2099-12-31,"
    "active,karin@se2.example,Karin,Programmes\n"
    // DG LIFE
    "LIFE,E10000004,Green Coast,IE,programme_approval,PA-LIFE,DG ENV,2024-01-01,2099-12-31,"
    "active,,,\n"
    // DG CERV
    "CERV,E10000007,Polgári Kör,HU,programme_approval,PA-CERV,DG JUST,2024-01-01,2099-12-31,"
    "active,,,\n";

struct Org {
  std::string oid;
  std::string reference;
  std::string staff_email;
  int64_t authorisation_id = 0;
  int64_t person_id = 0;  // the staff member, signed in
  int64_t nomination_id = 0;
};

struct Actor {
  std::string name;
  std::string email;
  std::set<std::string> remit;  // OIDs; empty for people without an officer role
  bool officer = false;
  bool administrator = false;
  std::string token;  // session cookie value; empty: not signed in
};

class BackofficeTest : public ::testing::Test {
 public:  // the route table below calls the helpers
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    config::Config config;
    config.database_url = "sqlite:" + (dir_->path() / "pass.db").string();
    config.public_url = kOrigin;
    config.session_secret = "backoffice-test-secret-0123456789abcdef";
    config.admin_emails = {"root@pass.example"};
    auto app = app::App::Create(config, PASS_SOURCE_DIR);
    ASSERT_TRUE(app.has_value()) << app.error().detail;
    app_ = app->release();
    Seed();
    http::ServerOptions options;
    options.port = 0;
    server_ = new http::Server(options, app_->handler());
    ASSERT_TRUE(server_->Listen().has_value());
    server_->Start();
  }
  static void TearDownTestSuite() {
    server_->Stop();
    delete server_;
    delete app_;
    delete dir_;
  }

  static void Seed() {
    SystemClock clock;
    storage::SqlRegistryStore registry(app_->database(), clock);
    registry::Importer importer(registry, clock);
    auto imported = importer.Run(kRegistry, "test", "registry.csv", false);
    ASSERT_TRUE(imported && imported->problems.empty())
        << (imported && !imported->problems.empty() ? imported->problems[0].reason.key : "");
    // Programme approvals get their staff by nomination.
    ASSERT_TRUE(registry.Write([&](registry::Repository& repo) -> Result<void> {
      for (const auto& [ref, email] :
           {std::pair<std::string, std::string>{"PA-LIFE", "niamh@ie.example"},
            {"PA-CERV", "zsofia@hu.example"}}) {
        auto a = repo.FindAuthorisation(ref);
        if (!a) return Fail(std::move(a.error()));
        if (auto r =
                repo.ReplaceStaff((*a)->id, registry::StaffSource::kNomination,
                                  {{email, "Nominee", "", registry::StaffSource::kNomination}});
            !r)
          return r;
      }
      return {};
    }));
    orgs_ = {{"E10000001", "QL-SE", "anna@se.example"},
             {"E10000002", "EVS-DE", "lukas@de.example"},
             {"E10000003", "EUAV-ES", "carmen@es.example"},
             {"E10000008", "EUAV-SE", "karin@se2.example"},
             {"E10000004", "PA-LIFE", "niamh@ie.example"},
             {"E10000007", "PA-CERV", "zsofia@hu.example"}};
    for (auto& o : orgs_) {
      auto a = registry.ReadValue(
          [&](registry::Repository& repo) { return repo.FindAuthorisation(o.reference); });
      ASSERT_TRUE(a && *a);
      o.authorisation_id = (**a).id;
      o.person_id = SignIn(o.staff_email).first;
    }

    storage::SqlBackofficeStore backoffice(app_->database(), clock);
    ASSERT_TRUE(backoffice.Write([&](backoffice::Repository& repo) -> Result<void> {
      for (const auto& [email, kind, country, programme] :
           {std::tuple{"na.se@agency.example", backoffice::RoleKind::kNaOfficer, "SE", ""},
            std::tuple{"na.de@agency.example", backoffice::RoleKind::kNaOfficer, "DE", ""},
            std::tuple{"eacea@eacea.example", backoffice::RoleKind::kEaceaOfficer, "", ""},
            std::tuple{"dg.life@ec.example", backoffice::RoleKind::kDgOfficer, "", "LIFE"},
            std::tuple{"dg.cerv@ec.example", backoffice::RoleKind::kDgOfficer, "", "CERV"}}) {
        backoffice::Role r;
        r.kind = kind;
        r.email = email;
        r.country = country;
        r.programme = programme;
        r.granted_by = "test";
        auto inserted = repo.InsertRole(r);
        if (!inserted) return Fail(std::move(inserted.error()));
      }
      // A pending nomination under each programme approval, for the decision route.
      for (auto& o : orgs_) {
        if (o.reference.rfind("PA-", 0) != 0) continue;
        backoffice::Nomination n;
        n.authorisation_id = o.authorisation_id;
        n.batch = "b-" + o.oid;
        n.representative_name = "Rep";
        n.representative_email = "rep@" + o.oid + ".example";
        n.staff = {"nominee-" + o.oid + "@x.example", "Nominee " + o.oid, "",
                   registry::StaffSource::kNomination};
        n.state = backoffice::NominationState::kPending;
        n.submitted_by = "test";
        auto id = repo.InsertNomination(n);
        if (!id) return Fail(std::move(id.error()));
        o.nomination_id = *id;
      }
      return {};
    }));

    actors_ = {
        {"administrator",
         "root@pass.example",
         {"E10000001", "E10000002", "E10000003", "E10000008", "E10000004", "E10000007"},
         true,
         true},
        {"NA officer SE", "na.se@agency.example", {"E10000001"}, true},
        {"NA officer DE", "na.de@agency.example", {"E10000002"}, true},
        {"EACEA officer", "eacea@eacea.example", {"E10000003", "E10000008"}, true},
        {"DG officer LIFE", "dg.life@ec.example", {"E10000004"}, true},
        {"DG officer CERV", "dg.cerv@ec.example", {"E10000007"}, true},
        {"organisation staff", "anna@se.example", {}, false},
        {"young person", "young@person.example", {}, false},
        {"nobody signed in", "", {}, false},
    };
    for (auto& a : actors_) {
      if (!a.email.empty()) a.token = SignIn(a.email).second;
    }
  }

  // A person who signed in with a verified e-mail, and a session of theirs.
  static std::pair<int64_t, std::string> SignIn(const std::string& email) {
    SystemClock clock;
    storage::SqlPeopleStore people(app_->database(), clock);
    storage::SqlRegistryStore registry(app_->database(), clock);
    storage::SqlSessionStore session_store(app_->database(), clock);
    access::Service access(people, registry, clock);
    sessions::Service sessions(session_store, clock);
    auto signed_in = access.RecordSignIn({"sub-" + email, email, true, "Given", "Family", "LOW"});
    EXPECT_TRUE(signed_in.has_value());
    auto created = sessions.Create(signed_in->person.id, "");
    EXPECT_TRUE(created.has_value());
    return {signed_in->person.id, created->token};
  }

  static std::string Base() { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  static std::vector<std::string> Headers(const Actor& a) {
    std::vector<std::string> h = {"Origin: " + std::string(kOrigin)};
    if (!a.token.empty()) h.push_back("Cookie: pass=" + a.token);
    return h;
  }

  static HttpResult Get(const Actor& a, const std::string& path) {
    HttpClient client(Base());
    return client.Get(path, Headers(a));
  }

  // The CSRF token of the actor's session, read from a page as a browser would.
  static std::string Csrf(const Actor& a) {
    if (a.token.empty()) return "";
    const auto page = Get(a, "/access");
    const std::string marker = "name=\"csrf\" value=\"";
    const size_t at = page.body.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
  }

  static HttpResult Post(const Actor& a, const std::string& path, const std::string& form,
                         bool with_csrf = true) {
    HttpClient client(Base());
    auto headers = Headers(a);
    headers.push_back("Content-Type: application/x-www-form-urlencoded");
    const std::string body = with_csrf ? "csrf=" + http::PercentEncode(Csrf(a)) + "&" + form : form;
    return client.Post(path, body, headers);
  }

  static HttpResult Upload(const Actor& a, const std::string& csv) {
    HttpClient client(Base());
    auto headers = Headers(a);
    headers.push_back("Content-Type: multipart/form-data; boundary=XyZ");
    const std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" +
                             Csrf(a) +
                             "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                             "filename=\"registry.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                             csv + "\r\n--XyZ--\r\n";
    return client.Post("/backoffice/import", body, headers);
  }

  // Everything a write could change, as text: compared before and after.
  static std::string Snapshot() {
    std::string out;
    for (const char* sql :
         {"SELECT oid || name || country FROM organisations ORDER BY oid",
          "SELECT reference || oid || kind || issuer || programme || valid_from || valid_to || "
          "status FROM authorisations ORDER BY id",
          "SELECT authorisation_id || email_key || name || source FROM staff_listings ORDER BY id",
          "SELECT id || state FROM nominations ORDER BY id",
          "SELECT id || email_key || role FROM officer_roles ORDER BY id",
          "SELECT count(*) FROM sessions", "SELECT count(*) FROM audit_log",
          "SELECT count(*) FROM outbox", "SELECT count(*) FROM import_uploads"}) {
      auto rows = app_->database().With([&](storage::Connection& c) { return c.Query(sql); });
      EXPECT_TRUE(rows.has_value()) << sql;
      if (!rows) continue;
      for (const auto& r : *rows) out += r.Text(0) + "\n";
      out += "--\n";
    }
    return out;
  }

  static const Org& OrgOf(const std::string& oid) {
    for (const auto& o : orgs_) {
      if (o.oid == oid) return o;
    }
    throw std::logic_error("no organisation " + oid);
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline app::App* app_ = nullptr;
  static inline http::Server* server_ = nullptr;
  static inline std::vector<Org> orgs_;
  static inline std::vector<Actor> actors_;
};

// One back-office route of the matrix: how to call it for one organisation, and whether it
// writes. Each route pattern of the router must be here.
struct RouteCase {
  http::Method method;
  std::string pattern;
  std::function<HttpResult(const Actor&, const Org&)> call;
};

std::vector<RouteCase> OrganisationRoutes() {
  using M = http::Method;
  auto id = [](const Org& o) { return std::to_string(o.authorisation_id); };
  return {
      {M::kGet, "/backoffice/organisations/{oid}",
       [](const Actor& a, const Org& o) {
         return BackofficeTest::Get(a, "/backoffice/organisations/" + o.oid);
       }},
      {M::kGet, "/backoffice/authorisations/{id}/edit",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Get(a, "/backoffice/authorisations/" + id(o) + "/edit");
       }},
      {M::kGet, "/backoffice/authorisations/{id}/staff/correct",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Get(
             a, "/backoffice/authorisations/" + id(o) + "/staff/correct?email=" + o.staff_email);
       }},
      {M::kPost, "/backoffice/organisations/{oid}",
       [](const Actor& a, const Org& o) {
         return BackofficeTest::Post(a, "/backoffice/organisations/" + o.oid,
                                     "name=Taken+over&country=SE&reason=x");
       }},
      {M::kPost, "/backoffice/organisations/{oid}/authorisations",
       [](const Actor& a, const Org& o) {
         return BackofficeTest::Post(a, "/backoffice/organisations/" + o.oid + "/authorisations",
                                     "kind=quality_label&reference=NEW-" + o.oid +
                                         "&issuer=X&valid_from=2025-01-01&valid_to=2030-01-01");
       }},
      {M::kPost, "/backoffice/organisations/{oid}/people/{person}/end-sessions",
       [](const Actor& a, const Org& o) {
         return BackofficeTest::Post(a,
                                     "/backoffice/organisations/" + o.oid + "/people/" +
                                         std::to_string(o.person_id) + "/end-sessions",
                                     "");
       }},
      {M::kPost, "/backoffice/authorisations/{id}",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Post(
             a, "/backoffice/authorisations/" + id(o),
             "kind=quality_label&reference=" + o.reference +
                 "&issuer=Forged&valid_from=2024-01-01&valid_to=2099-12-31&reason=x");
       }},
      {M::kPost, "/backoffice/authorisations/{id}/status",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Post(a, "/backoffice/authorisations/" + id(o) + "/status",
                                     "action=suspend&reason=x");
       }},
      {M::kPost, "/backoffice/authorisations/{id}/staff",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Post(
             a, "/backoffice/authorisations/" + id(o) + "/staff",
             "staff_email=intruder%40evil.example&staff_name=Intruder&reason=x");
       }},
      {M::kPost, "/backoffice/authorisations/{id}/staff/correct",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Post(
             a, "/backoffice/authorisations/" + id(o) + "/staff/correct",
             "old_email=" + http::PercentEncode(o.staff_email) +
                 "&staff_email=intruder%40evil.example&staff_name=Intruder&reason=x");
       }},
      {M::kPost, "/backoffice/authorisations/{id}/staff/remove",
       [id](const Actor& a, const Org& o) {
         return BackofficeTest::Post(
             a, "/backoffice/authorisations/" + id(o) + "/staff/remove",
             "staff_email=" + http::PercentEncode(o.staff_email) + "&reason=x");
       }},
      {M::kPost, "/backoffice/nominations/{id}/decision",
       [](const Actor& a, const Org& o) {
         // Organisations without a nomination get an id that does not exist: the same 404.
         const int64_t nomination = o.nomination_id != 0 ? o.nomination_id : 999999;
         return BackofficeTest::Post(
             a, "/backoffice/nominations/" + std::to_string(nomination) + "/decision",
             "decision=approve&reason=x");
       }},
  };
}

// Routes not about one organisation: each actor's expected answer is decided per route below.
const std::set<std::string> kGlobalRoutes = {"GET /backoffice",
                                             "GET /backoffice/organisations/new",
                                             "POST /backoffice/organisations",
                                             "GET /backoffice/import",
                                             "POST /backoffice/import",
                                             "POST /backoffice/import/confirm",
                                             "POST /backoffice/import/cancel",
                                             "GET /backoffice/nominations",
                                             "GET /backoffice/roles",
                                             "POST /backoffice/roles",
                                             "POST /backoffice/roles/{id}/revoke",
                                             "GET /backoffice/outbox"};

std::string Key(http::Method m, const std::string& pattern) {
  return std::string(m == http::Method::kGet ? "GET " : "POST ") + pattern;
}

TEST_F(BackofficeTest, EveryBackOfficeRouteIsInTheMatrix) {
  std::set<std::string> covered = kGlobalRoutes;
  for (const auto& r : OrganisationRoutes()) covered.insert(Key(r.method, r.pattern));
  for (const auto& route : app_->router().routes()) {
    if (!route->pattern.starts_with("/backoffice")) continue;
    EXPECT_TRUE(covered.count(Key(route->method, route->pattern)))
        << route->pattern << " has no row in the remit matrix";
  }
}

TEST_F(BackofficeTest, OfficersReadOnlyTheirRemitAndEverythingElseIsNotFound) {
  for (const auto& actor : actors_) {
    if (!actor.officer) continue;
    for (const auto& org : orgs_) {
      const bool mine = actor.remit.count(org.oid) > 0;
      for (const auto& route : OrganisationRoutes()) {
        if (route.method != http::Method::kGet) continue;
        SCOPED_TRACE(actor.name + " " + route.pattern + " " + org.oid);
        const auto r = route.call(actor, org);
        EXPECT_EQ(r.status, mine ? 200 : 404);
        if (!mine) {
          EXPECT_EQ(r.body.find(org.staff_email), std::string::npos);
        }
      }
    }
  }
}

TEST_F(BackofficeTest, WritesOutsideTheRemitAreRefusedAndChangeNothing) {
  const std::string before = Snapshot();
  for (const auto& actor : actors_) {
    if (!actor.officer || actor.administrator) continue;
    for (const auto& org : orgs_) {
      if (actor.remit.count(org.oid)) continue;
      for (const auto& route : OrganisationRoutes()) {
        if (route.method != http::Method::kPost) continue;
        SCOPED_TRACE(actor.name + " " + route.pattern + " " + org.oid);
        EXPECT_EQ(route.call(actor, org).status, 404);
      }
    }
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(BackofficeTest, PeopleWithoutAnOfficerRoleReachNoneOfIt) {
  const std::string before = Snapshot();
  for (const auto& actor : actors_) {
    if (actor.officer) continue;
    for (const auto& org : orgs_) {
      for (const auto& route : OrganisationRoutes()) {
        SCOPED_TRACE(actor.name + " " + route.pattern + " " + org.oid);
        const auto r = route.call(actor, org);
        // Signed out: to the sign-in page; signed in without a role: the 403 page.
        EXPECT_EQ(r.status, actor.token.empty() ? 303 : 403);
      }
    }
    for (const auto& path :
         {"/backoffice", "/backoffice/organisations/new", "/backoffice/import",
          "/backoffice/nominations", "/backoffice/roles", "/backoffice/outbox"}) {
      SCOPED_TRACE(actor.name + " " + path);
      const auto r = Get(actor, path);
      EXPECT_EQ(r.status, actor.token.empty() ? 303 : 403);
      if (!actor.token.empty()) {
        EXPECT_EQ(r.body.find("href=\"/backoffice\""), std::string::npos);
      }
    }
    for (const auto& [path, form] :
         {std::pair<std::string, std::string>{
              "/backoffice/organisations",
              "oid=E19999999&name=X&country=SE&kind=quality_label&"
              "reference=R&issuer=I&valid_from=2025-01-01&valid_to=2026-01-01"},
          {"/backoffice/import/confirm", "token=forged"},
          {"/backoffice/import/cancel", "token=forged"},
          {"/backoffice/roles", "email=me%40x.example&role=administrator"},
          {"/backoffice/roles/1/revoke", ""}}) {
      SCOPED_TRACE(actor.name + " " + path);
      EXPECT_EQ(Post(actor, path, form).status, actor.token.empty() ? 303 : 403);
    }
    SCOPED_TRACE(actor.name + " upload");
    EXPECT_EQ(Upload(actor, kRegistry).status, actor.token.empty() ? 303 : 403);
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(BackofficeTest, SearchShowsOnlyTheRemitAndTheNominationQueueOnlyItsProgrammes) {
  for (const auto& actor : actors_) {
    if (!actor.officer) continue;
    SCOPED_TRACE(actor.name);
    const auto search = Get(actor, "/backoffice");
    ASSERT_EQ(search.status, 200);
    const auto queue = Get(actor, "/backoffice/nominations");
    ASSERT_EQ(queue.status, 200);
    for (const auto& org : orgs_) {
      const bool mine = actor.remit.count(org.oid) > 0;
      EXPECT_EQ(search.body.find(org.oid) != std::string::npos, mine) << org.oid;
      if (org.nomination_id != 0) {
        EXPECT_EQ(queue.body.find("nominee-" + org.oid) != std::string::npos, mine) << org.oid;
      }
    }
  }
}

TEST_F(BackofficeTest, GlobalRoutesRespectTheRemit) {
  const std::string before = Snapshot();
  for (const auto& actor : actors_) {
    if (!actor.officer) continue;
    SCOPED_TRACE(actor.name);
    EXPECT_EQ(Get(actor, "/backoffice/organisations/new").status, 200);
    EXPECT_EQ(Get(actor, "/backoffice/import").status, 200);
    // Roles and the outbox are the administrators'.
    for (const auto& path : {"/backoffice/roles", "/backoffice/outbox"})
      EXPECT_EQ(Get(actor, path).status, actor.administrator ? 200 : 404) << path;
    if (actor.administrator) continue;
    EXPECT_EQ(Post(actor, "/backoffice/roles", "email=me%40x.example&role=administrator").status,
              404);
    EXPECT_EQ(Post(actor, "/backoffice/roles/1/revoke", "").status, 404);
    // A new organisation whose first authorisation is outside the remit: refused, naming the kind.
    const bool se_ql = actor.remit.count("E10000001") > 0;
    if (!se_ql) {
      const auto created =
          Post(actor, "/backoffice/organisations",
               "oid=E19999999&name=Forged&country=SE&kind=quality_label&reference=FORGED&"
               "issuer=I&valid_from=2025-01-01&valid_to=2026-01-01");
      EXPECT_EQ(created.status, 400);
      EXPECT_NE(created.body.find("outside your remit"), std::string::npos);
    }
    // An upload touching organisations outside the remit is refused row by row, and nothing is
    // kept.
    const auto preview = Upload(actor, kRegistry);
    EXPECT_EQ(preview.status, 422);
    EXPECT_NE(preview.body.find("outside your remit"), std::string::npos);
    EXPECT_EQ(preview.body.find("name=\"token\""), std::string::npos) << "no way to confirm";
    // Forged or foreign upload tokens.
    EXPECT_EQ(Post(actor, "/backoffice/import/confirm", "token=forged").status, 404);
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(BackofficeTest, FormsWithoutTheSessionsCsrfTokenAreRefused) {
  const Actor& na_se = actors_[1];
  const Org& org = OrgOf("E10000001");
  const std::string before = Snapshot();
  const auto r =
      Post(na_se, "/backoffice/authorisations/" + std::to_string(org.authorisation_id) + "/status",
           "action=suspend&reason=x", false);
  EXPECT_EQ(r.status, 403);
  HttpClient client(Base());
  const auto cross_site =
      client.Post("/backoffice/authorisations/" + std::to_string(org.authorisation_id) + "/status",
                  "csrf=" + http::PercentEncode(Csrf(na_se)) + "&action=suspend&reason=x",
                  {"Origin: https://evil.example", "Cookie: pass=" + na_se.token,
                   "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(cross_site.status, 403);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(BackofficeTest, AnOfficerChangesTheirOwnRemitAndAccessFollowsAtOnce) {
  // Last, as it changes data: the Swedish officer suspends the Swedish label; its staff are out
  // on their next request, and back after reinstating.
  const Actor& na_se = actors_[1];
  const Org& org = OrgOf("E10000001");
  Actor anna{"anna", "anna@se.example", {}, false, false, SignIn("anna@se.example").second};
  EXPECT_EQ(Get(anna, "/organisations/E10000001").status, 200);
  const std::string status =
      "/backoffice/authorisations/" + std::to_string(org.authorisation_id) + "/status";
  const auto suspended = Post(na_se, status, "action=suspend&reason=Audit+pending");
  ASSERT_EQ(suspended.status, 303);
  EXPECT_EQ(suspended.Header("location"),
            "/backoffice/organisations/E10000001?done=status_changed");
  EXPECT_EQ(Get(anna, "/organisations/E10000001").status, 403);
  const auto page = Get(na_se, "/backoffice/organisations/E10000001");
  EXPECT_NE(page.body.find("Audit pending"), std::string::npos) << "the reason is in the history";
  EXPECT_NE(page.body.find("Authorisation suspended"), std::string::npos);
  // No reason: the form comes back naming the field, and nothing changes.
  const auto no_reason = Post(na_se, status, "action=reinstate&reason=");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("a reason is required"), std::string::npos);
  EXPECT_EQ(Get(anna, "/organisations/E10000001").status, 403);
  ASSERT_EQ(Post(na_se, status, "action=reinstate&reason=Audit+passed").status, 303);
  EXPECT_EQ(Get(anna, "/organisations/E10000001").status, 200);
  // The officer sees that Anna signed in, and can end her sessions.
  const auto who = Get(na_se, "/backoffice/organisations/E10000001");
  EXPECT_NE(who.body.find("/people/" + std::to_string(org.person_id) + "/end-sessions"),
            std::string::npos);
  ASSERT_EQ(Post(na_se,
                 "/backoffice/organisations/E10000001/people/" + std::to_string(org.person_id) +
                     "/end-sessions",
                 "")
                .status,
            303);
  EXPECT_EQ(Get(anna, "/organisations/E10000001").status, 303) << "signed out: to the sign-in page";
}

TEST_F(BackofficeTest, MeListsTheOfficerRolesAndTheirRemit) {
  const auto me = Get(actors_[4], "/api/v1/me");  // DG officer LIFE
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"dg_officer\""), std::string::npos);
  EXPECT_NE(me.body.find("\"programme\":\"LIFE\""), std::string::npos);
  const auto root = Get(actors_[0], "/api/v1/me");
  EXPECT_NE(root.body.find("\"administrator\""), std::string::npos) << "from PASS_ADMIN_EMAILS";
  const auto staff = Get(actors_[6], "/api/v1/me");
  EXPECT_EQ(staff.body.find("officer"), std::string::npos);
}

}  // namespace
}  // namespace pass
