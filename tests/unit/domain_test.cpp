// Types, regions, prefectures and validation of one row of the list.
#include <gtest/gtest.h>

#include <optional>

#include "domain/lifecycle.hpp"
#include "domain/regions.hpp"
#include "domain/service.hpp"
#include "domain/service_fields.hpp"

namespace proven::domain {
namespace {

TEST(Types, CodesAndLabelsRoundTrip) {
  for (auto t : kServiceTypes) {
    EXPECT_EQ(TypeFromCode(TypeCode(t)), t);
    EXPECT_EQ(TypeFromText(TypeLabelJa(t)), t);
  }
  EXPECT_EQ(TypeFromText("ｾｷｭﾘﾃｨ監視･運用"), ServiceType::kMonitoring);
  EXPECT_EQ(TypeFromText("penetration_test"), ServiceType::kPenetrationTest);
  EXPECT_FALSE(TypeFromText("監査"));
  EXPECT_FALSE(TypeFromCode("Audit"));
}

TEST(Regions, FortySevenPrefecturesInEightAreas) {
  int per_area[8] = {};
  for (const auto& p : Prefectures()) ++per_area[p.area];
  EXPECT_EQ(per_area[0], 1);  // 北海道
  EXPECT_EQ(per_area[1], 6);  // 東北
  EXPECT_EQ(per_area[2], 7);  // 関東
  EXPECT_EQ(per_area[3], 9);  // 中部
  EXPECT_EQ(per_area[4], 7);  // 近畿
  EXPECT_EQ(per_area[5], 5);  // 中国
  EXPECT_EQ(per_area[6], 4);  // 四国
  EXPECT_EQ(per_area[7], 8);  // 九州・沖縄
}

TEST(Regions, PrefectureOfAddress) {
  auto name = [](std::string_view a) -> std::string {
    auto p = PrefectureOfAddress(a);
    return p ? std::string(Prefectures()[static_cast<std::size_t>(*p)].name) : "";
  };
  EXPECT_EQ(name("東京都千代田区丸の内1-1"), "東京都");
  EXPECT_EQ(name("京都府京都市下京区"), "京都府");
  EXPECT_EQ(name("〒100-0001 東京都千代田区"), "東京都");
  EXPECT_EQ(name("530-0001 大阪府大阪市北区"), "大阪府");
  EXPECT_EQ(name("　北海道札幌市"), "北海道");
  EXPECT_EQ(name("横浜市西区"), "");
  EXPECT_EQ(name("東京千代田区"), "") << "an address names its prefecture in full";
}

TEST(Regions, CoverageMasks) {
  auto tokyo = FindRegion("東京都");
  auto kanto = FindRegion("関東");
  auto kyushu = FindRegion("九州・沖縄");
  auto all = FindRegion("日本全国");
  ASSERT_TRUE(tokyo && kanto && kyushu && all);
  EXPECT_NE(tokyo->mask & kanto->mask, 0u);
  EXPECT_EQ(tokyo->mask & kyushu->mask, 0u);
  EXPECT_EQ(all->mask, kAllPrefectures);
  EXPECT_EQ(FindRegion("全国")->name, "日本全国");
  EXPECT_EQ(FindRegion("東京")->name, "東京都");
  EXPECT_EQ(FindRegion("九州")->name, "九州・沖縄");
  EXPECT_EQ(FindRegion("北海道")->mask, FindRegion("北海道")->mask);
  EXPECT_FALSE(FindRegion("関西"));
  EXPECT_FALSE(FindRegion("Tokyo"));
}

TEST(ListCells, SplitOnSeparatorsButNeverOnNakaguro) {
  EXPECT_EQ(SplitListCell("製造業、機械・電機・精密機器,金融，医療;教育\n官公庁\r\n建設"),
            (std::vector<std::string>{"製造業", "機械・電機・精密機器", "金融", "医療", "教育", "官公庁", "建設"}));
  EXPECT_TRUE(SplitListCell("  ").empty());
}

ServiceCells ValidCells() {
  ServiceCells c;
  auto set = [&](ServiceField f, std::string v) { c[static_cast<std::size_t>(f)] = std::move(v); };
  set(ServiceField::kName, " Web診断 ");
  set(ServiceField::kProvider, "株式会社テスト");
  set(ServiceField::kAddress, "東京都港区1-1");
  set(ServiceField::kOverview, "概要です。");
  set(ServiceField::kIndustries, "製造業、金融・保険業");
  set(ServiceField::kRegions, "関東、東京, 全国");
  set(ServiceField::kRegisteredOn, "令和2年12月20日");
  set(ServiceField::kExpiresOn, "2023/12/19");
  set(ServiceField::kRegistrar, "審査機構");
  set(ServiceField::kType, "脆弱性診断");
  set(ServiceField::kUrl, "https://example.com/a?b=c");
  return c;
}

TEST(ServiceRow, ValidRowBecomesAService) {
  auto r = ServiceFromCells(ValidCells());
  ASSERT_TRUE(std::holds_alternative<Service>(r));
  const auto& s = std::get<Service>(r);
  EXPECT_EQ(s.name, "Web診断") << "trimmed, otherwise as given";
  EXPECT_EQ(s.prefecture, "東京都");
  EXPECT_EQ(s.regions, (std::vector<std::string>{"関東", "東京都", "日本全国"}));
  EXPECT_EQ(s.industries, (std::vector<std::string>{"製造業", "金融・保険業"}));
  EXPECT_EQ(s.registered_on, (Date{2020, 12, 20}));
  EXPECT_EQ(s.type, ServiceType::kVulnerabilityAssessment);
}

std::vector<FieldProblem> ProblemsOf(const ServiceCells& c) {
  auto r = ServiceFromCells(c);
  if (auto* p = std::get_if<std::vector<FieldProblem>>(&r)) return *p;
  return {};
}

TEST(ServiceRow, EveryProblemIsReportedWithItsField) {
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kName)] = "";
  c[static_cast<std::size_t>(ServiceField::kType)] = "監査";
  c[static_cast<std::size_t>(ServiceField::kAddress)] = "横浜市1-1";
  c[static_cast<std::size_t>(ServiceField::kRegions)] = "関東、関西";
  c[static_cast<std::size_t>(ServiceField::kUrl)] = "javascript:alert(1)";
  const auto problems = ProblemsOf(c);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].field, ServiceField::kName);
  EXPECT_EQ(problems[0].message, "is required but empty");
  EXPECT_EQ(problems[1].field, ServiceField::kAddress);
  EXPECT_EQ(problems[2].field, ServiceField::kType);
  EXPECT_NE(problems[2].message.find("unknown service type '監査'"), std::string::npos);
  EXPECT_EQ(problems[3].field, ServiceField::kRegions);
  EXPECT_NE(problems[3].message.find("関西"), std::string::npos);
  EXPECT_EQ(problems[4].field, ServiceField::kUrl);
}

