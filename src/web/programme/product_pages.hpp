#pragma once
// The verified-product catalogue (issue 10): the search API and page, the product page, the
// comparison, the coverage matrix (page and CSV) and the "verified by the programme" badge. Thin
// handlers over services::ProductCatalogue and VerificationService::Product; all public.
#include "web/app.hpp"

namespace proven::web {

// product_api.cpp
void HandleApiProducts(AppContext& app, const Request& req, Response& res);
void HandleMatrixCsv(AppContext& app, const Request& req, Response& res);
void HandleProductBadge(AppContext& app, const Request& req, Response& res);

// product_pages.cpp
void HandleProductsPage(AppContext& app, const Request& req, Response& res);
void HandleProductPage(AppContext& app, const Request& req, Response& res);
void HandleComparePage(AppContext& app, const Request& req, Response& res);
void HandleMatrixPage(AppContext& app, const Request& req, Response& res);

// Shared by both: field names in the page's language, by id.
std::string FieldNameIn(Lang lang, const domain::Field& f);
// The `field` parameters of the matrix (page and CSV): field ids, kInvalidArgument naming
// "field" for anything else.
Result<std::vector<std::int64_t>> MatrixFieldParams(const Request& req);

}  // namespace proven::web
