#include "web/site.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "http/form.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;
using kainjow::mustache::object;

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kRefused:
      return 422;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string SafeLocalPath(std::string_view next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") || next.starts_with("/\\")) {
    return "/";
  }
  for (const char c : next) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "/";
  }
  return std::string(next);
}

Site::Site(const i18n::Catalogues& catalogues, const Templates& templates,
           const http::StaticFiles& static_files, SiteOptions options)
    : catalogues_(catalogues),
      templates_(templates),
      static_files_(static_files),
      options_(options) {}

std::string Site::Language(const http::Request& request) const {
  std::string cookie;
  if (auto header = request.headers.Get("Cookie")) {
    for (auto& [name, value] : http::ParseCookieHeader(*header)) {
      if (name == kLanguageCookie) cookie = value;
    }
  }
  return catalogues_.Negotiate(cookie, request.headers.Get("Accept-Language").value_or(""));
}

Data Site::Layout(const http::Request& request, std::string_view lang, std::string_view title,
                  const Viewer* viewer) const {
  // Pages that did not identify the viewer themselves (public pages, 4xx errors) still show who
  // is signed in; a failure to find out leaves the header anonymous.
  std::optional<Viewer> identified;
  if (viewer == nullptr && gate_ != nullptr && gate_->Cookie(request, gate_->session_cookie())) {
    if (auto v = gate_->Identify(request)) identified = std::move(*v);
    viewer = identified ? &*identified : nullptr;
  }
  data page;
  const i18n::Language& current = catalogues_.Get(lang);
  page.set("lang", current.code);
  page.set("page_title", std::string(title));
  page.set("current_language_name", current.native_name);
  if (current.quality == i18n::Quality::kMachine) page.set("machine_translated", true);

  data assets;
  assets.set("ecl_css", static_files_.Url("vendor/ecl/styles/ecl-ec.css"));
  assets.set("ecl_default_css", static_files_.Url("vendor/ecl/styles/ecl-ec-default.css"));
  assets.set("ecl_print_css", static_files_.Url("vendor/ecl/styles/ecl-ec-print.css"));
  assets.set("pass_css", static_files_.Url("pass.css"));
  assets.set("icons", static_files_.Url("vendor/ecl/images/icons/icons.svg"));
  const std::string logo = "vendor/ecl/images/logo/positive/logo-ec--" + current.code + ".svg";
  assets.set("logo", static_files_.Url(logo));
  assets.set("favicon", static_files_.Url("favicon.svg"));
  page.set("assets", assets);

  // The language switch is a list of links, so it works without JavaScript.
  const std::string here = SafeLocalPath(request.target);
  list languages;
  for (const i18n::Language* l : catalogues_.Languages()) {
    data item;
    item.set("code", l->code);
    item.set("name", l->native_name);
    item.set("url", "/language?lang=" + l->code + "&next=" + http::PercentEncode(here));
    if (l->code == current.code) item.set("current", true);
    languages.push_back(item);
  }
  page.set("languages", languages);
  page.set("request_path", here);
  page.set("nav_opportunities", request.path == "/opportunities");
  if (viewer != nullptr && viewer->signed_in()) {
    data user;
    user.set("name", viewer->person->DisplayName());
    user.set("email", viewer->person->email);
    user.set("csrf", viewer->csrf);
    user.set("officer", viewer->officer.any());
    // Young people see their own pages; staff (and whoever might be) their access page.
    const bool listed = !viewer->decision.listings.empty();
    user.set("young", viewer->participant.has_value() || !listed);
    user.set("access", listed || !viewer->participant.has_value());
    // Set either way: mustache would otherwise look further out in the page for these keys.
    const bool inbox = viewer->participant.has_value() && unread_counter_;
    const int unread = inbox ? unread_counter_(*viewer) : 0;
    user.set("inbox_link", inbox);
    user.set("inbox_unread", unread > 0 ? data(std::to_string(unread)) : data(false));
    page.set("user", user);
  }
  return page;
}

http::Response Site::Render(std::string_view template_name, std::string_view lang, const Data& page,
                            int status) const {
  auto response = http::Response::Html(status, templates_.Render(template_name, lang, page));
  response.headers.Set("Content-Language", std::string(catalogues_.Get(lang).code));
  response.headers.Set("Vary", "Cookie, Accept-Language");
  return response;
}

