// The admin's audit page (filters, paging, readable actors and targets, a before/after diff) and
// its CSV export with the same filters.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "services/registry_service.hpp"
#include "web/admin_pages.hpp"
#include "web/app.hpp"
#include "web/http_errors.hpp"
#include "web/http_parse.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr int kPerPage = 50;
constexpr std::size_t kCsvMaxRows = 100000;

// A parameter trimmed and cut to `max` bytes at a character boundary.
std::string Param(const Request& req, std::string_view key, std::size_t max) {
  std::string v(Trim(req.get_param_value(key)));
  if (v.size() <= max) return v;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return v.substr(0, cut);
}

// The filter the request asks for; a date that is not YYYY-MM-DD is an error naming its field.
// JST dates become UTC bounds: from 00:00 JST of `from` to 00:00 JST of the day after `until`.
Result<store::AuditFilter> FilterOf(const Request& req) {
  store::AuditFilter f;
  f.actor = Param(req, "actor", 200);
  f.action = Param(req, "action", 100);
  f.entity = Param(req, "entity", 200);
  std::vector<Problem> problems;
  for (auto [field, out, shift] : {std::tuple{"from", &f.from, 0}, std::tuple{"until", &f.until, 1}}) {
    const std::string v(Trim(req.get_param_value(field)));
    if (v.empty()) continue;
    auto d = ParseIsoDate(v);
    if (!d) {
      problems.push_back({field, "not a date", {"error.audit.date", {}}});
      continue;
    }
    // 00:00 in Tokyo is 15:00 UTC the day before.
    *out = d->AddDays(shift - 1).ToIso() + "T15:00:00Z";
  }
  if (!problems.empty()) {
    Error e = MakeError(problems.front().reason, ErrorCode::kInvalidArgument, problems.front().message);
    e.field = problems.front().field;
    if (problems.size() > 1) e.problems = problems;
    return Fail(std::move(e));
  }
  return f;
}

// Where an entity's page is, when it has one the admin can open.
std::string EntityUrl(std::string_view kind, std::string_view id) {
  const std::string i(id);
  if (kind == "service") return "/services/" + i;
  if (kind == "user") return "/admin/users/" + i;
  if (kind == "organisation") return "/admin/organisations";
  if (kind == "call") return "/admin/calls/" + i + "/edit";
  if (kind == "event") return "/admin/events/" + i;
  if (kind == "mail") return "/admin/mail/" + i;
  if (kind == "case") return "/workspace/cases/" + i;
  if (kind == "verification") return "/verifications/" + i;
  if (kind == "consultation") return "/consultations/" + i;
  if (kind == "product") return "/products/" + i;
  return {};
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "service:12" → 「サービス #12」 linked to its page; a kind alone → its label; an unknown kind as stored.
void SetEntity(mst::data& row, Lang lang, const std::string& entity) {
  const auto colon = entity.find(':');
  const std::string kind = entity.substr(0, colon);
  const std::string label = CodeLabel(lang, "entity", kind);
  if (colon == std::string::npos) {
    row.set("entity_text", label);
    return;
  }
  const std::string id = entity.substr(colon + 1);
  row.set("entity_text", label + (AllDigits(id) ? " #" : " ") + id);
  if (AllDigits(id)) {
    if (const std::string url = EntityUrl(kind, id); !url.empty()) row.set("entity_url", url);
  }
}

// "user:3 a@example.jp" → the address, linked to the user's page; cli/system/import/anonymous →
// their labels; anything else as stored.
void SetActor(mst::data& row, Lang lang, const std::string& actor) {
  if (actor.starts_with("user:")) {
    const auto space = actor.find(' ');
    const std::string id = actor.substr(5, space == std::string::npos ? std::string::npos : space - 5);
    if (AllDigits(id)) {
      row.set("actor_text", space == std::string::npos ? actor : actor.substr(space + 1));
      row.set("actor_url", "/admin/users/" + id);
      return;
    }
  }
  row.set("actor_text", CodeLabel(lang, "actor", actor));
}

std::string ValueText(const nlohmann::json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& x : v) parts.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    return Join(parts, ", ");
  }
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}


// The keys whose value changed between before and after (all keys of the one present), each
// with its label and old → new.
mst::data Diff(Lang lang, const std::string& before, const std::string& after, std::size_t& changed) {
  mst::data rows{mst::data::type::list};
  const auto b = before.empty() ? nlohmann::json::object() : nlohmann::json::parse(before, nullptr, false);
  const auto a = after.empty() ? nlohmann::json::object() : nlohmann::json::parse(after, nullptr, false);
  if (!b.is_object() || !a.is_object()) return rows;
  std::vector<std::string> keys;
  for (auto it = b.begin(); it != b.end(); ++it) keys.push_back(it.key());
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!b.contains(it.key())) keys.push_back(it.key());
  }
  for (const auto& k : keys) {
    const bool in_b = b.contains(k), in_a = a.contains(k);
    if (in_b && in_a && b[k] == a[k]) continue;
    mst::data r;
    // A field the catalogue names is shown by its label; any other stays the stored key, shown as
    // code (data, not text of the page).
    const std::string label = FieldLabel(lang, k, "audit");
    r.set("field", label.empty() ? k : label);
    r.set("field_is_code", label.empty());
    if (in_b) r.set("old", ValueText(b[k]));
    if (in_a) r.set("new", ValueText(a[k]));
    rows.push_back(r);
    ++changed;
  }
  return rows;
}

