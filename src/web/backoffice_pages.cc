#include "web/backoffice_pages.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "codes/codes.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/form_view.h"
#include "web/registry_text.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

http::Response Redirect(std::string_view to) { return http::Response::Redirect(to, 303); }

// What a POST reports back on the page it returns to: only these codes are shown.
constexpr std::string_view kDoneCodes[] = {
    "organisation_created",  "organisation_changed", "authorisation_created",
    "authorisation_changed", "status_changed",       "staff_added",
    "staff_corrected",       "staff_removed",        "sessions_ended",
    "import_done",           "import_cancelled",     "role_granted",
    "role_revoked",          "nomination_approved",  "nomination_rejected"};

void AddDone(const BackofficeDeps& d, const http::Request& request, std::string_view lang,
             Data& page) {
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kDoneCodes), std::end(kDoneCodes), done) != std::end(kDoneCodes))
    page.set("done_text", d.site.T(lang, Message("backoffice.done." + done)));
}

// The signed-in officer making this request, or the answer for anyone else: the sign-in page
// for nobody, 403 for people without an officer role (staff and young people alike).
struct Entry {
  std::optional<Viewer> viewer;
  std::optional<http::Response> response;
};

Entry Enter(const BackofficeDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return {std::nullopt, d.site.RenderError(request, viewer.error())};
  if (!viewer->signed_in()) {
    return {std::nullopt,
            Redirect("/login?next=" + http::PercentEncode(SafeLocalPath(request.target)))};
  }
  if (!viewer->officer.any()) {
    return {std::nullopt,
            d.site.RenderError(request, Forbidden(Message("error.backoffice.officers_only")))};
  }
  return {std::move(*viewer), std::nullopt};
}

// A form POST of an officer: the officer, the parsed form, or the answer (CSRF and origin
// checked).
struct FormEntry {
  std::optional<Viewer> viewer;
  http::FormData form;
  std::optional<http::Response> response;
};

FormEntry EnterForm(const BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return {std::nullopt, {}, std::move(e.response)};
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *e.viewer, *form))
    return {std::nullopt, {}, d.site.RenderError(request, Forbidden(Message("error.csrf")))};
  return {std::move(e.viewer), std::move(*form), std::nullopt};
}

// An audit entry's particulars as a line to read: "issuer: SE02 · changed: valid_to, status".
// The keys are the audit log's own (stable, in English, as the log is); empty values are left out.
std::string DetailText(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object()) return {};
  std::string out;
  for (const auto& [key, value] : parsed.items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_array()) {
      for (const auto& v : value) {
        if (!v.is_string()) continue;
        text += (text.empty() ? "" : ", ") + v.get<std::string>();
      }
    } else {
      text = value.dump();
    }
    if (text.empty()) continue;
    std::string label = key;
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!out.empty()) out += " · ";
    out.append(label).append(": ").append(text);
  }
  return out;
}

// Select options for a code list, with the current value marked.
list Options(const std::vector<std::pair<std::string, std::string>>& choices,
             std::string_view selected) {
  list out;
  for (const auto& [value, label] : choices) {
    data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == selected);
    out.push_back(o);
  }
  return out;
}

list CountryOptions(std::string_view lang, std::string_view selected) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto code : codes::Countries()) {
    choices.emplace_back(std::string(code), i18n::CountryName(lang, code));
  }
  std::sort(choices.begin(), choices.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  choices.insert(choices.begin(), {"", ""});
  return Options(choices, selected);
}

// The kinds an officer may create: those of their remit.
list KindOptions(const BackofficeDeps& d, std::string_view lang, const backoffice::Officer& officer,
                 std::string_view selected, bool any_choice) {
  std::vector<std::pair<std::string, std::string>> choices;
  if (any_choice) choices.emplace_back("", d.site.T(lang, "backoffice.search.any"));
  for (const auto kind : {registry::Kind::kQualityLabel, registry::Kind::kEvsAccreditation,
                          registry::Kind::kEuavCertification, registry::Kind::kProgrammeApproval}) {
    const bool mine =
        officer.scope.everything ||
        std::any_of(officer.scope.rules.begin(), officer.scope.rules.end(),
                    [&](const registry::ScopeRule& r) {
                      return std::find(r.kinds.begin(), r.kinds.end(), kind) != r.kinds.end();
                    });
    if (mine)
      choices.emplace_back(std::string(registry::KindCode(kind)), d.site.T(lang, KindKey(kind)));
  }
  return Options(choices, selected);
}

list RoleList(const BackofficeDeps& d, std::string_view lang, const backoffice::Officer& officer) {
  list roles;
  for (const auto& r : officer.roles) {
    data item;
    item.set(
        "text",
        d.site.T(lang,
                 Message("role.described." + std::string(backoffice::RoleCode(r.kind)),
                         {{"country", r.country.empty() ? "" : i18n::CountryName(lang, r.country)},
                          {"programme", r.programme}})));
    roles.push_back(item);
  }
  return roles;
}

Data OfficerLayout(const BackofficeDeps& d, const http::Request& request, std::string_view lang,
                   const std::string& title, const Viewer& viewer) {
  Data page = d.site.Layout(request, lang, title, &viewer);
  page.set("csrf", viewer.csrf);
  page.set("my_roles", RoleList(d, lang, viewer.officer));
  page.set("is_admin", viewer.officer.administrator());
  page.set("has_errors", false);
  page.set("done_text", false);  // an empty string would still open {{#done_text}}
  return page;
}

