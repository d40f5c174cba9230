#pragma once
// Deterministic synthetic data for benchmarks and randomized tests: realistic (fictional)
// Japanese service listings shaped like the registry list, and search queries over them.
//
// Every result depends only on the arguments: the same seed gives byte-identical output on
// every platform and standard library (the generator uses its own PRNG and no <random>
// distributions). Listing i does not depend on `count`, so a 10k set is a prefix of the 1M set
// with the same seed. Nothing here throws except std::bad_alloc (the built-in tables are checked
// when first used; a malformed one is a programming error, std::logic_error).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "domain/service.hpp"

namespace proven::synth {

struct Options {
  std::size_t count = 10000;
  std::uint64_t seed = 42;
  double fullwidth_ascii = 0.04;  // share of listings whose ASCII words are written full-width (ＳＯＣ, Ｗｅｂ)
  double halfwidth_kana = 0.03;   // share whose katakana is half-width (ﾌｫﾚﾝｼﾞｯｸ)
  Date today{2026, 11, 28};       // validity is spread around this date
};

// Calls `sink` once per listing, ids 1..count, in id order; never holds all listings in memory.
// Each listing is what domain::ServiceFromCells would produce for its cells (trimmed text,
// canonical regions, prefecture taken from the address, registered_on <= expires_on).
void GenerateServices(const Options& options, const std::function<void(domain::Service&&)>& sink);

// Convenience for small counts: all listings in a vector.
std::vector<domain::Service> GenerateServices(const Options& options);

struct Query {
  // one_term, two_char, english, two_terms, variant, rare, text_facets, facets_only, deep_page;
  // "random" for RandomQueries.
  std::string category;
  // API query parameters in order, e.g. {"q","監査"},{"type","audit"},{"region","関東"},{"page","40"};
  // a key may repeat (type=audit&type=forensics).
  std::vector<std::pair<std::string, std::string>> params;
};

// The query categories of GenerateQueries, in the order it cycles through them.
const std::vector<std::string>& QueryCategories();

// `count` benchmark queries cycling through QueryCategories(), built from words that occur in
// the generated listings (for any listing seed). "rare" words occur in about 15 listings per
// million (1-50 at 1M).
std::vector<Query> GenerateQueries(std::size_t count, std::uint64_t seed);

// Random queries for comparing the engine with a brute-force reference: any mix of q (1-3
// terms: common words, substrings, ASCII words with and without word starts, width and kana
// variants, two-character words, rare words and words that match nothing), type, industry,
// prefecture, registrar, region, status, as_of (2018-2031), sort, order, page (1-5) and
// per_page (1-100). Every query is accepted by services::ParseSearchParams.
std::vector<Query> RandomQueries(std::size_t count, std::uint64_t seed);

}  // namespace proven::synth
