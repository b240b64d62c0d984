// `pass-portal demo-data`: migrates the database and loads the demo organisations, staff, young
// people and opportunities; writes the stand-in identity provider's accounts. Running it again
// changes nothing that is already there.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/data_dir.h"
#include "demo/demo.h"
#include "storage/backoffice_repository.h"
#include "storage/migrations.h"
#include "storage/opportunity_repository.h"
#include "storage/participant_repository.h"
#include "storage/registry_repository.h"

namespace pass::cli {

namespace {

struct DemoOptions {
  demo::Options generate;
  std::string users_file;
};

Result<void> Load(const demo::DemoData& data, storage::Database& db, const Clock& clock) {
  storage::SqlRegistryStore registry(db, clock);
  auto loaded = registry.Write([&](registry::Repository& repo) -> Result<void> {
    for (const auto& o : data.organisations) {
      if (auto r = repo.SaveOrganisation(o); !r) return r;
    }
    for (const auto& a : data.authorisations) {
      auto id = repo.SaveAuthorisation(a);
      if (!id) return Fail(std::move(id.error()));
      for (const auto source : {registry::StaffSource::kImport, registry::StaffSource::kOfficer,
                                registry::StaffSource::kNomination}) {
        std::vector<registry::StaffEntry> of_source;
        for (const auto& s : a.staff) {
          if (s.source == source) of_source.push_back(s);
        }
        if (auto r = repo.ReplaceStaff(*id, source, of_source); !r) return r;
      }
    }
    return {};
  });
  if (!loaded) return loaded;

  storage::SqlBackofficeStore backoffice(db, clock);
  auto roles = backoffice.Write([&](backoffice::Repository& repo) -> Result<void> {
    for (backoffice::Role role : data.roles) {
      role.granted_at = clock.Now();
      auto inserted = repo.InsertRole(role);  // false when held already: running again is fine
      if (!inserted) return Fail(std::move(inserted.error()));
    }
    return {};
  });
  if (!roles) return roles;

  storage::SqlParticipantStore participant_store(db, clock);
  auto people = participant_store.Write([&](participants::Repository& repo) -> Result<void> {
    for (const auto& p : data.participants) {
      if (auto r = repo.Save(p); !r) return Fail(std::move(r.error()));
    }
    return {};
  });
  if (!people) return people;

  storage::SqlOpportunityStore opportunity_store(db, clock);
  return opportunity_store.Write([&](opportunities::Repository& repo) -> Result<void> {
    for (const auto& o : data.opportunities) {
      auto existing = repo.OfOrganisation(o.oid);
      if (!existing) return Fail(std::move(existing.error()));
      const bool present = std::any_of(existing->begin(), existing->end(),
                                       [&](const auto& e) { return e.title == o.title; });
      if (present) continue;
      if (auto r = repo.Save(o); !r) return Fail(std::move(r.error()));
    }
    return {};
  });
}

Result<void> WriteAccounts(const std::vector<demo::Account>& accounts, const std::string& file) {
  nlohmann::json users = nlohmann::json::array();
  for (const auto& a : accounts) {
    users.push_back({{"sub", a.sub},
                     {"email", a.email},
                     {"email_verified", true},
                     {"given_name", a.given_name},
                     {"family_name", a.family_name},
                     {"password", a.password},
                     {"assurance_level", a.assurance_level}});
  }
  const std::string temporary = file + ".tmp";
  {
    std::ofstream out(temporary);
    out << users.dump(2) << "\n";
    if (!out)
      return Fail(
          Unavailable(Message("error.file.write", {{"file", file}}), "cannot write " + temporary));
  }
  // Renamed into place, so the identity provider never reads a half-written file.
  if (std::rename(temporary.c_str(), file.c_str()) != 0) {
    return Fail(
        Unavailable(Message("error.file.write", {{"file", file}}), "cannot rename " + temporary));
  }
  return {};
}

int Run(const DemoOptions& options, const config::Config& config) {
  auto db = storage::Database::Open(config.database_url);
  if (!db) return ReportError(db.error());
  auto migrations = storage::LoadMigrations(DataDir() / "migrations");
  if (!migrations) return ReportError(migrations.error());
  if (auto m = storage::Migrate(**db, *migrations); !m) return ReportError(m.error());

  SystemClock clock;
  const demo::DemoData data = demo::Generate(options.generate, clock.Today());
  if (auto r = Load(data, **db, clock); !r) return ReportError(r.error());
  if (!options.users_file.empty()) {
    if (auto r = WriteAccounts(data.accounts, options.users_file); !r)
      return ReportError(r.error());
  }
  std::printf(
      "demo data: %zu organisations, %zu authorisations, %zu young people, %zu opportunities\n",
      data.organisations.size(), data.authorisations.size(), data.participants.size(),
      data.opportunities.size());
  std::printf("demo accounts (password: %s):\n", options.generate.password.c_str());
  for (const auto& a : data.accounts) {
    std::printf("  %-42s %s\n", a.email.c_str(), a.role.c_str());
  }
  return 0;
}

}  // namespace

void AddDemoDataCommand(CLI::App& cli, Commands& commands) {
  auto options = std::make_shared<DemoOptions>();
  auto* sub = cli.add_subcommand("demo-data",
                                 "Load demo organisations, staff, young people and opportunities");
  sub->add_option("--participants", options->generate.participants,
                  "How many synthetic young people")
      ->check(CLI::Range(0, 2'000'000));
  sub->add_option("--seed", options->generate.seed, "Seed of the synthetic profiles");
  sub->add_option("--users-file", options->users_file,
                  "Write the EU Login stand-in's accounts (JSON) to this file");
  commands.handlers.emplace_back(
      sub, [options](const config::Config& config) { return Run(*options, config); });
}

}  // namespace pass::cli
