#include "participants/service.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "audit/audit.h"
#include "codes/codes.h"
#include "core/random.h"
#include "core/strings.h"
#include "crypto/crypto.h"

namespace pass::participants {

namespace {

constexpr std::string_view kEventCodes[] = {"viewed", "cv_downloaded", "contacted"};

// Ten digits, never starting with 0, 1 or 2 (2 is the demo data's range), so a reference reads
// the same in every language and survives being typed on a phone.
std::string RandomReference() {
  std::array<unsigned char, 10> bytes{};
  SecureRandomBytes(bytes.data(), bytes.size());
  std::string out;
  out += static_cast<char>('3' + bytes[0] % 7);
  for (size_t i = 1; i < bytes.size(); ++i) out += static_cast<char>('0' + bytes[i] % 10);
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

Error CvError(Message reason) {
  return InvalidInput(Message("error.form.invalid"), {{"cv", std::move(reason)}});
}

// A file name safe to send back in Content-Disposition: the last path part, printable ASCII,
// ending in .pdf.
std::string CleanFileName(std::string_view name) {
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.') out += c;
    if (out.size() >= 80) break;
  }
  if (out.empty() || out == ".") out = "cv";
  if (out.size() < 4 || AsciiLower(out.substr(out.size() - 4)) != ".pdf") out += ".pdf";
  return out;
}

}  // namespace

std::string_view EventKindCode(EventKind kind) { return kEventCodes[static_cast<size_t>(kind)]; }

std::optional<EventKind> ParseEventKind(std::string_view code) {
  for (size_t i = 0; i < std::size(kEventCodes); ++i) {
    if (kEventCodes[i] == code) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

Result<void> CheckCv(std::string_view bytes) {
  if (bytes.empty()) return Fail(CvError("error.cv.empty"));
  if (bytes.size() > kMaxCvBytes) {
    return Fail(CvError(Message("error.cv.too_large",
                                {{"max_mib", std::to_string(kMaxCvBytes / (size_t{1024} * 1024))},
                                 {"size_kib", std::to_string((bytes.size() + 1023) / 1024)}})));
  }
  // The header must open the file (readers tolerate junk before it; we do not, so a file that
  // is something else with a PDF inside is refused) and the trailer must end it.
  const bool header = bytes.size() >= 8 && bytes.substr(0, 5) == "%PDF-" &&
                      (bytes[5] == '1' || bytes[5] == '2') && bytes[6] == '.' && bytes[7] >= '0' &&
                      bytes[7] <= '9';
  const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  if (!header || !Contains(tail, "%%EOF")) return Fail(CvError("error.cv.not_pdf"));
  for (const std::string_view active :
       {"/JavaScript", "/JS ", "/JS(", "/JS<", "/Launch", "/EmbeddedFile", "/RichMedia"}) {
    if (Contains(bytes, active)) return Fail(CvError("error.cv.active_content"));
  }
  return {};
}

Service::Service(Store& store, CvFiles& files, const Clock& clock, mail::Composer compose,
                 Options options, std::function<std::string()> new_reference)
    : store_(store),
      files_(files),
      clock_(clock),
      compose_(std::move(compose)),
      options_(std::move(options)),
      new_reference_(std::move(new_reference)) {
  if (!new_reference_) new_reference_ = RandomReference;
}

std::string Service::Pseudonym(std::string_view reference) const {
  return "erased-" +
         HexEncode(crypto::HmacSha256(options_.pseudonym_secret, reference)).substr(0, 24);
}

Result<Account> Service::Require(Repository& repo, const std::string& sub) {
  if (sub.empty()) return Fail(NotFound("error.participant.not_registered"));
  PASS_TRY(account, repo.FindAccountBySub(sub));
  if (!*account) return Fail(NotFound("error.participant.not_registered"));
  return std::move(**account);
}

Result<std::optional<Account>> Service::AccountFor(const std::string& sub) {
  if (sub.empty()) return std::optional<Account>();
  return store_.ReadValue([&](Repository& repo) { return repo.FindAccountBySub(sub); });
}

Result<std::optional<Summary>> Service::SignedIn(const std::string& sub) {
  if (sub.empty()) return std::optional<Summary>();
  const Date today = clock_.Today();
  PASS_TRY(summary, store_.ReadValue([&](Repository& repo) { return repo.FindSummaryBySub(sub); }));
  if (!*summary || ((*summary)->last_active == today && !(*summary)->hidden)) return summary;
  PASS_TRY(touched, store_.Write([&](Repository& repo) {
    return repo.Touch((*summary)->id, (*summary)->reference, today);
  }));
  (*summary)->last_active = today;
  (*summary)->hidden = false;
  return summary;
}

Result<Account> Service::Register(const Identity& who, const Registration& form) {
  if (who.sub.empty()) return Fail(Unauthenticated("error.auth.required"));
  const Date today = clock_.Today();
  Participant p;
  p.sub = who.sub;
  p.email = std::string(Trim(who.email));
  p.given_name = std::string(Trim(who.given_name));
  p.family_name = std::string(Trim(who.family_name));
  p.birth_date = form.birth_date;
  p.residence = codes::NormaliseCountry(form.residence).value_or(form.residence);
  p.contact_language = codes::IsLanguage(who.lang) ? who.lang : "en";
  p.last_active = today;
  if (form.humanitarian_only) p.activity_types = {"humanitarian_aid"};

  // In the order of the form, so the error summary reads top to bottom.
  std::vector<FieldError> fields;
  if (!form.birth_date.ok()) {
    fields.push_back({"birth_date", Message("error.field.date")});
  } else if (auto age = CheckRegistrationAge(p, today)) {
    fields.push_back(std::move(*age));
  }
  if (Trim(form.residence).empty()) {
    fields.push_back({"residence", Message("error.field.required")});
  } else if (!codes::IsCountry(p.residence)) {
    fields.push_back({"residence", Message("error.field.country", {{"value", form.residence}})});
  }
  if (!form.accepted_principles) {
    fields.push_back({"accept_principles", Message("error.field.must_accept")});
  }
  if (form.privacy_version_seen < options_.privacy_version) {
    fields.push_back({"accept_privacy", Message("error.field.privacy_changed")});
  } else if (!form.accepted_privacy) {
    fields.push_back({"accept_privacy", Message("error.field.must_accept")});
  }
  // Names and e-mail come from EU Login; if they do not fit, the person fixes them there.
  for (auto& f : CheckProfile(p)) {
    if (f.field == "given_name" || f.field == "family_name" || f.field == "email") {
      fields.push_back(
          {f.field, Message("error.participant.eu_login_field", {{"field", f.field}})});
    }
  }
  if (!fields.empty()) return Fail(InvalidInput("error.form.invalid", std::move(fields)));

  const Timestamp now = clock_.Now();
  return store_.WriteValue([&](Repository& repo) -> Result<Account> {
    PASS_TRY(existing, repo.FindAccountBySub(who.sub));
    if (*existing) return Fail(Conflict("error.participant.already_registered"));
    for (int attempt = 0;; ++attempt) {
      p.reference = new_reference_();
      PASS_TRY(taken, repo.FindByReference(p.reference));
      if (!*taken) break;
      if (attempt > 20) return Fail(Internal("no free participant reference"));
    }
    PASS_TRY(id, repo.Save(p));
    p.id = *id;
    PASS_TRY(consented, repo.SetConsent(p.id, options_.privacy_version, now, true));
    PASS_TRY(mailed, repo.Outbox().Enqueue(compose_(p.contact_language, "participant_registered",
                                                    {{"name", p.given_name},
                                                     {"reference", p.reference},
                                                     {"url", options_.public_url + "/young"}},
                                                    p.email, p.given_name + " " + p.family_name)));
    Account account;
    account.profile = p;
    account.consent_version = options_.privacy_version;
    account.consented_at = now;
    account.registered_at = now;
    return account;
  });
}

Result<void> Service::AcceptPrivacy(const std::string& sub, int version_seen) {
  if (version_seen < options_.privacy_version) {
    return Fail(InvalidInput("error.form.invalid",
                             {{"accept_privacy", Message("error.field.privacy_changed")}}));
  }
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(account, Require(repo, sub));
    return repo.SetConsent(account->profile.id, options_.privacy_version, clock_.Now(), false);
  });
}

Result<Account> Service::UpdateProfile(const std::string& sub, Participant edited) {
  const Date today = clock_.Today();
  return store_.WriteValue([&](Repository& repo) -> Result<Account> {
    PASS_TRY(account, Require(repo, sub));
    const Participant& stored = account->profile;
    edited.id = stored.id;
    edited.reference = stored.reference;
    edited.sub = stored.sub;
    edited.birth_date = stored.birth_date;
    edited.searchable = stored.searchable;
    edited.placements = stored.placements;
    edited.last_active = today;
    edited.residence = codes::NormaliseCountry(edited.residence).value_or(edited.residence);
    if (!edited.nationality.empty()) {
      edited.nationality = codes::NormaliseCountry(edited.nationality).value_or(edited.nationality);
    }
    std::vector<FieldError> fields = CheckProfile(edited);
    if (auto types = CheckActivityTypesForAge(edited, today)) fields.push_back(std::move(*types));
    if (!fields.empty()) return Fail(InvalidInput("error.form.invalid", std::move(fields)));
    PASS_TRY(saved, repo.Save(edited));
    account->profile = std::move(edited);
    return std::move(*account);
  });
}

Result<void> Service::SetVisible(const std::string& sub, bool visible) {
  const Date today = clock_.Today();
  return store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(account, Require(repo, sub));
    Participant p = account->profile;
    if (visible && !IsEligible(p, today)) {
      return Fail(InvalidInput("error.form.invalid",
                               {{"searchable", Message("error.participant.not_eligible")}}));
    }
    if (p.searchable == visible) return {};
    p.searchable = visible;
    p.last_active = today;
    PASS_TRY(saved, repo.Save(p));
    // Under the pseudonym, never the reference: the audit log outlives an erasure.
    const std::string pseudonym = Pseudonym(p.reference);
    return repo.Audit().Append(audit::Make(clock_.Now(), "participant:" + pseudonym,
                                           visible ? "participant.visible" : "participant.hidden",
                                           {}, pseudonym));
  });
}

