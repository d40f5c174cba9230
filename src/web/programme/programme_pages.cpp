// The verification programme's pages (issue 9). Each handler reads the form, asks
// ProgrammeService (which checks the actor's permissions and the programme's rules itself) and
// either redirects with a notice code (Post/Redirect/Get) or shows the form again with the
// service's errors beside the fields, from the catalogue in the page's language.
#include "web/programme/programme_pages.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/text.hpp"
#include "web/alternates.hpp"
#include "web/charts.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using services::ApplicationView;
using services::CallView;

namespace {

// Field labels of this page family come first: "field.programme.<field>".
constexpr std::string_view kScope = "programme";
constexpr int kQuestionRows = 10;
constexpr int kCriterionRows = 8;

mst::data List() { return EmptyList(); }

std::string Id(std::int64_t id) { return std::to_string(id); }

template <typename E>
std::string Label(Lang lang, std::string_view group, std::span<const domain::CodeEntry<E>> table, E value) {
  return CodeLabel(lang, group, domain::CodeIn(table, value));
}
template <typename E>
std::string Code(std::span<const domain::CodeEntry<E>> table, E value) {
  return std::string(domain::CodeIn(table, value));
}

std::string StateLabel(Lang lang, domain::CallState s) {
  return Label<domain::CallState>(lang, "call_state", domain::kCallStateCodes, s);
}

// An instant for people, in Asia/Tokyo: "2026-12-01 17:00 JST".
std::string Jst(std::optional<std::int64_t> t) { return t ? FormatTokyoMinute(*t) + " JST" : std::string(); }
// The value of a datetime-local input (Asia/Tokyo): "2026-12-01T17:00".
std::string LocalInput(std::optional<std::int64_t> t) { return t ? FormatTokyoIso(*t).substr(0, 16) : std::string(); }
// A datetime-local value read in Asia/Tokyo as ISO 8601 with its offset; anything else as given
// (the service names what is wrong with it).
std::string FromLocalInput(std::string v) {
  v = std::string(Trim(v));
  if (v.size() == 16 && v[10] == 'T') return v + ":00+09:00";
  if (v.size() == 19 && v[10] == 'T') return v + "+09:00";
  return v;
}

// Every value of a repeated form field (checkboxes), in order.
std::vector<std::string> FormValues(const Request& req, const std::string& name) {
  std::vector<std::string> out;
  auto [lo, hi] = req.form.equal_range(name);
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

std::vector<std::int64_t> FormIds(const Request& req, const std::string& name) {
  std::vector<std::int64_t> out;
  for (const auto& v : FormValues(req, name)) {
    if (!v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos) out.push_back(std::stoll(v));
  }
  return out;
}

// A whole number typed into a form; nullopt when empty, `bad` when it is not a number (the
// service then names the field and its range).
std::optional<int> FormInt(const std::string& v, int bad) {
  const std::string t(Trim(v));
  if (t.empty()) return std::nullopt;
  if (t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) return bad;
  return std::stoi(t);
}

// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

FormErrors ErrorsOf(Lang lang, const Error& e) { return FormErrorsOf(lang, e, kScope); }

// The texts about `field` itself and its parts ("criteria[2]" covers "criteria[2].weight").
std::string FieldError(const FormErrors* errors, std::string_view field) {
  if (!errors) return {};
  std::vector<std::string> texts;
  for (const auto& [k, v] : errors->by_field) {
    if (k == field || (k.starts_with(field) && (k[field.size()] == '[' || k[field.size()] == '.'))) {
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
void ErrorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  web::ErrorPage(app, &auth, req, res, e, kScope);
}

std::optional<domain::Actor> OptionalActor(const Auth& auth) { return auth.actor; }

bool Allowed(const Auth& auth, domain::Action a) {
  return auth.actor && domain::AuthorizeRole(*auth.actor, a).has_value();
}

// A field's name in the page's language (the Japanese one when there is no English name).
std::string FieldName(Lang lang, const domain::Field& f) {
  return lang == Lang::kEn && !f.name_en.empty() ? f.name_en : f.name_ja;
}

std::string FieldNames(Lang lang, const std::vector<domain::Field>& all, const std::vector<std::int64_t>& ids) {
  std::vector<std::string> names;
  for (auto id : ids) {
    for (const auto& f : all) {
      if (f.id == id) names.push_back(FieldName(lang, f));
    }
  }
  return Join(names, lang == Lang::kJa ? "、" : ", ");
}

std::string Lines(const std::vector<std::string>& items) { return Join(items, "\n"); }

}  // namespace

// ---- The field map ----------------------------------------------------------------------------

namespace {

mst::data StatusOptions(Lang lang, domain::FieldStatus selected) {
  mst::data list = List();
  for (const auto& s : domain::kFieldStatusCodes) {
    mst::data o;
    o.set("code", std::string(s.code));
    o.set("label", CodeLabel(lang, "field_status", s.code));
    o.set("selected", s.value == selected);
    list.push_back(o);
  }
  return list;
}

// "名称（日本語）: 旧 → 新" for each change a history entry records.
std::string ChangeText(Lang lang, const std::string& detail) {
  auto j = nlohmann::json::parse(detail, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("changed") || !j["changed"].is_object()) return {};
  auto text = [](const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return std::string("—");
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::vector<std::string> parts;
  for (const auto& [key, change] : j["changed"].items()) {
    const std::string label = FieldLabel(lang, key, kScope);
    const std::string before = change.is_object() && change.contains("before") ? text(change["before"]) : "";
    const std::string after = change.is_object() && change.contains("after") ? text(change["after"]) : text(change);
    parts.push_back(fmt::format("{}: {} → {}", label.empty() ? key : label, Ellipsize(before, 80), Ellipsize(after, 80)));
  }
  return Join(parts, lang == Lang::kJa ? "／" : " / ");
}

void RenderFieldsPage(AppContext& app, const Auth& auth, const Request& req, Response& res,
                      const std::optional<std::int64_t>& error_for, const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  auto fields = app.programme.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  auto history = app.programme.FieldHistory();
  if (!history) return RespondError(app, req, res, history.error());
  const bool admin = Allowed(auth, domain::Action::kEditFieldMap);
  mst::data d;
  d.set("admin", admin);
  d.set("csrf", auth.csrf);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  mst::data list = List();
  for (const auto& f : *fields) {
    mst::data x;
    x.set("id", Id(f.id));
    x.set("name", FieldName(lang, f));
    x.set("name_ja", f.name_ja);
    x.set("name_en", f.name_en);
    x.set("description", f.description);
    x.set("rationale", f.rationale);
    x.set("retired", f.status == domain::FieldStatus::kRetired);
    x.set("status_label", CodeLabel(lang, "field_status", Code<domain::FieldStatus>(domain::kFieldStatusCodes, f.status)));
    x.set("reviewed_fy", f.reviewed_fy ? std::to_string(*f.reviewed_fy) : std::string());
    x.set("statuses", StatusOptions(lang, f.status));
    x.set("csrf", auth.csrf);
    x.set("admin", admin);
    if (errors && error_for == f.id) {
      x.set("error", errors->summary);
      for (const char* k : {"name_ja", "name_en", "description", "rationale", "status", "reviewed_fy"}) {
        x.set(std::string("error_") + k, FieldError(errors, k));
      }
    }
    list.push_back(x);
  }
  d.set("fields", list);
  d.set("new_statuses", StatusOptions(lang, domain::FieldStatus::kActive));
  if (errors && !error_for) {
    d.set("new_error", errors->summary);
    for (const char* k : {"name_ja", "name_en", "description", "rationale", "status", "reviewed_fy"}) {
      d.set(std::string("new_error_") + k, FieldError(errors, k));
    }
    for (const char* k : {"name_ja", "name_en", "description", "rationale", "reviewed_fy"}) {
      d.set(std::string("new_") + k, FormValue(req, k));
    }
  }
  mst::data events = List();
  for (const auto& e : *history) {
    mst::data x;
    x.set("at", JstText(e.at));
    x.set("field", e.field_name_ja);
    x.set("kind", CodeLabel(lang, "field_event", Code<domain::FieldEventKind>(domain::kFieldEventKindCodes, e.kind)));
    x.set("changes", ChangeText(lang, e.detail));
    events.push_back(x);
  }
  d.set("history", events);
  d.set("has_history", !history->empty());
  SendPage(app, req, res, lang, "fields", d, Message(lang, "prog_fields_title"), "fields", status, &auth);
}

domain::FieldInput FieldInputFrom(const Request& req) {
  domain::FieldInput in;
  in.name_ja = FormValue(req, "name_ja");
  in.name_en = FormValue(req, "name_en");
  in.description = FormValue(req, "description");
  in.rationale = FormValue(req, "rationale");
  if (req.form.contains("status")) in.status = FormValue(req, "status");
  in.reviewed_fy = FormInt(FormValue(req, "reviewed_fy"), -1);
  return in;
}

}  // namespace

void HandleFieldsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderFieldsPage(app, auth, req, res, std::nullopt, nullptr, 200);
}

void HandleFieldCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto created = app.programme.CreateField(*auth.actor, FieldInputFrom(req));
  if (!created) {
    const auto errors = ErrorsOf(ResolveLang(req, res), created.error());
    return RenderFieldsPage(app, auth, req, res, std::nullopt, &errors, HttpStatusFor(created.error().code));
  }
  RedirectWithNotice(app, auth, res, "/fields#field-" + Id(created->id), "prog_notice_field_created");
}

void HandleFieldChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto changed = app.programme.ChangeField(*auth.actor, id, FieldInputFrom(req));
  if (!changed) {
    if (HttpStatusFor(changed.error().code) == 404) return ErrorPage(app, auth, req, res, changed.error());
    const auto errors = ErrorsOf(ResolveLang(req, res), changed.error());
    return RenderFieldsPage(app, auth, req, res, id, &errors, HttpStatusFor(changed.error().code));
  }
  RedirectWithNotice(app, auth, res, "/fields#field-" + Id(id), "prog_notice_field_changed");
}

// ---- Calls, for everyone -----------------------------------------------------------------------

namespace {

mst::data CallRow(Lang lang, const CallView& v) {
  mst::data x;
  x.set("id", Id(v.call.id));
  x.set("title", v.call.title);
  x.set("state", Code<domain::CallState>(domain::kCallStateCodes, v.state));
  x.set("state_label", StateLabel(lang, v.state));
  x.set("draft", v.state == domain::CallState::kDraft);
  x.set("opens_at", Jst(v.call.opens_at));
  x.set("closes_at", Jst(v.call.closes_at));
  std::vector<std::string> names;
  for (const auto& f : v.fields) names.push_back(FieldName(lang, f));
  x.set("fields", Join(names, lang == Lang::kJa ? "、" : ", "));
  return x;
}

mst::data CriteriaList(const std::vector<domain::Criterion>& criteria) {
  int total = 0;
  for (const auto& c : criteria) total += c.weight;
  mst::data list = List();
  for (const auto& c : criteria) {
    mst::data x;
    x.set("id", Id(c.id));
    x.set("name", c.name);
    x.set("description", c.description);
    x.set("weight", std::to_string(c.weight));
    x.set("share", total > 0 ? fmt::format("{:.0f}%", 100.0 * c.weight / total) : std::string());
    list.push_back(x);
  }
  return list;
}

mst::data QuestionList(Lang lang, const std::vector<domain::Question>& questions) {
  mst::data list = List();
  for (const auto& q : questions) {
    mst::data x;
    x.set("prompt", q.prompt);
    x.set("kind", Label<domain::QuestionKind>(lang, "question_kind", domain::kQuestionKindCodes, q.kind));
    x.set("options", Join(q.options, lang == Lang::kJa ? "／" : " / "));
    x.set("required", q.required);
    list.push_back(x);
  }
  return list;
}

}  // namespace

void HandleCallsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto calls = app.programme.ListCalls(OptionalActor(auth));
  if (!calls) return RespondError(app, req, res, calls.error());
  mst::data open = List(), past = List();
  for (const auto& v : *calls) {
    if (v.state == domain::CallState::kDraft) continue;
    (v.state == domain::CallState::kOpen ? open : past).push_back(CallRow(lang, v));
  }
  mst::data d;
  d.set("open", open);
  d.set("past", past);
  d.set("has_open", !open.is_empty_list());
  d.set("has_past", !past.is_empty_list());
  d.set("alternates", FeedAlternates(lang, "/feeds/calls.atom", "feed_calls_title"));
  SendPage(app, req, res, lang, "calls", d, Message(lang, "prog_calls_title"), "calls", 200, &auth);
}

void HandleCallPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.programme.GetCall(OptionalActor(auth), PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  mst::data d = CallRow(lang, *v);
  d.set("description", v->call.description);
  d.set("eligibility", v->call.eligibility);
  d.set("quorum", std::to_string(v->call.quorum));
  d.set("criteria", CriteriaList(v->call.criteria));
  d.set("questions", QuestionList(lang, v->call.questions));
  d.set("has_questions", !v->call.questions.empty());
  mst::data selected = List();
  for (const auto& a : v->selected) {
    mst::data x;
    x.set("product", a.product.name);
    x.set("version", a.product.version);
    x.set("vendor", a.vendor);
    x.set("rationale", a.rationale);
    selected.push_back(x);
  }
  d.set("selected", selected);
  d.set("decided", v->state == domain::CallState::kDecided);
  d.set("can_apply", v->state == domain::CallState::kOpen && Allowed(auth, domain::Action::kApplyToCalls));
  d.set("can_manage", Allowed(auth, domain::Action::kManageCalls));
  d.set("alternates", FeedAlternates(lang, "/feeds/calls.atom", "feed_calls_title"));
  SendPage(app, req, res, lang, "call", d, v->call.title, "calls", 200, &auth);
}

void HandleCallsFeed(AppContext& app, const Request& req, Response& res) {
  auto calls = app.programme.ListCalls(std::nullopt);
  if (!calls) return RespondError(app, req, res, calls.error());
  // Never the request's Host header: links in a feed must not be steerable by a client.
  const std::string& base = app.public_url;
  std::string updated = "1970-01-01T00:00:00Z";
  for (const auto& v : *calls) {
    const std::string& at = v.call.decided_at.empty() ? (v.call.opened_at.empty() ? v.call.created_at : v.call.opened_at)
                                                      : v.call.decided_at;
    updated = std::max(updated, at);
  }
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n";
  x += fmt::format("  <title>{}</title>\n", EscapeXml(Message(Lang::kJa, "prog_feed_title")));
  x += "  <id>urn:proven:feeds:calls</id>\n";
  x += fmt::format("  <link rel=\"self\" href=\"{}/feeds/calls.atom\"/>\n", EscapeXml(base));
  x += fmt::format("  <link rel=\"alternate\" href=\"{}/calls\"/>\n", EscapeXml(base));
  x += fmt::format("  <updated>{}</updated>\n", EscapeXml(updated));
  for (const auto& v : *calls) {
    if (v.state == domain::CallState::kDraft) continue;
    const std::string& at = v.call.decided_at.empty() ? (v.call.opened_at.empty() ? v.call.created_at : v.call.opened_at)
                                                      : v.call.decided_at;
    x += "  <entry>\n";
    x += fmt::format("    <id>urn:proven:call:{}</id>\n", v.call.id);
    x += fmt::format("    <title>{}（{}）</title>\n", EscapeXml(v.call.title), EscapeXml(StateLabel(Lang::kJa, v.state)));
    x += fmt::format("    <link href=\"{}/calls/{}\"/>\n", EscapeXml(base), v.call.id);
    x += fmt::format("    <updated>{}</updated>\n", EscapeXml(at.empty() ? std::string("1970-01-01T00:00:00Z") : at));
    x += fmt::format("    <summary>{}</summary>\n",
                     EscapeXml(Message(Lang::kJa, "prog_feed_summary",
                                       {{"opens_at", Jst(v.call.opens_at)}, {"closes_at", Jst(v.call.closes_at)}})));
    x += fmt::format("    <category term=\"{}\"/>\n", Code<domain::CallState>(domain::kCallStateCodes, v.state));
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

// ---- The admin's calls -------------------------------------------------------------------------

void HandleAdminCallsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto calls = app.programme.ListCalls(OptionalActor(auth), true);
  if (!calls) return RespondError(app, req, res, calls.error());
  mst::data list = List();
  for (const auto& v : *calls) {
    mst::data x = CallRow(lang, v);
    x.set("csrf", auth.csrf);
    x.set("reviewable", v.state != domain::CallState::kDraft);
    list.push_back(x);
  }
  mst::data d;
  d.set("calls", list);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "admin_calls", d, Message(lang, "prog_admin_calls_title"), "", 200, &auth);
}

