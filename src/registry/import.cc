#include "registry/import.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "codes/codes.h"
#include "core/csv.h"
#include "core/strings.h"

namespace pass::registry {

namespace {

constexpr size_t kColumnCount = std::size(kImportColumns);
enum Column : size_t {
  kOid,
  kOrganisationName,
  kCountry,
  kKind,
  kReference,
  kIssuer,
  kValidFrom,
  kValidTo,
  kStatus,
  kStaffEmail,
  kStaffName,
  kStaffFunction,
  kProgramme
};
constexpr size_t kMaxText = 500;
constexpr size_t kProgressEvery = 10'000;

using Row = std::array<std::string, kColumnCount>;

bool HasControlCharacters(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

class RowChecker {
 public:
  RowChecker(int line, std::vector<ImportProblem>& problems) : line_(line), problems_(problems) {}

  void Problem(size_t column, Message reason) {
    problems_.push_back({line_, kImportColumns[column], std::move(reason)});
    ok_ = false;
  }

  // A required text: present, short enough, one line.
  std::optional<std::string> Text(const Row& row, size_t column, bool required = true) {
    const std::string value(Trim(row[column]));
    if (value.empty()) {
      if (required) Problem(column, "import.problem.required");
      return required ? std::nullopt : std::optional<std::string>(value);
    }
    if (value.size() > kMaxText) {
      Problem(column, Message("import.problem.too_long", {{"max", std::to_string(kMaxText)}}));
      return std::nullopt;
    }
    if (HasControlCharacters(value)) {
      Problem(column, "import.problem.control_characters");
      return std::nullopt;
    }
    return value;
  }

  std::optional<Date> DateField(const Row& row, size_t column) {
    auto text = Text(row, column);
    if (!text) return std::nullopt;
    auto date = ParseIsoDate(*text);
    if (!date) Problem(column, Message("import.problem.date", {{"value", *text}}));
    return date;
  }

  bool ok() const { return ok_; }

 private:
  int line_;
  std::vector<ImportProblem>& problems_;
  bool ok_ = true;
};

bool SameAuthorisationFields(const Authorisation& a, const Authorisation& b) {
  return a.oid == b.oid && a.kind == b.kind && a.issuer == b.issuer && a.programme == b.programme &&
         a.valid_from == b.valid_from && a.valid_to == b.valid_to && a.status == b.status;
}

std::vector<std::string> ChangedFields(const Authorisation& now, const Authorisation& wanted) {
  std::vector<std::string> out;
  if (now.kind != wanted.kind) out.emplace_back("kind");
  if (now.issuer != wanted.issuer) out.emplace_back("issuer");
  if (now.programme != wanted.programme) out.emplace_back("programme");
  if (now.valid_from != wanted.valid_from) out.emplace_back("valid_from");
  if (now.valid_to != wanted.valid_to) out.emplace_back("valid_to");
  if (now.status != wanted.status) out.emplace_back("status");
  return out;
}

// The import-sourced staff of an authorisation, compared by e-mail key; a change of name or
// function counts as removed and added again, so both show in the audit.
void DiffStaff(const std::vector<StaffEntry>& now, const std::vector<StaffEntry>& wanted,
               std::vector<StaffEntry>& added, std::vector<StaffEntry>& removed) {
  auto same = [](const StaffEntry& a, const StaffEntry& b) {
    return EmailKey(a.email) == EmailKey(b.email) && a.name == b.name && a.function == b.function &&
           a.email == b.email;
  };
  for (const auto& w : wanted) {
    if (std::none_of(now.begin(), now.end(), [&](const auto& n) { return same(n, w); }))
      added.push_back(w);
  }
  for (const auto& n : now) {
    if (n.source != StaffSource::kImport) continue;
    if (std::none_of(wanted.begin(), wanted.end(), [&](const auto& w) { return same(n, w); }))
      removed.push_back(n);
  }
}

std::vector<StaffEntry> ImportedStaff(const Authorisation& a) {
  std::vector<StaffEntry> out;
  for (const auto& s : a.staff) {
    if (s.source == StaffSource::kImport) out.push_back(s);
  }
  return out;
}

}  // namespace

size_t ImportPlan::staff_added() const {
  size_t n = 0;
  for (const auto& a : authorisations) n += a.staff_added.size();
  return n;
}

size_t ImportPlan::staff_removed() const {
  size_t n = 0;
  for (const auto& a : authorisations) n += a.staff_removed.size();
  return n;
}

DesiredState ReadImport(std::string_view csv_text, std::vector<ImportProblem>& problems,
                        const std::function<void(size_t rows)>& progress) {
  DesiredState state;
  if (!IsValidUtf8(csv_text)) {
    problems.push_back({0, "", "import.problem.not_utf8"});
    return state;
  }
  std::array<int, kColumnCount> position{};
  position.fill(-1);
  bool have_header = false;
  size_t header_size = 0;
  std::map<std::string, int> organisation_line;  // where an OID was first described
  std::map<std::string, int> authorisation_line;
  std::map<std::string, std::set<std::string>> emails_of;  // reference -> e-mail keys

  auto read = csv::Read(csv_text, [&](csv::Record&& record) {
    if (!have_header) {
      have_header = true;
      header_size = record.fields.size();
      for (size_t i = 0; i < record.fields.size(); ++i) {
        const std::string name = AsciiLower(Trim(record.fields[i]));
        const auto it = std::find(std::begin(kImportColumns), std::end(kImportColumns), name);
        if (it == std::end(kImportColumns)) {
          problems.push_back(
              {record.line, name, Message("import.problem.unknown_column", {{"column", name}})});
          continue;
        }
        const auto column = static_cast<size_t>(it - std::begin(kImportColumns));
        if (position[column] >= 0) {
          problems.push_back({record.line, name, "import.problem.duplicate_column"});
        }
        position[column] = static_cast<int>(i);
      }
      for (size_t c = 0; c < kColumnCount; ++c) {
        if (position[c] < 0 && !IsOptionalImportColumn(kImportColumns[c]))
          problems.push_back({record.line, kImportColumns[c], "import.problem.missing_column"});
      }
      return;
    }
    ++state.rows;
    if (progress && state.rows % kProgressEvery == 0) progress(state.rows);
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (position[c] < 0 && !IsOptionalImportColumn(kImportColumns[c])) return;  // reported
    }
    if (record.fields.size() != header_size) {
      problems.push_back(
          {record.line, "",
           Message("import.problem.field_count", {{"found", std::to_string(record.fields.size())},
                                                  {"expected", std::to_string(header_size)}})});
      return;
    }
    Row row;
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (position[c] >= 0) row[c] = record.fields[static_cast<size_t>(position[c])];
    }
    RowChecker check(record.line, problems);
    Organisation organisation;
    Authorisation authorisation;
    auto oid = check.Text(row, kOid);
    if (oid && !IsValidOid(*oid))
      check.Problem(kOid, Message("import.problem.oid", {{"value", *oid}}));
    auto name = check.Text(row, kOrganisationName);
    auto country_text = check.Text(row, kCountry);
    std::optional<std::string> country;
    if (country_text) {
      country = codes::NormaliseCountry(*country_text);
      if (!country)
        check.Problem(kCountry, Message("import.problem.country", {{"value", *country_text}}));
    }
    auto kind_text = check.Text(row, kKind);
    std::optional<Kind> kind;
    if (kind_text) {
      kind = ParseKind(*kind_text);
      if (!kind) check.Problem(kKind, Message("import.problem.kind", {{"value", *kind_text}}));
    }
    auto reference = check.Text(row, kReference);
    auto issuer = check.Text(row, kIssuer);
    auto valid_from = check.DateField(row, kValidFrom);
    auto valid_to = check.DateField(row, kValidTo);
    if (valid_from && valid_to &&
        std::chrono::sys_days(*valid_to) < std::chrono::sys_days(*valid_from)) {
      check.Problem(kValidTo, "import.problem.ends_before_start");
    }
    auto status_text = check.Text(row, kStatus);
    std::optional<Status> status;
    if (status_text) {
      status = ParseStatus(*status_text);
      if (!status)
        check.Problem(kStatus, Message("import.problem.status", {{"value", *status_text}}));
    }
    auto email = check.Text(row, kStaffEmail, false);
    auto staff_name = check.Text(row, kStaffName, false);
    auto function = check.Text(row, kStaffFunction, false);
    const bool has_staff = (email && !email->empty()) || (staff_name && !staff_name->empty()) ||
                           (function && !function->empty());
    if (has_staff) {
      if (!email || email->empty()) {
        check.Problem(kStaffEmail, "import.problem.staff_email_required");
      } else if (!LooksLikeEmail(*email)) {
        check.Problem(kStaffEmail, Message("import.problem.email", {{"value", *email}}));
      }
      if (!staff_name || staff_name->empty())
        check.Problem(kStaffName, "import.problem.staff_name_required");
      if (kind == Kind::kProgrammeApproval)
        check.Problem(kStaffEmail, "import.problem.programme_staff");
    }
    auto programme_text = check.Text(row, kProgramme, false);
    std::string programme;
    if (programme_text && !programme_text->empty()) {
      if (auto code = NormaliseProgramme(*programme_text)) {
        programme = *code;
      } else {
        check.Problem(kProgramme,
                      Message("import.problem.programme", {{"value", *programme_text}}));
      }
      if (kind && kind != Kind::kProgrammeApproval)
        check.Problem(kProgramme, "import.problem.programme_only_for_approvals");
    } else if (programme_text && kind == Kind::kProgrammeApproval) {
      check.Problem(kProgramme, "import.problem.programme_required");
    }
    if (!check.ok()) return;

    organisation = {*oid, *name, *country};
    auto [org_it, org_new] = state.organisations.try_emplace(*oid, organisation);
    if (org_new) {
      organisation_line[*oid] = record.line;
    } else if (org_it->second.name != organisation.name ||
               org_it->second.country != organisation.country) {
      problems.push_back(
          {record.line, org_it->second.name != organisation.name ? "organisation_name" : "country",
           Message("import.problem.organisation_differs",
                   {{"oid", *oid}, {"line", std::to_string(organisation_line[*oid])}})});
      return;
    }
    authorisation.reference = *reference;
    authorisation.oid = *oid;
    authorisation.kind = *kind;
    authorisation.issuer = *issuer;
    authorisation.valid_from = *valid_from;
    authorisation.valid_to = *valid_to;
    authorisation.status = *status;
    authorisation.programme = programme;
    auto [auth_it, auth_new] = state.authorisations.try_emplace(*reference, authorisation);
    if (auth_new) {
      authorisation_line[*reference] = record.line;
      state.lines[*reference] = record.line;
    } else if (!SameAuthorisationFields(auth_it->second, authorisation)) {
      problems.push_back({record.line, "reference",
                          Message("import.problem.authorisation_differs",
                                  {{"reference", *reference},
                                   {"line", std::to_string(authorisation_line[*reference])}})});
      return;
    }
    if (has_staff) {
      if (!emails_of[*reference].insert(EmailKey(*email)).second) {
        problems.push_back({record.line, "staff_email",
                            Message("import.problem.duplicate_staff",
                                    {{"value", *email}, {"reference", *reference}})});
        return;
      }
      auth_it->second.staff.push_back(
          {*email, *staff_name, function.value_or(""), StaffSource::kImport});
    }
  });
  if (!read) {
    const std::string* line = read.error().message.Arg("line");
    problems.push_back(
        {line ? static_cast<int>(ParseInt(*line).value_or(0)) : 0, "", read.error().message});
  }
  if (!have_header) problems.push_back({0, "", "import.problem.empty_file"});
  return state;
}

