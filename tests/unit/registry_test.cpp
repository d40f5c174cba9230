// The registry use cases on a real SQLite database in a temp dir: import (all or nothing),
// search semantics on a known fixture, exports and the round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "core/csv.hpp"
#include "core/encoding.hpp"
#include "services/export_service.hpp"
#include "services/import_service.hpp"
#include "services/query_params.hpp"
#include "services/registry_service.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using services::ImportReport;
using testing::ReadFile;
using testing::SourcePath;

constexpr Date kToday{2026, 11, 28};

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn);
    ASSERT_TRUE(store::ApplyMigrations(**conn));
    store_ = std::make_unique<store::SqlServiceStore>(*pool_);
    registry_ = std::make_unique<services::RegistryService>(*store_);
  }

  ImportReport Import(const std::string& bytes, bool dry_run = false) {
    auto r = services::ImportService(*store_, *registry_).Import(bytes, dry_run);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : ImportReport{};
  }

  void ImportFixture() {
    auto r = Import(ReadFile(SourcePath("tests/fixtures/services_small.csv")));
    ASSERT_TRUE(r.problems.empty()) << r.FormatProblems("fixture").front();
    ASSERT_EQ(r.outcome.added, 10);
  }

  // Searches with API-style parameters.
  services::SearchPage Find(std::initializer_list<std::pair<std::string, std::string>> params) {
    services::QueryParams p(params.begin(), params.end());
    auto parsed = services::ParseSearchParams(p, kToday);
    EXPECT_TRUE(parsed) << parsed.error().message;
    auto page = registry_->Search(parsed->query);
    EXPECT_TRUE(page);
    return page ? *page : services::SearchPage{};
  }

  std::vector<std::string> Names(const services::SearchPage& r) {
    std::vector<std::string> out;
    for (const auto& s : r.items) out.push_back(s.name);
    return out;
  }

  int Count(const std::vector<search::FacetValue>& f, const std::string& v) {
    for (const auto& x : f) {
      if (x.value == v) return x.count;
    }
    return 0;
  }

  std::size_t ServiceCount() { return store_->ListAll()->size(); }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "t.db"};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlServiceStore> store_;
  std::unique_ptr<services::RegistryService> registry_;
};

const std::string kHeader =
    "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
    "審査登録機関名,サービス種別,ホームページ\n";
const std::string kHeaderWithNumber =
    "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
    "審査登録機関名,サービス種別,ホームページ,登録番号\n";
const std::string kGoodRow =
    "良い診断,株式会社良,東京都港区1-1,概要,全業種,日本全国,2025/01/01,2027/12/31,機構A,脆弱性診断,https://a.example/\n";

TEST_F(RegistryTest, ImportsUtf8ShiftJisAndEnglishHeadersToTheSameRegistry) {
  ImportFixture();
  const auto utf8 = store_->ListAll().value();
  for (const char* f : {"tests/fixtures/services_small_sjis.csv", "tests/fixtures/services_small_en_bom.csv"}) {
    auto r = Import(ReadFile(SourcePath(f)));
    ASSERT_TRUE(r.problems.empty()) << f;
    EXPECT_EQ(r.outcome.added, 0) << f;
    EXPECT_EQ(r.outcome.unchanged, 10) << f;
  }
  EXPECT_EQ(store_->ListAll().value(), utf8);
  auto sjis = Import(ReadFile(SourcePath("tests/fixtures/services_small_sjis.csv")));
  EXPECT_EQ(sjis.encoding, TextEncoding::kCp932);
}

TEST_F(RegistryTest, ImportKeepsTextAsGivenAndDerivesPrefecture) {
  ImportFixture();
  const auto r = Find({{"q", "Webアプリケーション脆弱性診断"}, {"status", "all"}});
  ASSERT_EQ(r.total, 1u);
  const auto& s = r.items[0];
  EXPECT_EQ(s.overview, "Webアプリケーションの脆弱性を診断します。\n報告書は5営業日で提出します。");
  EXPECT_EQ(s.industries, (std::vector<std::string>{"情報通信業", "小売・卸売業"}));
  EXPECT_EQ(s.prefecture, "東京都");
  EXPECT_EQ(s.registered_on, (Date{2022, 12, 1}));
}

TEST_F(RegistryTest, ReimportUpdatesMatchingNameAndProviderInsteadOfDuplicating) {
  ImportFixture();
  const std::string changed = kHeader + kGoodRow;
  EXPECT_EQ(Import(changed).outcome.added, 1);
  std::string renewed = kGoodRow;
  renewed.replace(renewed.find("2027/12/31"), 10, "2028/12/31");
  auto r = Import(kHeader + renewed);
  EXPECT_EQ(r.outcome.added, 0);
  EXPECT_EQ(r.outcome.updated, 1);
  EXPECT_EQ(ServiceCount(), 11u);
  const auto found = Find({{"q", "良い診断"}});
  ASSERT_EQ(found.total, 1u);
  EXPECT_EQ(found.items[0].expires_on, (Date{2028, 12, 31}));
}

// One test per kind of bad input: every problem listed as LINE: column: message, nothing written.
struct BadCase {
  const char* name;
  std::string csv;
  std::vector<std::string> expected;  // FormatProblems("f.csv") lines
};

