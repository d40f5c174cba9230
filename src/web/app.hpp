#pragma once
// What every handler may use. Built once by `serve` (see server.cpp) and passed by reference;
// there are no globals.
#include <functional>
#include <map>
#include <string>

#include "web/http.hpp"

#include "core/date.hpp"
#include "services/account_service.hpp"
#include "services/consultations/consultation_service.hpp"
#include "services/events/event_service.hpp"
#include "services/export_service.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/programme_service.hpp"
#include "services/events/survey_service.hpp"
#include "services/mail/mail_admin.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/programme/verification_service.hpp"
#include "services/sbom/sbom_service.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/provider_service.hpp"
#include "services/programme/waf_run_service.hpp"
#include "services/registrar_service.hpp"
#include "services/registry_service.hpp"
#include "services/matching/matching_service.hpp"
#include "services/matching/needs_service.hpp"
#include "services/log/log_service.hpp"
#include "services/edition_service.hpp"
#include "web/auth.hpp"
#include "web/i18n.hpp"
#include "web/response_cache.hpp"
#include "web/templates.hpp"

namespace proven::web {

struct StaticAsset {
  std::string content;
  std::string content_type;
};

struct AppContext {
  services::RegistryService& registry;
  const Templates& templates;
  std::function<Date()> today;  // Asia/Tokyo by default; fixed with `serve --today`
  bool sample_data = false;     // show the "fictional sample data" banner
  std::map<std::string, StaticAsset> assets;  // by fingerprinted URL path, e.g. /static/app.3f2a….css
  std::string css_url;
  std::string favicon_url;
  ResponseCache& api_cache;  // search API bodies
  services::AccountService& accounts;
  services::RegistrarService& registrar;
  const services::ExportService& exports;
  bool secure_cookies = false;  // add Secure to cookies (behind HTTPS)
  std::string public_url;       // absolute links (feeds), never taken from the request
  services::ProgrammeService& programme;
  services::VerificationService& verifications;
  services::CaseService& cases;
  services::ProductCatalogue& catalogue;  // the verified-product catalogue (web/programme/product_*.cpp)
  services::SurveyService& surveys;       // surveys, head counts and statistics (web/events/survey_*.cpp)
  services::MailAdmin& mail_admin;        // the admin's outbox
  bool mail_relay_configured = false;     // serve --smtp-url given: the outbox is being sent
  services::ConsultationService& consultations;  // web/consultations/
  services::EventService& events;         // the collaboration platform's events (web/events/*)
  services::MatchingService& matching;    // matching needs (web/matching/)
  services::NeedsService& needs;          // saved needs and their watch (web/matching/)
  services::LogService& log;              // the transparency log (web/log/)
  services::EditionService& editions;     // dated editions of the list (web/edition_pages.cpp)
  services::WafRunService& waf_runs;      // WAF suite runs from the verification page (web/programme/waf_run_pages.cpp)
  services::SbomService& sboms;           // SBOMs, findings, VEX, portfolios, alerts (web/sbom/)
  services::DeviceService& devices;       // high-level device verification projects (web/devices/)
  services::ProviderService& providers;   // verification providers' public profiles (web/devices/provider_*)
};

// JSON API (api.cpp).
void HandleHealth(AppContext& app, const Request& req, Response& res);
void HandleApiSearch(AppContext& app, const Request& req, Response& res);
void HandleApiService(AppContext& app, const Request& req, Response& res);
void HandleApiExport(AppContext& app, const Request& req, Response& res);
void HandleApiStats(AppContext& app, const Request& req, Response& res);

// HTML pages (pages.cpp).
void HandleHomePage(AppContext& app, const Request& req, Response& res);
void HandleSearchPage(AppContext& app, const Request& req, Response& res);
void HandleServicePage(AppContext& app, const Request& req, Response& res);
void HandleStatsPage(AppContext& app, const Request& req, Response& res);
// 403: a state-changing form without a valid CSRF token.
void RenderCsrfError(AppContext& app, const Request& req, Response& res);
// 403: the actor's role does not allow what the page does.
void RenderForbidden(AppContext& app, const Auth& auth, const Request& req, Response& res);
// A 404 (or other error) page for a path no route serves.
void RenderErrorPage(AppContext& app, const Request& req, Response& res, int status);
// Paths answered with JSON (the API and /healthz), not pages.
bool IsApiPath(const std::string& path);
// An expected failure of a service (the database busy or away, a record missing) as the
// response: JSON under /api/, else the error page; the status and Retry-After from the one
// mapping (http_errors.hpp). Never an exception, never a 500 for what was expected.
void RespondError(AppContext& app, const Request& req, Response& res, const Error& e);

// Accounts (account_pages.cpp): these receive the resolved credentials.
void HandleLoginPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleLogin(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleLogout(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePasswordPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePasswordChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUsersPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUserCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUserDisable(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminOrganisationCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminAuditPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiMe(AppContext& app, const Auth& auth, const Request& req, Response& res);

// The registrar workflow (registrar_api.cpp).
void HandleApiRegister(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRenew(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSuspend(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiResume(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRevoke(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiPropose(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiProposals(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiProposal(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDecide(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiHistory(AppContext& app, const Request& req, Response& res);
void HandleAtomFeed(AppContext& app, const Request& req, Response& res);

// The registration body's pages (registrar_pages.cpp).
void HandleRegistrarPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleExpiringPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarRenew(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarSuspend(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarResume(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarRevoke(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarDecide(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleServiceNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleServiceRegister(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleServiceEditPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleServiceChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVendorPropose(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Renders a page with the layout (pages.cpp); `auth` fills the account menu.
void SendPage(AppContext& app, const Request& req, Response& res, Lang lang, const std::string& page,
              kainjow::mustache::data page_data, const std::string& title, std::string_view nav, int status = 200,
              const Auth* auth = nullptr);
Lang ResolveLang(const Request& req, Response& res);

void SetJson(Response& res, int status, const std::string& body);
void SetJsonError(Response& res, const Error& e);

}  // namespace proven::web
