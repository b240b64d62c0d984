#include "web/sign_in_pages.h"

#include <set>

#include "core/log.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/registry_text.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

http::Response Redirect(std::string_view to) { return http::Response::Redirect(to, 303); }

http::Response LoginRedirect(const http::Request& request) {
  return Redirect("/login?next=" + http::PercentEncode(SafeLocalPath(request.target)));
}

// A sign-in that could not complete: a clear page, the right status, and no session.
http::Response SignInFailed(const SignInDeps& d, const http::Request& request, const Error& error) {
  const std::string lang = d.site.Language(request);
  log::Warn("signin.failed", {{"request_id", request.request_id},
                              {"reason", error.message.key},
                              {"detail", error.detail}});
  Data page = d.site.Layout(request, lang, d.site.T(lang, "signin.failed.title"));
  page.set("failure_text", d.site.T(lang, error.message));
  page.set("request_id", request.request_id);
  if (error.code == ErrorCode::kUnavailable) page.set("provider_down", true);
  auto response = d.site.Render("pages/sign_in_failed", lang, page, StatusFor(error.code));
  response.headers.Add("Set-Cookie", d.gate.ClearLoginCookieHeader());
  return response;
}

// Every key is set, even when empty: mustache would otherwise find a key of the same name further
// out (the person's own e-mail) and show it as the agency's.
data AgencyData(const Agency& a) {
  data agency;
  agency.set("agency_name", a.name);
  agency.set("agency_website", a.website);
  agency.set("has_agency_website", !a.website.empty());
  agency.set("agency_email", a.email);
  agency.set("has_agency_email", !a.email.empty());
  return agency;
}

// The people to ask about a listing, by the kind of authorisation (SPEC R5).
void AddContacts(const SignInDeps& d, std::string_view lang,
                 const registry::Organisation& organisation,
                 const registry::Authorisation& authorisation, list& contacts,
                 std::set<std::string>& seen) {
  const std::string id =
      std::string(registry::KindCode(authorisation.kind)) + ":" +
      (authorisation.kind == registry::Kind::kProgrammeApproval ? authorisation.issuer
                                                                : organisation.country);
  if (!seen.insert(id).second) return;
  data contact;
  switch (authorisation.kind) {
    case registry::Kind::kQualityLabel:
    case registry::Kind::kEvsAccreditation: {
      contact.set(
          "who",
          d.site.T(lang, Message("access.contact.na",
                                 {{"country", i18n::CountryName(lang, organisation.country)}})));
      list agencies;
      for (const auto& a : d.agencies.ForCountry(organisation.country))
        agencies.push_back(AgencyData(a));
      if (!agencies.empty()) contact.set("agencies", agencies);
      break;
    }
    case registry::Kind::kEuavCertification: {
      contact.set("who", d.site.T(lang, "access.contact.eacea"));
      list agencies;
      agencies.push_back(AgencyData(d.agencies.eacea()));
      contact.set("agencies", agencies);
      break;
    }
    case registry::Kind::kProgrammeApproval:
      contact.set("who",
                  d.site.T(lang, Message("access.contact.dg", {{"issuer", authorisation.issuer}})));
      contact.set("agencies", list{});
      break;
  }
  contacts.push_back(contact);
}

http::Response Login(SignInDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  const std::string next = SafeLocalPath(request.QueryParam("next").value_or("/"));
  if (viewer->signed_in())
    return Redirect(next == "/" ? HomeFor(viewer->decision, viewer->officer.any()) : next);
  if (!d.oidc.configured())
    return SignInFailed(d, request, Unavailable(Message("error.signin.not_configured")));
  if (!d.sign_in_limiter.Allow("login:" + request.remote_address)) {
    return d.site.RenderError(request, TooManyRequests(Message("error.signin.too_many")));
  }
  auto login = d.gate.sessions().BeginLogin(next);
  if (!login) return SignInFailed(d, request, login.error());
  auto url = d.oidc.AuthorizationUrl(login->state, login->nonce, login->code_verifier,
                                     d.site.Language(request));
  if (!url) return SignInFailed(d, request, url.error());
  auto response = Redirect(*url);
  response.headers.Add("Set-Cookie", d.gate.LoginCookieHeader(login->binding));
  return response;
}

