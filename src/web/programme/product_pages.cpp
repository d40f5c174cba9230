// The catalogue's pages: the search (facets with counts, works without JavaScript), a product's
// page, the comparison and the coverage matrix. Texts from web/programme/product_messages.cpp.
#include <algorithm>
#include <charconv>
#include <functional>
#include <set>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "search/highlight.hpp"
#include "search/terms.hpp"
#include "web/page_support.hpp"
#include "web/charts.hpp"
#include "web/http_errors.hpp"
#include "web/programme/product_pages.hpp"

#include "web/programme/case_pages.hpp"
#include "web/consultations/consultation_pages.hpp"
#include "web/log/log.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using services::EncodeQuery;
using services::Values;

namespace {

mst::data List() { return mst::data{mst::data::type::list}; }

std::string Sep(Lang lang) { return lang == Lang::kJa ? "、" : ", "; }

std::string YearLabel(Lang lang, int fy) { return Message(lang, "prod_year_format", {{"year", std::to_string(fy)}}); }

std::string DeploymentLabels(Lang lang, const std::vector<std::string>& codes) {
  std::vector<std::string> labels;
  for (const auto& c : codes) labels.push_back(CodeLabel(lang, "deployment", c));
  return labels.empty() ? Message(lang, "none") : Join(labels, Sep(lang));
}

// The Tokyo date of a stored UTC instant ("2027-03-01"), or the text as stored.
std::string DayOf(const std::string& iso) {
  auto t = ParseIsoInstant(iso);
  return t ? TokyoDateOf(*t).ToIso() : iso;
}

const domain::Field* FindField(const std::vector<domain::Field>& fields, std::int64_t id) {
  for (const auto& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

std::string FieldLabelOf(Lang lang, const std::vector<domain::Field>& fields, std::int64_t id) {
  const auto* f = FindField(fields, id);
  return f ? FieldNameIn(lang, *f) : "#" + std::to_string(id);
}

std::string FieldNames(Lang lang, const std::vector<domain::Field>& fields, const std::vector<std::int64_t>& ids) {
  std::vector<std::string> names;
  for (auto id : ids) names.push_back(FieldLabelOf(lang, fields, id));
  return Join(names, Sep(lang));
}

// Escaped text with the matched spans in <mark>: HTML built here, printed raw by the template.
std::string MarkedHtml(std::string_view text, const std::vector<search::Span>& spans, bool cut_before, bool cut_after) {
  std::string out = cut_before ? "…" : "";
  std::size_t at = 0;
  for (const auto& s : spans) {
    out += EscapeXml(text.substr(at, s.begin - at));
    out += "<mark>";
    out += EscapeXml(text.substr(s.begin, s.end - s.begin));
    out += "</mark>";
    at = s.end;
  }
  out += EscapeXml(text.substr(at));
  if (cut_after) out += "…";
  return out;
}

// A facet's options: each value with a count, then selected values without one (so that what was
// ticked can be unticked).
mst::data Options(const std::vector<search::FacetValue>& facet, const std::vector<std::string>& selected,
                  const std::function<std::string(const std::string&)>& label) {
  mst::data list = List();
  std::set<std::string> shown;
  for (const auto& f : facet) {
    mst::data o;
    o.set("value", f.value);
    o.set("label", label(f.value));
    o.set("count", std::to_string(f.count));
    o.set("checked", std::find(selected.begin(), selected.end(), f.value) != selected.end());
    list.push_back(o);
    shown.insert(f.value);
  }
  for (const auto& s : selected) {
    if (shown.contains(s)) continue;
    mst::data o;
    o.set("value", s);
    o.set("label", label(s));
    o.set("count", "0");
    o.set("checked", true);
    list.push_back(o);
  }
  return list;
}

void NotFound(AppContext& app, const Request& req, Response& res, Lang lang) {
  mst::data d;
  d.set("heading", Message(lang, "not_found_title"));
  d.set("message", Message(lang, "prod_not_found_text"));
  SendPage(app, req, res, lang, "error", d, Message(lang, "not_found_title"), "products", 404);
}

std::string BadRequestText(Lang lang, const Error& e) { return ErrorText(lang, e); }

}  // namespace

void HandleProductsPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  int status = 200;
  auto parsed = services::ParseProductSearchParams(req.params);
  services::ProductSearchParams params;
  if (!parsed) {
    status = HttpStatusFor(parsed.error().code);
    d.set("error", fmt::format("{}{} ({})", Message(lang, "bad_request_prefix"), parsed.error().field,
                               BadRequestText(lang, parsed.error())));
    params.query.text = Join(Values(req.params, "q"), " ");
    params.query.limit = 1;
  } else {
    params = *parsed;
  }
  const auto& q = params.query;
  auto found = app.catalogue.Search(q);
  if (!found) return RespondError(app, req, res, found.error());
  auto fields = app.catalogue.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  const bool show_items = parsed.has_value();

  d.set("q", q.text);
  std::vector<std::string> sel_fields, sel_years;
  for (auto f : q.fields) sel_fields.push_back(std::to_string(f));
  for (auto y : q.years) sel_years.push_back(std::to_string(y));
  d.set("field_options", Options(found->facets.field, sel_fields, [&](const std::string& v) {
          std::int64_t id = 0;
          std::from_chars(v.data(), v.data() + v.size(), id);
          return FieldLabelOf(lang, *fields, id);
        }));
  d.set("vendor_options", Options(found->facets.vendor, q.vendors, [](const std::string& v) { return v; }));
  d.set("deployment_options", Options(found->facets.deployment, q.deployment,
                                      [&](const std::string& v) { return CodeLabel(lang, "deployment", v); }));
  d.set("year_options", Options(found->facets.year, sel_years, [&](const std::string& v) {
          return Message(lang, "prod_year_format", {{"year", v}});
        }));
  mst::data sorts = List();
  for (auto [value, key] : {std::pair{"relevance", search::ProductSort::kRelevance},
                            std::pair{"name", search::ProductSort::kName},
                            std::pair{"newest", search::ProductSort::kNewest}}) {
    mst::data o;
    o.set("value", std::string(value));
    o.set("label", Message(lang, fmt::format("prod_sort_{}", value)));
    o.set("selected", q.sort == key);
    sorts.push_back(o);
  }
  d.set("sort_options", sorts);

  const std::size_t total = show_items ? found->total : 0;
  d.set("total", std::to_string(total));
  const auto terms = search::QueryTerms(q.text);
  mst::data items = List();
  if (show_items) {
    for (const auto& c : found->items) {
      const auto& p = c.product;
      mst::data item;
      item.set("id", std::to_string(p.id));
      item.set("name_html", MarkedHtml(p.name, search::MatchSpans(p.name, terms), false, false));
      const auto snippet = search::MakeSnippet(p.overview, search::MatchSpans(p.overview, terms), 120);
      item.set("snippet_html", MarkedHtml(snippet.text, snippet.spans, snippet.cut_before, snippet.cut_after));
      item.set("vendor", p.vendor);
      mst::data names = List();
      for (auto id : p.field_ids) names.push_back(FieldLabelOf(lang, *fields, id));
      item.set("fields", names);
      item.set("year_label", YearLabel(lang, p.fiscal_year_verified));
      item.set("deployment", DeploymentLabels(lang, p.deployment));
      item.set("first_published", DayOf(p.first_published_at));
      mst::data points = List();
      for (const auto& s : c.report.strong_points) points.push_back(s);
      item.set("has_strong_points", !c.report.strong_points.empty());
      item.set("strong_points", points);
      item.set("compare_label", Message(lang, "prod_compare_pick", {{"name", p.name}}));
      items.push_back(item);
    }
  }
  d.set("items", items);
  d.set("has_items", show_items && !found->items.empty());
  d.set("first_index", std::to_string(q.offset + 1));
  const bool out_of_range = show_items && found->items.empty() && found->total > 0;
  d.set("out_of_range", out_of_range);
  if (out_of_range) d.set("first_page_url", UrlWith("/products", ParamsWithout(req, {"page", "lang"})));
  if (show_items) d.set("pagination", Pagination(req, "/products", found->total, params.page, params.per_page));
  SendPage(app, req, res, lang, "products", d, Message(lang, "prod_search_title"), "products", status);
}

void HandleProductPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto view = app.verifications.Product(PathId(req));
  if (!view) {
    if (view.error().code == ErrorCode::kNotFound) return NotFound(app, req, res, lang);
    return RespondError(app, req, res, view.error());
  }
  auto fields = app.catalogue.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  const auto& p = view->product;
  const auto report = view->versions.empty() ? services::PublishedReport{} : services::ParseReport(view->versions.back().content);
  mst::data d;
  d.set("id", std::to_string(p.id));
  d.set("name", p.name);
  d.set("version", p.version);
  d.set("vendor", p.vendor);
  d.set("overview", p.overview);
  mst::data field_list = List();
  for (auto id : p.field_ids) {
    mst::data f;
    f.set("id", std::to_string(id));
    f.set("name", FieldLabelOf(lang, *fields, id));
    field_list.push_back(f);
  }
  d.set("fields", field_list);
  d.set("deployment", DeploymentLabels(lang, p.deployment));
  d.set("year_label", YearLabel(lang, p.fiscal_year_verified));
  d.set("first_published", DayOf(p.first_published_at));
  if (p.homepage.starts_with("https://") || p.homepage.starts_with("http://")) d.set("homepage", p.homepage);
  // A consultation with the vendor, when it has an account to answer (web/consultations/).
  if (auto link = ConsultationLink(app, domain::ConsultationKind::kProduct, p.id); !link.empty()) d.set("consult_url", link);
  // Its published trial-deployment cases, as the case list shows them.
  auto cases = app.cases.PublishedForProduct(p.id);
  if (!cases) return RespondError(app, req, res, cases.error());
  d.set("cases", PublishedCasesData(app, lang, *cases));
  d.set("has_cases", !cases->empty());
  d.set("call_id", std::to_string(p.call_id));
  d.set("call_label", Message(lang, "prod_call_link", {{"id", std::to_string(p.call_id)}}));
  if (!report.summary.empty()) d.set("summary", report.summary);
  mst::data points = List();
  for (const auto& s : report.strong_points) points.push_back(s);
  d.set("strong_points", points);
  mst::data items = List();
  mst::data waf_items = List();
  int no = 0;
  for (const auto& i : report.items) {
    mst::data x;
    x.set("no", std::to_string(++no));
    x.set("title", i.title);
    x.set("expected", i.expected);
    x.set("environment", i.environment);
    x.set("method", i.method);
    x.set("notes", i.notes);
    x.set("result", i.result.empty() ? std::string("none") : i.result);
    x.set("result_label", i.result.empty() ? std::string("—") : Message(lang, "report.result_" + i.result));
    std::string metric;
    if (i.metric) {
      metric = i.metric->value + (i.metric->unit.empty() ? "" : " " + i.metric->unit);
      if (i.metric->sample_size) {
        metric += " (" + Message(lang, "prod_sample_size", {{"n", std::to_string(*i.metric->sample_size)}}) + ")";
      }
    }
    x.set("metric", metric);
    items.push_back(x);
    // A `proven waf` run as the item's measured result (issue 14): its summary below the results.
    if (i.waf) {
      mst::data w;
      w.set("no", std::to_string(no));
      w.set("title", i.title);
      w.set("grade", i.waf->grade);
      w.set("ba", i.waf->ba);
      w.set("tpr", i.waf->tpr);
      w.set("fpr", i.waf->fpr);
      w.set("fpr_all", i.waf->fpr_all);
      w.set("corpus_fingerprint", i.waf->corpus_fingerprint);
      w.set("plan_version", i.waf->plan_version);
      w.set("seed", i.waf->seed);
      w.set("ruleset", i.waf->ruleset.empty() ? std::string("—") : i.waf->ruleset);
      w.set("requests", i.waf->requests);
      w.set("started_at", i.waf->started_at);
      w.set("report_sha256", i.waf->report_sha256);
      mst::data cats = List();
      for (const auto& c : i.waf->categories) {
        mst::data r;
        r.set("name", c.name);
        r.set("scored", Message(lang, c.scored ? "prod_waf_yes" : "prod_waf_no"));
        r.set("attacks", c.attacks);
        r.set("tpr", c.tpr);
        r.set("benign", c.benign);
        r.set("fpr", c.fpr);
        cats.push_back(r);
      }
      w.set("categories", cats);
      mst::data notices = List();
      for (const auto& n : i.waf->notices) notices.push_back(n);
      w.set("notices", notices);
      waf_items.push_back(w);
    }
  }
  d.set("items", items);
  d.set("waf_items", waf_items);
  if (report.trial) {
    mst::data t;
    t.set("organisation", report.trial->organisation);
    t.set("period", report.trial->period);
    t.set("scope", report.trial->scope);
    t.set("findings", report.trial->findings);
    t.set("user_comments", report.trial->user_comments);
    d.set("trial", t);
  }
  mst::data versions = List();
  for (const auto& r : view->versions) {
    mst::data v;
    v.set("version", std::to_string(r.version));
    v.set("version_label", Message(lang, "prod_version_label", {{"version", std::to_string(r.version)}}));
    v.set("published_at", DayOf(r.published_at));
    v.set("latest", r.version == p.latest_version);
    v.set("superseded", r.version < p.latest_version);
    v.set("reason", r.reason);
    v.set("sha256", r.sha256);
    v.set("pdf", fmt::format("/products/{}/reports/{}.pdf", p.id, r.version));
    versions.push_back(v);
  }
  d.set("versions", versions);
  // The badge and its embed snippet: absolute URLs from the configured public URL.
  const std::string page_url = fmt::format("{}/products/{}", app.public_url, p.id);
  const std::string badge_url = fmt::format("{}/badge.svg{}", page_url, lang == Lang::kEn ? "?lang=en" : "");
  const std::string alt = Message(lang, "prod_badge_alt", {{"name", p.name},
                                                            {"fields", FieldNames(lang, *fields, p.field_ids)},
                                                            {"year", YearLabel(lang, p.fiscal_year_verified)}});
  d.set("page_url", page_url);
  d.set("badge_url", badge_url);
  d.set("badge_alt", alt);
  d.set("badge_snippet", fmt::format(R"(<a href="{}"><img src="{}" alt="{}" height="44"></a>)", EscapeXml(page_url),
                                     EscapeXml(badge_url), EscapeXml(alt)));
  // Its latest report's entry in the public log, with the proof's link, a QR code and the bundle (web/log/).
  SetLogEntryBlock(app, lang, "report", p.id, d);
  SendPage(app, req, res, lang, "product", d, p.name, "products");
}

