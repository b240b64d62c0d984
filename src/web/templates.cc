#include "web/templates.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/strings.h"

namespace pass::web {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

constexpr int kMaxIncludeDepth = 8;

// Messages whose key ends in "_html" may carry <strong> and <em> and nothing else; every other
// message is plain text and escaped.
bool IsAllowedHtml(std::string_view text) {
  for (size_t pos = text.find('<'); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    const std::string_view rest = text.substr(pos);
    if (!(rest.starts_with("<strong>") || rest.starts_with("</strong>") ||
          rest.starts_with("<em>") || rest.starts_with("</em>"))) {
      return false;
    }
  }
  return true;
}

// A message as template text: escaped (unless *_html), `{name}` -> `{{name}}`.
Result<std::string> MessageToTemplate(std::string_view key, std::string_view message) {
  const bool html = key.ends_with("_html");
  if (html && !IsAllowedHtml(message)) {
    return Fail(Internal("message " + std::string(key) + " has markup other than <strong>/<em>"));
  }
  if (message.find("{{") != std::string_view::npos ||
      message.find("}}") != std::string_view::npos) {
    return Fail(Internal("message " + std::string(key) + " contains mustache braces"));
  }
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '{') {
      const size_t end = message.find('}', i);
      if (end == std::string_view::npos)
        return Fail(Internal("unclosed { in message " + std::string(key)));
      const std::string_view name = message.substr(i + 1, end - i - 1);
      for (const char n : name) {
        if (!((n >= 'a' && n <= 'z') || (n >= '0' && n <= '9') || n == '_' || n == '.')) {
          return Fail(Internal("message " + std::string(key) +
                               " uses ICU syntax; only {name} arguments work in templates"));
        }
      }
      out += "{{" + std::string(name) + "}}";
      i = end;
      continue;
    }
    if (html) {
      out += c;
    } else {
      out += HtmlEscape(std::string_view(&c, 1));
    }
  }
  return out;
}

Result<std::string> ExpandText(std::string_view text,
                               const std::map<std::string, std::string, std::less<>>& sources,
                               const i18n::Catalogues& catalogues, std::string_view lang,
                               std::set<std::string>* keys_used, int depth) {
  if (depth > kMaxIncludeDepth) return Fail(Internal("templates include each other too deeply"));
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.append(text.substr(open));
      break;
    }
    const std::string_view tag = Trim(text.substr(open + 2, close - open - 2));
    if (tag.starts_with('>')) {
      const std::string_view name = Trim(tag.substr(1));
      const auto it = sources.find(name);
      if (it == sources.end())
        return Fail(Internal("unknown template included: " + std::string(name)));
      auto inner = ExpandText(it->second, sources, catalogues, lang, keys_used, depth + 1);
      if (!inner) return inner;
      out += *inner;
    } else if (tag.starts_with("t:")) {
      const std::string key(Trim(tag.substr(2)));
      if (keys_used != nullptr) keys_used->insert(key);
      const std::string* message = catalogues.Find(lang, key);
      if (message == nullptr) {
        out += HtmlEscape(key);  // shows up in tests and in the catalogue check
      } else {
        auto converted = MessageToTemplate(key, *message);
        if (!converted) return converted;
        out += *converted;
      }
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  return out;
}

}  // namespace

Result<std::string> Templates::Expand(
    std::string_view name, const std::map<std::string, std::string, std::less<>>& sources,
    const i18n::Catalogues& catalogues, std::string_view lang, std::set<std::string>* keys_used) {
  const auto it = sources.find(name);
  if (it == sources.end()) return Fail(Internal("no template " + std::string(name)));
  return ExpandText(it->second, sources, catalogues, lang, keys_used, 0);
}

Result<Templates> Templates::Load(const std::filesystem::path& dir,
                                  const i18n::Catalogues& catalogues) {
  std::map<std::string, std::string, std::less<>> sources;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".mustache") continue;
    std::string name = std::filesystem::relative(it->path(), dir).generic_string();
    name.resize(name.size() - std::string_view(".mustache").size());
    std::ifstream in(it->path());
    std::ostringstream text;
    text << in.rdbuf();
    sources.emplace(std::move(name), text.str());
  }
  if (ec) return Fail(Internal("cannot read templates in " + dir.string() + ": " + ec.message()));
  if (sources.empty()) return Fail(Internal("no templates in " + dir.string()));

  Templates out;
  for (const auto& [name, text] : sources) {
    for (const i18n::Language* lang : catalogues.Languages()) {
      auto expanded = ExpandText(text, sources, catalogues, lang->code, &out.keys_used_, 0);
      if (!expanded) {
        return Fail(
            Internal("template " + name + " (" + lang->code + "): " + expanded.error().detail));
      }
      auto compiled = std::make_shared<kainjow::mustache::mustache>(*expanded);
      if (!compiled->is_valid()) {
        return Fail(
            Internal("template " + name + " (" + lang->code + "): " + compiled->error_message()));
      }
      out.compiled_[name].emplace(lang->code, std::move(compiled));
    }
  }
  return out;
}

bool Templates::Has(std::string_view name) const { return compiled_.contains(name); }

std::string Templates::Render(std::string_view name, std::string_view lang,
                              const Data& data) const {
  const auto it = compiled_.find(name);
  if (it == compiled_.end()) throw std::logic_error("no template " + std::string(name));
  auto per_lang = it->second.find(lang);
  if (per_lang == it->second.end()) per_lang = it->second.find(i18n::Catalogues::kFallback);
  if (per_lang == it->second.end())
    throw std::logic_error("no English template " + std::string(name));
  // Rendering reads the compiled tree only (no partials or lambdas are used), so one compiled
  // template serves every thread.
  std::string out;
  out.reserve(size_t{16} * 1024);
  per_lang->second->render(data, [&out](const std::string& chunk) { out += chunk; });
  if (!per_lang->second->is_valid()) {
    throw std::logic_error("template " + std::string(name) + ": " +
                           per_lang->second->error_message());
  }
  return out;
}

}  // namespace pass::web
