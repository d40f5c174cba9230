// Dated editions of the published list (docs/api.md "Dated editions of the list"): the list of
// editions, their frozen files, the page of changes between two of them, and the same as JSON.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "services/edition_service.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/registry_pages.hpp"
#include "web/response_cache.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using nlohmann::ordered_json;

namespace {

// The path's {date}: an edition that does not exist (or a date that does not) is a 404.
Result<Date> EditionDate(const Request& req) {
  const std::string text(PathParam(req, 1));
  auto d = ParseIsoDate(text);
  if (!d) {
    return Fail(Reason{"error.edition.not_found", {{"date", text}}}, ErrorCode::kNotFound,
                fmt::format("no edition is dated {}", text));
  }
  return *d;
}

// Optional query parameters of the edition routes: since (an earlier edition's date) and type.
Result<std::optional<Date>> SinceParam(const Request& req) {
  if (!req.has_param("since") || req.get_param_value("since").empty()) return std::optional<Date>();
  const std::string text = req.get_param_value("since");
  auto d = ParseIsoDate(text);
  if (!d) {
    Error e = d.error();
    e.code = ErrorCode::kInvalidArgument;
    e.message = "since: " + e.message;
    e.field = "since";
    return Fail(std::move(e));
  }
  return std::optional<Date>(*d);
}

Result<std::optional<domain::ServiceType>> TypeParam(const Request& req) {
  if (!req.has_param("type") || req.get_param_value("type").empty()) return std::optional<domain::ServiceType>();
  const std::string text = req.get_param_value("type");
  const auto type = domain::TypeFromCode(text);
  if (!type) {
    return Fail(Reason{"error.param.unknown_value", {{"value", text}}}, ErrorCode::kInvalidArgument,
                fmt::format("type: unknown service type '{}'", text), {}, "type");
  }
  return std::optional<domain::ServiceType>(*type);
}

std::string EditionPath(const domain::Edition& e) { return "/downloads/editions/" + e.date.ToIso(); }

ordered_json PerTypeJson(const domain::Edition& e) {
  ordered_json j = ordered_json::object();
  for (std::size_t i = 0; i < domain::kServiceTypes.size(); ++i) {
    j[std::string(domain::TypeCode(domain::kServiceTypes[i]))] = e.per_type[i];
  }
  return j;
}

ordered_json EditionJson(const domain::Edition& e) {
  const std::string path = EditionPath(e);
  return {{"date", e.date.ToIso()},
          {"total", e.total},
          {"per_type", PerTypeJson(e)},
          {"sha256", e.sha256},
          {"created_at", e.created_at},
          {"created_by", e.created_by == services::kEditionSystemActor ? "system" : "operator"},
          {"files",
           {{"csv", path + ".csv"}, {"csv_cp932", path + ".csv?encoding=cp932"}, {"xlsx", path + ".xlsx"}}},
          {"changes", path + "/changes"}};
}

ordered_json EntryJson(const domain::EditionEntry& e) {
  return {{"id", e.service_id},       {"type", std::string(domain::TypeCode(e.type))},
          {"name", e.name},           {"provider", e.provider},
          {"registrar", e.registrar}, {"expires_on", e.expires_on}};
}

ordered_json ChangesJson(const services::EditionComparison& c) {
  ordered_json j;
  j["date"] = c.after.date.ToIso();
  j["since"] = c.before ? ordered_json(c.before->date.ToIso()) : ordered_json(nullptr);
  ordered_json per_type = ordered_json::object();
  for (std::size_t i = 0; i < domain::kServiceTypes.size(); ++i) {
    const auto& n = c.changes.per_type[i];
    per_type[std::string(domain::TypeCode(domain::kServiceTypes[i]))] = {
        {"before", n.before}, {"after", n.after}, {"added", n.added}, {"removed", n.removed}, {"changed", n.changed}};
  }
  j["per_type"] = per_type;
  j["added"] = ordered_json::array();
  for (const auto& e : c.changes.added) j["added"].push_back(EntryJson(e));
  j["removed"] = ordered_json::array();
  for (const auto& e : c.changes.removed) j["removed"].push_back(EntryJson(e));
  j["changed"] = ordered_json::array();
  for (const auto& ch : c.changes.changed) {
    ordered_json item = EntryJson(ch.entry);
    item["fields"] = ordered_json::array();
    for (const auto& f : ch.fields) item["fields"].push_back({{"field", f.key}, {"before", f.before}, {"after", f.after}});
    j["changed"].push_back(std::move(item));
  }
  return j;
}

std::string Dump(const ordered_json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// A file of an edition: every type or one (`type`), CSV (UTF-8 or CP932) or XLSX. Immutable, so
// cached for good (in memory and by clients), with the bytes' SHA-256 as the entity tag.
void SendEditionFile(AppContext& app, const Request& req, Response& res, services::ExportFormat format) {
  auto date = EditionDate(req);
  if (!date) return RespondError(app, req, res, date.error());
  auto type = TypeParam(req);
  if (!type) return RespondError(app, req, res, type.error());
  services::ExportEncoding encoding = services::ExportEncoding::kUtf8;
  if (req.has_param("encoding")) {
    const auto e = services::ExportEncodingFromString(req.get_param_value("encoding"));
    if (!e || (*e != services::ExportEncoding::kUtf8 && format != services::ExportFormat::kCsv)) {
      return RespondError(app, req, res,
                          MakeError(Reason{"error.param.unknown_value", {{"value", req.get_param_value("encoding")}}},
                                    ErrorCode::kInvalidArgument, "encoding must be utf-8 or cp932 (CSV only)", {},
                                    "encoding"));
    }
    encoding = *e;
  }
  const bool cp932 = encoding == services::ExportEncoding::kCp932;
  const std::string extension = format == services::ExportFormat::kCsv ? "csv" : "xlsx";
  const std::string content_type =
      format == services::ExportFormat::kXlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      : cp932                                  ? "text/csv; charset=Shift_JIS"
                                               : "text/csv; charset=utf-8";
  const std::string code = *type ? std::string(domain::TypeCode(**type)) : std::string("all");
  const std::string key = fmt::format("edition\x1f{}\x1f{}\x1f{}\x1f{}", date->ToIso(), code, extension, cp932 ? "cp932" : "utf-8");
  // Cached under a generation of 0, which never goes stale: an edition never changes. CP932 files
  // are made each time, for their count of unmappable characters.
  auto body = cp932 ? nullptr : app.api_cache.Get(key, 0);
  if (!body) {
    auto edition = app.editions.Find(*date);
    if (!edition) return RespondError(app, req, res, edition.error());
    auto file = services::EditionFile(*edition, format, encoding, *type);
    if (!file) return RespondError(app, req, res, file.error());
    if (cp932) res.set_header("X-Proven-Unmappable-Characters", std::to_string(file->unmappable));
    body = std::make_shared<const std::string>(std::move(file->bytes));
    if (!cp932) app.api_cache.Put(key, 0, body);
  }
  const std::string etag = "\"" + Sha256Hex(*body) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  res.set_header("Content-Disposition",
                 fmt::format("attachment; filename=\"proven-edition-{:04}{:02}{:02}{}{}.{}\"", date->year, date->month,
                             date->day, *type ? "-" : "", *type ? code : "", extension));
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(*body, content_type.c_str());
}

mst::data EntryData(const domain::EditionEntry& e, Lang lang) {
  mst::data d;
  d.set("id", std::to_string(e.service_id));
  d.set("name", e.name);
  d.set("provider", e.provider);
  d.set("registrar", e.registrar);
  d.set("expires_on", e.expires_on);
  d.set("type_label", TypeLabel(e.type, lang));
  return d;
}

mst::data EntryList(const std::vector<domain::EditionEntry>& entries, Lang lang) {
  mst::data list{mst::data::type::list};
  for (const auto& e : entries) list.push_back(EntryData(e, lang));
  return list;
}

// The summary by type: services before and after, added, removed, changed; then the totals.
mst::data CountRows(const services::EditionComparison& c, Lang lang) {
  mst::data rows{mst::data::type::list};
  domain::EditionTypeCounts sum;
  const auto add_row = [&](const std::string& label, const domain::EditionTypeCounts& n, bool total) {
    mst::data row;
    row.set("label", label);
    row.set("total", total);
    row.set("before", c.before ? std::to_string(n.before) : std::string("—"));
    row.set("after", std::to_string(n.after));
    row.set("added", std::to_string(n.added));
    row.set("removed", std::to_string(n.removed));
    row.set("changed", std::to_string(n.changed));
    rows.push_back(row);
  };
  for (std::size_t i = 0; i < domain::kServiceTypes.size(); ++i) {
    const auto& n = c.changes.per_type[i];
    add_row(TypeLabel(domain::kServiceTypes[i], lang), n, false);
    sum.before += n.before;
    sum.after += n.after;
    sum.added += n.added;
    sum.removed += n.removed;
    sum.changed += n.changed;
  }
  add_row(Message(lang, "edition_total"), sum, true);
  return rows;
}

mst::data ChangedList(const services::EditionComparison& c, Lang lang) {
  mst::data list{mst::data::type::list};
  for (const auto& ch : c.changes.changed) {
    mst::data item = EntryData(ch.entry, lang);
    mst::data fields{mst::data::type::list};
    for (const auto& f : ch.fields) {
      mst::data field;
      const std::string label = FieldLabel(lang, f.key);
      field.set("label", label.empty() ? f.key : label);
      field.set("before", OptionalText(f.before));
      field.set("after", OptionalText(f.after));
      field.set("long", f.before.size() + f.after.size() > 400);
      fields.push_back(field);
    }
    item.set("fields", fields);
    item.set("field_names", Message(lang, "edition_changed_fields", {{"count", std::to_string(ch.fields.size())}}));
    list.push_back(item);
  }
  return list;
}

// The editions the page may compare with: every one before `date`, newest first.
mst::data SinceOptions(const std::vector<domain::Edition>& all, const services::EditionComparison& c) {
  mst::data options{mst::data::type::list};
  for (const auto& e : all) {
    if (!(e.date < c.after.date)) continue;
    mst::data o;
    o.set("value", e.date.ToIso());
    o.set("selected", c.before && c.before->date == e.date);
    options.push_back(o);
  }
  return options;
}

mst::data EditionRowData(const domain::Edition& e, Lang lang) {
  mst::data row;
  const std::string date = e.date.ToIso();
  row.set("date", date);
  row.set("path", EditionPath(e));
  row.set("total", std::to_string(e.total));
  row.set("sha256", e.sha256);
  row.set("created_by", ActorText(lang, e.created_by));
  row.set("created_at", JstText(e.created_at));
  row.set("csv_label", Message(lang, "edition_file_of", {{"date", date}, {"format", Message(lang, "download_csv")}}));
  row.set("sjis_label", Message(lang, "edition_file_of", {{"date", date}, {"format", Message(lang, "download_csv_sjis")}}));
  row.set("xlsx_label", Message(lang, "edition_file_of", {{"date", date}, {"format", Message(lang, "download_xlsx")}}));
  row.set("changes_label", Message(lang, "edition_file_of", {{"date", date}, {"format", Message(lang, "edition_changes_link")}}));
  return row;
}

}  // namespace

void HandleEditionsPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto all = app.editions.Editions();
  if (!all) return RespondError(app, req, res, all.error());
  mst::data rows{mst::data::type::list};
  for (const auto& e : *all) rows.push_back(EditionRowData(e, lang));
  mst::data d;
  d.set("rows", rows);
  d.set("has_rows", !all->empty());
  SendPage(app, req, res, lang, "editions", d, Message(lang, "editions_title"), "services");
}

