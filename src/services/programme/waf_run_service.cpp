#include "services/programme/waf_run_service.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "services/programme/programme_records.hpp"
#include "services/programme/waf_evidence.hpp"
#include "waf/corpus.hpp"
#include "waf/plan.hpp"
#include "waf/report.hpp"
#include "waf/runner.hpp"
#include "waf/target.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::Role;
using domain::Verification;
using domain::WafRun;
using domain::WafRunState;
using store::AuditRecord;
using nlohmann::ordered_json;

namespace {

tl::unexpected<Error> RunNotFound(std::int64_t id) {
  return Fail(Reason{"error.waf_run.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no WAF run {}", id));
}

// The verification's verifiers and the admin act on its runs; anyone else: not found.
Status MayRun(const Actor& a, const Verification& v) {
  if (auto st = domain::Authorize(a, Action::kRunWafSuite); !st) return st;
  const bool verifier = a.Has(Role::kVerifier) &&
                        std::find(v.verifier_ids.begin(), v.verifier_ids.end(), a.user_id) != v.verifier_ids.end();
  if (a.Has(Role::kAdmin) || verifier) return {};
  return Fail(Reason{"error.verification.not_found", {{"id", std::to_string(v.id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no verification {}", v.id));
}

ordered_json RunRecord(const WafRun& r) {
  return ordered_json{{"id", r.id},
                      {"verification_id", r.verification_id},
                      {"item_id", r.item_id},
                      {"state", domain::CodeIn<WafRunState>(domain::kWafRunStateCodes, r.state)},
                      {"error", r.error},
                      {"evidence_id", r.evidence_id ? ordered_json(*r.evidence_id) : ordered_json(nullptr)},
                      {"grade", r.grade},
                      {"balanced_accuracy", r.balanced_accuracy}};
}

// The stored error for a failed step: the catalogue key and the technical detail.
std::string Stored(const std::string& key, const std::string& detail) {
  return detail.empty() ? key : key + "\n" + detail;
}

}  // namespace

std::pair<std::string, std::string> SplitWafRunError(const std::string& stored) {
  const auto nl = stored.find('\n');
  if (nl == std::string::npos) return {stored, ""};
  return {stored.substr(0, nl), stored.substr(nl + 1)};
}

WafRunService::WafRunService(store::VerificationStore& store, VerificationService& verifications, WafRunOptions options)
    : store_(store), verifications_(verifications), options_(std::move(options)) {}

WafRunService::~WafRunService() { Stop(); }

Status WafRunService::Start() {
  auto failed = FailInterrupted();
  if (!failed) return Fail(failed.error());
  if (*failed > 0) spdlog::warn("{} WAF run(s) left by the previous process were marked failed", *failed);
  worker_ = std::thread([this] { Loop(); });
  return {};
}

void WafRunService::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void WafRunService::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto ran = RunNext();
    if (!ran) spdlog::warn("WAF run queue: {} ({})", ran.error().message, ran.error().detail);
    if (ran && *ran) continue;
    // Nothing queued: wait for Enqueue, or look again in a while (another instance may queue).
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
    if (stopping_) return;
  }
}

Result<int> WafRunService::FailInterrupted() {
  int n = 0;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto active = w.ActiveWafRuns();
    if (!active) return Fail(active.error());
    for (auto run : *active) {
      run.state = WafRunState::kFailed;
      run.finished_at = w.Now();
      run.error = Stored(kWafRunInterrupted, "the server restarted before the run ended");
      if (auto s = w.UpdateWafRun(run); !s) return s;
      if (auto s = w.Audit(AuditRecord("waf-runner", AuditAction::kVerificationWafRunFailed)
                               .On("verification", run.verification_id)
                               .After(AuditText(RunRecord(run))));
          !s) {
        return s;
      }
      ++n;
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return n;
}

Result<WafRun> WafRunService::Enqueue(const Actor& actor, std::int64_t verification_id, std::int64_t item_id) {
  if (auto st = domain::Authorize(actor, Action::kRunWafSuite); !st) return Fail(st.error());
  // The target is checked before anything is written: the policy resolves its host.
  auto current = verifications_.Get(actor, verification_id);
  if (!current) return Fail(current.error());
  if (auto st = MayRun(actor, *current); !st) return Fail(st.error());
  auto item = std::find_if(current->items.begin(), current->items.end(),
                           [&](const domain::VerificationItem& x) { return x.id == item_id; });
  if (item == current->items.end()) {
    return Fail(Reason{"error.verification.unknown_item", {{"id", std::to_string(item_id)}}}, ErrorCode::kNotFound,
                fmt::format("verification {} has no item {}", verification_id, item_id));
  }
  if (item->kind != domain::ItemKind::kWafEffectiveness) {
    return Fail(Reason{"error.waf_run.not_waf_item", {}}, ErrorCode::kFailedPrecondition,
                fmt::format("item {} is not a WAF effectiveness item: there is nothing to run", item_id), {}, "item_id");
  }
  auto target = waf::ParseTarget(item->waf_target);
  if (!target) {
    return Fail(Reason{"error.waf_run.target_unresolved", {{"host", Ellipsize(item->waf_target, 80)}}},
                ErrorCode::kFailedPrecondition, "waf_target: " + target.error().message, target.error().detail,
                "waf_target");
  }
  if (auto allowed = ResolveAllowedWafTarget(options_.policy, *target); !allowed) return Fail(allowed.error());

  WafRun out;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto v = w.FindVerification(verification_id);
    if (!v) return Fail(v.error());
    if (!*v) return Fail(ErrorCode::kNotFound, fmt::format("there is no verification {}", verification_id));
    if (auto s = MayRun(actor, **v); !s) return s;
    // Runs are results: only while results may be recorded.
    if (auto next = domain::NextVerificationState(verification_id, (*v)->state, domain::VerificationAction::kRecordResults);
        !next) {
      return Fail(next.error());
    }
    auto it = std::find_if((*v)->items.begin(), (*v)->items.end(),
                           [&](const domain::VerificationItem& x) { return x.id == item_id; });
    if (it == (*v)->items.end() || it->kind != domain::ItemKind::kWafEffectiveness || it->waf_target != item->waf_target) {
      return Fail(ErrorCode::kFailedPrecondition, "the item changed while the run was being queued; try again");
    }
    auto runs = w.WafRuns(verification_id);
    if (!runs) return Fail(runs.error());
    for (const auto& r : *runs) {
      if (r.item_id == item_id && r.Active()) {
        return Fail(Reason{"error.waf_run.already_active", {{"id", std::to_string(r.id)}}}, ErrorCode::kAlreadyExists,
                    fmt::format("run {} of this item is still {}", r.id,
                                domain::CodeIn<WafRunState>(domain::kWafRunStateCodes, r.state)));
      }
    }
    WafRun run;
    run.verification_id = verification_id;
    run.item_id = item_id;
    run.state = WafRunState::kQueued;
    run.requested_by = actor.user_id;
    auto id = w.InsertWafRun(run);
    if (!id) return Fail(id.error());
    auto stored = w.FindWafRun(*id);
    if (!stored) return Fail(stored.error());
    if (!*stored) return Fail(ErrorCode::kInternal, "the run just queued cannot be read back");
    out = **stored;
    auto after = RunRecord(out);
    after["target"] = it->waf_target;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kVerificationWafRunRequested)
                       .On("verification", verification_id)
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  wake_.notify_all();
  return out;
}

Result<WafRunDetail> WafRunService::Get(const Actor& actor, std::int64_t run_id) {
  if (auto st = domain::Authorize(actor, Action::kRunWafSuite); !st) return Fail(st.error());
  std::optional<WafRun> run;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto found = r.FindWafRun(run_id);
    if (!found) return Fail(found.error());
    run = std::move(*found);
    return {};
  });
  if (!st) return Fail(st.error());
  if (!run) return RunNotFound(run_id);
  auto detail = verifications_.Detail(actor, run->verification_id);
  if (!detail) {
    if (detail.error().code == ErrorCode::kNotFound) return RunNotFound(run_id);
    return Fail(detail.error());
  }
  if (auto s = MayRun(actor, detail->verification); !s) return RunNotFound(run_id);
  WafRunDetail out;
  out.run = std::move(*run);
  for (const auto& item : detail->verification.items) {
    if (item.id == out.run.item_id) {
      out.item_title = item.title;
      out.target = item.waf_target;
    }
  }
  const auto& ids = detail->verification.verifier_ids;
  const auto at = std::find(ids.begin(), ids.end(), out.run.requested_by);
  out.requested_by = at != ids.end() && static_cast<std::size_t>(at - ids.begin()) < detail->verifier_emails.size()
                         ? detail->verifier_emails[static_cast<std::size_t>(at - ids.begin())]
                         : fmt::format("user:{}", out.run.requested_by);
  out.verification = std::move(detail->verification);
  return out;
}

Result<std::vector<WafRun>> WafRunService::Runs(const Actor& actor, std::int64_t verification_id) {
  auto v = verifications_.Get(actor, verification_id);
  if (!v) return Fail(v.error());
  if (auto st = MayRun(actor, *v); !st) return Fail(st.error());
  std::vector<WafRun> out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto runs = r.WafRuns(verification_id);
    if (!runs) return Fail(runs.error());
    out = std::move(*runs);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Status WafRunService::Finish(WafRun run, const std::string& key, const std::string& detail) {
  return store_.Write([&](store::VerificationWriter& w) -> Status {
    run.state = WafRunState::kFailed;
    run.finished_at = w.Now();
    run.error = Stored(key, detail);
    if (auto s = w.UpdateWafRun(run); !s) return s;
    return w.Audit(AuditRecord(fmt::format("waf-run:{} for user:{}", run.id, run.requested_by),
                               AuditAction::kVerificationWafRunFailed)
                       .On("verification", run.verification_id)
                       .After(AuditText(RunRecord(run))));
  });
}

Result<bool> WafRunService::RunNext() {
  // Claim the oldest queued run, with its item's target.
  std::optional<WafRun> claimed;
  std::string target_url;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto active = w.ActiveWafRuns();
    if (!active) return Fail(active.error());
    for (auto& r : *active) {
      if (r.state != WafRunState::kQueued) continue;
      auto v = w.FindVerification(r.verification_id);
      if (!v) return Fail(v.error());
      if (*v) {
        for (const auto& item : (*v)->items) {
          if (item.id == r.item_id) target_url = item.waf_target;
        }
      }
      auto took = w.ClaimWafRun(r.id);
      if (!took) return Fail(took.error());
      if (!*took) continue;  // another instance took it
      r.state = WafRunState::kRunning;
      r.started_at = w.Now();
      claimed = r;
      return {};
    }
    return {};
  });
  if (!st) return Fail(st.error());
  if (!claimed) return false;
  WafRun run = *claimed;
  auto fail = [&](const std::string& key, const Error& e) -> Result<bool> {
    spdlog::warn("WAF run {} failed: {} ({})", run.id, e.message, e.detail);
    std::string detail = e.message;
    if (auto s = Finish(run, key, detail); !s) return Fail(s.error());
    return true;
  };

