// The verified-product catalogue's service (services/programme/product_catalogue.hpp) on a real
// database: products published through the workflow appear in its search; an index built
// before a publication by another instance (another catalogue on the same database) picks it up
// at its next read; compare and matrix refuse bad input with the field named.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/date.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/programme/programme_service.hpp"
#include "services/programme/verification_service.hpp"
#include "store/migrations.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "support/programme_actors.hpp"
#include "support/test_support.hpp"
#include "web/programme/report_labels.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::Role;

std::int64_t At(const char* iso) { return ParseIsoInstant(iso).value(); }

class ProductCatalogueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    {
      auto conn = pool_->Acquire();
      ASSERT_TRUE(conn);
      ASSERT_TRUE(store::ApplyMigrations(**conn));
    }
    programme_store_ = std::make_unique<store::SqlProgrammeStore>(*pool_, clock_);
    verification_store_ = std::make_unique<store::SqlVerificationStore>(*pool_, clock_);
    programme_ = std::make_unique<services::ProgrammeService>(*programme_store_, clock_);
    service_ = std::make_unique<services::VerificationService>(
        *verification_store_, *programme_store_, [] { return web::ReportLabelsFor(web::Lang::kJa, true); }, clock_);
    admin_ = MakeActor("admin@op.example", Role::kAdmin, "");
    vendor_ = MakeActor("v@alpha.example", Role::kVendor, "株式会社アルファ");
    other_ = MakeActor("v@beta.example", Role::kVendor, "株式会社ベータ");
    reviewer_ = MakeActor("r@univ.example", Role::kReviewer, "国立大学X");
    verifier_ = MakeActor("k@lab.example", Role::kVerifier, "検証ラボ");
    application_ = SelectedApplication();
  }

  Actor MakeActor(const std::string& email, Role role, const std::string& org) {
    return testing::InsertActor(*pool_, email, role, org);
  }

  // A call through to its decision: the vendor's ThreatLens is selected.
  std::int64_t SelectedApplication() {
    clock_.Set(At("2026-11-30T12:00:00+09:00"));
    domain::CallInput in;
    in.title = "令和8年度 公募";
    in.description = "公募要領";
    in.opens_at = "2026-12-01T10:00:00+09:00";
    in.closes_at = "2027-01-15T17:00:00+09:00";
    in.field_ids = std::vector<std::int64_t>{1};
    in.criteria = std::vector<domain::Criterion>{{0, "独自性", "", 1}};
    const auto call = programme_->CreateCall(admin_, in).value().call.id;
    EXPECT_TRUE(programme_->OpenCall(admin_, call));
    clock_.Set(At("2026-12-02T10:00:00+09:00"));
    domain::ApplicationInput product;
    product.name = "ThreatLens";
    product.version = "3.2";
    product.overview = "脅威を可視化する";
    product.field_ids = std::vector<std::int64_t>{1};
    product.deployment = std::vector<std::string>{"saas"};
    const auto id = programme_->CreateApplication(vendor_, call, product).value().application.id;
    EXPECT_TRUE(programme_->SubmitApplication(vendor_, id));
    EXPECT_TRUE(programme_->AppointReviewer(admin_, call, reviewer_.email));
    clock_.Set(At("2027-01-16T10:00:00+09:00"));
    EXPECT_TRUE(programme_->DeclareConflict(reviewer_, id, false, ""));
    const auto criterion = programme_->GetCall(admin_, call)->call.criteria[0].id;
    EXPECT_TRUE(programme_->Score(reviewer_, id, {{std::to_string(criterion), 5}}, ""));
    // Not yet decided: no verification.
    auto early = service_->Start(admin_, id);
    EXPECT_FALSE(early);
    EXPECT_TRUE(programme_->Decide(admin_, id, domain::Outcome::kSelected, "独自性"));
    return id;
  }

  services::RecordInput Results(const domain::Verification& v, domain::ItemResult second) {
    services::RecordInput in;
    in.summary = "試験環境で検知率を検証した。";
    in.results = {{v.items[0].id, domain::ItemResult::kPass, domain::Metric{"0.962", "rate", 816}, "良好"},
                  {v.items[1].id, second, std::nullopt, ""}};
    in.strong_points = std::vector<domain::StrongPoint>{{0, "国内の攻撃傾向に合わせた高い検知率", {v.items[0].id}}};
    in.trial = std::optional<domain::Trial>(domain::Trial{"製造業 A社（従業員300名）", "2027年2月", "Webサイト",
                                                          "運用負荷が小さかった", "導入が簡単"});
    return in;
  }

  // Verifies and publishes the selected application; returns the product id.
  std::int64_t Publish() {
    auto v = service_->Start(admin_, application_);
    EXPECT_TRUE(v);
    const auto id = v->id;
    EXPECT_TRUE(service_->AppointVerifier(admin_, id, verifier_.email));
    v = service_->EditPlan(verifier_, id,
                           {{0, "SQLインジェクションの検知", "WAF → アプリ", "攻撃816件", "95%以上を遮断"},
                            {0, "誤検知の少なさ", "通常の通信1000件", "送信", "誤検知1%未満"}});
    EXPECT_TRUE(v);
    EXPECT_TRUE(service_->AgreePlan(vendor_, id));
    EXPECT_TRUE(service_->Record(verifier_, id, Results(*v, domain::ItemResult::kPartial)));
    EXPECT_TRUE(service_->Submit(verifier_, id));
    EXPECT_TRUE(service_->Approve(vendor_, id));
    clock_.Set(At("2027-03-01T10:00:00+09:00"));
    auto published = service_->Publish(admin_, id);
    EXPECT_TRUE(published) << (published ? "" : published.error().message);
    verification_id_ = id;
    return published ? published->product_id : 0;
  }
  std::int64_t verification_id_ = 0;

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "verification.db"};
  ManualClock clock_{At("2026-11-30T12:00:00+09:00")};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlProgrammeStore> programme_store_;
  std::unique_ptr<store::SqlVerificationStore> verification_store_;
  std::unique_ptr<services::ProgrammeService> programme_;
  std::unique_ptr<services::VerificationService> service_;
  Actor admin_, vendor_, other_, reviewer_, verifier_;
  std::int64_t application_ = 0;
};

