#include "web/compare_pages.hpp"

#include <charconv>
#include <set>
#include <variant>

#include "core/text.hpp"
#include "domain/service_fields.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/vocabulary.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr std::size_t kMinServices = 2;
constexpr std::size_t kMaxServices = 4;

// A reason the ids cannot be compared, in the page's language, with the HTTP status to send.
struct CompareProblem {
  int status;
  std::string text;
};

// The ids as given, repeated (?ids=1&ids=2, the results' checkboxes) or comma-separated (?ids=1,2).
std::variant<std::vector<std::int64_t>, CompareProblem> ParseServiceIds(const Request& req, Lang lang) {
  std::vector<std::int64_t> ids;
  for (const auto& value : services::Values(req.params, "ids")) {
    for (const auto& part : SplitList(value, {","})) {
      const std::string v(Trim(part));
      if (v.empty()) continue;
      std::int64_t id = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
      if (ec != std::errc{} || end != v.data() + v.size() || id <= 0) {
        return CompareProblem{400, Message(lang, "svc_compare_bad_id", {{"value", Ellipsize(v, 40)}})};
      }
      ids.push_back(id);
    }
  }
  if (ids.size() < kMinServices || ids.size() > kMaxServices) {
    return CompareProblem{400, Message(lang, "svc_compare_count", {{"min", std::to_string(kMinServices)},
                                                                  {"max", std::to_string(kMaxServices)},
                                                                  {"n", std::to_string(ids.size())}})};
  }
  if (std::set<std::int64_t>(ids.begin(), ids.end()).size() != ids.size()) {
    return CompareProblem{400, Message(lang, "svc_compare_duplicate")};
  }
  return ids;
}

std::string JoinLabels(const std::vector<std::string>& labels, Lang lang, const std::string& none) {
  return labels.empty() ? none : Join(labels, lang == Lang::kJa ? "、" : ", ");
}

mst::data ServiceColumn(AppContext& app, Lang lang, const domain::Service& s) {
  mst::data x;
  x.set("id", std::to_string(s.id));
  x.set("name", s.name);
  x.set("type_label", TypeLabel(s.type, lang));
  const auto status = domain::StatusAsOf(s, app.today());
  x.set("status", std::string(domain::StatusCode(status)));
  x.set("status_label", Message(lang, "badge_" + std::string(domain::StatusCode(status))));
  x.set("provider", s.provider);
  x.set("prefecture_label", PlaceLabel(s.prefecture, lang));
  const std::string none = Message(lang, "none");
  std::vector<std::string> regions;
  for (const auto& r : s.regions) regions.push_back(PlaceLabel(r, lang));
  x.set("regions", JoinLabels(regions, lang, none));
  std::vector<std::string> industries;
  for (const auto& i : s.industries) industries.push_back(IndustryLabel(i, lang));
  x.set("industries", JoinLabels(industries, lang, none));
  // The overview's first paragraph; the detail page has the rest.
  const auto paragraphs = SplitList(s.overview, {"\r\n", "\n", "\r"});
  std::string first;
  for (const auto& p : paragraphs) {
    if (!Trim(p).empty()) {
      first = p;
      break;
    }
  }
  x.set("overview", first.empty() ? none : first);
  x.set("more_overview", paragraphs.size() > 1);
  x.set("registered_on", s.registered_on.ToIso());
  x.set("expires_on", s.expires_on.ToIso());
  x.set("registrar", s.registrar);
  if (domain::IsHttpUrl(s.url)) x.set("url", s.url);
  x.set("registration_number", s.registration_number.empty() ? none : s.registration_number);
  x.set("has_registration_number", !s.registration_number.empty());
  return x;
}

}  // namespace

void HandleServiceComparePage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const std::string title = Message(lang, "svc_compare_title");
  mst::data d;
  const auto fail = [&](const CompareProblem& p) {
    d.set("error", p.text);
    SendPage(app, req, res, lang, "compare_services", d, title, "services", p.status);
  };
  auto parsed = ParseServiceIds(req, lang);
  if (const auto* problem = std::get_if<CompareProblem>(&parsed)) return fail(*problem);
  mst::data columns{mst::data::type::list};
  for (const auto id : std::get<std::vector<std::int64_t>>(parsed)) {
    auto found = app.registry.GetService(id);
    if (!found) return RespondError(app, req, res, found.error());
    if (!*found) return fail({404, Message(lang, "svc_compare_not_found", {{"id", std::to_string(id)}})});
    columns.push_back(ServiceColumn(app, lang, **found));
  }
  d.set("services", columns);
  SendPage(app, req, res, lang, "compare_services", d, title, "services");
}

}  // namespace proven::web
