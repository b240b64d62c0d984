// Demo data for `make run` and the tests: organisations of all four authorisation kinds with
// their staff (one person per access path, one listed in two organisations, one whose
// authorisation expired, one not listed anywhere), synthetic young people with realistic,
// reproducible profiles, and a few published opportunities. Pure: generates values, stores
// nothing. Every address is under the reserved .example domain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backoffice/roles.h"
#include "core/clock.h"
#include "opportunities/opportunity.h"
#include "participants/participant.h"
#include "registry/registry.h"

namespace pass::demo {

// An EU Login account of the stand-in identity provider (tools/idp).
struct Account {
  std::string sub;
  std::string email;
  std::string given_name;
  std::string family_name;
  std::string password;
  std::string assurance_level = "LOW";
  std::string role;  // what the account shows in the demo, printed by `make run`
};

struct DemoData {
  std::vector<registry::Organisation> organisations;
  std::vector<registry::Authorisation> authorisations;  // with staff
  std::vector<participants::Participant> participants;
  std::vector<opportunities::Opportunity> opportunities;
  std::vector<Account> accounts;
  std::vector<backoffice::Role> roles;  // officer roles of some accounts
};

struct Options {
  int participants = 300;
  uint64_t seed = 2026;
  std::string password = "demo-password";
};

// The same options and day give the same data.
DemoData Generate(const Options& options, Date today);

// One synthetic young person, number `index` of the stream seeded by `seed`.
participants::Participant SyntheticParticipant(uint64_t seed, int index, Date today);

}  // namespace pass::demo
