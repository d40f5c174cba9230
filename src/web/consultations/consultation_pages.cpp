// Consultations' pages. Each handler reads the form, asks ConsultationService (which checks the
// actor's side and the consultation's rules itself) and either redirects with a notice code
// (Post/Redirect/Get) or shows the page again with the service's error beside the form that
// caused it, from the catalogue in the page's language.
#include "web/consultations/consultation_pages.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using domain::ConsultationKind;
using domain::ConsultationSide;
using domain::ConsultationState;
using domain::ConsultationStep;

namespace {

constexpr std::string_view kScope = "consultation";
constexpr int kTimeRows = 5;

mst::data List() { return EmptyList(); }

std::string Id(std::int64_t id) { return std::to_string(id); }

mst::data Opt(const std::string& s) { return OptionalText(s); }

std::string LangCodeOf(Lang l) { return std::string(LangCode(l)); }

template <typename E, std::size_t N>
std::string CodeOf(const domain::CodeEntry<E> (&table)[N], E value) {
  return std::string(domain::CodeIn<E>(table, value));
}

std::string StateLabel(Lang l, ConsultationState s) {
  return CodeLabel(l, "consultation_state", CodeOf(domain::kConsultationStateCodes, s));
}
std::string SideLabel(Lang l, ConsultationSide s) {
  return CodeLabel(l, "consultation_side", CodeOf(domain::kConsultationSideCodes, s));
}
std::string OutcomeLabel(Lang l, domain::ConsultationOutcome o) {
  return CodeLabel(l, "consultation_outcome", CodeOf(domain::kConsultationOutcomeCodes, o));
}
std::string KindLabel(Lang l, ConsultationKind k) {
  return CodeLabel(l, "consultation_kind", CodeOf(domain::kConsultationKindCodes, k));
}

// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

FormErrors ErrorsOf(Lang lang, const Error& e) { return FormErrorsOf(lang, e, kScope); }

std::string FieldError(const FormErrors* errors, std::string_view field) {
  if (!errors) return {};
  auto it = errors->by_field.find(std::string(field));
  return it == errors->by_field.end() ? std::string() : Join(it->second, " ");
}

// The error page, with the consultation's own field labels; a refusal says why (a vendor who may
// not ask, a service no longer valid) when it has a reason of its own.
void ShowError(AppContext& app, const Auth* auth, const Request& req, Response& res, const Error& e) {
  ErrorPage(app, auth, req, res, e, kScope, !e.reason.key.empty());
}

std::optional<ConsultationKind> KindOf(const std::string& s) {
  return domain::ValueIn<ConsultationKind>(domain::kConsultationKindCodes, Trim(s));
}

std::int64_t IdOf(const std::string& s) {
  const std::string v(Trim(s));
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(v);
}

// The needs a match passed along: kept only when it is a JSON object (the API's own rule).
std::string NeedsOf(const std::string& text) {
  if (Trim(text).empty() || text.size() > domain::kConsultationNeedsBytes) return {};
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_object() ? j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : std::string();
}

// A datetime-local value (2026-12-01T10:00, Asia/Tokyo as the form says) as ISO 8601 with its
// offset; anything else as typed, for the service to refuse with its name.
std::string FormTime(const std::string& value) {
  const std::string v(Trim(value));
  if (v.size() == 16 && v[10] == 'T') return v + ":00+09:00";
  if (v.size() == 19 && v[10] == 'T') return v + "+09:00";
  return v;
}

// ---- The request form ----------------------------------------------------------------------------

void RenderNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res, ConsultationKind kind,
                   std::int64_t id, const std::string& message, const std::string& needs, const FormErrors* errors,
                   int status) {
  const Lang lang = ResolveLang(req, res);
  auto subject = app.consultations.Subject(kind, id);
  if (!subject) return ShowError(app, &auth, req, res, subject.error());
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("kind", CodeOf(domain::kConsultationKindCodes, kind));
  d.set("kind_label", KindLabel(lang, kind));
  d.set("id", Id(id));
  d.set("name", subject->name);
  d.set("vendor", subject->vendor);
  d.set("subject_url", fmt::format("/{}/{}", kind == ConsultationKind::kProduct ? "products" : "services", id));
  d.set("answerable", subject->answerable && subject->vendor_org_id.has_value());
  if (subject->homepage.starts_with("https://") || subject->homepage.starts_with("http://")) {
    d.set("homepage", subject->homepage);
  }
  d.set("message", message);
  d.set("needs", needs);
  d.set("has_needs", !needs.empty());
  if (errors) {
    d.set("error", errors->summary);
    mst::data list = List();
    for (const auto& p : errors->list) list.push_back(p);
    d.set("problems", list);
    d.set("error_message", Opt(FieldError(errors, "message")));
  }
  SendPage(app, req, res, lang, "consultation_new", d, Message(lang, "consultation_new_title"), "", status, &auth);
}

