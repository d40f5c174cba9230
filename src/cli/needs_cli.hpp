#pragma once
// `proven needs notify --db DB [--public-url URL] [--today YYYY-MM-DD]`: one round of the saved
// needs' watch (services/matching/needs_service.hpp), as `serve` runs it every --needs-interval:
// records each new match once and queues its mail in the outbox.
#include <string>

#include <CLI/CLI.hpp>

#include "store/db.hpp"

namespace proven::cli {

struct NeedsCommands {
  CLI::App* notify = nullptr;
  std::string public_url = "http://127.0.0.1:8080";
  std::string today;
};
NeedsCommands AddNeedsCommands(CLI::App& app, std::string& db);
bool NeedsCommandParsed(const NeedsCommands& c);
int RunNeedsCommand(const NeedsCommands& c, store::ConnectionPool& pool);

}  // namespace proven::cli
