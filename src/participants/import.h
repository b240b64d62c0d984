// The bulk import of young people from JSONL (issue 5; docs/import.md, "Young people (JSONL)"):
// one JSON object per line, checked line by line with the profile rules of profile.h, then
// across lines (a reference once, an EU Login subject for one person) and against what the store
// holds, to tell created, changed and unchanged profiles apart. Pure: no I/O, no SQL; the
// streaming, threads and writing are in storage/participant_bulk.h. ParseImportLine and
// FormatImportLine are thread-safe; an ImportPlanner is used by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "participants/participant.h"

namespace pass::participants {

// The keys a line may hold, in the documented order; the first six are required.
inline constexpr std::string_view kImportKeys[] = {
    "reference",  "sub",        "email",          "given_name",          "family_name",
    "birth_date", "residence",  "nationality",    "contact_language",    "languages",
    "skills",     "topics",     "activity_types", "destinations",        "availability",
    "experience", "motivation", "searchable",     "fewer_opportunities", "last_active",
    "placements"};
inline constexpr std::string_view kRequiredImportKeys[] = {
    "reference", "email", "given_name", "family_name", "birth_date", "residence"};

inline constexpr size_t kMaxReferenceLength = 32;
inline constexpr size_t kMaxImportLineBytes = size_t{1} << 20;  // longer lines are refused
inline constexpr int kMaxJsonDepth = 32;

// One problem with the file: the line (1-based; blank lines count), the key or list item
// ("languages[2].level"; empty for the line as a whole) and the reason.
struct ImportProblem {
  size_t line = 0;
  std::string field;
  Message reason;
  friend bool operator==(const ImportProblem&, const ImportProblem&) = default;
};

// "FILE:LINE: field: reason", the reason in the words `text` gives it (the CLI and the tests
// pass the English catalogue, falling back on ImportMessageEnglish).
std::string FormatImportProblem(std::string_view file, const ImportProblem& problem,
                                const std::function<std::string(const Message&)>& text);

// The English text of the messages only this import uses ("import.jsonl.*"), with their
// {placeholders} filled in; nullopt for any other key. Lets the CLI speak plainly while a
// catalogue lacks them.
std::optional<std::string> ImportMessageEnglish(const Message& message);

// One line on its own: the profile it describes (codes normalised: EL -> GR, UK -> GB; defaults
// of struct Participant for absent keys, last_active today), which optional keys it gave, the
// fingerprint of its content, and its problems (syntax, keys, types, dates, codes, reference,
// then CheckProfile). Age is not judged.
struct ImportLine {
  size_t line = 0;
  Participant profile;
  bool has_sub = false;
  bool has_last_active = false;
  uint64_t content_hash = 0;
  std::vector<ImportProblem> problems;
  bool ok() const { return problems.empty(); }
};

ImportLine ParseImportLine(std::string_view text, size_t line_number, Date today);

// A blank line (only spaces, tabs or a carriage return) is skipped.
bool IsBlankImportLine(std::string_view text);

// A reference: 1 to 32 characters of A-Z, a-z, 0-9 and -.
bool IsValidReference(std::string_view reference);

// The profile as one line of the import format (no line break): ParseImportLine of it gives the
// same profile back. Writes every key, `sub` only when set.
std::string FormatImportLine(const Participant& p);

// A fingerprint of what an import sets, in a canonical order (lists sorted): every field of the
// format except `sub` and `last_active`, which are compared on their own. Stable across runs
// and machines (it is stored), so a 64-bit FNV-1a, not std::hash.
uint64_t ContentHash(const Participant& p);
std::string FormatContentHash(uint64_t hash);  // 16 lower-case hex digits
std::optional<uint64_t> ParseContentHash(std::string_view text);

// What the store holds of a profile, as much as planning needs.
struct StoredProfile {
  int64_t id = 0;
  std::string sub;
  Date last_active;
  // The fingerprint stored by the last import, when no other write changed the profile since;
  // nullopt otherwise (the planner then asks for the whole stored profile).
  std::optional<uint64_t> content_hash;
};

enum class ImportOutcome { kCreated, kChanged, kUnchanged, kRejected };

// Decides, line after line, what importing does, given what the store holds. Holds every
// reference seen (about 100 bytes each).
class ImportPlanner {
 public:
  // Loads the whole stored profile of a reference, for stored fingerprints that are missing or
  // out of date.
  using LoadStored = std::function<Result<std::optional<Participant>>(const std::string&)>;

  explicit ImportPlanner(LoadStored load) : load_(std::move(load)) {}

  // Before the first line: one call per stored profile.
  void AddStored(std::string reference, StoredProfile stored);

  // Cross-line checks (a reference twice in the file; a `sub` another reference holds, in the
  // store or earlier in the file), added to line.problems; then the outcome. For a changed
  // profile, sets profile.id and keeps the stored `sub` and `last_active` where the line left
  // them out. A line with problems is kRejected. `refresh_hash` is set when the stored
  // fingerprint was out of date but the profile is unchanged (the store may record the new one).
  Result<ImportOutcome> Plan(ImportLine& line, bool& refresh_hash);

  size_t stored_count() const { return stored_.size(); }

 private:
  struct Stored {
    StoredProfile profile;
    size_t seen_line = 0;
  };
  struct Sub {
    std::string reference;
    size_t line = 0;  // 0: in the store
  };
  LoadStored load_;
  std::unordered_map<std::string, Stored> stored_;
  std::unordered_map<std::string, size_t> new_references_;  // reference -> line
  std::unordered_map<std::string, Sub> subs_;
};

}  // namespace pass::participants
