// The verification workspace's pages (issue 10). Each handler reads the form, asks
// VerificationService (which checks the actor's permissions and the verification's transitions
// itself) and either redirects with a notice code (Post/Redirect/Get) or shows the page again
// with the form as it was posted and the service's errors beside the fields, from the catalogue
// in the page's language. Texts: verification_messages.cpp (ver_*) and catalogue.cpp (states,
// results, errors).
#include "web/programme/verification_pages.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "services/programme/waf_evidence.hpp"
#include "waf/summary.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using domain::Verification;
using domain::VerificationState;

namespace {

// Field labels of this page family come first: "field.verification.<field>".
constexpr std::string_view kScope = "verification";
// Blank rows the plan editor and the strong points offer for new entries.
constexpr int kNewPlanRows = 3;
constexpr int kNewPointRows = 2;

mst::data List() { return EmptyList(); }

std::string Id(std::int64_t id) { return std::to_string(id); }

// A text a template shows only when there is one ({{#key}}…{{/key}}): an empty string would
// count as present, so it is left out.
void Put(mst::data& d, const std::string& key, const std::string& text) {
  if (!text.empty()) d.set(key, text);
}

std::string StateCode(VerificationState s) {
  return std::string(domain::CodeIn<VerificationState>(domain::kVerificationStateCodes, s));
}
std::string StateLabel(Lang lang, VerificationState s) { return CodeLabel(lang, "verification_state", StateCode(s)); }
std::string ResultLabel(Lang lang, domain::ItemResult r) {
  return CodeLabel(lang, "item_result", domain::CodeIn<domain::ItemResult>(domain::kItemResultCodes, r));
}

std::optional<std::int64_t> DigitsId(std::string_view v) {
  v = Trim(v);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::stoll(std::string(v));
}

std::vector<std::int64_t> FormIds(const Request& req, const std::string& name) {
  std::vector<std::int64_t> out;
  auto [lo, hi] = req.form.equal_range(name);
  for (auto it = lo; it != hi; ++it) {
    if (auto id = DigitsId(it->second)) out.push_back(*id);
  }
  return out;
}

// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

FormErrors ErrorsOf(Lang lang, const Error& e) { return FormErrorsOf(lang, e, kScope); }

// The texts about `field` itself and its parts ("results[2]" covers "results[2].metric.value").
std::string FieldError(const FormErrors* errors, std::string_view field) {
  if (!errors) return {};
  std::vector<std::string> texts;
  for (const auto& [k, v] : errors->by_field) {
    if (k == field || (k.starts_with(field) && k.size() > field.size() && (k[field.size()] == '[' || k[field.size()] == '.'))) {
      texts.insert(texts.end(), v.begin(), v.end());
    }
  }
  return Join(texts, " ");
}

// A page for an error that leaves nothing to show: 404, or 403 and the like with its text.
void ErrorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  web::ErrorPage(app, &auth, req, res, e, kScope, /*explain_forbidden=*/true);
}

bool Allowed(const Auth& auth, domain::Action a) { return auth.actor && domain::AuthorizeRole(*auth.actor, a).has_value(); }

bool IsVerifierOf(const Auth& auth, const Verification& v) {
  return auth.actor && auth.actor->Has(domain::Role::kVerifier) &&
         std::find(v.verifier_ids.begin(), v.verifier_ids.end(), auth.actor->user_id) != v.verifier_ids.end();
}
bool IsVendorOf(const Auth& auth, const Verification& v) {
  return auth.actor && auth.actor->Has(domain::Role::kVendor) && auth.actor->organisation_id &&
         *auth.actor->organisation_id == v.vendor_org_id;
}
bool Recording(VerificationState s) {
  return domain::NextVerificationState(0, s, domain::VerificationAction::kRecordResults).has_value();
}

// ---- What a form posted ------------------------------------------------------------------------

// Which form was posted (its values are shown again after an error) and where the service's
// list indexes ("items[k]", "strong_points[k]") are on the form.
struct Posted {
  std::string form;               // "plan", "results", "appoint", "evidence", "changes", "correction"
  std::map<std::size_t, int> plan_rows;   // items[k] → row
  std::map<std::size_t, int> point_rows;  // strong_points[k] → row
};

std::string Row(int n) { return std::to_string(n); }

