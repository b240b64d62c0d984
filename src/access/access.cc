#include "access/access.h"

#include <algorithm>
#include <map>

namespace pass::access {

std::string Person::DisplayName() const {
  std::string name = given_name;
  if (!family_name.empty()) {
    if (!name.empty()) name += ' ';
    name += family_name;
  }
  return name.empty() ? email : name;
}

const OrganisationAccess* Decision::Find(std::string_view oid) const {
  for (const auto& o : organisations) {
    if (o.organisation.oid == oid) return &o;
  }
  return nullptr;
}

Decision Decide(std::string_view email, bool email_verified,
                const std::vector<registry::Listing>& listings, Date today) {
  Decision d;
  d.email = std::string(email);
  d.email_verified = email_verified;
  const std::string key = registry::EmailKey(email);
  std::map<std::string, OrganisationAccess> by_oid;
  for (const auto& l : listings) {
    // The store is asked by key already; checking again keeps the rule whole in this function.
    if (registry::EmailKey(l.entry.email) != key) continue;
    const registry::Standing standing = l.authorisation.StandingOn(today);
    d.listings.push_back({l, standing});
    if (!email_verified || standing != registry::Standing::kValid) continue;
    auto& access = by_oid[l.organisation.oid];
    access.organisation = l.organisation;
    const bool seen =
        std::any_of(access.granted_by.begin(), access.granted_by.end(),
                    [&](const auto& a) { return a.reference == l.authorisation.reference; });
    if (!seen) access.granted_by.push_back(l.authorisation);
  }
  for (auto& [oid, access] : by_oid) d.organisations.push_back(std::move(access));
  std::sort(d.organisations.begin(), d.organisations.end(),
            [](const auto& a, const auto& b) { return a.organisation.name < b.organisation.name; });
  return d;
}

Result<std::vector<registry::Listing>> Service::ListingsFor(std::string_view email) {
  const std::string key = registry::EmailKey(email);
  return registry_.ReadValue([&](registry::Repository& repo) { return repo.ListingsFor(key); });
}

Result<Decision> Service::DecideFor(const Person& person) {
  auto listings = ListingsFor(person.email);
  if (!listings) return Fail(std::move(listings.error()));
  return Decide(person.email, person.email_verified, *listings, clock_.Today());
}

Result<std::optional<Person>> Service::FindPerson(int64_t id) {
  return people_.ReadValue([id](Repository& repo) { return repo.FindPerson(id); });
}

Result<SignIn> Service::RecordSignIn(const Identity& identity) {
  auto listings = ListingsFor(identity.email);
  if (!listings) return Fail(std::move(listings.error()));
  const Timestamp now = clock_.Now();
  SignIn outcome;
  outcome.decision = Decide(identity.email, identity.email_verified, *listings, DateOf(now));
  auto written = people_.Write([&](Repository& repo) -> Result<void> {
    auto person = repo.SaveSignIn(identity, now);
    if (!person) return Fail(std::move(person.error()));
    outcome.person = *person;
    // The same form as officers' entries: who it was, findable by id and readable by e-mail.
    const std::string actor = "person:" + std::to_string(person->id) + " " + person->email;
    for (const auto& org : outcome.decision.organisations) {
      std::vector<std::string> granted_by;
      granted_by.reserve(org.granted_by.size());
      for (const auto& a : org.granted_by) granted_by.push_back(a.reference);
      auto r = repo.Audit().Append(audit::Make(now, actor, "access.granted", org.organisation.oid,
                                               identity.email, "listed in a valid authorisation",
                                               audit::Detail({}, "granted_by", granted_by)));
      if (!r) return r;
    }
    // Every listing that matched but did not grant is a denial with its reason; so is a
    // sign-in that matched nothing, if only to explain it to the service desk later.
    for (const auto& m : outcome.decision.listings) {
      if (m.standing == registry::Standing::kValid && identity.email_verified) continue;
      const std::string reason = !identity.email_verified
                                     ? "e-mail not verified by EU Login"
                                     : std::string(registry::StandingCode(m.standing));
      auto r = repo.Audit().Append(
          audit::Make(now, actor, "access.denied", m.listing.organisation.oid, identity.email,
                      reason, audit::Detail({{"reference", m.listing.authorisation.reference}})));
      if (!r) return r;
    }
    if (outcome.decision.listings.empty()) {
      auto r = repo.Audit().Append(audit::Make(now, actor, "access.denied", "", identity.email,
                                               "e-mail matches no listing"));
      if (!r) return r;
    }
    return {};
  });
  if (!written) return Fail(std::move(written.error()));
  return outcome;
}

}  // namespace pass::access
