// The hand-written recognisers that replaced std::regex (dates, postal codes, URLs): the same
// language as the regexes they replaced, checked against those regexes on short generated text,
// edge cases of each form, and inputs long enough to crash libstdc++'s recursive std::regex.
//
// The regexes live here only as the reference twin and only ever see short input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/normalize.hpp"
#include "core/text.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

// ---- The reference: the regex code as it was (src/core/date.cpp, domain/*.cpp before #7). ----

struct RefEra {
  std::string_view name;
  char letter;
  Date first;
  std::optional<Date> last;
};
const RefEra kRefEras[] = {
    {"令和", 'R', {2019, 5, 1}, std::nullopt},
    {"平成", 'H', {1989, 1, 8}, Date{2019, 4, 30}},
    {"昭和", 'S', {1926, 12, 25}, Date{1989, 1, 7}},
};

Result<Date> RefFromEra(const RefEra& era, const std::string& year_text, int m, int d, std::string_view original) {
  const int era_year = year_text == "元" ? 1 : std::stoi(year_text);
  if (era_year < 1) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a date: {} has no year {}", original, era.name, era_year));
  }
  auto date = Date::FromYmd(era.first.year + era_year - 1, m, d);
  if (!date) return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a date that exists", original));
  if (*date < era.first || (era.last && *date > *era.last)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is outside the {} era ({} to {})", original, era.name, era.first.ToIso(),
                            era.last ? era.last->ToIso() : std::string("today")));
  }
  return *date;
}

Result<Date> RefParseIsoDate(std::string_view s) {
  static const std::regex kIso(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_match(s.begin(), s.end(), m, kIso)) {
    if (auto d = Date::FromYmd(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str()))) return *d;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a date that exists", s));
  }
  return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a date in the form YYYY-MM-DD", s));
}

Result<Date> RefParseListDate(std::string_view raw) {
  const std::string original(Trim(raw));
  const std::string s = std::string(Trim(Nfkc(original)));
  static const std::regex kWestern(R"(^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$)");
  static const std::regex kKanji("^(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日$");
  static const std::regex kEraKanji("^(令和|平成|昭和)\\s*(\\d{1,2}|元)\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日$");
  static const std::regex kEraLetter(R"(^([RHSrhs])\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})$)");
  std::smatch m;
  if (std::regex_match(s, m, kWestern) || std::regex_match(s, m, kKanji)) {
    if (auto d = Date::FromYmd(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str()))) return *d;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a date that exists", original));
  }
  if (std::regex_match(s, m, kEraKanji)) {
    for (const auto& era : kRefEras) {
      if (m[1].str() == era.name) return RefFromEra(era, m[2].str(), std::stoi(m[3].str()), std::stoi(m[4].str()), original);
    }
  }
  if (std::regex_match(s, m, kEraLetter)) {
    const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(m[1].str()[0])));
    for (const auto& era : kRefEras) {
      if (era.letter == letter) return RefFromEra(era, m[2].str(), std::stoi(m[3].str()), std::stoi(m[4].str()), original);
    }
  }
  if (original.empty()) return Fail(ErrorCode::kInvalidArgument, "is empty");
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a date (use 2020/12/20, 2020-12-20, 2020年12月20日, 令和2年12月20日 or R2.12.20)",
                          original));
}

std::string RefStripPostalCode(const std::string& a) {
  static const std::regex kPostal("^(〒\\s*)?\\d{3}-?\\d{4}\\s*");
  return std::regex_replace(a, kPostal, "", std::regex_constants::format_first_only);
}

bool RefIsHttpUrl(std::string_view url) {
  static const std::regex kUrl(R"(^https?://[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?(:\d{1,5})?(/[^\s]*)?$)",
                               std::regex::icase);
  return std::regex_match(url.begin(), url.end(), kUrl);
}

// ---- Generated text: random sequences of the tokens each grammar cares about. ----

std::string Generate(std::mt19937& rng, const std::vector<std::string>& tokens, int max_tokens) {
  std::uniform_int_distribution<int> count(0, max_tokens);
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  std::string out;
  for (int n = count(rng); n > 0; --n) out += tokens[pick(rng)];
  return out;
}