TEST(ServiceRow, DatesMustParseAndExpiryMustNotPrecedeRegistration) {
  auto c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kRegisteredOn)] = "2020/02/30";
  auto p = ProblemsOf(c);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, ServiceField::kRegisteredOn);

  c = ValidCells();
  c[static_cast<std::size_t>(ServiceField::kExpiresOn)] = "2020/12/19";
  p = ProblemsOf(c);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, ServiceField::kExpiresOn);
  EXPECT_EQ(p[0].message, "expiry 2020-12-19 is before registration 2020-12-20");
}

TEST(ServiceRow, ExportCellsParseBackToTheSameService) {
  auto s = std::get<Service>(ServiceFromCells(ValidCells()));
  const auto cells = CellsFromService(s);
  ServiceCells back;
  for (std::size_t i = 0; i < cells.size(); ++i) back[i] = cells[i];
  auto again = ServiceFromCells(back);
  ASSERT_TRUE(std::holds_alternative<Service>(again));
  EXPECT_EQ(std::get<Service>(again), s);
}

TEST(ServiceRow, RegistrationNumberIsOptionalNfkcTrimmedAndHeldToItsLimits) {
  auto number = [](std::optional<std::string> v) {
    auto c = ValidCells();
    c[static_cast<std::size_t>(ServiceField::kRegistrationNumber)] = std::move(v);
    return ServiceFromCells(c);
  };
  EXPECT_EQ(std::get<Service>(number(std::nullopt)).registration_number, "") << "the column is optional";
  EXPECT_EQ(std::get<Service>(number("")).registration_number, "");
  EXPECT_EQ(std::get<Service>(number(" ＪＡＳＡ－０１２３ ")).registration_number, "JASA-0123");
  EXPECT_EQ(std::get<Service>(number("\u3000第２０２４－０１５号")).registration_number, "第2024-015号");
  EXPECT_EQ(std::get<Service>(number(std::string(64, '7'))).registration_number, std::string(64, '7'));
  for (const std::string& bad : {std::string(65, '7'), std::string("A\tB"), std::string("A\nB"), std::string("A\x01")}) {
    auto r = number(bad);
    ASSERT_TRUE(std::holds_alternative<std::vector<FieldProblem>>(r)) << bad;
    const auto& p = std::get<std::vector<FieldProblem>>(r);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].field, ServiceField::kRegistrationNumber);
    EXPECT_FALSE(p[0].reason.key.empty());
  }
  // NFKC can lengthen a value past the limit (㍻ is two characters): checked after normalising too.
  auto grown = number(std::string(63, '7') + "㍻");
  ASSERT_TRUE(std::holds_alternative<std::vector<FieldProblem>>(grown));
  EXPECT_EQ(std::get<std::vector<FieldProblem>>(grown)[0].reason.key, "error.registration_number.invalid");

  // It is a column of its own, after ホームページ, and a change like any other field's.
  EXPECT_EQ(FieldInfo(ServiceField::kRegistrationNumber).header_ja, "登録番号");
  EXPECT_FALSE(FieldInfo(ServiceField::kRegistrationNumber).required);
  EXPECT_EQ(ServiceFields().back().field, ServiceField::kRegistrationNumber);
  EXPECT_EQ(FieldFromHeader("登録番号"), ServiceField::kRegistrationNumber);
  EXPECT_EQ(FieldFromHeader("Registration_Number"), ServiceField::kRegistrationNumber);
  const auto before = std::get<Service>(number("A-1"));
  auto after = before;
  after.registration_number = "A-2";
  EXPECT_EQ(ChangedFields(before, after), std::vector<ServiceField>{ServiceField::kRegistrationNumber});
  EXPECT_EQ(CellsFromService(before)[static_cast<std::size_t>(ServiceField::kRegistrationNumber)], "A-1");
  // The search key: case and width folded, spaces dropped.
  EXPECT_EQ(RegistrationNumberKey("ＪＡＳＡ－Ａ ０１２３"), "jasa-a0123");
  EXPECT_EQ(RegistrationNumberKey("  "), "");
}

