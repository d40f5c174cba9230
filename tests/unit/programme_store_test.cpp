// The programme's store (store/programme/programme_store.hpp) on SQLite and, under the pg.unit
// label, PostgreSQL: every record written and read back as it was, the orderings the header
// promises, NULL ↔ "" for absent times, replace semantics, and a failed Write leaving nothing.
// Also the SQL layer's binary content (BindBlob / Blob) on both databases.
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
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Application;
using domain::Call;
using domain::Field;
using store::ProgrammeReader;
using store::ProgrammeWriter;

constexpr std::int64_t kT0 = 1796083200;  // 2026-12-01T00:00:00Z

std::string AllBytes() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  bytes += std::string("\0\0\xff\xfe\\x00\\\\", 10);
  return bytes;
}

// ---- The SQL layer's blobs ------------------------------------------------------------------------

class StoreBlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(database_.spec(), true);
    ASSERT_TRUE(c) << c.error().detail;
    conn_ = std::move(*c);
    auto applied = store::ApplyMigrations(*conn_);
    ASSERT_TRUE(applied) << applied.error().detail;
  }
  // Writes `bytes` into attachment_blobs and reads them back, through a fresh connection too.
  void RoundTrip(const std::string& key, const std::string& bytes) {
    auto ins = conn_->Prepare("INSERT INTO attachment_blobs (sha256, size, content) VALUES (?, ?, ?)");
    ASSERT_TRUE(ins) << ins.error().detail;
    ins->Bind(1, key).Bind(2, static_cast<std::int64_t>(bytes.size())).BindBlob(3, bytes);
    ASSERT_TRUE(ins->Run());
    for (int pass = 0; pass < 2; ++pass) {
      auto other = store::Connection::Open(database_.spec(), false);
      ASSERT_TRUE(other);
      store::Connection& c = pass == 0 ? *conn_ : **other;
      auto sel = c.Prepare("SELECT content, size FROM attachment_blobs WHERE sha256 = ?");
      ASSERT_TRUE(sel) << sel.error().detail;
      sel->Bind(1, key);
      auto row = sel->Step();
      ASSERT_TRUE(row && *row);
      EXPECT_FALSE(sel->IsNull(0)) << "empty content is not NULL";
      EXPECT_EQ(sel->Blob(0), bytes);
      EXPECT_EQ(sel->Int(1), static_cast<std::int64_t>(bytes.size()));
    }
  }
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "blobs.db"};
  std::unique_ptr<store::Connection> conn_;
};

TEST_F(StoreBlobs, ArbitraryBytesIncludingNulAndFFRoundTrip) {
  RoundTrip("all", AllBytes());
  RoundTrip("nul", std::string(1, '\0'));
  RoundTrip("ff", std::string(3, '\xff'));
  RoundTrip("empty", "");
  RoundTrip("hexlike", "\\x414243");  // text that looks like PostgreSQL's hex form stays as given
  std::string big(300000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) & 0xff);
  RoundTrip("big", big);
}

TEST_F(StoreBlobs, BlobOfANullColumnIsEmpty) {
  auto st = conn_->Prepare("SELECT NULL");
  ASSERT_TRUE(st);
  ASSERT_TRUE(st->Step());
  EXPECT_TRUE(st->IsNull(0));
  EXPECT_EQ(st->Blob(0), "");
}

// ---- The programme store --------------------------------------------------------------------------