// The plan editor's rows, in order: a row with an id changes that item, a blank row with a title
// adds one; a row marked for removal, or a blank new row, is left out.
Result<std::vector<services::PlanItemInput>> PlanFromForm(const Request& req, Posted& posted) {
  std::vector<services::PlanItemInput> out;
  for (int n = 0; n < 1000 && req.form.contains("title_" + Row(n)); ++n) {
    services::PlanItemInput item;
    item.id = DigitsId(FormValue(req, "id_" + Row(n))).value_or(0);
    item.title = FormValue(req, "title_" + Row(n));
    item.environment = FormValue(req, "environment_" + Row(n));
    item.method = FormValue(req, "method_" + Row(n));
    item.expected = FormValue(req, "expected_" + Row(n));
    // The item's kind and, for a WAF effectiveness item, its target (issue 14).
    const std::string kind(Trim(FormValue(req, "kind_" + Row(n))));
    if (!kind.empty()) {
      auto k = domain::ValueIn<domain::ItemKind>(domain::kItemKindCodes, kind);
      if (!k) {
        const std::string at = fmt::format("items[{}].kind", out.size());
        posted.plan_rows[out.size()] = n;
        return Fail(Reason{"error.body.invalid", {{"field", at}}}, ErrorCode::kInvalidArgument,
                    at + ": must be manual or waf_effectiveness", {}, at);
      }
      item.kind = *k;
    }
    item.waf_target = FormValue(req, "waf_target_" + Row(n));
    if (!FormValue(req, "remove_" + Row(n)).empty()) continue;
    if (item.id == 0 && Trim(item.title).empty() && Trim(item.environment).empty() && Trim(item.method).empty() &&
        Trim(item.expected).empty() && Trim(item.waf_target).empty()) {
      continue;
    }
    posted.plan_rows[out.size()] = n;
    out.push_back(std::move(item));
  }
  return out;
}

// The results form: the summary, each item's result (row i is the verification's item i), the
// strong points' rows and the trial. A sample size that is not a whole number is refused here,
// naming its field as the service would.
Result<services::RecordInput> RecordFromForm(const Request& req, const Verification& v, Posted& posted) {
  services::RecordInput in;
  if (req.form.contains("summary")) in.summary = FormValue(req, "summary");
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const std::string n = std::to_string(i);
    if (!req.form.contains("item_" + n)) continue;
    services::ResultInput r;
    r.item_id = DigitsId(FormValue(req, "item_" + n)).value_or(0);
    const std::string at = fmt::format("results[{}]", in.results.size());
    const std::string code(Trim(FormValue(req, "result_" + n)));
    if (!code.empty()) {
      r.result = domain::ValueIn<domain::ItemResult>(domain::kItemResultCodes, code);
      if (!r.result) {
        return Fail(Reason{"error.body.invalid", {{"field", at + ".result"}}}, ErrorCode::kInvalidArgument,
                    at + ".result: must be pass, partial, fail or not_applicable", {}, at + ".result");
      }
    }
    const std::string value(Trim(FormValue(req, "metric_value_" + n)));
    const std::string unit(Trim(FormValue(req, "metric_unit_" + n)));
    const std::string sample(Trim(FormValue(req, "sample_size_" + n)));
    if (!value.empty() || !unit.empty() || !sample.empty()) {
      domain::Metric m{value, unit, std::nullopt};
      if (!sample.empty()) {
        auto size = DigitsId(sample);
        if (!size || *size == 0) {
          return Fail(Reason{"error.verification.bad_sample_size", {}}, ErrorCode::kInvalidArgument,
                      at + ".metric.sample_size: must be a positive whole number", {}, at + ".metric.sample_size");
        }
        m.sample_size = *size;
      }
      r.metric = m;
    }
    r.notes = FormValue(req, "notes_" + n);
    in.results.push_back(std::move(r));
  }
  if (req.form.contains("sp_text_0")) {
    std::vector<domain::StrongPoint> points;
    for (int n = 0; n < 1000 && req.form.contains("sp_text_" + Row(n)); ++n) {
      domain::StrongPoint p;
      p.text = FormValue(req, "sp_text_" + Row(n));
      p.item_ids = FormIds(req, "sp_items_" + Row(n));
      if (Trim(p.text).empty() && p.item_ids.empty()) continue;
      posted.point_rows[points.size()] = n;
      points.push_back(std::move(p));
    }
    in.strong_points = std::move(points);
  }
  if (req.form.contains("trial_organisation")) {
    domain::Trial t{FormValue(req, "trial_organisation"), FormValue(req, "trial_period"), FormValue(req, "trial_scope"),
                    FormValue(req, "trial_findings"), FormValue(req, "trial_user_comments")};
    const bool any = !Trim(t.organisation).empty() || !Trim(t.period).empty() || !Trim(t.scope).empty() ||
                     !Trim(t.findings).empty() || !Trim(t.user_comments).empty();
    in.trial = any ? std::optional<domain::Trial>(t) : std::optional<domain::Trial>();
  }
  return in;
}

// ---- The verification page ---------------------------------------------------------------------

mst::data ResultOptions(Lang lang, const std::string& selected) {
  mst::data list = List();
  for (const auto& r : domain::kItemResultCodes) {
    mst::data o;
    o.set("code", std::string(r.code));
    o.set("label", CodeLabel(lang, "item_result", r.code));
    o.set("selected", r.code == selected);
    list.push_back(o);
  }
  return list;
}

// The result a WAF run's grade suggests: pass for A/B, partial for C/D, fail for F, none for I.
std::string SuggestedResult(const std::string& grade) {
  if (grade == "A" || grade == "B") return "pass";
  if (grade == "C" || grade == "D") return "partial";
  if (grade == "F") return "fail";
  return {};
}