void HandleEditionCsv(AppContext& app, const Request& req, Response& res) {
  SendEditionFile(app, req, res, services::ExportFormat::kCsv);
}

void HandleEditionXlsx(AppContext& app, const Request& req, Response& res) {
  SendEditionFile(app, req, res, services::ExportFormat::kXlsx);
}

void HandleEditionChangesPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto date = EditionDate(req);
  if (!date) return ErrorPage(app, nullptr, req, res, date.error());
  auto since = SinceParam(req);
  if (!since) return ErrorPage(app, nullptr, req, res, since.error());
  auto c = app.editions.Compare(*date, *since);
  if (!c) return ErrorPage(app, nullptr, req, res, c.error());
  auto all = app.editions.Editions();
  if (!all) return RespondError(app, req, res, all.error());
  const std::string iso = date->ToIso();
  mst::data d;
  d.set("date", iso);
  d.set("path", EditionPath(c->after));
  d.set("heading", Message(lang, "edition_changes_title", {{"date", iso}}));
  d.set("lead", c->before ? Message(lang, "edition_changes_lead", {{"date", iso}, {"since", c->before->date.ToIso()}})
                          : Message(lang, "edition_changes_first", {{"date", iso}}));
  d.set("first", !c->before);
  d.set("counts", CountRows(*c, lang));
  d.set("added", EntryList(c->changes.added, lang));
  d.set("removed", EntryList(c->changes.removed, lang));
  d.set("changed", ChangedList(*c, lang));
  d.set("has_added", !c->changes.added.empty());
  d.set("has_removed", !c->changes.removed.empty());
  d.set("has_changed", !c->changes.changed.empty());
  d.set("added_heading", Message(lang, "edition_added", {{"count", std::to_string(c->changes.added.size())}}));
  d.set("removed_heading", Message(lang, "edition_removed", {{"count", std::to_string(c->changes.removed.size())}}));
  d.set("changed_heading", Message(lang, "edition_changed", {{"count", std::to_string(c->changes.changed.size())}}));
  mst::data options = SinceOptions(*all, *c);
  d.set("has_since_options", !options.is_empty_list());
  d.set("since_options", options);
  d.set("total", std::to_string(c->after.total));
  d.set("sha256", c->after.sha256);
  SendPage(app, req, res, lang, "edition_changes", d, Message(lang, "edition_changes_title", {{"date", iso}}),
           "services");
}

void HandleApiEditions(AppContext& app, const Request& req, Response& res) {
  auto all = app.editions.Editions();
  if (!all) return RespondError(app, req, res, all.error());
  ordered_json j;
  j["editions"] = ordered_json::array();
  for (const auto& e : *all) j["editions"].push_back(EditionJson(e));
  SetJson(res, 200, Dump(j));
}

void HandleApiEditionChanges(AppContext& app, const Request& req, Response& res) {
  auto date = EditionDate(req);
  if (!date) return RespondError(app, req, res, date.error());
  auto since = SinceParam(req);
  if (!since) return RespondError(app, req, res, since.error());
  auto c = app.editions.Compare(*date, *since);
  if (!c) return RespondError(app, req, res, c.error());
  SetJson(res, 200, Dump(ChangesJson(*c)));
}

}  // namespace proven::web