class ProgrammeStore : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto c = store::Connection::Open(database_.spec(), true);
      ASSERT_TRUE(c) << c.error().detail;
      auto applied = store::ApplyMigrations(**c);
      ASSERT_TRUE(applied) << applied.error().detail;
    }
    auto vendor = accounts_.EnsureOrganisation("ベンダーA株式会社", domain::OrgKind::kVendor, "test");
    auto other = accounts_.EnsureOrganisation("ベンダーB合同会社", domain::OrgKind::kVendor, "test");
    auto uni = accounts_.EnsureOrganisation("某大学", domain::OrgKind::kUserCompany, "test");
    ASSERT_TRUE(vendor && other && uni);
    vendor_org_ = vendor->id;
    other_org_ = other->id;
    uni_org_ = uni->id;
    auto admin = accounts_.CreateUser("admin@example.jp", "x", std::nullopt, {domain::Role::kAdmin}, "test");
    auto vendor_user = accounts_.CreateUser("v@example.jp", "x", vendor_org_, {domain::Role::kVendor}, "test");
    auto r1 = accounts_.CreateUser("r1@example.jp", "x", uni_org_,
                                   {domain::Role::kUser, domain::Role::kReviewer}, "test");
    auto r2 = accounts_.CreateUser("r2@example.jp", "x", other_org_, {domain::Role::kReviewer}, "test");
    ASSERT_TRUE(admin && vendor_user && r1 && r2);
    admin_ = *admin;
    vendor_user_ = *vendor_user;
    r1_ = *r1;
    r2_ = *r2;
  }

  Status Write(const std::function<Status(ProgrammeWriter&)>& body) { return store_.Write(body); }

  // Reads with `body`, failing the test when the read fails.
  void Read(const std::function<void(ProgrammeReader&)>& body) {
    auto st = store_.Read([&](ProgrammeReader& r) -> Status {
      body(r);
      return {};
    });
    ASSERT_TRUE(st) << st.error().detail;
  }

  std::int64_t AuditCount() {
    auto c = store::Connection::Open(database_.spec(), false);
    auto st = (*c)->Prepare("SELECT COUNT(*) FROM audit_log");
    EXPECT_TRUE(st && st->Step());
    return st->Int(0);
  }

  static Call SampleCall() {
    Call c;
    c.title = "2026年度 製品公募";
    c.description = "公募要領: 重要分野の製品を募集します。";
    c.eligibility = "国内に拠点を持つ事業者";
    c.field_ids = {3, 1};
    c.opens_at = kT0 + 86400;
    c.closes_at = kT0 + 30 * 86400;
    c.quorum = 3;
    c.questions = {{0, domain::QuestionKind::kText, "製品の独自性を説明してください", {}, true},
                   {0, domain::QuestionKind::kSingleChoice, "提供形態", {"SaaS", "オンプレミス"}, false},
                   {0, domain::QuestionKind::kMultipleChoice, "対応 OS", {"Windows", "Linux", "macOS"}, true},
                   {0, domain::QuestionKind::kFile, "製品資料 (PDF)", {}, false}};
    c.criteria = {{0, "独自性", "他にない特長があるか", 3},
                  {0, "重要分野への該当度合", "重要分野に当てはまるか", 2},
                  {0, "市場性", "", 1}};
    return c;
  }

  // Inserts `c`, returning it as stored (ids filled).
  Call InsertCall(const Call& c) {
    std::int64_t id = 0;
    auto st = Write([&](ProgrammeWriter& w) -> Status {
      auto r = w.InsertCall(c);
      if (!r) return Fail(r.error());
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    Call out;
    Read([&](ProgrammeReader& r) {
      auto found = r.FindCall(id);
      ASSERT_TRUE(found && *found);
      out = **found;
    });
    return out;
  }

  Application SampleApplication(std::int64_t call_id) const {
    Application a;
    a.call_id = call_id;
    a.vendor_org_id = vendor_org_;
    a.created_by = vendor_user_;
    a.product = {"見える化ガード", "2.1", "ネットワークの脅威を可視化する。", {1, 3},
                 {domain::DeploymentForm::kSaas, domain::DeploymentForm::kAppliance}, "https://example.jp/guard"};
    return a;
  }

  std::int64_t InsertApplication(const Application& a) {
    std::int64_t id = 0;
    auto st = Write([&](ProgrammeWriter& w) -> Status {
      auto r = w.InsertApplication(a);
      if (!r) return Fail(r.error());
      id = *r;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    return id;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "programme.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{kT0};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlProgrammeStore store_{pool_, clock_};
  std::int64_t vendor_org_ = 0, other_org_ = 0, uni_org_ = 0;
  std::int64_t admin_ = 0, vendor_user_ = 0, r1_ = 0, r2_ = 0;
};

TEST_F(ProgrammeStore, TheSevenFieldsAreSeededWithTheirCreatedEvents) {
  Read([&](ProgrammeReader& r) {
    auto fields = r.Fields();
    ASSERT_TRUE(fields) << fields.error().detail;
    const std::vector<std::string> names = {"脅威の可視化",
                                            "脆弱性の可視化",
                                            "IT資産管理",
                                            "脅威インテリジェンスの整理・管理",
                                            "マルウェア感染/被害の重篤度判定",
                                            "教育・トレーニング",
                                            "ハイレベルセキュリティ検証"};
    ASSERT_EQ(fields->size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      const Field& f = (*fields)[i];
      EXPECT_EQ(f.id, static_cast<std::int64_t>(i + 1));
      EXPECT_EQ(f.name_ja, names[i]);
      EXPECT_FALSE(f.name_en.empty());
      EXPECT_FALSE(f.description.empty());
      EXPECT_FALSE(f.rationale.empty());
      EXPECT_EQ(f.status, domain::FieldStatus::kActive);
      EXPECT_EQ(f.reviewed_fy, 2020);
      EXPECT_EQ(f.updated_at.size(), 20u) << f.updated_at;
      EXPECT_EQ(f.updated_at.back(), 'Z');
    }
    EXPECT_EQ((*fields)[0].name_en, "Threat visibility");
    EXPECT_EQ((*fields)[6].name_en, "High-level security verification");
    auto history = r.FieldHistory();
    ASSERT_TRUE(history) << history.error().detail;
    ASSERT_EQ(history->size(), 7u);
    for (std::size_t i = 0; i < 7; ++i) {
      const auto& e = (*history)[i];
      EXPECT_EQ(e.field_id, static_cast<std::int64_t>(7 - i)) << "newest first, ties by id";
      EXPECT_EQ(e.kind, domain::FieldEventKind::kCreated);
      EXPECT_EQ(e.field_name_ja, names[6 - i]);
      EXPECT_EQ(e.detail, "{}");
    }
  });
}

TEST_F(ProgrammeStore, FieldsRoundTripAndHistoryIsNewestFirstWithTheCurrentName) {
  Field f;
  f.name_ja = "認証・アクセス管理";
  f.name_en = "Identity and access management";
  f.description = "説明";
  f.rationale = "市場が大きい";
  std::int64_t id = 0;
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    EXPECT_EQ(w.Now(), "2026-12-01T00:00:00Z");
    EXPECT_EQ(w.NowUnix(), kT0);
    auto r = w.InsertField(f);
    if (!r) return Fail(r.error());
    id = *r;
    return w.AddFieldEvent(id, domain::FieldEventKind::kCreated, "");
  }));
  EXPECT_EQ(id, 8);
  Read([&](ProgrammeReader& r) {
    auto got = r.FindField(id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->name_ja, f.name_ja);
    EXPECT_EQ((*got)->name_en, f.name_en);
    EXPECT_EQ((*got)->description, "説明");
    EXPECT_EQ((*got)->rationale, "市場が大きい");
    EXPECT_EQ((*got)->reviewed_fy, std::nullopt) << "NULL stays absent";
    EXPECT_EQ((*got)->updated_at, "2026-12-01T00:00:00Z");
    auto none = r.FindField(999);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
  });
  clock_.Advance(3600);
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    Field changed = f;
    changed.id = id;
    changed.name_ja = "ID管理";
    changed.status = domain::FieldStatus::kRetired;
    changed.reviewed_fy = 2026;
    if (auto st = w.UpdateField(changed); !st) return st;
    return w.AddFieldEvent(id, domain::FieldEventKind::kRetired, R"({"changed":{"status":{"before":"active","after":"retired"}}})");
  }));
  auto missing = Write([&](ProgrammeWriter& w) -> Status {
    Field ghost = f;
    ghost.id = 999;
    return w.UpdateField(ghost);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Read([&](ProgrammeReader& r) {
    auto got = r.FindField(id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->name_ja, "ID管理");
    EXPECT_EQ((*got)->status, domain::FieldStatus::kRetired);
    EXPECT_EQ((*got)->reviewed_fy, 2026);
    EXPECT_EQ((*got)->updated_at, "2026-12-01T01:00:00Z");
    auto all = r.FieldHistory();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 9u);
    // The seeded fields' events carry the real time of the migration, which may be later than this
    // test's clock: look at this field's own events (newest first) only.
    auto history = std::make_optional(std::vector<domain::FieldEvent>{});
    for (const auto& e : *all) {
      if (e.field_id == id) history->push_back(e);
    }
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].kind, domain::FieldEventKind::kRetired);
    EXPECT_EQ((*history)[0].at, "2026-12-01T01:00:00Z");
    EXPECT_EQ((*history)[0].field_name_ja, "ID管理");
    EXPECT_EQ((*history)[0].detail, R"({"changed":{"status":{"before":"active","after":"retired"}}})");
    EXPECT_EQ((*history)[1].kind, domain::FieldEventKind::kCreated);
    EXPECT_EQ((*history)[1].field_name_ja, "ID管理") << "the field's current name";
    EXPECT_GT((*history)[0].id, (*history)[1].id);
  });
}