// An item's WAF run summary for its result row (nullopt without one): the grade with its label,
// rates with intervals, the run's facts and the links to the report (JSON) and its HTML summary.
std::optional<mst::data> WafSummaryData(Lang lang, const std::string& stored) {
  const auto s = waf::ReadSummaryText(stored);
  if (!s) return std::nullopt;
  mst::data w;
  w.set("grade", s->grade);
  const std::string label_key = "ver_waf_grade_" + s->grade;
  w.set("grade_label", HasMessage(label_key) ? Message(lang, label_key) : s->grade);
  w.set("ba", services::RateText(s->headline.ba, s->headline.ba_ci));
  w.set("tpr", services::RateText(s->headline.tpr, s->headline.tpr_ci));
  w.set("fpr", services::RateText(s->headline.fpr, s->headline.fpr_ci));
  w.set("fpr_all", services::RateText(s->fpr_all, s->fpr_all_ci));
  w.set("ruleset", s->ruleset.empty() ? std::string("—") : s->ruleset);
  w.set("requests", std::to_string(s->requests));
  w.set("started_at", s->started_at.empty() ? std::string("—") : s->started_at);
  w.set("corpus_fingerprint", s->corpus_fingerprint);
  // The first 12 hex digits (after "sha256:"), the whole in the title.
  std::string_view hex = s->corpus_fingerprint;
  if (hex.starts_with("sha256:")) hex.remove_prefix(7);
  w.set("corpus_fingerprint_short", std::string(hex.substr(0, 12)));
  w.set("plan_version", s->plan_version.empty() ? std::string("—") : s->plan_version);
  w.set("seed", std::to_string(s->seed));
  if (s->evidence_id) {
    w.set("evidence_url", fmt::format("/api/v1/evidence/{}", *s->evidence_id));
    w.set("html_url", fmt::format("/api/v1/evidence/{}/waf.html?lang={}", *s->evidence_id, LangCode(lang)));
  }
  return w;
}

std::string ItemTitles(const Verification& v, const std::vector<std::int64_t>& ids, Lang lang) {
  std::vector<std::string> titles;
  for (auto id : ids) {
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (v.items[i].id == id) titles.push_back(fmt::format("{}. {}", i + 1, v.items[i].title));
    }
  }
  return Join(titles, lang == Lang::kJa ? "／" : " / ");
}

std::string MetricText(const domain::Metric& m, Lang lang) {
  std::string s = m.value;
  if (!m.unit.empty()) s += " " + m.unit;
  if (m.sample_size) s += " " + Message(lang, "ver_metric_over", {{"n", std::to_string(*m.sample_size)}});
  return s;
}

