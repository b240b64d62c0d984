// Officer roles (SPEC §2, F17): who keeps which part of the access registry. A role is held by
// whoever signs in with a verified EU Login e-mail equal to the role's e-mail, decided on every
// request from current data like staff access (R2, R4). Plain C++.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "registry/registry.h"

namespace pass::backoffice {

enum class RoleKind { kAdministrator, kNaOfficer, kEaceaOfficer, kDgOfficer };
std::string_view RoleCode(RoleKind kind);  // "administrator", "na_officer", ...
std::optional<RoleKind> ParseRole(std::string_view code);
inline constexpr RoleKind kAllRoles[] = {RoleKind::kAdministrator, RoleKind::kNaOfficer,
                                         RoleKind::kEaceaOfficer, RoleKind::kDgOfficer};

struct Role {
  int64_t id = 0;  // 0 for roles from the configuration (PASS_ADMIN_EMAILS)
  RoleKind kind = RoleKind::kAdministrator;
  std::string email;
  std::string country;    // National Agency officers: the agency's country
  std::string programme;  // DG officers: the associated programme
  std::string granted_by;
  Timestamp granted_at;
};

// A role as asked for (portal form or `pass-portal role grant`), checked: a valid e-mail, a
// country for National Agency officers only, a programme for DG officers only. Field errors are
// named `email`, `role`, `country`, `programme`.
Result<Role> MakeRole(std::string_view email, std::string_view role, std::string_view country,
                      std::string_view programme);

// What the roles cover: National Agency officers the quality labels and EVS accreditations of
// organisations in their country; EACEA officers the EU Aid Volunteers certifications (which
// include the humanitarian-aid quality label, SPEC R1); DG officers the programme approvals of
// their programme; administrators everything.
registry::Scope ScopeOf(const std::vector<Role>& roles);

// A signed-in person's officer side, as decided for this request.
struct Officer {
  int64_t person_id = 0;
  std::string email;
  std::string name;
  std::vector<Role> roles;
  registry::Scope scope;

  bool any() const { return !roles.empty(); }
  bool Has(RoleKind kind) const;
  bool administrator() const { return Has(RoleKind::kAdministrator); }
  // The audit log's "who": "person:42 <e-mail>".
  std::string Actor() const;
};

}  // namespace pass::backoffice
