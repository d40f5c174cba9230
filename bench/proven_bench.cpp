// Proven's search benchmark: generates realistic listings, builds the engine from the database,
// and measures it beside the usual alternatives on the same data and queries in one run.
//
//   proven_bench generate --count 100000 --db out/100k.db
//   proven_bench search --db out/100k.db [--fts5] [--reference] --markdown out/100k.md
//
// Figures are printed as a Markdown section (see bench/run.sh, which writes RESULTS.md).
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "cvss_bench.hpp"
#include "fts5_baseline.hpp"
#include "log_bench.hpp"
#include "match_bench.hpp"
#include "sbom_bench.hpp"
#include "product_bench.hpp"
#include "search/service_engine.hpp"
#include "services/query_params.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "synth/synth.hpp"

namespace proven::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr Date kToday{2026, 11, 28};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::size_t RssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

std::string Fmt(double ms) { return ms < 1 ? fmt::format("{:.3f}", ms) : ms < 100 ? fmt::format("{:.1f}", ms) : fmt::format("{:.0f}", ms); }

int Generate(std::size_t count, const std::string& db) {
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  std::filesystem::remove(db + "-shm");
  store::ConnectionPool pool(db, true);
  {
    auto conn = pool.Acquire();
    if (!conn || !store::ApplyMigrations(**conn)) {
      std::fprintf(stderr, "cannot create %s\n", db.c_str());
      return 1;
    }
  }
  store::SqlServiceStore store(pool);
  const auto t0 = Clock::now();
  std::vector<domain::Service> chunk;
  bool ok = true;
  synth::Options options;
  options.count = count;
  synth::GenerateServices(options, [&](domain::Service&& s) {
    s.id = 0;
    chunk.push_back(std::move(s));
    if (chunk.size() == 50000) {
      ok = ok && store.UpsertAll(chunk, false).has_value();
      chunk.clear();
    }
  });
  if (!chunk.empty()) ok = ok && store.UpsertAll(chunk, false).has_value();
  if (!ok) {
    std::fprintf(stderr, "writing %s failed\n", db.c_str());
    return 1;
  }
  std::printf("generated %zu listings into %s in %.1f s\n", count, db.c_str(), Ms(Clock::now() - t0) / 1000);
  return 0;
}

struct Measured {
  std::vector<double> first, warm;
  std::map<std::string, std::vector<double>> warm_by_category, first_by_category;
  int exact = 0;
};

