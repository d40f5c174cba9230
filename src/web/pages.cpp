#include <algorithm>
#include <functional>
#include <set>

#include <spdlog/spdlog.h>
#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "web/alternates.hpp"
#include "web/app.hpp"
#include "search/highlight.hpp"
#include "web/charts.hpp"
#include "web/consultations/consultation_pages.hpp"
#include "web/http_errors.hpp"
#include "web/log/log.hpp"
#include "web/page_support.hpp"
#include "web/vocabulary.hpp"
#include "services/query_params.hpp"

namespace proven::web {

using services::EncodeQuery;
using services::ParseSearchParams;
using services::SearchParams;
using services::Values;

namespace mst = kainjow::mustache;

namespace {
constexpr std::string_view kLangCookie = "proven_lang";
}  // namespace

// ?lang= wins (and is remembered in a cookie); then the cookie; then Japanese.
Lang ResolveLang(const Request& req, Response& res) {
  if (req.has_param("lang")) {
    const std::string v = req.get_param_value("lang");
    if (v == "en" || v == "ja") {
      // Not a secret, so without Secure: the choice holds on plain HTTP too.
      SetCookie(res, kLangCookie, v, {.secure = false, .max_age = 31536000});
      return v == "en" ? Lang::kEn : Lang::kJa;
    }
  }
  return CookieValue(req, kLangCookie) == "en" ? Lang::kEn : Lang::kJa;
}

namespace {

mst::data LayoutData(AppContext& app, const Request& req, Lang lang, const std::string& title,
                     std::string_view nav, const Auth* auth) {
  mst::data d;
  d.set("lang", std::string(LangCode(lang)));
  d.set("t", Messages(lang));
  d.set("title", title);
  d.set("css_url", app.css_url);
  d.set("favicon_url", app.favicon_url);
  d.set("sample_data", app.sample_data);
  d.set("nav_home", nav == "home");
  d.set("nav_services", nav == "services");
  d.set("nav_stats", nav == "stats");
  d.set("nav_calls", nav == "calls");
  d.set("nav_fields", nav == "fields");
  d.set("nav_cases", nav == "cases");
  d.set("nav_products", nav == "products");
  d.set("nav_events", nav == "events");
  d.set("nav_needs", nav == "needs");
  const Lang other = lang == Lang::kJa ? Lang::kEn : Lang::kJa;
  auto params = ParamsWithout(req, {"lang"});
  params.emplace_back("lang", std::string(LangCode(other)));
  d.set("switch_url", UrlWith(req.path, params));
  d.set("switch_lang", std::string(LangCode(other)));
  d.set("switch_label", other == Lang::kEn ? std::string("English") : std::string("日本語"));
  if (auth && auth->actor) {
    mst::data me;
    me.set("email", auth->actor->email);
    me.set("csrf", auth->csrf);
    // The menu offers what the actor's role allows (the routes' actions, see server.cpp).
    me.set("is_admin", domain::AuthorizeRole(*auth->actor, domain::Action::kManageUsers).has_value());
    me.set("is_vendor", domain::AuthorizeRole(*auth->actor, domain::Action::kProposeChange).has_value());
    me.set("is_registrar", domain::AuthorizeRole(*auth->actor, domain::Action::kViewRegistrarPages).has_value());
    me.set("manages_calls", domain::AuthorizeRole(*auth->actor, domain::Action::kManageCalls).has_value());
    me.set("is_reviewer", domain::AuthorizeRole(*auth->actor, domain::Action::kReviewApplications).has_value());
    me.set("applies", domain::AuthorizeRole(*auth->actor, domain::Action::kApplyToCalls).has_value());
    me.set("manages_events", domain::AuthorizeRole(*auth->actor, domain::Action::kManageEvents).has_value());
    // The verification workspace (one link per role that has it; an account with several roles sees the first).
    const bool manages_verifications =
        domain::AuthorizeRole(*auth->actor, domain::Action::kManageVerifications).has_value();
    const bool verifies = domain::AuthorizeRole(*auth->actor, domain::Action::kVerifyProducts).has_value();
    me.set("manages_verifications", manages_verifications);
    me.set("is_verifier", verifies && !manages_verifications);
    me.set("approves_reports", domain::AuthorizeRole(*auth->actor, domain::Action::kApproveReports).has_value() &&
                                   !manages_verifications && !verifies);
    me.set("has_cases", domain::AuthorizeRole(*auth->actor, domain::Action::kViewCases).has_value());
    me.set("has_consultations", domain::AuthorizeRole(*auth->actor, domain::Action::kViewConsultations).has_value());
    me.set("keeps_portfolio", domain::AuthorizeRole(*auth->actor, domain::Action::kKeepPortfolio).has_value() &&
                                  auth->actor->Has(domain::Role::kUser));
    me.set("has_devices", domain::AuthorizeRole(*auth->actor, domain::Action::kViewDeviceProjects).has_value());
    d.set("me", me);
  }
  return d;
}

}  // namespace

void SendPage(AppContext& app, const Request& req, Response& res, Lang lang,
              const std::string& page, mst::data page_data, const std::string& title, std::string_view nav,
              int status, const Auth* auth) {
  // Public pages still show who is signed in.
  std::optional<Auth> resolved;
  if (auth == nullptr && !CookieValue(req, kSessionCookie).empty()) {
    resolved = ResolveAuth(app, req, res);
    auth = &*resolved;
  }
  page_data.set("t", Messages(lang));
  auto layout = LayoutData(app, req, lang, title, nav, auth);
  // The feeds the page concerns (web/alternates.hpp), as <link rel="alternate"> in the head.
  if (const auto* alternates = page_data.get("alternates")) layout.set("alternates", *alternates);
  // A page that follows something in progress reloads itself (no script): a WAF run's page.
  if (const auto* refresh = page_data.get("refresh_seconds")) layout.set("refresh_seconds", *refresh);
  auto html = app.templates.RenderPage(page, page_data, layout);
  if (!html) throw std::runtime_error(html.error().detail);
  res.status = status;
  res.set_header("Vary", "Cookie");
  // Pages for a signed-in user are never stored by browsers or proxies.
  if (auth && auth->actor) res.set_header("Cache-Control", "no-store");
  res.set_content(*html, "text/html; charset=utf-8");
}

namespace {

std::string JoinPlaces(const std::vector<std::string>& names, Lang lang) {
  std::vector<std::string> labels;
  for (const auto& n : names) labels.push_back(PlaceLabel(n, lang));
  return Join(labels, lang == Lang::kJa ? "、" : ", ");
}

int CountOf(const std::vector<search::FacetValue>& facet, std::string_view value) {
  for (const auto& f : facet) {
    if (f.value == value) return f.count;
  }
  return 0;
}

void StatusBadge(const domain::Service& s, Date as_of, Lang lang, mst::data& item) {
  const auto status = domain::StatusAsOf(s, as_of);
  const std::string code(domain::StatusCode(status));
  item.set("status", code);
  const std::string label = Message(lang, "badge_" + code);
  item.set("status_label", label);
  if (status != domain::ServiceStatus::kValid) item.set("status_badge", label);
  item.set("expired", status == domain::ServiceStatus::kExpired || status == domain::ServiceStatus::kRevoked ||
                          status == domain::ServiceStatus::kSuspended);
  if (!s.state_reason.empty()) item.set("state_reason", s.state_reason);
}

// Options for a facet of free-text values: every value with a count, plus selected values
// that currently have none (so that a user can always untick what they ticked).
// `label` names a value in the page's language (the value itself by default).
mst::data FacetOptions(const std::vector<search::FacetValue>& facet, const std::vector<std::string>& selected,
                       const std::function<std::string(const std::string&)>& label =
                           [](const std::string& v) { return v; }) {
  mst::data list{mst::data::type::list};
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

// Escaped text with the spans wrapped in <mark>: HTML built here, so templates print it raw.
std::string MarkedHtml(std::string_view text, const std::vector<search::Span>& spans, bool cut_before,
                       bool cut_after) {
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

}  // namespace

bool IsApiPath(const std::string& path) { return path.starts_with("/api/") || path == "/healthz"; }

void RespondError(AppContext& app, const Request& req, Response& res, const Error& e) {
  if (e.code == ErrorCode::kInternal) spdlog::error("{} {}: {} ({})", req.method, req.path, e.message, e.detail);
  if (IsApiPath(req.path)) return SetJsonError(res, e);
  if (const int retry = RetryAfterSecondsFor(e.code); retry > 0) res.set_header("Retry-After", std::to_string(retry));
  RenderErrorPage(app, req, res, HttpStatusFor(e.code));
}

void RenderErrorPage(AppContext& app, const Request& req, Response& res, int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  const bool not_found = status == 404;
  d.set("heading", Message(lang, not_found ? "not_found_title" : "error_title"));
  d.set("message", Message(lang, not_found        ? "not_found_text"
                                  : status == 503 ? "error.code.unavailable"
                                                  : "internal_error_text"));
  SendPage(app, req, res, lang, "error", d, Message(lang, not_found ? "not_found_title" : "error_title"), "",
           status);
}

void RenderForbidden(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("heading", Message(lang, "forbidden_title"));
  d.set("message", Message(lang, "forbidden_text"));
  SendPage(app, req, res, lang, "error", d, Message(lang, "forbidden_title"), "", 403, &auth);
}

void RenderCsrfError(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("heading", Message(lang, "csrf_title"));
  d.set("message", Message(lang, "csrf_text"));
  SendPage(app, req, res, lang, "error", d, Message(lang, "csrf_title"), "", 403);
}

void HandleHomePage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto stats = app.registry.Stats(app.today());
  mst::data d;
  d.set("total", std::to_string(stats.total));
  mst::data types{mst::data::type::list};
  for (auto t : domain::kServiceTypes) {
    mst::data o;
    o.set("code", std::string(domain::TypeCode(t)));
    o.set("label", TypeLabel(t, lang));
    o.set("count", std::to_string(CountOf(stats.overall.type, domain::TypeCode(t))));
    types.push_back(o);
  }
  d.set("types", types);
  d.set("alternates", FeedAlternates(lang, kServicesFeed, "feed_services_title"));
  d.set("feed_url", std::string(kServicesFeed));
  SendPage(app, req, res, lang, "home", d, Message(lang, "home_title"), "home");
}

namespace {

// The search form's choices, each with its facet count and whether the query has it.
mst::data TypeOptions(Lang lang, const search::ServiceQuery& q, const services::SearchPage& result) {
  mst::data type_options{mst::data::type::list};
  for (auto t : domain::kServiceTypes) {
    mst::data o;
    o.set("value", std::string(domain::TypeCode(t)));
    o.set("label", TypeLabel(t, lang));
    o.set("count", std::to_string(CountOf(result.facets.type, domain::TypeCode(t))));
    o.set("checked", std::find(q.types.begin(), q.types.end(), t) != q.types.end());
    type_options.push_back(o);
  }
  return type_options;
}

// The provider's prefecture: those with matches, and those the query selected.
mst::data PrefectureOptions(Lang lang, const search::ServiceQuery& q, const services::SearchPage& result) {
  mst::data pref_options{mst::data::type::list};
  for (const auto& p : domain::Prefectures()) {
    const int count = CountOf(result.facets.prefecture, p.name);
    const bool selected = std::find(q.prefectures.begin(), q.prefectures.end(), p.name) != q.prefectures.end();
    if (count == 0 && !selected) continue;
    mst::data o;
    o.set("value", std::string(p.name));
    o.set("label", PlaceLabel(p.name, lang));
    o.set("count", std::to_string(count));
    o.set("selected", selected);
    pref_options.push_back(o);
  }
  return pref_options;
}

mst::data StatusOptions(Lang lang, const search::ServiceQuery& q) {
  mst::data status_options{mst::data::type::list};
  for (auto [value, filter] : {std::pair{"valid", search::StatusFilter::kValid},
                               std::pair{"expired", search::StatusFilter::kExpired},
                               std::pair{"suspended", search::StatusFilter::kSuspended},
                               std::pair{"revoked", search::StatusFilter::kRevoked},
                               std::pair{"all", search::StatusFilter::kAll}}) {
    mst::data o;
    o.set("value", std::string(value));
    o.set("label", Message(lang, fmt::format("status_{}", value)));
    o.set("checked", q.status == filter);
    status_options.push_back(o);
  }
  return status_options;
}

mst::data SortOptions(Lang lang, const search::ServiceQuery& q) {
  mst::data sort_options{mst::data::type::list};
  for (auto [value, key] : {std::pair{"relevance", search::SortKey::kRelevance},
                            std::pair{"name", search::SortKey::kName},
                            std::pair{"registered_on", search::SortKey::kRegisteredOn},
                            std::pair{"expires_on", search::SortKey::kExpiresOn}}) {
    mst::data o;
    o.set("value", std::string(value));
    o.set("label", Message(lang, fmt::format("sort_{}", value)));
    o.set("selected", q.sort == key);
    sort_options.push_back(o);
  }
  return sort_options;
}

// One search result as the list shows it: matches marked in the name and the overview's snippet.
mst::data SearchItem(Lang lang, const search::ServiceQuery& q, const std::vector<std::string>& terms,
                     const domain::Service& service) {
  const auto* s = &service;
  mst::data item;
  item.set("id", std::to_string(s->id));
  item.set("name", s->name);
  item.set("provider", s->provider);
  item.set("provider_url", UrlWith("/providers", {{"name", s->provider}}));
  item.set("prefecture_label", PlaceLabel(s->prefecture, lang));
  item.set("type_label", TypeLabel(s->type, lang));
  item.set("name_html", MarkedHtml(s->name, search::MatchSpans(s->name, terms), false, false));
  const auto snippet = search::MakeSnippet(s->overview, search::MatchSpans(s->overview, terms), 120);
  item.set("snippet_html", MarkedHtml(snippet.text, snippet.spans, snippet.cut_before, snippet.cut_after));
  item.set("regions_label", s->regions.empty() ? Message(lang, "none") : JoinPlaces(s->regions, lang));
  item.set("registered_on", s->registered_on.ToIso());
  item.set("expires_on", s->expires_on.ToIso());
  // Not "registration_number": the form's value of that name is in the enclosing context.
  if (!s->registration_number.empty()) item.set("item_registration_number", s->registration_number);
  StatusBadge(*s, q.as_of, lang, item);
  item.set("compare_label", Message(lang, "svc_compare_pick", {{"name", s->name}}));
  return item;
}

// The conditions of the search in force, each a chip with a link that removes it alone (the
// page's other parameters kept), in the form's order. Parameters a chip cannot name are left out
// (the "clear all" link removes them too).
mst::data FilterChips(const Request& req, Lang lang) {
  static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
      {"q", "keyword"},       {"type", "type"},         {"region", "region"},
      {"prefecture", "provider_prefecture"}, {"industry", "industry"}, {"registrar", "registrar"},
      {"registration_number", "registration_number_label"}, {"status", "validity"}, {"as_of", "valid_on"}};
  const auto params = ParamsWithout(req, {"page", "lang", "per_page", "sort"});
  mst::data chips{mst::data::type::list};
  // In the form's order: keyword, type, region, … (the URL's is alphabetical).
  for (const auto& [key, field] : kFields) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& value = params[i].second;
      if (params[i].first != key || value.empty()) continue;
      std::string shown = value;
      if (key == "type") {
        if (auto t = domain::TypeFromCode(value)) shown = TypeLabel(*t, lang);
      } else if (key == "region" || key == "prefecture") {
        shown = PlaceLabel(value, lang);
      } else if (key == "industry") {
        shown = IndustryLabel(value, lang);
      } else if (key == "status") {
        const std::string status_key = "status_" + value;
        if (HasMessage(status_key)) shown = Message(lang, status_key);
      }
      const std::string label = Message(lang, "chip_label", {{"field", Message(lang, field)}, {"value", shown}});
      auto rest = params;
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
      mst::data chip;
      chip.set("label", label);
      chip.set("remove_url", UrlWith("/services", rest));
      chip.set("remove_label", Message(lang, "chip_remove", {{"label", label}}));
      chips.push_back(chip);
    }
  }
  return chips;
}

