#pragma once
// Hand-built WAF plans for the scores, reports and compare tests (issue 14, builder C): requests of a
// category with ids, previews and codes as the plan compiler gives them.
#include <cstdio>
#include <cstdint>
#include <string>

#include "waf/model.hpp"

namespace proven::testing_waf {

inline void AddRequests(waf::Plan& p, const std::string& category, waf::Expect expect, int n,
                        waf::Placement placement = waf::Placement::kQuery,
                        waf::Encoder encoder = waf::Encoder::kPlain, bool headline = true) {
  for (int i = 0; i < n; ++i) {
    waf::CompiledRequest r;
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(p.requests.size()) * 2654435761ull);
    r.id = id;
    r.case_id = "test/" + category + "/" + std::string(waf::Code(expect)) + "-" + std::to_string(i);
    r.source = expect == waf::Expect::kBlock ? "gotestwaf" : "proven";
    r.category = category;
    r.expect = expect;
    r.placement = placement;
    r.encoder = encoder;
    r.headline = headline;
    r.preview = expect == waf::Expect::kBlock ? "' OR 1=1 -- " + std::to_string(i)
                                              : std::string(static_cast<std::size_t>(i % 7 + 1), 'a') + " O'Reilly";
    p.requests.push_back(r);
  }
}

// A whole run as the runner would return it: four categories (xss without enough benign requests),
// general benign requests, base64 robustness attacks; the WAF blocks attacks whose index % `miss`
// is not 0 and every `fp_every`-th benign request (0: none).
struct SampleRun {
  waf::Plan plan;
  waf::Target target;
  waf::RunSettings settings;
  waf::RunResult run;
};

inline SampleRun MakeSampleRun(int miss = 5, int fp_every = 0) {
  SampleRun s;
  s.plan.plan_version = "proven.waf.plan/1";
  s.plan.corpus_fingerprint = "sha256:" + std::string(64, 'c');
  s.plan.plan_fingerprint = "sha256:" + std::string(64, 'p');
  s.plan.seed = 42;
  for (const char* c : {"sqli", "rce", "path-traversal"}) {
    AddRequests(s.plan, c, waf::Expect::kBlock, 20, waf::Placement::kQuery, waf::Encoder::kUrl);
    AddRequests(s.plan, c, waf::Expect::kBlock, 10, waf::Placement::kForm, waf::Encoder::kPlain);
    AddRequests(s.plan, c, waf::Expect::kAllow, 12, waf::Placement::kForm, waf::Encoder::kPlain);
  }
  AddRequests(s.plan, "xss", waf::Expect::kBlock, 15, waf::Placement::kJsonValue, waf::Encoder::kPlain);
  AddRequests(s.plan, "xss", waf::Expect::kAllow, 4, waf::Placement::kJsonValue, waf::Encoder::kPlain);
  AddRequests(s.plan, "general", waf::Expect::kAllow, 30, waf::Placement::kForm, waf::Encoder::kPlain);
  AddRequests(s.plan, "sqli", waf::Expect::kBlock, 12, waf::Placement::kQuery, waf::Encoder::kBase64, false);
  s.plan.sources = {{"gotestwaf", "MIT", "GoTestWAF test cases \u00a9 2020 Wallarm", 40, 87},
                    {"proven", "CC0-1.0", "Proven's own cases", 20, 70}};
  s.plan.excluded = {{"gotestwaf", "placement gRPC unsupported", 2}};
  s.target.url = "http://127.0.0.1:18080/";
  s.target.host = "127.0.0.1";
  s.target.port = "18080";
  s.target.authority = "127.0.0.1:18080";
  s.target.loopback = true;
  s.settings.profile = "unlimited";
  s.settings.connections = 8;
  s.settings.timeout_ms = 10000;
  s.settings.ruleset = "OWASP_CRS/3.3.4 PL1 <test & \"quoted\">";
  s.run.seconds = 1.5;
  s.run.started_at = "2026-12-01T04:00:00Z";
  s.run.finished_at = "2026-12-01T04:00:02Z";
  int benign = 0;
  for (std::uint32_t i = 0; i < s.plan.requests.size(); ++i) {
    const auto& q = s.plan.requests[i];
    waf::RequestResult r;
    r.index = i;
    r.latency_us = 800 + i;
    r.attempts = 1;
    if (q.expect == waf::Expect::kBlock) {
      r.verdict = i % static_cast<std::uint32_t>(miss) == 0 ? waf::Verdict::kPassed : waf::Verdict::kBlocked;
    } else {
      ++benign;
      r.verdict = fp_every > 0 && benign % fp_every == 0 ? waf::Verdict::kBlocked : waf::Verdict::kPassed;
    }
    r.basis = r.verdict == waf::Verdict::kBlocked ? waf::Basis::kBlockStatus : waf::Basis::kPassStatus;
    r.status = r.verdict == waf::Verdict::kBlocked ? 403 : 200;
    s.run.results.push_back(r);
  }
  return s;
}

}  // namespace proven::testing_waf
