// The back office on both databases: officers' remits, the registry kept in the browser, the
// audit trail of every change, the previewed import, roles, nominations (R3) and who has access.
// A real SqlBackofficeStore, a fake clock, and a composer that writes the template name as the
// subject and the arguments as the body, so the tests can see which mail was queued.
#include "backoffice/backoffice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "access/access.h"
#include "registry/import.h"
#include "sessions/sessions.h"
#include "storage/access_repository.h"
#include "storage/backoffice_repository.h"
#include "storage/outbox_repository.h"
#include "storage/registry_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::backoffice {
namespace {

using registry::Kind;
using registry::StaffSource;
using registry::Status;

const std::string kHeader =
    "programme,oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,"
    "staff_email,staff_name,staff_function\n";

// Seven organisations, one per remit worth telling apart:
//   E10000001 SE: quality label QL-SE-1 (Anna, Bo) and LIFE approval PA-LIFE-1
//   E10000002 DE: quality label QL-DE-1 (Dieter)
//   E10000003 SE: EVS accreditation EVS-SE-1, suspended (Eva)
//   E10000004 SE: EU Aid Volunteers certification EUAV-SE-1 (Ulla)
//   E10000005 IE: LIFE approval PA-LIFE-2
//   E10000006 FR: EU4HEALTH approval PA-HEALTH-1
//   E10000007 SE: quality label QL_SE_7 (x_y@), "Youth 100% Club": wildcards in the data
const std::string kSeed =
    kHeader +
    ",E10000001,Ungdomsföreningen Norr,SE,quality_label,QL-SE-1,SE02 MUCF,2025-01-01,2028-12-31,"
    "active,anna@norr.example,Anna Berg,Coordinator\n"
    ",E10000001,Ungdomsföreningen Norr,SE,quality_label,QL-SE-1,SE02 MUCF,2025-01-01,2028-12-31,"
    "active,bo@norr.example,Bo Ek,Mentor\n"
    "LIFE,E10000001,Ungdomsföreningen Norr,SE,programme_approval,PA-LIFE-1,DG ENV,2025-01-01,"
    "2028-12-31,active,,,\n"
    ",E10000002,Haus der Jugend,DE,quality_label,QL-DE-1,DE04 JfE,2025-01-01,2028-12-31,active,"
    "dieter@haus.example,Dieter Weber,Coordinator\n"
    ",E10000003,Svenska Volontärer,SE,evs_accreditation,EVS-SE-1,SE02 MUCF,2025-01-01,2028-12-31,"
    "suspended,eva@evs.example,Eva Lund,\n"
    ",E10000004,Aid Without Borders,SE,euav_certification,EUAV-SE-1,EACEA,2025-01-01,2028-12-31,"
    "active,ulla@aid.example,Ulla Sten,\n"
    "LIFE,E10000005,Green Coast,IE,programme_approval,PA-LIFE-2,DG ENV,2025-01-01,2028-12-31,"
    "active,,,\n"
    "EU4HEALTH,E10000006,Santé Jeunes,FR,programme_approval,PA-HEALTH-1,DG SANTE,2025-01-01,"
    "2028-12-31,active,,,\n"
    ",E10000007,Youth 100% Club,SE,quality_label,QL_SE_7,SE02 MUCF,2025-01-01,2028-12-31,active,"
    "x_y@club.example,X Y,\n";

mail::Message ComposeForTest(std::string_view lang, std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& args,
                             std::string to, std::string to_name) {
  mail::Message m;
  m.to = std::move(to);
  m.to_name = std::move(to_name);
  m.subject = std::string(name);
  m.lang = std::string(lang);
  for (const auto& [k, v] : args) m.body += k + "=" + v + "\n";
  return m;
}

struct Mail {
  std::string to;
  std::string subject;
  std::string body;
  std::string lang;
};

struct AuditRow {
  std::string actor;
  std::string action;
  std::string oid;
  std::string subject;
  std::string reason;
  std::string detail;
};

std::vector<std::string> FieldNames(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

// The message key of the error on `field`, or "" when there is none.
std::string KeyOf(const Error& e, std::string_view field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return f.message.key;
  }
  return "";
}

template <typename T>
ErrorCode CodeOf(const Result<T>& r) {
  return r ? ErrorCode::kInternal : r.error().code;  // kInternal stands for "it succeeded"
}

class BackofficeTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    store_ = std::make_unique<storage::SqlBackofficeStore>(db_->db(), clock_);
    registry_ = std::make_unique<storage::SqlRegistryStore>(db_->db(), clock_);
    people_ = std::make_unique<storage::SqlPeopleStore>(db_->db(), clock_);
    session_store_ = std::make_unique<storage::SqlSessionStore>(db_->db(), clock_);
    outbox_ = std::make_unique<storage::SqlOutboxStore>(db_->db(), clock_);
    access_ = std::make_unique<access::Service>(*people_, *registry_, clock_);
    sessions_ = std::make_unique<sessions::Service>(*session_store_, clock_);
    Options options;
    options.admin_emails = {"Boss@Pass.example"};
    options.public_url = "https://pass.example";
    service_ = std::make_unique<Service>(*store_, clock_, ComposeForTest, options);

    registry::Importer importer(*registry_, clock_);
    auto seeded = importer.Run(kSeed, "cli:seed", "seed.csv", false);
    ASSERT_TRUE(seeded.has_value());
    ASSERT_TRUE(seeded->problems.empty())
        << seeded->problems[0].reason.key << " line " << seeded->problems[0].line;

