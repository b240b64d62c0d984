#include "opportunities/service.h"

#include <algorithm>
#include <set>

#include "core/fields.h"
#include "core/strings.h"
#include "participants/profile.h"

namespace pass::opportunities {

namespace {

Error NoSuchOpportunity() { return NotFound(Message("error.opportunity.not_found")); }
Error NoSuchCandidate() { return NotFound(Message("error.candidate.not_found")); }

Error Invalid(std::vector<FieldError> fields) {
  return InvalidInput(Message("error.form.invalid"), std::move(fields));
}

std::string Actor(const Staff& staff) { return "staff <" + staff.email + ">"; }

std::string Id(int64_t id) { return std::to_string(id); }

}  // namespace

std::string_view StageCode(Stage stage) {
  switch (stage) {
    case Stage::kNew:
      return "new";
    case Stage::kShortlisted:
      return "shortlisted";
    case Stage::kContacted:
      return "contacted";
    case Stage::kInterview:
      return "interview";
    case Stage::kOffered:
      return "offered";
    case Stage::kMatched:
      return "matched";
    case Stage::kNotSelected:
      return "not_selected";
    case Stage::kWithdrawn:
      return "withdrawn";
  }
  return "new";
}

std::vector<Stage> AllStages() {
  return {Stage::kNew,     Stage::kShortlisted, Stage::kContacted,   Stage::kInterview,
          Stage::kOffered, Stage::kMatched,     Stage::kNotSelected, Stage::kWithdrawn};
}

std::optional<Stage> ParseStage(std::string_view code) {
  for (const Stage s : AllStages()) {
    if (StageCode(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view ApplicantStatus(Stage stage) {
  switch (stage) {
    case Stage::kNew:
      return "received";
    case Stage::kShortlisted:
    case Stage::kContacted:
    case Stage::kInterview:
      return "in_progress";
    case Stage::kOffered:
      return "offered";
    case Stage::kMatched:
      return "matched";
    case Stage::kNotSelected:
      return "not_selected";
    case Stage::kWithdrawn:
      return "withdrawn";
  }
  return "received";
}

bool StaffMayMoveTo(Stage stage) {
  return stage == Stage::kNew || stage == Stage::kShortlisted || stage == Stage::kContacted ||
         stage == Stage::kInterview || stage == Stage::kNotSelected;
}

bool IsNotSelectedReason(std::string_view code) {
  return std::find(std::begin(kNotSelectedReasons), std::end(kNotSelectedReasons), code) !=
         std::end(kNotSelectedReasons);
}

Service::Service(Store& store, const Clock& clock, mail::Composer compose, std::string public_url)
    : store_(store),
      clock_(clock),
      compose_(std::move(compose)),
      public_url_(std::move(public_url)) {}

Result<Opportunity> Service::Own(Repository& repo, const Staff& staff, int64_t id) {
  PASS_TRY(found, repo.Find(id));
  if (!*found || (*found)->oid != staff.oid) return Fail(NoSuchOpportunity());
  return std::move(**found);
}

Result<std::vector<Opportunity>> Service::OfOrganisation(const Staff& staff) {
  return store_.ReadValue([&](Repository& repo) { return repo.OfOrganisation(staff.oid); });
}

Result<std::map<int64_t, Counts>> Service::CountsOf(const Staff& staff) {
  return store_.ReadValue([&](Repository& repo) { return repo.CountsOf(staff.oid); });
}

Result<Opportunity> Service::Get(const Staff& staff, int64_t id) {
  return store_.ReadValue([&](Repository& repo) { return Own(repo, staff, id); });
}

Result<Opportunity> Service::Create(const Staff& staff, Opportunity o) {
  o.id = 0;
  o.oid = staff.oid;
  o.published_at.reset();
  o.closed_because.clear();
  const Date today = clock_.Today();
  if (o.status == Status::kClosed) {
    return Fail(Invalid({{"status", Message("error.opportunity.create_closed")}}));
  }
  auto problems = o.status == Status::kPublished ? CheckPublishable(o, today) : CheckOpportunity(o);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  if (o.status == Status::kPublished) o.published_at = now;
  return store_.WriteValue([&](Repository& repo) -> Result<Opportunity> {
    PASS_TRY(id, repo.Save(o));
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(
                 now, Actor(staff),
                 o.status == Status::kPublished ? "opportunity.published" : "opportunity.created",
                 staff.oid, "opportunity:" + Id(*id), {}, audit::Detail({{"title", o.title}}))));
    PASS_TRY(saved, repo.Find(*id));
    return std::move(**saved);
  });
}

Result<Opportunity> Service::Update(const Staff& staff, Opportunity o) {
  const Date today = clock_.Today();
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<Opportunity> {
    PASS_TRY(old, Own(repo, staff, o.id));
    o.oid = staff.oid;
    o.published_at = old->published_at;
    o.closed_because = old->closed_because;
    if (old->status == Status::kDraft && o.status == Status::kClosed) {
      return Fail(Conflict("error.opportunity.not_published"));
    }
    if (old->status != Status::kDraft && o.status == Status::kDraft) {
      // Candidates have seen it; it can be closed, not taken back.
      return Fail(Invalid({{"status", Message("error.opportunity.back_to_draft")}}));
    }
    auto problems =
        o.status == Status::kPublished ? CheckPublishable(o, today) : CheckOpportunity(o);
    if (!problems.empty()) return Fail(Invalid(std::move(problems)));
    std::string action = "opportunity.updated";
    if (o.status == Status::kPublished && old->status != Status::kPublished) {
      action = "opportunity.published";
      o.closed_because.clear();
      o.published_at = now;  // published again: new again
    } else if (o.status == Status::kClosed && old->status != Status::kClosed) {
      action = "opportunity.closed";
      o.closed_because = "closed";
    }
    PASS_TRY(id, repo.Save(o));
    PASS_TRY(logged, repo.Audit().Append(audit::Make(now, Actor(staff), action, staff.oid,
                                                     "opportunity:" + Id(o.id), {},
                                                     audit::Detail({{"title", o.title}}))));
    PASS_TRY(saved, repo.Find(o.id));
    return std::move(**saved);
  });
}

Result<Opportunity> Service::Publish(const Staff& staff, int64_t id) {
  PASS_TRY(o, Get(staff, id));
  if (o->status == Status::kPublished) return Fail(Conflict("error.opportunity.already_published"));
  o->status = Status::kPublished;
  return Update(staff, std::move(*o));
}

Result<Opportunity> Service::Close(const Staff& staff, int64_t id) {
  PASS_TRY(o, Get(staff, id));
  if (o->status != Status::kPublished) return Fail(Conflict("error.opportunity.not_published"));
  o->status = Status::kClosed;
  return Update(staff, std::move(*o));
}

Result<Opportunity> Service::Copy(const Staff& staff, int64_t id) {
  PASS_TRY(o, Get(staff, id));
  o->status = Status::kDraft;
  // The copy keeps everything, dates included; they are checked again when it is published.
  Opportunity copy = std::move(*o);
  copy.id = 0;
  copy.published_at.reset();
  copy.closed_because.clear();
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<Opportunity> {
    PASS_TRY(new_id, repo.Save(copy));
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(
                 now, Actor(staff), "opportunity.copied", staff.oid, "opportunity:" + Id(*new_id),
                 {}, audit::Detail({{"title", copy.title}, {"copied_from", Id(id)}}))));
    PASS_TRY(saved, repo.Find(*new_id));
    return std::move(**saved);
  });
}

