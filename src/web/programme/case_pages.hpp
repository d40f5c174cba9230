#pragma once
// Trial-deployment cases' pages: the public list (/cases, filtered by industry and field) and
// each published case as disclosed; a side's workspace (/workspace/cases): its cases, the
// proposal form, the case with its content form, the checklist and consent form (the points of
// the programme's guide explained), and the withdrawal with a confirmation page. Thin handlers:
// each reads the form, calls CaseService (which checks every permission itself) and renders a
// page or redirects (Post/Redirect/Get).
#include <vector>

#include "services/programme/case_service.hpp"
#include "web/app.hpp"

namespace proven::web {

// Published cases as the case list shows each one (for other pages that list them: a product's).
kainjow::mustache::data PublishedCasesData(AppContext& app, Lang lang, const std::vector<services::PublishedCase>& cases);

void HandleCasesPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res);

void HandleWorkspaceCasesPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleWorkspaceCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseSave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseConsent(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseWithdrawPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCaseWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
