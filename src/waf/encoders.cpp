#include "waf/encoders.hpp"

#include <random>

#include <fmt/format.h>

namespace proven::waf {
namespace {

bool IsAlnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsUnreserved(unsigned char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

constexpr char kHexUpper[] = "0123456789ABCDEF";

void AppendPercent(std::string& out, unsigned char c) {
  out += '%';
  out += kHexUpper[c >> 4];
  out += kHexUpper[c & 0x0F];
}

std::string Url(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 3);
  for (const char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      AppendPercent(out, c);
    }
  }
  return out;
}

// Decodes UTF-8 into code points; a byte that does not start a valid sequence stands for itself
// (its Latin-1 code point), so every input has a defined output.
std::vector<std::uint32_t> CodePoints(std::string_view in) {
  std::vector<std::uint32_t> out;
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    int len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      len = 1, cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= in.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(in[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))) {
      ok = false;
    }
    if (!ok) {
      out.push_back(c);
      ++i;
    } else {
      out.push_back(cp);
      i += static_cast<std::size_t>(len);
    }
  }
  return out;
}

std::vector<std::uint16_t> Utf16(std::string_view in) {
  std::vector<std::uint16_t> out;
  for (const std::uint32_t cp : CodePoints(in)) {
    if (cp >= 0x10000) {
      const std::uint32_t v = cp - 0x10000;
      out.push_back(static_cast<std::uint16_t>(0xD800 + (v >> 10)));
      out.push_back(static_cast<std::uint16_t>(0xDC00 + (v & 0x3FF)));
    } else {
      out.push_back(static_cast<std::uint16_t>(cp));
    }
  }
  return out;
}

std::string Base64(std::string_view in, bool pad) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) {
      out += kAlphabet[(v >> 6) & 63];
      if (pad) out += '=';
    } else if (pad) {
      out += "==";
    }
  }
  return out;
}

}  // namespace

std::string Encode(Encoder encoder, std::string_view payload, std::uint64_t rng_seed) {
  switch (encoder) {
    case Encoder::kPlain:
      return std::string(payload);
    case Encoder::kUrl:
      return Url(payload);
    case Encoder::kDoubleUrl:
      return Url(Url(payload));
    case Encoder::kPercentU: {
      std::string out;
      for (const std::uint16_t u : Utf16(payload)) {
        if (u < 0x80 && IsAlnum(static_cast<unsigned char>(u))) {
          out += static_cast<char>(u);
        } else {
          out += fmt::format("%u{:04X}", u);
        }
      }
      return out;
    }
    case Encoder::kHtmlEntity: {
      std::string out;
      for (const std::uint32_t cp : CodePoints(payload)) {
        if (cp < 0x80 && IsAlnum(static_cast<unsigned char>(cp))) {
          out += static_cast<char>(cp);
        } else {
          out += fmt::format("&#x{:X};", cp);
        }
      }
      return out;
    }
    case Encoder::kJsEscape: {
      std::string out;
      for (const std::uint16_t u : Utf16(payload)) out += fmt::format("\\u{:04x}", u);
      return out;
    }
    case Encoder::kBase64:
      return Base64(payload, true);
    case Encoder::kBase64Flat:
      return Base64(payload, false);
    case Encoder::kOverlongUtf8: {
      std::string out;
      for (const char ch : payload) {
        const auto c = static_cast<unsigned char>(ch);
        if (IsAlnum(c)) {
          out += ch;
        } else if (c < 0x80) {
          AppendPercent(out, static_cast<unsigned char>(0xC0 | (c >> 6)));
          AppendPercent(out, static_cast<unsigned char>(0x80 | (c & 0x3F)));
        } else {
          AppendPercent(out, c);
        }
      }
      return out;
    }
    case Encoder::kCaseMix: {
      std::mt19937_64 rng(rng_seed);
      std::string out(payload);
      for (char& ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!letter) continue;
        const bool upper = (rng() & 1U) != 0;
        const char lower = static_cast<char>(c | 0x20);
        ch = upper ? static_cast<char>(lower - 'a' + 'A') : lower;
      }
      return out;
    }
    case Encoder::kSqlCommentWs: {
      std::string out;
      bool in_space = false;
      for (const char ch : payload) {
        if (ch == ' ') {
          if (!in_space) out += "/**/";
          in_space = true;
        } else {
          out += ch;
          in_space = false;
        }
      }
      return out;
    }
  }
  return std::string(payload);
}

bool IsPercentFamily(Encoder encoder) {
  return encoder == Encoder::kUrl || encoder == Encoder::kDoubleUrl || encoder == Encoder::kPercentU ||
         encoder == Encoder::kOverlongUtf8;
}

bool Decoded(Encoder encoder, Placement placement, std::string_view category) {
  switch (encoder) {
    case Encoder::kPlain:
      return true;
    case Encoder::kUrl:
      return placement == Placement::kQuery || placement == Placement::kPath || placement == Placement::kForm ||
             placement == Placement::kCookie;
    case Encoder::kHtmlEntity:
      return placement == Placement::kXmlText || placement == Placement::kXmlAttr;
    case Encoder::kJsEscape:
      return placement == Placement::kJsonValue || placement == Placement::kJsonKey;
    case Encoder::kCaseMix:
    case Encoder::kSqlCommentWs:
      return category == "sqli";
    case Encoder::kDoubleUrl:
    case Encoder::kPercentU:
    case Encoder::kBase64:
    case Encoder::kBase64Flat:
    case Encoder::kOverlongUtf8:
      return false;
  }
  return false;
}

std::vector<Placement> DecodedIn(Encoder encoder) {
  std::vector<Placement> out;
  for (const Placement p : AllPlacements()) {
    if (Decoded(encoder, p, "sqli")) out.push_back(p);
  }
  return out;
}

}  // namespace proven::waf
