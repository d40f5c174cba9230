// WAF suite runs from the verification page (issue 14): the item kind and its agreed target in the
// plan, the server's target policy (a table of cases), the run queue's refusals, a restart, a run
// that cannot connect, and a run's report ending through the evidence path.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/programme/programme_service.hpp"
#include "services/programme/verification_service.hpp"
#include "services/programme/waf_run_service.hpp"
#include "services/programme/waf_target_policy.hpp"
#include "store/migrations.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "support/programme_actors.hpp"
#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"
#include "waf/target.hpp"
#include "web/programme/report_labels.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::ItemKind;
using domain::Role;
using services::AddressClass;
using services::WafTargetPolicy;

// ---- The target policy -------------------------------------------------------------------------

waf::Target T(const std::string& host, const std::string& port = "80") {
  waf::Target t;
  t.host = host;
  t.port = port;
  t.url = "http://" + host + ":" + port + "/";
  return t;
}

WafTargetPolicy Policy(std::vector<std::string> allow, bool loopback) {
  WafTargetPolicy p;
  p.allow = services::ParseWafAllowTargets(allow).value();
  p.allow_loopback = loopback;
  return p;
}

TEST(WafTargetPolicy, AddressesAreClassified) {
  const std::vector<std::pair<std::string, AddressClass>> cases = {
      {"127.0.0.1", AddressClass::kLoopback},       {"127.8.9.10", AddressClass::kLoopback},
      {"::1", AddressClass::kLoopback},             {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"169.254.169.254", AddressClass::kLinkLocal}, {"fe80::1", AddressClass::kLinkLocal},
      {"0.0.0.0", AddressClass::kUnspecified},      {"::", AddressClass::kUnspecified},
      {"224.0.0.1", AddressClass::kMulticast},      {"ff02::1", AddressClass::kMulticast},
      {"255.255.255.255", AddressClass::kReserved}, {"10.1.2.3", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},       {"172.31.255.255", AddressClass::kPrivate},
      {"172.32.0.1", AddressClass::kPublic},        {"192.168.1.1", AddressClass::kPrivate},
      {"100.64.0.1", AddressClass::kPrivate},       {"fd00::1", AddressClass::kPrivate},
      {"203.0.113.7", AddressClass::kPublic},       {"2001:db8::1", AddressClass::kPublic},
      {"::ffff:10.0.0.1", AddressClass::kPrivate},  {"waf.example.jp", AddressClass::kNotAnAddress},
  };
  for (const auto& [address, want] : cases) EXPECT_EQ(services::ClassifyAddress(address), want) << address;
}

TEST(WafTargetPolicy, TheAllowListIsParsedAndBadEntriesNameTheFlag) {
  auto ok = services::ParseWafAllowTargets({"WAF.Example.jp:8080, 203.0.113.7", "[2001:db8::1]:80", "[::1]"});
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 4u);
  EXPECT_EQ((*ok)[0].host, "waf.example.jp");
  EXPECT_EQ((*ok)[0].port, "8080");
  EXPECT_EQ((*ok)[1].host, "203.0.113.7");
  EXPECT_EQ((*ok)[1].port, "");
  EXPECT_EQ((*ok)[2].host, "2001:db8::1");
  EXPECT_EQ((*ok)[2].port, "80");
  EXPECT_EQ((*ok)[3].host, "::1");
  for (const char* bad : {"http://waf.example.jp", "waf.example.jp:0", "waf.example.jp:99999", "waf.example.jp:x",
                          "2001:db8::1", "[2001:db8::1", "[nothing]:80", "a/b"}) {
    auto r = services::ParseWafAllowTargets({bad});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "waf-allow-targets") << bad;
    EXPECT_NE(r.error().message.find("--waf-allow-targets"), std::string::npos) << r.error().message;
  }
}

