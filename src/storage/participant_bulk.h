// The bulk import of young people from JSONL on SQL (both dialects): streams the file, parses
// and checks lines on a reader thread (participants/import.h) while this thread plans and writes
// them with multi-row statements, all in one transaction. All or nothing unless skip_invalid;
// idempotent on the reference (unchanged profiles are not written). docs/import.md describes the
// rules. One call at a time per database; the calling thread blocks until done.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "participants/import.h"
#include "storage/sql.h"

namespace pass::storage {

struct ParticipantImportOptions {
  bool dry_run = false;             // check and count; write nothing
  bool skip_invalid = false;        // write the good lines even when others have problems
  size_t progress_every = 100'000;  // lines
};

struct ParticipantImportReport {
  size_t lines = 0;  // lines holding a profile (blank lines not counted)
  size_t created = 0;
  size_t changed = 0;
  size_t unchanged = 0;
  size_t rejected = 0;  // lines with at least one problem
  size_t problems = 0;
  bool written = false;  // the created and changed profiles were committed
};

using ProblemSink = std::function<void(const participants::ImportProblem&)>;
using ProgressSink = std::function<void(std::string_view stage, size_t done)>;

// Imports the profiles `in` holds into `db`. Problems with the file go to `on_problem` in line
// order as they are found, and into the counts; an Error is returned only when reading the file
// or the database fails, and then nothing is written. Created profiles get registered_at = now
// and consent_version 0; changed ones keep their account fields (consent, CV, support needs).
// Every created or changed profile appends one row to participant_changes.
Result<ParticipantImportReport> ImportParticipants(Database& db, std::istream& in,
                                                   const Clock& clock,
                                                   const ParticipantImportOptions& options,
                                                   const ProblemSink& on_problem,
                                                   const ProgressSink& progress = {});

}  // namespace pass::storage
