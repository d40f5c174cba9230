#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "web/app.hpp"
#include "web/http_errors.hpp"
#include "web/service_json.hpp"
#include "services/query_params.hpp"

namespace proven::web {

using services::EncodeQuery;
using services::ParseSearchParams;
using services::SearchParams;
using services::Values;

using nlohmann::ordered_json;

void SetJson(Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json; charset=utf-8");
}

void SetJsonError(Response& res, const Error& e) {
  if (const int retry = RetryAfterSecondsFor(e.code); retry > 0) res.set_header("Retry-After", std::to_string(retry));
  SetJson(res, HttpStatusFor(e.code), ErrorJson(e));
}

namespace {

std::string Dump(const ordered_json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

ordered_json FacetJson(const std::vector<search::FacetValue>& values) {
  ordered_json o = ordered_json::object();
  for (const auto& v : values) o[v.value] = v.count;
  return o;
}

}  // namespace

void HandleHealth(AppContext& app, const Request&, Response& res) {
  if (auto st = app.registry.Ping(); !st) {
    SetJson(res, 503, R"({"status":"unavailable"})");
    return;
  }
  const auto st = app.registry.IndexStats();
  ordered_json j;
  j["status"] = "ok";
  j["services"] = st.base_docs - st.hidden_base_docs + st.overlay_docs;
  SetJson(res, 200, Dump(j));
}

void HandleApiSearch(AppContext& app, const Request& req, Response& res) {
  // The generation is read before searching: if a write lands meanwhile, the entry made here is
  // already out of date and will not be served.
  const std::uint64_t generation = app.registry.generation();
  const Date today = app.today();
  std::string key = today.ToIso();
  for (const auto& [k, v] : req.params) {
    key += '\x1f';
    key += k;
    key += '=';
    key += v;
  }
  if (auto hit = app.api_cache.Get(key, generation)) return SetJson(res, 200, *hit);

  auto params = ParseSearchParams(req.params, today);
  if (!params) return SetJsonError(res, params.error());
  auto result = app.registry.Search(params->query);
  if (!result) return SetJsonError(res, result.error());
  auto body = std::make_shared<std::string>();
  body->reserve(4096 + result->items.size() * 1024);
  JsonWriter w(*body);
  w.BeginObject();
  w.Key("total").Int(static_cast<std::int64_t>(result->total));
  w.Key("page").Int(params->page);
  w.Key("per_page").Int(params->per_page);
  w.Key("items").BeginArray();
  for (const auto& s : result->items) WriteServiceJson(w, s, params->query.as_of);
  w.EndArray();
  w.Key("facets").BeginObject();
  for (const auto& [name, values] : {std::pair{"type", &result->facets.type}, std::pair{"industry", &result->facets.industry},
                                     std::pair{"prefecture", &result->facets.prefecture},
                                     std::pair{"registrar", &result->facets.registrar}}) {
    w.Key(name).BeginObject();
    for (const auto& v : *values) w.Key(v.value).Int(v.count);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  SetJson(res, 200, *body);
  app.api_cache.Put(key, generation, std::move(body));
}

void HandleApiService(AppContext& app, const Request& req, Response& res) {
  auto s = app.registry.GetService(PathId(req));
  if (!s) return SetJsonError(res, s.error());
  if (!*s) {
    return SetJsonError(res, MakeError(ErrorCode::kNotFound, fmt::format("no service with id {}", PathParam(req, 1))));
  }
  SetJson(res, 200, Dump(ServiceToJson(**s, app.today())));
}

void HandleApiExport(AppContext& app, const Request& req, Response& res) {
  const auto formats = Values(req.params, "format");
  std::optional<services::ExportFormat> format;
  if (formats.size() == 1) format = services::ExportFormatFromString(formats.front());
  if (!format) {
    return SetJsonError(res, MakeError(ErrorCode::kInvalidArgument, "format must be csv, json or xlsx", {}, "format"));
  }
  // An export is the whole result: paging parameters from the page's URL do not apply.
  auto filters = req.params;
  filters.erase("page");
  filters.erase("per_page");
  // encoding: the CSV's (utf-8 with BOM, or cp932 for older Excel); not a search condition.
  services::ExportOptions options;
  options.public_url = app.public_url;
  if (const auto encodings = Values(req.params, "encoding"); !encodings.empty()) {
    std::optional<services::ExportEncoding> encoding;
    if (encodings.size() == 1) encoding = services::ExportEncodingFromString(encodings.front());
    if (!encoding || (*encoding != services::ExportEncoding::kUtf8 && *format != services::ExportFormat::kCsv)) {
      return SetJsonError(res, MakeError(ErrorCode::kInvalidArgument,
                                         "encoding must be utf-8 or cp932 (shift_jis), and cp932 only with format=csv",
                                         {}, "encoding"));
    }
    options.encoding = *encoding;
  }
  filters.erase("encoding");
  auto params = ParseSearchParams(filters, app.today());
  if (!params) return SetJsonError(res, params.error());
  auto file = app.exports.Export(params->query, *format, options);
  if (!file) return SetJsonError(res, file.error());
  if (options.encoding == services::ExportEncoding::kCp932) {
    res.set_header("X-Proven-Unmappable-Characters", std::to_string(file->unmappable));
  }
  const Date d = app.today();
  res.set_header("Content-Disposition",
                 fmt::format("attachment; filename=\"proven-services-{:04}{:02}{:02}.{}\"", d.year, d.month,
                             d.day, file->extension));
  res.status = 200;
  res.set_content(std::move(file->bytes), file->content_type.c_str());
}

void HandleApiStats(AppContext& app, const Request& req, Response& res) {
  // as_of is read exactly as the search reads it.
  services::QueryParams only_as_of;
  auto [b, e] = req.params.equal_range("as_of");
  only_as_of.insert(b, e);
  auto params = ParseSearchParams(only_as_of, app.today());
  if (!params) return SetJsonError(res, params.error());
  const Date as_of = params->query.as_of;
  const auto stats = app.registry.Stats(as_of);
  ordered_json j;
  j["as_of"] = as_of.ToIso();
  j["total"] = stats.total;
  j["by_type"] = FacetJson(stats.overall.type);
  j["by_prefecture"] = FacetJson(stats.overall.prefecture);
  j["by_type_and_prefecture"] = ordered_json::object();
  for (const auto& pt : stats.per_type) {
    j["by_type_and_prefecture"][std::string(domain::TypeCode(pt.type))] = FacetJson(pt.prefectures);
  }
  SetJson(res, 200, Dump(j));
}

}  // namespace proven::web
