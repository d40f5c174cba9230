// The provider's work on a device verification, and what the maker reads and answers of it
// (issue 16, docs/devices.md): the threat model (diagram, elements, STRIDE threats, attack paths,
// Threat Dragon import and export), test items with the threats × items coverage, findings with
// CVSS scores, the maker's response, retests and disclosure, and the baseline checklists.
#include <fmt/core.h>

#include "core/text.hpp"
#include "web/auth.hpp"
#include "web/devices/device_page_support.hpp"
#include "web/devices/devices.hpp"
#include "web/page_support.hpp"
#include "web/staff_pages.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
namespace dev = domain::devices;
using namespace device_pages;

namespace {

std::string RiskLabel(Lang lang, threat::RiskLevel r) { return Message(lang, "device.risk." + std::string(threat::RiskCode(r)), {}); }

std::string Rating(int v) { return v == 0 ? "—" : std::to_string(v); }

// Runs `render` for the project, or answers with the error page.
template <typename Render>
void WithProject(AppContext& app, const Auth& auth, const Request& req, Response& res, Render&& render) {
  auto p = app.devices.Project(*auth.actor, PathId(req, 1));
  if (!p) return ErrorPage(app, &auth, req, res, p.error(), "device");
  render(*p);
}

// After a form: back to `location` with a notice, or the page again with the error (400), or the error page.
template <typename Render>
void AfterForm(AppContext& app, const Auth& auth, const Request& req, Response& res, const Status& done,
               const std::string& location, const std::string& notice, Render&& render_with_error) {
  if (done) return RedirectWithNotice(app, auth, res, location, notice);
  if (!IsFormError(done.error())) return ErrorPage(app, &auth, req, res, done.error(), "device", true);
  render_with_error(done.error());
}

mst::data ElementOptions(const threat::Model& m, bool flows) {
  mst::data list = EmptyList();
  for (const auto& dgm : m.diagrams) {
    for (const auto& el : dgm.elements) {
      if (!flows && (el.kind == threat::ElementKind::kFlow || el.kind == threat::ElementKind::kBoundary)) continue;
      mst::data o;
      o.set("id", el.id);
      o.set("name", el.name);
      list.push_back(o);
    }
  }
  return list;
}

mst::data CodeOptions(Lang lang, const std::string& group, std::initializer_list<std::string_view> codes) {
  mst::data list = EmptyList();
  for (auto c : codes) {
    mst::data o;
    o.set("code", std::string(c));
    o.set("label", Message(lang, group + std::string(c), {}));
    list.push_back(o);
  }
  return list;
}

void SetThreatModel(mst::data& d, Lang lang, const services::ThreatModelView& v) {
  mst::data elements = EmptyList(), threats = EmptyList(), paths = EmptyList();
  std::size_t threat_count = 0;
  for (const auto& dgm : v.model.diagrams) {
    for (const auto& el : dgm.elements) {
      mst::data e;
      e.set("id", el.id);
      e.set("name", el.name);
      e.set("kind", Message(lang, "device.kind." + std::string(threat::KindCode(el.kind)), {}));
      e.set("asset", el.asset);
      e.set("entry_point", el.entry_point);
      e.set("out_of_scope", el.out_of_scope);
      const auto* src = v.model.FindElement(el.source);
      const auto* dst = v.model.FindElement(el.target);
      e.set("flow", OptionalText(src && dst ? src->name + " → " + dst->name : ""));
      elements.push_back(e);
      for (const auto& t : el.threats) {
        mst::data th;
        th.set("id", t.id);
        th.set("element", el.name);
        th.set("category", Message(lang, "device.stride." + std::string(threat::StrideCode(t.category)), {}));
        th.set("title", t.title);
        th.set("mitigation", OptionalText(t.mitigation));
        th.set("likelihood", Rating(t.likelihood));
        th.set("impact", Rating(t.impact));
        th.set("risk", std::string(threat::RiskCode(t.risk())));
        th.set("risk_label", RiskLabel(lang, t.risk()));
        th.set("status", Message(lang, "device.threat_status." + t.status, {}));
        threats.push_back(th);
        ++threat_count;
      }
    }
  }
  for (const auto& p : v.model.attack_paths) {
    mst::data pd;
    pd.set("id", p.id);
    pd.set("title", p.title);
    std::vector<std::string> steps;
    for (const auto& s : p.steps) {
      const auto* el = v.model.FindElement(s);
      steps.push_back(el ? el->name : s);
    }
    pd.set("steps", Join(steps, " → "));
    pd.set("risk", std::string(threat::RiskCode(p.risk())));
    pd.set("risk_label", RiskLabel(lang, p.risk()));
    paths.push_back(pd);
  }
  d.set("elements", elements);
  d.set("threats", threats);
  d.set("paths", paths);
  d.set("has_elements", !v.model.diagrams.empty() && !v.model.diagrams.front().elements.empty());
  d.set("has_threats", threat_count > 0);
  d.set("has_paths", !v.model.attack_paths.empty());
  d.set("revision", std::to_string(v.revision));
  d.set("updated_at", OptionalText(JstText(v.updated_at)));
  d.set("nodes", ElementOptions(v.model, false));
  d.set("all_elements", ElementOptions(v.model, true));
  d.set("kinds", CodeOptions(lang, "device.kind.", {"actor", "process", "store", "flow", "boundary"}));
  d.set("strides", CodeOptions(lang, "device.stride.", {"spoofing", "tampering", "repudiation", "information_disclosure",
                                                         "denial_of_service", "elevation_of_privilege"}));
  d.set("ratings", CodeOptions(lang, "device.rating.", {"0", "1", "2", "3"}));
}

void RenderThreats(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                   const services::DeviceProject& p, const Error* error, int status) {
  auto view = app.devices.ThreatModel(*auth.actor, p.row.id);
  if (!view) return ErrorPage(app, &auth, req, res, view.error(), "device");
  mst::data d = ProjectHeader(lang, p, "threats");
  d.set("csrf", auth.csrf);
  SetThreatModel(d, lang, *view);
  d.set("lang_code", std::string(LangCode(lang)));
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "device_threats", d, Message(lang, "device_threats_title", {{"title", p.row.title}}), "",
           status, &auth);
}

