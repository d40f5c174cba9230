#include "waf/runner.hpp"

#include <algorithm>
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <random>
#include <thread>

#include <fmt/core.h>

#include "waf/oracle_backend.hpp"
#include "waf/plan.hpp"
#include "waf/sender.hpp"
#include "waf/verdict.hpp"

namespace proven::waf {
namespace {

using Clock = std::chrono::steady_clock;
static_assert(kOracleIdHeader == kTestIdHeader, "the oracle reads the header Materialise writes");

std::string UtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double ThreadCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

std::string Hex16(std::uint64_t v) { return fmt::format("{:016x}", v); }

// A request the suite builds itself (pre-flight checks, canaries).
std::string BuildRequest(const Target& t, std::string_view method, std::string_view path_and_query, const std::string& id,
                         std::string_view content_type = {}, std::string_view body = {}) {
  std::string r = fmt::format("{} {}{} HTTP/1.1\r\n{}: {}\r\nHost: {}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n"
                              "Accept: */*\r\n",
                              method, t.base_path, path_and_query, kOracleIdHeader, id, t.authority);
  if (!content_type.empty()) r += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  r += "\r\n";
  r += body;
  return r;
}

struct Check {
  std::string name;
  Expect expect;
  std::string bytes;
  std::string id;
};

struct Context {
  const Plan& plan;
  const Target& target;
  RunSettings settings;
  VerdictRules rules;
  OracleBackend* oracle;
  SenderOptions sender;
  std::mt19937_64 ids;
  int canaries_sent = 0;

