#include "web/events/survey_api.hpp"

#include <fmt/core.h>

#include "core/date.hpp"
#include "services/query_params.hpp"
#include "store/events/survey_store.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

tl::unexpected<Error> BodyError(const std::string& message, const std::string& field) {
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

Result<json> Object(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return j;
}

// The one key a body holds (`key`), or kInvalidArgument naming what is wrong.
Result<json> Only(std::string_view body, const char* key) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it.key() != key) return BodyError("is not a field here", it.key());
  }
  auto it = j->find(key);
  if (it == j->end()) return BodyError("is required", key);
  return *it;
}

std::string KindCode(domain::SurveyQuestionKind k) {
  return std::string(domain::CodeIn<domain::SurveyQuestionKind>(domain::kSurveyQuestionKindCodes, k));
}

ordered_json ResultsJson(const domain::Event& e, const domain::SurveyResults& r) {
  ordered_json questions = ordered_json::array();
  for (const auto& q : r.questions) {
    ordered_json j{{"key", q.question.key},
                   {"kind", KindCode(q.question.kind)},
                   {"label_ja", q.question.label_ja},
                   {"label_en", q.question.label_en},
                   {"answered", q.answered}};
    switch (q.question.kind) {
      case domain::SurveyQuestionKind::kScale: {
        ordered_json counts = ordered_json::object();
        for (std::size_t i = 0; i < q.scale_counts.size(); ++i) {
          counts[std::to_string(domain::kScaleMin + static_cast<int>(i))] = q.scale_counts[i];
        }
        j["counts"] = counts;
        j["mean"] = q.answered ? ordered_json(q.mean_milli / 1000.0) : ordered_json(nullptr);
        break;
      }
      case domain::SurveyQuestionKind::kChoice: {
        ordered_json options = ordered_json::array();
        for (std::size_t i = 0; i < q.question.options.size(); ++i) {
          const auto& o = q.question.options[i];
          options.push_back({{"key", o.key}, {"label_ja", o.label_ja}, {"label_en", o.label_en}, {"count", q.option_counts[i]}});
        }
        j["options"] = options;
        break;
      }
      case domain::SurveyQuestionKind::kText:
        j["texts"] = q.texts;
        break;
    }
    questions.push_back(std::move(j));
  }
  return ordered_json{{"event_id", e.id},
                      {"attendees", r.attendees},
                      {"responses", r.responses},
                      {"questions", questions}};
}

ordered_json SurveyJson(const domain::Event& e, const domain::Survey& s) {
  return ordered_json{{"event_id", e.id},
                      {"number", e.number},
                      {"theme", e.theme},
                      {"questions", QuestionsJson(s.questions)},
                      {"sent_at", s.sent_at.empty() ? ordered_json(nullptr) : ordered_json(s.sent_at)},
                      {"updated_at", s.updated_at}};
}

ordered_json MailJson(const domain::OutboxEntry& m, bool full) {
  ordered_json j{{"id", m.id},
                 {"kind", m.message.kind},
                 {"to", m.message.to},
                 {"lang", m.message.lang},
                 {"subject", m.message.subject},
                 {"state", domain::CodeIn<domain::MailState>(domain::kMailStateCodes, m.state)},
                 {"attempts", m.attempts},
                 {"next_attempt_at", m.state == domain::MailState::kQueued ? ordered_json(FormatTokyoIso(m.next_attempt_at))
                                                                           : ordered_json(nullptr)},
                 {"last_error", m.last_error},
                 {"created_at", m.created_at},
                 {"sent_at", m.sent_at.empty() ? ordered_json(nullptr) : ordered_json(m.sent_at)}};
  if (full) {
    j["text"] = m.message.text;
    j["unsubscribe_url"] = m.message.unsubscribe_url;
  }
  return j;
}

}  // namespace

ordered_json QuestionsJson(const std::vector<domain::SurveyQuestion>& questions) {
  return ordered_json::parse(store::QuestionsToJson(questions));
}

ordered_json StatisticJson(const domain::EventStatistic& s) {
  const auto networking = s.Networking();
  return ordered_json{{"event_id", s.event_id},
                      {"number", s.number},
                      {"date", TokyoDateOf(s.starts_at).ToIso()},
                      {"starts_at", FormatTokyoIso(s.starts_at)},
                      {"theme", s.theme},
                      {"participants", s.Participants()},
                      {"networking", networking ? ordered_json(*networking) : ordered_json(nullptr)},
                      {"source", s.reported_participants ? "reported" : "checked_in"},
                      {"capacity", s.capacity},
                      {"networking_capacity", s.networking_capacity},
                      {"registered", s.registered},
                      {"waitlisted", s.waitlisted},
                      {"attended", s.attended}};
}

Result<std::vector<domain::SurveyQuestion>> SurveyQuestionsFromJson(std::string_view body) {
  auto questions = Only(body, "questions");
  if (!questions) return Fail(questions.error());
  return store::QuestionsFromJson(questions->dump());
}

Result<domain::SurveyAnswers> SurveyAnswersFromJson(std::string_view body) {
  auto answers = Only(body, "answers");
  if (!answers) return Fail(answers.error());
  return store::AnswersFromJson(answers->dump());
}

void HandleApiEventStatistics(AppContext& app, const Request&, Response& res) {
  auto rows = app.surveys.Statistics();
  if (!rows) return SetJsonError(res, rows.error());
  ordered_json items = ordered_json::array();
  for (const auto& s : *rows) items.push_back(StatisticJson(s));
  SetJson(res, 200, Dump(ordered_json{{"total", rows->size()}, {"items", items}}));
}

