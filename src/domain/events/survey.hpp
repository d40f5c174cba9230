#pragma once
// After a meeting of the collaboration platform (issue 11): a survey of configurable questions —
// a satisfaction scale, what was useful (choices), free text — sent to the people who attended,
// answered once per attendee, and aggregated for the operator with charts; and the statistics the
// platform publishes: every meeting with its date, number, participants (networking session in
// brackets) and theme, attendance against capacity, registrations over time. Pure: the records,
// their validation and the arithmetic; the store reads and writes them, the web draws them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

enum class SurveyQuestionKind { kScale, kChoice, kText };
inline constexpr CodeEntry<SurveyQuestionKind> kSurveyQuestionKindCodes[] = {
    {SurveyQuestionKind::kScale, "scale"}, {SurveyQuestionKind::kChoice, "choice"}, {SurveyQuestionKind::kText, "text"}};

// The satisfaction scale: 1 (dissatisfied) … 5 (satisfied).
inline constexpr int kScaleMin = 1;
inline constexpr int kScaleMax = 5;

struct SurveyOption {
  std::string key;  // [a-z0-9_]{1,32}, unique in its question
  std::string label_ja, label_en;
};

// A question in both languages (the operator writes the survey; the page shows the reader's).
struct SurveyQuestion {
  std::string key;  // [a-z0-9_]{1,32}, unique in the survey: the answers' field name
  SurveyQuestionKind kind = SurveyQuestionKind::kText;
  std::string label_ja, label_en;
  bool required = false;
  bool multiple = false;              // a choice question: any number of options (else exactly one)
  std::vector<SurveyOption> options;  // a choice question: 2–12
};

inline constexpr std::size_t kMaxSurveyQuestions = 20;
inline constexpr std::size_t kMaxOptions = 12;
inline constexpr std::size_t kSurveyAnswerTextMax = 4000;

// kInvalidArgument naming the field ("questions[2].options[0].label_en"): 1–20 questions, keys of
// [a-z0-9_] unique, labels required in both languages (at most 300 characters), options only for
// choice questions (2–12, keys unique), `multiple` only for choice.
Status CheckQuestions(const std::vector<SurveyQuestion>& questions);

// An answer: a scale question's number, a choice question's option keys, a text question's text.
struct SurveyAnswer {
  std::optional<int> scale;
  std::vector<std::string> choices;
  std::string text;
};
using SurveyAnswers = std::map<std::string, SurveyAnswer>;  // by question key

// kInvalidArgument naming the field ("answers.satisfaction"): an unknown question, a required one
// unanswered, a scale outside 1–5, an unknown option, more than one option for a single choice,
// text too long. Empty answers to optional questions are dropped from the result.
Result<SurveyAnswers> CheckAnswers(const std::vector<SurveyQuestion>& questions, const SurveyAnswers& answers);

struct Survey {
  std::int64_t event_id = 0;
  std::vector<SurveyQuestion> questions;
  std::string sent_at;  // ISO 8601 UTC; empty until sent to the attendees
  std::string created_at, updated_at;
};

// The survey's results for the operator.
struct SurveyQuestionResult {
  SurveyQuestion question;
  int answered = 0;
  // A scale question: how many chose 1…5 (index 0 is 1), and the mean in thousandths (0 when none).
  std::vector<int> scale_counts;
  int mean_milli = 0;
  // A choice question: how many chose each option, in the question's order.
  std::vector<int> option_counts;
  // A text question: every non-empty answer, oldest first.
  std::vector<std::string> texts;
};
struct SurveyResults {
  int attendees = 0;
  int responses = 0;
  std::vector<SurveyQuestionResult> questions;
};
SurveyResults AggregateSurvey(const std::vector<SurveyQuestion>& questions, const std::vector<SurveyAnswers>& responses,
                              int attendees);

// One meeting in the published statistics. `participants` is the operator's reported figure when
// there is one (meetings counted before Proven, or corrected after the day), else the number of
// people checked in; `networking` likewise (the reported figure, else those checked in holding a
// networking seat), absent when the meeting had no networking session.
struct EventStatistic {
  std::int64_t event_id = 0;
  int number = 0;
  std::int64_t starts_at = 0;  // unix seconds
  std::string theme;
  int capacity = 0, networking_capacity = 0;
  int registered = 0, waitlisted = 0, attended = 0, networking_attended = 0;
  std::optional<int> reported_participants, reported_networking;
  int Participants() const { return reported_participants ? *reported_participants : attended; }
  std::optional<int> Networking() const {
    if (reported_participants) return reported_networking;
    if (networking_capacity == 0) return std::nullopt;
    return networking_attended;
  }
};

// Reported figures: participants 0–100000; networking 0–participants.
Status CheckReportedAttendance(int participants, std::optional<int> networking);

// Registrations over time: for each day (Asia/Tokyo) on which someone registered for the meeting,
// the day and the running total of requests up to and including it (cancellations included: the
// demand), from the requests' times in unix seconds.
struct DayCount {
  std::string day;  // YYYY-MM-DD
  int total = 0;
};
std::vector<DayCount> CumulativeByDay(std::vector<std::int64_t> requested_at);

}  // namespace proven::domain