services::ThreatEdit EditFromForm(const Request& req) {
  services::ThreatEdit e;
  e.op = FormValue(req, "op");
  for (auto [key, field] : {std::pair{"id", &e.id}, std::pair{"kind", &e.kind}, std::pair{"name", &e.name},
                            std::pair{"description", &e.description}, std::pair{"source", &e.source},
                            std::pair{"target", &e.target}, std::pair{"category", &e.category},
                            std::pair{"title", &e.title}, std::pair{"mitigation", &e.mitigation},
                            std::pair{"status", &e.status}}) {
    *field = FormValue(req, key);
  }
  e.asset = FormValue(req, "asset") == "1";
  e.entry_point = FormValue(req, "entry_point") == "1";
  e.out_of_scope = FormValue(req, "out_of_scope") == "1";
  auto rating = [&](const char* key) {
    const std::string v = FormValue(req, key);
    return v.size() == 1 && v[0] >= '0' && v[0] <= '9' ? v[0] - '0' : (v.empty() ? 0 : -1);
  };
  e.likelihood = rating("likelihood");
  e.impact = rating("impact");
  e.steps = FormValues(req, "steps");
  e.threats = FormValues(req, "threats");
  return e;
}

}  // namespace

void HandleDeviceThreatsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    RenderThreats(app, auth, req, res, lang, p, nullptr, 200);
  });
}

// POST /devices/{id}/threats: one edit (op), or a Threat Dragon file to import (op=import).
void HandleDeviceThreatsForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    const auto edit = EditFromForm(req);
    Status done;
    if (edit.op == "import") {
      const FormPart* file = req.part("file");
      auto v = app.devices.ImportThreatModel(*auth.actor, p.row.id, file ? std::string_view(file->content) : "");
      if (!v) done = Fail(v.error());
    } else {
      auto v = app.devices.EditThreatModel(*auth.actor, p.row.id, edit);
      if (!v) done = Fail(v.error());
    }
    AfterForm(app, auth, req, res, done, fmt::format("/devices/{}/threats", p.row.id), "device_notice_threats",
              [&](const Error& e) { RenderThreats(app, auth, req, res, lang, p, &e, 400); });
  });
}

// ---- Test items and coverage --------------------------------------------------------------------

