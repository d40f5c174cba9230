#pragma once
// Dated editions of the published list (docs/adr/0016-list-editions.md): a frozen copy of every
// service valid on a date, as the cells of the export's columns at publication, and what changed
// between two editions. Pure: the store keeps editions, services/edition_service.cpp makes them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "domain/service.hpp"

namespace proven::domain {

// A column of an edition: the field's key (name, provider, ..., id) and the header its file shows.
struct EditionColumn {
  std::string key;
  std::string header;
  bool operator==(const EditionColumn&) const = default;
};

// One service as an edition holds it.
struct EditionRow {
  std::int64_t service_id = 0;
  ServiceType type = ServiceType::kAudit;
  std::vector<std::string> cells;  // in the order of Edition::columns
  std::string row_sha256;          // EditionRowHash(cells)
  bool operator==(const EditionRow&) const = default;
};

struct Edition {
  std::int64_t id = 0;  // assigned by the store
  Date date;            // the list as valid on this date (Asia/Tokyo)
  std::string created_at;  // UTC, ISO 8601
  std::string created_by;  // the actor's label; "system" for the monthly publication
  std::int64_t total = 0;
  std::vector<EditionColumn> columns;
  std::string sha256;  // of the edition's UTF-8 CSV (services/edition_service.hpp)
  // Services per type, in kServiceTypes order.
  std::array<std::int64_t, kServiceTypes.size()> per_type{};
  std::vector<EditionRow> rows;  // empty in listings
};

// The cells' hash: SHA-256 (hex) of the cells as a JSON array of strings.
std::string EditionRowHash(const std::vector<std::string>& cells);
// The cell of `key` in `row`, or "" when the edition has no such column.
std::string_view EditionCell(const Edition& edition, const EditionRow& row, std::string_view key);

// A service added or removed between two editions, as the edition that holds it shows it.
struct EditionEntry {
  std::int64_t service_id = 0;
  ServiceType type = ServiceType::kAudit;
  std::string name;
  std::string provider;
  std::string registrar;
  std::string expires_on;
};

struct EditionFieldChange {
  std::string key;  // the column's key (name, overview, ...)
  std::string before;
  std::string after;
};

struct EditionChangedEntry {
  EditionEntry entry;  // as the later edition shows it
  std::vector<EditionFieldChange> fields;  // in the later edition's column order
};

struct EditionTypeCounts {
  std::int64_t before = 0;  // services of the type in the earlier edition
  std::int64_t after = 0;
  std::int64_t added = 0;
  std::int64_t removed = 0;
  std::int64_t changed = 0;
};

struct EditionChanges {
  std::vector<EditionEntry> added;    // in the later edition's order
  std::vector<EditionEntry> removed;  // in the earlier edition's order
  std::vector<EditionChangedEntry> changed;
  std::array<EditionTypeCounts, kServiceTypes.size()> per_type{};  // kServiceTypes order
};

// What changed from `before` to `after`, by service id: added, removed, and the fields whose cells
// differ (a column only one of them has counts as empty in the other; the id column is not a
// field). A service whose type changed counts as changed under its later type.
EditionChanges CompareEditions(const Edition& before, const Edition& after);

// The index of a type in kServiceTypes.
std::size_t TypeIndex(ServiceType t);

}  // namespace proven::domain