// ---- Search ----------------------------------------------------------------------------------

http::Response Home(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const Viewer& viewer = *e.viewer;
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.title"), viewer);
  AddDone(d, request, lang, page);

  registry::OrganisationQuery query;
  query.oid = request.QueryParam("oid").value_or("");
  query.name = request.QueryParam("name").value_or("");
  query.country = request.QueryParam("country").value_or("");
  query.reference = request.QueryParam("reference").value_or("");
  query.staff_email = request.QueryParam("email").value_or("");
  const std::string kind = request.QueryParam("kind").value_or("");
  const std::string status = request.QueryParam("status").value_or("");
  query.kind = registry::ParseKind(kind);
  query.status = registry::ParseStatus(status);
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"q_oid", query.oid},
                                   {"q_name", query.name},
                                   {"q_reference", query.reference},
                                   {"q_email", query.staff_email}}) {
    page.set(key, value);
  }
  page.set("country_options", CountryOptions(lang, query.country));
  page.set("kind_options", KindOptions(d, lang, viewer.officer, kind, true));
  page.set("status_options", Options({{"", d.site.T(lang, "backoffice.search.any")},
                                      {"active", d.site.T(lang, "status.active")},
                                      {"suspended", d.site.T(lang, "status.suspended")},
                                      {"revoked", d.site.T(lang, "status.revoked")}},
                                     status));
  auto found = d.backoffice.Search(viewer.officer, query);
  if (!found) return d.site.RenderError(request, found.error());
  const Date today = d.clock.Today();
  list results;
  for (const auto& record : *found) {
    data item;
    item.set("oid", record.organisation.oid);
    item.set("name", record.organisation.name);
    item.set("country", i18n::CountryName(lang, record.organisation.country));
    item.set("url", "/backoffice/organisations/" + record.organisation.oid);
    list auths;
    for (const auto& a : record.authorisations) {
      data ai;
      ai.set("kind", d.site.T(lang, KindKey(a.kind)));
      ai.set("reference", a.reference);
      ai.set("standing", StandingText(d.site, lang, a, a.StandingOn(today)));
      auths.push_back(ai);
    }
    item.set("authorisations", auths);
    results.push_back(item);
  }
  page.set("results", results);
  page.set("result_count", d.site.T(lang, Message("backoffice.search.count",
                                                  {{"count", std::to_string(found->size())}})));
  page.set("truncated", found->size() >= query.limit);
  page.set("reviews_nominations",
           viewer.officer.administrator() || viewer.officer.Has(backoffice::RoleKind::kDgOfficer));
  return d.site.Render("pages/backoffice/home", lang, page);
}

// ---- Create an organisation ------------------------------------------------------------------

void FillNewOrganisation(const BackofficeDeps& d, std::string_view lang, const Viewer& viewer,
                         const http::FormData& form, Data& page) {
  for (const char* f :
       {"oid", "name", "reference", "issuer", "programme", "valid_from", "valid_to"})
    page.set(std::string("v_") + f, form.Get(f));
  page.set("country_options", CountryOptions(lang, form.Get("country")));
  page.set("kind_options", KindOptions(d, lang, viewer.officer, form.Get("kind"), false));
}

http::Response NewOrganisation(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.new.title"), *e.viewer);
  FillNewOrganisation(d, lang, *e.viewer, http::FormData{}, page);
  return d.site.Render("pages/backoffice/organisation_new", lang, page);
}

backoffice::AuthorisationFields AuthorisationFieldsFrom(const http::FormData& form) {
  return {form.Get("reference"), form.Get("kind"),       form.Get("issuer"),
          form.Get("programme"), form.Get("valid_from"), form.Get("valid_to")};
}

http::Response CreateOrganisation(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const auto& form = e.form;
  auto created = d.backoffice.CreateOrganisation(
      e.viewer->officer, {form.Get("oid"), form.Get("name"), form.Get("country")},
      AuthorisationFieldsFrom(form));
  if (created)
    return Redirect("/backoffice/organisations/" + *created + "?done=organisation_created");
  if (created.error().code != ErrorCode::kInvalidInput)
    return d.site.RenderError(request, created.error());
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.new.title"), *e.viewer);
  FillNewOrganisation(d, lang, *e.viewer, form, page);
  d.site.AddFormErrors(page, lang, created.error());
  return d.site.Render("pages/backoffice/organisation_new", lang, page, 400);
}

// ---- One organisation ------------------------------------------------------------------------

