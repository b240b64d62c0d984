#include "web/form_view.h"

#include <algorithm>

#include "codes/codes.h"
#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"

namespace pass::web {

using kainjow::mustache::data;
using kainjow::mustache::list;

http::Response Redirect(std::string_view to) { return http::Response::Redirect(to, 303); }

http::Response LoginRedirect(const http::Request& request) {
  return Redirect("/login?next=" + http::PercentEncode(SafeLocalPath(request.target)));
}

std::string Label(const Site& site, std::string_view lang, std::string_view list_name,
                  std::string_view code) {
  return i18n::CodeLabel(site.catalogues(), lang, list_name, code);
}

list SelectOptions(std::vector<std::pair<std::string, std::string>> choices,
                   const std::set<std::string>& selected, bool sort_by_label, bool blank_first) {
  if (sort_by_label) {
    std::sort(choices.begin(), choices.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  if (blank_first) choices.insert(choices.begin(), {"", ""});
  list out;
  for (const auto& [value, label] : choices) {
    data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", selected.contains(value));
    out.push_back(o);
  }
  return out;
}

list CountryOptions(const Site& site, std::string_view lang, const std::set<std::string>& sel,
                    bool blank_first) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto code : codes::Countries())
    choices.emplace_back(std::string(code), Label(site, lang, "country", code));
  return SelectOptions(std::move(choices), sel, true, blank_first);
}

list LanguageOptions(const Site& site, std::string_view lang, std::string_view selected,
                     bool eu_only) {
  std::vector<std::pair<std::string, std::string>> choices;
  if (eu_only) {
    for (const auto code : kEuLanguages)
      choices.emplace_back(std::string(code), Label(site, lang, "language", code));
  } else {
    for (const auto code : codes::Languages())
      choices.emplace_back(std::string(code), Label(site, lang, "language", code));
  }
  return SelectOptions(std::move(choices), {std::string(selected)}, true, !eu_only);
}

std::optional<int64_t> IdParam(const http::Request& request, std::string_view name) {
  const auto id = ParseInt(request.Param(name));
  if (!id || *id <= 0) return std::nullopt;
  return *id;
}

list LevelOptions(const Site& site, std::string_view lang, std::string_view selected) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (int i = 0; i <= static_cast<int>(codes::Level::kNative); ++i) {
    const auto code = codes::LevelCode(static_cast<codes::Level>(i));
    choices.emplace_back(std::string(code), Label(site, lang, "level", code));
  }
  return SelectOptions(std::move(choices), {std::string(selected)}, false, true);
}

list CodeOptions(const Site& site, std::string_view lang, std::string_view list_name,
                 std::span<const std::string_view> codes_in_order,
                 const std::set<std::string>& selected, bool blank_first) {
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto code : codes_in_order)
    choices.emplace_back(std::string(code), Label(site, lang, list_name, code));
  return SelectOptions(std::move(choices), selected, false, blank_first);
}

// Checkboxes of one code list, checked where the profile has the code.
list Checkboxes(const Site& site, std::string_view lang, std::string_view list_name,
                std::span<const std::string_view> codes_in_order,
                const std::vector<std::string>& checked) {
  list out;
  for (const auto code : codes_in_order) {
    data o;
    o.set("value", std::string(code));
    o.set("label", Label(site, lang, list_name, code));
    o.set("checked", std::find(checked.begin(), checked.end(), code) != checked.end());
    out.push_back(o);
  }
  return out;
}

// The domain names list items "languages[2].code"; the form's fields are "languages_2_code".
// Items of a checkbox list ("skills[3]") point at the list itself.
std::string FormField(std::string_view field) {
  const size_t open = field.find('[');
  if (open == std::string_view::npos) return std::string(field);
  const size_t close = field.find(']', open);
  if (close == std::string_view::npos) return std::string(field);
  std::string base(field.substr(0, open));
  const std::string index(field.substr(open + 1, close - open - 1));
  if (close + 1 >= field.size()) {
    if (base == "languages" || base == "availability" || base == "locations")
      return base + "_" + index;
    return base;
  }
  return base + "_" + index + "_" + std::string(field.substr(close + 2));
}

Error WithFormFields(Error error) {
  for (auto& f : error.fields) f.field = FormField(f.field);
  return error;
}

Message Localised(const Site& site, std::string_view lang, Message message) {
  for (auto& [name, value] : message.args) {
    if (name == "country" && !value.empty()) {
      value = Label(site, lang, "country", value);
    } else if (name == "countries") {
      std::string labels;
      for (const auto& code : Split(value, ',')) {
        const std::string trimmed(Trim(code));
        if (!trimmed.empty())
          labels += (labels.empty() ? "" : ", ") + Label(site, lang, "country", trimmed);
      }
      value = labels;
    } else if (name != "value" && value.size() == 10) {
      // Every date the rules name (start, end, latest, answer_by, ...) is an ISO date; what a
      // person typed ("value") is shown as typed.
      if (const auto day = ParseIsoDate(value)) value = i18n::FormatLongDate(lang, *day);
    }
  }
  return message;
}

Error Localised(const Site& site, std::string_view lang, Error error) {
  for (auto& f : error.fields) f.message = Localised(site, lang, std::move(f.message));
  return error;
}

}  // namespace pass::web
