#pragma once
// `proven cvss VECTOR` (issue 16, docs/cvss.md): scores a CVSS v3.0, v3.1 or v4.0 vector exactly per
// FIRST's specifications and prints one JSON line, cvss::ToJson: {"version", "base_score",
// "severity"} and the temporal/threat/environmental scores, nomenclature and macrovector when the
// vector has them. No database.
// Exit codes: 0 scored, 2 a bad vector ("error: <message naming the metric>" on stderr).
#include <string>

#include <CLI/CLI.hpp>

namespace proven::cli {

struct CvssCommands {
  CLI::App* score = nullptr;
  std::string vector;
};
CvssCommands AddCvssCommands(CLI::App& app);
bool CvssCommandParsed(const CvssCommands& c);
int RunCvssCommand(const CvssCommands& c);

}  // namespace proven::cli
