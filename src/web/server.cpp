#include "web/server.hpp"
#include "web/staff_pages.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "core/embedded.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/admin_pages.hpp"
#include "web/compare_pages.hpp"
#include "web/consultations/consultation_api.hpp"
#include "web/consultations/consultation_pages.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/registry_pages.hpp"
#include "web/http_parse.hpp"
#include "web/http_server.hpp"
#include "web/events/survey_api.hpp"
#include "web/events/survey_pages.hpp"
#include "web/events/event_api.hpp"
#include "web/events/event_pages.hpp"
#include "web/programme/case_api.hpp"
#include "web/programme/case_pages.hpp"
#include "web/programme/programme_api.hpp"
#include "web/programme/verification_api.hpp"
#include "web/programme/verification_pages.hpp"
#include "web/programme/waf_run_pages.hpp"
#include "web/programme/programme_pages.hpp"
#include "web/programme/product_pages.hpp"
#include "web/matching/matching.hpp"
#include "web/log/log.hpp"
#include "web/sbom/sbom.hpp"
#include "web/devices/devices.hpp"

namespace proven::web {
namespace {

using Handler = void (*)(AppContext&, const Request&, Response&);
using AuthHandler = void (*)(AppContext&, const Auth&, const Request&, Response&);

// Who may use a route: anyone (kPublic), or a signed-in actor whose role allows the action the
// route names (Needs). The dispatcher checks the role part (domain::AuthorizeRole) before the
// handler runs; the service then checks the whole permission, ownership included. A route that
// is neither public nor names an action is refused to everyone (and fails RouteTableTest).
struct Access {
  bool is_public = false;
  std::optional<domain::Action> action;
  // A public POST that needs no CSRF token: it either changes nothing (POST /api/v1/match: a
  // forged request could read nothing back) or carries its own secret in the URL (the mail's
  // one-click unsubscribe, RFC 8058, which a mail provider sends without any cookie).
  bool csrf_exempt = false;
};
constexpr Access kPublic{true, std::nullopt};
constexpr Access kPublicWithoutCsrf{true, std::nullopt, true};
constexpr Access Needs(domain::Action a) { return {false, a}; }

// A route either needs no credentials (`handler`, public routes only) or receives them
// (`auth_handler`). Every route with a method other than GET changes state, and the dispatcher
// refuses it without a valid CSRF token (or a Bearer token) before the handler runs.
struct RouteEntry {
  const char* method;
  const char* pattern;
  Handler handler;
  AuthHandler auth_handler;
  Access access;
  // Long or memory-hungry handlers (Argon2id hashing, imports, exports) run on the worker
  // threads, never on the event loop (see HttpServer).
  Lane lane = Lane::kInline;
};

using A = domain::Action;

// The route table: every URL the server answers, top to bottom, with the action it needs.
constexpr RouteEntry kRoutes[] = {
    {"GET", "/healthz", HandleHealth, nullptr, kPublic},
    {"GET", "/api/v1/services", HandleApiSearch, nullptr, kPublic},
    {"GET", "/api/v1/services/export", HandleApiExport, nullptr, kPublic, Lane::kWorker},
    {"GET", "/api/v1/services/{id}", HandleApiService, nullptr, kPublic},
    {"GET", "/api/v1/stats", HandleApiStats, nullptr, kPublic},
    {"GET", "/api/v1/me", nullptr, HandleApiMe, Needs(A::kUseAccount)},
    {"POST", "/api/v1/services", nullptr, HandleApiRegister, Needs(A::kRegisterService)},
    {"PATCH", "/api/v1/services/{id}", nullptr, HandleApiChange, Needs(A::kChangeService)},
    {"POST", "/api/v1/services/{id}/renew", nullptr, HandleApiRenew, Needs(A::kRenewService)},
    {"POST", "/api/v1/services/{id}/suspend", nullptr, HandleApiSuspend, Needs(A::kSuspendService)},
    {"POST", "/api/v1/services/{id}/resume", nullptr, HandleApiResume, Needs(A::kResumeService)},
    {"POST", "/api/v1/services/{id}/revoke", nullptr, HandleApiRevoke, Needs(A::kRevokeService)},
    {"POST", "/api/v1/services/{id}/proposals", nullptr, HandleApiPropose, Needs(A::kProposeChange)},
    {"GET", "/api/v1/services/{id}/history", HandleApiHistory, nullptr, kPublic},
    {"GET", "/api/v1/proposals", nullptr, HandleApiProposals, Needs(A::kViewProposals)},
    {"GET", "/api/v1/proposals/{id}", nullptr, HandleApiProposal, Needs(A::kViewProposals)},
    {"POST", "/api/v1/proposals/{id}/{decision:approve|reject}", nullptr, HandleApiDecide, Needs(A::kDecideProposal)},
    {"GET", "/feeds/services.atom", HandleAtomFeed, nullptr, kPublic},
    // The programme's API (web/programme/programme_api.cpp).
    {"GET", "/api/v1/fields", HandleApiFields, nullptr, kPublic},
    {"POST", "/api/v1/fields", nullptr, HandleApiFieldCreate, Needs(A::kEditFieldMap)},
    {"PATCH", "/api/v1/fields/{id}", nullptr, HandleApiFieldChange, Needs(A::kEditFieldMap)},
    {"GET", "/api/v1/calls", nullptr, HandleApiCalls, kPublic},
    {"POST", "/api/v1/calls", nullptr, HandleApiCallCreate, Needs(A::kManageCalls)},
    {"GET", "/api/v1/calls/{id}", nullptr, HandleApiCall, kPublic},
    {"PATCH", "/api/v1/calls/{id}", nullptr, HandleApiCallChange, Needs(A::kManageCalls)},
    {"POST", "/api/v1/calls/{id}/open", nullptr, HandleApiCallOpen, Needs(A::kManageCalls)},
    {"GET", "/api/v1/calls/{id}/applications", nullptr, HandleApiCallApplications, Needs(A::kManageCalls)},
    {"POST", "/api/v1/calls/{id}/applications", nullptr, HandleApiApply, Needs(A::kApplyToCalls)},
    {"POST", "/api/v1/calls/{id}/reviewers", nullptr, HandleApiCallReviewers, Needs(A::kManageCalls)},
    {"GET", "/api/v1/calls/{id}/committee", nullptr, HandleApiCallCommittee, Needs(A::kManageCalls)},
    {"GET", "/api/v1/calls/{id}/ranking", nullptr, HandleApiCallRanking, Needs(A::kManageCalls)},
    {"GET", "/api/v1/applications", nullptr, HandleApiApplications, Needs(A::kApplyToCalls)},
    {"GET", "/api/v1/applications/{id}", nullptr, HandleApiApplication, Needs(A::kViewApplications)},
    {"PATCH", "/api/v1/applications/{id}", nullptr, HandleApiApplicationChange, Needs(A::kApplyToCalls)},
    {"POST", "/api/v1/applications/{id}/submit", nullptr, HandleApiApplicationSubmit, Needs(A::kApplyToCalls)},
    {"POST", "/api/v1/applications/{id}/withdraw", nullptr, HandleApiApplicationWithdraw, Needs(A::kApplyToCalls)},
    {"POST", "/api/v1/applications/{id}/attachments", nullptr, HandleApiAttachmentUpload, Needs(A::kApplyToCalls),
     Lane::kWorker},
    {"GET", "/api/v1/attachments/{id}", nullptr, HandleApiAttachment, Needs(A::kViewApplications), Lane::kWorker},
    {"POST", "/api/v1/applications/{id}/conflict", nullptr, HandleApiConflict, Needs(A::kReviewApplications)},
    {"PUT", "/api/v1/applications/{id}/scores", nullptr, HandleApiScores, Needs(A::kReviewApplications)},
    {"POST", "/api/v1/applications/{id}/decision", nullptr, HandleApiDecision, Needs(A::kDecideApplications)},
    {"GET", "/api/v1/reviewer/queue", nullptr, HandleApiReviewerQueue, Needs(A::kReviewApplications)},
    {"GET", "/api/v1/me/relationships", nullptr, HandleApiRelationships, Needs(A::kReviewApplications)},
    // Verification (web/programme/verification_api.cpp).
    {"GET", "/api/v1/verifications", nullptr, HandleApiVerifications, Needs(A::kViewVerifications)},
    {"POST", "/api/v1/verifications", nullptr, HandleApiVerificationStart, Needs(A::kManageVerifications)},
    {"GET", "/api/v1/verifications/{id}", nullptr, HandleApiVerification, Needs(A::kViewVerifications)},
    {"PATCH", "/api/v1/verifications/{id}", nullptr, HandleApiVerificationRecord, Needs(A::kVerifyProducts)},
    {"POST", "/api/v1/verifications/{id}/verifiers", nullptr, HandleApiVerificationVerifiers,
     Needs(A::kManageVerifications)},
    {"PUT", "/api/v1/verifications/{id}/plan", nullptr, HandleApiVerificationPlan, Needs(A::kVerifyProducts)},
    {"POST", "/api/v1/verifications/{id}/{step:agree-plan|approve|request-changes}", nullptr,
     HandleApiVerificationStep, Needs(A::kApproveReports)},
    {"POST", "/api/v1/verifications/{id}/{step:submit|corrections}", nullptr, HandleApiVerificationStep,
     Needs(A::kVerifyProducts)},
    {"POST", "/api/v1/verifications/{id}/publish", nullptr, HandleApiVerificationPublish,
     Needs(A::kManageVerifications), Lane::kWorker},
    // WAF suite runs from the verification page (issue 14; web/programme/waf_run_pages.cpp).
    {"POST", "/api/v1/verifications/{id}/items/{item}/waf-runs", nullptr, HandleApiWafRunCreate,
     Needs(A::kRunWafSuite)},
    {"GET", "/api/v1/waf-runs/{id}", nullptr, HandleApiWafRun, Needs(A::kRunWafSuite)},
    // SBOMs and known vulnerabilities (issue 15; web/sbom/). Who reads a product's SBOMs is checked
    // by SbomService (its vendor, user companies with it in their portfolio, the admin).
    {"POST", "/api/v1/products/{id}/sboms", nullptr, HandleApiSbomUpload, Needs(A::kManageSboms), Lane::kWorker},
    {"GET", "/api/v1/products/{id}/sboms", nullptr, HandleApiSboms, Needs(A::kUseAccount)},
    {"GET", "/api/v1/products/{id}/sboms/{sbom}", nullptr, HandleApiSbomReport, Needs(A::kUseAccount), Lane::kWorker},
    {"GET", "/api/v1/products/{id}/sboms/{sbom}/document", nullptr, HandleApiSbomDocument, Needs(A::kUseAccount)},
    {"POST", "/api/v1/products/{id}/vex", nullptr, HandleApiVexUpload, Needs(A::kManageSboms)},
    {"POST", "/api/v1/products/{id}/vex/statements", nullptr, HandleApiVexStatement, Needs(A::kManageSboms)},
    {"GET", "/api/v1/products/{id}/vex", nullptr, HandleApiVexStatements, Needs(A::kUseAccount)},
    {"GET", "/api/v1/portfolio", nullptr, HandleApiPortfolio, Needs(A::kKeepPortfolio), Lane::kWorker},
    {"PUT", "/api/v1/portfolio/{id}", nullptr, HandleApiPortfolioAdd, Needs(A::kKeepPortfolio)},
    {"DELETE", "/api/v1/portfolio/{id}", nullptr, HandleApiPortfolioRemove, Needs(A::kKeepPortfolio)},
    {"GET", "/api/v1/alerts", nullptr, HandleApiAlerts, Needs(A::kUseAccount)},
    {"GET", "/api/v1/advisories/{vuln}", nullptr, HandleApiAdvisory, Needs(A::kUseAccount), Lane::kWorker},
    {"GET", "/api/v1/osv", HandleApiOsvStatus, nullptr, kPublic},
    {"GET", "/feeds/alerts/{id}.atom", HandleAlertsFeed, nullptr, kPublic},
    {"GET", "/vendor/products/{id}/sboms", nullptr, HandleVendorSbomsPage, Needs(A::kManageSboms)},
    {"POST", "/vendor/products/{id}/sboms", nullptr, HandleVendorSbomUpload, Needs(A::kManageSboms), Lane::kWorker},
    {"POST", "/vendor/products/{id}/vex", nullptr, HandleVendorVexForm, Needs(A::kManageSboms)},
    {"GET", "/products/{id}/sboms/{sbom}", nullptr, HandleSbomReportPage, Needs(A::kUseAccount), Lane::kWorker},
    {"GET", "/portfolio", nullptr, HandlePortfolioPage, Needs(A::kKeepPortfolio), Lane::kWorker},
    {"POST", "/portfolio/{id}/{op:add|remove}", nullptr, HandlePortfolioForm, Needs(A::kKeepPortfolio)},
    // High-level device verification (issue 16; web/devices/). The side (the maker's or the
    // provider's organisation) and the state are checked by DeviceService; others find nothing.
    {"GET", "/api/v1/device-services", HandleApiDeviceServices, nullptr, kPublic},
    {"GET", "/api/v1/baselines", HandleApiBaselines, nullptr, kPublic},
    {"GET", "/api/v1/test-catalogue", HandleApiTestCatalogue, nullptr, kPublic},
    {"PUT", "/api/v1/test-catalogue/{code}", nullptr, HandleApiTestCatalogueSave, Needs(A::kManageTestCatalogue)},
    {"GET", "/api/v1/device-projects", nullptr, HandleApiDeviceProjects, Needs(A::kViewDeviceProjects)},
    {"POST", "/api/v1/device-projects", nullptr, HandleApiDeviceRequest, Needs(A::kRequestDeviceVerification)},
    {"GET", "/api/v1/device-projects/{id}", nullptr, HandleApiDeviceProject, Needs(A::kViewDeviceProjects)},
    {"PATCH", "/api/v1/device-projects/{id}", nullptr, HandleApiDeviceEdit, Needs(A::kRequestDeviceVerification)},
    {"POST", "/api/v1/device-projects/{id}/{step:withdraw}", nullptr, HandleApiDeviceStep,
     Needs(A::kRequestDeviceVerification)},
    {"POST", "/api/v1/device-projects/{id}/{step:accept|decline|report}", nullptr, HandleApiDeviceStep,
     Needs(A::kConductDeviceVerification)},
    {"PUT", "/api/v1/device-projects/{id}/consent", nullptr, HandleApiDeviceConsent, Needs(A::kViewDeviceProjects)},
    {"POST", "/api/v1/device-projects/{id}/documents", nullptr, HandleApiDeviceDocumentUpload,
     Needs(A::kViewDeviceProjects), Lane::kWorker},
    {"GET", "/api/v1/device-projects/{id}/documents/{doc}", nullptr, HandleApiDeviceDocument,
     Needs(A::kViewDeviceProjects)},
    {"GET", "/api/v1/device-projects/{id}/sbom-findings", nullptr, HandleApiDeviceSbomFindings,
     Needs(A::kViewDeviceProjects), Lane::kWorker},
    {"GET", "/api/v1/device-projects/{id}/threat-model", nullptr, HandleApiThreatModelExport,
     Needs(A::kViewDeviceProjects)},
    {"PUT", "/api/v1/device-projects/{id}/threat-model", nullptr, HandleApiThreatModelImport,
     Needs(A::kConductDeviceVerification), Lane::kWorker},
    {"POST", "/api/v1/device-projects/{id}/threat-model/edits", nullptr, HandleApiThreatModelEdit,
     Needs(A::kConductDeviceVerification)},
    {"GET", "/api/v1/device-projects/{id}/coverage", nullptr, HandleApiDeviceCoverage, Needs(A::kViewDeviceProjects)},
    {"POST", "/api/v1/device-projects/{id}/items", nullptr, HandleApiDeviceItemAdd, Needs(A::kConductDeviceVerification)},
    {"PATCH", "/api/v1/device-projects/{id}/items/{item}", nullptr, HandleApiDeviceItemChange,
     Needs(A::kConductDeviceVerification)},
    {"DELETE", "/api/v1/device-projects/{id}/items/{item}", nullptr, HandleApiDeviceItemRemove,
     Needs(A::kConductDeviceVerification)},
    {"GET", "/api/v1/device-projects/{id}/findings", nullptr, HandleApiDeviceFindings, Needs(A::kViewDeviceProjects)},
    {"POST", "/api/v1/device-projects/{id}/findings", nullptr, HandleApiDeviceFindingAdd,
     Needs(A::kConductDeviceVerification)},
    {"PATCH", "/api/v1/device-projects/{id}/findings/{finding}", nullptr, HandleApiDeviceFindingChange,
     Needs(A::kConductDeviceVerification)},
    {"POST", "/api/v1/device-projects/{id}/findings/{finding}/{step:response|retest|disclosure}", nullptr,
     HandleApiDeviceFindingStep, Needs(A::kViewDeviceProjects)},
    {"GET", "/api/v1/device-projects/{id}/checklists/{baseline}", nullptr, HandleApiDeviceChecklist,
     Needs(A::kViewDeviceProjects)},
    {"PUT", "/api/v1/device-projects/{id}/checklists/{baseline}/{code}", nullptr, HandleApiDeviceAssess,
     Needs(A::kConductDeviceVerification)},
    {"GET", "/devices", nullptr, HandleDevicesPage, Needs(A::kViewDeviceProjects)},
    {"GET", "/devices/new", nullptr, HandleDeviceNewPage, Needs(A::kRequestDeviceVerification)},
    {"POST", "/devices", nullptr, HandleDeviceCreate, Needs(A::kRequestDeviceVerification)},
    {"GET", "/devices/{id}", nullptr, HandleDevicePage, Needs(A::kViewDeviceProjects)},
    {"POST", "/devices/{id}/{op:withdraw|accept|decline|report|consent|documents}", nullptr, HandleDeviceForm,
     Needs(A::kViewDeviceProjects), Lane::kWorker},
    {"GET", "/devices/{id}/report.pdf", nullptr, HandleDeviceReportPdf, Needs(A::kViewDeviceProjects), Lane::kWorker},
    {"GET", "/devices/{id}/threat-model.svg", nullptr, HandleThreatModelSvg, Needs(A::kViewDeviceProjects)},
    {"GET", "/devices/{id}/threats", nullptr, HandleDeviceThreatsPage, Needs(A::kViewDeviceProjects)},
    {"POST", "/devices/{id}/threats", nullptr, HandleDeviceThreatsForm, Needs(A::kConductDeviceVerification),
     Lane::kWorker},
    {"GET", "/devices/{id}/items", nullptr, HandleDeviceItemsPage, Needs(A::kViewDeviceProjects)},
    {"POST", "/devices/{id}/items", nullptr, HandleDeviceItemsForm, Needs(A::kConductDeviceVerification)},
    {"GET", "/devices/{id}/findings", nullptr, HandleDeviceFindingsPage, Needs(A::kViewDeviceProjects)},
    {"POST", "/devices/{id}/findings", nullptr, HandleDeviceFindingsForm, Needs(A::kViewDeviceProjects), Lane::kWorker},
    {"GET", "/devices/{id}/checklists/{baseline}", nullptr, HandleDeviceChecklistPage, Needs(A::kViewDeviceProjects)},
    {"POST", "/devices/{id}/checklists/{baseline}", nullptr, HandleDeviceChecklistForm,
     Needs(A::kConductDeviceVerification)},
    {"GET", "/admin/test-catalogue", nullptr, HandleAdminTestCataloguePage, Needs(A::kManageTestCatalogue)},
    {"POST", "/admin/test-catalogue", nullptr, HandleAdminTestCatalogueForm, Needs(A::kManageTestCatalogue)},
    {"GET", "/api/v1/products/{id}", HandleApiProduct, nullptr, kPublic},
    {"GET", "/api/v1/products/{id}/reports", HandleApiProductReports, nullptr, kPublic},
    {"GET", "/products/{id}/reports/{version}.pdf", HandleReportPdf, nullptr, kPublic, Lane::kWorker},
    // The verified-product catalogue (web/programme/product_pages.cpp, product_api.cpp).
    {"GET", "/api/v1/products", HandleApiProducts, nullptr, kPublic},
    {"GET", "/products", HandleProductsPage, nullptr, kPublic},
    {"GET", "/products/compare", HandleComparePage, nullptr, kPublic},
    {"GET", "/products/{id}", HandleProductPage, nullptr, kPublic},
    {"GET", "/products/{id}/badge.svg", HandleProductBadge, nullptr, kPublic},
    {"GET", "/fields/matrix", HandleMatrixPage, nullptr, kPublic},
    {"GET", "/fields/matrix.csv", HandleMatrixCsv, nullptr, kPublic},

    // Trial-deployment cases (web/programme/case_api.cpp, case_pages.cpp). Public: published
    // cases as disclosed; a case's sides (and the admin, read-only) see and act on the whole record.
    {"GET", "/api/v1/cases", HandleApiCases, nullptr, kPublic},
    {"POST", "/api/v1/cases", nullptr, HandleApiCasePropose, Needs(A::kProposeCases)},
    {"GET", "/api/v1/cases/{id}", nullptr, HandleApiCase, kPublic},
    {"PATCH", "/api/v1/cases/{id}", nullptr, HandleApiCaseChange, Needs(A::kProposeCases)},
    {"PUT", "/api/v1/cases/{id}/consent", nullptr, HandleApiCaseConsent, Needs(A::kProposeCases)},
    {"POST", "/api/v1/cases/{id}/withdraw", nullptr, HandleApiCaseWithdraw, Needs(A::kProposeCases)},
    {"GET", "/api/v1/me/cases", nullptr, HandleApiMyCases, Needs(A::kViewCases)},
    {"GET", "/cases", nullptr, HandleCasesPage, kPublic},
    {"GET", "/cases/{id}", nullptr, HandleCasePage, kPublic},
    {"GET", "/workspace/cases", nullptr, HandleWorkspaceCasesPage, Needs(A::kViewCases)},
    {"GET", "/workspace/cases/new", nullptr, HandleCaseNewPage, Needs(A::kProposeCases)},
    {"POST", "/workspace/cases", nullptr, HandleCaseCreate, Needs(A::kProposeCases)},
    {"GET", "/workspace/cases/{id}", nullptr, HandleWorkspaceCasePage, Needs(A::kViewCases)},
    {"POST", "/workspace/cases/{id}", nullptr, HandleCaseSave, Needs(A::kProposeCases)},
    {"POST", "/workspace/cases/{id}/consent", nullptr, HandleCaseConsent, Needs(A::kProposeCases)},
    {"GET", "/workspace/cases/{id}/withdraw", nullptr, HandleCaseWithdrawPage, Needs(A::kProposeCases)},
    {"POST", "/workspace/cases/{id}/withdraw", nullptr, HandleCaseWithdraw, Needs(A::kProposeCases)},

    // The verification workspace's pages and evidence (web/programme/verification_pages.cpp).
    {"POST", "/api/v1/verifications/{id}/evidence", nullptr, HandleApiEvidenceUpload, Needs(A::kViewVerifications),
     Lane::kWorker},
    {"GET", "/api/v1/evidence/{id}", nullptr, HandleApiEvidence, Needs(A::kViewVerifications), Lane::kWorker},
    {"GET", "/api/v1/evidence/{id}/waf.html", nullptr, HandleApiEvidenceWafHtml, Needs(A::kViewVerifications),
     Lane::kWorker},
    {"GET", "/verifications", nullptr, HandleVerificationsPage, Needs(A::kViewVerifications)},
    {"POST", "/verifications", nullptr, HandleVerificationStartForm, Needs(A::kManageVerifications)},
    {"GET", "/verifications/{id}", nullptr, HandleVerificationPage, Needs(A::kViewVerifications)},
    {"POST", "/verifications/{id}/verifiers", nullptr, HandleVerifierAppointForm, Needs(A::kManageVerifications)},
    {"POST", "/verifications/{id}/plan", nullptr, HandleVerificationPlanForm, Needs(A::kVerifyProducts)},
    {"POST", "/verifications/{id}/results", nullptr, HandleVerificationResultsForm, Needs(A::kVerifyProducts)},
    {"POST", "/verifications/{id}/evidence", nullptr, HandleVerificationEvidenceForm, Needs(A::kViewVerifications),
     Lane::kWorker},
    {"POST", "/verifications/{id}/{step:submit|corrections}", nullptr, HandleVerificationStepForm,
     Needs(A::kVerifyProducts)},
    {"POST", "/verifications/{id}/{step:agree-plan|approve|request-changes}", nullptr, HandleVerificationStepForm,
     Needs(A::kApproveReports)},
    {"POST", "/verifications/{id}/items/{item}/waf-runs", nullptr, HandleWafRunForm, Needs(A::kRunWafSuite)},
    {"GET", "/verifications/{id}/waf-runs/{run}", nullptr, HandleWafRunPage, Needs(A::kRunWafSuite)},
    {"GET", "/verifications/{id}/publish", nullptr, HandleVerificationPublishPage, Needs(A::kManageVerifications)},
    {"POST", "/verifications/{id}/publish", nullptr, HandleVerificationPublishForm, Needs(A::kManageVerifications),
     Lane::kWorker},
    {"GET", "/admin/reports", nullptr, HandleAdminReportsPage, Needs(A::kManageVerifications)},

    // Events of the collaboration platform (web/events/event_api.cpp, event_pages.cpp).
    {"GET", "/api/v1/events", nullptr, HandleApiEvents, kPublic},
    {"POST", "/api/v1/events", nullptr, HandleApiEventCreate, Needs(A::kManageEvents)},
    {"GET", "/api/v1/events/{id}", nullptr, HandleApiEvent, kPublic},
    {"PUT", "/api/v1/events/{id}", nullptr, HandleApiEventChange, Needs(A::kManageEvents)},
    {"POST", "/api/v1/events/{id}/{step:publish|cancel}", nullptr, HandleApiEventStep, Needs(A::kManageEvents)},
    {"GET", "/api/v1/events/{id}/registrations", nullptr, HandleApiEventRegistrations, Needs(A::kManageEvents)},
    {"POST", "/api/v1/events/{id}/registrations", nullptr, HandleApiEventRegister, Needs(A::kRegisterForEvents)},
    {"POST", "/api/v1/events/{id}/checkin", nullptr, HandleApiEventCheckin, Needs(A::kManageEvents)},
    {"GET", "/api/v1/events/{id}/slots", nullptr, HandleApiEventSlots, kPublic},
    {"POST", "/api/v1/events/{id}/slots", nullptr, HandleApiEventSlotOffer, Needs(A::kOfferSlots)},
    {"GET", "/api/v1/registrations/{id}", nullptr, HandleApiRegistration, Needs(A::kRegisterForEvents)},
    {"POST", "/api/v1/registrations/{id}/cancel", nullptr, HandleApiRegistrationCancel, Needs(A::kRegisterForEvents)},
    {"GET", "/api/v1/me/registrations", nullptr, HandleApiMyRegistrations, Needs(A::kRegisterForEvents)},
    {"POST", "/api/v1/slots/{id}/book", nullptr, HandleApiSlotBook, Needs(A::kRegisterForEvents)},
    {"POST", "/api/v1/slots/{id}/cancel", nullptr, HandleApiSlotUnbook, Needs(A::kRegisterForEvents)},
    {"POST", "/api/v1/slots/{id}/remove", nullptr, HandleApiSlotRemove, Needs(A::kOfferSlots)},
    {"GET", "/events.ics", HandleEventsIcs, nullptr, kPublic},
    {"GET", "/feeds/events.atom", HandleEventsFeed, nullptr, kPublic},
    {"GET", "/events/{id}.ics", HandleEventIcs, nullptr, kPublic},
    {"GET", "/events", nullptr, HandleEventsPage, kPublic},
    {"GET", "/events/{id}", nullptr, HandleEventPage, kPublic},
    {"POST", "/events/{id}/register", nullptr, HandleEventRegisterForm, Needs(A::kRegisterForEvents)},
    {"POST", "/events/{id}/slots", nullptr, HandleSlotOfferForm, Needs(A::kOfferSlots)},
    {"POST", "/slots/{id}/book", nullptr, HandleSlotBookForm, Needs(A::kRegisterForEvents)},
    {"POST", "/slots/{id}/unbook", nullptr, HandleSlotUnbookForm, Needs(A::kRegisterForEvents)},
    {"POST", "/slots/{id}/remove", nullptr, HandleSlotRemoveForm, Needs(A::kOfferSlots)},
    {"GET", "/registrations/{id}", nullptr, HandleRegistrationPage, Needs(A::kRegisterForEvents)},
    {"GET", "/registrations/{id}/cancel", nullptr, HandleRegistrationCancelPage, Needs(A::kRegisterForEvents)},
    {"POST", "/registrations/{id}/cancel", nullptr, HandleRegistrationCancelForm, Needs(A::kRegisterForEvents)},
    {"GET", "/admin/events", nullptr, HandleAdminEventsPage, Needs(A::kManageEvents)},
    {"POST", "/admin/events", nullptr, HandleAdminEventCreate, Needs(A::kManageEvents)},
    {"GET", "/admin/events/{id}", nullptr, HandleAdminEventPage, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}", nullptr, HandleAdminEventChange, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/publish", nullptr, HandleAdminEventPublish, Needs(A::kManageEvents)},
    {"GET", "/admin/events/{id}/cancel", nullptr, HandleAdminEventCancelPage, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/cancel", nullptr, HandleAdminEventCancel, Needs(A::kManageEvents)},
    {"GET", "/admin/events/{id}/checkin", nullptr, HandleCheckinPage, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/checkin", nullptr, HandleCheckinForm, Needs(A::kManageEvents)},

    // Matching and saved needs (web/matching/).
    {"POST", "/api/v1/match", HandleApiMatch, nullptr, kPublicWithoutCsrf},
    {"POST", "/api/v1/needs", nullptr, HandleApiNeedSave, Needs(A::kSaveNeeds)},
    {"GET", "/api/v1/needs", nullptr, HandleApiNeeds, Needs(A::kSaveNeeds)},
    {"GET", "/api/v1/needs/{id}", nullptr, HandleApiNeed, Needs(A::kSaveNeeds)},
    {"DELETE", "/api/v1/needs/{id}", nullptr, HandleApiNeedDelete, Needs(A::kSaveNeeds)},
    {"GET", "/feeds/needs/{id}.atom", HandleNeedsFeed, nullptr, kPublic},
    {"GET", "/needs", nullptr, HandleNeedsPage, kPublic},
    {"GET", "/needs/saved", nullptr, HandleSavedNeedsPage, Needs(A::kSaveNeeds)},
    {"POST", "/needs/saved", nullptr, HandleNeedSaveForm, Needs(A::kSaveNeeds)},
    {"POST", "/needs/saved/{id}/delete", nullptr, HandleNeedDeleteForm, Needs(A::kSaveNeeds)},
    {"GET", "/needs/unsubscribe", HandleUnsubscribePage, nullptr, kPublic},
    {"POST", "/needs/unsubscribe", HandleUnsubscribe, nullptr, kPublicWithoutCsrf},

    // Consultations between users and vendors (web/consultations/). A user company asks; the vendor
    // answers; either side writes and records the outcome; the admin reads (the service checks the side).
    {"GET", "/api/v1/consultations", nullptr, HandleApiConsultations, Needs(A::kViewConsultations)},
    {"POST", "/api/v1/consultations", nullptr, HandleApiConsultationRequest, Needs(A::kRequestConsultations)},
    {"GET", "/api/v1/consultations/{id}", nullptr, HandleApiConsultation, Needs(A::kViewConsultations)},
    {"POST", "/api/v1/consultations/{id}/accept", nullptr, HandleApiConsultationAccept, Needs(A::kAnswerConsultations)},
    {"POST", "/api/v1/consultations/{id}/decline", nullptr, HandleApiConsultationDecline, Needs(A::kAnswerConsultations)},
    {"POST", "/api/v1/consultations/{id}/withdraw", nullptr, HandleApiConsultationWithdraw,
     Needs(A::kRequestConsultations)},
    {"POST", "/api/v1/consultations/{id}/confirm", nullptr, HandleApiConsultationConfirm, Needs(A::kRequestConsultations)},
    {"POST", "/api/v1/consultations/{id}/messages", nullptr, HandleApiConsultationMessage,
     Needs(A::kTakePartInConsultations)},
    {"POST", "/api/v1/consultations/{id}/outcome", nullptr, HandleApiConsultationOutcome,
     Needs(A::kTakePartInConsultations)},
    {"POST", "/api/v1/consultations/{id}/case", nullptr, HandleApiConsultationCase, Needs(A::kRequestConsultations)},
    {"GET", "/consultations", nullptr, HandleConsultationsPage, Needs(A::kViewConsultations)},
    {"GET", "/consultations/new", nullptr, HandleConsultationNewPage, Needs(A::kRequestConsultations)},
    {"POST", "/consultations", nullptr, HandleConsultationCreate, Needs(A::kRequestConsultations)},
    {"GET", "/consultations/{id}", nullptr, HandleConsultationPage, Needs(A::kViewConsultations)},
    {"POST", "/consultations/{id}/{step:accept|decline}", nullptr, HandleConsultationStep,
     Needs(A::kAnswerConsultations)},
    {"POST", "/consultations/{id}/{step:withdraw|confirm}", nullptr, HandleConsultationStep,
     Needs(A::kRequestConsultations)},
    {"POST", "/consultations/{id}/{step:messages|outcome}", nullptr, HandleConsultationStep,
     Needs(A::kTakePartInConsultations)},
    {"GET", "/consultations/{id}/case", nullptr, HandleConsultationCasePage, Needs(A::kRequestConsultations)},
    {"POST", "/consultations/{id}/case", nullptr, HandleConsultationCaseCreate, Needs(A::kRequestConsultations)},

    // Surveys, event statistics and the admin's outbox (web/events/survey_*.cpp).
    {"GET", "/api/v1/events/statistics", HandleApiEventStatistics, nullptr, kPublic},
    {"GET", "/api/v1/events/{id}/timeline", HandleApiEventTimeline, nullptr, kPublic},
    {"GET", "/api/v1/events/{id}/survey", nullptr, HandleApiSurvey, Needs(A::kRegisterForEvents)},
    {"PUT", "/api/v1/events/{id}/survey", nullptr, HandleApiSurveySave, Needs(A::kManageEvents)},
    {"POST", "/api/v1/events/{id}/survey/send", nullptr, HandleApiSurveySend, Needs(A::kManageEvents)},
    {"POST", "/api/v1/events/{id}/survey/responses", nullptr, HandleApiSurveyRespond, Needs(A::kRegisterForEvents)},
    {"GET", "/api/v1/events/{id}/survey/results", nullptr, HandleApiSurveyResults, Needs(A::kManageEvents)},
    {"PUT", "/api/v1/events/{id}/attendance", nullptr, HandleApiAttendanceReport, Needs(A::kManageEvents)},
    {"GET", "/api/v1/mail", nullptr, HandleApiMailList, Needs(A::kManageMail)},
    {"GET", "/api/v1/mail/{id}", nullptr, HandleApiMail, Needs(A::kManageMail)},
    {"POST", "/api/v1/mail/{id}/retry", nullptr, HandleApiMailRetry, Needs(A::kManageMail)},
    {"GET", "/events/statistics", HandleEventStatisticsPage, nullptr, kPublic},
    {"GET", "/events/statistics.csv", HandleEventStatisticsCsv, nullptr, kPublic},
    {"GET", "/events/{id}/survey", nullptr, HandleSurveyPage, Needs(A::kRegisterForEvents)},
    {"POST", "/events/{id}/survey", nullptr, HandleSurveySubmit, Needs(A::kRegisterForEvents)},
    {"GET", "/admin/events/{id}/survey", nullptr, HandleAdminSurveyPage, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/survey", nullptr, HandleAdminSurveySave, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/survey/send", nullptr, HandleAdminSurveySend, Needs(A::kManageEvents)},
    {"POST", "/admin/events/{id}/attendance", nullptr, HandleAdminAttendance, Needs(A::kManageEvents)},
    {"GET", "/admin/mail", nullptr, HandleAdminMailPage, Needs(A::kManageMail)},
    {"GET", "/admin/mail/{id}", nullptr, HandleAdminMailMessagePage, Needs(A::kManageMail)},
    {"POST", "/admin/mail/{id}/retry", nullptr, HandleAdminMailRetry, Needs(A::kManageMail)},

    {"POST", "/api/v1/me/relationships", nullptr, HandleApiRelationshipCreate, Needs(A::kReviewApplications)},
    {"GET", "/registrar", nullptr, HandleRegistrarPage, Needs(A::kViewRegistrarPages)},
    {"GET", "/registrar/expiring", nullptr, HandleExpiringPage, Needs(A::kViewRegistrarPages)},
    {"POST", "/registrar/upload", nullptr, HandleRegistrarUpload, Needs(A::kImportServices), Lane::kWorker},
    {"GET", "/registrar/services/new", nullptr, HandleServiceNewPage, Needs(A::kRegisterService)},
    {"POST", "/registrar/services", nullptr, HandleServiceRegister, Needs(A::kRegisterService)},
    {"GET", "/registrar/services/{id}/edit", nullptr, HandleServiceEditPage, Needs(A::kChangeService)},
    {"POST", "/registrar/services/{id}", nullptr, HandleServiceChange, Needs(A::kChangeService)},
    {"POST", "/registrar/services/{id}/renew", nullptr, HandleRegistrarRenew, Needs(A::kRenewService)},
    {"POST", "/registrar/services/{id}/suspend", nullptr, HandleRegistrarSuspend, Needs(A::kSuspendService)},
    {"POST", "/registrar/services/{id}/resume", nullptr, HandleRegistrarResume, Needs(A::kResumeService)},
    {"POST", "/registrar/services/{id}/revoke", nullptr, HandleRegistrarRevoke, Needs(A::kRevokeService)},
    {"POST", "/registrar/proposals/{id}/{decision:approve|reject}", nullptr, HandleRegistrarDecide, Needs(A::kDecideProposal)},
    {"GET", "/vendor", nullptr, HandleVendorPage, Needs(A::kProposeChange)},
    {"POST", "/vendor/services/{id}/proposals", nullptr, HandleVendorPropose, Needs(A::kProposeChange)},
    // The programme's pages (web/programme/programme_pages.cpp).
    {"GET", "/fields", nullptr, HandleFieldsPage, kPublic},
    {"POST", "/admin/fields", nullptr, HandleFieldCreate, Needs(A::kEditFieldMap)},
    {"POST", "/admin/fields/{id}", nullptr, HandleFieldChange, Needs(A::kEditFieldMap)},
    {"GET", "/calls", nullptr, HandleCallsPage, kPublic},
    {"GET", "/calls/{id}", nullptr, HandleCallPage, kPublic},
    {"GET", "/feeds/calls.atom", HandleCallsFeed, nullptr, kPublic},
    {"GET", "/admin/calls", nullptr, HandleAdminCallsPage, Needs(A::kManageCalls)},
    {"GET", "/admin/calls/new", nullptr, HandleCallNewPage, Needs(A::kManageCalls)},
    {"POST", "/admin/calls", nullptr, HandleCallCreate, Needs(A::kManageCalls)},
    {"GET", "/admin/calls/{id}/edit", nullptr, HandleCallEditPage, Needs(A::kManageCalls)},
    {"POST", "/admin/calls/{id}", nullptr, HandleCallChange, Needs(A::kManageCalls)},
    {"POST", "/admin/calls/{id}/open", nullptr, HandleCallOpen, Needs(A::kManageCalls)},
    {"GET", "/admin/calls/{id}/committee", nullptr, HandleCommitteePage, Needs(A::kManageCalls)},
    {"POST", "/admin/calls/{id}/reviewers", nullptr, HandleReviewerAppoint, Needs(A::kManageCalls)},
    {"GET", "/admin/calls/{id}/ranking", nullptr, HandleRankingPage, Needs(A::kManageCalls)},
    {"POST", "/admin/applications/{id}/decision", nullptr, HandleApplicationDecide, Needs(A::kDecideApplications)},
    {"GET", "/reviewer", nullptr, HandleReviewerPage, Needs(A::kReviewApplications)},
    {"POST", "/reviewer/relationships", nullptr, HandleRelationshipDeclare, Needs(A::kReviewApplications)},
    {"GET", "/reviewer/applications/{id}", nullptr, HandleReviewPage, Needs(A::kReviewApplications)},
    {"POST", "/reviewer/applications/{id}/conflict", nullptr, HandleConflictDeclare, Needs(A::kReviewApplications)},
    {"POST", "/reviewer/applications/{id}/scores", nullptr, HandleScoreSubmit, Needs(A::kReviewApplications)},
    {"GET", "/vendor/applications", nullptr, HandleVendorApplicationsPage, Needs(A::kApplyToCalls)},
    {"GET", "/calls/{id}/apply", nullptr, HandleApplyPage, Needs(A::kApplyToCalls)},
    {"POST", "/calls/{id}/apply", nullptr, HandleApplyCreate, Needs(A::kApplyToCalls)},
    {"GET", "/vendor/applications/{id}", nullptr, HandleApplicationPage, Needs(A::kApplyToCalls)},
    {"POST", "/vendor/applications/{id}", nullptr, HandleApplicationSave, Needs(A::kApplyToCalls)},
    {"POST", "/vendor/applications/{id}/submit", nullptr, HandleApplicationSubmit, Needs(A::kApplyToCalls)},
    {"POST", "/vendor/applications/{id}/withdraw", nullptr, HandleApplicationWithdraw, Needs(A::kApplyToCalls)},
    {"POST", "/vendor/applications/{id}/attachments", nullptr, HandleAttachmentUpload, Needs(A::kApplyToCalls), Lane::kWorker},
    {"GET", "/", HandleHomePage, nullptr, kPublic},
    {"GET", "/services", HandleSearchPage, nullptr, kPublic},
    {"GET", "/services/compare", HandleServiceComparePage, nullptr, kPublic},  // issue 13 E: before /services/{id}
    {"GET", "/services/{id}", HandleServicePage, nullptr, kPublic},
    {"GET", "/stats", HandleStatsPage, nullptr, kPublic},
    {"GET", "/login", nullptr, HandleLoginPage, kPublic},
    {"POST", "/login", nullptr, HandleLogin, kPublic, Lane::kWorker},
    {"POST", "/logout", nullptr, HandleLogout, kPublic},
    {"GET", "/account/password", nullptr, HandlePasswordPage, Needs(A::kUseAccount)},
    {"POST", "/account/password", nullptr, HandlePasswordChange, Needs(A::kUseAccount), Lane::kWorker},
    {"GET", "/admin/users", nullptr, HandleAdminUsersPage, Needs(A::kManageUsers)},
    {"POST", "/admin/users", nullptr, HandleAdminUserCreate, Needs(A::kManageUsers), Lane::kWorker},
    {"POST", "/admin/users/{id}/disable", nullptr, HandleAdminUserDisable, Needs(A::kManageUsers)},
    {"POST", "/admin/organisations", nullptr, HandleAdminOrganisationCreate, Needs(A::kManageUsers)},
    {"GET", "/admin/audit", nullptr, HandleAdminAuditPage, Needs(A::kViewAudit)},
    // ---- issue 13 A: flash notices, untranslated-text guard ----
    // ---- issue 13 B: staff forms, the registrar's dashboard, the vendor page ----
    {"GET", "/registrar/export", nullptr, HandleRegistrarExport, Needs(A::kViewRegistrarPages), Lane::kWorker},
    {"POST", "/registrar/services/renew", nullptr, HandleRegistrarRenewMany, Needs(A::kRenewService)},
    {"GET", "/registrar/services/{id}/revoke", nullptr, HandleRegistrarRevokePage, Needs(A::kRevokeService)},
    {"GET", "/registrar/proposals/{id}", nullptr, HandleRegistrarProposalPage, Needs(A::kViewProposals)},
    // ---- issue 13 C: admin users, organisations, audit page, password reset ----
    {"GET", "/admin/users/{id}", nullptr, HandleAdminUserPage, Needs(A::kManageUsers)},
    {"POST", "/admin/users/{id}/enable", nullptr, HandleAdminUserEnable, Needs(A::kManageUsers)},
    {"POST", "/admin/users/{id}/roles", nullptr, HandleAdminUserRoles, Needs(A::kManageUsers)},
    {"POST", "/admin/users/{id}/reset", nullptr, HandleAdminUserReset, Needs(A::kManageUsers)},
    {"GET", "/admin/organisations", nullptr, HandleAdminOrganisationsPage, Needs(A::kManageUsers)},
    {"GET", "/admin/audit.csv", nullptr, HandleAdminAuditCsv, Needs(A::kViewAudit), Lane::kWorker},
    {"GET", "/login/reset/{token}", nullptr, HandlePasswordResetPage, kPublic},
    {"POST", "/login/reset/{token}", nullptr, HandlePasswordReset, kPublic, Lane::kWorker},
    // ---- issue 13 D: registry data (downloads, editions, provider and body pages) ----
    {"GET", "/downloads", HandleDownloadsPage, nullptr, kPublic},
    {"GET", "/downloads/{type:audit|vulnerability_assessment|penetration_test|forensics|monitoring|device_verification}.csv", HandleDownloadCsv, nullptr, kPublic, Lane::kWorker},
    {"GET", "/downloads/{type:audit|vulnerability_assessment|penetration_test|forensics|monitoring|device_verification}.xlsx", HandleDownloadXlsx, nullptr, kPublic, Lane::kWorker},
    {"GET", "/providers", HandleProvidersPage, nullptr, kPublic},
    {"GET", "/registration-bodies", HandleRegistrarsPage, nullptr, kPublic},
    {"GET", "/downloads/editions", HandleEditionsPage, nullptr, kPublic},
    {"GET", "/downloads/editions/{date}.csv", HandleEditionCsv, nullptr, kPublic, Lane::kWorker},
    {"GET", "/downloads/editions/{date}.xlsx", HandleEditionXlsx, nullptr, kPublic, Lane::kWorker},
    {"GET", "/downloads/editions/{date}/changes", HandleEditionChangesPage, nullptr, kPublic},
    {"GET", "/api/v1/editions", HandleApiEditions, nullptr, kPublic},
    {"GET", "/api/v1/editions/{date}/changes", HandleApiEditionChanges, nullptr, kPublic},
    // ---- issue 13 E: public pages, mobile, accessibility ----
    // ---- The transparency log (issue 12): API, the verifier key, record pages ----
    {"GET", "/api/v1/log/checkpoint", HandleApiLogCheckpoint, nullptr, kPublic},
    {"GET", "/api/v1/log/entries", HandleApiLogEntries, nullptr, kPublic},
    {"GET", "/api/v1/log/entries/{index}/bundle", HandleApiLogBundle, nullptr, kPublic},
    {"GET", "/api/v1/log/proof/inclusion", HandleApiLogInclusion, nullptr, kPublic},
    {"GET", "/api/v1/log/proof/consistency", HandleApiLogConsistency, nullptr, kPublic},
    {"GET", "/.well-known/proven-log-key", HandleLogKey, nullptr, kPublic},
    {"GET", "/log", HandleLogPage, nullptr, kPublic},
    {"GET", "/log/entries/{index}", HandleLogEntryPage, nullptr, kPublic},
};

std::string ContentTypeFor(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// FNV-1a: a content fingerprint for cache-busting asset names, not a security hash.
std::string Fingerprint(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h).substr(0, 12);
}

void AddSecurityHeaders(Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
}


}  // namespace

std::vector<Route> RouteTable() {
  std::vector<Route> out;
  for (const auto& r : kRoutes) {
    out.push_back({r.method, r.pattern, r.access.is_public, r.access.action, r.access.csrf_exempt});
  }
  return out;
}

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

namespace {

// The route's role check: 401 (or the sign-in page) without credentials, 403 when the actor's
// role does not allow the route's action. True when the handler may run.
bool AccessOk(AppContext& app, const RouteEntry& route, const Auth& auth, const Request& req, Response& res) {
  if (route.access.is_public) return true;
  const bool api = IsApiPath(req.path);
  if (!auth.actor) {
    if (api || req.has_header("Authorization")) {
      res.set_header("WWW-Authenticate", "Bearer");
      SetJsonError(res, MakeError(ErrorCode::kUnauthenticated, auth.error.empty() ? "sign in first" : auth.error));
      return false;
    }
    // Back to the page after signing in, with its query (a scanned check-in QR code carries the code;
    // /consultations/new?kind=product&id=1 its subject); login checks it is a local path.
    std::string back = req.path;
    if (const auto q = req.target.find('?'); req.method == "GET" && q != std::string::npos) back += req.target.substr(q);
    res.status = 303;
    res.set_header("Location", "/login?next=" + services::PercentEncode(back));
    return false;
  }
  const Status role = route.access.action ? domain::AuthorizeRole(*auth.actor, *route.access.action)
                                          : Fail(ErrorCode::kPermissionDenied, "this route is not open to anyone");
  if (role) return true;
  if (api) {
    SetJsonError(res, role.error());
  } else {
    RenderForbidden(app, auth, req, res);
  }
  return false;
}

// Credentials, CSRF and access, in front of every handler that takes credentials.
void Dispatch(AppContext& app, const RouteEntry& route, const Request& req, Response& res) {
  const bool api = IsApiPath(req.path);
  Auth auth = ResolveAuth(app, req, res);
  // The credentials could not be checked (the database is away): 503 with Retry-After, not 401.
  if (auth.unavailable) {
    if (api || req.has_header("Authorization")) return SetJsonError(res, *auth.unavailable);
    res.set_header("Retry-After", std::to_string(RetryAfterSecondsFor(ErrorCode::kUnavailable)));
    return RenderErrorPage(app, req, res, 503);
  }
  // A Bearer token that does not resolve is an authentication failure, whatever the method.
  if (req.has_header("Authorization") && !auth.actor) {
    res.set_header("WWW-Authenticate", "Bearer");
    return SetJsonError(res, MakeError(ErrorCode::kUnauthenticated, auth.error.empty() ? "invalid credentials" : auth.error));
  }
  if (std::string_view(route.method) != "GET" && !CsrfOk(auth, req)) {
    if (api) return SetJsonError(res, MakeError(ErrorCode::kPermissionDenied, "missing or invalid CSRF token"));
    return RenderCsrfError(app, req, res);
  }
  if (!AccessOk(app, route, auth, req, res)) return;
  if (auth.actor) res.set_header("Cache-Control", "no-store");
  if (route.auth_handler) return route.auth_handler(app, auth, req, res);
  route.handler(app, req, res);
}

}  // namespace

namespace {

// Form bodies, parsed once for every handler: url-encoded fields, or multipart parts (whose
// text fields also land in `form`).
Status ParseFormBody(Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.starts_with("application/x-www-form-urlencoded")) {
    req.form = ParseQueryString(req.body);
    return {};
  }
  if (auto boundary = MultipartBoundary(type)) {
    auto parts = ParseMultipart(req.body, *boundary);
    if (!parts) return Fail(parts.error());
    for (const auto& part : *parts) {
      if (part.filename.empty()) req.form.emplace(part.name, part.content);
    }
    req.parts = std::move(*parts);
  }
  return {};
}

void NotFound(AppContext& app, const Request& req, Response& res) {
  if (IsApiPath(req.path)) return SetJsonError(res, MakeError(ErrorCode::kNotFound, "no such resource"));
  RenderErrorPage(app, req, res, 404);
}

void ServeStatic(AppContext& app, const Request& req, Response& res) {
  auto it = app.assets.find(req.path);
  if (it == app.assets.end()) {
    res.status = 404;
    res.set_content("not found", "text/plain; charset=utf-8");
    return;
  }
  // Fingerprinted assets never change under their name: cache them for a year.
  res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  res.set_content(it->second.content, it->second.content_type);
}

void Route(AppContext& app, Request& req, Response& res) {
  if (req.path.starts_with("/static/") && req.method == "GET") return ServeStatic(app, req, res);
  std::vector<std::string> params;
  std::string allowed;
  for (const auto& r : kRoutes) {
    if (!MatchRoute(r.pattern, req.path, params)) continue;
    if (req.method != r.method) {
      if (allowed.find(r.method) == std::string::npos) allowed += allowed.empty() ? r.method : std::string(", ") + r.method;
      continue;
    }
    req.matches.clear();
    req.matches.push_back(req.path);
    for (auto& p : params) req.matches.push_back(std::move(p));
    if (auto st = ParseFormBody(req); !st) return SetJsonError(res, st.error());
    const bool csrf_free = std::string_view(r.method) == "GET" || r.access.csrf_exempt;
    if (r.handler && r.access.is_public && csrf_free) return r.handler(app, req, res);
    return Dispatch(app, r, req, res);
  }
  if (allowed.empty()) return NotFound(app, req, res);
  res.set_header("Allow", allowed);
  SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is not allowed here", Ellipsize(req.method, 20))));
  res.status = 405;
}

// Every request: security headers, the route, and a generic 500 for anything thrown.
void Serve(AppContext& app, Request& req, Response& res) {
  AddSecurityHeaders(res);
  try {
    Route(app, req, res);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled: {}", req.method, Ellipsize(req.path, 200), e.what());
    res = Response{};
    AddSecurityHeaders(res);
    if (IsApiPath(req.path)) {
      SetJsonError(res, MakeError(ErrorCode::kInternal, "internal error"));
    } else {
      res.status = 500;
      res.set_content("<!doctype html><title>500</title><p>Internal error. / 内部エラーが発生しました。</p>",
                      "text/html; charset=utf-8");
    }
  }
  spdlog::info("{} {} {} {}", req.remote_addr, req.head ? "HEAD" : req.method, Ellipsize(req.path, 200), res.status);
}

// Which threads run the request's handler: its route's lane.
Lane LaneOf(const Request& req) {
  std::vector<std::string> params;
  for (const auto& r : kRoutes) {
    if (req.method == r.method && MatchRoute(r.pattern, req.path, params)) return r.lane;
  }
  return Lane::kInline;
}

// A request refused before any handler: JSON for the API, a short page otherwise.
void Refused(const Request& req, const ProtocolError& err, Response& res) {
  AddSecurityHeaders(res);
  const ErrorCode code = err.status == 413   ? ErrorCode::kResourceExhausted
                         : err.status == 503 ? ErrorCode::kUnavailable
                                             : ErrorCode::kInvalidArgument;
  SetJsonError(res, MakeError(code, err.message));
  res.status = err.status;
  if (err.status == 503) res.set_header("Retry-After", "1");
  spdlog::info("{} {} {} {} ({})", req.remote_addr, req.method.empty() ? "-" : req.method, Ellipsize(req.path, 200),
               err.status, err.message);
}

}  // namespace

Status RunServer(services::RegistryService& registry, services::AccountService& accounts,
                 services::RegistrarService& registrar, services::ProgrammeService& programme,
                 services::VerificationService& verifications, services::CaseService& cases,
                 services::ProductCatalogue& catalogue, services::SurveyService& surveys,
                 services::MailAdmin& mail_admin, services::ConsultationService& consultations,
                 services::EventService& events, services::MatchingService& matching,
                 services::NeedsService& needs, services::LogService& log, services::EditionService& editions,
                 services::WafRunService& waf_runs, services::SbomService& sboms, services::DeviceService& devices,
                 services::ProviderService& providers, const ServerOptions& options) {
  auto templates = Templates::Load();
  if (!templates) return Fail(templates.error());

  ResponseCache api_cache(options.response_cache_bytes);
  const services::ExportService exports(registry);
  AppContext app{registry, **templates, options.today, options.sample_data, {}, {}, {}, api_cache, accounts,
                 registrar, exports, options.secure_cookies, options.public_url, programme, verifications,
                 cases, catalogue, surveys, mail_admin, options.mail_relay_configured, consultations, events,
                 matching, needs, log, editions, waf_runs, sboms, devices, providers};
  for (const auto& f : static_files()) {
    std::string name(f.name);
    const auto dot = name.rfind('.');
    const std::string url = fmt::format("/static/{}.{}{}", name.substr(0, dot), Fingerprint(f.data),
                                        dot == std::string::npos ? "" : name.substr(dot));
    app.assets[url] = StaticAsset{std::string(f.data), ContentTypeFor(name)};
    if (name == "css/app.css") app.css_url = url;
    if (name == "img/favicon.svg") app.favicon_url = url;
  }

  HttpServer server(
      options.limits, [&app](Request& req, Response& res) { Serve(app, req, res); }, Refused, LaneOf);
  auto port = server.Bind(options.host, options.port);
  if (!port) return Fail(port.error());
  const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  if (app.public_url.empty()) app.public_url = fmt::format("http://{}:{}", shown_host, *port);
  consultations.SetPublicUrl(app.public_url);
  if (events.public_url().empty()) events.SetPublicUrl(app.public_url);  // links in event mail
  if (surveys.public_url().empty()) surveys.SetPublicUrl(app.public_url);
  needs.SetPublicUrl(app.public_url);
  std::printf("listening on http://%s:%d\n", shown_host.c_str(), *port);
  std::fflush(stdout);
  spdlog::info("serving {} services", registry.IndexStats().base_docs);

  std::thread loop([&server, threads = options.threads] { server.Run(threads); });

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: stopping", sig);
  server.Stop();
  loop.join();
  return {};
}

}  // namespace proven::web
