// Dated editions of the list (docs/adr/0016-list-editions.md): what changed between two editions
// (pure), and publishing, reading, the files and the monthly publication on a real database
// (SQLite here; PostgreSQL under the pg label).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "domain/edition.hpp"
#include "services/edition_service.hpp"
#include "services/registrar_service.hpp"
#include "services/registry_service.hpp"
#include "store/audit_log.hpp"
#include "store/edition_store.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "support/service_cells.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Edition;
using domain::EditionRow;
using domain::ServiceCells;
using domain::ServiceField;
using domain::ServiceType;

EditionRow Row(std::int64_t id, ServiceType type, std::vector<std::string> cells) {
  EditionRow r{id, type, std::move(cells), {}};
  r.row_sha256 = domain::EditionRowHash(r.cells);
  return r;
}

Edition WithColumns(std::vector<std::string> keys) {
  Edition e;
  for (auto& k : keys) e.columns.push_back({k, k});
  return e;
}

TEST(CompareEditions, NamesAddedRemovedAndChangedServicesWithTheirFields) {
  Edition before = WithColumns({"name", "provider", "overview", "expires_on", "id"});
  before.rows = {Row(1, ServiceType::kAudit, {"監査A", "株式会社A", "概要A", "2027-03-31", "1"}),
                 Row(2, ServiceType::kAudit, {"監査B", "株式会社B", "概要B", "2026-10-31", "2"}),
                 Row(3, ServiceType::kForensics, {"調査C", "株式会社C", "概要C", "2028-01-31", "3"})};
  Edition after = WithColumns({"name", "provider", "overview", "expires_on", "id"});
  after.rows = {Row(1, ServiceType::kAudit, {"監査A", "株式会社A", "概要A", "2027-03-31", "1"}),
                Row(3, ServiceType::kForensics, {"調査C", "株式会社C", "新しい概要", "2030-01-31", "3"}),
                Row(4, ServiceType::kMonitoring, {"監視D", "株式会社D", "概要D", "2029-05-31", "4"})};
  const auto c = domain::CompareEditions(before, after);
  ASSERT_EQ(c.added.size(), 1u);
  EXPECT_EQ(c.added[0].service_id, 4);
  EXPECT_EQ(c.added[0].name, "監視D");
  EXPECT_EQ(c.added[0].expires_on, "2029-05-31");
  ASSERT_EQ(c.removed.size(), 1u);
  EXPECT_EQ(c.removed[0].service_id, 2);
  EXPECT_EQ(c.removed[0].provider, "株式会社B");
  ASSERT_EQ(c.changed.size(), 1u) << "an unchanged row is not listed";
  EXPECT_EQ(c.changed[0].entry.service_id, 3);
  ASSERT_EQ(c.changed[0].fields.size(), 2u);
  EXPECT_EQ(c.changed[0].fields[0].key, "overview");
  EXPECT_EQ(c.changed[0].fields[0].before, "概要C");
  EXPECT_EQ(c.changed[0].fields[0].after, "新しい概要");
  EXPECT_EQ(c.changed[0].fields[1].key, "expires_on");
  const auto& audit = c.per_type[domain::TypeIndex(ServiceType::kAudit)];
  EXPECT_EQ(audit.before, 2);
  EXPECT_EQ(audit.after, 1);
  EXPECT_EQ(audit.removed, 1);
  EXPECT_EQ(audit.added, 0);
  EXPECT_EQ(c.per_type[domain::TypeIndex(ServiceType::kForensics)].changed, 1);
  EXPECT_EQ(c.per_type[domain::TypeIndex(ServiceType::kMonitoring)].added, 1);
}

TEST(CompareEditions, AColumnOnlyOneEditionHasCountsAsEmptyInTheOther) {
  Edition before = WithColumns({"name", "id"});
  before.rows = {Row(1, ServiceType::kAudit, {"監査A", "1"}), Row(2, ServiceType::kAudit, {"監査B", "2"})};
  Edition after = WithColumns({"name", "registration_number", "id"});
  after.rows = {Row(1, ServiceType::kAudit, {"監査A", "", "1"}), Row(2, ServiceType::kAudit, {"監査B", "JASA-0002", "2"})};
  const auto c = domain::CompareEditions(before, after);
  ASSERT_EQ(c.changed.size(), 1u) << "a new empty column is no change";
  EXPECT_EQ(c.changed[0].entry.service_id, 2);
  ASSERT_EQ(c.changed[0].fields.size(), 1u);
  EXPECT_EQ(c.changed[0].fields[0].key, "registration_number");
  EXPECT_EQ(c.changed[0].fields[0].before, "");
}

