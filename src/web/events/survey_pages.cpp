// After a meeting, as pages: the published statistics (table, attendance against capacity,
// registrations over time, CSV), the attendee's survey form, the admin's survey page (questions,
// sending, head counts, results with charts) and the admin's mail outbox. Each handler reads the
// form, asks a service (which checks the actor itself) and redirects with a notice code
// (Post/Redirect/Get) or shows the form again with the errors beside the fields.
#include "web/events/survey_pages.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "services/registry_service.hpp"
#include "services/query_params.hpp"
#include "web/charts.hpp"
#include "web/events/survey_api.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr int kEditorSpareRows = 2;

mst::data List() { return EmptyList(); }
mst::data Opt(const std::string& s) { return OptionalText(s); }

std::string NumberLabel(Lang lang, int number) {
  return Message(lang, "survey_event_number", {{"number", std::to_string(number)}});
}

std::string Label(Lang lang, const std::string& ja, const std::string& en) { return lang == Lang::kEn ? en : ja; }

// Splits on `sep`, keeping empty pieces (an empty label stays in its place).
std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = s.find(sep, from);
    out.emplace_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

std::vector<std::string> FormValues(const Request& req, const std::string& name) {
  std::vector<std::string> out;
  auto [from, to] = req.form.equal_range(name);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

FormErrors ErrorsOf(Lang lang, const Error& e) { return FormErrorsOf(lang, e); }

std::string ParticipantsText(const domain::EventStatistic& s) {
  const auto networking = s.Networking();
  return networking ? fmt::format("{} ({})", s.Participants(), *networking) : std::to_string(s.Participants());
}

// ---- The survey's questions as a form (attendee) and as an editor (admin) ------------------------

mst::data QuestionFormData(Lang lang, const domain::SurveyQuestion& q, const domain::SurveyAnswers& given, const FormErrors* errors) {
  mst::data d;
  d.set("key", q.key);
  d.set("label", Label(lang, q.label_ja, q.label_en));
  d.set("required", q.required);
  d.set("is_scale", q.kind == domain::SurveyQuestionKind::kScale);
  d.set("is_choice", q.kind == domain::SurveyQuestionKind::kChoice);
  d.set("is_text", q.kind == domain::SurveyQuestionKind::kText);
  d.set("multiple", q.multiple);
  auto it = given.find(q.key);
  const domain::SurveyAnswer* a = it == given.end() ? nullptr : &it->second;
  mst::data points = List();
  for (int v = domain::kScaleMin; v <= domain::kScaleMax; ++v) {
    mst::data p;
    p.set("value", std::to_string(v));
    p.set("label", Message(lang, "survey_scale_" + std::to_string(v)));
    p.set("checked", a && a->scale == v);
    points.push_back(p);
  }
  d.set("points", points);
  mst::data options = List();
  for (const auto& o : q.options) {
    mst::data od;
    od.set("value", o.key);
    od.set("label", Label(lang, o.label_ja, o.label_en));
    od.set("checked", a && std::find(a->choices.begin(), a->choices.end(), o.key) != a->choices.end());
    options.push_back(od);
  }
  d.set("options", options);
  d.set("text", a ? a->text : std::string());
  d.set("error", false);  // else a section would find the page's summary
  if (errors) {
    for (const auto& [field, texts] : errors->by_field) {
      if (field == "answers." + q.key || field.starts_with("answers." + q.key + "[")) d.set("error", Join(texts, " "));
    }
  }
  return d;
}

// One row of the editor; `index` is the form's row number.
mst::data EditorRow(Lang lang, std::size_t index, const domain::SurveyQuestion& q, const std::string& error) {
  mst::data d;
  d.set("i", std::to_string(index));
  d.set("legend", Message(lang, "survey_question_n", {{"n", std::to_string(index + 1)}}));
  d.set("key", q.key);
  d.set("label_ja", q.label_ja);
  d.set("label_en", q.label_en);
  d.set("required", q.required);
  d.set("multiple", q.multiple);
  mst::data kinds = List();
  for (const auto& k : domain::kSurveyQuestionKindCodes) {
    mst::data kd;
    kd.set("value", std::string(k.code));
    kd.set("label", Message(lang, std::string("survey_kind_") + std::string(k.code)));
    kd.set("selected", k.value == q.kind);
    kinds.push_back(kd);
  }
  d.set("kinds", kinds);
  std::string options;
  for (const auto& o : q.options) options += fmt::format("{} | {} | {}\n", o.key, o.label_ja, o.label_en);
  d.set("options", options);
  d.set("error", Opt(error));
  return d;
}

// The default survey (the first time the admin opens the page): a satisfaction scale, what was
// useful (the points participants have valued: exchanging views with the government, current
// trends, networking), and free text — in both languages, from the catalogue.
std::vector<domain::SurveyQuestion> DefaultQuestions() {
  auto both = [](std::string_view key) { return std::pair{Message(Lang::kJa, key), Message(Lang::kEn, key)}; };
  std::vector<domain::SurveyQuestion> out;
  domain::SurveyQuestion satisfaction{"satisfaction", domain::SurveyQuestionKind::kScale, "", "", true, false, {}};
  std::tie(satisfaction.label_ja, satisfaction.label_en) = both("survey_default_satisfaction");
  out.push_back(satisfaction);
  domain::SurveyQuestion useful{"useful", domain::SurveyQuestionKind::kChoice, "", "", false, true, {}};
  std::tie(useful.label_ja, useful.label_en) = both("survey_default_useful");
  for (std::string_view key : {"policy", "trends", "talks", "networking", "consultations"}) {
    domain::SurveyOption o{std::string(key), "", ""};
    std::tie(o.label_ja, o.label_en) = both(fmt::format("survey_default_useful_{}", key));
    useful.options.push_back(o);
  }
  out.push_back(useful);
  domain::SurveyQuestion comments{"comments", domain::SurveyQuestionKind::kText, "", "", false, false, {}};
  std::tie(comments.label_ja, comments.label_en) = both("survey_default_comments");
  out.push_back(comments);
  return out;
}

// The editor's rows as the admin sent them: every row with any content, in order, and for each
// question the row it came from. An options line is "key | 日本語 | English".
struct EditorInput {
  std::vector<domain::SurveyQuestion> questions;
  std::vector<std::size_t> rows;
  std::size_t row_count = 0;
};
EditorInput QuestionsFromForm(const Request& req) {
  EditorInput in;
  const std::size_t n = std::min<std::size_t>(
      domain::kMaxSurveyQuestions + kEditorSpareRows,
      static_cast<std::size_t>(std::max(0, std::atoi(FormValue(req, "rows").c_str()))));
  in.row_count = n;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string p = fmt::format("q{}_", i);
    domain::SurveyQuestion q;
    q.key = std::string(Trim(FormValue(req, p + "key")));
    q.label_ja = std::string(Trim(FormValue(req, p + "label_ja")));
    q.label_en = std::string(Trim(FormValue(req, p + "label_en")));
    const std::string options = FormValue(req, p + "options");
    if (q.key.empty() && q.label_ja.empty() && q.label_en.empty() && Trim(options).empty()) continue;
    q.kind = domain::ValueIn<domain::SurveyQuestionKind>(domain::kSurveyQuestionKindCodes, FormValue(req, p + "kind"))
                 .value_or(domain::SurveyQuestionKind::kText);
    q.required = FormValue(req, p + "required") == "1";
    q.multiple = q.kind == domain::SurveyQuestionKind::kChoice && FormValue(req, p + "multiple") == "1";
    for (const auto& line : SplitOn(options, '\n')) {
      const auto trimmed = Trim(line);
      if (trimmed.empty()) continue;
      const auto parts = SplitOn(trimmed, '|');
      domain::SurveyOption o;
      if (!parts.empty()) o.key = std::string(Trim(parts[0]));
      if (parts.size() > 1) o.label_ja = std::string(Trim(parts[1]));
      if (parts.size() > 2) o.label_en = std::string(Trim(parts[2]));
      q.options.push_back(std::move(o));
    }
    in.questions.push_back(std::move(q));
    in.rows.push_back(i);
  }
  return in;
}

