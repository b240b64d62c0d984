// The staff side of opportunities: the organisation's description (F7), its opportunities (F8)
// and the candidates of each (F12). Every handler starts from the organisation in the URL and the
// viewer's current access to it (R4); the service then answers NotFound for any id that is not
// that organisation's, so a forged id in a URL or form reaches nothing.
#include "web/opportunity_pages.h"

#include <algorithm>
#include <charconv>

#include "codes/codes.h"
#include "core/strings.h"
#include "exports/exports.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/form_view.h"
#include "web/staff_entry.h"
#include "web/young_pages.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;
using opportunities::Entry;
using opportunities::Opportunity;
using opportunities::Stage;
using opportunities::Status;

namespace {

constexpr size_t kBlankLanguageRows = 2;

constexpr std::string_view kDoneCodes[] = {"created", "saved",  "published", "closed", "copied",
                                           "moved",   "tagged", "untagged",  "noted",  "profile"};

// Staff of the organisation in the URL; for POST also a valid form with the session's token.
StaffEntry EnterStaff(OpportunityDeps& d, const http::Request& request, bool post) {
  return web::EnterStaff(d.site, d.gate, request, post);
}
std::string Base(const opportunities::Staff& staff) {
  return "/organisations/" + staff.oid + "/opportunities";
}

std::string Url(const opportunities::Staff& staff, int64_t id) {
  return Base(staff) + "/" + std::to_string(id);
}

void AddDone(const OpportunityDeps& d, const http::Request& request, std::string_view lang,
             Data& page) {
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kDoneCodes), std::end(kDoneCodes), done) != std::end(kDoneCodes))
    page.set("done_text", d.site.T(lang, Message("opportunity.done." + done)));
}

Data StaffLayout(OpportunityDeps& d, const http::Request& request, std::string_view lang,
                 const StaffEntry& e, std::string_view title) {
  Data page = web::StaffLayout(d.site, request, lang, e, title);
  page.set("opportunities_url", Base(e.staff));
  AddDone(d, request, lang, page);
  return page;
}

std::string DateText(std::string_view lang, const std::optional<Date>& d) {
  return d ? i18n::FormatLongDate(lang, *d) : std::string();
}

// One text input, date, number or textarea for partials/input: its name, label, value, error.
data Input(const Site& site, std::string_view lang,
           const std::map<std::string, std::string>& errors, std::string_view name,
           const std::string& value, std::string_view type = "text", size_t maxlength = 0,
           bool required = false, std::string_view help_prefix = "opportunity.help.") {
  data f;
  f.set("name", std::string(name));
  f.set("label", site.T(lang, Message("field." + std::string(name))));
  f.set("value", value);
  f.set("textarea", type == "textarea");
  f.set("type", std::string(type));
  f.set("required", required);
  // Every key is set, even when empty: mustache would otherwise find a key of the same name
  // further out in the page.
  if (maxlength > 0) {
    f.set("maxlength", std::to_string(maxlength));
  } else {
    f.set("maxlength", false);
  }
  const std::string help_key = std::string(help_prefix) + std::string(name);
  if (const std::string* help = site.catalogues().Find(lang, help_key)) {
    f.set("help", *help);
  } else {
    f.set("help", false);
  }
  if (auto it = errors.find(std::string(name)); it != errors.end()) {
    f.set("error", it->second);
  } else {
    f.set("error", false);
  }
  return f;
}

