// The public side of opportunities (SPEC F4): the list with its filters and one opportunity for
// everyone; for registered young people the eligibility checks (R8, R9), applying, and following
// and withdrawing their applications. Handlers are thin: the rules are in opportunities::Service.
#include <algorithm>
#include <chrono>
#include <set>

#include "codes/codes.h"
#include "core/fields.h"
#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "participants/profile.h"
#include "web/form_view.h"
#include "web/opportunity_pages.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;
using opportunities::Opportunity;
using opportunities::Stage;

namespace {

constexpr int kPerPage = 20;
constexpr int kMaxPage = 10000;  // deeper pages are empty anyway; keeps the offset small

constexpr std::string_view kDoneCodes[] = {"applied", "withdrawn"};

// ---------------------------------------------------------------------------------------------
// Who is asking

bool Registered(const OpportunityDeps& d, const Viewer& viewer) {
  return viewer.signed_in() && viewer.participant &&
         viewer.participant->consent_version >= d.participants.options().privacy_version;
}

std::string LoginUrl(std::string_view back) {
  return "/login?next=" + http::PercentEncode(SafeLocalPath(back));
}

struct Entry {
  std::optional<Viewer> viewer;
  std::optional<http::Response> response;
};

// A registered young person who accepted the statement in force. A visitor goes to the sign-in
// and comes back to `back`; anyone else to /young (registration, or the statement to accept).
Entry EnterRegistered(const OpportunityDeps& d, const http::Request& request,
                      std::string_view back) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return {std::nullopt, d.site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) return {std::nullopt, Redirect(LoginUrl(back))};
  if (!Registered(d, *viewer)) return {std::nullopt, Redirect("/young")};
  return {std::move(*viewer), std::nullopt};
}

struct FormEntry {
  std::optional<Viewer> viewer;
  http::FormData form;
  std::optional<http::Response> response;
};

FormEntry EnterForm(const OpportunityDeps& d, const http::Request& request, std::string_view back) {
  Entry e = EnterRegistered(d, request, back);
  if (e.response) return {std::nullopt, {}, std::move(e.response)};
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *e.viewer, *form))
    return {std::nullopt, {}, d.site.RenderError(request, Forbidden(Message("error.csrf")))};
  return {std::move(e.viewer), std::move(*form), std::nullopt};
}

Result<participants::Account> OwnAccount(const OpportunityDeps& d, const Viewer& viewer) {
  auto account = d.participants.AccountFor(viewer.person->sub);
  if (!account) return Fail(std::move(account.error()));
  if (!*account) return Fail(NotFound("error.participant.not_registered"));
  return std::move(**account);
}

Error NoSuchOpportunity() { return NotFound(Message("error.opportunity.not_found")); }

// ---------------------------------------------------------------------------------------------
// Texts shared by the pages

std::string LongDate(std::string_view lang, Date day) { return i18n::FormatLongDate(lang, day); }

std::string DatesText(const OpportunityDeps& d, std::string_view lang, const Opportunity& o) {
  if (!o.start_date || !o.end_date) return d.site.T(lang, "opportunities.flexible_dates");
  return LongDate(lang, *o.start_date) + " – " + LongDate(lang, *o.end_date);
}

// The last day applications are taken: the deadline, else (rolling) the day R11 allows, else
// none at all (flexible dates, rolling applications).
std::string LastDayText(const OpportunityDeps& d, std::string_view lang, const Opportunity& o) {
  if (o.application_deadline) return LongDate(lang, *o.application_deadline);
  if (const auto last = opportunities::LastApplicationDay(o)) {
    return d.site.T(lang,
                    Message("opportunities.rolling_until", {{"date", LongDate(lang, *last)}}));
  }
  return d.site.T(lang, "opportunities.rolling");
}