namespace {

// The call editor's values as typed (strings), from a call or from the posted form.
struct CallForm {
  std::string title, description, eligibility, opens_at, closes_at, quorum;
  std::vector<std::int64_t> field_ids;
  struct QuestionRow {
    std::string kind = "text", prompt, options;
    bool required = false;
  };
  struct CriterionRow {
    std::string name, description, weight;
  };
  std::vector<QuestionRow> questions;
  std::vector<CriterionRow> criteria;
};

CallForm FormOfCall(const domain::Call& c) {
  CallForm f{c.title, c.description, c.eligibility, LocalInput(c.opens_at), LocalInput(c.closes_at),
             std::to_string(c.quorum), c.field_ids, {}, {}};
  for (const auto& q : c.questions) {
    f.questions.push_back({Code<domain::QuestionKind>(domain::kQuestionKindCodes, q.kind), q.prompt, Lines(q.options),
                           q.required});
  }
  for (const auto& k : c.criteria) f.criteria.push_back({k.name, k.description, std::to_string(k.weight)});
  return f;
}

std::vector<std::string> OptionLines(const std::string& text) { return SplitList(text, {"\r\n", "\n", "\r"}); }

// The posted editor, its non-empty rows first and in order, so that row k is what the service
// calls questions[k] and criteria[k].
CallForm FormOfRequest(const Request& req) {
  CallForm f{FormValue(req, "title"),    FormValue(req, "description"), FormValue(req, "eligibility"),
             FormValue(req, "opens_at"), FormValue(req, "closes_at"),   FormValue(req, "quorum"),
             FormIds(req, "field_ids"),  {},                            {}};
  for (int i = 0; i < domain::kMaxQuestions && req.form.contains("q_prompt_" + std::to_string(i)); ++i) {
    const std::string n = std::to_string(i);
    CallForm::QuestionRow q{FormValue(req, "q_kind_" + n), FormValue(req, "q_prompt_" + n),
                            FormValue(req, "q_options_" + n), !FormValue(req, "q_required_" + n).empty()};
    if (!Trim(q.prompt).empty() || !Trim(q.options).empty()) f.questions.push_back(std::move(q));
  }
  for (int i = 0; i < domain::kMaxCriteria && req.form.contains("c_name_" + std::to_string(i)); ++i) {
    const std::string n = std::to_string(i);
    CallForm::CriterionRow c{FormValue(req, "c_name_" + n), FormValue(req, "c_description_" + n),
                             FormValue(req, "c_weight_" + n)};
    if (!Trim(c.name).empty() || !Trim(c.description).empty() || !Trim(c.weight).empty()) {
      f.criteria.push_back(std::move(c));
    }
  }
  return f;
}

// What the editor changes. A draft's editor ("full") sends everything; an open call's sends its
// texts, quorum and deadline only — any frozen part a request carries anyway goes to the
// service, which refuses it (409) naming what is frozen.
// A date the form shows to the minute is sent only when it was changed: an instant with seconds
// (set over the API) is kept as it is.
domain::CallInput InputOf(const Request& req, const CallForm& f, const domain::Call* existing) {
  const bool full = req.form.contains("full");
  auto changed = [&](const std::string& typed, std::optional<std::int64_t> before) {
    return !Trim(typed).empty() && (!existing || std::string(Trim(typed)) != LocalInput(before));
  };
  domain::CallInput in;
  in.title = f.title;
  in.description = f.description;
  in.eligibility = f.eligibility;
  if (changed(f.closes_at, existing ? existing->closes_at : std::nullopt)) in.closes_at = FromLocalInput(f.closes_at);
  if (full || req.form.contains("opens_at")) {
    if (changed(f.opens_at, existing ? existing->opens_at : std::nullopt)) in.opens_at = FromLocalInput(f.opens_at);
  }
  if (full || req.form.contains("field_ids")) in.field_ids = f.field_ids;
  in.quorum = FormInt(f.quorum, 0);
  if (full || req.form.contains("q_prompt_0")) {
    std::vector<domain::Question> questions;
    for (const auto& r : f.questions) {
      domain::Question q;
      q.kind = domain::ValueIn<domain::QuestionKind>(domain::kQuestionKindCodes, r.kind).value_or(domain::QuestionKind::kText);
      q.prompt = r.prompt;
      q.options = OptionLines(r.options);
      q.required = r.required;
      questions.push_back(std::move(q));
    }
    in.questions = std::move(questions);
  }
  if (full || req.form.contains("c_name_0")) {
    std::vector<domain::Criterion> criteria;
    for (const auto& r : f.criteria) criteria.push_back({0, r.name, r.description, FormInt(r.weight, 0).value_or(0)});
    in.criteria = std::move(criteria);
  }
  return in;
}

mst::data FieldChecks(Lang lang, const std::vector<domain::Field>& fields, const std::vector<std::int64_t>& checked) {
  mst::data list = List();
  for (const auto& f : fields) {
    const bool on = std::find(checked.begin(), checked.end(), f.id) != checked.end();
    if (f.status == domain::FieldStatus::kRetired && !on) continue;
    mst::data x;
    x.set("id", Id(f.id));
    x.set("name", FieldName(lang, f));
    x.set("checked", on);
    list.push_back(x);
  }
  return list;
}

mst::data QuestionRows(Lang lang, const CallForm& f, const FormErrors* errors) {
  mst::data list = List();
  const int rows = std::max<int>(kQuestionRows, static_cast<int>(f.questions.size()));
  for (int i = 0; i < rows; ++i) {
    const CallForm::QuestionRow q = i < static_cast<int>(f.questions.size()) ? f.questions[i] : CallForm::QuestionRow{};
    mst::data x;
    x.set("i", std::to_string(i));
    x.set("n", std::to_string(i + 1));
    x.set("prompt", q.prompt);
    x.set("options", q.options);
    x.set("required", q.required);
    mst::data kinds = List();
    for (const auto& k : domain::kQuestionKindCodes) {
      mst::data o;
      o.set("code", std::string(k.code));
      o.set("label", CodeLabel(lang, "question_kind", k.code));
      o.set("selected", k.code == q.kind);
      kinds.push_back(o);
    }
    x.set("kinds", kinds);
    x.set("error", FieldError(errors, "questions[" + std::to_string(i) + "]"));
    list.push_back(x);
  }
  return list;
}

mst::data CriterionRows(const CallForm& f, const FormErrors* errors) {
  mst::data list = List();
  const int rows = std::max<int>(kCriterionRows, static_cast<int>(f.criteria.size()));
  for (int i = 0; i < rows; ++i) {
    const CallForm::CriterionRow c = i < static_cast<int>(f.criteria.size()) ? f.criteria[i] : CallForm::CriterionRow{};
    mst::data x;
    x.set("i", std::to_string(i));
    x.set("n", std::to_string(i + 1));
    x.set("name", c.name);
    x.set("description", c.description);
    x.set("weight", c.weight);
    x.set("error", FieldError(errors, "criteria[" + std::to_string(i) + "]"));
    list.push_back(x);
  }
  return list;
}

// The editor: everything for a new call or a draft; for an open call its texts, quorum and
// deadline, with the frozen parts (fields, opening, questions, criteria) shown read-only.
void RenderCallForm(AppContext& app, const Auth& auth, const Request& req, Response& res, const CallView* existing,
                    const CallForm& f, const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  auto fields = app.programme.Fields();
  if (!fields) return RespondError(app, req, res, fields.error());
  const bool editable = !existing || existing->state == domain::CallState::kDraft;
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("is_new", existing == nullptr);
  d.set("editable", editable);
  d.set("action", existing ? "/admin/calls/" + Id(existing->call.id) : std::string("/admin/calls"));
  const std::string heading = Message(lang, existing ? "prog_edit_call" : "prog_new_call");
  d.set("heading", heading);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SetErrors(d, errors);
  for (const char* k : {"title", "description", "eligibility", "opens_at", "closes_at", "quorum", "fields"}) {
    d.set(std::string("error_") + k, FieldError(errors, k));
  }
  d.set("title", f.title);
  d.set("description", f.description);
  d.set("eligibility", f.eligibility);
  d.set("opens_at", f.opens_at);
  d.set("closes_at", f.closes_at);
  d.set("quorum", f.quorum);
  d.set("fields", FieldChecks(lang, *fields, f.field_ids));
  if (editable) {
    d.set("question_rows", QuestionRows(lang, f, errors));
    d.set("criterion_rows", CriterionRows(f, errors));
  }
  if (existing) {
    d.set("id", Id(existing->call.id));
    d.set("state_label", StateLabel(lang, existing->state));
    d.set("can_open", existing->state == domain::CallState::kDraft);
    d.set("frozen_fields", FieldNames(lang, *fields, existing->call.field_ids));
    d.set("frozen_opens_at", Jst(existing->call.opens_at));
    d.set("criteria", CriteriaList(existing->call.criteria));
    d.set("questions", QuestionList(lang, existing->call.questions));
  }
  SendPage(app, req, res, lang, "call_form", d, heading, "", status, &auth);
}

void CallFormError(AppContext& app, const Auth& auth, const Request& req, Response& res, const CallView* existing,
                   const CallForm& f, const Error& e) {
  const auto errors = ErrorsOf(ResolveLang(req, res), e);
  RenderCallForm(app, auth, req, res, existing, f, &errors, HttpStatusFor(e.code));
}

}  // namespace

void HandleCallNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  CallForm f;
  f.quorum = std::to_string(domain::kDefaultQuorum);
  RenderCallForm(app, auth, req, res, nullptr, f, nullptr, 200);
}

void HandleCallCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const CallForm f = FormOfRequest(req);
  auto created = app.programme.CreateCall(*auth.actor, InputOf(req, f, nullptr));
  if (!created) return CallFormError(app, auth, req, res, nullptr, f, created.error());
  RedirectWithNotice(app, auth, res, "/admin/calls/" + Id(created->call.id) + "/edit", "prog_notice_call_created");
}

void HandleCallEditPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.programme.GetCall(OptionalActor(auth), PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  RenderCallForm(app, auth, req, res, &*v, FormOfCall(v->call), nullptr, 200);
}

void HandleCallChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.programme.GetCall(OptionalActor(auth), PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  const CallForm f = FormOfRequest(req);
  auto changed = app.programme.ChangeCall(*auth.actor, v->call.id, InputOf(req, f, &v->call));
  if (!changed) return CallFormError(app, auth, req, res, &*v, f, changed.error());
  RedirectWithNotice(app, auth, res, "/admin/calls/" + Id(v->call.id) + "/edit", "prog_notice_call_saved");
}

void HandleCallOpen(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto opened = app.programme.OpenCall(*auth.actor, PathId(req));
  if (!opened) {
    auto v = app.programme.GetCall(OptionalActor(auth), PathId(req));
    if (!v) return ErrorPage(app, auth, req, res, v.error());
    return CallFormError(app, auth, req, res, &*v, FormOfCall(v->call), opened.error());
  }
  RedirectWithNotice(app, auth, res, "/admin/calls/" + Id(opened->call.id) + "/edit", "prog_notice_call_opened");
}

// ---- The committee, the ranking and the decisions -----------------------------------------------