    admin_ = OfficerWithRole("admin@pass.example", "administrator");
    na_se_ = OfficerWithRole("na@mucf.example", "na_officer", "SE");
    na_de_ = OfficerWithRole("na@jfe.example", "na_officer", "DE");
    eacea_ = OfficerWithRole("officer@eacea.example", "eacea_officer");
    dg_life_ = OfficerWithRole("officer@env.example", "dg_officer", "", "LIFE");
    dg_health_ = OfficerWithRole("officer@sante.example", "dg_officer", "", "EU4HEALTH");
  }

  // Grants a role straight in the table (no audit, no mail) and returns the officer as a request
  // would see them.
  Officer OfficerWithRole(const std::string& email, const std::string& role,
                          const std::string& country = "", const std::string& programme = "") {
    auto r = MakeRole(email, role, country, programme);
    EXPECT_TRUE(r.has_value());
    r->granted_by = "test";
    r->granted_at = clock_.Now();
    auto inserted = store_->WriteValue([&](Repository& repo) { return repo.InsertRole(*r); });
    EXPECT_TRUE(inserted.has_value() && *inserted);
    return OfficerOf(email);
  }

  Officer OfficerOf(const std::string& email, bool verified = true) {
    auto o = service_->OfficerFor(++next_person_, email, verified, "Officer " + email);
    EXPECT_TRUE(o.has_value()) << (o ? "" : o.error().detail);
    return o ? *o : Officer{};
  }

  int64_t AuthId(const std::string& reference) {
    auto a = registry_->ReadValue(
        [&](registry::Repository& repo) { return repo.FindAuthorisation(reference); });
    EXPECT_TRUE(a.has_value() && a->has_value()) << reference;
    return (a && *a) ? (*a)->id : -1;
  }

  std::optional<registry::Authorisation> Auth(const std::string& reference) {
    auto a = registry_->ReadValue(
        [&](registry::Repository& repo) { return repo.FindAuthorisation(reference); });
    EXPECT_TRUE(a.has_value());
    return a ? *a : std::nullopt;
  }

  std::optional<registry::Organisation> Org(const std::string& oid) {
    auto o = registry_->ReadValue(
        [&](registry::Repository& repo) { return repo.FindOrganisation(oid); });
    EXPECT_TRUE(o.has_value());
    return o ? *o : std::nullopt;
  }

  std::vector<registry::Listing> ListingsFor(const std::string& email) {
    auto l = registry_->ReadValue(
        [&](registry::Repository& repo) { return repo.ListingsFor(registry::EmailKey(email)); });
    EXPECT_TRUE(l.has_value());
    return l ? *l : std::vector<registry::Listing>{};
  }

  int64_t Count(const std::string& table) {
    auto r = db_->db().With(
        [&](storage::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r ? (*r)->Int(0) : -1;
  }

  void Sql(const std::string& statement) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.Execute(statement); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  // Everything a back-office write could change, as text: registry rows, nomination states and
  // the number of rows in the other tables.
  std::string Snapshot() {
    std::string out;
    auto dump = [&](const std::string& sql, size_t columns) {
      auto rows = db_->db().With([&](storage::Connection& c) { return c.Query(sql); });
      EXPECT_TRUE(rows.has_value()) << sql;
      if (!rows) return;
      for (const auto& r : *rows) {
        for (size_t i = 0; i < columns; ++i) out += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
        out += "\n";
      }
    };
    dump("SELECT oid, name, country, updated_at FROM organisations ORDER BY oid", 4);
    dump(
        "SELECT id, reference, oid, kind, issuer, programme, valid_from, valid_to, status, "
        "status_reason, updated_at FROM authorisations ORDER BY id",
        11);
    dump(
        "SELECT authorisation_id, email, name, staff_function, source FROM staff_listings "
        "ORDER BY authorisation_id, email_key",
        5);
    dump("SELECT id, state, decided_by, confirm_hash FROM nominations ORDER BY id", 4);
    dump("SELECT id, email_key, role, country, programme FROM officer_roles ORDER BY id", 5);
    for (const char* t : {"audit_log", "outbox", "sessions", "people", "import_uploads"})
      out += std::string(t) + "=" + std::to_string(Count(t)) + "\n";
    return out;
  }

  std::vector<Mail> Mails() {
    std::vector<Mail> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query("SELECT recipient, subject, body, lang FROM outbox ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
    return out;
  }

  std::vector<Mail> MailsAbout(const std::string& subject) {
    std::vector<Mail> out;
    for (auto& m : Mails()) {
      if (m.subject == subject) out.push_back(std::move(m));
    }
    return out;
  }

  std::vector<AuditRow> Audit() {
    std::vector<AuditRow> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query(
          "SELECT actor, action, oid, subject, reason, detail FROM audit_log "
          "ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows) {
      out.push_back(
          {r.Text(0), r.Text(1), r.IsNull(2) ? "" : r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
    }
    return out;
  }

  std::vector<AuditRow> AuditOf(const std::string& action) {
    std::vector<AuditRow> out;
    for (auto& a : Audit()) {
      if (a.action == action) out.push_back(std::move(a));
    }
    return out;
  }

  static std::vector<std::string> Oids(const std::vector<registry::OrganisationRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.organisation.oid);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<std::string> Find(const Officer& officer, registry::OrganisationQuery query) {
    auto r = service_->Search(officer, std::move(query));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r ? Oids(*r) : std::vector<std::string>{};
  }

  // A person signing in with EU Login and opening `sessions` sessions; returns the person's id.
  int64_t SignIn(const std::string& email, const std::string& sub, int sessions = 1) {
    access::Identity identity;
    identity.sub = sub;
    identity.email = email;
    identity.email_verified = true;
    identity.given_name = "Given";
    identity.family_name = "Family";
    auto signed_in = access_->RecordSignIn(identity);
    EXPECT_TRUE(signed_in.has_value());
    if (!signed_in) return 0;
    for (int i = 0; i < sessions; ++i) {
      EXPECT_TRUE(sessions_->Create(signed_in->person.id, "id-token").has_value());
    }
    return signed_in->person.id;
  }

  int64_t SessionsOf(int64_t person_id) {
    auto r = db_->db().With([&](storage::Connection& c) {
      return c.QueryOne("SELECT COUNT(*) FROM sessions WHERE person_id = $1", {person_id});
    });
    return r ? (*r)->Int(0) : -1;
  }

  static AuthorisationFields NewAuth(const std::string& reference, const std::string& kind,
                                     const std::string& programme = "") {
    return {reference, kind, "SE02 MUCF", programme, "2026-01-01", "2029-12-31"};
  }

  static NominationRequest Nominating(std::vector<StaffFields> staff = {
                                          {"nina@norr.example", "Nina Holm", "Project lead"}}) {
    NominationRequest r;
    r.oid = "E10000001";
    r.reference = "PA-LIFE-1";
    r.representative_name = "Rita Ordförande";
    r.representative_email = "rita@norr.example";
    r.staff = std::move(staff);
    r.lang = "sv";
    return r;
  }

  // The confirmation token from the link in a "nomination_confirm" mail.
  static std::string TokenIn(const std::string& body) {
    const std::string marker = "/nominations/confirm?token=";
    const auto at = body.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    return body.substr(start, body.find('\n', start) - start);
  }

  // A public nomination, confirmed by its representative: the nominations, now pending.
  std::vector<Nomination> NominatePending(std::vector<StaffFields> staff = {
                                              {"nina@norr.example", "Nina Holm", "Project lead"}}) {
    auto submitted = service_->Nominate(Nominating(std::move(staff)), std::nullopt, "public");
    EXPECT_TRUE(submitted.has_value()) << (submitted ? "" : submitted.error().message.key);
    const auto mails = MailsAbout("nomination_confirm");
    EXPECT_FALSE(mails.empty());
    if (mails.empty()) return {};
    auto confirmed = service_->ConfirmNominations(TokenIn(mails.back().body));
    EXPECT_TRUE(confirmed.has_value());
    return confirmed ? *confirmed : std::vector<Nomination>{};
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlBackofficeStore> store_;
  std::unique_ptr<storage::SqlRegistryStore> registry_;
  std::unique_ptr<storage::SqlPeopleStore> people_;
  std::unique_ptr<storage::SqlSessionStore> session_store_;
  std::unique_ptr<storage::SqlOutboxStore> outbox_;
  std::unique_ptr<access::Service> access_;
  std::unique_ptr<sessions::Service> sessions_;
  std::unique_ptr<Service> service_;
  int64_t next_person_ = 1000;
  Officer admin_, na_se_, na_de_, eacea_, dg_life_, dg_health_;
};

// ---- Who is an officer --------------------------------------------------------------------

TEST_P(BackofficeTest, RolesFromTheTableBindByEmailCaseInsensitively) {
  const Officer officer = OfficerOf("  NA@MUCF.Example ");
  ASSERT_EQ(officer.roles.size(), 1u);
  EXPECT_EQ(officer.roles[0].kind, RoleKind::kNaOfficer);
  EXPECT_EQ(officer.roles[0].country, "SE");
  EXPECT_TRUE(officer.scope.Covers({"E1", "O", "SE"}, registry::Authorisation{}));
  EXPECT_FALSE(officer.administrator());
  EXPECT_FALSE(OfficerOf("someone@mucf.example").any());
}

TEST_P(BackofficeTest, AnUnverifiedEmailGetsNoRole) {
  EXPECT_FALSE(OfficerOf("na@mucf.example", /*verified=*/false).any());
  EXPECT_TRUE(OfficerOf("na@mucf.example", /*verified=*/false).scope.empty());
  EXPECT_FALSE(OfficerOf("boss@pass.example", /*verified=*/false).any());
}

TEST_P(BackofficeTest, PassAdminEmailsMakeAnAdministrator) {
  const Officer boss = OfficerOf("BOSS@pass.example");
  EXPECT_TRUE(boss.administrator());
  EXPECT_TRUE(boss.scope.everything);
  EXPECT_EQ(boss.roles[0].id, 0);
  // The configured administrator is listed with the roles, and may grant them.
  auto roles = service_->Roles(boss);
  ASSERT_TRUE(roles.has_value());
  EXPECT_TRUE(std::any_of(roles->begin(), roles->end(), [](const Role& r) {
    return r.email == "Boss@Pass.example" && r.kind == RoleKind::kAdministrator && r.id == 0;
  }));
  EXPECT_TRUE(service_->GrantRole(boss, "new@mucf.example", "na_officer", "SE", "").has_value());
}

TEST_P(BackofficeTest, SomeoneWithoutARoleGetsNothingFromTheBackOffice) {
  const Officer nobody = OfficerOf("anna@norr.example");
  EXPECT_FALSE(nobody.any());
  EXPECT_TRUE(Find(nobody, {}).empty());
  EXPECT_EQ(CodeOf(service_->View(nobody, "E10000001")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->NominationQueue(nobody)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->PreviewImport(nobody, "x.csv", kSeed)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->Roles(nobody)), ErrorCode::kNotFound);
}

// ---- Finding organisations -------------------------------------------------------------------

TEST_P(BackofficeTest, SearchFindsOnlyOrganisationsWithinTheRemit) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Find(na_se_, {}), (V{"E10000001", "E10000003", "E10000007"}));
  EXPECT_EQ(Find(na_de_, {}), (V{"E10000002"}));
  EXPECT_EQ(Find(eacea_, {}), (V{"E10000004"}));
  EXPECT_EQ(Find(dg_life_, {}), (V{"E10000001", "E10000005"}));
  EXPECT_EQ(Find(dg_health_, {}), (V{"E10000006"}));
  EXPECT_EQ(Find(admin_, {}).size(), 7u);
  // A filter never reaches past the remit.
  registry::OrganisationQuery q;
  q.country = "DE";
  EXPECT_TRUE(Find(na_se_, q).empty());
  q = {};
  q.oid = "E10000004";
  EXPECT_TRUE(Find(na_se_, q).empty());
}

TEST_P(BackofficeTest, SearchFiltersByEveryField) {
  using V = std::vector<std::string>;
  auto find = [&](auto set) {
    registry::OrganisationQuery q;
    set(q);
    return Find(admin_, q);
  };
  EXPECT_EQ(find([](auto& q) { q.oid = " e10000002 "; }), (V{"E10000002"}));
  EXPECT_EQ(find([](auto& q) { q.oid = "E1000000"; }), V{});  // the OID matches whole
  EXPECT_EQ(find([](auto& q) { q.name = "NORR"; }), (V{"E10000001"}));
  EXPECT_EQ(find([](auto& q) { q.name = "der jug"; }), (V{"E10000002"}));
  EXPECT_EQ(find([](auto& q) { q.country = "DE"; }), (V{"E10000002"}));
  EXPECT_EQ(find([](auto& q) { q.country = "SE"; }),
            (V{"E10000001", "E10000003", "E10000004", "E10000007"}));
  EXPECT_EQ(find([](auto& q) { q.kind = Kind::kEuavCertification; }), (V{"E10000004"}));
  EXPECT_EQ(find([](auto& q) { q.kind = Kind::kProgrammeApproval; }),
            (V{"E10000001", "E10000005", "E10000006"}));
  EXPECT_EQ(find([](auto& q) { q.status = Status::kSuspended; }), (V{"E10000003"}));
  EXPECT_EQ(find([](auto& q) { q.reference = "life"; }), (V{"E10000001", "E10000005"}));
  EXPECT_EQ(find([](auto& q) { q.staff_email = "HAUS.EX"; }), (V{"E10000002"}));
  EXPECT_EQ(find([](auto& q) { q.staff_email = "norr"; }), (V{"E10000001"}));
  // Filters combine: kind and status describe the same authorisation.
  EXPECT_EQ(find([](auto& q) {
              q.kind = Kind::kQualityLabel;
              q.status = Status::kSuspended;
            }),
            V{});
  EXPECT_EQ(find([](auto& q) {
              q.country = "SE";
              q.name = "aid";
            }),
            (V{"E10000004"}));
  // Found organisations come with their authorisations and staff.
  registry::OrganisationQuery q;
  q.oid = "E10000001";
  auto records = service_->Search(admin_, q);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 1u);
  ASSERT_EQ((*records)[0].authorisations.size(), 2u);
  size_t staff = 0;
  for (const auto& a : (*records)[0].authorisations) staff += a.staff.size();
  EXPECT_EQ(staff, 2u);
}

TEST_P(BackofficeTest, WildcardsTypedInASearchBoxMatchThemselves) {
  using V = std::vector<std::string>;
  auto find = [&](auto set) {
    registry::OrganisationQuery q;
    set(q);
    return Find(admin_, q);
  };
  EXPECT_EQ(find([](auto& q) { q.name = "%"; }), (V{"E10000007"}));
  EXPECT_EQ(find([](auto& q) { q.name = "100%"; }), (V{"E10000007"}));
  EXPECT_EQ(find([](auto& q) { q.name = "_"; }), V{});
  EXPECT_EQ(find([](auto& q) { q.name = "\\"; }), V{});
  EXPECT_EQ(find([](auto& q) { q.reference = "_"; }), (V{"E10000007"}));
  EXPECT_EQ(find([](auto& q) { q.reference = "%"; }), V{});
  EXPECT_EQ(find([](auto& q) { q.reference = "QL_SE"; }), (V{"E10000007"}));  // not QL-SE-1
  EXPECT_EQ(find([](auto& q) { q.staff_email = "_"; }), (V{"E10000007"}));
  EXPECT_EQ(find([](auto& q) { q.staff_email = "%"; }), V{});
}

// ---- Seeing one organisation -----------------------------------------------------------------

TEST_P(BackofficeTest, AnOrganisationOutsideTheRemitIsNotFoundLikeOneThatDoesNotExist) {
  const auto outside = service_->View(na_se_, "E10000002");
  const auto missing = service_->View(na_se_, "E99999999");
  ASSERT_FALSE(outside.has_value());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(outside.error().code, missing.error().code);
  EXPECT_EQ(outside.error().message, missing.error().message);
  // SE, but a kind the National Agency does not keep.
  EXPECT_EQ(CodeOf(service_->View(na_se_, "E10000004")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->View(dg_health_, "E10000001")), ErrorCode::kNotFound);
  EXPECT_TRUE(service_->View(eacea_, "E10000004").has_value());
}

TEST_P(BackofficeTest, AnOfficerSeesAuthorisationsStaffHistoryPeopleAndNominations) {
  const int64_t anna = SignIn("Anna@Norr.example", "sub-anna", 2);
  SignIn("someone@else.example", "sub-else", 1);
  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(service_->ChangeStatus(na_se_, AuthId("QL-SE-1"), Status::kSuspended, "inquiry"));
  ASSERT_TRUE(service_->Nominate(Nominating(), std::nullopt, "public").has_value());

  auto view = service_->View(na_se_, "E10000001");
  ASSERT_TRUE(view.has_value()) << view.error().message.key;
  EXPECT_EQ(view->record.organisation.name, "Ungdomsföreningen Norr");
  ASSERT_EQ(view->record.authorisations.size(), 2u);
  // Both authorisations are shown; only the quality label is the National Agency's to edit.
  EXPECT_EQ(view->editable, (std::vector<int64_t>{AuthId("QL-SE-1")}));
  for (const auto& a : view->record.authorisations) {
    if (a.reference == "QL-SE-1") {
      EXPECT_EQ(a.staff.size(), 2u);
      EXPECT_EQ(a.status, Status::kSuspended);
    }
  }
  auto as_dg = service_->View(dg_life_, "E10000001");
  ASSERT_TRUE(as_dg.has_value());
  EXPECT_EQ(as_dg->editable, (std::vector<int64_t>{AuthId("PA-LIFE-1")}));
  EXPECT_EQ(service_->View(admin_, "E10000001")->editable.size(), 2u);

  // History, newest first: the suspension after the import that created it all.
  ASSERT_GE(view->history.size(), 3u);
  EXPECT_EQ(view->history.front().action, "nomination.submitted");
  EXPECT_EQ(view->history[1].action, "authorisation.suspended");
  EXPECT_EQ(view->history[1].reason, "inquiry");
  EXPECT_EQ(view->history.back().action, "organisation.created");
  for (size_t i = 1; i < view->history.size(); ++i)
    EXPECT_GE(view->history[i - 1].at, view->history[i].at);

  // Who signed in with a listed e-mail: Anna, with her two open sessions; not the stranger.
  ASSERT_EQ(view->people.size(), 1u);
  EXPECT_EQ(view->people[0].person_id, anna);
  EXPECT_EQ(view->people[0].email, "Anna@Norr.example");
  EXPECT_EQ(view->people[0].name, "Given Family");
  EXPECT_TRUE(view->people[0].email_verified);
  EXPECT_EQ(view->people[0].open_sessions, 2);
  EXPECT_EQ(view->people[0].last_signed_in, clock_.Now() - std::chrono::hours(1));

  ASSERT_EQ(view->nominations.size(), 1u);
  EXPECT_EQ(view->nominations[0].staff.email, "nina@norr.example");
  EXPECT_EQ(view->nominations[0].state, NominationState::kUnconfirmed);
}

TEST_P(BackofficeTest, FindAuthorisationShowsOneAuthorisationWithItsStaffWithinTheRemit) {
  auto found = service_->FindAuthorisation(na_se_, AuthId("QL-SE-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->reference, "QL-SE-1");
  EXPECT_EQ(found->staff.size(), 2u);
  EXPECT_EQ(CodeOf(service_->FindAuthorisation(na_se_, AuthId("PA-LIFE-1"))), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->FindAuthorisation(na_se_, 987654)), ErrorCode::kNotFound);
}

// ---- Nothing outside the remit ---------------------------------------------------------------

TEST_P(BackofficeTest, EveryWriteOutsideTheRemitIsNotFoundAndChangesNothing) {
  const int64_t dieter = SignIn("dieter@haus.example", "sub-dieter", 1);
  const auto pending = NominatePending();
  ASSERT_EQ(pending.size(), 1u);
  const int64_t ql_de = AuthId("QL-DE-1");
  const int64_t pa_life = AuthId("PA-LIFE-1");
  const std::string before = Snapshot();

  auto not_found = [](const auto& r, const char* what) {
    EXPECT_FALSE(r.has_value()) << what;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << what;
    }
  };
  for (const Officer* o : {&na_se_, &eacea_, &dg_life_}) {
    SCOPED_TRACE(o->email);
    not_found(service_->UpdateOrganisation(*o, "E10000002", {"", "Renamed", "DE"}, "why"),
              "UpdateOrganisation");
    not_found(service_->CreateAuthorisation(*o, "E10000002", NewAuth("QL-DE-9", "quality_label")),
              "CreateAuthorisation");
    not_found(service_->UpdateAuthorisation(*o, ql_de, NewAuth("QL-DE-1", "quality_label"), "why"),
              "UpdateAuthorisation");
    not_found(service_->ChangeStatus(*o, ql_de, Status::kRevoked, "why"), "ChangeStatus");
    not_found(service_->AddStaff(*o, ql_de, {"new@haus.example", "New", ""}, "why"), "AddStaff");
    not_found(service_->CorrectStaff(*o, ql_de, "dieter@haus.example",
                                     {"d@haus.example", "Dieter", ""}, "why"),
              "CorrectStaff");
    not_found(service_->RemoveStaff(*o, ql_de, "dieter@haus.example", "why"), "RemoveStaff");
    not_found(service_->EndSessions(*o, "E10000002", dieter), "EndSessions");
    not_found(service_->FindAuthorisation(*o, ql_de), "FindAuthorisation");
  }
  // The nomination is under a LIFE approval: neither the National Agency nor another DG decides.
  for (const Officer* o : {&na_se_, &eacea_, &dg_health_}) {
    SCOPED_TRACE(o->email);
    not_found(service_->Decide(*o, pending[0].id, true, "fine"), "Decide");
    not_found(service_->ChangeStatus(*o, pa_life, Status::kSuspended, "why"), "ChangeStatus");
    not_found(service_->AddStaff(*o, pa_life, {"new@norr.example", "New", ""}, "why"), "AddStaff");
  }
  not_found(service_->Decide(dg_life_, 987654, true, "fine"), "Decide on nothing");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(SessionsOf(dieter), 1);
}

// ---- Organisations and authorisations --------------------------------------------------------

TEST_P(BackofficeTest, CreateOrganisationWritesItWithItsFirstAuthorisationAndTwoAuditEntries) {
  const size_t audit_before = Audit().size();
  auto oid = service_->CreateOrganisation(na_se_, {" e10000100 ", " Nya Föreningen ", "se"},
                                          NewAuth("QL-SE-100", "quality_label"));
  ASSERT_TRUE(oid.has_value()) << oid.error().message.key;
  EXPECT_EQ(*oid, "E10000100");
  EXPECT_EQ(Org("E10000100"), (registry::Organisation{"E10000100", "Nya Föreningen", "SE"}));
  const auto a = Auth("QL-SE-100");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->oid, "E10000100");
  EXPECT_EQ(a->kind, Kind::kQualityLabel);
  EXPECT_EQ(a->status, Status::kActive);
  EXPECT_EQ(FormatIsoDate(a->valid_to), "2029-12-31");
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), audit_before + 2);
  EXPECT_EQ(audit[audit_before].action, "organisation.created");
  EXPECT_EQ(audit[audit_before].actor, na_se_.Actor());
  EXPECT_EQ(audit[audit_before].oid, "E10000100");
  EXPECT_EQ(audit[audit_before + 1].action, "authorisation.created");
  EXPECT_EQ(audit[audit_before + 1].subject, "QL-SE-100");
  // The new organisation is in the officer's remit from now on.
  EXPECT_TRUE(service_->View(na_se_, "E10000100").has_value());
  // A DG officer creates organisations with a programme approval of their programme.
  EXPECT_TRUE(service_
                  ->CreateOrganisation(dg_life_, {"E10000101", "Sea Watch", "PT"},
                                       NewAuth("PA-LIFE-101", "programme_approval", "life"))
                  .has_value());
  EXPECT_EQ(Auth("PA-LIFE-101")->programme, "LIFE");
}