TEST_F(RegistryTest, BadInputFailsTheWholeImportAndListsEveryProblem) {
  const std::vector<BadCase> cases = {
      {"unknown type", kHeader + kGoodRow + "x,y,東京都港区,o,,,2025/01/01,2026/01/01,A,監査\n",
       {"f.csv:3: the row has 10 fields but the header has 11"}},
      {"unknown type (complete row)",
       kHeader + kGoodRow + "x,y,東京都港区,o,,,2025/01/01,2026/01/01,A,監査,\n",
       {"f.csv:3: サービス種別: unknown service type '監査' (expected one of: 情報セキュリティ監査, 脆弱性診断, "
        "ペネトレーションテスト, デジタルフォレンジック, セキュリティ監視・運用, 機器検証)"}},
      {"missing required field", kHeader + ",y,東京都港区,o,,,2025/01/01,2026/01/01,A,脆弱性診断,\n",
       {"f.csv:2: サービス名: is required but empty"}},
      {"missing required column",
       "サービス名,事業者名称,事業者所在地,登録年月日,有効期限,サービス種別\nx,y,東京都,2025/01/01,2026/01/01,脆弱性診断\n",
       {"f.csv:1: header: required column 審査登録機関名 (registrar) is missing"}},
      {"unparseable date", kHeader + "x,y,東京都港区,o,,,2025/13/01,R8.1.1,A,脆弱性診断,\n",
       {"f.csv:2: 登録年月日: '2025/13/01' is not a date that exists"}},
      {"expiry before registration", kHeader + "x,y,東京都港区,o,,,2025/01/01,2024/12/31,A,脆弱性診断,\n",
       {"f.csv:2: 有効期限: expiry 2024-12-31 is before registration 2025-01-01"}},
      {"unknown prefecture in the address", kHeader + "x,y,港区芝1-1,o,,,2025/01/01,2026/01/01,A,脆弱性診断,\n",
       {"f.csv:2: 事業者所在地: '港区芝1-1' does not start with one of the 47 prefectures (e.g. 東京都, 大阪府, 北海道)"}},
      {"malformed CSV", kHeader + kGoodRow + "\"x,y,東京都港区,o,,,2025/01/01,2026/01/01,A,脆弱性診断,\n",
       {"f.csv:3: a quoted field is never closed (missing '\"')"}},
      {"NUL byte in a row", kHeader + "x,y,東京都港区,o,,,2025/01/01,2026/01/01,A,脆弱性診断,https://a/" + std::string(1, '\0') + "\n",
       {"f.csv:2: ホームページ: contains a NUL byte (U+0000), which a text file never holds"}},
      {"NUL byte in a quoted field, two lines down",
       kHeader + "x,y,東京都港区,\"o\n\n" + std::string(1, '\0') + "\",,,2025/01/01,2026/01/01,A,脆弱性診断,\n",
       {"f.csv:4: サービスの概要: contains a NUL byte (U+0000), which a text file never holds"}},
      {"NUL byte in the header", "サービス名," + std::string(1, '\0') + "\n",
       {"f.csv:1: field 2: contains a NUL byte (U+0000), which a text file never holds"}},
      {"control character in a cell", kHeader + "x\x1b[31m,y,東京都港区,o,,,2025/01/01,2026/01/01,A,脆弱性診断,\n",
       {"f.csv:2: サービス名: contains the control character U+001B at character 2; control characters other than "
        "tab and line breaks are not allowed"}},
      {"a 100,000-character url", kHeader + "x,y,東京都港区,o,,,2025/01/01,2026/01/01,A,脆弱性診断,https://a/" +
                                      std::string(100000 - 10, 'a') + "\n",
       {"f.csv:2: ホームページ: is 100,000 characters long; at most 2,048 are allowed"}},
      {"duplicate row", kHeader + kGoodRow + kGoodRow,
       {"f.csv:3: サービス名: '良い診断' by '株式会社良' already appears on line 2"}},
      {"not UTF-8 or Shift_JIS", kHeader + "x\x81\x20,y\n", {}},
  };
  ImportFixture();
  const auto before = store_->ListAll().value();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    for (bool dry_run : {false, true}) {
      auto r = Import(c.csv, dry_run);
      auto lines = r.FormatProblems("f.csv");
      if (std::string(c.name) == "not UTF-8 or Shift_JIS") {
        ASSERT_EQ(lines.size(), 1u);
        EXPECT_TRUE(lines[0].starts_with("f.csv: line 2: the file is neither UTF-8 (invalid byte 0x81 at byte offset "))
            << lines[0];
      } else {
        EXPECT_EQ(lines, c.expected);
      }
      EXPECT_EQ(store_->ListAll().value(), before) << "nothing may be written";
    }
  }
}

TEST_F(RegistryTest, SeveralProblemsInSeveralRowsAreAllReported) {
  const std::string csv = kHeader + kGoodRow + "a,b,大阪府,o,,関西,2025/01/01,2024/01/01,A,脆弱性診断,ftp://x\n" +
                          "c,d,東京都,o,,,R8.2.30,,A,診断,\n";
  auto r = Import(csv);
  const auto lines = r.FormatProblems("f.csv");
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "f.csv:3: 対象とする地域: unknown region '関西' (expected 日本全国, an area such as 関東 or 九州・沖縄, or a prefecture)",
                       "f.csv:3: 有効期限: expiry 2024-01-01 is before registration 2025-01-01",
                       "f.csv:3: ホームページ: 'ftp://x' is not an http:// or https:// address",
                       "f.csv:4: サービス種別: unknown service type '診断' (expected one of: 情報セキュリティ監査, 脆弱性診断, "
                       "ペネトレーションテスト, デジタルフォレンジック, セキュリティ監視・運用, 機器検証)",
                       "f.csv:4: 登録年月日: 'R8.2.30' is not a date that exists",
                       "f.csv:4: 有効期限: is required but empty",
                   }));
  EXPECT_EQ(ServiceCount(), 0u);
}