namespace {

// Where a reviewer stands with an application, for people: undeclared, clear, or conflicted
// (with why: the reviewer's own reason, or the automatic cause).
std::string ConflictText(Lang lang, const domain::ConflictView& c) {
  switch (c.status) {
    case domain::ConflictStatus::kUndeclared: return Message(lang, "prog_conflict_undeclared");
    case domain::ConflictStatus::kClear: return Message(lang, "prog_conflict_clear");
    case domain::ConflictStatus::kConflicted: break;
  }
  std::string why = c.automatic ? Label<domain::AutoConflict>(lang, "auto_conflict", domain::kAutoConflictCodes, *c.automatic)
                                : c.reason;
  return why.empty() ? Message(lang, "prog_conflict_declared")
                     : Message(lang, "prog_conflict_because", {{"reason", why}});
}

void RenderCommittee(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                     int status) {
  const Lang lang = ResolveLang(req, res);
  auto c = app.programme.Committee(*auth.actor, PathId(req));
  if (!c) return ErrorPage(app, auth, req, res, c.error());
  mst::data d = CallRow(lang, c->call);
  d.set("csrf", auth.csrf);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SetErrors(d, errors);
  if (errors) d.set("email", FormValue(req, "email"));
  mst::data reviewers = List();
  std::map<std::int64_t, std::string> email_of;
  for (const auto& r : c->reviewers) {
    email_of[r.user_id] = r.email;
    mst::data x;
    x.set("email", r.email);
    x.set("organisation", r.organisation);
    x.set("appointed_at", JstText(r.appointed_at));
    reviewers.push_back(x);
  }
  d.set("reviewers", reviewers);
  d.set("has_reviewers", !c->reviewers.empty());
  std::map<std::int64_t, const domain::Application*> app_of;
  for (const auto& a : c->applications) app_of[a.id] = &a;
  mst::data cells = List();
  for (const auto& cell : c->cells) {
    const auto* a = app_of.contains(cell.application_id) ? app_of[cell.application_id] : nullptr;
    mst::data x;
    x.set("reviewer", email_of[cell.reviewer_id]);
    x.set("product", a ? a->product.name : Id(cell.application_id));
    x.set("vendor", a ? a->vendor : std::string());
    x.set("declared", cell.conflict.status != domain::ConflictStatus::kUndeclared || cell.conflict.automatic.has_value());
    x.set("conflicted", cell.conflict.status == domain::ConflictStatus::kConflicted);
    x.set("conflict", ConflictText(lang, cell.conflict));
    x.set("scored", cell.scored);
    cells.push_back(x);
  }
  d.set("cells", cells);
  d.set("has_cells", !c->cells.empty());
  d.set("application_count", std::to_string(c->applications.size()));
  SendPage(app, req, res, lang, "committee", d, Message(lang, "prog_committee_title"), "", status, &auth);
}

void RenderRanking(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t call_id,
                   const FormErrors* errors, std::int64_t error_for, int status) {
  const Lang lang = ResolveLang(req, res);
  auto r = app.programme.Ranking(*auth.actor, call_id);
  if (!r) return ErrorPage(app, auth, req, res, r.error());
  mst::data d;
  d.set("id", Id(call_id));
  d.set("title", r->call.title);
  d.set("state_label", StateLabel(lang, r->state));
  d.set("quorum", std::to_string(r->call.quorum));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  mst::data heads = List();
  for (const auto& c : r->call.criteria) {
    mst::data h;
    h.set("name", c.name);
    h.set("weight", std::to_string(c.weight));
    heads.push_back(h);
  }
  d.set("criteria", heads);
  mst::data ranked = List(), unranked = List(), decisions = List();
  std::vector<Bar> bars;
  std::vector<std::string> bar_texts;
  for (const auto& row : r->rows) {
    const auto it = r->applications.find(row.application_id);
    const domain::Application* a = it == r->applications.end() ? nullptr : &it->second;
    mst::data x;
    x.set("application_id", Id(row.application_id));
    x.set("rank", row.rank ? std::to_string(*row.rank) : std::string("—"));
    x.set("product", a ? a->product.name : Id(row.application_id));
    x.set("vendor", a ? a->vendor : std::string());
    x.set("reviews", std::to_string(row.reviews));
    x.set("weighted", row.weighted ? row.weighted->Text() : std::string("—"));
    mst::data means = List();
    std::vector<std::string> disagreed;
    for (const auto& c : r->call.criteria) {
      const auto m = row.criterion_means.find(c.id);
      const bool flag = std::find(row.disagreements.begin(), row.disagreements.end(), c.id) != row.disagreements.end();
      mst::data cell;
      cell.set("mean", m == row.criterion_means.end() ? std::string("—") : m->second.Text());
      cell.set("disagree", flag);
      means.push_back(cell);
      if (flag) disagreed.push_back(c.name);
    }
    x.set("means", means);
    x.set("disagreement", disagreed.empty() ? std::string()
                                            : Message(lang, "prog_disagreement_on", {{"criteria", Join(disagreed, ", ")}}));
    x.set("csrf", auth.csrf);
    x.set("decidable", r->state == domain::CallState::kClosed || r->state == domain::CallState::kDecided);
    if (a && a->outcome) {
      x.set("outcome", Label<domain::Outcome>(lang, "outcome", domain::kOutcomeCodes, *a->outcome));
      x.set("selected_chosen", *a->outcome == domain::Outcome::kSelected);
      x.set("not_selected_chosen", *a->outcome == domain::Outcome::kNotSelected);
    }
    x.set("rationale", errors && error_for == row.application_id ? FormValue(req, "rationale") : (a ? a->rationale : ""));
    if (errors && error_for == row.application_id) x.set("error", errors->summary);
    (row.rank ? ranked : unranked).push_back(x);
    decisions.push_back(x);
    if (row.rank && row.weighted) {
      bars.push_back({fmt::format("{}. {}", *row.rank, a ? a->product.name : Id(row.application_id)),
                      static_cast<int>(row.weighted->thousandths)});
      bar_texts.push_back(row.weighted->Text());
    }
  }
  d.set("ranked", ranked);
  d.set("unranked", unranked);
  d.set("decisions", decisions);
  d.set("has_ranked", !ranked.is_empty_list());
  d.set("has_unranked", !unranked.is_empty_list());
  if (!bars.empty()) d.set("chart", ResponsiveBarChart(bars, Message(lang, "prog_chart_title"), bar_texts));
  SendPage(app, req, res, lang, "ranking", d, Message(lang, "prog_ranking_title"), "", status, &auth);
}

}  // namespace

void HandleCommitteePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderCommittee(app, auth, req, res, nullptr, 200);
}

void HandleReviewerAppoint(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto appointed = app.programme.AppointReviewer(*auth.actor, id, std::string(Trim(FormValue(req, "email"))));
  if (!appointed) {
    if (HttpStatusFor(appointed.error().code) == 404 && appointed.error().field.empty() &&
        appointed.error().reason.key.empty()) {
      return ErrorPage(app, auth, req, res, appointed.error());
    }
    const auto errors = ErrorsOf(ResolveLang(req, res), appointed.error());
    return RenderCommittee(app, auth, req, res, &errors, HttpStatusFor(appointed.error().code));
  }
  RedirectWithNotice(app, auth, res, "/admin/calls/" + Id(id) + "/committee", "prog_notice_appointed");
}

void HandleRankingPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderRanking(app, auth, req, res, PathId(req), nullptr, 0, 200);
}

void HandleApplicationDecide(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const auto outcome = domain::ValueIn<domain::Outcome>(domain::kOutcomeCodes, FormValue(req, "outcome"));
  auto decided = outcome ? app.programme.Decide(*auth.actor, id, *outcome, FormValue(req, "rationale"))
                         : Result<ApplicationView>(Fail(Reason{"error.decision.bad_outcome", {}},
                                                        ErrorCode::kInvalidArgument,
                                                        "outcome must be selected or not_selected", {}, "outcome"));
  if (decided) return RedirectWithNotice(app, auth, res, "/admin/calls/" + Id(decided->application.call_id) + "/ranking", "prog_notice_decided");
  auto a = app.programme.GetApplication(*auth.actor, id);
  if (!a) return ErrorPage(app, auth, req, res, decided.error());
  const auto errors = ErrorsOf(ResolveLang(req, res), decided.error());
  RenderRanking(app, auth, req, res, a->application.call_id, &errors, id, HttpStatusFor(decided.error().code));
}

