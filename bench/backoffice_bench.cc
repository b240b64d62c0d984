// What the back office costs on a registry of the real portal's size (SPEC §1: about 3,600
// organisations): finding organisations within a remit and opening one, on SQLite, through the
// same service the pages use. `PASS_BENCH_POSTGRES_URL` runs the same on PostgreSQL.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "backoffice/backoffice.h"
#include "registry/import.h"
#include "storage/backoffice_repository.h"
#include "storage/migrations.h"
#include "storage/registry_repository.h"

namespace {

using namespace pass;

constexpr int kOrganisations = 3600;
const char* const kCountries[] = {"SE", "DE", "FR", "ES", "IT", "PL", "AT", "IE", "NL", "FI"};

// One quality label or EVS accreditation per organisation, every fifth also a programme
// approval, three staff on each label.
std::string RegistryCsv() {
  std::string csv =
      "programme,oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,"
      "staff_email,staff_name,staff_function\n";
  for (int i = 0; i < kOrganisations; ++i) {
    char oid[16];
    std::snprintf(oid, sizeof oid, "E%08d", 10000000 + i);
    const std::string country = kCountries[i % 10];
    const std::string name = "Organisation " + std::to_string(i) + " " + country;
    const std::string kind = i % 3 == 0 ? "evs_accreditation" : "quality_label";
    const std::string ref = "QL-" + country + "-" + std::to_string(i);
    for (int s = 0; s < 3; ++s) {
      csv += std::string(",") + oid + "," + name + "," + country + "," + kind + "," + ref +
             ",NA,2024-01-01,2099-12-31,active,staff" + std::to_string(s) + "." +
             std::to_string(i) + "@org.example,Staff " + std::to_string(s) + ",Coordinator\n";
    }
    if (i % 5 == 0) {
      csv += std::string("LIFE,") + oid + "," + name + "," + country + ",programme_approval,PA-" +
             std::to_string(i) + ",DG ENV,2024-01-01,2099-12-31,active,,,\n";
    }
  }
  return csv;
}

struct Fixture {
  Fixture() {
    const char* pg = std::getenv("PASS_BENCH_POSTGRES_URL");
    std::string url = pg != nullptr ? pg : "";
    if (url.empty()) {
      path = std::filesystem::temp_directory_path() /
             ("pass-bench-backoffice-" + std::to_string(getpid()) + ".db");
      url = "sqlite:" + path.string();
    }
    db = std::move(*storage::Database::Open(url));
    auto migrations = storage::LoadMigrations(std::string(PASS_SOURCE_DIR) + "/migrations");
    (void)storage::Migrate(*db, *migrations);
    storage::SqlRegistryStore registry(*db, clock);
    registry::Importer importer(registry, clock);
    (void)importer.Run(RegistryCsv(), "bench", "bench.csv", false);
    store = std::make_unique<storage::SqlBackofficeStore>(*db, clock);
    service = std::make_unique<backoffice::Service>(
        *store, clock,
        [](std::string_view, std::string_view,
           const std::vector<std::pair<std::string, std::string>>&, std::string to, std::string) {
          return mail::Message{std::move(to), "", "", "", "en"};
        },
        backoffice::Options{});
    admin.roles.push_back({0, backoffice::RoleKind::kAdministrator});
    admin.scope = backoffice::ScopeOf(admin.roles);
    na_se.roles.push_back({0, backoffice::RoleKind::kNaOfficer, "na@se.example", "SE"});
    na_se.scope = backoffice::ScopeOf(na_se.roles);
  }
  ~Fixture() {
    store.reset();
    db.reset();
    if (!path.empty()) std::filesystem::remove(path);
  }
  SystemClock clock;
  std::filesystem::path path;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::SqlBackofficeStore> store;
  std::unique_ptr<backoffice::Service> service;
  backoffice::Officer admin;
  backoffice::Officer na_se;
};

Fixture& TheFixture() {
  static Fixture f;
  return f;
}

// An administrator's first page: the first 200 organisations by name, with their authorisations.
void BM_SearchEverythingFirstPage(benchmark::State& state) {
  auto& f = TheFixture();
  for (auto _ : state) {
    auto r = f.service->Search(f.admin, {});
    benchmark::DoNotOptimize(r);
    state.counters["found"] = r ? static_cast<double>(r->size()) : -1;
  }
}
BENCHMARK(BM_SearchEverythingFirstPage)->Unit(benchmark::kMillisecond);

// A National Agency officer's whole remit (360 organisations, the first 200 shown).
void BM_SearchNationalAgencyRemit(benchmark::State& state) {
  auto& f = TheFixture();
  for (auto _ : state) {
    auto r = f.service->Search(f.na_se, {});
    benchmark::DoNotOptimize(r);
    state.counters["found"] = r ? static_cast<double>(r->size()) : -1;
  }
}
BENCHMARK(BM_SearchNationalAgencyRemit)->Unit(benchmark::kMillisecond);

// Looking someone up by a piece of their e-mail.
void BM_SearchByStaffEmail(benchmark::State& state) {
  auto& f = TheFixture();
  registry::OrganisationQuery q;
  q.staff_email = "staff1.1230@";
  for (auto _ : state) {
    auto r = f.service->Search(f.na_se, q);
    benchmark::DoNotOptimize(r);
    state.counters["found"] = r ? static_cast<double>(r->size()) : -1;
  }
}
BENCHMARK(BM_SearchByStaffEmail)->Unit(benchmark::kMillisecond);

// Opening one organisation: authorisations, staff, history, who signed in, nominations.
void BM_ViewOrganisation(benchmark::State& state) {
  auto& f = TheFixture();
  for (auto _ : state) {
    auto r = f.service->View(f.na_se, "E10001230");
    if (!r) state.SkipWithError("view failed");
    benchmark::DoNotOptimize(r);
    state.counters["authorisations"] =
        r ? static_cast<double>(r->record.authorisations.size()) : -1;
  }
}
BENCHMARK(BM_ViewOrganisation)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