TEST_F(RegistryTest, DryRunReportsWithoutWriting) {
  auto r = Import(ReadFile(SourcePath("tests/fixtures/services_small.csv")), true);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.outcome.added, 10);
  EXPECT_EQ(ServiceCount(), 0u);
}

TEST_F(RegistryTest, EmptyFilesAndUnknownColumns) {
  EXPECT_EQ(Import("").FormatProblems("f.csv"),
            (std::vector<std::string>{"f.csv:1: header: the file is empty: expected a header row"}));
  EXPECT_EQ(Import(kHeader).FormatProblems("f.csv"),
            (std::vector<std::string>{"f.csv:1: the file has a header but no rows"}));
  std::string extra = "No.," + kHeader + "1," + kGoodRow;
  auto r = Import(extra);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("'No.'"), std::string::npos);
  std::string twice = "サービス名," + kHeader + "x," + kGoodRow;
  EXPECT_EQ(Import(twice).FormatProblems("f.csv"),
            (std::vector<std::string>{"f.csv:1: header: column 'サービス名' appears twice (columns 1 and 2)"}));
}

// Registration numbers (登録番号): an optional column, NFKC-normalised, unique within the body,
// found whole by the parameter and by the keyword, never in part.
TEST_F(RegistryTest, RegistrationNumbersImportNormalisedUniquePerBodyAndAreFoundWhole) {
  ImportFixture();
  // Files without the column still import, and leave numbers alone.
  ASSERT_TRUE(Import(kHeader + kGoodRow).problems.empty());
  const std::string rows =
      "番号付き監査,株式会社番号,東京都港区1-1,概要,全業種,日本全国,2025/01/01,2027/12/31,機構A,情報セキュリティ監査,,"
      " ＪＡＳＡ－Ａ－０１２３ \n"
      "別機構の同じ番号,株式会社番号,東京都港区1-1,,,,2025/01/01,2027/12/31,機構B,脆弱性診断,,JASA-A-0123\n"
      "番号なし,株式会社番号,東京都港区1-1,,,,2025/01/01,2027/12/31,機構A,脆弱性診断,,\n";
  // The English key is accepted as the header too.
  std::string english = kHeaderWithNumber;
  english.replace(english.find("登録番号"), std::string("登録番号").size(), "registration_number");
  auto r = Import(english + rows);
  ASSERT_TRUE(r.problems.empty()) << r.FormatProblems("f.csv").front();
  EXPECT_EQ(r.outcome.added, 3);
  EXPECT_EQ(Find({{"registration_number", "JASA-A-0123"}}).total, 2u) << "one per body";
  const auto a = Find({{"registration_number", "jasa-a-0123"}, {"registrar", "機構A"}});
  ASSERT_EQ(a.total, 1u);
  EXPECT_EQ(a.items[0].name, "番号付き監査");
  EXPECT_EQ(a.items[0].registration_number, "JASA-A-0123") << "NFKC and trimmed";
  EXPECT_EQ(Find({{"registration_number", "ＪＡＳＡ－Ａ－０１２３"}}).total, 2u);
  EXPECT_EQ(Find({{"registration_number", "JASA-A"}}).total, 0u) << "part of a number finds nothing";
  EXPECT_EQ(Find({{"registration_number", "0123"}}).total, 0u);
  // The keyword: the whole number finds both services; part of it nothing (no text holds it).
  EXPECT_EQ(Find({{"q", "JASA-A-0123"}}).total, 2u);
  EXPECT_EQ(Find({{"q", "jasa-a-0123"}, {"registrar", "機構B"}}).items.at(0).name, "別機構の同じ番号");
  EXPECT_EQ(Find({{"q", "JASA-A"}}).total, 0u);
  EXPECT_EQ(Find({{"q", "0123"}}).total, 0u);
  // The parameter is given once at most, and held to the field's limits.
  services::QueryParams twice{{"registration_number", "A"}, {"registration_number", "B"}};
  EXPECT_FALSE(services::ParseSearchParams(twice, kToday));
  services::QueryParams too_long{{"registration_number", std::string(65, 'A')}};
  auto bad = services::ParseSearchParams(too_long, kToday);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "registration_number");

  const auto before = store_->ListAll().value();
  // A number twice for one body in a file: the later line, naming the first (case-insensitive).
  auto dup = Import(kHeaderWithNumber +
                    "新規1,株式会社新,東京都港区1-1,,,,2025/01/01,2027/12/31,機構C,脆弱性診断,,C-1\n"
                    "新規2,株式会社新,東京都港区1-1,,,,2025/01/01,2027/12/31,機構C,脆弱性診断,,c-1\n");
  EXPECT_EQ(dup.FormatProblems("f.csv"),
            (std::vector<std::string>{"f.csv:3: 登録番号: registration number 'c-1' of 機構C already appears on line 2"}));
  ASSERT_EQ(dup.problems.size(), 1u);
  EXPECT_EQ(dup.problems[0].field, "registration_number");
  EXPECT_EQ(dup.problems[0].reason.key, "error.import.duplicate_registration_number");
  // A number a stored service of the body holds.
  auto taken = Import(kHeaderWithNumber +
                      "新規3,株式会社新,東京都港区1-1,,,,2025/01/01,2027/12/31,機構A,脆弱性診断,,jasa-a-0123\n");
  ASSERT_EQ(taken.problems.size(), 1u);
  EXPECT_EQ(taken.problems[0].line, 2u);
  EXPECT_EQ(taken.problems[0].field, "registration_number");
  EXPECT_EQ(taken.problems[0].reason.key, "error.registration_number.taken");
  // Too long, or with a tab: the field's error.
  auto invalid = Import(kHeaderWithNumber + "新規4,株式会社新,東京都港区1-1,,,,2025/01/01,2027/12/31,機構A,脆弱性診断,,\"A\tB\"\n" +
                        "新規5,株式会社新,東京都港区1-1,,,,2025/01/01,2027/12/31,機構A,脆弱性診断,," + std::string(65, '9') + "\n");
  ASSERT_EQ(invalid.problems.size(), 2u);
  EXPECT_EQ(invalid.problems[0].reason.key, "error.registration_number.invalid");
  EXPECT_EQ(invalid.problems[1].field, "registration_number");
  EXPECT_EQ(store_->ListAll().value(), before) << "nothing written";

  // The holder may move its number to another of the file's services in one import, and a row
  // keeping its own number is no clash.
  auto moved = Import(kHeaderWithNumber +
                      "番号付き監査,株式会社番号,東京都港区1-1,概要,全業種,日本全国,2025/01/01,2027/12/31,機構A,情報セキュリティ監査,,JASA-A-0124\n"
                      "番号なし,株式会社番号,東京都港区1-1,,,,2025/01/01,2027/12/31,機構A,脆弱性診断,,JASA-A-0123\n");
  ASSERT_TRUE(moved.problems.empty()) << moved.FormatProblems("f.csv").front();
  EXPECT_EQ(moved.outcome.updated, 2);
  EXPECT_EQ(Find({{"registration_number", "JASA-A-0123"}, {"registrar", "機構A"}}).items.at(0).name, "番号なし");
}

