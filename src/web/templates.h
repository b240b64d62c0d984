// Page templates: mustache files under web/templates, compiled once per language at start-up.
// Before compiling, `{{> name}}` includes another template's text and `{{t:key}}` becomes the
// catalogue message, HTML-escaped, with its `{arg}` placeholders turned into escaped mustache
// variables. Rendering is then a plain, escaping mustache render: no per-request translation
// cost and no way to emit unescaped text except `{{{ }}}`, which templates use only for HTML we
// rendered ourselves. Immutable after Load(), so thread-safe.
#pragma once

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"
#include "i18n/catalogue.h"

namespace pass::web {

using Data = kainjow::mustache::data;

class Templates {
 public:
  static Result<Templates> Load(const std::filesystem::path& dir,
                                const i18n::Catalogues& catalogues);

  // Renders template `name` (its path under web/templates without ".mustache") in `lang`
  // (English when the language has no catalogue). Throws std::logic_error for an unknown name.
  std::string Render(std::string_view name, std::string_view lang, const Data& data) const;

  bool Has(std::string_view name) const;

  // Every `{{t:key}}` key used by any template (for the catalogue check).
  const std::set<std::string>& keys_used() const { return keys_used_; }

  // The text after includes and translation, before compiling (for tests).
  static Result<std::string> Expand(std::string_view name,
                                    const std::map<std::string, std::string, std::less<>>& sources,
                                    const i18n::Catalogues& catalogues, std::string_view lang,
                                    std::set<std::string>* keys_used);

 private:
  // compiled_[name][lang]
  std::map<std::string,
           std::map<std::string, std::shared_ptr<kainjow::mustache::mustache>, std::less<>>,
           std::less<>>
      compiled_;
  std::set<std::string> keys_used_;
};

std::string HtmlEscape(std::string_view text);

}  // namespace pass::web
