#include "api/contact.h"

#include <nlohmann/json.hpp>

#include "api/staff.h"
#include "web/form_view.h"

namespace pass::api {

namespace {

using Out = nlohmann::ordered_json;

// A hundred kilobytes hold 50 references and 2,000 characters with room to spare.
constexpr size_t kMaxBody = size_t{100} * 1024;

std::string Dump(const Out& json) {
  return json.dump(-1, ' ', false, Out::error_handler_t::replace);
}

http::Response Answer(const web::Site& site, const http::Request& request, const Error& error) {
  http::Response response = site.RenderError(request, error);
  if (const std::string* seconds = error.message.Arg("retry_after"))
    response.headers.Set("Retry-After", *seconds);
  return response;
}

// What both sides see of a thread.
Out ThreadJson(const contact::Thread& t, std::string url) {
  Out j;
  j["id"] = t.id;
  j["opportunity_id"] = t.opportunity_id;
  j["opportunity_title"] = t.opportunity_title;
  j["blocked"] = t.blocked;
  j["unread"] = t.unread;
  j["last_message_at"] = FormatRfc3339(t.last_post_at);
  j["url"] = std::move(url);
  return j;
}

// The thread as the organisation sees it: contact data only once shared (F13).
Out StaffThreadJson(const contact::Thread& t, const std::string& oid) {
  Out j = ThreadJson(t, "/api/v1/organisations/" + oid + "/messages/" + std::to_string(t.id));
  j["reference"] = t.reference;
  j["given_name"] = t.given_name;
  j["family_name"] = t.shared ? Out(t.family_name) : Out(nullptr);
  j["email"] = t.shared ? Out(t.email) : Out(nullptr);
  j["contact_data_shared"] = t.shared;
  return j;
}

Out MyThreadJson(const contact::Thread& t) {
  Out j = ThreadJson(t, "/api/v1/me/messages/" + std::to_string(t.id));
  j["oid"] = t.oid;
  j["organisation_name"] = t.organisation_name;
  return j;
}

// The posts; notices as their key and the text in the request's language.
Out PostsJson(const web::Site& site, std::string_view lang, const contact::Conversation& c) {
  Out posts = Out::array();
  for (const auto& p : c.posts) {
    Out j;
    j["id"] = p.id;
    j["author"] = contact::AuthorCode(p.author);
    j["at"] = FormatRfc3339(p.at);
    if (p.author == contact::Author::kNotice) {
      j["notice"] = p.notice.key;
      j["body"] = site.T(lang, web::Localised(site, lang, p.notice));
    } else {
      j["body"] = p.body;
    }
    if (!p.staff_email.empty()) j["staff_email"] = p.staff_email;
    posts.push_back(std::move(j));
  }
  return posts;
}

// {"body": "..."} and nothing else.
std::optional<std::string> ReplyBody(const http::Request& request) {
  if (request.body.size() > kMaxBody) return std::nullopt;
  const auto json = nlohmann::json::parse(request.body, nullptr, false);
  if (!json.is_object() || json.size() != 1 || !json.contains("body") || !json["body"].is_string())
    return std::nullopt;
  return json["body"].get<std::string>();
}

Error BadJson(const char* key) {
  return InvalidInput(Message("error.form.invalid"), {{"body", Message(key)}});
}

}  // namespace

void AddContactApi(http::Router& router, const web::Site& site, const web::Gate& gate,
                   contact::Service& contact) {
  router.Post("/api/v1/organisations/{oid}/messages",
              [&site, &gate, &contact](http::Request& request) {
                auto staff = StaffFor(site, gate, request);
                if (!staff) return std::move(staff.error());
                const auto json = request.body.size() > kMaxBody
                                      ? nlohmann::json()
                                      : nlohmann::json::parse(request.body, nullptr, false);
                contact::Outgoing out;
                bool ok = json.is_object() && json.size() == 3 && json.contains("opportunity_id") &&
                          json["opportunity_id"].is_number_integer() &&
                          json.contains("participant_references") &&
                          json["participant_references"].is_array() && json.contains("body") &&
                          json["body"].is_string();
                if (ok) {
                  out.opportunity_id = json["opportunity_id"].get<int64_t>();
                  out.body = json["body"].get<std::string>();
                  for (const auto& r : json["participant_references"]) {
                    if (!r.is_string()) {
                      ok = false;
                      break;
                    }
                    out.references.push_back(r.get<std::string>());
                  }
                }
                if (!ok) return site.RenderError(request, BadJson("error.contact.json"));
                auto sent = contact.Contact(*staff, out);
                if (!sent) return Answer(site, request, sent.error());
                Out body;
                body["threads"] = *sent;
                return http::Response::Json(201, Dump(body));
              });

  router.Get("/api/v1/organisations/{oid}/messages",
             [&site, &gate, &contact](http::Request& request) {
               auto staff = StaffFor(site, gate, request);
               if (!staff) return std::move(staff.error());
               auto threads = contact.OrganisationThreads(*staff);
               if (!threads) return site.RenderError(request, threads.error());
               Out list = Out::array();
               for (const auto& t : *threads) list.push_back(StaffThreadJson(t, staff->oid));
               return http::Response::Json(200, Dump(Out{{"threads", std::move(list)}}));
             });

  router.Get("/api/v1/organisations/{oid}/messages/{thread_id}", [&site, &gate, &contact](
                                                                     http::Request& request) {
    auto staff = StaffFor(site, gate, request);
    if (!staff) return std::move(staff.error());
    const auto id = ParseId(request.Param("thread_id"));
    if (!id) return site.RenderError(request, NotFound(Message("error.contact.thread_not_found")));
    auto c = contact.OrganisationThread(*staff, *id);
    if (!c) return site.RenderError(request, c.error());
    Out body = StaffThreadJson(c->thread, staff->oid);
    body["messages"] = PostsJson(site, site.Language(request), *c);
    return http::Response::Json(200, Dump(body));
  });

  router.Get("/api/v1/me/messages", [&site, &gate, &contact](http::Request& request) {
    auto me = ParticipantFor(site, gate, request);
    if (!me) return std::move(me.error());
    auto threads = contact.ParticipantThreads(*me);
    if (!threads) return site.RenderError(request, threads.error());
    Out list = Out::array();
    for (const auto& t : *threads) list.push_back(MyThreadJson(t));
    return http::Response::Json(200, Dump(Out{{"threads", std::move(list)}}));
  });

  router.Get("/api/v1/me/messages/{thread_id}", [&site, &gate, &contact](http::Request& request) {
    auto me = ParticipantFor(site, gate, request);
    if (!me) return std::move(me.error());
    const auto id = ParseId(request.Param("thread_id"));
    if (!id) return site.RenderError(request, NotFound(Message("error.contact.thread_not_found")));
    auto c = contact.ParticipantThread(*me, *id);
    if (!c) return site.RenderError(request, c.error());
    Out body = MyThreadJson(c->thread);
    body["messages"] = PostsJson(site, site.Language(request), *c);
    return http::Response::Json(200, Dump(body));
  });

  router.Post("/api/v1/me/messages/{thread_id}", [&site, &gate, &contact](http::Request& request) {
    auto me = ParticipantFor(site, gate, request);
    if (!me) return std::move(me.error());
    const auto id = ParseId(request.Param("thread_id"));
    if (!id) return site.RenderError(request, NotFound(Message("error.contact.thread_not_found")));
    auto body = ReplyBody(request);
    if (!body) return site.RenderError(request, BadJson("error.contact.json_reply"));
    auto replied = contact.Reply(*me, *id, std::move(*body));
    if (!replied) return site.RenderError(request, replied.error());
    return http::Response::Json(201, Dump(Out{{"id", *replied}, {"thread_id", *id}}));
  });
}

}  // namespace pass::api