// "3 months and 5 days": whole months as R12 counts them, then the days left over.
std::string DurationText(const OpportunityDeps& d, std::string_view lang, Date start, Date end) {
  int months = 0;
  while (months < 1200 && opportunities::MonthsLater(start, months + 1) <= end) ++months;
  const auto days = (std::chrono::sys_days(end) -
                     std::chrono::sys_days(opportunities::MonthsLater(start, months)))
                        .count();
  std::string m =
      d.site.T(lang, Message("opportunities.duration.months", {{"count", std::to_string(months)}}));
  std::string n =
      d.site.T(lang, Message("opportunities.duration.days", {{"count", std::to_string(days)}}));
  if (months == 0) return n;
  if (days == 0) return m;
  return d.site.T(lang, Message("opportunities.duration.both", {{"months", m}, {"days", n}}));
}

std::string PlaceText(const OpportunityDeps& d, std::string_view lang, const Opportunity& o) {
  const std::string country = Label(d.site, lang, "country", o.country);
  return o.town.empty() ? country : o.town + ", " + country;
}

std::string StatusKey(Stage stage) {
  switch (stage) {
    case Stage::kNew:
      return "applications.status.received";
    case Stage::kShortlisted:
    case Stage::kContacted:
    case Stage::kInterview:
      return "applications.status.considered";
    case Stage::kOffered:
      return "applications.status.offered";
    case Stage::kMatched:
      return "applications.status.matched";
    case Stage::kNotSelected:
      return "applications.status.not_selected";
    case Stage::kWithdrawn:
      return "applications.status.withdrawn";
  }
  return "applications.status.received";
}

// The eligibility messages carry codes and ISO dates; the page shows names and long dates.
// Mustache opens a section for any string, even an empty one: optional texts are set only when
// there is something to show.
void SetText(Data& page, const std::string& key, const std::string& value) {
  if (!value.empty()) page.set(key, value);
}

// A select's options with the blank first choice named ("Any country").
list WithBlankLabel(list options, const std::string& label) {
  if (!options.empty()) options.front().set("label", label);
  return options;
}

void AddDone(const OpportunityDeps& d, const http::Request& request, std::string_view lang,
             Data& page) {
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kDoneCodes), std::end(kDoneCodes), done) != std::end(kDoneCodes))
    page.set("done_text", d.site.T(lang, Message("applications.done." + done)));
}

list Labels(const OpportunityDeps& d, std::string_view lang, std::string_view list_name,
            const std::vector<std::string>& codes) {
  list out;
  for (const auto& code : codes) {
    data item;
    item.set("label", Label(d.site, lang, list_name, code));
    out.push_back(item);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The list: GET /opportunities

struct BrowseQuery {
  opportunities::Filter filter;
  // What was typed, to show again and to keep in the page links.
  std::string country, town, topic, activity_type, from, to, open_until, sort;
  bool eligible = false;
  int page = 1;
  std::vector<FieldError> problems;
};

BrowseQuery ReadQuery(const http::FormData& q) {
  BrowseQuery out;
  opportunities::Filter& f = out.filter;
  auto text = [&](std::string_view name) { return std::string(Trim(q.Get(name))); };
  out.country = text("country");
  out.town = text("town");
  out.topic = text("topic");
  out.activity_type = text("activity_type");
  out.from = text("from");
  out.to = text("to");
  out.open_until = text("open_until");
  out.sort = text("sort");
  out.eligible = q.Get("eligible") == "1";

  if (!out.country.empty() && !codes::IsCountry(out.country)) {
    out.problems.push_back({"country", Message("error.field.country", {{"value", out.country}})});
  } else {
    f.country = out.country;
  }
  fields::CheckLine(out.problems, "town", out.town, false, opportunities::kMaxLineLength);
  f.town = out.town;
  if (!out.topic.empty() && !codes::IsTopic(out.topic)) {
    out.problems.push_back({"topic", Message("error.field.topic", {{"value", out.topic}})});
  } else {
    f.topic = out.topic;
  }
  if (!out.activity_type.empty() && !codes::IsActivityType(out.activity_type)) {
    out.problems.push_back(
        {"activity_type", Message("error.field.activity_type", {{"value", out.activity_type}})});
  } else {
    f.activity_type = out.activity_type;
  }
  auto date = [&](std::string_view name, const std::string& typed, std::optional<Date>& into) {
    if (typed.empty()) return;
    if (auto day = ParseIsoDate(typed)) {
      into = *day;
    } else {
      out.problems.push_back({std::string(name), Message("error.field.date")});
    }
  };
  date("from", out.from, f.from);
  date("to", out.to, f.to);
  date("open_until", out.open_until, f.open_until);
  if (f.from && f.to && *f.to < *f.from)
    out.problems.push_back({"to", Message("error.field.ends_before_start")});
  if (out.sort != "newest") out.sort.clear();  // the soonest last day first is the default
  f.newest_first = out.sort == "newest";
  out.page =
      static_cast<int>(std::clamp<long long>(ParseInt(q.Get("page")).value_or(1), 1, kMaxPage));
  return out;
}

// The list's address with these filters, on `page`.
std::string ListUrl(const BrowseQuery& q, int page) {
  std::vector<std::string> parts;
  auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) parts.push_back(std::string(name) + "=" + http::PercentEncode(value));
  };
  add("country", q.country);
  add("town", q.town);
  add("topic", q.topic);
  add("activity_type", q.activity_type);
  add("from", q.from);
  add("to", q.to);
  add("open_until", q.open_until);
  add("sort", q.sort);
  if (q.eligible) parts.emplace_back("eligible=1");
  if (page > 1) parts.push_back("page=" + std::to_string(page));
  return parts.empty() ? "/opportunities" : "/opportunities?" + Join(parts, "&");
}

