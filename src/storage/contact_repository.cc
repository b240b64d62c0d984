#include "storage/contact_repository.h"

#include <nlohmann/json.hpp>

namespace pass::storage {

using contact::Post;
using contact::Side;
using contact::Thread;

namespace {

// A notice's arguments as [[name, value], ...], keeping their order.
std::string ArgsJson(const Message& m) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : m.args) out.push_back({name, value});
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Message NoticeOf(std::string key, const std::string& args) {
  Message m(std::move(key));
  const auto parsed = nlohmann::json::parse(args, nullptr, false);
  if (!parsed.is_array()) return m;
  for (const auto& pair : parsed) {
    if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
      m.args.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return m;
}

// Posts of the other side and notices after the reader's mark, over the threads aliased t.
constexpr std::string_view kUnread =
    "m.author <> $1 AND m.id > COALESCE((SELECT r.post_id FROM contact_reads r WHERE "
    "r.thread_id = t.id AND r.reader = $1), 0)";

}  // namespace

Result<std::vector<Thread>> SqlContactRepository::LoadThreads(std::string_view where,
                                                              std::span<const Value> params,
                                                              Side reader) {
  const std::string sql =
      "SELECT t.id, t.oid, g.name, t.participant_id, p.reference, p.given_name, p.family_name, "
      "p.email, p.contact_language, t.opportunity_id, o.title, t.shared, CASE WHEN EXISTS "
      "(SELECT 1 FROM contact_blocks b WHERE b.participant_id = t.participant_id AND b.oid = "
      "t.oid) THEN 1 ELSE 0 END, t.created_at, t.last_post_at, (SELECT COUNT(*) FROM "
      "contact_posts m WHERE m.thread_id = t.id AND " +
      std::string(kUnread) +
      ") FROM contact_threads t JOIN participants p ON p.id = t.participant_id JOIN "
      "opportunities o ON o.id = t.opportunity_id JOIN organisations g ON g.oid = t.oid WHERE " +
      std::string(where) + " ORDER BY t.last_post_at DESC, t.id DESC";
  std::vector<Value> all = {std::string(contact::SideCode(reader))};
  all.insert(all.end(), params.begin(), params.end());
  std::vector<Thread> out;
  const RowCallback collect = [&out](const Row& r) {
    Thread t;
    t.id = r.Int(0);
    t.oid = r.Text(1);
    t.organisation_name = r.Text(2);
    t.participant_id = r.Int(3);
    t.reference = r.Text(4);
    t.given_name = r.Text(5);
    t.family_name = r.Text(6);
    t.email = r.Text(7);
    t.language = r.Text(8);
    t.opportunity_id = r.Int(9);
    t.opportunity_title = r.Text(10);
    t.shared = r.Bool(11);
    t.blocked = r.Bool(12);
    t.created_at = FromUnixMillis(r.Int(13));
    t.last_post_at = FromUnixMillis(r.Int(14));
    t.unread = static_cast<int>(r.Int(15));
    out.push_back(std::move(t));
  };
  PASS_TRY(run, c_.Run(sql, all, &collect));
  return out;
}

Result<std::optional<Thread>> SqlContactRepository::FindThread(int64_t id) {
  const Value params[] = {id};
  PASS_TRY(found, LoadThreads("t.id = $2", params, Side::kOrganisation));
  if (found->empty()) return std::optional<Thread>();
  found->front().unread = 0;  // meaningful in lists only
  return std::optional<Thread>(std::move(found->front()));
}

Result<std::optional<Thread>> SqlContactRepository::FindThreadOf(std::string_view oid,
                                                                 int64_t participant_id,
                                                                 int64_t opportunity_id) {
  const Value params[] = {std::string(oid), participant_id, opportunity_id};
  PASS_TRY(found, LoadThreads("t.oid = $2 AND t.participant_id = $3 AND t.opportunity_id = $4",
                              params, Side::kOrganisation));
  if (found->empty()) return std::optional<Thread>();
  found->front().unread = 0;
  return std::optional<Thread>(std::move(found->front()));
}

Result<int64_t> SqlContactRepository::CreateThread(const Thread& t) {
  std::optional<Row> inserted;
  const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
  const Value params[] = {t.oid,
                          t.participant_id,
                          t.opportunity_id,
                          int64_t{t.shared},
                          UnixMillis(t.created_at),
                          UnixMillis(t.last_post_at)};
  PASS_TRY(r, c_.Run("INSERT INTO contact_threads (oid, participant_id, opportunity_id, shared, "
                     "created_at, last_post_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                     params, &keep));
  return inserted->Int(0);
}

Result<std::vector<Thread>> SqlContactRepository::ThreadsOfOrganisation(std::string_view oid) {
  const Value params[] = {std::string(oid)};
  return LoadThreads("t.oid = $2", params, Side::kOrganisation);
}

Result<std::vector<Thread>> SqlContactRepository::ThreadsOfParticipant(int64_t participant_id) {
  const Value params[] = {participant_id};
  return LoadThreads("t.participant_id = $2", params, Side::kParticipant);
}

Result<std::optional<std::string>> SqlContactRepository::ReferenceOf(int64_t participant_id) {
  PASS_TRY(row, c_.QueryOne("SELECT reference FROM participants WHERE id = $1", {participant_id}));
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>((*row)->Text(0));
}

Result<int64_t> SqlContactRepository::AddPost(const Post& post) {
  std::optional<Row> inserted;
  const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
  const int64_t at = UnixMillis(post.at);
  const Value params[] = {post.thread_id,
                          std::string(contact::AuthorCode(post.author)),
                          post.staff_email,
                          post.body,
                          post.notice.key,
                          ArgsJson(post.notice),
                          at};
  PASS_TRY(r, c_.Run("INSERT INTO contact_posts (thread_id, author, staff_email, body, notice_key, "
                     "notice_args, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     params, &keep));
  PASS_TRY(moved, c_.Execute("UPDATE contact_threads SET last_post_at = $2 WHERE id = $1",
                             {post.thread_id, at}));
  return inserted->Int(0);
}

Result<std::vector<Post>> SqlContactRepository::Posts(int64_t thread_id) {
  PASS_TRY(rows, c_.Query("SELECT id, thread_id, author, staff_email, body, notice_key, "
                          "notice_args, created_at FROM contact_posts WHERE thread_id = $1 "
                          "ORDER BY id",
                          {thread_id}));
  std::vector<Post> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    Post p;
    p.id = r.Int(0);
    p.thread_id = r.Int(1);
    p.author = contact::ParseAuthor(r.Text(2)).value_or(contact::Author::kNotice);
    p.staff_email = r.Text(3);
    p.body = r.Text(4);
    if (!r.Text(5).empty()) p.notice = NoticeOf(r.Text(5), r.Text(6));
    p.at = FromUnixMillis(r.Int(7));
    out.push_back(std::move(p));
  }
  return out;
}

Result<void> SqlContactRepository::MarkRead(int64_t thread_id, Side reader, int64_t post_id) {
  // A mark only moves forward (two pages of the same side may be open).
  PASS_TRY(marked, c_.Execute("INSERT INTO contact_reads (thread_id, reader, post_id) VALUES ($1, "
                              "$2, $3) ON CONFLICT (thread_id, reader) DO UPDATE SET post_id = "
                              "excluded.post_id WHERE excluded.post_id > contact_reads.post_id",
                              {thread_id, std::string(contact::SideCode(reader)), post_id}));
  return {};
}

Result<int> SqlContactRepository::CountUnread(std::string_view where, const Value& param,
                                              Side reader) {
  const std::string sql =
      "SELECT COUNT(*) FROM contact_posts m JOIN contact_threads t ON t.id = m.thread_id WHERE " +
      std::string(where) + " AND " + std::string(kUnread);
  const Value params[] = {std::string(contact::SideCode(reader)), param};
  std::optional<Row> row;
  const RowCallback keep = [&row](const Row& r) { row = r; };
  PASS_TRY(r, c_.Run(sql, params, &keep));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Result<int> SqlContactRepository::UnreadOfOrganisation(std::string_view oid) {
  return CountUnread("t.oid = $2", std::string(oid), Side::kOrganisation);
}

Result<int> SqlContactRepository::UnreadOfParticipant(int64_t participant_id) {
  return CountUnread("t.participant_id = $2", participant_id, Side::kParticipant);
}

Result<std::vector<Timestamp>> SqlContactRepository::StaffPostsSince(std::string_view oid,
                                                                     Timestamp since) {
  PASS_TRY(rows, c_.Query("SELECT m.created_at FROM contact_posts m JOIN contact_threads t ON "
                          "t.id = m.thread_id WHERE t.oid = $1 AND m.author = 'organisation' AND "
                          "m.created_at > $2 ORDER BY m.created_at",
                          {std::string(oid), UnixMillis(since)}));
  std::vector<Timestamp> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(FromUnixMillis(r.Int(0)));
  return out;
}

Result<int> SqlContactRepository::Share(std::string_view oid, int64_t participant_id,
                                        std::optional<int64_t> thread_id) {
  if (thread_id) {
    PASS_TRY(n, c_.Execute("UPDATE contact_threads SET shared = 1 WHERE oid = $1 AND "
                           "participant_id = $2 AND id = $3 AND shared = 0",
                           {std::string(oid), participant_id, *thread_id}));
    return static_cast<int>(*n);
  }
  PASS_TRY(n, c_.Execute("UPDATE contact_threads SET shared = 1 WHERE oid = $1 AND "
                         "participant_id = $2 AND shared = 0",
                         {std::string(oid), participant_id}));
  return static_cast<int>(*n);
}

Result<bool> SqlContactRepository::IsBlocked(int64_t participant_id, std::string_view oid) {
  PASS_TRY(row, c_.QueryOne("SELECT 1 FROM contact_blocks WHERE participant_id = $1 AND oid = $2",
                            {participant_id, std::string(oid)}));
  return row->has_value();
}

Result<void> SqlContactRepository::SetBlocked(int64_t participant_id, std::string_view oid,
                                              bool blocked, Timestamp at) {
  if (blocked) {
    PASS_TRY(added, c_.Execute("INSERT INTO contact_blocks (participant_id, oid, created_at) "
                               "VALUES ($1, $2, $3) ON CONFLICT (participant_id, oid) DO NOTHING",
                               {participant_id, std::string(oid), UnixMillis(at)}));
    return {};
  }
  PASS_TRY(removed, c_.Execute("DELETE FROM contact_blocks WHERE participant_id = $1 AND oid = $2",
                               {participant_id, std::string(oid)}));
  return {};
}

Result<std::vector<contact::Block>> SqlContactRepository::Blocks(int64_t participant_id) {
  PASS_TRY(rows, c_.Query("SELECT b.oid, g.name, b.created_at FROM contact_blocks b JOIN "
                          "organisations g ON g.oid = b.oid WHERE b.participant_id = $1 ORDER BY "
                          "b.created_at DESC, b.oid",
                          {participant_id}));
  std::vector<contact::Block> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back({r.Text(0), r.Text(1), FromUnixMillis(r.Int(2))});
  return out;
}

}  // namespace pass::storage