namespace {

mst::data ItemRows(Lang lang, const services::Coverage& c) {
  mst::data list = EmptyList();
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& it = c.items[i];
    mst::data d;
    d.set("number", std::to_string(i + 1));
    d.set("id", std::to_string(it.id));
    d.set("code", OptionalText(it.catalogue_code));
    d.set("title", it.title);
    d.set("method", OptionalText(it.method));
    d.set("tools", OptionalText(it.tools));
    d.set("evidence", OptionalText(it.evidence));
    d.set("result", it.result);
    d.set("status", it.status);
    d.set("status_label", Message(lang, "device.item_status." + it.status, {}));
    d.set("threat_count", std::to_string(it.threats.size()));
    mst::data statuses = EmptyList();
    for (const auto& e : dev::kItemStatusCodes) {
      mst::data o;
      o.set("code", std::string(e.code));
      o.set("label", Message(lang, "device.item_status." + std::string(e.code), {}));
      o.set("selected", it.status == e.code);
      statuses.push_back(o);
    }
    d.set("statuses", statuses);
    mst::data threats = EmptyList();
    for (const auto& t : it.threats) threats.push_back(t);
    d.set("threat_ids", threats);
    list.push_back(d);
  }
  return list;
}

mst::data CoverageRows(Lang lang, const services::Coverage& c) {
  mst::data list = EmptyList();
  for (const auto& r : c.rows) {
    mst::data d;
    d.set("title", r.title);
    d.set("element", r.element);
    d.set("category", Message(lang, "device.stride." + r.category, {}));
    d.set("risk", std::string(threat::RiskCode(r.risk)));
    d.set("risk_label", RiskLabel(lang, r.risk));
    d.set("untested_high", r.untested_high);
    mst::data cells = EmptyList();
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const bool linked = std::find(r.items.begin(), r.items.end(), c.items[i].id) != r.items.end();
      mst::data cell;
      cell.set("mark", linked ? Message(lang, "device.coverage." + c.items[i].status, {}) : std::string());
      cell.set("linked", linked);
      cell.set("item", std::to_string(i + 1));
      cells.push_back(cell);
    }
    d.set("cells", cells);
    list.push_back(d);
  }
  return list;
}

mst::data CatalogueRows(Lang lang, const std::vector<store::CatalogueRow>& rows) {
  mst::data list = EmptyList();
  for (const auto& c : rows) {
    mst::data d;
    d.set("code", c.code);
    d.set("title", lang == Lang::kEn ? c.title_en : c.title_ja);
    std::vector<std::string> cats;
    for (const auto& s : c.stride) cats.push_back(Message(lang, "device.stride." + s, {}));
    d.set("stride", Join(cats, "、"));
    list.push_back(d);
  }
  return list;
}

void RenderItems(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                 const services::DeviceProject& p, const Error* error, int status) {
  auto coverage = app.devices.CoverageOf(*auth.actor, p.row.id);
  if (!coverage) return ErrorPage(app, &auth, req, res, coverage.error(), "device");
  auto suggestions = app.devices.Suggestions(*auth.actor, p.row.id);
  if (!suggestions) return ErrorPage(app, &auth, req, res, suggestions.error(), "device");
  auto catalogue = app.devices.Catalogue();
  if (!catalogue) return ErrorPage(app, &auth, req, res, catalogue.error(), "device");
  mst::data d = ProjectHeader(lang, p, "items");
  d.set("csrf", auth.csrf);
  d.set("items", ItemRows(lang, *coverage));
  d.set("has_items", !coverage->items.empty());
  d.set("coverage", CoverageRows(lang, *coverage));
  d.set("has_coverage", !coverage->rows.empty());
  d.set("coverage_summary", Message(lang, "device_coverage_summary",
                                    {{"threats", std::to_string(coverage->threats)},
                                     {"covered", std::to_string(coverage->covered)},
                                     {"tested", std::to_string(coverage->tested)},
                                     {"untested_high", std::to_string(coverage->untested_high)}}));
  d.set("untested_high", coverage->untested_high > 0);
  d.set("suggestions", CatalogueRows(lang, *suggestions));
  d.set("has_suggestions", !suggestions->empty());
  d.set("catalogue", CatalogueRows(lang, *catalogue));
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "device_items", d, Message(lang, "device_items_title", {{"title", p.row.title}}), "",
           status, &auth);
}

}  // namespace

void HandleDeviceItemsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    RenderItems(app, auth, req, res, lang, p, nullptr, 200);
  });
}