// The filter form's errors: the same summary as every form, with the filters' own labels.
void AddFilterErrors(const OpportunityDeps& d, std::string_view lang, Data& page,
                     const std::vector<FieldError>& problems) {
  list errors;
  for (const auto& f : problems) {
    const std::string message = d.site.T(lang, f.message);
    data item;
    item.set("label", d.site.T(lang, Message("opportunities.filter." + f.field)));
    item.set("message", message);
    item.set("anchor", "q-" + f.field);
    errors.push_back(item);
    page.set("err_" + f.field, message);
  }
  page.set("has_errors", true);
  page.set("errors", errors);
}

data Card(const OpportunityDeps& d, std::string_view lang, const Opportunity& o) {
  data item;
  item.set("url", "/opportunities/" + std::to_string(o.id));
  item.set("title", o.title);
  item.set("organisation", o.organisation_name);
  item.set("place", PlaceText(d, lang, o));
  item.set("activity_type", Label(d.site, lang, "activity_type", o.activity_type));
  item.set("dates", DatesText(d, lang, o));
  item.set("last_day", LastDayText(d, lang, o));
  item.set("places",
           d.site.T(lang, Message("opportunities.places", {{"count", std::to_string(o.places)}})));
  return item;
}

http::Response List(OpportunityDeps& d, const http::Request& request) {
  const std::string lang = d.site.Language(request);
  auto query = http::ParseUrlEncoded(request.query);
  if (!query) return d.site.RenderError(request, InvalidInput(Message("error.page.400.text")));
  BrowseQuery q = ReadQuery(*query);
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  const bool registered = Registered(d, *viewer);

  Data page = d.site.Layout(request, lang, d.site.T(lang, "opportunities.title"), &*viewer);
  page.set("v_town", q.town);
  page.set("v_from", q.from);
  page.set("v_to", q.to);
  page.set("v_open_until", q.open_until);
  page.set("country_options", WithBlankLabel(CountryOptions(d.site, lang, {q.country}, true),
                                             d.site.T(lang, "opportunities.filter.any_country")));
  page.set("topic_options",
           WithBlankLabel(CodeOptions(d.site, lang, "topic", codes::Topics(), {q.topic}, true),
                          d.site.T(lang, "opportunities.filter.any_topic")));
  page.set("activity_type_options",
           WithBlankLabel(CodeOptions(d.site, lang, "activity_type", codes::ActivityTypes(),
                                      {q.activity_type}, true),
                          d.site.T(lang, "opportunities.filter.any_activity_type")));
  page.set("sort_newest", q.sort == "newest");
  page.set("can_filter_eligible", registered);
  page.set("v_eligible", registered && q.eligible);

  if (!q.problems.empty()) {
    AddFilterErrors(d, lang, page, q.problems);
    return d.site.Render("pages/opportunities/list", lang, page, 400);
  }
  if (registered && q.eligible) {
    auto account = d.participants.AccountFor(viewer->person->sub);
    if (!account) return d.site.RenderError(request, account.error());
    if (*account) {
      q.filter.eligible_birth_date = (*account)->profile.birth_date;
      q.filter.eligible_residence = (*account)->profile.residence;
    }
  }
  auto found = d.opportunities.Browse(q.filter, q.page, kPerPage);
  if (!found) return d.site.RenderError(request, found.error());

  list results;
  for (const auto& o : found->items) results.push_back(Card(d, lang, o));
  page.set("results", results);
  page.set("has_results", !found->items.empty());
  page.set("count_text", d.site.T(lang, Message("opportunities.count",
                                                {{"count", std::to_string(found->total)}})));
  const int64_t pages = (found->total + kPerPage - 1) / kPerPage;
  page.set("any", found->total > 0);
  if (pages > 1) {
    page.set("page_text",
             d.site.T(lang, Message("opportunities.page_of", {{"page", std::to_string(q.page)},
                                                              {"pages", std::to_string(pages)}})));
  }
  // Past the last page (a stale link), "previous" leads back to the last one there is.
  const int64_t previous = std::min<int64_t>(q.page - 1, std::max<int64_t>(pages, 1));
  if (q.page > 1) page.set("prev_url", ListUrl(q, static_cast<int>(previous)));
  if (q.page < pages) page.set("next_url", ListUrl(q, q.page + 1));
  page.set("has_pager", q.page > 1 || q.page < pages);
  return d.site.Render("pages/opportunities/list", lang, page);
}

