#pragma once
// The HTTP server: the route table, request limits, security headers, error mapping and a
// clean stop on SIGINT/SIGTERM.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "services/account_service.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/provider_service.hpp"
#include "services/edition_service.hpp"
#include "services/log/log_service.hpp"
#include "services/events/survey_service.hpp"
#include "services/mail/mail_admin.hpp"
#include "services/consultations/consultation_service.hpp"
#include "services/events/event_service.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/programme_service.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/programme/verification_service.hpp"
#include "services/programme/waf_run_service.hpp"
#include "services/registrar_service.hpp"
#include "services/registry_service.hpp"
#include "services/sbom/sbom_service.hpp"
#include "services/matching/matching_service.hpp"
#include "services/matching/needs_service.hpp"
#include "web/http_server.hpp"

namespace proven::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::size_t threads = 8;  // event-loop threads; a request blocks one only while its handler runs
  HttpLimits limits;
  bool sample_data = false;
  std::size_t response_cache_bytes = 64u << 20;  // 0 turns the search response cache off
  bool secure_cookies = false;                    // behind HTTPS: cookies get Secure
  std::string public_url;                         // for absolute links; default http://HOST:PORT
  std::function<Date()> today = TodayInTokyo;
  bool mail_relay_configured = false;             // serve --smtp-url: the outbox is being sent
};

struct Route {
  std::string method;   // GET, POST, ...
  std::string pattern;  // segments: literal, {id} (digits) or {name:a|b} (see MatchRoute)
  bool is_public = false;  // open to anyone, signed in or not
  std::optional<domain::Action> action;  // otherwise: what the actor's role must allow
  // A public POST without the CSRF check: it changes nothing, or its URL carries its own secret.
  bool csrf_exempt = false;
};

// Every route the server answers, in the order they are registered.
std::vector<Route> RouteTable();

// Serves until SIGINT or SIGTERM. Prints "listening on http://HOST:PORT" once bound.
// The caller must have blocked SIGINT and SIGTERM in every thread (see BlockStopSignals).
Status RunServer(services::RegistryService& registry, services::AccountService& accounts,
                 services::RegistrarService& registrar, services::ProgrammeService& programme,
                 services::VerificationService& verifications, services::CaseService& cases,
                 services::ProductCatalogue& catalogue, services::SurveyService& surveys,
                 services::MailAdmin& mail_admin, services::ConsultationService& consultations,
                 services::EventService& events, services::MatchingService& matching,
                 services::NeedsService& needs, services::LogService& log, services::EditionService& editions,
                 services::WafRunService& waf_runs, services::SbomService& sboms, services::DeviceService& devices,
                 services::ProviderService& providers, const ServerOptions& options);

// Blocks SIGINT/SIGTERM in the calling thread (and threads it starts later), so that
// RunServer can wait for them with sigwait.
void BlockStopSignals();

}  // namespace proven::web
