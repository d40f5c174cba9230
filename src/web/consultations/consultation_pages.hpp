#pragma once
// Consultations' pages, without JavaScript: the request form a match links to
// (/consultations/new?kind=product|service&id=N, naming the product or service and its vendor),
// the list of one's consultations from both sides (/consultations), and one consultation
// (/consultations/{id}): its state, the thread, and the forms its side may use now (accept with
// times, decline, withdraw, confirm a time, write, record the outcome, turn it into a case). Thin
// handlers: each reads the form, calls ConsultationService (which checks every permission itself)
// and redirects (Post/Redirect/Get) or shows the page again with the error beside its form.
#include <string>

#include "services/consultations/consultation_service.hpp"
#include "web/app.hpp"

namespace proven::web {

// The link a product's or a service's page shows when its vendor can be asked here; "" when not.
std::string ConsultationLink(AppContext& app, domain::ConsultationKind kind, std::int64_t id);

void HandleConsultationNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConsultationCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConsultationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConsultationPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
// POST /consultations/{id}/{step}: accept, decline, withdraw, confirm, messages, outcome.
void HandleConsultationStep(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConsultationCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleConsultationCaseCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
