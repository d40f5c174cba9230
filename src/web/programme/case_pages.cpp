// Trial-deployment cases' pages. Each handler reads the form, asks CaseService (which checks the
// actor's side and the case's rules itself) and either redirects with a notice code
// (Post/Redirect/Get) or shows the form again with the service's errors beside the fields, from
// the catalogue in the page's language.
#include "web/programme/case_pages.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/programme/case_api.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using domain::CaseParty;
using domain::CaseState;

namespace {

// Field labels of these pages come first: "field.case.<field>".
constexpr std::string_view kScope = "case";
constexpr int kFigureRows = 5;

mst::data List() { return EmptyList(); }

std::string Id(std::int64_t id) { return std::to_string(id); }

mst::data Opt(const std::string& s) { return OptionalText(s); }

std::string PartyLabel(Lang lang, CaseParty p) {
  return CodeLabel(lang, "case_party", domain::CodeIn<CaseParty>(domain::kCasePartyCodes, p));
}
std::string StateLabel(Lang lang, CaseState s) {
  return CodeLabel(lang, "case_state", domain::CodeIn<CaseState>(domain::kCaseStateCodes, s));
}
std::string SizeLabel(Lang lang, domain::CompanySize s) {
  return CodeLabel(lang, "company_size", domain::CodeIn<domain::CompanySize>(domain::kCompanySizeCodes, s));
}
std::string IndustryLabel(Lang lang, const std::string& name) {
  const auto* i = domain::FindIndustry(name);
  return i && lang == Lang::kEn ? std::string(i->name_en) : name;
}

std::string FieldNames(Lang lang, const std::vector<domain::Field>& all, const std::vector<std::int64_t>& ids) {
  std::vector<std::string> names;
  for (auto id : ids) {
    for (const auto& f : all) {
      if (f.id == id) names.push_back(lang == Lang::kEn && !f.name_en.empty() ? f.name_en : f.name_ja);
    }
  }
  return Join(names, lang == Lang::kJa ? "、" : ", ");
}

// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

FormErrors ErrorsOf(Lang lang, const Error& e) { return FormErrorsOf(lang, e, kScope); }

// The texts about `field` itself and its parts ("figures[2]" covers "figures[2].value").
std::string FieldError(const FormErrors* errors, std::string_view field) {
  if (!errors) return {};
  std::vector<std::string> texts;
  for (const auto& [k, v] : errors->by_field) {
    if (k == field || (k.starts_with(field) && k.size() > field.size() && (k[field.size()] == '[' || k[field.size()] == '.'))) {
      texts.insert(texts.end(), v.begin(), v.end());
    }
  }
  return Join(texts, " ");
}

void SetErrors(mst::data& d, const FormErrors* errors) {
  if (!errors) return;
  d.set("error", errors->summary);
  mst::data list = List();
  for (const auto& p : errors->list) list.push_back(p);
  d.set("problems", list);
}

// A page for an error that leaves nothing to show: 404, or 403 and the like with its text.
void ShowError(AppContext& app, const Auth* auth, const Request& req, Response& res, const Error& e) {
  web::ErrorPage(app, auth, req, res, e, kScope);
}

// ---- What a case shows ---------------------------------------------------------------------------

mst::data FiguresData(const std::vector<domain::CaseFigure>& figures) {
  mst::data list = List();
  for (const auto& f : figures) {
    mst::data x;
    x.set("label", f.label);
    x.set("value", f.value);
    x.set("unit", f.unit);
    list.push_back(x);
  }
  return list;
}

mst::data DisclosedData(Lang lang, const domain::DisclosedCase& c, const std::vector<domain::Field>& fields,
                        const std::vector<std::int64_t>& field_ids) {
  mst::data d;
  d.set("id", Id(c.id));
  d.set("product_id", Id(c.product_id));
  d.set("product", c.product_name);
  d.set("vendor", c.vendor);
  d.set("organisation", c.organisation);
  d.set("named", c.named);
  if (c.industry) d.set("industry", IndustryLabel(lang, *c.industry));
  if (c.company_size) d.set("company_size", SizeLabel(lang, *c.company_size));
  d.set("fields", Opt(FieldNames(lang, fields, field_ids)));
  d.set("period", c.period);
  d.set("deployed", c.deployed);
  d.set("results", c.results);
  d.set("results_excerpt", Ellipsize(c.results, 120));
  if (c.figures && !c.figures->empty()) {
    d.set("figures", FiguresData(*c.figures));
    d.set("shown_figures", true);
  }
  if (c.quote) {
    d.set("quote", *c.quote);
    d.set("shown_quote", true);
  }
  d.set("published_at", JstText(c.published_at));
  return d;
}

std::vector<domain::Field> FieldsOrEmpty(AppContext& app) {
  auto f = app.programme.Fields();
  return f ? *f : std::vector<domain::Field>{};
}

}  // namespace

