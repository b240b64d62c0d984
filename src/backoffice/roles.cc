#include "backoffice/roles.h"

#include <algorithm>

#include "codes/codes.h"
#include "core/strings.h"

namespace pass::backoffice {

std::string_view RoleCode(RoleKind kind) {
  switch (kind) {
    case RoleKind::kAdministrator:
      return "administrator";
    case RoleKind::kNaOfficer:
      return "na_officer";
    case RoleKind::kEaceaOfficer:
      return "eacea_officer";
    case RoleKind::kDgOfficer:
      return "dg_officer";
  }
  return "administrator";
}

std::optional<RoleKind> ParseRole(std::string_view code) {
  for (const RoleKind k : kAllRoles) {
    if (RoleCode(k) == code) return k;
  }
  return std::nullopt;
}

Result<Role> MakeRole(std::string_view email, std::string_view role, std::string_view country,
                      std::string_view programme) {
  std::vector<FieldError> errors;
  Role r;
  r.email = std::string(Trim(email));
  if (!registry::LooksLikeEmail(r.email)) errors.push_back({"email", "error.field.email"});
  const auto kind = ParseRole(Trim(role));
  if (!kind) {
    errors.push_back({"role", "error.role.unknown"});
  } else {
    r.kind = *kind;
  }
  const std::string_view c = Trim(country);
  const std::string_view p = Trim(programme);
  if (kind == RoleKind::kNaOfficer) {
    auto normal = codes::NormaliseCountry(c);
    if (c.empty()) {
      errors.push_back({"country", "error.role.country_required"});
    } else if (!normal) {
      errors.push_back({"country", Message("error.field.country", {{"value", std::string(c)}})});
    } else {
      r.country = *normal;
    }
  } else if (kind && !c.empty()) {
    errors.push_back({"country", "error.role.country_only_na"});
  }
  if (kind == RoleKind::kDgOfficer) {
    auto normal = registry::NormaliseProgramme(p);
    if (p.empty()) {
      errors.push_back({"programme", "error.role.programme_required"});
    } else if (!normal) {
      errors.push_back(
          {"programme", Message("error.field.programme", {{"value", std::string(p)}})});
    } else {
      r.programme = *normal;
    }
  } else if (kind && !p.empty()) {
    errors.push_back({"programme", "error.role.programme_only_dg"});
  }
  if (!errors.empty()) return Fail(InvalidInput("error.form.invalid", std::move(errors)));
  return r;
}

registry::Scope ScopeOf(const std::vector<Role>& roles) {
  using registry::Kind;
  registry::Scope scope;
  for (const Role& r : roles) {
    switch (r.kind) {
      case RoleKind::kAdministrator:
        scope.everything = true;
        break;
      case RoleKind::kNaOfficer:
        scope.rules.push_back({{Kind::kQualityLabel, Kind::kEvsAccreditation}, r.country, ""});
        break;
      case RoleKind::kEaceaOfficer:
        scope.rules.push_back({{Kind::kEuavCertification}, "", ""});
        break;
      case RoleKind::kDgOfficer:
        scope.rules.push_back({{Kind::kProgrammeApproval}, "", r.programme});
        break;
    }
  }
  return scope;
}

bool Officer::Has(RoleKind kind) const {
  return std::any_of(roles.begin(), roles.end(), [&](const Role& r) { return r.kind == kind; });
}

std::string Officer::Actor() const { return "person:" + std::to_string(person_id) + " " + email; }

}  // namespace pass::backoffice
