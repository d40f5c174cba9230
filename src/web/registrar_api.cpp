// The registrar workflow over the API (Bearer token, or session + CSRF): register, change,
// renew, suspend, resume, revoke; vendors' proposals and their decisions; public history and
// the Atom feed.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/json_writer.hpp"
#include "core/text.hpp"
#include "domain/codes.hpp"
#include "domain/service_fields.hpp"
#include "services/query_params.hpp"
#include "web/app.hpp"
#include "web/charts.hpp"
#include "web/http_errors.hpp"
#include "web/json_body.hpp"
#include "web/service_json.hpp"

namespace proven::web {

namespace {

using nlohmann::json;

std::string BodyString(const Request& req, const std::string& key) {
  if (req.get_header_value("Content-Type").starts_with("application/json")) {
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
    return {};
  }
  return FormValue(req, key);
}

void SendService(AppContext& app, Response& res, std::int64_t id, int status) {
  auto s = app.registry.GetService(id);
  if (!s) return SetJsonError(res, s.error());
  if (!*s) return SetJsonError(res, MakeError(ErrorCode::kNotFound, fmt::format("no service with id {}", id)));
  std::string body;
  JsonWriter w(body);
  WriteServiceJson(w, **s, app.today());
  SetJson(res, status, body);
}

void EventsJson(JsonWriter& w, const std::vector<store::ServiceEvent>& events) {
  w.BeginArray();
  for (const auto& e : events) {
    w.BeginObject();
    w.Key("id").Int(e.id);
    w.Key("service_id").Int(e.service_id);
    w.Key("at").String(e.at);
    w.Key("kind").String(e.kind);
    w.Key("by").String(e.actor);
    w.Key("detail").String(e.detail);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void HandleApiRegister(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto cells = CellsFromJson(req.body);
  if (!cells) return SetJsonError(res, cells.error());
  auto id = app.registrar.Register(*auth.actor, *cells);
  if (!id) return SetJsonError(res, id.error());
  res.set_header("Location", fmt::format("/api/v1/services/{}", *id));
  SendService(app, res, *id, 201);
}

void HandleApiChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto cells = CellsFromJson(req.body);
  if (!cells) return SetJsonError(res, cells.error());
  auto changed = app.registrar.Change(*auth.actor, PathId(req), *cells);
  if (!changed) return SetJsonError(res, changed.error());
  SendService(app, res, PathId(req), 200);
}

void HandleApiRenew(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto date = ParseIsoDate(BodyString(req, "expires_on"));
  if (!date) {
    Error e = std::move(date.error());
    e.message = "expires_on: " + e.message;
    e.field = "expires_on";
    return SetJsonError(res, e);
  }
  if (auto st = app.registrar.Renew(*auth.actor, PathId(req), *date, BodyString(req, "reason")); !st) {
    return SetJsonError(res, st.error());
  }
  SendService(app, res, PathId(req), 200);
}

void HandleApiSuspend(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.registrar.Suspend(*auth.actor, PathId(req), BodyString(req, "reason"), app.today()); !st) {
    return SetJsonError(res, st.error());
  }
  SendService(app, res, PathId(req), 200);
}

void HandleApiResume(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.registrar.Resume(*auth.actor, PathId(req), BodyString(req, "reason")); !st) return SetJsonError(res, st.error());
  SendService(app, res, PathId(req), 200);
}

void HandleApiRevoke(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.registrar.Revoke(*auth.actor, PathId(req), BodyString(req, "reason")); !st) return SetJsonError(res, st.error());
  SendService(app, res, PathId(req), 200);
}

void HandleApiPropose(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto cells = CellsFromJson(req.body);
  if (!cells) return SetJsonError(res, cells.error());
  auto id = app.registrar.Propose(*auth.actor, PathId(req), *cells);
  if (!id) return SetJsonError(res, id.error());
  SetJson(res, 201, fmt::format(R"({{"id":{},"status":"{}"}})", *id,
                                domain::ProposalStatusCode(domain::ProposalStatus::kPending)));
}

