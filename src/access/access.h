// Who may act for which organisation (SPEC R2, R4-R6), decided from the current registry on every
// request, never from a flag copied at sign-in: a person's EU Login e-mail, when verified,
// matches (trimmed, case-insensitively) the staff listings of authorisations that are active and
// in date today. Also the people who have signed in, remembered by their stable EU Login id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "registry/registry.h"

namespace pass::access {

// What EU Login tells us about a person at sign-in.
struct Identity {
  std::string sub;
  std::string email;
  bool email_verified = false;
  std::string given_name;
  std::string family_name;
  std::string assurance_level;
};

// A person who has signed in at least once. The e-mail is the last one EU Login gave.
struct Person {
  int64_t id = 0;
  std::string sub;
  std::string email;
  bool email_verified = false;
  std::string given_name;
  std::string family_name;
  std::string assurance_level;
  Timestamp first_seen;
  Timestamp last_seen;

  std::string DisplayName() const;  // "Anna Lindqvist", or the e-mail when no name is known
};

struct OrganisationAccess {
  registry::Organisation organisation;
  std::vector<registry::Authorisation> granted_by;  // the valid authorisations listing the person
};

// A listing that matched the person's e-mail, with what it amounts to today.
struct MatchedListing {
  registry::Listing listing;
  registry::Standing standing;
};

struct Decision {
  std::string email;  // the e-mail the decision was made for
  bool email_verified = false;
  std::vector<OrganisationAccess> organisations;  // sorted by name; empty: no access
  std::vector<MatchedListing> listings;           // every match, granting or not

  bool Allows(std::string_view oid) const { return Find(oid) != nullptr; }
  const OrganisationAccess* Find(std::string_view oid) const;
};

// The rule itself, pure: only a verified e-mail counts, only valid listings grant.
Decision Decide(std::string_view email, bool email_verified,
                const std::vector<registry::Listing>& listings, Date today);

class Repository {
 public:
  virtual ~Repository() = default;
  // Inserts or updates the person with this `sub` (R6: the binding is the sub; the e-mail is
  // whatever EU Login says now).
  virtual Result<Person> SaveSignIn(const Identity& identity, Timestamp now) = 0;
  virtual Result<std::optional<Person>> FindPerson(int64_t id) = 0;
  virtual audit::Repository& Audit() = 0;
};

using Store = pass::Store<Repository>;

// The outcome of a sign-in: who it was and what they may do.
struct SignIn {
  Person person;
  Decision decision;
};

class Service {
 public:
  Service(Store& people, registry::Store& registry, const Clock& clock)
      : people_(people), registry_(registry), clock_(clock) {}

  // Records the person and audits the grant or denial, with the reasons.
  Result<SignIn> RecordSignIn(const Identity& identity);

  // The current decision for a person already known (every request).
  Result<Decision> DecideFor(const Person& person);
  Result<std::optional<Person>> FindPerson(int64_t id);

 private:
  Result<std::vector<registry::Listing>> ListingsFor(std::string_view email);

  Store& people_;
  registry::Store& registry_;
  const Clock& clock_;
};

}  // namespace pass::access
