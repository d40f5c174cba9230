#include "services/events/survey_service.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"

namespace proven::services {

namespace {

using domain::Action;
using domain::Actor;
using domain::AuditAction;

tl::unexpected<Error> NoEvent(std::int64_t id) {
  return Fail(Reason{"error.event.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no event {}", id));
}
tl::unexpected<Error> NoSurvey(std::int64_t id) {
  return Fail(Reason{"error.survey.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no survey for you at event {}", id));
}
tl::unexpected<Error> Precondition(std::string key, std::string message) {
  return Fail(Reason{std::move(key), {}}, ErrorCode::kFailedPrecondition, std::move(message));
}

// The meeting, unless it is missing or a draft.
Result<domain::Event> PublicEvent(store::EventReader& r, std::int64_t id) {
  auto e = r.FindEvent(id);
  if (!e) return Fail(e.error());
  if (!*e || (*e)->state == domain::EventState::kDraft) return NoEvent(id);
  return std::move(**e);
}

std::vector<domain::Registration> Attendees(std::vector<domain::Registration> all) {
  std::erase_if(all, [](const domain::Registration& r) {
    return r.seat != domain::Seat::kRegistered || r.attended_at.empty();
  });
  return all;
}

std::string AttendanceRecord(int participants, std::optional<int> networking) {
  nlohmann::ordered_json j{{"participants", participants}};
  j["networking"] = networking ? nlohmann::ordered_json(*networking) : nlohmann::ordered_json(nullptr);
  return j.dump();
}

}  // namespace

Result<domain::Survey> SurveyService::Save(const Actor& actor, std::int64_t event_id,
                                           const std::vector<domain::SurveyQuestion>& questions) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  if (auto st = domain::CheckQuestions(questions); !st) return Fail(st.error());
  domain::Survey out;
  auto st = store_.Write([&](store::SurveyWriter& w) -> Status {
    auto e = PublicEvent(w.Events(), event_id);
    if (!e) return Fail(e.error());
    if (e->state == domain::EventState::kCancelled) {
      return Precondition("error.event.cancelled", "the event is cancelled");
    }
    auto before = w.FindSurvey(event_id);
    if (!before) return Fail(before.error());
    if (*before && !(*before)->sent_at.empty()) {
      return Precondition("error.survey.sent", "the survey has been sent; its questions can no longer change");
    }
    if (auto done = w.SaveSurvey(event_id, questions); !done) return done;
    auto after = w.FindSurvey(event_id);
    if (!after) return Fail(after.error());
    if (!*after) return Fail(ErrorCode::kInternal, "the survey was not saved");
    out = **after;
    auto audit = store::AuditRecord(actor.Label(), AuditAction::kSurveySave).On("event", event_id);
    if (*before) audit.Before(store::QuestionsToJson((*before)->questions));
    return w.Events().Audit(audit.After(store::QuestionsToJson(questions)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::pair<domain::Survey, int>> SurveyService::Send(const Actor& actor, std::int64_t event_id) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  std::pair<domain::Survey, int> out;
  auto st = store_.Write([&](store::SurveyWriter& w) -> Status {
    auto e = PublicEvent(w.Events(), event_id);
    if (!e) return Fail(e.error());
    if (e->state == domain::EventState::kCancelled) {
      return Precondition("error.event.cancelled", "the event is cancelled");
    }
    auto survey = w.FindSurvey(event_id);
    if (!survey) return Fail(survey.error());
    if (!*survey) return Precondition("error.survey.none", "write the survey's questions first");
    if (!(*survey)->sent_at.empty()) return Precondition("error.survey.sent", "the survey has been sent already");
    if (clock_.NowUnix() < e->ends_at) {
      return Precondition("error.survey.not_over", "the meeting is not over yet; send the survey after it ends");
    }
    auto all = w.Events().Registrations(event_id);
    if (!all) return Fail(all.error());
    const auto attendees = Attendees(std::move(*all));
    if (attendees.empty()) {
      return Precondition("error.survey.no_attendees", "nobody has been checked in at this meeting: check people in first");
    }
    for (const auto& r : attendees) {
      const MailArgs args{{"number", std::to_string(e->number)},
                          {"theme", e->theme},
                          {"url", fmt::format("{}/events/{}/survey", public_url_, e->id)}};
      const MailText text = compose_("survey.invite", r.lang, args);
      auto id = w.Events().EnqueueMail({"survey.invite", r.email, r.lang, text.subject, text.text, ""});
      if (!id) return Fail(id.error());
    }
    if (auto done = w.MarkSurveySent(event_id); !done) return done;
    auto sent = w.FindSurvey(event_id);
    if (!sent) return Fail(sent.error());
    out = {**sent, static_cast<int>(attendees.size())};
    return w.Events().Audit(store::AuditRecord(actor.Label(), AuditAction::kSurveySend)
                       .On("event", event_id)
                       .After(fmt::format(R"({{"mailed":{}}})", attendees.size())));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<SurveyAdminView> SurveyService::Admin(const Actor& actor, std::int64_t event_id) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  SurveyAdminView out;
  auto st = store_.Read([&](store::SurveyReader& r) -> Status {
    auto e = r.Events().FindEvent(event_id);
    if (!e) return Fail(e.error());
    if (!*e) return NoEvent(event_id);
    out.event = **e;
    auto survey = r.FindSurvey(event_id);
    if (!survey) return Fail(survey.error());
    out.survey = *survey;
    auto all = r.Events().Registrations(event_id);
    if (!all) return Fail(all.error());
    const int attendees = static_cast<int>(Attendees(std::move(*all)).size());
    auto responses = r.Responses(event_id);
    if (!responses) return Fail(responses.error());
    out.results = domain::AggregateSurvey(out.survey ? out.survey->questions : std::vector<domain::SurveyQuestion>{},
                                          *responses, attendees);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<SurveyForm> SurveyService::Form(const Actor& actor, std::int64_t event_id) {
  if (auto st = domain::Authorize(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  SurveyForm out;
  auto st = store_.Read([&](store::SurveyReader& r) -> Status {
    auto e = PublicEvent(r.Events(), event_id);
    if (!e) return Fail(e.error());
    auto survey = r.FindSurvey(event_id);
    if (!survey) return Fail(survey.error());
    if (!*survey || (*survey)->sent_at.empty()) return NoSurvey(event_id);
    auto mine = r.Events().RegistrationOf(event_id, actor.user_id);
    if (!mine) return Fail(mine.error());
    if (!*mine || (*mine)->seat != domain::Seat::kRegistered || (*mine)->attended_at.empty()) return NoSurvey(event_id);
    auto answered = r.HasResponse((*mine)->id);
    if (!answered) return Fail(answered.error());
    out = {std::move(*e), std::move(**survey), *answered};
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Status SurveyService::Respond(const Actor& actor, std::int64_t event_id, const domain::SurveyAnswers& answers) {
  if (auto st = domain::Authorize(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  return store_.Write([&](store::SurveyWriter& w) -> Status {
    auto e = PublicEvent(w.Events(), event_id);
    if (!e) return Fail(e.error());
    auto survey = w.FindSurvey(event_id);
    if (!survey) return Fail(survey.error());
    if (!*survey || (*survey)->sent_at.empty()) return NoSurvey(event_id);
    auto mine = w.Events().RegistrationOf(event_id, actor.user_id);
    if (!mine) return Fail(mine.error());
    if (!*mine || (*mine)->seat != domain::Seat::kRegistered || (*mine)->attended_at.empty()) return NoSurvey(event_id);
    auto checked = domain::CheckAnswers((*survey)->questions, answers);
    if (!checked) return Fail(checked.error());
    auto id = w.InsertResponse(event_id, (*mine)->id, *checked);
    if (!id) return Fail(id.error());
    // The audit entry says who answered, not what: answers are read aggregated.
    return w.Events().Audit(store::AuditRecord(actor.Label(), AuditAction::kSurveyRespond).On("event", event_id));
  });
}

Status SurveyService::ReportAttendance(const Actor& actor, std::int64_t event_id, int participants,
                                       std::optional<int> networking) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  if (auto st = domain::CheckReportedAttendance(participants, networking); !st) return st;
  return store_.Write([&](store::SurveyWriter& w) -> Status {
    auto e = PublicEvent(w.Events(), event_id);
    if (!e) return Fail(e.error());
    if (e->state == domain::EventState::kCancelled) {
      return Precondition("error.event.cancelled", "the event is cancelled");
    }
    if (clock_.NowUnix() < e->starts_at) {
      return Precondition("error.event.not_started", "report head counts once the meeting has started");
    }
    if (auto done = w.SaveAttendanceReport(event_id, participants, networking); !done) return done;
    return w.Events().Audit(store::AuditRecord(actor.Label(), AuditAction::kAttendanceReport)
                       .On("event", event_id)
                       .After(AttendanceRecord(participants, networking)));
  });
}

Result<std::vector<domain::EventStatistic>> SurveyService::Statistics() {
  std::vector<domain::EventStatistic> out;
  auto st = store_.Read([&](store::SurveyReader& r) -> Status {
    auto rows = r.Statistics();
    if (!rows) return Fail(rows.error());
    // Meetings held: one still to come has no figures yet.
    const std::int64_t now = clock_.NowUnix();
    for (auto& row : *rows) {
      if (row.starts_at <= now) out.push_back(std::move(row));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<domain::DayCount>> SurveyService::Timeline(std::int64_t event_id) {
  std::vector<domain::DayCount> out;
  auto st = store_.Read([&](store::SurveyReader& r) -> Status {
    auto e = PublicEvent(r.Events(), event_id);
    if (!e) return Fail(e.error());
    auto times = r.RequestTimes(event_id);
    if (!times) return Fail(times.error());
    out = domain::CumulativeByDay(std::move(*times));
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

}  // namespace proven::services