TEST_F(ProgrammeStore, ACallRoundTripsWithItsFieldsQuestionsAndCriteriaInOrder) {
  const Call c = SampleCall();
  const Call got = InsertCall(c);
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.title, c.title);
  EXPECT_EQ(got.description, c.description);
  EXPECT_EQ(got.eligibility, c.eligibility);
  EXPECT_EQ(got.field_ids, (std::vector<std::int64_t>{3, 1})) << "in the order given";
  EXPECT_EQ(got.opens_at, c.opens_at);
  EXPECT_EQ(got.closes_at, c.closes_at);
  EXPECT_EQ(got.quorum, 3);
  EXPECT_EQ(got.stored_state, domain::CallState::kDraft);
  EXPECT_EQ(got.created_at, "2026-12-01T00:00:00Z");
  EXPECT_EQ(got.opened_at, "");
  EXPECT_EQ(got.decided_at, "");
  ASSERT_EQ(got.questions.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_GT(got.questions[i].id, 0);
    EXPECT_EQ(got.questions[i].kind, c.questions[i].kind);
    EXPECT_EQ(got.questions[i].prompt, c.questions[i].prompt);
    EXPECT_EQ(got.questions[i].options, c.questions[i].options);
    EXPECT_EQ(got.questions[i].required, c.questions[i].required);
  }
  ASSERT_EQ(got.criteria.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_GT(got.criteria[i].id, 0);
    EXPECT_EQ(got.criteria[i].name, c.criteria[i].name);
    EXPECT_EQ(got.criteria[i].description, c.criteria[i].description);
    EXPECT_EQ(got.criteria[i].weight, c.criteria[i].weight);
  }
  // Without dates: NULL ↔ nullopt.
  Call bare;
  bare.title = "下書き";
  const Call bare_got = InsertCall(bare);
  EXPECT_EQ(bare_got.opens_at, std::nullopt);
  EXPECT_EQ(bare_got.closes_at, std::nullopt);
  EXPECT_TRUE(bare_got.field_ids.empty() && bare_got.questions.empty() && bare_got.criteria.empty());
  EXPECT_EQ(bare_got.quorum, domain::kDefaultQuorum);
  Read([&](ProgrammeReader& r) {
    auto missing = r.FindCall(999);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
  });
}

TEST_F(ProgrammeStore, CallsAreNewestFirstAndDraftsOnlyOnRequest) {
  Call open = SampleCall();
  open.stored_state = domain::CallState::kOpen;
  open.opened_at = "2026-12-01T00:00:00Z";
  Call decided = SampleCall();
  decided.stored_state = domain::CallState::kDecided;
  decided.opened_at = "2025-06-01T00:00:00Z";
  decided.decided_at = "2025-09-01T00:00:00Z";
  const Call a = InsertCall(decided);
  const Call b = InsertCall(SampleCall());  // a draft
  const Call c = InsertCall(open);
  EXPECT_EQ(a.decided_at, "2025-09-01T00:00:00Z");
  EXPECT_EQ(c.opened_at, "2026-12-01T00:00:00Z");
  Read([&](ProgrammeReader& r) {
    auto all = r.Calls(true);
    ASSERT_TRUE(all) << all.error().detail;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, c.id);
    EXPECT_EQ((*all)[1].id, b.id);
    EXPECT_EQ((*all)[2].id, a.id);
    EXPECT_EQ((*all)[0].criteria.size(), 3u) << "with their parts";
    EXPECT_EQ((*all)[2].questions.size(), 4u);
    EXPECT_EQ((*all)[1].field_ids, (std::vector<std::int64_t>{3, 1}));
    auto published = r.Calls(false);
    ASSERT_TRUE(published);
    ASSERT_EQ(published->size(), 2u);
    EXPECT_EQ((*published)[0].id, c.id);
    EXPECT_EQ((*published)[1].id, a.id);
    EXPECT_EQ((*published)[1].stored_state, domain::CallState::kDecided);
  });
}

