#include "services/programme/verification_service.hpp"

#include "services/log/log_service.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "services/programme/programme_records.hpp"
#include "services/programme/waf_evidence.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::Role;
using domain::Verification;
using domain::VerificationAction;
using store::AuditRecord;

namespace {

tl::unexpected<Error> NotFound(std::int64_t id) {
  return Fail(Reason{"error.verification.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no verification {}", id));
}

bool IsVerifierOf(const Actor& a, const Verification& v) {
  return a.Has(Role::kVerifier) &&
         std::find(v.verifier_ids.begin(), v.verifier_ids.end(), a.user_id) != v.verifier_ids.end();
}
bool IsVendorOf(const Actor& a, const Verification& v) {
  return a.Has(Role::kVendor) && a.organisation_id && *a.organisation_id == v.vendor_org_id;
}
bool MaySee(const Actor& a, const Verification& v) {
  return a.Has(Role::kAdmin) || IsVerifierOf(a, v) || IsVendorOf(a, v);
}

// Whose step it is: the admin's actions are the admin's, a verifier's need the appointment, a
// vendor's need its organisation's product. Anyone who may not see the verification: kNotFound.
Status MayAct(const Actor& a, const Verification& v, Action action) {
  if (auto st = domain::Authorize(a, action); !st) return st;
  if (!MaySee(a, v)) return NotFound(v.id);
  const bool own = action == Action::kVerifyProducts   ? IsVerifierOf(a, v)
                   : action == Action::kApproveReports ? IsVendorOf(a, v)
                                                       : a.Has(Role::kAdmin);
  if (own) return {};
  return Fail(Reason{"error.verification.not_yours", {}}, ErrorCode::kPermissionDenied,
              fmt::format("verification {} is not yours to change", v.id));
}

Result<Verification> Load(store::VerificationReader& r, std::int64_t id) {
  auto v = r.FindVerification(id);
  if (!v) return Fail(v.error());
  if (!*v) return NotFound(id);
  return std::move(**v);
}

Status CheckLongText(std::string_view field, std::string_view value) {
  return domain::CheckText(domain::TextLimit{field, domain::kMaxLongTextChars, true}, value);
}

// The audit entry's view of a verification: the published record plus each item's WAF target,
// which is never published (the vendor's test endpoint) but is part of what the plan agreed.
nlohmann::ordered_json AuditRecordOf(const Verification& v) {
  auto j = VerificationRecord(v);
  for (std::size_t i = 0; i < v.items.size() && i < j["items"].size(); ++i) {
    if (v.items[i].kind == domain::ItemKind::kWafEffectiveness) j["items"][i]["waf_target"] = v.items[i].waf_target;
  }
  return j;
}

}  // namespace