  std::optional<bool> Reached(const std::string& id, bool has_id) {
    if (oracle == nullptr || !has_id) return std::nullopt;
    return oracle->Consume(id);
  }
  std::string NewId() { return Hex16(ids()); }
  std::string Canary(const std::string& id) {
    ++canaries_sent;
    return BuildRequest(target, "GET", "/?proven_canary=" + id.substr(0, 8), id);
  }
};

// Sends the checks; their outcomes in order.
Result<std::vector<std::pair<Outcome, Exchange>>> SendChecks(Context& cx, const std::vector<Check>& checks) {
  std::vector<Outgoing> out;
  for (const auto& c : checks) out.push_back(Outgoing{c.bytes, false, false});
  std::vector<std::pair<Outcome, Exchange>> got(checks.size());
  auto sent = Send(cx.sender, out, [&](std::size_t i, Exchange&& ex) {
    got[i].first = Judge(ex, cx.rules, cx.Reached(checks[i].id, true));
    got[i].second = std::move(ex);
  });
  if (!sent) return Fail(sent.error());
  return got;
}

// One pass over `indices` with a canary after every `every` requests (and one at the end); fills
// `results` and returns, per window, whether its canary passed. `every` 0: no canaries.
Result<std::vector<bool>> Pass(Context& cx, const std::vector<std::uint32_t>& indices, const std::vector<std::string>& bytes,
                               const std::vector<bool>& has_id, int every, std::uint8_t attempt,
                               std::vector<RequestResult>& results, const std::function<void()>& on_request) {
  std::vector<Outgoing> out;
  std::vector<std::int64_t> what;  // >= 0: a plan index; < 0: canary -(w + 1)
  std::vector<std::string> canary_bytes;
  std::vector<std::string> canary_ids;
  const std::size_t windows = every > 0 ? (indices.size() + static_cast<std::size_t>(every) - 1) / static_cast<std::size_t>(every) : 1;
  canary_bytes.reserve(windows);
  for (std::size_t w = 0; w < windows && every > 0; ++w) {
    canary_ids.push_back(cx.NewId());
    canary_bytes.push_back(cx.Canary(canary_ids.back()));
  }
  std::vector<std::uint32_t> window_of(indices.size());
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const std::uint32_t i = indices[k];
    const CompiledRequest& r = cx.plan.requests[i];
    const bool head = r.tmpl.rfind("HEAD ", 0) == 0;
    // A body shorter than its Content-Length: the WAF answers early or never (kShortBodyWaitMs).
    const bool short_body = std::find(r.tags.begin(), r.tags.end(), kShortBodyTag) != r.tags.end();
    out.push_back(Outgoing{bytes[i], r.dedicated_connection, head, short_body ? kShortBodyWaitMs : 0});
    what.push_back(i);
    const std::size_t w = every > 0 ? k / static_cast<std::size_t>(every) : 0;
    window_of[k] = static_cast<std::uint32_t>(w);
    if (every > 0 && ((k + 1) % static_cast<std::size_t>(every) == 0 || k + 1 == indices.size())) {
      out.push_back(Outgoing{canary_bytes[w], false, false});
      what.push_back(-static_cast<std::int64_t>(w) - 1);
    }
  }
  std::vector<bool> window_ok(windows, true);
  std::vector<std::uint32_t> window_by_index(cx.plan.requests.size(), 0);
  for (std::size_t k = 0; k < indices.size(); ++k) window_by_index[indices[k]] = window_of[k];
  auto sent = Send(cx.sender, out, [&](std::size_t pos, Exchange&& ex) {
    const std::int64_t w = what[pos];
    if (w < 0) {
      const auto win = static_cast<std::size_t>(-w - 1);
      const Outcome o = Judge(ex, cx.rules, cx.Reached(canary_ids[win], true));
      window_ok[win] = o.verdict == Verdict::kPassed;
      return;
    }
    const auto i = static_cast<std::uint32_t>(w);
    const Outcome o = Judge(ex, cx.rules, cx.Reached(cx.plan.requests[i].id, has_id[i]));
    RequestResult& rr = results[i];
    rr.index = i;
    rr.verdict = o.verdict;
    rr.basis = o.basis;
    rr.status = ex.status;
    rr.inconsistent = o.inconsistent;
    rr.latency_us = ex.latency_us;
    rr.attempts = attempt;
    rr.window = window_by_index[i];
    if (on_request) on_request();
  });
  if (!sent) return Fail(sent.error());
  return window_ok;
}

Result<RunResult> RunImpl(const Plan& plan, const Target& target, const RunSettings& settings, OracleBackend* oracle,
                          const Progress& progress, const std::atomic<bool>* cancel = nullptr) {
  auto eff = EffectiveSettings(settings, target);
  if (!eff) return Fail(eff.error());
  auto rules = MakeVerdictRules(*eff);
  if (!rules) return Fail(rules.error());
  if (eff->oracle && oracle == nullptr) {
    return Fail(ErrorCode::kInvalidArgument,
                "oracle: the run asks for the oracle but no backend is running (start one where the WAF proxies to)", {},
                "oracle");
  }
  if (!eff->oracle) oracle = nullptr;
  Context cx{plan, target, *eff, *rules, oracle, {}, std::mt19937_64(std::random_device{}()), 0};
  cx.sender.host = target.host;
  cx.sender.port = target.port;
  cx.sender.connections = eff->connections;
  cx.sender.rate = eff->rate;
  cx.sender.timeout_ms = eff->timeout_ms;
  cx.sender.cancel = cancel;

  RunResult run;
  run.started_at = UtcNow();
  const auto wall0 = Clock::now();
  const double cpu0 = ThreadCpuSeconds();

  // Pre-flight: known benign requests must pass, known attacks must be blocked; and the canary
  // itself must pass before the run, else canaries cannot tell a ban from the WAF's nature.
  std::vector<Check> checks;
  auto add = [&](std::string name, Expect expect, std::string_view method, std::string_view pq, std::string_view ct = {},
                 std::string_view body = {}) {
    const std::string id = cx.NewId();
    checks.push_back(Check{std::move(name), expect, BuildRequest(target, method, pq, id, ct, body), id});
  };
  if (eff->preflight != "off") {
    add("benign_get", Expect::kAllow, "GET", "/");
    add("benign_form_ja", Expect::kAllow, "POST", "/", "application/x-www-form-urlencoded",
        "name=%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E&city=%E6%9D%B1%E4%BA%AC%E9%83%BD");
    add("benign_json", Expect::kAllow, "POST", "/", "application/json", R"({"q":"hello"})");
  }
  if (eff->preflight == "strict") {
    add("attack_sqli", Expect::kBlock, "GET", "/?id=1%27%20OR%20%271%27%3D%271");
    add("attack_xss", Expect::kBlock, "GET", "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    add("attack_path_traversal", Expect::kBlock, "GET", "/?f=../../../../etc/passwd");
  }
  const std::string canary_id = cx.NewId();
  checks.push_back(Check{"canary", Expect::kAllow, cx.Canary(canary_id), canary_id});
  auto pre = SendChecks(cx, checks);
  if (!pre) return Fail(pre.error());
  run.preflight = nlohmann::ordered_json::object();
  run.preflight["mode"] = eff->preflight;
  run.preflight["checks"] = nlohmann::ordered_json::array();
  std::string failed;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const auto& [o, ex] = (*pre)[i];
    const bool ok = checks[i].expect == Expect::kAllow ? o.verdict == Verdict::kPassed : o.verdict == Verdict::kBlocked;
    nlohmann::ordered_json c;
    c["name"] = checks[i].name;
    c["expect"] = Code(checks[i].expect);
    c["verdict"] = Code(o.verdict);
    c["basis"] = Code(o.basis);
    c["status"] = ex.status;
    c["ok"] = ok;
    run.preflight["checks"].push_back(c);
    if (!ok && checks[i].name != "canary" && failed.empty()) {
      failed = fmt::format("pre-flight: the known {} request \"{}\" was {} ({}{})",
                           checks[i].expect == Expect::kAllow ? "benign" : "attack", checks[i].name,
                           checks[i].expect == Expect::kAllow ? "not passed" : "not blocked", Code(o.basis),
                           ex.status != 0 ? fmt::format(", status {}", ex.status) : std::string());
    }
  }
  const bool canaries_usable = (*pre).back().first.verdict == Verdict::kPassed;
  const int every = canaries_usable ? eff->canary_every : 0;
  run.preflight["canaries"] = canaries_usable ? (every > 0 ? "on" : "off: canary_every is 0")
                                              : "off: the canary request is not passed before the run";
  run.preflight["passed"] = failed.empty();
  if (!failed.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, failed, run.preflight.dump(), kPreflightField);
  }

