#include "search/service_query.hpp"

#include <cstring>

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

bool TermMatches(std::string_view haystack, std::string_view term) {
  if (term.empty()) return true;
  const auto first = static_cast<unsigned char>(term[0]);
  const bool word_start = IsAsciiAlnum(first);
  // glibc's memmem, unlike a memchr-led find, does not stall on the lead byte 0xE3 that almost
  // every kana character shares.
  const char* const begin = haystack.data();
  const char* const end = begin + haystack.size();
  const char* p = begin;
  while (p < end) {
    const void* hit = memmem(p, static_cast<std::size_t>(end - p), term.data(), term.size());
    if (hit == nullptr) return false;
    const char* at = static_cast<const char*>(hit);
    if (!word_start || at == begin || !IsAsciiAlnum(static_cast<unsigned char>(at[-1]))) return true;
    p = at + 1;
  }
  return false;
}

}  // namespace proven::search
