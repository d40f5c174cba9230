// The registration body's use cases on a real SQLite database in a temp dir: register, change,
// renew, suspend, resume, revoke; ownership; vendor proposals and provenance; the public
// history; the audit chain; what search shows of suspended and revoked services; re-imports.
#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "domain/auth.hpp"
#include "services/query_params.hpp"
#include "services/registrar_service.hpp"
#include "services/registry_service.hpp"
#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "support/service_cells.hpp"
#include "support/test_support.hpp"
#include "web/service_json.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::Role;
using domain::ServiceCells;
using domain::ServiceField;
using domain::ServiceState;
using json = nlohmann::json;

constexpr Date kToday{2026, 11, 28};

ServiceCells Cells(std::initializer_list<std::pair<ServiceField, std::string>> values) {
  ServiceCells c;
  for (const auto& [f, v] : values) c[static_cast<std::size_t>(f)] = v;
  return c;
}

// A complete registration; the registrar is left to default unless given.
ServiceCells NewService(const std::string& name, const std::string& provider, const std::string& expires = "2029-03-31",
                        const std::string& registrar = "") {
  return testing::CompleteService({.name = name, .provider = provider, .expires = expires, .registrar = registrar});
}

class RegistrarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    {
      auto conn = pool_->Acquire();
      ASSERT_TRUE(conn);
      ASSERT_TRUE(store::ApplyMigrations(**conn));
    }
    store_ = std::make_unique<store::SqlServiceStore>(*pool_);
    registry_ = std::make_unique<services::RegistryService>(*store_);
    ASSERT_TRUE(registry_->Reload());
    registrar_ = std::make_unique<services::RegistrarService>(*store_, *registry_);
    admin_ = MakeActor("admin@op.example", {Role::kAdmin}, "");
    body_a_ = MakeActor("a@kiko-a.example", {Role::kRegistrar}, "機構A");
    body_b_ = MakeActor("b@kiko-b.example", {Role::kRegistrar}, "機構B");
    vendor_ = MakeActor("v@ryo.example", {Role::kVendor}, "株式会社良");
    other_vendor_ = MakeActor("v@other.example", {Role::kVendor}, "株式会社別");
    user_ = MakeActor("u@user.example", {Role::kUser}, "");
  }

  // A user row (proposals refer to their proposer), and the actor it signs in as.
  Actor MakeActor(const std::string& email, std::vector<Role> roles, const std::string& org) {
    auto conn = pool_->Acquire();
    std::optional<std::int64_t> org_id;
    if (!org.empty()) {
      auto ins = (*conn)->Prepare(
          "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z') RETURNING id");
      ins->Bind(1, org).Bind(2, roles.front() == Role::kVendor ? "vendor" : "registration_body");
      org_id = store::RunReturningId(*ins).value();
    }
    auto ins = (*conn)->Prepare(
        "INSERT INTO users (email, password_hash, organisation_id, created_at, password_changed_at) "
        "VALUES (?, 'x', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");
    ins->Bind(1, email);
    if (org_id) ins->Bind(2, *org_id);
    return Actor{store::RunReturningId(*ins).value(), email, std::move(roles), org, org_id};
  }

  std::int64_t RegisterOk(const Actor& actor, const ServiceCells& cells) {
    auto id = registrar_->Register(actor, cells);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  domain::Service Get(std::int64_t id) { return store_->FindById(id).value().value(); }

  std::vector<std::string> EventKinds(std::int64_t id) {
    std::vector<std::string> out;
    const auto history = registrar_->History(id).value();
    for (const auto& e : history) out.push_back(e.kind);
    return out;
  }

  std::vector<store::AuditEntry> Audit() {
    auto conn = pool_->Acquire();
    auto entries = store::ListAudit(**conn, std::numeric_limits<std::int64_t>::max(), 10000).value();
    std::reverse(entries.begin(), entries.end());  // oldest first
    return entries;
  }

  void ExpectChainHolds() {
    auto conn = pool_->Acquire();
    auto v = store::VerifyAudit(**conn);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->problems.empty()) << v->problems.front().message;
  }

  // Ids found by an API-style search as of kToday.
  std::vector<std::int64_t> Find(std::initializer_list<std::pair<std::string, std::string>> params) {
    services::QueryParams p(params.begin(), params.end());
    auto parsed = services::ParseSearchParams(p, kToday);
    EXPECT_TRUE(parsed) << parsed.error().message;
    parsed->query.sort = search::SortKey::kRegisteredOn;
    parsed->query.descending = false;
    std::vector<std::int64_t> ids;
    const auto page = registry_->Search(parsed->query).value();
    for (const auto& s : page.items) ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "r.db"};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlServiceStore> store_;
  std::unique_ptr<services::RegistryService> registry_;
  std::unique_ptr<services::RegistrarService> registrar_;
  Actor admin_, body_a_, body_b_, vendor_, other_vendor_, user_;
};

