#include "registry/registry.h"

#include <algorithm>

#include "core/strings.h"

namespace pass::registry {

std::string_view KindCode(Kind kind) {
  switch (kind) {
    case Kind::kQualityLabel:
      return "quality_label";
    case Kind::kEvsAccreditation:
      return "evs_accreditation";
    case Kind::kEuavCertification:
      return "euav_certification";
    case Kind::kProgrammeApproval:
      return "programme_approval";
  }
  return "quality_label";
}

std::optional<Kind> ParseKind(std::string_view code) {
  for (const Kind k : {Kind::kQualityLabel, Kind::kEvsAccreditation, Kind::kEuavCertification,
                       Kind::kProgrammeApproval}) {
    if (KindCode(k) == code) return k;
  }
  return std::nullopt;
}

std::string_view StatusCode(Status status) {
  switch (status) {
    case Status::kActive:
      return "active";
    case Status::kSuspended:
      return "suspended";
    case Status::kRevoked:
      return "revoked";
  }
  return "active";
}

std::optional<Status> ParseStatus(std::string_view code) {
  for (const Status s : {Status::kActive, Status::kSuspended, Status::kRevoked}) {
    if (StatusCode(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view StandingCode(Standing standing) {
  switch (standing) {
    case Standing::kValid:
      return "valid";
    case Standing::kNotYetValid:
      return "not_yet_valid";
    case Standing::kExpired:
      return "expired";
    case Standing::kSuspended:
      return "suspended";
    case Standing::kRevoked:
      return "revoked";
  }
  return "valid";
}

std::string_view StaffSourceCode(StaffSource source) {
  switch (source) {
    case StaffSource::kImport:
      return "import";
    case StaffSource::kOfficer:
      return "officer";
    case StaffSource::kNomination:
      return "nomination";
  }
  return "import";
}

std::optional<StaffSource> ParseStaffSource(std::string_view code) {
  for (const StaffSource s :
       {StaffSource::kImport, StaffSource::kOfficer, StaffSource::kNomination}) {
    if (StaffSourceCode(s) == code) return s;
  }
  return std::nullopt;
}

std::optional<std::string> NormaliseProgramme(std::string_view text) {
  const std::string_view t = Trim(text);
  if (t.empty() || t.size() > 32) return std::nullopt;
  std::string out;
  for (const char c : t) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return std::nullopt;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool IsValidOid(std::string_view oid) {
  if (oid.size() != 9 || oid[0] != 'E') return false;
  for (size_t i = 1; i < oid.size(); ++i) {
    if (oid[i] < '0' || oid[i] > '9') return false;
  }
  return true;
}

std::string EmailKey(std::string_view email) { return AsciiLower(Trim(email)); }

bool LooksLikeEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  for (const char c : email) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '<' ||
        c == '>') {
      return false;
    }
  }
  return email.size() <= 254;
}

bool ScopeRule::Covers(const Organisation& organisation, const Authorisation& authorisation) const {
  return std::find(kinds.begin(), kinds.end(), authorisation.kind) != kinds.end() &&
         (country.empty() || organisation.country == country) &&
         (programme.empty() || authorisation.programme == programme);
}

bool Scope::Covers(const Organisation& organisation, const Authorisation& authorisation) const {
  return everything || std::any_of(rules.begin(), rules.end(), [&](const ScopeRule& rule) {
           return rule.Covers(organisation, authorisation);
         });
}

bool Scope::Covers(const Organisation& organisation,
                   const std::vector<Authorisation>& authorisations) const {
  return everything || std::any_of(authorisations.begin(), authorisations.end(),
                                   [&](const Authorisation& a) { return Covers(organisation, a); });
}

Standing Authorisation::StandingOn(Date day) const {
  if (status == Status::kRevoked) return Standing::kRevoked;
  if (status == Status::kSuspended) return Standing::kSuspended;
  if (std::chrono::sys_days(day) < std::chrono::sys_days(valid_from)) return Standing::kNotYetValid;
  if (std::chrono::sys_days(day) > std::chrono::sys_days(valid_to)) return Standing::kExpired;
  return Standing::kValid;
}

}  // namespace pass::registry
