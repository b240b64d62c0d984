// Builds the running portal from its configuration: opens and migrates the database, loads
// catalogues, templates and static files, creates the services, registers every route, and
// hands a RequestHandler to the HTTP server. The only place that knows every concrete adapter.
#pragma once

#include <filesystem>
#include <memory>

#include "config/config.h"
#include "core/error.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "search/saved.h"
#include "storage/sql.h"

namespace pass::app {

// The version of the privacy statement in force, from data/privacy.json ({"version": N, ...}).
Result<int> PrivacyVersion(const std::filesystem::path& file);

class App {
 public:
  // `data_dir` holds web/, locales/ and migrations/ (core::DataDir() by default).
  static Result<std::unique_ptr<App>> Create(const config::Config& config,
                                             const std::filesystem::path& data_dir);
  ~App();

  http::RequestHandler& handler();
  // Every route, for tests that must cover all of them (the back office's remit matrix).
  const http::Router& router() const;
  http::MetricsRegistry& metrics();
  storage::Database& database();
  const config::Config& config() const;

  // False until start-up finished; /readyz also checks the database each time.
  bool ready() const;

  // Waits for the search index to load and applies the change feed now (tests; the index
  // otherwise follows it every 200 ms). Returns the profiles looked at again.
  Result<size_t> CatchUpSearch();
  // The daily saved-search alerts, now (tests and operators).
  Result<search::DigestReport> RunSearchAlerts();

  struct Parts;  // defined in app.cc only

 private:
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace pass::app
