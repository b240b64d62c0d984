// The one error type for failures the program expects (bad input, missing rights, a database
// that is down): a protocol-neutral code, a message safe to show, detail for the log only, and
// errors per input field. Returned by value as Result<T>; exceptions are for broken invariants.
#pragma once

#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pass {

enum class ErrorCode {
  kInvalidInput,     // the caller sent something we cannot accept (400/422)
  kUnauthenticated,  // nobody is signed in, or the sign-in failed (401)
  kForbidden,        // signed in, but not allowed (403)
  kNotFound,         // no such thing, or not visible to the caller (404)
  kConflict,         // the state changed under the caller, or a duplicate (409)
  kRefused,          // well-formed, but a rule of the programme refuses it (422)
  kTooManyRequests,  // a rate limit was hit (429)
  kUnavailable,      // a dependency is down; trying again later may work (503)
  kInternal,         // a bug or an unexpected failure (500)
};

std::string_view ErrorCodeName(ErrorCode code);  // "invalid_input", "not_found", ...

// A translatable text: a catalogue key and named arguments. Domain code produces these and never
// chooses a language; the web layer, the API and the command line render them.
struct Message {
  std::string key;
  std::vector<std::pair<std::string, std::string>> args;

  Message() = default;
  Message(std::string k) : key(std::move(k)) {}  // NOLINT(google-explicit-constructor)
  Message(const char* k) : key(k) {}             // NOLINT(google-explicit-constructor)
  Message(std::string k, std::initializer_list<std::pair<std::string, std::string>> a)
      : key(std::move(k)), args(a) {}

  const std::string* Arg(std::string_view name) const;
  friend bool operator==(const Message&, const Message&) = default;
};

// One rejected input field: the field's name as the form or file knows it, and why.
struct FieldError {
  std::string field;
  Message message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  Message message;
  std::string detail;  // for the log; never shown to the user
  std::vector<FieldError> fields;

  Error& WithDetail(std::string d) & {
    detail = std::move(d);
    return *this;
  }
  Error&& WithDetail(std::string d) && {
    detail = std::move(d);
    return std::move(*this);
  }
};

Error InvalidInput(Message message, std::vector<FieldError> fields = {});
Error Unauthenticated(Message message);
Error Forbidden(Message message);
Error NotFound(Message message);
Error Conflict(Message message);
// A rule refuses the request (the eligibility rules R8-R12); `fields` name each rule that failed.
Error Refused(Message message, std::vector<FieldError> fields);
Error TooManyRequests(Message message);
Error Unavailable(Message message, std::string detail = {});
Error Internal(std::string detail);

template <typename T>
using Result = std::expected<T, Error>;

// `return Fail(NotFound("x"));` reads better than std::unexpected at call sites.
inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace pass

// Unwraps a Result or returns its error from the enclosing function (which returns a Result):
// `PASS_TRY(row, c.QueryOne(...));` then use `*row`.
#define PASS_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return ::pass::Fail(std::move(var.error()))