// The organisation page; after a failed form, its errors and what was typed (`failed_form`
// names the form: "organisation", "authorisation", "staff-<id>", "status-<id>").
http::Response OrganisationPage(BackofficeDeps& d, const http::Request& request,
                                const Viewer& viewer, std::string_view oid,
                                const Error* error = nullptr, std::string_view failed_form = {},
                                const http::FormData* form = nullptr) {
  auto view = d.backoffice.View(viewer.officer, oid);
  if (!view) return d.site.RenderError(request, view.error());
  const std::string lang = d.site.Language(request);
  const Date today = d.clock.Today();
  const auto& org = view->record.organisation;
  Data page = OfficerLayout(d, request, lang, org.name, viewer);
  AddDone(d, request, lang, page);
  // The error summary links to the fields of the form that failed; the forms of each
  // authorisation (and each staff row) have their own ids.
  std::string anchor_prefix = "f-";
  std::string failed_remove_key;
  if (failed_form.starts_with("staff-")) {
    anchor_prefix = "add-" + std::string(failed_form.substr(6)) + "-";
  } else if (failed_form.starts_with("status-")) {
    anchor_prefix = std::string(failed_form) + "-";
  } else if (failed_form.starts_with("remove-") && form != nullptr) {
    failed_remove_key = registry::EmailKey(form->Get("staff_email"));
    for (const auto& a : view->record.authorisations) {
      if ("remove-" + std::to_string(a.id) != failed_form) continue;
      for (size_t row = 0; row < a.staff.size(); ++row) {
        if (registry::EmailKey(a.staff[row].email) == failed_remove_key)
          anchor_prefix = std::string(failed_form) + "-" + std::to_string(row) + "-";
      }
    }
  }
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error, anchor_prefix);
  const bool org_failed = failed_form == "organisation" && form != nullptr;
  page.set("org_failed", org_failed);
  page.set("oid", org.oid);
  page.set("name", org.name);
  page.set("country", i18n::CountryName(lang, org.country));
  page.set("v_name", org_failed ? form->Get("name") : org.name);
  page.set("country_options",
           CountryOptions(lang, org_failed ? form->Get("country") : org.country));
  const bool auth_failed = failed_form == "authorisation" && form != nullptr;
  page.set("auth_failed", auth_failed);
  for (const char* f : {"reference", "issuer", "programme", "valid_from", "valid_to"})
    page.set(std::string("v_") + f, auth_failed ? form->Get(f) : "");
  page.set("kind_options",
           KindOptions(d, lang, viewer.officer, auth_failed ? form->Get("kind") : "", false));

  list auths;
  std::set<std::string> staff_keys;
  for (const auto& a : view->record.authorisations) {
    const bool editable =
        std::find(view->editable.begin(), view->editable.end(), a.id) != view->editable.end();
    const std::string id = std::to_string(a.id);
    data item;
    item.set("id", id);
    item.set("kind", d.site.T(lang, KindKey(a.kind)));
    item.set("reference", a.reference);
    item.set("issuer", a.issuer);
    item.set("programme", a.programme);
    item.set("has_programme", !a.programme.empty());
    item.set("valid_from", i18n::FormatLongDate(lang, a.valid_from));
    item.set("valid_to", i18n::FormatLongDate(lang, a.valid_to));
    item.set("standing", StandingText(d.site, lang, a, a.StandingOn(today)));
    item.set("status_reason", a.status_reason);
    item.set("has_status_reason", !a.status_reason.empty());
    item.set("status_failed", failed_form == "status-" + id);
    item.set("editable", editable);
    item.set("is_active", a.status == registry::Status::kActive);
    item.set("is_suspended", a.status == registry::Status::kSuspended);
    item.set("is_revoked", a.status == registry::Status::kRevoked);
    list staff;
    for (size_t row = 0; row < a.staff.size(); ++row) {
      const auto& s = a.staff[row];
      staff_keys.insert(registry::EmailKey(s.email));
      data si;
      si.set("auth_id", id);
      si.set("row", std::to_string(row));
      si.set("remove_failed",
             failed_form == "remove-" + id && registry::EmailKey(s.email) == failed_remove_key);
      si.set("email", s.email);
      si.set("email_param", http::PercentEncode(s.email));
      si.set("name", s.name);
      si.set("function", s.function);
      si.set("source", d.site.T(lang, Message("staff_source." +
                                              std::string(registry::StaffSourceCode(s.source)))));
      si.set("editable", editable);
      si.set("csrf", viewer.csrf);
      staff.push_back(si);
    }
    item.set("staff", staff);
    item.set("has_staff", !a.staff.empty());
    const bool staff_failed = failed_form == "staff-" + id && form != nullptr;
    item.set("add_failed", staff_failed);
    item.set("add_email", staff_failed ? form->Get("staff_email") : "");
    item.set("add_name", staff_failed ? form->Get("staff_name") : "");
    item.set("add_function", staff_failed ? form->Get("staff_function") : "");
    item.set("add_reason", staff_failed ? form->Get("reason") : "");
    item.set("csrf", viewer.csrf);
    auths.push_back(item);
  }
  page.set("authorisations", auths);

  list people;
  for (const auto& p : view->people) {
    data item;
    item.set("person_id", std::to_string(p.person_id));
    item.set("email", p.email);
    item.set("name", p.name);
    item.set("last_signed_in", i18n::FormatDateTime(lang, p.last_signed_in));
    item.set("open_sessions", std::to_string(p.open_sessions));
    item.set("has_sessions", p.open_sessions > 0);
    item.set("verified", p.email_verified);
    people.push_back(item);
  }
  page.set("people", people);
  page.set("has_people", !view->people.empty());
  // Listed staff who never signed in, so officers can tell "never came" from "came and left".
  list never;
  for (const auto& a : view->record.authorisations) {
    for (const auto& s : a.staff) {
      const std::string key = registry::EmailKey(s.email);
      const bool seen = std::any_of(view->people.begin(), view->people.end(), [&](const auto& p) {
        return registry::EmailKey(p.email) == key;
      });
      if (seen || !staff_keys.erase(key)) continue;
      data item;
      item.set("email", s.email);
      item.set("name", s.name);
      never.push_back(item);
    }
  }
  page.set("never_signed_in", never);
  page.set("has_never_signed_in", !never.empty());

  const list nominations = NominationList(d.site, lang, view->nominations);
  page.set("nominations", nominations);
  page.set("has_nominations", !view->nominations.empty());

  list history;
  for (const auto& h : view->history) {
    data item;
    item.set("at", i18n::FormatDateTime(lang, h.at));
    item.set("actor", h.actor);
    item.set("action", d.site.T(lang, Message("audit.action." + h.action)));
    item.set("subject", h.subject);
    item.set("reason", h.reason);
    const std::string detail = DetailText(h.detail);
    item.set("detail", detail);
    item.set("has_detail", !detail.empty());
    history.push_back(item);
  }
  page.set("history", history);
  const int status = error == nullptr ? 200 : StatusFor(error->code);
  return d.site.Render("pages/backoffice/organisation", lang, page, status);
}

