// The verification store (store/programme/verification_store.hpp) on SQLite and, under the pg.unit
// label, PostgreSQL: every record written and read back as it was, item ids kept across updates,
// report versions immutable and never replaced, the download counter's window, and `proven copy`
// carrying the new tables.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "store/account_store.hpp"
#include "store/copy.hpp"
#include "store/migrations.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::ItemResult;
using domain::Verification;
using domain::VerificationItem;
using store::VerificationReader;
using store::VerificationWriter;

constexpr std::int64_t kT0 = 1796083200;  // 2026-12-01T00:00:00Z

std::string PdfBytes(char salt) {
  std::string bytes = "%PDF-1.7\n";
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i ^ salt);
  bytes += std::string("\0\xff", 2);
  return bytes;
}

// Every row of `table` as text (`blob_column`'s bytes as they are), in `order`.
std::vector<std::string> Dump(store::Connection& c, const std::string& table, const std::string& columns,
                              const std::string& order, int blob_column = -1) {
  int n = 1;
  for (char ch : columns) n += ch == ',';
  auto st = c.Prepare("SELECT " + columns + " FROM " + table + " ORDER BY " + order);
  EXPECT_TRUE(st) << table;
  std::vector<std::string> out;
  if (!st) return out;
  for (;;) {
    auto row = st->Step();
    EXPECT_TRUE(row) << table;
    if (!row || !*row) break;
    std::string line;
    for (int i = 0; i < n; ++i) {
      line += st->IsNull(i) ? std::string("NULL") : "'" + (i == blob_column ? st->Blob(i) : st->Text(i)) + "'";
      line += '|';
    }
    out.push_back(std::move(line));
  }
  return out;
}

