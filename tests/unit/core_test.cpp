// CSV, encodings, dates, normalisation and text helpers.
#include <gtest/gtest.h>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/encoding.hpp"
#include "core/normalize.hpp"
#include "core/text.hpp"

namespace proven {
namespace {

TEST(Csv, ParsesQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto r = ParseCsv("a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\r\nlast,,\n");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"x, y", "he said \"hi\"", "line1\nline2"}));
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u) << "a record after a quoted line break starts one line later";
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"last", "", ""}));
}

TEST(Csv, AcceptsCrOnlyLineEndsAndSkipsBlankLines) {
  auto r = ParseCsv("a,b\r1,2\r\r\n\n3,4");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ((*r)[2].line, 5u);
}

TEST(Csv, UnterminatedQuoteNamesTheLineWhereItOpened) {
  auto r = ParseCsv("a,b\n1,\"never closed\n2,3\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "line 2: a quoted field is never closed (missing '\"')");
}

TEST(Csv, StrayQuotesAreErrors) {
  auto r = ParseCsv("a,b\n1,ab\"c\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos);
  auto r2 = ParseCsv("a,b\n\"x\"y,1\n");
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("after a closing quote"), std::string::npos);
}

TEST(Csv, WriterRoundTrips) {
  std::string out;
  const std::vector<std::string> rec{"plain", "a,b", "q\"q", "two\nlines", ""};
  AppendCsvRecord(out, rec);
  EXPECT_EQ(out, "plain,\"a,b\",\"q\"\"q\",\"two\nlines\",\r\n");
  auto back = ParseCsv(out);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[0].fields, rec);
}

TEST(Encoding, DetectsUtf8WithAndWithoutBom) {
  auto plain = DecodeText("東京都");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->encoding, TextEncoding::kUtf8);
  EXPECT_EQ(plain->utf8, "東京都");
  auto bom = DecodeText("\xEF\xBB\xBF東京都");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->encoding, TextEncoding::kUtf8Bom);
  EXPECT_EQ(bom->utf8, "東京都");
}

TEST(Encoding, DecodesShiftJisAndCp932Extensions) {
  // 東京都 in Shift_JIS, then ① (CP932's NEC row 13) and a half-width katakana ｱ.
  auto r = DecodeText("\x93\x8C\x8B\x9E\x93\x73\x87\x40\xB1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->encoding, TextEncoding::kCp932);
  EXPECT_EQ(r->utf8, "東京都①ｱ");
}

TEST(Encoding, RejectsBytesThatAreNeitherAndSaysWhere) {
  auto r = DecodeText("ok\nline2 \x81\x20 bad");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
}

TEST(Dates, ParsesEveryListFormat) {
  const Date want{2020, 12, 20};
  for (const char* s : {"2020/12/20", "2020-12-20", "2020.12.20", "2020年12月20日", "令和2年12月20日",
                        "R2.12.20", "r2/12/20", "２０２０／１２／２０", "令和２年１２月２０日", "  2020/12/20 "}) {
    auto d = ParseListDate(s);
    ASSERT_TRUE(d) << s << ": " << d.error().message;
    EXPECT_EQ(*d, want) << s;
  }
  EXPECT_EQ(*ParseListDate("2021/1/5"), (Date{2021, 1, 5}));
  EXPECT_EQ(*ParseListDate("令和元年5月1日"), (Date{2019, 5, 1}));
  EXPECT_EQ(*ParseListDate("平成31年4月30日"), (Date{2019, 4, 30}));
  EXPECT_EQ(*ParseListDate("H31.4.30"), (Date{2019, 4, 30}));
  EXPECT_EQ(*ParseListDate("平成元年1月8日"), (Date{1989, 1, 8}));
  EXPECT_EQ(*ParseListDate("S64.1.7"), (Date{1989, 1, 7}));
}

TEST(Dates, RejectsImpossibleDatesAndEraOverflows) {
  for (const char* s : {"2021/02/29", "2020/13/01", "2020/00/10", "令和1年4月30日", "平成31年5月1日",
                        "H32.1.1", "R0.1.1", "20201220", "2020/12", "tomorrow", ""}) {
    EXPECT_FALSE(ParseListDate(s)) << s;
  }
  EXPECT_TRUE(ParseListDate("2024/02/29"));
  auto e = ParseListDate("2020年12月");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("2020年12月"), std::string::npos);
}

TEST(Dates, IsoParsingAndDayArithmetic) {
  EXPECT_EQ(*ParseIsoDate("2026-11-28"), (Date{2026, 11, 28}));
  EXPECT_FALSE(ParseIsoDate("2026/11/28"));
  EXPECT_FALSE(ParseIsoDate("2026-02-30"));
  const Date d{2024, 2, 28};
  EXPECT_EQ(d.AddDays(1), (Date{2024, 2, 29}));
  EXPECT_EQ(d.AddDays(2), (Date{2024, 3, 1}));
  EXPECT_EQ(Date::FromDays(0), (Date{1970, 1, 1}));
  EXPECT_EQ((Date{2000, 3, 1}).DaysSinceEpoch(), 11017);
  EXPECT_EQ((Date{2026, 11, 28}).ToIso(), "2026-11-28");
}

TEST(Normalize, FoldsWidthCaseAndKana) {
  EXPECT_EQ(NormalizeForSearch("ＳＯＣ"), "soc");
  EXPECT_EQ(NormalizeForSearch("ﾌｫﾚﾝｼﾞｯｸ"), "フォレンジック");
  EXPECT_EQ(NormalizeForSearch("ふぉれんじっく"), "フォレンジック");
  EXPECT_EQ(NormalizeForSearch("フォレンジック"), "フォレンジック");
  EXPECT_EQ(NormalizeForSearch("ＩｏＴ　機器"), "iot 機器");
  EXPECT_EQ(NormalizeForSearch("監査"), "監査");
  EXPECT_EQ(NormalizeForSearch("Straße"), "strasse");
  EXPECT_EQ(NormalizeForSearch("㈱テスト"), "(株)テスト");
}

TEST(Text, TrimSplitAndEllipsize) {
  EXPECT_EQ(Trim("\u3000 abc \t\u3000"), "abc");
  EXPECT_EQ(SplitList("a、b ,,c", {"、", ","}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Ellipsize("あいうえお", 3), "あいう…");
  EXPECT_EQ(Ellipsize("あいう", 3), "あいう");
  EXPECT_FALSE(FindInvalidUtf8("日本語"));
  EXPECT_EQ(FindInvalidUtf8("ab\xC3"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u) << "surrogates are not UTF-8";
}

}  // namespace
}  // namespace proven