// ---- One consultation ----------------------------------------------------------------------------

bool Can(const services::ConsultationView& v, ConsultationStep s) {
  return std::find(v.actions.begin(), v.actions.end(), s) != v.actions.end();
}

mst::data ThreadData(Lang lang, const services::ConsultationView& v) {
  mst::data list = List();
  for (const auto& e : v.thread) {
    mst::data x;
    const std::string kind = CodeOf(domain::kConsultationEntryKindCodes, e.kind);
    x.set("kind", kind);
    x.set("is_message", e.kind == domain::ConsultationEntryKind::kMessage);
    x.set("what", Message(lang, "consultation_entry." + kind));
    x.set("side", SideLabel(lang, e.side));
    x.set("side_code", CodeOf(domain::kConsultationSideCodes, e.side));
    x.set("mine", v.side == e.side);
    x.set("author", e.author);
    x.set("at", JstText(e.at));
    x.set("body", Opt(e.body));
    const auto detail = nlohmann::json::parse(e.detail, nullptr, false);
    mst::data times = List();
    if (detail.is_object() && detail.contains("times") && detail["times"].is_array()) {
      for (const auto& t : detail["times"]) {
        if (t.is_string()) times.push_back(JstText(t.get<std::string>()));
      }
    }
    x.set("has_times", !times.is_empty_list());
    x.set("times", times);
    if (detail.is_object() && detail.contains("time") && detail["time"].is_string()) {
      x.set("time", JstText(detail["time"].get<std::string>()));
    }
    if (detail.is_object() && detail.contains("outcome") && detail["outcome"].is_string()) {
      if (auto o = domain::ValueIn<domain::ConsultationOutcome>(domain::kConsultationOutcomeCodes,
                                                               detail["outcome"].get<std::string>())) {
        x.set("outcome", OutcomeLabel(lang, *o));
      }
    }
    if (detail.is_object() && detail.contains("case_id") && detail["case_id"].is_number_integer()) {
      x.set("case_id", Id(detail["case_id"].get<std::int64_t>()));
    }
    list.push_back(x);
  }
  return list;
}

// Which form an error belongs to, so that it shows beside that form.
struct PageErrors {
  std::string form;  // accept, decline, withdraw, confirm, messages, outcome
  FormErrors errors;
};

