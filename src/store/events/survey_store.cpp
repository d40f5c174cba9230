#include "store/events/survey_store.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "domain/codes.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {

using nlohmann::json;

namespace {

tl::unexpected<Error> Invalid(const std::string& field, const std::string& message) {
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

Result<std::string> TextAt(const json& j, const char* key, const std::string& at, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Invalid(at + "." + key, "is required");
    return std::string();
  }
  if (!it->is_string()) return Invalid(at + "." + key, "must be a string");
  return it->get<std::string>();
}

Result<bool> BoolAt(const json& j, const char* key, const std::string& at) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_boolean()) return Invalid(at + "." + key, "must be true or false");
  return it->get<bool>();
}

class SqlSurveyWriter final : public SurveyWriter {
 public:
  SqlSurveyWriter(Connection& c, const Clock& clock)
      : c_(c), clock_(clock), statements_(c), events_(OpenEventWriter(c, clock)), now_(clock.NowIso()) {}

  EventWriter& Events() override { return *events_; }

  Result<std::optional<domain::Survey>> FindSurvey(std::int64_t event_id) override {
    auto st = Cached("SELECT event_id, questions, COALESCE(sent_at, ''), created_at, updated_at FROM event_surveys "
                     "WHERE event_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id);
    return One<domain::Survey>(**st, [&](const Statement& s) -> Result<domain::Survey> {
      domain::Survey survey;
      survey.event_id = s.Int(0);
      auto questions = QuestionsFromJson(s.Text(1));
      if (!questions) return Fail(Corrupt("survey", survey.event_id));
      survey.questions = std::move(*questions);
      survey.sent_at = s.Text(2);
      survey.created_at = s.Text(3);
      survey.updated_at = s.Text(4);
      return survey;
    });
  }

  Result<std::vector<domain::SurveyAnswers>> Responses(std::int64_t event_id) override {
    auto st = Cached("SELECT id, answers FROM survey_responses WHERE event_id = ? ORDER BY id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id);
    std::vector<domain::SurveyAnswers> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto answers = AnswersFromJson(s.Text(1));
          if (!answers) return Fail(Corrupt("survey response", s.Int(0)));
          out.push_back(std::move(*answers));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<bool> HasResponse(std::int64_t registration_id) override {
    auto st = Cached("SELECT 1 FROM survey_responses WHERE registration_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, registration_id);
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    return *row;
  }

  Result<std::vector<domain::EventStatistic>> Statistics() override {
    auto st = Cached(
        "SELECT e.id, e.number, e.starts_at, e.theme, e.capacity, e.networking_capacity, "
        "COALESCE(SUM(CASE WHEN r.seat = 'registered' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.seat = 'waitlisted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.seat = 'registered' AND r.attended_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.seat = 'registered' AND r.attended_at IS NOT NULL AND r.networking = 'registered' "
        "THEN 1 ELSE 0 END), 0), "
        "a.participants, a.networking "
        "FROM events e LEFT JOIN event_registrations r ON r.event_id = e.id "
        "LEFT JOIN event_attendance_reports a ON a.event_id = e.id "
        "WHERE e.state = 'published' "
        "GROUP BY e.id, e.number, e.starts_at, e.theme, e.capacity, e.networking_capacity, a.participants, a.networking "
        "ORDER BY e.starts_at, e.id");
    if (!st) return Fail(st.error());
    std::vector<domain::EventStatistic> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          domain::EventStatistic e;
          e.event_id = s.Int(0);
          e.number = static_cast<int>(s.Int(1));
          e.starts_at = s.Int(2);
          e.theme = s.Text(3);
          e.capacity = static_cast<int>(s.Int(4));
          e.networking_capacity = static_cast<int>(s.Int(5));
          e.registered = static_cast<int>(s.Int(6));
          e.waitlisted = static_cast<int>(s.Int(7));
          e.attended = static_cast<int>(s.Int(8));
          e.networking_attended = static_cast<int>(s.Int(9));
          if (!s.IsNull(10)) e.reported_participants = static_cast<int>(s.Int(10));
          if (!s.IsNull(11)) e.reported_networking = static_cast<int>(s.Int(11));
          out.push_back(std::move(e));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<std::int64_t>> RequestTimes(std::int64_t event_id) override {
    // created_at is when the person first asked; requested_at moves to the back of the queue when a
    // cancelled registration is taken up again. Demand over time counts first requests.
    auto st = Cached("SELECT requested_at FROM event_registrations WHERE event_id = ? ORDER BY requested_at");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id);
    std::vector<std::int64_t> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(s.Int(0));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Status SaveSurvey(std::int64_t event_id, const std::vector<domain::SurveyQuestion>& questions) override {
    auto st = Cached(
        "INSERT INTO event_surveys (event_id, questions, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (event_id) DO UPDATE SET questions = excluded.questions, updated_at = excluded.updated_at");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id).Bind(2, QuestionsToJson(questions)).Bind(3, now_).Bind(4, now_);
    return (*st)->Run();
  }

  Status MarkSurveySent(std::int64_t event_id) override {
    auto st = Cached("UPDATE event_surveys SET sent_at = ?, updated_at = ? WHERE event_id = ? AND sent_at IS NULL");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, now_).Bind(2, now_).Bind(3, event_id);
    return RunChanging(**st, fmt::format("event {} has no unsent survey", event_id));
  }

  Result<std::int64_t> InsertResponse(std::int64_t event_id, std::int64_t registration_id,
                                      const domain::SurveyAnswers& answers) override {
    auto st = Cached(
        "INSERT INTO survey_responses (event_id, registration_id, answers, submitted_at) VALUES (?, ?, ?, ?) "
        "RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id).Bind(2, registration_id).Bind(3, AnswersToJson(answers)).Bind(4, now_);
    auto id = RunReturningId(**st);
    if (!id && id.error().code == ErrorCode::kAlreadyExists) {
      return Fail(Reason{"error.survey.answered", {}}, ErrorCode::kAlreadyExists, "you have answered this survey already");
    }
    return id;
  }

  Status SaveAttendanceReport(std::int64_t event_id, int participants, std::optional<int> networking) override {
    auto st = Cached(
        "INSERT INTO event_attendance_reports (event_id, participants, networking, reported_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (event_id) DO UPDATE SET participants = excluded.participants, networking = excluded.networking, "
        "reported_at = excluded.reported_at");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id).Bind(2, static_cast<std::int64_t>(participants));
    if (networking) (*st)->Bind(3, static_cast<std::int64_t>(*networking));
    (*st)->Bind(4, now_);
    return (*st)->Run();
  }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }
  static Error Corrupt(std::string_view what, std::int64_t id) {
    return MakeError(ErrorCode::kInternal, "stored survey data is corrupt", fmt::format("{} {}", what, id));
  }

  Connection& c_;
  const Clock& clock_;
  StatementCache statements_;
  std::unique_ptr<EventWriter> events_;
  std::string now_;
};

}  // namespace

Status SqlSurveyStore::Write(const std::function<Status(SurveyWriter&)>& body) {
  return InWriteTransaction<SqlSurveyWriter>(pool_, clock_, body);
}

Status SqlSurveyStore::Read(const std::function<Status(SurveyReader&)>& body) {
  return InReadTransaction<SqlSurveyWriter>(pool_, clock_, body);
}

std::string QuestionsToJson(const std::vector<domain::SurveyQuestion>& questions) {
  json out = json::array();
  for (const auto& q : questions) {
    json j = {{"key", q.key},
              {"kind", domain::CodeIn<domain::SurveyQuestionKind>(domain::kSurveyQuestionKindCodes, q.kind)},
              {"label_ja", q.label_ja},
              {"label_en", q.label_en},
              {"required", q.required}};
    if (q.kind == domain::SurveyQuestionKind::kChoice) {
      j["multiple"] = q.multiple;
      json options = json::array();
      for (const auto& o : q.options) options.push_back({{"key", o.key}, {"label_ja", o.label_ja}, {"label_en", o.label_en}});
      j["options"] = std::move(options);
    }
    out.push_back(std::move(j));
  }
  return out.dump();
}

Result<std::vector<domain::SurveyQuestion>> QuestionsFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Invalid("questions", "is not JSON");
  if (!doc.is_array()) return Invalid("questions", "must be an array of questions");
  std::vector<domain::SurveyQuestion> out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& j = doc[i];
    const std::string at = fmt::format("questions[{}]", i);
    if (!j.is_object()) return Invalid(at, "must be an object");
    domain::SurveyQuestion q;
    auto key = TextAt(j, "key", at, true);
    if (!key) return Fail(key.error());
    q.key = *key;
    auto kind = TextAt(j, "kind", at, true);
    if (!kind) return Fail(kind.error());
    auto k = domain::ValueIn<domain::SurveyQuestionKind>(domain::kSurveyQuestionKindCodes, *kind);
    if (!k) return Invalid(at + ".kind", fmt::format("'{}' is not scale, choice or text", *kind));
    q.kind = *k;
    for (auto [name, dest] : {std::pair{"label_ja", &q.label_ja}, std::pair{"label_en", &q.label_en}}) {
      auto v = TextAt(j, name, at, true);
      if (!v) return Fail(v.error());
      *dest = *v;
    }
    auto required = BoolAt(j, "required", at);
    if (!required) return Fail(required.error());
    q.required = *required;
    auto multiple = BoolAt(j, "multiple", at);
    if (!multiple) return Fail(multiple.error());
    q.multiple = *multiple;
    if (auto it = j.find("options"); it != j.end() && !it->is_null()) {
      if (!it->is_array()) return Invalid(at + ".options", "must be an array of options");
      for (std::size_t n = 0; n < it->size(); ++n) {
        const json& o = (*it)[n];
        const std::string oat = fmt::format("{}.options[{}]", at, n);
        if (!o.is_object()) return Invalid(oat, "must be an object");
        domain::SurveyOption opt;
        for (auto [name, dest] : {std::pair{"key", &opt.key}, std::pair{"label_ja", &opt.label_ja},
                                  std::pair{"label_en", &opt.label_en}}) {
          auto v = TextAt(o, name, oat, true);
          if (!v) return Fail(v.error());
          *dest = *v;
        }
        q.options.push_back(std::move(opt));
      }
    }
    out.push_back(std::move(q));
  }
  return out;
}

