#include "web/young_pages.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "codes/codes.h"
#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/form_view.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;
using participants::Participant;

namespace {

constexpr size_t kBlankLanguageRows = 2;
constexpr size_t kBlankPeriodRows = 1;

constexpr std::string_view kDoneCodes[] = {"registered", "consented",   "saved",      "visible",
                                           "invisible",  "cv_uploaded", "cv_removed", "more_rows"};

void AddDone(const YoungDeps& d, const http::Request& request, std::string_view lang, Data& page) {
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kDoneCodes), std::end(kDoneCodes), done) != std::end(kDoneCodes))
    page.set("done_text", d.site.T(lang, Message("young.done." + done)));
}

// A signed-in person, or the answer for a visitor (the sign-in page).
struct Entry {
  std::optional<Viewer> viewer;
  std::optional<http::Response> response;
};

Entry Enter(const YoungDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return {std::nullopt, d.site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) return {std::nullopt, LoginRedirect(request)};
  return {std::move(*viewer), std::nullopt};
}

// A registered person who accepted the statement in force; anyone else is sent where they
// belong (registration, or the statement to accept again).
Entry EnterRegistered(const YoungDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return e;
  if (!e.viewer->participant ||
      e.viewer->participant->consent_version < d.participants.options().privacy_version)
    return {std::nullopt, Redirect("/young")};
  return e;
}

struct FormEntry {
  std::optional<Viewer> viewer;
  http::FormData form;
  std::optional<http::Response> response;
};

FormEntry EnterForm(const YoungDeps& d, const http::Request& request, bool registered) {
  Entry e = registered ? EnterRegistered(d, request) : Enter(d, request);
  if (e.response) return {std::nullopt, {}, std::move(e.response)};
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *e.viewer, *form))
    return {std::nullopt, {}, d.site.RenderError(request, Forbidden(Message("error.csrf")))};
  return {std::move(e.viewer), std::move(*form), std::nullopt};
}

