#include "storage/participant_bulk.h"

#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/participant_repository.h"

namespace pass::storage {

using participants::ImportLine;
using participants::ImportOutcome;
using participants::Participant;

namespace {

constexpr size_t kLinesPerBatch = 512;  // handed from the reader to the writer at once
constexpr size_t kQueuedBatches = 8;    // bounds the memory between the two
constexpr size_t kReadBlock = size_t{4} << 20;
constexpr size_t kProfilesPerStatement = 200;  // kProfileWidth (19) parameters each
constexpr size_t kChildRowsPerStatement = 500;

constexpr std::pair<std::string_view, std::vector<std::string> Participant::*> kCodeLists[] = {
    {"skill", &Participant::skills},
    {"topic", &Participant::topics},
    {"activity_type", &Participant::activity_types},
    {"destination", &Participant::destinations},
};

// The participants columns the import writes, in the order of the prebuilt values; the id
// first, then the columns an update sets, then those only a new profile gets.
constexpr std::string_view kProfileColumns[] = {
    "id",           "reference",       "sub",        "email",        "given_name",
    "family_name",  "birth_date",      "residence",  "nationality",  "contact_language",
    "experience",   "motivation",      "searchable", "last_active",  "updated_at",
    "content_hash", "content_hash_at", "created_at", "registered_at"};
constexpr size_t kProfileWidth = std::size(kProfileColumns);
constexpr size_t kSubColumn = 2;
constexpr size_t kLastActiveColumn = 13;
constexpr size_t kFirstUpdatedColumn = 2;  // sub ... content_hash_at are updated
constexpr size_t kLastUpdatedColumn = 16;

// The child tables, each written with the participant id as its first column.
enum ChildTable { kLanguages, kCodes, kAvailability, kPlacements, kChildTables };
struct ChildSpec {
  std::string_view table;
  std::string_view columns;
  size_t width;
};
constexpr ChildSpec kChildren[kChildTables] = {
    {"participant_languages", "participant_id, code, level", 3},
    {"participant_codes", "participant_id, kind, code", 3},
    {"participant_availability", "participant_id, available_from, available_to", 3},
    {"participant_placements", "participant_id, start_date, end_date, activity_type, cross_border",
     5},
};

// What a good line writes, as statement parameters, built on the reader thread so that the
// writer only binds them. Participant ids are 0, and sub and last_active null, until the writer
// knows them (after planning).
struct Built {
  std::vector<Value> profile;                             // kProfileWidth values
  std::array<std::vector<Value>, kChildTables> children;  // width values per row
  bool fewer_opportunities = false;
};

struct Parsed {
  ImportLine line;
  Built built;
};

// Takes the profile's texts and lists; what planning needs (reference, sub, last_active) stays.
Built Build(Participant& p, uint64_t hash, int64_t now) {
  Built b;
  b.profile.reserve(kProfileWidth);
  b.profile.emplace_back(int64_t{0});
  b.profile.emplace_back(p.reference);
  b.profile.emplace_back(nullptr);  // sub: set by the writer, after planning
  b.profile.emplace_back(std::move(p.email));
  b.profile.emplace_back(std::move(p.given_name));
  b.profile.emplace_back(std::move(p.family_name));
  b.profile.emplace_back(FormatIsoDate(p.birth_date));
  b.profile.emplace_back(std::move(p.residence));
  b.profile.emplace_back(std::move(p.nationality));
  b.profile.emplace_back(std::move(p.contact_language));
  b.profile.emplace_back(std::move(p.experience));
  b.profile.emplace_back(std::move(p.motivation));
  b.profile.emplace_back(int64_t{p.searchable});
  b.profile.emplace_back(nullptr);  // last_active: set by the writer, after planning
  b.profile.emplace_back(now);
  b.profile.emplace_back(participants::FormatContentHash(hash));
  b.profile.emplace_back(now);
  b.profile.emplace_back(now);
  b.profile.emplace_back(now);

  auto& languages = b.children[kLanguages];
  languages.reserve(p.languages.size() * 3);
  for (auto& l : p.languages) {
    languages.emplace_back(int64_t{0});
    languages.emplace_back(std::move(l.code));
    languages.emplace_back(std::string(codes::LevelCode(l.level)));
  }
  auto& code_rows = b.children[kCodes];
  for (const auto& [kind, member] : kCodeLists) {
    for (auto& code : p.*member) {
      code_rows.emplace_back(int64_t{0});
      code_rows.emplace_back(std::string(kind));
      code_rows.emplace_back(std::move(code));
    }
  }
  auto& periods = b.children[kAvailability];
  periods.reserve(p.availability.size() * 3);
  for (const auto& period : p.availability) {
    periods.emplace_back(int64_t{0});
    periods.emplace_back(FormatIsoDate(period.from));
    periods.emplace_back(FormatIsoDate(period.to));
  }
  auto& placements = b.children[kPlacements];
  for (auto& past : p.placements) {
    placements.emplace_back(int64_t{0});
    placements.emplace_back(FormatIsoDate(past.from));
    placements.emplace_back(FormatIsoDate(past.to));
    placements.emplace_back(std::move(past.activity_type));
    placements.emplace_back(int64_t{past.cross_border});
  }
  b.fewer_opportunities = p.fewer_opportunities;
  return b;
}

// Batches of parsed lines from the reader thread to the writer, at most kQueuedBatches waiting.
class LineQueue {
 public:
  // False when the consumer gave up; the reader then stops.
  bool Push(std::vector<Parsed> batch) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return cancelled_ || batches_.size() < kQueuedBatches; });
    if (cancelled_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  void Close(std::exception_ptr error = nullptr) {
    std::lock_guard lock(mu_);
    closed_ = true;
    error_ = std::move(error);
    ready_.notify_all();
  }
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    space_.notify_all();
  }
  // False at the end; rethrows what the reader threw.
  bool Pop(std::vector<Parsed>& out) {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    out = std::move(batches_.front());
    batches_.pop_front();
    space_.notify_one();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<std::vector<Parsed>> batches_;
  bool closed_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

// Splits the stream into lines (a UTF-8 byte-order mark at the start is skipped, a carriage
// return before the line feed dropped), parses the non-blank ones and queues them. A line
// longer than kMaxImportLineBytes is not kept in memory: it becomes a problem.
void ReadLines(std::istream& in, Date today, int64_t now, LineQueue& queue) {
  std::vector<Parsed> batch;
  batch.reserve(kLinesPerBatch);
  size_t line = 0;
  bool too_long = false;
  std::string carry;
  bool stopped = false;
  auto emit = [&](std::string_view text) {
    ++line;
    if (too_long) {
      ImportLine& problem = batch.emplace_back().line;
      problem.line = line;
      problem.problems.push_back(
          {line, "",
           Message("import.jsonl.too_long",
                   {{"max", std::to_string(participants::kMaxImportLineBytes)}})});
      too_long = false;
    } else {
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (participants::IsBlankImportLine(text)) return;
      Parsed& parsed = batch.emplace_back();
      parsed.line = participants::ParseImportLine(text, line, today);
      if (parsed.line.ok()) {
        parsed.built = Build(parsed.line.profile, parsed.line.content_hash, now);
      }
    }
    if (batch.size() == kLinesPerBatch) {
      if (!queue.Push(std::move(batch))) stopped = true;
      batch = {};
      batch.reserve(kLinesPerBatch);
    }
  };
  std::string block(kReadBlock, '\0');
  bool first = true;
  while (!stopped && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    std::string_view data(block.data(), got);
    if (first) {
      if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);
      first = false;
    }
    while (!stopped && !data.empty()) {
      const size_t end = data.find('\n');
      const std::string_view piece = data.substr(0, end);
      if (end == std::string_view::npos) {
        // Part of a line; the rest comes with the next block.
        if (!too_long) {
          if (carry.size() + piece.size() > participants::kMaxImportLineBytes + 1) {
            too_long = true;
            carry.clear();
            carry.shrink_to_fit();
          } else {
            carry.append(piece);
          }
        }
        break;
      }
      if (carry.empty()) {
        emit(piece);
      } else {
        if (!too_long) carry.append(piece);
        emit(carry);
        carry.clear();
      }
      data.remove_prefix(end + 1);
    }
  }
  if (in.bad()) throw std::runtime_error("reading the file failed");
  if (!stopped && (!carry.empty() || too_long)) emit(carry);
  if (!stopped && !batch.empty()) queue.Push(std::move(batch));
}

// "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)": `rows` rows of `width` parameters.
std::string MultiRowInsert(std::string_view head, size_t width, size_t rows) {
  std::string sql(head);
  sql += " VALUES ";
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t k = 0; k < width; ++k) {
      if (k > 0) sql += ", ";
      sql += '$';
      sql += std::to_string(++n);
    }
    sql += ')';
  }
  return sql;
}

