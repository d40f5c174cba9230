// The transparency log through the services layer on a real database (SQLite here, PostgreSQL
// under the pg label): registrar workflows append their leaves in the change's own transaction,
// the checkpointer's round anchors the audit head, logs expiries and signs checkpoints that verify
// offline, backfill covers records written around the workflows, and verification of the stored
// log catches records changed behind its back and rewritten audit logs.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "domain/auth.hpp"
#include "services/log/log_service.hpp"
#include "services/registrar_service.hpp"
#include "services/registry_service.hpp"
#include "store/audit_log.hpp"
#include "store/log_store.hpp"
#include "store/migrations.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "support/test_support.hpp"
#include "tlog/verify.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::Role;
using domain::ServiceCells;
using domain::ServiceField;
using json = nlohmann::json;

constexpr Date kToday{2026, 11, 28};

ServiceCells NewService(const std::string& name, const std::string& expires = "2029-03-31") {
  ServiceCells c;
  const std::pair<ServiceField, std::string> values[] = {{ServiceField::kName, name},
                                                          {ServiceField::kProvider, "株式会社ログ検証"},
                                                          {ServiceField::kAddress, "東京都港区芝公園1-1"},
                                                          {ServiceField::kOverview, "Webアプリケーションの脆弱性を診断します。"},
                                                          {ServiceField::kIndustries, "全業種"},
                                                          {ServiceField::kRegions, "日本全国"},
                                                          {ServiceField::kRegisteredOn, "2025-04-01"},
                                                          {ServiceField::kExpiresOn, expires},
                                                          {ServiceField::kType, "脆弱性診断"},
                                                          {ServiceField::kUrl, "https://a.example/"},
                                                          {ServiceField::kRegistrar, "一般社団法人ログ審査機構"}};
  for (const auto& [f, v] : values) c[static_cast<std::size_t>(f)] = v;
  return c;
}

class LogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    {
      auto conn = pool_->Acquire();
      ASSERT_TRUE(conn);
      ASSERT_TRUE(store::ApplyMigrations(**conn));
    }
    services_ = std::make_unique<store::SqlServiceStore>(*pool_);
    registry_ = std::make_unique<services::RegistryService>(*services_);
    ASSERT_TRUE(registry_->Reload());
    registrar_ = std::make_unique<services::RegistrarService>(*services_, *registry_);
    verifications_ = std::make_unique<store::SqlVerificationStore>(*pool_);
    cases_ = std::make_unique<store::SqlCaseStore>(*pool_);
    log_store_ = std::make_unique<store::SqlLogStore>(*pool_);
    key_ = *tlog::GenerateSignerKey("proven.test/log");
    log_ = std::make_unique<services::LogService>(*log_store_, *services_, *verifications_, *cases_, key_,
                                                  Clock::System(), [] { return kToday; });
    admin_ = Actor{0, "admin@op.example", {Role::kAdmin}, "", std::nullopt};
  }

  void Exec(const std::string& sql) {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn);
    auto st = (*conn)->Exec(sql);
    ASSERT_TRUE(st) << st.error().message << " " << st.error().detail;
  }

  std::vector<store::LogLeaf> AllLeaves() { return log_store_->Leaves(0, 1 << 30).value(); }

  services::LogVerification Verify() {
    auto v = services::VerifyStoredLog(*log_store_, *services_, *verifications_, *cases_, {tlog::VerifierOf(key_)});
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : services::LogVerification{};
  }

  std::vector<store::AuditEntry> Audit() {
    auto conn = pool_->Acquire();
    auto entries = store::ListAudit(**conn, std::numeric_limits<std::int64_t>::max(), 100000).value();
    std::reverse(entries.begin(), entries.end());
    return entries;
  }

  // Drops a table's append-only guard, as an attacker holding the database would.
  void DropGuards(const std::string& table) {
    if (database_.postgres()) {
      Exec("DROP TRIGGER IF EXISTS " + table + "_append_only ON " + table);
      Exec("DROP TRIGGER IF EXISTS " + table + "_immutable ON " + table);
    } else {
      Exec("DROP TRIGGER IF EXISTS " + table + "_no_update");
      Exec("DROP TRIGGER IF EXISTS " + table + "_no_delete");
    }
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "log.db"};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::SqlServiceStore> services_;
  std::unique_ptr<services::RegistryService> registry_;
  std::unique_ptr<services::RegistrarService> registrar_;
  std::unique_ptr<store::SqlVerificationStore> verifications_;
  std::unique_ptr<store::SqlCaseStore> cases_;
  std::unique_ptr<store::SqlLogStore> log_store_;
  tlog::SignerKey key_;
  std::unique_ptr<services::LogService> log_;
  Actor admin_;
};