std::map<std::string, std::string> ErrorTexts(const Site& site, std::string_view lang,
                                              const Error* error) {
  std::map<std::string, std::string> out;
  if (error == nullptr) return out;
  for (const auto& f : error->fields)
    out.emplace(f.field, site.T(lang, Localised(site, lang, f.message)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The organisation's description (F7)

Data ProfilePage(OpportunityDeps& d, const http::Request& request, std::string_view lang,
                 const StaffEntry& e, const opportunities::OrganisationProfile& p,
                 const Error* error) {
  Data page = StaffLayout(d, request, lang, e, d.site.T(lang, "organisation_profile.title"));
  const auto errors = ErrorTexts(d.site, lang, error);
  page.set("f_description", Input(d.site, lang, errors, "description", p.description, "textarea",
                                  opportunities::kMaxDescriptionLength));
  page.set("f_website",
           Input(d.site, lang, errors, "website", p.website, "url", opportunities::kMaxLineLength));
  list rows;
  const size_t shown = p.locations.size() + 2;
  for (size_t i = 0; i < shown && i < opportunities::kMaxLocations; ++i) {
    const std::string n = std::to_string(i + 1);
    const bool filled = i < p.locations.size();
    data row;
    row.set("n", n);
    row.set("legend", d.site.T(lang, Message("organisation_profile.location", {{"n", n}})));
    row.set("town", filled ? p.locations[i].town : std::string());
    row.set("country_options",
            CountryOptions(d.site, lang, {filled ? p.locations[i].country : std::string()}, true));
    if (auto it = errors.find("locations_" + n + "_town"); it != errors.end())
      row.set("town_error", it->second);
    if (auto it = errors.find("locations_" + n + "_country"); it != errors.end())
      row.set("country_error", it->second);
    rows.push_back(row);
  }
  page.set("locations", rows);
  page.set("location_rows", std::to_string(std::min(shown, opportunities::kMaxLocations)));
  if (error != nullptr) d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  return page;
}

http::Response ShowProfile(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  auto profile = d.opportunities.Profile(e.staff.oid);
  if (!profile) return d.site.RenderError(request, profile.error());
  const std::string lang = d.site.Language(request);
  return d.site.Render("pages/organisation/profile", lang,
                       ProfilePage(d, request, lang, e, *profile, nullptr));
}

http::Response SaveProfile(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, true);
  if (e.response) return std::move(*e.response);
  opportunities::OrganisationProfile p;
  p.description = e.form.Get("description");
  p.website = std::string(Trim(e.form.Get("website")));
  const int64_t rows = std::clamp<int64_t>(ParseInt(e.form.Get("location_rows")).value_or(0), 0,
                                           opportunities::kMaxLocations);
  for (int64_t i = 1; i <= rows; ++i) {
    const std::string n = std::to_string(i);
    const std::string town(Trim(e.form.Get("locations_" + n + "_town")));
    const std::string country(Trim(e.form.Get("locations_" + n + "_country")));
    if (town.empty() && country.empty()) continue;
    p.locations.push_back({town, country});
  }
  auto saved = d.opportunities.SaveProfile(e.staff, p);
  if (!saved) {
    if (saved.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, saved.error());
    const std::string lang = d.site.Language(request);
    const Error error = WithFormFields(saved.error());
    return d.site.Render("pages/organisation/profile", lang,
                         ProfilePage(d, request, lang, e, p, &error), 422);
  }
  return Redirect("/organisations/" + e.staff.oid + "?done=profile");
}

// ---------------------------------------------------------------------------------------------
// The list of the organisation's opportunities

std::string StatusText(const Site& site, std::string_view lang, const Opportunity& o) {
  if (o.status == Status::kClosed && !o.closed_because.empty())
    return site.T(lang, Message("opportunity.status.closed_" + o.closed_because));
  return site.T(lang, Message("opportunity.status." + std::string(StatusCode(o.status))));
}

http::Response ListOpportunities(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  auto all = d.opportunities.OfOrganisation(e.staff);
  if (!all) return d.site.RenderError(request, all.error());
  auto counts = d.opportunities.CountsOf(e.staff);
  if (!counts) return d.site.RenderError(request, counts.error());
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d, request, lang, e, d.site.T(lang, "opportunity.list.title"));
  list items;
  for (const Opportunity& o : *all) {
    data item;
    item.set("title", o.title);
    item.set("url", Url(e.staff, o.id));
    item.set("status", StatusText(d.site, lang, o));
    item.set("status_code", std::string(StatusCode(o.status)));
    item.set("place", o.town + ", " + Label(d.site, lang, "country", o.country));
    item.set("dates", o.start_date
                          ? DateText(lang, o.start_date) + " – " + DateText(lang, o.end_date)
                          : d.site.T(lang, "opportunity.flexible_dates"));
    const auto last = opportunities::LastApplicationDay(o);
    item.set("deadline", last ? DateText(lang, last) : d.site.T(lang, "opportunity.rolling"));
    const auto c = counts->find(o.id);
    item.set("candidates", std::to_string(c == counts->end() ? 0 : c->second.candidates));
    item.set("fresh", std::to_string(c == counts->end() ? 0 : c->second.fresh));
    item.set("has_fresh", c != counts->end() && c->second.fresh > 0);
    items.push_back(item);
  }
  page.set("opportunities", items);
  page.set("has_opportunities", !all->empty());
  page.set("new_url", Base(e.staff) + "/new");
  page.set("profile_url", "/organisations/" + e.staff.oid + "/profile");
  return d.site.Render("pages/organisation/opportunities", lang, page);
}

// ---------------------------------------------------------------------------------------------
// The opportunity form

struct OpportunityForm {
  Opportunity opportunity;
  std::vector<FieldError> problems;  // what could not be read at all
  size_t language_rows = 0;
};

std::optional<Date> FormDate(const http::FormData& form, std::string_view name,
                             std::vector<FieldError>& problems) {
  const std::string text(Trim(form.Get(name)));
  if (text.empty()) return std::nullopt;
  auto date = ParseIsoDate(text);
  if (!date) {
    problems.push_back({std::string(name), Message("error.field.date")});
    return Date{};  // not ok(): the checks leave it to the problem above
  }
  return date;
}

OpportunityForm ReadOpportunityForm(const http::FormData& form) {
  OpportunityForm out;
  Opportunity& o = out.opportunity;
  o.title = std::string(Trim(form.Get("title")));
  o.description = form.Get("description");
  o.activity_type = std::string(Trim(form.Get("activity_type")));
  o.topics = form.All("topics");
  o.country = std::string(Trim(form.Get("country")));
  o.town = std::string(Trim(form.Get("town")));
  o.start_date = FormDate(form, "start_date", out.problems);
  o.end_date = FormDate(form, "end_date", out.problems);
  o.application_deadline = FormDate(form, "application_deadline", out.problems);
  const std::string places(Trim(form.Get("places")));
  if (auto n = ParseInt(places); n && *n >= 0 && *n <= 100000) {
    o.places = static_cast<int>(*n);
  } else {
    out.problems.push_back({"places", Message("error.field.number")});
  }
  if (!form.Has("residence_any")) o.eligible_residence = form.All("eligible_residence");
  out.language_rows = static_cast<size_t>(std::clamp<int64_t>(
      ParseInt(form.Get("language_rows")).value_or(0), 0, opportunities::kMaxWantedLanguages + 5));
  for (size_t i = 1; i <= out.language_rows; ++i) {
    const std::string n = std::to_string(i);
    const std::string code(Trim(form.Get("languages_" + n + "_code")));
    const std::string level(Trim(form.Get("languages_" + n + "_level")));
    if (code.empty() && level.empty()) continue;
    const std::string row = "languages_" + std::to_string(o.languages.size() + 1);
    auto parsed = codes::ParseLevel(level);
    if (code.empty()) out.problems.push_back({row + "_code", "error.field.required"});
    if (!parsed) {
      out.problems.push_back(
          {row + "_level", level.empty() ? Message("error.field.required")
                                         : Message("error.field.level", {{"value", level}})});
    }
    o.languages.push_back({code, parsed.value_or(codes::Level::kA1)});
  }
  o.skills = form.All("skills");
  o.languages_required = form.Has("languages_required");
  o.skills_required = form.Has("skills_required");
  o.requirement_reason = form.Get("requirement_reason");
  o.participant_profile = form.Get("participant_profile");
  o.practical_arrangements = form.Get("practical_arrangements");
  o.training = form.Get("training");
  o.contact_person = std::string(Trim(form.Get("contact_person")));
  o.grant_reference = std::string(Trim(form.Get("grant_reference")));
  o.asks_cv = form.Has("asks_cv");
  o.asks_motivation = form.Has("asks_motivation");
  return out;
}

Data FormPage(OpportunityDeps& d, const http::Request& request, std::string_view lang,
              const StaffEntry& e, const Opportunity& o, const Error* error) {
  const bool editing = o.id != 0;
  Data page =
      StaffLayout(d, request, lang, e,
                  editing ? d.site.T(lang, Message("opportunity.edit.title", {{"title", o.title}}))
                          : d.site.T(lang, "opportunity.new.title"));
  page.set("editing", editing);
  page.set("action", editing ? Url(e.staff, o.id) + "/edit" : Base(e.staff));
  page.set("cancel_url", editing ? Url(e.staff, o.id) : Base(e.staff));
  page.set("is_draft", o.status == Status::kDraft);
  page.set("is_published", o.status == Status::kPublished);
  page.set("is_closed", o.status == Status::kClosed);
  const auto errors = ErrorTexts(d.site, lang, error);
  auto err = [&](const std::string& field) {
    auto it = errors.find(field);
    return it == errors.end() ? std::string() : it->second;
  };
  page.set("f_title", Input(d.site, lang, errors, "title", o.title, "text",
                            opportunities::kMaxTitleLength, true));
  page.set("f_description", Input(d.site, lang, errors, "description", o.description, "textarea",
                                  opportunities::kMaxDescriptionLength, true));
  page.set("activity_type_options", CodeOptions(d.site, lang, "activity_type",
                                                codes::ActivityTypes(), {o.activity_type}, true));
  page.set("err_activity_type", err("activity_type"));
  page.set("topics", Checkboxes(d.site, lang, "topic", codes::Topics(), o.topics));
  page.set("err_topics", err("topics"));
  page.set("country_options", CountryOptions(d.site, lang, {o.country}, true));
  page.set("err_country", err("country"));
  page.set("f_town", Input(d.site, lang, errors, "town", o.town, "text",
                           opportunities::kMaxLineLength, true));
  page.set("f_start_date",
           Input(d.site, lang, errors, "start_date",
                 o.start_date && o.start_date->ok() ? FormatIsoDate(*o.start_date) : "", "date"));
  page.set("f_end_date",
           Input(d.site, lang, errors, "end_date",
                 o.end_date && o.end_date->ok() ? FormatIsoDate(*o.end_date) : "", "date"));
  page.set("f_application_deadline", Input(d.site, lang, errors, "application_deadline",
                                           o.application_deadline && o.application_deadline->ok()
                                               ? FormatIsoDate(*o.application_deadline)
                                               : "",
                                           "date"));
  page.set("f_places",
           Input(d.site, lang, errors, "places", std::to_string(o.places), "number", 0, true));
  page.set("residence_any", o.eligible_residence.empty());
  page.set("residence_options",
           CountryOptions(d.site, lang, {o.eligible_residence.begin(), o.eligible_residence.end()},
                          false));
  page.set("err_eligible_residence", err("eligible_residence"));

  list languages;
  const size_t language_rows =
      std::min(o.languages.size() + kBlankLanguageRows, opportunities::kMaxWantedLanguages);
  for (size_t i = 0; i < language_rows; ++i) {
    const std::string n = std::to_string(i + 1);
    const bool filled = i < o.languages.size();
    data row;
    row.set("n", n);
    row.set("legend", d.site.T(lang, Message("opportunity.form.language_row", {{"n", n}})));
    row.set("code_options",
            LanguageOptions(d.site, lang, filled ? o.languages[i].code : std::string(), false));
    row.set("level_options",
            LevelOptions(d.site, lang,
                         filled ? std::string(codes::LevelCode(o.languages[i].level)) : ""));
    row.set("code_error", err("languages_" + n + "_code"));
    row.set("level_error", err("languages_" + n + "_level"));
    languages.push_back(row);
  }
  page.set("languages", languages);
  page.set("language_rows", std::to_string(language_rows));
  page.set("err_languages", err("languages"));
  page.set("skills", Checkboxes(d.site, lang, "skill", codes::Skills(), o.skills));
  page.set("err_skills", err("skills"));
  page.set("languages_required", o.languages_required);
  page.set("skills_required", o.skills_required);
  page.set("err_languages_required", err("languages_required"));
  page.set("err_skills_required", err("skills_required"));
  page.set("f_requirement_reason",
           Input(d.site, lang, errors, "requirement_reason", o.requirement_reason, "textarea",
                 opportunities::kMaxDetailLength));
  page.set("f_participant_profile",
           Input(d.site, lang, errors, "participant_profile", o.participant_profile, "textarea",
                 opportunities::kMaxDetailLength));
  page.set("f_practical_arrangements",
           Input(d.site, lang, errors, "practical_arrangements", o.practical_arrangements,
                 "textarea", opportunities::kMaxDetailLength));
  page.set("f_training", Input(d.site, lang, errors, "training", o.training, "textarea",
                               opportunities::kMaxDetailLength));
  page.set("f_contact_person", Input(d.site, lang, errors, "contact_person", o.contact_person,
                                     "text", opportunities::kMaxLineLength));
  page.set("f_grant_reference", Input(d.site, lang, errors, "grant_reference", o.grant_reference,
                                      "text", opportunities::kMaxLineLength));
  page.set("asks_cv", o.asks_cv);
  page.set("asks_motivation", o.asks_motivation);
  if (error != nullptr) d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  return page;
}

http::Response NewOpportunity(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  Opportunity blank;
  auto profile = d.opportunities.Profile(e.staff.oid);
  // A new opportunity starts where the organisation hosts, if it said where.
  if (profile && !profile->locations.empty()) {
    blank.town = profile->locations.front().town;
    blank.country = profile->locations.front().country;
  }
  return d.site.Render("pages/organisation/opportunity_form", lang,
                       FormPage(d, request, lang, e, blank, nullptr));
}

// Saving the form: create (id 0) or update; "publish" in the form publishes as it saves.
http::Response SaveOpportunity(OpportunityDeps& d, const http::Request& request,
                               std::optional<int64_t> id) {
  StaffEntry e = EnterStaff(d, request, true);
  if (e.response) return std::move(*e.response);
  OpportunityForm read = ReadOpportunityForm(e.form);
  Opportunity& o = read.opportunity;
  const std::string lang = d.site.Language(request);
  Status current = Status::kDraft;
  if (id) {
    auto existing = d.opportunities.Get(e.staff, *id);
    if (!existing) return d.site.RenderError(request, existing.error());
    o.id = *id;
    current = existing->status;
  }
  o.status = e.form.Has("publish") ? Status::kPublished : current;
  auto fail = [&](Error error) {
    error = WithFormFields(std::move(error));
    o.status = current;  // the buttons are those of what is stored
    return d.site.Render("pages/organisation/opportunity_form", lang,
                         FormPage(d, request, lang, e, o, &error), 422);
  };
  if (!read.problems.empty()) {
    // Show what could not be read with everything else the rules say.
    std::vector<FieldError> all = read.problems;
    for (auto& f : opportunities::CheckOpportunity(o)) {
      const std::string field = FormField(f.field);
      if (std::none_of(all.begin(), all.end(), [&](const auto& g) { return g.field == field; }))
        all.push_back(std::move(f));
    }
    return fail(InvalidInput(Message("error.form.invalid"), std::move(all)));
  }
  auto saved = id ? d.opportunities.Update(e.staff, o) : d.opportunities.Create(e.staff, o);
  if (!saved) {
    if (saved.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, saved.error());
    return fail(saved.error());
  }
  const std::string done = saved->status == Status::kPublished && current != Status::kPublished
                               ? "published"
                           : id ? "saved"
                                : "created";
  return Redirect(Url(e.staff, saved->id) + "?done=" + done);
}

http::Response CreateOpportunity(OpportunityDeps& d, const http::Request& request) {
  return SaveOpportunity(d, request, std::nullopt);
}

http::Response EditOpportunity(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto o = d.opportunities.Get(e.staff, *id);
  if (!o) return d.site.RenderError(request, o.error());
  const std::string lang = d.site.Language(request);
  return d.site.Render("pages/organisation/opportunity_form", lang,
                       FormPage(d, request, lang, e, *o, nullptr));
}

http::Response UpdateOpportunity(OpportunityDeps& d, const http::Request& request) {
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  return SaveOpportunity(d, request, id);
}

// Publish, close and copy: one button each on the opportunity's page.
http::Response ChangeStatus(OpportunityDeps& d, const http::Request& request,
                            std::string_view action) {
  StaffEntry e = EnterStaff(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto done = action == "publish" ? d.opportunities.Publish(e.staff, *id)
              : action == "close" ? d.opportunities.Close(e.staff, *id)
                                  : d.opportunities.Copy(e.staff, *id);
  if (!done) {
    if (done.error().code == ErrorCode::kInvalidInput && action == "publish") {
      // Publishing found something to correct: the form says what.
      auto o = d.opportunities.Get(e.staff, *id);
      if (!o) return d.site.RenderError(request, o.error());
      const std::string lang = d.site.Language(request);
      const Error error = WithFormFields(done.error());
      return d.site.Render("pages/organisation/opportunity_form", lang,
                           FormPage(d, request, lang, e, *o, &error), 422);
    }
    return d.site.RenderError(request, done.error());
  }
  if (action == "copy") return Redirect(Url(e.staff, done->id) + "/edit?done=copied");
  return Redirect(Url(e.staff, done->id) +
                  (action == "publish" ? "?done=published" : "?done=closed"));
}

// ---------------------------------------------------------------------------------------------
// The opportunity's page: its facts and its pipeline

std::string StageText(const Site& site, std::string_view lang, Stage stage) {
  return site.T(lang, Message("pipeline.stage." + std::string(StageCode(stage))));
}

list StageOptions(const Site& site, std::string_view lang, Stage selected, bool manual_only) {
  list out;
  for (const Stage s : opportunities::AllStages()) {
    if (manual_only && !opportunities::StaffMayMoveTo(s)) continue;
    data o;
    o.set("value", std::string(StageCode(s)));
    o.set("label", StageText(site, lang, s));
    o.set("selected", s == selected);
    out.push_back(o);
  }
  return out;
}

list ReasonOptions(const Site& site, std::string_view lang, std::string_view selected) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto code : opportunities::kNotSelectedReasons) {
    choices.emplace_back(std::string(code),
                         site.T(lang, Message("pipeline.reason." + std::string(code))));
  }
  return SelectOptions(std::move(choices), {std::string(selected)}, false, true);
}

