#pragma once
// `proven waf` (issue 14, docs/adr/0017-waf-effectiveness-suite.md): the WAF effectiveness suite.
//   proven waf run --target URL --report FILE.json [--seed N] [--rate N|unlimited] [--connections N]
//     [--block-status 403,406] [--block-regex RE] [--timeout MS] [--corpus DIR] [--ruleset TEXT]
//     [--name TEXT] [--html F] [--junit F] [--requests F.jsonl] [--lang ja|en]
//     [--preflight strict|benign|off] [--canary-every N] [--oracle-listen HOST:PORT]
//   proven waf compare A.json B.json [--json OUT] [--fail-on-regression]
//   proven waf html REPORT.json --out F.html [--lang ja|en]
// Exit codes: 0 done, 1 failed (or a regression with --fail-on-regression), 2 bad input, 3 the
// pre-flight failed. No database.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/result.hpp"
#include "waf/model.hpp"
#include "waf/report.hpp"

namespace proven::cli {

inline constexpr int kWafExitOk = 0;
inline constexpr int kWafExitFailure = 1;
inline constexpr int kWafExitBadInput = 2;
inline constexpr int kWafExitPreflight = 3;
// The polite profile for every target not on this machine.
inline constexpr double kPoliteRate = 20;
inline constexpr int kPoliteConnections = 2;
inline constexpr int kLoopbackConnections = 32;
inline constexpr int kDefaultTimeoutMs = 10000;

// `proven waf run`'s flags as given (strings where the flag has a syntax of its own).
struct WafRunFlags {
  std::string target;
  std::string report;
  std::optional<std::uint64_t> seed;
  std::string rate;  // "" (the profile's default), "unlimited" or a number of requests per second
  std::optional<int> connections;
  std::string block_status = "403,406";
  std::string block_regex;
  int timeout_ms = kDefaultTimeoutMs;
  std::string corpus;  // "" = the source tree's data/waf
  std::string ruleset;
  std::string name;
  std::string html, junit, requests;
  std::string lang = "ja";
  std::string preflight = "strict";
  int canary_every = 100;
  // "" = verdicts from the responses; else the oracle backend listens here (the WAF under test
  // proxies to it) and the verdicts come from whether it saw each request (waf/oracle_backend.hpp).
  std::string oracle_listen;
};

// The run's settings from the flags: a loopback target runs unlimited unless --rate says otherwise;
// any other target gets the polite profile (20 req/s, 2 connections) and may not run unlimited.
// Errors name the flag (kInvalidArgument).
Result<waf::RunSettings> ResolveRunSettings(const WafRunFlags& flags, bool loopback);
// "403,406" → {403, 406}: status codes 100–599, at least one.
Result<std::vector<int>> ParseStatusList(std::string_view text);

// Where the outputs of a run go; "" = not written. `requests` defaults to the report's path with
// ".jsonl" (beside the report).
struct WafOutputs {
  std::string report, requests, html, junit;
  std::string lang = "ja";
  std::string target_name;
  std::string tool_version = "0.1.0";
};
// Scores the run and writes the per-request JSONL, the JSON report, the JUnit XML and the HTML
// summary (each written whole to a temporary file, then renamed); returns the report as read back.
Result<waf::ReportSummary> WriteRunOutputs(const WafOutputs& out, const waf::Plan& plan, const waf::Target& target,
                                           const waf::RunSettings& settings, const waf::RunResult& run);

struct WafCommands {
  CLI::App* run = nullptr;
  CLI::App* compare = nullptr;
  CLI::App* html = nullptr;
  WafRunFlags run_flags;
  std::string compare_a, compare_b, compare_json;
  bool fail_on_regression = false;
  std::string html_report, html_out, html_lang = "ja";
};
// Owned by the caller for the parse (CLI11 binds to its members).
std::unique_ptr<WafCommands> AddWafCommands(CLI::App& app);
bool WafCommandParsed(const WafCommands& c);
int RunWafCommand(const WafCommands& c);

}  // namespace proven::cli
