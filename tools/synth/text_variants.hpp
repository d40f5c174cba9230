#pragma once
// The width and kana variants real lists contain (ＳＯＣ, ﾌｫﾚﾝｼﾞｯｸ, ふぉれんじっく), made with
// small fixed tables instead of ICU so that they are fast and identical everywhere. Each is
// undone by the search normalisation (NFKC, case folding, hiragana → katakana).
// Inputs must be valid UTF-8.
#include <string>
#include <string_view>

namespace proven::synth {

// ASCII letters and digits → full-width (Ａ-Ｚ, ａ-ｚ, ０-９); everything else unchanged.
std::string FullwidthAscii(std::string_view s);
void AppendFullwidthAscii(std::string& out, std::string_view s);

// Katakana, ・ and ー → half-width (ガ → ｶﾞ, パ → ﾊﾟ, ヴ → ｳﾞ); characters without a
// half-width form (ヵ, ヶ, ヰ, ...) and everything else unchanged.
std::string HalfwidthKatakana(std::string_view s);

// Katakana ァ-ヶ → hiragana ぁ-ゖ (ー stays).
std::string KatakanaToHiragana(std::string_view s);

// Hiragana ぁ-ゖ → katakana ァ-ヶ, as the search normalisation folds them.
std::string HiraganaToKatakana(std::string_view s);

// Number of code points.
std::size_t CodePointCount(std::string_view s);

}  // namespace proven::synth