void AddFacts(const Site& site, std::string_view lang, const Opportunity& o, Data& page) {
  page.set("title_text", o.title);
  page.set("status", StatusText(site, lang, o));
  page.set("status_code", std::string(StatusCode(o.status)));
  page.set("is_draft", o.status == Status::kDraft);
  page.set("is_published", o.status == Status::kPublished);
  page.set("is_closed", o.status == Status::kClosed);
  page.set("activity_type", Label(site, lang, "activity_type", o.activity_type));
  page.set("place", o.town + ", " + Label(site, lang, "country", o.country));
  page.set("dates", o.start_date ? DateText(lang, o.start_date) + " – " + DateText(lang, o.end_date)
                                 : site.T(lang, "opportunity.flexible_dates"));
  const auto last = opportunities::LastApplicationDay(o);
  page.set("deadline", last ? DateText(lang, last) : site.T(lang, "opportunity.rolling"));
  page.set("places", std::to_string(o.places));
  page.set("grant_reference", o.grant_reference);
  page.set("has_grant", !o.grant_reference.empty());
  page.set("public_url", "/opportunities/" + std::to_string(o.id));
}

// The page, with `error` from a bulk action when there is one.
http::Response RenderOpportunity(OpportunityDeps& d, const http::Request& request,
                                 const StaffEntry& e, std::optional<int64_t> id,
                                 const Error* error) {
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto o = d.opportunities.Get(e.staff, *id);
  if (!o) return d.site.RenderError(request, o.error());
  auto pipeline = d.opportunities.Pipeline(e.staff, *id);
  if (!pipeline) return d.site.RenderError(request, pipeline.error());
  const std::string lang = d.site.Language(request);
  const Date today = d.clock.Today();
  Data page = StaffLayout(d, request, lang, e, o->title);
  AddFacts(d.site, lang, *o, page);
  const std::string url = Url(e.staff, o->id);
  page.set("url", url);
  page.set("edit_url", url + "/edit");

  // Filter by stage (a GET form) and list the candidates.
  const std::string only = request.QueryParam("stage").value_or("");
  const auto only_stage = opportunities::ParseStage(only);
  list stage_counts;
  for (const Stage s : opportunities::AllStages()) {
    const auto n = std::count_if(pipeline->begin(), pipeline->end(),
                                 [s](const Entry& c) { return c.stage == s; });
    data item;
    item.set("label", StageText(d.site, lang, s));
    item.set("count", std::to_string(n));
    item.set("url", url + "?stage=" + std::string(StageCode(s)) + "#candidates");
    item.set("current", only_stage == s);
    stage_counts.push_back(item);
  }
  page.set("stage_counts", stage_counts);
  page.set("all_url", url + "#candidates");
  page.set("filtered", only_stage.has_value());
  list candidates;
  for (const Entry& c : *pipeline) {
    if (only_stage && c.stage != *only_stage) continue;
    data item;
    item.set("id", std::to_string(c.id));
    item.set("name", c.given_name + " " + c.family_name);
    item.set("reference", c.reference);
    item.set("url", url + "/candidates/" + std::to_string(c.id));
    item.set("age", std::to_string(participants::AgeOn(c.birth_date, today)));
    item.set("residence", Label(d.site, lang, "country", c.residence));
    item.set("stage", StageText(d.site, lang, c.stage));
    item.set("applied", c.applied);
    item.set("applied_at", c.applied_at ? i18n::FormatLongDate(lang, DateOf(*c.applied_at)) : "");
    list tags;
    for (const auto& t : c.tags) {
      data tag;
      tag.set("tag", t);
      tags.push_back(tag);
    }
    item.set("tags", tags);
    item.set("notes", std::to_string(c.notes));
    item.set("has_notes", c.notes > 0);
    candidates.push_back(item);
  }
  page.set("has_candidates", !candidates.empty());
  page.set("candidates", candidates);
  page.set("stage_options", StageOptions(d.site, lang, Stage::kShortlisted, true));
  page.set("reason_options", ReasonOptions(d.site, lang, ""));
  if (error != nullptr) d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  return d.site.Render("pages/organisation/opportunity", lang, page, error != nullptr ? 422 : 200);
}