// Rows for one table, kept as flat parameters and written kChildRowsPerStatement at a time, so
// that the connection's statement cache holds two shapes per table, not one per batch size.
// (storage::InsertRows would copy every value and rebuild the statement text on each call.)
class RowBuffer {
 public:
  RowBuffer(std::string head, std::string tail, size_t width)
      : head_(std::move(head)), tail_(std::move(tail)), width_(width) {
    params_.reserve(width_ * kChildRowsPerStatement);
  }

  // One row; `values` are moved from. The first value becomes `id` when it is not null.
  Result<void> Add(Connection& c, Value* values, std::optional<int64_t> id = {}) {
    for (size_t k = 0; k < width_; ++k) params_.push_back(std::move(values[k]));
    if (id) params_[params_.size() - width_] = *id;
    if (params_.size() < width_ * kChildRowsPerStatement) return {};
    return Flush(c);
  }

  Result<void> Flush(Connection& c) {
    if (params_.empty() || width_ == 0) return {};
    const size_t rows = params_.size() / width_;
    auto& sql = sql_[rows];
    if (sql.empty()) {
      sql = MultiRowInsert(head_, width_, rows);
      if (!tail_.empty()) sql += " " + tail_;
    }
    auto r = c.Execute(sql, params_);
    params_.clear();
    if (!r) return Fail(std::move(r.error()));
    return {};
  }