// The search form's controls (each choice with its count), the chips of the conditions in force
// and the services' feed.
void SetSearchForm(const Request& req, Lang lang, const search::ServiceQuery& q, const services::SearchPage& result,
                   mst::data& d) {
  d.set("q", q.text);
  d.set("type_options", TypeOptions(lang, q, result));
  d.set("region_groups", RegionOptionGroups(lang, Values(req.params, "region")));
  d.set("prefecture_options", PrefectureOptions(lang, q, result));
  // Industries in the page's language (the stored Japanese names stay the values).
  d.set("industry_options", FacetOptions(result.facets.industry, q.industries,
                                         [lang](const std::string& v) { return IndustryLabel(v, lang); }));
  d.set("registrar_options", FacetOptions(result.facets.registrar, q.registrars));
  d.set("status_options", StatusOptions(lang, q));
  d.set("sort_options", SortOptions(lang, q));
  // "Valid on" (the API's as_of): empty means today.
  const auto as_of_values = Values(req.params, "as_of");
  d.set("as_of", as_of_values.empty() ? std::string() : as_of_values.front());
  // The exact registration number (search by the number a registration body gave).
  const auto number_values = Values(req.params, "registration_number");
  d.set("registration_number", number_values.empty() ? std::string() : number_values.front());
  d.set("registration_number_max", std::to_string(domain::kRegistrationNumberLimit.max_chars));
  const mst::data chips = FilterChips(req, lang);
  d.set("has_chips", !chips.is_empty_list());
  d.set("chips", chips);
  d.set("chip_count", std::to_string(chips.list_value().size()));
  d.set("alternates", FeedAlternates(lang, kServicesFeed, "feed_services_title"));
  d.set("feed_url", std::string(kServicesFeed));
}

}  // namespace

void HandleSearchPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  int status = 200;
  auto parsed = ParseSearchParams(req.params, app.today());
  SearchParams params;
  if (!parsed) {
    status = HttpStatusFor(parsed.error().code);
    // The page speaks the user's language: the parameter by its label ("field.param.<name>").
    d.set("error", fmt::format("{}{} ({})", Message(lang, "bad_request_prefix"), ErrorText(lang, parsed.error(), "param"),
                               Message(lang, "bad_request_hint")));
    // Show the form with no conditions but what the user typed.
    params.query.as_of = app.today();
    params.query.text = Join(Values(req.params, "q"), " ");
    params.query.limit = 0;
  } else {
    params = *parsed;
  }
  const auto& q = params.query;
  auto searched = app.registry.Search(parsed ? q : [&] {
    auto none = q;
    none.limit = 1;
    none.offset = 0;
    return none;
  }());
  if (!searched) return RespondError(app, req, res, searched.error());
  const services::SearchPage& result = *searched;
  const bool show_items = parsed.has_value();

  SetSearchForm(req, lang, q, result, d);

  const std::size_t total = show_items ? result.total : 0;
  d.set("total", std::to_string(total));
  d.set("has_total", total > 0);
  mst::data items{mst::data::type::list};
  const auto terms = search::QueryTerms(q.text);
  if (show_items) {
    for (const auto& service : result.items) items.push_back(SearchItem(lang, q, terms, service));
  }
  d.set("items", items);
  d.set("has_items", show_items && !result.items.empty());
  d.set("first_index", std::to_string(q.offset + 1));
  const bool out_of_range = show_items && result.items.empty() && result.total > 0;
  d.set("out_of_range", out_of_range);
  if (out_of_range) d.set("first_page_url", UrlWith("/services", ParamsWithout(req, {"page", "lang"})));
  std::string export_query = EncodeQuery(ParamsWithout(req, {"page", "per_page", "lang", "format"}));
  if (!export_query.empty()) export_query += "&";
  d.set("export_query", export_query);
  if (show_items) d.set("pagination", Pagination(req, "/services", result.total, params.page, params.per_page));

  SendPage(app, req, res, lang, "services", d, Message(lang, "search_title"), "services", status);
}

