#include "store/programme/programme_store.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "domain/codes.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Error Corrupt(std::string_view what, std::int64_t id) {
  return MakeError(ErrorCode::kInternal, "stored programme data is corrupt", fmt::format("{} {}", what, id));
}

// NULL ↔ "": the records hold absent times as empty strings.
void BindTextOrNull(Statement& st, int index, const std::string& text) {
  if (!text.empty()) st.Bind(index, text);
}

template <typename T>
void BindOptional(Statement& st, int index, const std::optional<T>& v) {
  if (v) st.Bind(index, static_cast<std::int64_t>(*v));
}

std::optional<std::int64_t> OptionalInt(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return st.Int(col);
}

// ---- JSON columns --------------------------------------------------------------------------------

std::string IdsJson(const std::vector<std::int64_t>& ids) { return Dump(json(ids)); }

std::vector<std::int64_t> IdsFromJson(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_number_integer()) out.push_back(e.get<std::int64_t>());
  }
  return out;
}

std::string StringsJson(const std::vector<std::string>& v) { return Dump(json(v)); }

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::string DeploymentJson(const std::vector<domain::DeploymentForm>& forms) {
  json j = json::array();
  for (auto f : forms) j.push_back(std::string(domain::CodeIn<domain::DeploymentForm>(domain::kDeploymentFormCodes, f)));
  return Dump(j);
}

std::optional<std::vector<domain::DeploymentForm>> DeploymentFromJson(const std::string& text) {
  std::vector<domain::DeploymentForm> out;
  for (const auto& code : StringsFromJson(text)) {
    auto f = domain::ValueIn<domain::DeploymentForm>(domain::kDeploymentFormCodes, code);
    if (!f) return std::nullopt;
    out.push_back(*f);
  }
  return out;
}

// {"<question id>": "text" | ["a", "b"] | <attachment id>}
std::string AnswersJson(const std::map<std::int64_t, domain::Answer>& answers) {
  json j = json::object();
  for (const auto& [question, answer] : answers) {
    const std::string key = std::to_string(question);
    if (const auto* text = std::get_if<std::string>(&answer)) {
      j[key] = *text;
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&answer)) {
      j[key] = *list;
    } else {
      j[key] = std::get<std::int64_t>(answer);
    }
  }
  return Dump(j);
}