  // The target: parsed, resolved once and checked by the policy; the run connects to that address.
  auto parsed = waf::ParseTarget(target_url);
  if (!parsed) return fail(kWafRunPolicy, parsed.error());
  auto target = ResolveAllowedWafTarget(options_.policy, *parsed);
  if (!target) return fail(kWafRunPolicy, target.error());
  // The profile: unlimited on loopback, polite (20 req/s, 2 connections) anywhere else.
  auto settings = waf::EffectiveSettings(waf::RunSettings{}, *target);
  if (!settings) return fail(kWafRunFailed, settings.error());
  if (!corpus_) {
    auto corpus = waf::LoadCorpus(options_.corpus_dir.empty() ? waf::DefaultCorpusDir() : options_.corpus_dir);
    if (!corpus) return fail(kWafRunFailed, corpus.error());
    corpus_ = std::make_shared<const waf::Corpus>(std::move(*corpus));
  }
  auto plan = waf::Compile(*corpus_, waf::RandomSeed());
  if (!plan) return fail(kWafRunFailed, plan.error());

  // Progress, written at most once a second.
  run.progress_total = static_cast<std::int64_t>(plan->requests.size());
  auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto write_progress = [&](std::size_t done, bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last < std::chrono::seconds(1)) return;
    last = now;
    run.progress_done = static_cast<std::int64_t>(done);
    auto s = store_.Write([&](store::VerificationWriter& w) -> Status { return w.UpdateWafRun(run); });
    if (!s) spdlog::warn("WAF run {}: progress not written: {}", run.id, s.error().message);
  };
  write_progress(0, true);
  auto result = waf::RunPlan(*plan, *target, *settings, [&](std::size_t done, std::size_t) { write_progress(done, false); },
                             &cancel_);
  if (!result) {
    const auto& e = result.error();
    if (e.field == waf::kPreflightField) return fail(kWafRunPreflight, e);
    if (e.field == "cancelled") return fail(kWafRunInterrupted, e);
    if (e.code == ErrorCode::kUnavailable) return fail(kWafRunUnreachable, e);
    return fail(kWafRunFailed, e);
  }
  run.progress_done = run.progress_total;
  auto report = waf::RenderReport(*plan, *target, *settings, *result, {"0.1.0", "", ""});
  if (!report) return fail(kWafRunFailed, report.error());
  auto attached = verifications_.CompleteWafRun(run, fmt::format("waf-run-{}.json", run.id), report->text);
  if (!attached) return fail(kWafRunNotRecorded, attached.error());
  spdlog::info("WAF run {} done: grade {}, {} requests", run.id, report->summary.grade, report->summary.requests);
  return true;
}

}  // namespace proven::services
