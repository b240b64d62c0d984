#include "storage/migrations.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "support/test_database.h"

namespace pass::storage {
namespace {

TEST(Migrations, LoadsSharedAndPerDialectFilesInOrder) {
  testing::TempDir dir;
  dir.Write("0002_b.sqlite.sql", "SELECT 'sqlite';");
  dir.Write("0002_b.postgres.sql", "SELECT 'postgres';");
  dir.Write("0001_a.sql", "CREATE TABLE a (id {{ID}});");
  dir.Write("README.md", "ignored");
  auto m = LoadMigrations(dir.path());
  ASSERT_TRUE(m.has_value()) << m.error().detail;
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].version, 1);
  EXPECT_EQ((*m)[0].name, "a");
  EXPECT_EQ((*m)[1].SqlFor(Dialect::kSqlite), "SELECT 'sqlite';");
  EXPECT_EQ((*m)[1].SqlFor(Dialect::kPostgres), "SELECT 'postgres';");
  EXPECT_NE(ApplyDialect((*m)[0].sqlite_sql, Dialect::kSqlite).find("AUTOINCREMENT"),
            std::string::npos);
  EXPECT_NE(ApplyDialect((*m)[0].postgres_sql, Dialect::kPostgres).find("IDENTITY"),
            std::string::npos);
}

TEST(Migrations, RejectsBadNamesDuplicatesAndMissingDialects) {
  {
    testing::TempDir dir;
    dir.Write("1_a.sql", "");
    EXPECT_FALSE(LoadMigrations(dir.path()).has_value());
  }
  {
    testing::TempDir dir;
    dir.Write("0001_a.sql", "");
    dir.Write("0001_b.sql", "");
    EXPECT_FALSE(LoadMigrations(dir.path()).has_value());
  }
  {
    testing::TempDir dir;
    dir.Write("0001_a.sqlite.sql", "");
    EXPECT_FALSE(LoadMigrations(dir.path()).has_value());
  }
}

class MigrateTest : public ::testing::TestWithParam<Dialect> {};

TEST_P(MigrateTest, AppliesOnceAndRefusesEditedOrUnknownMigrations) {
  // The project's own migrations have been applied by TestDatabase; applying again does nothing.
  auto t = testing::TestDatabase::Create(GetParam());
  if (!t) GTEST_SKIP();
  auto project = LoadMigrations(std::string(PASS_SOURCE_DIR) + "/migrations");
  ASSERT_TRUE(project.has_value());
  auto again = Migrate(t->db(), *project);
  ASSERT_TRUE(again.has_value()) << again.error().detail;
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->current_version, project->back().version);

  auto edited = *project;
  edited.front().sqlite_sql += "\n-- edited";
  edited.front().postgres_sql += "\n-- edited";
  auto refused = Migrate(t->db(), edited);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().detail.find("edited"), std::string::npos);

  auto older = *project;
  older.pop_back();
  EXPECT_FALSE(Migrate(t->db(), older).has_value());
}

TEST_P(MigrateTest, AFailingMigrationChangesNothing) {
  auto t = testing::TestDatabase::Create(GetParam());
  if (!t) GTEST_SKIP();
  auto project = LoadMigrations(std::string(PASS_SOURCE_DIR) + "/migrations");
  ASSERT_TRUE(project.has_value());
  auto broken = *project;
  Migration bad;
  bad.version = 9999;
  bad.name = "broken";
  bad.sqlite_sql = bad.postgres_sql =
      "CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table;";
  broken.push_back(bad);
  ASSERT_FALSE(Migrate(t->db(), broken).has_value());
  auto exists = t->db().With([](Connection& c) { return c.Query("SELECT * FROM half_done"); });
  EXPECT_FALSE(exists.has_value());
}

TEST_P(MigrateTest, TheAuditLogIsAppendOnly) {
  auto t = testing::TestDatabase::Create(GetParam());
  if (!t) GTEST_SKIP();
  auto r = t->db().With([](Connection& c) -> Result<int64_t> {
    auto ins =
        c.Execute("INSERT INTO audit_log (at, actor, action) VALUES (1, 'test', 'test.action')");
    if (!ins) return ins;
    return c.Execute("UPDATE audit_log SET actor = 'someone else'");
  });
  EXPECT_FALSE(r.has_value());
  auto del = t->db().With([](Connection& c) { return c.Execute("DELETE FROM audit_log"); });
  EXPECT_FALSE(del.has_value());
}

INSTANTIATE_TEST_SUITE_P(Dialects, MigrateTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::storage