// ---------------------------------------------------------------------------------------------
// One opportunity: GET /opportunities/{id}, and the page again after a refused application

void AddFacts(const OpportunityDeps& d, std::string_view lang, const Opportunity& o, Data& page) {
  page.set("id", std::to_string(o.id));
  page.set("title", o.title);
  page.set("organisation", o.organisation_name);
  page.set("place", PlaceText(d, lang, o));
  page.set("activity_type", Label(d.site, lang, "activity_type", o.activity_type));
  SetText(page, "description", o.description);
  page.set("dates", DatesText(d, lang, o));
  if (o.start_date && o.end_date)
    page.set("duration", DurationText(d, lang, *o.start_date, *o.end_date));
  page.set("places",
           d.site.T(lang, Message("opportunities.places", {{"count", std::to_string(o.places)}})));
  page.set("last_day", LastDayText(d, lang, o));
  page.set("topics", Labels(d, lang, "topic", o.topics));
  page.set("all_countries", o.eligible_residence.empty());
  page.set("eligible_countries", Labels(d, lang, "country", o.eligible_residence));

  list languages;
  for (const auto& l : o.languages) {
    data item;
    item.set("label", Label(d.site, lang, "language", l.code) + " — " +
                          Label(d.site, lang, "level", codes::LevelCode(l.level)));
    languages.push_back(item);
  }
  page.set("has_languages", !o.languages.empty());
  page.set("languages", languages);
  page.set("has_skills", !o.skills.empty());
  page.set("skills", Labels(d, lang, "skill", o.skills));
  page.set("languages_required", o.languages_required);
  page.set("skills_required", o.skills_required);
  page.set("has_wanted", !o.languages.empty() || !o.skills.empty());
  page.set("has_preferences", (!o.languages.empty() && !o.languages_required) ||
                                  (!o.skills.empty() && !o.skills_required));
  page.set("has_requirements", o.languages_required || o.skills_required);
  SetText(page, "requirement_reason", o.requirement_reason);

  SetText(page, "participant_profile", o.participant_profile);
  SetText(page, "practical_arrangements", o.practical_arrangements);
  SetText(page, "training", o.training);
  SetText(page, "contact_person", o.contact_person);
  page.set("asks_cv", o.asks_cv);
  page.set("asks_motivation", o.asks_motivation);
}