// ---- Charts of the results -------------------------------------------------------------------------

// Each question's results: counts as a chart and a table, the mean of a scale, the free texts.
mst::data ResultQuestionsData(Lang lang, const domain::SurveyResults& r) {
  mst::data questions = List();
  for (const auto& q : r.questions) {
    mst::data qd;
    const std::string label = Label(lang, q.question.label_ja, q.question.label_en);
    qd.set("label", label);
    qd.set("answered_text", Message(lang, "survey_results_answered", {{"count", std::to_string(q.answered)}}));
    qd.set("mean", false);
    qd.set("chart", false);
    mst::data rows = List();
    std::vector<Bar> bars;
    if (q.question.kind == domain::SurveyQuestionKind::kScale) {
      for (std::size_t i = 0; i < q.scale_counts.size(); ++i) {
        const int v = domain::kScaleMin + static_cast<int>(i);
        bars.push_back({fmt::format("{} {}", v, Message(lang, "survey_scale_" + std::to_string(v))), q.scale_counts[i]});
      }
      qd.set("mean", q.answered ? mst::data(fmt::format("{}.{:02}", q.mean_milli / 1000, (q.mean_milli % 1000 + 5) / 10))
                                : mst::data(false));
    } else if (q.question.kind == domain::SurveyQuestionKind::kChoice) {
      for (std::size_t i = 0; i < q.question.options.size(); ++i) {
        const auto& o = q.question.options[i];
        bars.push_back({Label(lang, o.label_ja, o.label_en), q.option_counts[i]});
      }
    }
    for (const auto& b : bars) {
      mst::data row;
      row.set("label", b.label);
      row.set("count", std::to_string(b.value));
      rows.push_back(row);
    }
    qd.set("has_rows", !bars.empty());
    qd.set("rows", rows);
    if (!bars.empty()) qd.set("chart", ResponsiveBarChart(bars, label));
    mst::data texts = List();
    for (const auto& t : q.texts) texts.push_back(mst::data(t));
    qd.set("texts", texts);
    qd.set("is_text", q.question.kind == domain::SurveyQuestionKind::kText);
    questions.push_back(qd);
  }
  return questions;
}