TEST(CompareEditions, AgainstNothingEverythingIsAdded) {
  Edition after = WithColumns({"name", "id"});
  after.rows = {Row(1, ServiceType::kAudit, {"監査A", "1"})};
  const auto c = domain::CompareEditions(Edition{}, after);
  EXPECT_EQ(c.added.size(), 1u);
  EXPECT_TRUE(c.removed.empty());
  EXPECT_TRUE(c.changed.empty());
}

TEST(EditionRowHash, IsTheSha256OfTheCellsAsAJsonArray) {
  EXPECT_EQ(domain::EditionRowHash({"a", "b"}), Sha256Hex("[\"a\",\"b\"]"));
  EXPECT_NE(domain::EditionRowHash({"a,b"}), domain::EditionRowHash({"a", "b"}));
}

ServiceCells NewService(const std::string& name, const std::string& type, const std::string& registered,
                        const std::string& expires) {
  return testing::CompleteService({.name = name,
                                   .provider = "株式会社版テスト",
                                   .type = type,
                                   .registered = registered,
                                   .expires = expires,
                                   .registrar = "機構A",
                                   .address = "東京都千代田区丸の内1-1",
                                   .overview = "概要です。",
                                   .url = "https://edition.example/"});
}

class EditionServiceTest : public ::testing::Test {
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
    editions_store_ = std::make_unique<store::SqlEditionStore>(*pool_);
    editions_ = std::make_unique<services::EditionService>(*editions_store_, *registry_);
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn);
    auto ins = (*conn)->Prepare(
        "INSERT INTO users (email, password_hash, created_at, password_changed_at) "
        "VALUES ('admin@op.example', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");
    ASSERT_TRUE(ins);
    admin_ = domain::Actor{store::RunReturningId(*ins).value(), "admin@op.example", {domain::Role::kAdmin}, "",
                           std::nullopt};
  }

  std::int64_t Register(const ServiceCells& cells) {
    auto id = registrar_->Register(admin_, cells);
    EXPECT_TRUE(id) << id.error().message;
    EXPECT_TRUE(registry_->Reload());
    return id ? *id : 0;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "e.db"};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlServiceStore> store_;
  std::unique_ptr<services::RegistryService> registry_;
  std::unique_ptr<services::RegistrarService> registrar_;
  std::unique_ptr<store::SqlEditionStore> editions_store_;
  std::unique_ptr<services::EditionService> editions_;
  domain::Actor admin_;
};

TEST_F(EditionServiceTest, AnEditionFreezesTheListValidOnItsDateByTypeThenName) {
  const auto b = Register(NewService("監査B", "情報セキュリティ監査", "2025-04-01", "2028-03-31"));
  const auto a = Register(NewService("監査A", "情報セキュリティ監査", "2025-04-01", "2028-03-31"));
  const auto vuln = Register(NewService("診断", "脆弱性診断", "2025-04-01", "2028-03-31"));
  Register(NewService("期限切れ", "脆弱性診断", "2023-04-01", "2026-03-31"));
  Register(NewService("未来", "脆弱性診断", "2027-04-01", "2030-03-31"));
  auto e = editions_->Publish({2026, 11, 1}, "cli");
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->total, 3) << "only services valid on the date";
  EXPECT_EQ(e->per_type[domain::TypeIndex(ServiceType::kAudit)], 2);

  auto found = editions_->Find({2026, 11, 1});
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->rows.size(), 3u);
  EXPECT_EQ(found->rows[0].service_id, a);
  EXPECT_EQ(found->rows[1].service_id, b);
  EXPECT_EQ(found->rows[2].service_id, vuln);
  EXPECT_EQ(found->created_by, "cli");
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_EQ(found->columns.front().header, "サービス名");
  EXPECT_EQ(found->columns.back().key, "id");
  EXPECT_EQ(found->rows[0].cells.back(), std::to_string(a));
  EXPECT_EQ(found->rows[0].row_sha256, domain::EditionRowHash(found->rows[0].cells));

  // The edition's hash is that of its UTF-8 CSV, which later changes to the register leave alone.
  auto csv = services::EditionFile(*found, services::ExportFormat::kCsv, services::ExportEncoding::kUtf8, std::nullopt);
  ASSERT_TRUE(csv);
  EXPECT_EQ(Sha256Hex(csv->bytes), found->sha256);
  ServiceCells change;
  change[static_cast<std::size_t>(ServiceField::kOverview)] = "変わった概要です。";
  ASSERT_TRUE(registrar_->Change(admin_, a, change));
  ASSERT_TRUE(registry_->Reload());
  auto again = editions_->Find({2026, 11, 1});
  ASSERT_TRUE(again);
  auto csv_again = services::EditionFile(*again, services::ExportFormat::kCsv, services::ExportEncoding::kUtf8, std::nullopt);
  ASSERT_TRUE(csv_again);
  EXPECT_EQ(csv_again->bytes, csv->bytes);
  auto audit_only = services::EditionFile(*again, services::ExportFormat::kCsv, services::ExportEncoding::kUtf8,
                                          ServiceType::kAudit);
  ASSERT_TRUE(audit_only);
  EXPECT_EQ(audit_only->bytes.find("診断,"), std::string::npos) << "one type only";
  EXPECT_NE(audit_only->bytes.find("監査A"), std::string::npos);

  // The next edition shows the change, field by field.
  ASSERT_TRUE(editions_->Publish({2026, 12, 1}, "cli"));
  auto c = editions_->Compare({2026, 12, 1}, std::nullopt);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->before);
  EXPECT_EQ(c->before->date, (Date{2026, 11, 1}));
  ASSERT_EQ(c->changes.changed.size(), 1u);
  EXPECT_EQ(c->changes.changed[0].entry.service_id, a);
  ASSERT_EQ(c->changes.changed[0].fields.size(), 1u);
  EXPECT_EQ(c->changes.changed[0].fields[0].key, "overview");
  EXPECT_EQ(c->changes.changed[0].fields[0].after, "変わった概要です。");
}

