// The contact directory shown to people who cannot get in (SPEC R5, F24): National Agencies by
// country, EACEA, and the Commission's full list. Read from data/national-agencies.json, which
// agencies keep current. Immutable after Load(), thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::web {

struct Agency {
  std::string country;  // ISO 3166-1 alpha-2; empty for EACEA
  std::string name;
  std::string website;
  std::string email;
};

class AgencyDirectory {
 public:
  static Result<AgencyDirectory> Load(const std::filesystem::path& file);
  std::vector<Agency> ForCountry(std::string_view country) const;  // Belgium has three
  const Agency& eacea() const { return eacea_; }
  const std::string& full_list_url() const { return full_list_url_; }
  const std::vector<Agency>& all() const { return agencies_; }

 private:
  std::vector<Agency> agencies_;
  Agency eacea_;
  std::string full_list_url_;
};

}  // namespace pass::web
