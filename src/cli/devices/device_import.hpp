#pragma once
// `proven import devices FILE`: device verification projects from JSON (the demo's
// data/demo/devices.json), each step through DeviceService as the account that would take it in
// the workspace, so every rule, score and audit entry is the real one. Meant for a new database
// (the demo builds into a file it moves into place only when every step passed); every problem
// names its JSON path ("projects[0].findings[1].cvss31").
//
// The file: {"accounts": [{"email", "roles", "organisation"}],
//            "projects": [{"maker": email, "provider": email, "service": name of the provider's 機器検証 service,
//                          request fields as POST /api/v1/device-projects (without service_id),
//                          "accept": true, "threat_model": {"elements": [edit], "threats": [edit], "paths": [edit]},
//                          "items": [{"catalogue_code" | own item fields, "status", "result", "threats": [threat titles]}],
//                          "findings": [finding fields with "threat": threat title, "item": catalogue code,
//                                       "response": {…}, "retest": {…}, "disclose_on": date proposed by the provider and agreed by the maker],
//                          "checklist": [{"baseline", "code", "status", "note"}],
//                          "report": summary (issues the report), "publish": true (both sides consent)}]}
// Elements, threats and items are named in the file by name or title; ids are made on import.
#include <string_view>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct DeviceImportReport {
  int accounts = 0;
  int projects = 0;
  int threats = 0;
  int items = 0;
  int findings = 0;
};

Result<DeviceImportReport> ImportDevices(store::ConnectionPool& pool, std::string_view json_text);

}  // namespace proven::cli