Result<ImportResult> Importer::Run(
    std::string_view csv_text, const std::string& actor, const std::string& source_name,
    bool dry_run, const std::function<void(std::string_view stage, size_t done)>& progress,
    const ImportScope& scope) {
  ImportResult result;
  DesiredState desired = ReadImport(csv_text, result.problems, [&](size_t rows) {
    if (progress) progress("read", rows);
  });
  result.plan.rows = desired.rows;
  // Rows with problems are out already; the others are still planned (reading only), so that
  // what only the registry can tell (a reference of another organisation, a row outside the
  // importer's remit) is reported in the same run.
  const bool read_only = dry_run || !result.problems.empty();

  const Timestamp now = clock_.Now();
  const std::string reason = "import " + source_name;
  // Plan and apply inside one unit of work, so the plan is made against the state it changes.
  auto plan_and_apply = [&](Repository& repo) -> Result<void> {
    ImportPlan& plan = result.plan;
    size_t checked = 0;
    std::map<std::string, Organisation> existing;  // the file's organisations as they are now
    for (const auto& [oid, wanted] : desired.organisations) {
      auto current = repo.FindOrganisation(oid);
      if (!current) return Fail(std::move(current.error()));
      if (!*current) {
        plan.organisations.push_back({wanted, true});
      } else {
        existing.emplace(oid, **current);
        if (**current != wanted) plan.organisations.push_back({wanted, false});
      }
    }
    for (const auto& [reference, wanted] : desired.authorisations) {
      if (progress && ++checked % kProgressEvery == 0) progress("check", checked);
      auto current = repo.FindAuthorisation(reference);
      if (!current) return Fail(std::move(current.error()));
      if (scope) {
        // Both what the file asks for and what it would change must be the importer's to touch:
        // the authorisation under its organisation as the file has it and as it is now (a file
        // must not move an organisation into the remit from another country), and an existing
        // authorisation under its current holder.
        bool allowed = scope(desired.organisations.at(wanted.oid), wanted);
        if (allowed) {
          const auto now_org = existing.find(wanted.oid);
          allowed = now_org == existing.end() || scope(now_org->second, wanted);
        }
        if (allowed && *current) {
          auto holder = repo.FindOrganisation((*current)->oid);
          if (!holder) return Fail(std::move(holder.error()));
          allowed = *holder && scope(**holder, **current);
        }
        if (!allowed) {
          result.problems.push_back({desired.lines[reference], "reference",
                                     Message("import.problem.outside_remit",
                                             {{"reference", reference}, {"oid", wanted.oid}})});
          continue;
        }
      }
      ImportPlan::AuthorisationChange change;
      change.authorisation = wanted;
      if (!*current) {
        change.created = true;
        change.staff_added = wanted.staff;
      } else {
        if ((*current)->oid != wanted.oid) {
          result.problems.push_back(
              {desired.lines[reference], "reference",
               Message("import.problem.reference_elsewhere",
                       {{"reference", reference}, {"oid", (*current)->oid}})});
          continue;
        }
        change.existing_id = (*current)->id;
        change.changed_fields = ChangedFields(**current, wanted);
        DiffStaff(ImportedStaff(**current), wanted.staff, change.staff_added, change.staff_removed);
        if (change.changed_fields.empty() && change.staff_added.empty() &&
            change.staff_removed.empty()) {
          ++plan.unchanged_authorisations;
          continue;
        }
      }
      plan.authorisations.push_back(std::move(change));
    }
    if (!result.problems.empty() || dry_run || plan.empty()) return {};

    size_t written = 0;
    std::vector<audit::Entry> trail;  // written in batches: one round trip per hundred entries
    for (const auto& change : plan.organisations) {
      if (auto r = repo.SaveOrganisation(change.organisation); !r) return r;
      const auto& o = change.organisation;
      trail.push_back(audit::Make(
          now, actor, change.created ? "organisation.created" : "organisation.changed", o.oid,
          o.oid, reason, audit::Detail({{"name", o.name}, {"country", o.country}})));
    }
    for (const auto& change : plan.authorisations) {
      if (progress && ++written % kProgressEvery == 0) progress("write", written);
      if (trail.size() >= 5000) {  // bounded memory on large files
        if (auto r = repo.Audit().AppendMany(trail); !r) return r;
        trail.clear();
      }
      const Authorisation& a = change.authorisation;
      auto id = repo.SaveAuthorisation(a);
      if (!id) return Fail(std::move(id.error()));
      if (change.created || !change.staff_added.empty() || !change.staff_removed.empty()) {
        if (auto r = repo.ReplaceStaff(*id, StaffSource::kImport, a.staff); !r) return r;
      }
      if (change.created || !change.changed_fields.empty()) {
        trail.push_back(audit::Make(
            now, actor, change.created ? "authorisation.created" : "authorisation.changed", a.oid,
            a.reference, reason,
            audit::Detail({{"kind", KindCode(a.kind)},
                           {"issuer", a.issuer},
                           {"programme", a.programme},
                           {"valid_from", FormatIsoDate(a.valid_from)},
                           {"valid_to", FormatIsoDate(a.valid_to)},
                           {"status", StatusCode(a.status)}},
                          "changed", change.changed_fields)));
      }
      for (const auto& s : change.staff_added) {
        trail.push_back(audit::Make(
            now, actor, "staff.added", a.oid, s.email, reason,
            audit::Detail(
                {{"reference", a.reference}, {"name", s.name}, {"function", s.function}})));
      }
      for (const auto& s : change.staff_removed) {
        trail.push_back(audit::Make(now, actor, "staff.removed", a.oid, s.email, reason,
                                    audit::Detail({{"reference", a.reference}, {"name", s.name}})));
      }
    }
    if (auto r = repo.Audit().AppendMany(trail); !r) return r;
    result.written = true;
    return {};
  };
  // A dry run only reads; a real one writes, and any failure rolls the whole file back.
  auto outcome = read_only ? store_.Read(plan_and_apply) : store_.Write(plan_and_apply);
  if (!outcome) return Fail(std::move(outcome.error()));
  if (!result.problems.empty()) result.written = false;
  return result;
}

