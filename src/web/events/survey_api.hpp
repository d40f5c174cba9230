#pragma once
// After a meeting, over JSON (docs/api.md, "Surveys, event statistics and the mail outbox"): the
// survey (write, send, answer, results), the operator's head counts, the published statistics with
// registrations over time, and the admin's mail outbox.
#include <nlohmann/json.hpp>

#include "domain/events/survey.hpp"
#include "services/events/survey_service.hpp"
#include "services/mail/mail_admin.hpp"
#include "web/app.hpp"

namespace proven::web {

// Public.
void HandleApiEventStatistics(AppContext& app, const Request& req, Response& res);
void HandleApiEventTimeline(AppContext& app, const Request& req, Response& res);
// The admin, or an attendee once the survey is sent.
void HandleApiSurvey(AppContext& app, const Auth& auth, const Request& req, Response& res);
// The admin.
void HandleApiSurveySave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSurveySend(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSurveyResults(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiAttendanceReport(AppContext& app, const Auth& auth, const Request& req, Response& res);
// An attendee.
void HandleApiSurveyRespond(AppContext& app, const Auth& auth, const Request& req, Response& res);
// The admin's outbox.
void HandleApiMailList(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiMail(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiMailRetry(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Bodies: {"questions": [...]} and {"answers": {...}} (kInvalidArgument naming the field).
Result<std::vector<domain::SurveyQuestion>> SurveyQuestionsFromJson(std::string_view body);
Result<domain::SurveyAnswers> SurveyAnswersFromJson(std::string_view body);

// Shapes shared by the API and the pages.
nlohmann::ordered_json StatisticJson(const domain::EventStatistic& s);
nlohmann::ordered_json QuestionsJson(const std::vector<domain::SurveyQuestion>& questions);

}  // namespace proven::web
