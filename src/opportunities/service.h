// Opportunities from publishing to the pipeline (SPEC F4, F7, F8, F12): staff write, publish,
// close and copy their organisation's opportunities and describe the organisation; anyone browses
// what is published; young people apply, follow and withdraw their applications; staff work
// through the candidates of each opportunity and export them. Every organisation-side call names
// the organisation the caller has access to (checked by the caller from current listings: R4) and
// the service answers NotFound for anything of another organisation, so ids put in a URL or form
// reach nothing. Thread-safe as long as the Store and Clock are.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "mail/mail.h"
#include "opportunities/opportunity.h"
#include "opportunities/pipeline.h"
#include "participants/participant.h"

namespace pass::opportunities {

// A staff member acting for an organisation they have access to.
struct Staff {
  std::string oid;
  std::string email;  // for the audit log and notes
};

struct ApplicationForm {
  std::string message;
  std::string motivation;  // when the opportunity asks for one
  bool share_cv = false;   // the CV on the profile goes with the application
};

// An application as its author follows it.
struct MyApplication {
  Entry entry;
  Opportunity opportunity;
};

// A stage change on several candidates at once.
struct StageChange {
  Stage stage = Stage::kShortlisted;
  std::string reason;       // for kNotSelected: one of kNotSelectedReasons
  std::string reason_text;  // optional, in the organisation's words
};

// What an export contains, for the audit log.
enum class ExportFormat { kCsv, kXlsx };

class Service {
 public:
  Service(Store& store, const Clock& clock, mail::Composer compose, std::string public_url);

  // --- the organisation's opportunities
  Result<std::vector<Opportunity>> OfOrganisation(const Staff& staff);
  Result<std::map<int64_t, Counts>> CountsOf(const Staff& staff);
  Result<Opportunity> Get(const Staff& staff, int64_t id);
  // A new opportunity: a draft, or published at once when `o.status` says so (then it must be
  // publishable). Field errors name the field and the rule.
  Result<Opportunity> Create(const Staff& staff, Opportunity o);
  // Saves every field of `o` (its id names it). A status change in `o` publishes or closes.
  Result<Opportunity> Update(const Staff& staff, Opportunity o);
  Result<Opportunity> Publish(const Staff& staff, int64_t id);
  Result<Opportunity> Close(const Staff& staff, int64_t id);
  // A draft with every field of the original (its dates too, to be edited).
  Result<Opportunity> Copy(const Staff& staff, int64_t id);

  // --- the organisation's description (F7)
  Result<OrganisationProfile> Profile(std::string_view oid);
  Result<OrganisationProfile> SaveProfile(const Staff& staff, OrganisationProfile profile);

  // --- public
  // Published opportunities taking applications today; page from 1, per_page 1..100.
  Result<Page> Browse(const Filter& filter, int page, int per_page);
  // One opportunity as the public sees it: published or closed; NotFound for drafts.
  Result<Opportunity> View(int64_t id);

  // --- young people
  // Applies with the person's account: the opportunity takes applications, the person is
  // eligible (R8, R9: the error lists each failed check), has not applied already, and sends
  // what the opportunity asks (a message always; motivation, CV when asked).
  Result<Entry> Apply(const participants::Account& applicant, int64_t opportunity_id,
                      const ApplicationForm& form);
  Result<void> Withdraw(int64_t participant_id, int64_t entry_id);
  Result<std::vector<MyApplication>> ApplicationsOf(int64_t participant_id);
  // The person's application to one opportunity, if any.
  Result<std::optional<Entry>> ApplicationTo(int64_t participant_id, int64_t opportunity_id);

  // --- the pipeline
  Result<std::vector<Entry>> Pipeline(const Staff& staff, int64_t opportunity_id);
  Result<Entry> Candidate(const Staff& staff, int64_t opportunity_id, int64_t entry_id);
  Result<std::vector<Note>> Notes(const Staff& staff, int64_t opportunity_id, int64_t entry_id);
  // Moves every candidate in `entry_ids` (all of this opportunity's, or nothing moves).
  // Not selected needs a reason; the applicants among them are told in their language.
  Result<int> Move(const Staff& staff, int64_t opportunity_id,
                   const std::vector<int64_t>& entry_ids, const StageChange& change);
  Result<int> Tag(const Staff& staff, int64_t opportunity_id, const std::vector<int64_t>& entry_ids,
                  std::string tag, bool add);
  Result<void> AddNote(const Staff& staff, int64_t opportunity_id, int64_t entry_id,
                       std::string text);
  // The candidates to export (all when `entry_ids` is empty), recorded in the audit log with
  // who, which opportunity, the format and how many rows.
  Result<std::vector<Entry>> Export(const Staff& staff, int64_t opportunity_id,
                                    const std::vector<int64_t>& entry_ids, ExportFormat format);

  // Shortlisting from the candidate search (F9-F11): adds the people with these references to
  // the pipeline as shortlisted, unless they are already in it. Only people `findable` says
  // yes for (visible, eligible today); anyone else makes the whole call NotFound, as for a
  // reference that does not exist. Audit-logged with the count; returns how many were added.
  Result<int> Shortlist(const Staff& staff, int64_t opportunity_id,
                        const std::vector<std::string>& references,
                        const std::function<bool(const std::string&)>& findable);

  // --- the daily job: published opportunities past their last day close themselves.
  Result<int> CloseDue();

 private:
  Result<Opportunity> Own(Repository& repo, const Staff& staff, int64_t id);
  Result<std::vector<Entry>> Selected(Repository& repo, int64_t opportunity_id,
                                      const std::vector<int64_t>& entry_ids);

  Store& store_;
  const Clock& clock_;
  mail::Composer compose_;
  std::string public_url_;
};

}  // namespace pass::opportunities
