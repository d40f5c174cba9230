#pragma once
// Normalised text of every document and a compressed bigram index over it. A term (normalised,
// two or more characters) is looked up by intersecting the posting lists of its rarest bigrams
// and verifying each candidate with a substring search, so results are exact: the bigram lists
// only narrow the candidates, the verification decides.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/doc_set.hpp"

namespace proven::search {

struct TermMatch {
  DocSet anywhere;          // documents where the term matches in any text field
  DocSet name_or_provider;  // ... in a field that ranks (for services: name or provider)
  std::size_t bytes() const { return anywhere.bytes() + name_or_provider.bytes(); }
};

class TextIndex {
 public:
  // Appends one document (the fields already normalised): the fields that rank (the title
  // first) and the rest. Documents get indices 0, 1, ...
  void Add(const std::vector<std::string_view>& ranked, const std::vector<std::string_view>& rest);
  // Packs the posting lists; call once after the last Add.
  void Finish();

  std::uint32_t size() const { return static_cast<std::uint32_t>(begin_.size() - 1); }
  // Exact matches of one normalised term under the ASCII word-start rule.
  TermMatch Match(std::string_view term) const;
  // Whether `term` matches document `d` (name/provider part only when `np_only`).
  bool Matches(std::uint32_t d, std::string_view term, bool np_only) const;
  std::size_t bytes() const;
  // The normalised title (first ranking field) of document `d`.
  std::string_view Name(std::uint32_t d) const;

 private:
  struct List {
    std::uint64_t offset = 0;  // into packed_
    std::uint32_t count = 0;
    std::uint32_t length = 0;  // bytes
  };
  struct Builder {
    std::vector<std::uint8_t> bytes;
    std::uint32_t last = 0;
    std::uint32_t count = 0;
  };
  std::vector<std::uint32_t> Decode(const List& l) const;
  std::string_view Text(std::uint32_t d, bool np_only) const;
  std::string_view Overview(std::uint32_t d) const;

  std::string text_;                    // per doc: ranked fields (\x1F between) \x1E the rest (\x1F between)
  std::vector<std::uint32_t> begin_{0};  // begin_[d]..begin_[d+1]
  std::vector<std::uint32_t> np_end_;    // end of "name \x1F provider"
  std::unordered_map<std::uint64_t, List> lists_;
  std::vector<std::uint8_t> packed_;
  // Build state (freed by Finish).
  std::unordered_map<std::uint64_t, std::uint32_t> builder_index_;
  std::vector<Builder> builders_;
  std::vector<std::uint64_t> scratch_;
};

}  // namespace proven::search
