#include "backoffice/backoffice.h"

#include <algorithm>
#include <set>

#include "codes/codes.h"
#include "core/random.h"
#include "core/strings.h"
#include "crypto/crypto.h"

namespace pass::backoffice {

using registry::Authorisation;
using registry::Organisation;
using registry::StaffEntry;
using registry::StaffSource;

namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxText = 500;
constexpr int kHistoryLimit = 200;

bool HasControlCharacters(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// A required one-line text: the field error names the field and the rule.
std::string RequiredText(std::string_view value, std::string_view field, size_t max,
                         std::vector<FieldError>& errors) {
  std::string v(Trim(value));
  if (v.empty()) {
    errors.push_back({std::string(field), "error.field.required"});
  } else if (v.size() > max) {
    errors.push_back(
        {std::string(field), Message("error.field.too_long", {{"max", std::to_string(max)}})});
  } else if (HasControlCharacters(v) || !IsValidUtf8(v)) {
    errors.push_back({std::string(field), "error.field.one_line"});
  }
  return v;
}

std::string OptionalText(std::string_view value, std::string_view field, size_t max,
                         std::vector<FieldError>& errors) {
  if (Trim(value).empty()) return {};
  return RequiredText(value, field, max, errors);
}

std::string Email(std::string_view value, std::string_view field, std::vector<FieldError>& errors) {
  std::string v(Trim(value));
  if (v.empty()) {
    errors.push_back({std::string(field), "error.field.required"});
  } else if (!registry::LooksLikeEmail(v)) {
    errors.push_back({std::string(field), Message("error.field.email", {{"value", v}})});
  }
  return v;
}

std::string Reason(std::string_view value, std::vector<FieldError>& errors) {
  std::string v(Trim(value));
  if (v.empty()) {
    errors.push_back({"reason", "error.field.reason_required"});
  } else if (v.size() > kMaxText) {
    errors.push_back(
        {"reason", Message("error.field.too_long", {{"max", std::to_string(kMaxText)}})});
  }
  return v;
}

Result<void> Check(std::vector<FieldError>& errors) {
  if (errors.empty()) return {};
  return Fail(InvalidInput("error.form.invalid", std::move(errors)));
}

Organisation ReadOrganisation(const OrganisationFields& f, std::vector<FieldError>& errors) {
  Organisation o;
  o.oid = AsciiUpper(Trim(f.oid));
  if (o.oid.empty()) {
    errors.push_back({"oid", "error.field.required"});
  } else if (!registry::IsValidOid(o.oid)) {
    errors.push_back({"oid", Message("error.field.oid", {{"value", o.oid}})});
  }
  o.name = RequiredText(f.name, "name", kMaxName, errors);
  const auto country = codes::NormaliseCountry(f.country);
  if (Trim(f.country).empty()) {
    errors.push_back({"country", "error.field.required"});
  } else if (!country) {
    errors.push_back(
        {"country", Message("error.field.country", {{"value", std::string(Trim(f.country))}})});
  } else {
    o.country = *country;
  }
  return o;
}

Authorisation ReadAuthorisation(const AuthorisationFields& f, std::vector<FieldError>& errors) {
  Authorisation a;
  a.reference = RequiredText(f.reference, "reference", 100, errors);
  const auto kind = registry::ParseKind(Trim(f.kind));
  if (!kind) {
    errors.push_back({"kind", "error.field.kind"});
  } else {
    a.kind = *kind;
  }
  a.issuer = RequiredText(f.issuer, "issuer", kMaxName, errors);
  if (kind == registry::Kind::kProgrammeApproval) {
    auto programme = registry::NormaliseProgramme(f.programme);
    if (Trim(f.programme).empty()) {
      errors.push_back({"programme", "error.field.programme_required"});
    } else if (!programme) {
      errors.push_back({"programme", Message("error.field.programme",
                                             {{"value", std::string(Trim(f.programme))}})});
    } else {
      a.programme = *programme;
    }
  } else if (kind && !Trim(f.programme).empty()) {
    errors.push_back({"programme", "error.field.programme_only_approvals"});
  }
  const auto from = ParseIsoDate(Trim(f.valid_from));
  const auto to = ParseIsoDate(Trim(f.valid_to));
  if (!from) errors.push_back({"valid_from", "error.field.date"});
  if (!to) errors.push_back({"valid_to", "error.field.date"});
  if (from && to) {
    a.valid_from = *from;
    a.valid_to = *to;
    if (std::chrono::sys_days(*to) < std::chrono::sys_days(*from))
      errors.push_back({"valid_to", "error.field.ends_before_start"});
  }
  return a;
}

StaffEntry ReadStaff(const StaffFields& f, std::vector<FieldError>& errors,
                     std::string_view prefix = "staff_") {
  StaffEntry s;
  s.email = Email(f.email, std::string(prefix) + "email", errors);
  s.name = RequiredText(f.name, std::string(prefix) + "name", kMaxName, errors);
  s.function = OptionalText(f.function, std::string(prefix) + "function", kMaxName, errors);
  return s;
}

std::string AuthorisationDetail(const Authorisation& a,
                                const std::vector<std::string>& changed = {}) {
  return audit::Detail({{"kind", registry::KindCode(a.kind)},
                        {"issuer", a.issuer},
                        {"programme", a.programme},
                        {"valid_from", FormatIsoDate(a.valid_from)},
                        {"valid_to", FormatIsoDate(a.valid_to)},
                        {"status", registry::StatusCode(a.status)}},
                       "changed", changed);
}

// The entry of `authorisation` listing this e-mail key, or nullptr.
const StaffEntry* FindStaff(const Authorisation& authorisation, std::string_view email_key) {
  const auto it =
      std::find_if(authorisation.staff.begin(), authorisation.staff.end(),
                   [&](const StaffEntry& e) { return registry::EmailKey(e.email) == email_key; });
  return it == authorisation.staff.end() ? nullptr : &*it;
}

Error NotInRemit() { return NotFound(Message("error.backoffice.not_found")); }

// The registry inside the back office's units of work, for the importer.
class RegistryView final : public registry::Store {
 public:
  explicit RegistryView(backoffice::Store& store) : store_(store) {}
  Result<void> Read(const Work& work) override {
    return store_.Read([&](Repository& repo) { return work(repo.Registry()); });
  }
  Result<void> Write(const Work& work) override {
    return store_.Write([&](Repository& repo) { return work(repo.Registry()); });
  }

 private:
  backoffice::Store& store_;
};

}  // namespace

std::string_view NominationStateCode(NominationState state) {
  switch (state) {
    case NominationState::kUnconfirmed:
      return "unconfirmed";
    case NominationState::kPending:
      return "pending";
    case NominationState::kApproved:
      return "approved";
    case NominationState::kRejected:
      return "rejected";
    case NominationState::kWithdrawn:
      return "withdrawn";
  }
  return "pending";
}

std::optional<NominationState> ParseNominationState(std::string_view code) {
  for (const auto s :
       {NominationState::kUnconfirmed, NominationState::kPending, NominationState::kApproved,
        NominationState::kRejected, NominationState::kWithdrawn}) {
    if (NominationStateCode(s) == code) return s;
  }
  return std::nullopt;
}

Service::Service(Store& store, const Clock& clock, Composer compose, Options options)
    : store_(store), clock_(clock), compose_(std::move(compose)), options_(std::move(options)) {}

Result<Officer> Service::OfficerFor(int64_t person_id, std::string_view email, bool email_verified,
                                    std::string_view name) {
  Officer officer;
  officer.person_id = person_id;
  officer.email = std::string(email);
  officer.name = std::string(name);
  if (!email_verified) return officer;  // like staff access: only a verified e-mail counts
  const std::string key = registry::EmailKey(email);
  auto roles = store_.ReadValue([&](Repository& repo) { return repo.RolesFor(key); });
  if (!roles) return Fail(std::move(roles.error()));
  officer.roles = std::move(*roles);
  for (const auto& admin : options_.admin_emails) {
    if (!key.empty() && registry::EmailKey(admin) == key && !officer.administrator()) {
      Role r;
      r.kind = RoleKind::kAdministrator;
      r.email = std::string(email);
      r.granted_by = "configuration (PASS_ADMIN_EMAILS)";
      officer.roles.push_back(r);
    }
  }
  officer.scope = ScopeOf(officer.roles);
  return officer;
}

Result<std::vector<registry::OrganisationRecord>> Service::Search(
    const Officer& officer, registry::OrganisationQuery query) {
  query.scope = officer.scope;
  // A typed code ("se", "EL") means the stored one; something else finds nothing, as it should.
  if (auto country = codes::NormaliseCountry(query.country)) query.country = *country;
  return store_.ReadValue(
      [&](Repository& repo) { return repo.Registry().SearchOrganisations(query); });
}

Result<OrganisationView> Service::View(const Officer& officer, std::string_view oid) {
  const Timestamp now = clock_.Now();
  return store_.ReadValue([&](Repository& repo) -> Result<OrganisationView> {
    OrganisationView view;
    auto org = repo.Registry().FindOrganisation(oid);
    if (!org) return Fail(std::move(org.error()));
    if (!*org) return Fail(NotInRemit());
    auto auths = repo.Registry().AuthorisationsOf(oid);
    if (!auths) return Fail(std::move(auths.error()));
    if (!officer.scope.Covers(**org, *auths)) return Fail(NotInRemit());
    view.record = {**org, std::move(*auths)};
    std::vector<std::string> keys;
    for (const auto& a : view.record.authorisations) {
      if (officer.scope.Covers(**org, a)) view.editable.push_back(a.id);
      for (const auto& s : a.staff) keys.push_back(registry::EmailKey(s.email));
    }
    auto history = repo.Audit().ForOrganisation(oid, kHistoryLimit);
    if (!history) return Fail(std::move(history.error()));
    view.history = std::move(*history);
    auto people = repo.PeopleWithEmails(keys, now);
    if (!people) return Fail(std::move(people.error()));
    view.people = std::move(*people);
    auto nominations = repo.NominationsOf(oid);
    if (!nominations) return Fail(std::move(nominations.error()));
    view.nominations = std::move(*nominations);
    return view;
  });
}

Result<Authorisation> Service::FindAuthorisation(const Officer& officer, int64_t id) {
  return store_.ReadValue([&](Repository& repo) -> Result<registry::Authorisation> {
    auto located = Locate(repo.Registry(), officer, id);
    if (!located) return Fail(std::move(located.error()));
    return std::move(located->authorisation);
  });
}

Result<void> Service::TellListed(Repository& repo, const Organisation& org, const Authorisation& a,
                                 const StaffEntry& s) {
  // We do not know the person's language; the organisation's country is the best guess.
  return repo.Outbox().Enqueue(compose_(codes::MainLanguage(org.country), "staff_listed",
                                        {{"name", s.name},
                                         {"organisation", org.name},
                                         {"reference", a.reference},
                                         {"email", s.email},
                                         {"url", options_.public_url + "/login"}},
                                        s.email, s.name));
}

Result<void> Service::TellReviewers(Repository& repo, const std::vector<Nomination>& pending) {
  if (pending.empty()) return {};
  const Nomination& n = pending.front();  // one submission: one organisation and approval
  auto roles = repo.AllRoles();
  if (!roles) return Fail(std::move(roles.error()));
  for (const Role& r : *roles) {
    if (r.kind != RoleKind::kDgOfficer || r.programme != n.programme) continue;
    // DG officers work in English with the portal; their queue has the details.
    auto sent =
        repo.Outbox().Enqueue(compose_("en", "nomination_waiting",
                                       {{"organisation", n.organisation.name},
                                        {"reference", n.reference},
                                        {"programme", n.programme},
                                        {"count", std::to_string(pending.size())},
                                        {"url", options_.public_url + "/backoffice/nominations"}},
                                       r.email, ""));
    if (!sent) return sent;
  }
  return {};
}

Result<Service::Located> Service::Locate(registry::Repository& repo, const Officer& officer,
                                         int64_t id) {
  auto a = repo.FindAuthorisationById(id);
  if (!a) return Fail(std::move(a.error()));
  if (!*a) return Fail(NotInRemit());
  auto org = repo.FindOrganisation((*a)->oid);
  if (!org) return Fail(std::move(org.error()));
  if (!*org || !officer.scope.Covers(**org, **a)) return Fail(NotInRemit());
  return Located{std::move(**org), std::move(**a)};
}

Result<std::string> Service::CreateOrganisation(const Officer& officer,
                                                const OrganisationFields& org_fields,
                                                const AuthorisationFields& first) {
  std::vector<FieldError> errors;
  const Organisation org = ReadOrganisation(org_fields, errors);
  Authorisation a = ReadAuthorisation(first, errors);
  if (auto ok = Check(errors); !ok) return Fail(std::move(ok.error()));
  a.oid = org.oid;
  if (!officer.scope.Covers(org, a)) {
    return Fail(InvalidInput("error.form.invalid", {{"kind", "error.backoffice.outside_remit"}}));
  }
  const Timestamp now = clock_.Now();
  auto done = store_.Write([&](Repository& repo) -> Result<void> {
    auto existing = repo.Registry().FindOrganisation(org.oid);
    if (!existing) return Fail(std::move(existing.error()));
    if (*existing) {
      return Fail(InvalidInput("error.form.invalid", {{"oid", Message("error.backoffice.oid_taken",
                                                                      {{"oid", org.oid}})}}));
    }
    auto taken = repo.Registry().FindAuthorisation(a.reference);
    if (!taken) return Fail(std::move(taken.error()));
    if (*taken) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"reference", Message("error.backoffice.reference_taken",
                                                      {{"reference", a.reference}})}}));
    }
    if (auto r = repo.Registry().SaveOrganisation(org); !r) return r;
    auto id = repo.Registry().SaveAuthorisation(a);
    if (!id) return Fail(std::move(id.error()));
    return repo.Audit().AppendMany(
        {audit::Make(now, officer.Actor(), "organisation.created", org.oid, org.oid, "",
                     audit::Detail({{"name", org.name}, {"country", org.country}})),
         audit::Make(now, officer.Actor(), "authorisation.created", org.oid, a.reference, "",
                     AuthorisationDetail(a))});
  });
  if (!done) return Fail(std::move(done.error()));
  return org.oid;
}