TEST_F(RegistryTest, TextSearchSemantics) {
  ImportFixture();
  auto total = [&](std::initializer_list<std::pair<std::string, std::string>> p) { return Find(p).total; };
  EXPECT_EQ(Names(Find({{"q", "OT"}})), (std::vector<std::string>{"制御システム(OT)ペネトレーションテスト"}))
      << "OT begins a word in (OT) but not in IoT";
  EXPECT_EQ(total({{"q", "IoT"}, {"status", "all"}}), 1u);
  EXPECT_EQ(total({{"q", "SOC"}, {"status", "all"}}), 2u) << "SOC finds SOC2";
  EXPECT_EQ(total({{"q", "ＳＯＣ"}, {"status", "all"}}), 2u);
  EXPECT_EQ(total({{"q", "soc"}, {"status", "all"}}), 2u);
  EXPECT_EQ(total({{"q", "OC"}, {"status", "all"}}), 0u) << "an ASCII term must begin a word";
  EXPECT_EQ(Names(Find({{"q", "ﾌｫﾚﾝｼﾞｯｸ"}})), (std::vector<std::string>{"フォレンジック調査サービス"}));
  EXPECT_EQ(total({{"q", "ふぉれんじっく"}}), 1u);
  EXPECT_EQ(total({{"q", "監査"}}), 3u) << "two-character words match as substrings";
  EXPECT_EQ(total({{"q", "診断 報告書"}, {"status", "all"}}), 1u) << "terms are AND-ed";
  EXPECT_EQ(total({{"q", "診断\u3000報告書"}, {"status", "all"}}), 1u) << "ideographic space separates terms";
  EXPECT_EQ(total({{"q", "テスト丙"}, {"status", "all"}}), 2u) << "provider names are searched";
  EXPECT_EQ(total({{"q", "わかりやすく"}}), 1u) << "overviews are searched";
  EXPECT_EQ(total({{"q", "ワカリヤスク"}}), 1u) << "katakana finds hiragana";
  EXPECT_EQ(total({{"q", "東京都"}, {"status", "all"}}), 0u) << "addresses are not free-text fields";
}

TEST_F(RegistryTest, FiltersAndValidity) {
  ImportFixture();
  auto total = [&](std::initializer_list<std::pair<std::string, std::string>> p) { return Find(p).total; };
  EXPECT_EQ(total({}), 6u);
  EXPECT_EQ(total({{"status", "expired"}}), 3u);
  EXPECT_EQ(total({{"status", "all"}}), 10u);
  EXPECT_EQ(total({{"as_of", "2026-06-01"}}), 7u);
  EXPECT_EQ(total({{"type", "vulnerability_assessment"}}), 2u);
  EXPECT_EQ(total({{"type", "audit"}, {"type", "forensics"}}), 3u) << "OR within a parameter";
  EXPECT_EQ(total({{"type", "audit"}, {"prefecture", "東京都"}}), 0u) << "AND across parameters";
  EXPECT_EQ(total({{"industry", "機械・電機・精密機器"}}), 1u);
  EXPECT_EQ(total({{"industry", "製造業"}, {"industry", "金融・保険業"}}), 2u);
  EXPECT_EQ(total({{"registrar", "審査機構B"}}), 2u);
  EXPECT_EQ(total({{"prefecture", "神奈川県"}, {"status", "all"}}), 2u);
  EXPECT_EQ(total({{"prefecture", "神奈川"}, {"status", "all"}}), 2u) << "a prefecture without its suffix";
}

