#include "web/charts.hpp"
#include "web/registry_pages.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/service.hpp"
#include "services/export_service.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/response_cache.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

// The current list of one type: valid today, sorted by name (as the list has been published).
search::ServiceQuery CurrentListQuery(domain::ServiceType type, Date today) {
  search::ServiceQuery q;
  q.types = {type};
  q.status = search::StatusFilter::kValid;
  q.as_of = today;
  q.sort = search::SortKey::kName;
  q.limit = 0;
  return q;
}

void SendDownload(AppContext& app, const Request& req, Response& res, services::ExportFormat format) {
  const auto type = domain::TypeFromCode(PathParam(req, 1));
  if (!type) return RenderErrorPage(app, req, res, 404);
  services::ExportOptions options;
  options.public_url = app.public_url;
  if (req.has_param("encoding")) {
    const auto encoding = services::ExportEncodingFromString(req.get_param_value("encoding"));
    if (!encoding || (*encoding != services::ExportEncoding::kUtf8 && format != services::ExportFormat::kCsv)) {
      return RespondError(app, req, res,
                          MakeError(Reason{"error.param.unknown_value", {{"value", req.get_param_value("encoding")}}},
                                    ErrorCode::kInvalidArgument, "encoding must be utf-8 or cp932 (CSV only)", {},
                                    "encoding"));
    }
    options.encoding = *encoding;
  }
  const Date today = app.today();
  const std::string code(domain::TypeCode(*type));
  const std::string extension = format == services::ExportFormat::kCsv ? "csv" : "xlsx";
  const std::string content_type =
      format == services::ExportFormat::kXlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      : options.encoding == services::ExportEncoding::kCp932 ? "text/csv; charset=Shift_JIS"
                                                              : "text/csv; charset=utf-8";
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"proven-{}-{:04}{:02}{:02}.{}\"", code,
                                                    today.year, today.month, today.day, extension));
  res.set_header("Cache-Control", "public, max-age=300");
  // Cached until the registry changes (its generation) or the day does (part of the key).
  const std::uint64_t generation = app.registry.generation();
  const std::string key = fmt::format("download\x1f{}\x1f{}\x1f{}\x1f{}", today.ToIso(), code, extension,
                                      options.encoding == services::ExportEncoding::kCp932 ? "cp932" : "utf-8");
  if (auto hit = app.api_cache.Get(key, generation)) {
    res.status = 200;
    res.set_content(*hit, content_type.c_str());
    return;
  }
  auto file = app.exports.Export(CurrentListQuery(*type, today), format, options);
  if (!file) return RespondError(app, req, res, file.error());
  if (options.encoding == services::ExportEncoding::kCp932) {
    res.set_header("X-Proven-Unmappable-Characters", std::to_string(file->unmappable));
  }
  auto body = std::make_shared<const std::string>(std::move(file->bytes));
  res.status = 200;
  res.set_content(*body, content_type.c_str());
  if (options.encoding != services::ExportEncoding::kCp932) app.api_cache.Put(key, generation, std::move(body));
}

mst::data StatusOf(const domain::Service& s, Date as_of, Lang lang) {
  mst::data item;
  const std::string code(domain::StatusCode(domain::StatusAsOf(s, as_of)));
  item.set("status", code);
  item.set("status_label", Message(lang, "badge_" + code));
  return item;
}

// Which party a page is about.
struct Party {
  std::string_view path;       // /providers or /registration-bodies
  std::string_view param;      // the search parameter: provider or registrar
  std::string_view kind;       // provider or registrar (message keys)
};