TEST_F(ProgrammeStore, UpdateCallReplacesTheRowAndFieldsAndQuestionsAndCriteriaOnlyWhenAsked) {
  const Call before = InsertCall(SampleCall());
  // An open call's edit: text, dates and fields change; questions and criteria stay (same ids).
  Call edit = before;
  edit.title = "改題";
  edit.closes_at = *before.closes_at + 86400;
  edit.opens_at.reset();
  edit.field_ids = {2};
  edit.quorum = 1;
  edit.stored_state = domain::CallState::kOpen;
  edit.opened_at = "2026-12-01T00:00:00Z";
  edit.questions = {};  // ignored without replacing
  edit.criteria = {{0, "ignored", "", 7}};
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) { return w.UpdateCall(edit, false); }));
  Read([&](ProgrammeReader& r) {
    auto got = r.FindCall(before.id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->title, "改題");
    EXPECT_EQ((*got)->opens_at, std::nullopt);
    EXPECT_EQ((*got)->closes_at, *before.closes_at + 86400);
    EXPECT_EQ((*got)->field_ids, (std::vector<std::int64_t>{2}));
    EXPECT_EQ((*got)->quorum, 1);
    EXPECT_EQ((*got)->stored_state, domain::CallState::kOpen);
    EXPECT_EQ((*got)->opened_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*got)->created_at, before.created_at);
    ASSERT_EQ((*got)->questions.size(), before.questions.size());
    EXPECT_EQ((*got)->questions[0].id, before.questions[0].id);
    ASSERT_EQ((*got)->criteria.size(), before.criteria.size());
    EXPECT_EQ((*got)->criteria[2].id, before.criteria[2].id);
    EXPECT_EQ((*got)->criteria[0].weight, 3);
  });
  // A draft's edit: questions and criteria replaced as a whole, with new ids.
  Call draft = before;
  draft.questions = {{0, domain::QuestionKind::kText, "ただ一つの質問", {}, false}};
  draft.criteria = {{0, "技術的完成度", "完成しているか", 5}, {0, "独自性", "", 1}};
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) { return w.UpdateCall(draft, true); }));
  Read([&](ProgrammeReader& r) {
    auto got = r.FindCall(before.id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->title, before.title);
    EXPECT_EQ((*got)->field_ids, (std::vector<std::int64_t>{3, 1}));
    ASSERT_EQ((*got)->questions.size(), 1u);
    EXPECT_EQ((*got)->questions[0].prompt, "ただ一つの質問");
    EXPECT_GT((*got)->questions[0].id, before.questions.back().id) << "new ids";
    ASSERT_EQ((*got)->criteria.size(), 2u);
    EXPECT_EQ((*got)->criteria[0].name, "技術的完成度");
    EXPECT_EQ((*got)->criteria[0].weight, 5);
    EXPECT_EQ((*got)->criteria[1].name, "独自性");
    EXPECT_GT((*got)->criteria[0].id, before.criteria.back().id);
  });
  auto missing = Write([&](ProgrammeWriter& w) {
    Call ghost = draft;
    ghost.id = 999;
    return w.UpdateCall(ghost, true);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ProgrammeStore, ApplicationsRoundTripWithAnswersAndOutcomeAndFilters) {
  const Call call = InsertCall(SampleCall());
  const Call other_call = InsertCall(SampleCall());
  Application a = SampleApplication(call.id);
  a.answers = {{call.questions[0].id, std::string("独自の検知方式")},
               {call.questions[2].id, std::vector<std::string>{"Windows", "Linux"}},
               {call.questions[3].id, std::int64_t{42}}};
  const std::int64_t id = InsertApplication(a);
  Application b = SampleApplication(call.id);
  b.vendor_org_id = other_org_;
  b.product.name = "B製品";
  const std::int64_t id_b = InsertApplication(b);
  const std::int64_t id_c = InsertApplication(SampleApplication(other_call.id));
  Read([&](ProgrammeReader& r) {
    auto got = r.FindApplication(id);
    ASSERT_TRUE(got && *got) << (got ? "" : got.error().detail);
    const Application& x = **got;
    EXPECT_EQ(x.call_id, call.id);
    EXPECT_EQ(x.vendor_org_id, vendor_org_);
    EXPECT_EQ(x.vendor, "ベンダーA株式会社");
    EXPECT_EQ(x.created_by, vendor_user_);
    EXPECT_EQ(x.state, domain::ApplicationState::kDraft);
    EXPECT_EQ(x.product.name, a.product.name);
    EXPECT_EQ(x.product.version, "2.1");
    EXPECT_EQ(x.product.overview, a.product.overview);
    EXPECT_EQ(x.product.field_ids, (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(x.product.deployment, a.product.deployment);
    EXPECT_EQ(x.product.homepage, a.product.homepage);
    EXPECT_EQ(x.answers, a.answers);
    EXPECT_EQ(x.outcome, std::nullopt);
    EXPECT_EQ(x.rationale, "");
    EXPECT_EQ(x.created_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ(x.updated_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ(x.submitted_at, "");
    EXPECT_EQ(x.withdrawn_at, "");
    EXPECT_EQ(x.decided_at, "");

    auto ids = [&](const store::ApplicationFilter& f) {
      std::vector<std::int64_t> out;
      auto list = r.Applications(f);
      EXPECT_TRUE(list) << list.error().detail;
      if (list) {
        for (const auto& e : *list) out.push_back(e.id);
      }
      return out;
    };
    EXPECT_EQ(ids({}), (std::vector<std::int64_t>{id, id_b, id_c}));
    EXPECT_EQ(ids({call.id, std::nullopt, std::nullopt}), (std::vector<std::int64_t>{id, id_b}));
    EXPECT_EQ(ids({std::nullopt, vendor_org_, std::nullopt}), (std::vector<std::int64_t>{id, id_c}));
    EXPECT_EQ(ids({call.id, vendor_org_, std::nullopt}), (std::vector<std::int64_t>{id}));
    EXPECT_EQ(ids({std::nullopt, std::nullopt, domain::ApplicationState::kSubmitted}), (std::vector<std::int64_t>{}));
    auto missing = r.FindApplication(999);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
  });
  // Submitted, then decided: every column replaced; created_at kept, updated_at the write's time.
  clock_.Advance(60);
  Application changed = SampleApplication(call.id);
  changed.id = id;
  changed.state = domain::ApplicationState::kSubmitted;
  changed.product.name = "見える化ガード Pro";
  changed.product.deployment = {domain::DeploymentForm::kOnPremises};
  changed.answers = {{call.questions[1].id, std::string("SaaS")}};
  changed.outcome = domain::Outcome::kSelected;
  changed.rationale = "独自性が高い";
  changed.submitted_at = "2026-12-01T00:01:00Z";
  changed.decided_at = "2026-12-02T00:00:00Z";
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) { return w.UpdateApplication(changed); }));
  Read([&](ProgrammeReader& r) {
    auto got = r.FindApplication(id);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->state, domain::ApplicationState::kSubmitted);
    EXPECT_EQ((*got)->product.name, "見える化ガード Pro");
    EXPECT_EQ((*got)->product.deployment, changed.product.deployment);
    EXPECT_EQ((*got)->answers, changed.answers);
    EXPECT_EQ((*got)->outcome, domain::Outcome::kSelected);
    EXPECT_EQ((*got)->rationale, "独自性が高い");
    EXPECT_EQ((*got)->created_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*got)->updated_at, "2026-12-01T00:01:00Z");
    EXPECT_EQ((*got)->submitted_at, "2026-12-01T00:01:00Z");
    EXPECT_EQ((*got)->withdrawn_at, "");
    EXPECT_EQ((*got)->decided_at, "2026-12-02T00:00:00Z");
    auto submitted = r.Applications({std::nullopt, std::nullopt, domain::ApplicationState::kSubmitted});
    ASSERT_TRUE(submitted);
    ASSERT_EQ(submitted->size(), 1u);
    EXPECT_EQ(submitted->front().id, id);
  });
  auto missing = Write([&](ProgrammeWriter& w) {
    Application ghost = changed;
    ghost.id = 999;
    return w.UpdateApplication(ghost);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ProgrammeStore, AttachmentBytesAreStoredOncePerSha256) {
  const Call call = InsertCall(SampleCall());
  const std::int64_t app = InsertApplication(SampleApplication(call.id));
  const std::string pdf = "%PDF-1.7\n" + AllBytes();
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0", 10);
  store::Attachment a{0, app, "資料.pdf", "application/pdf", static_cast<std::int64_t>(pdf.size()), Sha256Hex(pdf),
                      vendor_user_, ""};
  store::Attachment again = a;
  again.filename = "copy.pdf";
  store::Attachment image{0, app, "図.png", "image/png", static_cast<std::int64_t>(png.size()), Sha256Hex(png),
                          vendor_user_, ""};
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    for (auto* x : {&a, &again, &image}) {
      auto id = w.InsertAttachment(*x, x == &image ? png : pdf);
      if (!id) return Fail(id.error());
      ids.push_back(*id);
    }
    return {};
  }));
  ASSERT_EQ(ids.size(), 3u);
  auto conn = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(conn);
  auto blobs = (*conn)->Prepare("SELECT COUNT(*) FROM attachment_blobs");
  ASSERT_TRUE(blobs && blobs->Step());
  EXPECT_EQ(blobs->Int(0), 2) << "the same bytes twice are stored once";
  Read([&](ProgrammeReader& r) {
    auto list = r.Attachments(app);
    ASSERT_TRUE(list) << list.error().detail;
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].id, ids[0]);
    EXPECT_EQ((*list)[0].filename, "資料.pdf");
    EXPECT_EQ((*list)[0].content_type, "application/pdf");
    EXPECT_EQ((*list)[0].size, static_cast<std::int64_t>(pdf.size()));
    EXPECT_EQ((*list)[0].sha256, Sha256Hex(pdf));
    EXPECT_EQ((*list)[0].uploaded_by, vendor_user_);
    EXPECT_EQ((*list)[0].uploaded_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*list)[1].filename, "copy.pdf");
    EXPECT_EQ((*list)[1].sha256, (*list)[0].sha256);
    EXPECT_EQ((*list)[2].content_type, "image/png");
    auto found = r.FindAttachment(ids[2]);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->filename, "図.png");
    EXPECT_EQ((*found)->application_id, app);
    auto content = r.AttachmentContent(Sha256Hex(pdf));
    ASSERT_TRUE(content && *content);
    EXPECT_EQ(**content, pdf);
    auto image_bytes = r.AttachmentContent(Sha256Hex(png));
    ASSERT_TRUE(image_bytes && *image_bytes);
    EXPECT_EQ(**image_bytes, png);
    auto none = r.AttachmentContent(Sha256Hex("nothing"));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto no_record = r.FindAttachment(999);
    ASSERT_TRUE(no_record);
    EXPECT_FALSE(*no_record);
    auto empty = r.Attachments(999);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
  });
}

