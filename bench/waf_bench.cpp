// The WAF suite's own throughput (issue 14, docs/adr/0017): the same plan sent by the suite (one
// thread, asio) to (1) the oracle backend alone — the suite's ceiling, (2) nginx without ModSecurity
// (the null WAF) and (3) nginx + ModSecurity + OWASP CRS at paranoia level 1 (Debian packages,
// tests/support/waf_target.cpp), both proxying to the oracle backend. Prints req/s and the suite's
// CPU (its sending thread: user + system seconds ÷ wall seconds = the share of one core it used).
// Shows that against the real WAF the WAF, not the suite, is the bottleneck.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "support/waf_target.hpp"
#include "waf/corpus.hpp"
#include "waf/oracle_backend.hpp"
#include "waf/plan.hpp"
#include "waf/runner.hpp"
#include "waf/target.hpp"

using namespace proven;
using namespace proven::waf;

namespace {

std::string Get(const std::string& q) {
  return "GET {{proven:base}}/?" + q +
         " HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\nAccept: */*\r\n\r\n";
}
std::string Post(const std::string& ct, const std::string& body) {
  return "POST {{proven:base}}/ HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n"
         "Accept: */*\r\nContent-Type: " + ct + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Half attacks, half benign, over query, form and JSON: the mix of the default plan.
Plan BenchPlan(int n) {
  const std::vector<std::pair<Expect, std::string>> mix = {
      {Expect::kBlock, Get("id=1%27%20OR%20%271%27%3D%271")},
      {Expect::kBlock, Get("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")},
      {Expect::kBlock, Get("f=../../../../etc/passwd")},
      {Expect::kBlock, Post("application/x-www-form-urlencoded", "cmd=%3Bcat%20%2Fetc%2Fpasswd")},
      {Expect::kBlock, Post("application/json", R"({"id":"1' OR '1'='1"})")},
      {Expect::kAllow, Get("q=hello+world")},
      {Expect::kAllow, Get("q=select+your+colour")},
      {Expect::kAllow, Post("application/x-www-form-urlencoded", "name=%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E&city=%E6%9D%B1%E4%BA%AC%E9%83%BD")},
      {Expect::kAllow, Post("application/json", R"({"name":"山田太郎","city":"東京都"})")},
      {Expect::kAllow, Get("author=Tim+O%27Reilly&page=2")},
  };
  Plan p;
  p.seed = 42;
  for (int i = 0; i < n; ++i) {
    CompiledRequest r;
    r.id = fmt::format("{:016x}", 0xbe4c000000000000ULL + static_cast<unsigned>(i));
    r.category = "bench";
    r.expect = mix[static_cast<std::size_t>(i) % mix.size()].first;
    r.tmpl = mix[static_cast<std::size_t>(i) % mix.size()].second;
    p.requests.push_back(std::move(r));
  }
  return p;
}

struct Row {
  std::string name;
  double rate = 0, seconds = 0, cpu = 0;
  int blocked = 0, passed = 0, unresolved = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

double ProcessCpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"WAF suite throughput"};
  int requests = 20000;
  int connections = 32;
  std::string markdown, summary;
  std::string corpus_dir = PROVEN_WAF_DATA_DIR;
  app.add_option("--corpus", corpus_dir, "the corpus of the default plan (a fourth row: that plan against nginx + CRS)");
  app.add_option("--requests", requests, "requests per target");
  app.add_option("--connections", connections, "connections");
  app.add_option("--markdown", markdown, "write a Markdown section here");
  app.add_option("--summary", summary, "write key=value lines here");
  CLI11_PARSE(app, argc, argv);

  const auto packages = proven::testing::FindWafPackages();
  if (!packages.available()) {
    std::fprintf(stderr, "nginx, libnginx-mod-http-modsecurity and modsecurity-crs are needed\n");
    return 1;
  }
  auto oracle = OracleBackend::Start();
  if (!oracle) {
    std::fprintf(stderr, "%s\n", oracle.error().message.c_str());
    return 1;
  }
  // `crit`: ModSecurity logs every block at [error] (about 1 KB each); not wanted in a throughput run.
  proven::testing::NginxModSecurity nginx(packages, (*oracle)->port(), 1, "crit");
  if (auto err = nginx.Start(); !err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  const Plan plan = BenchPlan(requests);
  // The default plan `proven waf run` sends (GoTestWAF, CRS regression tests, ours): large bodies and
  // dedicated connections, so it is slower per request than the small mix above.
  auto corpus = LoadCorpus(corpus_dir);
  if (!corpus) {
    std::fprintf(stderr, "%s\n", corpus.error().message.c_str());
    return 1;
  }
  auto full = Compile(*corpus, 42);
  if (!full) {
    std::fprintf(stderr, "%s\n", full.error().message.c_str());
    return 1;
  }
  const std::string full_name = fmt::format("default plan ({} requests, seed 42) → nginx + ModSecurity 3 + CRS PL1",
                                            full->requests.size());
  std::vector<Row> rows;
  double backend_cpu_share = 0;
  for (const auto& [name, url, preflight, sent] : std::vector<std::tuple<std::string, std::string, std::string, const Plan*>>{
           {"backend alone (the suite's ceiling)", "http://127.0.0.1:" + std::to_string((*oracle)->port()), "benign", &plan},
           {"nginx, no ModSecurity (null WAF)", nginx.null_url(), "benign", &plan},
           {"nginx + ModSecurity 3 + CRS PL1", nginx.waf_url(), "strict", &plan},
           {full_name, nginx.waf_url(), "strict", &*full}}) {
    auto target = ParseTarget(url);
    if (!target) return 1;
    RunSettings s;
    s.connections = connections;
    s.preflight = preflight;
    const double cpu0 = ProcessCpu();
    auto run = RunPlan(*sent, *target, s, **oracle);
    const double process_cpu = ProcessCpu() - cpu0;
    if (!run) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), run.error().message.c_str());
      return 1;
    }
    Row row;
    row.name = name;
    row.seconds = run->seconds;
    row.rate = static_cast<double>(sent->requests.size()) / run->seconds;
    row.cpu = run->suite_cpu_seconds;
    std::vector<std::uint32_t> lat;
    for (const auto& r : run->results) lat.push_back(r.latency_us);
    std::sort(lat.begin(), lat.end());
    if (!lat.empty()) {
      row.p50_ms = lat[lat.size() / 2] / 1000.0;
      row.p99_ms = lat[std::min(lat.size() - 1, lat.size() * 99 / 100)] / 1000.0;
      row.max_ms = lat.back() / 1000.0;
    }
    for (const auto& r : run->results) {
      row.blocked += r.verdict == Verdict::kBlocked;
      row.passed += r.verdict == Verdict::kPassed;
      row.unresolved += r.verdict == Verdict::kUnresolved;
    }
    backend_cpu_share = (process_cpu - run->suite_cpu_seconds) / run->seconds;
    std::printf("%-40s %8.0f req/s  %6.2f s  suite CPU %5.1f%% of a core  backend CPU %5.1f%%  blocked %d passed %d unresolved %d  latency p50 %.1f p99 %.1f max %.0f ms\n",
                name.c_str(), row.rate, row.seconds, 100 * row.cpu / row.seconds, 100 * backend_cpu_share, row.blocked,
                row.passed, row.unresolved, row.p50_ms, row.p99_ms, row.max_ms);
    rows.push_back(row);
  }
  nginx.Stop();
  if (!summary.empty()) {
    std::ofstream out(summary);
    out << fmt::format("backend_rate={:.0f}\nnull_rate={:.0f}\nwaf_rate={:.0f}\nwaf_suite_cpu_pct={:.1f}\nnull_suite_cpu_pct={:.1f}\n"
                       "full_plan_rate={:.0f}\nfull_plan_requests={}\nfull_plan_suite_cpu_pct={:.1f}\nrequests={}\nconnections={}\nruleset={}\n",
                       rows[0].rate, rows[1].rate, rows[2].rate, 100 * rows[2].cpu / rows[2].seconds,
                       100 * rows[1].cpu / rows[1].seconds, rows[3].rate, full->requests.size(),
                       100 * rows[3].cpu / rows[3].seconds, requests, connections, nginx.ruleset());
  }
  if (!markdown.empty()) {
    std::ofstream out(markdown);
    out << "## WAF suite\n\n"
        << "`proven waf`'s sender (one thread, Boost.Asio, " << connections << " keep-alive connections, no rate limit) sending "
        << requests << " requests (half attacks, half benign; query, form and JSON) to three targets on loopback, each "
        << "proxying to the suite's oracle backend, then the whole default plan of `proven waf run` (seed 42) to the real WAF: "
        << "bench/waf_bench.cpp. Suite CPU = the sending thread's user + system time "
        << "÷ wall time (100% = one core). Rule set: " << nginx.ruleset() << ", error log at `crit`. "
        << "Design: docs/adr/0017-waf-effectiveness-suite.md.\n\n"
        << "| target | req/s | seconds | suite CPU | blocked | passed | unresolved | latency p50 / p99 / max (ms) |\n"
        << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : rows) {
      out << fmt::format("| {} | {:.0f} | {:.2f} | {:.0f}% | {} | {} | {} | {:.1f} / {:.1f} / {:.0f} |\n", r.name, r.rate, r.seconds,
                         100 * r.cpu / r.seconds, r.blocked, r.passed, r.unresolved, r.p50_ms, r.p99_ms, r.max_ms);
    }
    out << "\n";
  }
  return 0;
}
