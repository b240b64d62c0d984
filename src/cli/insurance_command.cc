// `pass-portal export insurance --week YYYY-Www [--output FILE]`: the CSV of cross-border
// placements confirmed in that ISO week, for the insurer's weekly transfer (F21). Placements
// confirmed too late for the transfer before departure are marked, as the placement pages warn.
#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "exports/exports.h"
#include "mail/mail.h"
#include "offers/service.h"
#include "storage/offer_repository.h"

namespace pass::cli {

namespace {

int RunInsuranceExport(const config::Config& config, const std::string& week_text,
                       const std::string& output) {
  const auto week = offers::ParseIsoWeek(week_text);
  if (!week) {
    return ReportError(
        InvalidInput(Message("error.form.invalid"),
                     {{"--week", Message("error.cli.iso_week", {{"value", week_text}})}}));
  }
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());
  SystemClock clock;
  storage::SqlOfferStore store(**db, clock);
  // Reading only: nothing is mailed from here.
  offers::Service service(store, clock, mail::Composer{}, config.public_url);
  auto placements = service.ConfirmedInWeek(*week);
  if (!placements) return ReportError(placements.error());
  exports::Table table;
  table.header = offers::InsuranceHeader();
  for (const auto& o : *placements) table.rows.push_back(offers::InsuranceRow(o));
  const std::string csv = exports::ToCsv(table);
  if (output.empty() || output == "-") {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  } else {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    if (!out) {
      std::fprintf(stderr, "error: cannot write %s\n", output.c_str());
      return 1;
    }
  }
  std::fprintf(stderr, "%s: %zu placements\n", offers::FormatIsoWeek(*week).c_str(),
               placements->size());
  return 0;
}

}  // namespace

void AddExportCommands(CLI::App& cli, Commands& commands) {
  auto* exp = cli.add_subcommand("export", "Write the files other systems take from the portal");
  exp->require_subcommand(1);
  auto* insurance = exp->add_subcommand(
      "insurance", "The CSV of cross-border placements confirmed in one ISO week (F21)");
  auto week = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  insurance->add_option("--week", *week, "The ISO week, e.g. 2027-W09")->required();
  insurance->add_option("--output,-o", *output,
                        "Where to write the CSV (default: standard output)");
  commands.handlers.emplace_back(insurance, [week, output](const config::Config& c) {
    return RunInsuranceExport(c, *week, *output);
  });
}

}  // namespace pass::cli
