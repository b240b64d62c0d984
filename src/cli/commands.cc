#include "cli/commands.h"

#include <pwd.h>
#include <unistd.h>

#include "core/data_dir.h"
#include "storage/migrations.h"

namespace pass::cli {

void AddDemoDataCommand(CLI::App& cli, Commands& commands);
void AddRegistryCommands(CLI::App& cli, Commands& commands);
void AddParticipantImportCommand(CLI::App& cli, Commands& commands);
void AddRoleCommands(CLI::App& cli, Commands& commands);
void AddReindexCommand(CLI::App& cli, Commands& commands);
void AddExportCommands(CLI::App& cli, Commands& commands);

void AddCommands(CLI::App& cli, Commands& commands) {
  AddDemoDataCommand(cli, commands);
  AddRegistryCommands(cli, commands);
  AddParticipantImportCommand(cli, commands);  // under `import`, so after the registry's
  AddRoleCommands(cli, commands);
  AddReindexCommand(cli, commands);
  AddExportCommands(cli, commands);
}

int RunCommands(const Commands& commands, const config::Config& config) {
  for (const auto& [sub, run] : commands.handlers) {
    if (sub->parsed()) return run(config);
  }
  return 2;
}

Result<std::unique_ptr<storage::Database>> OpenMigrated(const config::Config& config) {
  auto db = storage::Database::Open(config.database_url);
  if (!db) return Fail(std::move(db.error()));
  auto migrations = storage::LoadMigrations(DataDir() / "migrations");
  if (!migrations) return Fail(std::move(migrations.error()));
  if (auto m = storage::Migrate(**db, *migrations); !m) return Fail(std::move(m.error()));
  return db;
}

std::string Operator() {
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return std::string("cli:") + pw->pw_name;
  }
  return "cli:uid" + std::to_string(getuid());
}

}  // namespace pass::cli