TEST_F(RegistryTest, RegionCoverage) {
  ImportFixture();
  auto total = [&](const std::string& region) { return Find({{"region", region}}).total; };
  EXPECT_EQ(total("東京都"), 4u) << "全国 ×2, 関東, 東京都";
  EXPECT_EQ(total("関東"), 4u) << "an area matches services covering any of its prefectures";
  EXPECT_EQ(total("近畿"), 2u);
  EXPECT_EQ(total("九州・沖縄"), 3u);
  EXPECT_EQ(total("福岡県"), 3u) << "a prefecture matches services covering its area";
  EXPECT_EQ(total("北海道"), 3u);
  EXPECT_EQ(total("日本全国"), 6u);
  EXPECT_EQ(Find({{"region", "北海道"}, {"region", "九州・沖縄"}}).total, 4u);
}

TEST_F(RegistryTest, DisjunctiveFacetCounts) {
  ImportFixture();
  auto all = Find({});
  EXPECT_EQ(Count(all.facets.type, "audit"), 2);
  EXPECT_EQ(Count(all.facets.type, "vulnerability_assessment"), 2);
  EXPECT_EQ(Count(all.facets.type, "device_verification"), 0);
  EXPECT_EQ(all.facets.type.size(), 4u) << "values with 0 are left out";
  EXPECT_EQ(Count(all.facets.prefecture, "東京都"), 3);
  EXPECT_EQ(Count(all.facets.registrar, "審査機構A"), 3);
  EXPECT_EQ(Count(all.facets.industry, "全業種"), 2);

  auto audit = Find({{"type", "audit"}});
  EXPECT_EQ(audit.total, 2u);
  EXPECT_EQ(Count(audit.facets.type, "vulnerability_assessment"), 2) << "a facet ignores its own filter";
  EXPECT_EQ(Count(audit.facets.prefecture, "神奈川県"), 1);
  EXPECT_EQ(Count(audit.facets.prefecture, "東京都"), 0) << "other facets apply the type filter";

  auto tokyo_audit = Find({{"type", "audit"}, {"prefecture", "東京都"}});
  EXPECT_EQ(tokyo_audit.total, 0u);
  EXPECT_EQ(Count(tokyo_audit.facets.type, "vulnerability_assessment"), 1);
  EXPECT_EQ(Count(tokyo_audit.facets.type, "forensics"), 1);
  EXPECT_EQ(Count(tokyo_audit.facets.prefecture, "北海道"), 1);
}

TEST_F(RegistryTest, SortingAndPaging) {
  ImportFixture();
  EXPECT_EQ(Names(Find({{"sort", "registered_on"}})),
            (std::vector<std::string>{"クラウド診断", "内部監査支援", "スマホアプリ診断", "SOC2対応アセスメント",
                                      "制御システム(OT)ペネトレーションテスト", "フォレンジック調査サービス"}));
  EXPECT_EQ(Names(Find({{"sort", "expires_on"}}))[0], "フォレンジック調査サービス");
  EXPECT_EQ(Names(Find({{"sort", "expires_on"}, {"order", "desc"}}))[0], "クラウド診断");
  // Relevance: same tier, newer registration first.
  EXPECT_EQ(Names(Find({{"q", "SOC"}, {"status", "all"}})),
            (std::vector<std::string>{"SOC2対応アセスメント", "24時間SOCサービス"}));
  auto page2 = Find({{"per_page", "4"}, {"page", "2"}});
  EXPECT_EQ(page2.total, 6u);
  EXPECT_EQ(page2.items.size(), 2u);
  auto all = Names(Find({{"per_page", "100"}}));
  EXPECT_EQ(Names(page2), (std::vector<std::string>{all[4], all[5]}));
  EXPECT_TRUE(Find({{"page", "9"}}).items.empty());
  // An exact name first, then name or provider matches, then overview-only matches; within a
  // tier newer registrations first.
  Import(kHeader + "診断,株式会社古,東京都港区1-1,古い,全業種,日本全国,2020/01/01,2030/12/31,機構A,脆弱性診断,\n" +
         "概要一致サービス,株式会社新,東京都港区1-1,診断を行います,全業種,日本全国,2026/10/01,2029/09/30,機構A,脆弱性診断,\n");
  EXPECT_EQ(Names(Find({{"q", "診断"}})),
            (std::vector<std::string>{"診断", "クラウド診断", "スマホアプリ診断", "概要一致サービス"}));
}

