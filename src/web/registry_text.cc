#include "web/registry_text.h"

#include "i18n/catalogue.h"

namespace pass::web {

std::string StandingText(const Site& site, std::string_view lang, const registry::Authorisation& a,
                         registry::Standing standing) {
  switch (standing) {
    case registry::Standing::kValid:
      return site.T(lang,
                    Message("standing.valid", {{"date", i18n::FormatLongDate(lang, a.valid_to)}}));
    case registry::Standing::kExpired:
      return site.T(
          lang, Message("standing.expired", {{"date", i18n::FormatLongDate(lang, a.valid_to)}}));
    case registry::Standing::kNotYetValid:
      return site.T(lang, Message("standing.not_yet_valid",
                                  {{"date", i18n::FormatLongDate(lang, a.valid_from)}}));
    case registry::Standing::kSuspended:
      return site.T(lang, "standing.suspended");
    case registry::Standing::kRevoked:
      return site.T(lang, "standing.revoked");
  }
  return {};
}

}  // namespace pass::web
