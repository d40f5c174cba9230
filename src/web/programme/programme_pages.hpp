#pragma once
// The verification programme's pages (issue 9): the public field map, calls and their feed; the
// admin's call editor, committee and ranking; the reviewer's queue and scoring; the vendor's
// applications. Thin handlers: each reads the form, calls ProgrammeService (which checks every
// permission itself) and renders a page or redirects (Post/Redirect/Get).
#include "web/app.hpp"

namespace proven::web {

// Public (with the signed-in account, when there is one: the admin sees the field map's forms).
void HandleFieldsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallsFeed(AppContext& app, const Request& req, Response& res);

// The admin: the field map, calls, the committee, the ranking and the decisions.
void HandleFieldCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleFieldChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminCallsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallEditPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCallOpen(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCommitteePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleReviewerAppoint(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRankingPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplicationDecide(AppContext& app, const Auth& auth, const Request& req, Response& res);

// A reviewer: the queue, relationships, declarations and scores.
void HandleReviewerPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRelationshipDeclare(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleReviewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConflictDeclare(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleScoreSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res);

// A vendor: its organisation's applications.
void HandleVendorApplicationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplyPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplyCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplicationPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplicationSave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplicationSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApplicationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAttachmentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
