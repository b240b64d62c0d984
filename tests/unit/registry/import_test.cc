// The authorisation import on both databases: every kind of bad row, all or nothing,
// idempotence, staff replacement and the audit trail.
#include "registry/import.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/access_repository.h"
#include "storage/registry_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::registry {
namespace {

const std::string kHeader =
    "oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,staff_email,"
    "staff_name,"
    "staff_function\n";
// The optional column first, so rows built by Row() only need a leading comma.
const std::string kProgrammeHeader = "programme," + kHeader;

class ImportTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    store_ = std::make_unique<storage::SqlRegistryStore>(db_->db(), clock_);
    importer_ = std::make_unique<Importer>(*store_, clock_);
  }

  ImportResult Import(const std::string& csv, bool dry_run = false) {
    auto r = importer_->Run(csv, "cli:test", "test.csv", dry_run);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
    return r ? *r : ImportResult{};
  }

  std::vector<Listing> ListingsFor(const std::string& email) {
    std::vector<Listing> out;
    (void)store_->Read([&](Repository& repo) -> Result<void> {
      out = *repo.ListingsFor(EmailKey(email));
      return {};
    });
    return out;
  }

  int64_t Count(const std::string& table) {
    auto r = db_->db().With(
        [&](storage::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM " + table); });
    return (*r)->Int(0);
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    auto r = db_->db().With(
        [](storage::Connection& c) { return c.Query("SELECT action FROM audit_log ORDER BY id"); });
    for (const auto& row : *r) out.push_back(row.Text(0));
    return out;
  }

  static std::string Row(const std::string& oid, const std::string& ref, const std::string& email,
                         const std::string& status = "active",
                         const std::string& to = "2028-12-31") {
    return oid + ",Org " + oid + ",SE,quality_label," + ref + ",SE02 MUCF,2025-01-01," + to + "," +
           status + "," + email + "," + (email.empty() ? "" : "Name of " + email) +
           ",Coordinator\n";
  }

  testing::FakeClock clock_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlRegistryStore> store_;
  std::unique_ptr<Importer> importer_;
};

TEST_P(ImportTest, ImportsOrganisationsAuthorisationsAndStaff) {
  const auto r = Import(kProgrammeHeader + "," + Row("E10000001", "QL-1", "a@o.example") + "," +
                        Row("E10000001", "QL-1", "b@o.example") +
                        "life,E10000002,Green Coast,IE,programme_approval,PA-1,DG "
                        "ENV,2025-01-01,2027-01-01,active,,,\n");
  ASSERT_TRUE(r.problems.empty());
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.plan.rows, 3u);
  EXPECT_EQ(Count("organisations"), 2);
  EXPECT_EQ(Count("authorisations"), 2);
  EXPECT_EQ(Count("staff_listings"), 2);
  ASSERT_EQ(ListingsFor("A@O.example").size(), 1u);
  EXPECT_EQ(ListingsFor("a@o.example")[0].authorisation.reference, "QL-1");
}

TEST_P(ImportTest, ColumnsMayComeInAnyOrderWithQuotingAndABom) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "reference,oid,staff_email,organisation_name,country,kind,issuer,valid_from,valid_to,status,"
      "staff_name,staff_function\r\n"
      "QL-9,E10000009,x@o.example,\"Föreningen \"\"Ung\"\", "
      "Göteborg\",el,quality_label,EL01,2025-01-01,2028-01-01,"
      "active,\"Name, with comma\",Coordinator\r\n";
  const auto r = Import(csv);
  ASSERT_TRUE(r.problems.empty()) << r.problems[0].reason.key;
  std::optional<Organisation> org;
  (void)store_->Read([&](Repository& repo) -> Result<void> {
    org = *repo.FindOrganisation("E10000009");
    return {};
  });
  ASSERT_TRUE(org.has_value());
  EXPECT_EQ(org->name, "Föreningen \"Ung\", Göteborg");
  EXPECT_EQ(org->country, "GR");  // the EU's EL is stored as ISO's GR
  EXPECT_EQ(ListingsFor("x@o.example")[0].entry.name, "Name, with comma");
}

