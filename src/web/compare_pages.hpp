#pragma once
// Public pages of issue 13 (helper E): two to four services side by side.
#include "web/app.hpp"

namespace proven::web {

// GET /services/compare?ids=1&ids=2 (or ?ids=1,2): 2 to 4 services side by side. 400 with the
// reason for fewer than 2 or more than 4 ids, a repeated or malformed id; 404 for an unknown id.
void HandleServiceComparePage(AppContext& app, const Request& req, Response& res);

}  // namespace proven::web