http::Response ShowOpportunity(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  return RenderOpportunity(d, request, e, IdParam(request, "id"), nullptr);
}

std::vector<int64_t> SelectedIds(const http::FormData& form) {
  std::vector<int64_t> out;
  for (const auto& text : form.All("selected")) {
    if (auto n = ParseInt(text); n && *n > 0) out.push_back(*n);
  }
  return out;
}

http::Response Download(std::string body, std::string_view type, std::string_view file_name) {
  http::Response r = http::Response::Status(200);
  r.body = std::move(body);
  r.headers.Set("Content-Type", type);
  r.headers.Set("Content-Disposition", "attachment; filename=\"" + std::string(file_name) + "\"");
  r.headers.Set("Cache-Control", "private, no-store");
  return r;
}

http::Response ExportPipeline(OpportunityDeps& d, const http::Request& request, const StaffEntry& e,
                              int64_t id, opportunities::ExportFormat format) {
  const std::string lang = d.site.Language(request);
  auto o = d.opportunities.Get(e.staff, id);
  if (!o) return d.site.RenderError(request, o.error());
  auto rows = d.opportunities.Export(e.staff, id, SelectedIds(e.form), format);
  if (!rows) return d.site.RenderError(request, rows.error());
  const Date today = d.clock.Today();
  exports::Table table;
  for (const char* column : {"reference", "given_name", "family_name", "age", "residence",
                             "applied", "applied_at", "stage", "reason", "reason_text", "tags"}) {
    table.header.push_back(d.site.T(lang, Message("pipeline.column." + std::string(column))));
  }
  for (const Entry& c : *rows) {
    std::string tags;
    for (const auto& t : c.tags) tags += (tags.empty() ? "" : ", ") + t;
    table.rows.push_back(
        {c.reference, c.given_name, c.family_name,
         std::to_string(participants::AgeOn(c.birth_date, today)),
         Label(d.site, lang, "country", c.residence),
         d.site.T(lang, c.applied ? "pipeline.applied.yes" : "pipeline.applied.no"),
         c.applied_at ? FormatIsoDate(DateOf(*c.applied_at)) : "", StageText(d.site, lang, c.stage),
         c.reason.empty() ? "" : d.site.T(lang, Message("pipeline.reason." + c.reason)),
         c.reason_text, tags});
  }
  const std::string name =
      "candidates-" + e.staff.oid + "-" + std::to_string(id) + "-" + FormatIsoDate(today);
  if (format == opportunities::ExportFormat::kCsv)
    return Download(exports::ToCsv(table), "text/csv; charset=utf-8", name + ".csv");
  auto xlsx = exports::ToXlsx(table, d.site.T(lang, "pipeline.sheet_name"));
  if (!xlsx) return d.site.RenderError(request, xlsx.error());
  return Download(std::move(*xlsx),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  name + ".xlsx");
}