void RenderVerification(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                        const Posted* posted, int status) {
  const Lang lang = ResolveLang(req, res);
  auto detail = app.verifications.Detail(*auth.actor, PathId(req));
  if (!detail) return ErrorPage(app, auth, req, res, detail.error());
  const Verification& v = detail->verification;
  const bool admin = Allowed(auth, domain::Action::kManageVerifications);
  const bool verifier = IsVerifierOf(auth, v);
  const bool vendor = IsVendorOf(auth, v);
  const bool recording = Recording(v.state);
  const std::string form = posted ? posted->form : std::string();
  // A value as posted (after an error in that form) or as stored.
  auto shown = [&](const std::string& which, const std::string& name, const std::string& stored) {
    return form == which ? FormValue(req, name) : stored;
  };

  mst::data d;
  d.set("id", Id(v.id));
  d.set("csrf", auth.csrf);
  d.set("product", v.product_name);
  d.set("vendor", v.vendor);
  d.set("application_id", Id(v.application_id));
  d.set("state", StateCode(v.state));
  d.set("state_label", StateLabel(lang, v.state));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  if (errors) {
    d.set("error", errors->summary);
    mst::data list = List();
    for (const auto& p : errors->list) list.push_back(p);
    d.set("problems", list);
  }

  // Verifiers; the admin appoints more.
  mst::data verifiers = List();
  for (const auto& e : detail->verifier_emails) verifiers.push_back(mst::data(e));
  d.set("verifiers", verifiers);
  d.set("has_verifiers", !detail->verifier_emails.empty());
  d.set("can_appoint", admin && v.state != VerificationState::kPublished);
  d.set("appoint_email", shown("appoint", "email", ""));
  Put(d, "error_email", FieldError(errors, "email"));

  // History: the dates of each step and the published versions.
  mst::data history = List();
  auto add = [&](const char* key, const std::string& at) {
    if (at.empty()) return;
    mst::data x;
    x.set("label", Message(lang, key));
    x.set("at", JstText(at));
    history.push_back(x);
  };
  add("ver_history_started", v.created_at);
  add("ver_history_plan_agreed", v.plan_agreed_at);
  add("ver_history_submitted", v.submitted_at);
  add("ver_history_approved", v.approved_at);
  add("ver_history_updated", v.updated_at);
  d.set("history", history);
  mst::data versions = List();
  if (detail->product) {
    const int latest = detail->product->latest_version;
    for (const auto& r : detail->versions) {
      mst::data x;
      x.set("version", std::to_string(r.version));
      x.set("published_at", JstText(r.published_at));
      x.set("reason", r.reason);
      x.set("superseded", r.version < latest);
      x.set("pdf", fmt::format("/products/{}/reports/{}.pdf", detail->product->id, r.version));
      x.set("sha256", r.sha256);
      versions.push_back(x);
    }
    d.set("product_id", Id(detail->product->id));
  }
  d.set("versions", versions);
  d.set("has_versions", !detail->versions.empty());

  // The plan: read-only table, and the editor for a verifier while planning.
  mst::data items = List();
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto& it = v.items[i];
    mst::data x;
    x.set("n", std::to_string(i + 1));
    x.set("id", Id(it.id));
    x.set("title", it.title);
    x.set("environment", it.environment);
    x.set("method", it.method);
    x.set("expected", it.expected);
    if (it.kind == domain::ItemKind::kWafEffectiveness) x.set("waf_target", it.waf_target);
    x.set("result_label", it.result ? ResultLabel(lang, *it.result) : std::string());
    x.set("result", it.result ? std::string(domain::CodeIn<domain::ItemResult>(domain::kItemResultCodes, *it.result))
                              : std::string());
    x.set("metric", it.metric ? MetricText(*it.metric, lang) : std::string());
    x.set("notes", it.notes);
    mst::data files = List();
    for (const auto& e : detail->evidence) {
      if (std::find(it.evidence_ids.begin(), it.evidence_ids.end(), e.id) == it.evidence_ids.end()) continue;
      mst::data f;
      f.set("id", Id(e.id));
      f.set("filename", e.filename);
      files.push_back(f);
    }
    x.set("evidence", files);
    if (auto waf = WafSummaryData(lang, it.waf_summary)) x.set("waf", *waf);
    items.push_back(x);
  }
  d.set("items", items);
  d.set("has_items", !v.items.empty());

  const bool can_plan = verifier && v.state == VerificationState::kPlanning;
  d.set("can_plan", can_plan);
  if (can_plan) {
    std::map<int, std::string> row_errors;
    if (form == "plan" && posted) {
      for (const auto& [k, row] : posted->plan_rows) row_errors[row] = FieldError(errors, fmt::format("items[{}]", k));
    }
    mst::data rows = List();
    int count = static_cast<int>(v.items.size()) + kNewPlanRows;
    if (form == "plan") {
      count = 0;
      while (count < 1000 && req.form.contains("title_" + Row(count))) ++count;
    }
    for (int n = 0; n < count; ++n) {
      const auto* stored = n < static_cast<int>(v.items.size()) ? &v.items[n] : nullptr;
      mst::data x;
      x.set("row", Row(n));
      x.set("n", std::to_string(n + 1));
      const std::string id = form == "plan" ? FormValue(req, "id_" + Row(n)) : (stored ? Id(stored->id) : std::string());
      x.set("item_id", id);
      x.set("existing", !id.empty());
      x.set("title", form == "plan" ? FormValue(req, "title_" + Row(n)) : (stored ? stored->title : std::string()));
      x.set("environment",
            form == "plan" ? FormValue(req, "environment_" + Row(n)) : (stored ? stored->environment : std::string()));
      x.set("method", form == "plan" ? FormValue(req, "method_" + Row(n)) : (stored ? stored->method : std::string()));
      x.set("expected", form == "plan" ? FormValue(req, "expected_" + Row(n)) : (stored ? stored->expected : std::string()));
      x.set("remove", form == "plan" && !FormValue(req, "remove_" + Row(n)).empty());
      const std::string kind =
          form == "plan" ? FormValue(req, "kind_" + Row(n))
                         : std::string(domain::CodeIn<domain::ItemKind>(
                               domain::kItemKindCodes, stored ? stored->kind : domain::ItemKind::kManual));
      mst::data kinds = List();
      for (const auto& k : domain::kItemKindCodes) {
        mst::data o;
        o.set("code", std::string(k.code));
        o.set("label", CodeLabel(lang, "item_kind", k.code));
        o.set("selected", k.code == kind);
        kinds.push_back(o);
      }
      x.set("kinds", kinds);
      x.set("waf_target", form == "plan" ? FormValue(req, "waf_target_" + Row(n)) : (stored ? stored->waf_target : std::string()));
      Put(x, "error", row_errors.contains(n) ? row_errors[n] : std::string());
      rows.push_back(x);
    }
    d.set("plan_rows", rows);
  }
  d.set("can_agree", vendor && v.state == VerificationState::kPlanning && !v.items.empty());
  d.set("awaiting_agreement", v.state == VerificationState::kPlanning && !v.items.empty());

  // Results, strong points and the trial: the form for a verifier while results may be recorded.
  const bool can_record = verifier && recording;
  d.set("can_record", can_record);
  d.set("summary", shown("results", "summary", v.summary));
  Put(d, "error_summary", FieldError(errors, "summary"));
  if (can_record) {
    mst::data rows = List();
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const auto& it = v.items[i];
      const std::string n = std::to_string(i);
      const bool again = form == "results";
      mst::data x;
      x.set("row", n);
      x.set("n", std::to_string(i + 1));
      x.set("item_id", Id(it.id));
      x.set("title", it.title);
      Put(x, "expected", it.expected);
      const std::string result =
          again ? FormValue(req, "result_" + n)
                : (it.result ? std::string(domain::CodeIn<domain::ItemResult>(domain::kItemResultCodes, *it.result)) : "");
      // A WAF run's grade suggests a result (pre-selected while the item has none); the verifier decides.
      const auto waf = waf::ReadSummaryText(it.waf_summary);
      const std::string suggested = waf ? SuggestedResult(waf->grade) : std::string();
      x.set("results", ResultOptions(lang, result.empty() && !again ? suggested : result));
      if (waf) {
        x.set("waf_hint", suggested.empty()
                              ? Message(lang, "ver_waf_no_suggestion")
                              : Message(lang, "ver_waf_suggested",
                                        {{"grade", waf->grade}, {"result", CodeLabel(lang, "item_result", suggested)}}));
      }
      x.set("metric_value", again ? FormValue(req, "metric_value_" + n) : (it.metric ? it.metric->value : std::string()));
      x.set("metric_unit", again ? FormValue(req, "metric_unit_" + n) : (it.metric ? it.metric->unit : std::string()));
      x.set("sample_size", again ? FormValue(req, "sample_size_" + n)
                                 : (it.metric && it.metric->sample_size ? std::to_string(*it.metric->sample_size) : ""));
      x.set("notes", again ? FormValue(req, "notes_" + n) : it.notes);
      Put(x, "error", FieldError(errors, "results[" + n + "]"));
      rows.push_back(x);
    }
    d.set("result_rows", rows);
    // Strong points: the stored ones and blank rows (or the posted rows), each with the items
    // it cites as checkboxes.
    std::map<int, std::string> row_errors;
    if (form == "results" && posted) {
      for (const auto& [k, row] : posted->point_rows) row_errors[row] = FieldError(errors, fmt::format("strong_points[{}]", k));
    }
    int count = static_cast<int>(v.strong_points.size()) + kNewPointRows;
    if (form == "results") {
      count = 0;
      while (count < 1000 && req.form.contains("sp_text_" + Row(count))) ++count;
    }
    mst::data points = List();
    for (int n = 0; n < count; ++n) {
      const auto* stored = n < static_cast<int>(v.strong_points.size()) ? &v.strong_points[n] : nullptr;
      const std::vector<std::int64_t> cited =
          form == "results" ? FormIds(req, "sp_items_" + Row(n)) : (stored ? stored->item_ids : std::vector<std::int64_t>{});
      mst::data x;
      x.set("row", Row(n));
      x.set("n", std::to_string(n + 1));
      x.set("text", form == "results" ? FormValue(req, "sp_text_" + Row(n)) : (stored ? stored->text : std::string()));
      mst::data checks = List();
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        mst::data c;
        c.set("row", Row(n));
        c.set("item_id", Id(v.items[i].id));
        c.set("label", fmt::format("{}. {}", i + 1, v.items[i].title));
        c.set("checked", std::find(cited.begin(), cited.end(), v.items[i].id) != cited.end());
        checks.push_back(c);
      }
      x.set("items", checks);
      Put(x, "error", row_errors.contains(n) ? row_errors[n] : std::string());
      points.push_back(x);
    }
    d.set("point_rows", points);
    // The trial as stored or posted.
    const domain::Trial t = v.trial.value_or(domain::Trial{});
    for (auto [key, stored] : {std::pair{"organisation", &t.organisation}, {"period", &t.period}, {"scope", &t.scope},
                               {"findings", &t.findings}, {"user_comments", &t.user_comments}}) {
      d.set(std::string("trial_") + key, shown("results", std::string("trial_") + key, *stored));
      Put(d, std::string("error_trial_") + key, FieldError(errors, std::string("trial.") + key));
    }
    Put(d, "error_strong_points", FieldError(errors, "strong_points"));
  }
  // Strong points and the trial, read-only.
  mst::data points = List();
  for (const auto& p : v.strong_points) {
    mst::data x;
    x.set("text", p.text);
    x.set("supported_by", ItemTitles(v, p.item_ids, lang));
    points.push_back(x);
  }
  d.set("strong_points", points);
  d.set("has_strong_points", !v.strong_points.empty());
  if (v.trial) {
    mst::data t;
    t.set("organisation", v.trial->organisation);
    t.set("period", v.trial->period);
    t.set("scope", v.trial->scope);
    t.set("findings", v.trial->findings);
    t.set("user_comments", v.trial->user_comments);
    d.set("trial", t);
  }
  Put(d, "stored_summary", v.summary);
  Put(d, "vendor_comments", v.vendor_comments);
  Put(d, "correction_reason", v.correction_reason);

  // WAF effectiveness items (issue 14), for the verifiers and the admin once the plan is agreed: their
  // target, latest run and, while results may be recorded, the button that queues a run.
  {
    std::vector<domain::WafRun> runs;
    if (verifier || admin) {
      auto listed = app.waf_runs.Runs(*auth.actor, v.id);
      if (!listed) return ErrorPage(app, auth, req, res, listed.error());
      runs = std::move(*listed);
    }
    mst::data waf_items = List();
    bool any = false;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const auto& it = v.items[i];
      if (it.kind != domain::ItemKind::kWafEffectiveness) continue;
      any = true;
      mst::data x;
      x.set("id", Id(v.id));
      x.set("n", std::to_string(i + 1));
      x.set("item_id", Id(it.id));
      x.set("title", it.title);
      x.set("target", it.waf_target);
      x.set("csrf", auth.csrf);
      const domain::WafRun* latest = nullptr;
      for (const auto& r : runs) {
        if (r.item_id == it.id) {
          latest = &r;  // newest first
          break;
        }
      }
      if (latest) {
        const std::string state(domain::CodeIn<domain::WafRunState>(domain::kWafRunStateCodes, latest->state));
        x.set("run_id", Id(latest->id));
        x.set("run_state", state);
        x.set("run_state_label", CodeLabel(lang, "waf_run_state", state));
        Put(x, "run_grade", latest->grade);
      }
      x.set("can_run", (verifier || admin) && recording && !(latest && latest->Active()));
      waf_items.push_back(x);
    }
    d.set("waf_items", waf_items);
    // The runs are the verifiers' and the admin's (the vendor reads the agreed targets in the plan).
    d.set("has_waf_items", any && (verifier || admin) && v.state != VerificationState::kPlanning);
  }

  // Evidence: every file, and the upload form for the verifiers and the admin while recording.
  mst::data evidence = List();
  for (const auto& e : detail->evidence) {
    mst::data x;
    x.set("id", Id(e.id));
    x.set("filename", e.filename);
    x.set("content_type", e.content_type);
    x.set("size", std::to_string(e.size));
    x.set("uploaded_at", JstText(e.uploaded_at));
    std::string item;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const auto& ids = v.items[i].evidence_ids;
      if (std::find(ids.begin(), ids.end(), e.id) != ids.end()) item = fmt::format("{}. {}", i + 1, v.items[i].title);
    }
    x.set("item", item);
    evidence.push_back(x);
  }
  d.set("evidence", evidence);
  d.set("has_evidence", !detail->evidence.empty());
  d.set("can_upload", (verifier || admin) && recording);
  mst::data item_options = List();
  const std::string chosen = form == "evidence" ? FormValue(req, "item_id") : std::string();
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    mst::data o;
    o.set("id", Id(v.items[i].id));
    o.set("label", fmt::format("{}. {}", i + 1, v.items[i].title));
    o.set("selected", chosen == Id(v.items[i].id));
    item_options.push_back(o);
  }
  d.set("item_options", item_options);
  const std::string file_error = FieldError(errors, "file"), item_error = FieldError(errors, "item_id");
  Put(d, "error_file", file_error.empty() || item_error.empty() ? file_error + item_error : file_error + " " + item_error);

  // The vendor's decision on a submitted report; a correction for a verifier once published; the
  // admin's publication.
  d.set("can_decide", vendor && v.state == VerificationState::kSubmitted);
  d.set("comments", shown("changes", "comments", ""));
  Put(d, "error_comments", FieldError(errors, "comments"));
  d.set("can_correct", verifier && v.state == VerificationState::kPublished);
  d.set("reason", shown("correction", "reason", ""));
  Put(d, "error_reason", FieldError(errors, "reason"));
  d.set("can_publish", admin && v.state != VerificationState::kPublished);
  d.set("read_only", !admin && !verifier);
  SendPage(app, req, res, lang, "verification", d, v.product_name, "", status, &auth);
}