 private:
  std::string head_;
  std::string tail_;
  size_t width_;
  std::vector<Value> params_;
  std::map<size_t, std::string> sql_;
};

// Writes planned profiles kProfilesPerStatement at a time: one upsert for the round (new
// profiles with ids reserved beforehand, changed ones by id), the old child rows of changed
// profiles deleted, then the new child rows buffered.
class BulkWriter {
 public:
  BulkWriter(Connection& c, int64_t now) : c_(c), now_(now) {
    for (size_t t = 0; t < kChildTables; ++t) {
      children_.emplace_back("INSERT INTO " + std::string(kChildren[t].table) + " (" +
                                 std::string(kChildren[t].columns) + ")",
                             "", kChildren[t].width);
    }
  }

  // SQLite: the next ids, known since the import holds the write lock. PostgreSQL reserves
  // them from the identity sequence per round instead.
  Result<void> Begin() {
    if (c_.dialect() != Dialect::kSqlite) return {};
    auto row = c_.QueryOne(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'participants'), 0), "
        "COALESCE((SELECT MAX(id) FROM participants), 0))");
    if (!row) return Fail(std::move(row.error()));
    next_id_ = (*row)->Int(0) + 1;
    return {};
  }

  Result<void> Add(Parsed& parsed, bool created) {
    const Participant& p = parsed.line.profile;
    Built& b = parsed.built;
    b.profile[kSubColumn] = p.sub.empty() ? Value(nullptr) : Value(p.sub);
    b.profile[kLastActiveColumn] = FormatIsoDate(p.last_active);
    round_.push_back({std::move(b), created ? 0 : p.id, created, p.reference});
    if (round_.size() < kProfilesPerStatement) return {};
    return FlushRound();
  }

  Result<void> RefreshHash(int64_t id, uint64_t hash) {
    auto r = c_.Execute(
        "UPDATE participants SET content_hash = $1, content_hash_at = updated_at WHERE id = $2",
        {participants::FormatContentHash(hash), id});
    if (!r) return Fail(std::move(r.error()));
    return {};
  }

  Result<void> Finish() {
    if (auto r = FlushRound(); !r) return r;
    for (RowBuffer* rows : AllBuffers()) {
      if (auto r = rows->Flush(c_); !r) return r;
    }
    return {};
  }

 private:
  struct Pending {
    Built built;
    int64_t id = 0;
    bool created = false;
    std::string reference;
  };

  std::vector<RowBuffer*> AllBuffers() {
    std::vector<RowBuffer*> out;
    out.reserve(children_.size() + 2);
    for (auto& b : children_) out.push_back(&b);
    out.push_back(&sensitive_);
    out.push_back(&changes_);
    return out;
  }

  Result<void> AssignIds() {
    size_t wanted = 0;
    for (const Pending& e : round_) wanted += e.created ? 1 : 0;
    if (wanted == 0) return {};
    std::vector<int64_t> ids;
    ids.reserve(wanted);
    if (c_.dialect() == Dialect::kSqlite) {
      for (size_t i = 0; i < wanted; ++i) ids.push_back(next_id_++);
    } else {
      const RowCallback take = [&](const Row& row) { ids.push_back(row.Int(0)); };
      const Value count = static_cast<int64_t>(wanted);
      if (auto r = c_.ForEach("SELECT nextval(pg_get_serial_sequence('participants', 'id')) "
                              "FROM generate_series(1, $1::integer)",
                              std::span<const Value>(&count, 1), take);
          !r) {
        return r;
      }
      if (ids.size() != wanted) return Fail(Internal("participant import: ids not reserved"));
    }
    size_t next = 0;
    for (Pending& e : round_) {
      if (e.created) e.id = ids[next++];
    }
    return {};
  }

  const std::string& UpsertSql(size_t rows) {
    auto& sql = upsert_sql_[rows];
    if (!sql.empty()) return sql;
    std::string head = "INSERT INTO participants (";
    for (size_t k = 0; k < kProfileWidth; ++k) {
      if (k > 0) head += ", ";
      head += kProfileColumns[k];
    }
    head += ")";
    sql = MultiRowInsert(head, kProfileWidth, rows) + " ON CONFLICT (id) DO UPDATE SET ";
    for (size_t k = kFirstUpdatedColumn; k <= kLastUpdatedColumn; ++k) {
      if (k > kFirstUpdatedColumn) sql += ", ";
      sql += std::string(kProfileColumns[k]) + " = excluded." + std::string(kProfileColumns[k]);
    }
    return sql;
  }

  // "... WHERE participant_id IN ($1, ..., $200)": padded with 0 (no participant has it) so
  // every call has the same shape.
  Result<void> ForIds(std::string_view statement, const std::vector<int64_t>& ids) {
    if (ids.empty()) return {};
    std::string sql(statement);
    sql += " WHERE participant_id IN (";
    for (size_t i = 0; i < kProfilesPerStatement; ++i) {
      if (i > 0) sql += ", ";
      sql += "$" + std::to_string(i + 1);
    }
    sql += ")";
    std::vector<Value> params(kProfilesPerStatement, Value(int64_t{0}));
    for (size_t i = 0; i < ids.size(); ++i) params[i] = ids[i];
    auto r = c_.Execute(sql, params);
    if (!r) return Fail(std::move(r.error()));
    return {};
  }

  Result<void> FlushRound() {
    if (round_.empty()) return {};
    if (auto r = AssignIds(); !r) return r;
    upsert_params_.clear();
    upsert_params_.reserve(round_.size() * kProfileWidth);
    std::vector<int64_t> changed;
    std::vector<int64_t> not_fewer;
    for (Pending& e : round_) {
      e.built.profile[0] = e.id;
      for (Value& v : e.built.profile) upsert_params_.push_back(std::move(v));
      if (!e.created) {
        changed.push_back(e.id);
        if (!e.built.fewer_opportunities) not_fewer.push_back(e.id);
      }
    }
    if (auto r = c_.Execute(UpsertSql(round_.size()), upsert_params_); !r) {
      return Fail(std::move(r.error()));
    }
    for (const ChildSpec& child : kChildren) {
      if (auto r = ForIds("DELETE FROM " + std::string(child.table), changed); !r) return r;
    }
    if (auto r = ForIds("UPDATE participant_sensitive SET fewer_opportunities = 0", not_fewer); !r)
      return r;

    for (Pending& e : round_) {
      for (size_t t = 0; t < kChildTables; ++t) {
        auto& values = e.built.children[t];
        const size_t width = kChildren[t].width;
        for (size_t at = 0; at < values.size(); at += width) {
          if (auto r = children_[t].Add(c_, &values[at], e.id); !r) return r;
        }
      }
      if (e.built.fewer_opportunities) {
        Value row[] = {e.id, int64_t{1}};
        if (auto r = sensitive_.Add(c_, row); !r) return r;
      }
      Value change[] = {std::move(e.reference), now_};
      if (auto r = changes_.Add(c_, change); !r) return r;
    }
    round_.clear();
    return {};
  }

  Connection& c_;
  int64_t now_;
  int64_t next_id_ = 1;
  std::vector<Pending> round_;
  std::vector<Value> upsert_params_;
  std::map<size_t, std::string> upsert_sql_;
  std::vector<RowBuffer> children_;
  RowBuffer sensitive_{"INSERT INTO participant_sensitive (participant_id, fewer_opportunities)",
                       "ON CONFLICT (participant_id) DO UPDATE SET fewer_opportunities = "
                       "excluded.fewer_opportunities",
                       2};
  RowBuffer changes_{"INSERT INTO participant_changes (reference, at)", "", 2};
};