// POST /devices/{id}/items: op = catalogue (code), add (own item), change (item), remove (item).
void HandleDeviceItemsForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    const std::string op = FormValue(req, "op");
    dev::ItemInput in{"", FormValue(req, "title"), FormValue(req, "method"), FormValue(req, "tools"),
                      FormValue(req, "evidence"), FormValues(req, "threats"),
                      FormValue(req, "status").empty() ? "planned" : FormValue(req, "status"), FormValue(req, "result")};
    const auto item = FormId(req, "item").value_or(0);
    Status done;
    if (op == "catalogue") {
      if (auto r = app.devices.AddFromCatalogue(*auth.actor, p.row.id, FormValue(req, "code")); !r) done = Fail(r.error());
    } else if (op == "remove") {
      done = app.devices.RemoveItem(*auth.actor, p.row.id, item);
    } else if (op == "change") {
      if (auto r = app.devices.ChangeItem(*auth.actor, p.row.id, item, in); !r) done = Fail(r.error());
    } else {
      if (auto r = app.devices.AddItem(*auth.actor, p.row.id, in); !r) done = Fail(r.error());
    }
    AfterForm(app, auth, req, res, done, fmt::format("/devices/{}/items", p.row.id), "device_notice_items",
              [&](const Error& e) { RenderItems(app, auth, req, res, lang, p, &e, 400); });
  });
}

// ---- Findings -----------------------------------------------------------------------------------

namespace {

std::string ScoreText(const std::optional<cvss::Scores>& s) {
  if (!s) return "";
  return fmt::format("{:.1f} {}", s->base_score, s->severity);
}

mst::data FindingRows(Lang lang, const std::vector<services::DeviceFindingView>& findings, std::int64_t project_id) {
  mst::data list = EmptyList();
  for (const auto& f : findings) {
    const auto& r = f.row;
    mst::data d;
    d.set("id", std::to_string(r.id));
    d.set("project_id", std::to_string(project_id));
    d.set("number", std::to_string(r.number));
    d.set("title", r.title);
    d.set("description", r.description);
    d.set("reproduction", OptionalText(r.reproduction));
    d.set("cvss31", OptionalText(r.cvss31));
    d.set("cvss31_score", OptionalText(ScoreText(f.v31)));
    d.set("cvss40", OptionalText(r.cvss40));
    d.set("cvss40_score", OptionalText(ScoreText(f.v40)));
    d.set("severity", OptionalText(f.severity));
    d.set("maker_risk", OptionalText(r.maker_risk.empty() ? "" : Message(lang, "device.maker_risk." + r.maker_risk, {})));
    d.set("response", OptionalText(r.response.empty() ? "" : Message(lang, "device.response." + r.response, {})));
    d.set("response_note", OptionalText(r.response_note));
    d.set("retest", Message(lang, "device.retest." + r.retest, {}));
    d.set("retest_note", OptionalText(r.retest_note));
    d.set("withheld", r.withheld);
    d.set("disclose_on", OptionalText(r.disclose_on));
    d.set("disclose_agreed", r.disclose_agreed);
    d.set("proposed_by", OptionalText(r.disclose_proposed_by.empty() ? "" : Message(lang, "device.side." + r.disclose_proposed_by, {})));
    d.set("disclosed", f.disclosed);
    mst::data evidence = EmptyList();
    for (const auto& e : f.evidence) {
      mst::data ed;
      ed.set("id", std::to_string(e.id));
      ed.set("name", e.name);
      evidence.push_back(ed);
    }
    d.set("evidence", evidence);
    d.set("has_evidence", !f.evidence.empty());
    list.push_back(d);
  }
  return list;
}

void RenderFindings(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                    const services::DeviceProject& p, const Error* error, int status) {
  auto findings = app.devices.Findings(*auth.actor, p.row.id);
  if (!findings) return ErrorPage(app, &auth, req, res, findings.error(), "device");
  auto view = app.devices.ThreatModel(*auth.actor, p.row.id);
  if (!view) return ErrorPage(app, &auth, req, res, view.error(), "device");
  auto coverage = app.devices.CoverageOf(*auth.actor, p.row.id);
  if (!coverage) return ErrorPage(app, &auth, req, res, coverage.error(), "device");
  mst::data d = ProjectHeader(lang, p, "findings");
  d.set("csrf", auth.csrf);
  d.set("findings", FindingRows(lang, *findings, p.row.id));
  d.set("has_findings", !findings->empty());
  mst::data threats = EmptyList();
  for (const auto& r : coverage->rows) {
    mst::data o;
    o.set("id", r.threat_id);
    o.set("label", r.element + ": " + r.title);
    threats.push_back(o);
  }
  d.set("threat_options", threats);
  mst::data items = EmptyList();
  for (std::size_t i = 0; i < coverage->items.size(); ++i) {
    mst::data o;
    o.set("id", std::to_string(coverage->items[i].id));
    o.set("label", std::to_string(i + 1) + ". " + coverage->items[i].title);
    items.push_back(o);
  }
  d.set("item_options", items);
  d.set("risks", CodeOptions(lang, "device.maker_risk.", {"high", "medium", "low"}));
  d.set("responses", CodeOptions(lang, "device.response.", {"fix", "mitigate", "accept", "not_applicable"}));
  d.set("retests", CodeOptions(lang, "device.retest.", {"not_retested", "fixed", "partially_fixed", "not_fixed"}));
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "device_findings", d, Message(lang, "device_findings_title", {{"title", p.row.title}}), "",
           status, &auth);
}