TEST(Headers, JapaneseAndEnglishNames) {
  EXPECT_EQ(FieldFromHeader("サービス名"), ServiceField::kName);
  EXPECT_EQ(FieldFromHeader(" 主な顧客対象の分野･業種 "), ServiceField::kIndustries);
  EXPECT_EQ(FieldFromHeader("registered_on"), ServiceField::kRegisteredOn);
  EXPECT_EQ(FieldFromHeader("URL"), ServiceField::kUrl) << "English keys are case-insensitive";
  EXPECT_EQ(FieldFromHeader("No."), std::nullopt);
}

TEST(Validity, AsOfADate) {
  Service s;
  s.registered_on = {2020, 1, 1};
  s.expires_on = {2022, 12, 31};
  EXPECT_EQ(ValidityAsOf(s, {2019, 12, 31}), Validity::kNotYetValid);
  EXPECT_EQ(ValidityAsOf(s, {2020, 1, 1}), Validity::kValid);
  EXPECT_EQ(ValidityAsOf(s, {2022, 12, 31}), Validity::kValid);
  EXPECT_EQ(ValidityAsOf(s, {2023, 1, 1}), Validity::kExpired);
}

TEST(Status, StateFirstThenDatesWithExpiringSoon) {
  Service s;
  s.registered_on = {2020, 1, 1};
  s.expires_on = {2022, 12, 31};
  EXPECT_EQ(StatusAsOf(s, {2019, 12, 31}), ServiceStatus::kNotYetValid);
  EXPECT_EQ(StatusAsOf(s, {2022, 10, 1}), ServiceStatus::kValid) << "91 days before expiry";
  EXPECT_EQ(StatusAsOf(s, {2022, 10, 2}), ServiceStatus::kExpiringSoon) << "90 days before expiry counts";
  EXPECT_EQ(StatusAsOf(s, {2022, 12, 31}), ServiceStatus::kExpiringSoon);
  EXPECT_EQ(StatusAsOf(s, {2023, 1, 1}), ServiceStatus::kExpired);
  s.state = ServiceState::kSuspended;
  EXPECT_EQ(StatusAsOf(s, {2021, 1, 1}), ServiceStatus::kSuspended);
  EXPECT_EQ(StatusAsOf(s, {2023, 1, 1}), ServiceStatus::kSuspended) << "the state wins over the dates";
  s.state = ServiceState::kRevoked;
  EXPECT_EQ(StatusCode(StatusAsOf(s, {2021, 1, 1})), "revoked");
  EXPECT_EQ(StateFromCode("suspended"), ServiceState::kSuspended);
  EXPECT_EQ(StateFromCode("paused"), std::nullopt);
  EXPECT_EQ(StateCode(ServiceState::kActive), "active");
}

}  // namespace
}  // namespace proven::domain

