#pragma once
// A small PRNG (xoshiro256**, seeded through splitmix64) and the few distributions the
// generator needs, all defined here so that a seed gives the same numbers on every platform.
// <random>'s distributions are implementation-defined and are deliberately not used.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

namespace proven::synth {

inline std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = SplitMix64(x);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) for 1 <= n <= 2^32 (multiply-shift; the bias is below 2^-32 · n).
  std::uint32_t Below(std::uint64_t n) { return static_cast<std::uint32_t>(((Next() >> 32) * n) >> 32); }
  std::size_t Index(std::size_t n) { return Below(n); }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo) + 1)); }
  // Uniform in [0, 1) with 53 random bits: exact, so comparisons are portable.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

  // A uniformly chosen element of a non-empty array, span or vector.
  template <class C>
  const auto& Pick(const C& items) {
    return items[Index(std::size(items))];
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Picks index i with probability weights[i] / sum(weights).
class WeightedIndex {
 public:
  WeightedIndex() = default;
  explicit WeightedIndex(std::span<const std::uint32_t> weights) {
    std::uint64_t sum = 0;
    cumulative_.reserve(weights.size());
    for (auto w : weights) cumulative_.push_back(sum += w);
  }
  std::size_t Pick(Rng& rng) const {
    const std::uint64_t r = rng.Below(cumulative_.back());
    std::size_t lo = 0;
    std::size_t hi = cumulative_.size() - 1;
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (r < cumulative_[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<std::uint64_t> cumulative_;
};

}  // namespace proven::synth