int Search(const std::string& db, bool with_fts5, bool with_reference, const std::string& markdown_path,
           std::size_t query_count, int rounds, const std::string& summary_path) {
  std::map<std::string, std::string> summary;  // key=value lines for bench/run.sh
  store::ConnectionPool pool(db, false);
  store::SqlServiceStore store(pool);

  // The query set, parsed exactly as the API parses it.
  const auto generated = synth::GenerateQueries(query_count, 7);
  std::vector<search::ServiceQuery> queries;
  std::vector<std::string> categories;
  for (const auto& g : generated) {
    services::QueryParams p(g.params.begin(), g.params.end());
    auto parsed = services::ParseSearchParams(p, kToday);
    if (!parsed) {
      std::fprintf(stderr, "query does not parse: %s\n", parsed.error().message.c_str());
      return 1;
    }
    queries.push_back(parsed->query);
    categories.push_back(g.category);
  }

  // ---- the engine, built from the database
  const std::size_t rss_before = RssBytes();
  const auto t0 = Clock::now();
  search::IndexBuilder builder;
  auto seq = store.ForEach([&](domain::Service&& s) { builder.Add(search::ToIndexDoc(s)); });
  if (!seq) {
    std::fprintf(stderr, "%s\n", seq.error().detail.c_str());
    return 1;
  }
  search::SearchEngine engine;
  engine.ReplaceBase(builder.Finish());
  const double build_s = Ms(Clock::now() - t0) / 1000;
  malloc_trim(0);
  const std::size_t rss_after = RssBytes();
  const auto stats = engine.Stats();
  const std::size_t n = stats.base_docs;

  Measured ours;
  std::vector<search::EngineResult> results;
  for (const auto& q : queries) {
    const auto t = Clock::now();
    results.push_back(engine.Search(q));
    ours.first.push_back(Ms(Clock::now() - t));
    ours.first_by_category[categories[results.size() - 1]].push_back(ours.first.back());
  }
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto t = Clock::now();
      auto r = engine.Search(queries[i]);
      const double ms = Ms(Clock::now() - t);
      ours.warm.push_back(ms);
      ours.warm_by_category[categories[i]].push_back(ms);
      if (!(r == results[i])) {
        std::fprintf(stderr, "engine is not deterministic on query %zu\n", i);
        return 1;
      }
    }
  }
  const std::size_t rss_warm = RssBytes();

  // Writes: a changed service is searchable in its new state as soon as Apply returns; measure
  // how long that takes with the base at full size, while the overlay grows.
  std::vector<double> write_ms;
  {
    std::vector<std::int64_t> ids;
    (void)store.ForEach([&](domain::Service&& s) {
      if (ids.size() < 200 && s.id % 997 == 0) ids.push_back(s.id);
    });
    auto rows = store.FindByIds(ids);
    if (!rows) return 1;
    for (auto& s : *rows) {
      s.name = "更新済みサービス" + std::to_string(s.id);
      const auto t = Clock::now();
      engine.Upsert({search::ToIndexDoc(s)});
      write_ms.push_back(Ms(Clock::now() - t));
      search::ServiceQuery check;
      check.status = search::StatusFilter::kAll;
      check.text = s.name;
      if (engine.Search(check).total != 1) {
        std::fprintf(stderr, "an updated service is not searchable\n");
        return 1;
      }
    }
    // And the warm query set still answers in time with those writes in the overlay.
  }
  std::vector<double> after_writes;
  for (const auto& q : queries) {
    const auto t = Clock::now();
    (void)engine.Search(q);
    after_writes.push_back(Ms(Clock::now() - t));
  }

  std::ostringstream md;
  md << fmt::format("### {} listings\n\n", n);
  md << fmt::format("- Engine build from the database: **{:.1f} s**; resident memory after build: **{:.0f} MB** "
                    "(process before: {:.0f} MB); after the warm runs (term cache filled): {:.0f} MB.\n",
                    build_s, static_cast<double>(rss_after) / 1e6, static_cast<double>(rss_before) / 1e6,
                    static_cast<double>(rss_warm) / 1e6);
  md << fmt::format("- Writes: {} single-service updates applied in p50 {} ms / max {} ms each, each searchable in its new "
                    "state when the call returns; the query set with them in the overlay: p50 {} ms, p99 {} ms.\n",
                    write_ms.size(), Fmt(Percentile(write_ms, .5)), Fmt(Percentile(write_ms, 1.0)),
                    Fmt(Percentile(after_writes, .5)), Fmt(Percentile(after_writes, .99)));
  md << fmt::format("- Index structures: {:.0f} MB; term cache: {:.1f} MB in {} terms (cap {} MB).\n\n",
                    static_cast<double>(stats.index_bytes) / 1e6, static_cast<double>(engine.Stats().cache_bytes) / 1e6,
                    engine.Stats().cached_terms, engine.options().term_cache_bytes >> 20);

  struct Row {
    std::string name;
    double p50, p99;
    std::string exact;
    std::string build;
  };
  std::vector<Row> rows;
  rows.push_back({fmt::format("**Proven engine, warm** ({} rounds)", rounds), Percentile(ours.warm, .5), Percentile(ours.warm, .99), "", ""});
  rows.push_back({"**Proven engine, first use of each term**", Percentile(ours.first, .5), Percentile(ours.first, .99), "", fmt::format("{:.1f} s", build_s)});

  if (with_reference || with_fts5) {
    std::vector<search::IndexDoc> docs;
    (void)store.ForEach([&](domain::Service&& s) { docs.push_back(search::ToIndexDoc(s)); });
    const search::ServiceReference reference(docs);
    const auto& normalised = reference.normalised();
    Measured ref;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto t = Clock::now();
      auto want = reference.Search(queries[i]);
      ref.warm.push_back(Ms(Clock::now() - t));
      if (want == results[i]) ++ours.exact;
    }
    rows[0].exact = rows[1].exact = fmt::format("{}/{}", ours.exact, queries.size());
    rows.push_back({"Brute-force scan of pre-normalised text (the reference)", Percentile(ref.warm, .5),
                    Percentile(ref.warm, .99), "(reference)", ""});
    if (with_fts5) {
      const std::string path = db + ".fts5";
      const auto tb = Clock::now();
      auto fts = Fts5Baseline::Build(path, docs, normalised);
      if (!fts) {
        std::fprintf(stderr, "fts5: %s %s\n", fts.error().message.c_str(), fts.error().detail.c_str());
        return 1;
      }
      const double fts_build = Ms(Clock::now() - tb) / 1000;
      const double fts_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
      Measured f;
      for (std::size_t i = 0; i < queries.size(); ++i) {
        const auto t = Clock::now();
        auto r = (*fts)->Search(queries[i]);
        f.warm.push_back(Ms(Clock::now() - t));
        if (r && *r == results[i]) ++f.exact;
      }
      rows.push_back({"SQLite FTS5 trigram + SQL GROUP BY facets", Percentile(f.warm, .5), Percentile(f.warm, .99),
                      fmt::format("{}/{}", f.exact, queries.size()), fmt::format("{:.1f} s / {:.0f} MB", fts_build, fts_mb)});
      fts->reset();
      std::filesystem::remove(path);
    }
  }

  summary["n"] = std::to_string(n);
  summary["build_s"] = fmt::format("{:.1f}", build_s);
  summary["rss_mb"] = fmt::format("{:.0f}", static_cast<double>(rss_after) / 1e6);
  summary["warm_p50"] = Fmt(rows[0].p50);
  summary["warm_p99"] = Fmt(rows[0].p99);
  summary["first_p99"] = Fmt(rows[1].p99);
  summary["exact"] = rows[0].exact;
  summary["write_max_ms"] = Fmt(Percentile(write_ms, 1.0));
  if (rows.size() >= 4) {
    summary["fts5_p99"] = Fmt(rows[3].p99);
    summary["fts5_ratio"] = fmt::format("{:.0f}", rows[3].p99 / std::max(rows[0].p99, 1e-6));
    summary["fts5_exact"] = rows[3].exact;
  }
  if (rows.size() >= 3) summary["scan_p99"] = Fmt(rows[2].p99);
  if (!summary_path.empty()) {
    std::ofstream out(summary_path);
    for (const auto& [k, v] : summary) out << k << "=" << v << "\n";
  }
  md << "| engine | p50 ms | p99 ms | exact (same as brute force) | build / size |\n|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    md << fmt::format("| {} | {} | {} | {} | {} |\n", r.name, Fmt(r.p50), Fmt(r.p99), r.exact, r.build);
  }
  if (rows.size() >= 4) {
    md << fmt::format("\nWarm p99 is **{:.0f}×** lower than SQLite FTS5 trigram with GROUP BY facets.\n",
                      rows[3].p99 / std::max(rows[0].p99, 1e-6));
  }
  md << "\nLatency by query category (ms):\n\n| category | warm p50 | warm p99 | first use p50 | first use max |\n|---|---|---|---|---|\n";
  for (const auto& [cat, v] : ours.warm_by_category) {
    const auto& f = ours.first_by_category[cat];
    md << fmt::format("| {} | {} | {} | {} | {} |\n", cat, Fmt(Percentile(v, .5)), Fmt(Percentile(v, .99)),
                      Fmt(Percentile(f, .5)), Fmt(Percentile(f, 1.0)));
  }
  md << "\n";
  std::printf("%s", md.str().c_str());
  if (!markdown_path.empty()) std::ofstream(markdown_path) << md.str();
  return 0;
}

}  // namespace
}  // namespace proven::bench