std::map<std::string, std::string> FieldMessages(const YoungDeps& d, std::string_view lang,
                                                 const Error& error) {
  std::map<std::string, std::string> out;
  for (const auto& f : error.fields) out.emplace(f.field, d.site.T(lang, f.message));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Registration and consent

Data RegistrationPage(const YoungDeps& d, const http::Request& request, std::string_view lang,
                      const Viewer& viewer, const http::FormData* form, const Error* error) {
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.register.title"), &viewer);
  page.set("csrf", viewer.csrf);
  page.set("given_name", viewer.person->given_name);
  page.set("family_name", viewer.person->family_name);
  page.set("email", viewer.person->email);
  page.set("privacy_version", std::to_string(d.participants.options().privacy_version));
  page.set("min_age", std::to_string(participants::kMinRegistrationAge));
  page.set("max_age", std::to_string(participants::kMaxAge));
  page.set("max_humanitarian_age", std::to_string(participants::kMaxHumanitarianAge));
  const std::string residence = form ? form->Get("residence") : "";
  page.set("v_birth_date", form ? form->Get("birth_date") : "");
  page.set("countries", CountryOptions(d.site, lang, {residence}, true));
  page.set("v_humanitarian_only", form != nullptr && form->Has("humanitarian_only"));
  page.set("v_accept_principles", form != nullptr && form->Has("accept_principles"));
  page.set("v_accept_privacy", form != nullptr && form->Has("accept_privacy"));
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  return page;
}

http::Response ConsentPage(const YoungDeps& d, const http::Request& request, std::string_view lang,
                           const Viewer& viewer, const Error* error) {
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.consent.title"), &viewer);
  page.set("csrf", viewer.csrf);
  page.set("privacy_version", std::to_string(d.participants.options().privacy_version));
  page.set("accepted_version", std::to_string(viewer.participant->consent_version));
  page.set("never_accepted", viewer.participant->consent_version == 0);
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  return d.site.Render("pages/young/consent", lang, page, error ? 422 : 200);
}

// ---------------------------------------------------------------------------------------------
// Home: the reference, visibility and the completeness meter

void AddCompleteness(const YoungDeps& d, std::string_view lang, Data& page,
                     const participants::Completeness& c) {
  page.set("percent", std::to_string(c.percent));
  list todo;
  for (const auto& item : c.items) {
    if (item.done) continue;
    data t;
    t.set("advice", d.site.T(lang, item.advice));
    t.set("points", std::to_string(item.weight));
    t.set("anchor", item.field == "searchable" ? "/young#visibility"
                    : item.field == "cv"       ? "/young/profile#cv"
                                               : "/young/profile#f-" + item.field);
    todo.push_back(t);
  }
  page.set("has_todo", !todo.empty());
  page.set("todo", todo);
}

http::Response Home(YoungDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const Viewer& viewer = *e.viewer;
  const std::string lang = d.site.Language(request);
  if (!viewer.participant) {
    Data page = RegistrationPage(d, request, lang, viewer, nullptr, nullptr);
    return d.site.Render("pages/young/register", lang, page);
  }
  if (viewer.participant->consent_version < d.participants.options().privacy_version)
    return ConsentPage(d, request, lang, viewer, nullptr);

  auto exported = d.participants.ExportFor(viewer.person->sub);
  if (!exported) return d.site.RenderError(request, exported.error());
  const Participant& p = exported->account.profile;
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.home.title"), &viewer);
  AddDone(d, request, lang, page);
  page.set("csrf", viewer.csrf);
  page.set("given_name", p.given_name);
  page.set("reference", p.reference);
  page.set("searchable", p.searchable);
  page.set("findable", exported->findable);
  page.set("eligible", participants::IsEligible(p, d.clock.Today()));
  page.set("hidden_inactive", exported->account.hidden_at.has_value());
  AddCompleteness(d, lang, page, exported->completeness);
  int viewed = 0, contacted = 0;
  for (const auto& ev : exported->events) {
    if (ev.kind == participants::EventKind::kContacted) {
      ++contacted;
    } else {
      ++viewed;
    }
  }
  page.set("viewed_text",
           d.site.T(lang, Message("young.home.viewed_count", {{"count", std::to_string(viewed)}})));
  page.set("contacted_text", d.site.T(lang, Message("young.home.contacted_count",
                                                    {{"count", std::to_string(contacted)}})));
  return d.site.Render("pages/young/home", lang, page);
}

http::Response Register(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, false);
  if (e.response) return std::move(*e.response);
  const Viewer& viewer = *e.viewer;
  if (viewer.participant) return Redirect("/young");
  const std::string lang = d.site.Language(request);
  participants::Registration form;
  form.birth_date = ParseIsoDate(Trim(e.form.Get("birth_date"))).value_or(Date{});
  form.residence = e.form.Get("residence");
  form.humanitarian_only = e.form.Has("humanitarian_only");
  form.accepted_principles = e.form.Has("accept_principles");
  form.accepted_privacy = e.form.Has("accept_privacy");
  form.privacy_version_seen = static_cast<int>(ParseInt(e.form.Get("privacy_version")).value_or(0));
  participants::Identity who{
      viewer.person->sub,        viewer.person->email,       viewer.person->email_verified,
      viewer.person->given_name, viewer.person->family_name, lang};
  auto registered = d.participants.Register(who, form);
  if (!registered) {
    if (registered.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, registered.error());
    Data page = RegistrationPage(d, request, lang, viewer, &e.form, &registered.error());
    return d.site.Render("pages/young/register", lang, page, 422);
  }
  return Redirect("/young?done=registered");
}

http::Response Consent(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, false);
  if (e.response) return std::move(*e.response);
  if (!e.viewer->participant) return Redirect("/young");
  const std::string lang = d.site.Language(request);
  Result<void> accepted = Fail(
      InvalidInput("error.form.invalid", {{"accept_privacy", Message("error.field.must_accept")}}));
  if (e.form.Has("accept_privacy")) {
    accepted = d.participants.AcceptPrivacy(
        e.viewer->person->sub,
        static_cast<int>(ParseInt(e.form.Get("privacy_version")).value_or(0)));
  }
  if (!accepted) {
    if (accepted.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, accepted.error());
    return ConsentPage(d, request, lang, *e.viewer, &accepted.error());
  }
  return Redirect("/young?done=consented");
}

http::Response SetVisibility(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, true);
  if (e.response) return std::move(*e.response);
  const bool visible = e.form.Get("visible") == "1";
  auto changed = d.participants.SetVisible(e.viewer->person->sub, visible);
  if (!changed) return d.site.RenderError(request, changed.error());
  return Redirect(visible ? "/young?done=visible#visibility" : "/young?done=invisible#visibility");
}

