#include "web/consultations/consultation_api.hpp"

#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/programme/case_api.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

namespace {

using domain::ConsultationKind;
using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> BodyError(std::string message, std::string field) {
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, std::move(field));
}

tl::unexpected<Error> UnknownKey(const std::string& key) {
  return Fail(Reason{"error.consultation.unknown_key", {{"value", Ellipsize(key, 40)}}}, ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a field here", Ellipsize(key, 40)), {}, Ellipsize(key, 40));
}

// The body as an object; an empty body is an empty object (steps that need nothing).
Result<json> Object(std::string_view body) {
  if (Trim(body).empty()) return json::object();
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

Result<std::string> LangOf(const json& v) {
  auto s = String(v, "lang");
  if (!s) return Fail(s.error());
  if (*s != "ja" && *s != "en") return BodyError("must be \"ja\" or \"en\"", "lang");
  return *s;
}

// A body of string keys only: `allowed` (each may be null), `required` among them.
Result<std::map<std::string, std::string>> StringFields(std::string_view body,
                                                        std::initializer_list<const char*> allowed,
                                                        std::initializer_list<const char*> required) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  std::map<std::string, std::string> out;
  for (auto it = j->begin(); it != j->end(); ++it) {
    bool known = false;
    for (const char* k : allowed) known = known || it.key() == k;
    if (!known) return UnknownKey(it.key());
    if (it->is_null()) continue;
    auto s = it.key() == "lang" ? LangOf(*it) : String(*it, it.key());
    if (!s) return Fail(s.error());
    out[it.key()] = *s;
  }
  for (const char* k : required) {
    if (!out.contains(k)) return BodyError("is required", k);
  }
  return out;
}

ordered_json ThreadJson(const std::vector<domain::ConsultationEntry>& entries) {
  ordered_json out = ordered_json::array();
  for (const auto& e : entries) {
    ordered_json detail = ordered_json::parse(e.detail, nullptr, false);
    if (detail.is_discarded()) detail = ordered_json::object();
    out.push_back({{"id", e.id},
                   {"at", e.at},
                   {"kind", domain::CodeIn<domain::ConsultationEntryKind>(domain::kConsultationEntryKindCodes, e.kind)},
                   {"side", domain::CodeIn<domain::ConsultationSide>(domain::kConsultationSideCodes, e.side)},
                   {"author", e.author},
                   {"body", e.body},
                   {"detail", detail}});
  }
  return out;
}

ordered_json ViewJson(const services::ConsultationView& v, bool with_thread) {
  const auto& c = v.record;
  ordered_json j = services::ConsultationRecord(c);
  j["subject_url"] = fmt::format("/{}/{}", c.kind == ConsultationKind::kProduct ? "products" : "services", c.subject_id);
  j["vendor"] = c.vendor;
  j["requester_org"] = c.requester_org;
  j["requester_email"] = c.requester_email;
  ordered_json needs = c.needs.empty() ? ordered_json(nullptr) : ordered_json::parse(c.needs, nullptr, false);
  j["needs"] = needs.is_discarded() ? ordered_json(nullptr) : needs;
  j["side"] = v.side ? ordered_json(std::string(domain::CodeIn<domain::ConsultationSide>(domain::kConsultationSideCodes,
                                                                                        *v.side)))
                     : ordered_json(nullptr);
  ordered_json actions = ordered_json::array();
  for (auto a : v.actions) actions.push_back(domain::CodeIn<domain::ConsultationStep>(domain::kConsultationStepCodes, a));
  j["actions"] = actions;
  j["created_at"] = c.created_at;
  j["updated_at"] = c.updated_at;
  if (with_thread) j["thread"] = ThreadJson(v.thread);
  return j;
}

void Send(Response& res, const Result<services::ConsultationView>& v, int status = 200) {
  if (!v) return SetJsonError(res, v.error());
  res.set_header("Cache-Control", "no-store");
  SetJson(res, status, Dump(ViewJson(*v, true)));
}

// The language of the acting side's mail: the body's "lang", else the page language.
std::string LangFor(const std::map<std::string, std::string>& fields, const Request& req, Response& res) {
  auto it = fields.find("lang");
  return it != fields.end() ? it->second : RequestLangCode(req, res);
}

}  // namespace

std::string RequestLangCode(const Request& req, Response& res) {
  return std::string(LangCode(ResolveLang(req, res)));
}

Result<services::ConsultationRequestInput> ConsultationRequestFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  services::ConsultationRequestInput in;
  in.lang.clear();  // "": not given (the caller picks the page language)
  bool has_kind = false, has_id = false, has_message = false;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string& key = it.key();
    if (key == "kind") {
      auto s = String(*it, key);
      if (!s) return Fail(s.error());
      auto kind = domain::ValueIn<ConsultationKind>(domain::kConsultationKindCodes, *s);
      if (!kind) return BodyError("must be \"product\" or \"service\"", key);
      in.kind = *kind;
      has_kind = true;
    } else if (key == "id") {
      if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
        return BodyError("must be the id of a product or a service (a whole number of at least 1)", key);
      }
      in.id = it->get<std::int64_t>();
      has_id = true;
    } else if (key == "message") {
      auto s = String(*it, key);
      if (!s) return Fail(s.error());
      in.message = *s;
      has_message = true;
    } else if (key == "needs") {
      if (it->is_null()) continue;
      if (!it->is_object()) return BodyError("must be the needs object the match used", key);
      in.needs = it->dump(-1, ' ', false, json::error_handler_t::replace);
    } else if (key == "lang") {
      auto s = LangOf(*it);
      if (!s) return Fail(s.error());
      in.lang = *s;
    } else {
      return UnknownKey(key);
    }
  }
  if (!has_kind) return BodyError("is required: \"product\" or \"service\"", "kind");
  if (!has_id) return BodyError("is required: the product's or the service's id", "id");
  if (!has_message) return BodyError("is required", "message");
  return in;
}

