// Field limits (domain/limits.hpp): length in characters, UTF-8, control characters, checked
// before a cell is parsed; and NUL bytes refused by the CSV reader with their line.
#include <gtest/gtest.h>

#include <chrono>

#include <fmt/core.h>

#include "core/csv.hpp"
#include "domain/limits.hpp"
#include "domain/service_fields.hpp"

namespace proven::domain {
namespace {

ServiceCells ValidCells() {
  ServiceCells c;
  auto set = [&](ServiceField f, std::string v) { c[static_cast<std::size_t>(f)] = std::move(v); };
  set(ServiceField::kName, "Web診断");
  set(ServiceField::kProvider, "株式会社テスト");
  set(ServiceField::kAddress, "〒105-0011\n東京都港区芝公園1-1");
  set(ServiceField::kOverview, "概要です。\n二行目\tタブ付き。");
  set(ServiceField::kIndustries, "製造業\r\n金融・保険業");
  set(ServiceField::kRegions, "関東\n全国");
  set(ServiceField::kRegisteredOn, "令和2年12月20日");
  set(ServiceField::kExpiresOn, "2023/12/19");
  set(ServiceField::kRegistrar, "審査機構");
  set(ServiceField::kType, "脆弱性診断");
  set(ServiceField::kUrl, "https://example.com/a?b=c");
  set(ServiceField::kRegistrationNumber, "JASA-A-0123");
  return c;
}

std::vector<FieldProblem> ProblemsOf(const ServiceCells& c) {
  auto r = ServiceFromCells(c);
  if (auto* p = std::get_if<std::vector<FieldProblem>>(&r)) return *p;
  return {};
}

std::string Repeat(std::string_view unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(Limits, TheValidRowWithLineBreaksInMultiLineFieldsPasses) {
  auto r = ServiceFromCells(ValidCells());
  ASSERT_TRUE(std::holds_alternative<Service>(r)) << std::get<std::vector<FieldProblem>>(r)[0].message;
  EXPECT_EQ(std::get<Service>(r).prefecture, "東京都") << "a postal code on its own line";
}

TEST(Limits, EveryFieldHasItsLimitCountedInCharacters) {
  struct Case {
    ServiceField field;
    std::size_t max;
    std::string unit;  // repeated to build a value; the filler must be valid for the field
    std::string prefix;
  };
  const Case cases[] = {
      {ServiceField::kName, 200, "診", ""},
      {ServiceField::kProvider, 200, "社", ""},
      {ServiceField::kAddress, 300, "丁", "東京都"},
      {ServiceField::kOverview, 4000, "概", ""},
      {ServiceField::kIndustries, 2000, "業", ""},  // one item per 100 characters below
      {ServiceField::kRegions, 2000, "、", "全国"},
      {ServiceField::kRegistrar, 200, "機", ""},
      {ServiceField::kUrl, 2048, "a", "https://example.com/"},
      {ServiceField::kRegistrationNumber, 64, "番", "第"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(FieldInfo(c.field).key);
    EXPECT_EQ(LimitOf(c.field).max_chars, c.max);
    const std::size_t prefix_chars = CountChars(c.prefix);
    auto value = [&](std::size_t chars) {
      std::string v = c.prefix + Repeat(c.unit, chars - prefix_chars);
      if (c.field == ServiceField::kIndustries) {  // items of at most 100 characters
        std::string items;
        for (std::size_t i = 0; i < chars; ++i) items += (i % 100 == 99) ? "、" : "業";
        v = items;
      }
      return v;
    };
    auto at_limit = ValidCells();
    at_limit[static_cast<std::size_t>(c.field)] = value(c.max);
    EXPECT_TRUE(ProblemsOf(at_limit).empty()) << ProblemsOf(at_limit)[0].message;

    auto over = ValidCells();
    over[static_cast<std::size_t>(c.field)] = value(c.max + 1);
    const auto problems = ProblemsOf(over);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, c.field);
    EXPECT_EQ(problems[0].message, fmt::format("is {} characters long; at most {} are allowed",
                                               WithThousandsSeparators(c.max + 1), WithThousandsSeparators(c.max)));
  }
  EXPECT_EQ(kTypeLimit.max_chars, 100u);
  EXPECT_EQ(kRegisteredOnLimit.max_chars, 64u);
  EXPECT_EQ(kExpiresOnLimit.max_chars, 64u);
  EXPECT_EQ(kReasonLimit.max_chars, 2000u);
}

TEST(Limits, AnOverlongValueIsRefusedBeforeItIsParsed) {
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kUrl)] = "https://example.com/" + std::string(60000 - 20, 'a');
  c[static_cast<std::size_t>(ServiceField::kRegisteredOn)] = "2026" + std::string(60000, ' ') + "/01/01";
  c[static_cast<std::size_t>(ServiceField::kType)] = std::string(1 << 20, 'x');
  c[static_cast<std::size_t>(ServiceField::kAddress)] = "東京都" + std::string(200000, ' ') + "x";
  c[static_cast<std::size_t>(ServiceField::kRegions)] = Repeat("関東、", 1000);
  const auto started = std::chrono::steady_clock::now();
  const auto problems = ProblemsOf(c);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].field, ServiceField::kAddress);
  EXPECT_EQ(problems[0].message, "is 200,004 characters long; at most 300 are allowed");
  EXPECT_EQ(problems[1].field, ServiceField::kUrl);
  EXPECT_EQ(problems[1].message, "is 60,000 characters long; at most 2,048 are allowed");
  EXPECT_EQ(problems[2].field, ServiceField::kType);
  EXPECT_EQ(problems[2].message, "is 1,048,576 characters long; at most 100 are allowed");
  EXPECT_EQ(problems[3].field, ServiceField::kRegions);
  EXPECT_EQ(problems[3].message, "is 3,000 characters long; at most 2,000 are allowed")
      << "one problem for the cell, not one per item";
  EXPECT_EQ(problems[4].field, ServiceField::kRegisteredOn);
  EXPECT_EQ(problems[4].message, "is 60,010 characters long; at most 64 are allowed");
  // A sanity bound, not a benchmark: a linear pass over 1.3 MB is far below it.
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST(Limits, TheLengthIsThatOfTheValueAsGivenWhiteSpaceIncluded) {
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kOverview)] = std::string(100000, ' ');
  c[static_cast<std::size_t>(ServiceField::kName)] = Repeat("診", 195) + std::string(10, ' ');
  c[static_cast<std::size_t>(ServiceField::kProvider)] = "\n" + Repeat("社", 198) + "\t";  // 200 as given
  const auto problems = ProblemsOf(c);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, ServiceField::kName);
  EXPECT_EQ(problems[0].message, "is 205 characters long; at most 200 are allowed");
  EXPECT_EQ(problems[1].field, ServiceField::kOverview);
  EXPECT_EQ(problems[1].message, "is 100,000 characters long; at most 4,000 are allowed")
      << "refused, not trimmed to an empty overview";
  c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kName)] = std::string(300, ' ');
  ASSERT_EQ(ProblemsOf(c).size(), 1u);
  EXPECT_EQ(ProblemsOf(c)[0].message, "is 300 characters long; at most 200 are allowed")
      << "the length comes before 'is required but empty'";
}

