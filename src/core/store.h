// The shape every repository is used through: a unit of work gets a repository bound to one
// consistent view of the data; Write() commits everything the unit wrote, or nothing when it
// fails. Domain modules define the Repository; storage/ implements both on SQL, tests on fakes.
#pragma once

#include <functional>
#include <optional>
#include <type_traits>

#include "core/error.h"

namespace pass {

template <typename Repository>
class Store {
 public:
  using Work = std::function<Result<void>(Repository&)>;
  virtual ~Store() = default;
  virtual Result<void> Read(const Work& work) = 0;
  virtual Result<void> Write(const Work& work) = 0;

  // A unit of work that produces a value: `f(repository)` returns Result<T>.
  template <typename F>
  auto ReadValue(F&& f) -> std::invoke_result_t<F, Repository&> {
    return Produce(&Store::Read, std::forward<F>(f));
  }
  template <typename F>
  auto WriteValue(F&& f) -> std::invoke_result_t<F, Repository&> {
    return Produce(&Store::Write, std::forward<F>(f));
  }

 private:
  template <typename F>
  auto Produce(Result<void> (Store::*run)(const Work&), F&& f)
      -> std::invoke_result_t<F, Repository&> {
    using R = std::invoke_result_t<F, Repository&>;
    std::optional<typename R::value_type> out;  // the value need not be default-constructible
    auto done = (this->*run)([&](Repository& repo) -> Result<void> {
      auto value = f(repo);
      if (!value) return Fail(std::move(value.error()));
      out.emplace(std::move(*value));
      return {};
    });
    if (!done) return Fail(std::move(done.error()));
    return std::move(*out);
  }
};

}  // namespace pass
