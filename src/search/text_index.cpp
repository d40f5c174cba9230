#include "search/text_index.hpp"

#include <algorithm>
#include <cstring>

#include "core/text.hpp"
#include "search/terms.hpp"

namespace proven::search {
namespace {

constexpr char kFieldSep = '\x1F';
constexpr char kOverviewSep = '\x1E';

std::uint64_t BigramKey(char32_t a, char32_t b) { return (std::uint64_t{a} << 21) | std::uint64_t{b}; }

void PutVarint(std::vector<std::uint8_t>& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

// Appends the distinct bigram keys of one field.
void FieldBigrams(std::string_view field, std::vector<std::uint64_t>& out) {
  std::size_t pos = 0;
  if (field.empty()) return;
  char32_t prev = NextCodePoint(field, pos);
  while (pos < field.size()) {
    const char32_t cur = NextCodePoint(field, pos);
    out.push_back(BigramKey(prev, cur));
    prev = cur;
  }
}

}  // namespace

void TextIndex::Add(const std::vector<std::string_view>& ranked, const std::vector<std::string_view>& rest) {
  const auto d = static_cast<std::uint32_t>(np_end_.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (i > 0) text_.push_back(kFieldSep);
    text_.append(ranked[i]);
  }
  np_end_.push_back(static_cast<std::uint32_t>(text_.size()));
  text_.push_back(kOverviewSep);
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (i > 0) text_.push_back(kFieldSep);
    text_.append(rest[i]);
  }
  begin_.push_back(static_cast<std::uint32_t>(text_.size()));

  scratch_.clear();
  for (auto f : ranked) FieldBigrams(f, scratch_);
  for (auto f : rest) FieldBigrams(f, scratch_);
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  for (const auto key : scratch_) {
    auto [it, inserted] = builder_index_.try_emplace(key, static_cast<std::uint32_t>(builders_.size()));
    if (inserted) builders_.emplace_back();
    Builder& b = builders_[it->second];
    PutVarint(b.bytes, b.count == 0 ? d : d - b.last);
    b.last = d;
    ++b.count;
  }
}

void TextIndex::Finish() {
  std::size_t total = 0;
  for (const auto& b : builders_) total += b.bytes.size();
  packed_.reserve(total);
  lists_.reserve(builder_index_.size());
  for (const auto& [key, idx] : builder_index_) {
    Builder& b = builders_[idx];
    lists_.emplace(key, List{packed_.size(), b.count, static_cast<std::uint32_t>(b.bytes.size())});
    packed_.insert(packed_.end(), b.bytes.begin(), b.bytes.end());
    std::vector<std::uint8_t>().swap(b.bytes);
  }
  std::vector<Builder>().swap(builders_);
  std::unordered_map<std::uint64_t, std::uint32_t>().swap(builder_index_);
  std::vector<std::uint64_t>().swap(scratch_);
  text_.shrink_to_fit();
  begin_.shrink_to_fit();
  np_end_.shrink_to_fit();
}

std::size_t TextIndex::bytes() const {
  return text_.capacity() + begin_.capacity() * 4 + np_end_.capacity() * 4 + packed_.capacity() +
         lists_.size() * (sizeof(List) + 8 + 16);
}

std::vector<std::uint32_t> TextIndex::Decode(const List& l) const {
  std::vector<std::uint32_t> out;
  out.reserve(l.count);
  const std::uint8_t* p = packed_.data() + l.offset;
  const std::uint8_t* end = p + l.length;
  std::uint32_t doc = 0;
  bool first = true;
  while (p < end) {
    std::uint32_t v = 0;
    int shift = 0;
    while (*p & 0x80) {
      v |= static_cast<std::uint32_t>(*p++ & 0x7F) << shift;
      shift += 7;
    }
    v |= static_cast<std::uint32_t>(*p++) << shift;
    doc = first ? v : doc + v;
    first = false;
    out.push_back(doc);
  }
  return out;
}

std::string_view TextIndex::Text(std::uint32_t d, bool np_only) const {
  const std::uint32_t b = begin_[d];
  const std::uint32_t e = np_only ? np_end_[d] : begin_[d + 1];
  return std::string_view(text_).substr(b, e - b);
}

std::string_view TextIndex::Overview(std::uint32_t d) const {
  const std::uint32_t b = np_end_[d] + 1;  // after the separator
  return std::string_view(text_).substr(b, begin_[d + 1] - b);
}

std::string_view TextIndex::Name(std::uint32_t d) const {
  const std::string_view t = Text(d, true);
  return t.substr(0, t.find(kFieldSep));
}

bool TextIndex::Matches(std::uint32_t d, std::string_view term, bool np_only) const {
  return TermMatches(Text(d, np_only), term);
}

TermMatch TextIndex::Match(std::string_view term) const {
  const std::uint32_t n = size();
  std::vector<char32_t> cps;
  for (std::size_t pos = 0; pos < term.size();) cps.push_back(NextCodePoint(term, pos));

  std::vector<std::uint32_t> candidates;
  bool scan_all = cps.size() < 2;
  if (!scan_all) {
    std::vector<const List*> lists;
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      auto it = lists_.find(BigramKey(cps[i], cps[i + 1]));
      if (it == lists_.end()) return {DocSet::FromSorted({}, n), DocSet::FromSorted({}, n)};
      lists.push_back(&it->second);
    }
    std::sort(lists.begin(), lists.end(), [](const List* a, const List* b) { return a->count < b->count; });
    lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
    candidates = Decode(*lists[0]);
    // Intersect with the next rarest lists while they still narrow enough to pay off.
    for (std::size_t i = 1; i < lists.size() && i < 3 && !candidates.empty(); ++i) {
      if (lists[i]->count > candidates.size() * 16) break;
      const auto other = Decode(*lists[i]);
      std::vector<std::uint32_t> merged;
      std::set_intersection(candidates.begin(), candidates.end(), other.begin(), other.end(),
                            std::back_inserter(merged));
      candidates.swap(merged);
    }
  }

  std::vector<std::uint32_t> anywhere;
  std::vector<std::uint32_t> np;
  // A two-character term without the word-start rule is exactly its bigram: every candidate
  // matches somewhere, and only the short name/provider part needs reading.
  const bool exact_candidates = cps.size() == 2 && !IsAsciiAlnum(cps[0]);
  auto verify = [&](std::uint32_t d) {
    if (TermMatches(Text(d, true), term)) {
      anywhere.push_back(d);
      np.push_back(d);
    } else if (exact_candidates || TermMatches(Overview(d), term)) {
      anywhere.push_back(d);
    }
  };
  if (scan_all) {
    for (std::uint32_t d = 0; d < n; ++d) verify(d);
  } else {
    for (auto d : candidates) verify(d);
  }
  return {DocSet::FromSorted(std::move(anywhere), n), DocSet::FromSorted(std::move(np), n)};
}

}  // namespace proven::search