Result<Verification> VerificationService::Step(const Actor& actor, std::int64_t id, Action action,
                                               VerificationAction step, AuditAction audit, const Change& change) {
  Verification out;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto v = Load(w, id);
    if (!v) return Fail(v.error());
    if (auto s = MayAct(actor, *v, action); !s) return s;
    auto next = domain::NextVerificationState(id, v->state, step);
    if (!next) return Fail(next.error());
    const Verification before = *v;
    if (auto s = change(w, *v); !s) return s;
    v->state = *next;
    v->updated_at = w.Now();
    if (auto s = w.UpdateVerification(*v); !s) return s;
    auto stored = Load(w, id);
    if (!stored) return Fail(stored.error());
    out = std::move(*stored);
    return w.Audit(AuditRecord(actor.Label(), audit)
                       .On("verification", id)
                       .Before(AuditText(AuditRecordOf(before)))
                       .After(AuditText(AuditRecordOf(out))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<Verification> VerificationService::Start(const Actor& actor, std::int64_t application_id) {
  if (auto st = domain::Authorize(actor, Action::kManageVerifications); !st) return Fail(st.error());
  domain::Application app;
  auto read = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto a = r.FindApplication(application_id);
    if (!a) return Fail(a.error());
    if (!*a) {
      return Fail(Reason{"error.application.not_found", {{"id", std::to_string(application_id)}}}, ErrorCode::kNotFound,
                  fmt::format("there is no application {}", application_id));
    }
    auto call = r.FindCall((*a)->call_id);
    if (!call) return Fail(call.error());
    // Only once the call is decided is a selection final.
    if ((*a)->outcome != domain::Outcome::kSelected || !*call || (*call)->stored_state != domain::CallState::kDecided) {
      return Fail(Reason{"error.verification.not_selected", {{"id", std::to_string(application_id)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("application {} was not selected in a decided call", application_id));
    }
    app = std::move(**a);
    return {};
  });
  if (!read) return Fail(read.error());
  Verification out;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto existing = w.VerificationOfApplication(application_id);
    if (!existing) return Fail(existing.error());
    if (*existing) {
      return Fail(Reason{"error.verification.exists", {{"id", std::to_string((*existing)->id)}}},
                  ErrorCode::kAlreadyExists,
                  fmt::format("application {} is already verified as verification {}", application_id, (*existing)->id));
    }
    Verification v;
    v.application_id = application_id;
    v.vendor_org_id = app.vendor_org_id;
    v.product_name = app.product.name;
    v.vendor = app.vendor;
    v.state = domain::VerificationState::kPlanning;
    v.created_at = v.updated_at = w.Now();
    auto id = w.InsertVerification(v);
    if (!id) return Fail(id.error());
    auto stored = Load(w, *id);
    if (!stored) return Fail(stored.error());
    out = std::move(*stored);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kVerificationStart)
                       .On("verification", *id)
                       .After(AuditText(VerificationRecord(out))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<VerificationService::Startable>> VerificationService::StartableApplications(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kManageVerifications); !st) return Fail(st.error());
  std::vector<Startable> selected;
  auto read = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto calls = r.Calls(false);
    if (!calls) return Fail(calls.error());
    for (const auto& call : *calls) {
      if (call.stored_state != domain::CallState::kDecided) continue;
      auto apps = r.Applications({call.id, std::nullopt, std::nullopt});
      if (!apps) return Fail(apps.error());
      for (auto& a : *apps) {
        if (a.outcome == domain::Outcome::kSelected) selected.push_back({std::move(a), call.title});
      }
    }
    return {};
  });
  if (!read) return Fail(read.error());
  std::vector<Startable> out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    for (auto& s : selected) {
      auto existing = r.VerificationOfApplication(s.application.id);
      if (!existing) return Fail(existing.error());
      if (!*existing) out.push_back(std::move(s));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<Verification> VerificationService::AppointVerifier(const Actor& actor, std::int64_t id, const std::string& email_in) {
  if (auto st = domain::Authorize(actor, Action::kManageVerifications); !st) return Fail(st.error());
  auto email = domain::NormaliseEmail(email_in);
  if (!email) {
    return Fail(Reason{"error.email.invalid", {}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not an e-mail address", Ellipsize(email_in, 60)), {}, "email");
  }
  std::optional<store::UserRef> user;
  auto read = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto u = r.FindUserByEmail(*email);
    if (!u) return Fail(u.error());
    user = *u;
    return {};
  });
  if (!read) return Fail(read.error());
  if (!user || user->disabled) {
    return Fail(Reason{"error.committee.no_such_user", {{"email", *email}}}, ErrorCode::kNotFound,
                fmt::format("there is no active account {}", *email), {}, "email");
  }
  if (std::find(user->roles.begin(), user->roles.end(), Role::kVerifier) == user->roles.end()) {
    return Fail(Reason{"error.verification.not_verifier", {{"email", *email}}}, ErrorCode::kFailedPrecondition,
                fmt::format("{} does not have the verifier role", *email), {}, "email");
  }
  Verification out;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto v = Load(w, id);
    if (!v) return Fail(v.error());
    if (std::find(v->verifier_ids.begin(), v->verifier_ids.end(), user->id) != v->verifier_ids.end()) {
      return Fail(Reason{"error.verification.already_appointed", {{"email", *email}}}, ErrorCode::kAlreadyExists,
                  fmt::format("{} already verifies verification {}", *email, id), {}, "email");
    }
    v->verifier_ids.push_back(user->id);
    v->updated_at = w.Now();
    if (auto s = w.UpdateVerification(*v); !s) return s;
    out = std::move(*v);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kVerificationAppoint)
                       .On("verification", id)
                       .After(AuditText(nlohmann::ordered_json{{"user_id", user->id}, {"email", *email}})));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<Verification>> VerificationService::List(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kViewVerifications); !st) return Fail(st.error());
  std::vector<Verification> out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto all = r.Verifications(std::nullopt);
    if (!all) return Fail(all.error());
    for (auto& v : *all) {
      if (MaySee(actor, v)) out.push_back(std::move(v));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<Verification> VerificationService::Get(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kViewVerifications); !st) return Fail(st.error());
  Verification out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto v = Load(r, id);
    if (!v) return Fail(v.error());
    if (!MaySee(actor, *v)) return NotFound(id);
    out = std::move(*v);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<VerificationDetail> VerificationService::Detail(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kViewVerifications); !st) return Fail(st.error());
  VerificationDetail out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto v = Load(r, id);
    if (!v) return Fail(v.error());
    if (!MaySee(actor, *v)) return NotFound(id);
    auto evidence = r.Evidence(id);
    if (!evidence) return Fail(evidence.error());
    out.verification = std::move(*v);
    out.evidence = std::move(*evidence);
    auto products = r.Products();
    if (!products) return Fail(products.error());
    for (auto& p : *products) {
      if (p.verification_id != id) continue;
      auto versions = r.ReportVersions(p.id);
      if (!versions) return Fail(versions.error());
      out.versions = std::move(*versions);
      out.product = std::move(p);
      break;
    }
    return {};
  });
  if (!st) return Fail(st.error());
  auto users = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    for (auto uid : out.verification.verifier_ids) {
      auto u = r.FindUser(uid);
      if (!u) return Fail(u.error());
      out.verifier_emails.push_back(*u ? (*u)->email : fmt::format("user {}", uid));
    }
    return {};
  });
  if (!users) return Fail(users.error());
  return out;
}