http::Response ShowOrganisation(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  return OrganisationPage(d, request, *e.viewer, request.Param("oid"));
}

// After a POST about organisation `oid`: back to its page, or the page again with the errors.
http::Response AfterChange(BackofficeDeps& d, const http::Request& request, const FormEntry& e,
                           std::string_view oid, const Result<void>& outcome, std::string_view done,
                           std::string_view form_name) {
  if (outcome)
    return Redirect("/backoffice/organisations/" + std::string(oid) + "?done=" + std::string(done));
  if (outcome.error().code == ErrorCode::kInvalidInput ||
      outcome.error().code == ErrorCode::kConflict)
    return OrganisationPage(d, request, *e.viewer, oid, &outcome.error(), form_name, &e.form);
  return d.site.RenderError(request, outcome.error());
}

http::Response UpdateOrganisation(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const std::string oid(request.Param("oid"));
  auto r = d.backoffice.UpdateOrganisation(e.viewer->officer, oid,
                                           {oid, e.form.Get("name"), e.form.Get("country")},
                                           e.form.Get("reason"));
  return AfterChange(d, request, e, oid, r, "organisation_changed", "organisation");
}

http::Response CreateAuthorisation(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const std::string oid(request.Param("oid"));
  auto created =
      d.backoffice.CreateAuthorisation(e.viewer->officer, oid, AuthorisationFieldsFrom(e.form));
  const Result<void> r = created ? Result<void>{} : Result<void>(Fail(created.error()));
  return AfterChange(d, request, e, oid, r, "authorisation_created", "authorisation");
}

// The organisation an authorisation id belongs to, if the officer may see it.
Result<std::string> OidOf(BackofficeDeps& d, const Viewer& viewer, int64_t id) {
  auto found = d.backoffice.FindAuthorisation(viewer.officer, id);
  if (!found) return Fail(std::move(found.error()));
  return found->oid;
}

// A form POST about one authorisation the officer may change: the form, the id and the
// organisation it belongs to (NotFound outside the remit, whether it exists or not).
struct AuthorisationForm {
  FormEntry entry;
  int64_t id = 0;
  std::string oid;
  std::optional<http::Response> response;
};

AuthorisationForm EnterAuthorisationForm(BackofficeDeps& d, const http::Request& request) {
  AuthorisationForm f;
  f.entry = EnterForm(d, request);
  if (f.entry.response) {
    f.response = std::move(f.entry.response);
    return f;
  }
  const auto id = IdParam(request, "id");
  if (!id) {
    f.response = d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
    return f;
  }
  auto oid = OidOf(d, *f.entry.viewer, *id);
  if (!oid) {
    f.response = d.site.RenderError(request, oid.error());
    return f;
  }
  f.id = *id;
  f.oid = std::move(*oid);
  return f;
}

http::Response EditAuthorisation(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  auto a = d.backoffice.FindAuthorisation(e.viewer->officer, *id);
  if (!a) return d.site.RenderError(request, a.error());
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, a->reference, *e.viewer);
  page.set("id", std::to_string(a->id));
  page.set("oid", a->oid);
  page.set("v_reference", a->reference);
  page.set("v_issuer", a->issuer);
  page.set("v_programme", a->programme);
  page.set("v_valid_from", FormatIsoDate(a->valid_from));
  page.set("v_valid_to", FormatIsoDate(a->valid_to));
  page.set("v_reason", "");
  page.set("kind_options",
           KindOptions(d, lang, e.viewer->officer, registry::KindCode(a->kind), false));
  return d.site.Render("pages/backoffice/authorisation_edit", lang, page);
}

http::Response UpdateAuthorisation(BackofficeDeps& d, const http::Request& request) {
  AuthorisationForm f = EnterAuthorisationForm(d, request);
  if (f.response) return std::move(*f.response);
  const FormEntry& e = f.entry;
  auto r = d.backoffice.UpdateAuthorisation(e.viewer->officer, f.id,
                                            AuthorisationFieldsFrom(e.form), e.form.Get("reason"));
  if (r) return Redirect("/backoffice/organisations/" + f.oid + "?done=authorisation_changed");
  if (r.error().code != ErrorCode::kInvalidInput) return d.site.RenderError(request, r.error());
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, e.form.Get("reference"), *e.viewer);
  page.set("id", std::to_string(f.id));
  page.set("oid", f.oid);
  for (const char* field : {"reference", "issuer", "programme", "valid_from", "valid_to", "reason"})
    page.set(std::string("v_") + field, e.form.Get(field));
  page.set("kind_options", KindOptions(d, lang, e.viewer->officer, e.form.Get("kind"), false));
  d.site.AddFormErrors(page, lang, r.error());
  return d.site.Render("pages/backoffice/authorisation_edit", lang, page, 400);
}

