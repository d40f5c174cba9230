// The consultation workflow (services/consultations/consultation_service.hpp) on a real database
// (SQLite, and PostgreSQL under pg.unit): a user company asks about a product or a service, the
// vendor accepts with times or declines, the requester confirms or withdraws, both write, the
// outcome is recorded and becomes a case; every change with its thread entry, audit entry and mail
// in the recipient's language; others find nothing, the admin reads and acts on nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/core.h>

#include "services/consultations/consultation_service.hpp"
#include "store/consultations/consultation_store.hpp"
#include "store/mail_outbox.hpp"
#include "store/service_store.hpp"
#include "unit/case_fixture.hpp"
#include "web/mail_texts.hpp"

namespace proven {
namespace {

using domain::ConsultationEntryKind;
using domain::ConsultationKind;
using domain::ConsultationSide;
using domain::ConsultationState;
using domain::ConsultationStep;
using services::ConsultationRequestInput;

// Two days after the fixture's clock (2026-12-01T00:00Z), in Tokyo time.
constexpr const char* kTime1 = "2026-12-03T10:00:00+09:00";
constexpr const char* kTime2 = "2026-12-04T15:30:00+09:00";

class ConsultationServiceTest : public testing::CaseFixture {
 protected:
  void SetUp() override {
    CaseFixture::SetUp();
    cases_ = std::make_unique<services::CaseService>(case_store_, verification_store_, clock_);
    service_ = std::make_unique<services::ConsultationService>(
        store_, verification_store_, services_store_, *cases_, web::CatalogueMailComposer(), "https://proven.example.jp",
        clock_, [] { return Date{2026, 12, 1}; });
  }

  std::int64_t Request(const domain::Actor& who, std::int64_t product, const std::string& lang = "ja") {
    ConsultationRequestInput in;
    in.kind = ConsultationKind::kProduct;
    in.id = product;
    in.message = "工場の無線LANの可視化について相談したい。";
    in.needs = R"({"industry":"製造業","problems":["wifi"]})";
    in.lang = lang;
    auto v = service_->Request(who, in);
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->record.id : 0;
  }

  std::int64_t AddService(const std::string& provider, Date expires_on) {
    std::int64_t id = 0;
    EXPECT_TRUE(services_store_.Write([&](store::ServiceWriter& w) -> Status {
      domain::Service s;
      s.name = "脆弱性診断サービス " + provider;
      s.provider = provider;
      s.address = "東京都千代田区1-1";
      s.prefecture = "東京都";
      s.registered_on = Date{2025, 1, 1};
      s.expires_on = expires_on;
      s.registrar = "機構";
      s.type = domain::ServiceType::kVulnerabilityAssessment;
      s.url = "https://" + std::to_string(provider.size()) + ".example.jp/";
      auto inserted = w.Insert(s);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }

  std::vector<domain::OutboxEntry> Mail() {
    auto all = outbox_.List(std::nullopt, 1000, 0);
    EXPECT_TRUE(all);
    auto out = all.value_or(std::vector<domain::OutboxEntry>{});
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    auto entries = accounts_.ListAudit(1LL << 62, 1000);
    EXPECT_TRUE(entries);
    for (const auto& e : *entries) {
      if (e.action.starts_with("consultation.")) out.push_back(e.action);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  store::SqlConsultationStore store_{pool_, clock_};
  store::SqlServiceStore services_store_{pool_};
  store::MailOutbox outbox_{pool_, clock_};
  std::unique_ptr<services::CaseService> cases_;
  std::unique_ptr<services::ConsultationService> service_;
};

TEST_F(ConsultationServiceTest, TheWholeWayFromARequestToACase) {
  const auto id = Request(user_, product_, "en");
  ASSERT_NE(id, 0);
  auto asked = service_->Get(vendor_, id);
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->record.state, ConsultationState::kRequested);
  EXPECT_EQ(asked->record.subject_name, "ThreatLens");
  EXPECT_EQ(asked->record.vendor, "株式会社アルファ");
  EXPECT_EQ(asked->record.requester_org, "東都製作所");
  EXPECT_EQ(asked->side, ConsultationSide::kVendor);
  EXPECT_EQ(asked->actions,
            (std::vector<ConsultationStep>{ConsultationStep::kAccept, ConsultationStep::kDecline, ConsultationStep::kMessage}));
  ASSERT_EQ(asked->thread.size(), 1u);
  EXPECT_EQ(asked->thread[0].kind, ConsultationEntryKind::kRequested);
  EXPECT_EQ(asked->thread[0].body, "工場の無線LANの可視化について相談したい。");
  EXPECT_EQ(asked->thread[0].author, "u@factory.example");
  // The vendor's accounts are told, in Japanese until the vendor has acted.
  auto mail = Mail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].message.kind, "consultation.requested");
  EXPECT_EQ(mail[0].message.to, "v@alpha.example");
  EXPECT_EQ(mail[0].message.lang, "ja");
  EXPECT_NE(mail[0].message.subject.find("ThreatLens"), std::string::npos);
  EXPECT_NE(mail[0].message.text.find("東都製作所"), std::string::npos);
  EXPECT_NE(mail[0].message.text.find(fmt::format("https://proven.example.jp/consultations/{}", id)), std::string::npos);

  auto accepted = service_->Accept(vendor_, id, {kTime1, kTime2}, "どちらでも伺えます。", "ja");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->record.state, ConsultationState::kAccepted);
  EXPECT_EQ(accepted->record.proposed_times, (std::vector<std::string>{kTime1, kTime2}));
  mail = Mail();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[1].message.kind, "consultation.accepted");
  EXPECT_EQ(mail[1].message.to, "u@factory.example");
  EXPECT_EQ(mail[1].message.lang, "en") << "the requester asked in English";
  EXPECT_NE(mail[1].message.text.find("2026-12-04 15:30 JST"), std::string::npos) << mail[1].message.text;