Result<void> Service::UpdateOrganisation(const Officer& officer, std::string_view oid,
                                         const OrganisationFields& fields,
                                         std::string_view reason) {
  std::vector<FieldError> errors;
  OrganisationFields f = fields;
  f.oid = std::string(oid);
  const Organisation wanted = ReadOrganisation(f, errors);
  const std::string why = OptionalText(reason, "reason", kMaxText, errors);
  if (auto ok = Check(errors); !ok) return ok;
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto org = repo.Registry().FindOrganisation(oid);
    if (!org) return Fail(std::move(org.error()));
    if (!*org) return Fail(NotInRemit());
    auto auths = repo.Registry().AuthorisationsOf(oid);
    if (!auths) return Fail(std::move(auths.error()));
    if (!officer.scope.Covers(**org, *auths)) return Fail(NotInRemit());
    // Moving an organisation to another country must not take it out of the officer's hands.
    if (!officer.scope.Covers(wanted, *auths)) {
      return Fail(
          InvalidInput("error.form.invalid", {{"country", "error.backoffice.outside_remit"}}));
    }
    if (**org == wanted) return {};
    if (auto r = repo.Registry().SaveOrganisation(wanted); !r) return r;
    return repo.Audit().Append(audit::Make(now, officer.Actor(), "organisation.changed", wanted.oid,
                                           wanted.oid, why,
                                           audit::Detail({{"name", wanted.name},
                                                          {"country", wanted.country},
                                                          {"previous_name", (*org)->name},
                                                          {"previous_country", (*org)->country}})));
  });
}