std::string AnswersToJson(const domain::SurveyAnswers& answers) {
  json out = json::object();
  for (const auto& [key, a] : answers) {
    if (a.scale) {
      out[key] = *a.scale;
    } else if (!a.choices.empty()) {
      out[key] = a.choices;
    } else {
      out[key] = a.text;
    }
  }
  return out.dump();
}

Result<domain::SurveyAnswers> AnswersFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Invalid("answers", "is not JSON");
  if (!doc.is_object()) return Invalid("answers", "must be an object of answers by question key");
  domain::SurveyAnswers out;
  for (const auto& [key, value] : doc.items()) {
    const std::string at = "answers." + key;
    domain::SurveyAnswer a;
    if (value.is_null()) continue;
    if (value.is_number_integer()) {
      const auto n = value.get<std::int64_t>();
      if (n < -1000000 || n > 1000000) return Invalid(at, "is out of range");
      a.scale = static_cast<int>(n);
    } else if (value.is_string()) {
      a.text = value.get<std::string>();
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) return Invalid(fmt::format("{}[{}]", at, i), "must be an option key (a string)");
        a.choices.push_back(value[i].get<std::string>());
      }
    } else {
      return Invalid(at, "must be a number (scale), an array of option keys (choice) or a string (text)");
    }
    out.emplace(key, std::move(a));
  }
  return out;
}

}  // namespace proven::store
