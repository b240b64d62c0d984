#include "dashboard/dashboard.h"

#include <algorithm>

namespace pass::dashboard {

Result<Funnels> Load(Store& store, const opportunities::Staff& staff) {
  return store.ReadValue([&](Repository& repo) -> Result<Funnels> {
    Funnels out;
    PASS_TRY(total, repo.OrganisationFunnel(staff.oid));
    PASS_TRY(each, repo.OpportunityFunnels(staff.oid));
    out.total = *total;
    out.opportunities = std::move(*each);
    return out;
  });
}

Chart FunnelChart(std::span<const int64_t> counts, const ChartOptions& options) {
  Chart chart;
  chart.width = options.width;
  chart.label_x = options.label_width - 8;
  const double bar_space = std::max(0.0, options.width - options.label_width - options.count_width);
  int64_t largest = 0;
  for (int64_t c : counts) largest = std::max(largest, c);
  double y = options.gap / 2;
  for (int64_t raw : counts) {
    Bar bar;
    bar.count = std::max<int64_t>(raw, 0);
    bar.x = options.label_width;
    bar.y = y;
    bar.height = options.bar_height;
    if (bar.count > 0 && largest > 0) {
      // In floating point: counts near INT64_MAX would overflow an integer product.
      const double share = static_cast<double>(bar.count) / static_cast<double>(largest);
      bar.width = std::min(bar_space, std::max(options.min_bar, bar_space * share));
    }
    bar.label_y = y + options.bar_height / 2 + 5;
    bar.count_x = bar.x + bar.width + 6;
    chart.bars.push_back(bar);
    y += options.bar_height + options.gap;
  }
  chart.height = y - options.gap / 2;
  if (chart.height < 0) chart.height = 0;
  return chart;
}

}  // namespace pass::dashboard