// The bulk form under the candidate list: move, tag, untag or export the selection.
http::Response PipelineAction(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  const std::string action = e.form.Get("action");
  const std::string url = Url(e.staff, *id);
  if (action == "export_csv")
    return ExportPipeline(d, request, e, *id, opportunities::ExportFormat::kCsv);
  if (action == "export_xlsx")
    return ExportPipeline(d, request, e, *id, opportunities::ExportFormat::kXlsx);
  Result<int> done = 0;
  std::string code;
  if (action == "move") {
    const auto stage = opportunities::ParseStage(e.form.Get("stage"));
    if (!stage) {
      return d.site.RenderError(request,
                                InvalidInput(Message("error.form.invalid"),
                                             {{"stage", Message("error.field.required")}}));
    }
    done = d.opportunities.Move(e.staff, *id, SelectedIds(e.form),
                                {*stage, e.form.Get("reason"), e.form.Get("reason_text")});
    code = "moved";
  } else if (action == "tag" || action == "untag") {
    done =
        d.opportunities.Tag(e.staff, *id, SelectedIds(e.form), e.form.Get("tag"), action == "tag");
    code = action == "tag" ? "tagged" : "untagged";
  } else {
    return d.site.RenderError(request, InvalidInput(Message("error.form.invalid")));
  }
  if (!done) {
    if (done.error().code == ErrorCode::kInvalidInput)
      return RenderOpportunity(d, request, e, id, &done.error());
    return d.site.RenderError(request, done.error());
  }
  const std::string back = SafeLocalPath(e.form.Get("back"));
  const std::string to = back.starts_with(url) ? back : url;
  return Redirect(to + (to.find('?') == std::string::npos ? "?" : "&") + "done=" + code +
                  "#candidates");
}