Result<store::Attachment> VerificationService::AddEvidence(const Actor& actor, std::int64_t id,
                                                           std::optional<std::int64_t> item_id,
                                                           const std::string& filename, std::string_view content) {
  if (auto st = domain::Authorize(actor, Action::kViewVerifications); !st) return Fail(st.error());
  return AttachEvidence(&actor, id, item_id, filename, content, nullptr);
}

Result<store::Attachment> VerificationService::CompleteWafRun(const domain::WafRun& run, const std::string& filename,
                                                              std::string_view content) {
  if (!LooksLikeWafReport(content)) return Fail(ErrorCode::kInternal, "a WAF run ended without a report");
  return AttachEvidence(nullptr, run.verification_id, run.item_id, filename, content, &run);
}

Result<store::Attachment> VerificationService::AttachEvidence(const Actor* actor, std::int64_t id,
                                                              std::optional<std::int64_t> item_id,
                                                              const std::string& filename, std::string_view content,
                                                              const domain::WafRun* run) {
  // A `proven waf` report (JSON) is an item's evidence and its measured result at once (issue 14).
  std::optional<WafEvidence> waf;
  if (LooksLikeWafReport(content)) {
    if (!item_id) {
      return Fail(Reason{"error.waf.needs_item", {}}, ErrorCode::kInvalidArgument,
                  "item_id: a WAF report is the measured result of an item: name the item", {}, "item_id");
    }
    auto checked = CheckedWafReport(filename, content);
    if (!checked) return Fail(checked.error());
    waf = std::move(*checked);
  }
  auto checked = waf ? Result<store::Attachment>(waf->record) : CheckedUpload(filename, content);
  if (!checked) return Fail(checked.error());
  store::Attachment record = std::move(*checked);
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto v = Load(w, id);
    if (!v) return Fail(v.error());
    if (actor) {
      if (!MaySee(*actor, *v)) return NotFound(id);
      if (!actor->Has(Role::kAdmin) && !IsVerifierOf(*actor, *v)) {
        return Fail(Reason{"error.verification.not_yours", {}}, ErrorCode::kPermissionDenied,
                    fmt::format("verification {} is not yours to change", id));
      }
    } else {
      // The run queue (access was checked when the run was queued): the run must still be running.
      auto stored = w.FindWafRun(run->id);
      if (!stored) return Fail(stored.error());
      if (!*stored || (*stored)->state != domain::WafRunState::kRunning) {
        return Fail(ErrorCode::kFailedPrecondition, fmt::format("WAF run {} is no longer running", run->id));
      }
    }
    // Evidence belongs to the results: it is added while results may be recorded.
    if (auto next = domain::NextVerificationState(id, v->state, VerificationAction::kRecordResults); !next) {
      return Fail(next.error());
    }
    domain::VerificationItem* item = nullptr;
    if (item_id) {
      auto it = std::find_if(v->items.begin(), v->items.end(),
                             [&](const domain::VerificationItem& x) { return x.id == *item_id; });
      if (it == v->items.end()) {
        return Fail(Reason{"error.verification.unknown_item", {{"id", std::to_string(*item_id)}}},
                    ErrorCode::kInvalidArgument, fmt::format("item_id: there is no item {}", *item_id), {}, "item_id");
      }
      item = &*it;
    }
    // A WAF item's report must be of a run against the target agreed in the plan.
    if (waf && item && item->kind == domain::ItemKind::kWafEffectiveness && waf->report.target_url != item->waf_target) {
      return Fail(Reason{"error.waf.wrong_target", {{"target", Ellipsize(waf->report.target_url, 100)},
                                                   {"agreed", Ellipsize(item->waf_target, 100)}}},
                  ErrorCode::kInvalidArgument,
                  fmt::format("target.url: the report was run against {}, not the item's agreed target {}",
                              Ellipsize(waf->report.target_url, 100), Ellipsize(item->waf_target, 100)),
                  {}, "target.url");
    }
    auto existing = w.Evidence(id);
    if (!existing) return Fail(existing.error());
    if (existing->size() >= static_cast<std::size_t>(domain::kMaxEvidencePerVerification)) {
      return Fail(Reason{"error.evidence.too_many", {{"max", std::to_string(domain::kMaxEvidencePerVerification)}}},
                  ErrorCode::kResourceExhausted,
                  fmt::format("a verification holds at most {} evidence files", domain::kMaxEvidencePerVerification), {},
                  "file");
    }
    record.application_id = id;
    record.uploaded_by = actor ? actor->user_id : run->requested_by;
    record.uploaded_at = w.Now();
    auto evidence_id = w.InsertEvidence(id, record, content);
    if (!evidence_id) return Fail(evidence_id.error());
    record.id = *evidence_id;
    if (item) {
      item->evidence_ids.push_back(record.id);
      if (waf) {
        item->metric = waf->metric;
        // The summary as checked, with the id of the file that holds the report.
        item->waf_summary = WafSummaryJson(waf->report, record.sha256, record.id).dump();
      }
      v->updated_at = w.Now();
      if (auto s = w.UpdateVerification(*v); !s) return s;
    }
    auto after = AttachmentRecord(record);
    after.erase("application_id");
    after["verification_id"] = id;
    after["item_id"] = item_id ? nlohmann::ordered_json(*item_id) : nlohmann::ordered_json(nullptr);
    if (waf) {
      after["grade"] = waf->report.grade;
      after["balanced_accuracy"] = waf->metric.value;
      after["corpus_fingerprint"] = waf->report.corpus_fingerprint;
      after["ruleset"] = waf->report.ruleset;
      // The run it came from: the queued run that ends here, or a `done` row for an uploaded report.
      domain::WafRun done = run ? *run : domain::WafRun{};
      done.verification_id = id;
      done.item_id = *item_id;
      done.state = domain::WafRunState::kDone;
      done.finished_at = w.Now();
      if (done.started_at.empty()) done.started_at = w.Now();
      done.error.clear();
      done.evidence_id = record.id;
      done.grade = waf->report.grade;
      done.balanced_accuracy = waf->metric.value;
      if (run) {
        if (auto s = w.UpdateWafRun(done); !s) return s;
      } else {
        done.requested_by = actor->user_id;
        done.progress_done = done.progress_total = waf->report.requests;
        auto run_id = w.InsertWafRun(done);
        if (!run_id) return Fail(run_id.error());
        done.id = *run_id;
      }
      after["waf_run_id"] = done.id;
    }
    const std::string by = actor ? actor->Label() : fmt::format("waf-run:{} for user:{}", run->id, run->requested_by);
    return w.Audit(AuditRecord(by, waf ? AuditAction::kVerificationWafReport : AuditAction::kVerificationEvidence)
                       .On("verification", id)
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return record;
}

Result<std::pair<store::Attachment, std::string>> VerificationService::GetEvidence(const Actor& actor,
                                                                                    std::int64_t evidence_id) {
  if (auto st = domain::Authorize(actor, Action::kViewVerifications); !st) return Fail(st.error());
  auto missing = [&] {
    return Fail(Reason{"error.evidence.not_found", {{"id", std::to_string(evidence_id)}}}, ErrorCode::kNotFound,
                fmt::format("there is no evidence file {}", evidence_id));
  };
  store::Attachment record;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto e = r.FindEvidence(evidence_id);
    if (!e) return Fail(e.error());
    if (!*e) return missing();
    auto v = Load(r, (*e)->application_id);
    if (!v) return Fail(v.error());
    if (!MaySee(actor, *v)) return missing();
    record = std::move(**e);
    return {};
  });
  if (!st) return Fail(st.error());
  // The bytes live in attachment_blobs, which are never removed.
  std::string bytes;
  auto read = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto content = r.AttachmentContent(record.sha256);
    if (!content) return Fail(content.error());
    if (!*content) return Fail(ErrorCode::kInternal, "evidence content missing", record.sha256);
    bytes = std::move(**content);
    return {};
  });
  if (!read) return Fail(read.error());
  return std::pair{std::move(record), std::move(bytes)};
}

