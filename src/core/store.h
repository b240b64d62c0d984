// The shape every repository is used through: a unit of work gets a repository bound to one
// consistent view of the data; Write() commits everything the unit wrote, or nothing when it
// fails. Domain modules define the Repository; storage/ implements both on SQL, tests on fakes.
#pragma once

#include <functional>

#include "core/error.h"

namespace pass {

template <typename Repository>
class Store {
 public:
  using Work = std::function<Result<void>(Repository&)>;
  virtual ~Store() = default;
  virtual Result<void> Read(const Work& work) = 0;
  virtual Result<void> Write(const Work& work) = 0;
};

}  // namespace pass