Result<OrganisationProfile> Service::Profile(std::string_view oid) {
  return store_.ReadValue([&](Repository& repo) -> Result<OrganisationProfile> {
    PASS_TRY(found, repo.FindProfile(oid));
    if (*found) return std::move(**found);
    OrganisationProfile empty;
    empty.oid = std::string(oid);
    return empty;
  });
}

Result<OrganisationProfile> Service::SaveProfile(const Staff& staff, OrganisationProfile profile) {
  profile.oid = staff.oid;
  profile.website = std::string(Trim(profile.website));
  if (auto problems = CheckOrganisationProfile(profile); !problems.empty())
    return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<OrganisationProfile> {
    PASS_TRY(saved, repo.SaveProfile(profile));
    PASS_TRY(logged, repo.Audit().Append(audit::Make(
                         now, Actor(staff), "organisation.profile_updated", staff.oid, staff.oid)));
    return profile;
  });
}

Result<Page> Service::Browse(const Filter& filter, int page, int per_page) {
  page = std::max(page, 1);
  per_page = std::clamp(per_page, 1, 100);
  return store_.ReadValue(
      [&](Repository& repo) { return repo.Published(filter, clock_.Today(), page, per_page); });
}

Result<Opportunity> Service::View(int64_t id) {
  return store_.ReadValue([&](Repository& repo) -> Result<Opportunity> {
    PASS_TRY(found, repo.Find(id));
    if (!*found || (*found)->status == Status::kDraft) return Fail(NoSuchOpportunity());
    return std::move(**found);
  });
}

