// Issue 10's workflow on a real database (SQLite, and PostgreSQL under pg.unit), on a clock the
// test moves: from an application selected in a decided call to a published report, a correction
// as version 2, and the refusals on the way (publish before approval, another vendor, a
// published version edited).
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/programme/programme_service.hpp"
#include "services/programme/verification_service.hpp"
#include "store/migrations.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "support/programme_actors.hpp"
#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"
#include "web/programme/report_labels.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::Role;

std::int64_t At(const char* iso) { return ParseIsoInstant(iso).value(); }

class VerificationServiceTest : public ::testing::Test {
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

TEST_F(VerificationServiceTest, FromASelectedApplicationToAPublishedReportAndACorrection) {
  auto v = service_->Start(admin_, application_);
  ASSERT_TRUE(v) << v.error().message;
  const auto id = v->id;
  EXPECT_EQ(service_->Start(admin_, application_).error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(service_->AppointVerifier(admin_, id, verifier_.email));
  EXPECT_EQ(service_->AppointVerifier(admin_, id, reviewer_.email).error().code, ErrorCode::kFailedPrecondition);

  // Plan, agreed by the vendor; results only after that.
  v = service_->EditPlan(verifier_, id,
                         {{0, "SQLインジェクションの検知", "WAF → アプリ", "攻撃816件", "95%以上を遮断"},
                          {0, "誤検知の少なさ", "通常の通信1000件", "送信", "誤検知1%未満"}});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(service_->Record(verifier_, id, Results(*v, domain::ItemResult::kPass)).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->AgreePlan(other_, id).error().code, ErrorCode::kNotFound) << "another vendor";
  ASSERT_TRUE(service_->AgreePlan(vendor_, id));
  EXPECT_EQ(service_->EditPlan(verifier_, id, {}).error().code, ErrorCode::kFailedPrecondition);

  // Results, submitted; the vendor asks for changes; resubmitted; approved; published.
  v = service_->Record(verifier_, id, Results(*v, domain::ItemResult::kPass));
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_TRUE(service_->Submit(verifier_, id));
  auto early = service_->Publish(admin_, id);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition) << "publish before the vendor's approval";
  ASSERT_TRUE(service_->RequestChanges(vendor_, id, "概要に検証期間を書いてください"));
  EXPECT_EQ(service_->Get(verifier_, id)->vendor_comments, "概要に検証期間を書いてください");
  ASSERT_TRUE(service_->Submit(verifier_, id));
  ASSERT_TRUE(service_->Approve(vendor_, id));
  clock_.Set(At("2027-03-01T10:00:00+09:00"));
  auto v1 = service_->Publish(admin_, id);
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(service_->Publish(admin_, id).error().code, ErrorCode::kFailedPrecondition) << "already published";
  EXPECT_EQ(service_->Record(verifier_, id, Results(*v, domain::ItemResult::kFail)).error().code,
            ErrorCode::kFailedPrecondition)
      << "a published report is immutable";

  // A correction: version 2 with its reason; version 1 stays.
  EXPECT_EQ(service_->StartCorrection(verifier_, id, "").error().field, "reason");
  ASSERT_TRUE(service_->StartCorrection(verifier_, id, "項目2の判定を訂正"));
  ASSERT_TRUE(service_->Record(verifier_, id, Results(*v, domain::ItemResult::kPartial)));
  ASSERT_TRUE(service_->Submit(verifier_, id));
  ASSERT_TRUE(service_->Approve(vendor_, id));
  clock_.Set(At("2027-04-02T10:00:00+09:00"));
  auto v2 = service_->Publish(admin_, id);
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->reason, "項目2の判定を訂正");