// ---------------------------------------------------------------------------------------------
// One candidate: the application, the profile as shared, tags and notes

http::Response ShowCandidate(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  const auto entry_id = IdParam(request, "entry");
  if (!id || !entry_id)
    return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto o = d.opportunities.Get(e.staff, *id);
  if (!o) return d.site.RenderError(request, o.error());
  auto c = d.opportunities.Candidate(e.staff, *id, *entry_id);
  if (!c) return d.site.RenderError(request, c.error());
  auto notes = d.opportunities.Notes(e.staff, *id, *entry_id);
  if (!notes) return d.site.RenderError(request, notes.error());
  // The person's profile as the application shares it; the opening is recorded for them (F6).
  const participants::OrganisationActor actor{e.staff.oid, e.organisation_name, e.staff.email};
  auto account = d.participants.OpenAccount(c->reference, actor,
                                            c->applied ? participants::Service::Door::kApplication
                                                       : participants::Service::Door::kFindable);
  const std::string lang = d.site.Language(request);
  const Date today = d.clock.Today();
  Data page = StaffLayout(d, request, lang, e, c->given_name + " " + c->family_name);
  const std::string url = Url(e.staff, *id);
  page.set("opportunity_title", o->title);
  page.set("opportunity_url", url);
  page.set("action_url", url + "/pipeline");
  page.set("back", url + "/candidates/" + std::to_string(c->id));
  page.set("notes_url", url + "/candidates/" + std::to_string(c->id) + "/notes");
  page.set("entry_id", std::to_string(c->id));
  page.set("name", c->given_name + " " + c->family_name);
  page.set("reference", c->reference);
  page.set("age", std::to_string(participants::AgeOn(c->birth_date, today)));
  page.set("residence", Label(d.site, lang, "country", c->residence));
  page.set("stage", StageText(d.site, lang, c->stage));
  page.set("applied", c->applied);
  page.set("applied_at", c->applied_at ? i18n::FormatLongDate(lang, DateOf(*c->applied_at)) : "");
  page.set("message", c->message);
  page.set("motivation", c->motivation);
  page.set("has_motivation", !c->motivation.empty());
  page.set("not_selected", c->stage == Stage::kNotSelected);
  page.set("reason",
           c->reason.empty() ? "" : d.site.T(lang, Message("pipeline.reason." + c->reason)));
  page.set("reason_text", c->reason_text);
  page.set("has_cv", c->share_cv && account && account->cv.has_value());
  page.set("cv_url", url + "/candidates/" + std::to_string(c->id) + "/cv");
  if (account) {
    AddProfileLists(d.site, lang, account->profile, page, today);
    // Empty strings would still open the sections that show them.
    page.set("has_experience", !account->profile.experience.empty());
    page.set("experience", account->profile.experience);
    page.set("has_profile_motivation", !account->profile.motivation.empty());
    page.set("profile_motivation", account->profile.motivation);
    page.set("sensitive_shared", account->profile.sensitive_shared);
    page.set("fewer_opportunities", account->profile.fewer_opportunities);
    page.set("support_needs", account->profile.support_needs);
    page.set("has_profile", true);
  } else {
    // No longer findable, and never applied: only the basics.
    page.set("has_profile", false);
    page.set("sensitive_shared", false);
  }
  list tags;
  for (const auto& t : c->tags) {
    data tag;
    tag.set("tag", t);
    tags.push_back(tag);
  }
  page.set("tags", tags);
  page.set("has_tags", !c->tags.empty());
  list note_items;
  for (const auto& n : *notes) {
    data item;
    item.set("author", n.author);
    item.set("at", i18n::FormatDateTime(lang, n.at));
    item.set("text", n.text);
    note_items.push_back(item);
  }
  page.set("notes", note_items);
  page.set("has_notes", !notes->empty());
  page.set("stage_options", StageOptions(d.site, lang, c->stage, true));
  page.set("reason_options", ReasonOptions(d.site, lang, c->reason));
  const bool locked =
      c->stage == Stage::kWithdrawn || c->stage == Stage::kMatched || c->stage == Stage::kOffered;
  page.set("can_move", !locked);
  return d.site.Render("pages/organisation/candidate", lang, page);
}

