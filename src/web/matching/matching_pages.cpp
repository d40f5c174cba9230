// The needs form and its results (/needs: GET with the needs in the query string, so that a
// result can be bookmarked; works without JavaScript), my saved needs (/needs/saved), and the
// mail's unsubscribe page (/needs/unsubscribe?token=…: GET confirms, POST unsubscribes; the POST
// is also RFC 8058's one-click target, so it needs no session and no CSRF token — the token in
// the URL is the secret).
#include <algorithm>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/programme/deployment_case.hpp"
#include "services/matching/needs_service.hpp"
#include "web/http_parse.hpp"
#include "web/i18n.hpp"
#include "web/matching/matching.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

mst::data Option(const std::string& value, const std::string& label, bool selected) {
  mst::data o;
  o.set("value", value);
  o.set("label", label);
  o.set("selected", selected);
  return o;
}

template <typename E, std::size_t N>
mst::data CodeOptions(const domain::CodeEntry<E> (&codes)[N], const std::optional<E>& chosen, Lang lang,
                      const std::string& group) {
  mst::data list = EmptyList();
  for (const auto& c : codes) {
    list.push_back(Option(std::string(c.code), Message(lang, fmt::format("needs_{}_{}", group, c.code)),
                          chosen && *chosen == c.value));
  }
  return list;
}