TEST_P(BackofficeTest, CreateOrganisationNeedsAFirstAuthorisationWithinTheRemit) {
  const std::string before = Snapshot();
  struct Case {
    const Officer* officer;
    OrganisationFields org;
    AuthorisationFields first;
  };
  const std::vector<Case> cases = {
      {&na_se_, {"E10000100", "Haus", "DE"}, NewAuth("QL-100", "quality_label")},
      {&na_se_, {"E10000100", "Org", "SE"}, NewAuth("EU-100", "euav_certification")},
      {&na_se_, {"E10000100", "Org", "SE"}, NewAuth("PA-100", "programme_approval", "LIFE")},
      {&dg_life_, {"E10000100", "Org", "SE"}, NewAuth("PA-100", "programme_approval", "EU4HEALTH")},
      {&dg_life_, {"E10000100", "Org", "SE"}, NewAuth("QL-100", "quality_label")},
      {&eacea_, {"E10000100", "Org", "SE"}, NewAuth("QL-100", "quality_label")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.officer->email + " " + c.first.kind);
    auto r = service_->CreateOrganisation(*c.officer, c.org, c.first);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"kind"});
    EXPECT_EQ(KeyOf(r.error(), "kind"), "error.backoffice.outside_remit");
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, CreateOrganisationRefusesATakenOidOrReferenceNamingTheField) {
  const std::string before = Snapshot();
  auto taken_oid = service_->CreateOrganisation(na_se_, {"E10000001", "Again", "SE"},
                                                NewAuth("QL-NEW", "quality_label"));
  ASSERT_FALSE(taken_oid.has_value());
  EXPECT_EQ(taken_oid.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(KeyOf(taken_oid.error(), "oid"), "error.backoffice.oid_taken");
  auto taken_ref = service_->CreateOrganisation(na_se_, {"E10000100", "New", "SE"},
                                                NewAuth("QL-SE-1", "quality_label"));
  ASSERT_FALSE(taken_ref.has_value());
  EXPECT_EQ(KeyOf(taken_ref.error(), "reference"), "error.backoffice.reference_taken");
  // Even a reference held by an organisation outside the remit.
  auto elsewhere = service_->CreateOrganisation(na_se_, {"E10000100", "New", "SE"},
                                                NewAuth("QL-DE-1", "quality_label"));
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(KeyOf(elsewhere.error(), "reference"), "error.backoffice.reference_taken");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, CreateOrganisationNamesEveryBadField) {
  const std::string before = Snapshot();
  auto expect = [&](OrganisationFields org, AuthorisationFields first,
                    const std::map<std::string, std::string>& wanted) {
    auto r = service_->CreateOrganisation(admin_, org, first);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    std::map<std::string, std::string> got;
    for (const auto& f : r.error().fields) got[f.field] = f.message.key;
    EXPECT_EQ(got, wanted);
  };
  expect({"", "", ""}, {"", "", "", "", "", ""},
         {{"oid", "error.field.required"},
          {"name", "error.field.required"},
          {"country", "error.field.required"},
          {"reference", "error.field.required"},
          {"kind", "error.field.kind"},
          {"issuer", "error.field.required"},
          {"valid_from", "error.field.date"},
          {"valid_to", "error.field.date"}});
  expect({"E123", "Line\nbreak", "XX"}, {"REF", "label", "I", "", "2026-13-01", "2026-02-30"},
         {{"oid", "error.field.oid"},
          {"name", "error.field.one_line"},
          {"country", "error.field.country"},
          {"kind", "error.field.kind"},
          {"valid_from", "error.field.date"},
          {"valid_to", "error.field.date"}});
  expect({"E10000100", std::string(201, 'n'), "SE"},
         {"REF", "quality_label", "I", "", "2026-06-01", "2026-05-31"},
         {{"name", "error.field.too_long"}, {"valid_to", "error.field.ends_before_start"}});
  // Programme approvals name their programme; nothing else does.
  expect({"E10000100", "Org", "SE"},
         {"PA", "programme_approval", "DG", "", "2026-01-01", "2027-01-01"},
         {{"programme", "error.field.programme_required"}});
  expect({"E10000100", "Org", "SE"},
         {"PA", "programme_approval", "DG", "LIFE 2", "2026-01-01", "2027-01-01"},
         {{"programme", "error.field.programme"}});
  expect({"E10000100", "Org", "SE"},
         {"QL", "quality_label", "DG", "LIFE", "2026-01-01", "2027-01-01"},
         {{"programme", "error.field.programme_only_approvals"}});
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, UpdateOrganisationCannotMoveAnOrganisationOutOfTheRemit) {
  const std::string before = Snapshot();
  auto moved = service_->UpdateOrganisation(na_se_, "E10000001",
                                            {"", "Ungdomsföreningen Norr", "DE"}, "moved");
  ASSERT_FALSE(moved.has_value());
  EXPECT_EQ(moved.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(moved.error()), std::vector<std::string>{"country"});
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Org("E10000001")->country, "SE");
}