void HandleComparePage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  // ?ids=1,2,3 (the documented form) or ?ids=1&ids=2 (the search page's checkboxes).
  auto ids = services::ProductCatalogue::ParseIds(Join(Values(req.params, "ids"), ","));
  Result<std::vector<services::CatalogueProduct>> products =
      ids ? app.catalogue.Compare(*ids) : Result<std::vector<services::CatalogueProduct>>(tl::unexpected(ids.error()));
  if (!products) {
    const auto& e = products.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kNotFound) return RespondError(app, req, res, e);
    d.set("error", ErrorText(lang, e));
    return SendPage(app, req, res, lang, "compare", d, Message(lang, "prod_compare_title"), "products",
                    HttpStatusFor(e.code));
  }
  auto fields = app.catalogue.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  mst::data list = List();
  for (const auto& c : *products) {
    const auto& p = c.product;
    mst::data x;
    x.set("id", std::to_string(p.id));
    x.set("name", p.name + (p.version.empty() ? "" : " " + p.version));
    x.set("vendor", p.vendor);
    x.set("fields", FieldNames(lang, *fields, p.field_ids));
    x.set("deployment", DeploymentLabels(lang, p.deployment));
    x.set("year_label", YearLabel(lang, p.fiscal_year_verified));
    mst::data points = List();
    for (const auto& s : c.report.strong_points) points.push_back(s);
    x.set("strong_points", points);
    mst::data counts = List();
    for (const auto& code : {"pass", "partial", "fail", "not_applicable"}) {
      const auto n = std::count_if(c.report.items.begin(), c.report.items.end(),
                                   [&](const services::ReportItem& i) { return i.result == code; });
      if (n == 0) continue;
      mst::data k;
      k.set("code", std::string(code));
      k.set("text", Message(lang, "prod_results_count",
                            {{"result", Message(lang, std::string("report.result_") + code)}, {"n", std::to_string(n)}}));
      counts.push_back(k);
    }
    x.set("result_counts", counts);
    mst::data metrics = List();
    for (const auto& i : c.report.items) {
      if (!i.metric) continue;
      mst::data m;
      m.set("title", i.title);
      std::string v = i.metric->value + (i.metric->unit.empty() ? "" : " " + i.metric->unit);
      if (i.metric->sample_size) {
        v += " (" + Message(lang, "prod_sample_size", {{"n", std::to_string(*i.metric->sample_size)}}) + ")";
      }
      m.set("value", v);
      metrics.push_back(m);
    }
    x.set("metrics", metrics);
    list.push_back(x);
  }
  d.set("products", list);
  SendPage(app, req, res, lang, "compare", d, Message(lang, "prod_compare_title"), "products");
}

void HandleMatrixPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  auto all = app.catalogue.Fields();
  if (!all) return RespondError(app, req, res, all.error());
  auto filter = MatrixFieldParams(req);
  Result<services::CoverageMatrix> m = filter ? app.catalogue.Matrix(*filter)
                                              : Result<services::CoverageMatrix>(tl::unexpected(filter.error()));
  int status = 200;
  if (!m) {
    if (m.error().code != ErrorCode::kInvalidArgument) return RespondError(app, req, res, m.error());
    status = 400;
    d.set("error", ErrorText(lang, m.error()));
  }
  const std::vector<std::int64_t> selected = filter ? *filter : std::vector<std::int64_t>{};
  mst::data options = List();
  for (const auto& f : *all) {
    mst::data o;
    o.set("id", std::to_string(f.id));
    o.set("name", FieldNameIn(lang, f));
    o.set("selected", std::find(selected.begin(), selected.end(), f.id) != selected.end());
    options.push_back(o);
  }
  d.set("field_options", options);
  auto csv_params = ParamsWithout(req, {"page", "per_page"});
  if (lang == Lang::kEn && std::none_of(csv_params.begin(), csv_params.end(), [](const auto& kv) { return kv.first == "lang"; })) {
    csv_params.emplace_back("lang", "en");
  }
  d.set("csv_url", UrlWith("/fields/matrix.csv", csv_params));
  if (m) {
    mst::data columns = List();
    for (const auto& f : m->fields) {
      mst::data c;
      c.set("name", FieldNameIn(lang, f));
      columns.push_back(c);
    }
    d.set("columns", columns);
    mst::data rows = List();
    for (const auto& r : m->rows) {
      mst::data x;
      x.set("id", std::to_string(r.product.id));
      x.set("name", r.product.name);
      x.set("vendor", r.product.vendor);
      mst::data cells = List();
      for (bool c : r.covers) {
        mst::data cell;
        cell.set("covers", c);
        cells.push_back(cell);
      }
      x.set("cells", cells);
      rows.push_back(x);
    }
    d.set("rows", rows);
  }
  SendPage(app, req, res, lang, "matrix", d, Message(lang, "prod_matrix_title"), "products", status);
}

}  // namespace proven::web