// The apply panel for a registered person: their application, else (while it is open) their
// checks and the form. True when they have an application in progress.
Result<bool> AddApplyPanel(const OpportunityDeps& d, std::string_view lang, const Viewer& viewer,
                           const Opportunity& o, bool open, const http::FormData* form,
                           Data& page) {
  PASS_TRY(account, OwnAccount(d, viewer));
  PASS_TRY(existing, d.opportunities.ApplicationTo(account->profile.id, o.id));
  const bool active = *existing && (*existing)->stage != Stage::kWithdrawn;
  if (active) {
    page.set("applied", true);
    page.set("applied_status", d.site.T(lang, StatusKey((*existing)->stage)));
    if ((*existing)->applied_at)
      page.set("applied_on", LongDate(lang, DateOf(*(*existing)->applied_at)));
    return true;
  }
  if (!open) return false;
  page.set("withdrawn_before", existing->has_value());
  const Date today = d.clock.Today();
  list checks;
  bool eligible = true;
  for (const auto& check : opportunities::CheckEligibility(o, account->profile.birth_date,
                                                           account->profile.residence, today)) {
    data item;
    item.set("passed", check.passed);
    item.set("rule", check.rule);
    item.set("explanation", d.site.T(lang, Localised(d.site, lang, check.explanation)));
    checks.push_back(item);
    eligible = eligible && check.passed;
  }
  page.set("show_checks", true);
  page.set("checks", checks);
  page.set("eligible", eligible);
  if (!eligible) return false;

  const bool has_cv = account->cv.has_value();
  page.set("csrf", viewer.csrf);
  page.set("has_cv", has_cv);
  page.set("cv_missing", o.asks_cv && !has_cv);
  page.set("can_apply", !(o.asks_cv && !has_cv));
  page.set("max_message", std::to_string(opportunities::kMaxMessageLength));
  page.set("max_motivation", std::to_string(participants::kMaxFreeTextLength));
  page.set("v_message", form ? form->Get("message") : "");
  page.set("v_motivation", form ? form->Get("motivation") : account->profile.motivation);
  page.set("v_share_cv", form != nullptr && form->Has("share_cv"));
  return false;
}

http::Response ShowPage(const OpportunityDeps& d, const http::Request& request,
                        std::string_view lang, const Viewer* viewer, const Opportunity& o,
                        const http::FormData* form, const Error* error, int status) {
  Data page = d.site.Layout(request, lang, o.title, viewer);
  AddFacts(d, lang, o, page);
  const bool open = opportunities::TakesApplications(o, d.clock.Today());
  page.set("closed", !open);
  const std::string here = "/opportunities/" + std::to_string(o.id);
  bool applied = false;
  if (viewer == nullptr || !viewer->signed_in()) {
    page.set("sign_in_url", LoginUrl(here));
  } else if (!viewer->participant) {
    page.set("not_registered", true);
  } else if (!Registered(d, *viewer)) {
    page.set("needs_consent", true);
  } else {
    auto added = AddApplyPanel(d, lang, *viewer, o, open, form, page);
    if (!added) return d.site.RenderError(request, added.error());
    applied = *added;
  }
  // A closed opportunity has nothing to apply to; an application to it still shows its state.
  page.set("show_panel", open || applied);
  if (error != nullptr) d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  return d.site.Render("pages/opportunities/show", lang, page, status);
}

http::Response Show(OpportunityDeps& d, const http::Request& request) {
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NoSuchOpportunity());
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  auto o = d.opportunities.View(*id);
  if (!o) return d.site.RenderError(request, o.error());
  return ShowPage(d, request, d.site.Language(request), &*viewer, *o, nullptr, nullptr, 200);
}

// POST /opportunities/{id}/apply
http::Response Apply(OpportunityDeps& d, const http::Request& request) {
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NoSuchOpportunity());
  FormEntry e = EnterForm(d, request, "/opportunities/" + std::to_string(*id));
  if (e.response) return std::move(*e.response);
  const Viewer& viewer = *e.viewer;
  if (!d.applications.Allow("apply:" + viewer.participant->reference))
    return d.site.RenderError(request, TooManyRequests(Message("error.application.too_many")));
  auto account = OwnAccount(d, viewer);
  if (!account) return d.site.RenderError(request, account.error());
  opportunities::ApplicationForm form;
  form.message = e.form.Get("message");
  form.motivation = e.form.Get("motivation");
  form.share_cv = e.form.Has("share_cv");
  auto applied = d.opportunities.Apply(*account, *id, form);
  if (!applied) {
    if (applied.error().code != ErrorCode::kInvalidInput)
      return d.site.RenderError(request, applied.error());
    auto o = d.opportunities.View(*id);
    if (!o) return d.site.RenderError(request, o.error());
    const Error error = WithFormFields(applied.error());
    return ShowPage(d, request, d.site.Language(request), &viewer, *o, &e.form, &error, 422);
  }
  return Redirect("/young/applications?done=applied");
}