namespace {

std::string ErrorKeyFor(int status) {
  switch (status) {
    case 400:
      return "error.page.400";
    case 401:
      return "error.page.401";
    case 403:
      return "error.page.403";
    case 404:
      return "error.page.404";
    case 405:
      return "error.page.405";
    case 408:
      return "error.page.408";
    case 409:
      return "error.page.409";
    case 413:
      return "error.page.413";
    case 429:
      return "error.page.429";
    case 431:
      return "error.page.431";
    case 503:
      return "error.page.503";
    default:
      return status >= 500 ? "error.page.500" : "error.page.400";
  }
}

bool WantsJson(const http::Request& request) { return request.path.starts_with("/api/"); }

std::string ErrorCodeForStatus(int status) {
  switch (status) {
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 429:
      return "too_many_requests";
    case 431:
      return "header_too_large";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "invalid_input";
  }
}

}  // namespace

http::Response Site::RenderError(const http::Request& request, int status) {
  const std::string lang = Language(request);
  const std::string key = ErrorKeyFor(status);
  if (WantsJson(request)) {
    nlohmann::json body = {{"error",
                            {{"code", ErrorCodeForStatus(status)},
                             {"message", T(lang, Message(key + ".text"))},
                             {"fields", nlohmann::json::object()},
                             {"request_id", request.request_id}}}};
    return http::Response::Json(status, body.dump());
  }
  // Server errors may come from the database: the page does not ask it who is signed in.
  const Viewer anonymous;
  Data page =
      Layout(request, lang, T(lang, Message(key + ".title")), status >= 500 ? &anonymous : nullptr);
  page.set("status", std::to_string(status));
  page.set("error_title", T(lang, Message(key + ".title")));
  page.set("error_text", T(lang, Message(key + ".text")));
  page.set("request_id", request.request_id);
  if (status >= 500) page.set("server_error", true);
  return Render("pages/error", lang, page, status);
}

http::Response Site::RenderError(const http::Request& request, const Error& error) const {
  const int status = StatusFor(error.code);
  const std::string lang = Language(request);
  if (WantsJson(request)) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& f : error.fields) fields[f.field] = T(lang, f.message);
    nlohmann::json body = {{"error",
                            {{"code", std::string(ErrorCodeName(error.code))},
                             {"message", T(lang, error.message)},
                             {"fields", fields},
                             {"request_id", request.request_id}}}};
    return http::Response::Json(status, body.dump());
  }
  const std::string key = ErrorKeyFor(status);
  const Viewer anonymous;
  Data page =
      Layout(request, lang, T(lang, Message(key + ".title")), status >= 500 ? &anonymous : nullptr);
  page.set("status", std::to_string(status));
  page.set("error_title", T(lang, Message(key + ".title")));
  page.set("error_text", T(lang, error.message));
  page.set("request_id", request.request_id);
  if (status >= 500) page.set("server_error", true);
  return Render("pages/error", lang, page, status);
}

std::string Site::FieldLabel(std::string_view lang, std::string_view field) const {
  // A numbered row: "staff_2_email" is the label of "staff_email" in row 2, "languages_3_level"
  // that of "languages_level" in row 3, "skills_4" that of "skills" in item 4.
  for (size_t i = field.find('_'); i != std::string_view::npos; i = field.find('_', i + 1)) {
    size_t end = i + 1;
    while (end < field.size() && field[end] >= '0' && field[end] <= '9') ++end;
    if (end == i + 1 || (end < field.size() && field[end] != '_')) continue;
    const std::string row(field.substr(i + 1, end - i - 1));
    const std::string base = std::string(field.substr(0, i)) +
                             (end < field.size() ? std::string(field.substr(end)) : "");
    return T(lang, Message(field.starts_with("staff_") ? "field.row" : "field.row_item",
                           {{"row", row}, {"label", T(lang, "field." + base)}}));
  }
  return T(lang, Message("field." + std::string(field)));
}

void Site::AddFormErrors(Data& page, std::string_view lang, const Error& error,
                         std::string_view anchor_prefix) const {
  list errors;
  if (error.fields.empty()) {
    data item;
    item.set("label", false);  // an empty string would still open {{#label}}
    item.set("message", T(lang, error.message));
    item.set("anchor", "main-content");
    errors.push_back(item);
  }
  for (const auto& f : error.fields) {
    data item;
    const std::string message = T(lang, f.message);
    item.set("label", FieldLabel(lang, f.field));
    item.set("message", message);
    item.set("anchor", std::string(anchor_prefix) + f.field);
    errors.push_back(item);
    page.set("err_" + f.field, message);
  }
  page.set("has_errors", true);
  page.set("errors", errors);
}

}  // namespace pass::web
