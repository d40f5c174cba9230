// The report of a device verification as a PDF (issue 16, docs/devices.md), on the one document
// renderer in the verification reports' style. Every word comes from the caller's Labels.
#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/device_support.hpp"

namespace proven::services {

namespace doc = proven::document;
using namespace devices_detail;

namespace {

std::string Fill(std::string text, std::string_view key, std::string_view value) {
  const std::string placeholder = "{" + std::string(key) + "}";
  for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

std::string DateText(const Labels& t, const std::string& iso_instant) {
  auto unix = ParseIsoInstant(iso_instant);
  if (!unix) return iso_instant;
  const Date d = TokyoDateOf(*unix);
  return Fill(Fill(Fill(t("device.report.date_format"), "year", std::to_string(d.year)), "month",
                    std::to_string(d.month)),
              "day", std::to_string(d.day));
}

std::string ScoreText(const std::optional<cvss::Scores>& s) {
  if (!s) return "—";
  return fmt::format("{:.1f} {}", s->base_score, s->severity);
}

doc::Cell StatusCell(const Labels& t, const std::string& status) {
  doc::CellStyle style = doc::CellStyle::kBadgeNeutral;
  if (status == "passed") style = doc::CellStyle::kBadgePass;
  if (status == "failed") style = doc::CellStyle::kBadgeFail;
  return {t("device.item_status." + status), style};
}

doc::Cell RiskCell(const Labels& t, threat::RiskLevel r) {
  doc::CellStyle style = doc::CellStyle::kText;
  if (r == threat::RiskLevel::kHigh || r == threat::RiskLevel::kCritical) style = doc::CellStyle::kBadgeFail;
  if (r == threat::RiskLevel::kMedium) style = doc::CellStyle::kBadgePartial;
  if (r == threat::RiskLevel::kLow) style = doc::CellStyle::kBadgePass;
  return {t("device.risk." + std::string(threat::RiskCode(r))), style};
}

std::string Rating(int v) { return v == 0 ? "—" : std::to_string(v); }

void Overview(doc::Document& d, const Labels& t, const store::DeviceProjectRow& p) {
  d.AddHeading(1, t("device.report.overview"));
  std::vector<std::string> interfaces;
  for (const auto& code : p.interfaces) {
    std::string label = code;
    for (const auto& i : domain::devices::Interfaces()) {
      if (i.code == code) label = i.label.In(p.lang);
    }
    interfaces.push_back(label);
  }
  std::string kind = p.device_kind;
  for (const auto& k : domain::devices::DeviceKinds()) {
    if (k.code == p.device_kind) kind = k.label.In(p.lang);
  }
  d.AddKeyValues({{t("device.field.maker"), p.maker_name},
                  {t("device.field.provider"), p.provider_name},
                  {t("device.field.service"), p.service_name},
                  {t("device.field.device_kind"), kind},
                  {t("device.field.model"), p.model},
                  {t("device.field.firmware_version"), p.firmware_version},
                  {t("device.field.interfaces"), Join(interfaces, ", ")},
                  {t("device.field.intended_use"), p.intended_use},
                  {t("device.field.scope"), p.scope},
                  {t("device.field.depth"), t("device.depth." + p.depth)}});
  if (!p.summary.empty()) {
    d.AddHeading(2, t("device.report.summary"));
    d.AddParagraph(p.summary);
  }
}

void Threats(doc::Document& d, const Labels& t, const threat::Model& m) {
  d.AddHeading(1, t("device.report.threats"));
  d.AddParagraph(t("device.report.risk_matrix"));
  doc::DataTable elements{t("device.report.elements"),
                          {{t("device.field.kind"), 1.6}, {t("device.field.name"), 3}, {t("device.field.notes"), 1.6}},
                          {}};
  doc::DataTable threats{t("device.report.threat_table"),
                         {{t("device.field.element"), 2},
                          {t("device.field.category"), 2},
                          {t("device.field.title"), 4},
                          {t("device.field.likelihood"), 1, doc::Align::kCenter},
                          {t("device.field.impact"), 1, doc::Align::kCenter},
                          {t("device.field.risk"), 1.4, doc::Align::kCenter},
                          {t("device.field.status"), 1.4}},
                         {}};
  for (const auto& diagram : m.diagrams) {
    for (const auto& el : diagram.elements) {
      std::vector<std::string> notes;
      if (el.asset) notes.push_back(t("device.element.asset"));
      if (el.entry_point) notes.push_back(t("device.element.entry_point"));
      if (el.out_of_scope) notes.push_back(t("device.element.out_of_scope"));
      elements.rows.push_back({t("device.kind." + std::string(threat::KindCode(el.kind))), el.name, Join(notes, ", ")});
      for (const auto& th : el.threats) {
        threats.rows.push_back({el.name, t("device.stride." + std::string(threat::StrideCode(th.category))), th.title,
                                Rating(th.likelihood), Rating(th.impact), RiskCell(t, th.risk()),
                                t("device.threat_status." + th.status)});
      }
    }
  }
  if (!elements.rows.empty()) d.AddTable(std::move(elements));
  if (threats.rows.empty()) {
    d.AddParagraph(t("device.report.no_threats"));
  } else {
    d.AddTable(std::move(threats));
  }
  if (m.attack_paths.empty()) return;
  doc::DataTable paths{t("device.report.paths"),
                       {{t("device.field.title"), 3}, {t("device.field.steps"), 4}, {t("device.field.risk"), 1.4}},
                       {}};
  for (const auto& path : m.attack_paths) {
    std::vector<std::string> steps;
    for (const auto& s : path.steps) {
      const auto* el = m.FindElement(s);
      steps.push_back(el ? el->name : s);
    }
    paths.rows.push_back({path.title, Join(steps, " → "), RiskCell(t, path.risk())});
  }
  d.AddTable(std::move(paths));
}

void Items(doc::Document& d, const Labels& t, const Coverage& c) {
  d.AddHeading(1, t("device.report.items"));
  doc::DataTable items{"",
                       {{"No.", 0.9, doc::Align::kRight},
                        {t("device.field.title"), 3},
                        {t("device.field.method"), 4},
                        {t("device.field.tools"), 2},
                        {t("device.field.status"), 1.3},
                        {t("device.field.result"), 3}},
                       {}};
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& it = c.items[i];
    items.rows.push_back({std::to_string(i + 1), it.title, it.method, it.tools, StatusCell(t, it.status), it.result});
  }
  if (items.rows.empty()) {
    d.AddParagraph(t("device.report.no_items"));
  } else {
    d.AddTable(std::move(items));
  }
  d.AddHeading(2, t("device.report.coverage"));
  d.AddParagraph(Fill(Fill(Fill(Fill(t("device.report.coverage_text"), "threats", std::to_string(c.threats)), "covered",
                                std::to_string(c.covered)),
                           "tested", std::to_string(c.tested)),
                      "untested_high", std::to_string(c.untested_high)));
  std::vector<std::string> untested;
  for (const auto& r : c.rows) {
    if (r.untested_high) untested.push_back(r.element + ": " + r.title);
  }
  if (!untested.empty()) d.AddBullets(std::move(untested));
}

void FindingsSection(doc::Document& d, const Labels& t, const std::vector<DeviceFindingView>& findings) {
  d.AddHeading(1, t("device.report.findings"));
  if (findings.empty()) {
    d.AddParagraph(t("device.report.no_findings"));
    return;
  }
  doc::DataTable table{"",
                       {{"No.", 0.9, doc::Align::kRight},
                        {t("device.field.title"), 4},
                        {"CVSS v3.1", 1.6},
                        {"CVSS v4.0", 1.6},
                        {t("device.field.retest"), 1.5},
                        {t("device.field.disclosure"), 1.8}},
                       {}};
  for (const auto& f : findings) {
    const std::string disclosure = !f.row.withheld ? t("device.disclosure.public")
                                   : f.row.disclose_agreed
                                       ? Fill(t("device.disclosure.agreed"), "date", f.row.disclose_on)
                                       : t("device.disclosure.withheld");
    table.rows.push_back({std::to_string(f.row.number), f.row.title, ScoreText(f.v31), ScoreText(f.v40),
                          t("device.retest." + f.row.retest), disclosure});
  }
  d.AddTable(std::move(table));
  for (const auto& f : findings) {
    d.AddHeading(2, fmt::format("{} (No.{})", f.row.title, f.row.number));
    std::vector<std::pair<std::string, std::string>> kv;
    if (f.v31) kv.emplace_back("CVSS v3.1", fmt::format("{:.1f} ({}) {}", f.v31->base_score, f.v31->severity, f.row.cvss31));
    if (f.v40) kv.emplace_back("CVSS v4.0", fmt::format("{:.1f} ({}) {}", f.v40->base_score, f.v40->severity, f.row.cvss40));
    if (!f.row.maker_risk.empty()) kv.emplace_back(t("device.field.maker_risk"), t("device.maker_risk." + f.row.maker_risk));
    if (!f.row.response.empty()) kv.emplace_back(t("device.field.response"), t("device.response." + f.row.response));
    kv.emplace_back(t("device.field.retest"), t("device.retest." + f.row.retest));
    d.AddKeyValues(std::move(kv));
    d.AddParagraph(f.row.description);
    if (!f.row.reproduction.empty()) {
      d.body.emplace_back(doc::Heading{3, t("device.field.reproduction"), false});
      d.AddParagraph(f.row.reproduction);
    }
    if (!f.row.response_note.empty()) {
      d.body.emplace_back(doc::Heading{3, t("device.field.response_note"), false});
      d.AddParagraph(f.row.response_note);
    }
    if (!f.row.retest_note.empty()) {
      d.body.emplace_back(doc::Heading{3, t("device.field.retest_note"), false});
      d.AddParagraph(f.row.retest_note);
    }
  }
}

void Baselines(doc::Document& d, const Labels& t, const std::vector<ChecklistView>& lists, const std::string& lang) {
  d.AddHeading(1, t("device.report.baselines"));
  for (const auto& v : lists) {
    d.AddHeading(2, v.baseline->title.In(lang) + " " + v.baseline->version);
    d.AddParagraph(Fill(Fill(Fill(Fill(Fill(t("device.report.baseline_text"), "met", std::to_string(v.met)), "not_met",
                                       std::to_string(v.not_met)),
                                  "not_applicable", std::to_string(v.not_applicable)),
                             "not_assessed", std::to_string(v.not_assessed)),
                        "mandatory_open", std::to_string(v.mandatory_open)));
    doc::DataTable open{"", {{t("device.field.code"), 1.2}, {t("device.field.requirement"), 5}, {t("device.field.status"), 1.5}}, {}};
    for (const auto& e : v.entries) {
      if (e.status == "met" || e.status == "not_applicable") continue;
      open.rows.push_back({e.requirement.code, e.requirement.title.In(lang), t("device.checklist." + e.status)});
    }
    if (!open.rows.empty()) d.AddTable(std::move(open));
  }
}

}  // namespace

Result<document::RenderedPdf> DeviceService::ReportPdf(const domain::Actor& actor, std::int64_t id, const Labels& t) {
  auto project = Project(actor, id);
  if (!project) return Fail(project.error());
  auto model = ThreatModel(actor, id);
  if (!model) return Fail(model.error());
  auto coverage = CoverageOf(actor, id);
  if (!coverage) return Fail(coverage.error());
  auto findings = Findings(actor, id);
  if (!findings) return Fail(findings.error());
  std::vector<ChecklistView> lists;
  for (const auto& b : domain::devices::Baselines()) {
    auto v = Checklist(actor, id, b.id);
    if (!v) return Fail(v.error());
    lists.push_back(std::move(*v));
  }
  const auto& p = project->row;
  doc::Document d;
  d.info = {t("device.report.title"), p.provider_name, p.title, "IoT, " + p.model, clock_.NowUnix()};
  d.page.table_of_contents = true;
  d.page.toc_title = t("device.report.toc");
  const std::string when = p.reported_at.empty() ? clock_.NowIso() : p.reported_at;
  d.title_page = doc::TitlePage{t("device.report.title"),
                                p.model + (p.firmware_version.empty() ? "" : " (" + p.firmware_version + ")"),
                                p.provider_name, DateText(t, when),
                                p.status == "reported" ? "" : t("device.report.draft"), t("device.report.confidential")};
  Overview(d, t, p);
  Threats(d, t, model->model);
  Items(d, t, *coverage);
  FindingsSection(d, t, *findings);
  Baselines(d, t, lists, p.lang);
  return doc::RenderPdf(d);
}

}  // namespace proven::services
