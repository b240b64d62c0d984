// The staff side starts from the organisation in the URL and the viewer's current access to it
// (R4); the young person's side from the registered person signed in. The service answers
// NotFound for a thread of another organisation or person, so an id in a URL reaches nothing.
#include "web/contact_pages.h"

#include <algorithm>
#include <map>
#include <string>

#include "core/strings.h"
#include "http/form.h"
#include "i18n/catalogue.h"
#include "web/form_view.h"
#include "web/staff_entry.h"

namespace pass::web {

using contact::Author;
using contact::Side;
using kainjow::mustache::data;
using kainjow::mustache::list;

namespace {

constexpr std::string_view kDoneCodes[] = {"sent", "replied", "blocked", "unblocked"};

Error NoSuchThread() { return NotFound(Message("error.contact.thread_not_found")); }

void AddDone(const ContactDeps& d, const http::Request& request, std::string_view lang,
             Data& page) {
  const std::string done = request.QueryParam("done").value_or("");
  if (std::find(std::begin(kDoneCodes), std::end(kDoneCodes), done) != std::end(kDoneCodes))
    page.set("done_text", d.site.T(lang, Message("contact.done." + done)));
}

std::string Base(const opportunities::Staff& staff) {
  return "/organisations/" + staff.oid + "/messages";
}

// "Astrid" until the person shared their contact data, then "Astrid Andersson".
std::string PersonName(const contact::Thread& t) {
  return t.family_name.empty() ? t.given_name : t.given_name + " " + t.family_name;
}

// A page with a form, and the error of its last submission when there is one: the summary,
// the status of the error, and, over the organisation's allowance, when to try again.
http::Response RenderForm(const ContactDeps& d, std::string_view name, std::string_view lang,
                          Data& page, const Error* error) {
  if (error == nullptr) return d.site.Render(name, lang, page);
  d.site.AddFormErrors(page, lang, Localised(d.site, lang, *error));
  http::Response response = d.site.Render(name, lang, page, StatusFor(error->code));
  if (const std::string* seconds = error->message.Arg("retry_after"))
    response.headers.Set("Retry-After", *seconds);
  return response;
}

// The posts of a thread as `reader` sees them: who wrote (the reader's own posts as "you"),
// when, and the text; notices in the reader's language.
list PostItems(const Site& site, std::string_view lang, const contact::Conversation& c,
               Side reader) {
  list out;
  for (const contact::Post& p : c.posts) {
    data item;
    const bool mine = (p.author == Author::kOrganisation && reader == Side::kOrganisation) ||
                      (p.author == Author::kParticipant && reader == Side::kParticipant);
    std::string who;
    if (p.author == Author::kNotice) {
      who = site.T(lang, "contact.notice");
    } else if (mine) {
      who = site.T(lang, "contact.you");
      if (!p.staff_email.empty()) who += " (" + p.staff_email + ")";
    } else {
      who = p.author == Author::kOrganisation ? c.thread.organisation_name : c.thread.given_name;
    }
    item.set("who", who);
    item.set("at", i18n::FormatDateTime(lang, p.at));
    item.set("text",
             p.author == Author::kNotice ? site.T(lang, Localised(site, lang, p.notice)) : p.body);
    item.set("kind", p.author == Author::kNotice ? "notice" : mine ? "mine" : "theirs");
    out.push_back(item);
  }
  return out;
}

// A thread in a list, as both sides show it.
data ThreadItem(std::string_view lang, const contact::Thread& t, const std::string& url) {
  data item;
  item.set("url", url);
  item.set("opportunity_title", t.opportunity_title);
  item.set("last_post_at", i18n::FormatDateTime(lang, t.last_post_at));
  item.set("unread", t.unread > 0 ? std::to_string(t.unread) : std::string());
  item.set("has_unread", t.unread > 0);
  item.set("blocked", t.blocked);
  return item;
}

void AddThreadFacts(Data& page, const contact::Thread& t, std::string_view lang) {
  page.set("thread_id", std::to_string(t.id));
  page.set("organisation_name", t.organisation_name);
  page.set("opportunity_title", t.opportunity_title);
  page.set("opportunity_id", std::to_string(t.opportunity_id));
  page.set("person", PersonName(t));
  page.set("reference", t.reference);
  page.set("blocked", t.blocked);
  page.set("last_post_at", i18n::FormatDateTime(lang, t.last_post_at));
}

// ---------------------------------------------------------------------------------------------
// Staff: writing to candidates

struct Draft {
  int64_t opportunity_id = 0;
  std::vector<std::string> references;
  std::string body;
};

http::Response RenderCompose(ContactDeps& d, const http::Request& request, const StaffEntry& e,
                             const Draft& draft, const Error* error) {
  auto all = d.opportunities.OfOrganisation(e.staff);
  if (!all) return d.site.RenderError(request, all.error());
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, "contact.new.title"));
  page.set("messages_url", Base(e.staff));
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto& o : *all) {
    if (o.status != opportunities::Status::kDraft)
      choices.emplace_back(std::to_string(o.id), o.title);
  }
  page.set("has_opportunities", !choices.empty());
  page.set("opportunity_options",
           SelectOptions(std::move(choices), {std::to_string(draft.opportunity_id)}, false,
                         draft.opportunity_id == 0));
  // Names of people already among the opportunity's candidates; others by reference only.
  std::map<std::string, std::string> names;
  if (draft.opportunity_id > 0) {
    if (auto pipeline = d.opportunities.Pipeline(e.staff, draft.opportunity_id)) {
      for (const auto& c : *pipeline) names[c.reference] = c.given_name;
    }
  }
  list recipients;
  for (const auto& reference : draft.references) {
    data r;
    r.set("reference", reference);
    const auto name = names.find(reference);
    r.set("name", name == names.end() ? std::string() : name->second);
    r.set("has_name", name != names.end());
    recipients.push_back(r);
  }
  page.set("recipients", recipients);
  page.set("has_recipients", !draft.references.empty());
  page.set("recipient_count", std::to_string(draft.references.size()));
  page.set("max_recipients", std::to_string(contact::kMaxRecipients));
  page.set("max_length", std::to_string(contact::kMaxBodyLength));
  page.set("body", draft.body);
  return RenderForm(d, "pages/organisation/message_new", lang, page, error);
}

