#pragma once
// The collaboration platform's events as pages (server-rendered, without JavaScript): the public
// list and an event's page with its register form and consultation slots, a registrant's page
// with the check-in code and its QR code, and the admin's list, editor, registrations and
// check-in desk. Thin handlers: read the form, call EventService, redirect with a notice
// (Post/Redirect/Get) or show the form again with the errors beside the fields.
#include "web/app.hpp"

namespace proven::web {

void HandleEventsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleEventPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleEventRegisterForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSlotOfferForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSlotBookForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSlotUnbookForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleSlotRemoveForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrationPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrationCancelPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleRegistrationCancelForm(AppContext& app, const Auth& auth, const Request& req, Response& res);

void HandleAdminEventsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventPublish(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventCancelPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminEventCancel(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCheckinPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleCheckinForm(AppContext& app, const Auth& auth, const Request& req, Response& res);

// The address the QR code of a registration encodes: the admin's check-in page for its code.
std::string CheckinUrl(const std::string& base, std::int64_t event_id, const std::string& code);

}  // namespace proven::web
