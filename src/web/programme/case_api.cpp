#include "web/programme/case_api.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> BodyError(const std::string& message, const std::string& field) {
  // (Not std::move(field) beside fmt::format(…, field, …): the order arguments are evaluated in is
  // unspecified, and GCC moves first, leaving the message without the field's name.)
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

tl::unexpected<Error> UnknownKey(const std::string& key) {
  return Fail(Reason{"error.case.unknown_key", {{"value", Ellipsize(key, 40)}}}, ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a field here", Ellipsize(key, 40)), {}, Ellipsize(key, 40));
}

Result<json> Object(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return j;
}

Result<std::string> String(const json& v, const std::string& at) {
  if (!v.is_string()) return BodyError("must be a string", at);
  return v.get<std::string>();
}

// The content keys of a proposal or a change; `extra` gets every other key (kInvalidArgument
// when it does not know it).
Result<domain::CaseInput> ContentFromJson(const json& j, const std::function<Status(const std::string&, const json&)>& extra) {
  domain::CaseInput in;
  const std::pair<const char*, std::optional<std::string> domain::CaseInput::*> texts[] = {
      {"user_org_name", &domain::CaseInput::user_org_name}, {"anonymised_label", &domain::CaseInput::anonymised_label},
      {"industry", &domain::CaseInput::industry},           {"company_size", &domain::CaseInput::company_size},
      {"period", &domain::CaseInput::period},               {"deployed", &domain::CaseInput::deployed},
      {"results", &domain::CaseInput::results},             {"quote", &domain::CaseInput::quote}};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    bool done = false;
    for (const auto& [name, member] : texts) {
      if (key != name) continue;
      done = true;
      if (it->is_null()) break;
      auto s = String(*it, key);
      if (!s) return Fail(s.error());
      in.*member = *s;
    }
    if (done) continue;
    if (key == "figures") {
      if (!it->is_array()) return BodyError("must be a list of {label, value, unit}", "figures");
      std::vector<domain::CaseFigure> figures;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& f = (*it)[i];
        const std::string at = fmt::format("figures[{}]", i);
        if (!f.is_object()) return BodyError("must be an object", at);
        domain::CaseFigure figure;
        for (auto k = f.begin(); k != f.end(); ++k) {
          std::string* target = k.key() == "label" ? &figure.label
                                : k.key() == "value" ? &figure.value
                                : k.key() == "unit"  ? &figure.unit
                                                     : nullptr;
          if (!target) return UnknownKey(at + "." + k.key());
          // A number is taken as written ("30"), never reformatted.
          if (k.key() == "value" && k->is_number()) {
            *target = k->dump();
            continue;
          }
          auto s = String(*k, at + "." + k.key());
          if (!s) return Fail(s.error());
          *target = *s;
        }
        figures.push_back(std::move(figure));
      }
      in.figures = std::move(figures);
      continue;
    }
    if (auto st = extra(key, *it); !st) return Fail(st.error());
  }
  return in;
}

ordered_json HistoryJson(const std::vector<domain::CaseEvent>& events) {
  ordered_json out = ordered_json::array();
  for (const auto& e : events) {
    ordered_json detail = ordered_json::parse(e.detail, nullptr, false);
    if (detail.is_discarded()) detail = ordered_json::object();
    out.push_back({{"at", e.at},
                   {"kind", domain::CodeIn<domain::CaseEventKind>(domain::kCaseEventKindCodes, e.kind)},
                   {"party", e.party ? ordered_json(std::string(domain::CodeIn<domain::CaseParty>(
                                           domain::kCasePartyCodes, *e.party)))
                                     : ordered_json(nullptr)},
                   {"user_id", e.user_id ? ordered_json(e.user_id) : ordered_json(nullptr)},
                   {"detail", detail}});
  }
  return out;
}

// The whole record, as a side or the admin sees it.
ordered_json PartyJson(const services::CaseView& v) {
  ordered_json j = services::CaseRecord(v.record);
  j["view"] = "party";
  j["product"] = v.record.product_name;
  j["vendor"] = v.record.vendor;
  j["fields"] = v.field_ids;
  j["side"] = v.side ? ordered_json(std::string(domain::CodeIn<domain::CaseParty>(domain::kCasePartyCodes, *v.side)))
                     : ordered_json(nullptr);
  j["created_at"] = v.record.created_at;
  j["updated_at"] = v.record.updated_at;
  // Published: what the public sees; otherwise what it would see with the answers given.
  j["disclosed"] = v.disclosed ? services::DisclosedRecord(*v.disclosed) : ordered_json(nullptr);
  j["history"] = HistoryJson(v.history);
  return j;
}

ordered_json PublicJson(const services::PublishedCase& c) {
  ordered_json j = services::DisclosedRecord(c.shown);
  j["view"] = "public";
  j["fields"] = c.field_ids;
  return j;
}

void SendParty(Response& res, const Result<services::CaseView>& v, int status = 200) {
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, status, Dump(PartyJson(*v)));
}

Result<std::int64_t> IdParam(const Params& params, const std::string& key) {
  auto values = services::Values(params, key);
  std::vector<std::string> given;
  for (const auto& v : values) {
    if (!Trim(v).empty()) given.emplace_back(Trim(v));
  }
  if (given.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument, key + ": may be given only once", {},
                key);
  }
  if (given.empty()) return std::int64_t{0};
  const std::string& v = given.front();
  if (v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos || v == "0" || v[0] == '0') {
    return Fail(Reason{"error.param.number_at_least", {{"min", "1"}}}, ErrorCode::kInvalidArgument,
                key + ": must be a whole number of at least 1", {}, key);
  }
  return std::stoll(v);
}

}  // namespace