Result<int64_t> Service::CreateAuthorisation(const Officer& officer, std::string_view oid,
                                             const AuthorisationFields& fields) {
  std::vector<FieldError> errors;
  Authorisation a = ReadAuthorisation(fields, errors);
  if (auto ok = Check(errors); !ok) return Fail(std::move(ok.error()));
  a.oid = std::string(oid);
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int64_t> {
    auto org = repo.Registry().FindOrganisation(oid);
    if (!org) return Fail(std::move(org.error()));
    if (!*org) return Fail(NotInRemit());
    auto auths = repo.Registry().AuthorisationsOf(oid);
    if (!auths) return Fail(std::move(auths.error()));
    if (!officer.scope.Covers(**org, *auths)) return Fail(NotInRemit());
    if (!officer.scope.Covers(**org, a)) {
      return Fail(InvalidInput("error.form.invalid", {{"kind", "error.backoffice.outside_remit"}}));
    }
    auto taken = repo.Registry().FindAuthorisation(a.reference);
    if (!taken) return Fail(std::move(taken.error()));
    if (*taken) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"reference", Message("error.backoffice.reference_taken",
                                                      {{"reference", a.reference}})}}));
    }
    auto id = repo.Registry().SaveAuthorisation(a);
    if (!id) return Fail(std::move(id.error()));
    auto logged = repo.Audit().Append(audit::Make(now, officer.Actor(), "authorisation.created",
                                                  a.oid, a.reference, "", AuthorisationDetail(a)));
    if (!logged) return Fail(std::move(logged.error()));
    return *id;
  });
}