void RenderConsultation(AppContext& app, const Auth& auth, const Request& req, Response& res,
                        const services::ConsultationView& v, const PageErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  const auto& c = v.record;
  mst::data d;
  d.set("id", Id(c.id));
  d.set("csrf", auth.csrf);
  d.set("kind_label", KindLabel(lang, c.kind));
  d.set("subject", c.subject_name);
  d.set("subject_url", fmt::format("/{}/{}", c.kind == ConsultationKind::kProduct ? "products" : "services", c.subject_id));
  d.set("vendor", c.vendor);
  d.set("requester_org", c.requester_org);
  d.set("requester_email", c.requester_email);
  d.set("state", CodeOf(domain::kConsultationStateCodes, c.state));
  d.set("state_label", StateLabel(lang, c.state));
  if (v.side) d.set("side", SideLabel(lang, *v.side));
  d.set("read_only", !v.side.has_value());
  d.set("created_at", JstText(c.created_at));
  mst::data proposed = List();
  for (const auto& t : c.proposed_times) {
    mst::data x;
    x.set("value", t);
    x.set("label", JstText(t));
    proposed.push_back(x);
  }
  d.set("proposed", proposed);
  d.set("has_proposed", !c.proposed_times.empty() && c.state == ConsultationState::kAccepted);
  d.set("confirmed_time", Opt(JstText(c.confirmed_time)));
  if (c.outcome) d.set("outcome", OutcomeLabel(lang, *c.outcome));
  if (c.case_id) d.set("case_id", Id(*c.case_id));
  if (!c.needs.empty()) {
    auto needs = nlohmann::json::parse(c.needs, nullptr, false);
    if (needs.is_object()) d.set("needs", needs.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  d.set("thread", ThreadData(lang, v));
  // The forms this side may use now.
  d.set("can_accept", Can(v, ConsultationStep::kAccept));
  d.set("can_decline", Can(v, ConsultationStep::kDecline));
  d.set("can_withdraw", Can(v, ConsultationStep::kWithdraw));
  d.set("can_confirm", Can(v, ConsultationStep::kConfirm));
  d.set("can_message", Can(v, ConsultationStep::kMessage));
  d.set("can_outcome", Can(v, ConsultationStep::kRecordOutcome));
  d.set("can_case", Can(v, ConsultationStep::kProposeCase));
  d.set("reproposing", c.state == ConsultationState::kAccepted);
  const FormErrors* fe = errors ? &errors->errors : nullptr;
  auto posted = [&](const std::string& form, const std::string& name) {
    return errors && errors->form == form ? FormValue(req, name) : std::string();
  };
  mst::data rows = List();
  for (int i = 0; i < kTimeRows; ++i) {
    mst::data x;
    x.set("n", std::to_string(i));
    x.set("number", std::to_string(i + 1));
    x.set("value", posted("accept", fmt::format("time_{}", i)));
    x.set("error", Opt(errors && errors->form == "accept" ? FieldError(fe, fmt::format("times[{}]", i)) : ""));
    rows.push_back(x);
  }
  d.set("time_rows", rows);
  mst::data outcomes = List();
  for (const auto& o : domain::kConsultationOutcomeCodes) {
    mst::data x;
    x.set("value", std::string(o.code));
    x.set("label", OutcomeLabel(lang, o.value));
    x.set("selected", c.outcome == o.value);
    outcomes.push_back(x);
  }
  d.set("outcomes", outcomes);
  d.set("accept_message", posted("accept", "message"));
  d.set("decline_reason", posted("decline", "reason"));
  d.set("message_text", posted("messages", "message"));
  for (const char* form : {"accept", "decline", "withdraw", "confirm", "messages", "outcome"}) {
    if (!errors || errors->form != form) continue;
    mst::data list = List();
    for (const auto& p : errors->errors.list) list.push_back(p);
    d.set(std::string("error_") + form, errors->errors.summary);
    d.set(std::string("problems_") + form, list);
  }
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "consultation", d, c.subject_name + " — " + Message(lang, "consultation_title"), "",
           status, &auth);
}

}  // namespace

std::string ConsultationLink(AppContext& app, ConsultationKind kind, std::int64_t id) {
  auto subject = app.consultations.Subject(kind, id);
  if (!subject || !subject->answerable || !subject->vendor_org_id) return {};
  return fmt::format("/consultations/new?kind={}&id={}", CodeOf(domain::kConsultationKindCodes, kind), id);
}

void HandleConsultationNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto kind = KindOf(req.get_param_value("kind"));
  const auto id = IdOf(req.get_param_value("id"));
  if (!kind || id == 0) {
    return ShowError(app, &auth, req, res,
                     MakeError(Reason{"error.consultation.bad_subject", {}}, ErrorCode::kInvalidArgument,
                               "kind must be product or service and id a product's or a service's id", {}, "kind"));
  }
  RenderNewPage(app, auth, req, res, *kind, id, "", NeedsOf(req.get_param_value("needs")), nullptr, 200);
}

void HandleConsultationCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto kind = KindOf(FormValue(req, "kind"));
  const auto id = IdOf(FormValue(req, "id"));
  if (!kind || id == 0) {
    return ShowError(app, &auth, req, res,
                     MakeError(Reason{"error.consultation.bad_subject", {}}, ErrorCode::kInvalidArgument,
                               "kind must be product or service and id a product's or a service's id", {}, "kind"));
  }
  services::ConsultationRequestInput in;
  in.kind = *kind;
  in.id = id;
  in.message = FormValue(req, "message");
  in.needs = NeedsOf(FormValue(req, "needs"));
  in.lang = LangCodeOf(ResolveLang(req, res));
  auto created = app.consultations.Request(*auth.actor, in);
  if (!created) {
    const auto errors = ErrorsOf(ResolveLang(req, res), created.error());
    return RenderNewPage(app, auth, req, res, *kind, id, in.message, in.needs, &errors,
                         HttpStatusFor(created.error().code));
  }
  RedirectWithNotice(app, auth, res, "/consultations/" + Id(created->record.id), "consultation_notice_requested");
}

void HandleConsultationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return ShowError(app, &auth, req, res, paging.error());
  auto page = app.consultations.List(*auth.actor, paging->page, paging->per_page);
  if (!page) return RespondError(app, req, res, page.error());
  mst::data list = List();
  for (const auto& v : page->items) {
    const auto& c = v.record;
    mst::data x;
    x.set("id", Id(c.id));
    x.set("subject", c.subject_name);
    x.set("kind_label", KindLabel(lang, c.kind));
    x.set("state", CodeOf(domain::kConsultationStateCodes, c.state));
    x.set("state_label", StateLabel(lang, c.state));
    x.set("side", v.side ? SideLabel(lang, *v.side) : std::string("—"));
    x.set("time", Opt(JstText(c.confirmed_time)));
    if (c.outcome) x.set("outcome", OutcomeLabel(lang, *c.outcome));
    // The organisation on the other side (for the admin: both).
    x.set("other_side", v.side == ConsultationSide::kVendor      ? c.requester_org
                        : v.side == ConsultationSide::kRequester ? c.vendor
                                                                 : c.requester_org + " × " + c.vendor);
    x.set("updated_at", JstText(c.updated_at));
    // Whose move it is: the vendor's while a request waits for an answer, the requester's while
    // proposed times wait for a choice.
    x.set("your_move", (c.state == ConsultationState::kRequested && v.side == ConsultationSide::kVendor) ||
                           (c.state == ConsultationState::kAccepted && v.side == ConsultationSide::kRequester));
    list.push_back(x);
  }
  mst::data d;
  d.set("consultations", list);
  d.set("has_consultations", !page->items.empty());
  d.set("total", Message(lang, "consultation_total", {{"count", std::to_string(page->total)}}));
  const std::string suffix = lang == Lang::kEn ? "&lang=en" : "";
  if (page->page > 1) d.set("prev_url", fmt::format("/consultations?page={}{}", page->page - 1, suffix));
  if (static_cast<std::size_t>(page->page) * static_cast<std::size_t>(page->per_page) < page->total) {
    d.set("next_url", fmt::format("/consultations?page={}{}", page->page + 1, suffix));
  }
  SendPage(app, req, res, lang, "consultations", d, Message(lang, "consultation_list_title"), "", 200, &auth);
}

void HandleConsultationPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.consultations.Get(*auth.actor, PathId(req));
  if (!v) return ShowError(app, &auth, req, res, v.error());
  RenderConsultation(app, auth, req, res, *v, nullptr, 200);
}

void HandleConsultationStep(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const std::string step(PathParam(req, 2));
  const std::string lang = LangCodeOf(ResolveLang(req, res));
  Result<services::ConsultationView> done = tl::unexpected<Error>(MakeError(ErrorCode::kNotFound, "no such step"));
  std::string notice;
  if (step == "accept") {
    std::vector<std::string> times;
    for (int i = 0; i < kTimeRows; ++i) {
      const std::string t = FormValue(req, fmt::format("time_{}", i));
      if (!Trim(t).empty()) times.push_back(FormTime(t));
    }
    done = app.consultations.Accept(*auth.actor, id, times, FormValue(req, "message"), lang);
    notice = "accepted";
  } else if (step == "decline") {
    done = app.consultations.Decline(*auth.actor, id, FormValue(req, "reason"), lang);
    notice = "declined";
  } else if (step == "withdraw") {
    done = app.consultations.Withdraw(*auth.actor, id, lang);
    notice = "withdrawn";
  } else if (step == "confirm") {
    done = app.consultations.Confirm(*auth.actor, id, FormValue(req, "time"), lang);
    notice = "confirmed";
  } else if (step == "messages") {
    done = app.consultations.PostMessage(*auth.actor, id, FormValue(req, "message"), lang);
    notice = "message";
  } else if (step == "outcome") {
    done = app.consultations.RecordOutcome(*auth.actor, id, FormValue(req, "outcome"), lang);
    notice = "outcome";
  }
  if (done) return RedirectWithNotice(app, auth, res, "/consultations/" + Id(id), "consultation_notice_" + notice);
  // The page again, with the error beside the form (or an error page when there is no page).
  auto v = app.consultations.Get(*auth.actor, id);
  if (!v || HttpStatusFor(done.error().code) == 404) return ShowError(app, &auth, req, res, v ? done.error() : v.error());
  const PageErrors errors{step, ErrorsOf(ResolveLang(req, res), done.error())};
  RenderConsultation(app, auth, req, res, *v, &errors, HttpStatusFor(done.error().code));
}