class VerificationStore : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto c = store::Connection::Open(database_.spec(), true);
      ASSERT_TRUE(c) << c.error().detail;
      auto applied = store::ApplyMigrations(**c);
      ASSERT_TRUE(applied) << applied.error().detail;
    }
    auto vendor = accounts_.EnsureOrganisation("ベンダーA株式会社", domain::OrgKind::kVendor, "test");
    ASSERT_TRUE(vendor);
    vendor_org_ = vendor->id;
    auto vendor_user = accounts_.CreateUser("v@example.jp", "x", vendor_org_, {domain::Role::kVendor}, "test");
    auto v1 = accounts_.CreateUser("ver1@example.jp", "x", std::nullopt, {domain::Role::kVerifier}, "test");
    auto v2 = accounts_.CreateUser("ver2@example.jp", "x", std::nullopt, {domain::Role::kVerifier}, "test");
    ASSERT_TRUE(vendor_user && v1 && v2);
    vendor_user_ = *vendor_user;
    v1_ = *v1;
    v2_ = *v2;
    // A selected application of part 1, through its own store.
    ASSERT_TRUE(programme_.Write([&](store::ProgrammeWriter& w) -> Status {
      domain::Call c;
      c.title = "2026年度 製品公募";
      auto call = w.InsertCall(c);
      if (!call) return Fail(call.error());
      call_ = *call;
      domain::Application a;
      a.call_id = call_;
      a.vendor_org_id = vendor_org_;
      a.created_by = vendor_user_;
      a.product = {"見える化ガード", "2.1", "ネットワークの脅威を可視化する。", {1, 3},
                   {domain::DeploymentForm::kSaas, domain::DeploymentForm::kAppliance}, "https://example.jp/guard"};
      a.outcome = domain::Outcome::kSelected;
      auto app = w.InsertApplication(a);
      if (!app) return Fail(app.error());
      app_ = *app;
      return {};
    }));
  }

  Status Write(const std::function<Status(VerificationWriter&)>& body) { return store_.Write(body); }

  // Reads with `body`, failing the test when the read fails.
  void Read(const std::function<void(VerificationReader&)>& body) {
    auto st = store_.Read([&](VerificationReader& r) -> Status {
      body(r);
      return {};
    });
    ASSERT_TRUE(st) << st.error().detail;
  }

  Verification Sample() const {
    Verification v;
    v.application_id = app_;
    v.verifier_ids = {v2_, v1_};
    v.summary = "検知率が高い。";
    VerificationItem a;
    a.title = "既知攻撃の検知";
    a.environment = "検証環境: Ubuntu 22.04, 1 Gbps";
    a.method = "攻撃トラフィックを再生する";
    a.expected = "95% 以上を検知";
    VerificationItem b;
    b.title = "誤検知率";
    v.items = {a, b};
    return v;
  }

  std::int64_t Insert(const Verification& v) {
    std::int64_t id = 0;
    auto st = Write([&](VerificationWriter& w) -> Status {
      auto r = w.InsertVerification(v);
      if (!r) return Fail(r.error());
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    return id;
  }

  Verification Find(std::int64_t id) {
    Verification out;
    Read([&](VerificationReader& r) {
      auto found = r.FindVerification(id);
      ASSERT_TRUE(found) << found.error().detail;
      ASSERT_TRUE(*found);
      out = **found;
    });
    return out;
  }

  // A verification with a product and its first report version.
  std::int64_t Publish(std::int64_t verification_id, const std::string& pdf) {
    std::int64_t product = 0;
    auto st = Write([&](VerificationWriter& w) -> Status {
      domain::PublishedProduct p;
      p.verification_id = verification_id;
      p.fiscal_year_verified = 2026;
      auto id = w.EnsureProduct(p);
      if (!id) return Fail(id.error());
      product = *id;
      return w.AppendReportVersion({product, 1, "", "", R"({"summary":"v1"})", Sha256Hex(R"({"summary":"v1"})")}, pdf);
    });
    EXPECT_TRUE(st) << st.error().detail;
    return product;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "verification.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{kT0};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlProgrammeStore programme_{pool_, clock_};
  store::SqlVerificationStore store_{pool_, clock_};
  std::int64_t vendor_org_ = 0, vendor_user_ = 0, v1_ = 0, v2_ = 0, call_ = 0, app_ = 0;
};

TEST_F(VerificationStore, AVerificationRoundTripsWithItsParts) {
  Verification v = Sample();
  v.items[0].result = ItemResult::kPass;
  v.items[0].metric = domain::Metric{"0.962", "rate", 816};
  v.items[0].notes = "816 件中 785 件";
  v.items[1].metric = domain::Metric{"-1.5", "%", std::nullopt};
  v.trial = domain::Trial{"製造業 A社, 従業員300名", "2026年1月〜3月", "本社", "誤検知が少ない", "使いやすい"};
  v.plan_agreed_at = "2026-11-30T10:00:00Z";
  const std::int64_t id = Insert(v);
  ASSERT_GT(id, 0);
  const Verification got = Find(id);
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.application_id, app_);
  EXPECT_EQ(got.vendor_org_id, vendor_org_);
  EXPECT_EQ(got.product_name, "見える化ガード");
  EXPECT_EQ(got.vendor, "ベンダーA株式会社");
  EXPECT_EQ(got.state, domain::VerificationState::kPlanning);
  EXPECT_EQ(got.verifier_ids, (std::vector<std::int64_t>{v2_, v1_})) << "in the order given";
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_GT(got.items[0].id, 0);
  EXPECT_EQ(got.items[0].title, "既知攻撃の検知");
  EXPECT_EQ(got.items[0].environment, v.items[0].environment);
  EXPECT_EQ(got.items[0].method, v.items[0].method);
  EXPECT_EQ(got.items[0].expected, v.items[0].expected);
  EXPECT_EQ(got.items[0].result, ItemResult::kPass);
  ASSERT_TRUE(got.items[0].metric);
  EXPECT_EQ(got.items[0].metric->value, "0.962") << "the decimal text as written";
  EXPECT_EQ(got.items[0].metric->unit, "rate");
  EXPECT_EQ(got.items[0].metric->sample_size, 816);
  EXPECT_EQ(got.items[0].notes, "816 件中 785 件");
  EXPECT_EQ(got.items[1].title, "誤検知率");
  EXPECT_EQ(got.items[1].result, std::nullopt);
  ASSERT_TRUE(got.items[1].metric);
  EXPECT_EQ(got.items[1].metric->value, "-1.5");
  EXPECT_EQ(got.items[1].metric->sample_size, std::nullopt);
  ASSERT_TRUE(got.trial);
  EXPECT_EQ(got.trial->organisation, "製造業 A社, 従業員300名");
  EXPECT_EQ(got.trial->period, "2026年1月〜3月");
  EXPECT_EQ(got.trial->scope, "本社");
  EXPECT_EQ(got.trial->findings, "誤検知が少ない");
  EXPECT_EQ(got.trial->user_comments, "使いやすい");
  EXPECT_EQ(got.summary, "検知率が高い。");
  EXPECT_EQ(got.created_at, "2026-12-01T00:00:00Z");
  EXPECT_EQ(got.updated_at, "2026-12-01T00:00:00Z");
  EXPECT_EQ(got.plan_agreed_at, "2026-11-30T10:00:00Z");
  EXPECT_EQ(got.submitted_at, "") << "NULL reads as empty";
  EXPECT_EQ(got.approved_at, "");
  EXPECT_EQ(got.published_versions, 0);

  Read([&](VerificationReader& r) {
    auto by_app = r.VerificationOfApplication(app_);
    ASSERT_TRUE(by_app && *by_app);
    EXPECT_EQ((*by_app)->id, id);
    EXPECT_EQ((*by_app)->items.size(), 2u);
    auto none = r.VerificationOfApplication(app_ + 100);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto missing = r.FindVerification(id + 100);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
    auto all = r.Verifications(std::nullopt);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0].verifier_ids.size(), 2u);
    auto mine = r.Verifications(v1_);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->size(), 1u);
    auto theirs = r.Verifications(vendor_user_);
    ASSERT_TRUE(theirs);
    EXPECT_TRUE(theirs->empty());
  });
}