  std::vector<domain::ReportVersion> versions;
  std::optional<std::string> pdf;
  std::optional<domain::PublishedProduct> product;
  ASSERT_TRUE(verification_store_->Read([&](store::VerificationReader& r) -> Status {
    versions = r.ReportVersions(v1->product_id).value();
    pdf = r.ReportPdf(v1->product_id, 2).value();
    product = r.FindProduct(v1->product_id).value();
    return {};
  }));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_NE(versions[0].content, versions[1].content);
  EXPECT_NE(versions[0].content.find("\"pass\""), std::string::npos);
  EXPECT_NE(versions[1].content.find("\"partial\""), std::string::npos);
  ASSERT_TRUE(product);
  EXPECT_EQ(product->name, "ThreatLens");
  EXPECT_EQ(product->latest_version, 2);
  EXPECT_EQ(product->fiscal_year_verified, 2026) << "first published in March 2027: FY2026";
  ASSERT_TRUE(pdf);
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  if (testing::ProgramInPath("pdftotext")) {
    testing::WriteFile(dir_ / "v2.pdf", *pdf);
    auto text = testing::RunCommand({"pdftotext", (dir_ / "v2.pdf").string(), "-"});
    EXPECT_NE(text.out.find("ThreatLens"), std::string::npos);
    EXPECT_NE(text.out.find("国内の攻撃傾向に合わせた高い検知率"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("第2版"), std::string::npos);
  }
  // Who sees it: the admin, its verifier, its vendor; not another vendor.
  EXPECT_EQ(service_->List(vendor_)->size(), 1u);
  EXPECT_TRUE(service_->List(other_)->empty());
  EXPECT_EQ(service_->Get(other_, id).error().code, ErrorCode::kNotFound);
}

// Evidence under the rules of application attachments: the verifiers and the admin add files while
// results may be recorded (optionally for one item), each audited; the vendor reads them only;
// anyone else sees nothing. The admin's list of what can be started, the detail's versions, and
// the download counts with their totals.
TEST_F(VerificationServiceTest, EvidenceFollowsTheAttachmentRulesAndTheWorkflow) {
  auto startable = service_->StartableApplications(admin_);
  ASSERT_TRUE(startable) << startable.error().message;
  ASSERT_EQ(startable->size(), 1u);
  EXPECT_EQ(startable->front().application.id, application_);
  EXPECT_EQ(startable->front().call_title, "令和8年度 公募");
  EXPECT_EQ(service_->StartableApplications(verifier_).error().code, ErrorCode::kPermissionDenied);
  const auto id = service_->Start(admin_, application_)->id;
  EXPECT_TRUE(service_->StartableApplications(admin_)->empty()) << "started: no longer offered";
  ASSERT_TRUE(service_->AppointVerifier(admin_, id, verifier_.email));
  auto v = service_->EditPlan(verifier_, id, {{0, "検知率", "", "", ""}, {0, "誤検知", "", "", ""}});
  ASSERT_TRUE(v);
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, 'x');