// ---------------------------------------------------------------------------------------------
// The profile form

struct ProfileForm {
  Participant profile;
  std::vector<FieldError> problems;  // what could not even be read (a level that is no level)
  size_t language_rows = 0;
  size_t period_rows = 0;
};

size_t RowCount(const http::FormData& form, std::string_view name, size_t max) {
  return std::min<size_t>(static_cast<size_t>(std::max(0LL, ParseInt(form.Get(name)).value_or(0))),
                          max);
}

ProfileForm ReadProfileForm(const http::FormData& form) {
  ProfileForm out;
  Participant& p = out.profile;
  p.given_name = std::string(Trim(form.Get("given_name")));
  p.family_name = std::string(Trim(form.Get("family_name")));
  p.email = std::string(Trim(form.Get("email")));
  p.residence = std::string(Trim(form.Get("residence")));
  p.nationality = std::string(Trim(form.Get("nationality")));
  p.contact_language = std::string(Trim(form.Get("contact_language")));
  out.language_rows = RowCount(form, "language_rows", participants::kMaxLanguages + 5);
  for (size_t i = 1; i <= out.language_rows; ++i) {
    const std::string n = std::to_string(i);
    const std::string code(Trim(form.Get("languages_" + n + "_code")));
    const std::string level(Trim(form.Get("languages_" + n + "_level")));
    if (code.empty() && level.empty()) continue;
    const size_t position = p.languages.size() + 1;
    const std::string row = "languages_" + std::to_string(position);
    auto parsed = codes::ParseLevel(level);
    if (code.empty()) out.problems.push_back({row + "_code", "error.field.required"});
    if (!parsed) {
      out.problems.push_back(
          {row + "_level", level.empty() ? Message("error.field.required")
                                         : Message("error.field.level", {{"value", level}})});
    }
    p.languages.push_back({code, parsed.value_or(codes::Level::kA1)});
  }
  p.skills = form.All("skills");
  p.topics = form.All("topics");
  p.activity_types = form.All("activity_types");
  if (form.Has("destinations_any")) {
    p.destinations = {"any"};
  } else {
    p.destinations = form.All("destinations");
  }
  out.period_rows = RowCount(form, "period_rows", participants::kMaxAvailabilityPeriods + 5);
  for (size_t i = 1; i <= out.period_rows; ++i) {
    const std::string n = std::to_string(i);
    const std::string from(Trim(form.Get("availability_" + n + "_from")));
    const std::string to(Trim(form.Get("availability_" + n + "_to")));
    if (from.empty() && to.empty()) continue;
    const std::string row = "availability_" + std::to_string(p.availability.size() + 1);
    auto f = ParseIsoDate(from);
    auto t = ParseIsoDate(to);
    if (!f) out.problems.push_back({row + "_from", "error.field.date"});
    if (!t) out.problems.push_back({row + "_to", "error.field.date"});
    p.availability.push_back({f.value_or(Date{}), t.value_or(Date{})});
  }
  p.experience = form.Get("experience");
  p.motivation = form.Get("motivation");
  p.fewer_opportunities = form.Has("fewer_opportunities");
  p.support_needs = form.Get("support_needs");
  p.sensitive_shared = form.Has("sensitive_shared");
  return out;
}