Result<services::PublishedCaseQuery> PublishedCaseQueryOf(const Params& params) {
  services::PublishedCaseQuery q;
  auto paging = services::ParsePageParams(params);
  if (!paging) return Fail(paging.error());
  q.page = paging->page;
  q.per_page = paging->per_page;
  std::vector<std::string> industries;
  for (const auto& v : services::Values(params, "industry")) {
    if (!Trim(v).empty()) industries.emplace_back(Trim(v));
  }
  if (industries.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument, "industry: may be given only once", {},
                "industry");
  }
  if (!industries.empty()) {
    if (!domain::FindIndustry(industries.front())) {
      return Fail(Reason{"error.param.unknown_value", {{"value", Ellipsize(industries.front(), 40)}}},
                  ErrorCode::kInvalidArgument,
                  fmt::format("industry: '{}' is not an industry of the service list", Ellipsize(industries.front(), 40)),
                  {}, "industry");
    }
    q.industry = industries.front();
  }
  auto field = IdParam(params, "field");
  if (!field) return Fail(field.error());
  if (*field) q.field_id = *field;
  auto product = IdParam(params, "product");
  if (!product) return Fail(product.error());
  if (*product) q.product_id = *product;
  return q;
}

void HandleApiCases(AppContext& app, const Request& req, Response& res) {
  auto q = PublishedCaseQueryOf(req.params);
  if (!q) return SetJsonError(res, q.error());
  auto page = app.cases.PublishedCases(*q);
  if (!page) return SetJsonError(res, page.error());
  ordered_json items = ordered_json::array();
  for (const auto& c : page->items) items.push_back(PublicJson(c));
  SetJson(res, 200,
          Dump(ordered_json{{"total", page->total}, {"items", items}, {"page", page->page}, {"per_page", page->per_page}}));
}

void HandleApiCase(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  // A side or the admin reads the whole record; anyone else the published case, or nothing.
  if (auth.actor && domain::AuthorizeRole(*auth.actor, domain::Action::kViewCases)) {
    auto v = app.cases.Get(*auth.actor, id);
    if (v) {
      res.set_header("Cache-Control", "no-store");
      return SetJson(res, 200, Dump(PartyJson(*v)));
    }
    if (v.error().code != ErrorCode::kNotFound) return SetJsonError(res, v.error());
  }
  auto c = app.cases.Published(id);
  if (!c) return SetJsonError(res, c.error());
  SetJson(res, 200, Dump(PublicJson(*c)));
}

void HandleApiMyCases(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto list = app.cases.List(*auth.actor);
  if (!list) return SetJsonError(res, list.error());
  ordered_json items = ordered_json::array();
  for (const auto& v : *list) items.push_back(PartyJson(v));
  SetJson(res, 200, Dump(ordered_json{{"items", items}}));
}

void HandleApiCasePropose(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = Object(req.body);
  if (!j) return SetJsonError(res, j.error());
  services::ProposeInput in;
  bool has_product = false;
  auto content = ContentFromJson(*j, [&](const std::string& key, const json& v) -> Status {
    if (key == "product_id") {
      if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) return BodyError("must be a product's id", key);
      in.product_id = v.get<std::int64_t>();
      has_product = true;
      return {};
    }
    if (key == "user_contact") {
      if (v.is_null()) return {};
      auto s = String(v, key);
      if (!s) return Fail(s.error());
      in.user_contact = *s;
      return {};
    }
    return UnknownKey(key);
  });
  if (!content) return SetJsonError(res, content.error());
  if (!has_product) return SetJsonError(res, BodyError("is required: the published product's id", "product_id").value());
  in.content = std::move(*content);
  auto v = app.cases.Propose(*auth.actor, in);
  if (v) res.set_header("Location", fmt::format("/api/v1/cases/{}", v->record.id));
  SendParty(res, v, 201);
}

Result<domain::CaseInput> CaseInputFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  return ContentFromJson(*j, [](const std::string& key, const json&) -> Status { return UnknownKey(key); });
}

Result<domain::CaseChecklist> ChecklistFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  domain::CaseChecklist checklist;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const domain::ChecklistQuestion* question = nullptr;
    for (const auto& q : domain::kChecklistQuestions) {
      if (q.key == it.key()) question = &q;
    }
    if (!question) return UnknownKey(it.key());
    if (!it->is_boolean()) return BodyError("must be true or false", it.key());
    checklist.*question->member = it->get<bool>();
  }
  return checklist;
}

void HandleApiCaseChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto content = CaseInputFromJson(req.body);
  if (!content) return SetJsonError(res, content.error());
  SendParty(res, app.cases.Change(*auth.actor, PathId(req), *content));
}

// PUT …/consent: the checklist's answers, every key a boolean (a key left out is "no").
void HandleApiCaseConsent(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto checklist = ChecklistFromJson(req.body);
  if (!checklist) return SetJsonError(res, checklist.error());
  SendParty(res, app.cases.Consent(*auth.actor, PathId(req), *checklist));
}

void HandleApiCaseWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  SendParty(res, app.cases.Withdraw(*auth.actor, PathId(req)));
}

}  // namespace proven::web
