#pragma once
// The usual alternative, measured beside the engine: SQLite FTS5 with the trigram tokenizer on
// the same normalised text, the word-start rule and two-character terms checked by a SQL
// function, and facet counts by GROUP BY. Exact by construction (checked in every run).
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "search/index_doc.hpp"
#include "search/reference.hpp"

namespace proven::bench {

class Fts5Baseline {
 public:
  // Builds the database at `path` from the documents.
  static Result<std::unique_ptr<Fts5Baseline>> Build(const std::string& path, const std::vector<search::IndexDoc>& docs,
                                                     const std::vector<search::NormalisedDoc>& normalised);
  ~Fts5Baseline();
  Result<search::EngineResult> Search(const search::ServiceQuery& q);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Fts5Baseline();
};

}  // namespace proven::bench
