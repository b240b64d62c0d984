// What every page shares: the language of the request, the base layout's data (service name,
// language switch, assets, footer links), rendering a page template into a response, and the
// error pages. Handlers build only their own part of the view-model. Thread-safe: read-only
// after construction.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"
#include "http/pipeline.h"
#include "http/static_files.h"
#include "i18n/catalogue.h"
#include "web/gate.h"
#include "web/templates.h"

namespace pass::web {

struct SiteOptions {
  bool https = false;  // cookies get Secure
};

class Site final : public http::ErrorRenderer {
 public:
  static constexpr std::string_view kLanguageCookie = "lang";

  Site(const i18n::Catalogues& catalogues, const Templates& templates,
       const http::StaticFiles& static_files, SiteOptions options);

  // The language for this request: the `lang` cookie, then Accept-Language, then English.
  std::string Language(const http::Request& request) const;

  std::string T(std::string_view lang, const Message& message) const {
    return catalogues_.Translate(lang, message);
  }

  // The layout's part of a view-model; a page adds its own keys to it. With a signed-in viewer
  // the header shows who is signed in, the way to their access page and the sign-out button.
  Data Layout(const http::Request& request, std::string_view lang, std::string_view title,
              const Viewer* viewer = nullptr) const;

  // Error pages show the header of whoever is signed in; set once the gate exists.
  void SetGate(const Gate* gate) { gate_ = gate; }
  const Gate* gate() const { return gate_; }
  // How many unread messages a registered young person has, for the header's "Messages (n)".
  void SetUnreadCounter(std::function<int(const Viewer&)> counter) {
    unread_counter_ = std::move(counter);
  }

  // Renders `template_name` with `page` (which must come from Layout()).
  http::Response Render(std::string_view template_name, std::string_view lang, const Data& page,
                        int status = 200) const;

  // An error page (HTML) or error object (JSON under /api/) for a status.
  http::Response RenderError(const http::Request& request, int status) override;
  // The same for an Error value from a service (its message, field errors and code's status).
  http::Response RenderError(const http::Request& request, const Error& error) const;

  // A form that came back with errors: `has_errors`, the summary list `errors` (label, message,
  // the field's id to link to: `anchor_prefix` + the field's name) and `err_<field>` next to each
  // field. Labels come from "field.<name>"; numbered rows ("staff_2_email") name their row.
  void AddFormErrors(Data& page, std::string_view lang, const Error& error,
                     std::string_view anchor_prefix = "f-") const;
  std::string FieldLabel(std::string_view lang, std::string_view field) const;

  const i18n::Catalogues& catalogues() const { return catalogues_; }
  const http::StaticFiles& static_files() const { return static_files_; }
  const SiteOptions& options() const { return options_; }

 private:
  const i18n::Catalogues& catalogues_;
  const Templates& templates_;
  const http::StaticFiles& static_files_;
  SiteOptions options_;
  const Gate* gate_ = nullptr;
  std::function<int(const Viewer&)> unread_counter_;
};

// The HTTP status for an error code (the one mapping; the API uses it too).
int StatusFor(ErrorCode code);

// A local path safe to redirect to ("/x?y"), or "/" when `next` could leave the site.
std::string SafeLocalPath(std::string_view next);

}  // namespace pass::web