TEST_P(BackofficeTest, UpdateOrganisationIsAuditedWithThePreviousValues) {
  const size_t audit_before = Audit().size();
  ASSERT_TRUE(
      service_->UpdateOrganisation(na_se_, "E10000001", {"", "Norr Ungdom", "se"}, "new statutes"));
  EXPECT_EQ(Org("E10000001")->name, "Norr Ungdom");
  const auto changed = AuditOf("organisation.changed");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].actor, na_se_.Actor());
  EXPECT_EQ(changed[0].reason, "new statutes");
  EXPECT_NE(changed[0].detail.find("\"previous_name\":\"Ungdomsföreningen Norr\""),
            std::string::npos);
  EXPECT_NE(changed[0].detail.find("\"name\":\"Norr Ungdom\""), std::string::npos);
  // Saving the same values again changes nothing and audits nothing.
  ASSERT_TRUE(service_->UpdateOrganisation(na_se_, "E10000001", {"", "Norr Ungdom", "SE"}, ""));
  EXPECT_EQ(Audit().size(), audit_before + 1);
  // A DG officer may move an organisation: a LIFE approval stays LIFE wherever it is.
  EXPECT_TRUE(service_->UpdateOrganisation(dg_life_, "E10000005", {"", "Green Coast", "PT"}, "")
                  .has_value());
  auto bad = service_->UpdateOrganisation(na_se_, "E10000001", {"", "", "ZZ"}, "");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(KeyOf(bad.error(), "name"), "error.field.required");
  EXPECT_EQ(KeyOf(bad.error(), "country"), "error.field.country");
}

TEST_P(BackofficeTest, CreateAuthorisationAddsOnlyKindsWithinTheRemitAndIsAudited) {
  auto id =
      service_->CreateAuthorisation(na_se_, "E10000001", NewAuth("EVS-SE-2", "evs_accreditation"));
  ASSERT_TRUE(id.has_value()) << id.error().message.key;
  EXPECT_EQ(AuthId("EVS-SE-2"), *id);
  const auto created = AuditOf("authorisation.created");
  EXPECT_EQ(created.back().subject, "EVS-SE-2");
  EXPECT_EQ(created.back().actor, na_se_.Actor());

  const std::string before = Snapshot();
  auto outside =
      service_->CreateAuthorisation(na_se_, "E10000001", NewAuth("EU-SE-2", "euav_certification"));
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(KeyOf(outside.error(), "kind"), "error.backoffice.outside_remit");
  auto taken =
      service_->CreateAuthorisation(na_se_, "E10000001", NewAuth("QL-DE-1", "quality_label"));
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(KeyOf(taken.error(), "reference"), "error.backoffice.reference_taken");
  EXPECT_EQ(
      CodeOf(service_->CreateAuthorisation(na_se_, "E99999999", NewAuth("QL-X", "quality_label"))),
      ErrorCode::kNotFound);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, UpdateAuthorisationNeedsAReasonAndMayRenameTheReference) {
  const int64_t id = AuthId("QL-SE-1");
  auto no_reason = service_->UpdateAuthorisation(
      na_se_, id, {"QL-SE-1", "quality_label", "SE02 MUCF", "", "2025-01-01", "2029-06-30"}, " ");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(KeyOf(no_reason.error(), "reason"), "error.field.reason_required");
  EXPECT_EQ(FormatIsoDate(Auth("QL-SE-1")->valid_to), "2028-12-31");

  ASSERT_TRUE(service_->UpdateAuthorisation(
      na_se_, id, {"QL-SE-1b", "quality_label", "SE02 MUCF", "", "2025-01-01", "2029-06-30"},
      "typo in the reference"));
  EXPECT_FALSE(Auth("QL-SE-1").has_value());
  const auto renamed = Auth("QL-SE-1b");
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->id, id);  // same authorisation: staff and history stay
  EXPECT_EQ(renamed->staff.size(), 2u);
  EXPECT_EQ(FormatIsoDate(renamed->valid_to), "2029-06-30");
  EXPECT_EQ(ListingsFor("anna@norr.example")[0].authorisation.reference, "QL-SE-1b");
  const auto changed = AuditOf("authorisation.changed");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].subject, "QL-SE-1b");
  EXPECT_EQ(changed[0].reason, "typo in the reference");
  EXPECT_NE(changed[0].detail.find("\"changed\":[\"reference\",\"valid_to\"]"), std::string::npos)
      << changed[0].detail;

  // Renaming onto a reference that exists is refused, naming the field.
  auto taken = service_->UpdateAuthorisation(
      na_se_, id, {"QL_SE_7", "quality_label", "SE02 MUCF", "", "2025-01-01", "2029-06-30"}, "x");
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(KeyOf(taken.error(), "reference"), "error.backoffice.reference_taken");
  // Nothing changed: nothing audited.
  const size_t audit = Audit().size();
  ASSERT_TRUE(service_->UpdateAuthorisation(
      na_se_, id, {"QL-SE-1b", "quality_label", "SE02 MUCF", "", "2025-01-01", "2029-06-30"},
      "again"));
  EXPECT_EQ(Audit().size(), audit);
}

TEST_P(BackofficeTest, UpdateAuthorisationCannotChangeTheKindToOneOutsideTheRemit) {
  const std::string before = Snapshot();
  for (const auto& [kind, programme] : std::vector<std::pair<std::string, std::string>>{
           {"euav_certification", ""}, {"programme_approval", "LIFE"}}) {
    auto r = service_->UpdateAuthorisation(
        na_se_, AuthId("QL-SE-1"),
        {"QL-SE-1", kind, "SE02 MUCF", programme, "2025-01-01", "2028-12-31"}, "reclassified");
    ASSERT_FALSE(r.has_value()) << kind;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(KeyOf(r.error(), "kind"), "error.backoffice.outside_remit");
  }
  // A DG officer cannot hand an approval to another programme either.
  auto r = service_->UpdateAuthorisation(
      dg_life_, AuthId("PA-LIFE-1"),
      {"PA-LIFE-1", "programme_approval", "DG ENV", "EU4HEALTH", "2025-01-01", "2028-12-31"},
      "moved");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(KeyOf(r.error(), "kind"), "error.backoffice.outside_remit");
  EXPECT_EQ(Snapshot(), before);
  // Within the remit the kind may change.
  ASSERT_TRUE(service_->UpdateAuthorisation(
      na_se_, AuthId("QL-SE-1"),
      {"QL-SE-1", "evs_accreditation", "SE02 MUCF", "", "2025-01-01", "2028-12-31"}, "was EVS"));
  EXPECT_EQ(Auth("QL-SE-1")->kind, Kind::kEvsAccreditation);
}