mst::data ActionOptions(Lang lang, const std::string& selected) {
  mst::data list{mst::data::type::list};
  for (const auto& e : domain::kAuditActionCodes) {
    mst::data o;
    o.set("value", std::string(e.code));
    o.set("label", CodeLabel(lang, "audit", e.code));
    o.set("selected", selected == e.code);
    list.push_back(o);
  }
  return list;
}

int PageOf(const Request& req) {
  const std::string p = req.get_param_value("page");
  if (!AllDigits(p) || p.size() > 6) return 1;
  return std::max(1, std::stoi(p));
}

// The chain check's result as the page's status line.
void SetChainStatus(mst::data& d, Lang lang, const store::AuditVerification& check) {
  d.set("intact", check.problems.empty());
  std::string status_text =
      check.problems.empty()
          ? Message(lang, "audit_intact") + " " +
                Message(lang, "audit_verified_upto",
                        {{"seq", std::to_string(check.head_seq)}, {"count", std::to_string(check.entries)}})
          : Message(lang, "audit_broken");
  std::vector<std::string> problems;
  for (const auto& p : check.problems) problems.push_back(Message(lang, p.reason.key, p.reason.args));
  status_text += Join(problems, " ");
  d.set("status", status_text);
}

}  // namespace

void HandleAdminAuditPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  auto filter = FilterOf(req);
  int status = 200;
  store::AuditFilter f;
  if (filter) {
    f = *filter;
  } else {
    // The page still shows, unfiltered by the date it could not read, with the problem by its field.
    const FormErrors errors = FormErrorsOf(lang, filter.error(), "audit");
    d.set("error", errors.summary);
    for (const auto& [field, texts] : errors.by_field) d.set("error_" + field, Join(texts, " "));
    f.actor = Param(req, "actor", 200);
    f.action = Param(req, "action", 100);
    f.entity = Param(req, "entity", 200);
    status = 400;
  }
  const int page = PageOf(req);
  auto entries = app.accounts.AuditFiltered(*auth.actor, f, static_cast<std::size_t>(page - 1) * kPerPage, kPerPage);
  if (!entries) return ErrorPage(app, &auth, req, res, entries.error());
  auto check = app.accounts.VerifyAuditCached(*auth.actor, req.get_param_value("verify") == "full");
  if (!check) return ErrorPage(app, &auth, req, res, check.error());
  SetChainStatus(d, lang, *check);
  d.set("verify_url", UrlWith("/admin/audit", [&] {
          auto p = ParamsWithout(req, {"verify", "page"});
          p.emplace_back("verify", "full");
          return p;
        }()));
  mst::data rows{mst::data::type::list};
  for (const auto& e : entries->entries) {
    mst::data row;
    row.set("seq", std::to_string(e.seq));
    row.set("at", e.at);
    row.set("at_text", JstText(e.at));
    SetActor(row, lang, e.actor);
    row.set("action", CodeLabel(lang, "audit", e.action));
    row.set("action_code", e.action);
    SetEntity(row, lang, e.entity);
    std::size_t changed = 0;
    row.set("diff", Diff(lang, e.before, e.after, changed));
    row.set("has_diff", changed > 0);
    row.set("has_raw", !e.before.empty() || !e.after.empty());
    row.set("before", e.before);
    row.set("after", e.after);
    rows.push_back(row);
  }
  d.set("entries", rows);
  d.set("none", entries->entries.empty());
  d.set("count", Message(lang, "audit_count", {{"count", std::to_string(entries->total)}}));
  d.set("pagination", Pagination(req, "/admin/audit", static_cast<std::size_t>(entries->total), page, kPerPage));
  d.set("actor", f.actor);
  d.set("entity", f.entity);
  d.set("from", Param(req, "from", 10));
  d.set("until", Param(req, "until", 10));
  d.set("action_options", ActionOptions(lang, f.action));
  d.set("csv_url", UrlWith("/admin/audit.csv", ParamsWithout(req, {"page", "verify"})));
  SendPage(app, req, res, lang, "admin_audit", d, Message(lang, "audit_log"), "", status, &auth);
}

// The same filter as CSV for a spreadsheet: UTF-8 with a BOM, CRLF, every cell that a spreadsheet
// would run as a formula neutralised.
void HandleAdminAuditCsv(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto filter = FilterOf(req);
  if (!filter) return ErrorPage(app, &auth, req, res, filter.error(), "audit");
  auto entries = app.accounts.AuditFiltered(*auth.actor, *filter, 0, kCsvMaxRows);
  if (!entries) return ErrorPage(app, &auth, req, res, entries.error());
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (std::string_view k : {"seq", "at_jst", "at_utc", "actor", "action", "action_label", "entity", "before", "after",
                             "hash"}) {
    header.push_back(Message(lang, fmt::format("audit_csv_{}", k)));
  }
  AppendCsvRecord(out, header);
  const auto cell = [](const std::string& s) { return services::NeutraliseCsvCell(s); };
  for (const auto& e : entries->entries) {
    AppendCsvRecord(out, {std::to_string(e.seq), JstText(e.at), e.at, cell(e.actor), cell(e.action),
                          cell(CodeLabel(lang, "audit", e.action)), cell(e.entity), cell(e.before), cell(e.after),
                          e.hash});
  }
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"proven-audit.csv\"");
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(out), "text/csv; charset=utf-8");
}

}  // namespace proven::web
