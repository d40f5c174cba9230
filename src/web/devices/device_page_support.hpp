#pragma once
// What the device verification pages share (device_pages.cpp, device_work_pages.cpp).
#include <string>

#include <kainjow/mustache.hpp>

#include "services/devices/device_service.hpp"
#include "web/app.hpp"

namespace proven::web::device_pages {

// The project's header: title, status, side, the tabs (overview, threats, items, findings,
// checklists, report) with `active` marked, and what the side may do now.
kainjow::mustache::data ProjectHeader(Lang lang, const services::DeviceProject& p, std::string_view active);
// The error block of a form ({{#error}}…): summary and problems.
void SetError(kainjow::mustache::data& d, Lang lang, const Error& e);
// Code → label from reference data in `lang`.
std::string KindLabel(Lang lang, const std::string& code);
std::string InterfaceLabel(Lang lang, const std::string& code);
// Whether the error is one a form shows again (bad input) rather than an error page.
bool IsFormError(const Error& e);
// The notice for this page, if any.
void SetNotice(AppContext& app, const Request& req, Lang lang, kainjow::mustache::data& d);
// An id from a form field ("" or not digits: nullopt).
std::optional<std::int64_t> FormId(const Request& req, const std::string& name);

}  // namespace proven::web::device_pages