TEST_P(BackofficeTest, ChangeStatusNeedsAReasonRefusesTheSameStatusAndIsAuditedFromTo) {
  const int64_t id = AuthId("QL-SE-1");
  auto no_reason = service_->ChangeStatus(na_se_, id, Status::kSuspended, "");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(no_reason.error()), std::vector<std::string>{"reason"});
  EXPECT_EQ(CodeOf(service_->ChangeStatus(na_se_, id, Status::kActive, "already")),
            ErrorCode::kConflict);

  ASSERT_TRUE(service_->ChangeStatus(na_se_, id, Status::kSuspended, "fraud inquiry"));
  EXPECT_EQ(Auth("QL-SE-1")->status, Status::kSuspended);
  EXPECT_EQ(Auth("QL-SE-1")->status_reason, "fraud inquiry");
  EXPECT_EQ(CodeOf(service_->ChangeStatus(na_se_, id, Status::kSuspended, "again")),
            ErrorCode::kConflict);
  clock_.Advance(std::chrono::hours(2));
  ASSERT_TRUE(service_->ChangeStatus(na_se_, id, Status::kActive, "cleared"));
  EXPECT_EQ(Auth("QL-SE-1")->status, Status::kActive);

  const auto suspended = AuditOf("authorisation.suspended");
  ASSERT_EQ(suspended.size(), 1u);
  EXPECT_EQ(suspended[0].subject, "QL-SE-1");
  EXPECT_EQ(suspended[0].oid, "E10000001");
  EXPECT_EQ(suspended[0].actor, na_se_.Actor());
  EXPECT_EQ(suspended[0].reason, "fraud inquiry");
  EXPECT_NE(suspended[0].detail.find("\"from\":\"active\""), std::string::npos);
  EXPECT_NE(suspended[0].detail.find("\"to\":\"suspended\""), std::string::npos);
  const auto reinstated = AuditOf("authorisation.reinstated");
  ASSERT_EQ(reinstated.size(), 1u);
  EXPECT_EQ(reinstated[0].reason, "cleared");
  EXPECT_NE(reinstated[0].detail.find("\"from\":\"suspended\""), std::string::npos);
  EXPECT_NE(reinstated[0].detail.find("\"to\":\"active\""), std::string::npos);

  ASSERT_TRUE(service_->ChangeStatus(na_se_, id, Status::kRevoked, "closed down"));
  EXPECT_EQ(AuditOf("authorisation.revoked").size(), 1u);
}

// ---- Staff lists -----------------------------------------------------------------------------

TEST_P(BackofficeTest, AddStaffNeedsAReasonListsThePersonMailsThemAndIsAudited) {
  const int64_t id = AuthId("QL-SE-1");
  auto no_reason = service_->AddStaff(na_se_, id, {"cilla@norr.example", "Cilla", ""}, "");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(FieldNames(no_reason.error()), std::vector<std::string>{"reason"});
  auto bad = service_->AddStaff(na_se_, id, {"cilla", "", ""}, "new hire");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(KeyOf(bad.error(), "staff_email"), "error.field.email");
  EXPECT_EQ(KeyOf(bad.error(), "staff_name"), "error.field.required");
  EXPECT_TRUE(ListingsFor("cilla@norr.example").empty());
  EXPECT_TRUE(Mails().empty());

  ASSERT_TRUE(service_->AddStaff(na_se_, id, {" Cilla@Norr.example ", "Cilla Dahl", "Trainer"},
                                 "new hire"));
  const auto listings = ListingsFor("cilla@norr.example");
  ASSERT_EQ(listings.size(), 1u);
  EXPECT_EQ(listings[0].authorisation.reference, "QL-SE-1");
  EXPECT_EQ(listings[0].entry.source, StaffSource::kOfficer);
  EXPECT_EQ(listings[0].entry.name, "Cilla Dahl");
  EXPECT_EQ(listings[0].entry.function, "Trainer");

  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "Cilla@Norr.example");
  EXPECT_EQ(mails[0].subject, "staff_listed");
  EXPECT_EQ(mails[0].lang, "sv");  // the organisation's country's language
  EXPECT_NE(mails[0].body.find("reference=QL-SE-1"), std::string::npos);
  EXPECT_NE(mails[0].body.find("url=https://pass.example/login"), std::string::npos);

  const auto added = AuditOf("staff.added");
  ASSERT_FALSE(added.empty());
  EXPECT_EQ(added.back().subject, "Cilla@Norr.example");
  EXPECT_EQ(added.back().reason, "new hire");
  EXPECT_EQ(added.back().actor, na_se_.Actor());
  EXPECT_EQ(added.back().oid, "E10000001");
}

TEST_P(BackofficeTest, AddingAnAlreadyListedEmailNamesTheStaffEmailField) {
  const std::string before = Snapshot();
  auto again =
      service_->AddStaff(na_se_, AuthId("QL-SE-1"), {"ANNA@norr.example", "Anna", ""}, "twice");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(KeyOf(again.error(), "staff_email"), "error.backoffice.already_listed");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, CorrectingAnEmailMovesTheListingToTheNewAddress) {
  const int64_t id = AuthId("QL-SE-1");
  auto no_reason = service_->CorrectStaff(na_se_, id, "anna@norr.example",
                                          {"anna.berg@norr.example", "Anna Berg", ""}, "");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(FieldNames(no_reason.error()), std::vector<std::string>{"reason"});
  EXPECT_EQ(CodeOf(service_->CorrectStaff(na_se_, id, "nobody@norr.example",
                                          {"x@norr.example", "X", ""}, "why")),
            ErrorCode::kNotFound);
  auto onto_other = service_->CorrectStaff(na_se_, id, "anna@norr.example",
                                           {"bo@norr.example", "Anna Berg", ""}, "why");
  ASSERT_FALSE(onto_other.has_value());
  EXPECT_EQ(KeyOf(onto_other.error(), "staff_email"), "error.backoffice.already_listed");

  ASSERT_TRUE(service_->CorrectStaff(na_se_, id, "ANNA@norr.example",
                                     {"anna.berg@norr.example", "Anna Berg", "Coordinator"},
                                     "mistyped in the award decision"));
  EXPECT_TRUE(ListingsFor("anna@norr.example").empty());
  const auto now_listed = ListingsFor("anna.berg@norr.example");
  ASSERT_EQ(now_listed.size(), 1u);
  EXPECT_EQ(now_listed[0].entry.source, StaffSource::kImport);  // keeps its source

  const auto corrected = AuditOf("staff.corrected");
  ASSERT_EQ(corrected.size(), 1u);
  EXPECT_EQ(corrected[0].subject, "anna.berg@norr.example");
  EXPECT_EQ(corrected[0].reason, "mistyped in the award decision");
  EXPECT_NE(corrected[0].detail.find("\"previous_email\":\"anna@norr.example\""),
            std::string::npos);
  const auto mails = MailsAbout("staff_listed");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "anna.berg@norr.example");

  // Correcting only the name mails nobody.
  ASSERT_TRUE(service_->CorrectStaff(na_se_, id, "anna.berg@norr.example",
                                     {"anna.berg@norr.example", "Anna Berg-Lind", ""}, "married"));
  EXPECT_EQ(ListingsFor("anna.berg@norr.example")[0].entry.name, "Anna Berg-Lind");
  EXPECT_EQ(MailsAbout("staff_listed").size(), 1u);
}

TEST_P(BackofficeTest, RemoveStaffNeedsAReasonAndIsAudited) {
  const int64_t id = AuthId("QL-SE-1");
  auto no_reason = service_->RemoveStaff(na_se_, id, "bo@norr.example", "  ");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(FieldNames(no_reason.error()), std::vector<std::string>{"reason"});
  EXPECT_EQ(ListingsFor("bo@norr.example").size(), 1u);
  EXPECT_EQ(CodeOf(service_->RemoveStaff(na_se_, id, "nobody@norr.example", "left")),
            ErrorCode::kNotFound);

  ASSERT_TRUE(service_->RemoveStaff(na_se_, id, "Bo@Norr.example", "left the organisation"));
  EXPECT_TRUE(ListingsFor("bo@norr.example").empty());
  const auto removed = AuditOf("staff.removed");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].subject, "bo@norr.example");
  EXPECT_EQ(removed[0].reason, "left the organisation");
  EXPECT_EQ(removed[0].actor, na_se_.Actor());
  EXPECT_NE(removed[0].detail.find("\"source\":\"import\""), std::string::npos);
  EXPECT_TRUE(Mails().empty());
}

// ---- Who has access --------------------------------------------------------------------------

TEST_P(BackofficeTest, EndSessionsEndsTheSessionsOfAPersonWhoSignedInWithAListedEmail) {
  const int64_t anna = SignIn("anna@norr.example", "sub-anna", 3);
  const int64_t bo = SignIn("bo@norr.example", "sub-bo", 1);
  auto ended = service_->EndSessions(na_se_, "E10000001", anna);
  ASSERT_TRUE(ended.has_value()) << ended.error().message.key;
  EXPECT_EQ(*ended, 3);
  EXPECT_EQ(SessionsOf(anna), 0);
  EXPECT_EQ(SessionsOf(bo), 1);
  const auto audit = AuditOf("sessions.ended");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].oid, "E10000001");
  EXPECT_EQ(audit[0].subject, "anna@norr.example");
  EXPECT_EQ(audit[0].actor, na_se_.Actor());
  auto view = service_->View(na_se_, "E10000001");
  ASSERT_TRUE(view.has_value());
  for (const auto& p : view->people) EXPECT_EQ(p.open_sessions, p.person_id == anna ? 0 : 1);
}

TEST_P(BackofficeTest, EndSessionsIsNotFoundForAPersonOfAnotherOrganisation) {
  const int64_t eva = SignIn("eva@evs.example", "sub-eva", 1);  // E10000003, also SE
  const int64_t stranger = SignIn("stranger@else.example", "sub-x", 1);
  const std::string before = Snapshot();
  EXPECT_EQ(CodeOf(service_->EndSessions(na_se_, "E10000001", eva)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->EndSessions(na_se_, "E10000001", stranger)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->EndSessions(na_se_, "E10000001", 987654)), ErrorCode::kNotFound);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(service_->EndSessions(na_se_, "E10000003", eva).value_or(-1), 1);
}