Result<Entry> Service::Apply(const participants::Account& applicant, int64_t opportunity_id,
                             const ApplicationForm& form) {
  const participants::Participant& p = applicant.profile;
  const Date today = clock_.Today();
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<Entry> {
    PASS_TRY(found, repo.Find(opportunity_id));
    if (!*found || (*found)->status == Status::kDraft) return Fail(NoSuchOpportunity());
    const Opportunity& o = **found;
    if (!TakesApplications(o, today)) return Fail(Conflict("error.application.closed"));

    std::vector<FieldError> problems;
    for (const auto& check : CheckEligibility(o, p.birth_date, p.residence, today)) {
      if (!check.passed) problems.push_back({"eligibility", check.explanation});
    }
    if (!problems.empty()) {
      return Fail(InvalidInput(Message("error.application.not_eligible"), std::move(problems)));
    }
    if (Trim(form.message).empty())
      problems.push_back({"message", Message("error.field.required")});
    fields::CheckText(problems, "message", form.message, kMaxMessageLength);
    if (o.asks_motivation && Trim(form.motivation).empty())
      problems.push_back({"motivation", Message("error.application.motivation_asked")});
    fields::CheckText(problems, "motivation", form.motivation, participants::kMaxFreeTextLength);
    if (o.asks_cv && !form.share_cv)
      problems.push_back({"share_cv", Message("error.application.cv_asked")});
    if (form.share_cv && !applicant.cv)
      problems.push_back({"share_cv", Message("error.application.no_cv")});
    if (!problems.empty()) return Fail(Invalid(std::move(problems)));

    PASS_TRY(existing, repo.FindEntryOf(o.id, p.id));
    Entry entry;
    if (*existing) {
      // Shortlisted by the organisation, or withdrawn earlier: the application takes the row.
      if ((*existing)->applied && (*existing)->stage != Stage::kWithdrawn)
        return Fail(Conflict("error.application.duplicate"));
      entry = std::move(**existing);
    }
    const bool applied_before = entry.applied;
    entry.opportunity_id = o.id;
    entry.participant_id = p.id;
    entry.applied = true;
    entry.message = form.message;
    entry.motivation = o.asks_motivation ? form.motivation : std::string();
    entry.share_cv = form.share_cv;
    entry.applied_at = now;
    // A fresh start for a new application, one after a withdrawal, and one from someone the
    // organisation had set aside without their ever applying (nobody told them).
    if (entry.id == 0 || entry.stage == Stage::kWithdrawn ||
        (!applied_before && entry.stage == Stage::kNotSelected)) {
      entry.stage = Stage::kNew;
      entry.reason.clear();
      entry.reason_text.clear();
    }
    PASS_TRY(id, repo.SaveEntry(entry));
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(now, "participant:" + p.reference, "application.sent",
                                             o.oid, "opportunity:" + Id(o.id))));
    PASS_TRY(saved, repo.FindEntry(*id));
    return std::move(**saved);
  });
}

Result<void> Service::Withdraw(int64_t participant_id, int64_t entry_id) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(found, repo.FindEntry(entry_id));
    if (!*found || (*found)->participant_id != participant_id || !(*found)->applied)
      return Fail(NotFound(Message("error.application.not_found")));
    Entry entry = std::move(**found);
    if (entry.stage == Stage::kWithdrawn) return {};
    // An offer is answered (declined) in the inbox, which withdraws it properly (F14).
    if (entry.stage == Stage::kMatched) return Fail(Conflict("error.application.matched"));
    if (entry.stage == Stage::kOffered) return Fail(Conflict("error.application.offered"));
    entry.stage = Stage::kWithdrawn;
    PASS_TRY(saved, repo.SaveEntry(entry));
    PASS_TRY(o, repo.Find(entry.opportunity_id));
    return repo.Audit().Append(audit::Make(now, "participant:" + entry.reference,
                                           "application.withdrawn", *o ? (*o)->oid : "",
                                           "opportunity:" + Id(entry.opportunity_id)));
  });
}

Result<std::vector<MyApplication>> Service::ApplicationsOf(int64_t participant_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::vector<MyApplication>> {
    PASS_TRY(entries, repo.EntriesOf(participant_id));
    std::vector<MyApplication> out;
    for (Entry& e : *entries) {
      if (!e.applied) continue;  // shortlisted without applying: the organisation's own list
      e.tags.clear();            // the organisation's own
      e.notes = 0;
      PASS_TRY(o, repo.Find(e.opportunity_id));
      if (!*o) continue;
      out.push_back({std::move(e), std::move(**o)});
    }
    return out;
  });
}

