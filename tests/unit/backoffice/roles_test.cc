// Officer roles without a database: what each role covers, and how a role asked for is checked
// and normalised.
#include "backoffice/roles.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "backoffice/backoffice.h"

namespace pass::backoffice {
namespace {

using registry::Authorisation;
using registry::Kind;
using registry::Organisation;

Organisation Org(const std::string& country) { return {"E10000001", "Org", country}; }

Authorisation Auth(Kind kind, const std::string& programme = "") {
  Authorisation a;
  a.reference = "REF-1";
  a.oid = "E10000001";
  a.kind = kind;
  a.programme = programme;
  return a;
}

Role RoleOf(RoleKind kind, const std::string& country = "", const std::string& programme = "") {
  Role r;
  r.kind = kind;
  r.email = "officer@agency.example";
  r.country = country;
  r.programme = programme;
  return r;
}

// The field errors of a failed MakeRole, as field -> message key.
std::vector<std::pair<std::string, std::string>> FieldErrors(const Result<Role>& r) {
  std::vector<std::pair<std::string, std::string>> out;
  if (r) return out;
  for (const auto& f : r.error().fields) out.emplace_back(f.field, f.message.key);
  return out;
}

bool HasField(const Result<Role>& r, const std::string& field, const std::string& key) {
  const auto errors = FieldErrors(r);
  return std::find(errors.begin(), errors.end(), std::make_pair(field, key)) != errors.end();
}

TEST(ScopeOfTest, ANationalAgencyOfficerCoversQualityLabelsAndEvsAccreditationsOfTheirCountry) {
  const auto scope = ScopeOf({RoleOf(RoleKind::kNaOfficer, "SE")});
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kQualityLabel)));
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kEvsAccreditation)));
  EXPECT_FALSE(scope.Covers(Org("DE"), Auth(Kind::kQualityLabel)));
  EXPECT_FALSE(scope.Covers(Org("DE"), Auth(Kind::kEvsAccreditation)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kEuavCertification)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kProgrammeApproval, "LIFE")));
  EXPECT_FALSE(scope.everything);
}

TEST(ScopeOfTest, AnEaceaOfficerCoversEuAidVolunteersCertificationsOfAnyCountry) {
  const auto scope = ScopeOf({RoleOf(RoleKind::kEaceaOfficer)});
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kEuavCertification)));
  EXPECT_TRUE(scope.Covers(Org("IE"), Auth(Kind::kEuavCertification)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kQualityLabel)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kEvsAccreditation)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kProgrammeApproval, "LIFE")));
}

TEST(ScopeOfTest, ADgOfficerCoversProgrammeApprovalsOfTheirProgrammeOnly) {
  const auto scope = ScopeOf({RoleOf(RoleKind::kDgOfficer, "", "LIFE")});
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kProgrammeApproval, "LIFE")));
  EXPECT_TRUE(scope.Covers(Org("IE"), Auth(Kind::kProgrammeApproval, "LIFE")));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kProgrammeApproval, "EU4HEALTH")));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kQualityLabel)));
  EXPECT_FALSE(scope.Covers(Org("SE"), Auth(Kind::kEuavCertification)));
}

TEST(ScopeOfTest, AnAdministratorCoversEverything) {
  const auto scope = ScopeOf({RoleOf(RoleKind::kAdministrator)});
  EXPECT_TRUE(scope.everything);
  EXPECT_TRUE(scope.Covers(Org("DE"), Auth(Kind::kQualityLabel)));
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kEuavCertification)));
  EXPECT_TRUE(scope.Covers(Org("FR"), Auth(Kind::kProgrammeApproval, "EU4HEALTH")));
}

TEST(ScopeOfTest, NoRoleCoversNothingAndSeveralRolesCoverTheirUnion) {
  EXPECT_TRUE(ScopeOf({}).empty());
  EXPECT_FALSE(ScopeOf({}).Covers(Org("SE"), Auth(Kind::kQualityLabel)));
  const auto scope =
      ScopeOf({RoleOf(RoleKind::kNaOfficer, "SE"), RoleOf(RoleKind::kDgOfficer, "", "LIFE")});
  EXPECT_TRUE(scope.Covers(Org("SE"), Auth(Kind::kQualityLabel)));
  EXPECT_TRUE(scope.Covers(Org("DE"), Auth(Kind::kProgrammeApproval, "LIFE")));
  EXPECT_FALSE(scope.Covers(Org("DE"), Auth(Kind::kQualityLabel)));
  // An organisation is in the remit when one of its authorisations is.
  EXPECT_TRUE(
      scope.Covers(Org("DE"), std::vector<Authorisation>{Auth(Kind::kQualityLabel),
                                                         Auth(Kind::kProgrammeApproval, "LIFE")}));
}

