// The programme's use cases on a real database (SQLite, and PostgreSQL under pg.unit) with a
// clock the test moves: deadlines to the second, what each role may see, and one audit entry per
// change.
#include <gtest/gtest.h>

#include "core/date.hpp"
#include "services/programme/programme_service.hpp"
#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/programme/programme_store.hpp"
#include "support/programme_actors.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::Role;

std::int64_t At(const char* iso) { return ParseIsoInstant(iso).value(); }

class ProgrammeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    {
      auto conn = pool_->Acquire();
      ASSERT_TRUE(conn);
      ASSERT_TRUE(store::ApplyMigrations(**conn));
    }
    store_ = std::make_unique<store::SqlProgrammeStore>(*pool_, clock_);
    service_ = std::make_unique<services::ProgrammeService>(*store_, clock_);
    admin_ = MakeActor("admin@op.example", Role::kAdmin, "");
    vendor_ = MakeActor("v@alpha.example", Role::kVendor, "株式会社アルファ");
    other_ = MakeActor("v@beta.example", Role::kVendor, "株式会社ベータ");
    reviewer_ = MakeActor("r@univ.example", Role::kReviewer, "国立大学X");
  }

  Actor MakeActor(const std::string& email, Role role, const std::string& org) {
    return testing::InsertActor(*pool_, email, role, org);
  }

  // An open call: opens 2026-12-01 10:00 JST, closes 2027-01-15 17:00 JST.
  std::int64_t OpenCall() {
    domain::CallInput in;
    in.title = "令和8年度 公募";
    in.description = "公募要領";
    in.opens_at = "2026-12-01T10:00:00+09:00";
    in.closes_at = "2027-01-15T17:00:00+09:00";
    in.field_ids = std::vector<std::int64_t>{1};
    in.criteria = std::vector<domain::Criterion>{{0, "独自性", "", 3}, {0, "市場性", "", 1}};
    auto call = service_->CreateCall(admin_, in);
    EXPECT_TRUE(call) << call.error().message;
    auto opened = service_->OpenCall(admin_, call->call.id);
    EXPECT_TRUE(opened) << opened.error().message;
    return call->call.id;
  }

  domain::ApplicationInput Product(const std::string& name) {
    domain::ApplicationInput in;
    in.name = name;
    in.overview = "脅威を可視化する";
    in.field_ids = std::vector<std::int64_t>{1};
    in.deployment = std::vector<std::string>{"saas"};
    return in;
  }

  std::vector<std::string> AuditActions() {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT action FROM audit_log ORDER BY seq");
    std::vector<std::string> out;
    while (st->Step().value()) out.push_back(st->Text(0));
    return out;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "programme.db"};
  ManualClock clock_{At("2026-11-30T12:00:00+09:00")};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlProgrammeStore> store_;
  std::unique_ptr<services::ProgrammeService> service_;
  Actor admin_, vendor_, other_, reviewer_;
};

TEST_F(ProgrammeServiceTest, ApplicationsOnlyBetweenOpensAtAndClosesAtToTheSecond) {
  const auto call = OpenCall();
  // Published before opens_at: visible, but not yet taking applications.
  EXPECT_EQ(service_->GetCall(std::nullopt, call)->state, domain::CallState::kOpen);
  auto early = service_->CreateApplication(vendor_, call, Product("早すぎる"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.error().reason.key, "error.call.not_yet_open");

  clock_.Set(At("2026-12-01T10:00:00+09:00"));
  auto app = service_->CreateApplication(vendor_, call, Product("ThreatLens"));
  ASSERT_TRUE(app) << app.error().message;
  const auto id = app->application.id;

  clock_.Set(At("2027-01-15T16:59:59+09:00"));
  ASSERT_TRUE(service_->ChangeApplication(vendor_, id, Product("ThreatLens 3")));
  clock_.Set(At("2027-01-15T17:00:00+09:00"));
  EXPECT_EQ(service_->GetCall(std::nullopt, call)->state, domain::CallState::kClosed);
  auto late = service_->SubmitApplication(vendor_, id);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().reason.key, "error.call.closed.apply");
  EXPECT_FALSE(service_->WithdrawApplication(vendor_, id));
}