// ---- Import from the browser -----------------------------------------------------------------

TEST_P(BackofficeTest, ABadFileIsReportedAndNothingIsStored) {
  const std::string before = Snapshot();
  auto preview = service_->PreviewImport(
      na_se_, "bad.csv",
      kHeader + ",E123,Org,SE,quality_label,QL-9,SE02,2025-01-01,2024-01-01,active,nope,,\n");
  ASSERT_TRUE(preview.has_value());
  EXPECT_TRUE(preview->token.empty());
  EXPECT_FALSE(preview->result.problems.empty());
  EXPECT_FALSE(preview->result.written);
  EXPECT_EQ(preview->file_name, "bad.csv");
  EXPECT_EQ(Count("import_uploads"), 0);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, RowsOutsideTheRemitAreProblemsOfThePreview) {
  const std::string before = Snapshot();
  auto preview = service_->PreviewImport(
      na_se_, "mixed.csv",
      kHeader +
          ",E10000200,Ny Förening,SE,quality_label,QL-SE-200,SE02,2025-01-01,2028-12-31,active,"
          "a@ny.example,A,\n"
          ",E10000201,Neuer Verein,DE,quality_label,QL-DE-201,DE04,2025-01-01,2028-12-31,active,"
          "b@neu.example,B,\n"
          "LIFE,E10000001,Ungdomsföreningen Norr,SE,programme_approval,PA-LIFE-1,DG ENV,"
          "2025-01-01,2028-12-31,active,,,\n");
  ASSERT_TRUE(preview.has_value());
  EXPECT_TRUE(preview->token.empty());
  ASSERT_EQ(preview->result.problems.size(), 2u);
  std::set<int> lines;
  for (const auto& p : preview->result.problems) {
    EXPECT_EQ(p.reason.key, "import.problem.outside_remit");
    lines.insert(p.line);
  }
  EXPECT_EQ(lines, (std::set<int>{3, 4}));
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, AnImportCannotMoveAnOrganisationIntoTheRemit) {
  // A German organisation, renamed to Sweden by a file with a new Swedish quality label: the
  // Swedish National Agency would take over Haus der Jugend and its German label.
  const std::string before = Snapshot();
  auto preview = service_->PreviewImport(
      na_se_, "takeover.csv",
      kHeader +
          ",E10000002,Haus der Jugend,SE,quality_label,QL-SE-300,SE02,2025-01-01,"
          "2028-12-31,active,x@haus.example,X,\n");
  ASSERT_TRUE(preview.has_value());
  EXPECT_TRUE(preview->token.empty());
  ASSERT_EQ(preview->result.problems.size(), 1u);
  EXPECT_EQ(preview->result.problems[0].reason.key, "import.problem.outside_remit");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Org("E10000002")->country, "DE");
  EXPECT_EQ(CodeOf(service_->View(na_se_, "E10000002")), ErrorCode::kNotFound);
}

TEST_P(BackofficeTest, AGoodFileIsWrittenOnlyWhenTheUploaderConfirmsIt) {
  const std::string csv =
      kHeader +
      ",E10000200,Ny Förening,SE,quality_label,QL-SE-200,SE02,2025-01-01,2028-12-31,active,"
      "a@ny.example,A,\n"
      ",E10000001,Ungdomsföreningen Norr,SE,quality_label,QL-SE-1,SE02 MUCF,2025-01-01,"
      "2028-12-31,active,anna@norr.example,Anna Berg,Coordinator\n";
  const auto audit_before = Audit().size();
  auto preview = service_->PreviewImport(na_se_, "update.csv", csv);
  ASSERT_TRUE(preview.has_value());
  ASSERT_TRUE(preview->result.problems.empty());
  EXPECT_FALSE(preview->token.empty());
  EXPECT_FALSE(preview->result.written);
  EXPECT_EQ(preview->result.plan.organisations.size(), 1u);
  EXPECT_EQ(preview->result.plan.staff_added(), 1u);
  EXPECT_EQ(preview->result.plan.staff_removed(), 1u);  // Bo is not in the file
  EXPECT_EQ(Count("import_uploads"), 1);
  // Nothing in the registry yet.
  EXPECT_FALSE(Org("E10000200").has_value());
  EXPECT_EQ(ListingsFor("bo@norr.example").size(), 1u);
  EXPECT_EQ(Audit().size(), audit_before);

  // Another officer, even one with the same remit, cannot confirm it.
  const Officer colleague = OfficerWithRole("na2@mucf.example", "na_officer", "SE");
  EXPECT_EQ(CodeOf(service_->ConfirmImport(colleague, preview->token)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->ConfirmImport(na_se_, "not-a-token")), ErrorCode::kNotFound);
  EXPECT_FALSE(Org("E10000200").has_value());

  auto confirmed = service_->ConfirmImport(na_se_, preview->token);
  ASSERT_TRUE(confirmed.has_value());
  EXPECT_TRUE(confirmed->written);
  EXPECT_TRUE(confirmed->problems.empty());
  EXPECT_TRUE(Org("E10000200").has_value());
  EXPECT_EQ(ListingsFor("a@ny.example").size(), 1u);
  EXPECT_TRUE(ListingsFor("bo@norr.example").empty());
  EXPECT_EQ(Count("import_uploads"), 0);
  const auto created = AuditOf("organisation.created");
  EXPECT_EQ(created.back().oid, "E10000200");
  EXPECT_EQ(created.back().actor, na_se_.Actor());
  EXPECT_EQ(created.back().reason, "import update.csv");

  // Confirming again finds nothing; importing the same file again plans nothing.
  EXPECT_EQ(CodeOf(service_->ConfirmImport(na_se_, preview->token)), ErrorCode::kNotFound);
  const std::string after = Snapshot();
  auto again = service_->PreviewImport(na_se_, "update.csv", csv);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->result.problems.empty());
  EXPECT_TRUE(again->result.plan.empty());
  EXPECT_TRUE(again->token.empty());
  EXPECT_EQ(Snapshot(), after);
}

TEST_P(BackofficeTest, AnUploadCanBeConfirmedOnlyWhileFresh) {
  const std::string csv =
      kHeader +
      ",E10000200,Ny Förening,SE,quality_label,QL-SE-200,SE02,2025-01-01,2028-12-31,"
      "active,a@ny.example,A,\n";
  auto preview = service_->PreviewImport(na_se_, "late.csv", csv);
  ASSERT_TRUE(preview.has_value());
  ASSERT_FALSE(preview->token.empty());
  clock_.Advance(std::chrono::hours(24) + std::chrono::minutes(1));
  EXPECT_EQ(CodeOf(service_->ConfirmImport(na_se_, preview->token)), ErrorCode::kNotFound);
  EXPECT_FALSE(Org("E10000200").has_value());
  // Housekeeping removes what was left.
  EXPECT_EQ(service_->Sweep().value_or(-1), 1);
  EXPECT_EQ(Count("import_uploads"), 0);
}

TEST_P(BackofficeTest, CancelImportRemovesTheUpload) {
  const std::string csv =
      kHeader +
      ",E10000200,Ny Förening,SE,quality_label,QL-SE-200,SE02,2025-01-01,2028-12-31,"
      "active,a@ny.example,A,\n";
  auto preview = service_->PreviewImport(na_se_, "oops.csv", csv);
  ASSERT_TRUE(preview.has_value());
  ASSERT_FALSE(preview->token.empty());
  // Someone else's cancel does nothing.
  ASSERT_TRUE(service_->CancelImport(na_de_, preview->token));
  EXPECT_EQ(Count("import_uploads"), 1);
  ASSERT_TRUE(service_->CancelImport(na_se_, preview->token));
  EXPECT_EQ(Count("import_uploads"), 0);
  EXPECT_EQ(CodeOf(service_->ConfirmImport(na_se_, preview->token)), ErrorCode::kNotFound);
  EXPECT_FALSE(Org("E10000200").has_value());
}

// ---- Roles -----------------------------------------------------------------------------------

TEST_P(BackofficeTest, OnlyAdministratorsGrantListAndRevokeRoles) {
  const std::string before = Snapshot();
  for (const Officer* o : {&na_se_, &eacea_, &dg_life_}) {
    EXPECT_EQ(CodeOf(service_->GrantRole(*o, "x@mucf.example", "administrator", "", "")),
              ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->RevokeRole(*o, admin_.roles[0].id)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(service_->Roles(*o)), ErrorCode::kNotFound);
  }
  EXPECT_EQ(Snapshot(), before);
  auto roles = service_->Roles(admin_);
  ASSERT_TRUE(roles.has_value());
  EXPECT_EQ(roles->size(), 7u);  // six from the table, one from PASS_ADMIN_EMAILS
}

TEST_P(BackofficeTest, GrantingARoleIsAuditedMailsThePersonAndAppliesAtOnce) {
  auto granted = service_->GrantRole(admin_, " New@Env.example ", "dg_officer", "", "cerv");
  ASSERT_TRUE(granted.has_value()) << granted.error().message.key;
  EXPECT_EQ(granted->programme, "CERV");
  EXPECT_EQ(granted->granted_by, admin_.Actor());
  const auto audit = AuditOf("role.granted");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, admin_.Actor());
  EXPECT_EQ(audit[0].subject, "New@Env.example");
  EXPECT_NE(audit[0].detail.find("\"programme\":\"CERV\""), std::string::npos);
  const auto mails = MailsAbout("role_granted");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "New@Env.example");
  EXPECT_NE(mails[0].body.find("role=dg_officer"), std::string::npos);

  const Officer fresh = OfficerOf("new@env.example");
  ASSERT_TRUE(fresh.Has(RoleKind::kDgOfficer));
  EXPECT_EQ(fresh.roles[0].programme, "CERV");

  auto invalid = service_->GrantRole(admin_, "x@y.example", "na_officer", "", "");
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(KeyOf(invalid.error(), "country"), "error.role.country_required");

  auto twice = service_->GrantRole(admin_, "NEW@env.example", "dg_officer", "", "CERV");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(AuditOf("role.granted").size(), 1u);
  EXPECT_EQ(MailsAbout("role_granted").size(), 1u);
  // The same person may hold another programme too.
  EXPECT_TRUE(service_->GrantRole(admin_, "new@env.example", "dg_officer", "", "LIFE").has_value());
}

