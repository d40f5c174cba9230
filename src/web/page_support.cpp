#include "web/page_support.hpp"

#include "core/date.hpp"
#include "web/http_errors.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

mst::data EmptyList() { return mst::data{mst::data::type::list}; }

mst::data OptionalText(const std::string& s) { return s.empty() ? mst::data(false) : mst::data(s); }

void SeeOther(Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

std::string JstText(const std::string& iso) {
  if (iso.empty()) return {};
  auto t = ParseIsoInstant(iso);
  return t ? FormatTokyoMinute(*t) + " JST" : iso;
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
