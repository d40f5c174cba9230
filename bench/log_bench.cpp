#include "log_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "services/log/log_service.hpp"
#include "store/log_store.hpp"
#include "store/migrations.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"

#include "timing.hpp"

namespace proven::bench {
namespace {


std::string Fmt(double ms) {
  return ms < 1 ? fmt::format("{:.3f}", ms) : ms < 100 ? fmt::format("{:.1f}", ms) : fmt::format("{:.0f}", ms);
}

// A public service record about the size of a real one (services/service_record.cpp's fields).
std::string ServiceRecord(std::size_t i) {
  static const char* kTypes[] = {"audit", "vulnerability", "monitoring", "incident"};
  nlohmann::json r = {
      {"id", i + 1},
      {"name", fmt::format("情報セキュリティ監査サービス{}", i + 1)},
      {"provider", fmt::format("テスト株式会社{}", i % 5000)},
      {"address", "東京都千代田区霞が関1-1-1"},
      {"overview", "組織の情報セキュリティ対策の状況を第三者の立場から評価し、改善のための助言を行います。"},
      {"industries", {"全業種"}},
      {"regions", {"東京都", "神奈川県", "日本全国"}},
      {"registered_on", "2024-04-01"},
      {"expires_on", "2027-03-31"},
      {"registration_body", "審査機構A"},
      {"type", kTypes[i % 4]},
      {"url", fmt::format("https://example.jp/services/{}", i + 1)},
      {"suspended", false},
      {"revoked", false}};
  return r.dump();
}

struct Timing {
  std::string name;
  std::vector<double> ms;
};

}  // namespace

int LogBench(std::size_t count, std::size_t batch, std::size_t requests, const std::string& db,
             const std::string& markdown_path, const std::string& summary_path) {
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  store::ConnectionPool pool(db, true);
  {
    auto conn = pool.Acquire();
    if (!conn || !store::ApplyMigrations(**conn)) {
      std::fprintf(stderr, "cannot create %s\n", db.c_str());
      return 1;
    }
  }
  auto fail = [](const Error& e) {
    std::fprintf(stderr, "error: %s %s\n", e.message.c_str(), e.detail.c_str());
    return 1;
  };
  store::SqlLogStore log_store(pool);
  store::SqlServiceStore service_store(pool);
  store::SqlVerificationStore verification_store(pool);
  store::SqlCaseStore case_store(pool);
  auto key = tlog::GenerateSignerKey("bench.proven.localhost/log");
  if (!key) return fail(key.error());
  services::LogService signer(log_store, service_store, verification_store, case_store, *key);

  // Appending, as the writers do: AppendLogLeaf inside a write transaction, `batch` leaves each
  // (an import's transaction), and a checkpointer round after each batch.
  std::vector<double> batch_ms, tick_ms;
  const auto t_append = BenchClock::now();
  std::size_t checkpoints = 0;
  for (std::size_t done = 0; done < count;) {
    const std::size_t n = std::min(batch, count - done);
    auto conn = pool.Acquire();
    if (!conn) return fail(conn.error());
    const auto tb = BenchClock::now();
    {
      auto tx = store::Transaction::Begin(**conn);
      if (!tx) return fail(tx.error());
      for (std::size_t i = done; i < done + n; ++i) {
        auto leaf = store::AppendLogLeaf(**conn, "service.registered", static_cast<std::int64_t>(i + 1),
                                         "2026-11-30T10:00:00Z", ServiceRecord(i));
        if (!leaf) return fail(leaf.error());
      }
      if (auto st = tx->Commit(); !st) return fail(st.error());
    }
    batch_ms.push_back(Ms(BenchClock::now() - tb));
    done += n;
    const auto tt = BenchClock::now();
    auto tick = signer.Tick();
    if (!tick) return fail(tick.error());
    tick_ms.push_back(Ms(BenchClock::now() - tt));
    if (*tick) ++checkpoints;
  }
  const double append_s = Ms(BenchClock::now() - t_append) / 1000;
  auto stored = log_store.Size();
  if (!stored) return fail(stored.error());
  const auto size = static_cast<std::uint64_t>(*stored);

  // A fresh instance (a server starting): the whole log loaded from the database.
  services::LogService log(log_store, service_store, verification_store, case_store, std::nullopt);
  const auto tr = BenchClock::now();
  if (auto st = log.Refresh(); !st) return fail(st.error());
  const double refresh_ms = Ms(BenchClock::now() - tr);
  if (log.Size() != size) {
    std::fprintf(stderr, "the fresh log holds %llu leaves, the database %llu\n",
                 static_cast<unsigned long long>(log.Size()), static_cast<unsigned long long>(size));
    return 1;
  }
  auto latest = log.LatestCheckpoint();
  if (!latest) return fail(latest.error());
  const auto signed_size = static_cast<std::uint64_t>(latest->size);

  std::mt19937_64 rng(12);
  auto below = [&](std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); };
  std::vector<Timing> timings{{"LatestCheckpoint (GET /api/v1/log/checkpoint)", {}},
                              {"ProveInclusion(index, size) (GET /api/v1/log/proof/inclusion)", {}},
                              {"ProveConsistency(from, to) (GET /api/v1/log/proof/consistency)", {}},
                              {"Entries, 100 leaves (GET /api/v1/log/entries)", {}},
                              {"Entries, 1,000 leaves (the most per request)", {}},
                              {"Refresh with no new leaves (a request beyond the loaded tree; the checkpointer's round)", {}},
                              {"ProveInclusionOfHash(hash, size) (GET /api/v1/log/proof/inclusion?hash=)", {}},
                              {"Bundle(index) (GET /api/v1/log/entries/{index}/bundle)", {}}};
  std::vector<tlog::Hash> some_hashes;
  if (auto sample = log.Entries(size / 2, size / 2 + 1000); sample) {
    for (const auto& l : *sample) some_hashes.push_back(l.hash);
  }
  for (std::size_t r = 0; r < requests; ++r) {
    auto t = BenchClock::now();
    if (auto c = log.LatestCheckpoint(); !c) return fail(c.error());
    timings[0].ms.push_back(Ms(BenchClock::now() - t));

    const std::uint64_t in_size = 1 + below(signed_size);
    const std::uint64_t index = below(in_size);
    t = BenchClock::now();
    auto p = log.ProveInclusion(index, in_size);
    timings[1].ms.push_back(Ms(BenchClock::now() - t));
    if (!p) return fail(p.error());
    // Checked, so that the numbers are of proofs that verify.
    if (in_size == signed_size &&
        !tlog::VerifyInclusion(index, in_size, tlog::LeafHash(log.Entries(index, index + 1)->front().leaf), p->hashes,
                               latest->root)) {
      std::fprintf(stderr, "inclusion proof of %llu in %llu does not verify\n", static_cast<unsigned long long>(index),
                   static_cast<unsigned long long>(in_size));
      return 1;
    }

    const std::uint64_t to = 1 + below(signed_size);
    const std::uint64_t from = 1 + below(to);
    t = BenchClock::now();
    auto c = log.ProveConsistency(from, to);
    timings[2].ms.push_back(Ms(BenchClock::now() - t));
    if (!c) return fail(c.error());

    std::uint64_t start = below(size - 100);
    t = BenchClock::now();
    auto e = log.Entries(start, start + 100);
    timings[3].ms.push_back(Ms(BenchClock::now() - t));
    if (!e || e->size() != 100) return fail(e ? MakeError(ErrorCode::kInternal, "short entries") : e.error());

    if (r % 10 == 0) {  // the biggest page, less often: it reads a megabyte
      start = below(size - 1000);
      t = BenchClock::now();
      auto big = log.Entries(start, start + 1000);
      timings[4].ms.push_back(Ms(BenchClock::now() - t));
      if (!big || big->size() != 1000) return fail(big ? MakeError(ErrorCode::kInternal, "short entries") : big.error());
    }

    t = BenchClock::now();
    if (auto st = log.Refresh(); !st) return fail(st.error());
    timings[5].ms.push_back(Ms(BenchClock::now() - t));

    if (!some_hashes.empty()) {
      t = BenchClock::now();
      auto h = log.ProveInclusionOfHash(some_hashes[r % some_hashes.size()], signed_size);
      timings[6].ms.push_back(Ms(BenchClock::now() - t));
      if (!h) return fail(h.error());
    }

    t = BenchClock::now();
    auto b = log.Bundle(below(signed_size));
    timings[7].ms.push_back(Ms(BenchClock::now() - t));
    if (!b) return fail(b.error());
  }

