#include "audit/audit.h"

#include "core/strings.h"

namespace pass::audit {

std::string Detail(std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                   std::string_view list_name, const std::vector<std::string>& list) {
  std::string out = "{";
  for (const auto& [k, v] : fields) {
    if (out.size() > 1) out += ',';
    out += JsonQuote(k) + ":" + JsonQuote(v);
  }
  if (!list_name.empty()) {
    if (out.size() > 1) out += ',';
    out += JsonQuote(list_name) + ":[";
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ',';
      out += JsonQuote(list[i]);
    }
    out += ']';
  }
  return out + "}";
}

Entry Make(Timestamp at, std::string actor, std::string action, std::string oid,
           std::string subject, std::string reason, std::string detail) {
  Entry e;
  e.at = at;
  e.actor = std::move(actor);
  e.action = std::move(action);
  e.oid = std::move(oid);
  e.subject = std::move(subject);
  e.reason = std::move(reason);
  e.detail = std::move(detail);
  return e;
}

}  // namespace pass::audit
