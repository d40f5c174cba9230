#pragma once
// Runs of the WAF effectiveness suite from the verification page (issue 14,
// docs/adr/0017-waf-effectiveness-suite.md "Runs from the verification page"): a verifier of the
// verification (or the admin) queues a run of a WAF effectiveness item against the target agreed
// in the plan; one worker thread of `serve` runs one queued run at a time — the corpus loaded once,
// compiled with a fresh random seed, sent with the polite profile (20 req/s, 2 connections) unless
// the target is on this machine, progress written at most once a second — and its report becomes
// the item's evidence and measured result through VerificationService::CompleteWafRun (the same
// checks and transaction as an uploaded report). A target goes through the server's policy
// (waf_target_policy.hpp) when the run is queued and again, resolved once, when it starts. A run
// that cannot finish is `failed` with the reason; runs left queued or running by a previous process
// are failed at start ("interrupted by restart").
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/verification.hpp"
#include "services/programme/verification_service.hpp"
#include "services/programme/waf_target_policy.hpp"
#include "store/programme/verification_store.hpp"

namespace proven::waf {
struct Corpus;
}

namespace proven::services {

struct WafRunOptions {
  WafTargetPolicy policy;
  std::string corpus_dir;  // "" = waf::DefaultCorpusDir()
};

// Why a run failed, as stored in waf_runs.error: a catalogue key, then (after a newline) the
// technical detail in English (which pre-flight check, which address).
inline constexpr const char* kWafRunInterrupted = "error.waf_run.interrupted";
inline constexpr const char* kWafRunPolicy = "error.waf_run.policy";
inline constexpr const char* kWafRunPreflight = "error.waf_run.preflight";
inline constexpr const char* kWafRunUnreachable = "error.waf_run.unreachable";
inline constexpr const char* kWafRunNotRecorded = "error.waf_run.not_recorded";
inline constexpr const char* kWafRunFailed = "error.waf_run.failed";
// The key and the detail of a stored error ("" for both when there is none).
std::pair<std::string, std::string> SplitWafRunError(const std::string& stored);

// A run with what its page shows.
struct WafRunDetail {
  domain::WafRun run;
  domain::Verification verification;
  std::string item_title, target;
  std::string requested_by;  // the requester's e-mail when a verifier of it, else "user:<id>"
};

class WafRunService {
 public:
  WafRunService(store::VerificationStore& store, VerificationService& verifications, WafRunOptions options);
  ~WafRunService();
  WafRunService(const WafRunService&) = delete;
  WafRunService& operator=(const WafRunService&) = delete;

  // Fails the runs a previous process left queued or running, then starts the worker thread.
  Status Start();
  // Stops the worker: the run in progress stops starting requests and is failed as interrupted.
  void Stop();

  // Queues a run of `item_id` (kRunWafSuite: the verification's verifiers and the admin; the item
  // a WAF effectiveness item; results may be recorded; no other run of the item queued or running
  // (kAlreadyExists); the target allowed by the policy (kPermissionDenied)). Audited as
  // verification.waf_run_requested.
  Result<domain::WafRun> Enqueue(const domain::Actor& actor, std::int64_t verification_id, std::int64_t item_id);
  // A run for whoever may see its verification (kNotFound otherwise).
  Result<WafRunDetail> Get(const domain::Actor& actor, std::int64_t run_id);
  // The verification's runs, newest first (for whoever may see it).
  Result<std::vector<domain::WafRun>> Runs(const domain::Actor& actor, std::int64_t verification_id);

  // Marks every queued or running run failed (kWafRunInterrupted); returns how many.
  Result<int> FailInterrupted();
  // Runs the oldest queued run to its end, if there is one (the worker's step; tests call it).
  Result<bool> RunNext();

  const WafTargetPolicy& policy() const { return options_.policy; }

 private:
  void Loop();
  Status Finish(domain::WafRun run, const std::string& key, const std::string& detail);

  store::VerificationStore& store_;
  VerificationService& verifications_;
  WafRunOptions options_;
  std::shared_ptr<const waf::Corpus> corpus_;  // loaded once, by the worker
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace proven::services