TEST(WafTargetPolicy, ATableOfTargets) {
  struct Case {
    const char* name;
    WafTargetPolicy policy;
    waf::Target target;
    std::vector<std::string> addresses;
    std::string want;  // the address to connect to, or the refusal's reason key
  };
  const std::vector<Case> cases = {
      {"nothing allowed by default", Policy({}, false), T("waf.example.jp"), {"203.0.113.7"},
       "error.waf_run.target_not_allowed"},
      {"loopback needs the flag", Policy({}, false), T("127.0.0.1", "8081"), {"127.0.0.1"},
       "error.waf_run.target_loopback"},
      {"loopback with the flag", Policy({}, true), T("localhost", "8081"), {"127.0.0.1", "::1"}, "127.0.0.1"},
      {"a listed loopback name still needs the flag", Policy({"localhost"}, false), T("localhost"), {"127.0.0.1"},
       "error.waf_run.target_loopback"},
      {"a listed public host", Policy({"waf.example.jp"}, false), T("WAF.example.JP"), {"203.0.113.7"}, "203.0.113.7"},
      {"listed with its port", Policy({"waf.example.jp:8080"}, false), T("waf.example.jp", "8080"), {"203.0.113.7"},
       "203.0.113.7"},
      {"listed with another port", Policy({"waf.example.jp:8080"}, false), T("waf.example.jp", "80"),
       {"203.0.113.7"}, "error.waf_run.target_not_allowed"},
      {"the loopback flag allows no remote host", Policy({}, true), T("waf.example.jp"), {"203.0.113.7"},
       "error.waf_run.target_not_allowed"},
      {"a listed name resolving to cloud metadata", Policy({"waf.example.jp"}, false), T("waf.example.jp"),
       {"169.254.169.254"}, "error.waf_run.target_address_forbidden"},
      {"link-local is never allowed, even listed", Policy({"169.254.169.254"}, true), T("169.254.169.254"),
       {"169.254.169.254"}, "error.waf_run.target_address_forbidden"},
      {"IPv6 link-local", Policy({"[fe80::1]"}, true), T("fe80::1"), {"fe80::1"},
       "error.waf_run.target_address_forbidden"},
      {"unspecified", Policy({"0.0.0.0"}, true), T("0.0.0.0"), {"0.0.0.0"}, "error.waf_run.target_address_forbidden"},
      {"multicast", Policy({"224.0.0.1"}, false), T("224.0.0.1"), {"224.0.0.1"},
       "error.waf_run.target_address_forbidden"},
      {"a listed name resolving into the private network", Policy({"waf.example.jp"}, false), T("waf.example.jp"),
       {"10.0.0.5"}, "error.waf_run.target_private"},
      {"a private address listed as itself", Policy({"10.0.0.5"}, false), T("10.0.0.5"), {"10.0.0.5"}, "10.0.0.5"},
      {"one bad address among good ones", Policy({"waf.example.jp"}, false), T("waf.example.jp"),
       {"203.0.113.7", "169.254.1.1"}, "error.waf_run.target_address_forbidden"},
      {"a name that does not resolve", Policy({"waf.example.jp"}, true), T("waf.example.jp"), {},
       "error.waf_run.target_unresolved"},
      {"a mix of loopback and public needs both", Policy({"waf.example.jp"}, false), T("waf.example.jp"),
       {"203.0.113.7", "127.0.0.1"}, "error.waf_run.target_loopback"},
  };
  for (const auto& c : cases) {
    auto got = services::CheckWafTarget(c.policy, c.target, c.addresses);
    if (c.want.starts_with("error.")) {
      ASSERT_FALSE(got) << c.name;
      EXPECT_EQ(got.error().reason.key, c.want) << c.name << ": " << got.error().message;
      EXPECT_EQ(got.error().code, ErrorCode::kPermissionDenied) << c.name;
    } else {
      ASSERT_TRUE(got) << c.name << ": " << got.error().message;
      EXPECT_EQ(*got, c.want) << c.name;
    }
  }
}

TEST(WafTargetPolicy, TheRunConnectsToTheCheckedAddressAndKeepsItsHostHeader) {
  auto parsed = waf::ParseTarget("http://localhost:8081/app");
  ASSERT_TRUE(parsed);
  auto refused = services::ResolveAllowedWafTarget(Policy({}, false), *parsed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason.key, "error.waf_run.target_loopback");
  auto allowed = services::ResolveAllowedWafTarget(Policy({}, true), *parsed);
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_TRUE(services::ClassifyAddress(allowed->host) == AddressClass::kLoopback) << allowed->host;
  EXPECT_EQ(allowed->authority, "localhost:8081");
  EXPECT_EQ(allowed->url, "http://localhost:8081/app");
  EXPECT_TRUE(allowed->loopback);
}