http::Response ProfilePage(const YoungDeps& d, const http::Request& request, std::string_view lang,
                           const Viewer& viewer, const participants::Account& account,
                           const Participant& p, size_t extra_language_rows,
                           size_t extra_period_rows, const Error* error, int status) {
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.profile.title"), &viewer);
  AddDone(d, request, lang, page);
  page.set("csrf", viewer.csrf);
  page.set("reference", p.reference);
  page.set("birth_date", i18n::FormatLongDate(lang, p.birth_date));
  const std::map<std::string, std::string> errors =
      error ? FieldMessages(d, lang, *error) : std::map<std::string, std::string>{};
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  auto err = [&](const std::string& field) {
    auto it = errors.find(field);
    return it == errors.end() ? std::string() : it->second;
  };
  page.set("v_given_name", p.given_name);
  page.set("v_family_name", p.family_name);
  page.set("v_email", p.email);
  page.set("residence_options", CountryOptions(d.site, lang, {p.residence}, true));
  page.set("nationality_options", CountryOptions(d.site, lang, {p.nationality}, true));
  page.set("contact_language_options", LanguageOptions(d.site, lang, p.contact_language, true));

  list languages;
  const size_t language_rows = p.languages.size() + extra_language_rows;
  for (size_t i = 0; i < language_rows; ++i) {
    const std::string n = std::to_string(i + 1);
    data row;
    row.set("n", n);
    const bool filled = i < p.languages.size();
    row.set("legend", d.site.T(lang, Message("young.profile.language_row", {{"n", n}})));
    row.set("code_options",
            LanguageOptions(d.site, lang, filled ? p.languages[i].code : std::string(), false));
    row.set("level_options",
            LevelOptions(d.site, lang,
                         filled ? std::string(codes::LevelCode(p.languages[i].level)) : ""));
    const std::string code_error = err("languages_" + n + "_code");
    const std::string level_error = err("languages_" + n + "_level");
    row.set("has_code_error", !code_error.empty());
    row.set("code_error", code_error);
    row.set("has_level_error", !level_error.empty());
    row.set("level_error", level_error);
    languages.push_back(row);
  }
  page.set("languages", languages);
  page.set("language_rows", std::to_string(language_rows));
  page.set("err_languages", err("languages"));

  page.set("skills", Checkboxes(d.site, lang, "skill", codes::Skills(), p.skills));
  page.set("topics", Checkboxes(d.site, lang, "topic", codes::Topics(), p.topics));
  page.set("activity_types",
           Checkboxes(d.site, lang, "activity_type", codes::ActivityTypes(), p.activity_types));
  const bool any =
      std::find(p.destinations.begin(), p.destinations.end(), "any") != p.destinations.end();
  page.set("destinations_any", any);
  std::set<std::string> chosen;
  if (!any) chosen.insert(p.destinations.begin(), p.destinations.end());
  page.set("destination_options", CountryOptions(d.site, lang, chosen, false));

  list periods;
  const size_t period_rows = p.availability.size() + extra_period_rows;
  for (size_t i = 0; i < period_rows; ++i) {
    const std::string n = std::to_string(i + 1);
    data row;
    row.set("n", n);
    row.set("legend", d.site.T(lang, Message("young.profile.period_row", {{"n", n}})));
    if (i < p.availability.size()) {
      const auto& period = p.availability[i];
      row.set("from", period.from.ok() ? FormatIsoDate(period.from) : "");
      row.set("to", period.to.ok() ? FormatIsoDate(period.to) : "");
    } else {
      row.set("from", "");
      row.set("to", "");
    }
    const std::string from_error = err("availability_" + n + "_from");
    const std::string to_error = err("availability_" + n + "_to");
    row.set("has_from_error", !from_error.empty());
    row.set("from_error", from_error);
    row.set("has_to_error", !to_error.empty());
    row.set("to_error", to_error);
    periods.push_back(row);
  }
  page.set("periods", periods);
  page.set("period_rows", std::to_string(period_rows));
  page.set("more_languages", language_rows < participants::kMaxLanguages);
  page.set("more_periods", period_rows < participants::kMaxAvailabilityPeriods);

  page.set("v_experience", p.experience);
  page.set("v_motivation", p.motivation);
  page.set("max_text", std::to_string(participants::kMaxFreeTextLength));
  page.set("v_fewer_opportunities", p.fewer_opportunities);
  page.set("v_support_needs", p.support_needs);
  page.set("v_sensitive_shared", p.sensitive_shared);
  page.set("has_cv", account.cv.has_value());
  if (account.cv) {
    page.set("cv_name", account.cv->file_name);
    page.set("cv_size", i18n::FormatInteger(lang, (account.cv->size_bytes + 1023) / 1024));
    page.set("cv_uploaded", i18n::FormatDateTime(lang, account.cv->uploaded_at));
  }
  page.set("cv_max_mib", std::to_string(participants::kMaxCvBytes / (size_t{1024} * 1024)));
  AddCompleteness(d, lang, page,
                  participants::MeasureCompleteness(p, account.cv.has_value(), d.clock.Today()));
  return d.site.Render("pages/young/profile", lang, page, status);
}

