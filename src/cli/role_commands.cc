// `pass-portal role grant|revoke EMAIL ROLE [--country XX] [--programme CODE]`: officer roles
// from the command line, for the first administrators and for scripted changes. The role binds
// to whoever signs in with that e-mail (verified), at their next request.
#include <cstdio>

#include "backoffice/backoffice.h"
#include "cli/commands.h"
#include "core/data_dir.h"
#include "i18n/catalogue.h"
#include "mail/mail.h"
#include "storage/backoffice_repository.h"
#include "storage/migrations.h"

namespace pass::cli {

namespace {

struct RoleOptions {
  bool grant = true;
  std::string email;
  std::string role;
  std::string country;
  std::string programme;
};

int RunRole(const RoleOptions& options, const config::Config& config) {
  auto catalogues = i18n::Catalogues::Load(DataDir() / "locales");
  if (!catalogues) return ReportError(catalogues.error());
  auto role = backoffice::MakeRole(options.email, options.role, options.country, options.programme);
  if (!role) {
    for (const auto& f : role.error().fields) {
      std::fprintf(stderr, "%s: %s\n", f.field.c_str(),
                   catalogues->Translate("en", f.message).c_str());
    }
    return 2;
  }
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());
  SystemClock clock;
  storage::SqlBackofficeStore store(**db, clock);
  const i18n::Catalogues& texts = *catalogues;
  backoffice::Service service(
      store, clock,
      [&texts](std::string_view lang, std::string_view name,
               const std::vector<std::pair<std::string, std::string>>& args, std::string to,
               std::string to_name) {
        return mail::Compose(texts, lang, name, args, std::move(to), std::move(to_name));
      },
      {.admin_emails = config.admin_emails, .public_url = config.public_url});
  auto done =
      options.grant ? service.GrantRole(Operator(), *role) : service.RevokeRole(Operator(), *role);
  if (!done) {
    std::fprintf(stderr, "%s\n", catalogues->Translate("en", done.error().message).c_str());
    return done.error().code == ErrorCode::kNotFound || done.error().code == ErrorCode::kConflict
               ? 1
               : 2;
  }
  std::string remit = done->country.empty() ? done->programme : done->country;
  std::printf("%s %s %s%s%s\n", options.grant ? "granted" : "revoked", done->email.c_str(),
              std::string(backoffice::RoleCode(done->kind)).c_str(), remit.empty() ? "" : " ",
              remit.c_str());
  return 0;
}

}  // namespace

void AddRoleCommands(CLI::App& cli, Commands& commands) {
  auto* role = cli.add_subcommand("role", "Grant or revoke an officer role");
  role->require_subcommand(1);
  for (const bool grant : {true, false}) {
    auto options = std::make_shared<RoleOptions>();
    options->grant = grant;
    auto* sub = role->add_subcommand(
        grant ? "grant" : "revoke",
        grant ? "Give a role to whoever signs in with EMAIL" : "Take a role away");
    sub->add_option("EMAIL", options->email, "The EU Login e-mail the role binds to")->required();
    sub->add_option("ROLE", options->role, "administrator, na_officer, eacea_officer or dg_officer")
        ->required();
    sub->add_option("--country", options->country, "National Agency officers: the country (SE)");
    sub->add_option("--programme", options->programme, "DG officers: the programme code (LIFE)");
    commands.handlers.emplace_back(
        sub, [options](const config::Config& config) { return RunRole(*options, config); });
  }
}

}  // namespace pass::cli