// One person, from a profile or a candidate page: ?reference=...&opportunity=...
http::Response NewMessage(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  Draft draft;
  const std::string reference(Trim(request.QueryParam("reference").value_or("")));
  if (!reference.empty()) draft.references.push_back(reference);
  draft.opportunity_id = ParseInt(request.QueryParam("opportunity").value_or("")).value_or(0);
  return RenderCompose(d, request, e, draft, nullptr);
}

// The people selected in the search results (references) or in a pipeline (entry ids); a POST
// so the selection travels with the session's token, and nothing changes yet.
http::Response ComposeFromSearch(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  Draft draft;
  draft.references = e.form.All("selected");
  draft.opportunity_id = ParseInt(e.form.Get("shortlist_opportunity")).value_or(0);
  return RenderCompose(d, request, e, draft, nullptr);
}

http::Response ComposeFromPipeline(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "id");
  if (!id) return d.site.RenderError(request, NotFound(Message("error.opportunity.not_found")));
  auto pipeline = d.opportunities.Pipeline(e.staff, *id);
  if (!pipeline) return d.site.RenderError(request, pipeline.error());
  Draft draft;
  draft.opportunity_id = *id;
  const auto selected = e.form.All("selected");
  for (const auto& c : *pipeline) {
    if (std::find(selected.begin(), selected.end(), std::to_string(c.id)) != selected.end())
      draft.references.push_back(c.reference);
  }
  return RenderCompose(d, request, e, draft, nullptr);
}

http::Response SendMessage(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  Draft draft;
  draft.opportunity_id = ParseInt(e.form.Get("opportunity_id")).value_or(0);
  draft.references = e.form.All("participant_references");
  draft.body = e.form.Get("body");
  auto sent = d.contact.Contact(e.staff, {draft.opportunity_id, draft.references, draft.body});
  if (!sent) {
    const ErrorCode code = sent.error().code;
    if (code == ErrorCode::kInvalidInput || code == ErrorCode::kTooManyRequests)
      return RenderCompose(d, request, e, draft, &sent.error());
    return d.site.RenderError(request, sent.error());
  }
  if (sent->size() == 1)
    return Redirect(Base(e.staff) + "/" + std::to_string(sent->front()) + "?done=sent");
  return Redirect(Base(e.staff) + "?done=sent");
}

// ---------------------------------------------------------------------------------------------
// Staff: the organisation's threads

http::Response ListThreads(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  auto threads = d.contact.OrganisationThreads(e.staff);
  if (!threads) return d.site.RenderError(request, threads.error());
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e, d.site.T(lang, "contact.title"));
  AddDone(d, request, lang, page);
  list items;
  for (const auto& t : *threads) {
    data item = ThreadItem(lang, t, Base(e.staff) + "/" + std::to_string(t.id));
    item.set("person", PersonName(t));
    item.set("reference", t.reference);
    items.push_back(item);
  }
  page.set("threads", items);
  page.set("has_threads", !threads->empty());
  return d.site.Render("pages/organisation/messages", lang, page);
}

