#include "app/app.h"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "access/access.h"
#include "api/candidates.h"
#include "api/contact.h"
#include "api/me.h"
#include "api/offers.h"
#include "api/opportunities.h"
#include "api/reference.h"
#include "auth/oidc.h"
#include "backoffice/backoffice.h"
#include "core/log.h"
#include "core/random.h"
#include "fetch/fetch.h"
#include "http/rate_limiter.h"
#include "http/static_files.h"
#include "i18n/catalogue.h"
#include "mail/mail.h"
#include "sessions/sessions.h"
#include "storage/access_repository.h"
#include "storage/backoffice_repository.h"
#include "storage/contact_repository.h"
#include "storage/cv_files.h"
#include "storage/dashboard_repository.h"
#include "storage/migrations.h"
#include "storage/offer_repository.h"
#include "storage/opportunity_repository.h"
#include "storage/outbox_repository.h"
#include "storage/participant_repository.h"
#include "storage/registry_repository.h"
#include "storage/saved_search_repository.h"
#include "storage/search_source.h"
#include "web/agencies.h"
#include "web/backoffice_pages.h"
#include "web/candidate_search_pages.h"
#include "web/contact_pages.h"
#include "web/dashboard_pages.h"
#include "web/gate.h"
#include "web/offer_pages.h"
#include "web/opportunity_pages.h"
#include "web/public_pages.h"
#include "web/sign_in_pages.h"
#include "web/site.h"
#include "web/templates.h"
#include "web/young_pages.h"