  auto confirmed = service_->Confirm(user_, id, "2026-12-04T06:30:00Z", "en");
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->record.state, ConsultationState::kConfirmed);
  EXPECT_EQ(confirmed->record.confirmed_time, kTime2);
  EXPECT_EQ(Mail().back().message.kind, "consultation.confirmed");
  EXPECT_EQ(Mail().back().message.to, "v@alpha.example");

  // Both sides write; a colleague of the same user company is on the requester's side too.
  ASSERT_TRUE(service_->PostMessage(vendor_, id, "当日は会議室でお待ちしています。", "ja"));
  EXPECT_EQ(Mail().back().message.kind, "consultation.message");
  EXPECT_EQ(Mail().back().message.to, "u@factory.example");
  ASSERT_TRUE(service_->PostMessage(user_colleague_, id, "Two of us will come.", "en"));
  EXPECT_EQ(Mail().back().message.to, "v@alpha.example");

  auto outcome = service_->RecordOutcome(vendor_, id, "trial_started", "ja");
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_EQ(outcome->record.outcome, domain::ConsultationOutcome::kTrialStarted);
  EXPECT_FALSE(service_->Withdraw(user_, id, "en")) << "an outcome closes the way back";

  auto vendor_case = service_->ProposeCase(vendor_, id, Content());
  ASSERT_FALSE(vendor_case);
  EXPECT_EQ(vendor_case.error().code, ErrorCode::kPermissionDenied) << "the requester's step";

  auto made = service_->ProposeCase(user_, id, Content());
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->first.record.case_id, made->second.record.id);
  EXPECT_EQ(made->second.record.product_id, product_);
  EXPECT_EQ(made->second.record.user_org_id, *user_.organisation_id);
  EXPECT_EQ(made->second.record.content.user_org_name, "東都製作所") << "pre-filled from the organisation";
  EXPECT_EQ(made->second.state, domain::CaseState::kDraft) << "published only through the consent workflow";
  EXPECT_EQ(Mail().back().message.kind, "consultation.case");
  auto again = service_->ProposeCase(user_, id, Content());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