  // Not before the plan is agreed (results are not recorded yet).
  auto early = service_->AddEvidence(verifier_, id, std::nullopt, "a.png", png);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.error().reason.key, "error.verification.planning.record_results");
  ASSERT_TRUE(service_->AgreePlan(vendor_, id));

  // The attachment rules: content, not name; empty; too large.
  EXPECT_EQ(service_->AddEvidence(verifier_, id, std::nullopt, "a.png", "plain text").error().reason.key,
            "error.attachment.bad_type");
  EXPECT_EQ(service_->AddEvidence(verifier_, id, std::nullopt, "a.png", "").error().reason.key, "error.attachment.empty");
  EXPECT_EQ(service_->AddEvidence(verifier_, id, std::nullopt, "big.pdf",
                                  "%PDF-" + std::string(domain::kMaxAttachmentBytes, 'x'))
                .error()
                .field,
            "file");
  // Who: the vendor reads only; another vendor and a reviewer see nothing.
  EXPECT_EQ(service_->AddEvidence(vendor_, id, std::nullopt, "a.png", png).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->AddEvidence(other_, id, std::nullopt, "a.png", png).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->AddEvidence(reviewer_, id, std::nullopt, "a.png", png).error().code,
            ErrorCode::kPermissionDenied);
  // An item of another verification (or none) is refused naming item_id.
  auto unknown = service_->AddEvidence(verifier_, id, 9999, "a.png", png);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "item_id");

  auto first = service_->AddEvidence(verifier_, id, v->items[0].id, "../logs/waf\x01.png", png);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->filename, "waf.png") << "the last path component, without control characters";
  EXPECT_EQ(first->content_type, "image/png");
  EXPECT_EQ(first->size, 48);
  auto whole = service_->AddEvidence(admin_, id, std::nullopt, "report.pdf", "%PDF-1.4 evidence");
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->content_type, "application/pdf");

  auto detail = service_->Detail(verifier_, id);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->evidence.size(), 2u);
  EXPECT_EQ(detail->evidence[0].id, first->id);
  EXPECT_EQ(detail->verification.items[0].evidence_ids, std::vector<std::int64_t>{first->id});
  EXPECT_TRUE(detail->verification.items[1].evidence_ids.empty());
  EXPECT_EQ(detail->verifier_emails, std::vector<std::string>{verifier_.email});
  EXPECT_FALSE(detail->product);
  EXPECT_EQ(service_->Detail(other_, id).error().code, ErrorCode::kNotFound);
  // Recording results keeps the links.
  ASSERT_TRUE(service_->Record(verifier_, id, Results(detail->verification, domain::ItemResult::kPass)));
  EXPECT_EQ(service_->Get(vendor_, id)->items[0].evidence_ids, std::vector<std::int64_t>{first->id});

  // Reading: the bytes as uploaded, for whoever sees the verification.
  auto read = service_->GetEvidence(vendor_, first->id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->second, png);
  EXPECT_EQ(read->first.application_id, id);
  EXPECT_EQ(service_->GetEvidence(other_, first->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetEvidence(admin_, 424242).error().code, ErrorCode::kNotFound);

  // Each upload is audited with its file's hash.
  int audited = 0;
  {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT after FROM audit_log WHERE action = 'verification.evidence' ORDER BY seq");
    ASSERT_TRUE(st);
    while (st->Step().value()) {
      ++audited;
      EXPECT_NE(st->Text(0).find("\"sha256\""), std::string::npos) << st->Text(0);
    }
  }
  EXPECT_EQ(audited, 2);

  // Submitted: no more evidence until changes are asked for.
  ASSERT_TRUE(service_->Submit(verifier_, id));
  EXPECT_EQ(service_->AddEvidence(verifier_, id, std::nullopt, "late.png", png).error().reason.key,
            "error.verification.submitted.record_results");
  ASSERT_TRUE(service_->RequestChanges(vendor_, id, "ログを追加してください"));
  ASSERT_TRUE(service_->AddEvidence(verifier_, id, v->items[1].id, "more.png", png));
  ASSERT_TRUE(service_->Submit(verifier_, id));
  ASSERT_TRUE(service_->Approve(vendor_, id));
  auto published = service_->Publish(admin_, id);
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(service_->AddEvidence(admin_, id, std::nullopt, "after.png", png).error().code,
            ErrorCode::kFailedPrecondition)
      << "a published report takes no new evidence";
  detail = service_->Detail(vendor_, id);
  ASSERT_TRUE(detail->product);
  EXPECT_EQ(detail->product->id, published->product_id);
  ASSERT_EQ(detail->versions.size(), 1u);

  // Downloads: per version and month, cumulative per product and overall; the admin's only.
  clock_.Set(At("2027-03-31T23:00:00+09:00"));  // 14:00 UTC: March
  ASSERT_TRUE(service_->ReportPdf(published->product_id, 1, "client-a"));
  ASSERT_TRUE(service_->ReportPdf(published->product_id, 1, "client-a"));  // within the window: once
  ASSERT_TRUE(service_->ReportPdf(published->product_id, 1, "client-b"));
  clock_.Set(At("2027-04-10T10:00:00+09:00"));
  ASSERT_TRUE(service_->ReportPdf(published->product_id, 1, "client-a"));
  auto report = service_->Downloads(admin_);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->rows.size(), 2u);
  EXPECT_EQ(report->rows[0].month, "2027-03");
  EXPECT_EQ(report->rows[0].count, 2);
  EXPECT_EQ(report->rows[0].product, "ThreatLens");
  EXPECT_EQ(report->rows[1].month, "2027-04");
  EXPECT_EQ(report->rows[1].count, 1);
  ASSERT_EQ(report->products.size(), 1u);
  EXPECT_EQ(report->products[0].total, 3);
  EXPECT_EQ(report->products[0].latest_version, 1);
  EXPECT_EQ(report->total, 3);
  EXPECT_EQ(service_->Downloads(verifier_).error().code, ErrorCode::kPermissionDenied);
}

