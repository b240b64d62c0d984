#include "web/agencies.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace pass::web {

namespace {
Agency AgencyFrom(const nlohmann::json& j) {
  return Agency{j.value("country", ""), j.value("name", ""), j.value("website", ""),
                j.value("email", "")};
}
}  // namespace

Result<AgencyDirectory> AgencyDirectory::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Fail(Internal("cannot read " + file.string()));
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("agencies") ||
      !doc["agencies"].is_array()) {
    return Fail(Internal(file.string() + " is not an agency directory"));
  }
  AgencyDirectory d;
  for (const auto& a : doc["agencies"]) {
    if (!a.is_object()) return Fail(Internal(file.string() + ": an agency is not an object"));
    d.agencies_.push_back(AgencyFrom(a));
    if (d.agencies_.back().country.size() != 2 || d.agencies_.back().name.empty()) {
      return Fail(Internal(file.string() + ": each agency needs a country code and a name"));
    }
  }
  if (doc.contains("eacea") && doc["eacea"].is_object()) d.eacea_ = AgencyFrom(doc["eacea"]);
  d.full_list_url_ = doc.value("directory", "");
  return d;
}

std::vector<Agency> AgencyDirectory::ForCountry(std::string_view country) const {
  std::vector<Agency> out;
  for (const auto& a : agencies_) {
    if (a.country == country) out.push_back(a);
  }
  return out;
}

}  // namespace pass::web