TEST_F(RegistrarTest, RegisterValidatesLikeAnImportAndDefaultsTheRegistrar) {
  const auto id = RegisterOk(body_a_, NewService("新規診断", "株式会社良"));
  const auto s = Get(id);
  EXPECT_EQ(s.registrar, "機構A") << "the registrar defaults to the actor's organisation";
  EXPECT_EQ(s.prefecture, "東京都");
  EXPECT_EQ(s.state, ServiceState::kActive);
  EXPECT_EQ(EventKinds(id), (std::vector<std::string>{"registered"}));
  EXPECT_EQ(Find({{"q", "新規診断"}}), (std::vector<std::int64_t>{id})) << "searchable at once";

  auto dup = registrar_->Register(body_a_, NewService("新規診断", "株式会社良"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  auto bad = NewService("", "株式会社良");
  bad[static_cast<std::size_t>(ServiceField::kAddress)] = "ムー大陸1-1";
  auto invalid = registrar_->Register(body_a_, bad);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(invalid.error().field, "name");
  EXPECT_NE(invalid.error().message.find("address"), std::string::npos) << "every problem is named";

  auto for_other_body = registrar_->Register(body_b_, NewService("他機関の登録", "株式会社良", "2029-03-31", "機構A"));
  ASSERT_FALSE(for_other_body);
  EXPECT_EQ(for_other_body.error().code, ErrorCode::kPermissionDenied);
  auto by_vendor = registrar_->Register(vendor_, NewService("自己登録", "株式会社良", "2029-03-31", "機構A"));
  ASSERT_FALSE(by_vendor);
  EXPECT_EQ(by_vendor.error().code, ErrorCode::kPermissionDenied);
  auto admin_without_body = registrar_->Register(admin_, NewService("運営者の登録", "株式会社良"));
  ASSERT_FALSE(admin_without_body);
  EXPECT_EQ(admin_without_body.error().field, "registrar");
  const auto by_admin = RegisterOk(admin_, NewService("運営者の登録", "株式会社良", "2029-03-31", "機構C"));
  EXPECT_EQ(Get(by_admin).registrar, "機構C");
  EXPECT_EQ(store_->ListAll()->size(), 2u);
}

TEST_F(RegistrarTest, ChangeTouchesOnlyTheGivenFieldsAndRecordsThem) {
  const auto id = RegisterOk(body_a_, NewService("変更前の名前", "株式会社良"));
  const auto before = Get(id);
  auto changed = registrar_->Change(body_a_, id,
                                    Cells({{ServiceField::kOverview, "クラウド設定を診断します。"},
                                           {ServiceField::kUrl, "https://b.example/"},
                                           {ServiceField::kRegions, "日本全国"}}));
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, (std::vector<std::string>{"overview", "url"})) << "regions was given but did not change";
  auto after = Get(id);
  EXPECT_EQ(after.overview, "クラウド設定を診断します。");
  EXPECT_EQ(after.url, "https://b.example/");
  EXPECT_EQ(after.name, before.name);
  EXPECT_EQ(after.expires_on, before.expires_on);
  ASSERT_TRUE(after.provenance.contains("overview"));
  EXPECT_EQ(after.provenance["overview"].supplied_by, "registrar");
  EXPECT_EQ(after.provenance["overview"].vetted_by, "機構A");
  EXPECT_FALSE(after.provenance.contains("name"));
  EXPECT_EQ(Find({{"q", "クラウド設定"}}), (std::vector<std::int64_t>{id})) << "the index sees the change";
  EXPECT_TRUE(Find({{"q", "Webアプリケーション"}}).empty());

  const auto history = registrar_->History(id).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].kind, "changed");
  EXPECT_EQ(json::parse(history[1].detail)["fields"], (json{"overview", "url"}));
  EXPECT_EQ(history[1].actor, "機構A") << "the public history names the body, not the person";

  const auto audit = Audit();
  ASSERT_EQ(audit.back().action, "service.change");
  EXPECT_EQ(audit.back().entity, "service:" + std::to_string(id));
  EXPECT_EQ(json::parse(audit.back().before)["overview"], "Webアプリケーションの脆弱性を診断します。");
  EXPECT_EQ(json::parse(audit.back().after)["overview"], "クラウド設定を診断します。");
  EXPECT_NE(audit.back().actor.find("a@kiko-a.example"), std::string::npos);

  // Nothing changed: nothing written.
  auto same = registrar_->Change(body_a_, id, Cells({{ServiceField::kUrl, "https://b.example/"}}));
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->empty());
  EXPECT_EQ(Audit().size(), audit.size());

  // Validated as a whole; a bad field changes nothing.
  auto bad = registrar_->Change(body_a_, id, Cells({{ServiceField::kOverview, "新しい概要"}, {ServiceField::kUrl, "ftp://x"}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "url");
  EXPECT_EQ(Get(id), after);
  auto early = registrar_->Change(body_a_, id, Cells({{ServiceField::kExpiresOn, "2020-01-01"}}));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().field, "expires_on");

  // Handing the service to another body needs the right over both.
  auto move = registrar_->Change(body_a_, id, Cells({{ServiceField::kRegistrar, "機構B"}}));
  ASSERT_FALSE(move);
  EXPECT_EQ(move.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(registrar_->Change(admin_, id, Cells({{ServiceField::kRegistrar, "機構B"}})));
  EXPECT_EQ(Get(id).registrar, "機構B");

  // Renaming onto another service's name and provider clashes.
  const auto other = RegisterOk(body_b_, NewService("別のサービス", "株式会社良"));
  auto clash = registrar_->Change(body_b_, other, Cells({{ServiceField::kName, "変更前の名前"}}));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(RegistrarTest, RegistrationNumbersAreTheBodysUniqueWithinItAndFoundByTheDashboardSearch) {
  auto with_number = [](ServiceCells c, const std::string& number) {
    c[static_cast<std::size_t>(ServiceField::kRegistrationNumber)] = number;
    return c;
  };
  const auto first = RegisterOk(body_a_, with_number(NewService("番号あり", "株式会社良"), "ＪＡＳＡ－Ａ－０１２３"));
  EXPECT_EQ(Get(first).registration_number, "JASA-A-0123") << "NFKC when stored";
  EXPECT_EQ(json::parse(Audit().back().after)["registration_number"], "JASA-A-0123") << "audited";
  // The same number (any case or width) under the same body clashes; under another body it does not.
  auto again = registrar_->Register(body_a_, with_number(NewService("番号重複", "株式会社良"), "jasa-a-0123"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "registration_number");
  EXPECT_EQ(again.error().reason.key, "error.registration_number.taken");
  const auto& args = again.error().reason.args;
  EXPECT_NE(std::find(args.begin(), args.end(), std::pair<std::string, std::string>{"id", std::to_string(first)}),
            args.end())
      << "names the service holding the number";
  const auto other_body = RegisterOk(body_b_, with_number(NewService("別機関", "株式会社良"), "JASA-A-0123"));
  const auto second = RegisterOk(body_a_, NewService("番号なし", "株式会社良"));
  EXPECT_EQ(Get(second).registration_number, "");

  // Changing to a taken number clashes; to a free one is a change like any other, recorded.
  auto clash = registrar_->Change(body_a_, second, Cells({{ServiceField::kRegistrationNumber, "JASA-A-0123"}}));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().field, "registration_number");
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  auto changed = registrar_->Change(body_a_, second, Cells({{ServiceField::kRegistrationNumber, " 第2024-015号 "}}));
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, (std::vector<std::string>{"registration_number"}));
  EXPECT_EQ(Get(second).registration_number, "第2024-015号");
  EXPECT_EQ(Get(second).provenance.at("registration_number").vetted_by, "機構A");
  // Keeping one's own number is no clash.
  EXPECT_TRUE(registrar_->Change(body_a_, first, Cells({{ServiceField::kOverview, "新しい概要"},
                                                        {ServiceField::kRegistrationNumber, "JASA-A-0123"}})));
  // Moving a service to a body where its number is taken clashes (the admin may move it).
  auto move = registrar_->Change(admin_, other_body, Cells({{ServiceField::kRegistrar, "機構A"}}));
  ASSERT_FALSE(move);
  EXPECT_EQ(move.error().field, "registration_number");
  // Too long, or a tab: the field's error.
  auto long_number = registrar_->Change(body_a_, second, Cells({{ServiceField::kRegistrationNumber, std::string(65, 'A')}}));
  ASSERT_FALSE(long_number);
  EXPECT_EQ(long_number.error().field, "registration_number");
  auto tab = registrar_->Change(body_a_, second, Cells({{ServiceField::kRegistrationNumber, "A\tB"}}));
  ASSERT_FALSE(tab);
  EXPECT_EQ(tab.error().reason.key, "error.registration_number.invalid");

  // A vendor cannot propose it: the number is the body's.
  auto proposal = registrar_->Propose(vendor_, second, Cells({{ServiceField::kRegistrationNumber, "X-1"}}));
  ASSERT_FALSE(proposal);
  EXPECT_EQ(proposal.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(proposal.error().field, "registration_number");

  // The search: by the parameter and the keyword; the dashboard's search box too.
  EXPECT_EQ(Find({{"registration_number", "JASA-A-0123"}}), (std::vector<std::int64_t>{first, other_body}));
  EXPECT_EQ(Find({{"q", "第２０２４－０１５号"}}), (std::vector<std::int64_t>{second}));
  EXPECT_TRUE(Find({{"q", "第2024"}}).empty());
  services::DashboardQuery dashboard;
  dashboard.text = "jasa-a-0123";
  auto own = registrar_->OwnServices(body_a_, kToday, dashboard);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->total, 1u) << "own body only";
  EXPECT_EQ(own->items[0].id, first);
}

TEST_F(RegistrarTest, RenewMustExtendTheExpiry) {
  const auto id = RegisterOk(body_a_, NewService("更新対象", "株式会社良", "2027-03-31"));
  auto earlier = registrar_->Renew(body_a_, id, Date{2027, 3, 31});
  ASSERT_FALSE(earlier);
  EXPECT_EQ(earlier.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(earlier.error().field, "expires_on");
  ASSERT_TRUE(registrar_->Renew(body_a_, id, Date{2030, 3, 31}, "更新審査に合格"));
  EXPECT_EQ(Get(id).expires_on, (Date{2030, 3, 31}));
  const auto history = registrar_->History(id).value();
  ASSERT_EQ(history.back().kind, "renewed");
  const auto detail = json::parse(history.back().detail);
  EXPECT_EQ(detail["from"], "2027-03-31");
  EXPECT_EQ(detail["to"], "2030-03-31");
  EXPECT_EQ(detail["reason"], "更新審査に合格");
  EXPECT_EQ(Audit().back().action, "service.renew");
}

TEST_F(RegistrarTest, RenewManyIsAllOrNothingWithAnEventAuditEntryAndLogLeafEach) {
  const auto a1 = RegisterOk(body_a_, NewService("一括1", "株式会社良", "2027-03-31"));
  const auto a2 = RegisterOk(body_a_, NewService("一括2", "株式会社良", "2027-06-30"));
  const auto a3 = RegisterOk(body_a_, NewService("一括3", "株式会社良", "2031-01-31"));
  const auto b1 = RegisterOk(body_b_, NewService("他機関", "株式会社良", "2027-03-31"));
  auto leaves = [&] {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT COUNT(*) FROM log_leaves");
    EXPECT_TRUE(st->Step().value());
    return st->Int(0);
  };
  const auto audit_before = Audit().size();
  const auto leaves_before = leaves();

  // a3 already runs past the new date: nothing at all is renewed, and the error names it.
  auto refused = registrar_->RenewMany(body_a_, {a1, a2, a3}, Date{2030, 3, 31}, "定期更新");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().reason.key, "error.renew_many.failed");
  EXPECT_EQ(refused.error().reason.args, (MessageArgs{{"id", std::to_string(a3)}, {"name", "一括3"}}));
  ASSERT_EQ(refused.error().problems.size(), 1u);
  EXPECT_EQ(refused.error().problems[0].reason.key, "error.renew.not_later");
  EXPECT_EQ(refused.error().field, "expires_on");
  EXPECT_EQ(Get(a1).expires_on, (Date{2027, 3, 31})) << "the first one is not renewed either";
  EXPECT_EQ(Audit().size(), audit_before);
  EXPECT_EQ(leaves(), leaves_before);

  // Another body's service: refused as a whole, without its name.
  auto other = registrar_->RenewMany(body_a_, {a1, b1}, Date{2030, 3, 31});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(other.error().reason.key, "error.renew_many.failed_id");
  EXPECT_EQ(other.error().reason.args, (MessageArgs{{"id", std::to_string(b1)}}));
  EXPECT_EQ(Get(a1).expires_on, (Date{2027, 3, 31}));

  EXPECT_EQ(registrar_->RenewMany(body_a_, {}, Date{2030, 3, 31}).error().reason.key, "error.renew_many.none");
  std::vector<std::int64_t> too_many(services::kMaxRenewMany + 1);
  for (std::size_t i = 0; i < too_many.size(); ++i) too_many[i] = static_cast<std::int64_t>(i + 1);
  EXPECT_EQ(registrar_->RenewMany(body_a_, too_many, Date{2030, 3, 31}).error().reason.key,
            "error.renew_many.too_many");
  EXPECT_EQ(registrar_->RenewMany(vendor_, {a1}, Date{2030, 3, 31}).error().code, ErrorCode::kPermissionDenied);

  // Duplicates count once; each renewed service gets its event, audit entry and log leaf.
  auto renewed = registrar_->RenewMany(body_a_, {a1, a2, a1}, Date{2030, 3, 31}, "定期更新");
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_EQ(*renewed, 2u);
  for (auto id : {a1, a2}) {
    EXPECT_EQ(Get(id).expires_on, (Date{2030, 3, 31}));
    const auto history = registrar_->History(id).value();
    ASSERT_EQ(history.back().kind, "renewed");
    EXPECT_EQ(json::parse(history.back().detail)["reason"], "定期更新");
  }
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), audit_before + 2);
  EXPECT_EQ(audit[audit.size() - 2].action, "service.renew");
  EXPECT_EQ(audit.back().action, "service.renew");
  EXPECT_EQ(leaves(), leaves_before + 2);
  ExpectChainHolds();
  EXPECT_EQ(registry_->GetService(a1).value()->expires_on, (Date{2030, 3, 31})) << "the index caught up";
}