TEST_F(ProductCatalogueTest, PublicationsByAnyInstanceReachTheNextSearch) {
  // Two instances on one database: each has its own catalogue.
  services::ProductCatalogue here(*verification_store_, *programme_store_);
  services::ProductCatalogue there(*verification_store_, *programme_store_);
  ASSERT_TRUE(here.Reload());
  ASSERT_TRUE(there.Reload());
  search::ProductQuery all;
  EXPECT_EQ(there.Search(all)->total, 0u);
  EXPECT_EQ(there.Refresh().value(), 0u) << "nothing changed";

  const auto product = Publish();
  ASSERT_GT(product, 0);
  auto found = there.Search(all);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->total, 1u);
  EXPECT_EQ(found->items[0].product.id, product);
  EXPECT_EQ(found->items[0].product.name, "ThreatLens");
  EXPECT_EQ(found->items[0].report.strong_points, (std::vector<std::string>{"国内の攻撃傾向に合わせた高い検知率"}));
  ASSERT_EQ(found->items[0].report.items.size(), 2u);
  EXPECT_EQ(found->items[0].report.items[0].metric->value, "0.962");
  EXPECT_EQ(found->items[0].report.items[1].result, "partial");
  ASSERT_TRUE(found->items[0].report.trial);
  // Keyword over the strong points (hiragana folded to katakana and the report's kanji).
  search::ProductQuery kw;
  kw.text = "攻撃傾向";
  EXPECT_EQ(here.Search(kw)->total, 1u);
  kw.text = "存在しない語";
  EXPECT_EQ(here.Search(kw)->total, 0u);
  search::ProductQuery by_field;
  by_field.fields = {1};
  by_field.deployment = {"on_premises"};
  const auto f = here.Search(by_field).value();
  EXPECT_EQ(f.total, 0u);
  EXPECT_EQ(f.facets.deployment, (std::vector<search::FacetValue>{{"saas", 1}})) << "disjunctive";
  EXPECT_EQ(f.facets.year, (std::vector<search::FacetValue>{}));

  // A correction (version 2) changes the indexed strong points.
  ASSERT_TRUE(service_->StartCorrection(verifier_, verification_id_, "強みの表現を訂正"));
  auto v = service_->Get(verifier_, verification_id_).value();
  auto in = Results(v, domain::ItemResult::kPass);
  in.strong_points = std::vector<domain::StrongPoint>{{0, "誤検知の少ない運用", {v.items[0].id}}};
  ASSERT_TRUE(service_->Record(verifier_, verification_id_, in));
  ASSERT_TRUE(service_->Submit(verifier_, verification_id_));
  ASSERT_TRUE(service_->Approve(vendor_, verification_id_));
  ASSERT_TRUE(service_->Publish(admin_, verification_id_));
  kw.text = "攻撃傾向";
  EXPECT_EQ(there.Search(kw)->total, 0u);
  kw.text = "誤検知の少ない";
  EXPECT_EQ(there.Search(kw)->total, 1u);
  EXPECT_EQ(there.Get(product)->product.latest_version, 2);
  EXPECT_EQ(there.Get(product + 100).error().code, ErrorCode::kNotFound);
}