void VerificationError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e,
                       const Posted& posted) {
  // Nothing to show when the verification itself is not there (or not the actor's to see); a
  // missing account or item names its field and is shown beside it.
  if (HttpStatusFor(e.code) == 404 && e.field.empty()) return ErrorPage(app, auth, req, res, e);
  const auto errors = ErrorsOf(ResolveLang(req, res), e);
  RenderVerification(app, auth, req, res, &errors, &posted, HttpStatusFor(e.code));
}

// Back to the verification's page (at `anchor`) with the notice ver_notice_<done>.
void Done(AppContext& app, const Auth& auth, Response& res, std::int64_t id, std::string_view done,
          std::string_view anchor = {}) {
  RedirectWithNotice(app, auth, res, fmt::format("/verifications/{}{}{}", id, anchor.empty() ? "" : "#", anchor),
                     fmt::format("ver_notice_{}", done));
}

// ---- The list ----------------------------------------------------------------------------------

void RenderList(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                int status) {
  const Lang lang = ResolveLang(req, res);
  auto list = app.verifications.List(*auth.actor);
  if (!list) return RespondError(app, req, res, list.error());
  const bool admin = Allowed(auth, domain::Action::kManageVerifications);
  mst::data rows = List();
  for (const auto& v : *list) {
    mst::data x;
    x.set("id", Id(v.id));
    x.set("product", v.product_name);
    x.set("vendor", v.vendor);
    x.set("state_label", StateLabel(lang, v.state));
    x.set("items", std::to_string(v.items.size()));
    x.set("versions", std::to_string(v.published_versions));
    x.set("updated_at", JstText(v.updated_at));
    rows.push_back(x);
  }
  mst::data d;
  d.set("verifications", rows);
  d.set("has_verifications", !list->empty());
  d.set("admin", admin);
  d.set("csrf", auth.csrf);
  d.set("heading", Message(lang, admin                                                ? "ver_list_title"
                                 : auth.actor->Has(domain::Role::kVerifier)           ? "ver_list_title_verifier"
                                                                                      : "ver_list_title_vendor"));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  if (errors) d.set("error", errors->summary);
  if (admin) {
    auto startable = app.verifications.StartableApplications(*auth.actor);
    if (!startable) return RespondError(app, req, res, startable.error());
    mst::data candidates = List();
    for (const auto& s : *startable) {
      mst::data x;
      x.set("application_id", Id(s.application.id));
      x.set("product", s.application.product.name);
      x.set("vendor", s.application.vendor);
      x.set("call_id", Id(s.application.call_id));
      x.set("call_title", s.call_title);
      x.set("csrf", auth.csrf);
      candidates.push_back(x);
    }
    d.set("startable", candidates);
    d.set("has_startable", !startable->empty());
  }
  SendPage(app, req, res, lang, "verifications", d, Message(lang, "ver_list_title"), "", status, &auth);
}

