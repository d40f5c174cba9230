#pragma once
// Persistence of what follows a meeting (migration 0013): its survey, the answers (one per
// registration), the head counts the operator reports, and the figures of the published
// statistics. A survey transaction also reads and writes events (the attendees, their mail, the
// audit entry) through the event store's transaction object on the same connection, so that
// "send the survey and mail every attendee" commits as one.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/events/survey.hpp"
#include "store/db.hpp"
#include "store/events/event_store.hpp"

namespace proven::store {

class SurveyReader {
 public:
  virtual ~SurveyReader() = default;
  virtual EventWriter& Events() = 0;  // within this transaction; writes only through a SurveyWriter
  virtual Result<std::optional<domain::Survey>> FindSurvey(std::int64_t event_id) = 0;
  // Every response's answers, oldest first.
  virtual Result<std::vector<domain::SurveyAnswers>> Responses(std::int64_t event_id) = 0;
  virtual Result<bool> HasResponse(std::int64_t registration_id) = 0;
  // Published meetings (not drafts, not cancelled), oldest first, with their counts and reports.
  virtual Result<std::vector<domain::EventStatistic>> Statistics() = 0;
  // When each registration of the meeting was requested (unix seconds), cancelled ones included.
  virtual Result<std::vector<std::int64_t>> RequestTimes(std::int64_t event_id) = 0;
};

class SurveyWriter : public SurveyReader {
 public:
  // Creates or replaces the questions (sent_at kept).
  virtual Status SaveSurvey(std::int64_t event_id, const std::vector<domain::SurveyQuestion>& questions) = 0;
  virtual Status MarkSurveySent(std::int64_t event_id) = 0;
  // kAlreadyExists (error.survey.answered) when the registration has answered already: the unique
  // key decides, not a read before.
  virtual Result<std::int64_t> InsertResponse(std::int64_t event_id, std::int64_t registration_id,
                                              const domain::SurveyAnswers& answers) = 0;
  // Creates or replaces the meeting's reported head counts.
  virtual Status SaveAttendanceReport(std::int64_t event_id, int participants, std::optional<int> networking) = 0;
};

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  virtual Status Write(const std::function<Status(SurveyWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(SurveyReader&)>& body) = 0;
};

class SqlSurveyStore final : public SurveyStore {
 public:
  explicit SqlSurveyStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(SurveyWriter&)>& body) override;
  Status Read(const std::function<Status(SurveyReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

// The JSON documents stored for questions and answers (also the API's shapes).
std::string QuestionsToJson(const std::vector<domain::SurveyQuestion>& questions);
Result<std::vector<domain::SurveyQuestion>> QuestionsFromJson(std::string_view text);
std::string AnswersToJson(const domain::SurveyAnswers& answers);
Result<domain::SurveyAnswers> AnswersFromJson(std::string_view text);

}  // namespace proven::store
