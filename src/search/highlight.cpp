#include "search/highlight.hpp"

#include <algorithm>

#include "core/normalize.hpp"
#include "core/text.hpp"
#include "search/service_query.hpp"

namespace proven::search {
namespace {

// Marks that NFKC composes with the character before them (voiced sound marks).
bool Combines(char32_t c) {
  return c == 0x3099 || c == 0x309A || c == 0xFF9E || c == 0xFF9F || (c >= 0x0300 && c <= 0x036F);
}

}  // namespace

std::vector<Span> MatchSpans(std::string_view original, const std::vector<std::string>& terms) {
  if (terms.empty() || original.empty()) return {};
  // Normalise segment by segment, remembering which original bytes each normalised byte came from.
  std::string norm;
  std::vector<std::size_t> from;  // norm byte → original segment start
  std::vector<std::size_t> to;    // norm byte → original segment end
  std::size_t pos = 0;
  while (pos < original.size()) {
    const std::size_t seg_begin = pos;
    NextCodePoint(original, pos);
    while (pos < original.size()) {
      std::size_t peek = pos;
      if (!Combines(NextCodePoint(original, peek))) break;
      pos = peek;
    }
    const std::string n = NormalizeForSearch(original.substr(seg_begin, pos - seg_begin));
    norm += n;
    from.insert(from.end(), n.size(), seg_begin);
    to.insert(to.end(), n.size(), pos);
  }
  std::vector<Span> spans;
  for (const auto& term : terms) {
    if (term.empty()) continue;
    for (std::size_t at = norm.find(term); at != std::string::npos; at = norm.find(term, at + 1)) {
      // The word-start rule, exactly as the search applies it.
      if (IsAsciiAlnum(static_cast<unsigned char>(term[0])) && at > 0 &&
          IsAsciiAlnum(static_cast<unsigned char>(norm[at - 1]))) {
        continue;
      }
      spans.push_back({from[at], to[at + term.size() - 1]});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

Snippet MakeSnippet(std::string_view original, const std::vector<Span>& spans, std::size_t max_chars) {
  // Start about 20 characters before the first match.
  std::size_t start = 0;
  if (!spans.empty()) {
    std::vector<std::size_t> starts;  // code point boundaries before the match
    for (std::size_t p = 0; p < spans.front().begin;) {
      starts.push_back(p);
      NextCodePoint(original, p);
    }
    if (starts.size() > 20) start = starts[starts.size() - 20];
  }
  std::size_t end = start;
  for (std::size_t chars = 0; end < original.size() && chars < max_chars; ++chars) NextCodePoint(original, end);
  Snippet out;
  out.text = std::string(original.substr(start, end - start));
  out.cut_before = start > 0;
  out.cut_after = end < original.size();
  for (const auto& s : spans) {
    if (s.end <= start || s.begin >= end) continue;
    out.spans.push_back({std::max(s.begin, start) - start, std::min(s.end, end) - start});
  }
  return out;
}

}  // namespace proven::search