Result<void> Service::UploadCv(const std::string& sub, std::string file_name,
                               std::string_view bytes) {
  PASS_TRY(checked, CheckCv(bytes));
  const std::string key = RandomHex(16);
  PASS_TRY(written, files_.Write(key, bytes));
  std::optional<std::string> replaced;
  auto saved = store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(account, Require(repo, sub));
    if (account->cv) replaced = account->cv->storage_key;
    Cv cv;
    cv.storage_key = key;
    cv.file_name = CleanFileName(file_name);
    cv.size_bytes = static_cast<int64_t>(bytes.size());
    cv.sha256 = crypto::Sha256Hex(bytes);
    cv.uploaded_at = clock_.Now();
    return repo.SetCv(account->profile.id, cv);
  });
  // Only one of the two files stays: the new one if the database took it, else the old one.
  (void)files_.Remove(saved ? replaced.value_or("") : key);
  return saved;
}

Result<void> Service::RemoveCv(const std::string& sub) {
  std::optional<std::string> removed;
  auto saved = store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(account, Require(repo, sub));
    if (!account->cv) return {};
    removed = account->cv->storage_key;
    return repo.SetCv(account->profile.id, std::nullopt);
  });
  if (saved && removed) (void)files_.Remove(*removed);
  return saved;
}

