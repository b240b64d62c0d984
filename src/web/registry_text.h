// How the registry reads on a page: the label key of an authorisation kind and what an
// authorisation amounts to on a day ("valid until 31 December 2027"), in the reader's language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backoffice/backoffice.h"
#include "registry/registry.h"
#include "web/site.h"

namespace pass::web {

inline std::string KindKey(registry::Kind kind) {
  return "kind." + std::string(registry::KindCode(kind));
}

std::string StandingText(const Site& site, std::string_view lang, const registry::Authorisation& a,
                         registry::Standing standing);

// Nominations as the organisation pages list them (staff_name, staff_email, reference, state,
// submitted, reason, has_reason).
kainjow::mustache::list NominationList(const Site& site, std::string_view lang,
                                       const std::vector<backoffice::Nomination>& nominations);
}  // namespace pass::web
