#include "web/page_support.hpp"

#include <algorithm>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

mst::data EmptyList() { return mst::data{mst::data::type::list}; }

mst::data OptionalText(const std::string& s) { return s.empty() ? mst::data(false) : mst::data(s); }

void SeeOther(Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

namespace {
// The path of a location of this site: no query, no fragment.
std::string PathOf(const std::string& location) {
  return location.substr(0, location.find_first_of("?#"));
}
}  // namespace

void RedirectWithNotice(AppContext& app, const Auth& auth, Response& res, const std::string& location,
                        std::string_view key, const MessageArgs& args) {
  if (!auth.via_token && !auth.session_id.empty()) {
    // The action is done: a notice that cannot be kept is logged, the redirect still happens.
    if (auto st = app.accounts.AddFlash(auth.session_id, PathOf(location), std::string(key), args); !st) {
      spdlog::warn("notice {} for {} not kept: {}", key, PathOf(location), st.error().message);
    }
  }
  SeeOther(res, location);
}

std::vector<std::string> TakeNotices(AppContext& app, const Request& req, Lang lang) {
  std::vector<std::string> out;
  const std::string sid = CookieValue(req, kSessionCookie);
  if (sid.empty()) return out;
  auto flashes = app.accounts.TakeFlashes(sid, req.path);
  if (!flashes) {
    spdlog::warn("notices for {} not read: {}", req.path, flashes.error().message);
    return out;
  }
  for (const auto& f : *flashes) {
    // Only catalogue texts: a key the catalogue lacks is dropped, never shown as it is.
    if (HasMessage(f.key)) out.push_back(Message(lang, f.key, f.args));
  }
  return out;
}

std::string TakeNotice(AppContext& app, const Request& req, Lang lang) {
  std::string out;
  for (const auto& n : TakeNotices(app, req, lang)) out += (out.empty() ? "" : " ") + n;
  return out;
}

std::string JstText(const std::string& iso) {
  if (iso.empty()) return {};
  auto t = ParseIsoInstant(iso);
  return t ? FormatTokyoMinute(*t) + " JST" : iso;
}

std::vector<std::pair<std::string, std::string>> ParamsWithout(const Request& req,
                                                               std::initializer_list<std::string_view> drop) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : req.params) {
    if (std::find(drop.begin(), drop.end(), k) != drop.end() || Trim(v).empty()) continue;
    out.emplace_back(k, v);
  }
  return out;
}

std::string UrlWith(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params) {
  const std::string q = services::EncodeQuery(params);
  return q.empty() ? path : path + "?" + q;
}

mst::data Pagination(const Request& req, const std::string& path, std::size_t total, int page, int per_page) {
  const auto per = static_cast<std::size_t>(std::max(per_page, 1));
  const int pages = static_cast<int>((total + per - 1) / per);
  if (pages <= 1) return mst::data(false);
  auto url_for = [&](int p) {
    auto params = ParamsWithout(req, {"page", "lang"});
    if (p > 1) params.emplace_back("page", std::to_string(p));
    return UrlWith(path, params);
  };
  mst::data d;
  if (page > 1) d.set("prev_url", url_for(std::min(page - 1, pages)));
  if (page < pages) d.set("next_url", url_for(page + 1));
  mst::data list{mst::data::type::list};
  bool gap = false;
  for (int p = 1; p <= pages; ++p) {
    if (p != 1 && p != pages && std::abs(p - page) > 2) {
      if (!gap) {
        mst::data g;
        g.set("gap", true);
        list.push_back(g);
      }
      gap = true;
      continue;
    }
    gap = false;
    mst::data item;
    item.set("number", std::to_string(p));
    item.set("url", url_for(p));
    item.set("current", p == page);
    list.push_back(item);
  }
  d.set("pages", list);
  return d;
}

FormErrors FormErrorsOf(Lang lang, const Error& e, std::string_view scope) {
  FormErrors f;
  if (e.problems.empty()) {
    f.by_field[e.field].push_back(ErrorText(lang, MakeError(e.reason, e.code, e.message)));
  } else {
    for (const auto& p : e.problems) f.by_field[p.field].push_back(ErrorText(lang, MakeError(p.reason, e.code, p.message)));
  }
  const auto problems = ProblemTexts(lang, e, scope);
  f.summary = problems.size() == 1 ? problems.front()
                                   : Message(lang, "error.problems", {{"count", std::to_string(problems.size())}});
  if (problems.size() > 1) f.list = problems;
  return f;
}

void ErrorPage(AppContext& app, const Auth* auth, const Request& req, Response& res, const Error& e,
               std::string_view scope, bool explain_forbidden) {
  const Lang lang = ResolveLang(req, res);
  const int status = HttpStatusFor(e.code);
  if (status == 404) return RenderErrorPage(app, req, res, 404);
  if (status >= 500) return RespondError(app, req, res, e);
  mst::data d;
  d.set("heading", Message(lang, status == 403 ? "forbidden_title" : "error_title"));
  d.set("message", status == 403 && !explain_forbidden ? Message(lang, "forbidden_text") : ErrorText(lang, e, scope));
  SendPage(app, req, res, lang, "error", d, Message(lang, "error_title"), "", status, auth);
}

}  // namespace proven::web