http::Response Callback(SignInDeps& d, const http::Request& request) {
  if (!d.sign_in_limiter.Allow("callback:" + request.remote_address)) {
    return d.site.RenderError(request, TooManyRequests(Message("error.signin.too_many")));
  }
  auto query = http::ParseUrlEncoded(request.query);
  if (!query) return SignInFailed(d, request, InvalidInput(Message("error.signin.incomplete")));
  const std::string state = query->Get("state");
  const std::string binding = d.gate.Cookie(request, d.gate.login_cookie()).value_or("");
  if (const auto error = query->First("error")) {
    // The provider sent the person back without a code; the attempt is over either way.
    if (!state.empty()) (void)d.gate.sessions().FinishLogin(state, binding);
    if (*error == "access_denied")
      return SignInFailed(d, request, Forbidden(Message("error.signin.refused")));
    return SignInFailed(d, request,
                        InvalidInput(Message("error.signin.provider_error", {{"error", *error}}))
                            .WithDetail("error=" + *error + " " + query->Get("error_description")));
  }
  const std::string code = query->Get("code");
  if (code.empty() || state.empty())
    return SignInFailed(d, request, InvalidInput(Message("error.signin.incomplete")));
  auto pending = d.gate.sessions().FinishLogin(state, binding);
  if (!pending) return SignInFailed(d, request, pending.error());
  auto authenticated = d.oidc.Redeem(code, pending->nonce, pending->code_verifier);
  if (!authenticated) return SignInFailed(d, request, authenticated.error());
  auto signed_in = d.gate.access().RecordSignIn(authenticated->identity);
  if (!signed_in) return SignInFailed(d, request, signed_in.error());
  auto created = d.gate.sessions().Create(signed_in->person.id, authenticated->id_token);
  if (!created) return SignInFailed(d, request, created.error());
  log::Info("signin.completed", {{"request_id", request.request_id},
                                 {"person", signed_in->person.id},
                                 {"organisations", signed_in->decision.organisations.size()}});
  const std::string& next = pending->next_path;
  bool officer = false;
  if (next == "/" && signed_in->decision.organisations.empty() && d.backoffice != nullptr) {
    const auto& person = signed_in->person;
    auto roles = d.backoffice->OfficerFor(person.id, person.email, person.email_verified,
                                          person.DisplayName());
    officer = roles && roles->any();  // without the roles, the access page is still right
  }
  auto response = Redirect(next != "/" ? next : HomeFor(signed_in->decision, officer));
  response.headers.Add("Set-Cookie", d.gate.SessionCookieHeader(created->token));
  response.headers.Add("Set-Cookie", d.gate.ClearLoginCookieHeader());
  return response;
}

http::Response Logout(SignInDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  auto form = http::ParseUrlEncoded(request.body);
  if (!form || !d.gate.ValidForm(request, *viewer, *form)) {
    return d.site.RenderError(request, Forbidden(Message("error.csrf")));
  }
  std::string to = "/";
  if (viewer->signed_in()) {
    if (auto ended = d.gate.sessions().End(viewer->session_token); !ended) {
      return d.site.RenderError(request, ended.error());
    }
    if (d.oidc.configured()) {
      // If the provider cannot be reached, the portal session is over anyway.
      if (auto url = d.oidc.LogoutUrl(viewer->session->id_token); url && *url) to = **url;
    }
  }
  auto response = Redirect(to);
  response.headers.Add("Set-Cookie", d.gate.ClearSessionCookieHeader());
  return response;
}

