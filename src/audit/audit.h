// The append-only audit log (SPEC R7): who did what, when, to which organisation, and why.
// Every grant and denial of access, change of a listing, approval and revocation is an entry.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace pass::audit {

struct Entry {
  int64_t id = 0;  // set when stored
  Timestamp at;
  std::string actor;    // "person:42 <e-mail>", "cli:<user>", "system"
  std::string action;   // "access.granted", "authorisation.suspended", "staff.removed", ...
  std::string oid;      // the organisation concerned, or empty
  std::string subject;  // what was acted on: a reference, an e-mail, ...
  std::string reason;
  std::string detail;  // a JSON object with the particulars
};

// Appends and reads entries; there is no way to change or remove one (the database enforces it
// too, see migrations/0002).
class Repository {
 public:
  virtual ~Repository() = default;
  virtual Result<void> Append(const Entry& entry) = 0;
  virtual Result<void> AppendMany(const std::vector<Entry>& entries) = 0;
  // Newest first.
  virtual Result<std::vector<Entry>> ForOrganisation(std::string_view oid, int limit) = 0;
  virtual Result<std::vector<Entry>> ForSubject(std::string_view subject, int limit) = 0;
};

// The detail of an entry: a JSON object of text fields, and optionally one list of texts.
std::string Detail(std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                   std::string_view list_name = {}, const std::vector<std::string>& list = {});

// A small builder so call sites read as sentences.
Entry Make(Timestamp at, std::string actor, std::string action, std::string oid = {},
           std::string subject = {}, std::string reason = {}, std::string detail = "{}");

}  // namespace pass::audit