Result<std::pair<store::Attachment, waf::ReportSummary>> VerificationService::GetWafReport(const Actor& actor,
                                                                                          std::int64_t evidence_id) {
  auto file = GetEvidence(actor, evidence_id);
  if (!file) return Fail(file.error());
  auto not_a_report = [&] {
    return Fail(Reason{"error.waf.not_a_report", {{"id", std::to_string(evidence_id)}}}, ErrorCode::kNotFound,
                fmt::format("evidence file {} is not a proven waf report", evidence_id));
  };
  if (file->first.content_type != "application/json" || !LooksLikeWafReport(file->second)) return not_a_report();
  // Checked when it was attached; read again so that only a valid report is ever rendered.
  auto report = waf::ReadReport(file->second);
  if (!report) return not_a_report();
  return std::pair{std::move(file->first), std::move(*report)};
}

Result<DownloadReport> VerificationService::Downloads(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kManageVerifications); !st) return Fail(st.error());
  DownloadReport out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto products = r.Products();
    if (!products) return Fail(products.error());
    auto counts = r.DownloadCounts();
    if (!counts) return Fail(counts.error());
    std::map<std::int64_t, std::size_t> index;
    for (const auto& p : *products) {
      index[p.id] = out.products.size();
      out.products.push_back({p.id, p.name, p.latest_version, 0});
    }
    for (const auto& c : *counts) {
      auto it = index.find(c.product_id);
      const std::string name = it == index.end() ? std::string() : out.products[it->second].product;
      out.rows.push_back({c.product_id, name, c.version, c.month, c.count});
      if (it != index.end()) out.products[it->second].total += c.count;
      out.total += c.count;
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<Verification> VerificationService::EditPlan(const Actor& actor, std::int64_t id,
                                                   const std::vector<PlanItemInput>& items) {
  // The WAF targets first, outside the transaction (ParseTarget resolves the host name).
  std::vector<std::string> targets(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto target = CheckedWafTarget(items[i].kind, items[i].waf_target, fmt::format("items[{}].waf_target", i));
    if (!target) return Fail(target.error());
    targets[i] = std::move(*target);
  }
  return Step(actor, id, Action::kVerifyProducts, VerificationAction::kEditPlan, AuditAction::kVerificationPlan,
              [&](store::VerificationWriter&, Verification& v) -> Status {
                std::vector<domain::VerificationItem> next;
                for (std::size_t i = 0; i < items.size(); ++i) {
                  const auto& in = items[i];
                  const std::string at = fmt::format("items[{}]", i);
                  if (Trim(in.title).empty()) {
                    return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument,
                                at + ".title: is required", {}, at + ".title");
                  }
                  for (auto [key, value] : {std::pair{"title", &in.title}, {"environment", &in.environment},
                                            {"method", &in.method}, {"expected", &in.expected}}) {
                    if (auto s = CheckLongText(at + "." + key, *value); !s) return s;
                  }
                  domain::VerificationItem item;
                  if (in.id != 0) {
                    auto it = std::find_if(v.items.begin(), v.items.end(),
                                           [&](const domain::VerificationItem& x) { return x.id == in.id; });
                    if (it == v.items.end()) {
                      return Fail(Reason{"error.verification.unknown_item", {{"id", std::to_string(in.id)}}},
                                  ErrorCode::kInvalidArgument, fmt::format("{}.id: there is no item {}", at, in.id), {},
                                  at + ".id");
                    }
                    item = *it;
                  }
                  item.title = std::string(Trim(in.title));
                  item.environment = std::string(Trim(in.environment));
                  item.method = std::string(Trim(in.method));
                  item.expected = std::string(Trim(in.expected));
                  item.kind = in.kind;
                  item.waf_target = targets[i];
                  next.push_back(std::move(item));
                }
                v.items = std::move(next);
                return {};
              });
}