TEST_P(BackofficeTest, RevokingARoleIsAuditedAndEndsItAtOnce) {
  const int64_t id = na_se_.roles[0].id;
  auto revoked = service_->RevokeRole(admin_, id);
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->email, "na@mucf.example");
  EXPECT_EQ(revoked->country, "SE");
  const auto audit = AuditOf("role.revoked");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, admin_.Actor());
  EXPECT_EQ(audit[0].subject, "na@mucf.example");
  EXPECT_NE(audit[0].detail.find("\"role\":\"na_officer\""), std::string::npos);
  EXPECT_FALSE(OfficerOf("na@mucf.example").any());
  // The officer object of an earlier request is stale; a new request has no role.
  EXPECT_EQ(CodeOf(service_->RevokeRole(admin_, id)), ErrorCode::kNotFound);
  EXPECT_EQ(AuditOf("role.revoked").size(), 1u);
}

TEST_P(BackofficeTest, TheCommandLineGrantsAndRevokesByActorAndRoleFields) {
  auto role = MakeRole("cli@mucf.example", "na_officer", "se", "");
  ASSERT_TRUE(role.has_value());
  auto granted = service_->GrantRole("cli:root", *role);
  ASSERT_TRUE(granted.has_value());
  EXPECT_EQ(AuditOf("role.granted").back().actor, "cli:root");
  EXPECT_TRUE(OfficerOf("cli@mucf.example").Has(RoleKind::kNaOfficer));
  EXPECT_EQ(CodeOf(service_->GrantRole("cli:root", *role)), ErrorCode::kConflict);

  // Revoked by what it is, whatever the case of the e-mail.
  auto wanted = MakeRole("CLI@MUCF.example", "na_officer", "SE", "");
  auto revoked = service_->RevokeRole("cli:root", *wanted);
  ASSERT_TRUE(revoked.has_value()) << revoked.error().message.key;
  EXPECT_EQ(revoked->email, "cli@mucf.example");
  EXPECT_EQ(AuditOf("role.revoked").back().actor, "cli:root");
  EXPECT_FALSE(OfficerOf("cli@mucf.example").any());
  EXPECT_EQ(CodeOf(service_->RevokeRole("cli:root", *wanted)), ErrorCode::kNotFound);
  // A role differing in its country is another role.
  auto other = MakeRole("na@mucf.example", "na_officer", "DE", "");
  EXPECT_EQ(CodeOf(service_->RevokeRole("cli:root", *other)), ErrorCode::kNotFound);
  EXPECT_TRUE(OfficerOf("na@mucf.example").Has(RoleKind::kNaOfficer));
}

// ---- Nominations (R3) ------------------------------------------------------------------------

TEST_P(BackofficeTest, ANominationForAnUnknownOidNamesTheOid) {
  const std::string before = Snapshot();
  auto request = Nominating();
  request.oid = "E99999999";
  auto r = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"oid"});
  EXPECT_EQ(KeyOf(r.error(), "oid"), "error.nomination.unknown_oid");
  request.oid = "E999";
  auto malformed = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(KeyOf(malformed.error(), "oid"), "error.field.oid");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, AReferenceOfAnotherOrganisationNamesTheReference) {
  const std::string before = Snapshot();
  auto request = Nominating();
  request.reference = "PA-LIFE-2";  // Green Coast's
  auto r = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"reference"});
  EXPECT_EQ(KeyOf(r.error(), "reference"), "error.nomination.reference_not_of_oid");
  request.reference = "NO-SUCH-REF";
  auto missing = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(KeyOf(missing.error(), "reference"), "error.nomination.reference_not_of_oid");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, AReferenceThatIsNotAProgrammeApprovalIsRefused) {
  const std::string before = Snapshot();
  auto request = Nominating();
  request.reference = "QL-SE-1";
  auto r = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(KeyOf(r.error(), "reference"), "error.nomination.not_programme_approval");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, ANominationNeedsStaffWithDistinctEmails) {
  const std::string before = Snapshot();
  auto none = service_->Nominate(Nominating({{"", "", ""}}), std::nullopt, "public");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(FieldNames(none.error()), std::vector<std::string>{"staff_1_email"});
  EXPECT_EQ(KeyOf(none.error(), "staff_1_email"), "error.nomination.no_staff");

  auto dup = service_->Nominate(
      Nominating({{"nina@norr.example", "Nina", ""}, {" NINA@norr.example", "Nina again", ""}}),
      std::nullopt, "public");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(FieldNames(dup.error()), std::vector<std::string>{"staff_2_email"});
  EXPECT_EQ(KeyOf(dup.error(), "staff_2_email"), "error.nomination.duplicate");

  auto bad_row = service_->Nominate(
      Nominating({{"nina@norr.example", "Nina", ""}, {"", "", ""}, {"oops", "", ""}}), std::nullopt,
      "public");
  ASSERT_FALSE(bad_row.has_value());
  EXPECT_EQ(KeyOf(bad_row.error(), "staff_3_email"), "error.field.email");
  EXPECT_EQ(KeyOf(bad_row.error(), "staff_3_name"), "error.field.required");

  auto request = Nominating();
  request.representative_email = "not-an-email";
  request.representative_name = "";
  auto rep = service_->Nominate(request, std::nullopt, "public");
  ASSERT_FALSE(rep.has_value());
  EXPECT_EQ(KeyOf(rep.error(), "representative_email"), "error.field.email");
  EXPECT_EQ(KeyOf(rep.error(), "representative_name"), "error.field.required");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, APersonAlreadyListedCannotBeNominatedAgain) {
  ASSERT_EQ(NominatePending().size(), 1u);
  auto pending = service_->NominationQueue(dg_life_);
  ASSERT_TRUE(service_->Decide(dg_life_, (*pending)[0].id, true, "ok").has_value());
  const std::string before = Snapshot();
  auto again = service_->Nominate(Nominating({{"Nina@Norr.example", "Nina Holm", ""}}),
                                  std::nullopt, "public");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(again.error().fields[0].message.key, "error.backoffice.already_listed");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, NoNominationUnderASuspendedOrExpiredApproval) {
  ASSERT_TRUE(service_->ChangeStatus(dg_life_, AuthId("PA-LIFE-1"), Status::kSuspended, "audit"));
  auto suspended = service_->Nominate(Nominating(), std::nullopt, "public");
  ASSERT_FALSE(suspended.has_value());
  EXPECT_EQ(KeyOf(suspended.error(), "reference"), "error.nomination.not_active");
  ASSERT_TRUE(service_->ChangeStatus(dg_life_, AuthId("PA-LIFE-1"), Status::kActive, "cleared"));
  clock_.Set(FromUnixSeconds(1'861'920'000));  // 2029-01-01: the approval ran out in 2028
  auto expired = service_->Nominate(Nominating(), std::nullopt, "public");
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(KeyOf(expired.error(), "reference"), "error.nomination.not_active");
  EXPECT_EQ(Count("nominations"), 0);
  EXPECT_TRUE(MailsAbout("nomination_confirm").empty());
}

TEST_P(BackofficeTest, ARepresentativeWhoNominatesThemselvesGetsOneMailPerStep) {
  auto request = Nominating({{"rita@norr.example", "Rita Ordförande", "Director"}});
  ASSERT_TRUE(service_->Nominate(request, std::nullopt, "public").has_value());
  ASSERT_EQ(Mails().size(), 1u);
  ASSERT_TRUE(service_->ConfirmNominations(TokenIn(Mails()[0].body)).has_value());
  auto queue = service_->NominationQueue(dg_life_);
  ASSERT_EQ(queue->size(), 1u);
  ASSERT_TRUE(service_->Decide(dg_life_, (*queue)[0].id, true, "ok").has_value());
  const auto approved = MailsAbout("nomination_approved");
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(approved[0].to, "rita@norr.example");
}

TEST_P(BackofficeTest, APublicNominationWaitsForTheRepresentativesConfirmation) {
  auto submitted =
      service_->Nominate(Nominating({{"nina@norr.example", "Nina Holm", "Project lead"},
                                     {"olle@norr.example", "Olle Ström", ""}}),
                         std::nullopt, "public 203.0.113.9");
  ASSERT_TRUE(submitted.has_value()) << submitted.error().message.key;
  ASSERT_EQ(submitted->size(), 2u);
  EXPECT_EQ(Count("nominations"), 2);
  for (const auto& n : *submitted) {
    EXPECT_EQ(n.state, NominationState::kUnconfirmed);
    EXPECT_EQ(n.reference, "PA-LIFE-1");
    EXPECT_EQ(n.programme, "LIFE");
    EXPECT_EQ(n.organisation.oid, "E10000001");
    EXPECT_EQ(n.submitted_by, "public 203.0.113.9");
    EXPECT_EQ(n.batch, (*submitted)[0].batch);
  }
  // Exactly one mail, to the representative, with the link to confirm.
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject, "nomination_confirm");
  EXPECT_EQ(mails[0].to, "rita@norr.example");
  EXPECT_EQ(mails[0].lang, "sv");
  EXPECT_NE(mails[0].body.find("url=https://pass.example/nominations/confirm?token="),
            std::string::npos);
  EXPECT_NE(mails[0].body.find("Olle Ström <olle@norr.example>"), std::string::npos);
  EXPECT_FALSE(TokenIn(mails[0].body).empty());
  EXPECT_EQ(AuditOf("nomination.submitted").size(), 2u);
  // Not in anybody's queue before it is confirmed.
  EXPECT_TRUE(service_->NominationQueue(dg_life_)->empty());
  EXPECT_TRUE(service_->NominationQueue(admin_)->empty());
  EXPECT_TRUE(ListingsFor("nina@norr.example").empty());
}

TEST_P(BackofficeTest, ConfirmationWorksOnceWithItsOwnTokenOnly) {
  ASSERT_TRUE(service_->Nominate(Nominating(), std::nullopt, "public").has_value());
  const std::string token = TokenIn(Mails()[0].body);
  EXPECT_EQ(CodeOf(service_->ConfirmNominations("made-up-token")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->ConfirmNominations("")), ErrorCode::kNotFound);
  auto confirmed = service_->ConfirmNominations(token);
  ASSERT_TRUE(confirmed.has_value());
  ASSERT_EQ(confirmed->size(), 1u);
  EXPECT_EQ((*confirmed)[0].state, NominationState::kPending);
  EXPECT_EQ(AuditOf("nomination.confirmed").size(), 1u);
  EXPECT_EQ(AuditOf("nomination.confirmed")[0].actor, "representative rita@norr.example");
  EXPECT_EQ(CodeOf(service_->ConfirmNominations(token)), ErrorCode::kNotFound);
  EXPECT_EQ(service_->NominationQueue(dg_life_)->size(), 1u);
  // Confirmed: the DG officers of LIFE are told, once; the EU4HEALTH officer is not.
  const auto waiting = MailsAbout("nomination_waiting");
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].to, dg_life_.email);
}

