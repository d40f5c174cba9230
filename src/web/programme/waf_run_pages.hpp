#pragma once
// WAF suite runs from the verification page (issue 14): queue a run of a WAF effectiveness item,
// follow it on its page (refreshing itself while it runs, no script) or through the API.
#include "web/app.hpp"

namespace proven::web {

// POST /verifications/{id}/items/{item}/waf-runs (form): queue, then the run's page.
void HandleWafRunForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
// GET /verifications/{id}/waf-runs/{run}
void HandleWafRunPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
// POST /api/v1/verifications/{id}/items/{item}/waf-runs → 202 and the run.
void HandleApiWafRunCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
// GET /api/v1/waf-runs/{run}
void HandleApiWafRun(AppContext& app, const Auth& auth, const Request& req, Response& res);

// The run as JSON (the API's shape).
nlohmann::ordered_json WafRunJson(const domain::WafRun& run);

}  // namespace proven::web