void SendSurveyForm(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                    const services::SurveyForm& form, const domain::SurveyAnswers& given, const FormErrors* errors, int status) {
  mst::data d;
  d.set("event_id", std::to_string(form.event.id));
  d.set("number", NumberLabel(lang, form.event.number));
  d.set("theme", form.event.theme);
  d.set("answered", form.answered);
  d.set("csrf", auth.csrf);
  d.set("notice", Opt(Notice(app, lang, req)));
  if (errors) d.set("error", errors->summary);
  mst::data questions = List();
  for (const auto& q : form.survey.questions) questions.push_back(QuestionFormData(lang, q, given, errors));
  d.set("questions", questions);
  SendPage(app, req, res, lang, "event_survey", d, Message(lang, "survey_title"), "", status, &auth);
}

void SendAdminSurvey(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                     const services::SurveyAdminView& v, const EditorInput* edited, const FormErrors* errors,
                     const std::string& attendance_error, int status) {
  mst::data d;
  const auto& e = v.event;
  d.set("event_id", std::to_string(e.id));
  d.set("number", NumberLabel(lang, e.number));
  d.set("theme", e.theme);
  d.set("starts_at", FormatTokyoMinute(e.starts_at) + " JST");
  d.set("csrf", auth.csrf);
  d.set("notice", Opt(Notice(app, lang, req)));
  if (errors) d.set("error", errors->summary);
  const bool sent = v.survey && !v.survey->sent_at.empty();
  d.set("sent", sent);
  d.set("sent_at", sent ? JstText(v.survey->sent_at) : std::string());
  d.set("saved", v.survey.has_value());
  d.set("default_questions", !v.survey && !edited);
  // The editor: the rows as sent back with their errors, else the saved or default questions.
  mst::data rows = List();
  std::vector<domain::SurveyQuestion> shown;
  std::vector<std::string> row_errors;
  if (edited) {
    shown.assign(edited->row_count, domain::SurveyQuestion{});
    row_errors.assign(edited->row_count, "");
    for (std::size_t i = 0; i < edited->questions.size(); ++i) shown[edited->rows[i]] = edited->questions[i];
    if (errors) {
      for (const auto& [field, texts] : errors->by_field) {
        // "questions[2]…" is the third question sent, on the form row it came from.
        if (!field.starts_with("questions[")) continue;
        const std::size_t q = static_cast<std::size_t>(std::atoi(field.c_str() + 10));
        if (q < edited->rows.size()) row_errors[edited->rows[q]] = fmt::format("{}: {}", field, Join(texts, " "));
      }
    }
  } else {
    shown = v.survey ? v.survey->questions : DefaultQuestions();
    for (int i = 0; i < kEditorSpareRows; ++i) shown.push_back(domain::SurveyQuestion{});
    row_errors.assign(shown.size(), "");
  }
  for (std::size_t i = 0; i < shown.size(); ++i) rows.push_back(EditorRow(lang, i, shown[i], row_errors[i]));
  d.set("rows", rows);
  d.set("row_count", std::to_string(shown.size()));
  // Sent: the questions as they were asked.
  mst::data asked = List();
  if (v.survey) {
    for (const auto& q : v.survey->questions) {
      mst::data qd;
      qd.set("label", Label(lang, q.label_ja, q.label_en));
      qd.set("kind", Message(lang, "survey_kind_" + std::string(domain::CodeIn<domain::SurveyQuestionKind>(domain::kSurveyQuestionKindCodes, q.kind))));
      asked.push_back(qd);
    }
  }
  d.set("asked", asked);
  d.set("results_summary", Message(lang, "survey_results_summary",
                                   {{"attendees", std::to_string(v.results.attendees)},
                                    {"responses", std::to_string(v.results.responses)},
                                    {"rate", v.results.attendees ? fmt::format("{}%", (v.results.responses * 1000 / v.results.attendees + 5) / 10)
                                                                 : std::string("—")}}));
  d.set("result_questions", ResultQuestionsData(lang, v.results));
  d.set("has_responses", v.results.responses > 0);
  d.set("attendance_error", Opt(attendance_error));
  d.set("participants", FormValue(req, "participants"));
  d.set("networking", FormValue(req, "networking"));
  SendPage(app, req, res, lang, "admin_event_survey", d, Message(lang, "survey_admin_title"), "", status, &auth);
}

}  // namespace

