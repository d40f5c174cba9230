#pragma once
// Handlers of issue 13 C (docs/api.md "Administration: users, organisations, audit log"): one
// user's page and its actions, the organisations page, the audit log as CSV, and the public
// password reset pages. The older handlers of these pages are declared in web/app.hpp.
#include "web/app.hpp"

namespace proven::web {

void HandleAdminUserPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUserEnable(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUserRoles(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminUserReset(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminOrganisationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminAuditCsv(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePasswordResetPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePasswordReset(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