Result<participants::Account> OwnAccount(const YoungDeps& d, const Viewer& viewer) {
  auto account = d.participants.AccountFor(viewer.person->sub);
  if (!account) return Fail(std::move(account.error()));
  if (!*account) return Fail(NotFound("error.participant.not_registered"));
  return std::move(**account);
}

http::Response ShowProfile(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  auto account = OwnAccount(d, *e.viewer);
  if (!account) return d.site.RenderError(request, account.error());
  const std::string lang = d.site.Language(request);
  return ProfilePage(d, request, lang, *e.viewer, *account, account->profile, kBlankLanguageRows,
                     kBlankPeriodRows, nullptr, 200);
}

http::Response SaveProfile(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, true);
  if (e.response) return std::move(*e.response);
  auto account = OwnAccount(d, *e.viewer);
  if (!account) return d.site.RenderError(request, account.error());
  const std::string lang = d.site.Language(request);
  ProfileForm form = ReadProfileForm(e.form);
  Participant& edited = form.profile;
  edited.reference = account->profile.reference;
  edited.birth_date = account->profile.birth_date;
  edited.last_active = account->profile.last_active;

  // "Add another language/period" keeps what was typed and adds a row; nothing is saved yet.
  if (e.form.Has("more_languages") || e.form.Has("more_periods")) {
    const size_t blank_languages = form.language_rows - edited.languages.size();
    const size_t blank_periods = form.period_rows - edited.availability.size();
    return ProfilePage(d, request, lang, *e.viewer, *account, edited,
                       blank_languages + (e.form.Has("more_languages") ? 1 : 0),
                       blank_periods + (e.form.Has("more_periods") ? 1 : 0), nullptr, 200);
  }
  const bool unreadable = !form.problems.empty();
  Result<participants::Account> saved =
      unreadable ? Fail(InvalidInput("error.form.invalid", std::move(form.problems)))
                 : d.participants.UpdateProfile(e.viewer->person->sub, edited);
  if (!saved) {
    if (saved.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, saved.error());
    // Report what could not be read together with every rule the rest breaks.
    Error error = WithFormFields(saved.error());
    if (unreadable) {
      for (auto& f : participants::CheckProfile(edited)) {
        f.field = FormField(f.field);
        const bool known = std::any_of(error.fields.begin(), error.fields.end(),
                                       [&](const FieldError& g) { return g.field == f.field; });
        if (!known) error.fields.push_back(std::move(f));
      }
    }
    return ProfilePage(d, request, lang, *e.viewer, *account, edited, 1, 1, &error, 422);
  }
  return Redirect("/young/profile?done=saved");
}

// ---------------------------------------------------------------------------------------------
// The CV

http::Response UploadCv(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  auto parts = http::ParseMultipart(request.headers.Get("Content-Type").value_or(""), request.body);
  if (!parts || !d.gate.ValidForm(request, *e.viewer, parts->fields))
    return d.site.RenderError(request, Forbidden(Message("error.csrf")));
  const http::FilePart* file = parts->File("cv");
  Result<void> uploaded = Fail(InvalidInput("error.form.invalid", {{"cv", "error.cv.empty"}}));
  if (file != nullptr && !file->content.empty())
    uploaded = d.participants.UploadCv(e.viewer->person->sub, file->file_name, file->content);
  if (!uploaded) {
    if (uploaded.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, uploaded.error());
    auto account = OwnAccount(d, *e.viewer);
    if (!account) return d.site.RenderError(request, account.error());
    const std::string lang = d.site.Language(request);
    return ProfilePage(d, request, lang, *e.viewer, *account, account->profile, kBlankLanguageRows,
                       kBlankPeriodRows, &uploaded.error(), 422);
  }
  return Redirect("/young/profile?done=cv_uploaded#cv");
}

http::Response RemoveCv(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, true);
  if (e.response) return std::move(*e.response);
  auto removed = d.participants.RemoveCv(e.viewer->person->sub);
  if (!removed) return d.site.RenderError(request, removed.error());
  return Redirect("/young/profile?done=cv_removed#cv");
}

http::Response OwnCv(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  auto cv = d.participants.OwnCv(e.viewer->person->sub);
  if (!cv) return d.site.RenderError(request, cv.error());
  return CvDownload(*cv);
}

// ---------------------------------------------------------------------------------------------
// My data: events, the readable page, the download, erasure

