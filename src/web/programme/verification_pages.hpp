#pragma once
// The verification workspace (issue 10): the list of verifications each role may see, one
// verification with the forms its role and state allow (the admin appoints and publishes, a
// verifier plans, records results, uploads evidence and submits, the vendor agrees the plan and
// approves or asks for changes), the publication's confirmation page, and the admin's download
// counts. Thin handlers: each reads the form, calls VerificationService (which checks every
// permission and transition itself) and redirects with a notice or shows the page again with the
// service's errors beside the fields.
#include "web/app.hpp"

namespace proven::web {

void HandleVerificationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationStartForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
// The verification page again (path /verifications/{id}/…) with a service's error: a form of
// another module (web/programme/waf_run_pages.cpp) that was refused.
void VerificationPageError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e);
void HandleVerifierAppointForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationPlanForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationResultsForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationEvidenceForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
// POST …/{step}: submit (saving the results form first when it is posted), corrections {reason},
// agree-plan, approve, request-changes {comments}.
void HandleVerificationStepForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationPublishPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVerificationPublishForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminReportsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
