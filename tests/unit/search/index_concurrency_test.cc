// The search index under ThreadSanitizer (DESIGN.md section 5): many searches at once while one
// writer puts, removes and applies batches, as the follower does while organisations search.
// Nothing may crash or race, and every answer is one the index could give at some moment.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "demo/demo.h"
#include "search/index.h"

namespace pass::search {
namespace {

const Date kToday{std::chrono::year(2026), std::chrono::month(12), std::chrono::day(1)};

participants::Participant Visible(uint64_t seed, int i) {
  participants::Participant p = demo::SyntheticParticipant(seed, i, kToday);
  p.searchable = true;
  return p;
}

TEST(IndexConcurrencyTest, ReadersSearchWhileOneWriterChangesTheIndex) {
  constexpr int kStable = 300;  // never touched by the writer
  constexpr int kChurn = 200;   // put, changed, removed and put again
  Index::Options options;
  options.budget = std::chrono::seconds(30);
  Index index(options);
  for (int i = 0; i < kStable; ++i) index.Put(Visible(1, i), false);
  std::vector<participants::Participant> churn;
  for (int i = 0; i < kChurn; ++i) {
    participants::Participant p = Visible(2, i);
    p.reference = "3" + std::to_string(100000000 + i);
    churn.push_back(p);
  }

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> searches{0};
  std::atomic<uint64_t> writes{0};
  std::chrono::steady_clock::duration longest_write{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      std::mt19937_64 rnd(static_cast<uint64_t>(t));
      while (!stop.load()) {
        Query q;
        q.limit = 1 + static_cast<int>(rnd() % 50);
        q.offset = static_cast<int>(rnd() % 300);
        q.facets = {"residence", "topics", "languages"};
        switch (rnd() % 5) {
          case 0:
            q.words = {"volunteer"};
            break;
          case 1:
            q.target = Target{};
            q.target->topics = {"environment_nature"};
            q.target->activity_type = "individual_volunteering";
            q.target->favour_inclusion = rnd() % 2 == 0;
            q.sort = Sort::kMatch;
            break;
          case 2:
            q.sort = Sort::kLastActive;
            q.residence = {"IT", "ES", "DE"};
            break;
          case 3:
            q.available_from = kToday;
            q.available_to = Date{std::chrono::sys_days(kToday) + std::chrono::days(200)};
            break;
          default:
            break;
        }
        auto r = index.Search(q, kToday);
        ASSERT_TRUE(r) << r.error().message.key;
        EXPECT_LE(r->total, static_cast<uint64_t>(kStable + kChurn));
        if (q.words.empty() && q.residence.empty() && !q.available_from && !q.target) {
          EXPECT_GE(r->total, static_cast<uint64_t>(kStable));
        }
        EXPECT_LE(r->hits.size(), static_cast<size_t>(q.limit));
        for (const auto& h : r->hits) {
          EXPECT_FALSE(h.reference.empty());
          EXPECT_FALSE(h.residence.empty());
          if (q.target) {
            EXPECT_TRUE(h.score && *h.score >= 0 && *h.score <= 100);
          }
        }
        for (const auto& f : r->facets) {
          for (const auto& c : f.counts) EXPECT_LE(c.count, r->total);
        }
        searches.fetch_add(1);
      }
    });
  }

  std::thread writer([&] {
    std::mt19937_64 rnd(42);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (std::chrono::steady_clock::now() < until) {
      const size_t i = rnd() % churn.size();
      participants::Participant p = churn[i];
      const auto began = std::chrono::steady_clock::now();
      switch (rnd() % 4) {
        case 0:
          p.residence = rnd() % 2 ? "DE" : "IT";
          p.topics = {"environment_nature"};
          p.last_active = Date{std::chrono::sys_days(kToday) - std::chrono::days(rnd() % 100)};
          index.Put(p, rnd() % 5 == 0);
          break;
        case 1:
          index.Remove(p.reference);
          break;
        case 2: {
          std::vector<Change> batch;
          for (int k = 0; k < 10; ++k) {
            const size_t j = rnd() % churn.size();
            if (rnd() % 3 == 0) {
              batch.push_back({churn[j].reference, std::nullopt, false});
            } else {
              batch.push_back({churn[j].reference, churn[j], rnd() % 4 == 0});
            }
          }
          index.Apply(batch);
          break;
        }
        default:
          p.searchable = rnd() % 2 == 0;
          index.Put(p, false);
          break;
      }
      writes.fetch_add(1);
      const auto took = std::chrono::steady_clock::now() - began;
      longest_write = std::max(longest_write, took);
      if (writes.load() % 64 == 0) std::this_thread::yield();
    }
    stop.store(true);
  });
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_GT(searches.load(), 0u);
  EXPECT_GT(writes.load(), 0u);
  // A writer waits for the searches already running, not for every search that comes after it:
  // a change shows in results within a second however busy the search is.
  EXPECT_LT(longest_write, std::chrono::seconds(1));
  EXPECT_GT(writes.load(), 100u);
  // Afterwards the stable people are all still there.
  auto r = index.Search(Query{}, kToday);
  ASSERT_TRUE(r);
  EXPECT_GE(r->total, static_cast<uint64_t>(kStable));
  EXPECT_EQ(index.size(), r->total);
}

}  // namespace
}  // namespace pass::search