Result<CvFile> Service::OwnCv(const std::string& sub) {
  PASS_TRY(account, AccountFor(sub));
  if (!*account) return Fail(NotFound("error.participant.not_registered"));
  if (!(*account)->cv) return Fail(NotFound("error.cv.none"));
  PASS_TRY(bytes, files_.Read((*account)->cv->storage_key));
  return CvFile{(*account)->cv->file_name, std::move(*bytes)};
}

Result<Export> Service::ExportFor(const std::string& sub) {
  const Date today = clock_.Today();
  return store_.ReadValue([&](Repository& repo) -> Result<Export> {
    PASS_TRY(account, Require(repo, sub));
    PASS_TRY(events, repo.Events(account->profile.id));
    Export out;
    out.findable = IsFindable(account->profile, account->hidden_at.has_value(), today);
    out.completeness = MeasureCompleteness(account->profile, account->cv.has_value(), today);
    out.account = std::move(*account);
    out.events = std::move(*events);
    return out;
  });
}

Result<void> Service::Erase(const std::string& sub, std::string_view confirmation) {
  std::optional<std::string> cv_key;
  auto erased = store_.Write([&](Repository& repo) -> Result<void> {
    PASS_TRY(account, Require(repo, sub));
    const Participant& p = account->profile;
    if (Trim(confirmation) != p.reference) {
      return Fail(
          InvalidInput("error.form.invalid",
                       {{"confirm_reference", Message("error.participant.confirm_reference")}}));
    }
    if (account->cv) cv_key = account->cv->storage_key;
    const Timestamp now = clock_.Now();
    const std::string pseudonym = Pseudonym(p.reference);
    PASS_TRY(gone, repo.Erase(p, pseudonym, now));
    PASS_TRY(mailed, repo.Outbox().Enqueue(compose_(p.contact_language, "participant_erased",
                                                    {{"name", p.given_name}}, p.email,
                                                    p.given_name + " " + p.family_name)));
    return repo.Audit().Append(
        audit::Make(now, "participant:" + pseudonym, "participant.erased", {}, pseudonym,
                    "requested by the person",
                    audit::Detail({{"placements_kept", std::to_string(p.placements.size())}})));
  });
  if (erased && cv_key) (void)files_.Remove(*cv_key);
  return erased;
}