Result<Authorisation> ChangeStatus(Store& store, const Clock& clock, const std::string& reference,
                                   Status status, const std::string& reason,
                                   const std::string& actor) {
  if (Trim(reason).empty()) {
    return Fail(InvalidInput(Message("error.status.reason_required"),
                             {{"reason", "error.status.reason_required"}}));
  }
  Authorisation changed;
  auto r = store.Write([&](Repository& repo) -> Result<void> {
    auto found = repo.FindAuthorisation(reference);
    if (!found) return Fail(std::move(found.error()));
    if (!*found)
      return Fail(NotFound(Message("error.authorisation.not_found", {{"reference", reference}})));
    changed = **found;
    if (changed.status == status) {
      return Fail(Conflict(
          Message("error.status.unchanged",
                  {{"reference", reference}, {"status", std::string(StatusCode(status))}})));
    }
    const Status before = changed.status;
    changed.status = status;
    changed.status_reason = std::string(Trim(reason));
    auto saved = repo.SaveAuthorisation(changed);
    if (!saved) return Fail(std::move(saved.error()));
    const char* action = status == Status::kSuspended ? "authorisation.suspended"
                         : status == Status::kRevoked ? "authorisation.revoked"
                                                      : "authorisation.reinstated";
    return repo.Audit().Append(
        audit::Make(clock.Now(), actor, action, changed.oid, reference, changed.status_reason,
                    audit::Detail({{"from", StatusCode(before)}, {"to", StatusCode(status)}})));
  });
  if (!r) return Fail(std::move(r.error()));
  return changed;
}

}  // namespace pass::registry