TEST_F(ProgrammeStore, ReviewersInTheOrderAppointedAndADuplicateIsAlreadyExists) {
  const Call call = InsertCall(SampleCall());
  const Call other = InsertCall(SampleCall());
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    if (auto st = w.AddReviewer(call.id, r2_, admin_); !st) return st;
    if (auto st = w.AddReviewer(call.id, r1_, admin_); !st) return st;
    return w.AddReviewer(other.id, r1_, 0);  // by the CLI: no account
  }));
  auto twice = Write([&](ProgrammeWriter& w) { return w.AddReviewer(call.id, r1_, admin_); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  Read([&](ProgrammeReader& r) {
    auto reviewers = r.Reviewers(call.id);
    ASSERT_TRUE(reviewers) << reviewers.error().detail;
    ASSERT_EQ(reviewers->size(), 2u);
    EXPECT_EQ((*reviewers)[0].user_id, r2_);
    EXPECT_EQ((*reviewers)[0].email, "r2@example.jp");
    EXPECT_EQ((*reviewers)[0].organisation_id, other_org_);
    EXPECT_EQ((*reviewers)[0].organisation, "ベンダーB合同会社");
    EXPECT_EQ((*reviewers)[0].appointed_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*reviewers)[1].user_id, r1_);
    EXPECT_EQ((*reviewers)[1].organisation, "某大学");
    auto calls = r.CallsReviewedBy(r1_);
    ASSERT_TRUE(calls);
    EXPECT_EQ(*calls, (std::vector<std::int64_t>{call.id, other.id}));
    auto none = r.CallsReviewedBy(admin_);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
  });
}

