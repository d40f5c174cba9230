#include "cli/devices/cvss_cli.hpp"

#include <cstdio>

#include "cvss/cvss.hpp"

namespace proven::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

}  // namespace

CvssCommands AddCvssCommands(CLI::App& app) {
  CvssCommands c;
  c.score = app.add_subcommand(
      "cvss", "Score a CVSS vector (CVSS:3.0/…, CVSS:3.1/… or CVSS:4.0/…) per FIRST's specifications "
              "and print the scores as one JSON line");
  c.score->add_option("VECTOR", c.vector, "The vector, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
      ->required();
  return c;
}

bool CvssCommandParsed(const CvssCommands& c) { return c.score != nullptr && c.score->parsed(); }

int RunCvssCommand(const CvssCommands& c) {
  auto scores = cvss::Score(c.vector);
  if (!scores) {
    std::fprintf(stderr, "error: %s\n", scores.error().message.c_str());
    return kExitBadInput;
  }
  std::printf("%s\n", cvss::ToJson(*scores).dump().c_str());
  return kExitOk;
}

}  // namespace proven::cli
