#include "match_bench.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "services/matching/matching_service.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/registry_service.hpp"
#include "store/migrations.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "synth/synth.hpp"

#include "timing.hpp"

namespace proven::bench {

namespace {


struct Case {
  std::string label;
  domain::Needs needs;
};

std::vector<Case> Cases() {
  std::vector<Case> out;
  domain::Needs a;
  a.industry = "製造業";
  a.regions = {"東京都"};
  a.problems = {"suspected_infection"};
  out.push_back({"製造業, 東京都, a problem (forensics)", a});
  domain::Needs b;
  b.regions = {"大阪府", "兵庫県"};
  b.problems = {"website_vulnerabilities", "round_the_clock_monitoring"};
  b.text = "クラウド 24時間";
  out.push_back({"two prefectures, two problems, free text", b});
  domain::Needs c;
  c.industry = "金融・保険業";
  out.push_back({"an industry only (every valid service ranked)", c});
  domain::Needs d;
  out.push_back({"nothing asked (every valid service)", d});
  return out;
}

}  // namespace

int MatchBench(std::size_t count, int rounds, const std::string& markdown_path) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("proven-match-bench-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "match.db").string();
  {
    store::ConnectionPool pool(db, true);
    auto conn = pool.Acquire();
    if (!conn || !store::ApplyMigrations(**conn)) return 1;
  }
  store::ConnectionPool pool(db, false);
  store::SqlServiceStore services(pool);
  std::vector<domain::Service> all;
  synth::Options options;
  options.count = count;
  synth::GenerateServices(options, [&](domain::Service&& s) {
    s.id = 0;
    all.push_back(std::move(s));
  });
  if (!services.UpsertAll(all, false)) return 1;
  services::RegistryService registry(services);
  if (!registry.Reload()) return 1;
  store::SqlProgrammeStore programme(pool);
  store::SqlVerificationStore verification(pool);
  services::ProductCatalogue catalogue(verification, programme);
  if (!catalogue.Reload()) return 1;
  store::SqlCaseStore case_store(pool);
  services::CaseService cases(case_store, verification);
  const Date today = options.today;
  services::MatchingService matching(registry, catalogue, cases, [today] { return today; });

  const auto t0 = BenchClock::now();
  auto set = matching.Candidates();
  const double build_ms = Ms(BenchClock::now() - t0);
  if (!set) return 1;
  std::ostringstream md;
  md << fmt::format("### Matching needs, {} synthetic listings ({} valid on {})\n\n", count, set->services->size(),
                    today.ToIso());
  md << fmt::format(
      "`proven_bench match --count {}` (bench/match_bench.cpp): MatchingService on SQLite, single-threaded, {} rounds. "
      "Building the candidates (once per registry generation and day): **{:.1f} ms**. Then per request "
      "(MatchingService::Match: candidates from the cache, MatchNeeds, one page of 20):\n\n",
      count, rounds, build_ms);
  md << "| needs | matches | p50 ms | p99 ms |\n|---|---|---|---|\n";
  for (const auto& c : Cases()) {
    std::vector<double> times;
    std::size_t total = 0;
    for (int r = 0; r < rounds; ++r) {
      const auto t = BenchClock::now();
      auto page = matching.Match(c.needs, {1, 20});
      times.push_back(Ms(BenchClock::now() - t));
      if (!page) return 1;
      total = page->total;
    }
    md << fmt::format("| {} | {} | {:.2f} | {:.2f} |\n", c.label, total, Percentile(times, .5), Percentile(times, .99));
  }
  md << "\n";
  std::printf("%s", md.str().c_str());
  if (!markdown_path.empty()) std::ofstream(markdown_path) << md.str();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}

}  // namespace proven::bench