http::Response ChangeStatus(BackofficeDeps& d, const http::Request& request) {
  AuthorisationForm f = EnterAuthorisationForm(d, request);
  if (f.response) return std::move(*f.response);
  const FormEntry& e = f.entry;
  const std::string action = e.form.Get("action");
  const auto status = action == "suspend"     ? std::optional(registry::Status::kSuspended)
                      : action == "revoke"    ? std::optional(registry::Status::kRevoked)
                      : action == "reinstate" ? std::optional(registry::Status::kActive)
                                              : std::nullopt;
  Result<void> r;
  if (!status) {
    r = Fail(InvalidInput("error.form.invalid", {{"action", "error.field.status_action"}}));
  } else {
    r = d.backoffice.ChangeStatus(e.viewer->officer, f.id, *status, e.form.Get("reason"));
  }
  return AfterChange(d, request, e, f.oid, r, "status_changed", "status-" + std::to_string(f.id));
}

backoffice::StaffFields StaffFieldsFrom(const http::FormData& form) {
  return {form.Get("staff_email"), form.Get("staff_name"), form.Get("staff_function")};
}

http::Response AddStaff(BackofficeDeps& d, const http::Request& request) {
  AuthorisationForm f = EnterAuthorisationForm(d, request);
  if (f.response) return std::move(*f.response);
  const FormEntry& e = f.entry;
  auto r =
      d.backoffice.AddStaff(e.viewer->officer, f.id, StaffFieldsFrom(e.form), e.form.Get("reason"));
  return AfterChange(d, request, e, f.oid, r, "staff_added", "staff-" + std::to_string(f.id));
}

void FillCorrectStaff(const registry::Authorisation& a, std::string_view old_email, Data& page) {
  page.set("id", std::to_string(a.id));
  page.set("oid", a.oid);
  page.set("reference", a.reference);
  page.set("old_email", std::string(old_email));
}

http::Response CorrectStaff(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  auto a = d.backoffice.FindAuthorisation(e.viewer->officer, *id);
  if (!a) return d.site.RenderError(request, a.error());
  auto r = d.backoffice.CorrectStaff(e.viewer->officer, *id, e.form.Get("old_email"),
                                     StaffFieldsFrom(e.form), e.form.Get("reason"));
  if (r) return Redirect("/backoffice/organisations/" + a->oid + "?done=staff_corrected");
  if (r.error().code != ErrorCode::kInvalidInput) return d.site.RenderError(request, r.error());
  const std::string lang = d.site.Language(request);
  Data page =
      OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.staff.correct_title"), *e.viewer);
  FillCorrectStaff(*a, e.form.Get("old_email"), page);
  for (const char* f : {"staff_email", "staff_name", "staff_function", "reason"})
    page.set(std::string("v_") + f, e.form.Get(f));
  d.site.AddFormErrors(page, lang, r.error());
  return d.site.Render("pages/backoffice/staff_correct", lang, page, 400);
}

http::Response RemoveStaff(BackofficeDeps& d, const http::Request& request) {
  AuthorisationForm f = EnterAuthorisationForm(d, request);
  if (f.response) return std::move(*f.response);
  const FormEntry& e = f.entry;
  auto r = d.backoffice.RemoveStaff(e.viewer->officer, f.id, e.form.Get("staff_email"),
                                    e.form.Get("reason"));
  return AfterChange(d, request, e, f.oid, r, "staff_removed", "remove-" + std::to_string(f.id));
}

// Correcting one staff entry: its own page, so the form is not lost among the others.
http::Response CorrectStaffForm(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  auto a = d.backoffice.FindAuthorisation(e.viewer->officer, *id);
  if (!a) return d.site.RenderError(request, a.error());
  const std::string key = registry::EmailKey(request.QueryParam("email").value_or(""));
  const auto s = std::find_if(a->staff.begin(), a->staff.end(), [&](const registry::StaffEntry& x) {
    return registry::EmailKey(x.email) == key;
  });
  if (s == a->staff.end())
    return d.site.RenderError(request, NotFound(Message("error.backoffice.staff_not_found")));
  const std::string lang = d.site.Language(request);
  Data page =
      OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.staff.correct_title"), *e.viewer);
  FillCorrectStaff(*a, s->email, page);
  page.set("v_staff_email", s->email);
  page.set("v_staff_name", s->name);
  page.set("v_staff_function", s->function);
  page.set("v_reason", "");
  return d.site.Render("pages/backoffice/staff_correct", lang, page);
}

http::Response EndSessions(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const std::string oid(request.Param("oid"));
  const auto person = IdParam(request, "person");
  if (!person) return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  auto ended = d.backoffice.EndSessions(e.viewer->officer, oid, *person);
  const Result<void> r = ended ? Result<void>{} : Result<void>(Fail(ended.error()));
  return AfterChange(d, request, e, oid, r, "sessions_ended", "sessions");
}

// ---- Import ----------------------------------------------------------------------------------

