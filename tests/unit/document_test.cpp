// The document renderer (src/document): the PDF is read back with poppler's tools (pdftotext,
// pdfinfo, pdffonts; Debian poppler-utils, installed by `make test`), as a reader would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fmt/core.h>
#include <string>
#include <vector>

#include "document/document.hpp"
#include "support/test_support.hpp"

namespace proven::document {
namespace {

using proven::testing::RunCommand;
using proven::testing::TempDir;

constexpr std::int64_t kCreated = 1796083200;  // 2026-12-01T00:00:00Z
constexpr int kRows = 90;
const std::string kLongToken = "sha256:" + std::string(64, 'f') + "0123456789abcdef" + std::string(90, 'e') + "END";
const std::string kLongUrl = "https://example.jp/products/12345/reports/" + std::string(160, 'q') + "/final";

Document SampleReport() {
  Document doc;
  doc.info = {"製品有効性検証報告書 Proven WAF", "サイバーセキュリティ製品検証事業 事務局", "有効性検証", "WAF, 検証",
              kCreated};
  doc.title_page = TitlePage{"製品有効性検証報告書", "Proven WAF 3.2 有効性検証結果",
                             "サイバーセキュリティ製品検証事業 事務局", "2026年12月1日", "第1版", "架空のサンプル"};
  doc.page.table_of_contents = true;
  doc.AddHeading(1, "有効性検証結果の概要")
      .AddParagraph("本報告書は、製品の有効性検証結果をまとめたものである。"
                    "The verification was carried out in a test environment from October to November 2026.")
      .AddParagraph("証跡のハッシュ値は " + kLongToken + " である。");
  doc.AddHeading(2, "ストロングポイント")
      .AddBullets({"検知率 96.2%（816 リクエスト）", "誤検知率が低い (false positives 0.4%)", "参照先: " + kLongUrl});
  doc.AddHeading(2, "検証環境")
      .AddKeyValues({{"対象製品", "Proven WAF 3.2"}, {"検証期間", "2026年10月1日〜11月15日"},
                     {"ネットワーク構成", "クライアント → WAF → アプリケーションサーバ（3台）"}});
  doc.AddHeading(1, "検証項目と結果");
  DataTable table{"表1 検証項目と結果",
                  {{"番号", 0.6, Align::kRight}, {"検証項目名", 3.0}, {"判定", 1.0, Align::kCenter}, {"測定値", 2.0}},
                  {}};
  for (int i = 1; i <= kRows; ++i) {
    Cell verdict = i % 5 == 0   ? Cell("不合格", CellStyle::kBadgeFail)
                   : i % 3 == 0 ? Cell("一部合格", CellStyle::kBadgePartial)
                                : Cell("合格", CellStyle::kBadgePass);
    std::string item = fmt::format("R{:03d} SQL インジェクションの検知 (case {})", i, i);
    if (i % 11 == 0) item += " 攻撃文字列を多数含む長い説明が入る行で、セルの中で折り返される。";
    if (i == 42) item = "R042 SQL 長い値";  // one line, so that the token's lines follow it
    std::string metric = i == 42 ? kLongToken : fmt::format("検知率 0.{} (n=816)", 900 + i);
    table.rows.push_back({fmt::format("{}", i), item, verdict, metric});
  }
  doc.AddTable(table);
  doc.AddHeading(1, "実環境における試行検証").AddParagraph("製造業 A社（従業員 300名）において試行した。");
  return doc;
}

struct Rendered {
  RenderedPdf pdf;
  std::string path;
};

class DocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftotext", "pdfinfo", "pdffonts"}) {
      if (!proven::testing::ProgramInPath(tool)) GTEST_SKIP() << tool << " is missing (Debian poppler-utils; make test installs it)";
    }
  }

  std::string Write(const RenderedPdf& pdf, const std::string& name) {
    const std::string path = (dir_ / name).string();
    proven::testing::WriteFile(path, pdf.bytes);
    return path;
  }
  static std::string Run(const std::vector<std::string>& argv) {
    auto r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, 0) << argv[0] << ": " << r.err;
    return r.out;
  }
  static std::vector<std::string> Pages(const std::string& text) {
    std::vector<std::string> pages;
    std::size_t start = 0;
    for (std::size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1) {
      pages.push_back(text.substr(start, ff - start));
    }
    return pages;
  }
  // A field of pdfinfo's output ("Pages:           7" → "7").
  static std::string InfoField(const std::string& info, const std::string& name) {
    const std::size_t at = info.find("\n" + name + ":");
    if (at == std::string::npos) return {};
    const std::size_t end = info.find('\n', at + 1);
    std::string value = info.substr(at + name.size() + 2, end - at - name.size() - 2);
    value.erase(0, value.find_first_not_of(' '));
    return value;
  }
  // Whitespace runs (line breaks, the layout's padding) as one space.
  static std::string Squeeze(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isspace(c) != 0) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }
  static std::string NoSpace(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; }), s.end());
    return s;
  }
  static std::size_t Count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
    return n;
  }

  TempDir dir_;
};

