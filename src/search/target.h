// What an opportunity asks of a candidate, as the search index weighs it (F10): its dates, type,
// topics, country, wanted languages and skills, and whom it is open to. Pure.
#pragma once

#include "opportunities/opportunity.h"
#include "search/index.h"

namespace pass::search {

Target TargetFor(const opportunities::Opportunity& o, bool favour_inclusion);

}  // namespace pass::search
