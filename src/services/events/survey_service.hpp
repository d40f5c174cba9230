#pragma once
// After a meeting (issue 11), use cases: the admin writes the survey (its questions in Japanese and
// English), sends it once the meeting is over — one mail to every attendee, in the language they
// registered in, in the same transaction that marks it sent — and reads the aggregated results;
// an attendee answers once (a second answer, even a concurrent one, is refused by the unique key);
// the admin reports the head counts of meetings counted outside Proven; anyone reads the published
// statistics and the registrations over time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/events/survey.hpp"
#include "services/events/event_service.hpp"
#include "store/events/survey_store.hpp"

namespace proven::services {

// The survey as an attendee sees it.
struct SurveyForm {
  domain::Event event;
  domain::Survey survey;
  bool answered = false;
};

// The survey as the admin sees it: the meeting, its survey if written, the attendees, the results.
struct SurveyAdminView {
  domain::Event event;
  std::optional<domain::Survey> survey;
  domain::SurveyResults results;
};

class SurveyService {
 public:
  SurveyService(store::SurveyStore& store, MailComposer compose, std::string public_url,
                const Clock& clock = Clock::System())
      : store_(store), compose_(std::move(compose)), public_url_(std::move(public_url)), clock_(clock) {}

  // Links in mail: set once the server knows its address (before it serves), when --public-url was not given.
  void SetPublicUrl(std::string url) { public_url_ = std::move(url); }
  const std::string& public_url() const { return public_url_; }

  // The admin. Questions can change until the survey is sent (kFailedPrecondition
  // error.survey.sent after), for a meeting that is not a draft or cancelled.
  Result<domain::Survey> Save(const domain::Actor& actor, std::int64_t event_id,
                              const std::vector<domain::SurveyQuestion>& questions);
  // The admin: mails every attendee. The meeting must be over and have attendees; once only.
  // Returns the survey and how many were mailed.
  Result<std::pair<domain::Survey, int>> Send(const domain::Actor& actor, std::int64_t event_id);
  Result<SurveyAdminView> Admin(const domain::Actor& actor, std::int64_t event_id);

  // An attendee of the meeting once the survey is sent; anyone else gets kNotFound.
  Result<SurveyForm> Form(const domain::Actor& actor, std::int64_t event_id);
  Status Respond(const domain::Actor& actor, std::int64_t event_id, const domain::SurveyAnswers& answers);

  // The admin: the head counts of a meeting that has started (reported figures replace the
  // check-in count in the statistics).
  Status ReportAttendance(const domain::Actor& actor, std::int64_t event_id, int participants,
                          std::optional<int> networking);

  // Public: every published meeting that has begun, oldest first.
  Result<std::vector<domain::EventStatistic>> Statistics();
  // Public, for a published meeting: the running total of registrations by day.
  Result<std::vector<domain::DayCount>> Timeline(std::int64_t event_id);

 private:
  store::SurveyStore& store_;
  MailComposer compose_;
  std::string public_url_;
  const Clock& clock_;
};

}  // namespace proven::services