Result<std::optional<Entry>> Service::ApplicationTo(int64_t participant_id,
                                                    int64_t opportunity_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::optional<Entry>> {
    PASS_TRY(found, repo.FindEntryOf(opportunity_id, participant_id));
    if (*found && !(*found)->applied) return std::optional<Entry>();
    return std::move(*found);
  });
}

Result<std::vector<Entry>> Service::Pipeline(const Staff& staff, int64_t opportunity_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::vector<Entry>> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    return repo.Pipeline(o->id);
  });
}

Result<Entry> Service::Candidate(const Staff& staff, int64_t opportunity_id, int64_t entry_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<Entry> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(found, repo.FindEntry(entry_id));
    if (!*found || (*found)->opportunity_id != o->id) return Fail(NoSuchCandidate());
    return std::move(**found);
  });
}

Result<std::vector<Note>> Service::Notes(const Staff& staff, int64_t opportunity_id,
                                         int64_t entry_id) {
  return store_.ReadValue([&](Repository& repo) -> Result<std::vector<Note>> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(found, repo.FindEntry(entry_id));
    if (!*found || (*found)->opportunity_id != o->id) return Fail(NoSuchCandidate());
    return repo.Notes(entry_id);
  });
}

Result<std::vector<Entry>> Service::Selected(Repository& repo, int64_t opportunity_id,
                                             const std::vector<int64_t>& entry_ids) {
  PASS_TRY(all, repo.Pipeline(opportunity_id));
  if (entry_ids.empty()) return std::move(*all);
  const std::set<int64_t> wanted(entry_ids.begin(), entry_ids.end());
  std::vector<Entry> out;
  for (Entry& e : *all) {
    if (wanted.contains(e.id)) out.push_back(std::move(e));
  }
  // An id of another opportunity (or organisation) makes the whole action fail: nothing moves.
  if (out.size() != wanted.size()) return Fail(NoSuchCandidate());
  return out;
}

Result<int> Service::Move(const Staff& staff, int64_t opportunity_id,
                          const std::vector<int64_t>& entry_ids, const StageChange& change) {
  if (entry_ids.empty())
    return Fail(Invalid({{"selected", Message("error.pipeline.none_selected")}}));
  std::vector<FieldError> problems;
  if (!StaffMayMoveTo(change.stage)) {
    problems.push_back({"stage", Message("error.pipeline.stage_not_manual",
                                         {{"stage", std::string(StageCode(change.stage))}})});
  }
  if (change.stage == Stage::kNotSelected) {
    if (change.reason.empty()) {
      problems.push_back({"reason", Message("error.pipeline.reason_required")});
    } else if (!IsNotSelectedReason(change.reason)) {
      problems.push_back(
          {"reason", Message("error.pipeline.reason_unknown", {{"value", change.reason}})});
    }
    fields::CheckText(problems, "reason_text", change.reason_text, kMaxReasonTextLength);
  }
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(selected, Selected(repo, o->id, entry_ids));
    int moved = 0;
    for (Entry& e : *selected) {
      if (e.stage == change.stage) continue;
      if (e.stage == Stage::kWithdrawn || e.stage == Stage::kMatched ||
          e.stage == Stage::kOffered) {
        // The applicant's or the offer's state is not the organisation's to overwrite.
        return Fail(Conflict(
            Message("error.pipeline.stage_locked",
                    {{"reference", e.reference}, {"stage", std::string(StageCode(e.stage))}})));
      }
      e.stage = change.stage;
      e.reason = change.stage == Stage::kNotSelected ? change.reason : std::string();
      e.reason_text = change.stage == Stage::kNotSelected ? change.reason_text : std::string();
      PASS_TRY(saved, repo.SaveEntry(e));
      if (e.applied && change.stage == Stage::kNotSelected) {
        PASS_TRY(mailed,
                 repo.Outbox().Enqueue(compose_(e.language, "application_declined",
                                                {{"name", e.given_name},
                                                 {"title", o->title},
                                                 {"organisation", o->organisation_name},
                                                 {"reason_code", e.reason},
                                                 {"reason_text", e.reason_text},
                                                 {"url", public_url_ + "/young/applications"}},
                                                e.email, e.given_name + " " + e.family_name)));
      }
      ++moved;
    }
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(now, Actor(staff), "pipeline.moved", staff.oid,
                                             "opportunity:" + Id(o->id), change.reason,
                                             audit::Detail({{"stage", StageCode(change.stage)},
                                                            {"count", std::to_string(moved)}}))));
    return moved;
  });
}

