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

kainjow::mustache::list NominationList(const Site& site, std::string_view lang,
                                       const std::vector<backoffice::Nomination>& nominations) {
  kainjow::mustache::list items;
  for (const auto& n : nominations) {
    kainjow::mustache::data item;
    item.set("staff_name", n.staff.name);
    item.set("staff_email", n.staff.email);
    item.set("reference", n.reference);
    item.set("state", site.T(lang, Message("nomination.state." +
                                           std::string(backoffice::NominationStateCode(n.state)))));
    item.set("submitted", i18n::FormatDateTime(lang, n.created_at));
    item.set("reason", n.decision_reason);
    item.set("has_reason", !n.decision_reason.empty());
    items.push_back(item);
  }
  return items;
}

}  // namespace pass::web
