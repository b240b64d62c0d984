#include "opportunities/opportunity.h"

namespace pass::opportunities {

std::string_view StatusCode(Status status) {
  switch (status) {
    case Status::kDraft:
      return "draft";
    case Status::kPublished:
      return "published";
    case Status::kClosed:
      return "closed";
  }
  return "draft";
}

std::optional<Status> ParseStatus(std::string_view code) {
  for (const Status s : {Status::kDraft, Status::kPublished, Status::kClosed}) {
    if (StatusCode(s) == code) return s;
  }
  return std::nullopt;
}

}  // namespace pass::opportunities
