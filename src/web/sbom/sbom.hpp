#pragma once
// SBOMs and known vulnerabilities on the web (issue 15, docs/sbom.md): the JSON API
// (sbom_api.cpp) and the pages (sbom_pages.cpp) over services::SbomService.
#include <nlohmann/json.hpp>

#include "services/sbom/sbom_service.hpp"
#include "web/app.hpp"

namespace proven::web {

// JSON (sbom_api.cpp).
nlohmann::ordered_json SbomJson(const store::SbomRow& s);
// A finding as `proven sbom check` prints it and the API returns it (the API adds "statement").
nlohmann::ordered_json FindingJson(const services::Finding& f);
nlohmann::ordered_json UnmatchedJson(const services::UnmatchedComponent& u);
nlohmann::ordered_json StatementJson(const store::VexRow& v);
nlohmann::ordered_json AlertJson(const store::AlertRow& a);

void HandleApiSbomUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSboms(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSbomReport(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSbomDocument(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVexUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVexStatement(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiVexStatements(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiPortfolio(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiPortfolioAdd(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiPortfolioRemove(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiAlerts(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiAdvisory(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiOsvStatus(AppContext& app, const Request& req, Response& res);
// An organisation's alerts as Atom, read with its secret feed key.
void HandleAlertsFeed(AppContext& app, const Request& req, Response& res);

// Pages (sbom_pages.cpp).
void HandleVendorSbomsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVendorSbomUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleVendorVexForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSbomReportPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePortfolioPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandlePortfolioForm(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
