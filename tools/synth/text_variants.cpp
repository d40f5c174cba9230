#include "synth/text_variants.hpp"

#include <array>

#include "core/text.hpp"

namespace proven::synth {

namespace {

constexpr char32_t kKatakanaFirst = 0x30A0;  // the table covers U+30A0..U+30FF

// Half-width forms U+FF66..U+FF9D in order, as their full-width letters.
constexpr std::u32string_view kHalfwidthBase =
    U"ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
constexpr std::u32string_view kVoiced = U"ガギグゲゴザジズゼゾダヂヅデドバビブベボ";  // base + 1
constexpr std::u32string_view kSemiVoiced = U"パピプペポ";                     // base + 2
constexpr char32_t kVoicedMark = 0xFF9E;                                      // ﾞ
constexpr char32_t kSemiVoicedMark = 0xFF9F;                                  // ﾟ

using HalfwidthTable = std::array<std::u32string, 96>;

HalfwidthTable BuildHalfwidthTable() {
  HalfwidthTable t;
  auto set = [&](char32_t full, char32_t half, char32_t mark) {
    std::u32string& e = t[full - kKatakanaFirst];
    e.push_back(half);
    if (mark != 0) e.push_back(mark);
  };
  for (std::size_t i = 0; i < kHalfwidthBase.size(); ++i) {
    set(kHalfwidthBase[i], static_cast<char32_t>(0xFF66 + i), 0);
  }
  for (char32_t c : kVoiced) set(c, t[c - 1 - kKatakanaFirst][0], kVoicedMark);
  for (char32_t c : kSemiVoiced) set(c, t[c - 2 - kKatakanaFirst][0], kSemiVoicedMark);
  set(U'ヴ', t[U'ウ' - kKatakanaFirst][0], kVoicedMark);
  set(U'・', 0xFF65, 0);
  return t;
}

}  // namespace

void AppendFullwidthAscii(std::string& out, std::string_view s) {
  for (char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      AppendUtf8(out, static_cast<char32_t>(c) + 0xFEE0);
    } else {
      out.push_back(c);
    }
  }
}

std::string FullwidthAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  AppendFullwidthAscii(out, s);
  return out;
}

std::string HalfwidthKatakana(std::string_view s) {
  static const HalfwidthTable kTable = BuildHalfwidthTable();
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    const char32_t c = NextCodePoint(s, pos);
    if (c >= kKatakanaFirst && c <= 0x30FF && !kTable[c - kKatakanaFirst].empty()) {
      for (char32_t h : kTable[c - kKatakanaFirst]) AppendUtf8(out, h);
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  return out;
}

std::string KatakanaToHiragana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t c = NextCodePoint(s, pos);
    AppendUtf8(out, c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
  }
  return out;
}

std::string HiraganaToKatakana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t c = NextCodePoint(s, pos);
    AppendUtf8(out, c >= 0x3041 && c <= 0x3096 ? c + 0x60 : c);
  }
  return out;
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace proven::synth