http::Response AddNote(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  const auto entry_id = IdParam(request, "entry");
  if (!id || !entry_id)
    return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto added = d.opportunities.AddNote(e.staff, *id, *entry_id, e.form.Get("note"));
  if (!added) return d.site.RenderError(request, added.error());
  return Redirect(Url(e.staff, *id) + "/candidates/" + std::to_string(*entry_id) +
                  "?done=noted#notes");
}

http::Response CandidateCv(OpportunityDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  const auto entry_id = IdParam(request, "entry");
  if (!id || !entry_id)
    return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto c = d.opportunities.Candidate(e.staff, *id, *entry_id);
  if (!c) return d.site.RenderError(request, c.error());
  // Only a CV the application shares; shortlisted people's CVs go through the candidate view.
  if (!c->applied || !c->share_cv)
    return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  const participants::OrganisationActor actor{e.staff.oid, e.organisation_name, e.staff.email};
  auto cv = d.participants.OpenCv(c->reference, actor, participants::Service::Door::kApplication);
  if (!cv) return d.site.RenderError(request, cv.error());
  return CvDownload(*cv);
}

}  // namespace

Opportunity OpportunityFromForm(const http::FormData& form) {
  return ReadOpportunityForm(form).opportunity;
}

void AddOpportunityPages(http::Router& router, OpportunityDeps& deps) {
  auto get = [&](std::string_view pattern,
                 http::Response (*f)(OpportunityDeps&, const http::Request&)) {
    router.Get(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  auto post = [&](std::string_view pattern,
                  http::Response (*f)(OpportunityDeps&, const http::Request&)) {
    router.Post(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  get("/organisations/{oid}/profile", ShowProfile);
  post("/organisations/{oid}/profile", SaveProfile);
  get("/organisations/{oid}/opportunities", ListOpportunities);
  get("/organisations/{oid}/opportunities/new", NewOpportunity);
  post("/organisations/{oid}/opportunities", CreateOpportunity);
  get("/organisations/{oid}/opportunities/{id}", ShowOpportunity);
  get("/organisations/{oid}/opportunities/{id}/edit", EditOpportunity);
  post("/organisations/{oid}/opportunities/{id}/edit", UpdateOpportunity);
  for (const char* action : {"publish", "close", "copy"}) {
    router.Post("/organisations/{oid}/opportunities/{id}/" + std::string(action),
                [&deps, action](http::Request& r) { return ChangeStatus(deps, r, action); });
  }
  post("/organisations/{oid}/opportunities/{id}/pipeline", PipelineAction);
  get("/organisations/{oid}/opportunities/{id}/candidates/{entry}", ShowCandidate);
  post("/organisations/{oid}/opportunities/{id}/candidates/{entry}/notes", AddNote);
  get("/organisations/{oid}/opportunities/{id}/candidates/{entry}/cv", CandidateCv);
}

}  // namespace pass::web