// The header of a party's page: counts over every status, by type and by status, and the address.
void SetPartyCounts(const std::vector<domain::Service>& services, Date today, Lang lang, bool provider, mst::data& d) {
  std::map<std::string, int> by_status;
  int expiring = 0;
  std::string prefecture;
  std::string address;
  for (const auto& s : services) {
    const auto st = domain::StatusAsOf(s, today);
    ++by_status[std::string(domain::StatusCode(st))];
    if (st == domain::ServiceStatus::kExpiringSoon) ++expiring;
    if (address.empty()) {
      address = s.address;
      prefecture = s.prefecture;
    }
  }
  mst::data type_rows{mst::data::type::list};
  for (const auto t : domain::kServiceTypes) {
    int n = 0;
    for (const auto& s : services) n += s.type == t ? 1 : 0;
    if (n == 0) continue;
    mst::data row;
    row.set("label", TypeLabel(t, lang));
    row.set("count", std::to_string(n));
    type_rows.push_back(row);
  }
  mst::data status_rows{mst::data::type::list};
  for (const auto& [code, n] : by_status) {
    mst::data row;
    row.set("label", Message(lang, "badge_" + code));
    row.set("count", std::to_string(n));
    status_rows.push_back(row);
  }
  d.set("address", provider ? OptionalText(address) : OptionalText(""));
  d.set("expiring", std::to_string(expiring));
  d.set("type_rows", type_rows);
  d.set("status_rows", status_rows);
}

// The list of a party's page: its services (linking the other party) and the status filter.
void SetPartyList(const std::vector<domain::Service>& services, Date today, Lang lang, const Party& party,
                  const std::string& current, mst::data& d) {
  mst::data items{mst::data::type::list};
  for (const auto& s : services) {
    mst::data item = StatusOf(s, today, lang);
    item.set("id", std::to_string(s.id));
    item.set("name", s.name);
    item.set("type_label", TypeLabel(s.type, lang));
    item.set("other", party.kind == "provider" ? s.registrar : s.provider);
    item.set("other_url", UrlWith(party.kind == "provider" ? "/registration-bodies" : "/providers",
                                  {{"name", party.kind == "provider" ? s.registrar : s.provider}}));
    item.set("expires_on", s.expires_on.ToIso());
    items.push_back(item);
  }
  mst::data status_options{mst::data::type::list};
  for (std::string_view code : {"all", "valid", "expired", "suspended", "revoked"}) {
    mst::data o;
    o.set("value", std::string(code));
    o.set("label", Message(lang, fmt::format("party_status_{}", code)));
    o.set("selected", current == code);
    status_options.push_back(o);
  }
  d.set("items", items);
  d.set("has_items", !services.empty());
  d.set("status_options", status_options);
}