namespace {

struct CaseForm {
  std::string user_org_name, anonymised_label, industry, company_size, period, deployed, results, quote;
};

void RenderCaseForm(AppContext& app, const Auth& auth, const Request& req, Response& res,
                    const services::ConsultationView& v, const CaseForm& f, const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("id", Id(v.record.id));
  d.set("csrf", auth.csrf);
  d.set("subject", v.record.subject_name);
  d.set("vendor", v.record.vendor);
  d.set("requester_org", v.record.requester_org);
  for (auto [key, value] : {std::pair{"user_org_name", &f.user_org_name}, {"anonymised_label", &f.anonymised_label},
                            {"period", &f.period}, {"deployed", &f.deployed}, {"results", &f.results},
                            {"quote", &f.quote}}) {
    d.set(key, *value);
  }
  for (const char* k : {"user_org_name", "anonymised_label", "industry", "company_size", "period", "deployed",
                        "results", "quote", "product_id"}) {
    d.set(std::string("error_") + k, Opt(FieldError(errors, k)));
  }
  mst::data industries = List();
  for (const auto& i : domain::kIndustryVocabulary) {
    mst::data x;
    x.set("value", std::string(i.name_ja));
    x.set("label", lang == Lang::kEn ? std::string(i.name_en) : std::string(i.name_ja));
    x.set("selected", f.industry == i.name_ja);
    industries.push_back(x);
  }
  d.set("industries", industries);
  mst::data sizes = List();
  for (const auto& s : domain::kCompanySizeCodes) {
    mst::data x;
    x.set("value", std::string(s.code));
    x.set("label", CodeLabel(lang, "company_size", s.code));
    x.set("selected", f.company_size == s.code);
    sizes.push_back(x);
  }
  d.set("sizes", sizes);
  if (errors) {
    d.set("error", errors->summary);
    mst::data list = List();
    for (const auto& p : errors->list) list.push_back(p);
    d.set("problems", list);
  }
  SendPage(app, req, res, lang, "consultation_case", d, Message(lang, "consultation_case_title"), "", status, &auth);
}

}  // namespace

void HandleConsultationCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.consultations.Get(*auth.actor, PathId(req));
  if (!v) return ShowError(app, &auth, req, res, v.error());
  if (!v->side) return ShowError(app, &auth, req, res, MakeError(ErrorCode::kNotFound, "no such consultation"));
  if (auto allowed = domain::ConsultationStepAllowed(v->record, *v->side, ConsultationStep::kProposeCase); !allowed) {
    return ShowError(app, &auth, req, res, allowed.error());
  }
  CaseForm f;
  f.user_org_name = v->record.requester_org;
  RenderCaseForm(app, auth, req, res, *v, f, nullptr, 200);
}

void HandleConsultationCaseCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  CaseForm f{FormValue(req, "user_org_name"), FormValue(req, "anonymised_label"), FormValue(req, "industry"),
             FormValue(req, "company_size"),  FormValue(req, "period"),           FormValue(req, "deployed"),
             FormValue(req, "results"),       FormValue(req, "quote")};
  domain::CaseInput in;
  if (!Trim(f.user_org_name).empty()) in.user_org_name = f.user_org_name;
  in.anonymised_label = f.anonymised_label;
  in.industry = f.industry;
  in.company_size = f.company_size;
  in.period = f.period;
  in.deployed = f.deployed;
  in.results = f.results;
  in.quote = f.quote;
  auto done = app.consultations.ProposeCase(*auth.actor, id, in);
  if (done) return RedirectWithNotice(app, auth, res, "/workspace/cases/" + Id(done->second.record.id), "consultation_notice_proposed");
  auto v = app.consultations.Get(*auth.actor, id);
  if (!v || HttpStatusFor(done.error().code) == 404) return ShowError(app, &auth, req, res, v ? done.error() : v.error());
  const auto errors = ErrorsOf(ResolveLang(req, res), done.error());
  RenderCaseForm(app, auth, req, res, *v, f, &errors, HttpStatusFor(done.error().code));
}

}  // namespace proven::web