Result<void> Service::UpdateAuthorisation(const Officer& officer, int64_t id,
                                          const AuthorisationFields& fields,
                                          std::string_view reason) {
  std::vector<FieldError> errors;
  Authorisation wanted = ReadAuthorisation(fields, errors);
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return ok;
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto located = Locate(repo.Registry(), officer, id);
    if (!located) return Fail(std::move(located.error()));
    const Authorisation& current = located->authorisation;
    if (wanted.reference != current.reference) {
      auto taken = repo.Registry().FindAuthorisation(wanted.reference);
      if (!taken) return Fail(std::move(taken.error()));
      if (*taken) {
        return Fail(InvalidInput("error.form.invalid",
                                 {{"reference", Message("error.backoffice.reference_taken",
                                                        {{"reference", wanted.reference}})}}));
      }
    }
    wanted.id = current.id;
    wanted.oid = current.oid;
    wanted.status = current.status;
    wanted.status_reason = current.status_reason;
    if (!officer.scope.Covers(located->organisation, wanted)) {
      return Fail(InvalidInput("error.form.invalid", {{"kind", "error.backoffice.outside_remit"}}));
    }
    std::vector<std::string> changed;
    if (wanted.reference != current.reference) changed.emplace_back("reference");
    if (wanted.kind != current.kind) changed.emplace_back("kind");
    if (wanted.issuer != current.issuer) changed.emplace_back("issuer");
    if (wanted.programme != current.programme) changed.emplace_back("programme");
    if (wanted.valid_from != current.valid_from) changed.emplace_back("valid_from");
    if (wanted.valid_to != current.valid_to) changed.emplace_back("valid_to");
    if (changed.empty()) return {};
    // Saved by reference: a renamed reference is updated in place through its id.
    if (wanted.reference != current.reference) {
      if (auto r = repo.Registry().RenameAuthorisation(current.id, wanted.reference); !r) return r;
    }
    auto saved = repo.Registry().SaveAuthorisation(wanted);
    if (!saved) return Fail(std::move(saved.error()));
    return repo.Audit().Append(audit::Make(now, officer.Actor(), "authorisation.changed",
                                           wanted.oid, wanted.reference, why,
                                           AuthorisationDetail(wanted, changed)));
  });
}

Result<void> Service::ChangeStatus(const Officer& officer, int64_t id, registry::Status status,
                                   std::string_view reason) {
  std::vector<FieldError> errors;
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return ok;
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto located = Locate(repo.Registry(), officer, id);
    if (!located) return Fail(std::move(located.error()));
    Authorisation a = located->authorisation;
    if (a.status == status) {
      return Fail(Conflict(Message(
          "error.status.unchanged",
          {{"reference", a.reference}, {"status", std::string(registry::StatusCode(status))}})));
    }
    const registry::Status before = a.status;
    a.status = status;
    a.status_reason = why;
    auto saved = repo.Registry().SaveAuthorisation(a);
    if (!saved) return Fail(std::move(saved.error()));
    const char* action = status == registry::Status::kSuspended ? "authorisation.suspended"
                         : status == registry::Status::kRevoked ? "authorisation.revoked"
                                                                : "authorisation.reinstated";
    return repo.Audit().Append(audit::Make(now, officer.Actor(), action, a.oid, a.reference, why,
                                           audit::Detail({{"from", registry::StatusCode(before)},
                                                          {"to", registry::StatusCode(status)}})));
  });
}

Result<void> Service::AddStaff(const Officer& officer, int64_t authorisation_id,
                               const StaffFields& fields, std::string_view reason) {
  std::vector<FieldError> errors;
  StaffEntry s = ReadStaff(fields, errors);
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return ok;
  s.source = StaffSource::kOfficer;
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto located = Locate(repo.Registry(), officer, authorisation_id);
    if (!located) return Fail(std::move(located.error()));
    const auto& a = located->authorisation;
    auto added = repo.Registry().AddStaff(a.id, s);
    if (!added) return Fail(std::move(added.error()));
    if (!*added) {
      return Fail(InvalidInput(
          "error.form.invalid",
          {{"staff_email", Message("error.backoffice.already_listed", {{"email", s.email}})}}));
    }
    if (auto r = repo.Audit().Append(audit::Make(
            now, officer.Actor(), "staff.added", a.oid, s.email, why,
            audit::Detail(
                {{"reference", a.reference}, {"name", s.name}, {"function", s.function}})));
        !r) {
      return r;
    }
    return TellListed(repo, located->organisation, a, s);
  });
}