http::Response MyData(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  auto exported = d.participants.ExportFor(e.viewer->person->sub);
  if (!exported) return d.site.RenderError(request, exported.error());
  const std::string lang = d.site.Language(request);
  const Viewer& viewer = *e.viewer;
  const participants::Account& a = exported->account;
  const Participant& p = a.profile;
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.data.title"), &viewer);
  page.set("csrf", viewer.csrf);
  page.set("reference", p.reference);
  page.set("sub", p.sub);
  page.set("given_name", p.given_name);
  page.set("family_name", p.family_name);
  page.set("email", p.email);
  page.set("birth_date", i18n::FormatLongDate(lang, p.birth_date));
  page.set("residence", Label(d.site, lang, "country", p.residence));
  page.set("nationality",
           p.nationality.empty() ? "" : Label(d.site, lang, "country", p.nationality));
  page.set("contact_language", Label(d.site, lang, "language", p.contact_language));
  AddProfileLists(d.site, lang, p, page, std::nullopt);
  list placements;
  for (const auto& past : p.placements) {
    data o;
    o.set("from", i18n::FormatLongDate(lang, past.from));
    o.set("to", i18n::FormatLongDate(lang, past.to));
    o.set("activity_type", Label(d.site, lang, "activity_type", past.activity_type));
    o.set("cross_border", past.cross_border);
    placements.push_back(o);
  }
  page.set("placements", placements);
  page.set("has_placements", !p.placements.empty());
  page.set("experience", p.experience);
  page.set("motivation", p.motivation);
  page.set("searchable", p.searchable);
  page.set("findable", exported->findable);
  page.set("fewer_opportunities", p.fewer_opportunities);
  page.set("support_needs", p.support_needs);
  page.set("sensitive_shared", p.sensitive_shared);
  page.set("last_active", i18n::FormatLongDate(lang, p.last_active));
  page.set("consent_version", std::to_string(a.consent_version));
  page.set("consented_at", a.consented_at ? i18n::FormatDateTime(lang, *a.consented_at) : "");
  page.set("registered_at", a.registered_at ? i18n::FormatDateTime(lang, *a.registered_at) : "");
  page.set("has_cv", a.cv.has_value());
  if (a.cv) {
    page.set("cv_name", a.cv->file_name);
    page.set("cv_uploaded", i18n::FormatDateTime(lang, a.cv->uploaded_at));
  }
  list events;
  for (const auto& ev : exported->events) {
    data o;
    o.set("what", d.site.T(lang, Message("young.data.event." +
                                         std::string(participants::EventKindCode(ev.kind)))));
    o.set("organisation", ev.organisation_name);
    o.set("oid", ev.oid);
    o.set("at", i18n::FormatDateTime(lang, ev.at));
    events.push_back(o);
  }
  page.set("events", events);
  page.set("has_events", !exported->events.empty());
  page.set("sign_in_email", viewer.person->email);
  page.set("assurance_level", viewer.person->assurance_level);
  return d.site.Render("pages/young/data", lang, page);
}

http::Response DownloadData(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  auto exported = d.participants.ExportFor(e.viewer->person->sub);
  if (!exported) return d.site.RenderError(request, exported.error());
  std::vector<opportunities::MyApplication> applications;
  if (d.opportunities != nullptr) {
    auto mine = d.opportunities->ApplicationsOf(exported->account.profile.id);
    if (!mine) return d.site.RenderError(request, mine.error());
    applications = std::move(*mine);
  }
  http::Response r =
      http::Response::Json(200, ExportJson(*exported, *e.viewer->person, applications));
  r.headers.Set("Content-Disposition", "attachment; filename=\"pass-my-data-" +
                                           exported->account.profile.reference + ".json\"");
  r.headers.Set("Cache-Control", "private, no-store");
  return r;
}

http::Response DeletePage(const YoungDeps& d, const http::Request& request, std::string_view lang,
                          const Viewer& viewer, const Error* error) {
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.delete.title"), &viewer);
  page.set("csrf", viewer.csrf);
  page.set("reference", viewer.participant->reference);
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  return d.site.Render("pages/young/delete", lang, page, error ? 422 : 200);
}

http::Response ConfirmDelete(YoungDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request);
  if (e.response) return std::move(*e.response);
  return DeletePage(d, request, d.site.Language(request), *e.viewer, nullptr);
}