TEST_F(VerificationStore, UpdateKeepsItemIdsAndDropsRemovedItemsLinks) {
  const std::int64_t id = Insert(Sample());
  Verification v = Find(id);
  ASSERT_EQ(v.items.size(), 2u);
  const std::int64_t first = v.items[0].id, second = v.items[1].id;
  std::int64_t e1 = 0, e2 = 0;
  const std::string bytes = PdfBytes('e');
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status {
    auto a = w.InsertEvidence(id, {0, 0, "capture.pdf", "application/pdf", 0, Sha256Hex(bytes), v1_, ""}, bytes);
    if (!a) return Fail(a.error());
    e1 = *a;
    auto b = w.InsertEvidence(id, {0, 0, "same.pdf", "application/pdf", 0, Sha256Hex(bytes), v2_, ""}, bytes);
    if (!b) return Fail(b.error());
    e2 = *b;
    return {};
  }));
  v.items[0].result = ItemResult::kPass;
  v.items[0].evidence_ids = {e1};
  v.items[1].result = ItemResult::kPartial;
  v.items[1].evidence_ids = {e2};
  v.strong_points = {{0, "既知攻撃をほぼ全て検知", {first}}, {0, "誤検知が少ない", {second, first}}};
  v.state = domain::VerificationState::kInProgress;
  clock_.Advance(60);
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(v); }));
  Verification got = Find(id);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].id, first);
  EXPECT_EQ(got.items[1].id, second);
  EXPECT_EQ(got.items[0].evidence_ids, (std::vector<std::int64_t>{e1}));
  EXPECT_EQ(got.items[1].evidence_ids, (std::vector<std::int64_t>{e2}));
  ASSERT_EQ(got.strong_points.size(), 2u);
  EXPECT_EQ(got.strong_points[0].text, "既知攻撃をほぼ全て検知");
  EXPECT_EQ(got.strong_points[0].item_ids, (std::vector<std::int64_t>{first}));
  EXPECT_EQ(got.strong_points[1].item_ids, (std::vector<std::int64_t>{first, second})) << "in plan order";
  EXPECT_EQ(got.state, domain::VerificationState::kInProgress);
  EXPECT_EQ(got.updated_at, "2026-12-01T00:01:00Z");
  EXPECT_EQ(got.created_at, "2026-12-01T00:00:00Z");

  // Drop the first item, add one before the second, drop the trial, and the verifiers but one.
  Verification next = got;
  VerificationItem added;
  added.title = "新しい項目";
  next.items = {added, got.items[1]};
  next.strong_points = {{0, "誤検知が少ない", {second}}};
  next.verifier_ids = {v1_};
  next.trial = domain::Trial{"某社", "", "", "", ""};
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(next); }));
  next.trial = std::nullopt;
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(next); }));
  got = Find(id);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].title, "新しい項目");
  EXPECT_GT(got.items[0].id, second) << "a new id";
  EXPECT_EQ(got.items[1].id, second) << "kept";
  EXPECT_EQ(got.items[1].evidence_ids, (std::vector<std::int64_t>{e2}));
  EXPECT_TRUE(got.items[0].evidence_ids.empty());
  ASSERT_EQ(got.strong_points.size(), 1u);
  EXPECT_EQ(got.strong_points[0].item_ids, (std::vector<std::int64_t>{second}));
  EXPECT_EQ(got.verifier_ids, (std::vector<std::int64_t>{v1_}));
  EXPECT_FALSE(got.trial) << "nullopt deletes it";
  Read([&](VerificationReader& r) {
    auto evidence = r.Evidence(id);
    ASSERT_TRUE(evidence);
    ASSERT_EQ(evidence->size(), 2u) << "the removed item's evidence stays, unlinked";
    EXPECT_EQ((*evidence)[0].id, e1);
    EXPECT_EQ((*evidence)[0].application_id, id);
    EXPECT_EQ((*evidence)[0].filename, "capture.pdf");
    EXPECT_EQ((*evidence)[0].size, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ((*evidence)[0].sha256, Sha256Hex(bytes));
    EXPECT_EQ((*evidence)[0].uploaded_by, v1_);
    EXPECT_EQ((*evidence)[0].uploaded_at, "2026-12-01T00:00:00Z");
    // One file by its id (the pages' and the API's download), its verification in application_id.
    auto one = r.FindEvidence(e2);
    ASSERT_TRUE(one);
    ASSERT_TRUE(*one);
    EXPECT_EQ((*one)->id, e2);
    EXPECT_EQ((*one)->application_id, id);
    EXPECT_EQ((*one)->filename, "same.pdf");
    EXPECT_EQ((*one)->uploaded_by, v2_);
    auto none = r.FindEvidence(e2 + 1000);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
  });
  auto c = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(c);
  EXPECT_EQ(Dump(**c, "verification_items", "id", "id").size(), 2u) << "the removed item's row is gone";
  EXPECT_EQ(Dump(**c, "attachment_blobs", "sha256", "sha256").size(), 1u) << "the bytes once";
  auto blob = Dump(**c, "attachment_blobs", "content", "sha256", 0);
  ASSERT_EQ(blob.size(), 1u);
  EXPECT_EQ(blob[0], "'" + bytes + "'|");

  // An item of another verification, a strong point citing a foreign item: refused, nothing kept.
  Verification ghost = got;
  ghost.items[1].id = 999999;
  auto missing = Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(ghost); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Verification foreign = got;
  foreign.strong_points = {{0, "x", {999999}}};
  auto refused = Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(foreign); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Find(id).items.size(), 2u);
  EXPECT_EQ(Find(id).strong_points.size(), 1u);
  Verification unknown = got;
  unknown.id = id + 100;
  auto none = Write([&](VerificationWriter& w) -> Status { return w.UpdateVerification(unknown); });
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_F(VerificationStore, ProductsAndReportVersionsRoundTripAndAreImmutable) {
  const std::int64_t id = Insert(Sample());
  const std::string pdf1 = PdfBytes('a');
  const std::int64_t product = Publish(id, pdf1);
  ASSERT_GT(product, 0);
  std::int64_t again = 0;
  clock_.Advance(86400);
  const std::string pdf2 = PdfBytes('b');
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status {
    domain::PublishedProduct p;
    p.verification_id = id;
    p.fiscal_year_verified = 2027;
    auto existing = w.EnsureProduct(p);
    if (!existing) return Fail(existing.error());
    again = *existing;
    return w.AppendReportVersion({product, 2, "", "数値の誤記を訂正", R"({"summary":"v2"})", "abc"}, pdf2);
  }));
  EXPECT_EQ(again, product) << "the existing product";
  Read([&](VerificationReader& r) {
    auto p = r.FindProduct(product);
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->verification_id, id);
    EXPECT_EQ((*p)->application_id, app_);
    EXPECT_EQ((*p)->call_id, call_);
    EXPECT_EQ((*p)->name, "見える化ガード");
    EXPECT_EQ((*p)->version, "2.1");
    EXPECT_EQ((*p)->overview, "ネットワークの脅威を可視化する。");
    EXPECT_EQ((*p)->vendor_org_id, vendor_org_);
    EXPECT_EQ((*p)->vendor, "ベンダーA株式会社");
    EXPECT_EQ((*p)->field_ids, (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ((*p)->deployment, (std::vector<std::string>{"saas", "appliance"}));
    EXPECT_EQ((*p)->homepage, "https://example.jp/guard");
    EXPECT_EQ((*p)->fiscal_year_verified, 2026) << "the first publication's";
    EXPECT_EQ((*p)->latest_version, 2);
    EXPECT_EQ((*p)->first_published_at, "2026-12-01T00:00:00Z");
    auto none = r.FindProduct(product + 100);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto all = r.Products();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0].id, product);
    auto versions = r.ReportVersions(product);
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].version, 1) << "oldest first";
    EXPECT_EQ((*versions)[0].published_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*versions)[0].reason, "");
    EXPECT_EQ((*versions)[0].content, R"({"summary":"v1"})");
    EXPECT_EQ((*versions)[0].sha256, Sha256Hex(R"({"summary":"v1"})"));
    EXPECT_EQ((*versions)[1].version, 2);
    EXPECT_EQ((*versions)[1].product_id, product);
    EXPECT_EQ((*versions)[1].published_at, "2026-12-02T00:00:00Z");
    EXPECT_EQ((*versions)[1].reason, "数値の誤記を訂正");
    auto first = r.ReportPdf(product, 1);
    ASSERT_TRUE(first && *first);
    EXPECT_EQ(**first, pdf1);
    auto second = r.ReportPdf(product, 2);
    ASSERT_TRUE(second && *second);
    EXPECT_EQ(**second, pdf2);
    auto third = r.ReportPdf(product, 3);
    ASSERT_TRUE(third);
    EXPECT_FALSE(*third);
  });
  EXPECT_EQ(Find(id).published_versions, 2);

  // Version 2 again: refused, and nothing of that write is kept (not even its blob).
  const std::string pdf3 = PdfBytes('c');
  auto twice = Write([&](VerificationWriter& w) -> Status {
    return w.AppendReportVersion({product, 2, "", "again", "{}", "def"}, pdf3);
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  auto c = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(c);
  EXPECT_EQ(Dump(**c, "report_versions", "version, reason", "version"),
            (std::vector<std::string>{"'1'|''|", "'2'|'数値の誤記を訂正'|"}));
  EXPECT_EQ(Dump(**c, "attachment_blobs", "sha256", "sha256").size(), 2u);

  // Raw edits are refused by the database itself.
  for (const char* sql : {"UPDATE report_versions SET content = 'forged' WHERE version = 1",
                          "DELETE FROM report_versions WHERE version = 1"}) {
    auto st = (*c)->Prepare(sql);
    if (st) {
      EXPECT_FALSE(st->Run()) << sql;
    }
  }
  EXPECT_EQ(Dump(**c, "report_versions", "content", "version")[0], R"('{"summary":"v1"}'|)");
}

TEST_F(VerificationStore, DownloadsAreCountedPerMonthOutsideTheWindow) {
  const std::int64_t product = Publish(Insert(Sample()), PdfBytes('a'));
  constexpr std::int64_t kWindow = 1800;
  auto count = [&](const std::string& client, std::int64_t at, int version = 1) {
    bool counted = false;
    auto st = Write([&](VerificationWriter& w) -> Status {
      auto r = w.CountDownload(product, version, client, at, kWindow);
      if (!r) return Fail(r.error());
      counted = *r;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    return counted;
  };
  const std::int64_t late_nov = 1796083200 - 3600;  // 2026-11-30T23:00:00Z
  EXPECT_TRUE(count("alice", late_nov));
  EXPECT_FALSE(count("alice", late_nov + 600)) << "within the window";
  EXPECT_TRUE(count("bob", late_nov + 600)) << "another client";
  EXPECT_FALSE(count("alice", late_nov + 600 + kWindow - 1)) << "the window runs from the last request";
  EXPECT_TRUE(count("alice", late_nov + 600 + 2 * kWindow)) << "past the window, in December";
  Read([&](VerificationReader& r) {
    auto counts = r.DownloadCounts();
    ASSERT_TRUE(counts);
    ASSERT_EQ(counts->size(), 2u);
    EXPECT_EQ((*counts)[0].product_id, product);
    EXPECT_EQ((*counts)[0].version, 1);
    EXPECT_EQ((*counts)[0].month, "2026-11");
    EXPECT_EQ((*counts)[0].count, 2);
    EXPECT_EQ((*counts)[1].month, "2026-12");
    EXPECT_EQ((*counts)[1].count, 1);
  });
}

TEST_F(VerificationStore, CopyCarriesEveryTable) {
  Verification v = Sample();
  v.trial = domain::Trial{"某社", "2026年", "全社", "良好", "満足"};
  v.items[0].metric = domain::Metric{"0.5", "rate", 10};
  v.items[0].result = ItemResult::kPass;
  v.items[0].kind = domain::ItemKind::kWafEffectiveness;
  v.items[0].waf_target = "http://waf.example.jp/";
  v.items[0].waf_summary = R"({"grade":"B"})";
  const std::int64_t id = Insert(v);
  Verification got = Find(id);
  const std::string bytes = PdfBytes('e');
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status {
    auto e = w.InsertEvidence(id, {0, 0, "e.png", "image/png", 0, Sha256Hex(bytes), v1_, ""}, bytes);
    if (!e) return Fail(e.error());
    domain::WafRun run;
    run.verification_id = id;
    run.item_id = got.items[0].id;
    run.requested_by = v1_;
    auto run_id = w.InsertWafRun(run);
    if (!run_id) return Fail(run_id.error());
    run.id = *run_id;
    run.state = domain::WafRunState::kDone;
    run.started_at = run.finished_at = w.Now();
    run.evidence_id = *e;
    run.progress_done = run.progress_total = 5983;
    run.grade = "B";
    run.balanced_accuracy = "0.851";
    if (auto st = w.UpdateWafRun(run); !st) return st;
    got.items[0].evidence_ids = {*e};
    got.strong_points = {{0, "強み", {got.items[0].id}}};
    if (auto st = w.UpdateVerification(got); !st) return st;
    return w.Audit(store::AuditRecord("test", domain::AuditAction::kCallCreate).On("verification", id));
  }));
  const std::int64_t product = Publish(id, PdfBytes('a'));
  ASSERT_TRUE(Write([&](VerificationWriter& w) -> Status {
    auto r = w.CountDownload(product, 1, "alice", kT0, 60);
    if (!r) return Fail(r.error());
    return {};
  }));
  auto src = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(src);
  testing::TestDatabase destination(dir_, "copy.db");
  auto dst = store::Connection::Open(destination.spec(), true);
  ASSERT_TRUE(dst);
  ASSERT_TRUE(store::ApplyMigrations(**dst));
  auto report = store::CopyRegistry(**src, **dst);
  ASSERT_TRUE(report) << report.error().message << " " << report.error().detail;

  const std::vector<std::tuple<std::string, std::string, std::string, int>> tables = {
      {"verifications", "id, application_id, state, summary, correction_reason, vendor_comments, created_at, "
                        "updated_at, plan_agreed_at, submitted_at, approved_at", "id", -1},
      {"verification_verifiers", "verification_id, user_id, position", "verification_id, user_id", -1},
      {"verification_items", "id, verification_id, position, title, environment, method, expected, result, "
                             "metric_value, metric_unit, metric_sample_size, notes, waf_summary, kind, waf_target", "id", -1},
      {"evidence", "id, verification_id, item_id, filename, content_type, size, sha256, uploaded_by, uploaded_at",
       "id", -1},
      {"waf_runs", "id, verification_id, item_id, state, requested_by, requested_at, started_at, finished_at, error, "
                   "evidence_id, progress_done, progress_total, grade, balanced_accuracy", "id", -1},
      {"strong_points", "id, verification_id, position, text", "id", -1},
      {"strong_point_items", "strong_point_id, item_id", "strong_point_id, item_id", -1},
      {"trials", "verification_id, organisation, period, scope, findings, user_comments", "verification_id", -1},
      {"products", "id, verification_id, fiscal_year_verified, first_published_at", "id", -1},
      {"report_versions", "product_id, version, published_at, reason, content, sha256, pdf_sha256",
       "product_id, version", -1},
      {"report_downloads", "product_id, version, month, count", "product_id, version, month", -1},
      {"download_clients", "product_id, version, client_hash, last_at", "product_id, version, client_hash", -1},
      {"attachment_blobs", "sha256, size, content", "sha256", 2},
  };
  for (const auto& [table, columns, order, blob] : tables) {
    const auto here = Dump(**src, table, columns, order, blob);
    EXPECT_FALSE(here.empty()) << table << ": the test puts a row in every table";
    EXPECT_EQ(Dump(**dst, table, columns, order, blob), here) << table;
  }

  store::ConnectionPool pool(destination.spec(), false);
  store::SqlVerificationStore copied(pool, clock_);
  ASSERT_TRUE(copied.Read([&](VerificationReader& r) -> Status {
    auto pdf = r.ReportPdf(product, 1);
    if (!pdf) return Fail(pdf.error());
    EXPECT_TRUE(*pdf && **pdf == PdfBytes('a'));
    auto found = r.FindVerification(id);
    if (!found) return Fail(found.error());
    EXPECT_TRUE(*found && (*found)->published_versions == 1);
    return {};
  }));
  // Ids continue after the copied ones.
  std::int64_t next_item = 0;
  ASSERT_TRUE(copied.Write([&](VerificationWriter& w) -> Status {
    auto found = w.FindVerification(id);
    if (!found) return Fail(found.error());
    Verification more = **found;
    VerificationItem added;
    added.title = "追加";
    more.items.push_back(added);
    if (auto st = w.UpdateVerification(more); !st) return st;
    auto reread = w.FindVerification(id);
    if (!reread) return Fail(reread.error());
    next_item = (*reread)->items.back().id;
    return {};
  }));
  EXPECT_GT(next_item, got.items.back().id);
}

}  // namespace
}  // namespace proven