// ---- Publication -------------------------------------------------------------------------------

void RenderPublish(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                   int status) {
  const Lang lang = ResolveLang(req, res);
  auto detail = app.verifications.Detail(*auth.actor, PathId(req));
  if (!detail) return ErrorPage(app, auth, req, res, detail.error());
  const Verification& v = detail->verification;
  mst::data d;
  d.set("id", Id(v.id));
  d.set("csrf", auth.csrf);
  d.set("product", v.product_name);
  d.set("vendor", v.vendor);
  d.set("state_label", StateLabel(lang, v.state));
  d.set("version", std::to_string(v.published_versions + 1));
  d.set("is_correction", v.published_versions > 0);
  d.set("correction_reason", v.correction_reason);
  d.set("approved", v.state == VerificationState::kApproved);
  d.set("summary", v.summary);
  d.set("item_count", std::to_string(v.items.size()));
  mst::data points = List();
  for (const auto& p : v.strong_points) points.push_back(mst::data(p.text));
  d.set("strong_points", points);
  d.set("has_trial", v.trial.has_value());
  if (v.trial) d.set("trial_organisation", v.trial->organisation);
  if (errors) d.set("error", errors->summary);
  SendPage(app, req, res, lang, "verification_publish", d, Message(lang, "ver_publish_title"), "", status, &auth);
}

}  // namespace

void HandleVerificationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderList(app, auth, req, res, nullptr, 200);
}

void HandleVerificationStartForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto application = DigitsId(FormValue(req, "application_id"));
  auto started = application ? app.verifications.Start(*auth.actor, *application)
                              : Result<Verification>(Fail(Reason{"error.body.invalid", {{"field", "application_id"}}},
                                                          ErrorCode::kInvalidArgument,
                                                          "application_id: must be a whole number", {}, "application_id"));
  if (!started) {
    const auto errors = ErrorsOf(ResolveLang(req, res), started.error());
    return RenderList(app, auth, req, res, &errors, HttpStatusFor(started.error().code));
  }
  Done(app, auth, res, started->id, "started");
}

void HandleVerificationPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderVerification(app, auth, req, res, nullptr, nullptr, 200);
}

void VerificationPageError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  VerificationError(app, auth, req, res, e, Posted{"waf_run", {}, {}});
}

void HandleVerifierAppointForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto appointed = app.verifications.AppointVerifier(*auth.actor, id, FormValue(req, "email"));
  if (!appointed) return VerificationError(app, auth, req, res, appointed.error(), Posted{"appoint", {}, {}});
  Done(app, auth, res, id, "appointed", "verifiers");
}

void HandleVerificationPlanForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  Posted posted{"plan", {}, {}};
  auto items = PlanFromForm(req, posted);
  if (!items) return VerificationError(app, auth, req, res, items.error(), posted);
  auto saved = app.verifications.EditPlan(*auth.actor, id, *items);
  if (!saved) return VerificationError(app, auth, req, res, saved.error(), posted);
  Done(app, auth, res, id, "plan_saved", "plan");
}

namespace {

// Saves the results form when one was posted; the error when the service refuses it.
std::optional<Error> SaveResults(AppContext& app, const Auth& auth, const Request& req, std::int64_t id, Posted& posted) {
  if (!req.form.contains("summary")) return std::nullopt;
  auto v = app.verifications.Get(*auth.actor, id);
  if (!v) return v.error();
  auto in = RecordFromForm(req, *v, posted);
  if (!in) return in.error();
  auto saved = app.verifications.Record(*auth.actor, id, *in);
  if (!saved) return saved.error();
  return std::nullopt;
}

}  // namespace

void HandleVerificationResultsForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  Posted posted{"results", {}, {}};
  if (!req.form.contains("summary")) {
    return VerificationError(app, auth, req, res,
                             MakeError(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument,
                                       "summary: is required", {}, "summary"),
                             posted);
  }
  if (auto e = SaveResults(app, auth, req, id, posted)) return VerificationError(app, auth, req, res, *e, posted);
  Done(app, auth, res, id, "results_saved", "results");
}

void HandleVerificationEvidenceForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const Posted posted{"evidence", {}, {}};
  const FormPart* file = req.part("file");
  if (!file || file->content.empty()) {
    return VerificationError(app, auth, req, res,
                             MakeError(Reason{"error.attachment.no_file", {}}, ErrorCode::kInvalidArgument,
                                       "choose a file to upload", {}, "file"),
                             posted);
  }
  std::optional<std::int64_t> item;
  if (const std::string typed(Trim(FormValue(req, "item_id"))); !typed.empty()) {
    item = DigitsId(typed);
    if (!item) {
      return VerificationError(app, auth, req, res,
                               MakeError(Reason{"error.body.invalid", {{"field", "item_id"}}}, ErrorCode::kInvalidArgument,
                                         "item_id: must be a whole number", {}, "item_id"),
                               posted);
    }
  }
  auto added = app.verifications.AddEvidence(*auth.actor, id, item, file->filename, file->content);
  if (!added) return VerificationError(app, auth, req, res, added.error(), posted);
  Done(app, auth, res, id, "evidence_uploaded", "evidence");
}

void HandleVerificationStepForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string step(PathParam(req, 2));
  const auto id = PathId(req);
  auto& s = app.verifications;
  if (step == "submit") {
    Posted posted{"results", {}, {}};
    if (auto e = SaveResults(app, auth, req, id, posted)) return VerificationError(app, auth, req, res, *e, posted);
    auto done = s.Submit(*auth.actor, id);
    if (!done) return VerificationError(app, auth, req, res, done.error(), posted);
    return Done(app, auth, res, id, "submitted");
  }
  if (step == "corrections") {
    auto done = s.StartCorrection(*auth.actor, id, FormValue(req, "reason"));
    if (!done) return VerificationError(app, auth, req, res, done.error(), Posted{"correction", {}, {}});
    return Done(app, auth, res, id, "correction_started");
  }
  if (step == "agree-plan") {
    auto done = s.AgreePlan(*auth.actor, id);
    if (!done) return VerificationError(app, auth, req, res, done.error(), Posted{});
    return Done(app, auth, res, id, "plan_agreed");
  }
  if (step == "approve") {
    auto done = s.Approve(*auth.actor, id);
    if (!done) return VerificationError(app, auth, req, res, done.error(), Posted{});
    return Done(app, auth, res, id, "approved");
  }
  auto done = s.RequestChanges(*auth.actor, id, FormValue(req, "comments"));
  if (!done) return VerificationError(app, auth, req, res, done.error(), Posted{"changes", {}, {}});
  Done(app, auth, res, id, "changes_requested");
}

void HandleVerificationPublishPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderPublish(app, auth, req, res, nullptr, 200);
}

void HandleVerificationPublishForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto published = app.verifications.Publish(*auth.actor, id);
  if (!published) {
    if (HttpStatusFor(published.error().code) == 404) return ErrorPage(app, auth, req, res, published.error());
    const auto errors = ErrorsOf(ResolveLang(req, res), published.error());
    return RenderPublish(app, auth, req, res, &errors, HttpStatusFor(published.error().code));
  }
  Done(app, auth, res, id, "published", "versions");
}

// ---- The admin's download counts ---------------------------------------------------------------

void HandleAdminReportsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto report = app.verifications.Downloads(*auth.actor);
  if (!report) return RespondError(app, req, res, report.error());
  mst::data rows = List();
  for (const auto& r : report->rows) {
    mst::data x;
    x.set("product_id", Id(r.product_id));
    x.set("product", r.product);
    x.set("version", std::to_string(r.version));
    x.set("month", r.month);
    x.set("count", std::to_string(r.count));
    x.set("pdf", fmt::format("/products/{}/reports/{}.pdf", r.product_id, r.version));
    rows.push_back(x);
  }
  mst::data products = List();
  for (const auto& p : report->products) {
    mst::data x;
    x.set("product_id", Id(p.product_id));
    x.set("product", p.product);
    x.set("latest_version", std::to_string(p.latest_version));
    x.set("total", std::to_string(p.total));
    products.push_back(x);
  }
  mst::data d;
  d.set("rows", rows);
  d.set("has_rows", !report->rows.empty());
  d.set("products", products);
  d.set("has_products", !report->products.empty());
  d.set("total", std::to_string(report->total));
  SendPage(app, req, res, lang, "admin_reports", d, Message(lang, "ver_reports_title"), "", 200, &auth);
}

}  // namespace proven::web