http::Response RenderStaffThread(ContactDeps& d, const http::Request& request, const StaffEntry& e,
                                 int64_t thread_id, const std::string& body, const Error* error) {
  auto c = d.contact.OrganisationThread(e.staff, thread_id);
  if (!c) return d.site.RenderError(request, c.error());
  const std::string lang = d.site.Language(request);
  Data page = StaffLayout(d.site, request, lang, e,
                          PersonName(c->thread) + " – " + c->thread.opportunity_title);
  AddDone(d, request, lang, page);
  AddThreadFacts(page, c->thread, lang);
  page.set("messages_url", Base(e.staff));
  page.set("url", Base(e.staff) + "/" + std::to_string(thread_id));
  page.set("opportunity_url", "/organisations/" + e.staff.oid + "/opportunities/" +
                                  std::to_string(c->thread.opportunity_id));
  page.set("shared", c->thread.shared);
  page.set("email", c->thread.email);
  page.set("posts", PostItems(d.site, lang, *c, Side::kOrganisation));
  page.set("body", body);
  page.set("max_length", std::to_string(contact::kMaxBodyLength));
  return RenderForm(d, "pages/organisation/message_thread", lang, page, error);
}

http::Response ShowStaffThread(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "thread");
  if (!id) return d.site.RenderError(request, NoSuchThread());
  return RenderStaffThread(d, request, e, *id, "", nullptr);
}

http::Response StaffReply(ContactDeps& d, const http::Request& request) {
  StaffEntry e = EnterStaff(d.site, d.gate, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "thread");
  if (!id) return d.site.RenderError(request, NoSuchThread());
  const std::string body = e.form.Get("body");
  auto replied = d.contact.ReplyAsStaff(e.staff, *id, body);
  if (!replied) {
    const ErrorCode code = replied.error().code;
    if (code == ErrorCode::kInvalidInput || code == ErrorCode::kTooManyRequests ||
        code == ErrorCode::kConflict)
      return RenderStaffThread(d, request, e, *id, body, &replied.error());
    return d.site.RenderError(request, replied.error());
  }
  return Redirect(Base(e.staff) + "/" + std::to_string(*id) + "?done=replied#posts");
}

// ---------------------------------------------------------------------------------------------
// Young people: the inbox

// A registered person who accepted the privacy statement in force (web/staff_entry.h).
YoungEntry EnterYoung(ContactDeps& d, const http::Request& request, bool post) {
  return EnterYoung(d.site, d.gate, d.participants.options().privacy_version, request, post);
}

Data YoungLayout(ContactDeps& d, const http::Request& request, std::string_view lang,
                 const YoungEntry& e, std::string_view title) {
  Data page = d.site.Layout(request, lang, title, &*e.viewer);
  page.set("csrf", e.viewer->csrf);
  AddDone(d, request, lang, page);
  return page;
}

http::Response Inbox(ContactDeps& d, const http::Request& request) {
  YoungEntry e = EnterYoung(d, request, false);
  if (e.response) return std::move(*e.response);
  auto threads = d.contact.ParticipantThreads(e.participant_id);
  if (!threads) return d.site.RenderError(request, threads.error());
  auto blocks = d.contact.Blocks(e.participant_id);
  if (!blocks) return d.site.RenderError(request, blocks.error());
  const std::string lang = d.site.Language(request);
  Data page = YoungLayout(d, request, lang, e, d.site.T(lang, "contact.inbox.title"));
  list items;
  for (const auto& t : *threads) {
    data item = ThreadItem(lang, t, "/me/messages/" + std::to_string(t.id));
    item.set("organisation_name", t.organisation_name);
    items.push_back(item);
  }
  page.set("threads", items);
  page.set("has_threads", !threads->empty());
  list blocked;
  for (const auto& b : *blocks) {
    data item;
    item.set("oid", b.oid);
    item.set("organisation_name", b.organisation_name);
    item.set("since", i18n::FormatLongDate(lang, DateOf(b.at)));
    blocked.push_back(item);
  }
  page.set("blocks", blocked);
  page.set("has_blocks", !blocks->empty());
  return d.site.Render("pages/young/messages", lang, page);
}

