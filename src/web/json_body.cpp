#include "web/json_body.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace proven::web {

Result<domain::ServiceCells> CellsFromJson(std::string_view body) {
  using nlohmann::json;
  // Depth is bounded by the body limit; nlohmann's parser is iterative for arrays and objects.
  auto j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  domain::ServiceCells cells;
  for (auto it = j.begin(); it != j.end(); ++it) {
    auto field = domain::FieldFromHeader(it.key());
    if (!field || domain::FieldInfo(*field).key != it.key()) {
      const std::string key = Ellipsize(it.key(), 40);
      return Fail(Reason{"error.body.unknown_field", {{"value", key}}}, ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not a service field", key), {}, key);
    }
    std::string cell;
    if (it->is_string()) {
      cell = it->get<std::string>();
    } else if (it->is_array()) {
      std::vector<std::string> items;
      for (const auto& v : *it) {
        if (!v.is_string()) {
          return Fail(Reason{"error.body.not_strings", {}}, ErrorCode::kInvalidArgument,
                      fmt::format("{} must hold strings", it.key()), {}, it.key());
        }
        items.push_back(v.get<std::string>());
      }
      cell = Join(items, "\n");
    } else {
      return Fail(Reason{"error.body.not_a_string", {}}, ErrorCode::kInvalidArgument,
                  fmt::format("{} must be a string", it.key()), {}, it.key());
    }
    cells[static_cast<std::size_t>(*field)] = std::move(cell);
  }
  return cells;
}

}  // namespace proven::web
