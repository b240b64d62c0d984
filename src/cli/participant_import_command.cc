// `pass-portal import participants FILE.jsonl [--dry-run] [--skip-invalid]`: loads young people
// from the registry the portal replaces, one JSON object per line (docs/import.md, "Young people
// (JSONL)"). Exit status: 0 when every line was fine, 1 when problems were reported (with
// --skip-invalid the good lines were imported all the same), 2 when the import could not run
// (the file cannot be read, the database failed).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/data_dir.h"
#include "i18n/catalogue.h"
#include "participants/import.h"
#include "storage/migrations.h"
#include "storage/participant_bulk.h"

namespace pass::cli {

namespace {

constexpr int kProblems = 1;
constexpr int kCannotRun = 2;

struct Options {
  std::string file;
  bool dry_run = false;
  bool skip_invalid = false;
};

// English, from the catalogue; the import's own messages fall back on their built-in text.
std::string English(const Message& m) {
  static const auto catalogues = i18n::Catalogues::Load(DataDir() / "locales");
  if (catalogues) {
    std::string text = catalogues->Translate("en", m);
    if (text != m.key) return text;
  }
  if (auto text = participants::ImportMessageEnglish(m)) return *text;
  return m.key;
}

int CannotRun(const Error& error) {
  std::fprintf(stderr, "pass-portal: %s\n", English(error.message).c_str());
  for (const auto& f : error.fields) {
    std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), English(f.message).c_str());
  }
  if (!error.detail.empty()) std::fprintf(stderr, "  (%s)\n", error.detail.c_str());
  return kCannotRun;
}

int Run(const Options& options, const config::Config& config) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot be read\n", options.file.c_str());
    return kCannotRun;
  }
  auto db = OpenMigrated(config);
  if (!db) return CannotRun(db.error());

  SystemClock clock;
  storage::ParticipantImportOptions import_options;
  import_options.dry_run = options.dry_run;
  import_options.skip_invalid = options.skip_invalid;
  const std::function<std::string(const Message&)> text = English;
  auto report = storage::ImportParticipants(
      **db, in, clock, import_options,
      [&](const participants::ImportProblem& p) {
        std::fprintf(stderr, "%s\n",
                     participants::FormatImportProblem(options.file, p, text).c_str());
      },
      [](std::string_view stage, size_t done) {
        std::fprintf(stderr, "%.*s: %zu\n", static_cast<int>(stage.size()), stage.data(), done);
      });
  if (!report) return CannotRun(report.error());

  const auto& r = *report;
  if (r.problems > 0) {
    std::fprintf(stderr, "%zu problem(s) on %zu line(s); %s\n", r.problems, r.rejected,
                 options.skip_invalid ? "those lines were skipped" : "nothing was imported");
    if (!options.skip_invalid && !options.dry_run) return kProblems;
  }
  std::string tail;
  if (r.rejected > 0) tail += "; " + std::to_string(r.rejected) + " rejected";
  if (options.dry_run) tail += "; nothing was written";
  std::printf("%s: %zu lines; %zu created, %zu changed, %zu unchanged%s\n",
              options.dry_run ? "dry run" : "imported", r.lines, r.created, r.changed, r.unchanged,
              tail.c_str());
  return r.problems > 0 ? kProblems : 0;
}

}  // namespace

// Adds `participants` under the `import` subcommand that AddRegistryCommands created.
void AddParticipantImportCommand(CLI::App& cli, Commands& commands) {
  auto options = std::make_shared<Options>();
  auto* import = cli.get_subcommand("import");
  auto* sub = import->add_subcommand(
      "participants", "Young people's profiles from a JSONL file (one JSON object per line)");
  sub->add_option("FILE", options->file, "UTF-8 JSONL (docs/import.md)")->required();
  sub->add_flag("--dry-run", options->dry_run, "Check and count the changes; write nothing");
  sub->add_flag("--skip-invalid", options->skip_invalid,
                "Import the good lines even when others have problems");
  commands.handlers.emplace_back(
      sub, [options](const config::Config& config) { return Run(*options, config); });
}

}  // namespace pass::cli