  auto end = service_->Get(user_, id);
  ASSERT_TRUE(end);
  std::vector<ConsultationEntryKind> kinds;
  for (const auto& e : end->thread) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<ConsultationEntryKind>{ConsultationEntryKind::kRequested, ConsultationEntryKind::kAccepted,
                                                       ConsultationEntryKind::kConfirmed, ConsultationEntryKind::kMessage,
                                                       ConsultationEntryKind::kMessage, ConsultationEntryKind::kOutcome,
                                                       ConsultationEntryKind::kCase}));
  EXPECT_EQ(end->thread[4].author, "u2@factory.example");
  EXPECT_EQ(AuditActions(),
            (std::vector<std::string>{"consultation.request", "consultation.accept", "consultation.confirm",
                                      "consultation.message", "consultation.message", "consultation.outcome",
                                      "consultation.case"}));
}

TEST_F(ConsultationServiceTest, OthersFindNothingAndTheAdminReadsWithoutActing) {
  const auto id = Request(user_, product_);
  for (const auto* who : {&other_user_, &other_vendor_}) {
    auto v = service_->Get(*who, id);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code, ErrorCode::kNotFound) << who->email;
    auto list = service_->List(*who, 1, 20);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->total, 0u) << who->email;
    auto msg = service_->PostMessage(*who, id, "こんにちは", "ja");
    ASSERT_FALSE(msg);
    EXPECT_EQ(msg.error().code, ErrorCode::kNotFound) << who->email;
  }
  auto accept = service_->Accept(other_vendor_, id, {kTime1}, "", "ja");
  ASSERT_FALSE(accept);
  EXPECT_EQ(accept.error().code, ErrorCode::kNotFound);
  auto missing = service_->Get(user_, id + 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto admin = service_->Get(admin_, id);
  ASSERT_TRUE(admin);
  EXPECT_FALSE(admin->side.has_value());
  EXPECT_TRUE(admin->actions.empty());
  EXPECT_EQ(service_->List(admin_, 1, 20)->total, 1u);
  auto act = service_->PostMessage(admin_, id, "管理者です", "ja");
  ASSERT_FALSE(act);
  EXPECT_EQ(act.error().code, ErrorCode::kPermissionDenied);
  auto verifier = service_->Get(verifier_, id);
  ASSERT_FALSE(verifier);
  EXPECT_EQ(verifier.error().code, ErrorCode::kPermissionDenied);

  // Both sides list it, paged.
  Request(user_, other_product_);
  auto mine = service_->List(user_, 1, 1);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->total, 2u);
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].record.subject_name, "WiFi Watch") << "newest first";
  EXPECT_EQ(service_->List(vendor_, 1, 20)->total, 1u);
}

TEST_F(ConsultationServiceTest, WhoMayAskAndAboutWhat) {
  ConsultationRequestInput in;
  in.kind = ConsultationKind::kProduct;
  in.id = product_;
  in.message = "相談したい";
  // A vendor does not request.
  auto vendor = service_->Request(other_vendor_, in);
  ASSERT_FALSE(vendor);
  EXPECT_EQ(vendor.error().code, ErrorCode::kPermissionDenied);
  // A user account without a user company.
  const domain::Actor loose{user_.user_id, user_.email, {domain::Role::kUser}, "", std::nullopt};
  auto no_org = service_->Request(loose, in);
  ASSERT_FALSE(no_org);
  EXPECT_EQ(no_org.error().reason.key, "error.consultation.not_user_organisation");
  // No message, no such product.
  in.message = "  ";
  auto empty = service_->Request(user_, in);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "message");
  in.message = "相談したい";
  in.id = 9999;
  auto nothing = service_->Request(user_, in);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(nothing.error().field, "id");
  // One open consultation per organisation and subject.
  in.id = product_;
  ASSERT_TRUE(service_->Request(user_, in));
  auto twice = service_->Request(user_colleague_, in);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().reason.key, "error.consultation.open_exists");
  EXPECT_TRUE(service_->Request(other_user_, in)) << "another user company may ask too";
}