Result<Verification> VerificationService::AgreePlan(const Actor& actor, std::int64_t id) {
  return Step(actor, id, Action::kApproveReports, VerificationAction::kAgreePlan, AuditAction::kVerificationAgreePlan,
              [&](store::VerificationWriter& w, Verification& v) -> Status {
                if (v.items.empty()) {
                  return Fail(Reason{"error.verification.no_items", {}}, ErrorCode::kFailedPrecondition,
                              "the plan has no verification item yet");
                }
                v.plan_agreed_at = w.Now();
                return {};
              });
}

Result<Verification> VerificationService::Record(const Actor& actor, std::int64_t id, const RecordInput& input) {
  return Step(actor, id, Action::kVerifyProducts, VerificationAction::kRecordResults, AuditAction::kVerificationRecord,
              [&](store::VerificationWriter&, Verification& v) -> Status {
                if (input.summary) {
                  if (auto s = CheckLongText("summary", *input.summary); !s) return s;
                  v.summary = std::string(Trim(*input.summary));
                }
                for (std::size_t i = 0; i < input.results.size(); ++i) {
                  const auto& r = input.results[i];
                  const std::string at = fmt::format("results[{}]", i);
                  auto it = std::find_if(v.items.begin(), v.items.end(),
                                         [&](const domain::VerificationItem& x) { return x.id == r.item_id; });
                  if (it == v.items.end()) {
                    return Fail(Reason{"error.verification.unknown_item", {{"id", std::to_string(r.item_id)}}},
                                ErrorCode::kInvalidArgument, fmt::format("{}.item_id: there is no item {}", at, r.item_id),
                                {}, at + ".item_id");
                  }
                  if (r.metric) {
                    if (auto s = domain::CheckMetric(*r.metric, at + ".metric"); !s) return s;
                  }
                  if (auto s = CheckLongText(at + ".notes", r.notes); !s) return s;
                  it->result = r.result;
                  it->metric = r.metric;
                  it->notes = std::string(Trim(r.notes));
                }
                if (input.strong_points) {
                  std::vector<domain::StrongPoint> points;
                  for (std::size_t i = 0; i < input.strong_points->size(); ++i) {
                    auto p = (*input.strong_points)[i];
                    const std::string at = fmt::format("strong_points[{}]", i);
                    if (auto s = domain::CheckText(domain::TextLimit{at + ".text", domain::kMaxShortTextChars, true}, p.text);
                        !s) {
                      return s;
                    }
                    p.id = 0;
                    p.text = std::string(Trim(p.text));
                    points.push_back(std::move(p));
                  }
                  v.strong_points = std::move(points);
                }
                if (input.trial) {
                  if (*input.trial) {
                    const auto& t = **input.trial;
                    for (auto [key, value] : {std::pair{"trial.organisation", &t.organisation}, {"trial.period", &t.period},
                                              {"trial.scope", &t.scope}, {"trial.findings", &t.findings},
                                              {"trial.user_comments", &t.user_comments}}) {
                      if (auto s = CheckLongText(key, *value); !s) return s;
                    }
                  }
                  v.trial = *input.trial;
                }
                return {};
              });
}

