#include "core/error.h"

namespace pass {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kTooManyRequests:
      return "too_many_requests";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

const std::string* Message::Arg(std::string_view name) const {
  for (const auto& [k, v] : args) {
    if (k == name) return &v;
  }
  return nullptr;
}

Error InvalidInput(Message message, std::vector<FieldError> fields) {
  return Error{ErrorCode::kInvalidInput, std::move(message), {}, std::move(fields)};
}
Error Unauthenticated(Message message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}, {}};
}
Error Forbidden(Message message) {
  return Error{ErrorCode::kForbidden, std::move(message), {}, {}};
}
Error NotFound(Message message) { return Error{ErrorCode::kNotFound, std::move(message), {}, {}}; }
Error Conflict(Message message) { return Error{ErrorCode::kConflict, std::move(message), {}, {}}; }
Error Refused(Message message, std::vector<FieldError> fields) {
  return Error{ErrorCode::kRefused, std::move(message), {}, std::move(fields)};
}
Error TooManyRequests(Message message) {
  return Error{ErrorCode::kTooManyRequests, std::move(message), {}, {}};
}
Error Unavailable(Message message, std::string detail) {
  return Error{ErrorCode::kUnavailable, std::move(message), std::move(detail), {}};
}
Error Internal(std::string detail) {
  return Error{ErrorCode::kInternal, Message("error.internal"), std::move(detail), {}};
}

}  // namespace pass