http::Response RenderYoungThread(ContactDeps& d, const http::Request& request, const YoungEntry& e,
                                 int64_t thread_id, const std::string& body, const Error* error) {
  auto c = d.contact.ParticipantThread(e.participant_id, thread_id);
  if (!c) return d.site.RenderError(request, c.error());
  const std::string lang = d.site.Language(request);
  Data page = YoungLayout(d, request, lang, e,
                          c->thread.organisation_name + " – " + c->thread.opportunity_title);
  AddThreadFacts(page, c->thread, lang);
  page.set("url", "/me/messages/" + std::to_string(thread_id));
  page.set("opportunity_url", "/opportunities/" + std::to_string(c->thread.opportunity_id));
  page.set("oid", c->thread.oid);
  page.set("shared", c->thread.shared);
  page.set("posts", PostItems(d.site, lang, *c, Side::kParticipant));
  page.set("body", body);
  page.set("max_length", std::to_string(contact::kMaxBodyLength));
  return RenderForm(d, "pages/young/message_thread", lang, page, error);
}

http::Response ShowYoungThread(ContactDeps& d, const http::Request& request) {
  YoungEntry e = EnterYoung(d, request, false);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "thread");
  if (!id) return d.site.RenderError(request, NoSuchThread());
  return RenderYoungThread(d, request, e, *id, "", nullptr);
}

http::Response YoungReply(ContactDeps& d, const http::Request& request) {
  YoungEntry e = EnterYoung(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "thread");
  if (!id) return d.site.RenderError(request, NoSuchThread());
  const std::string body = e.form.Get("body");
  auto replied = d.contact.Reply(e.participant_id, *id, body);
  if (!replied) {
    const ErrorCode code = replied.error().code;
    if (code == ErrorCode::kInvalidInput || code == ErrorCode::kConflict)
      return RenderYoungThread(d, request, e, *id, body, &replied.error());
    return d.site.RenderError(request, replied.error());
  }
  return Redirect("/me/messages/" + std::to_string(*id) + "?done=replied#posts");
}

http::Response BlockOrganisation(ContactDeps& d, const http::Request& request) {
  YoungEntry e = EnterYoung(d, request, true);
  if (e.response) return std::move(*e.response);
  const auto id = IdParam(request, "thread");
  if (!id) return d.site.RenderError(request, NoSuchThread());
  auto blocked = d.contact.Block(e.participant_id, *id);
  if (!blocked) return d.site.RenderError(request, blocked.error());
  return Redirect("/me/messages/" + std::to_string(*id) + "?done=blocked");
}

// From the inbox's list of blocked organisations, or a thread page (`thread` to go back to).
http::Response UnblockOrganisation(ContactDeps& d, const http::Request& request) {
  YoungEntry e = EnterYoung(d, request, true);
  if (e.response) return std::move(*e.response);
  auto unblocked = d.contact.Unblock(e.participant_id, e.form.Get("oid"));
  if (!unblocked) return d.site.RenderError(request, unblocked.error());
  const auto thread = ParseInt(e.form.Get("thread"));
  if (thread && *thread > 0)
    return Redirect("/me/messages/" + std::to_string(*thread) + "?done=unblocked");
  return Redirect("/me/messages?done=unblocked#blocked");
}

}  // namespace

std::function<int(const Viewer&)> UnreadCounter(contact::Service& contact) {
  return [&contact](const Viewer& viewer) {
    if (!viewer.participant) return 0;
    // The header is no reason to fail a page: an error shows no count.
    return contact.Unread(viewer.participant->id).value_or(0);
  };
}

void AddContactPages(http::Router& router, ContactDeps& deps) {
  auto get = [&](std::string_view pattern,
                 http::Response (*f)(ContactDeps&, const http::Request&)) {
    router.Get(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  auto post = [&](std::string_view pattern,
                  http::Response (*f)(ContactDeps&, const http::Request&)) {
    router.Post(pattern, [&deps, f](http::Request& r) { return f(deps, r); });
  };
  get("/organisations/{oid}/messages", ListThreads);
  post("/organisations/{oid}/messages", SendMessage);
  get("/organisations/{oid}/messages/new", NewMessage);
  post("/organisations/{oid}/messages/compose", ComposeFromSearch);
  post("/organisations/{oid}/opportunities/{id}/contact", ComposeFromPipeline);
  get("/organisations/{oid}/messages/{thread}", ShowStaffThread);
  post("/organisations/{oid}/messages/{thread}", StaffReply);
  get("/me/messages", Inbox);
  get("/me/messages/{thread}", ShowYoungThread);
  post("/me/messages/{thread}", YoungReply);
  post("/me/messages/{thread}/block", BlockOrganisation);
  post("/me/blocks/remove", UnblockOrganisation);
}

}  // namespace pass::web