Result<Verification> VerificationService::Submit(const Actor& actor, std::int64_t id) {
  return Step(actor, id, Action::kVerifyProducts, VerificationAction::kSubmit, AuditAction::kVerificationSubmit,
              [&](store::VerificationWriter& w, Verification& v) -> Status {
                if (auto s = domain::CheckReadyToSubmit(v.items, v.strong_points); !s) return s;
                v.submitted_at = w.Now();
                return {};
              });
}

Result<Verification> VerificationService::Approve(const Actor& actor, std::int64_t id) {
  return Step(actor, id, Action::kApproveReports, VerificationAction::kApprove, AuditAction::kVerificationApprove,
              [&](store::VerificationWriter& w, Verification& v) -> Status {
                v.approved_at = w.Now();
                v.vendor_comments.clear();
                return {};
              });
}

Result<Verification> VerificationService::RequestChanges(const Actor& actor, std::int64_t id,
                                                         const std::string& comments) {
  if (Trim(comments).empty()) {
    return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument, "comments: is required", {},
                "comments");
  }
  if (auto st = CheckLongText("comments", comments); !st) return Fail(st.error());
  return Step(actor, id, Action::kApproveReports, VerificationAction::kRequestChanges,
              AuditAction::kVerificationRequestChanges, [&](store::VerificationWriter&, Verification& v) -> Status {
                v.vendor_comments = std::string(Trim(comments));
                return {};
              });
}

