// POST /api/v1/match, the saved needs' API and the per-need Atom feed (docs/api.md, "Matching and
// saved needs").
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "services/matching/needs_service.hpp"
#include "domain/programme/deployment_case.hpp"
#include "web/charts.hpp"
#include "web/i18n.hpp"
#include "web/matching/matching.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string FieldName(const std::vector<domain::Field>& fields, Lang lang, std::int64_t id) {
  for (const auto& f : fields) {
    if (f.id == id) return lang == Lang::kEn && !f.name_en.empty() ? f.name_en : f.name_ja;
  }
  return std::to_string(id);
}

std::string JoinLabels(AppContext& app, Lang lang, const std::vector<std::string>& values) {
  std::vector<std::string> labels;
  labels.reserve(values.size());
  for (const auto& v : values) labels.push_back(MatchValueLabel(app, lang, v));
  return Join(labels, lang == Lang::kJa ? "、" : ", ");
}

ordered_json ConditionJson(AppContext& app, Lang lang, const domain::Condition& c, domain::Candidate::Kind kind,
                           const domain::Needs& needs) {
  return ordered_json{{"code", c.code},
                      {"hard", c.hard},
                      {"applies", c.applies},
                      {"met", c.met},
                      {"points", c.points},
                      {"matched", c.matched},
                      {"missing", c.missing},
                      {"explanation", ConditionExplanation(app, lang, c, kind, needs)}};
}

ordered_json MatchJson(AppContext& app, Lang lang, const services::MatchResult& r, const domain::Needs& needs) {
  ordered_json conditions = ordered_json::array();
  for (const auto& c : r.match.conditions) conditions.push_back(ConditionJson(app, lang, c, r.match.kind, needs));
  return ordered_json{{"kind", std::string(domain::CandidateKindCode(r.match.kind))},
                      {"id", r.match.id},
                      {"name", r.match.name},
                      {"organisation", r.organisation},
                      {"url", app.public_url + CandidatePath(r.match.kind, r.match.id)},
                      {"consultation_url", ConsultationPath(r.match.kind, r.match.id)},
                      {"score", r.match.score},
                      {"conditions", conditions}};
}

// The body's needs; page and per_page as query parameters only (like the search).
Result<domain::Needs> BodyNeeds(const Request& req) {
  const json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return services::NeedsFromJson(j);
}

ordered_json SavedNeedJson(AppContext& app, const services::SavedNeed& n) {
  const std::string query = services::NeedsQueryString(n.needs);
  return ordered_json{{"id", n.id},
                      {"needs", services::NeedsToJson(n.needs)},
                      {"lang", n.lang},
                      {"mail", n.mail},
                      {"created_at", n.created_at},
                      {"checked_at", n.checked_at.empty() ? ordered_json(nullptr) : ordered_json(n.checked_at)},
                      {"feed_url", app.needs.FeedUrl(n)},
                      {"matches_url", fmt::format("{}/needs{}{}", app.public_url, query.empty() ? "" : "?", query)}};
}

}  // namespace

std::string CandidatePath(domain::Candidate::Kind kind, std::int64_t id) {
  return fmt::format("/{}s/{}", domain::CandidateKindCode(kind), id);
}

std::string ConsultationPath(domain::Candidate::Kind kind, std::int64_t id) {
  return fmt::format("/consultations/new?kind={}&id={}", domain::CandidateKindCode(kind), id);
}

std::string MatchValueLabel(AppContext& app, Lang lang, const std::string& value) {
  if (value.starts_with("type:")) {
    if (auto t = domain::TypeFromCode(std::string_view(value).substr(5))) return TypeLabel(*t, lang);
    return value;
  }
  if (value.starts_with("field:")) {
    std::int64_t id = 0;
    try {
      id = std::stoll(value.substr(6));
    } catch (...) {
      return value;
    }
    auto fields = app.catalogue.Fields();
    return fields ? FieldName(*fields, lang, id) : value;
  }
  if (domain::PlaceKey(value)) return PlaceLabel(value, lang);
  if (const auto* i = domain::FindIndustry(value); i && lang == Lang::kEn) return std::string(i->name_en);
  return value;
}

std::string ConditionExplanation(AppContext& app, Lang lang, const domain::Condition& c, domain::Candidate::Kind kind,
                                 const domain::Needs& needs) {
  const std::string state = !c.applies ? "na" : c.met ? "met" : "unmet";
  const std::string base = fmt::format("match.cond.{}.{}", c.code, state);
  const std::string with_kind = fmt::format("{}.{}", base, domain::CandidateKindCode(kind));
  const std::string key = HasMessage(with_kind) ? with_kind : base;
  std::string industry = needs.industry;
  if (const auto* i = domain::FindIndustry(needs.industry); i && lang == Lang::kEn) industry = std::string(i->name_en);
  return Message(lang, key,
                 {{"matched", JoinLabels(app, lang, c.matched)},
                  {"missing", JoinLabels(app, lang, c.missing)},
                  {"points", std::to_string(c.points)},
                  {"industry", industry}});
}

