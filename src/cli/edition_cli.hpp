#pragma once
// `proven editions publish --db DB [--date YYYY-MM-DD]`: freezes the list valid on that date (today
// in Asia/Tokyo by default) as a dated edition (docs/adr/0016-list-editions.md); refused when that
// date has one. `proven editions list --db DB`: every edition with its total and SHA-256.
#include <string>

#include <CLI/CLI.hpp>

#include "store/db.hpp"

namespace proven::cli {

struct EditionCommands {
  CLI::App* publish = nullptr;
  CLI::App* list = nullptr;
  std::string date;
};
EditionCommands AddEditionCommands(CLI::App& app, std::string& db);
bool EditionCommandParsed(const EditionCommands& c);
int RunEditionCommand(const EditionCommands& c, store::ConnectionPool& pool);

}  // namespace proven::cli