http::Response ImportForm(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.import.title"), *e.viewer);
  AddDone(d, request, lang, page);
  page.set("max_mib", std::to_string(kMaxImportUpload / (size_t{1024} * 1024)));
  return d.site.Render("pages/backoffice/import", lang, page);
}

list StaffNames(const std::vector<registry::StaffEntry>& staff) {
  list out;
  for (const auto& s : staff) {
    data item;
    item.set("name", s.name);
    item.set("email", s.email);
    out.push_back(item);
  }
  return out;
}

http::Response ImportPreviewPage(BackofficeDeps& d, const http::Request& request,
                                 const Viewer& viewer, const backoffice::ImportPreview& preview) {
  const std::string lang = d.site.Language(request);
  Data page =
      OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.import.preview_title"), viewer);
  page.set("file_name", preview.file_name);
  page.set("token", preview.token);
  page.set("can_confirm", !preview.token.empty());
  const auto& result = preview.result;
  page.set("rows", std::to_string(result.plan.rows));
  list problems;
  for (const auto& p : result.problems) {
    data item;
    item.set("line", p.line > 0 ? std::to_string(p.line) : "");
    item.set("column", p.column);
    item.set("reason", d.site.T(lang, p.reason));
    problems.push_back(item);
  }
  page.set("problems", problems);
  page.set("has_problems", !result.problems.empty());
  page.set("problem_count", std::to_string(result.problems.size()));
  page.set("nothing_to_do", result.problems.empty() && result.plan.empty());
  // Per organisation: what it gets.
  std::map<std::string, data> by_org;
  std::map<std::string, list> auths_of;
  for (const auto& o : result.plan.organisations) {
    data item;
    item.set("oid", o.organisation.oid);
    item.set("name", o.organisation.name);
    item.set("country", i18n::CountryName(lang, o.organisation.country));
    item.set("has_country", true);
    item.set("created", o.created);
    item.set("changed", !o.created);
    by_org.emplace(o.organisation.oid, std::move(item));
  }
  for (const auto& c : result.plan.authorisations) {
    const auto& a = c.authorisation;
    data item;
    item.set("reference", a.reference);
    item.set("kind", d.site.T(lang, KindKey(a.kind)));
    item.set("created", c.created);
    std::string fields;
    for (const auto& f : c.changed_fields)
      fields += (fields.empty() ? "" : ", ") + d.site.FieldLabel(lang, f);
    item.set("changed_fields", fields);
    item.set("has_changed_fields", !fields.empty());
    item.set("staff_added", StaffNames(c.staff_added));
    item.set("has_staff_added", !c.staff_added.empty());
    item.set("staff_removed", StaffNames(c.staff_removed));
    item.set("has_staff_removed", !c.staff_removed.empty());
    auths_of[a.oid].push_back(item);
    if (!by_org.count(a.oid)) {
      data org;
      org.set("oid", a.oid);
      org.set("name", a.oid);
      org.set("country", "");
      org.set("has_country", false);
      org.set("created", false);
      org.set("changed", false);
      by_org.emplace(a.oid, std::move(org));
    }
  }
  list orgs;
  for (auto& [oid, item] : by_org) {
    item.set("authorisations", auths_of[oid]);
    orgs.push_back(item);
  }
  page.set("organisations", orgs);
  page.set(
      "summary",
      d.site.T(lang,
               Message("backoffice.import.summary",
                       {{"organisations", std::to_string(by_org.size())},
                        {"authorisations", std::to_string(result.plan.authorisations.size())},
                        {"added", std::to_string(result.plan.staff_added())},
                        {"removed", std::to_string(result.plan.staff_removed())},
                        {"unchanged", std::to_string(result.plan.unchanged_authorisations)}})));
  return d.site.Render("pages/backoffice/import_preview", lang, page,
                       result.problems.empty() ? 200 : 422);
}

http::Response UploadImport(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  auto parts = http::ParseMultipart(request.headers.Get("Content-Type").value_or(""), request.body);
  if (!parts || !d.gate.ValidForm(request, *e.viewer, parts->fields))
    return d.site.RenderError(request, Forbidden(Message("error.csrf")));
  const http::FilePart* file = parts->File("file");
  if (file == nullptr || file->content.empty()) {
    const std::string lang = d.site.Language(request);
    Data page =
        OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.import.title"), *e.viewer);
    page.set("max_mib", std::to_string(kMaxImportUpload / (size_t{1024} * 1024)));
    d.site.AddFormErrors(page, lang,
                         InvalidInput("error.form.invalid", {{"file", "error.import.no_file"}}));
    return d.site.Render("pages/backoffice/import", lang, page, 400);
  }
  auto preview = d.backoffice.PreviewImport(e.viewer->officer, file->file_name, file->content);
  if (!preview) return d.site.RenderError(request, preview.error());
  return ImportPreviewPage(d, request, *e.viewer, *preview);
}

http::Response ConfirmImport(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  auto result = d.backoffice.ConfirmImport(e.viewer->officer, e.form.Get("token"));
  if (!result) return d.site.RenderError(request, result.error());
  if (!result->problems.empty()) {
    // The registry changed since the preview: show what stands in the way now.
    backoffice::ImportPreview preview;
    preview.result = std::move(*result);
    return ImportPreviewPage(d, request, *e.viewer, preview);
  }
  return Redirect("/backoffice/import?done=import_done");
}