Result<void> Service::CorrectStaff(const Officer& officer, int64_t authorisation_id,
                                   std::string_view old_email, const StaffFields& fields,
                                   std::string_view reason) {
  std::vector<FieldError> errors;
  StaffEntry s = ReadStaff(fields, errors);
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return ok;
  const std::string old_key = registry::EmailKey(old_email);
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto located = Locate(repo.Registry(), officer, authorisation_id);
    if (!located) return Fail(std::move(located.error()));
    const auto& a = located->authorisation;
    const StaffEntry* current = FindStaff(a, old_key);
    if (current == nullptr) return Fail(NotFound(Message("error.backoffice.staff_not_found")));
    const bool new_address = registry::EmailKey(s.email) != old_key;
    if (new_address) {
      if (FindStaff(a, registry::EmailKey(s.email)) != nullptr) {
        return Fail(InvalidInput(
            "error.form.invalid",
            {{"staff_email", Message("error.backoffice.already_listed", {{"email", s.email}})}}));
      }
    }
    // A corrected entry keeps its source: an import of the same reference would otherwise bring
    // back the wrong address; the import's own list is the agency's to correct at the source.
    s.source = current->source;
    auto updated = repo.Registry().UpdateStaff(a.id, old_key, s);
    if (!updated) return Fail(std::move(updated.error()));
    if (auto r = repo.Audit().Append(audit::Make(now, officer.Actor(), "staff.corrected", a.oid,
                                                 s.email, why,
                                                 audit::Detail({{"reference", a.reference},
                                                                {"previous_email", current->email},
                                                                {"previous_name", current->name},
                                                                {"name", s.name},
                                                                {"function", s.function}})));
        !r) {
      return r;
    }
    if (!new_address) return {};
    return TellListed(repo, located->organisation, a, s);
  });
}

Result<void> Service::RemoveStaff(const Officer& officer, int64_t authorisation_id,
                                  std::string_view email, std::string_view reason) {
  std::vector<FieldError> errors;
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return ok;
  const std::string key = registry::EmailKey(email);
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto located = Locate(repo.Registry(), officer, authorisation_id);
    if (!located) return Fail(std::move(located.error()));
    const auto& a = located->authorisation;
    const StaffEntry* current = FindStaff(a, key);
    if (current == nullptr) return Fail(NotFound(Message("error.backoffice.staff_not_found")));
    auto removed = repo.Registry().RemoveStaff(a.id, key);
    if (!removed) return Fail(std::move(removed.error()));
    return repo.Audit().Append(
        audit::Make(now, officer.Actor(), "staff.removed", a.oid, current->email, why,
                    audit::Detail({{"reference", a.reference},
                                   {"name", current->name},
                                   {"source", registry::StaffSourceCode(current->source)}})));
  });
}

Result<int64_t> Service::EndSessions(const Officer& officer, std::string_view oid,
                                     int64_t person_id) {
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int64_t> {
    auto org = repo.Registry().FindOrganisation(oid);
    if (!org) return Fail(std::move(org.error()));
    if (!*org) return Fail(NotInRemit());
    auto auths = repo.Registry().AuthorisationsOf(oid);
    if (!auths) return Fail(std::move(auths.error()));
    if (!officer.scope.Covers(**org, *auths)) return Fail(NotInRemit());
    std::vector<std::string> keys;
    for (const auto& a : *auths) {
      for (const auto& s : a.staff) keys.push_back(registry::EmailKey(s.email));
    }
    auto people = repo.PeopleWithEmails(keys, now);
    if (!people) return Fail(std::move(people.error()));
    const auto person = std::find_if(people->begin(), people->end(), [&](const SignInRecord& p) {
      return p.person_id == person_id;
    });
    // Only people who signed in with one of this organisation's listed e-mails.
    if (person == people->end()) return Fail(NotInRemit());
    auto ended = repo.EndSessionsOf(person_id);
    if (!ended) return Fail(std::move(ended.error()));
    auto logged = repo.Audit().Append(
        audit::Make(now, officer.Actor(), "sessions.ended", std::string(oid), person->email, "",
                    audit::Detail({{"person", std::to_string(person_id)},
                                   {"sessions", std::to_string(*ended)}})));
    if (!logged) return Fail(std::move(logged.error()));
    return *ended;
  });
}

Result<ImportPreview> Service::PreviewImport(const Officer& officer, std::string file_name,
                                             std::string content) {
  if (!officer.any()) return Fail(NotInRemit());
  ImportPreview preview;
  preview.file_name = std::move(file_name);
  // The same importer as the command, in dry-run mode, limited to the officer's remit.
  RegistryView registry(store_);
  registry::Importer importer(registry, clock_);
  const registry::Scope scope = officer.scope;
  auto result = importer.Run(
      content, officer.Actor(), preview.file_name, true, {},
      [&scope](const Organisation& o, const Authorisation& a) { return scope.Covers(o, a); });
  if (!result) return Fail(std::move(result.error()));
  preview.result = std::move(*result);
  if (!preview.result.problems.empty() || preview.result.plan.empty()) return preview;
  preview.token = RandomToken(24);
  Upload upload{crypto::Sha256Hex(preview.token), officer.Actor(), preview.file_name,
                std::move(content), clock_.Now()};
  auto saved = store_.Write([&](Repository& repo) { return repo.SaveUpload(upload); });
  if (!saved) return Fail(std::move(saved.error()));
  return preview;
}