// Random tokens, or a valid example with one token changed, inserted or removed.
std::string Mutate(std::mt19937& rng, const std::vector<std::string>& tokens, const std::vector<std::vector<std::string>>& valid) {
  std::uniform_int_distribution<std::size_t> which(0, valid.size() - 1);
  std::vector<std::string> parts = valid[which(rng)];
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  std::uniform_int_distribution<int> op(0, 3);
  for (int edits = op(rng); edits > 0; --edits) {
    std::uniform_int_distribution<std::size_t> at(0, parts.size());
    const std::size_t i = at(rng);
    switch (op(rng)) {
      case 0: parts.insert(parts.begin() + static_cast<std::ptrdiff_t>(i), tokens[pick(rng)]); break;
      case 1: if (i < parts.size()) parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i)); break;
      default: if (i < parts.size()) parts[i] = tokens[pick(rng)]; break;
    }
  }
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

std::string Describe(const Result<Date>& r) {
  return r ? "ok " + r->ToIso() : "error " + r.error().message;
}

TEST(Scanners, DatesAgreeWithTheRegexesTheyReplaced) {
  const std::vector<std::string> tokens{
      "2020", "1989", "0000", "9999", "12", "1", "0", "31", "29", "123", "00", "20", "5",  "/", ".", "-",  " ",
      "\t",   "\n",   "\v",   "　",   "年", "月", "日", "令和", "平成", "昭和", "元", "R", "h", "S", "x",  "２",
      "０",   "／",   "．",   "－",   "㍻", "㋿", "\xC2\xA0", std::string(1, '\0'), "+", "年年", "T"};
  const std::vector<std::vector<std::string>> valid{
      {"2020", "/", "12", "/", "20"},
      {"2020", " ", "-", " ", "1", "-", "5"},
      {"2020", "年", "12", "月", "20", "日"},
      {"令和", "元", "年", "5", "月", "1", "日"},
      {"平成", "31", " ", "年", "12", "月", "31", "日"},
      {"昭和", "12", "年", "1", "月", "1", "日"},
      {"R", "2", ".", "12", ".", "20"},
      {"h", " ", "31", "/", "4", "-", "30"},
      {"S", "64", ".", "1", ".", "7"},
      {"2020", "-", "12", "-", "20"},
  };
  std::mt19937 rng(20261130);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string s = i % 2 ? Generate(rng, tokens, 9) : Mutate(rng, tokens, valid);
    const auto want = RefParseListDate(s);
    const auto got = ParseListDate(s);
    ASSERT_EQ(Describe(got), Describe(want)) << "input '" << s << "'";
    const auto want_iso = RefParseIsoDate(s);
    const auto got_iso = ParseIsoDate(s);
    ASSERT_EQ(Describe(got_iso), Describe(want_iso)) << "input '" << s << "'";
    accepted += got ? 1 : 0;
  }
  EXPECT_GT(accepted, 1000) << "the generator must reach the accepting paths too";
}

TEST(Scanners, PostalCodesAgreeWithTheRegexTheyReplaced) {
  const std::vector<std::string> tokens{"〒", "100", "-", "0001", "1", "12", "1234", " ", "\t", "\n",
                                        "　", "東京都", "大阪府", "x", "－", "〒〒", "0", "\xC2\xA0", std::string(1, '\0')};
  const std::vector<std::vector<std::string>> valid{
      {"〒", "100", "-", "0001", " ", "東京都"}, {"100", "0001", "大阪府"}, {"〒", " ", "1", "12", "-", "1234"}};
  std::mt19937 rng(7);
  int stripped = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string s = i % 2 ? Generate(rng, tokens, 8) : Mutate(rng, tokens, valid);
    const std::string want = RefStripPostalCode(s);
    ASSERT_EQ(std::string(domain::StripPostalCode(s)), want) << "input '" << s << "'";
    stripped += want != s ? 1 : 0;
  }
  EXPECT_GT(stripped, 1000);
}