// ---- A reviewer's work -------------------------------------------------------------------------

namespace {

void RenderReviewerPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                        int status) {
  const Lang lang = ResolveLang(req, res);
  auto queue = app.programme.ReviewerQueue(*auth.actor);
  if (!queue) return RespondError(app, req, res, queue.error());
  auto relationships = app.programme.Relationships(*auth.actor);
  if (!relationships) return RespondError(app, req, res, relationships.error());
  mst::data d;
  d.set("csrf", auth.csrf);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SetErrors(d, errors);
  if (errors) {
    d.set("organisation", FormValue(req, "organisation"));
    d.set("note", FormValue(req, "note"));
  }
  // One section per call, in the queue's order.
  mst::data calls = List();
  std::int64_t current = -1;
  mst::data call, items = List();
  auto flush = [&] {
    if (current < 0) return;
    call.set("items", items);
    calls.push_back(call);
  };
  for (const auto& q : *queue) {
    if (q.call.id != current) {
      flush();
      current = q.call.id;
      call = CallRow(lang, CallView{q.call, q.call_state, {}, {}});
      items = List();
    }
    mst::data x;
    x.set("id", Id(q.application_id));
    x.set("product", q.product_name);
    x.set("vendor", q.vendor);
    x.set("conflict", ConflictText(lang, q.conflict));
    x.set("to_declare", q.conflict.status == domain::ConflictStatus::kUndeclared);
    x.set("to_score", q.conflict.status == domain::ConflictStatus::kClear && !q.scored);
    x.set("scored", q.scored);
    items.push_back(x);
  }
  flush();
  d.set("calls", calls);
  d.set("has_calls", !queue->empty());
  mst::data rels = List();
  for (const auto& r : *relationships) {
    mst::data x;
    x.set("organisation", r.organisation);
    x.set("note", r.note);
    x.set("declared_at", JstText(r.declared_at));
    rels.push_back(x);
  }
  d.set("relationships", rels);
  d.set("has_relationships", !relationships->empty());
  SendPage(app, req, res, lang, "reviewer", d, Message(lang, "prog_reviewer_title"), "", status, &auth);
}

// The application's product and answers, as read-only rows (the reviewer's and the submitted
// vendor's view).
void SetDetails(Lang lang, const domain::Application& a, const CallView& call,
                const std::vector<store::Attachment>& attachments, mst::data& d) {
  const auto& p = a.product;
  d.set("version", p.version);
  d.set("overview", p.overview);
  d.set("homepage", p.homepage);
  d.set("product_fields", FieldNames(lang, call.fields, p.field_ids));
  std::vector<std::string> forms;
  for (auto f : p.deployment) forms.push_back(Label<domain::DeploymentForm>(lang, "deployment", domain::kDeploymentFormCodes, f));
  d.set("deployment", Join(forms, lang == Lang::kJa ? "、" : ", "));
  std::map<std::int64_t, std::string> file_name;
  mst::data files = List();
  for (const auto& f : attachments) {
    file_name[f.id] = f.filename;
    mst::data x;
    x.set("id", Id(f.id));
    x.set("filename", f.filename);
    x.set("content_type", f.content_type);
    x.set("size", fmt::format("{:.1f} KB", static_cast<double>(f.size) / 1024.0));
    files.push_back(x);
  }
  d.set("attachments", files);
  d.set("has_attachments", !attachments.empty());
  mst::data answers = List();
  for (const auto& q : call.call.questions) {
    mst::data x;
    x.set("prompt", q.prompt);
    std::string text;
    if (auto it = a.answers.find(q.id); it != a.answers.end()) {
      if (const auto* s = std::get_if<std::string>(&it->second)) text = *s;
      if (const auto* v = std::get_if<std::vector<std::string>>(&it->second)) text = Join(*v, lang == Lang::kJa ? "、" : ", ");
      if (const auto* f = std::get_if<std::int64_t>(&it->second)) text = file_name.contains(*f) ? file_name[*f] : Id(*f);
    }
    x.set("answer", text);
    answers.push_back(x);
  }
  d.set("answers", answers);
}

void RenderReviewPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                      int status) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.programme.GetApplication(*auth.actor, PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  auto call = app.programme.GetCall(OptionalActor(auth), v->application.call_id);
  if (!call) return ErrorPage(app, auth, req, res, call.error());
  const auto& a = v->application;
  mst::data d;
  d.set("id", Id(a.id));
  d.set("csrf", auth.csrf);
  d.set("product", a.product.name);
  d.set("vendor", a.vendor);
  d.set("call_title", v->call_title);
  d.set("call_id", Id(a.call_id));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SetErrors(d, errors);
  const auto conflict = v->conflict.value_or(domain::ConflictView{});
  d.set("conflict", ConflictText(lang, conflict));
  d.set("undeclared", conflict.status == domain::ConflictStatus::kUndeclared);
  d.set("conflicted", conflict.status == domain::ConflictStatus::kConflicted);
  d.set("details_visible", v->details_visible);
  // Until they score, a reviewer may change their declaration.
  d.set("may_redeclare", !v->own_review && !conflict.automatic);
  if (v->details_visible) {
    SetDetails(lang, a, *call, v->attachments, d);
    mst::data criteria = List();
    for (const auto& c : call->call.criteria) {
      mst::data x;
      x.set("id", Id(c.id));
      x.set("name", c.name);
      x.set("description", c.description);
      x.set("weight", std::to_string(c.weight));
      // The score as posted (after an error) or as last submitted.
      std::string chosen = errors ? FormValue(req, "score_" + Id(c.id)) : std::string();
      if (!errors && v->own_review) {
        if (auto it = v->own_review->scores.find(c.id); it != v->own_review->scores.end()) chosen = std::to_string(it->second);
      }
      mst::data points = List();
      for (int s = domain::kMinScore; s <= domain::kMaxScore; ++s) {
        mst::data p;
        p.set("value", std::to_string(s));
        p.set("checked", chosen == std::to_string(s));
        points.push_back(p);
      }
      x.set("points", points);
      x.set("error", FieldError(errors, "scores." + Id(c.id)));
      criteria.push_back(x);
    }
    d.set("criteria", criteria);
    d.set("comment", errors ? FormValue(req, "comment") : (v->own_review ? v->own_review->comment : std::string()));
    d.set("scored", v->own_review.has_value());
    mst::data others = List();
    for (const auto& r : v->other_reviews) {
      mst::data x;
      std::vector<std::string> parts;
      for (const auto& c : call->call.criteria) {
        if (auto it = r.scores.find(c.id); it != r.scores.end()) parts.push_back(fmt::format("{} {}", c.name, it->second));
      }
      x.set("scores", Join(parts, " / "));
      x.set("comment", r.comment);
      others.push_back(x);
    }
    d.set("others", others);
    d.set("others_visible", v->others_visible);
  }
  SendPage(app, req, res, lang, "review", d, a.product.name, "", status, &auth);
}