// ---- Statistics ------------------------------------------------------------------------------------

void HandleEventStatisticsPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto rows = app.surveys.Statistics();
  if (!rows) return RespondError(app, req, res, rows.error());
  mst::data d;
  mst::data table = List();
  std::vector<PartBar> capacity;
  int total = 0;
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
    const auto& s = *it;
    mst::data r;
    r.set("date", TokyoDateOf(s.starts_at).ToIso());
    r.set("number", NumberLabel(lang, s.number));
    r.set("participants", ParticipantsText(s));
    r.set("theme", s.theme);
    r.set("capacity", std::to_string(s.capacity));
    r.set("reported", s.reported_participants.has_value());
    table.push_back(r);
  }
  for (const auto& s : *rows) {
    capacity.push_back({NumberLabel(lang, s.number), s.Participants(), s.capacity});
    total += s.Participants();
  }
  d.set("rows", table);
  d.set("count", std::to_string(rows->size()));
  d.set("total", std::to_string(total));
  d.set("has_rows", !rows->empty());
  d.set("summary", Message(lang, "survey_stat_summary", {{"count", std::to_string(rows->size())}, {"total", std::to_string(total)}}));
  d.set("capacity_chart", capacity.empty() ? std::string() : PartOfWholeChart(capacity, Message(lang, "survey_stat_capacity_chart")));
  // Registrations over time: the meeting asked for, else the latest with registrations in Proven.
  std::int64_t chosen = 0;
  const std::string asked = req.get_param_value("event");
  mst::data choices = List();
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
    if (it->registered + it->waitlisted == 0 && it->attended == 0) continue;
    const bool pick = asked.empty() ? chosen == 0 : asked == std::to_string(it->event_id);
    if (pick) chosen = it->event_id;
    mst::data c;
    c.set("id", std::to_string(it->event_id));
    c.set("label", fmt::format("{} {}", NumberLabel(lang, it->number), it->theme));
    c.set("selected", pick);
    choices.push_back(c);
  }
  d.set("choices", choices);
  d.set("has_choices", chosen != 0);
  if (chosen != 0) {
    auto days = app.surveys.Timeline(chosen);
    if (!days) return RespondError(app, req, res, days.error());
    std::vector<Bar> points;
    mst::data day_rows = List();
    for (const auto& day : *days) {
      points.push_back({day.day, day.total});
      mst::data r;
      r.set("date", day.day);
      r.set("total", std::to_string(day.total));
      day_rows.push_back(r);
    }
    d.set("timeline_chart", LineChart(points, Message(lang, "survey_stat_timeline_chart")));
    d.set("days", day_rows);
  }
  d.set("csv_url", lang == Lang::kEn ? "/events/statistics.csv?lang=en" : "/events/statistics.csv");
  SendPage(app, req, res, lang, "event_statistics", d, Message(lang, "survey_stat_title"), "");
}

