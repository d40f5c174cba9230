#pragma once
// `proven_bench cvss` (issue 16, docs/cvss.md): scores per second of cvss::Score (parse and every
// score the vector has) on pseudo-random valid vectors — v3.1 base only, v3.1 with temporal and
// environmental metrics, v4.0 base only (CVSS-B) and v4.0 with threat and environmental metrics
// (CVSS-BTE).
#include <cstddef>
#include <string>

namespace proven::bench {

struct CvssBenchOptions {
  std::size_t vectors = 20000;  // distinct vectors per kind
  int rounds = 5;               // passes over them; the best pass is reported
  std::string markdown_path;
};

int CvssBench(const CvssBenchOptions& options);

}  // namespace proven::bench
