// `pass-portal reindex`: builds the candidate search index from the database as a portal node
// does at start, and reports how many profiles it holds, how long the build took and the memory
// it uses. The index lives in each node's memory, so this changes nothing: it is the operator's
// check that a start will succeed and how long it will take (issue 7: at most 60 s for 1M).
#include <cstdio>

#include "cli/commands.h"
#include "core/data_dir.h"
#include "search/follower.h"
#include "search/index.h"
#include "storage/migrations.h"
#include "storage/search_source.h"

namespace pass::cli {

namespace {

int RunReindex(const config::Config& config) {
  auto db = OpenMigrated(config);
  if (!db) return ReportError(db.error());
  SystemClock clock;
  search::Index index;
  storage::SqlSearchSource source(**db, clock);
  search::Follower follower(index, source, clock, {});
  auto loaded = follower.Load();
  if (!loaded) return ReportError(loaded.error());
  std::printf("indexed: %zu profiles in %.1f s; %.1f MiB (%.0f bytes a profile)\n",
              loaded->profiles, static_cast<double>(loaded->took.count()) / 1000.0,
              static_cast<double>(loaded->memory_bytes) / (1024.0 * 1024.0),
              loaded->profiles == 0 ? 0.0
                                    : static_cast<double>(loaded->memory_bytes) /
                                          static_cast<double>(loaded->profiles));
  return 0;
}

}  // namespace

void AddReindexCommand(CLI::App& cli, Commands& commands) {
  auto* sub = cli.add_subcommand(
      "reindex", "Build the candidate search index from the database and report its size");
  commands.handlers.emplace_back(sub, [](const config::Config& c) { return RunReindex(c); });
}

}  // namespace pass::cli
