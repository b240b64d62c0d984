#include "web/dashboard_pages.h"

#include <cmath>
#include <cstdio>

#include "i18n/catalogue.h"
#include "web/staff_entry.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

// SVG coordinates with one decimal, in the C locale whatever the process locale.
std::string Coordinate(double v) {
  if (!std::isfinite(v)) v = 0;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  std::string out(buffer);
  if (const auto comma = out.find(','); comma != std::string::npos) out[comma] = '.';
  return out;
}

// One funnel: the chart's geometry and the table's rows. `id` makes the SVG title's id unique.
data FunnelView(const Site& site, std::string_view lang, const dashboard::Counts& counts,
                const std::string& id) {
  const dashboard::Chart chart = dashboard::FunnelChart(counts);
  data v;
  v.set("chart_id", id);
  v.set("width", Coordinate(chart.width));
  v.set("height", Coordinate(chart.height));
  v.set("label_x", Coordinate(chart.label_x));
  std::vector<std::pair<std::string, std::string>> args;
  list bars;
  for (size_t i = 0; i < dashboard::kStages; ++i) {
    const auto& b = chart.bars[i];
    const std::string code(dashboard::kStageCodes[i]);
    const std::string number = i18n::FormatInteger(lang, static_cast<long long>(b.count));
    data bar;
    bar.set("stage", site.T(lang, Message("dashboard.stage." + code)));
    bar.set("count", number);
    bar.set("x", Coordinate(b.x));
    bar.set("y", Coordinate(b.y));
    bar.set("bar_width", Coordinate(b.width));
    bar.set("bar_height", Coordinate(b.height));
    bar.set("text_y", Coordinate(b.label_y));
    bar.set("count_x", Coordinate(b.count_x));
    bars.push_back(bar);
    args.emplace_back(code, number);
  }
  v.set("bars", bars);
  v.set("chart_label",
        site.T(lang, Message("dashboard.chart_label", {{"viewed", args[0].second},
                                                       {"contacted", args[1].second},
                                                       {"replied", args[2].second},
                                                       {"offered", args[3].second},
                                                       {"accepted", args[4].second}})));
  return v;
}

http::Response Show(DashboardDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  auto funnels = dashboard::Load(d.store, e.staff);
  if (!funnels) return d.site.RenderError(request, funnels.error());
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, Message("dashboard.title")));
  page.set("total", FunnelView(d.site, lang, funnels->total, "funnel-total"));
  list rows;
  for (const auto& o : funnels->opportunities) {
    const std::string id = std::to_string(o.opportunity_id);
    data row = FunnelView(d.site, lang, o.counts, "funnel-" + id);
    row.set("title", o.title);
    row.set("heading_id", "opportunity-" + id);
    row.set("url", "/organisations/" + e.staff.oid + "/opportunities/" + id);
    row.set("status", d.site.T(lang, Message("opportunity.status." + o.status)));
    rows.push_back(row);
  }
  page.set("opportunities", rows);
  page.set("has_opportunities", !funnels->opportunities.empty());
  return d.site.Render("pages/organisation/dashboard", lang, page);
}

}  // namespace

void AddDashboardPages(http::Router& router, DashboardDeps& deps) {
  router.Get("/organisations/{oid}/dashboard", [&deps](http::Request& r) { return Show(deps, r); });
}

}  // namespace pass::web
