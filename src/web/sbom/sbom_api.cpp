// The SBOM and vulnerability API (issue 15, docs/api.md "SBOMs and vulnerabilities"): thin
// adapters over services::SbomService; the JSON names of a finding are those of
// `proven sbom check`.
#include <fmt/core.h>

#include "core/text.hpp"
#include "web/charts.hpp"
#include "web/programme/programme_json.hpp"
#include "web/sbom/sbom.hpp"

namespace proven::web {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

ordered_json EventJson(const sbom::Match& m) {
  ordered_json event = ordered_json::object();
  event["introduced"] = m.introduced;
  if (m.closed_by) event[std::string(sbom::EventKindName(m.closed_by->kind))] = m.closed_by->value;
  return event;
}

std::string LangParam(const Request& req) { return req.get_param_value("lang") == "en" ? "en" : "ja"; }

tl::unexpected<Error> BadBody(const std::string& field, std::string message) {
  return Fail(Reason{"error.body.field", {{"field", field}}}, ErrorCode::kInvalidArgument, std::move(message), "",
              field);
}

// {"vulnerability", "status", "justification"?, "detail"?, "scope"?: [purl or bom-ref, ...]}:
// strict, an unknown key or a value of another type names its key.
Result<services::VexInput> VexInputFromJson(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument,
                "the body must be a JSON object");
  }
  services::VexInput in;
  for (const auto& [key, value] : j.items()) {
    std::string* text = key == "vulnerability"   ? &in.vulnerability
                        : key == "status"        ? &in.status
                        : key == "justification" ? &in.justification
                        : key == "detail"        ? &in.detail
                                                 : nullptr;
    if (text) {
      if (!value.is_string()) return BadBody(key, fmt::format("{}: a string is expected", key));
      *text = value.get<std::string>();
    } else if (key == "scope") {
      if (!value.is_array()) return BadBody(key, "scope: an array of purls or bom-refs is expected");
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string() || value[i].get<std::string>().empty()) {
          return BadBody(fmt::format("scope[{}]", i), fmt::format("scope[{}]: a purl or bom-ref is expected", i));
        }
        in.scope.push_back(value[i].get<std::string>());
      }
    } else {
      return BadBody(key, fmt::format("{}: not a field of a VEX statement", key));
    }
  }
  return in;
}

}  // namespace

ordered_json SbomJson(const store::SbomRow& s) {
  return ordered_json{{"id", s.id},
                      {"product_id", s.product_id},
                      {"release", s.release},
                      {"format", s.format},
                      {"spec_version", s.spec_version},
                      {"name", s.name},
                      {"components", s.components},
                      {"sha256", s.sha256},
                      {"uploaded_at", s.uploaded_at},
                      {"url", fmt::format("/api/v1/products/{}/sboms/{}", s.product_id, s.id)}};
}

ordered_json StatementJson(const store::VexRow& v) {
  return ordered_json{{"id", v.id},
                      {"vulnerability", v.vulnerability},
                      {"status", v.status},
                      {"justification", v.justification},
                      {"detail", v.detail},
                      {"scope", v.scope},
                      {"source", v.source},
                      {"stated_by", v.stated_by_email},
                      {"stated_at", v.stated_at}};
}

ordered_json FindingJson(const services::Finding& f) {
  return ordered_json{{"component", f.component_ref},
                      {"name", f.component_name},
                      {"version", f.component_version},
                      {"purl", f.purl},
                      {"id", f.match.id},
                      {"aliases", f.match.aliases},
                      {"range", f.match.vers},
                      {"range_type", f.match.range_type},
                      {"event", EventJson(f.match)},
                      {"comparator", std::string(sbom::ComparatorName(f.match.comparator))},
                      {"summary", f.summary},
                      {"severity", f.severity}};
}

ordered_json UnmatchedJson(const services::UnmatchedComponent& u) {
  return ordered_json{{"component", u.component_ref},
                      {"name", u.component_name},
                      {"purl", u.purl},
                      {"reason", std::string(sbom::UnmatchedCode(u.reason))},
                      {"detail", u.detail}};
}

ordered_json AlertJson(const store::AlertRow& a) {
  ordered_json components = json::parse(a.components, nullptr, false);
  if (components.is_discarded()) components = ordered_json::array();
  return ordered_json{{"id", a.id},
                      {"audience", a.audience},
                      {"product_id", a.product_id},
                      {"product", a.product_name},
                      {"sbom_id", a.sbom_id},
                      {"release", a.release},
                      {"record", a.record_id},
                      {"summary", a.summary},
                      {"components", components},
                      {"created_at", a.created_at}};
}

void HandleApiSbomUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string release = req.get_param_value("release");
  auto up = app.sboms.Upload(*auth.actor, PathId(req, 1), release, req.body, LangParam(req));
  if (!up) return SetJsonError(res, up.error());
  ordered_json j = SbomJson(up->sbom);
  j["findings"] = up->check.findings.size();
  j["unmatched"] = up->check.unmatched.size();
  j["snapshot"] = up->check.snapshot;
  res.set_header("Location", j["url"].get<std::string>());
  SetJson(res, 201, Dump(j));
}

void HandleApiSboms(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto list = app.sboms.Sboms(*auth.actor, PathId(req, 1));
  if (!list) return SetJsonError(res, list.error());
  ordered_json items = ordered_json::array();
  for (const auto& s : *list) items.push_back(SbomJson(s));
  SetJson(res, 200, Dump(ordered_json{{"items", items}}));
}

void HandleApiSbomReport(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto report = app.sboms.Report(*auth.actor, PathId(req, 1), PathId(req, 2));
  if (!report) return SetJsonError(res, report.error());
  ordered_json findings = ordered_json::array();
  for (const auto& f : report->findings) {
    ordered_json j = FindingJson(f.finding);
    j["statement"] = f.statement ? StatementJson(*f.statement) : ordered_json(nullptr);
    findings.push_back(std::move(j));
  }
  ordered_json unmatched = ordered_json::array();
  for (const auto& u : report->unmatched) unmatched.push_back(UnmatchedJson(u));
  ordered_json j{{"sbom", SbomJson(report->sbom)},  {"product", report->product.name},
                 {"components", report->components}, {"open", report->open},
                 {"snapshot", report->snapshot},     {"findings", findings},
                 {"unmatched", unmatched}};
  SetJson(res, 200, Dump(j));
}

void HandleApiSbomDocument(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto doc = app.sboms.Document(*auth.actor, PathId(req, 1), PathId(req, 2));
  if (!doc) return SetJsonError(res, doc.error());
  res.set_header("Content-Disposition",
                 fmt::format("attachment; filename=\"product-{}-sbom-{}.json\"", doc->product_id, doc->id));
  SetJson(res, 200, doc->document);
}

void HandleApiVexUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto stated = app.sboms.UploadVex(*auth.actor, PathId(req, 1), req.body);
  if (!stated) return SetJsonError(res, stated.error());
  ordered_json items = ordered_json::array();
  for (const auto& v : *stated) items.push_back(StatementJson(v));
  SetJson(res, 201, Dump(ordered_json{{"items", items}}));
}

void HandleApiVexStatement(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = VexInputFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto stated = app.sboms.State(*auth.actor, PathId(req, 1), *in);
  if (!stated) return SetJsonError(res, stated.error());
  SetJson(res, 201, Dump(StatementJson(*stated)));
}

void HandleApiVexStatements(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto list = app.sboms.Statements(*auth.actor, PathId(req, 1));
  if (!list) return SetJsonError(res, list.error());
  ordered_json items = ordered_json::array();
  for (const auto& v : *list) items.push_back(StatementJson(v));
  SetJson(res, 200, Dump(ordered_json{{"items", items}}));
}

void HandleApiPortfolio(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto list = app.sboms.Portfolio(*auth.actor);
  if (!list) return SetJsonError(res, list.error());
  ordered_json items = ordered_json::array();
  for (const auto& p : *list) {
    items.push_back({{"product_id", p.product.id},
                     {"product", p.product.name},
                     {"vendor", p.product.vendor},
                     {"added_at", p.entry.added_at},
                     {"sbom", p.latest ? SbomJson(*p.latest) : ordered_json(nullptr)},
                     {"findings", p.findings},
                     {"open", p.open}});
  }
  SetJson(res, 200, Dump(ordered_json{{"items", items}}));
}

void HandleApiPortfolioAdd(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto added = app.sboms.Add(*auth.actor, PathId(req, 1), LangParam(req));
  if (!added) return SetJsonError(res, added.error());
  SetJson(res, *added ? 201 : 200, Dump(ordered_json{{"product_id", PathId(req, 1)}, {"added", *added}}));
}