// ---------------------------------------------------------------------------------------------
// My applications: GET /young/applications, POST /young/applications/{entry_id}/withdraw

http::Response Applications(OpportunityDeps& d, const http::Request& request) {
  Entry e = EnterRegistered(d, request, request.target);
  if (e.response) return std::move(*e.response);
  const Viewer& viewer = *e.viewer;
  auto mine = d.opportunities.ApplicationsOf(viewer.participant->id);
  if (!mine) return d.site.RenderError(request, mine.error());
  const std::string lang = d.site.Language(request);
  Data page = d.site.Layout(request, lang, d.site.T(lang, "applications.title"), &viewer);
  AddDone(d, request, lang, page);
  page.set("csrf", viewer.csrf);
  // Newest first: what the person just did is on top.
  std::stable_sort(mine->begin(), mine->end(), [](const auto& a, const auto& b) {
    return a.entry.applied_at.value_or(Timestamp{}) > b.entry.applied_at.value_or(Timestamp{});
  });
  list items;
  for (const auto& [entry, o] : *mine) {
    data item;
    item.set("entry_id", std::to_string(entry.id));
    item.set("url", "/opportunities/" + std::to_string(o.id));
    item.set("title", o.title);
    item.set("organisation", o.organisation_name);
    item.set("place", PlaceText(d, lang, o));
    item.set("applied_on", entry.applied_at ? LongDate(lang, DateOf(*entry.applied_at)) : "");
    item.set("status", d.site.T(lang, StatusKey(entry.stage)));
    item.set("status_class", entry.stage == Stage::kMatched || entry.stage == Stage::kOffered
                                 ? "pass-status--ok"
                             : entry.stage == Stage::kNotSelected ? "pass-status--warn"
                                                                  : "");
    if (entry.stage == Stage::kNotSelected) {
      if (opportunities::IsNotSelectedReason(entry.reason))
        item.set("reason", d.site.T(lang, Message("applications.reason." + entry.reason)));
      if (!entry.reason_text.empty()) item.set("reason_text", entry.reason_text);
    }
    item.set("may_withdraw", entry.stage != Stage::kWithdrawn && entry.stage != Stage::kMatched);
    items.push_back(item);
  }
  page.set("applications", items);
  page.set("has_applications", !mine->empty());
  return d.site.Render("pages/young/applications", lang, page);
}

http::Response Withdraw(OpportunityDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request, "/young/applications");
  if (e.response) return std::move(*e.response);
  const auto entry_id = IdParam(request, "entry_id");
  if (!entry_id)
    return d.site.RenderError(request, NotFound(Message("error.application.not_found")));
  auto withdrawn = d.opportunities.Withdraw(e.viewer->participant->id, *entry_id);
  if (!withdrawn) return d.site.RenderError(request, withdrawn.error());
  return Redirect("/young/applications?done=withdrawn");
}

}  // namespace

void AddPublicOpportunityPages(http::Router& router, OpportunityDeps& deps) {
  auto get = [&](std::string_view pattern,
                 http::Response (*f)(OpportunityDeps&, const http::Request&)) {
    router.Get(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  auto post = [&](std::string_view pattern,
                  http::Response (*f)(OpportunityDeps&, const http::Request&)) {
    router.Post(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  get("/opportunities", List);
  get("/opportunities/{id}", Show);
  post("/opportunities/{id}/apply", Apply);
  get("/young/applications", Applications);
  post("/young/applications/{entry_id}/withdraw", Withdraw);
}

}  // namespace pass::web
