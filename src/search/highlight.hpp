#pragma once
// Where search terms occur in original (un-normalised) text, for highlighting: matching is done
// on the normalised text, exactly as the search does, and mapped back to byte ranges of the
// original, so "ﾌｫﾚﾝｼﾞｯｸ" is highlighted when the user typed フォレンジック.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proven::search {

struct Span {
  std::size_t begin = 0;  // byte offsets into the original text
  std::size_t end = 0;
  bool operator==(const Span&) const = default;
};

// Sorted, non-overlapping spans of every match of every (normalised) term.
std::vector<Span> MatchSpans(std::string_view original, const std::vector<std::string>& terms);

// A window of `original` of about `max_chars` characters that starts shortly before the first
// span (or at the start), with the spans inside it re-based to the window. `cut_before` and
// `cut_after` tell whether text was left out on either side.
struct Snippet {
  std::string text;
  std::vector<Span> spans;
  bool cut_before = false;
  bool cut_after = false;
};
Snippet MakeSnippet(std::string_view original, const std::vector<Span>& spans, std::size_t max_chars);

}  // namespace proven::search