void HandleApiPortfolioRemove(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto removed = app.sboms.Remove(*auth.actor, PathId(req, 1));
  if (!removed) return SetJsonError(res, removed.error());
  if (!*removed) {
    return SetJsonError(res, MakeError(Reason{"error.portfolio.not_in", {{"id", std::to_string(PathId(req, 1))}}},
                                       ErrorCode::kNotFound,
                                       fmt::format("product {} is not in the portfolio", PathId(req, 1))));
  }
  res.status = 204;
}

void HandleApiAlerts(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto list = app.sboms.Alerts(*auth.actor);
  if (!list) return SetJsonError(res, list.error());
  auto feed = app.sboms.FeedPath(*auth.actor);
  if (!feed) return SetJsonError(res, feed.error());
  ordered_json items = ordered_json::array();
  for (const auto& a : *list) items.push_back(AlertJson(a));
  SetJson(res, 200, Dump(ordered_json{{"items", items}, {"feed", feed->empty() ? ordered_json(nullptr) : ordered_json(*feed)}}));
}

void HandleAlertsFeed(AppContext& app, const Request& req, Response& res) {
  auto alerts = app.sboms.Feed(PathId(req, 1), req.get_param_value("key"));
  if (!alerts) return RespondError(app, req, res, alerts.error());
  const Lang lang = req.get_param_value("lang") == "en" ? Lang::kEn : Lang::kJa;
  // Never the request's Host header: links in a feed must not be steerable by a client.
  const std::string& base = app.public_url;
  std::string x = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
      LangCode(lang));
  x += fmt::format("  <title>{}</title>\n", EscapeXml(Message(lang, "alerts_feed_title")));
  x += fmt::format("  <id>urn:proven:feeds:alerts:{}</id>\n", PathId(req, 1));
  x += fmt::format("  <updated>{}</updated>\n", EscapeXml(alerts->empty() ? "1970-01-01T00:00:00Z" : alerts->front().created_at));
  x += "  <author><name>Proven</name></author>\n";
  for (const auto& a : *alerts) {
    x += "  <entry>\n";
    x += fmt::format("    <id>urn:proven:alerts:{}</id>\n", a.id);
    x += fmt::format("    <title>{}</title>\n",
                     EscapeXml(Message(lang, "alerts_feed_entry",
                                       {{"id", a.record_id}, {"product", a.product_name}, {"release", a.release}})));
    x += fmt::format("    <link href=\"{}/products/{}/sboms/{}\"/>\n", EscapeXml(base), a.product_id, a.sbom_id);
    x += fmt::format("    <updated>{}</updated>\n", EscapeXml(a.created_at));
    if (!a.summary.empty()) x += fmt::format("    <summary>{}</summary>\n", EscapeXml(a.summary));
    x += fmt::format("    <category term=\"{}\"/>\n", EscapeXml(a.audience));
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  res.set_header("Cache-Control", "no-store");
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

void HandleApiAdvisory(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto impact = app.sboms.Advisory(*auth.actor, std::string(PathParam(req, 1)));
  if (!impact) return SetJsonError(res, impact.error());
  ordered_json products = ordered_json::array();
  for (const auto& p : impact->products) {
    ordered_json components = ordered_json::array();
    for (std::size_t i = 0; i < p.components.size(); ++i) {
      components.push_back({{"component", p.components[i].ref},
                            {"name", p.components[i].name},
                            {"version", p.components[i].version},
                            {"purl", p.components[i].purl},
                            {"range", p.matches[i].vers},
                            {"comparator", std::string(sbom::ComparatorName(p.matches[i].comparator))}});
    }
    products.push_back({{"product_id", p.product.id},
                        {"product", p.product.name},
                        {"vendor", p.product.vendor},
                        {"sbom", SbomJson(p.sbom)},
                        {"components", components}});
  }
  const auto& r = impact->record;
  SetJson(res, 200,
          Dump(ordered_json{{"id", r.id},
                            {"aliases", r.aliases},
                            {"summary", r.summary},
                            {"modified", r.modified},
                            {"published", r.published},
                            {"products", products}}));
}

void HandleApiOsvStatus(AppContext& app, const Request&, Response& res) {
  auto status = app.sboms.OsvData();
  if (!status) return SetJsonError(res, status.error());
  ordered_json latest = nullptr;
  if (status->latest) {
    latest = {{"id", status->latest->id},
              {"source", status->latest->source},
              {"finished_at", status->latest->finished_at},
              {"added", status->latest->added},
              {"updated", status->latest->updated},
              {"withdrawn", status->latest->withdrawn}};
  }
  SetJson(res, 200, Dump(ordered_json{{"records", status->records}, {"snapshot", status->snapshot}, {"import", latest}}));
}

}  // namespace proven::web