Result<void> LoadStored(Connection& c, participants::ImportPlanner& planner) {
  const RowCallback add = [&](const Row& row) {
    participants::StoredProfile stored;
    stored.id = row.Int(1);
    stored.sub = row.Text(2);
    stored.last_active = ParseIsoDate(row.Text(3)).value_or(Date{});
    if (auto hash = row.OptText(4)) stored.content_hash = participants::ParseContentHash(*hash);
    planner.AddStored(row.Text(0), std::move(stored));
  };
  return c.ForEach(
      "SELECT reference, id, sub, last_active, "
      "CASE WHEN content_hash_at = updated_at THEN content_hash END FROM participants",
      {}, add);
}

// Joins the reader thread on every way out, telling it to stop first.
class ReaderThread {
 public:
  ReaderThread(std::istream& in, Date today, int64_t now, LineQueue& queue)
      : queue_(queue), thread_([&in, today, now, &queue] {
          try {
            ReadLines(in, today, now, queue);
            queue.Close();
          } catch (...) {
            queue.Close(std::current_exception());
          }
        }) {}
  ~ReaderThread() {
    queue_.Cancel();
    thread_.join();
  }
  ReaderThread(const ReaderThread&) = delete;
  ReaderThread& operator=(const ReaderThread&) = delete;