  // The plan, materialised once so the loop only writes buffers.
  const std::size_t n = plan.requests.size();
  std::vector<std::string> bytes(n);
  std::vector<bool> has_id(n);
  for (std::size_t i = 0; i < n; ++i) {
    bytes[i] = Materialise(plan.requests[i], target);
    has_id[i] = bytes[i].find(std::string(kOracleIdHeader) + ": " + plan.requests[i].id) != std::string::npos;
  }
  run.results.assign(n, RequestResult{});
  for (std::size_t i = 0; i < n; ++i) run.results[i].index = static_cast<std::uint32_t>(i);
  std::size_t done = 0;
  auto tick = [&] {
    ++done;
    if (progress) progress(std::min(done, n), n);
  };
  const auto order = SendOrder(plan);
  auto first = Pass(cx, order, bytes, has_id, every, 1, run.results, tick);
  if (!first) return Fail(first.error());

  // Tainted windows (a canary not passed: rate limiting, a ban): pause, re-run them once.
  std::vector<std::uint32_t> again;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t w = every > 0 ? k / static_cast<std::size_t>(every) : 0;
    if (every > 0 && !(*first)[w]) again.push_back(order[k]);
  }
  for (std::size_t w = 0; every > 0 && w < first->size(); ++w) {
    if (!(*first)[w]) ++run.tainted_windows;
  }
  if (!again.empty()) {
    const auto pause_until = Clock::now() + (target.loopback ? std::chrono::seconds(1) : std::chrono::seconds(60));
    while (Clock::now() < pause_until && !(cancel && cancel->load())) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::vector<std::uint32_t> first_window(n, 0);
    for (const auto i : again) first_window[i] = run.results[i].window;
    auto second = Pass(cx, again, bytes, has_id, every, 2, run.results, {});
    if (!second) return Fail(second.error());
    run.retried = static_cast<int>(again.size());
    for (std::size_t k = 0; k < again.size(); ++k) {
      const std::uint32_t i = again[k];
      RequestResult& rr = run.results[i];
      if (!(*second)[k / static_cast<std::size_t>(every)]) {
        rr.verdict = Verdict::kUnresolved;
        rr.basis = Basis::kTainted;
        rr.inconsistent = false;
      }
      rr.window = first_window[i];
    }
  }
  run.canaries = cx.canaries_sent;
  run.seconds = std::chrono::duration<double>(Clock::now() - wall0).count();
  run.suite_cpu_seconds = ThreadCpuSeconds() - cpu0;
  run.finished_at = UtcNow();
  return run;
}

}  // namespace