// "About your access": what EU Login told us, which listings matched and what they amount to,
// whom to ask. With no access at all, this is the denial page of R5.
http::Response AccessPage(SignInDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  if (!viewer->signed_in()) return LoginRedirect(request);
  const std::string lang = d.site.Language(request);
  const access::Decision& decision = viewer->decision;
  const bool has_access = !decision.organisations.empty();
  // A registered young person listed nowhere has nothing to learn here.
  if (!has_access && decision.listings.empty() && viewer->participant &&
      request.QueryParam("stay").value_or("") != "1")
    return Redirect("/young");

  Data page = d.site.Layout(
      request, lang, d.site.T(lang, has_access ? "access.title" : "access.denied.title"), &*viewer);
  page.set("email", decision.email);
  if (has_access) page.set("has_access", true);
  if (!decision.email_verified) page.set("email_unverified", true);
  // Listed nowhere: perhaps a young person, who registers on their own page.
  page.set("young_hint", !has_access && decision.listings.empty() && !viewer->participant);

  list granted;
  for (const auto& org : decision.organisations) {
    data item;
    item.set("name", org.organisation.name);
    item.set("oid", org.organisation.oid);
    item.set("url", "/organisations/" + org.organisation.oid);
    list by;
    for (const auto& a : org.granted_by) {
      data auth;
      auth.set("kind", d.site.T(lang, KindKey(a.kind)));
      auth.set("reference", a.reference);
      auth.set("standing", StandingText(d.site, lang, a, registry::Standing::kValid));
      by.push_back(auth);
    }
    item.set("granted_by", by);
    granted.push_back(item);
  }
  page.set("organisations", granted);

  list blocked;
  list contacts;
  std::set<std::string> seen;
  for (const auto& m : decision.listings) {
    const bool grants = m.standing == registry::Standing::kValid && decision.email_verified;
    if (grants) continue;
    data item;
    item.set("organisation", m.listing.organisation.name);
    item.set("oid", m.listing.organisation.oid);
    item.set("kind", d.site.T(lang, KindKey(m.listing.authorisation.kind)));
    item.set("reference", m.listing.authorisation.reference);
    item.set("standing", StandingText(d.site, lang, m.listing.authorisation, m.standing));
    blocked.push_back(item);
    AddContacts(d, lang, m.listing.organisation, m.listing.authorisation, contacts, seen);
  }
  if (!blocked.empty()) page.set("has_blocked", true);
  page.set("blocked", blocked);
  if (!has_access && decision.listings.empty()) page.set("no_listing", true);
  if (!contacts.empty()) page.set("contacts", contacts);
  page.set("agency_list_url", d.agencies.full_list_url());
  return d.site.Render("pages/access", lang, page);
}

http::Response Organisations(SignInDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  if (!viewer->signed_in()) return LoginRedirect(request);
  if (viewer->decision.organisations.empty()) return Redirect("/access");
  const std::string lang = d.site.Language(request);
  Data page = d.site.Layout(request, lang, d.site.T(lang, "organisations.title"), &*viewer);
  list items;
  for (const auto& org : viewer->decision.organisations) {
    data item;
    item.set("name", org.organisation.name);
    item.set("oid", org.organisation.oid);
    item.set("country", i18n::CountryName(lang, org.organisation.country));
    item.set("url", "/organisations/" + org.organisation.oid);
    items.push_back(item);
  }
  page.set("organisations", items);
  return d.site.Render("pages/organisations", lang, page);
}

