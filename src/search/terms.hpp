#pragma once
// Search terms: how free text becomes terms, and when a term matches a text.
#include <string>
#include <string_view>
#include <vector>

namespace proven::search {

// Normalised search terms of a free-text query (NFKC, case fold, hiragana → katakana),
// split on white space; empty when the text has no terms.
std::vector<std::string> QueryTerms(const std::string& text);

// Whether `term` (normalised) occurs in `haystack` (normalised) under the word-start rule: a
// term starting with an ASCII letter or digit must not follow an ASCII letter or digit.
bool TermMatches(std::string_view haystack, std::string_view term);

}  // namespace proven::search
