#pragma once
// The condition-search engine for any catalogue schema (see docs/adr/0004-search-engine.md and
// docs/adr/0009-schema-driven-search.md).
//
// A large immutable *base* (built once from the store: normalised text with a bigram index,
// per-document attributes as arrays, facet value sets, sort permutations) plus a small
// immutable *overlay* of documents changed since (the changed base documents are hidden by a
// bitmap). Writes publish a new overlay in microseconds; a search takes the current
// (base, overlay) pair and so always sees one consistent state. Term results are cached per base
// in an LRU cache with a byte cap. Results are exactly those of ReferenceSearch
// (search/reference.hpp) on the same schema.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/schema.hpp"

namespace proven::search {

struct EngineOptions {
  std::size_t term_cache_bytes = 256u << 20;  // cap on cached term results per base
  unsigned build_threads = 2;                  // threads normalising text while building
};

class BaseIndex;  // opaque: built by EngineBuilder, read by Engine

// Builds a base from documents given in ascending id order (throws std::invalid_argument
// otherwise, or when the schema is invalid). Not thread-safe; Add may be called millions of times.
class EngineBuilder {
 public:
  EngineBuilder(std::shared_ptr<const Schema> schema, EngineOptions options = {});
  ~EngineBuilder();
  void Add(Doc doc);
  std::shared_ptr<const BaseIndex> Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct EngineStats {
  std::size_t base_docs = 0;
  std::size_t overlay_docs = 0;  // changed or added since the base was built
  std::size_t hidden_base_docs = 0;
  std::size_t index_bytes = 0;   // base structures
  std::size_t cache_bytes = 0;   // cached term results
  std::size_t cached_terms = 0;
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const Schema> schema, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces everything with these documents.
  void Build(std::vector<Doc> docs);
  // Installs a base built elsewhere (e.g. in the background) together with the changes that
  // happened while it was being built, in one step. The base must use this engine's schema.
  void ReplaceBase(std::shared_ptr<const BaseIndex> base, std::vector<Doc> upserts = {},
                   const std::vector<std::int64_t>& removals = {});
  // Adds or replaces documents by id and removes others, in one step: every search that starts
  // after this returns sees all of it, and no search sees part of it.
  void Apply(std::vector<Doc> upserts, const std::vector<std::int64_t>& removals);
  void Upsert(std::vector<Doc> docs) { Apply(std::move(docs), {}); }
  void Remove(const std::vector<std::int64_t>& ids) { Apply({}, ids); }

  Result Search(const Query& q) const;
  EngineStats Stats() const;
  // Changes with every write or rebuild: a cached result of generation g is current while
  // generation() == g.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  const EngineOptions& options() const { return options_; }
  const std::shared_ptr<const Schema>& schema() const { return schema_; }

 private:
  struct Overlay;
  struct State {
    std::shared_ptr<const BaseIndex> base;
    std::shared_ptr<const Overlay> overlay;
  };
  State Current() const;
  static void ApplyChanges(const BaseIndex& base, Overlay& overlay, std::vector<Doc> upserts,
                           const std::vector<std::int64_t>& removals);

  std::shared_ptr<const Schema> schema_;
  EngineOptions options_;
  mutable std::mutex mu_;     // guards state_ (the pointers only)
  std::mutex write_mu_;       // serialises writers
  State state_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace proven::search
