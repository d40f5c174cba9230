#pragma once
// The API's JSON of a service: its record (services/service_record.hpp) with its status on the
// day asked about. One shape for a single service, search results and the registrar's answers.
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/json_writer.hpp"
#include "domain/service.hpp"

namespace proven::web {

// Written straight into `w` (the search response's hot path).
void WriteServiceJson(JsonWriter& w, const domain::Service& s, Date as_of);
// The same as a tree, for callers that want one.
nlohmann::ordered_json ServiceToJson(const domain::Service& s, Date as_of);

}  // namespace proven::web
