#pragma once
// After a meeting, as pages (docs/api.md, "Surveys, event statistics and the mail outbox"):
// /events/statistics (+ .csv), /events/{id}/survey, /admin/events/{id}/survey and the admin's
// outbox /admin/mail.
#include "web/app.hpp"

namespace proven::web {

void HandleEventStatisticsPage(AppContext& app, const Request& req, Response& res);
void HandleEventStatisticsCsv(AppContext& app, const Request& req, Response& res);
void HandleSurveyPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSurveySubmit(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminSurveyPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminSurveySave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminSurveySend(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminAttendance(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminMailPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminMailMessagePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminMailRetry(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