// The index: every provider or body with its number of services (all statuses), A–Z.
void SendPartyIndex(AppContext& app, const Request& req, Response& res, Lang lang, const Party& party, mst::data& d) {
  const Date today = app.today();
  search::ServiceQuery all;
  all.status = search::StatusFilter::kAll;
  all.as_of = today;
  all.limit = 0;
  auto found = app.registry.Search(all);
  if (!found) return RespondError(app, req, res, found.error());
  std::map<std::string, int> counts;
  for (const auto& s : found->items) ++counts[party.kind == "provider" ? s.provider : s.registrar];
  mst::data rows{mst::data::type::list};
  for (const auto& [n, c] : counts) {
    mst::data row;
    row.set("name", n);
    row.set("url", UrlWith(std::string(party.path), {{"name", n}}));
    row.set("count", std::to_string(c));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("lead", Message(lang, "party_index_lead", {{"count", std::to_string(counts.size())}}));
  const std::string title = Message(lang, fmt::format("party_index_title_{}", party.kind));
  d.set("heading", title);
  return SendPage(app, req, res, lang, "registry_index", d, title, "services");
}

void HandlePartyPage(AppContext& app, const Request& req, Response& res, const Party& party) {
  const Lang lang = ResolveLang(req, res);
  const Date today = app.today();
  const std::string name = req.has_param("name") ? std::string(Trim(req.get_param_value("name"))) : std::string();
  mst::data d;
  d.set("path", std::string(party.path));
  d.set("is_provider", party.kind == "provider");
  if (name.empty()) return SendPartyIndex(app, req, res, lang, party, d);

  // One party: its services (status filter, paging) and counts by type and status.
  services::QueryParams params;
  for (const auto& [k, v] : req.params) {
    if (k == "status" || k == "page" || k == "per_page" || k == "sort") params.emplace(k, v);
  }
  if (!params.contains("status")) params.emplace("status", "all");
  params.emplace(std::string(party.param), name);
  auto parsed = services::ParseSearchParams(params, today);
  if (!parsed) return ErrorPage(app, nullptr, req, res, parsed.error());
  auto page = app.registry.Search(parsed->query);
  if (!page) return RespondError(app, req, res, page.error());
  // Counts over every status.
  auto every = parsed->query;
  every.status = search::StatusFilter::kAll;
  every.limit = 0;
  every.offset = 0;
  auto all = app.registry.Search(every);
  if (!all) return RespondError(app, req, res, all.error());
  if (all->total == 0) {
    return ErrorPage(app, nullptr, req, res,
                     MakeError(Reason{fmt::format("error.party.not_found_{}", party.kind), {{"name", name}}},
                               ErrorCode::kNotFound, fmt::format("no services of '{}'", name)));
  }
  SetPartyCounts(all->items, today, lang, party.kind == "provider", d);
  const std::string current = params.find("status")->second;
  SetPartyList(page->items, today, lang, party, current, d);
  d.set("name", name);
  d.set("total", std::to_string(all->total));
  d.set("shown_label", Message(lang, "party_shown", {{"count", std::to_string(page->total)}}));
  d.set("index_link", Message(lang, fmt::format("party_index_link_{}", party.kind)));
  d.set("other_heading", Message(lang, party.kind == "provider" ? "registrar" : "provider"));
  d.set("export_query", services::EncodeQuery({{std::string(party.param), name}, {"status", current}}));
  d.set("pagination", Pagination(req, std::string(party.path), page->total, parsed->page, parsed->per_page));
  const std::string heading = Message(lang, fmt::format("party_title_{}", party.kind), {{"name", name}});
  // The name is data (as registered, often Japanese on an English page): marked so in the heading.
  d.set("heading_html", Message(lang, fmt::format("party_title_{}", party.kind),
                                {{"name", "<span translate=\"no\">" + EscapeXml(name) + "</span>"}}));
  SendPage(app, req, res, lang, "registry_party", d, heading, "services");
}

}  // namespace

void HandleDownloadsPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const Date today = app.today();
  mst::data rows{mst::data::type::list};
  for (const auto t : domain::kServiceTypes) {
    auto q = CurrentListQuery(t, today);
    q.limit = 1;
    auto found = app.registry.Search(q);
    if (!found) return RespondError(app, req, res, found.error());
    mst::data row;
    const std::string code(domain::TypeCode(t));
    row.set("code", code);
    row.set("label", TypeLabel(t, lang));
    row.set("count", std::to_string(found->total));
    const std::string label = TypeLabel(t, lang);
    row.set("csv_label", Message(lang, "download_of", {{"type", label}, {"format", Message(lang, "download_csv")}}));
    row.set("sjis_label", Message(lang, "download_of", {{"type", label}, {"format", Message(lang, "download_csv_sjis")}}));
    row.set("xlsx_label", Message(lang, "download_of", {{"type", label}, {"format", Message(lang, "download_xlsx")}}));
    rows.push_back(row);
  }
  mst::data d;
  d.set("rows", rows);
  d.set("lead", Message(lang, "downloads_lead", {{"date", today.ToIso()}}));
  SendPage(app, req, res, lang, "downloads", d, Message(lang, "downloads_title"), "services");
}

void HandleDownloadCsv(AppContext& app, const Request& req, Response& res) {
  SendDownload(app, req, res, services::ExportFormat::kCsv);
}

void HandleDownloadXlsx(AppContext& app, const Request& req, Response& res) {
  SendDownload(app, req, res, services::ExportFormat::kXlsx);
}

void HandleProvidersPage(AppContext& app, const Request& req, Response& res) {
  HandlePartyPage(app, req, res, {"/providers", "provider", "provider"});
}

void HandleRegistrarsPage(AppContext& app, const Request& req, Response& res) {
  HandlePartyPage(app, req, res, {"/registration-bodies", "registrar", "registrar"});
}

}  // namespace proven::web
