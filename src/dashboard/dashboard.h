// The organisation's recruitment dashboard (SPEC F16): the funnel of people from a profile opened
// to an offer accepted, for the organisation as a whole and per opportunity, and the geometry of
// the bar charts it is drawn as. The counts come from a Repository (storage/ implements it on
// SQL); FunnelChart is pure. Every call names the organisation the caller has access to (checked
// by the caller from current listings: R4).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/store.h"
#include "opportunities/service.h"

namespace pass::dashboard {

// The stages, in funnel order; each counts distinct people.
enum class Stage {
  kViewed,     // the organisation opened the person's profile (per opportunity: of its pipeline)
  kContacted,  // the organisation wrote to the person (about the opportunity)
  kReplied,    // ... and the person wrote back in that thread
  kOffered,    // an offer was sent (not a draft), whatever became of it
  kAccepted,   // the person accepted an offer
};
inline constexpr size_t kStages = 5;
inline constexpr std::array<std::string_view, kStages> kStageCodes = {
    "viewed", "contacted", "replied", "offered", "accepted"};

using Counts = std::array<int64_t, kStages>;

struct OpportunityFunnel {
  int64_t opportunity_id = 0;
  std::string title;
  std::string status;  // opportunities::StatusCode
  Counts counts{};
};

struct Funnels {
  Counts total{};                                // the organisation as a whole
  std::vector<OpportunityFunnel> opportunities;  // every opportunity of it, newest first
};

class Repository {
 public:
  virtual ~Repository() = default;
  virtual Result<Counts> OrganisationFunnel(std::string_view oid) = 0;
  virtual Result<std::vector<OpportunityFunnel>> OpportunityFunnels(std::string_view oid) = 0;
};

using Store = pass::Store<Repository>;

// Both in one consistent read.
Result<Funnels> Load(Store& store, const opportunities::Staff& staff);

// --- the chart: one horizontal bar per stage, widths proportional to the counts

struct ChartOptions {
  double width = 560;        // the whole picture
  double label_width = 120;  // the stage names, left of the bars
  double count_width = 80;   // the numbers, right of the longest bar
  double bar_height = 26;
  double gap = 10;
  double min_bar = 2;  // a count above zero is never invisible
};

struct Bar {
  int64_t count = 0;
  double x = 0;      // where the bar starts
  double y = 0;      // its top
  double width = 0;  // 0 for a count of 0
  double height = 0;
  double label_y = 0;  // the baseline of the stage name and the number, centred on the bar
  double count_x = 0;  // where the number starts: just right of the bar
};

struct Chart {
  double width = 0;
  double height = 0;
  double label_x = 0;  // the stage names end here (text-anchor end)
  std::vector<Bar> bars;
};

// Negative counts are taken as 0. The longest bar is the largest count; the widths are monotone
// in the counts (a larger count never gets a shorter bar).
Chart FunnelChart(std::span<const int64_t> counts, const ChartOptions& options = {});

}  // namespace pass::dashboard
