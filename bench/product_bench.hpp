#pragma once
// `proven_bench products`: the verified-product catalogue on the schema-driven engine.
#include <cstddef>
#include <string>

namespace proven::bench {

// Returns 0 when every query matched the brute-force reference.
int ProductSearch(std::size_t count, std::size_t query_count, int rounds, const std::string& markdown_path);

}  // namespace proven::bench
