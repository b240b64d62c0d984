// The candidate search's parameters as they arrive in a URL (untrusted): parsed into a Query
// with every problem named by its parameter, and never a parameter for nationality, gender or any
// other protected characteristic (such a name is an unknown parameter like any other).
// docs/api.md lists them. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "search/index.h"

namespace pass::search {

struct ParsedQuery {
  Query query;
  std::optional<int64_t> opportunity;  // rank by match with this opportunity (the caller loads it)
  bool favour_inclusion = false;       // the organisation asks to favour inclusion (F10)
};

// Every parameter name the search takes.
std::vector<std::string_view> QueryParameterNames();

// Parses `params` (name, value) in order. Lists are comma-separated ("topics=a,b"); a list may
// also be given as several parameters of the same name. Errors are one InvalidInput whose field
// errors name each parameter that is unknown, given twice (single values), or wrong, with the
// rule. Empty values count as not given.
Result<ParsedQuery> ParseQuery(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace pass::search