TEST_F(RegistrarTest, AnExpiredRegistrationIsNotSuspended) {
  const auto id = RegisterOk(body_a_, NewService("期限切れ", "株式会社良", "2026-03-31"));
  auto refused = registrar_->Suspend(body_a_, id, "監査", kToday);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().reason.key, "error.lifecycle.suspend_expired");
  EXPECT_EQ(Get(id).state, ServiceState::kActive);
  EXPECT_TRUE(registrar_->Suspend(body_a_, id, "監査", Date{2026, 3, 1})) << "while it was in force";
}

TEST_F(RegistrarTest, TheDashboardListIsSearchedFilteredAndPaged) {
  const auto soon = RegisterOk(body_a_, NewService("間もなく", "株式会社良", "2026-12-20"));
  const auto later = RegisterOk(body_a_, NewService("まだ先", "株式会社良", "2029-03-31"));
  const auto gone = RegisterOk(body_a_, NewService("失効済み", "株式会社良", "2026-01-31"));
  RegisterOk(body_b_, NewService("他機関の間もなく", "株式会社良", "2026-12-10"));
  ASSERT_TRUE(registrar_->Suspend(body_a_, later, "監査", kToday));
  auto ids = [&](services::DashboardQuery q) {
    auto page = registrar_->OwnServices(body_a_, kToday, q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<std::int64_t> out;
    for (const auto& s : page->items) out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(ids({}), (std::vector<std::int64_t>{gone, soon, later})) << "soonest expiry first, own body only";
  services::DashboardQuery days;
  days.days_left_max = 30;
  EXPECT_EQ(ids(days), (std::vector<std::int64_t>{soon}));
  services::DashboardQuery expired;
  expired.status = domain::ServiceStatus::kExpired;
  EXPECT_EQ(ids(expired), (std::vector<std::int64_t>{gone}));
  services::DashboardQuery valid;
  valid.status = domain::ServiceStatus::kValid;
  EXPECT_EQ(ids(valid), (std::vector<std::int64_t>{soon})) << "valid includes expiring soon";
  services::DashboardQuery text;
  text.text = "失効";
  EXPECT_EQ(ids(text), (std::vector<std::int64_t>{gone}));
  services::DashboardQuery paged;
  paged.offset = 1;
  paged.limit = 1;
  auto page = registrar_->OwnServices(body_a_, kToday, paged).value();
  EXPECT_EQ(page.total, 3u);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, soon);
  services::DashboardQuery negative;
  negative.days_left_max = -1;
  EXPECT_EQ(registrar_->OwnServices(body_a_, kToday, negative).error().field, "days");
}

// The dashboard's status and days-left filters run in the engine (paged there, fit for a body with
// many services): each combination lists exactly the services that the status as of today (and the
// days left) say, in the same order as the unfiltered list.
TEST_F(RegistrarTest, TheDashboardsFiltersAgreeWithEachServicesStatus) {
  const std::vector<std::pair<std::string, std::string>> dates{
      {"2025-04-01", "2026-11-28"}, {"2025-04-01", "2026-11-29"}, {"2025-04-01", "2026-12-28"},
      {"2025-04-01", "2027-02-26"}, {"2025-04-01", "2027-02-27"}, {"2025-04-01", "2029-03-31"},
      {"2023-04-01", "2026-11-27"}, {"2023-04-01", "2025-03-31"}, {"2027-01-01", "2030-12-31"},
      {"2025-04-01", "2027-01-15"}, {"2025-04-01", "2028-06-30"}};
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    auto cells = NewService("サービス" + std::to_string(i), "株式会社良", dates[i].second);
    cells[static_cast<std::size_t>(ServiceField::kRegisteredOn)] = dates[i].first;
    ids.push_back(RegisterOk(body_a_, cells));
  }
  ASSERT_TRUE(registrar_->Suspend(body_a_, ids[9], "監査", kToday));
  ASSERT_TRUE(registrar_->Revoke(body_a_, ids[10], "取消"));
  auto list = [&](services::DashboardQuery q) {
    auto page = registrar_->OwnServices(body_a_, kToday, q);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<std::int64_t> out;
    for (const auto& s : page->items) out.push_back(s.id);
    EXPECT_EQ(page->total, out.size());
    return out;
  };
  services::DashboardQuery every;
  every.limit = 0;
  auto all = registrar_->OwnServices(body_a_, kToday, every).value().items;
  ASSERT_EQ(all.size(), ids.size());
  using domain::ServiceStatus;
  const std::vector<std::optional<ServiceStatus>> statuses{
      std::nullopt,           ServiceStatus::kValid,     ServiceStatus::kExpiringSoon, ServiceStatus::kExpired,
      ServiceStatus::kNotYetValid, ServiceStatus::kSuspended, ServiceStatus::kRevoked};
  for (const auto& status : statuses) {
    for (const std::optional<int> days : {std::optional<int>(), std::optional<int>(0), std::optional<int>(30),
                                          std::optional<int>(91), std::optional<int>(3650)}) {
      std::vector<std::int64_t> want;
      for (const auto& s : all) {
        const ServiceStatus st = domain::StatusAsOf(s, kToday);
        if (status && st != *status && !(*status == ServiceStatus::kValid && st == ServiceStatus::kExpiringSoon)) {
          continue;
        }
        if (days) {
          if (st != ServiceStatus::kValid && st != ServiceStatus::kExpiringSoon) continue;
          const auto left = s.expires_on.DaysSinceEpoch() - kToday.DaysSinceEpoch();
          if (left < 0 || left > *days) continue;
        }
        want.push_back(s.id);
      }
      services::DashboardQuery q;
      q.status = status;
      q.days_left_max = days;
      q.limit = 0;
      EXPECT_EQ(list(q), want) << "status " << (status ? domain::StatusCode(*status) : "any") << ", days "
                               << (days ? std::to_string(*days) : "any");
    }
  }
  for (const auto status : {ServiceStatus::kExpiringSoon, ServiceStatus::kNotYetValid, ServiceStatus::kSuspended}) {
    services::DashboardQuery q;
    q.status = status;
    EXPECT_FALSE(list(q).empty()) << "the data has a service of each status";
  }
}

