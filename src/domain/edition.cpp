#include "domain/edition.hpp"

#include <unordered_map>
#include <unordered_set>

#include "core/crypto.hpp"
#include "core/json_writer.hpp"

namespace proven::domain {

std::size_t TypeIndex(ServiceType t) {
  for (std::size_t i = 0; i < kServiceTypes.size(); ++i) {
    if (kServiceTypes[i] == t) return i;
  }
  return 0;
}

std::string EditionRowHash(const std::vector<std::string>& cells) {
  std::string json;
  JsonWriter w(json);
  w.BeginArray();
  for (const auto& c : cells) w.String(c);
  w.EndArray();
  return Sha256Hex(json);
}

namespace {

// The index of each column key.
std::unordered_map<std::string_view, std::size_t> ColumnIndex(const Edition& e) {
  std::unordered_map<std::string_view, std::size_t> out;
  for (std::size_t i = 0; i < e.columns.size(); ++i) out.emplace(e.columns[i].key, i);
  return out;
}

std::string_view Cell(const std::unordered_map<std::string_view, std::size_t>& index, const EditionRow& row,
                      std::string_view key) {
  const auto it = index.find(key);
  if (it == index.end() || it->second >= row.cells.size()) return {};
  return row.cells[it->second];
}

EditionEntry EntryOf(const std::unordered_map<std::string_view, std::size_t>& index, const EditionRow& row) {
  return {row.service_id,
          row.type,
          std::string(Cell(index, row, "name")),
          std::string(Cell(index, row, "provider")),
          std::string(Cell(index, row, "registrar")),
          std::string(Cell(index, row, "expires_on"))};
}

}  // namespace

std::string_view EditionCell(const Edition& edition, const EditionRow& row, std::string_view key) {
  for (std::size_t i = 0; i < edition.columns.size(); ++i) {
    if (edition.columns[i].key == key) return i < row.cells.size() ? std::string_view(row.cells[i]) : std::string_view();
  }
  return {};
}

EditionChanges CompareEditions(const Edition& before, const Edition& after) {
  EditionChanges out;
  const auto before_index = ColumnIndex(before);
  const auto after_index = ColumnIndex(after);
  // The fields compared: the later edition's columns, then those only the earlier one has.
  std::vector<std::string_view> keys;
  for (const auto& c : after.columns) {
    if (c.key != "id") keys.push_back(c.key);
  }
  for (const auto& c : before.columns) {
    if (c.key != "id" && !after_index.contains(c.key)) keys.push_back(c.key);
  }
  const bool same_columns = before.columns == after.columns;

  std::unordered_map<std::int64_t, const EditionRow*> earlier;
  earlier.reserve(before.rows.size());
  for (const auto& row : before.rows) {
    earlier.emplace(row.service_id, &row);
    ++out.per_type[TypeIndex(row.type)].before;
  }
  std::unordered_set<std::int64_t> later;
  later.reserve(after.rows.size());
  for (const auto& row : after.rows) {
    later.insert(row.service_id);
    auto& counts = out.per_type[TypeIndex(row.type)];
    ++counts.after;
    const auto it = earlier.find(row.service_id);
    if (it == earlier.end()) {
      out.added.push_back(EntryOf(after_index, row));
      ++counts.added;
      continue;
    }
    const EditionRow& old = *it->second;
    if (same_columns && old.cells == row.cells && old.type == row.type) continue;
    EditionChangedEntry changed{EntryOf(after_index, row), {}};
    for (const auto key : keys) {
      const auto a = Cell(before_index, old, key);
      const auto b = Cell(after_index, row, key);
      if (a != b) changed.fields.push_back({std::string(key), std::string(a), std::string(b)});
    }
    if (changed.fields.empty()) continue;
    out.changed.push_back(std::move(changed));
    ++counts.changed;
  }
  for (const auto& row : before.rows) {
    if (later.contains(row.service_id)) continue;
    out.removed.push_back(EntryOf(before_index, row));
    ++out.per_type[TypeIndex(row.type)].removed;
  }
  return out;
}

}  // namespace proven::domain