TEST_F(ProgrammeStore, DeclarationsAndReviewsAreUpsertsAndPutReviewReplacesTheScores) {
  const Call call = InsertCall(SampleCall());
  const Call other = InsertCall(SampleCall());
  const std::int64_t app = InsertApplication(SampleApplication(call.id));
  const std::int64_t app2 = InsertApplication(SampleApplication(call.id));
  const std::int64_t elsewhere = InsertApplication(SampleApplication(other.id));
  const auto& k = call.criteria;
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    if (auto st = w.PutDeclaration({app, r1_, false, "", ""}); !st) return st;
    if (auto st = w.PutDeclaration({app2, r1_, true, "元同僚が開発", ""}); !st) return st;
    if (auto st = w.PutDeclaration({elsewhere, r1_, true, "other call", ""}); !st) return st;
    if (auto st = w.PutReview({app, r1_, {{k[0].id, 5}, {k[1].id, 4}, {k[2].id, 1}}, "良い", ""}); !st) return st;
    if (auto st = w.PutReview({app, r2_, {{k[0].id, 2}, {k[1].id, 2}, {k[2].id, 2}}, "", ""}); !st) return st;
    return w.PutReview({elsewhere, r2_, {{other.criteria[0].id, 3}}, "", ""});
  }));
  clock_.Advance(120);
  // The same keys again: replaced, not added; the scores as a whole.
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    if (auto st = w.PutDeclaration({app, r1_, true, "利害関係が判明", ""}); !st) return st;
    return w.PutReview({app, r1_, {{k[0].id, 3}, {k[2].id, 4}}, "見直した", ""});
  }));
  Read([&](ProgrammeReader& r) {
    auto declarations = r.Declarations(call.id);
    ASSERT_TRUE(declarations) << declarations.error().detail;
    ASSERT_EQ(declarations->size(), 2u);
    EXPECT_EQ((*declarations)[0].application_id, app);
    EXPECT_EQ((*declarations)[0].reviewer_id, r1_);
    EXPECT_TRUE((*declarations)[0].conflict);
    EXPECT_EQ((*declarations)[0].reason, "利害関係が判明");
    EXPECT_EQ((*declarations)[0].declared_at, "2026-12-01T00:02:00Z");
    EXPECT_EQ((*declarations)[1].application_id, app2);
    EXPECT_EQ((*declarations)[1].reason, "元同僚が開発");
    EXPECT_EQ((*declarations)[1].declared_at, "2026-12-01T00:00:00Z");
    auto reviews = r.Reviews(call.id);
    ASSERT_TRUE(reviews) << reviews.error().detail;
    ASSERT_EQ(reviews->size(), 2u);
    const auto& mine = (*reviews)[0].reviewer_id == r1_ ? (*reviews)[0] : (*reviews)[1];
    const auto& theirs = (*reviews)[0].reviewer_id == r1_ ? (*reviews)[1] : (*reviews)[0];
    EXPECT_EQ(mine.application_id, app);
    EXPECT_EQ(mine.comment, "見直した");
    EXPECT_EQ(mine.submitted_at, "2026-12-01T00:02:00Z");
    EXPECT_EQ(mine.scores, (std::map<std::int64_t, int>{{k[0].id, 3}, {k[2].id, 4}})) << "replaced as a whole";
    EXPECT_EQ(theirs.scores, (std::map<std::int64_t, int>{{k[0].id, 2}, {k[1].id, 2}, {k[2].id, 2}}));
    EXPECT_EQ(theirs.comment, "");
    auto elsewhere_reviews = r.Reviews(other.id);
    ASSERT_TRUE(elsewhere_reviews);
    ASSERT_EQ(elsewhere_reviews->size(), 1u);
    EXPECT_EQ(elsewhere_reviews->front().scores.size(), 1u);
  });
  // A score outside 1..5 is refused by the database too, and the write leaves nothing.
  auto bad = Write([&](ProgrammeWriter& w) { return w.PutReview({app2, r2_, {{k[0].id, 6}}, "", ""}); });
  EXPECT_FALSE(bad);
  Read([&](ProgrammeReader& r) {
    auto reviews = r.Reviews(call.id);
    ASSERT_TRUE(reviews);
    EXPECT_EQ(reviews->size(), 2u);
  });
}

