// The encoders' declared semantics (issue 14, ADR 0017 "Corpus and plan"): exact vectors for each,
// and the rule that decides which requests count in the headline.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "waf/encoders.hpp"
#include "waf/placements.hpp"

namespace proven::waf {
namespace {

TEST(WafEncoders, ExactVectors) {
  EXPECT_EQ(Encode(Encoder::kPlain, "<a b>"), "<a b>");
  EXPECT_EQ(Encode(Encoder::kUrl, "a-b._~ 'x'/é"), "a-b._~%20%27x%27%2F%C3%A9");
  EXPECT_EQ(Encode(Encoder::kDoubleUrl, "' /"), "%2527%2520%252F");
  EXPECT_EQ(Encode(Encoder::kPercentU, "a'<日😀"), "a%u0027%u003C%u65E5%uD83D%uDE00");
  EXPECT_EQ(Encode(Encoder::kHtmlEntity, "a<b>\"日"), "a&#x3C;b&#x3E;&#x22;&#x65E5;");
  EXPECT_EQ(Encode(Encoder::kJsEscape, "a<日😀"), "\\u0061\\u003c\\u65e5\\ud83d\\ude00");
  EXPECT_EQ(Encode(Encoder::kBase64, ""), "");
  EXPECT_EQ(Encode(Encoder::kBase64, "f"), "Zg==");
  EXPECT_EQ(Encode(Encoder::kBase64, "fo"), "Zm8=");
  EXPECT_EQ(Encode(Encoder::kBase64, "foo"), "Zm9v");
  EXPECT_EQ(Encode(Encoder::kBase64, "<script>"), "PHNjcmlwdD4=");
  EXPECT_EQ(Encode(Encoder::kBase64Flat, "<script>"), "PHNjcmlwdD4");
  EXPECT_EQ(Encode(Encoder::kBase64Flat, "\xff\xfe"), "//4");
  EXPECT_EQ(Encode(Encoder::kOverlongUtf8, "../a"), "%C0%AE%C0%AE%C0%AFa");
  EXPECT_EQ(Encode(Encoder::kOverlongUtf8, "a'~\xc3\xa9"), "a%C0%A7%C1%BE%C3%A9");
  EXPECT_EQ(Encode(Encoder::kSqlCommentWs, "1 union   select 2 "), "1/**/union/**/select/**/2/**/");
  // Invalid UTF-8 bytes stand for themselves (Latin-1), so every input has an output.
  EXPECT_EQ(Encode(Encoder::kPercentU, "\xff"), "%u00FF");
  EXPECT_EQ(Encode(Encoder::kHtmlEntity, "\xc3"), "&#xC3;");
}

TEST(WafEncoders, CaseMixIsSeededAndKeepsEverythingButLetterCase) {
  const std::string in = "union select password from users where 1=1";
  const std::string a = Encode(Encoder::kCaseMix, in, 1);
  EXPECT_EQ(a, Encode(Encoder::kCaseMix, in, 1));
  EXPECT_NE(a, Encode(Encoder::kCaseMix, in, 2));
  EXPECT_NE(a, in);
  ASSERT_EQ(a.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_EQ(a[i] | 0x20, in[i] | 0x20) << i;
  EXPECT_EQ(Encode(Encoder::kCaseMix, "1=1 -- 日本", 5), "1=1 -- 日本");
}

TEST(WafEncoders, DecodedDecidesTheHeadline) {
  for (const Placement p : AllPlacements()) EXPECT_TRUE(Decoded(Encoder::kPlain, p, "xss")) << Code(p);
  for (const Placement p : {Placement::kQuery, Placement::kPath, Placement::kForm, Placement::kCookie}) {
    EXPECT_TRUE(Decoded(Encoder::kUrl, p, "xss")) << Code(p);
  }
  for (const Placement p : {Placement::kMultipartField, Placement::kJsonValue, Placement::kHeaderCustom, Placement::kUserAgent}) {
    EXPECT_FALSE(Decoded(Encoder::kUrl, p, "xss")) << Code(p);
  }
  EXPECT_TRUE(Decoded(Encoder::kHtmlEntity, Placement::kXmlText, "xss"));
  EXPECT_TRUE(Decoded(Encoder::kHtmlEntity, Placement::kXmlAttr, "xss"));
  EXPECT_FALSE(Decoded(Encoder::kHtmlEntity, Placement::kQuery, "xss"));
  EXPECT_TRUE(Decoded(Encoder::kJsEscape, Placement::kJsonValue, "xss"));
  EXPECT_TRUE(Decoded(Encoder::kJsEscape, Placement::kJsonKey, "xss"));
  EXPECT_FALSE(Decoded(Encoder::kJsEscape, Placement::kForm, "xss"));
  EXPECT_TRUE(Decoded(Encoder::kCaseMix, Placement::kQuery, "sqli"));
  EXPECT_FALSE(Decoded(Encoder::kCaseMix, Placement::kQuery, "xss"));
  EXPECT_TRUE(Decoded(Encoder::kSqlCommentWs, Placement::kForm, "sqli"));
  for (const Encoder e : {Encoder::kDoubleUrl, Encoder::kPercentU, Encoder::kBase64, Encoder::kBase64Flat, Encoder::kOverlongUtf8}) {
    for (const Placement p : AllPlacements()) EXPECT_FALSE(Decoded(e, p, "sqli")) << Code(e) << " " << Code(p);
    EXPECT_TRUE(DecodedIn(e).empty());
  }
  EXPECT_EQ(DecodedIn(Encoder::kUrl), (std::vector<Placement>{Placement::kQuery, Placement::kPath, Placement::kCookie, Placement::kForm}));
  EXPECT_EQ(DecodedIn(Encoder::kPlain).size(), AllPlacements().size());
}

TEST(WafEncoders, PercentFamilyReplacesTheCarrier) {
  EXPECT_TRUE(IsPercentFamily(Encoder::kUrl));
  EXPECT_TRUE(IsPercentFamily(Encoder::kDoubleUrl));
  EXPECT_TRUE(IsPercentFamily(Encoder::kPercentU));
  EXPECT_TRUE(IsPercentFamily(Encoder::kOverlongUtf8));
  EXPECT_FALSE(IsPercentFamily(Encoder::kBase64));
  EXPECT_FALSE(IsPercentFamily(Encoder::kPlain));
}

}  // namespace
}  // namespace proven::waf

// Round trips: what the application does to each encoding (and each placement's carrier) gives the
// payload back — the twin of the "decoded" claims, on seeded random strings.
namespace proven::waf {
namespace {

int HexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string AppendUtf8(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// UTF-16 units written as "%uXXXX" or "\uXXXX" (after `prefix`), back to UTF-8.
std::string Utf16Decode(std::string_view s, std::string_view prefix) {
  std::string out;
  std::uint32_t high = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i, prefix.size()) == prefix) {
      std::uint32_t u = 0;
      for (std::size_t k = 0; k < 4; ++k) u = u * 16 + static_cast<std::uint32_t>(HexValue(s[i + prefix.size() + k]));
      i += prefix.size() + 4;
      if (u >= 0xD800 && u <= 0xDBFF) {
        high = u;
        continue;
      }
      if (u >= 0xDC00 && u <= 0xDFFF) {
        out += AppendUtf8(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
        continue;
      }
      out += AppendUtf8(u);
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string EntityDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i, 3) == "&#x") {
      const std::size_t end = s.find(';', i);
      out += AppendUtf8(static_cast<std::uint32_t>(std::stoul(std::string(s.substr(i + 3, end - i - 3)), nullptr, 16)));
      i = end + 1;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string RandomText(std::mt19937_64& rng) {
  static const std::vector<std::string> kPieces{"a", "Z", "9", " ", "'", "\"", "<", ">", "&", ";", "%", "+", "=", "/", "\\", "#", "?",
                                                "\n", "\t", "~", "日", "ｱ", "😀", "é", "--", "/*", "union select"};
  std::string out;
  const auto n = rng() % 12;
  for (std::uint64_t i = 0; i < n; ++i) out += kPieces[rng() % kPieces.size()];
  return out;
}

TEST(WafEncoders, RoundTripsAsTheApplicationDecodes) {
  std::mt19937_64 rng(20261201);
  for (int n = 0; n < 400; ++n) {
    const std::string s = RandomText(rng);
    EXPECT_EQ(PercentDecode(Encode(Encoder::kUrl, s), false), s);
    EXPECT_EQ(PercentDecode(PercentDecode(Encode(Encoder::kDoubleUrl, s), false), false), s);
    EXPECT_EQ(Utf16Decode(Encode(Encoder::kPercentU, s), "%u"), s);
    EXPECT_EQ(Utf16Decode(Encode(Encoder::kJsEscape, s), "\\u"), s);
    EXPECT_EQ(EntityDecode(Encode(Encoder::kHtmlEntity, s)), s);
    // The carriers: what a query, form, cookie or path parser and a JSON or XML parser give back.
    EXPECT_EQ(PercentDecode(QueryCarrier(s), false), s);
    EXPECT_EQ(PercentDecode(FormCarrier(s), true), s);
    EXPECT_EQ(PercentDecode(CookieCarrier(s), false), s);
    EXPECT_EQ(PercentDecode(PathCarrier(s), false), s);
    EXPECT_EQ(PathCarrier(s).find('/'), std::string::npos);
    EXPECT_EQ(QueryCarrier(s).find_first_of("&=+;# "), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse("\"" + JsonString(s) + "\"").get<std::string>(), s);
    std::string xml = XmlEscape(s, true);
    EXPECT_EQ(xml.find_first_of("<>\""), std::string::npos);
  }
}

}  // namespace
}  // namespace proven::waf
