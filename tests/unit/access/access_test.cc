// The access rule (SPEC R2, R4): a verified e-mail, matched trimmed and case-insensitively,
// against listings of authorisations that are active and in date on the day.
#include "access/access.h"

#include <gtest/gtest.h>

namespace pass::access {
namespace {

using registry::Kind;
using registry::Standing;
using registry::Status;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const Date kToday{year{2026}, month{11}, day{27}};

registry::Listing ListingFor(std::string oid, std::string reference, std::string email,
                             Status status = Status::kActive,
                             Date from = Date{year{2025}, month{1}, day{1}},
                             Date to = Date{year{2027}, month{12}, day{31}},
                             Kind kind = Kind::kQualityLabel) {
  registry::Listing l;
  l.organisation = {oid, "Org " + oid, "SE"};
  l.authorisation.reference = std::move(reference);
  l.authorisation.oid = oid;
  l.authorisation.kind = kind;
  l.authorisation.status = status;
  l.authorisation.valid_from = from;
  l.authorisation.valid_to = to;
  l.entry = {std::move(email), "Anna", "Coordinator", registry::StaffSource::kImport};
  return l;
}

TEST(Decide, AnActiveInDateListingGrantsItsOrganisation) {
  const auto d = Decide("anna@org.example", true,
                        {ListingFor("E10000001", "QL-1", "anna@org.example")}, kToday);
  ASSERT_EQ(d.organisations.size(), 1u);
  EXPECT_TRUE(d.Allows("E10000001"));
  EXPECT_FALSE(d.Allows("E10000002"));
  ASSERT_EQ(d.organisations[0].granted_by.size(), 1u);
  EXPECT_EQ(d.organisations[0].granted_by[0].reference, "QL-1");
}

TEST(Decide, EmailsMatchTrimmedAndCaseInsensitively) {
  const auto d = Decide("  Anna@ORG.example ", true,
                        {ListingFor("E10000001", "QL-1", "anna@org.EXAMPLE")}, kToday);
  EXPECT_TRUE(d.Allows("E10000001"));
  const auto other = Decide("anna@org.example.net", true,
                            {ListingFor("E10000001", "QL-1", "anna@org.example")}, kToday);
  EXPECT_FALSE(other.Allows("E10000001"));
}

struct StandingCase {
  const char* name;
  Status status;
  Date from;
  Date to;
  Standing standing;
};

class DecideStanding : public ::testing::TestWithParam<StandingCase> {};

TEST_P(DecideStanding, OnlyValidListingsGrant) {
  const auto& c = GetParam();
  const auto d =
      Decide("anna@org.example", true,
             {ListingFor("E10000001", "QL-1", "anna@org.example", c.status, c.from, c.to)}, kToday);
  ASSERT_EQ(d.listings.size(), 1u);
  EXPECT_EQ(d.listings[0].standing, c.standing);
  EXPECT_EQ(d.Allows("E10000001"), c.standing == Standing::kValid);
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, DecideStanding,
    ::testing::Values(
        StandingCase{"active", Status::kActive, Date{year{2025}, month{1}, day{1}},
                     Date{year{2027}, month{1}, day{1}}, Standing::kValid},
        StandingCase{"first_day", Status::kActive, kToday, Date{year{2027}, month{1}, day{1}},
                     Standing::kValid},
        StandingCase{"last_day", Status::kActive, Date{year{2025}, month{1}, day{1}}, kToday,
                     Standing::kValid},
        StandingCase{"expired_yesterday", Status::kActive, Date{year{2025}, month{1}, day{1}},
                     Date{year{2026}, month{11}, day{26}}, Standing::kExpired},
        StandingCase{"starts_tomorrow", Status::kActive, Date{year{2026}, month{11}, day{28}},
                     Date{year{2027}, month{1}, day{1}}, Standing::kNotYetValid},
        StandingCase{"suspended", Status::kSuspended, Date{year{2025}, month{1}, day{1}},
                     Date{year{2027}, month{1}, day{1}}, Standing::kSuspended},
        StandingCase{"revoked", Status::kRevoked, Date{year{2025}, month{1}, day{1}},
                     Date{year{2027}, month{1}, day{1}}, Standing::kRevoked},
        // Revoked wins over dates: the explanation must say why, not that it also expired.
        StandingCase{"revoked_and_expired", Status::kRevoked, Date{year{2020}, month{1}, day{1}},
                     Date{year{2021}, month{1}, day{1}}, Standing::kRevoked}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Decide, AnUnverifiedEmailGrantsNothingButIsExplained) {
  const auto d = Decide("anna@org.example", false,
                        {ListingFor("E10000001", "QL-1", "anna@org.example")}, kToday);
  EXPECT_TRUE(d.organisations.empty());
  ASSERT_EQ(d.listings.size(), 1u);
  EXPECT_FALSE(d.email_verified);
}

TEST(Decide, TwoOrganisationsAndTwoAuthorisationsOfOne) {
  const auto d = Decide("marie@mj.example", true,
                        {ListingFor("E10000005", "QL-FR", "marie@mj.example"),
                         ListingFor("E10000003", "EUAV-1", "marie@mj.example", Status::kActive,
                                    Date{year{2025}, month{1}, day{1}},
                                    Date{year{2027}, month{1}, day{1}}, Kind::kEuavCertification),
                         ListingFor("E10000003", "QL-ES", "marie@mj.example")},
                        kToday);
  ASSERT_EQ(d.organisations.size(), 2u);
  EXPECT_EQ(d.Find("E10000003")->granted_by.size(), 2u);
  EXPECT_EQ(d.Find("E10000005")->granted_by.size(), 1u);
}

TEST(Decide, OneValidListingIsEnoughWhenAnotherIsSuspended) {
  const auto d = Decide("a@o.example", true,
                        {ListingFor("E10000001", "QL-1", "a@o.example", Status::kSuspended),
                         ListingFor("E10000001", "EVS-1", "a@o.example")},
                        kToday);
  ASSERT_TRUE(d.Allows("E10000001"));
  EXPECT_EQ(d.Find("E10000001")->granted_by[0].reference, "EVS-1");
  EXPECT_EQ(d.listings.size(), 2u);
}

TEST(Decide, NoListingMeansNoAccess) {
  const auto d = Decide("sam@unlisted.example", true, {}, kToday);
  EXPECT_TRUE(d.organisations.empty());
  EXPECT_TRUE(d.listings.empty());
  EXPECT_EQ(d.email, "sam@unlisted.example");
}

}  // namespace
}  // namespace pass::access
