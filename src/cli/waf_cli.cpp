#include "cli/waf_cli.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/core.h>

#include "waf/corpus.hpp"
#include "waf/metrics.hpp"
#include "waf/oracle_backend.hpp"
#include "waf/plan.hpp"
#include "waf/runner.hpp"
#include "waf/target.hpp"
#include "waf/verdict.hpp"
#include "web/waf/waf_report_html.hpp"

namespace proven::cli {
namespace {

namespace fs = std::filesystem;

int Fail(const Error& e, int code) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
  return code;
}

int ExitFor(const Error& e) { return e.code == ErrorCode::kInvalidArgument ? kWafExitBadInput : kWafExitFailure; }

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return proven::Fail(ErrorCode::kInvalidArgument, fmt::format("cannot read {}", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Written whole to a temporary file beside it, then renamed: a reader never sees half a file.
Status WriteWhole(const std::string& path, const std::string& content) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return proven::Fail(ErrorCode::kInvalidArgument, fmt::format("cannot write {}", path));
    out << content;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return proven::Fail(ErrorCode::kInternal, fmt::format("writing {} failed", path));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return proven::Fail(ErrorCode::kInternal, fmt::format("cannot write {}", path), ec.message());
  }
  return {};
}

Result<web::Lang> ParseLang(const std::string& s) {
  if (s == "ja") return web::Lang::kJa;
  if (s == "en") return web::Lang::kEn;
  return proven::Fail(ErrorCode::kInvalidArgument, "--lang must be ja or en", {}, "lang");
}

std::string HostPort(const std::string& host, int port) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

// --oracle-listen: the backend the WAF under test proxies to, listening before the run starts. A
// value that is not HOST:PORT and a port that cannot be had are both bad input (exit 2).
Result<std::unique_ptr<waf::OracleBackend>> StartOracle(const std::string& listen) {
  auto addr = waf::ParseListenAddress(listen);
  if (!addr) {
    Error e = addr.error();
    e.message = "--oracle-listen: " + e.message;
    return proven::Fail(e);
  }
  auto started = waf::OracleBackend::Start(addr->host, addr->port);
  if (!started) {
    return proven::Fail(ErrorCode::kInvalidArgument,
                        fmt::format("--oracle-listen: cannot listen on {} ({}; is another program using the port?)",
                                    HostPort(addr->host, addr->port), started.error().detail),
                        {}, "oracle-listen");
  }
  return started;
}

std::string DefaultRequestsPath(const std::string& report) {
  fs::path p(report);
  if (p.extension() == ".json") p.replace_extension(".jsonl");
  else p += ".jsonl";
  return p.string();
}

// The run itself: the corpus compiled into the plan (waf::LoadCorpus, waf::Compile), the target and
// the profile's settings (waf::ParseTarget, ResolveRunSettings, waf::EffectiveSettings), the run
// (waf::RunPlan; a failed pre-flight exits 3), then the outputs (WriteRunOutputs).
int ExecuteRun(const WafRunFlags& f) {
  auto lang = ParseLang(f.lang);
  if (!lang) return Fail(lang.error(), kWafExitBadInput);
  auto target = waf::ParseTarget(f.target);
  if (!target) {
    Error e = target.error();
    e.message = "--target: " + e.message;
    return Fail(e, ExitFor(e));
  }
  auto flags = ResolveRunSettings(f, target->loopback);
  if (!flags) return Fail(flags.error(), kWafExitBadInput);
  auto settings = waf::EffectiveSettings(*flags, *target);
  if (!settings) return Fail(settings.error(), kWafExitBadInput);
  std::unique_ptr<waf::OracleBackend> oracle;
  if (!f.oracle_listen.empty()) {
    auto started = StartOracle(f.oracle_listen);
    if (!started) return Fail(started.error(), kWafExitBadInput);
    oracle = std::move(*started);
    settings->oracle = true;
    // The port actually listened on (for port 0), on a line of its own that a script can read.
    std::fprintf(stderr, "proven waf: oracle backend listening on %s\n", HostPort(oracle->host(), oracle->port()).c_str());
    std::fflush(stderr);
  }
  const std::string dir = f.corpus.empty() ? waf::DefaultCorpusDir() : f.corpus;
  auto corpus = waf::LoadCorpus(dir);
  if (!corpus) return Fail(corpus.error(), ExitFor(corpus.error()));
  const std::uint64_t seed = f.seed ? *f.seed : waf::RandomSeed();
  auto plan = waf::Compile(*corpus, seed);
  if (!plan) return Fail(plan.error(), ExitFor(plan.error()));
  std::fprintf(stderr, "proven waf: %zu requests to %s (profile %s, seed %llu)\n", plan->requests.size(),
               target->url.c_str(), settings->profile.c_str(), static_cast<unsigned long long>(seed));
  auto run = oracle ? waf::RunPlan(*plan, *target, *settings, *oracle) : waf::RunPlan(*plan, *target, *settings);
  if (!run) {
    if (run.error().field == waf::kPreflightField) return Fail(run.error(), kWafExitPreflight);
    return Fail(run.error(), ExitFor(run.error()));
  }
  WafOutputs out;
  out.report = f.report;
  out.requests = f.requests;
  out.html = f.html;
  out.junit = f.junit;
  out.lang = f.lang;
  out.target_name = f.name;
  auto summary = WriteRunOutputs(out, *plan, *target, *settings, *run);
  if (!summary) return Fail(summary.error(), kWafExitFailure);
  auto rate = [](std::optional<double> v, const std::optional<waf::Interval>& ci) {
    if (!v) return std::string("n/a");
    return ci ? fmt::format("{:.3f} [{:.3f}, {:.3f}]", *v, ci->lo, ci->hi) : fmt::format("{:.3f}", *v);
  };
  std::printf("grade %s  balanced_accuracy %s  tpr %s  fpr %s\n", summary->grade.c_str(),
              rate(summary->headline.ba, summary->headline.ba_ci).c_str(),
              rate(summary->headline.tpr, summary->headline.tpr_ci).c_str(),
              rate(summary->headline.fpr, summary->headline.fpr_ci).c_str());
  std::printf("%lld requests in %.2f s; report %s\n", static_cast<long long>(summary->requests), summary->seconds,
              f.report.c_str());
  return kWafExitOk;
}

int RunCompare(const WafCommands& c) {
  auto read = [](const std::string& path) -> Result<waf::ReportSummary> {
    auto text = ReadWhole(path);
    if (!text) return proven::Fail(text.error());
    auto r = waf::ReadReport(*text);
    if (!r) {
      Error e = r.error();
      e.message = path + ": " + e.message;
      return proven::Fail(e);
    }
    return r;
  };
  auto a = read(c.compare_a);
  if (!a) return Fail(a.error(), ExitFor(a.error()));
  auto b = read(c.compare_b);
  if (!b) return Fail(b.error(), ExitFor(b.error()));
  auto comparison = waf::Compare(*a, *b);
  // The per-request files, when both reports name one that is there.
  if (!a->requests_file.empty() && !b->requests_file.empty()) {
    const auto pa = fs::path(c.compare_a).parent_path() / a->requests_file;
    const auto pb = fs::path(c.compare_b).parent_path() / b->requests_file;
    std::error_code ec;
    if (fs::exists(pa, ec) && fs::exists(pb, ec)) {
      auto ta = ReadWhole(pa.string());
      auto tb = ReadWhole(pb.string());
      if (ta && tb) {
        auto flips = waf::CompareRequests(*ta, *tb);
        if (flips) {
          comparison["requests"] = *flips;
        } else {
          std::fprintf(stderr, "warning: per-request files not compared: %s\n", flips.error().message.c_str());
        }
      }
    }
  }
  std::fputs(waf::CompareText(comparison).c_str(), stdout);
  if (!c.compare_json.empty()) {
    if (auto st = WriteWhole(c.compare_json, comparison.dump(2) + "\n"); !st) return Fail(st.error(), kWafExitFailure);
  }
  return c.fail_on_regression && waf::Regressed(comparison) ? kWafExitFailure : kWafExitOk;
}

int RunHtml(const WafCommands& c) {
  auto lang = ParseLang(c.html_lang);
  if (!lang) return Fail(lang.error(), kWafExitBadInput);
  auto text = ReadWhole(c.html_report);
  if (!text) return Fail(text.error(), kWafExitBadInput);
  auto r = waf::ReadReport(*text);
  if (!r) {
    Error e = r.error();
    e.message = c.html_report + ": " + e.message;
    return Fail(e, kWafExitBadInput);
  }
  auto html = web::WafReportHtml(*r, *lang);
  if (!html) return Fail(html.error(), kWafExitFailure);
  if (auto st = WriteWhole(c.html_out, *html); !st) return Fail(st.error(), kWafExitFailure);
  return kWafExitOk;
}

}  // namespace

