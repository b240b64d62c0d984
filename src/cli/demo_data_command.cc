// `pass-portal demo-data`: migrates the database and loads the demo organisations, staff, young
// people and opportunities; writes the stand-in identity provider's accounts. Running it again
// changes nothing that is already there.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "cli/commands.h"
#include "core/data_dir.h"
#include "demo/demo.h"
#include "opportunities/pipeline.h"
#include "participants/import.h"
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
  std::string out;  // write the synthetic young people here as JSONL instead of loading
};

Result<void> Load(const demo::DemoData& data, storage::Database& db, const Clock& clock,
                  int privacy_version) {
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
      auto id = repo.Save(p);
      if (!id) return Fail(std::move(id.error()));
      // The demo's young people who can sign in accepted the statement in force when they
      // registered; the others are like an imported registry and are asked at their first visit.
      if (!p.sub.empty()) {
        if (auto r = repo.SetConsent(*id, privacy_version, clock.Now(), true); !r) return r;
      }
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
      opportunities::Opportunity stored = o;
      if (stored.status == opportunities::Status::kPublished) stored.published_at = clock.Now();
      if (auto r = repo.Save(stored); !r) return Fail(std::move(r.error()));
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

// `--out FILE`: the synthetic profiles in the format of `import participants`, nothing loaded.
int WriteParticipants(const DemoOptions& options) {
  std::FILE* out = std::fopen(options.out.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "%s: cannot be written\n", options.out.c_str());
    return 2;
  }
  std::vector<char> buffer(size_t{1} << 20);
  std::setvbuf(out, buffer.data(), _IOFBF, buffer.size());
  SystemClock clock;
  const Date today = clock.Today();
  for (int i = 0; i < options.generate.participants; ++i) {
    const std::string line =
        participants::FormatImportLine(demo::SyntheticParticipant(options.generate.seed, i, today));
    std::fwrite(line.data(), 1, line.size(), out);
    std::fputc('\n', out);
  }
  const bool ok = std::ferror(out) == 0;
  if (std::fclose(out) != 0 || !ok) {
    std::fprintf(stderr, "%s: cannot be written\n", options.out.c_str());
    return 2;
  }
  std::printf("demo data: %d young people written to %s\n", options.generate.participants,
              options.out.c_str());
  return 0;
}

int Run(const DemoOptions& options, const config::Config& config) {
  if (!options.out.empty()) return WriteParticipants(options);
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());

  SystemClock clock;
  const demo::DemoData data = demo::Generate(options.generate, clock.Today());
  auto privacy_version = app::PrivacyVersion(DataDir() / "data" / "privacy.json");
  if (!privacy_version) return ReportError(privacy_version.error());
  if (auto r = Load(data, **db, clock, *privacy_version); !r) return ReportError(r.error());
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
  sub->add_option("--out", options->out,
                  "Write the synthetic young people to this JSONL file (the format of `import "
                  "participants`) and load nothing");
  sub->add_option("--users-file", options->users_file,
                  "Write the EU Login stand-in's accounts (JSON) to this file");
  commands.handlers.emplace_back(
      sub, [options](const config::Config& config) { return Run(*options, config); });
}

}  // namespace pass::cli