TEST_F(RegistrarTest, StateMachineRefusesInvalidTransitions) {
  const auto id = RegisterOk(body_a_, NewService("状態遷移", "株式会社良"));
  auto code = [](const Status& s) { return s ? std::optional<ErrorCode>() : s.error().code; };

  auto no_reason = registrar_->Suspend(body_a_, id, "  ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(code(registrar_->Resume(body_a_, id)), ErrorCode::kFailedPrecondition) << "only a suspended one resumes";
  ASSERT_TRUE(registrar_->Suspend(body_a_, id, "審査書類の不備"));
  EXPECT_EQ(Get(id).state, ServiceState::kSuspended);
  EXPECT_EQ(Get(id).state_reason, "審査書類の不備");
  EXPECT_EQ(code(registrar_->Suspend(body_a_, id, "もう一度")), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(registrar_->Resume(body_a_, id, "不備が解消された"));
  EXPECT_EQ(Get(id).state, ServiceState::kActive);
  EXPECT_EQ(Get(id).state_reason, "");
  ASSERT_TRUE(registrar_->Suspend(body_a_, id, "再度の不備"));
  EXPECT_EQ(code(registrar_->Revoke(body_a_, id, "")), ErrorCode::kInvalidArgument) << "revoking needs a reason";
  ASSERT_TRUE(registrar_->Revoke(body_a_, id, "基準不適合"));
  EXPECT_EQ(Get(id).state, ServiceState::kRevoked);

  // Revoked is final: nothing but reading.
  const auto final_state = Get(id);
  const auto audit_size = Audit().size();
  EXPECT_EQ(code(registrar_->Resume(body_a_, id)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(code(registrar_->Suspend(body_a_, id, "x")), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(code(registrar_->Revoke(body_a_, id, "x")), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(code(registrar_->Renew(body_a_, id, Date{2035, 1, 1})), ErrorCode::kFailedPrecondition);
  auto change = registrar_->Change(body_a_, id, Cells({{ServiceField::kOverview, "復活"}}));
  ASSERT_FALSE(change);
  EXPECT_EQ(change.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(code(registrar_->Resume(admin_, id)), ErrorCode::kFailedPrecondition) << "not even for an admin";
  EXPECT_EQ(Get(id), final_state);
  EXPECT_EQ(Audit().size(), audit_size);

  EXPECT_EQ(EventKinds(id), (std::vector<std::string>{"registered", "suspended", "resumed", "suspended", "revoked"}));
  const auto history = registrar_->History(id).value();
  EXPECT_EQ(json::parse(history[1].detail)["reason"], "審査書類の不備");
  EXPECT_EQ(history[4].service_name, "状態遷移");
  auto missing = registrar_->History(999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(RegistrarTest, ARegistrarCannotTouchAnotherBodysServiceButAnAdminCan) {
  const auto id = RegisterOk(body_a_, NewService("機構Aのサービス", "株式会社良"));
  const auto before = Get(id);
  const auto audit_size = Audit().size();
  auto denied = [](const Status& s) { return !s && s.error().code == ErrorCode::kPermissionDenied; };
  EXPECT_TRUE(denied(registrar_->Suspend(body_b_, id, "越権")));
  EXPECT_TRUE(denied(registrar_->Revoke(body_b_, id, "越権")));
  EXPECT_TRUE(denied(registrar_->Renew(body_b_, id, Date{2035, 1, 1})));
  EXPECT_TRUE(denied(registrar_->Suspend(vendor_, id, "越権")));
  EXPECT_TRUE(denied(registrar_->Suspend(user_, id, "越権")));
  auto change = registrar_->Change(body_b_, id, Cells({{ServiceField::kOverview, "書き換え"}}));
  ASSERT_FALSE(change);
  EXPECT_EQ(change.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Get(id), before) << "nothing changed";
  EXPECT_EQ(EventKinds(id), (std::vector<std::string>{"registered"}));
  EXPECT_EQ(Audit().size(), audit_size);

  ASSERT_TRUE(registrar_->Suspend(admin_, id, "運営者による一時停止"));
  ASSERT_TRUE(registrar_->Resume(admin_, id));
  ASSERT_TRUE(registrar_->Renew(admin_, id, Date{2035, 1, 1}));
  EXPECT_EQ(EventKinds(id).back(), "renewed");
  EXPECT_EQ(registrar_->History(id).value().back().actor, "operator");

  auto missing = registrar_->Suspend(body_a_, 424242, "なし");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// The dashboard's list is scoped by organisation id: bodies whose names differ only in width,
// case or spaces see only their own services, and so does a renamed body; a new body that takes
// over the old name owns nothing it did not register.
TEST_F(RegistrarTest, OwnServicesAreScopedByOrganisationIdNotByName) {
  const Actor wide = MakeActor("w@abc.example", {Role::kRegistrar}, "ＡＢＣ審査機構");
  const Actor narrow = MakeActor("n@abc.example", {Role::kRegistrar}, "ABC審査機構");
  const Actor spaced = MakeActor("s@abc.example", {Role::kRegistrar}, "abc 審査機構");
  const auto w = RegisterOk(wide, NewService("全角の機構のサービス", "株式会社良"));
  const auto n = RegisterOk(narrow, NewService("半角の機構のサービス", "株式会社良"));
  const auto s = RegisterOk(spaced, NewService("空白の機構のサービス", "株式会社良"));
  const auto a = RegisterOk(body_a_, NewService("機構Aのサービス", "株式会社良"));
  auto own = [&](const Actor& actor) {
    std::vector<std::int64_t> ids;
    const auto page = registrar_->OwnServices(actor, kToday);
    EXPECT_TRUE(page) << page.error().message;
    if (!page) return ids;
    for (const auto& x : page->items) ids.push_back(x.id);
    EXPECT_EQ(page->total, ids.size());
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(own(wide), std::vector<std::int64_t>{w});
  EXPECT_EQ(own(narrow), std::vector<std::int64_t>{n});
  EXPECT_EQ(own(spaced), std::vector<std::int64_t>{s});
  EXPECT_EQ(own(admin_), (std::vector<std::int64_t>{w, n, s, a})) << "an admin sees every body's";
  EXPECT_TRUE(own(body_b_).empty());
  EXPECT_FALSE(registrar_->OwnServices(vendor_, kToday)) << "a vendor has no dashboard";

  // 機構A is renamed; its services keep its id (and the name they were registered under).
  {
    auto conn = pool_->Acquire();
    auto rename = (*conn)->Prepare("UPDATE organisations SET name = '機構A（旧）' WHERE id = ?");
    rename->Bind(1, *body_a_.organisation_id);
    ASSERT_TRUE(rename->Run());
  }
  Actor renamed = body_a_;
  renamed.organisation = "機構A（旧）";
  EXPECT_EQ(own(renamed), std::vector<std::int64_t>{a}) << "the renamed body still owns its services";
  const Actor successor = MakeActor("a2@kiko-a.example", {Role::kRegistrar}, "機構A");
  ASSERT_NE(successor.organisation_id, body_a_.organisation_id);
  EXPECT_TRUE(own(successor).empty()) << "the old name owns nothing";
  EXPECT_EQ(Get(a).registrar, "機構A");
  auto denied = registrar_->Suspend(successor, a, "名前だけ同じ");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(RegistrarTest, SearchNeverShowsSuspendedOrRevokedAsValid) {
  const auto a = RegisterOk(body_a_, NewService("有効なサービス", "株式会社良"));
  const auto b = RegisterOk(body_a_, NewService("停止するサービス", "株式会社良"));
  const auto c = RegisterOk(body_a_, NewService("取消すサービス", "株式会社良"));
  const auto d = RegisterOk(body_a_, NewService("期限の近いサービス", "株式会社良", "2027-01-31"));
  ASSERT_TRUE(registrar_->Suspend(body_a_, b, "調査中"));
  ASSERT_TRUE(registrar_->Revoke(body_a_, c, "基準不適合"));
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(Find({}), (Ids{a, d})) << "the default status is valid";
  EXPECT_EQ(Find({{"status", "valid"}}), (Ids{a, d}));
  EXPECT_EQ(Find({{"status", "suspended"}}), (Ids{b}));
  EXPECT_EQ(Find({{"status", "revoked"}}), (Ids{c}));
  EXPECT_EQ(Find({{"status", "all"}}), (Ids{a, b, c, d}));
  EXPECT_EQ(Find({{"status", "expired"}, {"as_of", "2031-01-01"}}), (Ids{a, d})) << "only active services expire";
  EXPECT_EQ(Find({{"status", "suspended"}, {"as_of", "2031-01-01"}}), (Ids{b})) << "suspended whatever the date";
  EXPECT_EQ(registry_->Stats(kToday).total, 2u);

  // What the API shows of each.
  auto item = [&](std::int64_t id) { return web::ServiceToJson(Get(id), kToday); };
  EXPECT_EQ(item(a)["status"], "valid");
  EXPECT_EQ(item(a)["state"], "active");
  EXPECT_FALSE(item(a).contains("state_reason"));
  EXPECT_EQ(item(d)["status"], "expiring_soon");
  EXPECT_EQ(item(b)["status"], "suspended");
  EXPECT_EQ(item(b)["state_reason"], "調査中");
  EXPECT_EQ(item(c)["status"], "revoked");
  EXPECT_EQ(item(c)["state"], "revoked");
  // The streaming writer says the same.
  std::string out;
  JsonWriter w(out);
  web::WriteServiceJson(w, Get(b), kToday);
  EXPECT_EQ(json::parse(out), json::parse(item(b).dump()));
}

TEST_F(RegistrarTest, ReimportKeepsTheStateAndDropsProvenanceOfWhatItChanges) {
  const std::string header =
      "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
      "審査登録機関名,サービス種別,ホームページ\n";
  const std::string row1 =
      "取込サービス,株式会社良,東京都港区1-1,概要その1,全業種,日本全国,2025/01/01,2029/12/31,機構A,脆弱性診断,https://a.example/\n";
  ASSERT_TRUE(services::ImportService(*store_, *registry_).Import(header + row1, false));
  const auto id = store_->ListAll()->front().id;
  ASSERT_TRUE(registrar_->Change(body_a_, id, Cells({{ServiceField::kUrl, "https://b.example/"}})));
  ASSERT_TRUE(registrar_->Suspend(body_a_, id, "調査中"));

  // The list still has the old url and a new overview.
  const std::string row2 =
      "取込サービス,株式会社良,東京都港区1-1,概要その2,全業種,日本全国,2025/01/01,2029/12/31,機構A,脆弱性診断,https://b.example/\n";
  auto again = services::ImportService(*store_, *registry_).Import(header + row2, false);
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->problems.empty());
  EXPECT_EQ(again->outcome.updated, 1);
  const auto s = Get(id);
  EXPECT_EQ(s.overview, "概要その2");
  EXPECT_EQ(s.state, ServiceState::kSuspended) << "a re-import must not resume a suspended service";
  EXPECT_EQ(s.state_reason, "調査中");
  EXPECT_TRUE(s.provenance.contains("url")) << "the url the import left alone keeps its provenance";
  EXPECT_EQ(Find({{"status", "suspended"}}), (std::vector<std::int64_t>{id}));
  EXPECT_TRUE(Find({{"status", "valid"}}).empty());

  auto same = services::ImportService(*store_, *registry_).Import(header + row2, false);
  EXPECT_EQ(same->outcome.unchanged, 1) << "the state is not a difference";

  const std::string row3 =
      "取込サービス,株式会社良,東京都港区1-1,概要その2,全業種,日本全国,2025/01/01,2029/12/31,機構A,脆弱性診断,https://c.example/\n";
  ASSERT_TRUE(services::ImportService(*store_, *registry_).Import(header + row3, false));
  EXPECT_FALSE(Get(id).provenance.contains("url")) << "a value from the list is no longer the body's own";
  EXPECT_EQ(Get(id).state, ServiceState::kSuspended);

  const std::string new_row =
      "新しい取込,株式会社良,東京都港区1-1,,全業種,日本全国,2025/01/01,2029/12/31,機構A,脆弱性診断,\n";
  ASSERT_TRUE(services::ImportService(*store_, *registry_).Import(header + row3 + new_row, false));
  const auto all = store_->ListAll().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].state, ServiceState::kActive) << "new rows are active";
  // Every service an import touched has its history, like the workflow's writes.
  EXPECT_EQ(EventKinds(id), (std::vector<std::string>{"registered", "changed", "suspended", "changed", "changed"}));
  EXPECT_EQ(EventKinds(all[1].id), (std::vector<std::string>{"registered"}));
  ExpectChainHolds();
}

// The registry's rules hold for imports as for the API: a revoked registration is final; every
// service an import adds or changes gets one event and one audit entry with before and after.
TEST_F(RegistrarTest, ImportsFollowTheLifecycleRulesAndRecordEventsAndAudit) {
  const std::string header =
      "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
      "審査登録機関名,サービス種別,ホームページ\n";
  auto row = [](const std::string& name, const std::string& overview, const std::string& expires) {
    return name + ",株式会社良,東京都港区1-1," + overview + ",全業種,日本全国,2025/01/01," + expires +
           ",機構A,脆弱性診断,https://a.example/\n";
  };
  services::ImportOptions upload{false, std::string("機構A"), "user:9 a@kiko-a.example", body_a_.organisation_id};
  auto first = services::ImportService(*store_, *registry_).Import(header + row("取消対象", "概要", "2029/12/31") + row("更新対象", "概要", "2029/12/31"), upload);
  ASSERT_TRUE(first && first->problems.empty());
  EXPECT_EQ(first->outcome.added, 2);
  const auto all = store_->ListAll().value();
  const auto revoked = all[0].id, renewed = all[1].id;
  {
    const auto audit = Audit();
    ASSERT_EQ(audit.size(), 3u) << "one entry per service and one summary";
    EXPECT_EQ(audit[0].action, "service.import");
    EXPECT_EQ(audit[0].actor, "user:9 a@kiko-a.example");
    EXPECT_EQ(audit[0].entity, "service:" + std::to_string(revoked));
    EXPECT_EQ(audit[0].before, "");
    EXPECT_EQ(json::parse(audit[0].after)["name"], "取消対象");
    EXPECT_EQ(audit[2].action, "services.import");
    EXPECT_EQ(audit[2].entity, "registrar:機構A");
    const auto history = registrar_->History(revoked).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].kind, "registered");
    EXPECT_EQ(history[0].actor, "機構A");
    EXPECT_EQ(json::parse(history[0].detail)["expires_on"], "2029-12-31");
  }
  ASSERT_TRUE(registrar_->Revoke(body_a_, revoked, "基準不適合"));
  const auto before_revoked = Get(revoked);
  const std::size_t audit_size = Audit().size();

  // A row that would change the revoked service fails the whole upload, naming its line.
  const std::string changes = header + row("更新対象", "概要", "2031/12/31") + row("取消対象", "新しい概要", "2040/12/31");
  auto refused = services::ImportService(*store_, *registry_).Import(changes, upload);
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->problems.size(), 1u);
  const auto lines = refused->FormatProblems("up.csv");
  EXPECT_EQ(lines[0], "up.csv:3: サービス名: service " + std::to_string(revoked) +
                          " ('取消対象' by '株式会社良') is revoked: a revoked registration cannot be changed (this "
                          "row changes overview, expires_on)");
  EXPECT_EQ(Get(revoked), before_revoked) << "nothing was written";
  EXPECT_EQ(Get(renewed).expires_on, (Date{2029, 12, 31})) << "all or nothing";
  EXPECT_EQ(Audit().size(), audit_size);
  // The CLI's import (no registrar restriction) follows the same rule.
  auto cli = services::ImportService(*store_, *registry_).Import(changes, services::ImportOptions{false, std::nullopt, "cli", std::nullopt});
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->problems.size(), 1u);

  // The revoked row as it is stored is no change: the rest imports, with one event each.
  const std::string ok = header + row("更新対象", "概要", "2031/12/31") + row("取消対象", "概要", "2029/12/31");
  auto applied = services::ImportService(*store_, *registry_).Import(ok, services::ImportOptions{false, std::nullopt, "cli", std::nullopt});
  ASSERT_TRUE(applied && applied->problems.empty()) << applied->FormatProblems("ok.csv").front();
  EXPECT_EQ(applied->outcome.updated, 1);
  EXPECT_EQ(applied->outcome.unchanged, 1);
  const auto history = registrar_->History(renewed).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].kind, "renewed");
  EXPECT_EQ(history[1].actor, "operator");
  EXPECT_EQ(json::parse(history[1].detail), json::parse(R"({"from":"2029-12-31","to":"2031-12-31"})"));
  auto audit = Audit();
  ASSERT_EQ(audit.size(), audit_size + 2);
  EXPECT_EQ(audit[audit_size].action, "service.import");
  EXPECT_EQ(audit[audit_size].actor, "cli");
  EXPECT_EQ(json::parse(audit[audit_size].before)["expires_on"], "2029-12-31");
  EXPECT_EQ(json::parse(audit[audit_size].after)["expires_on"], "2031-12-31");
  EXPECT_EQ(audit[audit_size + 1].action, "services.import");

  // A field change without a later expiry is "changed", naming the fields.
  auto changed = services::ImportService(*store_, *registry_).Import(header + row("更新対象", "別の概要", "2031/12/31"),
                                           services::ImportOptions{false, std::nullopt, "cli", std::nullopt});
  ASSERT_TRUE(changed && changed->problems.empty());
  EXPECT_EQ(registrar_->History(renewed).value().back().kind, "changed");
  EXPECT_EQ(json::parse(registrar_->History(renewed).value().back().detail)["fields"], json::parse(R"(["overview"])"));

  // Re-importing identical rows writes nothing at all: no event, no audit entry.
  const std::size_t events = registrar_->History(renewed).value().size();
  const std::size_t entries = Audit().size();
  auto same = services::ImportService(*store_, *registry_).Import(header + row("更新対象", "別の概要", "2031/12/31"),
                                        services::ImportOptions{false, std::nullopt, "cli", std::nullopt});
  ASSERT_TRUE(same && same->problems.empty());
  EXPECT_EQ(same->outcome.unchanged, 1);
  EXPECT_EQ(registrar_->History(renewed).value().size(), events);
  EXPECT_EQ(Audit().size(), entries);
  // A dry run writes nothing either.
  auto dry = services::ImportService(*store_, *registry_).Import(header + row("更新対象", "概要3", "2032/12/31"),
                                       services::ImportOptions{true, std::nullopt, "cli", std::nullopt});
  ASSERT_TRUE(dry && dry->problems.empty());
  EXPECT_EQ(dry->outcome.updated, 1);
  EXPECT_EQ(Audit().size(), entries);
  EXPECT_EQ(Get(renewed).overview, "別の概要");
  ExpectChainHolds();
}

// A store that runs `between` after every read transaction: a writer slipping in between an
// import's plan (made from a read snapshot) and its write transaction.
class InterleavingStore final : public store::ServiceStore {
 public:
  explicit InterleavingStore(store::ServiceStore& inner) : inner_(inner) {}
  std::function<void()> between;
  Result<std::vector<domain::Service>> ListAll() override { return inner_.ListAll(); }
  Result<std::optional<domain::Service>> FindById(std::int64_t id) override { return inner_.FindById(id); }
  using ServiceStore::UpsertAll;
  Result<store::UpsertOutcome> UpsertAll(const std::vector<domain::Service>& s, const store::UpsertOptions& o) override {
    return inner_.UpsertAll(s, o);
  }
  Status Ping() override { return inner_.Ping(); }
  Result<std::vector<domain::Service>> FindByIds(const std::vector<std::int64_t>& ids) override { return inner_.FindByIds(ids); }
  Result<std::int64_t> ForEach(const std::function<void(domain::Service&&)>& sink) override { return inner_.ForEach(sink); }
  Result<std::vector<store::ServiceChange>> ChangesSince(std::int64_t seq, std::size_t limit) override {
    return inner_.ChangesSince(seq, limit);
  }
  Status Write(const std::function<Status(store::ServiceWriter&)>& body) override { return inner_.Write(body); }
  Status Read(const std::function<Status(store::ServiceReader&)>& body) override {
    auto st = inner_.Read(body);
    if (between) std::exchange(between, nullptr)();
    return st;
  }
  Result<std::vector<store::ServiceEvent>> History(std::int64_t id) override { return inner_.History(id); }
  Result<std::vector<store::ServiceEvent>> RecentEvents(const std::vector<std::string>& kinds, std::size_t limit) override {
    return inner_.RecentEvents(kinds, limit);
  }
  Result<std::vector<domain::Service>> ExpiringBetween(Date from, Date to, std::optional<std::int64_t> r) override {
    return inner_.ExpiringBetween(from, to, r);
  }
  Result<store::ProposalList> ListProposals(const store::ProposalFilter& f) override { return inner_.ListProposals(f); }
  Result<std::optional<store::ChangeProposal>> FindProposal(std::int64_t id) override { return inner_.FindProposal(id); }

 private:
  store::ServiceStore& inner_;
};

TEST_F(RegistrarTest, AnImportPlannedBeforeAConcurrentWriteIsWorkedOutAgainUnderTheLock) {
  InterleavingStore store(*store_);
  services::RegistryService registry(store);
  ASSERT_TRUE(registry.Reload());
  const std::string header =
      "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
      "審査登録機関名,サービス種別,ホームページ\n";
  auto row = [](const std::string& overview) {
    return "並行取込,株式会社良,東京都港区1-1," + overview + ",全業種,日本全国,2025/01/01,2029/12/31,機構A,脆弱性診断,\n";
  };
  ASSERT_TRUE(services::ImportService(store, registry).Import(header + row("概要1"), false));
  const auto id = store_->ListAll()->front().id;

  // Another service is registered meanwhile: the plan is made again and still holds.
  store.between = [&] { RegisterOk(body_a_, NewService("別件", "株式会社良")); };
  auto changed = services::ImportService(store, registry).Import(header + row("概要2"), false);
  ASSERT_TRUE(changed && changed->problems.empty());
  EXPECT_EQ(changed->outcome.updated, 1);
  EXPECT_EQ(Get(id).overview, "概要2");

  // The service is revoked meanwhile: the import sees it under the lock and writes nothing.
  store.between = [&] { ASSERT_TRUE(registrar_->Revoke(body_a_, id, "基準不適合")); };
  auto refused = services::ImportService(store, registry).Import(header + row("概要3"), false);
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->problems.size(), 1u);
  EXPECT_NE(refused->problems[0].message.find("is revoked"), std::string::npos);
  EXPECT_EQ(Get(id).overview, "概要2");
  EXPECT_EQ(Get(id).state, ServiceState::kRevoked);
  ExpectChainHolds();
}

TEST_F(RegistrarTest, ProposalsAreLimitedPerServiceListedInPagesWithPreviewsAndAuditedByHash) {
  const auto id = RegisterOk(body_a_, NewService("提案上限", "株式会社良"));
  const std::string long_overview(3000, 'x');  // within the 4,000 limit, well past the preview
  std::vector<std::int64_t> pids;
  for (int i = 0; i < services::kMaxPendingProposals; ++i) {
    auto pid = registrar_->Propose(vendor_, id, Cells({{ServiceField::kOverview, long_overview + std::to_string(i)}}));
    ASSERT_TRUE(pid) << pid.error().message;
    pids.push_back(*pid);
  }
  auto fourth = registrar_->Propose(vendor_, id, Cells({{ServiceField::kUrl, "https://ryo.example/4"}}));
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(fourth.error().message, "service " + std::to_string(id) +
                                        " already has 3 pending proposals: wait until the registration body has "
                                        "decided on one of them");
  // Another service of the same vendor is not affected.
  const auto other = RegisterOk(body_a_, NewService("別の提案先", "株式会社良"));
  ASSERT_TRUE(registrar_->Propose(vendor_, other, Cells({{ServiceField::kUrl, "https://ryo.example/o"}})));

  // Pages, newest first, with the total; values cut to the preview length in SQL.
  auto page1 = registrar_->ListProposals(body_a_, 0, 2).value();
  EXPECT_EQ(page1.total, 4u);
  ASSERT_EQ(page1.items.size(), 2u);
  EXPECT_EQ(page1.items[1].id, pids[2]);
  EXPECT_EQ(page1.items[1].fields.at("overview"), std::string(store::kProposalPreviewChars, 'x'));
  EXPECT_EQ(page1.items[1].truncated, std::vector<std::string>{"overview"});
  EXPECT_TRUE(page1.items[0].truncated.empty()) << "a short value is whole";
  auto page2 = registrar_->ListProposals(body_a_, 2, 2).value();
  ASSERT_EQ(page2.items.size(), 2u);
  EXPECT_EQ(page2.items[1].id, pids[0]);
  EXPECT_TRUE(registrar_->ListProposals(body_a_, 4, 2).value().items.empty());

  // The whole proposal, for the body that decides and the vendor that made it only.
  auto full = registrar_->GetProposal(body_a_, pids[0]);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->fields.at("overview"), long_overview + "0");
  EXPECT_TRUE(registrar_->GetProposal(vendor_, pids[0]));
  EXPECT_TRUE(registrar_->GetProposal(admin_, pids[0]));
  EXPECT_EQ(registrar_->GetProposal(body_b_, pids[0]).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(registrar_->GetProposal(other_vendor_, pids[0]).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(registrar_->GetProposal(body_a_, 9999).error().code, ErrorCode::kNotFound);

  // The audit entry names the fields and pins the stored values by hash, without repeating them.
  const auto audit = Audit();
  const auto created_it = std::find_if(audit.begin(), audit.end(), [&](const store::AuditEntry& e) {
    return e.entity == "proposal:" + std::to_string(pids[2]);
  });
  ASSERT_NE(created_it, audit.end());
  const auto& created = *created_it;
  ASSERT_EQ(created.action, "proposal.create");
  EXPECT_LT(created.after.size(), 300u) << created.after;
  const auto after = json::parse(created.after);
  EXPECT_EQ(after["fields"], json::parse(R"(["overview"])"));
  EXPECT_EQ(after["fields_sha256"], Sha256Hex(store::ProposalFieldsJson({{"overview", long_overview + "2"}})));
  {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT fields FROM change_proposals WHERE id = ?");
    st->Bind(1, pids[2]);
    ASSERT_TRUE(st->Step().value());
    EXPECT_EQ(Sha256Hex(st->Text(0)), after["fields_sha256"]) << "checkable against the stored proposal";
  }

  // Deciding one frees a place.
  ASSERT_TRUE(registrar_->Decide(body_a_, pids[0], false, "長すぎます"));
  EXPECT_TRUE(registrar_->Propose(vendor_, id, Cells({{ServiceField::kUrl, "https://ryo.example/5"}})));
  ExpectChainHolds();
}

TEST_F(RegistrarTest, ReasonsAndFieldsAreHeldToTheirLimits) {
  const auto id = RegisterOk(body_a_, NewService("上限", "株式会社良"));
  std::string long_reason;
  for (int i = 0; i < 2001; ++i) long_reason += "理";
  const std::string at_limit = long_reason.substr(3);
  auto refused = [](const Status& s) {
    return !s && s.error().code == ErrorCode::kInvalidArgument && s.error().field == "reason" &&
           s.error().message == "reason: is 2,001 characters long; at most 2,000 are allowed";
  };
  EXPECT_TRUE(refused(registrar_->Suspend(body_a_, id, long_reason)));
  EXPECT_TRUE(refused(registrar_->Revoke(body_a_, id, long_reason)));
  EXPECT_TRUE(refused(registrar_->Renew(body_a_, id, Date{2035, 1, 1}, long_reason)));
  EXPECT_TRUE(refused(registrar_->Decide(body_a_, 1, false, long_reason))) << "checked before the proposal is read";
  const auto nul = registrar_->Suspend(body_a_, id, std::string("調査") + std::string(1, '\0') + "中");
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().field, "reason");
  EXPECT_EQ(Get(id).state, ServiceState::kActive) << "nothing was written";

  ASSERT_TRUE(registrar_->Suspend(body_a_, id, at_limit));
  EXPECT_EQ(Get(id).state_reason, at_limit);
  EXPECT_TRUE(refused(registrar_->Resume(body_a_, id, long_reason)));
  ASSERT_TRUE(registrar_->Resume(body_a_, id, at_limit));

  auto long_url = registrar_->Change(body_a_, id, Cells({{ServiceField::kUrl, "https://a/" + std::string(60000, 'a')}}));
  ASSERT_FALSE(long_url);
  EXPECT_EQ(long_url.error().field, "url");
  EXPECT_EQ(long_url.error().message, "url: is 60,010 characters long; at most 2,048 are allowed");
}

TEST_F(RegistrarTest, VendorProposalsApprovedWithProvenanceOrRejected) {
  const auto id = RegisterOk(body_a_, NewService("提案対象", "株式会社良"));
  auto code = [](const auto& r) { return r ? std::optional<ErrorCode>() : r.error().code; };

  auto name = registrar_->Propose(vendor_, id, Cells({{ServiceField::kName, "勝手な改名"}}));
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(name.error().field, "name");
  EXPECT_EQ(code(registrar_->Propose(other_vendor_, id, Cells({{ServiceField::kOverview, "他社の提案"}}))),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(registrar_->Propose(body_a_, id, Cells({{ServiceField::kOverview, "機関の提案"}}))),
            ErrorCode::kPermissionDenied)
      << "registrars change directly";
  auto bad_url = registrar_->Propose(vendor_, id, Cells({{ServiceField::kUrl, "javascript:alert(1)"}}));
  ASSERT_FALSE(bad_url);
  EXPECT_EQ(bad_url.error().field, "url");
  EXPECT_EQ(code(registrar_->Propose(vendor_, id, Cells({{ServiceField::kIndustries, "全業種"}}))),
            ErrorCode::kInvalidArgument)
      << "a proposal that changes nothing";

  auto pid = registrar_->Propose(vendor_, id,
                                 Cells({{ServiceField::kOverview, "ベンダーが書いた概要"},
                                        {ServiceField::kIndustries, "製造業、金融・保険業"}}));
  ASSERT_TRUE(pid) << pid.error().message;
  EXPECT_EQ(Get(id).overview, "Webアプリケーションの脆弱性を診断します。") << "nothing changes before the decision";
  EXPECT_EQ(Audit().back().action, "proposal.create");

  auto pending_a = registrar_->ListProposals(body_a_).value().items;
  ASSERT_EQ(pending_a.size(), 1u);
  EXPECT_EQ(pending_a[0].id, *pid);
  EXPECT_EQ(pending_a[0].vendor, "株式会社良");
  EXPECT_EQ(pending_a[0].service_name, "提案対象");
  EXPECT_EQ(pending_a[0].fields.at("overview"), "ベンダーが書いた概要");
  EXPECT_TRUE(registrar_->ListProposals(body_b_).value().items.empty());
  EXPECT_EQ(registrar_->ListProposals(vendor_).value().items.size(), 1u);
  EXPECT_TRUE(registrar_->ListProposals(other_vendor_).value().items.empty());
  EXPECT_EQ(registrar_->ListProposals(admin_).value().total, 1u);
  EXPECT_EQ(code(registrar_->ListProposals(user_)), ErrorCode::kPermissionDenied);

  EXPECT_EQ(code(registrar_->Decide(body_b_, *pid, true, "")), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(registrar_->Decide(vendor_, *pid, true, "")), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(registrar_->Decide(body_a_, 999, true, "")), ErrorCode::kNotFound);
  ASSERT_TRUE(registrar_->Decide(body_a_, *pid, true, ""));
  const auto s = Get(id);
  EXPECT_EQ(s.overview, "ベンダーが書いた概要");
  EXPECT_EQ(s.industries, (std::vector<std::string>{"製造業", "金融・保険業"}));
  ASSERT_TRUE(s.provenance.contains("overview"));
  const auto& p = s.provenance.at("overview");
  EXPECT_EQ(p.supplied_by, "vendor");
  EXPECT_EQ(p.vendor, "株式会社良");
  EXPECT_EQ(p.vetted_by, "機構A");
  EXPECT_EQ(p.at.size(), 20u) << p.at;
  EXPECT_TRUE(s.provenance.contains("industries"));
  EXPECT_FALSE(s.provenance.contains("url"));
  EXPECT_EQ(EventKinds(id), (std::vector<std::string>{"registered", "proposal_approved"}));
  EXPECT_EQ(Find({{"q", "ベンダーが書いた"}}), (std::vector<std::int64_t>{id})) << "the index sees the approval";
  const auto api = web::ServiceToJson(s, kToday);
  EXPECT_EQ(api["provenance"]["overview"]["supplied_by"], "vendor");
  EXPECT_EQ(api["provenance"]["overview"]["vendor"], "株式会社良");
  EXPECT_EQ(api["provenance"]["overview"]["vetted_by"], "機構A");
  EXPECT_EQ(code(registrar_->Decide(body_a_, *pid, false, "やはり却下")), ErrorCode::kFailedPrecondition)
      << "a decided proposal stays decided";
  EXPECT_TRUE(registrar_->ListProposals(body_a_).value().items.empty()) << "only pending ones are listed for the body";

  // Rejected: needs a reason, changes nothing.
  auto second = registrar_->Propose(vendor_, id, Cells({{ServiceField::kUrl, "https://ryo.example/new"}}));
  ASSERT_TRUE(second);
  EXPECT_EQ(code(registrar_->Decide(body_a_, *second, false, "")), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(registrar_->Decide(body_a_, *second, false, "URLの確認が取れません"));
  EXPECT_EQ(Get(id), s);
  EXPECT_EQ(EventKinds(id).size(), 2u) << "a rejection is not public";
  const auto mine = registrar_->ListProposals(vendor_).value().items;
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].status, "rejected") << "newest first";
  EXPECT_EQ(mine[0].reason, "URLの確認が取れません");
  EXPECT_EQ(mine[1].status, "approved");
  EXPECT_EQ(mine[1].decided_by, body_a_.user_id);

  // The body changing a vendor-supplied field directly makes it the body's.
  ASSERT_TRUE(registrar_->Change(body_a_, id, Cells({{ServiceField::kOverview, "機関が直した概要"}})));
  EXPECT_EQ(Get(id).provenance.at("overview").supplied_by, "registrar");
  EXPECT_EQ(Get(id).provenance.at("industries").supplied_by, "vendor");
  ExpectChainHolds();
}

TEST_F(RegistrarTest, EveryWriteIsAuditedWithBeforeAndAfterAndTheChainHolds) {
  const auto id = RegisterOk(body_a_, NewService("監査対象", "株式会社良"));
  ASSERT_TRUE(registrar_->Suspend(body_a_, id, "調査中"));
  ASSERT_TRUE(registrar_->Resume(body_a_, id));
  ASSERT_TRUE(registrar_->Renew(body_a_, id, Date{2031, 3, 31}));
  ASSERT_TRUE(registrar_->Revoke(body_a_, id, "基準不適合"));
  const auto audit = Audit();
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"service.register", "service.suspend", "service.resume",
                                               "service.renew", "service.revoke"}));
  EXPECT_EQ(audit[0].before, "");
  EXPECT_EQ(json::parse(audit[0].after)["name"], "監査対象");
  EXPECT_EQ(json::parse(audit[1].before)["state"], "active");
  EXPECT_EQ(json::parse(audit[1].after)["state"], "suspended");
  EXPECT_EQ(json::parse(audit[1].after)["state_reason"], "調査中");
  EXPECT_EQ(json::parse(audit[3].before)["expires_on"], "2029-03-31");
  EXPECT_EQ(json::parse(audit[3].after)["expires_on"], "2031-03-31");
  EXPECT_EQ(json::parse(audit[4].after)["state"], "revoked");
  for (const auto& e : audit) EXPECT_EQ(e.entity, "service:" + std::to_string(id));
  ExpectChainHolds();
}