TEST_F(EditionServiceTest, AnEditionIsNeverReplacedNorChanged) {
  Register(NewService("監査A", "情報セキュリティ監査", "2025-04-01", "2028-03-31"));
  ASSERT_TRUE(editions_->Publish({2026, 11, 1}, "cli"));
  auto twice = editions_->Publish({2026, 11, 1}, "cli");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().reason.key, "error.edition.exists");
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn);
  EXPECT_FALSE((*conn)->Exec("UPDATE list_editions SET total = 99"));
  EXPECT_FALSE((*conn)->Exec("DELETE FROM list_edition_entries"));
  EXPECT_FALSE((*conn)->Exec("UPDATE list_edition_entries SET cells = '[]'"));
  EXPECT_FALSE((*conn)->Exec("DELETE FROM list_editions"));
  auto all = editions_->Editions();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].total, 1);
}

TEST_F(EditionServiceTest, TheMonthlyPublicationHappensOncePerMonthAndIsAudited) {
  Register(NewService("監査A", "情報セキュリティ監査", "2025-04-01", "2028-03-31"));
  ASSERT_TRUE(editions_->Publish({2026, 10, 1}, "cli"));
  auto first = editions_->PublishMonthly({2026, 11, 5});
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(*first);
  EXPECT_EQ((*first)->date, (Date{2026, 11, 5}));
  EXPECT_EQ((*first)->created_by, services::kEditionSystemActor);
  auto second = editions_->PublishMonthly({2026, 11, 28});
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second) << "the month has its edition";
  auto next = editions_->PublishMonthly({2026, 12, 1});
  ASSERT_TRUE(next);
  EXPECT_TRUE(*next);

  auto all = editions_->Editions();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].date, (Date{2026, 12, 1})) << "newest first";
  EXPECT_EQ((*all)[0].per_type[domain::TypeIndex(ServiceType::kAudit)], 1);

  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn);
  auto entries = store::ListAudit(**conn, std::numeric_limits<std::int64_t>::max(), 100).value();
  int publications = 0;
  for (const auto& e : entries) {
    if (e.action != "edition.publish") continue;
    ++publications;
    EXPECT_TRUE(e.entity.starts_with("edition:2026-")) << e.entity;
    const auto after = nlohmann::json::parse(e.after);
    EXPECT_EQ(after["total"], 1);
    EXPECT_EQ(after["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(publications, 3);
  auto v = store::VerifyAudit(**conn);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->problems.empty());
}

TEST_F(EditionServiceTest, ChangesNeedAnEarlierEditionThatExists) {
  Register(NewService("監査A", "情報セキュリティ監査", "2025-04-01", "2028-03-31"));
  ASSERT_TRUE(editions_->Publish({2026, 10, 1}, "cli"));
  ASSERT_TRUE(editions_->Publish({2026, 11, 1}, "cli"));
  auto first = editions_->Compare({2026, 10, 1}, std::nullopt);
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->before) << "the first edition has none before it";
  EXPECT_EQ(first->changes.added.size(), 1u);
  auto later = editions_->Compare({2026, 10, 1}, Date{2026, 11, 1});
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().field, "since");
  auto missing_since = editions_->Compare({2026, 11, 1}, Date{2026, 9, 1});
  ASSERT_FALSE(missing_since);
  EXPECT_EQ(missing_since.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing_since.error().field, "since");
  auto missing = editions_->Compare({2026, 11, 2}, std::nullopt);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason.key, "error.edition.not_found");
  auto nothing = editions_->Find({2026, 11, 2});
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace proven
