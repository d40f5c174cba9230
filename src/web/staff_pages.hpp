#pragma once
// The registration body's and vendors' pages added for issue 13 (registrar_pages.cpp,
// service_form_pages.cpp, vendor_pages.cpp): the revoke confirmation, a proposal side by side,
// the dashboard's export and bulk renewal. The older handlers are declared in web/app.hpp.
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "web/app.hpp"
#include "web/page_support.hpp"

namespace proven::web {

void HandleRegistrarRevokePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarProposalPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarExport(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrarRenewMany(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Every value of a posted field (checkbox lists), in order, as given; empty ones left out.
std::vector<std::string> FormValues(const Request& req, const std::string& name);

// The summary of a form's error for the top of the form: `error` (the one problem or "N
// problems"), `error_href` (#<id_prefix><field> when one field is named) and `problems` [{text,
// href}] when there are several; the texts by field come from FormErrorsOf(...).by_field.
void SetErrorSummary(kainjow::mustache::data& d, Lang lang, const Error& e, std::string_view id_prefix = "f-");

// A field's errors for its template object: `field_errors` (texts) and `invalid`.
void SetFieldErrors(kainjow::mustache::data& field, const FormErrors& errors, const std::string& key);

}  // namespace proven::web