namespace {

mst::data HistoryList(AppContext& app, Lang lang, std::int64_t id) {
  mst::data history{mst::data::type::list};
  if (auto events = app.registrar.History(id)) {
    for (const auto& e : *events) {
      mst::data ev;
      ev.set("at", e.at.substr(0, 10));
      ev.set("kind", Message(lang, "event_" + e.kind));
      ev.set("by", ActorText(lang, e.actor));  // a body's name, or the operator's label
      history.push_back(ev);
    }
  }
  return history;
}

// The fields a vendor supplied (through an approved proposal) and who vetted them.
mst::data ProvenanceList(Lang lang, const domain::Service& s) {
  mst::data provenance{mst::data::type::list};
  for (const auto& [field, p] : s.provenance) {
    if (p.supplied_by != "vendor") continue;
    mst::data pv;
    pv.set("field", FieldLabel(lang, field));  // every ServiceField has a label (i18n_test)
    pv.set("vendor", p.vendor);
    pv.set("vetted_by", p.vetted_by);
    provenance.push_back(pv);
  }
  return provenance;
}

}  // namespace

void HandleServicePage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const std::int64_t id = PathId(req);
  auto found = app.registry.GetService(id);
  if (!found) return RespondError(app, req, res, found.error());
  const domain::Service* s = *found ? &**found : nullptr;
  if (s == nullptr) {
    mst::data d;
    d.set("heading", Message(lang, "not_found_title"));
    d.set("message", Message(lang, "service_not_found_text"));
    SendPage(app, req, res, lang, "error", d, Message(lang, "not_found_title"), "services", 404);
    return;
  }
  mst::data d;
  d.set("id", std::to_string(s->id));
  d.set("name", s->name);
  d.set("provider", s->provider);
  d.set("provider_url", UrlWith("/providers", {{"name", s->provider}}));
  d.set("address", s->address);
  d.set("prefecture_label", PlaceLabel(s->prefecture, lang));
  d.set("type_label", TypeLabel(s->type, lang));
  mst::data paragraphs{mst::data::type::list};
  for (const auto& p : SplitList(s->overview, {"\r\n", "\n", "\r"})) paragraphs.push_back(p);
  d.set("overview_paragraphs", paragraphs);
  mst::data industries{mst::data::type::list};
  for (const auto& i : s->industries) industries.push_back(IndustryLabel(i, lang));
  d.set("industries", industries);
  mst::data regions{mst::data::type::list};
  for (const auto& r : s->regions) regions.push_back(PlaceLabel(r, lang));
  d.set("regions", regions);
  d.set("registered_on", s->registered_on.ToIso());
  d.set("expires_on", s->expires_on.ToIso());
  d.set("registrar", s->registrar);
  d.set("registrar_url", UrlWith("/registration-bodies", {{"name", s->registrar}}));
  // Only http(s) addresses are ever stored (validated on import); checked again before linking.
  if (domain::IsHttpUrl(s->url)) d.set("url", s->url);
  if (!s->registration_number.empty()) d.set("registration_number", s->registration_number);
  StatusBadge(*s, app.today(), lang, d);
  // A consultation with the provider, when it has an account to answer (web/consultations/).
  if (auto link = ConsultationLink(app, domain::ConsultationKind::kService, s->id); !link.empty()) d.set("consult_url", link);
  // The public history, and which fields the provider supplied and the registration body vetted.
  d.set("history", HistoryList(app, lang, s->id));
  const mst::data provenance = ProvenanceList(lang, *s);
  d.set("has_provenance", !provenance.is_empty_list());
  d.set("provenance", provenance);
  // Its newest entry in the public log, with the proof's link, a QR code and the bundle (web/log/).
  SetLogEntryBlock(app, lang, "service", s->id, d);
  d.set("alternates", FeedAlternates(lang, kServicesFeed, "feed_services_title"));
  SendPage(app, req, res, lang, "service", d, s->name, "services");
}

void HandleStatsPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto stats = app.registry.Stats(app.today());
  mst::data d = WithServicesFeed(lang);
  d.set("as_of", stats.as_of.ToIso());
  d.set("total", std::to_string(stats.total));
  const std::string chart_suffix = Message(lang, "chart_label_suffix");

  std::vector<Bar> type_bars;
  mst::data type_rows{mst::data::type::list};
  for (auto t : domain::kServiceTypes) {
    const int n = CountOf(stats.overall.type, domain::TypeCode(t));
    type_bars.push_back({TypeLabel(t, lang), n});
    mst::data r;
    r.set("label", TypeLabel(t, lang));
    r.set("count", std::to_string(n));
    type_rows.push_back(r);
  }
  d.set("type_chart", ResponsiveBarChart(type_bars, Message(lang, "by_type") + chart_suffix));
  d.set("type_rows", type_rows);

  auto pref_rows = [&](const std::vector<search::FacetValue>& facet, std::vector<Bar>& bars) {
    mst::data rows{mst::data::type::list};
    for (const auto& f : facet) {
      bars.push_back({PlaceLabel(f.value, lang), f.count});
      mst::data r;
      r.set("label", PlaceLabel(f.value, lang));
      r.set("count", std::to_string(f.count));
      rows.push_back(r);
    }
    return rows;
  };
  std::vector<Bar> pref_bars;
  d.set("prefecture_rows", pref_rows(stats.overall.prefecture, pref_bars));
  d.set("prefecture_chart", ResponsiveBarChart(pref_bars, Message(lang, "by_prefecture") + chart_suffix));

  mst::data per_type{mst::data::type::list};
  for (const auto& pt : stats.per_type) {
    mst::data o;
    o.set("code", std::string(domain::TypeCode(pt.type)));
    o.set("label", TypeLabel(pt.type, lang));
    o.set("total", std::to_string(pt.total));
    std::vector<Bar> bars;
    o.set("rows", pref_rows(pt.prefectures, bars));
    // The list's published style: 脆弱性診断: 東京75、神奈川7, …
    std::vector<std::string> parts;
    for (const auto& f : pt.prefectures) {
      std::string place = PlaceLabel(f.value, lang);
      if (lang == Lang::kJa) {
        if (auto p = domain::FindPrefecture(f.value)) place = std::string(domain::Prefectures()[static_cast<std::size_t>(*p)].short_name);
      }
      parts.push_back(lang == Lang::kJa ? fmt::format("{}{}", place, f.count) : fmt::format("{} {}", place, f.count));
    }
    o.set("breakdown", parts.empty() ? Message(lang, "none") : Join(parts, lang == Lang::kJa ? "、" : ", "));
    o.set("chart", ResponsiveBarChart(bars, TypeLabel(pt.type, lang) + chart_suffix));
    per_type.push_back(o);
  }
  d.set("per_type", per_type);
  SendPage(app, req, res, lang, "stats", d, Message(lang, "stats_title"), "stats");
}

}  // namespace proven::web