 private:
  LineQueue& queue_;
  std::thread thread_;
};

// Rolls back on every way out but Commit().
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& c) : c_(c) {}
  ~WriteTransaction() {
    if (open_) (void)c_.Rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  Result<void> Begin() {
    auto r = c_.Begin();
    open_ = r.has_value();
    return r;
  }
  Result<void> Commit() {
    open_ = false;
    auto r = c_.Commit();
    if (!r) (void)c_.Rollback();
    return r;
  }

 private:
  Connection& c_;
  bool open_ = false;
};

// SQLite settings for the duration of the import, the connection's own restored after (it goes
// back to the pool): a larger page cache (index pages stay in memory), and no foreign key checks
// (the import inserts child rows only for the participants it has just written, in the same
// transaction; the checks cost a parent lookup per row). Durability is untouched: WAL,
// synchronous=FULL. Set outside the transaction, where SQLite honours them.
class SqliteBulkSettings {
 public:
  explicit SqliteBulkSettings(Connection& c) : c_(c) {
    if (c.dialect() != Dialect::kSqlite) return;
    auto cache = c.QueryOne("PRAGMA cache_size");
    auto keys = c.QueryOne("PRAGMA foreign_keys");
    if (!cache || !*cache || !keys || !*keys) return;
    cache_size_ = (*cache)->Int(0);
    foreign_keys_ = (*keys)->Int(0);
    active_ = c.ExecScript("PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF").has_value();
  }
  ~SqliteBulkSettings() {
    if (active_) {
      (void)c_.ExecScript("PRAGMA cache_size = " + std::to_string(cache_size_) +
                          "; PRAGMA foreign_keys = " + std::to_string(foreign_keys_));
    }
  }
  SqliteBulkSettings(const SqliteBulkSettings&) = delete;
  SqliteBulkSettings& operator=(const SqliteBulkSettings&) = delete;

