// The young people's pages (SPEC F1-F3, F6): registration after EU Login, the privacy statement
// and the mission and principles, the profile form with its completeness meter, visibility, the
// CV, "my data" (who viewed or contacted me, the download, erasure). And the organisation side of
// a profile: a findable person's full profile and CV for staff, each opening recorded for the
// owner and limited per organisation per hour. Handlers are thin: the rules are in
// participants::Service. Every page works without JavaScript.
#pragma once

#include "core/clock.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "opportunities/service.h"
#include "participants/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct YoungDeps {
  const Site& site;
  const Gate& gate;
  participants::Service& participants;
  http::RateLimiter& profile_openings;  // per organisation: full profiles and CVs opened
  const Clock& clock;
  opportunities::Service* opportunities = nullptr;  // for the applications in the F6 export
};

// The largest request the CV upload takes: larger files get the form's "at most 5 MiB" error up
// to this size, a 413 beyond it.
constexpr size_t kMaxCvUpload = size_t{8} * 1024 * 1024;

void AddYoungPages(http::Router& router, YoungDeps& deps);
void AddCandidatePages(http::Router& router, YoungDeps& deps);

// The lists of a profile as labels in `lang`: languages (with levels), skills, topics,
// activity_types, destinations and periods (only those ending on or after `ending_from`, if
// given).
void AddProfileLists(const Site& site, std::string_view lang, const participants::Participant& p,
                     Data& page, std::optional<Date> ending_from);

// A CV as a download (never shown inline in the portal's origin).
http::Response CvDownload(const participants::CvFile& cv);

// The JSON download of F6 (also GET /api/v1/me/export): everything held about the person,
// their applications included.
std::string ExportJson(const participants::Export& e, const access::Person& person,
                       const std::vector<opportunities::MyApplication>& applications);

}  // namespace pass::web