TEST_F(ConsultationServiceTest, AServiceIsAskedThroughItsProviderAccountOrNotAtAll) {
  // 株式会社アルファ has a vendor account; 無所属株式会社 has none.
  const auto with_account = AddService("株式会社アルファ", Date{2027, 12, 31});
  const auto without = AddService("無所属株式会社", Date{2027, 12, 31});
  const auto expired = AddService("株式会社ベータ", Date{2026, 6, 30});

  auto subject = service_->Subject(ConsultationKind::kService, with_account);
  ASSERT_TRUE(subject) << subject.error().message;
  EXPECT_TRUE(subject->answerable);
  EXPECT_EQ(subject->vendor_org_id, vendor_.organisation_id);

  ConsultationRequestInput in;
  in.kind = ConsultationKind::kService;
  in.id = without;
  in.message = "診断をお願いしたい";
  EXPECT_FALSE(service_->Subject(ConsultationKind::kService, without)->answerable);
  auto refused = service_->Request(user_, in);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason.key, "error.consultation.no_account");
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("homepage"), std::string::npos);

  in.id = expired;
  auto lapsed = service_->Request(user_, in);
  ASSERT_FALSE(lapsed);
  EXPECT_EQ(lapsed.error().reason.key, "error.consultation.service_not_valid");

  in.id = with_account;
  auto asked = service_->Request(user_, in);
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(asked->record.kind, ConsultationKind::kService);
  EXPECT_EQ(asked->record.vendor_org_id, *vendor_.organisation_id);
  // Declined, with a reason the requester is told.
  auto no_reason = service_->Decline(vendor_, asked->record.id, "", "ja");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto declined = service_->Decline(vendor_, asked->record.id, "今月は予約が埋まっています。", "ja");
  ASSERT_TRUE(declined);
  EXPECT_EQ(declined->record.state, ConsultationState::kDeclined);
  EXPECT_EQ(Mail().back().message.kind, "consultation.declined");
  EXPECT_NE(Mail().back().message.text.find("今月は予約が埋まっています。"), std::string::npos);
  EXPECT_FALSE(service_->PostMessage(user_, asked->record.id, "残念です", "ja")) << "closed";
  // A service consultation never becomes a case, and a closed one frees the subject for a new one.
  EXPECT_TRUE(service_->Request(user_, in));
}

TEST_F(ConsultationServiceTest, BadAnswersAreRefusedNamingTheFieldAndChangeNothing) {
  const auto id = Request(user_, product_);
  auto past = service_->Accept(vendor_, id, {"2026-11-30T10:00:00+09:00"}, "", "ja");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().field, "times[0]");
  auto none = service_->Accept(vendor_, id, {}, "", "ja");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "times");
  EXPECT_EQ(service_->Get(user_, id)->record.state, ConsultationState::kRequested);
  EXPECT_EQ(Mail().size(), 1u) << "nothing sent for a refused change";
  auto early = service_->Confirm(user_, id, kTime1, "ja");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Accept(vendor_, id, {kTime1}, "", "ja"));
  auto other_time = service_->Confirm(user_, id, kTime2, "ja");
  ASSERT_FALSE(other_time);
  EXPECT_EQ(other_time.error().field, "time");
  // Proposed again: the new times replace the old.
  auto again = service_->Accept(vendor_, id, {kTime2}, "こちらでいかがでしょう", "ja");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->record.proposed_times, (std::vector<std::string>{kTime2}));
  auto bad_outcome = service_->RecordOutcome(user_, id, "met", "ja");
  ASSERT_FALSE(bad_outcome) << "not before a time is confirmed";
  ASSERT_TRUE(service_->Confirm(user_, id, kTime2, "ja"));
  auto unknown = service_->RecordOutcome(user_, id, "bought", "ja");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "outcome");
  // Withdrawn before any outcome: the vendor is told, and the thread is closed.
  auto withdrawn = service_->Withdraw(user_, id, "ja");
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(withdrawn->record.state, ConsultationState::kWithdrawn);
  EXPECT_EQ(Mail().back().message.kind, "consultation.withdrawn");
  EXPECT_FALSE(service_->PostMessage(vendor_, id, "承知しました", "ja"));
}

}  // namespace
}  // namespace proven