TEST_F(ProgrammeStore, RelationshipsFilterByReviewerOldestFirst) {
  std::int64_t first = 0;
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    auto a = w.AddRelationship({0, r1_, vendor_org_, "", "顧問", ""});
    if (!a) return Fail(a.error());
    first = *a;
    auto b = w.AddRelationship({0, r2_, vendor_org_, "", "株主", ""});
    if (!b) return Fail(b.error());
    auto c = w.AddRelationship({0, r1_, other_org_, "", "元勤務先", ""});
    if (!c) return Fail(c.error());
    return {};
  }));
  auto twice = Write([&](ProgrammeWriter& w) -> Status {
    auto again = w.AddRelationship({0, r1_, vendor_org_, "", "again", ""});
    if (!again) return Fail(again.error());
    return {};
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  Read([&](ProgrammeReader& r) {
    auto mine = r.Relationships(r1_);
    ASSERT_TRUE(mine) << mine.error().detail;
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].id, first);
    EXPECT_EQ((*mine)[0].reviewer_id, r1_);
    EXPECT_EQ((*mine)[0].organisation_id, vendor_org_);
    EXPECT_EQ((*mine)[0].organisation, "ベンダーA株式会社");
    EXPECT_EQ((*mine)[0].note, "顧問");
    EXPECT_EQ((*mine)[0].declared_at, "2026-12-01T00:00:00Z");
    EXPECT_EQ((*mine)[1].organisation, "ベンダーB合同会社");
    auto all = r.Relationships(std::nullopt);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[1].reviewer_id, r2_);
    EXPECT_EQ((*all)[1].note, "株主");
    auto none = r.Relationships(admin_);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
  });
}

TEST_F(ProgrammeStore, UsersByEmailAndIdWithRolesAndOrganisation) {
  ASSERT_TRUE(accounts_.SetDisabled(r2_, true, "test"));
  Read([&](ProgrammeReader& r) {
    auto r1 = r.FindUserByEmail("r1@example.jp");
    ASSERT_TRUE(r1 && *r1) << (r1 ? "" : r1.error().detail);
    EXPECT_EQ((*r1)->id, r1_);
    EXPECT_EQ((*r1)->email, "r1@example.jp");
    EXPECT_EQ((*r1)->roles, (std::vector<domain::Role>{domain::Role::kReviewer, domain::Role::kUser}));
    EXPECT_EQ((*r1)->organisation_id, uni_org_);
    EXPECT_EQ((*r1)->organisation, "某大学");
    EXPECT_FALSE((*r1)->disabled);
    auto admin = r.FindUser(admin_);
    ASSERT_TRUE(admin && *admin);
    EXPECT_EQ((*admin)->email, "admin@example.jp");
    EXPECT_EQ((*admin)->roles, (std::vector<domain::Role>{domain::Role::kAdmin}));
    EXPECT_EQ((*admin)->organisation_id, std::nullopt);
    EXPECT_EQ((*admin)->organisation, "");
    auto disabled = r.FindUser(r2_);
    ASSERT_TRUE(disabled && *disabled);
    EXPECT_TRUE((*disabled)->disabled);
    auto nobody = r.FindUserByEmail("nobody@example.jp");
    ASSERT_TRUE(nobody);
    EXPECT_FALSE(*nobody);
    auto no_id = r.FindUser(999);
    ASSERT_TRUE(no_id);
    EXPECT_FALSE(*no_id);
    auto org = r.OrganisationIdByName("ベンダーB合同会社");
    ASSERT_TRUE(org);
    EXPECT_EQ(*org, other_org_);
    auto no_org = r.OrganisationIdByName("ベンダーB");
    ASSERT_TRUE(no_org);
    EXPECT_FALSE(*no_org);
  });
}

TEST_F(ProgrammeStore, AFailedWriteLeavesNothingNotEvenItsAuditEntry) {
  const std::int64_t audit_before = AuditCount();
  auto st = Write([&](ProgrammeWriter& w) -> Status {
    Field f;
    f.name_ja = "消える分野";
    f.name_en = "Gone";
    auto id = w.InsertField(f);
    if (!id) return Fail(id.error());
    if (auto ev = w.AddFieldEvent(*id, domain::FieldEventKind::kCreated, "{}"); !ev) return ev;
    auto call = w.InsertCall(SampleCall());
    if (!call) return Fail(call.error());
    if (auto a = w.Audit(store::AuditRecord("user:1 admin@example.jp", domain::AuditAction::kFieldCreate).On("field", *id));
        !a) {
      return a;
    }
    return Fail(ErrorCode::kFailedPrecondition, "changed my mind");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "changed my mind");
  EXPECT_EQ(AuditCount(), audit_before);
  Read([&](ProgrammeReader& r) {
    auto fields = r.Fields();
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->size(), 7u);
    auto history = r.FieldHistory();
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), 7u);
    auto calls = r.Calls(true);
    ASSERT_TRUE(calls);
    EXPECT_TRUE(calls->empty());
  });
  // The same with the audit entry, committed: it is in the chain.
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) {
    return w.Audit(store::AuditRecord("user:1 admin@example.jp", domain::AuditAction::kCallCreate).On("call", 1));
  }));
  EXPECT_EQ(AuditCount(), audit_before + 1);
  auto verified = accounts_.VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->problems.empty());
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

