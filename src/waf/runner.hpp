#pragma once
// Runs a compiled plan against a target (docs/adr/0017, builder B): pre-flight, then every request in
// the seeded order (SendOrder, plan.hpp), materialised once (Materialise), on the sender, benign canaries every N requests, tainted windows re-run once,
// each exchange judged (verdict.hpp). Results are index-aligned with Plan::requests.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "waf/model.hpp"

namespace proven::waf {

class OracleBackend;

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Settings with the profile's defaults filled in: no profile given ⇒ "unlimited" for a loopback
// target (no rate limit, 32 connections, 10 s timeout) and "polite" otherwise (20 req/s, 2
// connections, 30 s); "polite" may be asked for explicitly; "custom" takes the values as given
// (connections and timeout still default). An error names the setting that is invalid.
Result<RunSettings> EffectiveSettings(const RunSettings& settings, const Target& target);

// Runs without an oracle: verdicts from the responses. settings.oracle must be false.
// `cancel` (optional): when it becomes true the run stops starting requests and fails with
// kUnavailable, field "cancelled" (the server's run queue shutting down).
Result<RunResult> RunPlan(const Plan& plan, const Target& target, const RunSettings& settings,
                          const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);
// Runs with an oracle (settings.oracle is taken as true): `oracle` is the backend the WAF proxies to,
// already listening.
Result<RunResult> RunPlan(const Plan& plan, const Target& target, const RunSettings& settings, OracleBackend& oracle,
                          const Progress& progress = {});

// Pre-flight failure: RunPlan's error has this code and field "preflight" (the CLI's exit code 3).
inline constexpr const char* kPreflightField = "preflight";

}  // namespace proven::waf