// A published record's items carry their kind; records published before issue 14 have none: manual.
TEST(PublishedItemKind, OldRecordsReadAsManualItems) {
  const auto report = services::ParseReport(
      R"({"summary": "s", "items": [{"title": "old"}, {"title": "waf", "kind": "waf_effectiveness"},
                                    {"title": "odd", "kind": "no_such_kind"}]})");
  ASSERT_EQ(report.items.size(), 3u);
  EXPECT_EQ(report.items[0].kind, ItemKind::kManual);
  EXPECT_EQ(report.items[1].kind, ItemKind::kWafEffectiveness);
  EXPECT_EQ(report.items[2].kind, ItemKind::kManual);
}

// ---- The plan, the queue and the runs ----------------------------------------------------------

std::int64_t At(const char* iso) { return ParseIsoInstant(iso).value(); }

// A port on 127.0.0.1 where nothing listens (bound, then closed).
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

class WafRunServiceTest : public ::testing::Test {
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
    reviewer_ = MakeActor("r@univ.example", Role::kReviewer, "国立大学X");
    verifier_ = MakeActor("k@lab.example", Role::kVerifier, "検証ラボ");
    stranger_ = MakeActor("s@lab.example", Role::kVerifier, "別ラボ");
    application_ = SelectedApplication();
  }

  Actor MakeActor(const std::string& email, Role role, const std::string& org) {
    return testing::InsertActor(*pool_, email, role, org);
  }

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
    product.name = "ShieldWall";
    product.version = "1.0";
    product.overview = "WAF";
    product.field_ids = std::vector<std::int64_t>{1};
    product.deployment = std::vector<std::string>{"saas"};
    const auto id = programme_->CreateApplication(vendor_, call, product).value().application.id;
    EXPECT_TRUE(programme_->SubmitApplication(vendor_, id));
    EXPECT_TRUE(programme_->AppointReviewer(admin_, call, reviewer_.email));
    clock_.Set(At("2027-01-16T10:00:00+09:00"));
    EXPECT_TRUE(programme_->DeclareConflict(reviewer_, id, false, ""));
    const auto criterion = programme_->GetCall(admin_, call)->call.criteria[0].id;
    EXPECT_TRUE(programme_->Score(reviewer_, id, {{std::to_string(criterion), 5}}, ""));
    EXPECT_TRUE(programme_->Decide(admin_, id, domain::Outcome::kSelected, "独自性"));
    return id;
  }

  // A verification with a WAF item (target `target`) and a manual item; the plan agreed when asked.
  domain::Verification Planned(const std::string& target, bool agree = true) {
    const auto id = service_->Start(admin_, application_)->id;
    EXPECT_TRUE(service_->AppointVerifier(admin_, id, verifier_.email));
    services::PlanItemInput waf_item{0, "WAF 有効性", "nginx + CRS", "proven waf", "評価 B 以上"};
    waf_item.kind = ItemKind::kWafEffectiveness;
    waf_item.waf_target = target;
    auto v = service_->EditPlan(verifier_, id, {waf_item, {0, "管理画面", "", "", ""}});
    EXPECT_TRUE(v) << v.error().message;
    if (agree) {
      EXPECT_TRUE(service_->AgreePlan(vendor_, id));
    }
    return *service_->Get(verifier_, id);
  }

  services::WafRunService Runs(WafTargetPolicy policy) {
    return services::WafRunService(*verification_store_, *service_, services::WafRunOptions{std::move(policy), ""});
  }

  std::vector<domain::WafRun> Stored(std::int64_t verification_id) {
    std::vector<domain::WafRun> out;
    EXPECT_TRUE(verification_store_->Read([&](store::VerificationReader& r) -> Status {
      auto runs = r.WafRuns(verification_id);
      if (!runs) return Fail(runs.error());
      out = *runs;
      return {};
    }));
    return out;
  }

  int AuditCount(const std::string& action) {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT COUNT(*) FROM audit_log WHERE action = ?");
    st->Bind(1, action);
    EXPECT_TRUE(st->Step().value());
    return static_cast<int>(st->Int(0));
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "waf_runs.db"};
  ManualClock clock_{At("2026-11-30T12:00:00+09:00")};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlProgrammeStore> programme_store_;
  std::unique_ptr<store::SqlVerificationStore> verification_store_;
  std::unique_ptr<services::ProgrammeService> programme_;
  std::unique_ptr<services::VerificationService> service_;
  Actor admin_, vendor_, reviewer_, verifier_, stranger_;
  std::int64_t application_ = 0;
};

