#pragma once
// What the benchmark sections share: milliseconds of a steady-clock duration, and percentiles.
#include <algorithm>
#include <chrono>
#include <vector>

namespace proven::bench {

using BenchClock = std::chrono::steady_clock;

inline double Ms(BenchClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The p-th quantile (0..1) by nearest rank; 0 for no samples.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace proven::bench