Result<std::vector<int>> ParseStatusList(std::string_view text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    int v = 0;
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || p != part.data() + part.size() || v < 100 || v > 599) {
      return proven::Fail(ErrorCode::kInvalidArgument,
                          fmt::format("--block-status: \"{}\" is not a status code 100-599 (give e.g. 403,406)", part),
                          {}, "block-status");
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<waf::RunSettings> ResolveRunSettings(const WafRunFlags& f, bool loopback) {
  waf::RunSettings s;
  auto bad = [](std::string flag, std::string message) {
    return proven::Fail(ErrorCode::kInvalidArgument, "--" + flag + ": " + message, {}, flag);
  };
  if (f.rate.empty()) {
    if (loopback) {
      s.profile = "unlimited";
    } else {
      s.profile = "polite";
      s.rate = kPoliteRate;
    }
  } else if (f.rate == "unlimited") {
    if (!loopback) {
      return bad("rate", "unlimited is only for a target on this machine (loopback); the default for others is " +
                             fmt::format("{:g}", kPoliteRate) + " requests per second");
    }
    s.profile = "unlimited";
  } else {
    double r = 0;
    const auto [p, ec] = std::from_chars(f.rate.data(), f.rate.data() + f.rate.size(), r);
    if (ec != std::errc() || p != f.rate.data() + f.rate.size() || !std::isfinite(r) || r <= 0 || r > 1e6) {
      return bad("rate", "give a number of requests per second above 0 (at most 1000000) or unlimited");
    }
    s.profile = !loopback && r <= kPoliteRate ? "polite" : "custom";
    s.rate = r;
  }
  s.connections = f.connections.value_or(loopback ? kLoopbackConnections : kPoliteConnections);
  if (s.connections < 1 || s.connections > 1024) return bad("connections", "give 1 to 1024");
  if (f.timeout_ms < 1 || f.timeout_ms > 600000) return bad("timeout", "give 1 to 600000 milliseconds");
  s.timeout_ms = f.timeout_ms;
  if (f.canary_every < 0 || f.canary_every > 1000000) return bad("canary-every", "give 0 (no canaries) to 1000000");
  s.canary_every = f.canary_every;
  if (f.preflight != "strict" && f.preflight != "benign" && f.preflight != "off") {
    return bad("preflight", "give strict, benign or off");
  }
  s.preflight = f.preflight;
  auto statuses = ParseStatusList(f.block_status);
  if (!statuses) return proven::Fail(statuses.error());
  s.block_status = *statuses;
  if (!f.block_regex.empty()) {
    // Compiled as the runner compiles it (PCRE2), so a pattern it would refuse is refused here.
    if (auto compiled = waf::BlockPattern::Compile(f.block_regex); !compiled) {
      return bad("block-regex", "not a valid regular expression (" + compiled.error().message + ")");
    }
    s.block_regex = f.block_regex;
  }
  if (f.ruleset.size() > 500) return bad("ruleset", "at most 500 characters");
  s.ruleset = f.ruleset;
  return s;
}

Result<waf::ReportSummary> WriteRunOutputs(const WafOutputs& out, const waf::Plan& plan, const waf::Target& target,
                                           const waf::RunSettings& settings, const waf::RunResult& run) {
  auto lang = ParseLang(out.lang);
  if (!lang) return proven::Fail(lang.error());
  const std::string requests = out.requests.empty() ? DefaultRequestsPath(out.report) : out.requests;
  std::ostringstream jsonl;
  waf::WriteJsonl(jsonl, plan, run);
  if (auto st = WriteWhole(requests, jsonl.str()); !st) return proven::Fail(st.error());
  // The report names the JSONL relative to itself when it lies beside it.
  std::string requests_name = requests;
  if (fs::absolute(requests).parent_path() == fs::absolute(out.report).parent_path()) {
    requests_name = fs::path(requests).filename().string();
  }
  auto rendered = waf::RenderReport(plan, target, settings, run, {out.tool_version, out.target_name, requests_name});
  if (!rendered) return proven::Fail(rendered.error());
  const auto* summary = &rendered->summary;
  if (auto st = WriteWhole(out.report, rendered->text); !st) return proven::Fail(st.error());
  if (!out.junit.empty()) {
    if (auto st = WriteWhole(out.junit, waf::JunitXml(plan, run)); !st) return proven::Fail(st.error());
  }
  if (!out.html.empty()) {
    auto html = web::WafReportHtml(*summary, *lang);
    if (!html) return proven::Fail(html.error());
    if (auto st = WriteWhole(out.html, *html); !st) return proven::Fail(st.error());
  }
  return std::move(rendered->summary);
}

std::unique_ptr<WafCommands> AddWafCommands(CLI::App& app) {
  auto c = std::make_unique<WafCommands>();
  auto* waf = app.add_subcommand("waf", "The WAF effectiveness suite (docs/adr/0017-waf-effectiveness-suite.md)");
  waf->require_subcommand(1);

  c->run = waf->add_subcommand("run", "Send the test plan to a WAF and write the report");
  auto& f = c->run_flags;
  c->run->add_option("--target", f.target, "The WAF's URL (http://host[:port][/base])")->required();
  c->run->add_option("--report", f.report, "The JSON report to write (proven.waf.report/1)")->required();
  c->run->add_option("--seed", f.seed, "Seed of the order and the random encodings (default: random, in the report)");
  c->run->add_option("--rate", f.rate,
                     "Requests per second, or unlimited (loopback targets only; default there). Other targets: "
                     "20 by default");
  c->run->add_option("--connections", f.connections, "Connections (default 32 on loopback, 2 elsewhere)");
  c->run->add_option("--block-status", f.block_status, "Status codes that mean blocked (default 403,406)");
  c->run->add_option("--block-regex", f.block_regex, "A block page's pattern (body or headers), e.g. one served with 200");
  c->run->add_option("--timeout", f.timeout_ms, "Per-request timeout in milliseconds (default 10000)");
  c->run->add_option("--corpus", f.corpus, "The corpus directory (default: the source tree's data/waf)");
  c->run->add_option("--ruleset", f.ruleset, "The WAF's rule-set version as you state it (in the report)");
  c->run->add_option("--name", f.name, "The product's name (in the report)");
  c->run->add_option("--html", f.html, "Also write the HTML summary here");
  c->run->add_option("--junit", f.junit, "Also write JUnit XML here");
  c->run->add_option("--requests", f.requests, "The per-request JSONL (default: beside the report, .jsonl)");
  c->run->add_option("--lang", f.lang, "Language of the HTML summary: ja (default) or en");
  c->run->add_option("--preflight", f.preflight, "strict (default), benign or off");
  c->run->add_option("--canary-every", f.canary_every, "A benign canary every N requests (default 100; 0: none)");
  c->run->add_option("--oracle-listen", f.oracle_listen,
                     "For a WAF you run: listen on HOST:PORT (an IP address or localhost; port 0 = any free port, "
                     "printed on stderr) as the backend the WAF proxies to, and judge each request by whether it "
                     "arrived there (oracle) instead of by the response");

  c->compare = waf->add_subcommand("compare", "Compare two reports (A the baseline, B the new run)");
  c->compare->add_option("a", c->compare_a, "Report A (JSON)")->required();
  c->compare->add_option("b", c->compare_b, "Report B (JSON)")->required();
  c->compare->add_option("--json", c->compare_json, "Also write the comparison as JSON here");
  c->compare->add_flag("--fail-on-regression", c->fail_on_regression,
                       "Exit 1 when B's balanced accuracy is lower with intervals that do not overlap");

  c->html = waf->add_subcommand("html", "Write the HTML summary of a report");
  c->html->add_option("report", c->html_report, "The report (JSON)")->required();
  c->html->add_option("--out", c->html_out, "The HTML file to write")->required();
  c->html->add_option("--lang", c->html_lang, "ja (default) or en");
  return c;
}

bool WafCommandParsed(const WafCommands& c) {
  return (c.run && c.run->parsed()) || (c.compare && c.compare->parsed()) || (c.html && c.html->parsed());
}

int RunWafCommand(const WafCommands& c) {
  if (c.compare && c.compare->parsed()) return RunCompare(c);
  if (c.html && c.html->parsed()) return RunHtml(c);
  return ExecuteRun(c.run_flags);
}

}  // namespace proven::cli