Result<Verification> VerificationService::StartCorrection(const Actor& actor, std::int64_t id,
                                                          const std::string& reason) {
  if (Trim(reason).empty()) {
    return Fail(Reason{"error.reason.required", {}}, ErrorCode::kInvalidArgument,
                "reason: a correction states its reason", {}, "reason");
  }
  if (auto st = CheckLongText("reason", reason); !st) return Fail(st.error());
  return Step(actor, id, Action::kVerifyProducts, VerificationAction::kStartCorrection,
              AuditAction::kVerificationStartCorrection, [&](store::VerificationWriter&, Verification& v) -> Status {
                v.correction_reason = std::string(Trim(reason));
                return {};
              });
}

Result<domain::ReportVersion> VerificationService::Publish(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kManageVerifications); !st) return Fail(st.error());
  // What the report shows of the product and its fields, from the programme's records.
  Verification current;
  if (auto v = Get(actor, id); !v) {
    return Fail(v.error());
  } else {
    current = std::move(*v);
  }
  domain::Application app;
  std::vector<domain::Field> fields;
  auto read = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto a = r.FindApplication(current.application_id);
    if (!a) return Fail(a.error());
    if (!*a) return Fail(ErrorCode::kInternal, "the verified application is missing");
    app = std::move(**a);
    auto f = r.Fields();
    if (!f) return Fail(f.error());
    fields = std::move(*f);
    return {};
  });
  if (!read) return Fail(read.error());

  domain::ReportVersion published;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto v = Load(w, id);
    if (!v) return Fail(v.error());
    if (auto s = MayAct(actor, *v, Action::kManageVerifications); !s) return s;
    auto next = domain::NextVerificationState(id, v->state, VerificationAction::kPublish);
    if (!next) return Fail(next.error());
    domain::PublishedProduct product;
    product.verification_id = id;
    product.application_id = app.id;
    product.call_id = app.call_id;
    product.name = app.product.name;
    product.version = app.product.version;
    product.overview = app.product.overview;
    product.vendor_org_id = app.vendor_org_id;
    product.vendor = app.vendor;
    product.field_ids = app.product.field_ids;
    for (auto d : app.product.deployment) product.deployment.emplace_back(domain::CodeIn<domain::DeploymentForm>(domain::kDeploymentFormCodes, d));
    product.homepage = app.product.homepage;
    product.fiscal_year_verified = FiscalYearOf(TokyoDateOf(clock_.NowUnix()));
    product.first_published_at = w.Now();
    auto product_id = w.EnsureProduct(product);
    if (!product_id) return Fail(product_id.error());
    product.id = *product_id;

    ReportInput in;
    in.product = product;
    for (auto fid : product.field_ids) {
      for (const auto& f : fields) {
        if (f.id == fid) in.field_names.push_back(f.name_ja);
      }
    }
    in.deployment_names = product.deployment;
    in.verification = *v;
    in.version = v->published_versions + 1;
    in.reason = v->correction_reason;
    in.published_unix = clock_.NowUnix();
    auto pdf = RenderReportPdf(in, labels_());
    if (!pdf) return Fail(pdf.error());

    published.product_id = product.id;
    published.version = in.version;
    published.published_at = w.Now();
    published.reason = v->correction_reason;
    published.content = AuditText(VerificationRecord(*v));
    published.sha256 = Sha256Hex(published.content);
    if (auto s = w.AppendReportVersion(published, pdf->bytes); !s) return s;
    // The transparency log's leaf, with the product and the version as stored.
    {
      auto stored = w.FindProduct(product.id);
      if (!stored) return Fail(stored.error());
      auto versions = w.ReportVersions(product.id);
      if (!versions) return Fail(versions.error());
      auto mine = std::find_if(versions->begin(), versions->end(), [&](const auto& r) { return r.version == published.version; });
      if (!*stored || mine == versions->end()) return Fail(ErrorCode::kInternal, "the report just published cannot be read back");
      if (auto s = w.AppendLog("report.published", product.id, ReportLogRecord(**stored, *mine, Sha256Hex(pdf->bytes)), published.version); !s) return s;
    }

    const Verification before = *v;
    v->state = *next;
    v->correction_reason.clear();
    v->updated_at = w.Now();
    if (auto s = w.UpdateVerification(*v); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kReportPublish)
                       .On("product", product.id)
                       .Before(AuditText(VerificationRecord(before)))
                       .After(AuditText(nlohmann::ordered_json{{"product_id", product.id},
                                                               {"version", published.version},
                                                               {"reason", published.reason},
                                                               {"sha256", published.sha256},
                                                               {"pdf_sha256", Sha256Hex(pdf->bytes)}})));
  });
  if (!st) return Fail(st.error());
  return published;
}

