// The dashboard's bar geometry (SPEC F16): widths proportional to the counts, the longest bar the
// largest count, nothing drawn for zero, no overflow for large numbers, widths monotone.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "dashboard/dashboard.h"

namespace pass::dashboard {
namespace {

constexpr ChartOptions kOptions{};
constexpr double kBarSpace = kOptions.width - kOptions.label_width - kOptions.count_width;

TEST(FunnelChart, AllZeroDrawsNoBarsButKeepsTheRows) {
  const Counts zero{};
  const Chart chart = FunnelChart(zero);
  ASSERT_EQ(chart.bars.size(), kStages);
  for (const Bar& b : chart.bars) {
    EXPECT_EQ(b.count, 0);
    EXPECT_EQ(b.width, 0);
    EXPECT_GT(b.height, 0);
    EXPECT_GT(b.count_x, b.x);  // the "0" is still written
  }
  EXPECT_GT(chart.height, 0);
  EXPECT_EQ(chart.width, kOptions.width);
}

TEST(FunnelChart, WidthsAreProportionalAndTheLargestFillsTheSpace) {
  const Counts counts{10, 5, 2, 1, 0};
  const Chart chart = FunnelChart(counts);
  ASSERT_EQ(chart.bars.size(), 5u);
  EXPECT_DOUBLE_EQ(chart.bars[0].width, kBarSpace);
  EXPECT_DOUBLE_EQ(chart.bars[1].width, kBarSpace / 2);
  EXPECT_DOUBLE_EQ(chart.bars[2].width, kBarSpace / 5);
  EXPECT_DOUBLE_EQ(chart.bars[3].width, kBarSpace / 10);
  EXPECT_EQ(chart.bars[4].width, 0);  // one stage zero: no bar
  for (size_t i = 1; i < chart.bars.size(); ++i) {
    EXPECT_GT(chart.bars[i].y, chart.bars[i - 1].y);  // one row per stage, top to bottom
    EXPECT_LE(chart.bars[i].y + chart.bars[i].height, chart.height);
  }
  for (const Bar& b : chart.bars) EXPECT_DOUBLE_EQ(b.count_x, b.x + b.width + 6);
}

TEST(FunnelChart, OneStageZeroInTheMiddle) {
  const Counts counts{3, 0, 0, 3, 1};
  const Chart chart = FunnelChart(counts);
  EXPECT_DOUBLE_EQ(chart.bars[0].width, kBarSpace);
  EXPECT_EQ(chart.bars[1].width, 0);
  EXPECT_DOUBLE_EQ(chart.bars[3].width, kBarSpace);
  EXPECT_NEAR(chart.bars[4].width, kBarSpace / 3, 1e-9);
}

TEST(FunnelChart, LargeNumbersStayInsideAndSmallOnesVisible) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const Counts counts{big, big - 1, 1'000'000'000'000, 1, 0};
  const Chart chart = FunnelChart(counts);
  for (const Bar& b : chart.bars) {
    EXPECT_GE(b.width, 0);
    EXPECT_LE(b.width, kBarSpace);
    EXPECT_LE(b.x + b.width, chart.width);
  }
  EXPECT_DOUBLE_EQ(chart.bars[0].width, kBarSpace);
  EXPECT_DOUBLE_EQ(chart.bars[3].width, kOptions.min_bar);  // 1 of 9e18 is still seen
  EXPECT_EQ(chart.bars[4].width, 0);
}

TEST(FunnelChart, NegativeCountsAreZero) {
  const std::array<int64_t, 2> counts{-5, 4};
  const Chart chart = FunnelChart(counts);
  EXPECT_EQ(chart.bars[0].count, 0);
  EXPECT_EQ(chart.bars[0].width, 0);
  EXPECT_DOUBLE_EQ(chart.bars[1].width, kBarSpace);
}

TEST(FunnelChart, WidthsAreMonotoneInTheCounts) {
  std::vector<int64_t> counts;
  for (int64_t c : {0, 1, 2, 3, 7, 50, 99, 100, 101, 999, 12345, 1'000'000}) counts.push_back(c);
  // In a scrambled order, too.
  std::vector<int64_t> scrambled = {999, 0, 12345, 3, 1'000'000, 1, 101, 50, 2, 100, 7, 99};
  for (const auto* input : {&counts, &scrambled}) {
    const Chart chart = FunnelChart(*input);
    ASSERT_EQ(chart.bars.size(), input->size());
    for (size_t i = 0; i < chart.bars.size(); ++i) {
      for (size_t j = 0; j < chart.bars.size(); ++j) {
        if (chart.bars[i].count < chart.bars[j].count) {
          EXPECT_LE(chart.bars[i].width, chart.bars[j].width) << i << " " << j;
        }
        if (chart.bars[i].count == chart.bars[j].count) {
          EXPECT_EQ(chart.bars[i].width, chart.bars[j].width);
        }
      }
    }
  }
}

TEST(FunnelChart, NoStagesNoHeight) {
  const Chart chart = FunnelChart(std::span<const int64_t>{});
  EXPECT_TRUE(chart.bars.empty());
  EXPECT_EQ(chart.height, 0);
}

}  // namespace
}  // namespace pass::dashboard
