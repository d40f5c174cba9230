#pragma once
// The programme's JSON API (programme_api.cpp): the field map, calls, applications with
// attachments, and the committee. Each handler parses, calls ProgrammeService, maps the result.
#include "web/app.hpp"

namespace proven::web {

void HandleApiFields(AppContext& app, const Request& req, Response& res);
void HandleApiFieldCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiFieldChange(AppContext& app, const Auth& auth, const Request& req, Response& res);

void HandleApiCalls(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCall(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallOpen(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallApplications(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallReviewers(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallCommittee(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCallRanking(AppContext& app, const Auth& auth, const Request& req, Response& res);

void HandleApiApply(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiApplications(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiApplication(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiApplicationChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiApplicationSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiApplicationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiAttachmentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiAttachment(AppContext& app, const Auth& auth, const Request& req, Response& res);

void HandleApiConflict(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiScores(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDecision(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiReviewerQueue(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRelationships(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRelationshipCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