RenderedPdf MustRender(const Document& doc) {
  auto r = RenderPdf(doc);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message + " / " + r.error().detail);
  return r ? *r : RenderedPdf{};
}

TEST_F(DocumentTest, JapaneseAndEnglishTextAndEveryRowReadBack) {
  const RenderedPdf pdf = MustRender(SampleReport());
  const std::string text = Run({"pdftotext", "-layout", Write(pdf, "r.pdf"), "-"});
  const std::string squeezed = Squeeze(text);
  EXPECT_NE(squeezed.find("The verification was carried out in a test environment from October to November 2026."),
            std::string::npos);
  for (const char* s : {"製品有効性検証報告書", "架空のサンプル", "第1版", "2026年12月1日", "目次", "有効性検証結果",
                        "ストロングポイント", "検知率 96.2%（816 リクエスト）", "製造業 A社（従業員 300名）",
                        "一部合格", "不合格"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s;
  }
  // Numbered headings, in the body and in the table of contents.
  EXPECT_GE(Count(text, "1.1 ストロングポイント"), 2u);
  EXPECT_GE(Count(text, "3 実環境における試行検証"), 2u);
  for (int i = 1; i <= kRows; ++i) {
    EXPECT_EQ(Count(text, fmt::format("R{:03d} SQL", i)), 1u) << "row " << i;
  }
}

TEST_F(DocumentTest, LongUnbreakableStringsWrapWithoutLosingACharacter) {
  const RenderedPdf pdf = MustRender(SampleReport());
  const std::string flat = NoSpace(Run({"pdftotext", "-layout", Write(pdf, "r.pdf"), "-"}));
  EXPECT_NE(flat.find(kLongToken + "である。"), std::string::npos);  // in a paragraph
  EXPECT_NE(flat.find(kLongUrl), std::string::npos);                  // in a bullet
  EXPECT_NE(flat.find("一部合格" + kLongToken), std::string::npos);  // in a cell, row 42
}

TEST_F(DocumentTest, TableHeaderRepeatsOnEveryPageTheTableSpans) {
  const RenderedPdf pdf = MustRender(SampleReport());
  const auto pages = Pages(Run({"pdftotext", "-layout", Write(pdf, "r.pdf"), "-"}));
  int table_pages = 0;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    if (pages[p].find(" SQL インジェクション") == std::string::npos) continue;
    ++table_pages;
    EXPECT_NE(pages[p].find("検証項目名"), std::string::npos) << "page " << p + 1;
    EXPECT_NE(pages[p].find("測定値"), std::string::npos) << "page " << p + 1;
  }
  EXPECT_GE(table_pages, 3);
}

TEST_F(DocumentTest, PageCountAndPageNumbers) {
  const RenderedPdf pdf = MustRender(SampleReport());
  const std::string path = Write(pdf, "r.pdf");
  const std::string info = Run({"pdfinfo", path});
  EXPECT_EQ(InfoField(info, "Pages"), std::to_string(pdf.page_count)) << info;
  EXPECT_NE(info.find("A4"), std::string::npos) << info;
  const auto pages = Pages(Run({"pdftotext", "-layout", path, "-"}));
  ASSERT_EQ(static_cast<int>(pages.size()), pdf.page_count);
  for (int p = 2; p <= pdf.page_count; ++p) {
    // pdftotext drops the thin spaces of "n / N".
    EXPECT_NE(NoSpace(pages[static_cast<std::size_t>(p - 1)]).find(fmt::format("{}/{}", p, pdf.page_count)), std::string::npos)
        << "page " << p;
  }

  // A count known in advance: the cover, then three pages separated by explicit breaks.
  Document small;
  small.info.created_unix = kCreated;
  small.title_page = TitlePage{"表紙", "", "", "", "", ""};
  small.AddHeading(1, "一").AddPageBreak().AddParagraph("二").AddPageBreak().AddPageBreak().AddParagraph("三");
  const RenderedPdf four = MustRender(small);
  EXPECT_EQ(four.page_count, 4);  // the double break does not leave an empty page
  const std::string small_info = Run({"pdfinfo", Write(four, "small.pdf")});
  EXPECT_EQ(InfoField(small_info, "Pages"), "4") << small_info;
}

TEST_F(DocumentTest, TableOfContentsNamesThePageEachHeadingIsOn) {
  const RenderedPdf pdf = MustRender(SampleReport());
  const auto pages = Pages(Run({"pdftotext", "-layout", Write(pdf, "r.pdf"), "-"}));
  ASSERT_GE(pages.size(), 3u);
  ASSERT_NE(pages[1].find("目次"), std::string::npos);  // the page after the cover
  for (const char* heading : {"1 有効性検証結果の概要", "1.1 ストロングポイント", "1.2 検証環境", "2 検証項目と結果",
                              "3 実環境における試行検証"}) {
    // The entry: the heading, then its page number at the end of the line.
    const std::size_t at = pages[1].find(heading);
    ASSERT_NE(at, std::string::npos) << heading;
    const std::string line = pages[1].substr(at, pages[1].find('\n', at) - at);
    const int listed = std::stoi(line.substr(line.find_last_of(' ') + 1));
    int found = 0;
    for (std::size_t p = 2; p < pages.size() && found == 0; ++p) {
      if (pages[p].find(heading) != std::string::npos) found = static_cast<int>(p) + 1;
    }
    EXPECT_EQ(listed, found) << heading;
  }
}