TEST_P(BackofficeTest, AConfirmationLinkExpiresAfterSevenDays) {
  ASSERT_TRUE(service_->Nominate(Nominating(), std::nullopt, "public").has_value());
  const std::string token = TokenIn(Mails()[0].body);
  clock_.Advance(std::chrono::hours(7 * 24) + std::chrono::seconds(1));
  EXPECT_EQ(CodeOf(service_->ConfirmNominations(token)), ErrorCode::kNotFound);
  EXPECT_TRUE(service_->NominationQueue(dg_life_)->empty());
}

TEST_P(BackofficeTest, TheQueueShowsPendingNominationsToTheirProgrammesDgOfficersOnly) {
  ASSERT_EQ(NominatePending().size(), 1u);
  auto life = service_->NominationQueue(dg_life_);
  ASSERT_TRUE(life.has_value());
  ASSERT_EQ(life->size(), 1u);
  EXPECT_EQ((*life)[0].staff.email, "nina@norr.example");
  EXPECT_EQ((*life)[0].state, NominationState::kPending);
  EXPECT_EQ((*life)[0].representative_email, "rita@norr.example");
  EXPECT_EQ(service_->NominationQueue(admin_)->size(), 1u);
  EXPECT_TRUE(service_->NominationQueue(dg_health_)->empty());
  EXPECT_TRUE(service_->NominationQueue(na_se_)->empty());
  EXPECT_TRUE(service_->NominationQueue(eacea_)->empty());
}

TEST_P(BackofficeTest, ApprovingListsThePersonAndTellsRepresentativeAndStaff) {
  const auto pending = NominatePending();
  ASSERT_EQ(pending.size(), 1u);
  const size_t mails_before = Mails().size();
  auto no_reason = service_->Decide(dg_life_, pending[0].id, true, " ");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(FieldNames(no_reason.error()), std::vector<std::string>{"reason"});

  auto approved = service_->Decide(dg_life_, pending[0].id, true, "meets the criteria");
  ASSERT_TRUE(approved.has_value()) << approved.error().message.key;
  EXPECT_EQ(approved->state, NominationState::kApproved);
  EXPECT_EQ(approved->decided_by, dg_life_.Actor());
  EXPECT_EQ(approved->decision_reason, "meets the criteria");
  const auto listings = ListingsFor("NINA@norr.example");
  ASSERT_EQ(listings.size(), 1u);
  EXPECT_EQ(listings[0].authorisation.reference, "PA-LIFE-1");
  EXPECT_EQ(listings[0].entry.source, StaffSource::kNomination);
  EXPECT_EQ(listings[0].entry.function, "Project lead");
  // The person has access like any listed staff member (R3: then exactly like R2).
  access::Identity nina{"sub-nina", "nina@norr.example", true, "Nina", "Holm", "high"};
  auto signed_in = access_->RecordSignIn(nina);
  ASSERT_TRUE(signed_in.has_value());
  EXPECT_TRUE(signed_in->decision.Allows("E10000001"));

  const auto mails = Mails();
  ASSERT_EQ(mails.size(), mails_before + 2);
  std::set<std::string> to;
  for (size_t i = mails_before; i < mails.size(); ++i) {
    EXPECT_EQ(mails[i].subject, "nomination_approved");
    EXPECT_EQ(mails[i].lang, "sv");
    EXPECT_NE(mails[i].body.find("reason=meets the criteria"), std::string::npos);
    to.insert(mails[i].to);
  }
  EXPECT_EQ(to, (std::set<std::string>{"rita@norr.example", "nina@norr.example"}));
  const auto audit = AuditOf("nomination.approved");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].reason, "meets the criteria");
  EXPECT_EQ(audit[0].actor, dg_life_.Actor());
  EXPECT_EQ(AuditOf("staff.added").back().subject, "nina@norr.example");

  auto twice = service_->Decide(dg_life_, pending[0].id, false, "changed my mind");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(ListingsFor("nina@norr.example").size(), 1u);
  EXPECT_TRUE(service_->NominationQueue(dg_life_)->empty());
  // The organisation sees the outcome.
  auto of = service_->NominationsOf("E10000001");
  ASSERT_TRUE(of.has_value());
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ((*of)[0].state, NominationState::kApproved);
}

TEST_P(BackofficeTest, RejectingListsNobodyAndTellsRepresentativeAndStaff) {
  const auto pending = NominatePending();
  ASSERT_EQ(pending.size(), 1u);
  const size_t mails_before = Mails().size();
  auto rejected = service_->Decide(admin_, pending[0].id, false, "not staff of the organisation");
  ASSERT_TRUE(rejected.has_value());
  EXPECT_EQ(rejected->state, NominationState::kRejected);
  EXPECT_TRUE(ListingsFor("nina@norr.example").empty());
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), mails_before + 2);
  std::set<std::string> to;
  for (size_t i = mails_before; i < mails.size(); ++i) {
    EXPECT_EQ(mails[i].subject, "nomination_rejected");
    to.insert(mails[i].to);
  }
  EXPECT_EQ(to, (std::set<std::string>{"rita@norr.example", "nina@norr.example"}));
  EXPECT_EQ(AuditOf("nomination.rejected").size(), 1u);
  EXPECT_EQ(CodeOf(service_->Decide(admin_, pending[0].id, false, "again")), ErrorCode::kConflict);
  EXPECT_EQ(CodeOf(service_->Decide(admin_, pending[0].id, true, "after all")),
            ErrorCode::kConflict);
  EXPECT_TRUE(ListingsFor("nina@norr.example").empty());
}

TEST_P(BackofficeTest, AnUnconfirmedNominationCannotBeDecided) {
  auto submitted = service_->Nominate(Nominating(), std::nullopt, "public");
  ASSERT_TRUE(submitted.has_value());
  EXPECT_EQ(CodeOf(service_->Decide(dg_life_, (*submitted)[0].id, true, "ok")),
            ErrorCode::kConflict);
  EXPECT_TRUE(ListingsFor("nina@norr.example").empty());
}

TEST_P(BackofficeTest, StaffWithAccessSubmitWithoutTheConfirmationStep) {
  Officer staff;
  staff.person_id = 77;
  staff.email = "anna@norr.example";
  auto submitted = service_->Nominate(Nominating(), staff, "person:77 anna@norr.example");
  ASSERT_TRUE(submitted.has_value()) << submitted.error().message.key;
  ASSERT_EQ(submitted->size(), 1u);
  EXPECT_EQ((*submitted)[0].state, NominationState::kPending);
  EXPECT_TRUE(MailsAbout("nomination_confirm").empty());
  // The DG officers of the programme hear that a decision waits; nobody else gets mail.
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].subject, "nomination_waiting");
  EXPECT_EQ(mails[0].to, dg_life_.email);
  EXPECT_EQ(AuditOf("nomination.submitted")[0].actor, "person:77 anna@norr.example");
  auto queue = service_->NominationQueue(dg_life_);
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].submitted_by, "person:77 anna@norr.example");
}

// ---- All or nothing --------------------------------------------------------------------------

TEST_P(BackofficeTest, AFailingWriteLeavesNoAuditEntryAndNoMail) {
  auto id =
      service_->CreateAuthorisation(na_se_, "E10000001", NewAuth("EVS-SE-9", "evs_accreditation"));
  ASSERT_TRUE(id.has_value());
  Sql("DELETE FROM authorisations WHERE id = " + std::to_string(*id));
  const std::string before = Snapshot();
  EXPECT_EQ(CodeOf(service_->AddStaff(na_se_, *id, {"new@norr.example", "New", ""}, "hired")),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(service_->ChangeStatus(na_se_, *id, Status::kSuspended, "why")),
            ErrorCode::kNotFound);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(BackofficeTest, WhenTheMailCannotBeQueuedTheChangeIsUndone) {
  const auto pending = NominatePending();
  ASSERT_EQ(pending.size(), 1u);
  const std::string before = Snapshot();
  Sql("ALTER TABLE outbox RENAME TO outbox_away");
  auto added =
      service_->AddStaff(na_se_, AuthId("QL-SE-1"), {"new@norr.example", "New", ""}, "hired");
  auto decided = service_->Decide(dg_life_, pending[0].id, true, "ok");
  auto granted = service_->GrantRole(admin_, "new@mucf.example", "na_officer", "SE", "");
  auto corrected = service_->CorrectStaff(na_se_, AuthId("QL-SE-1"), "anna@norr.example",
                                          {"anna.berg@norr.example", "Anna Berg", ""}, "typo");
  auto nominated =
      service_->Nominate(Nominating({{"olle@norr.example", "Olle", ""}}), std::nullopt, "public");
  Sql("ALTER TABLE outbox_away RENAME TO outbox");
  EXPECT_FALSE(added.has_value());
  EXPECT_FALSE(decided.has_value());
  EXPECT_FALSE(granted.has_value());
  EXPECT_FALSE(corrected.has_value());
  EXPECT_FALSE(nominated.has_value());
  EXPECT_EQ(ListingsFor("anna@norr.example").size(), 1u);
  EXPECT_FALSE(OfficerOf("new@mucf.example").any());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_TRUE(ListingsFor("new@norr.example").empty());
  EXPECT_TRUE(ListingsFor("nina@norr.example").empty());
  EXPECT_EQ(service_->NominationQueue(dg_life_)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, BackofficeTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::backoffice