TEST(Scanners, UrlsAgreeWithTheRegexTheyReplaced) {
  const std::vector<std::string> tokens{"http", "https", "HTTP", "hTtPs", "s", "://", ":/", "a", "Z", "9", "example",
                                        ".", "-", "..", ":", "80", "65535", "123456", "/", "//", "?", "q=1", "#",
                                        " ", "\t", "\n", "\r", "\v", "\f", "é", "日本", "_", "%20", "@", std::string(1, '\0'), "\x7F"};
  const std::vector<std::vector<std::string>> valid{
      {"https", "://", "example", ".", "a", "/", "q=1"},
      {"http", "://", "a", ":", "80"},
      {"HTTP", "://", "9", "-", "Z", ":", "65535", "/", "日本", "?", "#"},
      {"https", "://", "a", "..", "a", "/"}};
  std::mt19937 rng(11);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string s = i % 2 ? Generate(rng, tokens, 9) : Mutate(rng, tokens, valid);
    const bool want = RefIsHttpUrl(s);
    ASSERT_EQ(domain::IsHttpUrl(s), want) << "input '" << s << "'";
    accepted += want ? 1 : 0;
  }
  EXPECT_GT(accepted, 1000);
}

// ---- Edge cases of each form, accepted and refused. ----

TEST(Scanners, ListDateForms) {
  struct Case {
    const char* text;
    const char* want;  // ISO date, or "" for refused
  };
  const Case cases[] = {
      {"2020/1/2", "2020-01-02"},
      {"2020 / 01 . 02", "2020-01-02"},
      {"2020\t-\n1\v-\f2", "2020-01-02"},
      {"2020　/　1　/　2", "2020-01-02"},  // ideographic spaces become spaces under NFKC
      {"2020/001/02", ""},
      {"2020/1/002", ""},
      {"02020/1/2", ""},
      {"202/1/2", ""},
      {"2020//1/2", ""},
      {"2020/1/2/", ""},
      {"2020/1/2 x", ""},
      {"2020_1_2", ""},
      {"2020 年 1 月 2 日", "2020-01-02"},
      {"2020年1月2", ""},
      {"2020年1月2日日", ""},
      {"2020年1/2", ""},
      {"令和 元 年 5 月 1 日", "2019-05-01"},
      {"令和元年5月1日 ", "2019-05-01"},
      {"令和01年5月1日", "2019-05-01"},
      {"令和100年5月1日", ""},
      {"令和元元年5月1日", ""},
      {"令和年5月1日", ""},
      {"大正元年5月1日", ""},
      {"㍻31年4月30日", "2019-04-30"},
      {"r 1 . 5 . 1", "2019-05-01"},
      {"s1.12.25", "1926-12-25"},
      {"S1.12.24", ""},
      {"RR1.5.1", ""},
      {"R.1.5.1", ""},
      {"R1.5.1.", ""},
      {"T1.5.1", ""},
      {"R元.5.1", ""},
  };
  for (const auto& c : cases) {
    auto d = ParseListDate(c.text);
    if (*c.want) {
      ASSERT_TRUE(d) << c.text << ": " << d.error().message;
      EXPECT_EQ(d->ToIso(), c.want) << c.text;
    } else {
      EXPECT_FALSE(d) << c.text << " gave " << d->ToIso();
    }
  }
  EXPECT_EQ(ParseListDate("R0.1.1").error().message, "'R0.1.1' is not a date: 令和 has no year 0");
  EXPECT_EQ(ParseListDate("令和1年4月30日").error().message,
            "'令和1年4月30日' is outside the 令和 era (2019-05-01 to today)");
}

TEST(Scanners, IsoDateForm) {
  EXPECT_EQ(ParseIsoDate("0001-01-01")->ToIso(), "0001-01-01");
  EXPECT_EQ(ParseIsoDate("9999-12-31")->ToIso(), "9999-12-31");
  for (const char* s : {"2026-1-01", "2026-01-1", "2026-001-01", " 2026-01-01", "2026-01-01 ", "2026-01-01\n",
                        "2026 -01-01", "20260-01-01", "2026/01/01", "２０２６-01-01", "0000-01-01", ""}) {
    EXPECT_FALSE(ParseIsoDate(s)) << s;
  }
  EXPECT_EQ(ParseIsoDate("2026-02-30").error().message, "'2026-02-30' is not a date that exists");
}