// ---- Public ----------------------------------------------------------------------------------

mst::data PublishedCasesData(AppContext& app, Lang lang, const std::vector<services::PublishedCase>& cases) {
  const auto fields = FieldsOrEmpty(app);
  mst::data list = List();
  for (const auto& c : cases) list.push_back(DisclosedData(lang, c.shown, fields, c.field_ids));
  return list;
}

void HandleCasesPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto q = PublishedCaseQueryOf(req.params);
  if (!q) return ShowError(app, &auth, req, res, q.error());
  auto page = app.cases.PublishedCases(*q);
  if (!page) return RespondError(app, req, res, page.error());
  const auto fields = FieldsOrEmpty(app);
  mst::data d;
  mst::data industries = List();
  for (const auto& i : domain::kIndustryVocabulary) {
    mst::data x;
    x.set("value", std::string(i.name_ja));
    x.set("label", lang == Lang::kEn ? std::string(i.name_en) : std::string(i.name_ja));
    x.set("selected", q->industry && *q->industry == i.name_ja);
    industries.push_back(x);
  }
  d.set("industries", industries);
  mst::data field_options = List();
  for (const auto& f : fields) {
    mst::data x;
    x.set("value", Id(f.id));
    x.set("label", lang == Lang::kEn && !f.name_en.empty() ? f.name_en : f.name_ja);
    x.set("selected", q->field_id && *q->field_id == f.id);
    field_options.push_back(x);
  }
  d.set("field_options", field_options);
  mst::data list = List();
  for (const auto& c : page->items) list.push_back(DisclosedData(lang, c.shown, fields, c.field_ids));
  d.set("cases", list);
  d.set("has_cases", !page->items.empty());
  d.set("total", Message(lang, "case_total", {{"count", std::to_string(page->total)}}));
  // Paging links keep the filters.
  std::vector<std::pair<std::string, std::string>> keep;
  if (q->industry) keep.emplace_back("industry", *q->industry);
  if (q->field_id) keep.emplace_back("field", Id(*q->field_id));
  if (q->product_id) keep.emplace_back("product", Id(*q->product_id));
  if (lang == Lang::kEn) keep.emplace_back("lang", "en");
  auto url = [&](int p) {
    auto params = keep;
    if (p > 1) params.emplace_back("page", std::to_string(p));
    const auto query = services::EncodeQuery(params);
    return query.empty() ? std::string("/cases") : "/cases?" + query;
  };
  if (page->page > 1) d.set("prev_url", url(page->page - 1));
  if (static_cast<std::size_t>(page->page) * static_cast<std::size_t>(page->per_page) < page->total) {
    d.set("next_url", url(page->page + 1));
  }
  d.set("filtered", q->industry.has_value() || q->field_id.has_value() || q->product_id.has_value());
  SendPage(app, req, res, lang, "cases", d, Message(lang, "case_list_title"), "cases", 200, &auth);
}

void HandleCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto c = app.cases.Published(PathId(req));
  if (!c) return ShowError(app, &auth, req, res, c.error());
  mst::data d = DisclosedData(lang, c->shown, FieldsOrEmpty(app), c->field_ids);
  SendPage(app, req, res, lang, "case", d, c->shown.organisation + " × " + c->shown.product_name, "cases", 200, &auth);
}

// ---- The workspace ---------------------------------------------------------------------------

void HandleWorkspaceCasesPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto mine = app.cases.List(*auth.actor);
  if (!mine) return RespondError(app, req, res, mine.error());
  mst::data list = List();
  for (const auto& v : *mine) {
    const auto& c = v.record;
    mst::data x;
    x.set("id", Id(c.id));
    x.set("product", c.product_name);
    x.set("vendor", c.vendor);
    x.set("organisation", c.content.user_org_name);
    x.set("state", std::string(domain::CodeIn<CaseState>(domain::kCaseStateCodes, v.state)));
    x.set("state_label", StateLabel(lang, v.state));
    if (v.side) x.set("side", PartyLabel(lang, *v.side));
    x.set("updated_at", JstText(c.updated_at));
    // Whose consent is still missing.
    std::vector<std::string> waiting;
    for (auto p : {CaseParty::kVendor, CaseParty::kUser}) {
      if (!c.ConsentOf(p)) waiting.push_back(PartyLabel(lang, p));
    }
    x.set("waiting", v.state == CaseState::kPublished ? mst::data(false) : Opt(Join(waiting, lang == Lang::kJa ? "、" : ", ")));
    list.push_back(x);
  }
  mst::data d;
  d.set("organisation", auth.actor->organisation);
  d.set("cases", list);
  d.set("has_cases", !mine->empty());
  d.set("may_propose", domain::AuthorizeRole(*auth.actor, domain::Action::kProposeCases).has_value());
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "workspace_cases", d, Message(lang, "case_workspace_title"), "", 200, &auth);
}

