#pragma once
// `proven_bench sbom` (issue 15, docs/sbom.md): the OSV matcher and the reverse index on synthetic
// OSV data — SBOMs of 5,000 and 50,000 components against a warm index, "which SBOMs does this
// advisory affect" with 10k SBOMs × 1k components, and `proven osv import` of a large directory of
// records into a fresh database (time and peak memory).
#include <cstddef>
#include <string>

namespace proven::bench {

struct SbomBenchOptions {
  std::size_t records = 200000;     // OSV records in the warm index
  std::size_t sboms = 10000;        // SBOMs in the reverse index
  std::size_t components = 1000;    // components per SBOM in the reverse index
  std::size_t import_records = 0;   // records written to a directory and imported (0: skip)
  std::string work_dir = "bench/out/sbom";
  std::string markdown_path;
};

int SbomBench(const SbomBenchOptions& options);

}  // namespace proven::bench