// `proven copy` carries the programme's tables (the attachment bytes as bytes) and the services'
// owner ids; the destination's seeded field map makes way for the source's; ids continue after
// the copied ones.
TEST_F(ProgrammeStore, CopyCarriesTheProgrammeAndTheServiceOwnerIds) {
  const Call call = InsertCall(SampleCall());
  Application a = SampleApplication(call.id);
  a.answers = {{call.questions[2].id, std::vector<std::string>{"Linux"}}};
  const std::int64_t app = InsertApplication(a);
  const std::string bytes = AllBytes();
  ASSERT_TRUE(Write([&](ProgrammeWriter& w) -> Status {
    Field f;
    f.name_ja = "追加分野";
    f.name_en = "Added";
    auto field = w.InsertField(f);
    if (!field) return Fail(field.error());
    if (auto st = w.AddFieldEvent(*field, domain::FieldEventKind::kCreated, "{}"); !st) return st;
    auto attached = w.InsertAttachment({0, app, "a.pdf", "application/pdf", 0, Sha256Hex(bytes), vendor_user_, ""}, bytes);
    if (!attached) return Fail(attached.error());
    if (auto st = w.AddReviewer(call.id, r1_, admin_); !st) return st;
    if (auto st = w.AddReviewer(call.id, r2_, 0); !st) return st;
    if (auto st = w.PutDeclaration({app, r1_, true, "理由", ""}); !st) return st;
    if (auto st = w.PutReview({app, r2_, {{call.criteria[0].id, 4}, {call.criteria[1].id, 5}}, "ok", ""}); !st) return st;
    auto rel = w.AddRelationship({0, r1_, vendor_org_, "", "顧問", ""});
    if (!rel) return Fail(rel.error());
    return w.Audit(store::AuditRecord("test", domain::AuditAction::kCallCreate).On("call", call.id));
  }));
  auto src = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(src);
  // A service owned by organisations (migration 0005's registrar_org_id and provider_org_id).
  auto svc = (*src)->Prepare(
      "INSERT INTO services (name, provider, address, prefecture, registered_on, expires_on, registrar, type, "
      "created_at, updated_at, registrar_org_id, provider_org_id) VALUES ('診断サービス', 'ベンダーA株式会社', "
      "'東京都', '東京都', '2025-01-01', '2027-01-01', '某大学', 'audit', 'x', 'x', ?, ?)");
  ASSERT_TRUE(svc) << svc.error().detail;
  svc->Bind(1, uni_org_).Bind(2, vendor_org_);
  ASSERT_TRUE(svc->Run());

  testing::TestDatabase destination(dir_, "copy.db");
  auto dst = store::Connection::Open(destination.spec(), true);
  ASSERT_TRUE(dst);
  ASSERT_TRUE(store::ApplyMigrations(**dst));
  auto report = store::CopyRegistry(**src, **dst);
  ASSERT_TRUE(report) << report.error().message << " " << report.error().detail;

  const std::vector<std::tuple<std::string, std::string, std::string, int>> tables = {
      {"services", "id, registrar_org_id, provider_org_id, name", "id", -1},
      {"fields", "id, name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at", "id", -1},
      {"field_events", "id, field_id, at, kind, detail", "id", -1},
      {"calls", "id, title, description, eligibility, opens_at, closes_at, quorum, state, created_at, opened_at, "
                "decided_at", "id", -1},
      {"call_fields", "call_id, field_id, position", "call_id, field_id", -1},
      {"call_questions", "id, call_id, position, kind, prompt, options, required", "id", -1},
      {"call_criteria", "id, call_id, position, name, description, weight", "id", -1},
      {"applications", "id, call_id, vendor_org_id, created_by, state, product_name, product_version, overview, "
                       "field_ids, deployment, homepage, answers, outcome, rationale, created_at, updated_at, "
                       "submitted_at, withdrawn_at, decided_at", "id", -1},
      {"attachment_blobs", "sha256, size, content", "sha256", 2},
      {"attachments", "id, application_id, filename, content_type, size, sha256, uploaded_by, uploaded_at", "id", -1},
      {"call_reviewers", "call_id, user_id, appointed_by, appointed_at, position", "call_id, user_id", -1},
      {"declarations", "application_id, reviewer_id, conflict, reason, declared_at", "application_id, reviewer_id", -1},
      {"reviews", "application_id, reviewer_id, comment, submitted_at", "application_id, reviewer_id", -1},
      {"review_scores", "application_id, reviewer_id, criterion_id, score", "application_id, reviewer_id, criterion_id",
       -1},
      {"reviewer_relationships", "id, reviewer_id, organisation_id, note, declared_at", "id", -1},
  };
  for (const auto& [table, columns, order, blob] : tables) {
    const auto here = Dump(**src, table, columns, order, blob);
    EXPECT_FALSE(here.empty()) << table << ": the test puts a row in every table";
    EXPECT_EQ(Dump(**dst, table, columns, order, blob), here) << table;
  }
  const auto services = Dump(**dst, "services", "registrar_org_id, provider_org_id", "id");
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0], fmt::format("'{}'|'{}'|", uni_org_, vendor_org_));

  store::ConnectionPool pool(destination.spec(), false);
  store::SqlProgrammeStore copied(pool, clock_);
  std::int64_t next_field = 0;
  ASSERT_TRUE(copied.Write([&](ProgrammeWriter& w) -> Status {
    auto content = w.AttachmentContent(Sha256Hex(bytes));
    if (!content) return Fail(content.error());
    EXPECT_TRUE(*content && **content == bytes);
    Field f;
    f.name_ja = "次";
    f.name_en = "Next";
    auto id = w.InsertField(f);
    if (!id) return Fail(id.error());
    next_field = *id;
    return {};
  }));
  EXPECT_EQ(next_field, 9) << "ids continue after the copied ones";
}

TEST_F(ProgrammeStore, ReadReturnsTheBodysStatus) {
  auto failed = store_.Read([](ProgrammeReader&) -> Status { return Fail(ErrorCode::kNotFound, "nope"); });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace proven