Result<int> Service::Shortlist(const Staff& staff, int64_t opportunity_id,
                               const std::vector<std::string>& references,
                               const std::function<bool(const std::string&)>& findable) {
  if (references.empty()) {
    return Fail(Invalid({{"selected", Message("error.pipeline.none_selected")}}));
  }
  if (references.size() > kMaxShortlist) {
    return Fail(Invalid(
        {{"selected", Message("error.field.too_many", {{"max", std::to_string(kMaxShortlist)}})}}));
  }
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    int added = 0;
    for (const auto& reference : references) {
      PASS_TRY(id, repo.ParticipantIdOf(reference));
      if (!*id || !findable(reference)) {
        return Fail(NotFound(Message("error.search.person_not_found")));
      }
      PASS_TRY(existing, repo.FindEntryOf(o->id, **id));
      if (*existing) continue;
      Entry e;
      e.opportunity_id = o->id;
      e.participant_id = **id;
      e.applied = false;
      e.stage = Stage::kShortlisted;
      PASS_TRY(saved, repo.SaveEntry(e));
      ++added;
    }
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(now, Actor(staff), "pipeline.shortlisted", staff.oid,
                                             "opportunity:" + Id(o->id), "",
                                             audit::Detail({{"count", std::to_string(added)}}))));
    return added;
  });
}

Result<int> Service::Tag(const Staff& staff, int64_t opportunity_id,
                         const std::vector<int64_t>& entry_ids, std::string tag, bool add) {
  tag = std::string(Trim(tag));
  std::vector<FieldError> problems;
  if (entry_ids.empty()) problems.push_back({"selected", Message("error.pipeline.none_selected")});
  fields::CheckLine(problems, "tag", tag, true, kMaxTagLength);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  return store_.WriteValue([&](Repository& repo) -> Result<int> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(selected, Selected(repo, o->id, entry_ids));
    int changed = 0;
    for (Entry& e : *selected) {
      auto at = std::find(e.tags.begin(), e.tags.end(), tag);
      if (add == (at != e.tags.end())) continue;
      if (add) {
        if (e.tags.size() >= kMaxTags) {
          return Fail(Invalid(
              {{"tag", Message("error.pipeline.too_many_tags",
                               {{"reference", e.reference}, {"max", std::to_string(kMaxTags)}})}}));
        }
        e.tags.push_back(tag);
      } else {
        e.tags.erase(at);
      }
      PASS_TRY(saved, repo.SaveEntry(e));
      ++changed;
    }
    return changed;
  });
}

Result<void> Service::AddNote(const Staff& staff, int64_t opportunity_id, int64_t entry_id,
                              std::string text) {
  std::vector<FieldError> problems;
  if (Trim(text).empty()) problems.push_back({"note", Message("error.field.required")});
  fields::CheckText(problems, "note", text, kMaxNoteLength);
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  const Timestamp now = clock_.Now();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(found, repo.FindEntry(entry_id));
    if (!*found || (*found)->opportunity_id != o->id) return Fail(NoSuchCandidate());
    return repo.AddNote({0, entry_id, staff.email, std::move(text), now});
  });
}

Result<std::vector<Entry>> Service::Export(const Staff& staff, int64_t opportunity_id,
                                           const std::vector<int64_t>& entry_ids,
                                           ExportFormat format) {
  const Timestamp now = clock_.Now();
  // A write: the audit entry and the export stand or fall together.
  return store_.WriteValue([&](Repository& repo) -> Result<std::vector<Entry>> {
    PASS_TRY(o, Own(repo, staff, opportunity_id));
    PASS_TRY(selected, Selected(repo, o->id, entry_ids));
    PASS_TRY(logged,
             repo.Audit().Append(audit::Make(
                 now, Actor(staff), "pipeline.exported", staff.oid, "opportunity:" + Id(o->id), {},
                 audit::Detail({{"format", format == ExportFormat::kCsv ? "csv" : "xlsx"},
                                {"rows", std::to_string(selected->size())}}))));
    return std::move(*selected);
  });
}

Result<int> Service::CloseDue() {
  const Date today = clock_.Today();
  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<int> {
    PASS_TRY(due, repo.DueToClose(today));
    int closed = 0;
    for (Opportunity& o : *due) {
      const auto because = ClosesBecause(o, today);
      if (!because) continue;
      o.status = Status::kClosed;
      o.closed_because = std::string(*because);
      PASS_TRY(saved, repo.Save(o));
      PASS_TRY(logged,
               repo.Audit().Append(audit::Make(now, "system", "opportunity.closed", o.oid,
                                               "opportunity:" + Id(o.id), o.closed_because)));
      ++closed;
    }
    return closed;
  });
}

}  // namespace pass::opportunities
