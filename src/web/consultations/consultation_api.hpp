#pragma once
// Consultations over JSON (docs/api.md, "Consultations"): a user company's request from a match,
// the vendor's answer, the thread both sides see, the outcome and the case it may become. Thin
// handlers: parse strictly (an unknown key or a value of the wrong type is kInvalidArgument naming
// it), call ConsultationService (which checks every permission and rule), map the result.
#include <string>
#include <vector>

#include "services/consultations/consultation_service.hpp"
#include "web/app.hpp"

namespace proven::web {

void HandleApiConsultations(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationRequest(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultation(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationAccept(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationDecline(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationConfirm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationMessage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationOutcome(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiConsultationCase(AppContext& app, const Auth& auth, const Request& req, Response& res);

// The body of POST /api/v1/consultations (also read by the demo import): {"kind", "id",
// "message", "needs"?, "lang"?}.
Result<services::ConsultationRequestInput> ConsultationRequestFromJson(std::string_view body);
// The body of …/accept: {"times": [...], "message"?, "lang"?}.
struct AcceptBody {
  std::vector<std::string> times;
  std::string message;
  std::string lang;
};
Result<AcceptBody> AcceptFromJson(std::string_view body);

// "ja"/"en" of a request: the page language (?lang=, the cookie).
std::string RequestLangCode(const Request& req, Response& res);

}  // namespace proven::web