TEST_F(RegistrarTest, ExpiringSoonAndTheRecentEventsFeed) {
  const auto soon = RegisterOk(body_a_, NewService("10日後に満了", "株式会社良", "2026-12-08"));
  const auto later = RegisterOk(body_a_, NewService("120日後に満了", "株式会社良", "2027-03-28"));
  const auto mid = RegisterOk(body_a_, NewService("90日後に満了", "株式会社良", "2027-02-26"));
  const auto other = RegisterOk(body_b_, NewService("他機関の満了", "株式会社良", "2026-12-20"));
  const auto paused = RegisterOk(body_a_, NewService("停止中の満了", "株式会社良", "2026-12-10"));
  ASSERT_TRUE(registrar_->Suspend(body_a_, paused, "調査中"));
  auto ids = [](const std::vector<domain::Service>& v) {
    std::vector<std::int64_t> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(ids(registrar_->ExpiringSoon(body_a_, kToday).value()), (Ids{soon, mid})) << "90 days inclusive, soonest first";
  EXPECT_EQ(ids(registrar_->ExpiringSoon(admin_, kToday).value()), (Ids{soon, other, mid}));
  EXPECT_EQ(ids(registrar_->ExpiringSoon(body_a_, kToday, 200).value()), (Ids{soon, mid, later}));
  auto denied = registrar_->ExpiringSoon(vendor_, kToday);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);

  ASSERT_TRUE(registrar_->Change(body_a_, soon, Cells({{ServiceField::kOverview, "変更"}})));
  ASSERT_TRUE(registrar_->Renew(body_a_, soon, Date{2029, 12, 8}));
  ASSERT_TRUE(registrar_->Resume(body_a_, paused));
  ASSERT_TRUE(registrar_->Revoke(body_b_, other, "基準不適合"));
  const auto feed = registrar_->RecentEvents(5).value();
  ASSERT_EQ(feed.size(), 5u);
  EXPECT_EQ(feed[0].kind, "revoked");
  EXPECT_EQ(feed[0].service_id, other);
  EXPECT_EQ(feed[0].service_name, "他機関の満了");
  EXPECT_EQ(feed[1].kind, "resumed") << "subscribers learn that a suspension was lifted";
  EXPECT_EQ(feed[2].kind, "renewed") << "field changes are not in the feed";
  EXPECT_EQ(feed[3].kind, "suspended");
  EXPECT_EQ(feed[4].kind, "registered");
  EXPECT_EQ(feed[4].service_id, paused);
}

}  // namespace
}  // namespace proven