TEST_F(WafRunServiceTest, ThePlanTakesTheKindAndTheTargetAndNamesTheFieldThatIsWrong) {
  const auto v = Planned("http://127.0.0.1:18080/", false);
  ASSERT_EQ(v.items.size(), 2u);
  EXPECT_EQ(v.items[0].kind, ItemKind::kWafEffectiveness);
  EXPECT_EQ(v.items[0].waf_target, "http://127.0.0.1:18080/");
  EXPECT_EQ(v.items[1].kind, ItemKind::kManual);
  EXPECT_EQ(v.items[1].waf_target, "");

  auto edit = [&](ItemKind kind, const std::string& target) {
    services::PlanItemInput first{v.items[1].id, "管理画面", "", "", ""};
    services::PlanItemInput second{v.items[0].id, "WAF 有効性", "", "", ""};
    second.kind = kind;
    second.waf_target = target;
    return service_->EditPlan(verifier_, v.id, {first, second});
  };
  const std::vector<std::tuple<ItemKind, std::string, std::string>> refused = {
      {ItemKind::kWafEffectiveness, "", "error.verification.waf_target_required"},
      {ItemKind::kWafEffectiveness, "https://127.0.0.1/", "error.verification.waf_target_scheme"},
      {ItemKind::kWafEffectiveness, "127.0.0.1:8080", "error.verification.waf_target_scheme"},
      {ItemKind::kWafEffectiveness, "http://127.0.0.1:0/", "error.verification.waf_target_port"},
      {ItemKind::kWafEffectiveness, "http://127.0.0.1/?q=1", "error.verification.waf_target_path"},
      {ItemKind::kWafEffectiveness, "http://no-such-host.invalid/", "error.verification.waf_target_host"},
      {ItemKind::kManual, "http://127.0.0.1/", "error.verification.waf_target_manual"},
  };
  for (const auto& [kind, target, key] : refused) {
    auto r = edit(kind, target);
    ASSERT_FALSE(r) << target;
    EXPECT_EQ(r.error().field, "items[1].waf_target") << target;
    EXPECT_EQ(r.error().reason.key, key) << target << ": " << r.error().message;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  // Nothing changed; a new target is taken while planning, and the audit entry carries it.
  EXPECT_EQ(service_->Get(verifier_, v.id)->items[0].waf_target, "http://127.0.0.1:18080/");
  auto changed = edit(ItemKind::kWafEffectiveness, "  http://localhost:18081/app ");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->items[1].waf_target, "http://localhost:18081/app");
  {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT after FROM audit_log WHERE action = 'verification.plan' ORDER BY seq DESC");
    ASSERT_TRUE(st->Step().value());
    EXPECT_NE(st->Text(0).find("http://localhost:18081/app"), std::string::npos);
  }
  // Once agreed, the plan (and so the target) no longer changes.
  ASSERT_TRUE(service_->AgreePlan(vendor_, v.id));
  auto late = edit(ItemKind::kWafEffectiveness, "http://127.0.0.1:9/");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(WafRunServiceTest, EnqueueIsRefusedWhereItMustBe) {
  const auto v = Planned("http://127.0.0.1:18080/");
  const auto waf_item = v.items[0].id, manual_item = v.items[1].id;
  auto none = Runs(Policy({}, false));
  // The default policy: no target may be run.
  auto policy = none.Enqueue(verifier_, v.id, waf_item);
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().reason.key, "error.waf_run.target_loopback");
  EXPECT_EQ(policy.error().code, ErrorCode::kPermissionDenied);

  auto runs = Runs(Policy({}, true));
  auto manual = runs.Enqueue(verifier_, v.id, manual_item);
  ASSERT_FALSE(manual);
  EXPECT_EQ(manual.error().reason.key, "error.waf_run.not_waf_item");
  EXPECT_EQ(runs.Enqueue(stranger_, v.id, waf_item).error().code, ErrorCode::kNotFound) << "another verifier";
  EXPECT_EQ(runs.Enqueue(vendor_, v.id, waf_item).error().code, ErrorCode::kPermissionDenied) << "the vendor";
  EXPECT_EQ(runs.Enqueue(reviewer_, v.id, waf_item).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(runs.Enqueue(verifier_, v.id, 999999).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Stored(v.id).empty()) << "nothing was queued";

  auto first = runs.Enqueue(verifier_, v.id, waf_item);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->state, domain::WafRunState::kQueued);
  EXPECT_EQ(first->requested_by, verifier_.user_id);
  EXPECT_EQ(AuditCount("verification.waf_run_requested"), 1);
  auto second = runs.Enqueue(admin_, v.id, waf_item);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(second.error().reason.key, "error.waf_run.already_active");

  // Who may see the run.
  EXPECT_TRUE(runs.Get(verifier_, first->id));
  EXPECT_TRUE(runs.Get(admin_, first->id));
  EXPECT_EQ(runs.Get(stranger_, first->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(runs.Get(vendor_, first->id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(runs.Get(verifier_, first->id + 100).error().code, ErrorCode::kNotFound);

  // A restart: what was queued or running is failed as interrupted.
  auto failed = runs.FailInterrupted();
  ASSERT_TRUE(failed);
  EXPECT_EQ(*failed, 1);
  const auto stored = Stored(v.id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].state, domain::WafRunState::kFailed);
  EXPECT_EQ(services::SplitWafRunError(stored[0].error).first, services::kWafRunInterrupted);
  EXPECT_FALSE(stored[0].finished_at.empty());
  EXPECT_EQ(AuditCount("verification.waf_run_failed"), 1);
  EXPECT_TRUE(runs.Enqueue(admin_, v.id, waf_item)) << "the admin may queue once nothing is active";

  // Not while results may not be recorded (submitted).
  ASSERT_TRUE(runs.FailInterrupted());
  services::RecordInput in;
  in.summary = "要約";
  in.results = {{waf_item, domain::ItemResult::kPass, std::nullopt, ""},
                {manual_item, domain::ItemResult::kPass, std::nullopt, ""}};
  ASSERT_TRUE(service_->Record(verifier_, v.id, in));
  ASSERT_TRUE(service_->Submit(verifier_, v.id));
  auto late = runs.Enqueue(verifier_, v.id, waf_item);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(WafRunServiceTest, NotBeforeThePlanIsAgreed) {
  const auto v = Planned("http://127.0.0.1:18080/", false);
  auto runs = Runs(Policy({}, true));
  auto early = runs.Enqueue(verifier_, v.id, v.items[0].id);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(WafRunServiceTest, ARunThatCannotConnectFailsWithItsReason) {
  const auto v = Planned(fmt::format("http://127.0.0.1:{}/", ClosedPort()));
  auto runs = Runs(Policy({}, true));
  auto queued = runs.Enqueue(verifier_, v.id, v.items[0].id);
  ASSERT_TRUE(queued) << queued.error().message;
  auto ran = runs.RunNext();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_TRUE(*ran);
  auto got = runs.Get(verifier_, queued->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->run.state, domain::WafRunState::kFailed);
  EXPECT_EQ(services::SplitWafRunError(got->run.error).first, services::kWafRunUnreachable) << got->run.error;
  EXPECT_FALSE(got->run.evidence_id);
  EXPECT_EQ(got->requested_by, verifier_.email);
  EXPECT_EQ(got->target, v.items[0].waf_target);
  EXPECT_FALSE(*runs.RunNext()) << "nothing else is queued";
  // The policy is checked again when the run starts: a server restarted without the flag refuses it.
  ASSERT_TRUE(runs.Enqueue(verifier_, v.id, v.items[0].id));
  auto strict = Runs(Policy({}, false));
  ASSERT_TRUE(*strict.RunNext());
  const auto stored = Stored(v.id);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].state, domain::WafRunState::kFailed);
  EXPECT_EQ(services::SplitWafRunError(stored[0].error).first, services::kWafRunPolicy);
  EXPECT_NE(services::SplitWafRunError(stored[0].error).second.find("--waf-allow-loopback"), std::string::npos);
}

TEST_F(WafRunServiceTest, AReportEndsARunOrIsRecordedAsADoneRunAndMustBeAgainstTheAgreedTarget) {
  auto sample = testing_waf::MakeSampleRun(4, 0);
  const std::string report =
      waf::ReportJson(sample.plan, sample.target, sample.settings, sample.run, waf::Score(sample.plan, sample.run),
                      {"0.1.0", "", ""})
          .dump(2);
  const auto v = Planned("http://127.0.0.1:18081/");  // not the sample's target
  auto wrong = service_->AddEvidence(verifier_, v.id, v.items[0].id, "run.json", report);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "target.url");
  EXPECT_EQ(wrong.error().reason.key, "error.waf.wrong_target");
  EXPECT_TRUE(Stored(v.id).empty());
  // A manual item takes a report as before (its target is not agreed), recorded as a done run.
  auto manual = service_->AddEvidence(verifier_, v.id, v.items[1].id, "run.json", report);
  ASSERT_TRUE(manual) << manual.error().message;
  auto stored = Stored(v.id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].state, domain::WafRunState::kDone);
  EXPECT_EQ(stored[0].evidence_id, manual->id);
  EXPECT_EQ(stored[0].item_id, v.items[1].id);
  EXPECT_FALSE(stored[0].grade.empty());
  EXPECT_EQ(stored[0].requested_by, verifier_.user_id);
  EXPECT_EQ(stored[0].progress_done, stored[0].progress_total);
  EXPECT_GT(stored[0].progress_total, 0);
}

TEST_F(WafRunServiceTest, ARunningRunEndsThroughTheEvidencePath) {
  auto sample = testing_waf::MakeSampleRun(4, 0);
  const std::string report =
      waf::ReportJson(sample.plan, sample.target, sample.settings, sample.run, waf::Score(sample.plan, sample.run),
                      {"0.1.0", "", ""})
          .dump(2);
  const auto v = Planned(sample.target.url);
  auto runs = Runs(Policy({}, true));
  auto queued = runs.Enqueue(verifier_, v.id, v.items[0].id);
  ASSERT_TRUE(queued) << queued.error().message;
  // Not running yet: the worker has not claimed it.
  EXPECT_FALSE(service_->CompleteWafRun(*queued, "waf-run.json", report));
  domain::WafRun running = *queued;
  running.state = domain::WafRunState::kRunning;
  running.started_at = "2027-01-20T10:00:00+09:00";
  running.progress_total = 42;
  ASSERT_TRUE(verification_store_->Write([&](store::VerificationWriter& w) { return w.UpdateWafRun(running); }));
  auto done = service_->CompleteWafRun(running, "waf-run.json", report);
  ASSERT_TRUE(done) << done.error().message;
  auto got = runs.Get(verifier_, queued->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->run.state, domain::WafRunState::kDone);
  EXPECT_EQ(got->run.evidence_id, done->id);
  const auto& item = got->verification.items[0];
  ASSERT_TRUE(item.metric);
  EXPECT_EQ(got->run.balanced_accuracy, item.metric->value);
  EXPECT_EQ(got->run.grade, nlohmann::json::parse(item.waf_summary)["grade"].get<std::string>());
  EXPECT_EQ(item.evidence_ids, std::vector<std::int64_t>{done->id});
  EXPECT_EQ(AuditCount("verification.waf_report"), 1);
  // Its audit entry says which run it was.
  {
    auto conn = pool_->Acquire();
    auto st = (*conn)->Prepare("SELECT actor, after FROM audit_log WHERE action = 'verification.waf_report'");
    ASSERT_TRUE(st->Step().value());
    EXPECT_EQ(st->Text(0), fmt::format("waf-run:{} for user:{}", queued->id, verifier_.user_id));
    EXPECT_NE(st->Text(1).find(fmt::format("\"waf_run_id\":{}", queued->id)), std::string::npos);
  }
  // Published: the kind, never the target.
  services::RecordInput in;
  in.summary = "要約";
  in.results = {{v.items[0].id, domain::ItemResult::kPass, item.metric, ""},
                {v.items[1].id, domain::ItemResult::kPass, std::nullopt, ""}};
  ASSERT_TRUE(service_->Record(verifier_, v.id, in));
  ASSERT_TRUE(service_->Submit(verifier_, v.id));
  ASSERT_TRUE(service_->Approve(vendor_, v.id));
  auto published = service_->Publish(admin_, v.id);
  ASSERT_TRUE(published) << published.error().message;
  const auto content = nlohmann::json::parse(published->content);
  EXPECT_EQ(content["items"][0]["kind"], "waf_effectiveness");
  EXPECT_EQ(content["items"][1]["kind"], "manual");
  EXPECT_FALSE(content["items"][0].contains("waf_target")) << "the agreed target is not published";
  EXPECT_TRUE(content["items"][0].contains("waf"));
  EXPECT_EQ(published->content.find(sample.target.url), std::string::npos) << "nor the run's target";
  EXPECT_EQ(published->content.find("waf_target"), std::string::npos);
}

}  // namespace
}  // namespace proven