TEST_F(DocumentTest, SameInputAndDateGiveTheSameBytes) {
  const RenderedPdf a = MustRender(SampleReport());
  const RenderedPdf b = MustRender(SampleReport());
  ASSERT_FALSE(a.bytes.empty());
  EXPECT_TRUE(a.bytes == b.bytes);
  Document later = SampleReport();
  later.info.created_unix = kCreated + 86400;
  EXPECT_FALSE(MustRender(later).bytes == a.bytes);

  const std::string info = Run({"pdfinfo", "-isodates", Write(a, "a.pdf")});
  EXPECT_NE(info.find("2026-12-01T00:00:00"), std::string::npos) << info;
  EXPECT_NE(info.find("製品有効性検証報告書 Proven WAF"), std::string::npos) << info;
  EXPECT_NE(info.find("サイバーセキュリティ製品検証事業 事務局"), std::string::npos) << info;
}

TEST_F(DocumentTest, FontsAreTheJapaneseFontsAndEmbedded) {
  const std::string fonts = Run({"pdffonts", Write(MustRender(SampleReport()), "r.pdf")});
  bool gothic = false, mincho = false;
  std::size_t start = 0;
  for (std::size_t nl; (nl = fonts.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string line = fonts.substr(start, nl - start);
    if (line.empty() || line.starts_with("name") || line.starts_with("---")) continue;
    std::vector<std::string> cols;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && line[i] == ' ') ++i;
      std::size_t j = line.find(' ', i);
      if (j == std::string::npos) j = line.size();
      if (j > i) cols.push_back(line.substr(i, j - i));
      i = j;
    }
    ASSERT_GE(cols.size(), 6u) << line;
    EXPECT_EQ(cols[cols.size() - 5], "yes") << "not embedded: " << line;  // the emb column
    gothic = gothic || line.find("IPAexGothic") != std::string::npos;
    mincho = mincho || line.find("IPAexMincho") != std::string::npos;
  }
  EXPECT_TRUE(gothic) << fonts;
  EXPECT_TRUE(mincho) << fonts;
}

TEST_F(DocumentTest, ARowTallerThanAPageIsSplitAcrossPages) {
  Document doc;
  doc.info.created_unix = kCreated;
  std::string huge;
  for (int i = 0; i < 1500; ++i) huge += fmt::format("<{:04d}>", i);
  doc.AddHeading(1, "長い行");
  doc.AddTable(DataTable{"", {{"項目", 1}, {"内容", 4}}, {{"長大", huge}, {"次の行", "短い"}}});
  const RenderedPdf pdf = MustRender(doc);
  EXPECT_GE(pdf.page_count, 2);
  std::string flat = NoSpace(Run({"pdftotext", "-layout", Write(pdf, "tall.pdf"), "-"}));
  // Drop what the page furniture and the repeated header put between the pieces.
  for (int p = 1; p <= pdf.page_count; ++p) {
    const std::string footer = fmt::format("{}/{}", p, pdf.page_count);
    if (auto at = flat.find(footer); at != std::string::npos) flat.erase(at, footer.size());
  }
  for (std::size_t at; (at = flat.find("項目内容")) != std::string::npos;) flat.erase(at, std::string("項目内容").size());
  flat.erase(std::remove(flat.begin(), flat.end(), '\f'), flat.end());
  EXPECT_NE(flat.find("長大" + huge), std::string::npos);
  EXPECT_NE(flat.find("次の行短い"), std::string::npos);
}

TEST(DocumentErrors, MalformedModelsAreInvalidArguments) {
  Document bad_utf8;
  bad_utf8.AddParagraph(std::string("ok \xff\xfe"));
  auto r = RenderPdf(bad_utf8);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "body[0]");

  Document bad_row;
  bad_row.AddTable(DataTable{"", {{"a", 1}, {"b", 1}}, {{"1", "2"}, {"only one"}}});
  r = RenderPdf(bad_row);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("row 2"), std::string::npos) << r.error().message;

  Document bad_level;
  bad_level.AddHeading(1, "a").AddHeading(3, "skips 2");
  r = RenderPdf(bad_level);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  Document bad_margin;
  bad_margin.page.margin_left_mm = 200;
  r = RenderPdf(bad_margin);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(DocumentErrors, AMissingFontIsRefusedNotSubstituted) {
  Document doc;
  doc.AddParagraph("本文");
  RenderOptions options;
  options.mincho_family = "No Such Font Family Proven";
  auto r = RenderPdf(doc, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().detail.find("No Such Font Family Proven"), std::string::npos);
}

TEST(DocumentErrors, AnEmptyDocumentIsOnePage) {
  auto r = RenderPdf(Document{});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->page_count, 1);
  EXPECT_TRUE(r->bytes.starts_with("%PDF-"));
}

}  // namespace
}  // namespace proven::document