 private:
  Connection& c_;
  int64_t cache_size_ = 0;
  int64_t foreign_keys_ = 1;
  bool active_ = false;
};

Result<ParticipantImportReport> Run(Connection& c, std::istream& in, const Clock& clock,
                                    const ParticipantImportOptions& options,
                                    const ProblemSink& on_problem, const ProgressSink& progress) {
  ParticipantImportReport report;
  const Timestamp now = clock.Now();
  SqliteBulkSettings settings(c);
  WriteTransaction transaction(c);
  if (!options.dry_run) {
    if (auto r = transaction.Begin(); !r) return Fail(std::move(r.error()));
  }
  SqlParticipantRepository repository(c, clock);
  participants::ImportPlanner planner([&repository](const std::string& reference) {
    return repository.FindByReference(reference);
  });
  if (auto r = LoadStored(c, planner); !r) return Fail(std::move(r.error()));
  if (c.dialect() == Dialect::kPostgres && !options.dry_run && planner.stored_count() > 0) {
    // Changed profiles lose their child rows by participant id. Right after a bulk load the
    // planner has no statistics yet and would scan whole tables for that; ANALYZE first.
    if (auto r = c.ExecScript("ANALYZE participant_languages, participant_codes, "
                              "participant_availability, participant_placements, "
                              "participant_sensitive");
        !r) {
      return Fail(std::move(r.error()));
    }
  }

  BulkWriter writer(c, UnixMillis(now));
  if (auto r = writer.Begin(); !r) return Fail(std::move(r.error()));
  bool writing = !options.dry_run;
  LineQueue queue;
  ReaderThread reader(in, DateOf(now), UnixMillis(now), queue);
  std::vector<Parsed> batch;
  size_t next_progress = options.progress_every;
  try {
    while (queue.Pop(batch)) {
      for (Parsed& parsed : batch) {
        ImportLine& line = parsed.line;
        ++report.lines;
        bool refresh = false;
        auto outcome = planner.Plan(line, refresh);
        if (!outcome) return Fail(std::move(outcome.error()));
        switch (*outcome) {
          case ImportOutcome::kRejected:
            ++report.rejected;
            report.problems += line.problems.size();
            for (const auto& p : line.problems) {
              if (on_problem) on_problem(p);
            }
            if (!options.skip_invalid) writing = false;  // all or nothing: rolled back below
            break;
          case ImportOutcome::kCreated:
          case ImportOutcome::kChanged: {
            const bool created = *outcome == ImportOutcome::kCreated;
            ++(created ? report.created : report.changed);
            if (writing) {
              if (auto r = writer.Add(parsed, created); !r) return Fail(std::move(r.error()));
            }
            break;
          }
          case ImportOutcome::kUnchanged:
            ++report.unchanged;
            if (writing && refresh) {
              if (auto r = writer.RefreshHash(line.profile.id, line.content_hash); !r)
                return Fail(std::move(r.error()));
            }
            break;
        }
        if (progress && options.progress_every > 0 && report.lines >= next_progress) {
          progress("lines", report.lines);
          next_progress += options.progress_every;
        }
      }
    }
  } catch (const std::exception& e) {
    return Fail(Unavailable(Message("import.jsonl.read", {{"detail", e.what()}}), e.what()));
  }
  if (progress) progress("lines", report.lines);
  if (!writing) return report;  // rolled back (or never begun)
  if (auto r = writer.Finish(); !r) return Fail(std::move(r.error()));
  if (auto r = transaction.Commit(); !r) return Fail(std::move(r.error()));
  report.written = true;
  if (progress) progress("written", report.created + report.changed);
  return report;
}

}  // namespace

Result<ParticipantImportReport> ImportParticipants(Database& db, std::istream& in,
                                                   const Clock& clock,
                                                   const ParticipantImportOptions& options,
                                                   const ProblemSink& on_problem,
                                                   const ProgressSink& progress) {
  auto lease = db.Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  return Run(**lease, in, clock, options, on_problem, progress);
}

}  // namespace pass::storage