namespace {

// The content form's values: from a stored case or as posted.
struct ContentForm {
  std::string user_org_name, anonymised_label, industry, company_size, period, deployed, results, quote;
  std::vector<domain::CaseFigure> figures;
};

ContentForm FormOf(const domain::CaseContent& c) {
  return {c.user_org_name,
          c.anonymised_label,
          c.industry,
          std::string(domain::CodeIn<domain::CompanySize>(domain::kCompanySizeCodes, c.company_size)),
          c.period,
          c.deployed,
          c.results,
          c.quote,
          c.figures};
}

ContentForm FormOf(const Request& req) {
  ContentForm f{FormValue(req, "user_org_name"), FormValue(req, "anonymised_label"), FormValue(req, "industry"),
                FormValue(req, "company_size"),  FormValue(req, "period"),           FormValue(req, "deployed"),
                FormValue(req, "results"),       FormValue(req, "quote"),            {}};
  for (int i = 0; i < kFigureRows; ++i) {
    domain::CaseFigure g{FormValue(req, fmt::format("figure_label_{}", i)), FormValue(req, fmt::format("figure_value_{}", i)),
                         FormValue(req, fmt::format("figure_unit_{}", i))};
    if (Trim(g.label).empty() && Trim(g.value).empty() && Trim(g.unit).empty()) continue;
    f.figures.push_back(std::move(g));
  }
  return f;
}

domain::CaseInput InputOf(const ContentForm& f) {
  domain::CaseInput in;
  in.user_org_name = f.user_org_name;
  in.anonymised_label = f.anonymised_label;
  in.industry = f.industry;
  in.company_size = f.company_size;
  in.period = f.period;
  in.deployed = f.deployed;
  in.results = f.results;
  in.quote = f.quote;
  in.figures = f.figures;
  return in;
}

// The content form's fields (shared by the proposal and the case page).
void SetContentForm(mst::data& d, Lang lang, const ContentForm& f, const FormErrors* errors) {
  for (auto [key, value] : {std::pair{"user_org_name", &f.user_org_name}, {"anonymised_label", &f.anonymised_label},
                            {"period", &f.period}, {"deployed", &f.deployed}, {"results", &f.results},
                            {"quote", &f.quote}}) {
    d.set(key, *value);
  }
  for (const char* k : {"product_id", "user_contact", "user_org_name", "anonymised_label", "industry", "company_size",
                        "period", "deployed", "results", "figures", "quote"}) {
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
    x.set("label", SizeLabel(lang, s.value));
    x.set("selected", f.company_size == s.code);
    sizes.push_back(x);
  }
  d.set("sizes", sizes);
  mst::data rows = List();
  for (int i = 0; i < kFigureRows; ++i) {
    mst::data x;
    x.set("n", std::to_string(i));
    x.set("number", std::to_string(i + 1));
    if (static_cast<std::size_t>(i) < f.figures.size()) {
      x.set("label", f.figures[i].label);
      x.set("value", f.figures[i].value);
      x.set("unit", f.figures[i].unit);
    }
    x.set("error", Opt(FieldError(errors, fmt::format("figures[{}]", i))));
    rows.push_back(x);
  }
  d.set("figure_rows", rows);
}

void RenderNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const ContentForm& form,
                   const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  auto products = app.cases.ProposableProducts(*auth.actor);
  if (!products) return ShowError(app, &auth, req, res, products.error());
  mst::data d;
  d.set("csrf", auth.csrf);
  const bool vendor = auth.actor->Has(domain::Role::kVendor);
  d.set("vendor", vendor);
  d.set("user_contact", FormValue(req, "user_contact"));
  const std::string chosen = FormValue(req, "product_id").empty() ? req.get_param_value("product")
                                                                    : FormValue(req, "product_id");
  mst::data options = List();
  for (const auto& p : *products) {
    mst::data x;
    x.set("id", Id(p.id));
    x.set("name", p.name);
    x.set("vendor", p.vendor);
    x.set("selected", chosen == Id(p.id));
    options.push_back(x);
  }
  d.set("products", options);
  d.set("has_products", !products->empty());
  SetErrors(d, errors);
  SetContentForm(d, lang, form, errors);
  SendPage(app, req, res, lang, "case_new", d, Message(lang, "case_new_title"), "", status, &auth);
}

mst::data ChecklistData(Lang lang, const domain::CaseChecklist& answers, const FormErrors* errors) {
  mst::data list = List();
  for (const auto& q : domain::kChecklistQuestions) {
    mst::data x;
    const std::string key(q.key);
    x.set("key", key);
    x.set("question", Message(lang, "case_q_" + key));
    x.set("help", Message(lang, "case_q_" + key + "_help"));
    x.set("required", q.required);
    x.set("checked", answers.*q.member);
    x.set("error", Opt(FieldError(errors, key)));
    list.push_back(x);
  }
  return list;
}

