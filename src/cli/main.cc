// pass-portal: the portal's one executable. `serve` runs the web server; the other subcommands
// are the operator's tools (migrate, import, demo data, ...). Every subcommand reads the same
// configuration (PASS_* variables, or --config FILE).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.h"
#include "cli/commands.h"
#include "config/config.h"
#include "core/data_dir.h"
#include "core/log.h"
#include "http/server.h"
#include "i18n/catalogue.h"
#include "storage/migrations.h"

namespace pass::cli {

namespace {

int Serve(const config::Config& config) {
  auto app = app::App::Create(config, DataDir());
  if (!app) return ReportError(app.error());
  http::ServerOptions options;
  options.address = config.listen_address;
  options.port = config.listen_port;
  options.threads = config.threads;
  options.handle_signals = true;
  http::Server server(options, (*app)->handler());
  if (auto listening = server.Listen(); !listening) return ReportError(listening.error());
  std::fprintf(stderr, "PASS portal listening on %s (public URL %s)\n",
               (config.listen_address + ":" + std::to_string(server.port())).c_str(),
               config.public_url.c_str());
  server.Run();
  return 0;
}

int MigrateCommand(const config::Config& config) {
  auto db = storage::Database::Open(config.database_url);
  if (!db) return ReportError(db.error());
  auto migrations = storage::LoadMigrations(DataDir() / "migrations");
  if (!migrations) return ReportError(migrations.error());
  auto report = storage::Migrate(**db, *migrations);
  if (!report) return ReportError(report.error());
  for (const auto& m : report->applied) std::printf("applied %04d_%s\n", m.version, m.name.c_str());
  std::printf("schema version %d\n", report->current_version);
  return 0;
}

}  // namespace

int ReportError(const Error& error) {
  static const auto catalogues = i18n::Catalogues::Load(DataDir() / "locales");
  auto text = [&](const Message& m) { return catalogues ? catalogues->Translate("en", m) : m.key; };
  std::fprintf(stderr, "pass-portal: %s\n", text(error.message).c_str());
  for (const auto& f : error.fields) {
    std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), text(f.message).c_str());
  }
  if (!error.detail.empty()) std::fprintf(stderr, "  (%s)\n", error.detail.c_str());
  return 1;
}

int Main(int argc, char** argv) {
  CLI::App cli{"PASS, the organisation portal of the European Solidarity Corps"};
  cli.require_subcommand(1);
  std::string config_file;
  cli.add_option("--config", config_file, "TOML file with configuration keys (PASS_CONFIG)");

  auto* serve = cli.add_subcommand("serve", "Run the portal's web server");
  auto* migrate = cli.add_subcommand("migrate", "Bring the database schema up to date");
  auto* version = cli.add_subcommand("version", "Print the version");
  Commands commands;
  AddCommands(cli, commands);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (version->parsed()) {
    std::printf("pass-portal %s\n", PASS_VERSION);
    return 0;
  }
  std::optional<std::string> file;
  if (!config_file.empty()) {
    file = config_file;
  } else if (const char* env = std::getenv("PASS_CONFIG"); env != nullptr && *env != '\0') {
    file = env;
  }
  auto config = config::Load(config::ProcessEnvironment(), file);
  if (!config) return ReportError(config.error());
  if (serve->parsed()) return Serve(*config);
  if (migrate->parsed()) return MigrateCommand(*config);
  return RunCommands(commands, *config);
}

}  // namespace pass::cli

int main(int argc, char** argv) { return pass::cli::Main(argc, argv); }