http::Response CancelImport(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  auto r = d.backoffice.CancelImport(e.viewer->officer, e.form.Get("token"));
  if (!r) return d.site.RenderError(request, r.error());
  return Redirect("/backoffice/import?done=import_cancelled");
}

// ---- Nominations queue -----------------------------------------------------------------------

http::Response NominationQueue(BackofficeDeps& d, const http::Request& request,
                               const Viewer& viewer, const Error* error = nullptr,
                               int64_t failed_id = 0, const http::FormData* form = nullptr) {
  auto queue = d.backoffice.NominationQueue(viewer.officer);
  if (!queue) return d.site.RenderError(request, queue.error());
  const std::string lang = d.site.Language(request);
  Data page =
      OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.nominations.title"), viewer);
  AddDone(d, request, lang, page);
  if (error != nullptr)
    d.site.AddFormErrors(page, lang, *error, "nom-" + std::to_string(failed_id) + "-");
  list items;
  for (const auto& n : *queue) {
    data item;
    item.set("id", std::to_string(n.id));
    item.set("organisation", n.organisation.name);
    item.set("oid", n.organisation.oid);
    item.set("org_url", "/backoffice/organisations/" + n.organisation.oid);
    item.set("reference", n.reference);
    item.set("programme", n.programme);
    item.set("staff_name", n.staff.name);
    item.set("staff_email", n.staff.email);
    item.set("staff_function", n.staff.function);
    item.set("representative", n.representative_name + " <" + n.representative_email + ">");
    item.set("submitted", i18n::FormatDateTime(lang, n.created_at));
    item.set("reason", failed_id == n.id && form != nullptr ? form->Get("reason") : "");
    item.set("failed", error != nullptr && failed_id == n.id);
    item.set("csrf", viewer.csrf);
    items.push_back(item);
  }
  page.set("nominations", items);
  page.set("has_nominations", !queue->empty());
  return d.site.Render("pages/backoffice/nominations", lang, page,
                       error ? StatusFor(error->code) : 200);
}

http::Response ShowNominationQueue(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  return NominationQueue(d, request, *e.viewer);
}

http::Response DecideNomination(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  const std::string decision = e.form.Get("decision");
  if (decision != "approve" && decision != "reject") {
    const Error error = InvalidInput("error.form.invalid", {{"decision", "error.field.decision"}});
    return NominationQueue(d, request, *e.viewer, &error, *id, &e.form);
  }
  auto r = d.backoffice.Decide(e.viewer->officer, *id, decision == "approve", e.form.Get("reason"));
  if (r) {
    return Redirect(std::string("/backoffice/nominations?done=") +
                    (decision == "approve" ? "nomination_approved" : "nomination_rejected"));
  }
  if (r.error().code == ErrorCode::kInvalidInput || r.error().code == ErrorCode::kConflict)
    return NominationQueue(d, request, *e.viewer, &r.error(), *id, &e.form);
  return d.site.RenderError(request, r.error());
}

// ---- Roles and outbox (administrators) -------------------------------------------------------

http::Response RolesPage(BackofficeDeps& d, const http::Request& request, const Viewer& viewer,
                         const Error* error = nullptr, const http::FormData* form = nullptr) {
  auto roles = d.backoffice.Roles(viewer.officer);
  if (!roles) return d.site.RenderError(request, roles.error());
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.roles.title"), viewer);
  AddDone(d, request, lang, page);
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  list items;
  for (const auto& r : *roles) {
    data item;
    item.set("id", std::to_string(r.id));
    item.set("email", r.email);
    item.set("role", d.site.T(lang, Message("role." + std::string(backoffice::RoleCode(r.kind)))));
    item.set("country", r.country.empty() ? "" : i18n::CountryName(lang, r.country));
    item.set("programme", r.programme);
    item.set("granted_by", r.granted_by);
    item.set("granted_at", r.id == 0 ? "" : i18n::FormatDateTime(lang, r.granted_at));
    item.set("has_granted_at", r.id != 0);
    item.set("revocable", r.id != 0);
    item.set("csrf", viewer.csrf);
    items.push_back(item);
  }
  page.set("roles", items);
  std::vector<std::pair<std::string, std::string>> role_choices;
  for (const auto k : backoffice::kAllRoles)
    role_choices.emplace_back(
        std::string(backoffice::RoleCode(k)),
        d.site.T(lang, Message("role." + std::string(backoffice::RoleCode(k)))));
  const http::FormData empty;
  const http::FormData& f = form != nullptr ? *form : empty;
  page.set("role_options", Options(role_choices, f.Get("role")));
  page.set("country_options", CountryOptions(lang, f.Get("country")));
  page.set("v_email", f.Get("email"));
  page.set("v_programme", f.Get("programme"));
  return d.site.Render("pages/backoffice/roles", lang, page, error ? StatusFor(error->code) : 200);
}

http::Response ShowRoles(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  return RolesPage(d, request, *e.viewer);
}

http::Response GrantRole(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  auto r = d.backoffice.GrantRole(e.viewer->officer, e.form.Get("email"), e.form.Get("role"),
                                  e.form.Get("country"), e.form.Get("programme"));
  if (r) return Redirect("/backoffice/roles?done=role_granted");
  if (r.error().code == ErrorCode::kInvalidInput || r.error().code == ErrorCode::kConflict)
    return RolesPage(d, request, *e.viewer, &r.error(), &e.form);
  return d.site.RenderError(request, r.error());
}