TEST_P(ImportTest, EveryBadRowIsReportedAndNothingIsWritten) {
  const std::string csv =
      kHeader + Row("E10000001", "QL-1", "good@o.example") +
      "E123,Org,XX,label,QL-2,,2025-13-01,2024-01-01,maybe,not-an-email,,\n" +
      "E10000003,Org,SE,quality_label,QL-3,I,2025-01-01,2024-01-01,active,,,\n" +
      "E10000004,Org,SE,programme_approval,PA-4,DG,2025-01-01,2026-01-01,active,p@o.example,P,\n" +
      Row("E10000001", "QL-1", "GOOD@o.example") + "E10000005,too,few\n";
  const auto r = Import(csv);
  EXPECT_FALSE(r.written);
  auto has = [&](int line, const std::string& column, const std::string& key) {
    for (const auto& p : r.problems) {
      if (p.line == line && p.column == column && p.reason.key == key) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(3, "oid", "import.problem.oid"));
  EXPECT_TRUE(has(3, "country", "import.problem.country"));
  EXPECT_TRUE(has(3, "kind", "import.problem.kind"));
  EXPECT_TRUE(has(3, "issuer", "import.problem.required"));
  EXPECT_TRUE(has(3, "valid_from", "import.problem.date"));
  EXPECT_TRUE(has(3, "status", "import.problem.status"));
  EXPECT_TRUE(has(3, "staff_email", "import.problem.email"));
  EXPECT_TRUE(has(3, "staff_name", "import.problem.staff_name_required"));
  EXPECT_TRUE(has(4, "valid_to", "import.problem.ends_before_start"));
  EXPECT_TRUE(has(5, "staff_email", "import.problem.programme_staff"));
  EXPECT_TRUE(has(6, "staff_email", "import.problem.duplicate_staff"));
  EXPECT_TRUE(has(7, "", "import.problem.field_count"));
  EXPECT_EQ(Count("organisations"), 0);
  EXPECT_EQ(Count("staff_listings"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

TEST_P(ImportTest, LineNumbersCountLineBreaksInsideQuotedFields) {
  const auto r =
      Import(kHeader +
             "E10000001,Org,SE,quality_label,QL-1,I,2025-01-01,2026-01-01,active,a@o.example,A,"
             "\"Two\nlines\"\n" +
             "E10000001,Org,SE,quality_label,QL-1,I,2025-01-01,2026-01-01,active,bad,B,\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].line, 2);
  EXPECT_EQ(r.problems[0].column, "staff_function");
  EXPECT_EQ(r.problems[0].reason.key, "import.problem.control_characters");
  EXPECT_EQ(r.problems[1].line, 4);
  EXPECT_EQ(r.problems[1].column, "staff_email");
}

TEST_P(ImportTest, InconsistentRowsAndHeaderProblemsAreReported) {
  auto r =
      Import(kHeader + Row("E10000001", "QL-1", "a@o.example") +
             "E10000001,Another name,SE,quality_label,QL-9,I,2025-01-01,2026-01-01,active,,,\n" +
             Row("E10000001", "QL-1", "b@o.example", "suspended"));
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].reason.key, "import.problem.organisation_differs");
  EXPECT_EQ(r.problems[1].reason.key, "import.problem.authorisation_differs");
  EXPECT_EQ(*r.problems[1].reason.Arg("line"), "2");

  r = Import("oid,name,oid\nE1,x,y\n");
  std::set<std::string> keys;
  for (const auto& p : r.problems) keys.insert(p.reason.key);
  EXPECT_TRUE(keys.contains("import.problem.unknown_column"));
  EXPECT_TRUE(keys.contains("import.problem.duplicate_column"));
  EXPECT_TRUE(keys.contains("import.problem.missing_column"));
  EXPECT_EQ(Import("").problems[0].reason.key, "import.problem.empty_file");
  EXPECT_EQ(Import(kHeader + "E1,\"never closed\n").problems[0].reason.key,
            "error.csv.unclosed_quote");
  EXPECT_EQ(Import(std::string("oid\xff\n")).problems[0].reason.key, "import.problem.not_utf8");
}

TEST_P(ImportTest, ImportingTheSameFileAgainChangesNothing) {
  const std::string csv =
      kHeader + Row("E10000001", "QL-1", "a@o.example") + Row("E10000002", "QL-2", "b@o.example");
  ASSERT_TRUE(Import(csv).written);
  const auto audit = Count("audit_log");
  clock_.Advance(std::chrono::hours(1));
  const auto again = Import(csv);
  EXPECT_TRUE(again.problems.empty());
  EXPECT_TRUE(again.plan.empty());
  EXPECT_EQ(again.plan.unchanged_authorisations, 2u);
  EXPECT_EQ(Count("audit_log"), audit);
}

TEST_P(ImportTest, ListingAReferenceAgainReplacesItsImportedStaff) {
  ASSERT_TRUE(Import(kHeader + Row("E10000001", "QL-1", "stays@o.example") +
                     Row("E10000001", "QL-1", "goes@o.example"))
                  .written);
  const auto r = Import(kHeader + Row("E10000001", "QL-1", "stays@o.example") +
                        Row("E10000001", "QL-1", "new@o.example"));
  ASSERT_EQ(r.plan.authorisations.size(), 1u);
  EXPECT_EQ(r.plan.staff_added(), 1u);
  EXPECT_EQ(r.plan.staff_removed(), 1u);
  EXPECT_TRUE(ListingsFor("goes@o.example").empty());
  EXPECT_EQ(ListingsFor("new@o.example").size(), 1u);
  EXPECT_EQ(ListingsFor("stays@o.example").size(), 1u);
  const auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "staff.removed"), 1);
  // Other references are left alone when a file does not list them.
  ASSERT_TRUE(Import(kHeader + Row("E10000002", "QL-2", "other@o.example")).written);
  EXPECT_EQ(ListingsFor("stays@o.example").size(), 1u);
}

TEST_P(ImportTest, ImportsNeverTouchStaffFromNominationsOrOfficers) {
  ASSERT_TRUE(Import(kProgrammeHeader + "LIFE,E10000004,Green Coast,IE,programme_approval,PA-1,DG "
                                        "ENV,2025-01-01,2027-01-01,active,,,\n")
                  .written);
  (void)store_->Write([&](Repository& repo) -> Result<void> {
    auto a = *repo.FindAuthorisation("PA-1");
    return repo.ReplaceStaff(
        a->id, StaffSource::kNomination,
        {{"nominee@gc.example", "Nominee", "Manager", StaffSource::kNomination}});
  });
  const auto r = Import(kProgrammeHeader +
                        "LIFE,E10000004,Green Coast,IE,programme_approval,PA-1,DG ENV,2025-01-01,"
                        "2027-01-01,active,,,\n");
  EXPECT_TRUE(r.plan.empty());
  EXPECT_EQ(ListingsFor("nominee@gc.example").size(), 1u);
}

TEST_P(ImportTest, ProgrammeApprovalsNameTheirProgrammeAndOnlyThey) {
  const auto r = Import(
      kProgrammeHeader +
      ",E10000004,Green Coast,IE,programme_approval,PA-1,DG ENV,2025-01-01,2027-01-01,active,,,\n" +
      "LIFE," + Row("E10000001", "QL-1", "a@o.example") +
      "LIFE 2,E10000005,Blue,IE,programme_approval,PA-2,DG ENV,2025-01-01,2027-01-01,active,,,\n");
  EXPECT_FALSE(r.written);
  auto has = [&](int line, const std::string& key) {
    return std::any_of(r.problems.begin(), r.problems.end(), [&](const auto& p) {
      return p.line == line && p.column == "programme" && p.reason.key == key;
    });
  };
  EXPECT_TRUE(has(2, "import.problem.programme_required"));
  EXPECT_TRUE(has(3, "import.problem.programme_only_for_approvals"));
  EXPECT_TRUE(has(4, "import.problem.programme"));
  // A file without the column cannot carry programme approvals at all.
  const auto without = Import(
      kHeader +
      "E10000004,Green Coast,IE,programme_approval,PA-1,DG ENV,2025-01-01,2027-01-01,active,,,\n");
  EXPECT_FALSE(without.written);
  EXPECT_EQ(without.problems.size(), 1u);
}

TEST_P(ImportTest, AScopeRefusesEveryRowOutsideItAndWritesNothing) {
  // A Swedish National Agency officer's remit: quality labels and EVS accreditations in SE.
  registry::Scope se;
  se.rules.push_back({{Kind::kQualityLabel, Kind::kEvsAccreditation}, "SE", ""});
  auto scoped = [&](const std::string& csv) {
    auto r = importer_->Run(
        csv, "person:1", "upload.csv", false, {},
        [&](const Organisation& o, const Authorisation& a) { return se.Covers(o, a); });
    EXPECT_TRUE(r.has_value());
    return *r;
  };
  const auto r = scoped(kProgrammeHeader + "," + Row("E10000001", "QL-1", "a@o.example") +
                        "LIFE,E10000004,Green Coast,IE,programme_approval,PA-1,DG ENV,2025-01-01,"
                        "2027-01-01,active,,,\n" +
                        ",E10000006,Haus,DE,quality_label,QL-DE,DE04,2025-01-01,2027-01-01,"
                        "active,x@h.example,X,\n");
  EXPECT_FALSE(r.written);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].reason.key, "import.problem.outside_remit");
  EXPECT_EQ(Count("authorisations"), 0);
  // An SE reference that already belongs to a German organisation cannot be taken over either.
  ASSERT_TRUE(Import(kHeader + "E10000006,Haus,DE,quality_label,QL-DE,DE04,2025-01-01,2027-01-01,"
                               "active,x@h.example,X,\n")
                  .written);
  const auto takeover = scoped(kHeader + Row("E10000001", "QL-1", "a@o.example") +
                               "E10000006,Haus,SE,quality_label,QL-DE,SE02,2025-01-01,2027-01-01,"
                               "active,y@h.example,Y,\n");
  EXPECT_FALSE(takeover.written);
  EXPECT_EQ(ListingsFor("x@h.example").size(), 1u);
  EXPECT_TRUE(scoped(kHeader + Row("E10000001", "QL-1", "a@o.example")).written);
  // A file with bad rows reports the rows outside the remit in the same run.
  const auto both = scoped(kHeader +
                           "E123,Bad,SE,quality_label,QL-9,SE02,2025-01-01,2027-01-01,"
                           "active,,,\n" +
                           "E10000009,Haus 2,DE,quality_label,QL-DE-2,DE04,2025-01-01,2027-01-01,"
                           "active,,,\n");
  ASSERT_EQ(both.problems.size(), 2u);
  EXPECT_EQ(both.problems[0].line, 2);
  EXPECT_EQ(both.problems[1].line, 3);
  EXPECT_EQ(both.problems[1].reason.key, "import.problem.outside_remit");
}