namespace pass::app {

struct App::Parts {
  config::Config config;
  SystemClock clock;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::SqlRegistryStore> registry_store;
  std::unique_ptr<storage::SqlPeopleStore> people_store;
  std::unique_ptr<storage::SqlSessionStore> session_store;
  std::unique_ptr<storage::SqlBackofficeStore> backoffice_store;
  std::unique_ptr<storage::SqlOutboxStore> outbox_store;
  std::unique_ptr<backoffice::Service> backoffice;
  std::unique_ptr<storage::SqlParticipantStore> participant_store;
  std::unique_ptr<storage::SqlCvFiles> cv_files;
  std::unique_ptr<participants::Service> participants;
  std::unique_ptr<http::RateLimiter> profile_openings;
  std::unique_ptr<web::YoungDeps> young_pages;
  std::unique_ptr<storage::SqlOpportunityStore> opportunity_store;
  std::unique_ptr<opportunities::Service> opportunities;
  std::unique_ptr<http::RateLimiter> application_limiter;
  std::unique_ptr<web::OpportunityDeps> opportunity_pages;
  // Messages between organisations and young people (F13).
  std::unique_ptr<storage::SqlContactStore> contact_store;
  std::unique_ptr<contact::Service> contact;
  std::unique_ptr<web::ContactDeps> contact_pages;
  std::unique_ptr<storage::SqlOfferStore> offer_store;
  std::unique_ptr<offers::Service> offers;
  std::unique_ptr<api::OfferApiDeps> offer_api;
  std::unique_ptr<web::OfferPageDeps> offer_pages;
  // The recruitment dashboard (F16).
  std::unique_ptr<storage::SqlDashboardStore> dashboard_store;
  std::unique_ptr<web::DashboardDeps> dashboard_pages;
  // The candidate search: the index in memory, filled at start and following the change feed.
  search::Index search_index;
  std::unique_ptr<storage::SqlSearchSource> search_source;
  std::unique_ptr<search::Follower> search_follower;
  std::thread search_loader;
  std::unique_ptr<search::Service> search;
  std::unique_ptr<storage::SqlSavedSearchStore> saved_store;
  std::unique_ptr<search::SavedSearches> saved_searches;
  std::unique_ptr<http::RateLimiter> search_limiter;
  std::unique_ptr<web::CandidateSearchDeps> candidate_search_pages;
  std::unique_ptr<api::CandidateApiDeps> candidate_api;
  std::chrono::steady_clock::time_point last_digest{};
  std::chrono::steady_clock::time_point last_retention{};
  std::unique_ptr<mail::Transport> mail_transport;
  std::unique_ptr<mail::Sender> mail_sender;
  std::unique_ptr<http::RateLimiter> nomination_limiter;
  std::unique_ptr<web::BackofficeDeps> backoffice_pages;
  std::unique_ptr<access::Service> access;
  std::unique_ptr<sessions::Service> sessions;
  std::unique_ptr<fetch::Fetcher> fetcher;
  std::unique_ptr<auth::OidcClient> oidc;
  std::optional<web::AgencyDirectory> agencies;
  std::unique_ptr<web::Gate> gate;
  std::unique_ptr<http::RateLimiter> sign_in_limiter;
  std::unique_ptr<web::SignInDeps> sign_in;
  std::optional<i18n::Catalogues> catalogues;
  std::optional<web::Templates> templates;
  std::optional<http::StaticFiles> static_files;
  std::unique_ptr<web::Site> site;
  http::Router router;
  std::unique_ptr<http::Pipeline> pipeline;
  http::MetricsRegistry metrics;
  std::atomic<bool> ready{false};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // Housekeeping: expired sessions and abandoned sign-ins go every few minutes.
  std::mutex housekeeping_mu;
  std::condition_variable housekeeping_cv;
  bool stopping = false;
  std::thread housekeeper;
  std::thread mailer;  // delivers the outbox every few seconds
};

namespace {

// Resident memory in bytes, from /proc/self/statm.
long ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

void AddOperationalRoutes(App::Parts& p) {
  p.router.Get("/healthz", [](http::Request&) {
    auto r = http::Response::Text(200, "ok\n");
    return r;
  });
  p.router.Get("/readyz", [&p](http::Request&) {
    if (!p.ready.load()) return http::Response::Text(503, "starting\n");
    if (!p.search_follower->loaded())
      return http::Response::Text(503, "loading the search index\n");
    auto ping = p.database->With([](storage::Connection& c) { return c.QueryOne("SELECT 1"); });
    if (!ping) return http::Response::Text(503, "database unavailable\n");
    return http::Response::Text(200, "ready\n");
  });
  p.router.Get("/metrics", [&p](http::Request&) {
    auto r = http::Response::Text(200, p.metrics.Render());
    r.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return r;
  });
}

}  // namespace

// The privacy statement in force: its version number lives with the text (data/privacy.json);
// publishing a new version asks every young person to accept it again.
Result<int> PrivacyVersion(const std::filesystem::path& file) {
  std::ifstream in(file);
  const auto parsed = nlohmann::json::parse(in, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("version") ||
      !parsed["version"].is_number_integer() || parsed["version"].get<int>() < 1) {
    return Fail(Internal(file.string() + ": expected {\"version\": N, ...} with N >= 1"));
  }
  return parsed["version"].get<int>();
}

Result<std::unique_ptr<App>> App::Create(const config::Config& config,
                                         const std::filesystem::path& data_dir) {
  auto p = std::make_unique<Parts>();
  p->config = config;

  storage::DatabaseOptions db_options;
  db_options.pool_size = static_cast<size_t>(config.database_pool);
  auto db = storage::Database::Open(config.database_url, db_options);
  if (!db) return Fail(std::move(db.error()));
  p->database = std::move(*db);
  auto migrations = storage::LoadMigrations(data_dir / "migrations");
  if (!migrations) return Fail(std::move(migrations.error()));
  auto migrated = storage::Migrate(*p->database, *migrations);
  if (!migrated) return Fail(std::move(migrated.error()));

  auto catalogues = i18n::Catalogues::Load(data_dir / "locales");
  if (!catalogues) return Fail(std::move(catalogues.error()));
  p->catalogues.emplace(std::move(*catalogues));
  auto templates = web::Templates::Load(data_dir / "web" / "templates", *p->catalogues);
  if (!templates) return Fail(std::move(templates.error()));
  p->templates.emplace(std::move(*templates));
  auto static_files = http::StaticFiles::Load(data_dir / "web" / "static", "/static");
  if (!static_files) return Fail(std::move(static_files.error()));
  p->static_files.emplace(std::move(*static_files));

  auto agencies = web::AgencyDirectory::Load(data_dir / "data" / "national-agencies.json");
  if (!agencies) return Fail(std::move(agencies.error()));
  p->agencies.emplace(std::move(*agencies));

  p->registry_store = std::make_unique<storage::SqlRegistryStore>(*p->database, p->clock);
  p->people_store = std::make_unique<storage::SqlPeopleStore>(*p->database, p->clock);
  p->session_store = std::make_unique<storage::SqlSessionStore>(*p->database, p->clock);
  p->backoffice_store = std::make_unique<storage::SqlBackofficeStore>(*p->database, p->clock);
  p->outbox_store = std::make_unique<storage::SqlOutboxStore>(*p->database, p->clock);
  const i18n::Catalogues* texts = &*p->catalogues;
  // Every service writes its mail from the catalogues, in the recipient's language.
  const mail::Composer compose = [texts](
                                     std::string_view lang, std::string_view name,
                                     const std::vector<std::pair<std::string, std::string>>& args,
                                     std::string to, std::string to_name) {
    return mail::Compose(*texts, lang, name, args, std::move(to), std::move(to_name));
  };
  p->backoffice = std::make_unique<backoffice::Service>(
      *p->backoffice_store, p->clock, compose,
      backoffice::Options{.admin_emails = config.admin_emails, .public_url = config.public_url});
  auto privacy_version = PrivacyVersion(data_dir / "data" / "privacy.json");
  if (!privacy_version) return Fail(std::move(privacy_version.error()));
  p->participant_store = std::make_unique<storage::SqlParticipantStore>(*p->database, p->clock);
  p->cv_files = std::make_unique<storage::SqlCvFiles>(*p->database, p->clock);
  // Pseudonyms must stay the same across restarts and nodes: keyed by the session secret when
  // one is configured (it is, wherever data matters), else by a fixed development key.
  p->participants = std::make_unique<participants::Service>(
      *p->participant_store, *p->cv_files, p->clock, compose,
      participants::Options{.privacy_version = *privacy_version,
                            .pseudonym_secret = config.session_secret.empty()
                                                    ? std::string("pass-development")
                                                    : "pseudonym:" + config.session_secret,
                            .public_url = config.public_url});
  p->opportunity_store = std::make_unique<storage::SqlOpportunityStore>(*p->database, p->clock);
  p->opportunities = std::make_unique<opportunities::Service>(*p->opportunity_store, p->clock,
                                                              compose, config.public_url);
  p->contact_store = std::make_unique<storage::SqlContactStore>(*p->database, p->clock);
  p->contact = std::make_unique<contact::Service>(
      *p->contact_store, p->clock, compose,
      contact::Options{.rate_per_hour = config.contact_rate_per_hour,
                       .public_url = config.public_url});
  p->offer_store = std::make_unique<storage::SqlOfferStore>(*p->database, p->clock);
  contact::Service* contact_service = p->contact.get();
  p->offers = std::make_unique<offers::Service>(
      *p->offer_store, p->clock, compose, config.public_url,
      // Both sides find what happened to an offer in the thread about it (F13); acceptance
      // lets the organisation see the person's contact data.
      offers::Hooks{.notice =
                        [contact_service](const offers::Offer& o, const Message& m) {
                          if (auto posted = contact_service->PostNotice(o.oid, o.participant_id,
                                                                        o.opportunity_id, m);
                              !posted) {
                            log::Warn("offers.notice_failed", {{"detail", posted.error().detail}});
                          }
                        },
                    .share_contact =
                        [contact_service](const offers::Offer& o) {
                          if (auto shared =
                                  contact_service->ShareContactData(o.oid, o.participant_id);
                              !shared) {
                            log::Warn("offers.share_failed", {{"detail", shared.error().detail}});
                          }
                        }});
  if (!config.smtp_url.empty())
    p->mail_transport = mail::MakeSmtpTransport(config.smtp_url, config.mail_from);
  p->mail_sender =
      std::make_unique<mail::Sender>(*p->outbox_store, p->mail_transport.get(), p->clock);
  p->access = std::make_unique<access::Service>(*p->people_store, *p->registry_store, p->clock);
  p->sessions = std::make_unique<sessions::Service>(*p->session_store, p->clock);
  p->fetcher = fetch::MakeCurlFetcher();
  auth::OidcConfig oidc;
  oidc.issuer = config.oidc_issuer;
  oidc.client_id = config.oidc_client_id;
  oidc.client_secret = config.oidc_client_secret;
  oidc.redirect_uri = config.public_url + "/auth/callback";
  oidc.post_logout_redirect_uri = config.public_url + "/";
  oidc.client_auth =
      config.oidc_client_auth == "client_secret_basic" ? auth::ClientAuth::kSecretBasic
      : config.oidc_client_auth == "client_secret_jwt" ? auth::ClientAuth::kSecretJwt
                                                       : auth::ClientAuth::kAutomatic;
  p->oidc = std::make_unique<auth::OidcClient>(oidc, *p->fetcher, p->clock);

  std::string secret = config.session_secret;
  if (secret.empty()) {
    // Fine for one node in development; several nodes need the same configured secret.
    secret = RandomToken(32);
    log::Warn("app.session_secret_generated",
              {{"hint", "set PASS_SESSION_SECRET for several nodes"}});
  }
  p->gate = std::make_unique<web::Gate>(
      *p->sessions, *p->access,
      web::GateOptions{
          .https = config.https(), .public_origin = config.public_origin(), .secret = secret},
      p->backoffice.get(), p->participants.get());
  // Sign-in: a burst of 20, then 30 a minute per client address.
  p->sign_in_limiter = std::make_unique<http::RateLimiter>(20, 30);

  p->site = std::make_unique<web::Site>(*p->catalogues, *p->templates, *p->static_files,
                                        web::SiteOptions{.https = config.https()});
  p->site->SetGate(p->gate.get());
  p->sign_in = std::make_unique<web::SignInDeps>(
      web::SignInDeps{*p->site, *p->gate, *p->oidc, *p->agencies, *p->registry_store,
                      *p->sign_in_limiter, p->clock, p->backoffice.get()});
  // Nominations mail someone each time: a burst of 5, then 10 an hour per client address.
  p->nomination_limiter = std::make_unique<http::RateLimiter>(5, 10.0 / 60.0);
  p->backoffice_pages = std::make_unique<web::BackofficeDeps>(
      web::BackofficeDeps{*p->site, *p->gate, *p->backoffice, *p->outbox_store,
                          *p->nomination_limiter, p->clock, !config.smtp_url.empty()});
  // Full profiles and CVs opened: a burst of 60, then 200 an hour per organisation.
  p->profile_openings = std::make_unique<http::RateLimiter>(60, 200.0 / 60.0);
  p->young_pages = std::make_unique<web::YoungDeps>(
      web::YoungDeps{*p->site, *p->gate, *p->participants, *p->profile_openings, p->clock,
                     p->opportunities.get()});
  // Applications: a burst of 10, then 20 a day per person.
  p->application_limiter = std::make_unique<http::RateLimiter>(10, 20.0 / (24 * 60));
  p->opportunity_pages = std::make_unique<web::OpportunityDeps>(web::OpportunityDeps{
      *p->site, *p->gate, *p->opportunities, *p->participants, *p->application_limiter, p->clock});
  p->search_source = std::make_unique<storage::SqlSearchSource>(*p->database, p->clock);
  p->search_follower = std::make_unique<search::Follower>(p->search_index, *p->search_source,
                                                          p->clock, search::Follower::Options{});
  search::Follower* follower = p->search_follower.get();
  p->search = std::make_unique<search::Service>(p->search_index, *p->opportunities, p->clock,
                                                [follower] { return follower->loaded(); });
  p->saved_store = std::make_unique<storage::SqlSavedSearchStore>(*p->database, p->clock);
  access::Service* access_service = p->access.get();
  p->saved_searches = std::make_unique<search::SavedSearches>(
      *p->saved_store, *p->search, p->clock, compose, config.public_url,
      // An alert stops with its owner's access to the organisation (R4, current listings).
      [access_service](const search::SavedSearch& s) -> Result<bool> {
        PASS_TRY(person, access_service->FindPerson(s.person_id));
        if (!*person) return false;
        PASS_TRY(decision, access_service->DecideFor(**person));
        return decision->Allows(s.oid);
      });
  // Searches: PASS_SEARCH_RATE a minute per organisation (default 1,200), half of it at once.
  p->search_limiter = std::make_unique<http::RateLimiter>(
      config.search_rate_per_minute / 2.0, static_cast<double>(config.search_rate_per_minute));
  p->candidate_search_pages = std::make_unique<web::CandidateSearchDeps>(web::CandidateSearchDeps{
      *p->site, *p->gate, *p->search, *p->opportunities, *p->search_limiter, *p->saved_searches});
  p->candidate_api = std::make_unique<api::CandidateApiDeps>(
      api::CandidateApiDeps{*p->site, *p->gate, *p->search, *p->participants, *p->search_limiter,
                            *p->profile_openings, p->clock});
  AddOperationalRoutes(*p);
  web::AddPublicPages(p->router, *p->site);
  web::AddSignInPages(p->router, *p->sign_in);
  web::AddBackofficePages(p->router, *p->backoffice_pages);
  web::AddNominationPages(p->router, *p->backoffice_pages);
  web::AddYoungPages(p->router, *p->young_pages);
  web::AddCandidatePages(p->router, *p->young_pages);
  web::AddOpportunityPages(p->router, *p->opportunity_pages);
  web::AddPublicOpportunityPages(p->router, *p->opportunity_pages);
  api::AddMe(p->router, *p->site, *p->gate, p->participants.get(), p->opportunities.get());
  api::AddReference(p->router, *p->site);
  api::AddOpportunityApi(p->router, *p->site, *p->gate, *p->opportunities);
  web::AddCandidateSearchPages(p->router, *p->candidate_search_pages);
  api::AddCandidateApi(p->router, *p->candidate_api);
  p->contact_pages = std::make_unique<web::ContactDeps>(
      web::ContactDeps{*p->site, *p->gate, *p->contact, *p->opportunities, *p->participants});
  web::AddContactPages(p->router, *p->contact_pages);
  api::AddContactApi(p->router, *p->site, *p->gate, *p->contact);
  p->site->SetUnreadCounter(web::UnreadCounter(*p->contact));
  p->offer_api = std::make_unique<api::OfferApiDeps>(
      api::OfferApiDeps{*p->site, *p->gate, *p->offers, config.feed_keys});
  api::AddOfferApi(p->router, *p->offer_api);
  p->offer_pages = std::make_unique<web::OfferPageDeps>(web::OfferPageDeps{
      *p->site, *p->gate, *p->offers, *p->opportunities, *p->participants, p->clock});
  web::AddOfferPages(p->router, *p->offer_pages);
  p->dashboard_store = std::make_unique<storage::SqlDashboardStore>(*p->database, p->clock);
  p->dashboard_pages = std::make_unique<web::DashboardDeps>(
      web::DashboardDeps{*p->site, *p->gate, *p->dashboard_store});
  web::AddDashboardPages(p->router, *p->dashboard_pages);

  http::SecurityPolicy policy;
  policy.https = config.https();
  if (!config.oidc_issuer.empty()) {
    // Sign-out is a form whose answer redirects to the identity provider.
    const size_t scheme = config.oidc_issuer.find("://");
    const size_t path = config.oidc_issuer.find('/', scheme + 3);
    policy.form_action_origins.push_back(config.oidc_issuer.substr(0, path));
  }
  p->pipeline = std::make_unique<http::Pipeline>(p->router, policy, *p->site);
  Parts* parts = p.get();
  p->metrics.AddCollector([parts](std::string& out) { parts->pipeline->metrics().Render(out); });
  p->metrics.AddCollector([parts](std::string& out) {
    out += "# HELP pass_process_resident_memory_bytes Resident memory of the portal process.\n";
    out += "# TYPE pass_process_resident_memory_bytes gauge\n";
    out += "pass_process_resident_memory_bytes " + std::to_string(ResidentBytes()) + "\n";
    out += "# HELP pass_process_uptime_seconds Seconds since the portal started.\n";
    out += "# TYPE pass_process_uptime_seconds gauge\n";
    out += "pass_process_uptime_seconds " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - parts->started)
                              .count()) +
           "\n";
    out += "# HELP pass_database_idle_connections Idle connections in the database pool.\n";
    out += "# TYPE pass_database_idle_connections gauge\n";
    out += "pass_database_idle_connections " + std::to_string(parts->database->idle_connections()) +
           "\n";
  });
  log::Info("app.ready",
            {{"database", config.database_url.starts_with("sqlite:") ? "sqlite" : "postgresql"},
             {"schema_version", migrated->current_version},
             {"languages", p->catalogues->Languages().size()},
             {"static_files", p->static_files->size()}});
  p->ready.store(true);
  // The index loads in the background (a million profiles take tens of seconds); /readyz says
  // so until it is done, and searches answer "try again shortly".
  p->search_loader = std::thread([parts] {
    auto loaded = parts->search_follower->Load();
    if (!loaded) {
      log::Error("search.load_failed", {{"detail", loaded.error().detail}});
      return;
    }
    log::Info("search.loaded", {{"profiles", loaded->profiles},
                                {"ms", static_cast<int64_t>(loaded->took.count())},
                                {"memory_bytes", loaded->memory_bytes}});
    parts->search_follower->Start();
  });
  p->housekeeper = std::thread([parts] {
    std::unique_lock lock(parts->housekeeping_mu);
    while (!parts->housekeeping_cv.wait_for(lock, std::chrono::minutes(5),
                                            [parts] { return parts->stopping; })) {
      lock.unlock();
      if (auto swept = parts->sessions->Sweep(); !swept) {
        log::Warn("app.sweep_failed", {{"detail", swept.error().detail}});
      }
      if (auto swept = parts->backoffice->Sweep(); !swept) {
        log::Warn("app.sweep_failed", {{"detail", swept.error().detail}});
      }
      // Published opportunities past their last day close themselves.
      if (auto closed = parts->opportunities->CloseDue(); !closed) {
        log::Warn("app.close_due_failed", {{"detail", closed.error().detail}});
      } else if (*closed > 0) {
        log::Info("app.opportunities_closed", {{"closed", *closed}});
      }
      // Sent offers past their answer-by date expire (R11), both sides are told.
      if (auto expired = parts->offers->ExpireDue(); !expired) {
        log::Warn("app.offers_expire_failed", {{"detail", expired.error().detail}});
      } else if (*expired > 0) {
        log::Info("app.offers_expired", {{"expired", *expired}});
      }
      // Saved-search alerts (F11), once a day per node; each search is mailed at most once a day.
      if (parts->last_digest == std::chrono::steady_clock::time_point{} ||
          std::chrono::steady_clock::now() - parts->last_digest >= std::chrono::hours(24)) {
        parts->last_digest = std::chrono::steady_clock::now();
        if (auto sent = parts->saved_searches->RunDigests(); !sent) {
          log::Warn("app.search_alerts_failed", {{"detail", sent.error().detail}});
        } else if (sent->mailed > 0 || sent->stopped > 0) {
          log::Info("app.search_alerts", {{"mailed", sent->mailed}, {"stopped", sent->stopped}});
        }
      }
      // Retention of inactive profiles (F6), once a day per node; running it twice is harmless.
      const auto now = std::chrono::steady_clock::now();
      if (parts->last_retention == std::chrono::steady_clock::time_point{} ||
          now - parts->last_retention >= std::chrono::hours(24)) {
        parts->last_retention = now;
        if (auto kept = parts->participants->RunRetention(); !kept) {
          log::Warn("app.retention_failed", {{"detail", kept.error().detail}});
        } else if (kept->hidden > 0 || kept->erased > 0) {
          log::Info("app.retention", {{"hidden", kept->hidden}, {"erased", kept->erased}});
        }
      }
      lock.lock();
    }
  });
  p->mailer = std::thread([parts] {
    std::unique_lock lock(parts->housekeeping_mu);
    while (!parts->housekeeping_cv.wait_for(lock, std::chrono::seconds(5),
                                            [parts] { return parts->stopping; })) {
      lock.unlock();
      if (auto sent = parts->mail_sender->RunOnce(); !sent) {
        log::Warn("app.mail_failed", {{"detail", sent.error().detail}});
      }
      lock.lock();
    }
  });
  return std::unique_ptr<App>(new App(std::move(p)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() {
  {
    std::lock_guard lock(parts_->housekeeping_mu);
    parts_->stopping = true;
  }
  parts_->housekeeping_cv.notify_all();
  if (parts_->housekeeper.joinable()) parts_->housekeeper.join();
  if (parts_->search_loader.joinable()) parts_->search_loader.join();
  parts_->search_follower->Stop();
  if (parts_->mailer.joinable()) parts_->mailer.join();
}

http::RequestHandler& App::handler() { return *parts_->pipeline; }
const http::Router& App::router() const { return parts_->router; }
http::MetricsRegistry& App::metrics() { return parts_->metrics; }
storage::Database& App::database() { return *parts_->database; }
const config::Config& App::config() const { return parts_->config; }
bool App::ready() const { return parts_->ready.load(); }

Result<size_t> App::CatchUpSearch() {
  while (!parts_->search_follower->loaded()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return parts_->search_follower->CatchUp();
}

Result<search::DigestReport> App::RunSearchAlerts() { return parts_->saved_searches->RunDigests(); }

}  // namespace pass::app