http::Response RevokeRole(BackofficeDeps& d, const http::Request& request) {
  FormEntry e = EnterForm(d, request);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.role.not_found")));
  auto r = d.backoffice.RevokeRole(e.viewer->officer, *id);
  if (!r) return d.site.RenderError(request, r.error());
  return Redirect("/backoffice/roles?done=role_revoked");
}

http::Response Outbox(BackofficeDeps& d, const http::Request& request) {
  Entry e = Enter(d, request);
  if (e.response) return std::move(*e.response);
  if (!e.viewer->officer.administrator())
    return d.site.RenderError(request, NotFound(Message("error.backoffice.not_found")));
  const int page_size = 50;
  const int offset = static_cast<int>(std::clamp<int64_t>(
      ParseInt(request.QueryParam("offset").value_or("0")).value_or(0), 0, 1'000'000));
  std::vector<mail::Queued> recent;
  int64_t unsent = 0;
  auto read = d.outbox.Read([&](mail::Repository& repo) -> Result<void> {
    auto r = repo.Recent(page_size, offset);
    if (!r) return Fail(std::move(r.error()));
    recent = std::move(*r);
    auto u = repo.CountUnsent();
    if (!u) return Fail(std::move(u.error()));
    unsent = *u;
    return {};
  });
  if (!read) return d.site.RenderError(request, read.error());
  const std::string lang = d.site.Language(request);
  Data page = OfficerLayout(d, request, lang, d.site.T(lang, "backoffice.outbox.title"), *e.viewer);
  page.set("mail_configured", d.mail_configured);
  page.set("unsent", d.site.T(lang, Message("backoffice.outbox.unsent",
                                            {{"count", std::to_string(unsent)}})));
  list items;
  for (const auto& q : recent) {
    data item;
    item.set("to", q.message.to_name.empty() ? q.message.to
                                             : q.message.to_name + " <" + q.message.to + ">");
    item.set("subject", q.message.subject);
    item.set("body", q.message.body);
    item.set("lang", q.message.lang);
    item.set("created", i18n::FormatDateTime(lang, q.created_at));
    item.set("attempts", std::to_string(q.attempts));
    item.set("state", d.site.T(lang, q.sent_at     ? "backoffice.outbox.sent"
                                     : q.gave_up() ? "backoffice.outbox.gave_up"
                                                   : "backoffice.outbox.waiting"));
    item.set("sent_at", q.sent_at ? i18n::FormatDateTime(lang, *q.sent_at) : "");
    item.set("has_sent_at", q.sent_at.has_value());
    item.set("last_error", q.last_error);
    item.set("has_last_error", !q.last_error.empty());
    items.push_back(item);
  }
  page.set("messages", items);
  if (offset > 0)
    page.set("newer_url",
             "/backoffice/outbox?offset=" + std::to_string(std::max(0, offset - page_size)));
  if (static_cast<int>(recent.size()) == page_size)
    page.set("older_url", "/backoffice/outbox?offset=" + std::to_string(offset + page_size));
  return d.site.Render("pages/backoffice/outbox", lang, page);
}

}  // namespace

void AddBackofficePages(http::Router& router, BackofficeDeps& deps) {
  auto get = [&](std::string_view pattern,
                 http::Response (*f)(BackofficeDeps&, const http::Request&)) {
    router.Get(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  auto post = [&](std::string_view pattern,
                  http::Response (*f)(BackofficeDeps&, const http::Request&),
                  http::RouteOptions options = {}) {
    router.Post(
        pattern, [&deps, f](http::Request& r) { return f(deps, r); }, options);
  };
  get("/backoffice", Home);
  get("/backoffice/organisations/new", NewOrganisation);
  post("/backoffice/organisations", CreateOrganisation);
  get("/backoffice/organisations/{oid}", ShowOrganisation);
  post("/backoffice/organisations/{oid}", UpdateOrganisation);
  post("/backoffice/organisations/{oid}/authorisations", CreateAuthorisation);
  post("/backoffice/organisations/{oid}/people/{person}/end-sessions", EndSessions);
  get("/backoffice/authorisations/{id}/edit", EditAuthorisation);
  post("/backoffice/authorisations/{id}", UpdateAuthorisation);
  post("/backoffice/authorisations/{id}/status", ChangeStatus);
  post("/backoffice/authorisations/{id}/staff", AddStaff);
  get("/backoffice/authorisations/{id}/staff/correct", CorrectStaffForm);
  post("/backoffice/authorisations/{id}/staff/correct", CorrectStaff);
  post("/backoffice/authorisations/{id}/staff/remove", RemoveStaff);
  get("/backoffice/import", ImportForm);
  // The file plus the multipart framing around it.
  post("/backoffice/import", UploadImport, {.max_body = kMaxImportUpload + size_t{64} * 1024});
  post("/backoffice/import/confirm", ConfirmImport);
  post("/backoffice/import/cancel", CancelImport);
  get("/backoffice/nominations", ShowNominationQueue);
  post("/backoffice/nominations/{id}/decision", DecideNomination);
  get("/backoffice/roles", ShowRoles);
  post("/backoffice/roles", GrantRole);
  post("/backoffice/roles/{id}/revoke", RevokeRole);
  get("/backoffice/outbox", Outbox);
}

}  // namespace pass::web