  const double db_mb = static_cast<double>(std::filesystem::file_size(db)) / 1e6;
  double leaf_bytes = 0;
  if (auto sample = log.Entries(0, std::min<std::uint64_t>(size, 1000)); sample && !sample->empty()) {
    for (const auto& l : *sample) leaf_bytes += static_cast<double>(l.leaf.size());
    leaf_bytes /= static_cast<double>(sample->size());
  }
  std::ostringstream md;
  md << "## Transparency log (issue 12)\n\n";
  md << fmt::format(
      "The transparency log of issue 12 (services/log, docs/transparency-log.md) in a SQLite database: {} service "
      "leaves (about {:.0f} bytes of canonical JSON each) appended through store::AppendLogLeaf in write transactions of "
      "{}, LogService::Tick signing a checkpoint (Ed25519) after each; then a fresh LogService loads the whole log and "
      "answers {} random requests of each kind (sizes and indexes uniform over the log; bench/log_bench.cpp). "
      "Times are in the service, without HTTP.\n\n",
      size, leaf_bytes, batch, requests);
  md << "| step | total | per unit |\n|---|---|---|\n";
  md << fmt::format("| append {} leaves in {} transactions | {:.1f} s | {:.0f} leaves/s; a transaction of {}: p50 {} ms, p99 {} ms |\n",
                    size, batch_ms.size(), append_s, static_cast<double>(size) / append_s, batch,
                    Fmt(Percentile(batch_ms, .5)), Fmt(Percentile(batch_ms, .99)));
  md << fmt::format("| sign checkpoints (LogService::Tick after each transaction) | {} checkpoints | p50 {} ms, p99 {} ms |\n",
                    checkpoints, Fmt(Percentile(tick_ms, .5)), Fmt(Percentile(tick_ms, .99)));
  md << fmt::format("| load the whole log into a fresh LogService (Refresh) | {} ms | {:.2f} µs per leaf |\n",
                    Fmt(refresh_ms), refresh_ms * 1000 / static_cast<double>(size));
  md << fmt::format("| database file | {:.0f} MB | |\n\n", db_mb);
  md << "| request | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n";
  for (const auto& t : timings) {
    md << fmt::format("| {} | {} | {} | {} |\n", t.name, Fmt(Percentile(t.ms, .5)), Fmt(Percentile(t.ms, .99)),
                      Fmt(Percentile(t.ms, 1.0)));
  }
  md << "\n";
  std::printf("%s", md.str().c_str());
  if (!markdown_path.empty()) {
    std::ofstream out(markdown_path);
    out << md.str();
  }
  if (!summary_path.empty()) {  // key=value figures for the goals table (bench/run.sh)
    std::ofstream out(summary_path);
    out << "leaves=" << size << "\n"
        << "checkpoint_p99=" << Fmt(Percentile(timings[0].ms, .99)) << "\n"
        << "inclusion_p99=" << Fmt(Percentile(timings[1].ms, .99)) << "\n"
        << "consistency_p99=" << Fmt(Percentile(timings[2].ms, .99)) << "\n"
        << "entries1000_p99=" << Fmt(Percentile(timings[4].ms, .99)) << "\n"
        << "bundle_p99=" << Fmt(Percentile(timings[7].ms, .99)) << "\n"
        << "load_ms=" << Fmt(refresh_ms) << "\n"
        << "tick_p99=" << Fmt(Percentile(tick_ms, .99)) << "\n";
  }
  return 0;
}

}  // namespace proven::bench
