#pragma once
// A service's record as JSON: every stored field in one order, the one field list shared by the
// audit log (before/after), the JSON export (its items) and the API (web/service_json.hpp builds
// its responses on it). Data, not presentation: no labels, no language.
#include <optional>
#include <string>

#include "core/date.hpp"
#include "core/json_writer.hpp"
#include "domain/service.hpp"

namespace proven::services {

// Writes the record into `w`. With `status_as_of`, also "status": the service's validity on that
// day (the export and the API show it); without, the stored state alone.
void WriteServiceRecord(JsonWriter& w, const domain::Service& s, std::optional<Date> status_as_of);

// The audit log's JSON of a service: its whole stored state, without "status" (the log records
// state, not a view of it on some day).
std::string ServiceAuditJson(const domain::Service& s);
// The detail of a "registered" event: {"registered_on", "expires_on"}.
std::string RegisteredEventDetail(const domain::Service& s);

}  // namespace proven::services