TEST_F(LogServiceTest, WorkflowsAppendLeavesThatSignedCheckpointsProve) {
  auto id = registrar_->Register(admin_, NewService("ログ診断"));
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(registrar_->Renew(admin_, *id, Date{2030, 3, 31}));
  ASSERT_TRUE(registrar_->Suspend(admin_, *id, "監査中"));
  // A refused change writes no leaf: the leaf shares the change's transaction.
  ASSERT_FALSE(registrar_->Register(admin_, NewService("ログ診断")));
  ASSERT_FALSE(registrar_->Suspend(admin_, *id, "二度目"));

  auto leaves = AllLeaves();
  ASSERT_EQ(leaves.size(), 3u);
  EXPECT_EQ(leaves[0].kind, "service.registered");
  EXPECT_EQ(leaves[1].kind, "service.renewed");
  EXPECT_EQ(leaves[2].kind, "service.suspended");
  EXPECT_EQ(leaves[2].version, 3);
  auto leaf = tlog::ParseLeaf(leaves[2].leaf);
  ASSERT_TRUE(leaf) << leaf.error().message;
  EXPECT_EQ(leaf->record["state"], "suspended");
  EXPECT_EQ(leaf->record["expires_on"], "2030-03-31");

  auto signed_size = log_->Tick();
  ASSERT_TRUE(signed_size) << signed_size.error().message;
  ASSERT_TRUE(*signed_size);
  EXPECT_EQ(**signed_size, 4) << "three leaves and the audit head";
  EXPECT_EQ(AllLeaves().back().kind, "audit.head");
  auto again = log_->Tick();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again) << "nothing new: no new checkpoint, no new anchor";

  auto cp = log_->LatestCheckpoint();
  ASSERT_TRUE(cp);
  auto opened = tlog::OpenCheckpoint(cp->note, tlog::VerifierOf(key_));
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->size, 4u);
  for (std::uint64_t i = 0; i < 4; ++i) {
    auto bundle = log_->Bundle(i);
    ASSERT_TRUE(bundle) << bundle.error().message;
    auto checked = tlog::VerifyBundle(*bundle, tlog::VerifierOf(key_));
    EXPECT_TRUE(checked) << i << ": " << checked.error().message;
    auto by_hash = log_->ProveInclusionOfHash(AllLeaves()[i].hash, 4);
    ASSERT_TRUE(by_hash);
    EXPECT_EQ(by_hash->index, i);
  }
  EXPECT_FALSE(log_->Bundle(9));
  auto v = Verify();
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().where << ": " << v.problems.front().message;
  EXPECT_EQ(v.leaves, 4u);
  EXPECT_EQ(v.records, 1u);

  // A later checkpoint is consistent with the earlier one.
  ASSERT_TRUE(registrar_->Resume(admin_, *id, "再開"));
  ASSERT_TRUE(log_->Tick());
  auto later = log_->LatestCheckpoint();
  ASSERT_TRUE(later);
  auto proof = log_->ProveConsistency(4, static_cast<std::uint64_t>(later->size));
  ASSERT_TRUE(proof);
  EXPECT_TRUE(tlog::VerifyConsistency(4, later->size, cp->root, later->root, *proof));
}