Result<RetentionReport> Service::RunRetention() {
  RetentionReport report;
  const Timestamp now = clock_.Now();
  const Date today = clock_.Today();
  const auto cutoff_ym = std::chrono::year_month(today.year(), today.month()) -
                         std::chrono::months(options_.inactive_hide_months);
  // The same day of the month, or its last day when shorter (29 Feb -> 28 Feb).
  const Date cutoff = std::chrono::year_month_day(
      cutoff_ym.year(), cutoff_ym.month(),
      std::min(today.day(), std::chrono::year_month_day_last(
                                cutoff_ym.year(), std::chrono::month_day_last(cutoff_ym.month()))
                                .day()));
  const Date deletion_day =
      Date(std::chrono::sys_days(today) + std::chrono::days(options_.deletion_grace_days));
  for (;;) {
    PASS_TRY(batch, store_.WriteValue([&](Repository& repo) -> Result<int> {
      PASS_TRY(inactive, repo.InactiveSince(cutoff, options_.retention_batch));
      for (const Account& a : *inactive) {
        const Participant& p = a.profile;
        PASS_TRY(hidden, repo.SetHidden(p.id, p.reference, now));
        PASS_TRY(mailed, repo.Outbox().Enqueue(
                             compose_(p.contact_language, "participant_inactive",
                                      {{"name", p.given_name},
                                       {"months", std::to_string(options_.inactive_hide_months)},
                                       {"deletion_date", FormatIsoDate(deletion_day)},
                                       {"url", options_.public_url + "/young"}},
                                      p.email, p.given_name + " " + p.family_name)));
      }
      return static_cast<int>(inactive->size());
    }));
    report.hidden += *batch;
    if (*batch < options_.retention_batch) break;
  }
  const Timestamp warned_before = now - std::chrono::days(options_.deletion_grace_days);
  for (;;) {
    std::vector<std::string> cv_keys;
    PASS_TRY(batch, store_.WriteValue([&](Repository& repo) -> Result<int> {
      PASS_TRY(due, repo.HiddenBefore(warned_before, options_.retention_batch));
      for (const Account& a : *due) {
        const std::string pseudonym = Pseudonym(a.profile.reference);
        PASS_TRY(gone, repo.Erase(a.profile, pseudonym, now));
        PASS_TRY(logged, repo.Audit().Append(audit::Make(
                             now, "system", "participant.erased", {}, pseudonym,
                             "inactive for " + std::to_string(options_.inactive_hide_months) +
                                 " months and warned")));
        if (a.cv) cv_keys.push_back(a.cv->storage_key);
      }
      return static_cast<int>(due->size());
    }));
    for (const auto& key : cv_keys) (void)files_.Remove(key);
    report.erased += *batch;
    if (*batch < options_.retention_batch) break;
  }
  return report;
}

Result<Participant> Service::OpenProfile(const std::string& reference,
                                         const OrganisationActor& by) {
  PASS_TRY(account, OpenAccount(reference, by));
  return std::move(account->profile);
}

Result<Account> Service::OpenAccount(const std::string& reference, const OrganisationActor& by,
                                     Door door) {
  const Date today = clock_.Today();
  return store_.WriteValue([&](Repository& repo) -> Result<Account> {
    PASS_TRY(account, repo.FindAccountByReference(reference));
    if (!*account || (door == Door::kFindable &&
                      !IsFindable((*account)->profile, (*account)->hidden_at.has_value(), today)))
      return Fail(NotFound("error.participant.not_found"));
    PASS_TRY(recorded, repo.RecordEvent((*account)->profile.id,
                                        {EventKind::kViewed, by.oid, by.name, clock_.Now()}));
    Account out = std::move(**account);
    if (!out.profile.sensitive_shared) {
      out.profile.fewer_opportunities = false;
      out.profile.support_needs.clear();
    }
    return out;
  });
}

Result<CvFile> Service::OpenCv(const std::string& reference, const OrganisationActor& by,
                               Door door) {
  const Date today = clock_.Today();
  PASS_TRY(cv, store_.WriteValue([&](Repository& repo) -> Result<Cv> {
    PASS_TRY(account, repo.FindAccountByReference(reference));
    if (!*account || !(*account)->cv ||
        (door == Door::kFindable &&
         !IsFindable((*account)->profile, (*account)->hidden_at.has_value(), today)))
      return Fail(NotFound("error.participant.not_found"));
    PASS_TRY(recorded, repo.RecordEvent((*account)->profile.id,
                                        {EventKind::kCvDownloaded, by.oid, by.name, clock_.Now()}));
    return *(*account)->cv;
  }));
  PASS_TRY(bytes, files_.Read(cv->storage_key));
  return CvFile{cv->file_name, std::move(*bytes)};
}

}  // namespace pass::participants