void RenderCase(AppContext& app, const Auth& auth, const Request& req, Response& res, const services::CaseView& v,
                const ContentForm& form, const FormErrors* content_errors, const domain::CaseChecklist* answers,
                const FormErrors* consent_errors, int status) {
  const Lang lang = ResolveLang(req, res);
  const auto& c = v.record;
  const auto fields = FieldsOrEmpty(app);
  mst::data d;
  d.set("id", Id(c.id));
  d.set("csrf", auth.csrf);
  d.set("product", c.product_name);
  d.set("product_id", Id(c.product_id));
  d.set("vendor", c.vendor);
  d.set("user_org", c.content.user_org_name);
  d.set("fields", Opt(FieldNames(lang, fields, v.field_ids)));
  d.set("state", std::string(domain::CodeIn<CaseState>(domain::kCaseStateCodes, v.state)));
  d.set("state_label", StateLabel(lang, v.state));
  d.set("published", v.state == CaseState::kPublished);
  d.set("proposed_by", PartyLabel(lang, c.proposed_by));
  if (v.side) d.set("side", PartyLabel(lang, *v.side));
  const bool party = v.side.has_value() && domain::AuthorizeRole(*auth.actor, domain::Action::kProposeCases);
  d.set("party", party);
  d.set("editable", party && v.state != CaseState::kPublished);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  // Each side's consent.
  mst::data consents = List();
  for (auto p : {CaseParty::kVendor, CaseParty::kUser}) {
    mst::data x;
    x.set("party", PartyLabel(lang, p));
    x.set("party_code", std::string(domain::CodeIn<CaseParty>(domain::kCasePartyCodes, p)));
    const auto& k = c.ConsentOf(p);
    x.set("consented", k.has_value());
    if (k) x.set("at", JstText(k->at));
    x.set("mine", v.side == p);
    consents.push_back(x);
  }
  d.set("consents", consents);
  if (v.disclosed) d.set("disclosed", DisclosedData(lang, *v.disclosed, fields, v.field_ids));
  // The content, read-only when it may not change.
  d.set("view_industry", IndustryLabel(lang, c.content.industry));
  d.set("view_company_size", SizeLabel(lang, c.content.company_size));
  d.set("view_figures", FiguresData(c.content.figures));
  d.set("has_figures", !c.content.figures.empty());
  d.set("content_error", Opt(content_errors ? content_errors->summary : std::string()));
  if (content_errors) {
    mst::data list = List();
    for (const auto& p : content_errors->list) list.push_back(p);
    d.set("content_problems", list);
  }
  SetContentForm(d, lang, form, content_errors);
  d.set("view_user_org_name", c.content.user_org_name);
  d.set("view_anonymised_label", c.content.anonymised_label);
  d.set("view_period", c.content.period);
  d.set("view_deployed", c.content.deployed);
  d.set("view_results", c.content.results);
  d.set("view_quote", c.content.quote);
  // The side's checklist: its standing answers, or what it posted.
  domain::CaseChecklist shown_answers;
  bool mine_consented = false;
  if (v.side && c.ConsentOf(*v.side)) {
    shown_answers = c.ConsentOf(*v.side)->checklist;
    mine_consented = true;
  }
  if (answers) shown_answers = *answers;
  d.set("checklist", ChecklistData(lang, shown_answers, consent_errors));
  d.set("mine_consented", mine_consented);
  d.set("consent_error", Opt(consent_errors ? consent_errors->summary : std::string()));
  // History, oldest first.
  mst::data history = List();
  for (const auto& e : v.history) {
    mst::data x;
    x.set("at", JstText(e.at));
    x.set("kind", CodeLabel(lang, "case_event", domain::CodeIn<domain::CaseEventKind>(domain::kCaseEventKindCodes, e.kind)));
    x.set("party", e.party ? PartyLabel(lang, *e.party) : std::string("—"));
    history.push_back(x);
  }
  d.set("history", history);
  SendPage(app, req, res, lang, "case_workspace", d, c.product_name + " — " + Message(lang, "case_workspace_title"), "",
           status, &auth);
}

// The case page again after a refused change: the error beside the form that caused it.
void CaseError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e,
               const ContentForm* posted, const domain::CaseChecklist* answers, bool consent) {
  auto v = app.cases.Get(*auth.actor, PathId(req));
  if (!v) return ShowError(app, &auth, req, res, v.error());
  if (HttpStatusFor(e.code) == 404) return ShowError(app, &auth, req, res, e);
  auto errors = ErrorsOf(ResolveLang(req, res), e);
  // An error that stands for several problems and has its own reason (an incomplete checklist)
  // says so above the form; each problem stays beside its question.
  if (!e.reason.key.empty() && e.problems.size() > 1) {
    errors.summary = ErrorText(ResolveLang(req, res), MakeError(e.reason, e.code, e.message));
  }
  const ContentForm form = posted ? *posted : FormOf(v->record.content);
  RenderCase(app, auth, req, res, *v, form, consent ? nullptr : &errors, answers, consent ? &errors : nullptr,
             HttpStatusFor(e.code));
}

}  // namespace

void HandleCaseNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  ContentForm empty;
  empty.company_size = "";
  RenderNewPage(app, auth, req, res, empty, nullptr, 200);
}

void HandleCaseCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const ContentForm form = FormOf(req);
  services::ProposeInput in;
  const std::string product = std::string(Trim(FormValue(req, "product_id")));
  in.product_id = !product.empty() && product.size() <= 18 && product.find_first_not_of("0123456789") == std::string::npos
                      ? std::stoll(product)
                      : 0;
  in.user_contact = FormValue(req, "user_contact");
  in.content = InputOf(form);
  // A user_org_name left empty takes the organisation's registered name.
  if (Trim(form.user_org_name).empty()) in.content.user_org_name.reset();
  auto created = app.cases.Propose(*auth.actor, in);
  if (!created) {
    const auto errors = ErrorsOf(ResolveLang(req, res), created.error());
    return RenderNewPage(app, auth, req, res, form, &errors, HttpStatusFor(created.error().code));
  }
  RedirectWithNotice(app, auth, res, "/workspace/cases/" + Id(created->record.id), "case_notice_proposed");
}

void HandleWorkspaceCasePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.cases.Get(*auth.actor, PathId(req));
  if (!v) return ShowError(app, &auth, req, res, v.error());
  RenderCase(app, auth, req, res, *v, FormOf(v->record.content), nullptr, nullptr, nullptr, 200);
}

void HandleCaseSave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const ContentForm form = FormOf(req);
  auto before = app.cases.Get(*auth.actor, id);
  if (!before) return ShowError(app, &auth, req, res, before.error());
  auto saved = app.cases.Change(*auth.actor, id, InputOf(form));
  if (!saved) return CaseError(app, auth, req, res, saved.error(), &form, nullptr, false);
  const bool changed = saved->record.updated_at != before->record.updated_at || saved->history.size() != before->history.size();
  RedirectWithNotice(app, auth, res, "/workspace/cases/" + Id(id), changed ? "case_notice_saved" : "case_notice_unchanged");
}

void HandleCaseConsent(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  domain::CaseChecklist answers;
  for (const auto& q : domain::kChecklistQuestions) answers.*q.member = FormValue(req, std::string(q.key)) == "1";
  auto v = app.cases.Consent(*auth.actor, id, answers);
  if (!v) return CaseError(app, auth, req, res, v.error(), nullptr, &answers, true);
  RedirectWithNotice(app, auth, res, "/workspace/cases/" + Id(id),
                     v->state == CaseState::kPublished ? "case_notice_published" : "case_notice_consented");
}

void HandleCaseWithdrawPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.cases.Get(*auth.actor, PathId(req));
  if (!v) return ShowError(app, &auth, req, res, v.error());
  if (!v->side || !v->record.ConsentOf(*v->side)) {
    return ShowError(app, &auth, req, res,
                     MakeError(Reason{"error.case.no_consent", {{"id", Id(v->record.id)}}}, ErrorCode::kFailedPrecondition,
                               "your side has no consent to withdraw"));
  }
  mst::data d;
  d.set("id", Id(v->record.id));
  d.set("csrf", auth.csrf);
  d.set("product", v->record.product_name);
  d.set("user_org", v->record.content.user_org_name);
  d.set("published", v->state == CaseState::kPublished);
  d.set("other_side", PartyLabel(lang, *v->side == CaseParty::kVendor ? CaseParty::kUser : CaseParty::kVendor));
  SendPage(app, req, res, lang, "case_withdraw", d, Message(lang, "case_withdraw_title"), "", 200, &auth);
}

void HandleCaseWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto v = app.cases.Withdraw(*auth.actor, id);
  if (!v) return CaseError(app, auth, req, res, v.error(), nullptr, nullptr, true);
  RedirectWithNotice(app, auth, res, "/workspace/cases/" + Id(id), "case_notice_withdrawn");
}

}  // namespace proven::web
