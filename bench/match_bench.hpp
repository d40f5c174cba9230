#pragma once
// `proven_bench match`: POST /api/v1/match's work (services/matching/matching_service) on synthetic
// registries — building the candidates once per registry generation, then matching needs against
// them.
#include <cstddef>
#include <string>

namespace proven::bench {

int MatchBench(std::size_t count, int rounds, const std::string& markdown_path);

}  // namespace proven::bench