// A `proven waf` report uploaded as an item's evidence is its measured result too (issue 14): checked,
// audited, kept with the item and published with the report.
TEST_F(VerificationServiceTest, AWafReportIsAnItemsEvidenceAndMeasuredResult) {
  const auto id = service_->Start(admin_, application_)->id;
  ASSERT_TRUE(service_->AppointVerifier(admin_, id, verifier_.email));
  auto v = service_->EditPlan(verifier_, id, {{0, "WAF 有効性", "nginx + CRS", "proven waf", "評価 B 以上"},
                                              {0, "誤検知", "", "", ""}});
  ASSERT_TRUE(v);
  ASSERT_TRUE(service_->AgreePlan(vendor_, id));
  ASSERT_TRUE(service_->Record(verifier_, id, Results(*v, domain::ItemResult::kPass)));
  auto run = testing_waf::MakeSampleRun(4, 0);
  const std::string report =
      waf::ReportJson(run.plan, run.target, run.settings, run.run, waf::Score(run.plan, run.run), {"0.1.0", "", ""})
          .dump(2);

  auto no_item = service_->AddEvidence(verifier_, id, std::nullopt, "run.json", report);
  ASSERT_FALSE(no_item);
  EXPECT_EQ(no_item.error().field, "item_id");
  EXPECT_EQ(no_item.error().reason.key, "error.waf.needs_item");
  auto tampered = nlohmann::json::parse(report);
  tampered["headline"]["grade"] = tampered["headline"]["grade"] == "A" ? "B" : "A";
  auto refused = service_->AddEvidence(verifier_, id, v->items[1].id, "run.json", tampered.dump());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason.key, "error.waf.bad_report");
  EXPECT_EQ(service_->AddEvidence(vendor_, id, v->items[1].id, "run.json", report).error().code,
            ErrorCode::kPermissionDenied);

  auto added = service_->AddEvidence(verifier_, id, v->items[1].id, "run.json", report);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->content_type, "application/json");
  auto got = service_->Get(verifier_, id);
  ASSERT_TRUE(got);
  const auto& item = got->items[1];
  ASSERT_TRUE(item.metric);
  EXPECT_EQ(item.metric->unit, "balanced accuracy");
  const auto summary = nlohmann::json::parse(item.waf_summary);
  EXPECT_EQ(item.metric->value, fmt::format("{:.3f}", summary["balanced_accuracy"].get<double>()));
  EXPECT_EQ(summary["report_sha256"], added->sha256);
  EXPECT_EQ(item.evidence_ids, std::vector<std::int64_t>{added->id});
  EXPECT_TRUE(got->items[0].waf_summary.empty());
  auto read = service_->GetEvidence(vendor_, added->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->second, report);
  {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT after FROM audit_log WHERE action = 'verification.waf_report'");
    ASSERT_TRUE(st);
    ASSERT_TRUE(st->Step().value());
    EXPECT_NE(st->Text(0).find("\"grade\":\"" + summary["grade"].get<std::string>() + "\""), std::string::npos)
        << st->Text(0);
  }

  ASSERT_TRUE(service_->Submit(verifier_, id));
  ASSERT_TRUE(service_->Approve(vendor_, id));
  auto published = service_->Publish(admin_, id);
  ASSERT_TRUE(published) << published.error().message;
  const auto content = services::ParseReport(published->content);
  ASSERT_EQ(content.items.size(), 2u);
  ASSERT_TRUE(content.items[1].waf);
  EXPECT_EQ(content.items[1].waf->grade, summary["grade"].get<std::string>());
  EXPECT_EQ(content.items[1].waf->corpus_fingerprint, "sha256:" + std::string(64, 'c'));
  EXPECT_FALSE(content.items[0].waf);
  EXPECT_EQ(nlohmann::json::parse(published->content)["items"][0].contains("waf"), false)
      << "items without a WAF run publish as before";
}

}  // namespace
}  // namespace proven
