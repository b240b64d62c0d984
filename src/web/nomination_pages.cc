// The public nomination form of R3 and its confirmation link. Signed out, the organisation's legal
// representative identifies the organisation by OID and approval reference and confirms by
// e-mail; staff who already have access to the organisation submit without that step.
#include <algorithm>

#include "core/log.h"
#include "core/strings.h"
#include "http/form.h"
#include "web/backoffice_pages.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

constexpr size_t kDefaultRows = 3;

size_t RowCount(const http::Request& request, const http::FormData* form, size_t max) {
  size_t rows = kDefaultRows;
  if (auto asked = ParseInt(request.QueryParam("rows").value_or(""))) {
    rows = static_cast<size_t>(std::clamp<int64_t>(*asked, 1, static_cast<int64_t>(max)));
  }
  if (form != nullptr) {
    // The rows the form had, three more when asked for, and at least the filled ones plus one.
    if (auto shown = ParseInt(form->Get("rows"))) {
      rows = static_cast<size_t>(std::clamp<int64_t>(*shown, 1, static_cast<int64_t>(max)));
    }
    if (form->Has("more_rows")) rows = std::min(max, rows + 3);
    for (size_t i = max; i >= 1; --i) {
      const std::string p = "staff_" + std::to_string(i) + "_";
      if (!form->Get(p + "email").empty() || !form->Get(p + "name").empty()) {
        rows = std::max(rows, std::min(max, i + 1));
        break;
      }
    }
  }
  return rows;
}

http::Response NominationForm(BackofficeDeps& d, const http::Request& request,
                              const std::optional<Viewer>& viewer, const http::FormData* form,
                              const Error* error) {
  const std::string lang = d.site.Language(request);
  Data page = d.site.Layout(request, lang, d.site.T(lang, "nominations.new.title"),
                            viewer ? &*viewer : nullptr);
  page.set("has_errors", false);
  page.set("done_text", false);  // an empty string would still open {{#done_text}}
  if (error != nullptr) d.site.AddFormErrors(page, lang, *error);
  const http::FormData empty;
  const http::FormData& f = form != nullptr ? *form : empty;
  const auto value = [&](const std::string& name) -> std::string {
    if (form != nullptr) return f.Get(name);
    return request.QueryParam(name).value_or("");
  };
  page.set("v_oid", value("oid"));
  page.set("v_reference", value("reference"));
  std::string rep_name = value("representative_name");
  std::string rep_email = value("representative_email");
  if (form == nullptr && viewer && viewer->signed_in()) {
    rep_name = viewer->person->DisplayName();
    rep_email = viewer->person->email;
  }
  page.set("v_representative_name", rep_name);
  page.set("v_representative_email", rep_email);
  page.set("csrf", viewer ? viewer->csrf : "");
  const size_t max = d.backoffice.options().max_nominees;
  const size_t rows = RowCount(request, form, max);
  list staff;
  for (size_t i = 1; i <= rows; ++i) {
    const std::string p = "staff_" + std::to_string(i) + "_";
    data row;
    row.set("n", std::to_string(i));
    row.set("legend",
            d.site.T(lang, Message("nominations.new.staff_legend", {{"n", std::to_string(i)}})));
    row.set("email", f.Get(p + "email"));
    row.set("name", f.Get(p + "name"));
    row.set("function", f.Get(p + "function"));
    staff.push_back(row);
  }
  page.set("staff", staff);
  page.set("rows", std::to_string(rows));
  // More rows come from submitting the form with this button, so nothing typed is lost.
  page.set("more_rows", rows < max);
  return d.site.Render("pages/nominations/new", lang, page, error ? StatusFor(error->code) : 200);
}

std::optional<Viewer> Identify(BackofficeDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return std::nullopt;
  return std::move(*viewer);
}

http::Response NewNomination(BackofficeDeps& d, const http::Request& request) {
  return NominationForm(d, request, Identify(d, request), nullptr, nullptr);
}