TEST(Limits, ListItemsHaveTheirOwnLimit) {
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kIndustries)] = "製造業、" + Repeat("業", 101) + "、" + Repeat("業", 100);
  auto problems = ProblemsOf(c);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, ServiceField::kIndustries);
  EXPECT_EQ(problems[0].message, "item 2 is 101 characters long; at most 100 are allowed");

  c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kRegions)] = "関東、" + Repeat("x", 150);
  problems = ProblemsOf(c);
  ASSERT_EQ(problems.size(), 1u) << "an overlong region is not also reported as unknown";
  EXPECT_EQ(problems[0].message, "item 2 is 150 characters long; at most 100 are allowed");
}

TEST(Limits, NulAndOtherControlCharactersAreRefusedInEveryField) {
  for (const auto& info : ServiceFields()) {
    for (const char control : {'\0', '\x01', '\x08', '\x0B', '\x0C', '\x1B', '\x1F', '\x7F'}) {
      SCOPED_TRACE(fmt::format("{} U+{:04X}", info.key, static_cast<int>(control)));
      auto c = ValidCells();
      std::string& v = *c[static_cast<std::size_t>(info.field)];
      v = "x" + std::string(1, control) + v;  // inside, where trimming cannot remove it
      const auto problems = ProblemsOf(c);
      ASSERT_EQ(problems.size(), 1u);
      EXPECT_EQ(problems[0].field, info.field);
      EXPECT_EQ(problems[0].message,
                fmt::format("contains the control character U+{:04X} at character 2; control characters other "
                            "than tab and line breaks are not allowed",
                            static_cast<int>(control)));
    }
  }
}

TEST(Limits, LineBreaksOnlyInMultiLineFields) {
  for (const auto field : {ServiceField::kName, ServiceField::kProvider, ServiceField::kRegistrar, ServiceField::kType,
                           ServiceField::kUrl, ServiceField::kRegistrationNumber}) {
    for (const char* line_break : {"\n", "\r"}) {
      SCOPED_TRACE(FieldInfo(field).key);
      auto c = ValidCells();
      std::string& v = *c[static_cast<std::size_t>(field)];
      v = "x" + std::string(line_break) + v;
      const auto problems = ProblemsOf(c);
      ASSERT_EQ(problems.size(), 1u);
      EXPECT_EQ(problems[0].field, field);
      EXPECT_EQ(problems[0].message, "has a line break at character 2; it must be a single line");
    }
  }
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kName)] = "\r\n Web診断\t\n";
  c[static_cast<std::size_t>(ServiceField::kProvider)] = "株式会社\tテスト";
  EXPECT_TRUE(ProblemsOf(c).empty()) << "surrounding line breaks are trimmed; a tab is text";
  c[static_cast<std::size_t>(ServiceField::kRegisteredOn)] = "2020年\n12月\n20日";
  EXPECT_TRUE(ProblemsOf(c).empty()) << "white space between the parts of a date, as before";
}