Result<registry::ImportResult> Service::ConfirmImport(const Officer& officer,
                                                      std::string_view token) {
  const std::string hash = crypto::Sha256Hex(token);
  auto upload = store_.ReadValue([&](Repository& repo) { return repo.FindUpload(hash); });
  if (!upload) return Fail(std::move(upload.error()));
  // Only the officer who uploaded it, and only while it is fresh.
  if (!*upload || (*upload)->actor != officer.Actor() ||
      clock_.Now() - (*upload)->created_at > options_.upload_lifetime) {
    return Fail(NotFound(Message("error.import.upload_gone")));
  }
  RegistryView registry(store_);
  registry::Importer importer(registry, clock_);
  const registry::Scope scope = officer.scope;
  // Run again against the registry as it is now: all or nothing, and idempotent, as ever.
  auto result = importer.Run(
      (*upload)->content, officer.Actor(), (*upload)->file_name, false, {},
      [&scope](const Organisation& o, const Authorisation& a) { return scope.Covers(o, a); });
  if (!result) return Fail(std::move(result.error()));
  if (result->problems.empty()) {
    auto deleted = store_.Write([&](Repository& repo) { return repo.DeleteUpload(hash); });
    if (!deleted) return Fail(std::move(deleted.error()));
  }
  return result;
}

Result<void> Service::CancelImport(const Officer& officer, std::string_view token) {
  const std::string hash = crypto::Sha256Hex(token);
  return store_.Write([&](Repository& repo) -> Result<void> {
    auto upload = repo.FindUpload(hash);
    if (!upload) return Fail(std::move(upload.error()));
    if (!*upload || (*upload)->actor != officer.Actor()) return {};
    return repo.DeleteUpload(hash);
  });
}

Result<std::vector<Role>> Service::Roles(const Officer& officer) {
  if (!officer.administrator()) return Fail(NotInRemit());
  auto roles = store_.ReadValue([](Repository& repo) { return repo.AllRoles(); });
  if (!roles) return Fail(std::move(roles.error()));
  for (const auto& admin : options_.admin_emails) {
    Role r;
    r.kind = RoleKind::kAdministrator;
    r.email = admin;
    r.granted_by = "configuration (PASS_ADMIN_EMAILS)";
    roles->push_back(r);
  }
  return roles;
}

Result<Role> Service::Grant(const std::string& actor, const Role& role) {
  Role r = role;
  r.granted_by = actor;
  r.granted_at = clock_.Now();
  auto done = store_.Write([&](Repository& repo) -> Result<void> {
    auto inserted = repo.InsertRole(r);
    if (!inserted) return Fail(std::move(inserted.error()));
    if (!*inserted) return Fail(Conflict(Message("error.role.already_held", {{"email", r.email}})));
    if (auto logged = repo.Audit().Append(audit::Make(
            r.granted_at, actor, "role.granted", "", r.email, "",
            audit::Detail(
                {{"role", RoleCode(r.kind)}, {"country", r.country}, {"programme", r.programme}})));
        !logged) {
      return logged;
    }
    // An agency officer most likely reads the agency's language; others get English.
    const std::string_view lang = r.country.empty() ? "en" : codes::MainLanguage(r.country);
    return repo.Outbox().Enqueue(compose_(lang, "role_granted",
                                          {{"role", std::string(RoleCode(r.kind))},
                                           {"email", r.email},
                                           {"url", options_.public_url + "/backoffice"}},
                                          r.email, ""));
  });
  if (!done) return Fail(std::move(done.error()));
  return r;
}

Result<Role> Service::Revoke(const std::string& actor, const Role& role) {
  const Timestamp now = clock_.Now();
  auto done = store_.WriteValue([&](Repository& repo) -> Result<Role> {
    auto removed = repo.DeleteRole(role.id);
    if (!removed) return Fail(std::move(removed.error()));
    if (!*removed) return Fail(NotFound(Message("error.role.not_found")));
    const Role& r = **removed;
    auto logged = repo.Audit().Append(audit::Make(
        now, actor, "role.revoked", "", r.email, "",
        audit::Detail(
            {{"role", RoleCode(r.kind)}, {"country", r.country}, {"programme", r.programme}})));
    if (!logged) return Fail(std::move(logged.error()));
    return r;
  });
  return done;
}

Result<Role> Service::GrantRole(const Officer& officer, std::string_view email,
                                std::string_view role, std::string_view country,
                                std::string_view programme) {
  if (!officer.administrator()) return Fail(NotInRemit());
  auto r = MakeRole(email, role, country, programme);
  if (!r) return r;
  return Grant(officer.Actor(), *r);
}

Result<Role> Service::RevokeRole(const Officer& officer, int64_t id) {
  if (!officer.administrator()) return Fail(NotInRemit());
  Role r;
  r.id = id;
  return Revoke(officer.Actor(), r);
}

Result<Role> Service::GrantRole(const std::string& actor, const Role& role) {
  return Grant(actor, role);
}

