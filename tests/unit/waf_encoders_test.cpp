// The encoders' declared semantics (issue 14, ADR 0017 "Corpus and plan"): exact vectors for each,
// and the rule that decides which requests count in the headline.
#include <gtest/gtest.h>

#include "waf/encoders.hpp"

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