TEST_F(ProductCatalogueTest, CompareAndMatrixRefuseBadInputNamingTheField) {
  services::ProductCatalogue catalogue(*verification_store_, *programme_store_);
  ASSERT_TRUE(catalogue.Reload());
  const auto product = Publish();
  for (const char* bad : {"1,x", "1,-2", "0,1", "1.5,2"}) {
    auto ids = services::ProductCatalogue::ParseIds(bad);
    ASSERT_FALSE(ids) << bad;
    EXPECT_EQ(ids.error().field, "ids");
  }
  EXPECT_EQ(services::ProductCatalogue::ParseIds(" 3, 4 ,5").value(), (std::vector<std::int64_t>{3, 4, 5}));
  for (const auto& ids : std::vector<std::vector<std::int64_t>>{{}, {product}, {1, 2, 3, 4, 5}, {product, product}}) {
    auto c = catalogue.Compare(ids);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(c.error().field, "ids");
  }
  auto unknown = catalogue.Compare({product, product + 1});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto m = catalogue.Matrix({});
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_FALSE(m->fields.empty());
  ASSERT_EQ(m->rows.size(), 1u);
  const auto col = std::find_if(m->fields.begin(), m->fields.end(), [](const domain::Field& f) { return f.id == 1; });
  ASSERT_NE(col, m->fields.end());
  for (std::size_t i = 0; i < m->fields.size(); ++i) EXPECT_EQ(m->rows[0].covers[i], m->fields[i].id == 1);
  auto only = catalogue.Matrix({1});
  ASSERT_TRUE(only);
  EXPECT_EQ(only->fields.size(), 1u);
  EXPECT_EQ(only->rows.size(), 1u);
  auto bad = catalogue.Matrix({9999});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "field");
}

TEST(ProductSearchParams, MirrorTheServiceSearch) {
  services::QueryParams p{{"q", "WAF"}, {"field", "3"}, {"field", "5"}, {"deployment", "saas"}, {"year", "2026"},
                          {"vendor", "アルファ"}, {"page", "2"}, {"per_page", "5"}};
  auto ok = services::ParseProductSearchParams(p);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->query.fields, (std::vector<std::int64_t>{3, 5}));
  EXPECT_EQ(ok->query.sort, search::ProductSort::kRelevance);
  EXPECT_EQ(ok->query.offset, 5u);
  EXPECT_EQ(ok->query.limit, 5u);
  EXPECT_EQ(services::ParseProductSearchParams({{"sort", "newest"}})->query.descending, true);
  EXPECT_EQ(services::ParseProductSearchParams({})->query.sort, search::ProductSort::kName);
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"field", "x"}, {"field", "0"}, {"deployment", "cloud"}, {"year", "1999"}, {"year", "20x6"},
           {"sort", "price"}, {"order", "up"}, {"page", "0"}, {"per_page", "101"}}) {
    auto bad = services::ParseProductSearchParams({{key, value}});
    ASSERT_FALSE(bad) << key << "=" << value;
    EXPECT_EQ(bad.error().field, key);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  }
  auto twice = services::ParseProductSearchParams({{"sort", "name"}, {"sort", "newest"}});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "sort");
}

}  // namespace
}  // namespace proven