TEST_F(RegistryTest, CsvExportRoundTripsToAnIdenticalRegistry) {
  ImportFixture();
  // Two more services with registration numbers (one given full-width: stored NFKC).
  auto numbered = Import(kHeaderWithNumber + "番号付き監査,株式会社番号,東京都港区1-1,概要,全業種,日本全国,2025/01/01,2027/12/31,"
                                             "機構A,情報セキュリティ監査,,JASA-A-0123\n"
                                             "番号付き診断,株式会社番号,東京都港区1-1,,,,2025/01/01,2027/12/31,機構B,脆弱性診断,,"
                                             "ＪＡＳＡ－Ｂ－０００７\n");
  ASSERT_TRUE(numbered.problems.empty()) << numbered.FormatProblems("f.csv").front();
  ASSERT_EQ(numbered.outcome.added, 2);
  search::ServiceQuery all;
  all.status = search::StatusFilter::kAll;
  all.as_of = kToday;
  services::ExportOptions options;
  options.public_url = "https://proven.example.jp";
  auto csv = services::ExportService(*registry_).Export(all, services::ExportFormat::kCsv, options);
  ASSERT_TRUE(csv);
  EXPECT_TRUE(csv->bytes.starts_with("\xEF\xBB\xBFサービス名,事業者名称,事業者所在地,サービスの概要,"));
  // The export-only columns follow the twelve import columns (登録番号 after ホームページ): id,
  // status as of the query's as_of (its Japanese label), the detail page's URL.
  const auto records = ParseCsv(csv->bytes);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->front().fields.size(), 15u);
  EXPECT_EQ(records->front().fields[10], "ホームページ");
  EXPECT_EQ(records->front().fields[11], "登録番号");
  EXPECT_EQ(records->front().fields[12], "ID");
  EXPECT_EQ(records->front().fields[13], "状態");
  EXPECT_EQ(records->front().fields[14], "詳細ページURL");
  std::set<std::string> numbers;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& f = (*records)[i].fields;
    ASSERT_EQ(f.size(), 15u);
    const auto s = store_->FindById(std::stoll(f[12])).value().value();
    EXPECT_EQ(f[0], s.name);
    EXPECT_EQ(f[11], s.registration_number);
    if (!f[11].empty()) numbers.insert(f[11]);
    EXPECT_EQ(f[13], services::StatusLabelJa(domain::StatusAsOf(s, kToday)));
    EXPECT_EQ(f[14], "https://proven.example.jp/services/" + f[12]);
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"JASA-A-0123", "JASA-B-0007"}));

  testing::TempDir other_dir;
  testing::TestDatabase other_database(other_dir, "o.db");
  store::ConnectionPool other_pool(other_database.spec(), true);
  ASSERT_TRUE(store::ApplyMigrations(*other_pool.Acquire().value()));
  store::SqlServiceStore other_store(other_pool);
  services::RegistryService other(other_store);
  auto r = services::ImportService(other_store, other).Import(csv->bytes, false);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->problems.empty()) << r->FormatProblems("export.csv").front();
  EXPECT_TRUE(r->warnings.empty()) << "the export-only columns are ignored silently: " << r->warnings.front();
  EXPECT_EQ(r->outcome.added, 12);
  auto strip_ids = [](std::vector<domain::Service> v) {
    for (auto& s : v) s.id = 0;
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return v;
  };
  EXPECT_EQ(strip_ids(other_store.ListAll().value()), strip_ids(store_->ListAll().value()));
  // And importing the export into the same registry changes nothing.
  auto again = services::ImportService(*store_, *registry_).Import(csv->bytes, false);
  EXPECT_EQ(again->outcome.unchanged, 12);
}

// The entries of a zip archive (an XLSX file), by name, inflated.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  auto u16 = [&](std::size_t at) { return static_cast<std::size_t>(static_cast<unsigned char>(zip[at]) | (static_cast<unsigned char>(zip[at + 1]) << 8)); };
  auto u32 = [&](std::size_t at) { return u16(at) | (u16(at + 2) << 16); };
  std::map<std::string, std::string> out;
  const std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return out;
  std::size_t at = u32(eocd + 16);
  for (std::size_t i = 0, n = u16(eocd + 10); i < n; ++i) {
    const std::size_t csize = u32(at + 20), usize = u32(at + 24), name_len = u16(at + 28);
    const std::size_t local = u32(at + 42);
    const std::string name = zip.substr(at + 46, name_len);
    at += 46 + name_len + u16(at + 30) + u16(at + 32);
    const std::size_t data = local + 30 + u16(local + 26) + u16(local + 28);
    std::string inflated(usize, '\0');
    if (u16(local + 8) == 0) {
      inflated = zip.substr(data, csize);
    } else {
      z_stream z{};
      inflateInit2(&z, -15);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = static_cast<uInt>(csize);
      z.next_out = reinterpret_cast<Bytef*>(inflated.data());
      z.avail_out = static_cast<uInt>(usize);
      inflate(&z, Z_FINISH);
      inflateEnd(&z);
    }
    out[name] = std::move(inflated);
  }
  return out;
}

TEST(CsvInjection, CellsThatASpreadsheetWouldRunAreNeutralisedAndRestoredExactly) {
  for (std::string cell : {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(1)", "\tx", "\rx", "'", "'=x", "''=x",
                           "'abc"}) {
    const std::string out = services::NeutraliseCsvCell(cell);
    EXPECT_EQ(out, "'" + cell);
    EXPECT_EQ(services::RestoreCsvCell(out), cell);
  }
  for (std::string cell : {"", "abc", "1-2", "a=b", "診断", " =x"}) {
    EXPECT_EQ(services::NeutraliseCsvCell(cell), cell);
    EXPECT_EQ(services::RestoreCsvCell(cell), cell);
  }
  // A hand-written cell with a quote before an ordinary character keeps it.
  EXPECT_EQ(services::RestoreCsvCell("'abc"), "'abc");
}