Result<Role> Service::RevokeRole(const std::string& actor, const Role& role) {
  auto found = store_.ReadValue([&](Repository& repo) {
    return repo.FindRole(registry::EmailKey(role.email), role.kind, role.country, role.programme);
  });
  if (!found) return Fail(std::move(found.error()));
  if (!*found) return Fail(NotFound(Message("error.role.not_found")));
  return Revoke(actor, **found);
}

Result<std::vector<Nomination>> Service::Nominate(const NominationRequest& request,
                                                  const std::optional<Officer>& submitter_staff,
                                                  const std::string& submitter_actor) {
  std::vector<FieldError> errors;
  const std::string oid = AsciiUpper(Trim(request.oid));
  if (oid.empty()) {
    errors.push_back({"oid", "error.field.required"});
  } else if (!registry::IsValidOid(oid)) {
    errors.push_back({"oid", Message("error.field.oid", {{"value", oid}})});
  }
  const std::string reference = RequiredText(request.reference, "reference", 100, errors);
  const std::string rep_name =
      RequiredText(request.representative_name, "representative_name", kMaxName, errors);
  const std::string rep_email = Email(request.representative_email, "representative_email", errors);
  std::vector<StaffEntry> staff;
  std::set<std::string> seen;
  for (size_t i = 0; i < request.staff.size(); ++i) {
    const auto& f = request.staff[i];
    if (Trim(f.email).empty() && Trim(f.name).empty() && Trim(f.function).empty()) continue;
    const std::string prefix = "staff_" + std::to_string(i + 1) + "_";
    StaffEntry s = ReadStaff(f, errors, prefix);
    s.source = StaffSource::kNomination;
    if (!s.email.empty() && !seen.insert(registry::EmailKey(s.email)).second) {
      errors.push_back(
          {prefix + "email", Message("error.nomination.duplicate", {{"email", s.email}})});
    }
    staff.push_back(std::move(s));
  }
  if (staff.empty() && errors.empty())
    errors.push_back({"staff_1_email", "error.nomination.no_staff"});
  if (staff.size() > options_.max_nominees) {
    errors.push_back({"staff", Message("error.nomination.too_many_people",
                                       {{"max", std::to_string(options_.max_nominees)}})});
  }
  if (auto ok = Check(errors); !ok) return Fail(std::move(ok.error()));

  const Timestamp now = clock_.Now();
  const bool by_staff = submitter_staff.has_value();
  std::string token;
  if (!by_staff) token = RandomToken(24);
  const std::string batch = RandomToken(12);
  std::vector<Nomination> out;
  auto done = store_.Write([&](Repository& repo) -> Result<void> {
    auto org = repo.Registry().FindOrganisation(oid);
    if (!org) return Fail(std::move(org.error()));
    if (!*org) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"oid", Message("error.nomination.unknown_oid", {{"oid", oid}})}}));
    }
    auto a = repo.Registry().FindAuthorisation(reference);
    if (!a) return Fail(std::move(a.error()));
    if (!*a || (*a)->oid != oid) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"reference", Message("error.nomination.reference_not_of_oid",
                                                      {{"reference", reference}, {"oid", oid}})}}));
    }
    if ((*a)->kind != registry::Kind::kProgrammeApproval) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"reference", Message("error.nomination.not_programme_approval",
                                                      {{"reference", reference}})}}));
    }
    const registry::Standing standing = (*a)->StandingOn(clock_.Today());
    if (standing != registry::Standing::kValid && standing != registry::Standing::kNotYetValid) {
      return Fail(InvalidInput(
          "error.form.invalid",
          {{"reference", Message("error.nomination.not_active", {{"reference", reference}})}}));
    }
    for (const auto& s : staff) {
      const bool listed =
          std::any_of((*a)->staff.begin(), (*a)->staff.end(), [&](const StaffEntry& e) {
            return registry::EmailKey(e.email) == registry::EmailKey(s.email);
          });
      if (listed) {
        return Fail(InvalidInput(
            "error.form.invalid",
            {{"staff", Message("error.backoffice.already_listed", {{"email", s.email}})}}));
      }
    }
    std::vector<audit::Entry> trail;
    std::string names;
    for (const auto& s : staff) {
      Nomination n;
      n.authorisation_id = (*a)->id;
      n.batch = batch;
      n.representative_name = rep_name;
      n.representative_email = rep_email;
      n.staff = s;
      n.state = by_staff ? NominationState::kPending : NominationState::kUnconfirmed;
      n.submitted_by = submitter_actor;
      n.confirm_hash = by_staff ? "" : crypto::Sha256Hex(token);
      n.lang = request.lang;
      n.created_at = now;
      auto id = repo.InsertNomination(n);
      if (!id) return Fail(std::move(id.error()));
      n.id = *id;
      n.organisation = **org;
      n.reference = (*a)->reference;
      n.programme = (*a)->programme;
      n.issuer = (*a)->issuer;
      trail.push_back(audit::Make(now, submitter_actor, "nomination.submitted", oid, s.email, "",
                                  audit::Detail({{"reference", reference},
                                                 {"name", s.name},
                                                 {"function", s.function},
                                                 {"representative", rep_email}})));
      names += "- " + s.name + " <" + s.email + ">" +
               (s.function.empty() ? "" : ", " + s.function) + "\n";
      out.push_back(std::move(n));
    }
    if (auto r = repo.Audit().AppendMany(trail); !r) return r;
    if (by_staff) return TellReviewers(repo, out);
    return repo.Outbox().Enqueue(
        compose_(request.lang, "nomination_confirm",
                 {{"name", rep_name},
                  {"organisation", (*org)->name},
                  {"oid", oid},
                  {"reference", reference},
                  {"issuer", (*a)->issuer},
                  {"staff", names},
                  {"url", options_.public_url + "/nominations/confirm?token=" + token}},
                 rep_email, rep_name));
  });
  if (!done) return Fail(std::move(done.error()));
  return out;
}