http::Response OrganisationHome(SignInDeps& d, const http::Request& request) {
  auto viewer = d.gate.Identify(request);
  if (!viewer) return d.site.RenderError(request, viewer.error());
  if (!viewer->signed_in()) return LoginRedirect(request);
  const std::string oid(request.Param("oid"));
  const access::OrganisationAccess* granted = viewer->decision.Find(oid);
  // The same answer whether the organisation exists or not: its existence is not ours to tell.
  if (granted == nullptr)
    return d.site.RenderError(request, Forbidden(Message("error.organisation.no_access")));
  auto authorisations =
      d.registry.ReadValue([&](registry::Repository& repo) { return repo.AuthorisationsOf(oid); });
  if (!authorisations) return d.site.RenderError(request, authorisations.error());

  const std::string lang = d.site.Language(request);
  const Date today = d.clock.Today();
  Data page = d.site.Layout(request, lang, granted->organisation.name, &*viewer);
  page.set("name", granted->organisation.name);
  page.set("oid", oid);
  page.set("country", i18n::CountryName(lang, granted->organisation.country));
  page.set("email", viewer->decision.email);
  page.set("profile_saved", request.QueryParam("done").value_or("") == "profile");
  list by;
  for (const auto& a : granted->granted_by) {
    data item;
    item.set("kind", d.site.T(lang, KindKey(a.kind)));
    item.set("reference", a.reference);
    item.set("issuer", a.issuer);
    item.set("valid_to", i18n::FormatLongDate(lang, a.valid_to));
    by.push_back(item);
  }
  page.set("granted_by", by);
  list auths;
  list staff;
  for (const auto& a : *authorisations) {
    data item;
    item.set("kind", d.site.T(lang, KindKey(a.kind)));
    item.set("reference", a.reference);
    item.set("issuer", a.issuer);
    item.set("standing", StandingText(d.site, lang, a, a.StandingOn(today)));
    auths.push_back(item);
    for (const auto& s : a.staff) {
      data person;
      person.set("name", s.name);
      person.set("function", s.function);
      person.set("email", s.email);
      person.set("reference", a.reference);
      staff.push_back(person);
    }
  }
  page.set("authorisations", auths);
  page.set("staff", staff);
  // Programme approvals get their staff by nomination (R3): staff see the state of each and
  // nominate more.
  list approvals;
  for (const auto& a : *authorisations) {
    if (a.kind != registry::Kind::kProgrammeApproval) continue;
    data item;
    item.set("reference", a.reference);
    item.set("nominate_url", "/nominations/new?oid=" + http::PercentEncode(oid) +
                                 "&reference=" + http::PercentEncode(a.reference));
    approvals.push_back(item);
  }
  page.set("approvals", approvals);
  page.set("has_approvals", !approvals.empty());
  if (d.backoffice != nullptr && !approvals.empty()) {
    auto nominations = d.backoffice->NominationsOf(oid);
    if (!nominations) return d.site.RenderError(request, nominations.error());
    const list items = NominationList(d.site, lang, *nominations);
    page.set("nominations", items);
    page.set("has_nominations", !nominations->empty());
  }
  if (viewer->decision.organisations.size() > 1) {
    list others;
    for (const auto& org : viewer->decision.organisations) {
      if (org.organisation.oid == oid) continue;
      data item;
      item.set("name", org.organisation.name);
      item.set("url", "/organisations/" + org.organisation.oid);
      others.push_back(item);
    }
    page.set("other_organisations", others);
    page.set("has_other_organisations", true);
  }
  return d.site.Render("pages/organisation", lang, page);
}

}  // namespace

std::string HomeFor(const access::Decision& decision, bool officer) {
  if (decision.organisations.size() == 1)
    return "/organisations/" + decision.organisations.front().organisation.oid;
  if (decision.organisations.size() > 1) return "/organisations";
  // Without access the access page says why (R5); a registered young person listed nowhere is
  // sent on from there to their own page.
  return officer ? "/backoffice" : "/access";
}

void AddSignInPages(http::Router& router, SignInDeps& deps) {
  router.Get("/login", [&deps](http::Request& r) { return Login(deps, r); });
  router.Get("/auth/callback", [&deps](http::Request& r) { return Callback(deps, r); });
  router.Post("/logout", [&deps](http::Request& r) { return Logout(deps, r); });
  router.Get("/access", [&deps](http::Request& r) { return AccessPage(deps, r); });
  router.Get("/organisations", [&deps](http::Request& r) { return Organisations(deps, r); });
  router.Get("/organisations/{oid}",
             [&deps](http::Request& r) { return OrganisationHome(deps, r); });
}

}  // namespace pass::web
