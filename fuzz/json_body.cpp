// JSON request bodies of the service routes (web/json_body.hpp): CellsFromJson, then the row
// validation every register, change and proposal goes through (ServiceFromCells).
// Invariants: an accepted body names only service fields by their English keys; writing the
// cells back as a JSON object reads back to the same cells; an error names a parameter when it
// is about a key.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "domain/service_fields.hpp"
#include "web/json_body.hpp"

using namespace proven;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto cells = web::CellsFromJson(body);
  if (!cells) {
    FUZZ_CHECK(cells.error().code == ErrorCode::kInvalidArgument);
    FUZZ_CHECK(!cells.error().message.empty());
    return 0;
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& info : domain::ServiceFields()) {
    const auto& cell = (*cells)[static_cast<std::size_t>(info.field)];
    if (cell) out[std::string(info.key)] = *cell;
  }
  const std::string written = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  auto again = web::CellsFromJson(written);
  FUZZ_CHECK(again.has_value() && *again == *cells);

  // What the handler does next with the cells.
  auto row = domain::ServiceFromCells(*cells);
  if (auto* problems = std::get_if<std::vector<domain::FieldProblem>>(&row)) FUZZ_CHECK(!problems->empty());
  return 0;
}
