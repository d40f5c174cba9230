#pragma once
// Sets of documents (dense indices 0..n-1 of one index generation): a bitmap for dense sets,
// a sorted vector for sparse ones. The search engine combines them with AND and counts them.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace proven::search {

// A dense bitmap of `n` documents.
class Bits {
 public:
  Bits() = default;
  explicit Bits(std::uint32_t n, bool fill = false)
      : n_(n), words_((n + 63) / 64, fill ? ~std::uint64_t{0} : 0) {
    if (fill) ClearTail();
  }
  std::uint32_t size() const { return n_; }
  bool Test(std::uint32_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
  void Set(std::uint32_t i) { words_[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void Clear(std::uint32_t i) { words_[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  std::uint64_t* words() { return words_.data(); }
  const std::uint64_t* words() const { return words_.data(); }
  std::size_t word_count() const { return words_.size(); }
  std::size_t bytes() const { return words_.size() * 8; }

  void And(const Bits& o) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= o.words_[w];
  }
  void AndNot(const Bits& o) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= ~o.words_[w];
  }
  void Or(const Bits& o) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] |= o.words_[w];
  }
  std::uint32_t Count() const {
    std::uint64_t c = 0;
    for (auto w : words_) c += static_cast<std::uint64_t>(std::popcount(w));
    return static_cast<std::uint32_t>(c);
  }
  // popcount(this AND o) without materialising the AND.
  std::uint32_t CountAnd(const Bits& o) const {
    std::uint64_t c = 0;
    for (std::size_t w = 0; w < words_.size(); ++w) c += static_cast<std::uint64_t>(std::popcount(words_[w] & o.words_[w]));
    return static_cast<std::uint32_t>(c);
  }
  template <class F>
  void ForEach(F&& f) const {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      std::uint64_t x = words_[w];
      while (x) {
        f(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(x))));
        x &= x - 1;
      }
    }
  }

 private:
  void ClearTail() {
    if (n_ % 64 && !words_.empty()) words_.back() &= (std::uint64_t{1} << (n_ % 64)) - 1;
  }
  std::uint32_t n_ = 0;
  std::vector<std::uint64_t> words_;
};

// A set kept in whichever form is smaller.
class DocSet {
 public:
  DocSet() = default;
  // `docs` sorted ascending, unique, each < n.
  static DocSet FromSorted(std::vector<std::uint32_t> docs, std::uint32_t n) {
    DocSet s;
    s.n_ = n;
    s.count_ = static_cast<std::uint32_t>(docs.size());
    if (docs.size() > n / 32) {
      s.bits_ = Bits(n);
      for (auto d : docs) s.bits_.Set(d);
      s.dense_ = true;
    } else {
      docs.shrink_to_fit();
      s.list_ = std::move(docs);
    }
    return s;
  }
  static DocSet FromBits(Bits bits) {
    DocSet s;
    s.n_ = bits.size();
    s.count_ = bits.Count();
    if (s.count_ > s.n_ / 32) {
      s.bits_ = std::move(bits);
      s.dense_ = true;
    } else {
      s.list_.reserve(s.count_);
      bits.ForEach([&](std::uint32_t d) { s.list_.push_back(d); });
    }
    return s;
  }
  std::uint32_t count() const { return count_; }
  bool dense() const { return dense_; }
  const Bits& bits() const { return bits_; }
  const std::vector<std::uint32_t>& list() const { return list_; }
  std::size_t bytes() const { return dense_ ? bits_.bytes() : list_.capacity() * 4; }

  // target &= this
  void AndInto(Bits& target) const {
    if (dense_) {
      target.And(bits_);
      return;
    }
    Bits tmp(n_);
    for (auto d : list_) {
      if (target.Test(d)) tmp.Set(d);
    }
    target = std::move(tmp);
  }
  // target |= this
  void OrInto(Bits& target) const {
    if (dense_) {
      target.Or(bits_);
      return;
    }
    for (auto d : list_) target.Set(d);
  }
  // |this AND b|
  std::uint32_t CountAnd(const Bits& b) const {
    if (dense_) return bits_.CountAnd(b);
    std::uint32_t c = 0;
    for (auto d : list_) c += b.Test(d) ? 1u : 0u;
    return c;
  }
  bool Contains(std::uint32_t d) const {
    if (dense_) return bits_.Test(d);
    return std::binary_search(list_.begin(), list_.end(), d);
  }

 private:
  std::uint32_t n_ = 0;
  std::uint32_t count_ = 0;
  bool dense_ = false;
  Bits bits_;
  std::vector<std::uint32_t> list_;
};

}  // namespace proven::search
