#pragma once
// The transparency log's commands (issue 12, docs/transparency-log.md):
//   proven log init-key FILE [--name NAME]          a signing key file (0600, never overwritten)
//   proven log verify --db PATH [--key FILE ...]     the stored log: leaves, checkpoints, records
//   proven log verify --key FILE --checkpoint FILE [--entries FILE ...]
//                                                    files downloaded from a server
//   proven log monitor --url URL --key FILE --state FILE [--once] [--interval SECONDS]
//                                                    a server's checkpoints, each consistent with
//                                                    the last one verified (fork / rollback)
//   proven verify RECORD.json --key FILE             one record bundle, offline
// and the audit anchors that `proven audit verify` checks as well.
//
// Exit status: 0 verified; 1 something could not be read or fetched; 2 bad input or a check
// failed (a changed record, a bad signature, entries that do not hash to the root); 3 the
// monitor saw a fork or a rollback.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::cli {

struct LogCommands {
  CLI::App* init_key = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* monitor = nullptr;
  CLI::App* verify_record = nullptr;  // `proven verify RECORD.json`
  std::string key_file;               // init-key's FILE
  std::string name;
  std::vector<std::string> keys;      // --key (verifier key files)
  std::string checkpoint;             // --checkpoint FILE
  std::vector<std::string> entries;   // --entries FILE...
  std::string record;                 // RECORD.json
  std::string url;
  std::string state;
  bool once = false;
  double interval_s = 60;
};
// Adds `log` (init-key, verify, monitor) and `verify` to `app`; --db of log verify goes to `db`.
LogCommands AddLogCommands(CLI::App& app, std::string& db);
bool LogCommandParsed(const LogCommands& c);
// Opens an existing database whose schema is current (app.cpp's OpenDatabase).
using OpenDb = std::function<Result<std::unique_ptr<store::ConnectionPool>>(const std::string& db)>;
int RunLogCommand(const LogCommands& c, const std::string& db, const OpenDb& open_db);

// `proven audit verify`'s second half: the audit log against the heads anchored in the
// transparency log as "audit.head" leaves (services::VerifyAuditAnchors). Prints each problem on
// stderr, prefixed with `where`.
struct AuditAnchorSummary {
  bool failed = false;       // the logs could not be read (the error is printed)
  std::size_t problems = 0;  // printed on stderr
  std::string summary;       // "3 audit head(s) anchored in the transparency log, the newest at entry 41"
};
AuditAnchorSummary CheckAuditAnchors(store::ConnectionPool& pool, const std::string& where);

}  // namespace proven::cli