void HandleApiMatch(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto page = services::ParsePageParams(req.params);
  if (!page) return SetJsonError(res, page.error());
  auto needs = BodyNeeds(req);
  if (!needs) return SetJsonError(res, needs.error());
  auto result = app.matching.Match(*needs, *page);
  if (!result) return SetJsonError(res, result.error());
  ordered_json j;
  j["total"] = result->total;
  j["page"] = result->page;
  j["per_page"] = result->per_page;
  j["as_of"] = app.matching.Today().ToIso();
  j["items"] = ordered_json::array();
  for (const auto& r : result->items) j["items"].push_back(MatchJson(app, lang, r, *needs));
  SetJson(res, 200, Dump(j));
}

void HandleApiNeedSave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto needs = BodyNeeds(req);
  if (!needs) return SetJsonError(res, needs.error());
  auto saved = app.needs.Save(*auth.actor, *needs, std::string(LangCode(lang)));
  if (!saved) return SetJsonError(res, saved.error());
  res.set_header("Location", fmt::format("/api/v1/needs/{}", saved->id));
  SetJson(res, 201, Dump(SavedNeedJson(app, *saved)));
}

void HandleApiNeeds(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  (void)req;
  auto mine = app.needs.Mine(*auth.actor);
  if (!mine) return SetJsonError(res, mine.error());
  ordered_json items = ordered_json::array();
  for (const auto& n : *mine) items.push_back(SavedNeedJson(app, n));
  SetJson(res, 200, Dump(ordered_json{{"total", mine->size()}, {"items", items}}));
}

void HandleApiNeed(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto n = app.needs.Get(*auth.actor, PathId(req));
  if (!n) return SetJsonError(res, n.error());
  SetJson(res, 200, Dump(SavedNeedJson(app, *n)));
}

void HandleApiNeedDelete(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.needs.Delete(*auth.actor, PathId(req)); !st) return SetJsonError(res, st.error());
  res.status = 204;
}

void HandleNeedsFeed(AppContext& app, const Request& req, Response& res) {
  const std::string key = req.has_param("key") ? req.get_param_value("key") : "";
  auto feed = app.needs.Feed(PathId(req), key);
  if (!feed) return RespondError(app, req, res, feed.error());
  const Lang lang = feed->need.lang == "en" ? Lang::kEn : Lang::kJa;
  // Never the request's Host header: links in a feed must not be steerable by a client.
  const std::string& base = app.public_url;
  const std::string query = services::NeedsQueryString(feed->need.needs);
  std::string x = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
      LangCode(lang));
  x += fmt::format("  <title>{}</title>\n", EscapeXml(Message(lang, "needs_feed_title", {{"id", std::to_string(feed->need.id)}})));
  x += fmt::format("  <id>urn:proven:feeds:needs:{}</id>\n", feed->need.id);
  x += fmt::format("  <link rel=\"alternate\" href=\"{}/needs?{}\"/>\n", EscapeXml(base), EscapeXml(query));
  x += fmt::format("  <updated>{}</updated>\n",
                   EscapeXml(feed->entries.empty() ? feed->need.created_at : feed->entries.front().seen_at));
  x += "  <author><name>Proven</name></author>\n";
  for (const auto& e : feed->entries) {
    x += "  <entry>\n";
    x += fmt::format("    <id>urn:proven:needs:{}:{}:{}</id>\n", feed->need.id, EscapeXml(e.kind), e.candidate_id);
    x += fmt::format("    <title>{}</title>\n",
                     EscapeXml(Message(lang, "needs_feed_entry_" + e.kind, {{"name", e.name}, {"organisation", e.organisation}})));
    x += fmt::format("    <link href=\"{}/{}s/{}\"/>\n", EscapeXml(base), EscapeXml(e.kind), e.candidate_id);
    x += fmt::format("    <updated>{}</updated>\n", EscapeXml(e.seen_at));
    x += fmt::format("    <summary>{}</summary>\n",
                     EscapeXml(Message(lang, "needs_feed_summary", {{"score", std::to_string(e.score)}})));
    x += fmt::format("    <category term=\"{}\"/>\n", EscapeXml(e.kind));
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  res.set_header("Cache-Control", "no-store");
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

}  // namespace proven::web