TEST(Scanners, PostalCodeForms) {
  EXPECT_EQ(domain::StripPostalCode("〒100-0001 東京都"), "東京都");
  EXPECT_EQ(domain::StripPostalCode("〒 \t1000001\n東京都"), "東京都");
  EXPECT_EQ(domain::StripPostalCode("100-0001東京都"), "東京都");
  EXPECT_EQ(domain::StripPostalCode("12345678東京都"), "8東京都") << "seven digits, like \\d{3}\\d{4}";
  EXPECT_EQ(domain::StripPostalCode("100-001 東京都"), "100-001 東京都");
  EXPECT_EQ(domain::StripPostalCode("100--0001 東京都"), "100--0001 東京都");
  EXPECT_EQ(domain::StripPostalCode("〒東京都"), "〒東京都");
  EXPECT_EQ(domain::StripPostalCode("東京都100-0001"), "東京都100-0001");
  EXPECT_EQ(domain::StripPostalCode("〒100-0001"), "");
}

TEST(Scanners, UrlForms) {
  for (const char* s : {"http://a", "HtTpS://Example.COM", "https://a-b.c-d", "https://a..b", "https://a:1",
                        "https://a:65535/x", "https://a:99999/", "https://a/", "https://a/日本?q=1#f",
                        "https://a/%00\x7F"}) {
    EXPECT_TRUE(domain::IsHttpUrl(s)) << s;
  }
  for (const char* s : {"", "http://", "https:/a", "ftp://a", "httpss://a", "http://-a", "http://a-", "http://.a",
                        "http://a.", "http://a:", "http://a:123456", "http://a:80x", "http://a?q", "http://a#f",
                        "http://a b", "http://a/b c", "http://a/b\tc", "http://a/\n", "http://a_b", "http://日本.jp",
                        " http://a", "http://a ", "javascript:alert(1)", "http://user@a"}) {
    EXPECT_FALSE(domain::IsHttpUrl(s)) << s;
  }
}

// ---- Inputs that crashed std::regex (SIGSEGV from its recursion) must now be refused quickly. ----

TEST(Scanners, LongInputsAreRefusedWithoutCrashing) {
  const std::string spaces(60000, ' ');
  // White space around separators is allowed in any amount, as the regexes allowed it (a row
  // is held to 64 characters before its dates are parsed: see limits_test.cpp).
  EXPECT_EQ(ParseListDate("2026" + spaces + "/01/01"), (Date{2026, 1, 1}));
  EXPECT_EQ(ParseListDate("2026" + spaces + "/" + spaces + "01" + spaces + "/01"), (Date{2026, 1, 1}));
  EXPECT_EQ(ParseListDate("令和" + spaces + "元年5月1" + spaces + "日"), (Date{2019, 5, 1}));
  EXPECT_FALSE(ParseListDate("2026/" + std::string(60000, '0') + "1/01"));
  EXPECT_FALSE(ParseListDate("令和" + spaces));
  EXPECT_FALSE(ParseListDate("令和" + spaces + "元年1月1日x"));
  EXPECT_FALSE(ParseListDate("R" + spaces + "1.1"));
  auto refused = ParseListDate("2026" + spaces + "/01/01x");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().message.ends_with("or R2.12.20)"));
  EXPECT_TRUE(refused.error().message.starts_with("'2026     ")) << "the text is quoted, cut short";
  EXPECT_LT(refused.error().message.size(), 200u);
  auto iso = ParseIsoDate(std::string(1 << 20, 'x'));
  ASSERT_FALSE(iso);
  EXPECT_EQ(iso.error().message, "'" + std::string(64, 'x') + "…' is not a date in the form YYYY-MM-DD");
  EXPECT_FALSE(ParseIsoDate(std::string(60000, '2')));
  EXPECT_FALSE(domain::IsHttpUrl("https://" + std::string(60000, 'a') + "/" + spaces));
  EXPECT_TRUE(domain::IsHttpUrl("https://example.com/" + std::string(60000, 'a')));
  EXPECT_FALSE(domain::IsHttpUrl("https://" + std::string(60000, 'a') + "-"));
  EXPECT_FALSE(domain::PrefectureOfAddress(std::string(200000, ' ')));
  EXPECT_EQ(domain::PrefectureOfAddress("〒100-0001" + std::string(200000, ' ') + "東京都"), 12);
  EXPECT_FALSE(domain::PrefectureOfAddress("〒" + std::string(200000, ' ')));
}

// std::regex must not come back: nothing under src/ may include <regex>.
TEST(Scanners, NoSourceFileUsesStdRegex) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::SourcePath("src"))) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find("#include <regex>"), std::string::npos) << entry.path();
  }
  EXPECT_GT(files, 20u);
}

}  // namespace
}  // namespace proven