// The table the platform publishes, as a spreadsheet opens it: UTF-8 with a BOM, CRLF, one row per
// meeting, oldest first.
void HandleEventStatisticsCsv(AppContext& app, const Request& req, Response& res) {
  const Lang lang = services::Values(req.params, "lang") == std::vector<std::string>{"en"} ? Lang::kEn : Lang::kJa;
  auto rows = app.surveys.Statistics();
  if (!rows) return RespondError(app, req, res, rows.error());
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (std::string_view k : {"date", "number", "participants", "networking", "theme", "capacity",
                             "networking_capacity", "registered", "waitlisted", "attended", "source"}) {
    header.push_back(Message(lang, fmt::format("survey_csv_{}", k)));
  }
  AppendCsvRecord(out, header);
  for (const auto& s : *rows) {
    const auto networking = s.Networking();
    AppendCsvRecord(out, {TokyoDateOf(s.starts_at).ToIso(), std::to_string(s.number), std::to_string(s.Participants()),
                          networking ? std::to_string(*networking) : std::string(),
                          services::NeutraliseCsvCell(s.theme), std::to_string(s.capacity),
                          std::to_string(s.networking_capacity), std::to_string(s.registered),
                          std::to_string(s.waitlisted), std::to_string(s.attended),
                          s.reported_participants ? "reported" : "checked_in"});
  }
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"proven-event-statistics.csv\"");
  res.set_content(std::move(out), "text/csv; charset=utf-8");
}

// ---- The attendee's survey -----------------------------------------------------------------------

void HandleSurveyPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto form = app.surveys.Form(*auth.actor, PathId(req));
  if (!form) return ErrorPage(app, &auth, req, res, form.error());
  SendSurveyForm(app, auth, req, res, lang, *form, {}, nullptr, 200);
}

void HandleSurveySubmit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req);
  auto form = app.surveys.Form(*auth.actor, id);
  if (!form) return ErrorPage(app, &auth, req, res, form.error());
  // The answers as the form sends them: a_<key> once (scale, single choice, text) or repeated.
  domain::SurveyAnswers given;
  for (const auto& q : form->survey.questions) {
    const auto values = FormValues(req, "a_" + q.key);
    domain::SurveyAnswer a;
    switch (q.kind) {
      case domain::SurveyQuestionKind::kScale:
        if (!values.empty() && !values.front().empty()) {
          const int v = std::atoi(values.front().c_str());
          a.scale = v == 0 ? -1 : v;  // not a number: out of the scale, refused with the field named
        }
        break;
      case domain::SurveyQuestionKind::kChoice:
        for (const auto& v : values) {
          if (!v.empty()) a.choices.push_back(v);
        }
        break;
      case domain::SurveyQuestionKind::kText:
        a.text = values.empty() ? std::string() : values.front();
        break;
    }
    if (a.scale || !a.choices.empty() || !a.text.empty()) given.emplace(q.key, std::move(a));
  }
  if (auto st = app.surveys.Respond(*auth.actor, id, given); !st) {
    if (HttpStatusFor(st.error().code) >= 500 || st.error().code == ErrorCode::kNotFound) {
      return ErrorPage(app, &auth, req, res, st.error());
    }
    const FormErrors errors = ErrorsOf(lang, st.error());
    return SendSurveyForm(app, auth, req, res, lang, *form, given, &errors, HttpStatusFor(st.error().code));
  }
  RedirectWithNotice(app, auth, res, fmt::format("/events/{}/survey", id), "survey_notice_answered");
}

