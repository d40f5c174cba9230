#pragma once
// The verification API (issue 10, first routes): verifications from start to publication.
#include "web/app.hpp"

namespace proven::web {

void HandleApiVerifications(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationStart(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerification(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationRecord(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationVerifiers(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationPlan(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationStep(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiProduct(AppContext& app, const Request& req, Response& res);
void HandleApiProductReports(AppContext& app, const Request& req, Response& res);
void HandleReportPdf(AppContext& app, const Request& req, Response& res);
void HandleApiEvidenceUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEvidence(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEvidenceWafHtml(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVerificationPublish(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