TEST_F(RegistryTest, CsvExportNeutralisesFormulasAndTheRoundTripIsExact) {
  // Values a registrar (or an approved vendor proposal) could plant; the import trims text, so
  // TAB and CR can only start a cell of a hand-written file (see the unit test above).
  const std::string csv = kHeader +
                          "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",株式会社A,東京都港区1-1,-1,@SUM(1),日本全国,"
                          "2025/01/01,2027/12/31,機構A,脆弱性診断,\n"
                          "+SUM(A1),株式会社B,東京都港区1-2,'=x,'plain,日本全国,2025/01/01,2027/12/31,機構A,脆弱性診断,\n";
  auto r = Import(csv);
  ASSERT_TRUE(r.problems.empty()) << r.FormatProblems("f.csv").front();
  auto a = Find({{"q", "株式会社A"}, {"status", "all"}});
  ASSERT_EQ(a.total, 1u);
  EXPECT_EQ(a.items[0].name, "=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(a.items[0].overview, "-1");
  EXPECT_EQ(a.items[0].industries, std::vector<std::string>{"@SUM(1)"});
  auto b = Find({{"q", "株式会社B"}, {"status", "all"}});
  ASSERT_EQ(b.total, 1u);
  EXPECT_EQ(b.items[0].overview, "=x") << "an imported '= is the export's neutralising, undone";

  search::ServiceQuery all;
  all.status = search::StatusFilter::kAll;
  all.as_of = kToday;
  auto exported = services::ExportService(*registry_).Export(all, services::ExportFormat::kCsv);
  ASSERT_TRUE(exported);
  const std::string& out = exported->bytes;
  EXPECT_NE(out.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",株式会社A"), std::string::npos) << out;
  EXPECT_NE(out.find(",\"'-1\",\"'@SUM(1)\","), std::string::npos) << out;
  EXPECT_NE(out.find("\"'+SUM(A1)\",株式会社B,東京都港区1-2,\"'=x\",\"''plain\""), std::string::npos) << out;
  // No line of the file starts a cell with a bare trigger character.
  const auto records = ParseCsv(out);
  ASSERT_TRUE(records);
  for (const auto& rec : *records) {
    for (const auto& cell : rec.fields) {
      EXPECT_FALSE(!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) << cell;
    }
  }

  // Export → import into another registry → identical; and into the same one → unchanged.
  testing::TempDir other_dir;
  testing::TestDatabase other_database(other_dir, "o.db");
  store::ConnectionPool other_pool(other_database.spec(), true);
  ASSERT_TRUE(store::ApplyMigrations(*other_pool.Acquire().value()));
  store::SqlServiceStore other_store(other_pool);
  services::RegistryService other(other_store);
  auto again = services::ImportService(other_store, other).Import(out, false);
  ASSERT_TRUE(again && again->problems.empty());
  auto strip_ids = [](std::vector<domain::Service> v) {
    for (auto& s : v) s.id = 0;
    std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
    return v;
  };
  EXPECT_EQ(strip_ids(other_store.ListAll().value()), strip_ids(store_->ListAll().value()));
  // A value that genuinely starts with '= survives too: it exports as ''= and imports as '=.
  auto b_row = store_->FindById(b.items[0].id).value().value();
  b_row.overview = "'=x";
  ASSERT_TRUE(store_->Write([&](store::ServiceWriter& w) { return w.Update(b_row); }));
  auto quoted = services::ExportService(*registry_).Export(all, services::ExportFormat::kCsv);
  EXPECT_NE(quoted->bytes.find(",\"''=x\","), std::string::npos);
  auto third = services::ImportService(other_store, other).Import(quoted->bytes, false);
  ASSERT_TRUE(third && third->problems.empty());
  EXPECT_EQ(third->outcome.updated, 1);
  EXPECT_EQ(strip_ids(other_store.ListAll().value()), strip_ids(store_->ListAll().value()));
  EXPECT_EQ(services::ImportService(*store_, *registry_).Import(quoted->bytes, false)->outcome.unchanged, 2);
}

