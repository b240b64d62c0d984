#include "cli/commands.h"

namespace pass::cli {

void AddDemoDataCommand(CLI::App& cli, Commands& commands);
void AddRegistryCommands(CLI::App& cli, Commands& commands);

void AddCommands(CLI::App& cli, Commands& commands) {
  AddDemoDataCommand(cli, commands);
  AddRegistryCommands(cli, commands);
}

int RunCommands(const Commands& commands, const config::Config& config) {
  for (const auto& [sub, run] : commands.handlers) {
    if (sub->parsed()) return run(config);
  }
  return 2;
}

}  // namespace pass::cli