Result<ProductView> VerificationService::Product(std::int64_t product_id) {
  ProductView out;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto p = r.FindProduct(product_id);
    if (!p) return Fail(p.error());
    if (!*p) {
      return Fail(Reason{"error.product.not_found", {{"id", std::to_string(product_id)}}}, ErrorCode::kNotFound,
                  fmt::format("there is no product {}", product_id));
    }
    out.product = std::move(**p);
    auto versions = r.ReportVersions(product_id);
    if (!versions) return Fail(versions.error());
    out.versions = std::move(*versions);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::string> VerificationService::ReportPdf(std::int64_t product_id, int version, const std::string& client) {
  std::string out;
  auto st = store_.Write([&](store::VerificationWriter& w) -> Status {
    auto pdf = w.ReportPdf(product_id, version);
    if (!pdf) return Fail(pdf.error());
    if (!*pdf) {
      return Fail(Reason{"error.report.not_found", {{"id", std::to_string(product_id)}, {"version", std::to_string(version)}}},
                  ErrorCode::kNotFound, fmt::format("product {} has no report version {}", product_id, version));
    }
    out = std::move(**pdf);
    auto counted = w.CountDownload(product_id, version, client, clock_.NowUnix(), kDownloadWindowSeconds);
    if (!counted) return Fail(counted.error());
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

}  // namespace proven::services