TEST(OfficerTest, KnowsItsRolesAndNamesItselfInTheAuditLog) {
  Officer officer;
  officer.person_id = 42;
  officer.email = "na@mucf.example";
  EXPECT_FALSE(officer.any());
  officer.roles = {RoleOf(RoleKind::kNaOfficer, "SE")};
  EXPECT_TRUE(officer.any());
  EXPECT_TRUE(officer.Has(RoleKind::kNaOfficer));
  EXPECT_FALSE(officer.administrator());
  EXPECT_EQ(officer.Actor(), "person:42 na@mucf.example");
}

TEST(RoleCodeTest, EveryRoleHasACodeThatParsesBack) {
  for (const RoleKind kind : kAllRoles) EXPECT_EQ(ParseRole(RoleCode(kind)), kind);
  EXPECT_EQ(RoleCode(RoleKind::kNaOfficer), "na_officer");
  EXPECT_FALSE(ParseRole("king").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(NominationStateTest, EveryStateHasACodeThatParsesBack) {
  for (const auto s :
       {NominationState::kUnconfirmed, NominationState::kPending, NominationState::kApproved,
        NominationState::kRejected, NominationState::kWithdrawn}) {
    EXPECT_EQ(ParseNominationState(NominationStateCode(s)), s);
  }
  EXPECT_FALSE(ParseNominationState("maybe").has_value());
}

TEST(MakeRoleTest, AValidRoleIsTrimmedAndItsCodesNormalised) {
  auto na = MakeRole("  Officer@MUCF.example ", "na_officer", "se", "");
  ASSERT_TRUE(na.has_value());
  EXPECT_EQ(na->kind, RoleKind::kNaOfficer);
  EXPECT_EQ(na->email, "Officer@MUCF.example");
  EXPECT_EQ(na->country, "SE");
  EXPECT_EQ(na->programme, "");

  auto greek = MakeRole("na@inedivim.example", " na_officer ", "EL", "");
  ASSERT_TRUE(greek.has_value());
  EXPECT_EQ(greek->country, "GR");  // the EU's EL is ISO's GR

  auto dg = MakeRole("dg@env.example", "dg_officer", "", " life ");
  ASSERT_TRUE(dg.has_value());
  EXPECT_EQ(dg->programme, "LIFE");
  EXPECT_EQ(dg->country, "");

  EXPECT_TRUE(MakeRole("eacea@eacea.example", "eacea_officer", "", "").has_value());
  EXPECT_TRUE(MakeRole("admin@pass.example", "administrator", " ", " ").has_value());
}

TEST(MakeRoleTest, ABadEmailOrUnknownRoleIsNamedByField) {
  const auto bad = MakeRole("not an e-mail", "na_officer", "SE", "");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(HasField(bad, "email", "error.field.email"));
  EXPECT_EQ(FieldErrors(bad).size(), 1u);

  EXPECT_TRUE(HasField(MakeRole("", "administrator", "", ""), "email", "error.field.email"));
  const auto unknown = MakeRole("a@b.example", "king", "", "");
  EXPECT_TRUE(HasField(unknown, "role", "error.role.unknown"));
  EXPECT_EQ(FieldErrors(unknown).size(), 1u);
}

TEST(MakeRoleTest, ACountryIsRequiredForNationalAgencyOfficersAndOnlyForThem) {
  EXPECT_TRUE(HasField(MakeRole("a@b.example", "na_officer", "", ""), "country",
                       "error.role.country_required"));
  const auto bad = MakeRole("a@b.example", "na_officer", "XX", "");
  EXPECT_TRUE(HasField(bad, "country", "error.field.country"));
  EXPECT_EQ(*bad.error().fields[0].message.Arg("value"), "XX");
  for (const char* role : {"administrator", "eacea_officer", "dg_officer"}) {
    EXPECT_TRUE(HasField(MakeRole("a@b.example", role, "SE", "LIFE"), "country",
                         "error.role.country_only_na"))
        << role;
  }
}

TEST(MakeRoleTest, AProgrammeIsRequiredForDgOfficersAndOnlyForThem) {
  EXPECT_TRUE(HasField(MakeRole("a@b.example", "dg_officer", "", ""), "programme",
                       "error.role.programme_required"));
  EXPECT_TRUE(HasField(MakeRole("a@b.example", "dg_officer", "", "LIFE 2"), "programme",
                       "error.field.programme"));
  for (const char* role : {"administrator", "eacea_officer"}) {
    EXPECT_TRUE(HasField(MakeRole("a@b.example", role, "", "LIFE"), "programme",
                         "error.role.programme_only_dg"))
        << role;
  }
  EXPECT_TRUE(HasField(MakeRole("a@b.example", "na_officer", "SE", "LIFE"), "programme",
                       "error.role.programme_only_dg"));
}

TEST(MakeRoleTest, EveryFieldErrorIsReportedAtOnce) {
  const auto r = MakeRole("nope", "administrator", "SE", "LIFE");
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(HasField(r, "email", "error.field.email"));
  EXPECT_TRUE(HasField(r, "country", "error.role.country_only_na"));
  EXPECT_TRUE(HasField(r, "programme", "error.role.programme_only_dg"));
  EXPECT_EQ(FieldErrors(r).size(), 3u);
}

}  // namespace
}  // namespace pass::backoffice