TEST_P(ImportTest, StatusAndDateChangesAreAuditedWithTheFields) {
  ASSERT_TRUE(Import(kHeader + Row("E10000001", "QL-1", "a@o.example")).written);
  const auto r =
      Import(kHeader + Row("E10000001", "QL-1", "a@o.example", "suspended", "2029-06-30"));
  ASSERT_EQ(r.plan.authorisations.size(), 1u);
  EXPECT_EQ(r.plan.authorisations[0].changed_fields,
            (std::vector<std::string>{"valid_to", "status"}));
  EXPECT_EQ(ListingsFor("a@o.example")[0].authorisation.status, Status::kSuspended);
  auto detail = db_->db().With([](storage::Connection& c) {
    return c.QueryOne(
        "SELECT detail, actor, reason FROM audit_log WHERE action = 'authorisation.changed'");
  });
  ASSERT_TRUE(detail.has_value() && detail->has_value());
  EXPECT_NE((*detail)->Text(0).find("\"changed\":[\"valid_to\",\"status\"]"), std::string::npos);
  EXPECT_EQ((*detail)->Text(1), "cli:test");
  EXPECT_EQ((*detail)->Text(2), "import test.csv");
}

TEST_P(ImportTest, ADryRunShowsThePlanAndWritesNothing) {
  const auto r = Import(kHeader + Row("E10000001", "QL-1", "a@o.example"), /*dry_run=*/true);
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.plan.organisations.size(), 1u);
  EXPECT_EQ(r.plan.authorisations.size(), 1u);
  EXPECT_EQ(r.plan.staff_added(), 1u);
  EXPECT_EQ(Count("organisations"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

TEST_P(ImportTest, AReferenceCannotMoveToAnotherOrganisation) {
  ASSERT_TRUE(Import(kHeader + Row("E10000001", "QL-1", "a@o.example")).written);
  const auto r = Import(kHeader + Row("E10000002", "QL-1", "a@o.example"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason.key, "import.problem.reference_elsewhere");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(Count("organisations"), 1);
}

TEST_P(ImportTest, StatusCommandsNeedAReasonAndAreAudited) {
  ASSERT_TRUE(Import(kHeader + Row("E10000001", "QL-1", "a@o.example")).written);
  EXPECT_EQ(ChangeStatus(*store_, clock_, "QL-1", Status::kSuspended, " ", "cli:test").error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(
      ChangeStatus(*store_, clock_, "NOPE", Status::kSuspended, "why", "cli:test").error().code,
      ErrorCode::kNotFound);
  auto suspended =
      ChangeStatus(*store_, clock_, "QL-1", Status::kSuspended, "fraud inquiry", "cli:test");
  ASSERT_TRUE(suspended.has_value());
  EXPECT_EQ(
      ChangeStatus(*store_, clock_, "QL-1", Status::kSuspended, "again", "cli:test").error().code,
      ErrorCode::kConflict);
  ASSERT_TRUE(
      ChangeStatus(*store_, clock_, "QL-1", Status::kActive, "cleared", "cli:test").has_value());
  const auto actions = AuditActions();
  EXPECT_EQ(actions[actions.size() - 2], "authorisation.suspended");
  EXPECT_EQ(actions.back(), "authorisation.reinstated");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ImportTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::registry