// ---- The admin's survey page -----------------------------------------------------------------------

void HandleAdminSurveyPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.surveys.Admin(*auth.actor, PathId(req));
  if (!v) return ErrorPage(app, &auth, req, res, v.error());
  SendAdminSurvey(app, auth, req, res, lang, *v, nullptr, nullptr, "", 200);
}

void HandleAdminSurveySave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req);
  const EditorInput in = QuestionsFromForm(req);
  auto saved = app.surveys.Save(*auth.actor, id, in.questions);
  if (!saved) {
    auto v = app.surveys.Admin(*auth.actor, id);
    if (!v) return ErrorPage(app, &auth, req, res, v.error());
    if (HttpStatusFor(saved.error().code) >= 500) return ErrorPage(app, &auth, req, res, saved.error());
    const FormErrors errors = ErrorsOf(lang, saved.error());
    return SendAdminSurvey(app, auth, req, res, lang, *v, &in, &errors, "", HttpStatusFor(saved.error().code));
  }
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}/survey", id), "survey_notice_saved");
}

void HandleAdminSurveySend(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req);
  auto sent = app.surveys.Send(*auth.actor, id);
  if (!sent) {
    auto v = app.surveys.Admin(*auth.actor, id);
    if (!v) return ErrorPage(app, &auth, req, res, v.error());
    if (HttpStatusFor(sent.error().code) >= 500) return ErrorPage(app, &auth, req, res, sent.error());
    const FormErrors errors = ErrorsOf(lang, sent.error());
    return SendAdminSurvey(app, auth, req, res, lang, *v, nullptr, &errors, "", HttpStatusFor(sent.error().code));
  }
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}/survey", id), "survey_notice_sent");
}

void HandleAdminAttendance(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req);
  auto number = [](const std::string& text) -> std::optional<int> {
    const auto t = Trim(text);
    if (t.empty() || t.size() > 6 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    return std::atoi(std::string(t).c_str());
  };
  const std::string participants_text = FormValue(req, "participants");
  const std::string networking_text = FormValue(req, "networking");
  Status st;
  const auto participants = number(participants_text);
  const auto networking = number(networking_text);
  if (!participants) {
    st = Fail(Reason{"error.event.reported_participants", {}}, ErrorCode::kInvalidArgument,
              "must be a whole number from 0 to 100000", {}, "participants");
  } else if (!Trim(networking_text).empty() && !networking) {
    st = Fail(Reason{"error.event.reported_networking", {{"max", std::to_string(*participants)}}},
              ErrorCode::kInvalidArgument, "must be a whole number", {}, "networking");
  } else {
    st = app.surveys.ReportAttendance(*auth.actor, id, *participants, networking);
  }
  if (!st) {
    auto v = app.surveys.Admin(*auth.actor, id);
    if (!v) return ErrorPage(app, &auth, req, res, v.error());
    if (HttpStatusFor(st.error().code) >= 500) return ErrorPage(app, &auth, req, res, st.error());
    return SendAdminSurvey(app, auth, req, res, lang, *v, nullptr, nullptr, ErrorText(lang, st.error()),
                           HttpStatusFor(st.error().code));
  }
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}/survey", id), "survey_notice_reported");
}

// ---- The admin's outbox ----------------------------------------------------------------------------

void HandleAdminMailPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return ErrorPage(app, &auth, req, res, paging.error());
  const std::string state_code = req.get_param_value("state");
  std::optional<domain::MailState> state;
  if (!state_code.empty()) {
    state = domain::ValueIn<domain::MailState>(domain::kMailStateCodes, state_code);
    if (!state) return RenderErrorPage(app, req, res, 404);
  }
  auto page = app.mail_admin.List(*auth.actor, state, paging->page, paging->per_page);
  if (!page) return ErrorPage(app, &auth, req, res, page.error());
  mst::data d;
  d.set("notice", Opt(Notice(app, lang, req)));
  d.set("csrf", auth.csrf);
  d.set("queued", std::to_string(page->counts.queued));
  d.set("sent", std::to_string(page->counts.sent));
  d.set("dead", std::to_string(page->counts.dead));
  mst::data tabs = List();
  for (std::string_view code : {"", "queued", "sent", "dead"}) {
    mst::data t;
    t.set("url", code.empty() ? std::string("/admin/mail") : fmt::format("/admin/mail?state={}", code));
    t.set("label", Message(lang, code.empty() ? std::string("survey_mail_all") : fmt::format("survey_mail_state_{}", code)));
    t.set("current", state_code == code);
    tabs.push_back(t);
  }
  d.set("tabs", tabs);
  mst::data items = List();
  for (const auto& m : page->items) {
    mst::data r;
    r.set("id", std::to_string(m.id));
    r.set("created_at", JstText(m.created_at));
    r.set("to", m.message.to);
    r.set("subject", m.message.subject);
    r.set("kind", MailKindLabel(lang, m.message.kind));
    r.set("mail_lang", m.message.lang);  // the subject is in the message's language
    const std::string code(domain::CodeIn<domain::MailState>(domain::kMailStateCodes, m.state));
    r.set("state", code);
    r.set("state_label", Message(lang, "survey_mail_state_" + code));
    r.set("attempts", std::to_string(m.attempts));
    r.set("last_error", Opt(m.last_error));
    r.set("dead", m.state == domain::MailState::kDead);
    items.push_back(r);
  }
  d.set("items", items);
  d.set("empty", page->items.empty());
  d.set("relay", app.mail_relay_configured);
  const std::int64_t pages = (page->total + page->per_page - 1) / page->per_page;
  d.set("page", std::to_string(page->page));
  d.set("pages", std::to_string(std::max<std::int64_t>(1, pages)));
  auto link = [&](int p) {
    std::vector<std::pair<std::string, std::string>> q;
    if (!state_code.empty()) q.emplace_back("state", state_code);
    q.emplace_back("page", std::to_string(p));
    return "/admin/mail?" + services::EncodeQuery(q);
  };
  if (page->page > 1) d.set("prev_url", link(page->page - 1));
  if (page->page < pages) d.set("next_url", link(page->page + 1));
  SendPage(app, req, res, lang, "admin_mail", d, Message(lang, "survey_mail_title"), "", 200, &auth);
}

void HandleAdminMailMessagePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto m = app.mail_admin.Find(*auth.actor, PathId(req));
  if (!m) return ErrorPage(app, &auth, req, res, m.error());
  mst::data d;
  d.set("notice", Opt(Notice(app, lang, req)));
  d.set("csrf", auth.csrf);
  d.set("id", std::to_string(m->id));
  d.set("to", m->message.to);
  d.set("subject", m->message.subject);
  d.set("text", m->message.text);
  d.set("kind", MailKindLabel(lang, m->message.kind));
  d.set("mail_lang", m->message.lang);  // the body's lang attribute
  d.set("mail_lang_label", LanguageName(lang, m->message.lang));
  const std::string code(domain::CodeIn<domain::MailState>(domain::kMailStateCodes, m->state));
  d.set("state_label", Message(lang, "survey_mail_state_" + code));
  d.set("attempts", std::to_string(m->attempts));
  d.set("last_error", Opt(m->last_error));
  d.set("created_at", JstText(m->created_at));
  d.set("sent_at", Opt(JstText(m->sent_at)));
  d.set("next_attempt_at", m->state == domain::MailState::kQueued ? FormatTokyoMinute(m->next_attempt_at) + " JST" : std::string());
  d.set("queued", m->state == domain::MailState::kQueued);
  d.set("dead", m->state == domain::MailState::kDead);
  d.set("unsubscribe_url", Opt(m->message.unsubscribe_url));
  SendPage(app, req, res, lang, "admin_mail_message", d, Message(lang, "survey_mail_title"), "", 200, &auth);
}

void HandleAdminMailRetry(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto m = app.mail_admin.Requeue(*auth.actor, PathId(req));
  if (!m) return ErrorPage(app, &auth, req, res, m.error());
  RedirectWithNotice(app, auth, res, fmt::format("/admin/mail/{}", m->id), "survey_notice_requeued");
}

}  // namespace proven::web
