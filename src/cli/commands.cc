#include "cli/commands.h"

#include <pwd.h>
#include <unistd.h>

namespace pass::cli {

void AddDemoDataCommand(CLI::App& cli, Commands& commands);
void AddRegistryCommands(CLI::App& cli, Commands& commands);
void AddParticipantImportCommand(CLI::App& cli, Commands& commands);
void AddRoleCommands(CLI::App& cli, Commands& commands);

void AddCommands(CLI::App& cli, Commands& commands) {
  AddDemoDataCommand(cli, commands);
  AddRegistryCommands(cli, commands);
  AddParticipantImportCommand(cli, commands);  // under `import`, so after the registry's
  AddRoleCommands(cli, commands);
}

int RunCommands(const Commands& commands, const config::Config& config) {
  for (const auto& [sub, run] : commands.handlers) {
    if (sub->parsed()) return run(config);
  }
  return 2;
}

std::string Operator() {
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return std::string("cli:") + pw->pw_name;
  }
  return "cli:uid" + std::to_string(getuid());
}

}  // namespace pass::cli
