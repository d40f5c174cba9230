#include "domain/events/survey.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"

namespace proven::domain {

namespace {

constexpr TextLimit kLabelLimit{"label", 300, false};
constexpr TextLimit kAnswerLimit{"answer", kSurveyAnswerTextMax, true};
constexpr std::size_t kKeyMax = 32;

tl::unexpected<Error> Invalid(std::string field, std::string reason_key, std::string message,
                              std::vector<std::pair<std::string, std::string>> args = {}) {
  return Fail(Reason{std::move(reason_key), std::move(args)}, ErrorCode::kInvalidArgument, std::move(message), {},
              std::move(field));
}

bool IsKey(std::string_view k) {
  if (k.empty() || k.size() > kKeyMax) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Status Key(std::string_view key, const std::string& field) {
  if (key.empty()) return Invalid(field, "error.field.required", "is required");
  if (!IsKey(key)) {
    return Invalid(field, "error.survey.key",
                   fmt::format("'{}' is not a key: use 1–32 of a–z, 0–9 and _", key), {{"value", std::string(key)}});
  }
  return {};
}

Status Label(std::string_view value, const std::string& field) {
  if (value.empty()) return Invalid(field, "error.field.required", "is required");
  if (auto st = CheckText(kLabelLimit, value); !st) {
    Error e = st.error();
    e.field = field;
    return Fail(std::move(e));
  }
  return {};
}

}  // namespace

Status CheckQuestions(const std::vector<SurveyQuestion>& questions) {
  if (questions.empty()) return Invalid("questions", "error.survey.no_questions", "must hold at least one question");
  if (questions.size() > kMaxSurveyQuestions) {
    return Invalid("questions", "error.survey.too_many_questions",
                   fmt::format("holds {} questions; at most {} are allowed", questions.size(), kMaxSurveyQuestions),
                   {{"count", std::to_string(questions.size())}, {"max", std::to_string(kMaxSurveyQuestions)}});
  }
  std::set<std::string_view> keys;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const SurveyQuestion& q = questions[i];
    const std::string at = fmt::format("questions[{}]", i);
    if (auto st = Key(q.key, at + ".key"); !st) return st;
    if (!keys.insert(q.key).second) {
      return Invalid(at + ".key", "error.survey.duplicate_key", fmt::format("'{}' is already the key of another question", q.key),
                     {{"value", q.key}});
    }
    if (auto st = Label(q.label_ja, at + ".label_ja"); !st) return st;
    if (auto st = Label(q.label_en, at + ".label_en"); !st) return st;
    if (q.kind != SurveyQuestionKind::kChoice) {
      if (!q.options.empty()) {
        return Invalid(at + ".options", "error.survey.options_not_choice", "only a choice question has options");
      }
      if (q.multiple) return Invalid(at + ".multiple", "error.survey.options_not_choice", "only a choice question has options");
      continue;
    }
    if (q.options.size() < 2 || q.options.size() > kMaxOptions) {
      return Invalid(at + ".options", "error.survey.option_count",
                     fmt::format("holds {} options; a choice question has 2 to {}", q.options.size(), kMaxOptions),
                     {{"count", std::to_string(q.options.size())}, {"max", std::to_string(kMaxOptions)}});
    }
    std::set<std::string_view> option_keys;
    for (std::size_t j = 0; j < q.options.size(); ++j) {
      const SurveyOption& o = q.options[j];
      const std::string oat = fmt::format("{}.options[{}]", at, j);
      if (auto st = Key(o.key, oat + ".key"); !st) return st;
      if (!option_keys.insert(o.key).second) {
        return Invalid(oat + ".key", "error.survey.duplicate_key",
                       fmt::format("'{}' is already the key of another option", o.key), {{"value", o.key}});
      }
      if (auto st = Label(o.label_ja, oat + ".label_ja"); !st) return st;
      if (auto st = Label(o.label_en, oat + ".label_en"); !st) return st;
    }
  }
  return {};
}

Result<SurveyAnswers> CheckAnswers(const std::vector<SurveyQuestion>& questions, const SurveyAnswers& answers) {
  for (const auto& [key, _] : answers) {
    const bool known = std::any_of(questions.begin(), questions.end(), [&](const SurveyQuestion& q) { return q.key == key; });
    if (!known) {
      return Invalid("answers." + key, "error.survey.unknown_question", fmt::format("'{}' is not a question of this survey", key),
                     {{"value", key}});
    }
  }
  SurveyAnswers out;
  for (const SurveyQuestion& q : questions) {
    const std::string field = "answers." + q.key;
    auto it = answers.find(q.key);
    const SurveyAnswer* a = it == answers.end() ? nullptr : &it->second;
    switch (q.kind) {
      case SurveyQuestionKind::kScale: {
        if (a && (!a->choices.empty() || !a->text.empty())) {
          return Invalid(field, "error.survey.scale", fmt::format("must be a number from {} to {}", kScaleMin, kScaleMax));
        }
        if (!a || !a->scale) {
          if (q.required) return Invalid(field, "error.field.required", "is required");
          continue;
        }
        if (*a->scale < kScaleMin || *a->scale > kScaleMax) {
          return Invalid(field, "error.survey.scale", fmt::format("must be a number from {} to {}", kScaleMin, kScaleMax));
        }
        out[q.key].scale = a->scale;
        break;
      }
      case SurveyQuestionKind::kChoice: {
        if (a && (a->scale || !a->text.empty())) {
          return Invalid(field, "error.survey.choice", "must name options of the question");
        }
        if (!a || a->choices.empty()) {
          if (q.required) return Invalid(field, "error.field.required", "is required");
          continue;
        }
        if (!q.multiple && a->choices.size() > 1) {
          return Invalid(field, "error.survey.single_choice", "takes one option only");
        }
        std::set<std::string> seen;
        for (std::size_t i = 0; i < a->choices.size(); ++i) {
          const std::string& c = a->choices[i];
          const bool known = std::any_of(q.options.begin(), q.options.end(), [&](const SurveyOption& o) { return o.key == c; });
          if (!known) {
            return Invalid(fmt::format("{}[{}]", field, i), "error.survey.unknown_option",
                           fmt::format("'{}' is not an option of this question", c), {{"value", c}});
          }
          if (!seen.insert(c).second) {
            return Invalid(fmt::format("{}[{}]", field, i), "error.survey.duplicate_key",
                           fmt::format("'{}' is given twice", c), {{"value", c}});
          }
        }
        // Stored in the question's order, whatever order they came in.
        for (const SurveyOption& o : q.options) {
          if (seen.count(o.key)) out[q.key].choices.push_back(o.key);
        }
        break;
      }
      case SurveyQuestionKind::kText: {
        if (a && (a->scale || !a->choices.empty())) return Invalid(field, "error.survey.text", "must be text");
        if (auto st = CheckText(kAnswerLimit, a ? a->text : std::string_view{}); !st) {
          Error e = st.error();
          e.field = field;
          return Fail(std::move(e));
        }
        const std::string text = a ? std::string(Trim(a->text)) : std::string();
        if (text.empty()) {
          if (q.required) return Invalid(field, "error.field.required", "is required");
          continue;
        }
        out[q.key].text = text;
        break;
      }
    }
  }
  return out;
}

SurveyResults AggregateSurvey(const std::vector<SurveyQuestion>& questions, const std::vector<SurveyAnswers>& responses,
                              int attendees) {
  SurveyResults r;
  r.attendees = attendees;
  r.responses = static_cast<int>(responses.size());
  for (const SurveyQuestion& q : questions) {
    SurveyQuestionResult qr;
    qr.question = q;
    if (q.kind == SurveyQuestionKind::kScale) qr.scale_counts.assign(kScaleMax - kScaleMin + 1, 0);
    if (q.kind == SurveyQuestionKind::kChoice) qr.option_counts.assign(q.options.size(), 0);
    std::int64_t sum = 0;
    for (const SurveyAnswers& answers : responses) {
      auto it = answers.find(q.key);
      if (it == answers.end()) continue;
      const SurveyAnswer& a = it->second;
      switch (q.kind) {
        case SurveyQuestionKind::kScale:
          // SurveyAnswers were checked when given; one outside the scale (a question changed since) is not counted.
          if (!a.scale || *a.scale < kScaleMin || *a.scale > kScaleMax) continue;
          ++qr.scale_counts[*a.scale - kScaleMin];
          sum += *a.scale;
          ++qr.answered;
          break;
        case SurveyQuestionKind::kChoice: {
          bool any = false;
          for (std::size_t i = 0; i < q.options.size(); ++i) {
            if (std::find(a.choices.begin(), a.choices.end(), q.options[i].key) != a.choices.end()) {
              ++qr.option_counts[i];
              any = true;
            }
          }
          if (any) ++qr.answered;
          break;
        }
        case SurveyQuestionKind::kText:
          if (a.text.empty()) continue;
          qr.texts.push_back(a.text);
          ++qr.answered;
          break;
      }
    }
    // Rounded half up to thousandths: 11 / 3 → 3667.
    if (q.kind == SurveyQuestionKind::kScale && qr.answered > 0) {
      qr.mean_milli = static_cast<int>((sum * 2000 + qr.answered) / (2 * qr.answered));
    }
    r.questions.push_back(std::move(qr));
  }
  return r;
}

Status CheckReportedAttendance(int participants, std::optional<int> networking) {
  if (participants < 0 || participants > 100000) {
    return Invalid("participants", "error.event.reported_participants", "must be a whole number from 0 to 100000");
  }
  if (networking && (*networking < 0 || *networking > participants)) {
    return Invalid("networking", "error.event.reported_networking",
                   fmt::format("must be a whole number from 0 to the participants ({})", participants),
                   {{"max", std::to_string(participants)}});
  }
  return {};
}

std::vector<DayCount> CumulativeByDay(std::vector<std::int64_t> requested_at) {
  std::sort(requested_at.begin(), requested_at.end());
  std::vector<DayCount> out;
  int total = 0;
  for (std::int64_t t : requested_at) {
    ++total;
    std::string day = TokyoDateOf(t).ToIso();
    if (!out.empty() && out.back().day == day) {
      out.back().total = total;
    } else {
      out.push_back({std::move(day), total});
    }
  }
  return out;
}

}  // namespace proven::domain