namespace {

void WriteProposal(JsonWriter& w, const store::ChangeProposal& p) {
  w.BeginObject();
  w.Key("id").Int(p.id);
  w.Key("service_id").Int(p.service_id);
  w.Key("service_name").String(p.service_name);
  w.Key("vendor").String(p.vendor);
  w.Key("status").String(p.status);
  w.Key("created_at").String(p.created_at);
  w.Key("fields").BeginObject();
  for (const auto& [k, v] : p.fields) w.Key(k).String(v);
  w.EndObject();
  if (!p.truncated.empty()) {
    w.Key("truncated").BeginArray();
    for (const auto& k : p.truncated) w.String(k);
    w.EndArray();
  }
  if (!p.reason.empty()) w.Key("reason").String(p.reason);
  w.EndObject();
}

}  // namespace

void HandleApiProposals(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return SetJsonError(res, paging.error());
  auto list = app.registrar.ListProposals(*auth.actor, paging->offset(), static_cast<std::size_t>(paging->per_page));
  if (!list) return SetJsonError(res, list.error());
  std::string body;
  JsonWriter w(body);
  w.BeginObject();
  w.Key("total").Int(static_cast<std::int64_t>(list->total));
  w.Key("page").Int(paging->page);
  w.Key("per_page").Int(paging->per_page);
  w.Key("items").BeginArray();
  for (const auto& p : list->items) WriteProposal(w, p);
  w.EndArray();
  w.EndObject();
  SetJson(res, 200, body);
}

void HandleApiProposal(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto p = app.registrar.GetProposal(*auth.actor, PathId(req));
  if (!p) return SetJsonError(res, p.error());
  std::string body;
  JsonWriter w(body);
  WriteProposal(w, *p);
  SetJson(res, 200, body);
}

void HandleApiDecide(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const bool approve = PathParam(req, 2) == "approve";
  if (auto st = app.registrar.Decide(*auth.actor, PathId(req), approve, BodyString(req, "reason")); !st) {
    return SetJsonError(res, st.error());
  }
  const auto status = approve ? domain::ProposalStatus::kApproved : domain::ProposalStatus::kRejected;
  SetJson(res, 200, fmt::format(R"({{"id":{},"status":"{}"}})", PathId(req), domain::ProposalStatusCode(status)));
}

void HandleApiHistory(AppContext& app, const Request& req, Response& res) {
  auto events = app.registrar.History(PathId(req));
  if (!events) return SetJsonError(res, events.error());
  std::string body;
  JsonWriter w(body);
  EventsJson(w, *events);
  SetJson(res, 200, body);
}

void HandleAtomFeed(AppContext& app, const Request& req, Response& res) {
  auto events = app.registrar.RecentEvents(100);
  if (!events) return RespondError(app, req, res, events.error());
  // Never the request's Host header: links in a feed must not be steerable by a client.
  const std::string& base = app.public_url;
  (void)req;
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n";
  // The feed is Japanese (xml:lang="ja"); its texts and event labels come from the catalogue.
  x += fmt::format("  <title>{}</title>\n", EscapeXml(Message(Lang::kJa, "feed_title")));
  x += "  <id>urn:proven:feeds:services</id>\n";
  x += fmt::format("  <link rel=\"self\" href=\"{}/feeds/services.atom\"/>\n", EscapeXml(base));
  x += fmt::format("  <updated>{}</updated>\n", events->empty() ? std::string("1970-01-01T00:00:00Z") : events->front().at);
  for (const auto& e : *events) {
    const std::string label = HasMessage("event_" + e.kind) ? Message(Lang::kJa, "event_" + e.kind) : e.kind;
    x += "  <entry>\n";
    x += fmt::format("    <id>urn:proven:service-event:{}</id>\n", e.id);
    x += fmt::format("    <title>{}: {}（{}）</title>\n", EscapeXml(label), EscapeXml(e.service_name), EscapeXml(e.provider));
    x += fmt::format("    <link href=\"{}/services/{}\"/>\n", EscapeXml(base), e.service_id);
    x += fmt::format("    <updated>{}</updated>\n", EscapeXml(e.at));
    x += fmt::format("    <author><name>{}</name></author>\n", EscapeXml(ActorText(Lang::kJa, e.actor)));
    x += fmt::format("    <category term=\"{}\"/>\n", EscapeXml(e.kind));
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

}  // namespace proven::web