namespace proven::domain {
namespace {

// The whole lifecycle table, written out: a new state or action cannot be added without deciding
// every cell.
TEST(Lifecycle, TransitionTable) {
  using S = ServiceState;
  using A = LifecycleAction;
  struct Cell {
    S from;
    A action;
    std::optional<S> to;  // nullopt: refused
  };
  const std::vector<Cell> table{
      {S::kActive, A::kChange, S::kActive},          {S::kActive, A::kRenew, S::kActive},
      {S::kActive, A::kSuspend, S::kSuspended},      {S::kActive, A::kResume, std::nullopt},
      {S::kActive, A::kRevoke, S::kRevoked},         {S::kActive, A::kPropose, S::kActive},
      {S::kSuspended, A::kChange, S::kSuspended},    {S::kSuspended, A::kRenew, S::kSuspended},
      {S::kSuspended, A::kSuspend, std::nullopt},    {S::kSuspended, A::kResume, S::kActive},
      {S::kSuspended, A::kRevoke, S::kRevoked},      {S::kSuspended, A::kPropose, S::kSuspended},
      {S::kRevoked, A::kChange, std::nullopt},       {S::kRevoked, A::kRenew, std::nullopt},
      {S::kRevoked, A::kSuspend, std::nullopt},      {S::kRevoked, A::kResume, std::nullopt},
      {S::kRevoked, A::kRevoke, std::nullopt},       {S::kRevoked, A::kPropose, std::nullopt},
  };
  EXPECT_EQ(table.size(), 3 * std::size(kLifecycleActions)) << "every state × every action";
  for (const auto& c : table) {
    auto next = NextState(7, c.from, c.action);
    const std::string what = std::string(StateCode(c.from)) + " + " + std::string(LifecycleActionCode(c.action));
    if (c.to) {
      ASSERT_TRUE(next) << what << ": " << next.error().message;
      EXPECT_EQ(*next, *c.to) << what;
    } else {
      ASSERT_FALSE(next) << what;
      EXPECT_EQ(next.error().code, ErrorCode::kFailedPrecondition) << what;
      EXPECT_NE(next.error().message.find("service 7"), std::string::npos) << what;
    }
  }
  EXPECT_EQ(NextState(7, S::kRevoked, A::kChange).error().message,
            "service 7 is revoked: a revoked registration cannot be changed");
}

}  // namespace
}  // namespace proven::domain