Result<AcceptBody> AcceptFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  AcceptBody out;
  bool has_times = false;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string& key = it.key();
    if (key == "times") {
      if (!it->is_array()) return BodyError("must be a list of times such as 2026-12-01T10:00:00+09:00", key);
      for (std::size_t i = 0; i < it->size(); ++i) {
        auto s = String((*it)[i], fmt::format("times[{}]", i));
        if (!s) return Fail(s.error());
        out.times.push_back(*s);
      }
      has_times = true;
    } else if (key == "message") {
      if (it->is_null()) continue;
      auto s = String(*it, key);
      if (!s) return Fail(s.error());
      out.message = *s;
    } else if (key == "lang") {
      auto s = LangOf(*it);
      if (!s) return Fail(s.error());
      out.lang = *s;
    } else {
      return UnknownKey(key);
    }
  }
  if (!has_times) return BodyError("is required: 1 to 5 proposed times", "times");
  return out;
}

void HandleApiConsultations(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return SetJsonError(res, paging.error());
  auto page = app.consultations.List(*auth.actor, paging->page, paging->per_page);
  if (!page) return SetJsonError(res, page.error());
  ordered_json items = ordered_json::array();
  for (const auto& v : page->items) items.push_back(ViewJson(v, false));
  res.set_header("Cache-Control", "no-store");
  SetJson(res, 200,
          Dump(ordered_json{{"total", page->total}, {"items", items}, {"page", page->page}, {"per_page", page->per_page}}));
}

void HandleApiConsultationRequest(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = ConsultationRequestFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  if (in->lang.empty()) in->lang = RequestLangCode(req, res);
  auto v = app.consultations.Request(*auth.actor, *in);
  if (v) res.set_header("Location", fmt::format("/api/v1/consultations/{}", v->record.id));
  Send(res, v, 201);
}

void HandleApiConsultation(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  Send(res, app.consultations.Get(*auth.actor, PathId(req)));
}

void HandleApiConsultationAccept(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = AcceptFromJson(req.body);
  if (!body) return SetJsonError(res, body.error());
  const std::string lang = body->lang.empty() ? RequestLangCode(req, res) : body->lang;
  Send(res, app.consultations.Accept(*auth.actor, PathId(req), body->times, body->message, lang));
}

void HandleApiConsultationDecline(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto f = StringFields(req.body, {"reason", "lang"}, {"reason"});
  if (!f) return SetJsonError(res, f.error());
  Send(res, app.consultations.Decline(*auth.actor, PathId(req), (*f)["reason"], LangFor(*f, req, res)));
}

void HandleApiConsultationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto f = StringFields(req.body, {"lang"}, {});
  if (!f) return SetJsonError(res, f.error());
  Send(res, app.consultations.Withdraw(*auth.actor, PathId(req), LangFor(*f, req, res)));
}

void HandleApiConsultationConfirm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto f = StringFields(req.body, {"time", "lang"}, {"time"});
  if (!f) return SetJsonError(res, f.error());
  Send(res, app.consultations.Confirm(*auth.actor, PathId(req), (*f)["time"], LangFor(*f, req, res)));
}

void HandleApiConsultationMessage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto f = StringFields(req.body, {"message", "lang"}, {"message"});
  if (!f) return SetJsonError(res, f.error());
  Send(res, app.consultations.PostMessage(*auth.actor, PathId(req), (*f)["message"], LangFor(*f, req, res)), 201);
}

void HandleApiConsultationOutcome(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto f = StringFields(req.body, {"outcome", "lang"}, {"outcome"});
  if (!f) return SetJsonError(res, f.error());
  Send(res, app.consultations.RecordOutcome(*auth.actor, PathId(req), (*f)["outcome"], LangFor(*f, req, res)));
}

// The case's content, as PATCH /api/v1/cases/{id} takes it; the product and the user organisation
// come from the consultation.
void HandleApiConsultationCase(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto content = CaseInputFromJson(req.body);
  if (!content) return SetJsonError(res, content.error());
  auto done = app.consultations.ProposeCase(*auth.actor, PathId(req), *content);
  if (!done) return SetJsonError(res, done.error());
  res.set_header("Location", fmt::format("/api/v1/cases/{}", done->second.record.id));
  res.set_header("Cache-Control", "no-store");
  ordered_json j = ViewJson(done->first, true);
  j["case"] = services::CaseRecord(done->second.record);
  SetJson(res, 201, Dump(j));
}

}  // namespace proven::web