http::Response Delete(YoungDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, true);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  auto erased = d.participants.Erase(e.viewer->person->sub, e.form.Get("confirm_reference"));
  if (!erased) {
    if (erased.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, erased.error());
    return DeletePage(d, request, lang, *e.viewer, &erased.error());
  }
  Data page = d.site.Layout(request, lang, d.site.T(lang, "young.deleted.title"), &*e.viewer);
  return d.site.Render("pages/young/deleted", lang, page);
}

// ---------------------------------------------------------------------------------------------
// The privacy statement and the mission and principles (public)

http::Response Privacy(YoungDeps& d, const http::Request& request) {
  const std::string lang = d.site.Language(request);
  auto viewer = d.gate.Identify(request);
  Data page =
      d.site.Layout(request, lang, d.site.T(lang, "privacy.title"), viewer ? &*viewer : nullptr);
  page.set("privacy_version", std::to_string(d.participants.options().privacy_version));
  return d.site.Render("pages/privacy", lang, page);
}

http::Response Principles(YoungDeps& d, const http::Request& request) {
  const std::string lang = d.site.Language(request);
  auto viewer = d.gate.Identify(request);
  Data page =
      d.site.Layout(request, lang, d.site.T(lang, "principles.title"), viewer ? &*viewer : nullptr);
  return d.site.Render("pages/principles", lang, page);
}

nlohmann::json TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatRfc3339(*t)) : nlohmann::json(nullptr);
}

}  // namespace

void AddProfileLists(const Site& site, std::string_view lang, const Participant& p, Data& page,
                     std::optional<Date> ending_from) {
  auto labels = [&](std::string_view list_name, const std::vector<std::string>& values) {
    list out;
    for (const auto& v : values) {
      data o;
      o.set("label", v == "any" ? site.T(lang, "young.profile.any_country")
                                : i18n::CodeLabel(site.catalogues(), lang, list_name, v));
      out.push_back(o);
    }
    return out;
  };
  list languages;
  for (const auto& l : p.languages) {
    data o;
    o.set("label",
          i18n::CodeLabel(site.catalogues(), lang, "language", l.code) + " — " +
              i18n::CodeLabel(site.catalogues(), lang, "level", codes::LevelCode(l.level)));
    languages.push_back(o);
  }
  page.set("languages", languages);
  page.set("skills", labels("skill", p.skills));
  page.set("topics", labels("topic", p.topics));
  page.set("activity_types", labels("activity_type", p.activity_types));
  page.set("destinations", labels("country", p.destinations));
  list periods;
  for (const auto& period : p.availability) {
    if (ending_from && period.to < *ending_from) continue;
    data o;
    o.set("from", i18n::FormatLongDate(lang, period.from));
    o.set("to", i18n::FormatLongDate(lang, period.to));
    periods.push_back(o);
  }
  page.set("periods", periods);
}

namespace {

// What the person sent and where each application stands (never the organisation's tags or
// notes, which are about its own selection).
nlohmann::json ApplicationsJson(const std::vector<opportunities::MyApplication>& applications) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : applications) {
    out.push_back(
        {{"opportunity_id", a.opportunity.id},
         {"title", a.opportunity.title},
         {"organisation", a.opportunity.organisation_name},
         {"applied_at", a.entry.applied_at ? nlohmann::json(FormatRfc3339(*a.entry.applied_at))
                                           : nlohmann::json(nullptr)},
         {"status", opportunities::ApplicantStatus(a.entry.stage)},
         {"reason", a.entry.reason},
         {"reason_text", a.entry.reason_text},
         {"message", a.entry.message},
         {"motivation", a.entry.motivation},
         {"cv_shared", a.entry.share_cv}});
  }
  return out;
}

}  // namespace

http::Response CvDownload(const participants::CvFile& cv) {
  http::Response r = http::Response::Status(200);
  r.body = cv.bytes;
  r.headers.Set("Content-Type", "application/pdf");
  // Always a download: the browser never renders it inside the portal's origin.
  r.headers.Set("Content-Disposition", "attachment; filename=\"" + cv.file_name + "\"");
  r.headers.Set("Cache-Control", "private, no-store");
  return r;
}

