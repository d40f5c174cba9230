#include "search/terms.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/normalize.hpp"
#include "core/text.hpp"

namespace proven::search {

std::vector<std::string> QueryTerms(const std::string& text) {
  // NFKC maps U+3000 to U+0020, so splitting after normalisation covers both spaces.
  const std::string n = NormalizeForSearch(text);
  std::vector<std::string> terms;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= n.size(); ++i) {
    // Spaces and control characters separate terms (so no term can span two fields).
    if (i == n.size() || static_cast<unsigned char>(n[i]) <= 0x20 || n[i] == 0x7F) {
      if (i > start) terms.push_back(n.substr(start, i - start));
      start = i + 1;
    }
  }
  return terms;
}

namespace {

bool WordStartOk(const char* begin, const char* at, bool word_start) {
  return !word_start || at == begin || !IsAsciiAlnum(static_cast<unsigned char>(at[-1]));
}

}  // namespace

bool TermMatches(std::string_view haystack, std::string_view term) {
  if (term.empty()) return true;
  const bool word_start = IsAsciiAlnum(static_cast<unsigned char>(term[0]));
  const char* const begin = haystack.data();
  const std::size_t n = haystack.size();
  const std::size_t m = term.size();
  if (m > n) return false;
#if defined(__SSE2__)
  // SIMD filter (W. Muła's "generic SIMD" substring search): compare two bytes of the term at
  // their distance for 16 start positions at once, and memcmp only where both agree. The bytes
  // are the 2nd and the last: in UTF-8 Japanese they are continuation bytes, which tell
  // characters apart far better than the lead byte 0xE3 that most kana share.
  if (m >= 2) {
    const std::size_t a = 1;
    const std::size_t b = m - 1;
    const __m128i va = _mm_set1_epi8(term[a]);
    const __m128i vb = _mm_set1_epi8(term[b]);
    std::size_t i = 0;
    for (; i + b + 16 <= n; i += 16) {
      const __m128i ha = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i + a));
      const __m128i hb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i + b));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(ha, va), _mm_cmpeq_epi8(hb, vb))));
      while (mask) {
        const char* at = begin + i + static_cast<std::size_t>(__builtin_ctz(mask));
        if (std::memcmp(at, term.data(), m) == 0 && WordStartOk(begin, at, word_start)) return true;
        mask &= mask - 1;
      }
    }
    for (; i + m <= n; ++i) {
      const char* at = begin + i;
      if (at[a] == term[a] && at[b] == term[b] && std::memcmp(at, term.data(), m) == 0 &&
          WordStartOk(begin, at, word_start)) {
        return true;
      }
    }
    return false;
  }
#endif
  const char* const end = begin + n;
  const char* p = begin;
  while (p < end) {
    const void* hit = memmem(p, static_cast<std::size_t>(end - p), term.data(), m);
    if (hit == nullptr) return false;
    const char* at = static_cast<const char*>(hit);
    if (WordStartOk(begin, at, word_start)) return true;
    p = at + 1;
  }
  return false;
}

}  // namespace proven::search
