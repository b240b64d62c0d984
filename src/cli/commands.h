// The operator subcommands beyond serve and migrate (demo data, imports, ...), each in its own
// file, registered on the command line here.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "config/config.h"
#include "core/error.h"
#include "storage/sql.h"

namespace pass::cli {

struct Commands {
  // A subcommand and what it runs when it was the one given.
  std::vector<std::pair<CLI::App*, std::function<int(const config::Config&)>>> handlers;
};

void AddCommands(CLI::App& cli, Commands& commands);
int RunCommands(const Commands& commands, const config::Config& config);

// Prints an error (in English) with its field errors on stderr; returns exit status 1.
int ReportError(const Error& error);

// The configured database, with every migration applied.
Result<std::unique_ptr<storage::Database>> OpenMigrated(const config::Config& config);

// Who runs the command, for the audit log: "cli:<user name>".
std::string Operator();

}  // namespace pass::cli