std::string ExportJson(const participants::Export& e, const access::Person& person,
                       const std::vector<opportunities::MyApplication>& applications) {
  const participants::Account& a = e.account;
  const Participant& p = a.profile;
  nlohmann::json languages = nlohmann::json::array();
  for (const auto& l : p.languages)
    languages.push_back({{"code", l.code}, {"level", codes::LevelCode(l.level)}});
  nlohmann::json availability = nlohmann::json::array();
  for (const auto& period : p.availability)
    availability.push_back(
        {{"from", FormatIsoDate(period.from)}, {"to", FormatIsoDate(period.to)}});
  nlohmann::json placements = nlohmann::json::array();
  for (const auto& past : p.placements) {
    placements.push_back({{"from", FormatIsoDate(past.from)},
                          {"to", FormatIsoDate(past.to)},
                          {"activity_type", past.activity_type},
                          {"cross_border", past.cross_border}});
  }
  nlohmann::json events = nlohmann::json::array();
  for (const auto& ev : e.events) {
    events.push_back({{"kind", participants::EventKindCode(ev.kind)},
                      {"oid", ev.oid},
                      {"organisation_name", ev.organisation_name},
                      {"at", FormatRfc3339(ev.at)}});
  }
  nlohmann::json cv = nullptr;
  if (a.cv) {
    cv = {{"file_name", a.cv->file_name},
          {"size_bytes", a.cv->size_bytes},
          {"sha256", a.cv->sha256},
          {"uploaded_at", FormatRfc3339(a.cv->uploaded_at)},
          {"download", "/young/cv"}};
  }
  nlohmann::json out = {
      {"format", "pass-participant-export/1"},
      {"sign_in",
       {{"sub", person.sub},
        {"email", person.email},
        {"email_verified", person.email_verified},
        {"given_name", person.given_name},
        {"family_name", person.family_name},
        {"assurance_level", person.assurance_level},
        {"first_seen", FormatRfc3339(person.first_seen)},
        {"last_seen", FormatRfc3339(person.last_seen)}}},
      {"participant",
       {{"reference", p.reference},
        {"sub", p.sub},
        {"email", p.email},
        {"given_name", p.given_name},
        {"family_name", p.family_name},
        {"birth_date", FormatIsoDate(p.birth_date)},
        {"residence", p.residence},
        {"nationality", p.nationality},
        {"contact_language", p.contact_language},
        {"languages", languages},
        {"skills", p.skills},
        {"topics", p.topics},
        {"activity_types", p.activity_types},
        {"destinations", p.destinations},
        {"availability", availability},
        {"experience", p.experience},
        {"motivation", p.motivation},
        {"searchable", p.searchable},
        {"last_active", FormatIsoDate(p.last_active)},
        {"placements", placements}}},
      {"sensitive",
       {{"fewer_opportunities", p.fewer_opportunities},
        {"support_needs", p.support_needs},
        {"shared_with_organisations", p.sensitive_shared}}},
      {"account",
       {{"privacy_statement_version", a.consent_version},
        {"consented_at", TimeOrNull(a.consented_at)},
        {"registered_at", TimeOrNull(a.registered_at)},
        {"hidden_for_inactivity_at", TimeOrNull(a.hidden_at)},
        {"findable_by_organisations", e.findable}}},
      {"cv", cv},
      {"organisation_events", events},
      {"applications", ApplicationsJson(applications)},
  };
  return out.dump(2);
}

void AddYoungPages(http::Router& router, YoungDeps& deps) {
  auto get = [&](std::string_view pattern, http::Response (*f)(YoungDeps&, const http::Request&)) {
    router.Get(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  auto post = [&](std::string_view pattern, http::Response (*f)(YoungDeps&, const http::Request&),
                  http::RouteOptions options = {}) {
    router.Post(
        pattern, [&deps, f](http::Request& r) { return f(deps, r); }, options);
  };
  get("/young", Home);
  post("/young/register", Register);
  post("/young/consent", Consent);
  post("/young/visibility", SetVisibility);
  get("/young/profile", ShowProfile);
  post("/young/profile", SaveProfile);
  post("/young/cv", UploadCv, {.max_body = kMaxCvUpload});
  post("/young/cv/remove", RemoveCv);
  get("/young/cv", OwnCv);
  get("/young/data", MyData);
  get("/young/data.json", DownloadData);
  get("/young/delete", ConfirmDelete);
  post("/young/delete", Delete);
  get("/privacy", Privacy);
  get("/principles", Principles);
}

}  // namespace pass::web