Result<std::vector<Nomination>> Service::ConfirmNominations(std::string_view token) {
  const std::string hash = crypto::Sha256Hex(token);
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<std::vector<Nomination>> {
    auto found = repo.NominationsToConfirm(hash);
    if (!found) return Fail(std::move(found.error()));
    if (found->empty() || now - found->front().created_at > options_.confirmation_lifetime) {
      return Fail(NotFound(Message("error.nomination.confirmation_gone")));
    }
    std::vector<audit::Entry> trail;
    for (auto& n : *found) {
      n.state = NominationState::kPending;
      n.confirm_hash.clear();
      if (auto r = repo.UpdateNomination(n); !r) return Fail(std::move(r.error()));
      trail.push_back(audit::Make(now, "representative " + n.representative_email,
                                  "nomination.confirmed", n.organisation.oid, n.staff.email, "",
                                  audit::Detail({{"reference", n.reference}})));
    }
    if (auto r = repo.Audit().AppendMany(trail); !r) return Fail(std::move(r.error()));
    if (auto r = TellReviewers(repo, *found); !r) return Fail(std::move(r.error()));
    return std::move(*found);
  });
}

Result<std::vector<Nomination>> Service::NominationQueue(const Officer& officer) {
  if (!officer.any()) return Fail(NotInRemit());
  auto pending = store_.ReadValue(
      [](Repository& repo) { return repo.NominationsInState(NominationState::kPending); });
  if (!pending) return Fail(std::move(pending.error()));
  std::vector<Nomination> out;
  for (auto& n : *pending) {
    Authorisation a;
    a.kind = registry::Kind::kProgrammeApproval;
    a.programme = n.programme;
    if (officer.scope.Covers(n.organisation, a)) out.push_back(std::move(n));
  }
  return out;
}

Result<Nomination> Service::Decide(const Officer& officer, int64_t nomination_id, bool approve,
                                   std::string_view reason) {
  std::vector<FieldError> errors;
  const std::string why = Reason(reason, errors);
  if (auto ok = Check(errors); !ok) return Fail(std::move(ok.error()));
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<Nomination> {
    auto found = repo.FindNomination(nomination_id);
    if (!found) return Fail(std::move(found.error()));
    if (!*found) return Fail(NotInRemit());
    Nomination n = std::move(**found);
    auto located = Locate(repo.Registry(), officer, n.authorisation_id);
    if (!located) return Fail(std::move(located.error()));
    if (n.state != NominationState::kPending) {
      return Fail(Conflict(Message("error.nomination.already_decided",
                                   {{"state", std::string(NominationStateCode(n.state))}})));
    }
    n.state = approve ? NominationState::kApproved : NominationState::kRejected;
    n.decided_by = officer.Actor();
    n.decided_at = now;
    n.decision_reason = why;
    if (auto r = repo.UpdateNomination(n); !r) return Fail(std::move(r.error()));
    const auto& a = located->authorisation;
    std::vector<audit::Entry> trail;
    trail.push_back(audit::Make(
        now, officer.Actor(), approve ? "nomination.approved" : "nomination.rejected", a.oid,
        n.staff.email, why, audit::Detail({{"reference", a.reference}, {"name", n.staff.name}})));
    if (approve) {
      StaffEntry s = n.staff;
      s.source = StaffSource::kNomination;
      auto added = repo.Registry().AddStaff(a.id, s);
      if (!added) return Fail(std::move(added.error()));
      if (*added) {
        trail.push_back(audit::Make(now, officer.Actor(), "staff.added", a.oid, s.email, why,
                                    audit::Detail({{"reference", a.reference},
                                                   {"name", s.name},
                                                   {"function", s.function},
                                                   {"source", "nomination"}})));
      }
    }
    if (auto r = repo.Audit().AppendMany(trail); !r) return Fail(std::move(r.error()));
    const std::string name = approve ? "nomination_approved" : "nomination_rejected";
    const std::vector<std::pair<std::string, std::string>> args = {
        {"staff_name", n.staff.name},
        {"staff_email", n.staff.email},
        {"organisation", n.organisation.name},
        {"reference", a.reference},
        {"reason", why},
        {"url", options_.public_url + "/login"}};
    if (auto r = repo.Outbox().Enqueue(
            compose_(n.lang, name, args, n.representative_email, n.representative_name));
        !r) {
      return Fail(std::move(r.error()));
    }
    if (registry::EmailKey(n.staff.email) != registry::EmailKey(n.representative_email)) {
      if (auto r = repo.Outbox().Enqueue(compose_(n.lang, name, args, n.staff.email, n.staff.name));
          !r)
        return Fail(std::move(r.error()));
    }
    return n;
  });
}

Result<std::vector<Nomination>> Service::NominationsOf(std::string_view oid) {
  return store_.ReadValue([&](Repository& repo) { return repo.NominationsOf(oid); });
}

Result<int64_t> Service::Sweep() {
  const Timestamp before = clock_.Now() - options_.upload_lifetime;
  return store_.WriteValue([&](Repository& repo) { return repo.DeleteUploadsBefore(before); });
}

}  // namespace pass::backoffice