TEST_F(ProgrammeServiceTest, VendorsSeeOnlyTheirOwnAndReviewersOnlyAfterTheClose) {
  const auto call = OpenCall();
  clock_.Set(At("2026-12-02T09:00:00+09:00"));
  const auto id = service_->CreateApplication(vendor_, call, Product("ThreatLens"))->application.id;
  ASSERT_TRUE(service_->SubmitApplication(vendor_, id));
  EXPECT_EQ(service_->GetApplication(other_, id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ChangeApplication(other_, id, Product("x")).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->VendorApplications(other_)->empty());
  ASSERT_EQ(service_->VendorApplications(vendor_)->size(), 1u);
  // A reviewer not on the committee, or before the close, learns nothing.
  EXPECT_EQ(service_->GetApplication(reviewer_, id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(service_->AppointReviewer(admin_, call, "R@Univ.Example"));
  EXPECT_EQ(service_->GetApplication(reviewer_, id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->ReviewerQueue(reviewer_)->empty());
  clock_.Set(At("2027-01-16T09:00:00+09:00"));
  auto seen = service_->GetApplication(reviewer_, id);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_FALSE(seen->details_visible);
  EXPECT_TRUE(seen->application.product.overview.empty());
  ASSERT_EQ(service_->ReviewerQueue(reviewer_)->size(), 1u);
  // Drafts of calls are the admin's alone.
  domain::CallInput draft_input;
  draft_input.title = "下書き";
  auto draft = service_->CreateCall(admin_, draft_input);
  ASSERT_TRUE(draft);
  EXPECT_EQ(service_->GetCall(vendor_, draft->call.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ListCalls(admin_, true)->size(), 2u);
  EXPECT_EQ(service_->ListCalls(std::nullopt, true)->size(), 1u);
}

TEST_F(ProgrammeServiceTest, EveryChangeIsAuditedOnceAndTheChainHolds) {
  const auto call = OpenCall();
  clock_.Set(At("2026-12-02T09:00:00+09:00"));
  const auto id = service_->CreateApplication(vendor_, call, Product("ThreatLens"))->application.id;
  ASSERT_TRUE(service_->AddAttachment(vendor_, id, "../../etc/資料.pdf", "%PDF-1.4 test"));
  ASSERT_TRUE(service_->SubmitApplication(vendor_, id));
  ASSERT_TRUE(service_->AppointReviewer(admin_, call, reviewer_.email));
  clock_.Set(At("2027-01-16T09:00:00+09:00"));
  ASSERT_TRUE(service_->DeclareConflict(reviewer_, id, false, ""));
  const auto criteria = service_->GetCall(admin_, call)->call.criteria;
  std::map<std::string, double> scores;
  for (const auto& c : criteria) scores[std::to_string(c.id)] = 4;
  ASSERT_TRUE(service_->Score(reviewer_, id, scores, "良い"));
  ASSERT_TRUE(service_->Decide(admin_, id, domain::Outcome::kSelected, "独自性"));
  EXPECT_EQ(service_->GetCall(std::nullopt, call)->state, domain::CallState::kDecided);
  EXPECT_EQ(AuditActions(),
            (std::vector<std::string>{"call.create", "call.open", "application.create", "application.attach",
                                      "application.submit", "reviewer.appoint", "conflict.declare", "review.score",
                                      "application.decide", "call.decide"}));
  auto conn = pool_->Acquire();
  auto verified = store::VerifyAudit(**conn);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->problems.empty());
  // The file keeps its last path component only.
  auto view = service_->GetApplication(vendor_, id);
  ASSERT_EQ(view->attachments.size(), 1u);
  EXPECT_EQ(view->attachments[0].filename, "資料.pdf");
  EXPECT_EQ(view->attachments[0].content_type, "application/pdf");
}

TEST_F(ProgrammeServiceTest, AFailedStepWritesNothing) {
  const auto call = OpenCall();
  const auto before = AuditActions().size();
  domain::CallInput frozen;
  frozen.criteria = std::vector<domain::Criterion>{{0, "独自性", "", 5}};
  auto r = service_->ChangeCall(admin_, call, frozen);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason.key, "error.call.criteria_frozen");
  EXPECT_EQ(AuditActions().size(), before);
  EXPECT_EQ(service_->GetCall(admin_, call)->call.criteria[0].weight, 3);
}

}  // namespace
}  // namespace proven