bool Contains(const std::vector<std::string>& v, std::string_view x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The form's controls, filled with `n`.
void FormData(mst::data& d, Lang lang, const domain::Needs& n) {
  mst::data industries = EmptyList();
  for (const auto& i : domain::kIndustryVocabulary) {
    industries.push_back(Option(std::string(i.name_ja), std::string(lang == Lang::kEn ? i.name_en : i.name_ja),
                                n.industry == i.name_ja));
  }
  d.set("industries", industries);
  // Regions: 日本全国, the areas, the prefectures (a multiple select, usable without JavaScript).
  mst::data regions = EmptyList();
  regions.push_back(Option(std::string(domain::kNationwide), PlaceLabel(domain::kNationwide, lang),
                           Contains(n.regions, domain::kNationwide)));
  for (const auto& a : domain::Areas()) {
    regions.push_back(Option(std::string(a.name), PlaceLabel(a.name, lang), Contains(n.regions, a.name)));
  }
  d.set("areas", regions);
  mst::data prefectures = EmptyList();
  for (const auto& p : domain::Prefectures()) {
    // 北海道 is also an area, offered above: once is enough (and selects the same coverage).
    const bool also_area = std::any_of(domain::Areas().begin(), domain::Areas().end(),
                                       [&](const auto& a) { return a.name == p.name; });
    if (also_area) continue;
    prefectures.push_back(Option(std::string(p.name), PlaceLabel(p.name, lang), Contains(n.regions, p.name)));
  }
  d.set("prefectures", prefectures);
  mst::data problems = EmptyList();
  for (const auto& p : domain::ProblemStatements()) {
    mst::data x;
    x.set("code", std::string(p.code));
    x.set("label", Message(lang, "problem." + std::string(p.code)));
    x.set("checked", Contains(n.problems, p.code));
    problems.push_back(x);
  }
  d.set("problems", problems);
  d.set("sizes", CodeOptions(domain::kCompanySizeCodes, n.size, lang, "size"));
  d.set("budgets", CodeOptions(domain::kBudgetBandCodes, n.budget, lang, "budget"));
  d.set("urgencies", CodeOptions(domain::kUrgencyCodes, n.urgency, lang, "urgency"));
  d.set("text", n.text);
}

// The needs as hidden fields (the save form repeats what the page shows).
mst::data HiddenFields(const domain::Needs& n) {
  mst::data list = EmptyList();
  const auto query = services::NeedsQueryString(n);
  for (const auto& [k, v] : ParseQueryString(query)) {
    mst::data x;
    x.set("name", k);
    x.set("value", v);
    list.push_back(x);
  }
  return list;
}

std::string PageUrl(const domain::Needs& n, int page) {
  std::string q = services::NeedsQueryString(n);
  q += q.empty() ? "" : "&";
  return fmt::format("/needs?{}go=1&page={}", q, page);
}

mst::data ResultsData(AppContext& app, Lang lang, const services::MatchPage& page, const domain::Needs& n) {
  mst::data d;
  d.set("total", std::to_string(page.total));
  d.set("total_text", Message(lang, "needs_total", {{"count", std::to_string(page.total)}}));
  mst::data items = EmptyList();
  std::size_t rank = static_cast<std::size_t>(page.page - 1) * static_cast<std::size_t>(page.per_page);
  for (const auto& r : page.items) {
    const auto& m = r.match;
    mst::data x;
    x.set("rank", std::to_string(++rank));
    x.set("kind", std::string(domain::CandidateKindCode(m.kind)));
    x.set("kind_label", Message(lang, fmt::format("needs_kind_{}", domain::CandidateKindCode(m.kind))));
    x.set("id", std::to_string(m.id));
    x.set("name", m.name);
    x.set("organisation", OptionalText(r.organisation));
    x.set("url", CandidatePath(m.kind, m.id));
    x.set("consultation_url", ConsultationPath(m.kind, m.id));
    x.set("score", std::to_string(m.score));
    mst::data conditions = EmptyList();
    for (const auto& c : m.conditions) {
      mst::data y;
      y.set("code", c.code);
      y.set("label", Message(lang, "needs_cond_" + c.code));
      y.set("kind_label", Message(lang, c.hard ? "needs_hard" : "needs_soft"));
      y.set("state", !c.applies ? "na" : c.met ? "met" : "unmet");
      y.set("result", Message(lang, !c.applies ? "needs_result_na" : c.met ? "needs_result_met" : "needs_result_unmet"));
      y.set("points", c.hard ? std::string("—") : fmt::format("+{}", c.points));
      y.set("explanation", ConditionExplanation(app, lang, c, m.kind, n));
      conditions.push_back(y);
    }
    x.set("conditions", conditions);
    items.push_back(x);
  }
  d.set("items", items);
  d.set("has_items", !page.items.empty());
  if (page.page > 1) d.set("prev_url", PageUrl(n, page.page - 1));
  if (static_cast<std::size_t>(page.page) * static_cast<std::size_t>(page.per_page) < page.total) {
    d.set("next_url", PageUrl(n, page.page + 1));
  }
  d.set("page_text", Message(lang, "needs_page", {{"page", std::to_string(page.page)}}));
  return d;
}

std::string ErrorSummary(Lang lang, const Error& e) {
  const std::string text = ErrorText(lang, e);
  return e.field.empty() ? text : fmt::format("{} ({})", text, e.field);
}

}  // namespace

void HandleNeedsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  auto needs = services::NeedsFromQuery(req.params);
  domain::Needs n = needs ? *needs : domain::Needs{};
  FormData(d, lang, n);
  const bool submitted = req.has_param("go") || (needs && !services::NeedsEmpty(*needs));
  int status = 200;
  if (!needs) {
    d.set("error", ErrorSummary(lang, needs.error()));
    status = 400;
  } else if (submitted) {
    auto page = services::ParsePageParams(req.params);
    auto result = page ? app.matching.Match(n, *page) : Result<services::MatchPage>(Fail(page.error()));
    if (!result) {
      if (result.error().code != ErrorCode::kInvalidArgument) return RespondError(app, req, res, result.error());
      d.set("error", ErrorSummary(lang, result.error()));
      status = 400;
    } else {
      d.set("results", ResultsData(app, lang, *result, n));
      d.set("as_of", Message(lang, "needs_as_of", {{"date", app.matching.Today().ToIso()}}));
      if (auth.actor && !services::NeedsEmpty(n)) {
        mst::data save;
        save.set("csrf", auth.csrf);
        save.set("fields", HiddenFields(n));
        d.set("save", save);
      }
      if (!auth.actor) d.set("sign_in_to_save", true);
    }
  }
  SendPage(app, req, res, lang, "needs", d, Message(lang, "needs_title"), "needs", status, &auth);
}

void HandleNeedSaveForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto needs = services::NeedsFromQuery(req.form);
  if (!needs) return RespondError(app, req, res, needs.error());
  auto saved = app.needs.Save(*auth.actor, *needs, std::string(LangCode(lang)));
  if (!saved) return RespondError(app, req, res, saved.error());
  RedirectWithNotice(app, auth, res, fmt::format("/needs/saved#need-{}", saved->id), "needs_notice_saved");
}

void HandleSavedNeedsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto mine = app.needs.Mine(*auth.actor);
  if (!mine) return RespondError(app, req, res, mine.error());
  mst::data list = EmptyList();
  for (const auto& s : *mine) {
    mst::data x;
    x.set("id", std::to_string(s.id));
    std::vector<std::string> parts;
    const auto& n = s.needs;
    if (!n.industry.empty()) parts.push_back(MatchValueLabel(app, lang, n.industry));
    for (const auto& r : n.regions) parts.push_back(PlaceLabel(r, lang));
    for (const auto& p : n.problems) parts.push_back(Message(lang, "problem." + p));
    for (auto t : n.types) parts.push_back(TypeLabel(t, lang));
    for (auto f : n.fields) parts.push_back(MatchValueLabel(app, lang, fmt::format("field:{}", f)));
    if (!n.text.empty()) parts.push_back("「" + Ellipsize(n.text, 40) + "」");
    x.set("summary", Join(parts, " / "));
    const std::string q = services::NeedsQueryString(n);
    x.set("matches_url", "/needs?" + q + (q.empty() ? "" : "&") + "go=1");
    x.set("feed_url", app.needs.FeedUrl(s));
    x.set("mail", Message(lang, s.mail ? "needs_mail_on" : "needs_mail_off"));
    x.set("created_at", JstText(s.created_at));
    list.push_back(x);
  }
  mst::data d;
  d.set("needs", list);
  d.set("has_needs", !mine->empty());
  d.set("csrf", auth.csrf);
  if (auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "needs_saved", d, Message(lang, "needs_saved_title"), "needs", 200, &auth);
}

void HandleNeedDeleteForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.needs.Delete(*auth.actor, PathId(req)); !st) return RespondError(app, req, res, st.error());
  RedirectWithNotice(app, auth, res, "/needs/saved", "needs_notice_deleted");
}

namespace {

std::string TokenOf(const Request& req) {
  if (req.has_param("token")) return req.get_param_value("token");
  auto it = req.form.find("token");
  return it == req.form.end() ? std::string() : it->second;
}

void UnsubscribePage(AppContext& app, const Request& req, Response& res, Lang lang, const services::SavedNeed& n,
                     bool done) {
  mst::data d;
  d.set("token", TokenOf(req));
  d.set("done", done);
  d.set("already", !done && !n.mail);
  d.set("id", std::to_string(n.id));
  res.set_header("Cache-Control", "no-store");
  SendPage(app, req, res, lang, "needs_unsubscribe", d, Message(lang, "needs_unsubscribe_title"), "needs");
}

}  // namespace

void HandleUnsubscribePage(AppContext& app, const Request& req, Response& res) {
  auto n = app.needs.ByUnsubscribeToken(TokenOf(req));
  if (!n) return RespondError(app, req, res, n.error());
  const Lang lang = req.has_param("lang") ? ResolveLang(req, res) : (n->lang == "en" ? Lang::kEn : Lang::kJa);
  UnsubscribePage(app, req, res, lang, *n, false);
}

void HandleUnsubscribe(AppContext& app, const Request& req, Response& res) {
  auto n = app.needs.Unsubscribe(TokenOf(req));
  if (!n) return RespondError(app, req, res, n.error());
  const Lang lang = req.has_param("lang") ? ResolveLang(req, res) : (n->lang == "en" ? Lang::kEn : Lang::kJa);
  UnsubscribePage(app, req, res, lang, *n, true);
}

}  // namespace proven::web