Status FindingFormOp(AppContext& app, const Auth& auth, const Request& req, std::int64_t id) {
  const std::string op = FormValue(req, "op");
  const auto fid = FormId(req, "finding").value_or(0);
  if (op == "add") {
    dev::FindingInput in{FormValue(req, "title"), FormValue(req, "description"), FormValue(req, "reproduction"),
                         FormId(req, "test_item_id"), FormValue(req, "threat_id"), FormValue(req, "cvss31"),
                         FormValue(req, "cvss40"), FormValue(req, "withheld") != "0"};
    if (auto r = app.devices.AddFinding(*auth.actor, id, in); !r) return Fail(r.error());
  } else if (op == "response") {
    if (auto r = app.devices.Respond(*auth.actor, id, fid,
                                     {FormValue(req, "maker_risk"), FormValue(req, "response"), FormValue(req, "response_note")});
        !r) {
      return Fail(r.error());
    }
  } else if (op == "retest") {
    if (auto r = app.devices.Retest(*auth.actor, id, fid, {FormValue(req, "retest"), FormValue(req, "retest_note")}); !r) {
      return Fail(r.error());
    }
  } else if (op == "evidence") {
    const FormPart* file = req.part("file");
    if (auto r = app.devices.Upload(*auth.actor, id, "evidence", file ? file->filename : "", file ? file->content_type : "",
                                    file ? std::string_view(file->content) : "", fid);
        !r) {
      return Fail(r.error());
    }
  } else {
    if (auto r = app.devices.Disclosure(*auth.actor, id, fid, op, FormValue(req, "date")); !r) return Fail(r.error());
  }
  return {};
}

}  // namespace

void HandleDeviceFindingsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    RenderFindings(app, auth, req, res, lang, p, nullptr, 200);
  });
}

void HandleDeviceFindingsForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    const Status done = FindingFormOp(app, auth, req, p.row.id);
    AfterForm(app, auth, req, res, done, fmt::format("/devices/{}/findings", p.row.id), "device_notice_findings",
              [&](const Error& e) { RenderFindings(app, auth, req, res, lang, p, &e, 400); });
  });
}

// ---- Baseline checklists ------------------------------------------------------------------------

namespace {

void RenderChecklist(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                     const services::DeviceProject& p, const std::string& baseline, const Error* error, int status) {
  auto v = app.devices.Checklist(*auth.actor, p.row.id, baseline);
  if (!v) return ErrorPage(app, &auth, req, res, v.error(), "device");
  const std::string l(LangCode(lang));
  mst::data d = ProjectHeader(lang, p, "checklists");
  d.set("csrf", auth.csrf);
  d.set("baseline", baseline);
  d.set("baseline_title", v->baseline->title.In(l));
  d.set("version", v->baseline->version);
  d.set("source_url", v->baseline->source_url);
  mst::data baselines = EmptyList();
  for (const auto& b : dev::Baselines()) {
    mst::data o;
    o.set("id", b.id);
    o.set("title", b.title.In(l));
    o.set("current", b.id == baseline);
    baselines.push_back(o);
  }
  d.set("baselines", baselines);
  d.set("counts", Message(lang, "device_checklist_counts",
                          {{"met", std::to_string(v->met)}, {"not_met", std::to_string(v->not_met)},
                           {"not_applicable", std::to_string(v->not_applicable)},
                           {"not_assessed", std::to_string(v->not_assessed)},
                           {"mandatory_open", std::to_string(v->mandatory_open)}}));
  mst::data rows = EmptyList();
  std::string category;
  for (const auto& e : v->entries) {
    mst::data r;
    r.set("group", OptionalText(e.requirement.category != category ? e.requirement.category + " " + e.requirement.category_title.In(l) : ""));
    category = e.requirement.category;
    r.set("code", e.requirement.code);
    r.set("title", e.requirement.title.In(l));
    r.set("mandatory", e.requirement.mandatory);
    r.set("status", e.status);
    r.set("status_label", Message(lang, "device.checklist." + e.status, {}));
    r.set("note", e.note);
    mst::data options = EmptyList();
    for (const auto& s : dev::kChecklistStatusCodes) {
      mst::data o;
      o.set("code", std::string(s.code));
      o.set("label", Message(lang, "device.checklist." + std::string(s.code), {}));
      o.set("selected", e.status == s.code);
      options.push_back(o);
    }
    r.set("options", options);
    rows.push_back(r);
  }
  d.set("requirements", rows);
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "device_checklist", d,
           Message(lang, "device_checklist_title", {{"title", p.row.title}, {"baseline", v->baseline->title.In(l)}}), "",
           status, &auth);
}

}  // namespace

void HandleDeviceChecklistPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    RenderChecklist(app, auth, req, res, lang, p, std::string(PathParam(req, 2)), nullptr, 200);
  });
}

void HandleDeviceChecklistForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  WithProject(app, auth, req, res, [&](const services::DeviceProject& p) {
    const std::string baseline(PathParam(req, 2));
    const std::string code = FormValue(req, "code");
    auto v = app.devices.Assess(*auth.actor, p.row.id, baseline, code, FormValue(req, "status"), FormValue(req, "note"));
    const Status done = v ? Status{} : Status(tl::unexpected<Error>(v.error()));
    AfterForm(app, auth, req, res, done, fmt::format("/devices/{}/checklists/{}#req-{}", p.row.id, baseline, code),
              "device_notice_checklist",
              [&](const Error& e) { RenderChecklist(app, auth, req, res, lang, p, baseline, &e, 400); });
  });
}

// ---- The admin's test item catalogue ------------------------------------------------------------

namespace {

void RenderCatalogue(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang, const Error* error,
                     int status) {
  auto rows = app.devices.Catalogue();
  if (!rows) return ErrorPage(app, &auth, req, res, rows.error(), "device");
  mst::data list = EmptyList();
  for (const auto& c : *rows) {
    mst::data d;
    for (auto [key, value] : {std::pair{"code", &c.code}, std::pair{"title_ja", &c.title_ja},
                              std::pair{"title_en", &c.title_en}, std::pair{"method_ja", &c.method_ja},
                              std::pair{"method_en", &c.method_en}, std::pair{"tools", &c.tools},
                              std::pair{"evidence_ja", &c.evidence_ja}, std::pair{"evidence_en", &c.evidence_en}}) {
      d.set(key, *value);
    }
    d.set("stride", Join(c.stride, " "));
    d.set("interfaces", Join(c.interfaces, " "));
    d.set("requirements", Join(c.requirements, " "));
    d.set("active", c.active);
    list.push_back(d);
  }
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("items", list);
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "admin_test_catalogue", d, Message(lang, "device_catalogue_title", {}), "", status, &auth);
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

}  // namespace

void HandleAdminTestCataloguePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderCatalogue(app, auth, req, res, ResolveLang(req, res), nullptr, 200);
}

void HandleAdminTestCatalogueForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  store::CatalogueRow row;
  for (auto [key, field] : {std::pair{"code", &row.code}, std::pair{"title_ja", &row.title_ja},
                            std::pair{"title_en", &row.title_en}, std::pair{"method_ja", &row.method_ja},
                            std::pair{"method_en", &row.method_en}, std::pair{"tools", &row.tools},
                            std::pair{"evidence_ja", &row.evidence_ja}, std::pair{"evidence_en", &row.evidence_en}}) {
    *field = FormValue(req, key);
  }
  row.stride = Words(FormValue(req, "stride"));
  row.interfaces = Words(FormValue(req, "interfaces"));
  row.requirements = Words(FormValue(req, "requirements"));
  row.active = FormValue(req, "active") == "1";
  auto saved = app.devices.SaveCatalogueItem(*auth.actor, row);
  const Status done = saved ? Status{} : Status(tl::unexpected<Error>(saved.error()));
  AfterForm(app, auth, req, res, done, "/admin/test-catalogue#item-" + row.code, "device_notice_catalogue",
            [&](const Error& e) { RenderCatalogue(app, auth, req, res, lang, &e, 400); });
}

}  // namespace proven::web