void HandleApiEventTimeline(AppContext& app, const Request& req, Response& res) {
  auto days = app.surveys.Timeline(PathId(req));
  if (!days) return SetJsonError(res, days.error());
  ordered_json items = ordered_json::array();
  for (const auto& d : *days) items.push_back({{"date", d.day}, {"registrations", d.total}});
  SetJson(res, 200, Dump(ordered_json{{"event_id", PathId(req)}, {"items", items}}));
}

void HandleApiSurvey(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  res.set_header("Cache-Control", "no-store");
  const auto id = PathId(req);
  if (domain::AuthorizeRole(*auth.actor, domain::Action::kManageEvents)) {
    auto v = app.surveys.Admin(*auth.actor, id);
    if (!v) return SetJsonError(res, v.error());
    if (!v->survey) {
      return SetJsonError(res, MakeError(Reason{"error.survey.not_found", {{"id", std::to_string(id)}}},
                                         ErrorCode::kNotFound, fmt::format("event {} has no survey yet", id)));
    }
    return SetJson(res, 200, Dump(SurveyJson(v->event, *v->survey)));
  }
  auto form = app.surveys.Form(*auth.actor, id);
  if (!form) return SetJsonError(res, form.error());
  auto j = SurveyJson(form->event, form->survey);
  j["answered"] = form->answered;
  SetJson(res, 200, Dump(j));
}

void HandleApiSurveySave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto questions = SurveyQuestionsFromJson(req.body);
  if (!questions) return SetJsonError(res, questions.error());
  auto survey = app.surveys.Save(*auth.actor, PathId(req), *questions);
  if (!survey) return SetJsonError(res, survey.error());
  auto v = app.surveys.Admin(*auth.actor, PathId(req));
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(SurveyJson(v->event, *survey)));
}

void HandleApiSurveySend(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto sent = app.surveys.Send(*auth.actor, PathId(req));
  if (!sent) return SetJsonError(res, sent.error());
  auto v = app.surveys.Admin(*auth.actor, PathId(req));
  if (!v) return SetJsonError(res, v.error());
  auto j = SurveyJson(v->event, sent->first);
  j["mailed"] = sent->second;
  SetJson(res, 200, Dump(j));
}

void HandleApiSurveyResults(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  res.set_header("Cache-Control", "no-store");
  auto v = app.surveys.Admin(*auth.actor, PathId(req));
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(ResultsJson(v->event, v->results)));
}

void HandleApiSurveyRespond(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto answers = SurveyAnswersFromJson(req.body);
  if (!answers) return SetJsonError(res, answers.error());
  if (auto st = app.surveys.Respond(*auth.actor, PathId(req), *answers); !st) return SetJsonError(res, st.error());
  SetJson(res, 201, Dump(ordered_json{{"event_id", PathId(req)}, {"answered", true}}));
}

void HandleApiAttendanceReport(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = Object(req.body);
  if (!j) return SetJsonError(res, j.error());
  std::optional<int> participants, networking;
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it.key() != "participants" && it.key() != "networking") {
      return SetJsonError(res, BodyError("is not a field here", it.key()).value());
    }
    if (it->is_null()) continue;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100000) {
      return SetJsonError(res, BodyError("must be a whole number from 0 to 100000", it.key()).value());
    }
    (it.key() == "participants" ? participants : networking) = static_cast<int>(it->get<std::int64_t>());
  }
  if (!participants) return SetJsonError(res, BodyError("is required", "participants").value());
  if (auto st = app.surveys.ReportAttendance(*auth.actor, PathId(req), *participants, networking); !st) {
    return SetJsonError(res, st.error());
  }
  auto rows = app.surveys.Statistics();
  if (!rows) return SetJsonError(res, rows.error());
  for (const auto& s : *rows) {
    if (s.event_id == PathId(req)) return SetJson(res, 200, Dump(StatisticJson(s)));
  }
  SetJson(res, 200, Dump(ordered_json{{"event_id", PathId(req)}, {"participants", *participants}}));
}

void HandleApiMailList(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  res.set_header("Cache-Control", "no-store");
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return SetJsonError(res, paging.error());
  std::optional<domain::MailState> state;
  if (const auto values = services::Values(req.params, "state"); !values.empty() && !values.front().empty()) {
    state = domain::ValueIn<domain::MailState>(domain::kMailStateCodes, values.front());
    if (!state) {
      return SetJsonError(res, MakeError(Reason{"error.param.unknown_value", {{"value", values.front()}}},
                                         ErrorCode::kInvalidArgument,
                                         fmt::format("'{}' is not queued, sent or dead", values.front()), {}, "state"));
    }
  }
  auto page = app.mail_admin.List(*auth.actor, state, paging->page, paging->per_page);
  if (!page) return SetJsonError(res, page.error());
  ordered_json items = ordered_json::array();
  for (const auto& m : page->items) items.push_back(MailJson(m, false));
  SetJson(res, 200,
          Dump(ordered_json{{"total", page->total},
                            {"items", items},
                            {"page", page->page},
                            {"per_page", page->per_page},
                            {"counts", {{"queued", page->counts.queued}, {"sent", page->counts.sent}, {"dead", page->counts.dead}}}}));
}

void HandleApiMail(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  res.set_header("Cache-Control", "no-store");
  auto m = app.mail_admin.Find(*auth.actor, PathId(req));
  if (!m) return SetJsonError(res, m.error());
  SetJson(res, 200, Dump(MailJson(*m, true)));
}

void HandleApiMailRetry(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto m = app.mail_admin.Requeue(*auth.actor, PathId(req));
  if (!m) return SetJsonError(res, m.error());
  SetJson(res, 200, Dump(MailJson(*m, true)));
}

}  // namespace proven::web
