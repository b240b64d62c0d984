// Saved searches (SPEC F11): a staff member keeps a candidate search under a name, runs it again
// from a list, and may ask for a daily e-mail when people newly match it. The e-mail says how
// many and links to the search; it carries no one's personal data. An alert only works for a
// search matching at most kMaxAlertMatches people (the people already seen are remembered per
// search), and stops when its owner no longer has access to the organisation (R4).
//
// Thread-safe as long as the Store, the search Service and the Clock are.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/store.h"
#include "mail/mail.h"
#include "search/service.h"

namespace pass::search {

inline constexpr size_t kMaxSavedSearches = 50;     // per staff member and organisation
inline constexpr size_t kMaxSavedNameLength = 100;  // characters
inline constexpr size_t kMaxSavedQueryBytes = 2000;
inline constexpr uint64_t kMaxAlertMatches = 2000;

struct SavedSearch {
  int64_t id = 0;
  std::string oid;
  int64_t person_id = 0;  // the staff member (access::Person)
  std::string email;      // where the alert goes: the address they signed in with
  std::string language;   // of the alert e-mail: the page's language when saved
  std::string name;
  std::string query;  // the search's parameters, URL-encoded as on the search page
  bool alert = false;
  Timestamp created_at;
  std::optional<Timestamp> last_alert_at;
};

// The staff member the saved searches belong to.
struct Owner {
  std::string oid;
  int64_t person_id = 0;
  std::string email;
  std::string language = "en";
};

class SavedRepository {
 public:
  virtual ~SavedRepository() = default;
  virtual Result<int64_t> Insert(const SavedSearch& s) = 0;
  virtual Result<std::optional<SavedSearch>> Find(int64_t id) = 0;
  virtual Result<std::vector<SavedSearch>> OfOwner(const std::string& oid, int64_t person_id) = 0;
  virtual Result<void> Delete(int64_t id) = 0;
  virtual Result<void> SetAlert(int64_t id, bool alert) = 0;
  virtual Result<std::vector<SavedSearch>> Alerting() = 0;
  virtual Result<std::vector<std::string>> Seen(int64_t id) = 0;
  virtual Result<void> ReplaceSeen(int64_t id, const std::vector<std::string>& references) = 0;
  virtual Result<void> MarkAlerted(int64_t id, Timestamp at) = 0;
  virtual audit::Repository& Audit() = 0;
  virtual mail::Outbox& Outbox() = 0;
};

using SavedStore = pass::Store<SavedRepository>;

struct DigestReport {
  int searches = 0;  // alerting searches looked at
  int mailed = 0;    // e-mails queued
  int stopped = 0;   // alerts switched off: the owner lost access
};

class SavedSearches {
 public:
  // `still_allowed(search)`: whether the owner may still act for the organisation today.
  SavedSearches(SavedStore& store, Service& search, const Clock& clock, mail::Composer compose,
                std::string public_url,
                std::function<Result<bool>(const SavedSearch&)> still_allowed);

  // Keeps `query` (checked as the search checks it) under `name`. With `alert`, the search must
  // match at most kMaxAlertMatches people; those matching now are the ones already seen.
  Result<SavedSearch> Save(const Owner& owner, std::string name, std::string query, bool alert);
  Result<std::vector<SavedSearch>> List(const Owner& owner);
  Result<void> Delete(const Owner& owner, int64_t id);
  Result<void> SetAlert(const Owner& owner, int64_t id, bool alert);

  // The daily alerts: for each alerting search not mailed in the last 20 hours, the people
  // matching now who were not matching before; one e-mail when there are any (at most one a
  // day per search, however often this runs).
  Result<DigestReport> RunDigests();

 private:
  // Every reference the search matches now, or InvalidInput on "alert" when there are too many.
  Result<std::vector<std::string>> Matching(const Owner& owner, const std::string& query);
  Result<SavedSearch> Own(SavedRepository& repo, const Owner& owner, int64_t id);

  SavedStore& store_;
  Service& search_;
  const Clock& clock_;
  mail::Composer compose_;
  std::string public_url_;
  std::function<Result<bool>(const SavedSearch&)> still_allowed_;
};

// A saved query's parameters as the search takes them.
Result<std::vector<std::pair<std::string, std::string>>> QueryPairs(const std::string& query);

}  // namespace pass::search
