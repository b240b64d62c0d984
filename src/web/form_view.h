// What the portal's forms share: redirects after a POST, the choices of select lists and
// checkboxes (labels in the page's language), and naming form fields after the domain's field
// errors. Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "http/message.h"
#include "web/site.h"

namespace pass::web {

// The 24 official languages of the EU: contact languages, the languages of the interface.
inline constexpr std::string_view kEuLanguages[] = {"bg", "cs", "da", "de", "el", "en", "es", "et",
                                                    "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
                                                    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};

http::Response Redirect(std::string_view to);  // 303 See Other
// A positive decimal id in the path parameter `name`, else nullopt (answered 404).
std::optional<int64_t> IdParam(const http::Request& request, std::string_view name);
// To the sign-in, coming back to this page afterwards.
http::Response LoginRedirect(const http::Request& request);

// The label of a code ("country", "SE") in `lang`.
std::string Label(const Site& site, std::string_view lang, std::string_view list_name,
                  std::string_view code);

// Options for a <select>: value, label, selected.
kainjow::mustache::list SelectOptions(std::vector<std::pair<std::string, std::string>> choices,
                                      const std::set<std::string>& selected, bool sort_by_label,
                                      bool blank_first);
kainjow::mustache::list CountryOptions(const Site& site, std::string_view lang,
                                       const std::set<std::string>& selected, bool blank_first);
kainjow::mustache::list LanguageOptions(const Site& site, std::string_view lang,
                                        std::string_view selected, bool eu_only);
kainjow::mustache::list LevelOptions(const Site& site, std::string_view lang,
                                     std::string_view selected);
// Options of one code list ("topic", "activity_type", ...) in the list's own order.
kainjow::mustache::list CodeOptions(const Site& site, std::string_view lang,
                                    std::string_view list_name,
                                    std::span<const std::string_view> codes_in_order,
                                    const std::set<std::string>& selected, bool blank_first);

// Checkboxes of one code list, checked where `checked` has the code.
kainjow::mustache::list Checkboxes(const Site& site, std::string_view lang,
                                   std::string_view list_name,
                                   std::span<const std::string_view> codes_in_order,
                                   const std::vector<std::string>& checked);

// The domain's messages carry codes and ISO dates; shown to a person, countries ("country", and
// "countries" as a comma-separated list) become names and ISO dates (any argument but "value",
// which echoes what was typed) long dates in `lang`.
Message Localised(const Site& site, std::string_view lang, Message message);
Error Localised(const Site& site, std::string_view lang, Error error);

// The domain names list items "languages[2].code"; the form's fields are "languages_2_code".
// Items of a checkbox or multiple-select list ("skills[3]") point at the list itself; items of
// the row lists (languages, availability, locations) at their row.
std::string FormField(std::string_view field);
Error WithFormFields(Error error);

}  // namespace pass::web
