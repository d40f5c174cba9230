#pragma once
// High-level device verification on the web (issue 16, docs/devices.md): the JSON API
// (device_api.cpp), the project pages (device_pages.cpp), the threat model, test items, findings and
// checklist pages (device_work_pages.cpp), over services::DeviceService. Texts in device_messages.cpp.
#include <nlohmann/json.hpp>

#include "services/devices/device_service.hpp"
#include "web/app.hpp"

namespace proven::web {

nlohmann::ordered_json DeviceProjectJson(const services::DeviceProject& p);
nlohmann::ordered_json DeviceFindingJson(const services::DeviceFindingView& f);
// The report's words in `lang` (services::Labels over the catalogue).
services::Labels DeviceReportLabels(Lang lang);
// SVG labels of the threat model diagram.
threat::SvgLabels DiagramLabels(Lang lang);

// API.
void HandleApiDeviceServices(AppContext& app, const Request& req, Response& res);
void HandleApiBaselines(AppContext& app, const Request& req, Response& res);
void HandleApiTestCatalogue(AppContext& app, const Request& req, Response& res);
void HandleApiTestCatalogueSave(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceProjects(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceRequest(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceProject(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceEdit(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceStep(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceConsent(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceDocumentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceDocument(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceSbomFindings(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiThreatModelExport(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiThreatModelImport(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiThreatModelEdit(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleThreatModelSvg(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceCoverage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceItemAdd(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceItemChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceItemRemove(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceFindings(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceFindingAdd(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceFindingChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceFindingStep(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceChecklist(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiDeviceAssess(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceReportPdf(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Pages.
void HandleDevicesPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDevicePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceThreatsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceThreatsForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceItemsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceItemsForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceFindingsPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceFindingsForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceChecklistPage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleDeviceChecklistForm(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminTestCataloguePage(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleAdminTestCatalogueForm(AppContext& app, const Auth& auth, const Request& req, Response& res);

}  // namespace proven::web
