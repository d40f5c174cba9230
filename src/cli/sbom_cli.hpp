#pragma once
// SBOMs and OSV on the command line (issue 15, docs/sbom.md):
//   proven osv import PATH --db DB [--ecosystem NAME] [--skip-invalid] [--public-url URL]
//       OSV records from a directory or an all.zip (services/sbom/osv_import.hpp): only changed
//       records, withdrawn ones taken out of force, alerts and mail for the products they affect.
//   proven osv status --db DB
//       the newest import (the snapshot findings cite) and the number of records in force.
//   proven sbom add FILE --product ID --release R --as EMAIL --db DB [--lang ja|en]
//       attaches an SBOM to a product release as that account would through the API (its vendor's
//       accounts or an admin), e.g. for the demo data; prints the counts of findings.
//   proven sbom check FILE --db DB [--format json|table]
//       the findings for one SBOM (CycloneDX 1.4–1.6 or SPDX 2.3 JSON) without storing it:
//       {"findings": [{"component", "purl", "id", "aliases", "range", "comparator", …}],
//        "unmatched": [{"component", "reason", …}], "snapshot", "components"}.
// Exit codes: 0 done, 2 bad input (an SBOM or record that does not read, naming file and field),
// 1 anything else.
#include <string>

#include <CLI/CLI.hpp>

#include "services/sbom/sbom_check.hpp"

namespace proven::cli {

struct SbomCommands {
  CLI::App* osv_import = nullptr;
  CLI::App* osv_status = nullptr;
  CLI::App* check = nullptr;
  CLI::App* add = nullptr;
  std::int64_t product = 0;
  std::string release;
  std::string as;
  std::string lang = "ja";
  std::string path;
  std::string ecosystem;
  bool skip_invalid = false;
  std::string public_url = "http://127.0.0.1:8080";
  std::string format = "json";
};
SbomCommands AddSbomCommands(CLI::App& app, std::string& db);
bool SbomCommandParsed(const SbomCommands& c);
int RunSbomCommand(const SbomCommands& c, const std::string& db);

// The JSON `proven sbom check` prints, also what the API's findings are built from.
std::string CheckJson(const services::CheckOutcome& outcome);
std::string CheckTable(const services::CheckOutcome& outcome);

}  // namespace proven::cli
