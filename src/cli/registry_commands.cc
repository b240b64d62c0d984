// `pass-portal import authorisations FILE.csv [--dry-run]` and
// `pass-portal authorisation suspend|revoke|reinstate REFERENCE --reason TEXT`: the operators'
// way to load and correct the access registry (docs/import.md).
#include <cstdio>
#include <fstream>
#include <sstream>
#include <tuple>

#include "cli/commands.h"
#include "core/data_dir.h"
#include "i18n/catalogue.h"
#include "registry/import.h"
#include "storage/migrations.h"
#include "storage/registry_repository.h"

namespace pass::cli {

namespace {

const i18n::Catalogues* English() {
  static const auto catalogues = i18n::Catalogues::Load(DataDir() / "locales");
  return catalogues ? &*catalogues : nullptr;
}

std::string Text(const Message& m) { return English() ? English()->Translate("en", m) : m.key; }

struct ImportOptions {
  std::string file;
  bool dry_run = false;
};

void PrintPlan(const registry::ImportPlan& plan) {
  for (const auto& o : plan.organisations) {
    std::printf("%s organisation %s %s (%s)\n", o.created ? "create" : "update",
                o.organisation.oid.c_str(), o.organisation.name.c_str(),
                o.organisation.country.c_str());
  }
  for (const auto& a : plan.authorisations) {
    const auto& auth = a.authorisation;
    if (a.created) {
      std::printf("create %s %s for %s\n", std::string(registry::KindCode(auth.kind)).c_str(),
                  auth.reference.c_str(), auth.oid.c_str());
    } else if (!a.changed_fields.empty()) {
      std::string fields;
      for (const auto& f : a.changed_fields) fields += (fields.empty() ? "" : ", ") + f;
      std::printf("update %s (%s)\n", auth.reference.c_str(), fields.c_str());
    }
    for (const auto& s : a.staff_added)
      std::printf("  add staff %s to %s\n", s.email.c_str(), auth.reference.c_str());
    for (const auto& s : a.staff_removed) {
      std::printf("  remove staff %s from %s\n", s.email.c_str(), auth.reference.c_str());
    }
  }
}

int RunImport(const ImportOptions& options, const config::Config& config) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot be read\n", options.file.c_str());
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());
  SystemClock clock;
  storage::SqlRegistryStore store(**db, clock);
  registry::Importer importer(store, clock);
  auto result = importer.Run(text.str(), Operator(), options.file, options.dry_run,
                             [](std::string_view stage, size_t done) {
                               std::fprintf(stderr, "%.*s: %zu\n", static_cast<int>(stage.size()),
                                            stage.data(), done);
                             });
  if (!result) return ReportError(result.error());
  if (!result->problems.empty()) {
    for (const auto& p : result->problems) {
      std::fprintf(stderr, "%s:%d: %s%s%s\n", options.file.c_str(), p.line, p.column.c_str(),
                   p.column.empty() ? "" : ": ", Text(p.reason).c_str());
    }
    std::fprintf(stderr, "%zu problem(s); nothing was imported\n", result->problems.size());
    return 1;
  }
  const auto& plan = result->plan;
  if (options.dry_run) PrintPlan(plan);
  size_t created = 0;
  size_t changed = 0;
  for (const auto& a : plan.authorisations) (a.created ? created : changed) += 1;
  std::printf(
      "%s: %zu rows; %zu authorisations created, %zu changed, %zu unchanged; %zu staff added, %zu "
      "removed%s\n",
      options.dry_run ? "dry run" : "imported", plan.rows, created, changed,
      plan.unchanged_authorisations, plan.staff_added(), plan.staff_removed(),
      options.dry_run ? "; nothing was written" : "");
  return 0;
}

struct StatusOptions {
  std::string reference;
  std::string reason;
  registry::Status status = registry::Status::kActive;
};

int RunStatus(const StatusOptions& options, const config::Config& config) {
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());
  SystemClock clock;
  storage::SqlRegistryStore store(**db, clock);
  auto changed = registry::ChangeStatus(store, clock, options.reference, options.status,
                                        options.reason, Operator());
  if (!changed) return ReportError(changed.error());
  std::printf("%s is now %s\n", changed->reference.c_str(),
              std::string(registry::StatusCode(changed->status)).c_str());
  return 0;
}

}  // namespace

void AddRegistryCommands(CLI::App& cli, Commands& commands) {
  auto* import = cli.add_subcommand("import", "Import data from a file");
  import->require_subcommand(1);
  auto import_options = std::make_shared<ImportOptions>();
  auto* authorisations = import->add_subcommand(
      "authorisations", "Organisations, authorisations and staff lists from a CSV file");
  authorisations
      ->add_option("FILE", import_options->file, "UTF-8 CSV with a header row (docs/import.md)")
      ->required();
  authorisations->add_flag("--dry-run", import_options->dry_run,
                           "Check and show the changes; write nothing");
  commands.handlers.emplace_back(authorisations, [import_options](const config::Config& config) {
    return RunImport(*import_options, config);
  });

  auto* authorisation =
      cli.add_subcommand("authorisation", "Suspend, revoke or reinstate an authorisation");
  authorisation->require_subcommand(1);
  for (const auto& [name, status, help] :
       {std::tuple{"suspend", registry::Status::kSuspended,
                   "Suspend: its staff lose access until reinstated"},
        std::tuple{"revoke", registry::Status::kRevoked, "Revoke: its staff lose access"},
        std::tuple{"reinstate", registry::Status::kActive, "Make it active again"}}) {
    auto options = std::make_shared<StatusOptions>();
    options->status = status;
    auto* sub = authorisation->add_subcommand(name, help);
    sub->add_option("REFERENCE", options->reference, "The authorisation's reference")->required();
    sub->add_option("--reason", options->reason, "Why (kept in the audit log)")->required();
    commands.handlers.emplace_back(
        sub, [options](const config::Config& config) { return RunStatus(*options, config); });
  }
}

}  // namespace pass::cli
