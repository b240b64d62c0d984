#include "search/target.h"

namespace pass::search {

Target TargetFor(const opportunities::Opportunity& o, bool favour_inclusion) {
  Target t;
  t.start = o.start_date;
  t.end = o.end_date;
  t.activity_type = o.activity_type;
  t.topics = o.topics;
  t.country = o.country;
  t.languages = o.languages;
  t.skills = o.skills;
  t.eligible_residence = o.eligible_residence;
  t.favour_inclusion = favour_inclusion;
  return t;
}

}  // namespace pass::search