std::optional<std::map<std::int64_t, domain::Answer>> AnswersFromJson(const std::string& text) {
  std::map<std::int64_t, domain::Answer> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  for (const auto& [key, value] : j.items()) {
    std::int64_t question = 0;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), question);
    if (ec != std::errc() || end != key.data() + key.size()) return std::nullopt;
    if (value.is_string()) {
      out[question] = value.get<std::string>();
    } else if (value.is_array()) {
      std::vector<std::string> list;
      for (const auto& e : value) {
        if (!e.is_string()) return std::nullopt;
        list.push_back(e.get<std::string>());
      }
      out[question] = std::move(list);
    } else if (value.is_number_integer()) {
      out[question] = value.get<std::int64_t>();
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// ---- Columns and row readers ---------------------------------------------------------------------

constexpr std::string_view kFieldColumns =
    "id, name_ja, name_en, description, rationale, status, reviewed_fy, updated_at";

Result<domain::Field> ReadField(const Statement& st) {
  domain::Field f;
  f.id = st.Int(0);
  f.name_ja = st.Text(1);
  f.name_en = st.Text(2);
  f.description = st.Text(3);
  f.rationale = st.Text(4);
  auto status = domain::ValueIn<domain::FieldStatus>(domain::kFieldStatusCodes, st.Text(5));
  if (!status) return Fail(Corrupt("field", f.id));
  f.status = *status;
  if (!st.IsNull(6)) f.reviewed_fy = static_cast<int>(st.Int(6));
  f.updated_at = st.Text(7);
  return f;
}

constexpr std::string_view kCallColumns =
    "id, title, description, eligibility, opens_at, closes_at, quorum, state, created_at, "
    "COALESCE(opened_at, ''), COALESCE(decided_at, '')";

Result<domain::Call> ReadCall(const Statement& st) {
  domain::Call c;
  c.id = st.Int(0);
  c.title = st.Text(1);
  c.description = st.Text(2);
  c.eligibility = st.Text(3);
  c.opens_at = OptionalInt(st, 4);
  c.closes_at = OptionalInt(st, 5);
  c.quorum = static_cast<int>(st.Int(6));
  auto state = domain::ValueIn<domain::CallState>(domain::kCallStateCodes, st.Text(7));
  if (!state || *state == domain::CallState::kClosed) return Fail(Corrupt("call", c.id));
  c.stored_state = *state;
  c.created_at = st.Text(8);
  c.opened_at = st.Text(9);
  c.decided_at = st.Text(10);
  return c;
}

constexpr std::string_view kApplicationColumns =
    "a.id, a.call_id, a.vendor_org_id, o.name, a.created_by, a.state, a.product_name, a.product_version, a.overview, "
    "a.field_ids, a.deployment, a.homepage, a.answers, a.outcome, a.rationale, a.created_at, a.updated_at, "
    "COALESCE(a.submitted_at, ''), COALESCE(a.withdrawn_at, ''), COALESCE(a.decided_at, '')";
constexpr std::string_view kApplicationFrom = "applications a JOIN organisations o ON o.id = a.vendor_org_id";

Result<domain::Application> ReadApplication(const Statement& st) {
  domain::Application a;
  a.id = st.Int(0);
  a.call_id = st.Int(1);
  a.vendor_org_id = st.Int(2);
  a.vendor = st.Text(3);
  a.created_by = st.Int(4);
  auto state = domain::ValueIn<domain::ApplicationState>(domain::kApplicationStateCodes, st.Text(5));
  auto deployment = DeploymentFromJson(st.Text(10));
  auto answers = AnswersFromJson(st.Text(12));
  if (!state || !deployment || !answers) return Fail(Corrupt("application", a.id));
  a.state = *state;
  a.product.name = st.Text(6);
  a.product.version = st.Text(7);
  a.product.overview = st.Text(8);
  a.product.field_ids = IdsFromJson(st.Text(9));
  a.product.deployment = std::move(*deployment);
  a.product.homepage = st.Text(11);
  a.answers = std::move(*answers);
  if (!st.IsNull(13)) {
    auto outcome = domain::ValueIn<domain::Outcome>(domain::kOutcomeCodes, st.Text(13));
    if (!outcome) return Fail(Corrupt("application", a.id));
    a.outcome = *outcome;
  }
  a.rationale = st.Text(14);
  a.created_at = st.Text(15);
  a.updated_at = st.Text(16);
  a.submitted_at = st.Text(17);
  a.withdrawn_at = st.Text(18);
  a.decided_at = st.Text(19);
  return a;
}

constexpr std::string_view kAttachmentColumns =
    "id, application_id, filename, content_type, size, sha256, uploaded_by, uploaded_at";

Attachment ReadAttachment(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Int(4), st.Text(5), st.Int(6), st.Text(7)};
}

constexpr std::string_view kUserColumns = "u.id, u.email, u.organisation_id, COALESCE(o.name, ''), u.disabled";
constexpr std::string_view kUserFrom = "users u LEFT JOIN organisations o ON o.id = u.organisation_id";