int main(int argc, char** argv) {
  mallopt(M_TRIM_THRESHOLD, 256 << 20);  // as the proven binary does (src/main.cpp)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  CLI::App app{"Proven search benchmark"};
  app.require_subcommand(1);
  std::string db;
  std::size_t count = 100000;
  auto* gen = app.add_subcommand("generate", "Generate listings into a new database");
  gen->add_option("--count", count)->required();
  gen->add_option("--db", db)->required();
  bool fts5 = false;
  bool reference = false;
  std::string markdown;
  std::size_t queries = 200;
  auto* search = app.add_subcommand("search", "Measure the engine and the baselines");
  search->add_option("--db", db)->required();
  search->add_flag("--fts5", fts5, "Also measure SQLite FTS5 trigram (slow to build above 100k)");
  search->add_flag("--reference", reference, "Also run the brute-force reference (checks exactness)");
  search->add_option("--markdown", markdown, "Write the section to this file");
  search->add_option("--queries", queries)->capture_default_str();
  int rounds = 5;
  search->add_option("--rounds", rounds, "Warm rounds over the query set")->capture_default_str();
  std::string summary;
  search->add_option("--summary", summary, "Write key=value figures to this file");
  auto* products = app.add_subcommand("products", "Measure the verified-product catalogue's engine (synthetic products)");
  std::size_t product_count = 10000;
  products->add_option("--count", product_count)->capture_default_str();
  products->add_option("--queries", queries)->capture_default_str();
  products->add_option("--rounds", rounds)->capture_default_str();
  products->add_option("--markdown", markdown, "Write the section to this file");
  auto* sbom = app.add_subcommand("sbom", "Measure the OSV matcher, the reverse index and the OSV import (issue 15)");
  proven::bench::SbomBenchOptions sbom_options;
  sbom->add_option("--records", sbom_options.records, "OSV records in the warm index")->capture_default_str();
  sbom->add_option("--sboms", sbom_options.sboms, "SBOMs in the reverse index")->capture_default_str();
  sbom->add_option("--components", sbom_options.components, "Components per SBOM in the reverse index")
      ->capture_default_str();
  sbom->add_option("--import", sbom_options.import_records, "Records to write and import (0: skip)")
      ->capture_default_str();
  sbom->add_option("--work-dir", sbom_options.work_dir)->capture_default_str();
  sbom->add_option("--markdown", markdown, "Write the section to this file");
  auto* cvss = app.add_subcommand("cvss", "Measure CVSS v3.1 and v4.0 scoring, vectors per second (issue 16)");
  proven::bench::CvssBenchOptions cvss_options;
  cvss->add_option("--vectors", cvss_options.vectors, "Distinct vectors per kind")->capture_default_str();
  cvss->add_option("--rounds", cvss_options.rounds, "Passes over them (the best is reported)")->capture_default_str();
  cvss->add_option("--markdown", markdown, "Write the section to this file");
  auto* match = app.add_subcommand("match", "Measure matching needs (services/matching) on synthetic listings");
  std::size_t match_count = 3000;
  match->add_option("--count", match_count)->capture_default_str();
  match->add_option("--rounds", rounds)->capture_default_str();
  match->add_option("--markdown", markdown, "Write the section to this file");
  auto* log = app.add_subcommand("log", "Measure the transparency log (services/log): appends, checkpoints, loading, proofs");
  std::size_t log_count = 100000;
  std::size_t log_batch = 1000;
  std::size_t log_requests = 2000;
  std::string log_db = "bench/out/log.db";
  log->add_option("--count", log_count, "Leaves to append")->capture_default_str();
  log->add_option("--batch", log_batch, "Leaves per write transaction")->capture_default_str();
  log->add_option("--requests", log_requests, "Random requests of each kind")->capture_default_str();
  log->add_option("--db", log_db, "The SQLite file to create (replaced)")->capture_default_str();
  log->add_option("--markdown", markdown, "Write the section to this file");
  std::string log_summary;
  log->add_option("--summary", log_summary, "Write key=value figures to this file");
  auto* paths = app.add_subcommand("paths", "Print the query set as API paths (for wrk)");
  std::size_t path_count = 200;
  paths->add_option("--queries", path_count)->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (paths->parsed()) {
    for (const auto& q : proven::synth::GenerateQueries(path_count, 7)) {
      std::vector<std::pair<std::string, std::string>> params = q.params;
      std::printf("/api/v1/services?%s\n", proven::services::EncodeQuery(params).c_str());
    }
    return 0;
  }
  if (gen->parsed()) return proven::bench::Generate(count, db);
  if (match->parsed()) return proven::bench::MatchBench(match_count, rounds, markdown);
  if (cvss->parsed()) {
    cvss_options.markdown_path = markdown;
    return proven::bench::CvssBench(cvss_options);
  }
  if (sbom->parsed()) {
    sbom_options.markdown_path = markdown;
    return proven::bench::SbomBench(sbom_options);
  }
  if (log->parsed()) return proven::bench::LogBench(log_count, log_batch, log_requests, log_db, markdown, log_summary);
  if (products->parsed()) return proven::bench::ProductSearch(product_count, queries, rounds, markdown);
  return proven::bench::Search(db, fts5, reference, markdown, queries, rounds, summary);
}