void ReviewError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  if (HttpStatusFor(e.code) == 404) return ErrorPage(app, auth, req, res, e);
  const auto errors = ErrorsOf(ResolveLang(req, res), e);
  RenderReviewPage(app, auth, req, res, &errors, HttpStatusFor(e.code));
}

}  // namespace

void HandleReviewerPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderReviewerPage(app, auth, req, res, nullptr, 200);
}

void HandleRelationshipDeclare(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto declared = app.programme.DeclareRelationship(*auth.actor, FormValue(req, "organisation"), FormValue(req, "note"));
  if (!declared) {
    const auto errors = ErrorsOf(ResolveLang(req, res), declared.error());
    return RenderReviewerPage(app, auth, req, res, &errors, HttpStatusFor(declared.error().code));
  }
  RedirectWithNotice(app, auth, res, "/reviewer", "prog_notice_relationship_declared");
}

void HandleReviewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderReviewPage(app, auth, req, res, nullptr, 200);
}

void HandleConflictDeclare(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const std::string answer = FormValue(req, "conflict");
  if (answer != "yes" && answer != "no") {
    return ReviewError(app, auth, req, res,
                       MakeError(Reason{"error.review.conflict_unanswered", {}}, ErrorCode::kInvalidArgument,
                                 "say whether you have a conflict of interest", {}, "conflict"));
  }
  auto declared = app.programme.DeclareConflict(*auth.actor, id, answer == "yes", FormValue(req, "reason"));
  if (!declared) return ReviewError(app, auth, req, res, declared.error());
  RedirectWithNotice(app, auth, res, "/reviewer/applications/" + Id(id), "prog_notice_declared");
}

void HandleScoreSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  // Every score_<criterion id> the form sent; the service checks that each criterion has one.
  std::map<std::string, double> scores;
  for (const auto& [key, value] : req.form) {
    if (!key.starts_with("score_") || value.empty() || value.size() > 2) continue;
    if (value.find_first_not_of("0123456789") != std::string::npos) continue;
    scores[key.substr(6)] = std::stod(value);
  }
  auto scored = app.programme.Score(*auth.actor, id, scores, FormValue(req, "comment"));
  if (!scored) return ReviewError(app, auth, req, res, scored.error());
  RedirectWithNotice(app, auth, res, "/reviewer/applications/" + Id(id), "prog_notice_scored");
}

// ---- A vendor's applications -------------------------------------------------------------------

void HandleVendorApplicationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto mine = app.programme.VendorApplications(*auth.actor);
  if (!mine) return RespondError(app, req, res, mine.error());
  mst::data list = List();
  for (const auto& v : *mine) {
    const auto& a = v.application;
    mst::data x;
    x.set("id", Id(a.id));
    x.set("call_id", Id(a.call_id));
    x.set("call_title", v.call_title);
    x.set("product", a.product.name.empty() ? Message(lang, "prog_untitled") : a.product.name);
    x.set("state_label", Label<domain::ApplicationState>(lang, "application_state", domain::kApplicationStateCodes, a.state));
    if (v.outcome_visible && a.outcome) {
      x.set("outcome", Label<domain::Outcome>(lang, "outcome", domain::kOutcomeCodes, *a.outcome));
      x.set("rationale", a.rationale);
    }
    list.push_back(x);
  }
  mst::data d;
  d.set("organisation", auth.actor->organisation);
  d.set("applications", list);
  d.set("has_applications", !mine->empty());
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "vendor_applications", d, Message(lang, "prog_vendor_applications_title"), "", 200,
           &auth);
}

namespace {

void RenderApplyPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                     int status) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.programme.GetCall(OptionalActor(auth), PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  mst::data d = CallRow(lang, *v);
  d.set("csrf", auth.csrf);
  d.set("open", v->state == domain::CallState::kOpen);
  SetErrors(d, errors);
  d.set("name", FormValue(req, "name"));
  d.set("error_name", FieldError(errors, "name"));
  SendPage(app, req, res, lang, "apply", d, Message(lang, "prog_apply_title"), "calls", status, &auth);
}

std::optional<std::int64_t> DigitsId(const std::string& v) {
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(v);
}

// The application as the form posted it: what a failed save shows again.
domain::ApplicationInput ApplicationInputOf(const Request& req, const domain::Call& call) {
  domain::ApplicationInput in;
  in.name = FormValue(req, "name");
  in.version = FormValue(req, "version");
  in.overview = FormValue(req, "overview");
  in.homepage = FormValue(req, "homepage");
  in.field_ids = FormIds(req, "field_ids");
  in.deployment = FormValues(req, "deployment");
  std::map<std::int64_t, domain::Answer> answers;
  for (const auto& q : call.questions) {
    const std::string key = "answer_" + Id(q.id);
    switch (q.kind) {
      case domain::QuestionKind::kText:
      case domain::QuestionKind::kSingleChoice: answers[q.id] = FormValue(req, key); break;
      case domain::QuestionKind::kMultipleChoice: answers[q.id] = FormValues(req, key); break;
      case domain::QuestionKind::kFile:
        if (auto id = DigitsId(FormValue(req, key))) {
          answers[q.id] = *id;
        } else {
          answers[q.id] = std::string();
        }
        break;
    }
  }
  in.answers = std::move(answers);
  return in;
}

// `base` with the posted values, unchecked: for showing the form again as it was typed.
domain::Application Posted(domain::Application a, const domain::ApplicationInput& in) {
  a.product.name = *in.name;
  a.product.version = *in.version;
  a.product.overview = *in.overview;
  a.product.homepage = *in.homepage;
  a.product.field_ids = *in.field_ids;
  a.product.deployment.clear();
  for (const auto& code : *in.deployment) {
    if (auto f = domain::ValueIn<domain::DeploymentForm>(domain::kDeploymentFormCodes, code)) a.product.deployment.push_back(*f);
  }
  a.answers = *in.answers;
  return a;
}

mst::data QuestionInputs(const domain::Application& a, const CallView& call,
                         const std::vector<store::Attachment>& attachments, const FormErrors* errors) {
  mst::data list = List();
  for (const auto& q : call.call.questions) {
    const auto it = a.answers.find(q.id);
    const domain::Answer* answer = it == a.answers.end() ? nullptr : &it->second;
    mst::data x;
    x.set("id", Id(q.id));
    x.set("prompt", q.prompt);
    x.set("required", q.required);
    x.set("is_text", q.kind == domain::QuestionKind::kText);
    x.set("is_single", q.kind == domain::QuestionKind::kSingleChoice);
    x.set("is_multiple", q.kind == domain::QuestionKind::kMultipleChoice);
    x.set("is_file", q.kind == domain::QuestionKind::kFile);
    const auto* text = answer ? std::get_if<std::string>(answer) : nullptr;
    const auto* many = answer ? std::get_if<std::vector<std::string>>(answer) : nullptr;
    const auto* file = answer ? std::get_if<std::int64_t>(answer) : nullptr;
    x.set("text", text ? *text : std::string());
    mst::data options = List();
    int n = 0;
    for (const auto& o : q.options) {
      mst::data opt;
      opt.set("value", o);
      opt.set("n", std::to_string(n++));
      opt.set("checked", (text && *text == o) || (many && std::find(many->begin(), many->end(), o) != many->end()));
      options.push_back(opt);
    }
    x.set("options", options);
    mst::data files = List();
    for (const auto& f : attachments) {
      mst::data opt;
      opt.set("id", Id(f.id));
      opt.set("filename", f.filename);
      opt.set("selected", file && *file == f.id);
      files.push_back(opt);
    }
    x.set("files", files);
    x.set("error", FieldError(errors, "answers." + Id(q.id)));
    list.push_back(x);
  }
  return list;
}