http::Response SubmitNomination(BackofficeDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *viewer, *form))
    return d.site.RenderError(request, Forbidden(Message("error.csrf")));
  // Asking for more rows only shows the form again, with what was typed.
  if (form->Has("more_rows")) return NominationForm(d, request, *viewer, &*form, nullptr);
  // Public and cheap to send, and each one mails someone: a few per address and hour.
  if (!d.nomination_limiter.Allow("nomination:" + request.remote_address))
    return d.site.RenderError(request, TooManyRequests(Message("error.nomination.too_many")));
  backoffice::NominationRequest nr;
  nr.oid = form->Get("oid");
  nr.reference = form->Get("reference");
  nr.representative_name = form->Get("representative_name");
  nr.representative_email = form->Get("representative_email");
  nr.lang = d.site.Language(request);
  for (size_t i = 1; i <= d.backoffice.options().max_nominees + 1; ++i) {
    const std::string p = "staff_" + std::to_string(i) + "_";
    if (!form->Has(p + "email") && !form->Has(p + "name")) continue;
    nr.staff.push_back({form->Get(p + "email"), form->Get(p + "name"), form->Get(p + "function")});
  }
  // Staff who already have access to this organisation need no e-mail confirmation.
  std::optional<backoffice::Officer> staff;
  std::string actor = "public " + std::string(Trim(nr.representative_email));
  const std::string oid = AsciiUpper(Trim(nr.oid));
  if (viewer->signed_in() && viewer->decision.Allows(oid)) {
    staff = viewer->officer;
    actor = "person:" + std::to_string(viewer->person->id) + " " + viewer->person->email;
  }
  auto submitted = d.backoffice.Nominate(nr, staff, actor);
  if (!submitted) {
    if (submitted.error().code == ErrorCode::kInvalidInput)
      return NominationForm(d, request, *viewer, &*form, &submitted.error());
    return d.site.RenderError(request, submitted.error());
  }
  log::Info("nomination.submitted", {{"request_id", request.request_id},
                                     {"oid", oid},
                                     {"staff", submitted->size()},
                                     {"by_staff", staff.has_value()}});
  const std::string lang = d.site.Language(request);
  Data page = d.site.Layout(request, lang, d.site.T(lang, "nominations.sent.title"), &*viewer);
  page.set("by_staff", staff.has_value());
  page.set("email", std::string(Trim(nr.representative_email)));
  page.set("count", std::to_string(submitted->size()));
  if (staff) page.set("org_url", "/organisations/" + oid);
  return d.site.Render("pages/nominations/sent", lang, page);
}

http::Response ConfirmForm(BackofficeDeps& d, const http::Request& request) {
  const std::string lang = d.site.Language(request);
  const std::optional<Viewer> viewer = Identify(d, request);
  Data page = d.site.Layout(request, lang, d.site.T(lang, "nominations.confirm.title"),
                            viewer ? &*viewer : nullptr);
  page.set("csrf", viewer ? viewer->csrf : "");
  page.set("token", request.QueryParam("token").value_or(""));
  page.set("confirmed", false);
  return d.site.Render("pages/nominations/confirm", lang, page);
}

// A POST, not the GET of the link: mail scanners follow links, and must not confirm anything.
http::Response Confirm(BackofficeDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *viewer, *form))
    return d.site.RenderError(request, Forbidden(Message("error.csrf")));
  if (!d.nomination_limiter.Allow("confirm:" + request.remote_address))
    return d.site.RenderError(request, TooManyRequests(Message("error.nomination.too_many")));
  auto confirmed = d.backoffice.ConfirmNominations(form->Get("token"));
  if (!confirmed) return d.site.RenderError(request, confirmed.error());
  const std::string lang = d.site.Language(request);
  Data page =
      d.site.Layout(request, lang, d.site.T(lang, "nominations.confirm.done_title"), &*viewer);
  page.set("confirmed", true);
  page.set("token", "");
  list names;
  for (const auto& n : *confirmed) {
    data item;
    item.set("name", n.staff.name);
    item.set("email", n.staff.email);
    names.push_back(item);
  }
  page.set("nominees", names);
  page.set("organisation", confirmed->front().organisation.name);
  page.set("issuer", confirmed->front().issuer);
  return d.site.Render("pages/nominations/confirm", lang, page);
}

}  // namespace

void AddNominationPages(http::Router& router, BackofficeDeps& deps) {
  router.Get("/nominations/new", [&deps](http::Request& r) { return NewNomination(deps, r); });
  router.Post("/nominations", [&deps](http::Request& r) { return SubmitNomination(deps, r); });
  router.Get("/nominations/confirm", [&deps](http::Request& r) { return ConfirmForm(deps, r); });
  router.Post("/nominations/confirm", [&deps](http::Request& r) { return Confirm(deps, r); });
}

}  // namespace pass::web
