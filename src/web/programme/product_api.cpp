// The catalogue's machine-readable parts: GET /api/v1/products (the search, with the service
// search's parameter names, paging and errors), the coverage matrix as CSV, and the badge SVG.
#include <charconv>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "services/registry_service.hpp"
#include "web/charts.hpp"
#include "web/programme/product_pages.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

using nlohmann::ordered_json;

std::string FieldNameIn(Lang lang, const domain::Field& f) {
  return lang == Lang::kEn && !f.name_en.empty() ? f.name_en : f.name_ja;
}

Result<std::vector<std::int64_t>> MatrixFieldParams(const Request& req) {
  std::vector<std::int64_t> out;
  for (const auto& v : services::Values(req.params, "field")) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    if (ec != std::errc() || p != v.data() + v.size() || id <= 0) {
      return Fail(Reason{"error.param.unknown_value", {{"value", Ellipsize(v, 40)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("field '{}' is not a field id (a positive whole number)", Ellipsize(v, 40)), {}, "field");
    }
    out.push_back(id);
  }
  return out;
}

namespace {

ordered_json FacetJson(const std::vector<search::FacetValue>& values) {
  ordered_json o = ordered_json::object();
  for (const auto& v : values) o[v.value] = v.count;
  return o;
}

ordered_json ItemJson(const services::CatalogueProduct& c) {
  const auto& p = c.product;
  return ordered_json{{"id", p.id},
                      {"name", p.name},
                      {"version", p.version},
                      {"vendor", p.vendor},
                      {"overview", p.overview},
                      {"fields", p.field_ids},
                      {"deployment", p.deployment},
                      {"fiscal_year_verified", p.fiscal_year_verified},
                      {"first_published_at", p.first_published_at},
                      {"latest_version", p.latest_version},
                      {"strong_points", c.report.strong_points},
                      {"call_id", p.call_id},
                      {"url", fmt::format("/products/{}", p.id)}};
}

}  // namespace

void HandleApiProducts(AppContext& app, const Request& req, Response& res) {
  auto params = services::ParseProductSearchParams(req.params);
  if (!params) return SetJsonError(res, params.error());
  auto page = app.catalogue.Search(params->query);
  if (!page) return SetJsonError(res, page.error());
  ordered_json j;
  j["total"] = page->total;
  j["page"] = params->page;
  j["per_page"] = params->per_page;
  j["items"] = ordered_json::array();
  for (const auto& c : page->items) j["items"].push_back(ItemJson(c));
  j["facets"] = {{"field", FacetJson(page->facets.field)},
                 {"vendor", FacetJson(page->facets.vendor)},
                 {"deployment", FacetJson(page->facets.deployment)},
                 {"year", FacetJson(page->facets.year)}};
  SetJson(res, 200, Dump(j));
}

// The table the programme publishes, as a spreadsheet opens it: UTF-8 with a BOM, a header row
// (product, vendor, then one column per field, named in the requested language), CRLF, "●" where
// the product covers the field. Same filter as the page.
void HandleMatrixCsv(AppContext& app, const Request& req, Response& res) {
  const Lang lang = services::Values(req.params, "lang") == std::vector<std::string>{"en"} ? Lang::kEn : Lang::kJa;
  auto filter = MatrixFieldParams(req);
  if (!filter) return RespondError(app, req, res, filter.error());
  auto m = app.catalogue.Matrix(*filter);
  if (!m) return RespondError(app, req, res, m.error());
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header{Message(lang, "prod_matrix_product", {}), Message(lang, "prod_vendor", {})};
  for (const auto& f : m->fields) header.push_back(FieldNameIn(lang, f));
  AppendCsvRecord(out, header);
  for (const auto& row : m->rows) {
    // Names are the vendor's own text: a leading = + - @ is neutralised as the services export does.
    std::vector<std::string> cells{services::NeutraliseCsvCell(row.product.name), services::NeutraliseCsvCell(row.product.vendor)};
    for (bool c : row.covers) cells.emplace_back(c ? "●" : "");
    AppendCsvRecord(out, cells);
  }
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"proven-coverage-matrix.csv\"");
  res.set_content(std::move(out), "text/csv; charset=utf-8");
}

namespace {

// Rough advance widths at 12 px: wide (CJK, full-width) characters 12, others 7.
int TextWidth(std::string_view s) {
  int w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 12 : 7;
    i += len;
  }
  return w;
}

// Text for the SVG: XML-escaped, without the control characters XML 1.0 does not allow.
std::string SvgText(std::string_view s) {
  std::string clean;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') clean.push_back(c);
  }
  return EscapeXml(clean);
}

}  // namespace

// The badge: drawn from the product's published record only (its fields and the fiscal year of
// its first publication), never from anything in the request but the language: ?lang=en for
// English, Japanese otherwise (?lang=ja or none). Accept-Language is not read, so that one URL is
// one image for every cache. The link is absolute, built from the configured public URL.
void HandleProductBadge(AppContext& app, const Request& req, Response& res) {
  const auto langs = services::Values(req.params, "lang");
  if (langs.size() > 1 || (langs.size() == 1 && langs[0] != "ja" && langs[0] != "en")) {
    return RespondError(app, req, res,
                        MakeError(Reason{"error.param.unknown_value", {{"value", Ellipsize(langs.back(), 40)}}},
                                  ErrorCode::kInvalidArgument, "lang must be ja or en", {}, "lang"));
  }
  const Lang lang = !langs.empty() && langs[0] == "en" ? Lang::kEn : Lang::kJa;
  auto product = app.catalogue.Get(PathId(req));
  if (!product) return RespondError(app, req, res, product.error());
  auto fields = app.catalogue.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  std::vector<std::string> names;
  for (auto id : product->product.field_ids) {
    for (const auto& f : *fields) {
      if (f.id == id) names.push_back(FieldNameIn(lang, f));
    }
  }
  const std::string title = Message(lang, "badge_verified", {});
  const std::string year = Message(lang, "prod_year_format", {{"year", std::to_string(product->product.fiscal_year_verified)}});
  const std::string detail = Ellipsize(Join(names, lang == Lang::kJa ? "・" : ", "), 40) + " | " + year;
  const std::string url = fmt::format("{}/products/{}", app.public_url, product->product.id);
  const int width = std::max(TextWidth(title), TextWidth(detail)) + 44;
  const std::string label = product->product.name + ": " + title + " (" + detail + ")";
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}" height="44" viewBox="0 0 {w} 44" role="img" aria-label="{label}">)"
      "<title>{label}</title>"
      R"(<a href="{url}" xlink:href="{url}" target="_top">)"
      R"(<rect width="{w}" height="44" rx="6" fill="#0b5394"/>)"
      R"(<rect x="1" y="1" width="{wi}" height="42" rx="5" fill="#ffffff" fill-opacity="0.06"/>)"
      R"(<text x="12" y="27" font-family="sans-serif" font-size="18" font-weight="bold" fill="#ffffff">✓</text>)"
      R"(<g font-family="'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif" font-size="12" fill="#ffffff">)"
      R"(<text x="32" y="18" font-weight="bold">{title}</text>)"
      R"(<text x="32" y="35">{detail}</text>)"
      "</g></a></svg>\n",
      fmt::arg("w", width), fmt::arg("wi", width - 2), fmt::arg("label", SvgText(label)), fmt::arg("url", SvgText(url)),
      fmt::arg("title", SvgText(title)), fmt::arg("detail", SvgText(detail)));
  res.status = 200;
  res.set_header("Cache-Control", "public, max-age=3600");
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.set_content(std::move(svg), "image/svg+xml; charset=utf-8");
}

}  // namespace proven::web