TEST_F(LogServiceTest, EntriesAndProofsRefuseBadRanges) {
  ASSERT_TRUE(registrar_->Register(admin_, NewService("範囲")));
  ASSERT_TRUE(log_->Tick());
  auto e = log_->Entries(0, 10);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->size(), 2u) << "clamped to the log's size";
  auto reversed = log_->Entries(1, 1);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "end");
  auto wide = log_->Entries(0, 1001);
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().field, "end");
  auto beyond = log_->Entries(5, 6);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().field, "start");
  EXPECT_FALSE(log_->ProveInclusion(2, 2));
  EXPECT_FALSE(log_->ProveInclusion(0, 3));
  EXPECT_FALSE(log_->ProveConsistency(0, 2));
  EXPECT_FALSE(log_->ProveConsistency(2, 1));
}

TEST_F(LogServiceTest, ExpiriesAreLoggedOnceAndRenewalsAfterThem) {
  auto id = registrar_->Register(admin_, NewService("期限切れ", "2026-11-27"));
  ASSERT_TRUE(id) << id.error().message;
  auto fresh = registrar_->Register(admin_, NewService("有効", "2026-11-28"));
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(log_->Tick());
  ASSERT_TRUE(log_->Tick());
  std::vector<std::string> kinds;
  for (const auto& l : AllLeaves()) kinds.push_back(l.kind + ":" + std::to_string(l.record_id));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "service.expired:" + std::to_string(*id)), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "service.expired:" + std::to_string(*fresh)), 0)
      << "valid through today";
  ASSERT_TRUE(registrar_->Renew(admin_, *id, Date{2029, 11, 30}));
  ASSERT_TRUE(log_->Tick());
  EXPECT_EQ(AllLeaves().back().kind, "audit.head");
  auto v = Verify();
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().where << ": " << v.problems.front().message;
}

TEST_F(LogServiceTest, BackfillCoversRecordsWrittenAroundTheWorkflows) {
  domain::Service s;
  s.name = "一括投入";
  s.provider = "株式会社一括";
  s.type = domain::ServiceType::kVulnerabilityAssessment;
  s.registered_on = Date{2025, 4, 1};
  s.expires_on = Date{2029, 3, 31};
  s.registrar = "機構A";
  s.overview = "概要";
  ASSERT_TRUE(services_->UpsertAll({s}, false));
  auto before = Verify();
  ASSERT_EQ(before.problems.size(), 1u);
  EXPECT_NE(before.problems[0].message.find("no leaf"), std::string::npos);
  auto n = log_->Backfill();
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ(AllLeaves().back().kind, "service.baseline");
  EXPECT_EQ(*log_->Backfill(), 0u);
  ASSERT_TRUE(log_->Tick());
  auto after = Verify();
  EXPECT_TRUE(after.problems.empty()) << after.problems.front().message;
}

