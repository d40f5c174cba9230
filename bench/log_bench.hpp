#pragma once
// `proven_bench log`: the transparency log (issue 12, services/log) at scale — leaves appended into
// a SQLite database through store::AppendLogLeaf in write transactions, checkpoints signed by
// LogService::Tick, then a fresh LogService loading the whole log and serving checkpoints,
// entries, inclusion and consistency proofs for random requests.
#include <cstddef>
#include <string>

namespace proven::bench {

// Writes the Markdown section to `markdown_path` and key=value figures to `summary_path` (either
// may be empty).
int LogBench(std::size_t leaves, std::size_t batch, std::size_t requests, const std::string& db,
             const std::string& markdown_path, const std::string& summary_path);

}  // namespace proven::bench
