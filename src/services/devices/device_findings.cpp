// Findings, baseline checklists and the admin's test item catalogue (issue 16, docs/devices.md).
#include <algorithm>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/device_support.hpp"
#include "store/audit_log.hpp"

namespace proven::services {

using namespace devices_detail;
using domain::AuditAction;
using domain::devices::ProjectAction;
using domain::devices::Side;
using store::AuditRecord;

namespace {

// kInvalidArgument naming the field and the metric when a vector is not `version`'s.
Result<std::optional<cvss::Scores>> ScoreOf(const std::string& vector, std::string_view field, std::string_view version) {
  if (Trim(vector).empty()) return std::optional<cvss::Scores>();
  auto s = cvss::Score(Trim(vector));
  if (!s) {
    Error e = s.error();
    const std::string metric = e.field;
    e.field = std::string(field);
    e.message = fmt::format("{}: {}", field, e.message);
    e.reason = Reason{"error.device.cvss", {{"metric", metric.empty() ? std::string("?") : metric}}};
    return Fail(std::move(e));
  }
  if (s->version != version && !(version == "3.1" && s->version == "3.0")) {
    return Fail(Reason{"error.device.cvss_version", {{"version", std::string(version)}}}, ErrorCode::kInvalidArgument,
                fmt::format("{}: a CVSS:{} vector is expected, not CVSS:{}", field, version, s->version), {},
                std::string(field));
  }
  return std::optional<cvss::Scores>(std::move(*s));
}

std::string Today(const Clock& clock) { return TokyoDateOf(clock.NowUnix()).ToIso(); }

domain::devices::Disclosure DisclosureOf(const store::FindingRow& f) {
  return {f.withheld, f.disclose_on, f.disclose_proposed_by, f.disclose_agreed};
}

}  // namespace

Result<DeviceFindingView> DeviceService::ViewOf(store::DeviceReader& r, const store::FindingRow& f) {
  DeviceFindingView v;
  v.row = f;
  auto v31 = ScoreOf(f.cvss31, "cvss31", "3.1");
  if (v31) v.v31 = std::move(*v31);
  auto v40 = ScoreOf(f.cvss40, "cvss40", "4.0");
  if (v40) v.v40 = std::move(*v40);
  for (const auto* s : {&v.v31, &v.v40}) {
    if (*s && (*s)->base_score >= v.score) {
      const double best = (*s)->environmental_score.value_or((*s)->threat_score.value_or(
          (*s)->temporal_score.value_or((*s)->base_score)));
      if (best >= v.score) {
        v.score = best;
        v.severity = std::string(cvss::Severity(best));
      }
    }
  }
  v.disclosed = domain::devices::DisclosedOn(DisclosureOf(f), Today(clock_));
  auto docs = r.Documents(f.project_id);
  if (!docs) return Fail(docs.error());
  for (auto& d : *docs) {
    if (d.finding_id && *d.finding_id == f.id) v.evidence.push_back(std::move(d));
  }
  return v;
}

Result<std::vector<DeviceFindingView>> DeviceService::Findings(const domain::Actor& actor, std::int64_t id) {
  std::vector<DeviceFindingView> out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    if (auto p = Load(r, actor, id); !p) return Fail(p.error());
    auto rows = r.Findings(id);
    if (!rows) return Fail(rows.error());
    for (const auto& f : *rows) {
      auto v = ViewOf(r, f);
      if (!v) return Fail(v.error());
      out.push_back(std::move(*v));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

// Checks the input (vectors included) and what it refers to.
Status CheckFindingInput(store::DeviceReader& r, std::int64_t project_id, const threat::Model& m,
                         const domain::devices::FindingInput& in) {
  if (auto ok = Problems(domain::devices::CheckFinding(in)); !ok) return ok;
  if (auto s = ScoreOf(in.cvss31, "cvss31", "3.1"); !s) return Fail(s.error());
  if (auto s = ScoreOf(in.cvss40, "cvss40", "4.0"); !s) return Fail(s.error());
  if (!in.threat_id.empty() && !m.FindThreat(in.threat_id)) {
    return Fail(Reason{"error.device.unknown_threat", {}}, ErrorCode::kInvalidArgument,
                "threat_id: no such threat in the project's model", {}, "threat_id");
  }
  if (in.test_item_id) {
    auto items = r.TestItems(project_id);
    if (!items) return Fail(items.error());
    if (std::none_of(items->begin(), items->end(), [&](const auto& i) { return i.id == *in.test_item_id; })) {
      return Fail(Reason{"error.device.unknown_item", {}}, ErrorCode::kInvalidArgument,
                  "test_item_id: no such test item in the project", {}, "test_item_id");
    }
  }
  return {};
}

void Fill(store::FindingRow& f, const domain::devices::FindingInput& in) {
  f.title = std::string(Trim(in.title));
  f.description = in.description;
  f.reproduction = in.reproduction;
  f.test_item_id = in.test_item_id;
  f.threat_id = in.threat_id;
  f.cvss31 = std::string(Trim(in.cvss31));
  f.cvss40 = std::string(Trim(in.cvss40));
}

}  // namespace

Result<DeviceFindingView> DeviceService::AddFinding(const domain::Actor& actor, std::int64_t id,
                                              const domain::devices::FindingInput& in) {
  DeviceFindingView out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto model = ModelOf(w, p->row);
    if (!model) return Fail(model.error());
    if (auto ok = CheckFindingInput(w, id, model->model, in); !ok) return ok;
    store::FindingRow row;
    row.project_id = id;
    Fill(row, in);
    row.withheld = in.withheld;
    row.created_by = actor.user_id;
    auto fid = w.InsertFinding(row);
    if (!fid) return Fail(fid.error());
    auto rows = w.Findings(id);
    if (!rows) return Fail(rows.error());
    auto it = std::find_if(rows->begin(), rows->end(), [&](const auto& f) { return f.id == *fid; });
    auto v = ViewOf(w, *it);
    if (!v) return Fail(v.error());
    out = std::move(*v);
    auto after = FindingJson(out.row);
    after["project"] = id;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kFindingAdd).On("finding", *fid).After(Dump(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceFindingView> DeviceService::UpdateFinding(
    const domain::Actor& actor, std::int64_t id, std::int64_t finding_id, ProjectAction action, AuditAction audit,
    const std::function<Status(store::DeviceWriter&, const DeviceProject&, store::FindingRow&)>& change) {
  DeviceFindingView out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, action);
    if (!p) return Fail(p.error());
    auto rows = w.Findings(id);
    if (!rows) return Fail(rows.error());
    auto it = std::find_if(rows->begin(), rows->end(), [&](const auto& f) { return f.id == finding_id; });
    if (it == rows->end()) return Fail(Reason{"error.device.unknown_finding", {}}, ErrorCode::kNotFound, "no such finding");
    const auto before = FindingJson(*it);
    store::FindingRow row = *it;
    if (auto ok = change(w, *p, row); !ok) return ok;
    if (auto done = w.UpdateFinding(row); !done) return done;
    auto v = ViewOf(w, row);
    if (!v) return Fail(v.error());
    out = std::move(*v);
    return w.Audit(AuditRecord(actor.Label(), audit)
                       .On("finding", finding_id)
                       .Before(Dump(before))
                       .After(Dump(FindingJson(row))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<DeviceFindingView> DeviceService::ChangeFinding(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                                 const domain::devices::FindingInput& in) {
  return UpdateFinding(actor, id, finding_id, ProjectAction::kEditWork, AuditAction::kFindingChange,
                       [&](store::DeviceWriter& w, const DeviceProject& p, store::FindingRow& f) -> Status {
                         auto model = ModelOf(w, p.row);
                         if (!model) return Fail(model.error());
                         if (auto ok = CheckFindingInput(w, id, model->model, in); !ok) return ok;
                         Fill(f, in);
                         f.withheld = in.withheld;
                         return {};
                       });
}

Result<DeviceFindingView> DeviceService::Respond(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                           const domain::devices::ResponseInput& in) {
  if (auto ok = Problems(domain::devices::CheckResponse(in)); !ok) return Fail(ok.error());
  return UpdateFinding(actor, id, finding_id, ProjectAction::kRespond, AuditAction::kFindingRespond,
                       [&](store::DeviceWriter&, const DeviceProject&, store::FindingRow& f) -> Status {
                         f.maker_risk = in.maker_risk;
                         f.response = in.response;
                         f.response_note = in.response_note;
                         return {};
                       });
}

Result<DeviceFindingView> DeviceService::Retest(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                          const domain::devices::RetestInput& in) {
  if (auto ok = Problems(domain::devices::CheckRetest(in)); !ok) return Fail(ok.error());
  const std::string now = clock_.NowIso();
  return UpdateFinding(actor, id, finding_id, ProjectAction::kEditWork, AuditAction::kFindingRetest,
                       [&](store::DeviceWriter&, const DeviceProject&, store::FindingRow& f) -> Status {
                         f.retest = in.retest;
                         f.retest_note = in.retest_note;
                         f.retested_at = in.retest == "not_retested" ? "" : now;
                         return {};
                       });
}

Result<DeviceFindingView> DeviceService::Disclosure(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                              const std::string& op, const std::string& date) {
  if (op != "propose" && op != "agree" && op != "publish" && op != "withhold") {
    return Fail(Reason{"error.device.unknown_code", {{"value", op}}}, ErrorCode::kInvalidArgument,
                fmt::format("op: '{}' is not propose, agree, publish or withhold", op), {}, "op");
  }
  // Either side proposes and agrees (the maker's answer to a finding is kRespond); the provider
  // publishes or withholds (kEditWork).
  const ProjectAction action = (op == "publish" || op == "withhold") ? ProjectAction::kEditWork : ProjectAction::kDisclosure;
  const std::string today = Today(clock_);
  return UpdateFinding(actor, id, finding_id, action, AuditAction::kFindingDisclosure,
                       [&](store::DeviceWriter&, const DeviceProject& p, store::FindingRow& f) -> Status {
                         const Side side = p.side;
                         if (op == "publish" || op == "withhold") {
                           f.withheld = op == "withhold";
                           return {};
                         }
                         auto d = op == "propose"
                                      ? domain::devices::ProposeDisclosure(DisclosureOf(f), side, date, today)
                                      : domain::devices::AgreeDisclosure(DisclosureOf(f), side);
                         if (!d) return Fail(d.error());
                         f.disclose_on = d->disclose_on;
                         f.disclose_proposed_by = d->proposed_by;
                         f.disclose_agreed = d->agreed;
                         return {};
                       });
}

// ---- Baseline checklists ------------------------------------------------------------------------

namespace {

Result<const domain::devices::Baseline*> BaselineOf(const std::string& id) {
  const auto* b = domain::devices::FindBaseline(id);
  if (!b) {
    return Fail(Reason{"error.device.unknown_baseline", {{"value", id}}}, ErrorCode::kNotFound,
                fmt::format("baseline: '{}' is not etsi-en-303-645 or jc-star-1", id), {}, "baseline");
  }
  return b;
}

ChecklistView ViewOfChecklist(const domain::devices::Baseline& b, const std::vector<store::ChecklistRow>& rows) {
  ChecklistView v;
  v.baseline = &b;
  for (const auto& req : b.requirements) {
    ChecklistEntry e;
    e.requirement = req;
    for (const auto& r : rows) {
      if (r.baseline == b.id && r.code == req.code) {
        e.status = r.status;
        e.note = r.note;
        e.updated_at = r.updated_at;
      }
    }
    if (e.status == "met") ++v.met;
    else if (e.status == "not_met") ++v.not_met;
    else if (e.status == "not_applicable") ++v.not_applicable;
    else ++v.not_assessed;
    if (req.mandatory && (e.status == "not_met" || e.status == "not_assessed")) ++v.mandatory_open;
    v.entries.push_back(std::move(e));
  }
  return v;
}

}  // namespace

Result<ChecklistView> DeviceService::Checklist(const domain::Actor& actor, std::int64_t id, const std::string& baseline) {
  auto b = BaselineOf(baseline);
  if (!b) return Fail(b.error());
  ChecklistView out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    if (auto p = Load(r, actor, id); !p) return Fail(p.error());
    auto rows = r.Checklist(id);
    if (!rows) return Fail(rows.error());
    out = ViewOfChecklist(**b, *rows);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<ChecklistView> DeviceService::Assess(const domain::Actor& actor, std::int64_t id, const std::string& baseline,
                                            const std::string& code, const std::string& status, const std::string& note) {
  auto b = BaselineOf(baseline);
  if (!b) return Fail(b.error());
  const auto& reqs = (*b)->requirements;
  if (std::none_of(reqs.begin(), reqs.end(), [&](const auto& r) { return r.code == code; })) {
    return Fail(Reason{"error.device.unknown_requirement", {{"value", code}}}, ErrorCode::kInvalidArgument,
                fmt::format("code: '{}' is not a requirement of {}", code, baseline), {}, "code");
  }
  if (!domain::ValueIn<domain::devices::ChecklistStatus>(domain::devices::kChecklistStatusCodes, status)) {
    return Fail(Reason{"error.device.unknown_code", {{"value", status}}}, ErrorCode::kInvalidArgument,
                fmt::format("status: '{}' is not met, not_met, not_applicable or not_assessed", status), {}, "status");
  }
  if (auto ok = domain::CheckText({"note", 4000, true}, note); !ok) return Fail(ok.error());
  ChecklistView out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    if (auto done = w.PutChecklist({id, baseline, code, status, note, actor.user_id, w.Now()}); !done) return done;
    auto rows = w.Checklist(id);
    if (!rows) return Fail(rows.error());
    out = ViewOfChecklist(**b, *rows);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kChecklistSave)
                       .On("checklist", id)
                       .After(Dump({{"baseline", baseline}, {"code", code}, {"status", status}, {"note", note}})));
  });
  if (!st) return Fail(st.error());
  return out;
}

// ---- The admin's catalogue ----------------------------------------------------------------------

Status DeviceService::SeedCatalogue() {
  return store_.Write([&](store::DeviceWriter& w) -> Status {
    auto rows = w.Catalogue();
    if (!rows) return Fail(rows.error());
    if (!rows->empty()) return {};
    for (const auto& c : domain::devices::DefaultCatalogue()) {
      store::CatalogueRow row{0,          c.code,         c.title.ja,    c.title.en, c.method.ja, c.method.en,
                              c.tools,    c.evidence.ja,  c.evidence.en, c.stride,   c.interfaces, c.requirements,
                              true,       ""};
      if (auto done = w.PutCatalogueItem(row); !done) return done;
    }
    return {};
  });
}

Result<store::CatalogueRow> DeviceService::SaveCatalogueItem(const domain::Actor& actor, const store::CatalogueRow& in) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kManageTestCatalogue); !ok) return Fail(ok.error());
  std::vector<Problem> problems;
  auto text = [&](std::string_view field, const std::string& v, std::size_t max, bool required) {
    if (auto p = domain::TextProblem({field, max, true}, v)) {
      p->field = std::string(field);
      problems.push_back(std::move(*p));
    } else if (required && Trim(v).empty()) {
      problems.push_back({std::string(field), std::string(field) + ": is required", {"error.field.required", {}}});
    }
  };
  text("code", in.code, 40, true);
  text("title_ja", in.title_ja, 200, true);
  text("title_en", in.title_en, 200, true);
  text("method_ja", in.method_ja, 8000, false);
  text("method_en", in.method_en, 8000, false);
  text("tools", in.tools, 1000, false);
  text("evidence_ja", in.evidence_ja, 8000, false);
  text("evidence_en", in.evidence_en, 8000, false);
  for (std::size_t i = 0; i < in.stride.size(); ++i) {
    if (!threat::ParseStride(in.stride[i])) {
      problems.push_back({fmt::format("stride.{}", i), fmt::format("stride.{}: '{}' is not a STRIDE category", i, in.stride[i]),
                          {"error.device.unknown_code", {{"value", in.stride[i]}}}});
    }
  }
  const auto& known = domain::devices::Interfaces();
  for (std::size_t i = 0; i < in.interfaces.size(); ++i) {
    if (std::none_of(known.begin(), known.end(), [&](const auto& k) { return k.code == in.interfaces[i]; })) {
      problems.push_back({fmt::format("interfaces.{}", i),
                          fmt::format("interfaces.{}: '{}' is not an interface code", i, in.interfaces[i]),
                          {"error.device.unknown_code", {{"value", in.interfaces[i]}}}});
    }
  }
  if (auto ok = Problems(std::move(problems)); !ok) return Fail(ok.error());
  store::CatalogueRow out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto before = w.CatalogueItem(in.code);
    if (!before) return Fail(before.error());
    if (auto done = w.PutCatalogueItem(in); !done) return done;
    auto after = w.CatalogueItem(in.code);
    if (!after || !*after) return Fail(ErrorCode::kInternal, "the catalogue item was not saved");
    out = **after;
    auto j = [](const store::CatalogueRow& c) {
      return nlohmann::json{{"code", c.code}, {"title_ja", c.title_ja}, {"title_en", c.title_en}, {"tools", c.tools},
                            {"stride", c.stride}, {"interfaces", c.interfaces}, {"active", c.active}};
    };
    auto rec = AuditRecord(actor.Label(), AuditAction::kTestCatalogueSave).On("test_catalogue", in.code);
    if (*before) rec.Before(Dump(j(**before)));
    return w.Audit(rec.After(Dump(j(out))));
  });
  if (!st) return Fail(st.error());
  return out;
}

}  // namespace proven::services
