// How the registry reads on a page: the label key of an authorisation kind and what an
// authorisation amounts to on a day ("valid until 31 December 2027"), in the reader's language.
#pragma once

#include <string>
#include <string_view>

#include "registry/registry.h"
#include "web/site.h"

namespace pass::web {

inline std::string KindKey(registry::Kind kind) {
  return "kind." + std::string(registry::KindCode(kind));
}

std::string StandingText(const Site& site, std::string_view lang, const registry::Authorisation& a,
                         registry::Standing standing);

}  // namespace pass::web
