// Finds the directory that holds the portal's read-only data (web/templates, web/static,
// locales, migrations), so that the binary runs from any working directory, installed or not.
#pragma once

#include <filesystem>

namespace pass {

// In order: $PASS_DATA_DIR; <dir of the executable>/../share/pass (an installed tree); the source
// tree the binary was built from. The first that contains locales/en.json wins.
std::filesystem::path DataDir();

}  // namespace pass