void RenderApplication(AppContext& app, const Auth& auth, const Request& req, Response& res, const ApplicationView& v,
                       const domain::Application& shown, const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  auto call = app.programme.GetCall(OptionalActor(auth), v.application.call_id);
  if (!call) return ErrorPage(app, auth, req, res, call.error());
  const auto& a = shown;
  mst::data d;
  d.set("id", Id(a.id));
  d.set("csrf", auth.csrf);
  d.set("call_id", Id(a.call_id));
  d.set("call_title", v.call_title);
  d.set("closes_at", Jst(call->call.closes_at));
  d.set("state_label", Label<domain::ApplicationState>(lang, "application_state", domain::kApplicationStateCodes, a.state));
  const bool draft = a.state == domain::ApplicationState::kDraft;
  d.set("editable", draft && v.call_state == domain::CallState::kOpen);
  d.set("withdrawable", a.state != domain::ApplicationState::kWithdrawn && v.call_state == domain::CallState::kOpen);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SetErrors(d, errors);
  for (const char* k : {"name", "version", "overview", "homepage", "fields", "deployment", "file"}) {
    d.set(std::string("error_") + k, FieldError(errors, k));
  }
  d.set("product", a.product.name);
  d.set("name", a.product.name);
  d.set("vendor", a.vendor);
  SetDetails(lang, a, *call, v.attachments, d);
  mst::data fields = List();
  for (const auto& f : call->fields) {
    mst::data x;
    x.set("id", Id(f.id));
    x.set("name", FieldName(lang, f));
    x.set("checked", std::find(a.product.field_ids.begin(), a.product.field_ids.end(), f.id) != a.product.field_ids.end());
    fields.push_back(x);
  }
  d.set("fields", fields);
  mst::data forms = List();
  for (const auto& f : domain::kDeploymentFormCodes) {
    mst::data x;
    x.set("code", std::string(f.code));
    x.set("label", CodeLabel(lang, "deployment", f.code));
    x.set("checked", std::find(a.product.deployment.begin(), a.product.deployment.end(), f.value) != a.product.deployment.end());
    forms.push_back(x);
  }
  d.set("deployment_forms", forms);
  d.set("questions", QuestionInputs(a, *call, v.attachments, errors));
  if (v.outcome_visible && a.outcome) {
    d.set("outcome", Label<domain::Outcome>(lang, "outcome", domain::kOutcomeCodes, *a.outcome));
    d.set("rationale", a.rationale);
  }
  SendPage(app, req, res, lang, "application", d, Message(lang, "prog_application_title"), "", status, &auth);
}

// A failed change shows the form again as posted, with the errors beside the fields.
void ApplicationError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e,
                      const domain::ApplicationInput* posted) {
  auto v = app.programme.GetApplication(*auth.actor, PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  if (HttpStatusFor(e.code) == 404) return ErrorPage(app, auth, req, res, e);
  const auto errors = ErrorsOf(ResolveLang(req, res), e);
  const domain::Application shown = posted ? Posted(v->application, *posted) : v->application;
  RenderApplication(app, auth, req, res, *v, shown, &errors, HttpStatusFor(e.code));
}

// The form's values saved into the draft (nothing when the post carries no form, e.g. a bare
// submit button); the error when the service refuses them.
std::optional<Error> SaveForm(AppContext& app, const Auth& auth, const Request& req, std::int64_t id,
                              std::optional<domain::ApplicationInput>& input) {
  if (!req.form.contains("name")) return std::nullopt;
  auto v = app.programme.GetApplication(*auth.actor, id);
  if (!v) return v.error();
  auto call = app.programme.GetCall(OptionalActor(auth), v->application.call_id);
  if (!call) return call.error();
  input = ApplicationInputOf(req, call->call);
  auto saved = app.programme.ChangeApplication(*auth.actor, id, *input);
  if (!saved) return saved.error();
  return std::nullopt;
}

}  // namespace

void HandleApplyPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderApplyPage(app, auth, req, res, nullptr, 200);
}

void HandleApplyCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  domain::ApplicationInput in;
  in.name = FormValue(req, "name");
  auto created = app.programme.CreateApplication(*auth.actor, PathId(req), in);
  if (!created) {
    if (HttpStatusFor(created.error().code) == 404) return ErrorPage(app, auth, req, res, created.error());
    const auto errors = ErrorsOf(ResolveLang(req, res), created.error());
    return RenderApplyPage(app, auth, req, res, &errors, HttpStatusFor(created.error().code));
  }
  RedirectWithNotice(app, auth, res, "/vendor/applications/" + Id(created->application.id), "prog_notice_application_saved");
}

void HandleApplicationPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.programme.GetApplication(*auth.actor, PathId(req));
  if (!v) return ErrorPage(app, auth, req, res, v.error());
  RenderApplication(app, auth, req, res, *v, v->application, nullptr, 200);
}

void HandleApplicationSave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  std::optional<domain::ApplicationInput> input;
  if (auto e = SaveForm(app, auth, req, id, input)) return ApplicationError(app, auth, req, res, *e, input ? &*input : nullptr);
  RedirectWithNotice(app, auth, res, "/vendor/applications/" + Id(id), "prog_notice_application_saved");
}

void HandleApplicationSubmit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  std::optional<domain::ApplicationInput> input;
  if (auto e = SaveForm(app, auth, req, id, input)) return ApplicationError(app, auth, req, res, *e, input ? &*input : nullptr);
  auto submitted = app.programme.SubmitApplication(*auth.actor, id);
  if (!submitted) return ApplicationError(app, auth, req, res, submitted.error(), input ? &*input : nullptr);
  RedirectWithNotice(app, auth, res, "/vendor/applications/" + Id(id), "prog_notice_application_submitted");
}

void HandleApplicationWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto withdrawn = app.programme.WithdrawApplication(*auth.actor, id);
  if (!withdrawn) return ApplicationError(app, auth, req, res, withdrawn.error(), nullptr);
  RedirectWithNotice(app, auth, res, "/vendor/applications/" + Id(id), "prog_notice_application_withdrawn");
}

void HandleAttachmentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const FormPart* file = req.part("file");
  if (!file || file->content.empty()) {
    return ApplicationError(app, auth, req, res,
                            MakeError(Reason{"error.attachment.no_file", {}}, ErrorCode::kInvalidArgument,
                                      "choose a file to upload", {}, "file"),
                            nullptr);
  }
  auto added = app.programme.AddAttachment(*auth.actor, id, file->filename, file->content);
  if (!added) return ApplicationError(app, auth, req, res, added.error(), nullptr);
  RedirectWithNotice(app, auth, res, "/vendor/applications/" + Id(id) + "#attachments", "prog_notice_uploaded");
}

}  // namespace proven::web
