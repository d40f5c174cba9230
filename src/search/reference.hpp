#pragma once
// The contract's rules one document at a time, and the brute-force search built on them: the
// reference the engine is tested and benchmarked against, for any schema. The engine evaluates
// its overlay documents with the same Evaluate, so the two cannot drift apart on a rule.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/schema.hpp"

namespace proven::search {

// A document's text as the rules read it.
struct NormalisedDoc {
  std::vector<std::string> text;  // per text field, normalised
  std::string compact_title;      // normalised title without spaces (exact-title tier)
  std::string collation_key;      // ICU Japanese sort key of the original title
};
// Normalises every document (ICU; for small sets or once per benchmark).
std::vector<NormalisedDoc> NormaliseDocs(const std::vector<Doc>& docs);
std::string CompactTitle(std::string_view normalised_title);

// The parts of a query that the per-document rules need, worked out once.
struct PreparedQuery {
  PreparedQuery(const Schema& schema, const Query& query);
  const Schema& schema;
  const Query& q;
  std::vector<std::string> terms;  // normalised
  std::string whole;               // the terms run together (exact-title tier)
  const StatusRule* status = nullptr;
  std::uint32_t facets_on = 0;     // bit f: facet f has a selection
  std::uint32_t keyword_facets = 0;  // bit f: facet f is a keyword facet (FacetField::keyword)
};
// Whether the document has `pq.whole` as a value of a keyword facet.
bool KeywordMatches(const PreparedQuery& pq, const Doc& d);

// How one document fares: nullopt when it fails status, a mask, a scope or the text and so
// counts nowhere; otherwise which facet selections it passes (bit f) and its relevance tier.
struct DocVerdict {
  std::uint32_t facet_ok = 0;
  std::uint32_t all_facets = 0;
  int tier = 1;
  bool all() const { return facet_ok == all_facets; }
  // Whether the document counts for facet f: it passes every other facet's selection.
  bool counts_for(std::size_t f) const { return (facet_ok | (std::uint32_t{1} << f)) == all_facets; }
};
std::optional<DocVerdict> Evaluate(const PreparedQuery& pq, const Doc& d, const std::vector<std::string>& text,
                                   std::string_view compact_title);

// Each value of facet f of a document once, in first-seen order.
std::vector<std::string_view> DistinctValues(const Doc& d, std::size_t f);

Result ReferenceSearch(const Schema& schema, const std::vector<Doc>& docs, const std::vector<NormalisedDoc>& normalised,
                       const Query& q);

}  // namespace proven::search