Result<RunSettings> EffectiveSettings(const RunSettings& s, const Target& target) {
  RunSettings e = s;
  if (e.profile.empty()) e.profile = target.loopback ? "unlimited" : "polite";
  if (e.profile == "unlimited") {
    if (!target.loopback) {
      return Fail(ErrorCode::kInvalidArgument,
                  "profile: unlimited is only for a target on this machine (" + target.host + " is not loopback)", {}, "profile");
    }
    if (e.connections == 0) e.connections = 32;
    if (e.timeout_ms == 0) e.timeout_ms = 10000;
  } else if (e.profile == "polite") {
    if (!e.rate) e.rate = 20.0;
    if (e.connections == 0) e.connections = 2;
    if (e.timeout_ms == 0) e.timeout_ms = 30000;
  } else if (e.profile == "custom") {
    if (e.connections == 0) e.connections = target.loopback ? 32 : 2;
    if (e.timeout_ms == 0) e.timeout_ms = target.loopback ? 10000 : 30000;
  } else {
    return Fail(ErrorCode::kInvalidArgument, "profile: \"" + e.profile + "\" is not one of unlimited, polite, custom", {}, "profile");
  }
  if (e.rate && !(*e.rate > 0 && *e.rate <= 1e6)) {
    return Fail(ErrorCode::kInvalidArgument, "rate: must be between 0 and 1,000,000 requests per second (or unlimited)", {}, "rate");
  }
  if (e.connections < 1 || e.connections > 1024) {
    return Fail(ErrorCode::kInvalidArgument, "connections: must be 1–1024", {}, "connections");
  }
  if (e.timeout_ms < 1 || e.timeout_ms > 600000) {
    return Fail(ErrorCode::kInvalidArgument, "timeout: must be 1–600,000 ms", {}, "timeout");
  }
  if (e.canary_every < 0) return Fail(ErrorCode::kInvalidArgument, "canary_every: must be 0 (off) or more", {}, "canary_every");
  if (e.preflight != "strict" && e.preflight != "benign" && e.preflight != "off") {
    return Fail(ErrorCode::kInvalidArgument, "preflight: \"" + e.preflight + "\" is not one of strict, benign, off", {}, "preflight");
  }
  return e;
}

Result<RunResult> RunPlan(const Plan& plan, const Target& target, const RunSettings& settings, const Progress& progress,
                          const std::atomic<bool>* cancel) {
  return RunImpl(plan, target, settings, nullptr, progress, cancel);
}

Result<RunResult> RunPlan(const Plan& plan, const Target& target, const RunSettings& settings, OracleBackend& oracle,
                          const Progress& progress) {
  RunSettings with_oracle = settings;
  with_oracle.oracle = true;
  return RunImpl(plan, target, with_oracle, &oracle, progress);
}

}  // namespace proven::waf
