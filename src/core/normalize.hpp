#pragma once
// Search normalisation: Unicode NFKC, then case folding, then hiragana folded to katakana.
// So "ＳＯＣ" → "soc", "ﾌｫﾚﾝｼﾞｯｸ" and "ふぉれんじっく" → "フォレンジック". Used for matching only;
// stored text keeps what the user gave.
#include <string>
#include <string_view>

namespace proven {

// `s` must be valid UTF-8 (invalid sequences become U+FFFD).
std::string NormalizeForSearch(std::string_view s);

// NFKC only (no case or kana folding): for recognising coded values written with full-width
// digits or half-width kana, such as "２０２０年" or a type label.
std::string Nfkc(std::string_view s);

}  // namespace proven