TEST_F(LogServiceTest, VerificationCatchesRecordsAndLeavesChangedInTheDatabase) {
  auto id = registrar_->Register(admin_, NewService("改ざん対象"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(log_->Tick());
  EXPECT_TRUE(Verify().problems.empty());
  Exec("UPDATE services SET overview = '書き換えた概要' WHERE id = " + std::to_string(*id));
  auto changed = Verify();
  ASSERT_FALSE(changed.problems.empty());
  EXPECT_EQ(changed.problems[0].where, "service " + std::to_string(*id));

  // Rewriting the leaf to match breaks the signed root (and the stored hash).
  DropGuards("log_leaves");
  Exec("UPDATE log_leaves SET leaf = replace(leaf, 'Webアプリケーションの脆弱性を診断します。', '書き換えた概要') "
       "WHERE idx = 0");
  auto rewritten = Verify();
  bool root_broken = false;
  for (const auto& p : rewritten.problems) root_broken |= p.where == "checkpoint 2" && p.message.find("root") != std::string::npos;
  EXPECT_TRUE(root_broken);
  auto bundle = log_->Bundle(0);
  ASSERT_TRUE(bundle);
  EXPECT_FALSE(tlog::VerifyBundle(*bundle, tlog::VerifierOf(key_))) << "the record's own proof fails";
}

TEST_F(LogServiceTest, AnchoredAuditHeadsCatchRewrittenAuditLogs) {
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(registrar_->Register(admin_, NewService("監査 " + std::to_string(i))));
  ASSERT_TRUE(log_->Tick());
  auto clean = services::VerifyAuditAnchors(*log_store_, Audit());
  ASSERT_TRUE(clean);
  EXPECT_TRUE(clean->problems.empty());
  EXPECT_EQ(clean->anchored_seq, 4);

  // A forged entry appended afterwards, dated before the anchor, chained properly.
  DropGuards("audit_log");
  auto entries = Audit();
  store::AuditEntry forged = entries.back();
  forged.seq += 1;
  forged.prev_hash = entries.back().hash;
  forged.at = "2020-01-01T00:00:00Z";
  forged.action = "service.revoke";
  forged.before.clear();
  forged.after.clear();
  forged.hash = store::AuditHash(forged);
  Exec("INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) VALUES (" +
       std::to_string(forged.seq) + ", '" + forged.at + "', '" + forged.actor + "', '" + forged.action + "', '" +
       forged.entity + "', '', '', '" + forged.prev_hash + "', '" + forged.hash + "')");
  {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(store::VerifyAudit(**conn)->problems.empty()) << "the chain alone cannot tell";
  }
  auto appended = services::VerifyAuditAnchors(*log_store_, Audit());
  ASSERT_TRUE(appended);
  ASSERT_EQ(appended->problems.size(), 1u);
  EXPECT_NE(appended->problems[0].message.find("forged"), std::string::npos);

  // The newest rows deleted: the anchored entry is missing.
  Exec("DELETE FROM audit_log WHERE seq >= 4");
  auto truncated = services::VerifyAuditAnchors(*log_store_, Audit());
  ASSERT_TRUE(truncated);
  ASSERT_FALSE(truncated->problems.empty());
  EXPECT_NE(truncated->problems[0].message.find("missing"), std::string::npos);
}

TEST(LogKeyFile, IsCreatedPrivateAndRefusedWhenOthersCanRead) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  const auto path = dir / "log.key";
  auto key = services::CreateLogKey(path, "proven.test/log");
  ASSERT_TRUE(key) << key.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto again = services::CreateLogKey(path, "proven.test/log");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto loaded = services::LoadLogKey(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->public_key, key->public_key);
  ::chmod(path.c_str(), 0644);
  auto readable = services::LoadLogKey(path);
  ASSERT_FALSE(readable);
  EXPECT_EQ(readable.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(readable.error().message.find("chmod 600"), std::string::npos);
  EXPECT_FALSE(services::LoadLogKey(dir / "missing.key"));
  EXPECT_FALSE(services::DefaultLogKeyPath("postgresql://u@h/db"));
  EXPECT_EQ(services::DefaultLogKeyPath("/var/x/proven.db")->string(), "/var/x/proven.db.log-key");
}

}  // namespace
}  // namespace proven

namespace proven {
namespace {

// The demo programme's published reports and cases (replayed through the workflows) each have
// their leaf, and the stored log matches every record's public state.
TEST_F(LogServiceTest, PublishedReportsAndCasesHaveTheirLeaves) {
  auto imported = testing::RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db",
                                      database_.spec()});
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  std::map<std::string, int> kinds;
  for (const auto& l : AllLeaves()) ++kinds[l.kind];
  EXPECT_GE(kinds["report.published"], 4);
  EXPECT_GE(kinds["case.published"], 1);
  auto v = Verify();
  EXPECT_TRUE(v.problems.empty()) << v.problems.front().where << ": " << v.problems.front().message;
  EXPECT_GE(v.records, 5u);
  for (const auto& l : AllLeaves()) {
    if (l.kind != "report.published") continue;
    auto leaf = tlog::ParseLeaf(l.leaf);
    ASSERT_TRUE(leaf);
    EXPECT_FALSE(leaf->record["report"]["content"].contains("verifiers")) << "no internal ids in the public log";
    EXPECT_EQ(leaf->record["report"]["pdf_sha256"].get<std::string>().size(), 64u);
  }
  // A report's stored content changed behind the workflow's back is caught.
  DropGuards("report_versions");
  Exec("UPDATE report_versions SET reason = 'changed' WHERE version = 1");
  EXPECT_FALSE(Verify().problems.empty());
}

}  // namespace
}  // namespace proven