// Every method reads and writes through statements prepared once per transaction. Serves
// ProgrammeStore::Read too (as a ProgrammeReader), in a read transaction.
class SqlProgrammeWriter final : public ProgrammeWriter {
 public:
  SqlProgrammeWriter(Connection& c, const Clock& clock)
      : c_(c), audit_(c, clock), now_unix_(clock.NowUnix()),
        now_(fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(now_unix_)))) {}

  const std::string& Now() const override { return now_; }
  std::int64_t NowUnix() const override { return now_unix_; }

  // ---- Field map ----

  Result<std::vector<domain::Field>> Fields() override {
    std::vector<domain::Field> out;
    auto st = Cached(fmt::format("SELECT {} FROM fields ORDER BY id", kFieldColumns));
    if (!st) return Fail(st.error());
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto f = ReadField(s);
          if (!f) return Fail(f.error());
          out.push_back(std::move(*f));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<domain::Field>> FindField(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM fields WHERE id = ?", kFieldColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<domain::Field>(**st, ReadField);
  }

  Result<std::vector<domain::FieldEvent>> FieldHistory() override {
    std::vector<domain::FieldEvent> out;
    auto st = Cached(
        "SELECT e.id, e.field_id, e.at, e.kind, e.detail, f.name_ja FROM field_events e "
        "JOIN fields f ON f.id = e.field_id ORDER BY e.at DESC, e.id DESC");
    if (!st) return Fail(st.error());
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          domain::FieldEvent e;
          e.id = s.Int(0);
          e.field_id = s.Int(1);
          e.at = s.Text(2);
          auto kind = domain::ValueIn<domain::FieldEventKind>(domain::kFieldEventKindCodes, s.Text(3));
          if (!kind) return Fail(Corrupt("field event", e.id));
          e.kind = *kind;
          e.detail = s.Text(4);
          e.field_name_ja = s.Text(5);
          out.push_back(std::move(e));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::int64_t> InsertField(const domain::Field& f) override {
    auto st = Cached(
        "INSERT INTO fields (name_ja, name_en, description, rationale, status, reviewed_fy, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id");
    if (!st) return Fail(st.error());
    BindField(**st, f);
    return RunReturningId(**st);
  }

  Status UpdateField(const domain::Field& f) override {
    auto st = Cached(
        "UPDATE fields SET name_ja = ?1, name_en = ?2, description = ?3, rationale = ?4, status = ?5, "
        "reviewed_fy = ?6, updated_at = ?7 WHERE id = ?8");
    if (!st) return Fail(st.error());
    BindField(**st, f);
    (*st)->Bind(8, f.id);
    return RunChanging(**st, "no such field");
  }

  Status AddFieldEvent(std::int64_t field_id, domain::FieldEventKind kind, const std::string& detail_json) override {
    auto st = Cached("INSERT INTO field_events (field_id, at, kind, detail) VALUES (?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, field_id).Bind(2, now_)
        .Bind(3, domain::CodeIn<domain::FieldEventKind>(domain::kFieldEventKindCodes, kind))
        .Bind(4, detail_json.empty() ? std::string("{}") : detail_json);
    return (*st)->Run();
  }

  // ---- Calls ----

  Result<std::vector<domain::Call>> Calls(bool with_drafts) override {
    auto st = Cached(fmt::format("SELECT {} FROM calls {} ORDER BY (opens_at IS NULL) DESC, opens_at DESC, id DESC", kCallColumns,
                                 with_drafts ? "" : "WHERE state <> 'draft'"));
    if (!st) return Fail(st.error());
    std::vector<domain::Call> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto c = ReadCall(s);
          if (!c) return Fail(c.error());
          out.push_back(std::move(*c));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    for (auto& c : out) {
      if (auto st2 = LoadCallParts(c); !st2) return Fail(st2.error());
    }
    return out;
  }

  Result<std::optional<domain::Call>> FindCall(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM calls WHERE id = ?", kCallColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    auto c = One<domain::Call>(**st, ReadCall);
    if (!c) return Fail(c.error());
    if (*c) {
      if (auto parts = LoadCallParts(**c); !parts) return Fail(parts.error());
    }
    return c;
  }

  Result<std::int64_t> InsertCall(const domain::Call& c) override {
    auto st = Cached(
        "INSERT INTO calls (title, description, eligibility, opens_at, closes_at, quorum, state, opened_at, "
        "decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindCall(**st, c);
    (*st)->Bind(10, now_);
    auto id = RunReturningId(**st);
    if (!id) return Fail(id.error());
    if (auto parts = InsertFieldIds(*id, c.field_ids); !parts) return Fail(parts.error());
    if (auto parts = InsertQuestionsAndCriteria(*id, c); !parts) return Fail(parts.error());
    return *id;
  }

  Status UpdateCall(const domain::Call& c, bool replace_questions_and_criteria) override {
    auto st = Cached(
        "UPDATE calls SET title = ?, description = ?, eligibility = ?, opens_at = ?, closes_at = ?, quorum = ?, "
        "state = ?, opened_at = ?, decided_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindCall(**st, c);
    (*st)->Bind(10, c.id);
    if (auto done = RunChanging(**st, "no such call"); !done) return done;
    if (auto done = Exec("DELETE FROM call_fields WHERE call_id = ?", c.id); !done) return done;
    if (auto done = InsertFieldIds(c.id, c.field_ids); !done) return done;
    if (!replace_questions_and_criteria) return {};
    if (auto done = Exec("DELETE FROM call_questions WHERE call_id = ?", c.id); !done) return done;
    if (auto done = Exec("DELETE FROM call_criteria WHERE call_id = ?", c.id); !done) return done;
    return InsertQuestionsAndCriteria(c.id, c);
  }

  // ---- Applications ----

  Result<std::vector<domain::Application>> Applications(const ApplicationFilter& filter) override {
    std::string where;
    auto add = [&](std::string_view condition) { where += fmt::format("{} {}", where.empty() ? "WHERE" : " AND", condition); };
    if (filter.call_id) add("a.call_id = ?1");
    if (filter.vendor_org_id) add("a.vendor_org_id = ?2");
    if (filter.state) add("a.state = ?3");
    auto st = Cached(fmt::format("SELECT {} FROM {} {} ORDER BY a.id", kApplicationColumns, kApplicationFrom, where));
    if (!st) return Fail(st.error());
    if (filter.call_id) (*st)->Bind(1, *filter.call_id);
    if (filter.vendor_org_id) (*st)->Bind(2, *filter.vendor_org_id);
    if (filter.state) {
      (*st)->Bind(3, domain::CodeIn<domain::ApplicationState>(domain::kApplicationStateCodes, *filter.state));
    }
    std::vector<domain::Application> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto a = ReadApplication(s);
          if (!a) return Fail(a.error());
          out.push_back(std::move(*a));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<domain::Application>> FindApplication(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE a.id = ?", kApplicationColumns, kApplicationFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<domain::Application>(**st, ReadApplication);
  }

  Result<std::int64_t> InsertApplication(const domain::Application& a) override {
    auto st = Cached(
        "INSERT INTO applications (state, product_name, product_version, overview, field_ids, deployment, homepage, "
        "answers, outcome, rationale, updated_at, submitted_at, withdrawn_at, decided_at, call_id, vendor_org_id, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindApplication(**st, a);
    (*st)->Bind(15, a.call_id).Bind(16, a.vendor_org_id).Bind(17, a.created_by).Bind(18, now_);
    return RunReturningId(**st);
  }

  Status UpdateApplication(const domain::Application& a) override {
    auto st = Cached(
        "UPDATE applications SET state = ?, product_name = ?, product_version = ?, overview = ?, field_ids = ?, "
        "deployment = ?, homepage = ?, answers = ?, outcome = ?, rationale = ?, updated_at = ?, submitted_at = ?, "
        "withdrawn_at = ?, decided_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindApplication(**st, a);
    (*st)->Bind(15, a.id);
    return RunChanging(**st, "no such application");
  }

  // ---- Attachments ----

  Result<std::vector<Attachment>> Attachments(std::int64_t application_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM attachments WHERE application_id = ? ORDER BY id", kAttachmentColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, application_id);
    std::vector<Attachment> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(ReadAttachment(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<Attachment>> FindAttachment(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM attachments WHERE id = ?", kAttachmentColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<Attachment>(**st, [](const Statement& s) -> Result<Attachment> { return ReadAttachment(s); });
  }

  Result<std::optional<std::string>> AttachmentContent(const std::string& sha256) override {
    auto st = Cached("SELECT content FROM attachment_blobs WHERE sha256 = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, sha256);
    return One<std::string>(**st, [](const Statement& s) -> Result<std::string> { return s.Blob(0); });
  }

  Result<std::int64_t> InsertAttachment(const Attachment& a, std::string_view content) override {
    const auto size = static_cast<std::int64_t>(content.size());
    auto blob = Cached("INSERT INTO attachment_blobs (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
    if (!blob) return Fail(blob.error());
    (*blob)->Bind(1, a.sha256).Bind(2, size).BindBlob(3, content);
    if (auto done = (*blob)->Run(); !done) return Fail(done.error());
    auto st = Cached(
        "INSERT INTO attachments (application_id, filename, content_type, size, sha256, uploaded_by, uploaded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, a.application_id).Bind(2, a.filename).Bind(3, a.content_type).Bind(4, size).Bind(5, a.sha256)
        .Bind(6, a.uploaded_by).Bind(7, now_);
    return RunReturningId(**st);
  }

  // ---- Committee ----

  Result<std::vector<domain::Reviewer>> Reviewers(std::int64_t call_id) override {
    auto st = Cached(
        "SELECT r.user_id, u.email, u.organisation_id, COALESCE(o.name, ''), r.appointed_at FROM call_reviewers r "
        "JOIN users u ON u.id = r.user_id LEFT JOIN organisations o ON o.id = u.organisation_id "
        "WHERE r.call_id = ? ORDER BY r.position");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, call_id);
    std::vector<domain::Reviewer> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Text(1), OptionalInt(s, 2), s.Text(3), s.Text(4)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<std::int64_t>> CallsReviewedBy(std::int64_t user_id) override {
    auto st = Cached("SELECT call_id FROM call_reviewers WHERE user_id = ? ORDER BY call_id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, user_id);
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

  Result<std::vector<domain::Declaration>> Declarations(std::int64_t call_id) override {
    auto st = Cached(
        "SELECT d.application_id, d.reviewer_id, d.conflict, d.reason, d.declared_at FROM declarations d "
        "JOIN applications a ON a.id = d.application_id WHERE a.call_id = ? ORDER BY d.application_id, d.reviewer_id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, call_id);
    std::vector<domain::Declaration> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Int(1), s.Int(2) != 0, s.Text(3), s.Text(4)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<domain::Review>> Reviews(std::int64_t call_id) override {
    auto st = Cached(
        "SELECT r.application_id, r.reviewer_id, r.comment, r.submitted_at FROM reviews r "
        "JOIN applications a ON a.id = r.application_id WHERE a.call_id = ? ORDER BY r.application_id, r.reviewer_id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, call_id);
    std::vector<domain::Review> out;
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> index;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          domain::Review r;
          r.application_id = s.Int(0);
          r.reviewer_id = s.Int(1);
          r.comment = s.Text(2);
          r.submitted_at = s.Text(3);
          index[{r.application_id, r.reviewer_id}] = out.size();
          out.push_back(std::move(r));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    auto scores = Cached(
        "SELECT s.application_id, s.reviewer_id, s.criterion_id, s.score FROM review_scores s "
        "JOIN applications a ON a.id = s.application_id WHERE a.call_id = ?");
    if (!scores) return Fail(scores.error());
    (*scores)->Bind(1, call_id);
    if (auto done = Rows(**scores, [&](const Statement& s) -> Status {
          auto it = index.find({s.Int(0), s.Int(1)});
          if (it == index.end()) return Fail(Corrupt("review score of application", s.Int(0)));
          out[it->second].scores[s.Int(2)] = static_cast<int>(s.Int(3));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<domain::Relationship>> Relationships(std::optional<std::int64_t> reviewer_id) override {
    auto st = Cached(fmt::format(
        "SELECT r.id, r.reviewer_id, r.organisation_id, o.name, r.note, r.declared_at FROM reviewer_relationships r "
        "JOIN organisations o ON o.id = r.organisation_id {} ORDER BY r.id",
        reviewer_id ? "WHERE r.reviewer_id = ?" : ""));
    if (!st) return Fail(st.error());
    if (reviewer_id) (*st)->Bind(1, *reviewer_id);
    std::vector<domain::Relationship> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Status AddReviewer(std::int64_t call_id, std::int64_t user_id, std::int64_t appointed_by) override {
    // Checked before the insert: on PostgreSQL a failed statement would end the transaction.
    auto exists = Cached("SELECT 1 FROM call_reviewers WHERE call_id = ? AND user_id = ?");
    if (!exists) return Fail(exists.error());
    (*exists)->Bind(1, call_id).Bind(2, user_id);
    auto row = (*exists)->Step();
    if (!row) return Fail(row.error());
    (*exists)->Reset();
    if (*row) {
      return Fail(ErrorCode::kAlreadyExists, "this reviewer already sits on the call's committee", {}, "email");
    }
    auto st = Cached(
        "INSERT INTO call_reviewers (call_id, user_id, appointed_by, appointed_at, position) VALUES (?1, ?2, ?3, ?4, "
        "(SELECT COALESCE(MAX(position), 0) + 1 FROM call_reviewers WHERE call_id = ?1))");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, call_id).Bind(2, user_id).Bind(4, now_);
    // An appointment made without an account (the CLI) leaves appointed_by empty.
    if (appointed_by > 0) (*st)->Bind(3, appointed_by);
    return (*st)->Run();
  }

  Status PutDeclaration(const domain::Declaration& d) override {
    auto st = Cached(
        "INSERT INTO declarations (application_id, reviewer_id, conflict, reason, declared_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (application_id, reviewer_id) DO UPDATE SET conflict = excluded.conflict, "
        "reason = excluded.reason, declared_at = excluded.declared_at");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, d.application_id).Bind(2, d.reviewer_id).Bind(3, std::int64_t{d.conflict ? 1 : 0}).Bind(4, d.reason)
        .Bind(5, now_);
    return (*st)->Run();
  }

  Status PutReview(const domain::Review& r) override {
    auto st = Cached(
        "INSERT INTO reviews (application_id, reviewer_id, comment, submitted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (application_id, reviewer_id) DO UPDATE SET comment = excluded.comment, "
        "submitted_at = excluded.submitted_at");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.application_id).Bind(2, r.reviewer_id).Bind(3, r.comment).Bind(4, now_);
    if (auto done = (*st)->Run(); !done) return done;
    auto del = Cached("DELETE FROM review_scores WHERE application_id = ? AND reviewer_id = ?");
    if (!del) return Fail(del.error());
    (*del)->Bind(1, r.application_id).Bind(2, r.reviewer_id);
    if (auto done = (*del)->Run(); !done) return done;
    for (const auto& [criterion, score] : r.scores) {
      auto ins = Cached(
          "INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score) VALUES (?, ?, ?, ?)");
      if (!ins) return Fail(ins.error());
      (*ins)->Bind(1, r.application_id).Bind(2, r.reviewer_id).Bind(3, criterion).Bind(4, std::int64_t{score});
      if (auto done = (*ins)->Run(); !done) return done;
    }
    return {};
  }

  Result<std::int64_t> AddRelationship(const domain::Relationship& r) override {
    auto exists = Cached("SELECT 1 FROM reviewer_relationships WHERE reviewer_id = ? AND organisation_id = ?");
    if (!exists) return Fail(exists.error());
    (*exists)->Bind(1, r.reviewer_id).Bind(2, r.organisation_id);
    auto row = (*exists)->Step();
    if (!row) return Fail(row.error());
    (*exists)->Reset();
    if (*row) {
      return Fail(ErrorCode::kAlreadyExists, "this relationship is already declared", {}, "organisation");
    }
    auto st = Cached(
        "INSERT INTO reviewer_relationships (reviewer_id, organisation_id, note, declared_at) VALUES (?, ?, ?, ?) "
        "RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.reviewer_id).Bind(2, r.organisation_id).Bind(3, r.note).Bind(4, now_);
    return RunReturningId(**st);
  }

  // ---- Users and organisations ----

  Result<std::optional<UserRef>> FindUserByEmail(const std::string& email) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE u.email = ?", kUserColumns, kUserFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, email);
    return ReadUserRef(**st);
  }

  Result<std::optional<UserRef>> FindUser(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE u.id = ?", kUserColumns, kUserFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return ReadUserRef(**st);
  }

  Result<std::optional<std::int64_t>> OrganisationIdByName(const std::string& name) override {
    auto st = Cached("SELECT id FROM organisations WHERE name = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, name);
    return One<std::int64_t>(**st, [](const Statement& s) -> Result<std::int64_t> { return s.Int(0); });
  }

  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  Status Exec(std::string_view sql, std::int64_t id) {
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return (*st)->Run();
  }

  // Parameters 1..7 of the field insert and update.
  void BindField(Statement& st, const domain::Field& f) {
    st.Bind(1, f.name_ja).Bind(2, f.name_en).Bind(3, f.description).Bind(4, f.rationale)
        .Bind(5, domain::CodeIn<domain::FieldStatus>(domain::kFieldStatusCodes, f.status)).Bind(7, now_);
    BindOptional(st, 6, f.reviewed_fy);
  }

  // Parameters 1..9 of the call insert and update.
  static void BindCall(Statement& st, const domain::Call& c) {
    st.Bind(1, c.title).Bind(2, c.description).Bind(3, c.eligibility).Bind(6, std::int64_t{c.quorum})
        .Bind(7, domain::CodeIn<domain::CallState>(domain::kCallStateCodes, c.stored_state));
    BindOptional(st, 4, c.opens_at);
    BindOptional(st, 5, c.closes_at);
    BindTextOrNull(st, 8, c.opened_at);
    BindTextOrNull(st, 9, c.decided_at);
  }

  // Parameters 1..14 of the application insert and update.
  void BindApplication(Statement& st, const domain::Application& a) {
    st.Bind(1, domain::CodeIn<domain::ApplicationState>(domain::kApplicationStateCodes, a.state))
        .Bind(2, a.product.name).Bind(3, a.product.version).Bind(4, a.product.overview)
        .Bind(5, IdsJson(a.product.field_ids)).Bind(6, DeploymentJson(a.product.deployment))
        .Bind(7, a.product.homepage).Bind(8, AnswersJson(a.answers)).Bind(10, a.rationale).Bind(11, now_);
    if (a.outcome) st.Bind(9, domain::CodeIn<domain::Outcome>(domain::kOutcomeCodes, *a.outcome));
    BindTextOrNull(st, 12, a.submitted_at);
    BindTextOrNull(st, 13, a.withdrawn_at);
    BindTextOrNull(st, 14, a.decided_at);
  }

  Status InsertFieldIds(std::int64_t call_id, const std::vector<std::int64_t>& field_ids) {
    std::int64_t position = 0;
    for (auto field_id : field_ids) {
      auto st = Cached("INSERT INTO call_fields (call_id, field_id, position) VALUES (?, ?, ?)");
      if (!st) return Fail(st.error());
      (*st)->Bind(1, call_id).Bind(2, field_id).Bind(3, position++);
      if (auto done = (*st)->Run(); !done) return done;
    }
    return {};
  }

  Status InsertQuestionsAndCriteria(std::int64_t call_id, const domain::Call& c) {
    std::int64_t position = 0;
    for (const auto& q : c.questions) {
      auto st = Cached(
          "INSERT INTO call_questions (call_id, position, kind, prompt, options, required) VALUES (?, ?, ?, ?, ?, ?)");
      if (!st) return Fail(st.error());
      (*st)->Bind(1, call_id).Bind(2, position++)
          .Bind(3, domain::CodeIn<domain::QuestionKind>(domain::kQuestionKindCodes, q.kind)).Bind(4, q.prompt)
          .Bind(5, StringsJson(q.options)).Bind(6, std::int64_t{q.required ? 1 : 0});
      if (auto done = (*st)->Run(); !done) return done;
    }
    position = 0;
    for (const auto& k : c.criteria) {
      auto st = Cached(
          "INSERT INTO call_criteria (call_id, position, name, description, weight) VALUES (?, ?, ?, ?, ?)");
      if (!st) return Fail(st.error());
      (*st)->Bind(1, call_id).Bind(2, position++).Bind(3, k.name).Bind(4, k.description)
          .Bind(5, std::int64_t{k.weight});
      if (auto done = (*st)->Run(); !done) return done;
    }
    return {};
  }

  // The call's field ids, questions and criteria, in the order they were given.
  Status LoadCallParts(domain::Call& c) {
    c.field_ids.clear();
    c.questions.clear();
    c.criteria.clear();
    auto fields = Cached("SELECT field_id FROM call_fields WHERE call_id = ? ORDER BY position, field_id");
    if (!fields) return Fail(fields.error());
    (*fields)->Bind(1, c.id);
    if (auto done = Rows(**fields, [&](const Statement& s) -> Status {
          c.field_ids.push_back(s.Int(0));
          return {};
        });
        !done) {
      return done;
    }
    auto questions = Cached(
        "SELECT id, kind, prompt, options, required FROM call_questions WHERE call_id = ? ORDER BY position, id");
    if (!questions) return Fail(questions.error());
    (*questions)->Bind(1, c.id);
    if (auto done = Rows(**questions, [&](const Statement& s) -> Status {
          domain::Question q;
          q.id = s.Int(0);
          auto kind = domain::ValueIn<domain::QuestionKind>(domain::kQuestionKindCodes, s.Text(1));
          if (!kind) return Fail(Corrupt("question", q.id));
          q.kind = *kind;
          q.prompt = s.Text(2);
          q.options = StringsFromJson(s.Text(3));
          q.required = s.Int(4) != 0;
          c.questions.push_back(std::move(q));
          return {};
        });
        !done) {
      return done;
    }
    auto criteria = Cached(
        "SELECT id, name, description, weight FROM call_criteria WHERE call_id = ? ORDER BY position, id");
    if (!criteria) return Fail(criteria.error());
    (*criteria)->Bind(1, c.id);
    return Rows(**criteria, [&](const Statement& s) -> Status {
      c.criteria.push_back({s.Int(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3))});
      return {};
    });
  }

  Result<std::optional<UserRef>> ReadUserRef(Statement& st) {
    auto user = One<UserRef>(st, [](const Statement& s) -> Result<UserRef> {
      UserRef u;
      u.id = s.Int(0);
      u.email = s.Text(1);
      u.organisation_id = OptionalInt(s, 2);
      u.organisation = s.Text(3);
      u.disabled = s.Int(4) != 0;
      return u;
    });
    if (!user || !*user) return user;
    auto roles = Cached("SELECT role FROM user_roles WHERE user_id = ?");
    if (!roles) return Fail(roles.error());
    (*roles)->Bind(1, (*user)->id);
    if (auto done = Rows(**roles, [&](const Statement& s) -> Status {
          if (auto r = domain::RoleFromCode(s.Text(0))) (*user)->roles.push_back(*r);
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    std::sort((*user)->roles.begin(), (*user)->roles.end());
    return user;
  }

  Connection& c_;
  AuditAppender audit_;
  std::int64_t now_unix_;
  std::string now_;
  StatementCache statements_{c_};
};

}  // namespace

Status SqlProgrammeStore::Write(const std::function<Status(ProgrammeWriter&)>& body) {
  return InWriteTransaction<SqlProgrammeWriter>(pool_, clock_, body);
}

Status SqlProgrammeStore::Read(const std::function<Status(ProgrammeReader&)>& body) {
  return InReadTransaction<SqlProgrammeWriter>(pool_, clock_, body);
}

}  // namespace proven::store
