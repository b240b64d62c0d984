// The offer and placement pages (SPEC F14, F15, F21): staff make an offer to a candidate (the
// programme's checks shown before sending, each refusal with its rule, figures and what would
// pass), follow their organisation's offers, withdraw or cancel them, record how a placement
// ended and issue the participation certificate as a PDF in the participant's language; the
// young person sees their offers with the checks acceptance meets, accepts, declines, cancels a
// placement and downloads the certificate. Handlers are thin: the rules are in offers::Service.
// Every page works without JavaScript.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "offers/service.h"
#include "opportunities/service.h"
#include "participants/service.h"
#include "web/gate.h"
#include "web/site.h"

namespace pass::web {

struct OfferPageDeps {
  const Site& site;
  const Gate& gate;
  offers::Service& offers;
  opportunities::Service& opportunities;
  participants::Service& participants;
  const Clock& clock;
};

void AddOfferPages(http::Router& router, OfferPageDeps& deps);

// The participation certificate of an ended placement as PDF bytes, in `lang`.
Result<std::string> CertificatePdf(const Site& site, std::string_view lang,
                                   const offers::Offer& offer, Timestamp issued);

}  // namespace pass::web