TEST_F(RegistryTest, XlsxWritesFormulasAsTextAndCutsOverlongCellsVisibly) {
  domain::Service s;
  s.name = "=HYPERLINK(\"http://x\",\"y\")";
  s.provider = "株式会社A";
  s.address = "東京都港区1-1";
  s.prefecture = "東京都";
  s.registered_on = {2025, 1, 1};
  s.expires_on = {2027, 12, 31};
  s.registrar = "機構A";
  // Over Excel's limit, in UTF-16 units: 20,000 kanji and 10,000 emoji (2 units each).
  for (int i = 0; i < 20000; ++i) s.overview += "診";
  for (int i = 0; i < 10000; ++i) s.overview += "\xF0\x9F\x94\x92";
  auto file = services::ServicesToXlsx({s}, {Date{2026, 1, 1}, ""});
  ASSERT_TRUE(file) << file.error().detail;
  ASSERT_EQ(file->warnings.size(), 1u);
  EXPECT_NE(file->warnings[0].find("40000 characters"), std::string::npos) << file->warnings[0];
  auto entries = Unzip(file->bytes);
  ASSERT_TRUE(entries.contains("xl/sharedStrings.xml"));
  ASSERT_TRUE(entries.contains("xl/worksheets/sheet1.xml"));
  ASSERT_TRUE(entries.contains("xl/worksheets/sheet2.xml")) << "the notes sheet";
  const std::string& sheet = entries["xl/worksheets/sheet1.xml"];
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << "no formulas";
  const std::string& strings = entries["xl/sharedStrings.xml"];
  EXPECT_NE(strings.find("<t>=HYPERLINK(\"http://x\",\"y\")</t>"), std::string::npos) << "a shared string";
  EXPECT_NE(sheet.find("t=\"s\""), std::string::npos) << "string cells";
  EXPECT_NE(strings.find("…[truncated: 40000 characters in total"), std::string::npos);
  EXPECT_NE(strings.find("cut at Excel's limit"), std::string::npos);
  // The cut cell holds as much as fits: 20,000 kanji, then emoji up to the limit with the marker.
  const auto start = strings.find("診");
  const auto end = strings.find("</t>", start);
  std::size_t units = 0;
  for (std::size_t i = start; i < end; ++i) {
    const auto c = static_cast<unsigned char>(strings[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  EXPECT_LE(units, services::kXlsxMaxCellChars);
  EXPECT_GE(units, services::kXlsxMaxCellChars - 1);
}

TEST_F(RegistryTest, Cp932CsvExportRoundTripsAndCountsWhatItCannotHold) {
  ImportFixture();
  // One service whose overview holds what CP932 cannot: two emoji. WAVE DASH (〜) maps by CP932's
  // fallback and is no loss.
  auto row = store_->ListAll().value().front();
  row.overview = "概要〜①\xF0\x9F\x94\x92鍵\xF0\x9F\x98\x80";
  ASSERT_TRUE(store_->Write([&](store::ServiceWriter& w) { return w.Update(row); }));
  ASSERT_TRUE(registry_->Reload());
  search::ServiceQuery all;
  all.status = search::StatusFilter::kAll;
  all.as_of = kToday;
  services::ExportOptions options;
  options.encoding = services::ExportEncoding::kCp932;
  auto sjis = services::ExportService(*registry_).Export(all, services::ExportFormat::kCsv, options);
  ASSERT_TRUE(sjis);
  EXPECT_EQ(sjis->unmappable, 2u);
  ASSERT_EQ(sjis->warnings.size(), 1u);
  EXPECT_NE(sjis->warnings[0].find("2 characters"), std::string::npos);
  EXPECT_EQ(sjis->content_type, "text/csv; charset=Shift_JIS");
  EXPECT_FALSE(sjis->bytes.starts_with("\xEF\xBB\xBF")) << "no BOM";
  EXPECT_TRUE(sjis->bytes.starts_with("\x83\x54\x81\x5B\x83\x72\x83\x58\x96\xBC,")) << "サービス名 in CP932";
  // Decoded back, it is the UTF-8 export with each unmappable character as "?".
  auto decoded = DecodeText(sjis->bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->encoding, TextEncoding::kCp932);
  auto utf8 = services::ExportService(*registry_).Export(all, services::ExportFormat::kCsv);
  std::string expected = utf8->bytes.substr(3);
  for (const std::string emoji : {"\xF0\x9F\x94\x92", "\xF0\x9F\x98\x80"}) expected.replace(expected.find(emoji), emoji.size(), "?");
  // CP932's 0x8160 reads back as FULLWIDTH TILDE (～) or WAVE DASH (〜) depending on the table.
  std::string got = decoded->utf8;
  if (const auto at = got.find("～"); at != std::string::npos) got.replace(at, std::string("～").size(), "〜");
  EXPECT_EQ(got, expected);
  // And the CP932 file imports: every service unchanged except the one whose emoji were lost.
  auto again = services::ImportService(*store_, *registry_).Import(sjis->bytes, true);
  ASSERT_TRUE(again && again->problems.empty());
  EXPECT_EQ(again->outcome.updated, 1);
  EXPECT_EQ(again->outcome.unchanged, 9);
  // Pure ASCII and JIS text loses nothing.
  auto plain = Utf8ToCp932("東京都港区 ABC-1");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->unmappable, 0u);
  EXPECT_EQ(DecodeText(plain->bytes)->utf8, "東京都港区 ABC-1");
  EXPECT_FALSE(Utf8ToCp932("\xFF\xFE"));
}

TEST_F(RegistryTest, JsonAndXlsxExportsOfTheCurrentResult) {
  ImportFixture();
  services::QueryParams p{{"type", "vulnerability_assessment"}};
  auto q = services::ParseSearchParams(p, kToday)->query;
  auto json = services::ExportService(*registry_).Export(q, services::ExportFormat::kJson);
  ASSERT_TRUE(json);
  auto arr = nlohmann::json::parse(json->bytes);
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0]["type"], "vulnerability_assessment");
  EXPECT_EQ(arr[0]["status"], "valid");
  EXPECT_TRUE(arr[0]["industries"].is_array());
  auto xlsx = services::ExportService(*registry_).Export(q, services::ExportFormat::kXlsx);
  ASSERT_TRUE(xlsx);
  EXPECT_TRUE(xlsx->bytes.starts_with("PK\x03\x04")) << "an XLSX file is a zip archive";
  EXPECT_NE(xlsx->bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
}

TEST_F(RegistryTest, StatsByTypeAndPrefecture) {
  ImportFixture();
  auto stats = registry_->Stats(kToday);
  EXPECT_EQ(stats.total, 6u);
  int sum = 0;
  for (const auto& pt : stats.per_type) sum += pt.total;
  EXPECT_EQ(sum, 6);
  const auto& va = stats.per_type[static_cast<std::size_t>(domain::ServiceType::kVulnerabilityAssessment)];
  EXPECT_EQ(va.total, 2);
  EXPECT_EQ(Count(va.prefectures, "東京都"), 1);
  EXPECT_EQ(Count(va.prefectures, "福岡県"), 1);
}

TEST_F(RegistryTest, DemoDataImportsCleanlyAndResemblesThePublishedList) {
  auto r = Import(ReadFile(SourcePath("data/demo/services.csv")));
  ASSERT_TRUE(r.problems.empty()) << r.FormatProblems("services.csv").front();
  EXPECT_GE(r.outcome.added, 300);
  std::set<domain::ServiceType> types;
  const auto stored = store_->ListAll().value();
  for (const auto& s : stored) types.insert(s.type);
  EXPECT_EQ(types.size(), 6u);
  auto all = Find({{"status", "all"}});
  ASSERT_FALSE(all.facets.prefecture.empty());
  EXPECT_EQ(all.facets.prefecture[0].value, "東京都") << "mostly Tokyo";
}

}  // namespace
}  // namespace proven
