#pragma once
// JSON request bodies of the service routes → the cells the domain validates. Pure (no I/O);
// fuzzed (fuzz/).
#include <string_view>

#include "core/result.hpp"
#include "domain/service_fields.hpp"

namespace proven::web {

// A JSON object of fields (English keys) → cells; lists may be arrays of strings or strings.
// kInvalidArgument, naming the key, for anything else: not an object, an unknown key, a value
// that is neither a string nor an array of strings.
Result<domain::ServiceCells> CellsFromJson(std::string_view body);

}  // namespace proven::web