TEST(Limits, InvalidUtf8IsRefused) {
  for (const char* bad : {"\xFF", "\xC3", "\xE6\x9D", "\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80"}) {
    auto c = ValidCells();
    c[static_cast<std::size_t>(ServiceField::kOverview)] = std::string("概要") + bad + "です";
    const auto problems = ProblemsOf(c);
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].field, ServiceField::kOverview);
    EXPECT_TRUE(problems[0].message.starts_with("is not valid UTF-8 (invalid byte 0x")) << problems[0].message;
    EXPECT_TRUE(problems[0].message.ends_with("at byte offset 6)")) << problems[0].message;
  }
}

TEST(Limits, CheckTextNamesTheFieldForTheCaller) {
  EXPECT_TRUE(CheckReason(std::string(2000, 'x')));
  EXPECT_TRUE(CheckReason(Repeat("理", 2000)));
  EXPECT_TRUE(CheckReason("一行目\n二行目"));
  auto long_reason = CheckReason(Repeat("理", 2001));
  ASSERT_FALSE(long_reason);
  EXPECT_EQ(long_reason.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(long_reason.error().field, "reason");
  EXPECT_EQ(long_reason.error().message, "reason: is 2,001 characters long; at most 2,000 are allowed");
  auto nul = CheckReason(std::string("a\0b", 3));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().field, "reason");
  EXPECT_TRUE(nul.error().message.starts_with("reason: contains the control character U+0000 at character 2"));
  auto url = CheckText(kUrlLimit, std::string(60000, 'a'));
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().message, "url: is 60,000 characters long; at most 2,048 are allowed");
}

TEST(Limits, CountsCodePointsAndGroupsThousands) {
  EXPECT_EQ(CountChars(""), 0u);
  EXPECT_EQ(CountChars("abc"), 3u);
  EXPECT_EQ(CountChars("東京都"), 3u);
  EXPECT_EQ(CountChars("😀a"), 2u);
  EXPECT_EQ(WithThousandsSeparators(0), "0");
  EXPECT_EQ(WithThousandsSeparators(999), "999");
  EXPECT_EQ(WithThousandsSeparators(1000), "1,000");
  EXPECT_EQ(WithThousandsSeparators(60000), "60,000");
  EXPECT_EQ(WithThousandsSeparators(1048576), "1,048,576");
}

}  // namespace
}  // namespace proven::domain

namespace proven {
namespace {

TEST(Csv, NulByteAnywhereIsAnErrorWithItsLineAndField) {
  const std::string nul(1, '\0');
  struct Case {
    std::string text;
    std::size_t line;
    std::size_t field;
  };
  const Case cases[] = {
      {"a" + nul + ",b\n1,2\n", 1, 1},
      {"a,b\n1,2" + nul + "\n", 2, 2},
      {"a,b\n1,\"x\ny" + nul + "\"\n", 3, 2},  // inside a quoted field, on the line after its start
      {"a,b\n1,\"x\"" + nul + "\n", 2, 2},
      {"a,b\n" + nul + "\n", 2, 1},
      {"a,b\r\n1,2\r\n\r\n" + nul, 4, 1},
  };
  for (const auto& c : cases) {
    auto r = ReadCsv(c.text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().line, c.line);
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_EQ(r.error().message, "contains a NUL byte (U+0000), which a text file never holds");
    auto legacy = ParseCsv(c.text);
    ASSERT_FALSE(legacy);
    EXPECT_EQ(legacy.error().message,
              fmt::format("line {}: field {}: contains a NUL byte (U+0000), which a text file never holds", c.line,
                          c.field));
  }
  auto header = ReadCsv("name,url\nx,\"y" + nul + "\"\n");
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().header, (std::vector<std::string>{"name", "url"})) << "to name the column";
}

TEST(Csv, LongFieldsAreReadInLinearTime) {
  const std::string url(100000, 'a');
  auto r = ReadCsv("name,url\nx,https://example.com/" + url + "\n\"" + std::string(100000, ',') + "\"\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields[1].size(), url.size() + 20);
  EXPECT_EQ((*r)[2].fields[0].size(), 100000u);
}

}  // namespace
}  // namespace proven
