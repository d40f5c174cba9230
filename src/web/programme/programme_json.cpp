#include "web/programme/programme_json.hpp"

#include <cmath>
#include <set>

#include <fmt/core.h>

#include "core/text.hpp"
#include "services/programme/programme_records.hpp"

namespace proven::web {

using nlohmann::json;
using nlohmann::ordered_json;
using namespace proven::domain;

namespace {

tl::unexpected<Error> BodyError(std::string key, MessageArgs args, std::string message, std::string field) {
  return Fail(Reason{std::move(key), std::move(args)}, ErrorCode::kInvalidArgument, std::move(message), {},
              std::move(field));
}

// A JSON object read strictly: every key must be one the reader asks for, with the right type.
class Body {
 public:
  static Result<Body> Parse(std::string_view text, std::initializer_list<std::string_view> keys) {
    Body b;
    b.j_ = json::parse(text.begin(), text.end(), nullptr, false);
    if (b.j_.is_discarded() || !b.j_.is_object()) {
      return BodyError("error.body.not_an_object", {}, "the body must be a JSON object", {});
    }
    for (auto it = b.j_.begin(); it != b.j_.end(); ++it) {
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
        const std::string key = Ellipsize(it.key(), 40);
        return BodyError("error.body.unknown_field", {{"value", key}}, fmt::format("'{}' is not a field here", key), key);
      }
    }
    return b;
  }
  const json* Get(const std::string& key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

 private:
  json j_;
};

Result<std::string> AsString(const json& v, const std::string& at) {
  if (!v.is_string()) return BodyError("error.body.not_a_string", {}, fmt::format("{} must be a string", at), at);
  return v.get<std::string>();
}

Result<std::int64_t> AsId(const json& v, const std::string& at) {
  if (!v.is_number_integer()) {
    return BodyError("error.body.not_an_integer", {}, fmt::format("{} must be a whole number", at), at);
  }
  return v.get<std::int64_t>();
}

Result<int> AsSmallInt(const json& v, const std::string& at) {
  if (!v.is_number_integer() || v.get<std::int64_t>() < -1000000 || v.get<std::int64_t>() > 1000000) {
    return BodyError("error.body.not_an_integer", {}, fmt::format("{} must be a whole number", at), at);
  }
  return static_cast<int>(v.get<std::int64_t>());
}

Result<std::vector<std::string>> AsStrings(const json& v, const std::string& at) {
  if (!v.is_array()) return BodyError("error.body.not_strings", {}, fmt::format("{} must be a list of strings", at), at);
  std::vector<std::string> out;
  for (const auto& x : v) {
    if (!x.is_string()) return BodyError("error.body.not_strings", {}, fmt::format("{} must hold strings", at), at);
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<std::vector<std::int64_t>> AsIds(const json& v, const std::string& at) {
  if (!v.is_array()) return BodyError("error.body.not_ids", {}, fmt::format("{} must be a list of ids", at), at);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto id = AsId(v[i], fmt::format("{}[{}]", at, i));
    if (!id) return Fail(id.error());
    out.push_back(*id);
  }
  return out;
}

// Reads an optional string member into `target`; false (with `error`) when it has the wrong type.
template <typename T, typename F>
Status Optional(const Body& b, const std::string& key, std::optional<T>& target, F convert) {
  const json* v = b.Get(key);
  if (!v) return {};
  auto r = convert(*v, key);
  if (!r) return Fail(r.error());
  target = std::move(*r);
  return {};
}

Result<Question> QuestionFromJson(const json& v, const std::string& at) {
  if (!v.is_object()) return BodyError("error.body.not_an_object", {}, fmt::format("{} must be an object", at), at);
  Question q;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string key = at + "." + it.key();
    if (it.key() == "kind") {
      auto s = AsString(*it, key);
      if (!s) return Fail(s.error());
      auto kind = ValueIn<QuestionKind>(kQuestionKindCodes, *s);
      if (!kind) {
        return BodyError("error.field.bad_code", {{"value", Ellipsize(*s, 40)}},
                         fmt::format("'{}' is not text, single_choice, multiple_choice or file", Ellipsize(*s, 40)), key);
      }
      q.kind = *kind;
    } else if (it.key() == "prompt") {
      auto s = AsString(*it, key);
      if (!s) return Fail(s.error());
      q.prompt = *s;
    } else if (it.key() == "options") {
      auto s = AsStrings(*it, key);
      if (!s) return Fail(s.error());
      q.options = *s;
    } else if (it.key() == "required") {
      if (!it->is_boolean()) return BodyError("error.body.not_a_boolean", {}, key + " must be true or false", key);
      q.required = it->get<bool>();
    } else if (it.key() != "id") {
      return BodyError("error.body.unknown_field", {{"value", Ellipsize(it.key(), 40)}},
                       fmt::format("'{}' is not a field of a question", Ellipsize(it.key(), 40)), key);
    }
  }
  return q;
}

Result<Criterion> CriterionFromJson(const json& v, const std::string& at) {
  if (!v.is_object()) return BodyError("error.body.not_an_object", {}, fmt::format("{} must be an object", at), at);
  Criterion c;
  c.weight = 0;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string key = at + "." + it.key();
    if (it.key() == "name" || it.key() == "description") {
      auto s = AsString(*it, key);
      if (!s) return Fail(s.error());
      (it.key() == "name" ? c.name : c.description) = *s;
    } else if (it.key() == "weight") {
      auto w = AsSmallInt(*it, key);
      if (!w) return Fail(w.error());
      c.weight = *w;
    } else if (it.key() != "id") {
      return BodyError("error.body.unknown_field", {{"value", Ellipsize(it.key(), 40)}},
                       fmt::format("'{}' is not a field of a criterion", Ellipsize(it.key(), 40)), key);
    }
  }
  return c;
}

template <typename T>
Result<std::vector<T>> ListOf(const json& v, const std::string& at, Result<T> (*one)(const json&, const std::string&)) {
  if (!v.is_array()) return BodyError("error.body.not_a_list", {}, fmt::format("{} must be a list", at), at);
  std::vector<T> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto x = one(v[i], fmt::format("{}[{}]", at, i));
    if (!x) return Fail(x.error());
    out.push_back(std::move(*x));
  }
  return out;
}

std::string_view Code(CallState s) { return CodeIn<CallState>(kCallStateCodes, s); }

ordered_json TimeOrNull(const std::string& t) { return t.empty() ? ordered_json(nullptr) : ordered_json(t); }

}  // namespace

Result<FieldInput> FieldInputFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"name_ja", "name_en", "description", "rationale", "status", "reviewed_fy"});
  if (!b) return Fail(b.error());
  FieldInput in;
  for (auto [key, target] : {std::pair{"name_ja", &in.name_ja}, {"name_en", &in.name_en},
                             {"description", &in.description}, {"rationale", &in.rationale}, {"status", &in.status}}) {
    if (auto st = Optional(*b, key, *target, AsString); !st) return Fail(st.error());
  }
  if (const json* fy = b->Get("reviewed_fy")) {
    if (fy->is_null()) {
      in.reviewed_fy = std::optional<int>();
    } else {
      auto n = AsSmallInt(*fy, "reviewed_fy");
      if (!n) return Fail(n.error());
      in.reviewed_fy = std::optional<int>(*n);
    }
  }
  return in;
}

Result<CallInput> CallInputFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"title", "description", "eligibility", "opens_at", "closes_at", "fields", "quorum",
                              "questions", "criteria"});
  if (!b) return Fail(b.error());
  CallInput in;
  for (auto [key, target] : {std::pair{"title", &in.title}, {"description", &in.description},
                             {"eligibility", &in.eligibility}, {"opens_at", &in.opens_at}, {"closes_at", &in.closes_at}}) {
    if (auto st = Optional(*b, key, *target, AsString); !st) return Fail(st.error());
  }
  if (auto st = Optional(*b, "fields", in.field_ids, AsIds); !st) return Fail(st.error());
  if (auto st = Optional(*b, "quorum", in.quorum, AsSmallInt); !st) return Fail(st.error());
  if (const json* q = b->Get("questions")) {
    auto list = ListOf<Question>(*q, "questions", QuestionFromJson);
    if (!list) return Fail(list.error());
    in.questions = std::move(*list);
  }
  if (const json* c = b->Get("criteria")) {
    auto list = ListOf<Criterion>(*c, "criteria", CriterionFromJson);
    if (!list) return Fail(list.error());
    in.criteria = std::move(*list);
  }
  return in;
}

Result<ApplicationInput> ApplicationInputFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"name", "version", "overview", "homepage", "fields", "deployment", "answers"});
  if (!b) return Fail(b.error());
  ApplicationInput in;
  for (auto [key, target] : {std::pair{"name", &in.name}, {"version", &in.version}, {"overview", &in.overview},
                             {"homepage", &in.homepage}}) {
    if (auto st = Optional(*b, key, *target, AsString); !st) return Fail(st.error());
  }
  if (auto st = Optional(*b, "fields", in.field_ids, AsIds); !st) return Fail(st.error());
  if (const json* d = b->Get("deployment")) {
    // One form as a string, or several as a list.
    if (d->is_string()) {
      in.deployment = std::vector<std::string>{d->get<std::string>()};
    } else {
      auto list = AsStrings(*d, "deployment");
      if (!list) return Fail(list.error());
      in.deployment = std::move(*list);
    }
  }
  if (const json* a = b->Get("answers")) {
    if (!a->is_object()) return BodyError("error.body.not_an_object", {}, "answers must be an object", "answers");
    std::map<std::int64_t, Answer> answers;
    for (auto it = a->begin(); it != a->end(); ++it) {
      const std::string at = "answers." + Ellipsize(it.key(), 20);
      std::int64_t qid = 0;
      const auto& k = it.key();
      if (k.empty() || k.size() > 18 || !std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return BodyError("error.body.not_an_id", {{"value", Ellipsize(k, 20)}},
                         fmt::format("'{}' is not a question id", Ellipsize(k, 20)), at);
      }
      qid = std::stoll(k);
      if (it->is_string()) {
        answers[qid] = it->get<std::string>();
      } else if (it->is_array()) {
        auto list = AsStrings(*it, at);
        if (!list) return Fail(list.error());
        answers[qid] = std::move(*list);
      } else if (it->is_number_integer()) {
        answers[qid] = it->get<std::int64_t>();
      } else if (it->is_null()) {
        answers[qid] = std::string();
      } else {
        return BodyError("error.body.bad_answer", {}, at + " must be a string, a list of strings or an attachment id",
                         at);
      }
    }
    in.answers = std::move(answers);
  }
  return in;
}

Result<ScoresBody> ScoresFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"scores", "comment"});
  if (!b) return Fail(b.error());
  ScoresBody out;
  const json* s = b->Get("scores");
  if (!s || !s->is_object()) {
    return BodyError("error.review.scores_object", {}, "scores must be an object of criterion id → 1..5", "scores");
  }
  for (auto it = s->begin(); it != s->end(); ++it) {
    const std::string at = "scores." + Ellipsize(it.key(), 20);
    if (!it->is_number()) {
      return BodyError("error.review.bad_score", {{"criterion", Ellipsize(it.key(), 20)}},
                       fmt::format("{} must be a whole number from 1 to 5", at), at);
    }
    out.scores[it.key()] = it->get<double>();
  }
  if (const json* c = b->Get("comment")) {
    auto str = AsString(*c, "comment");
    if (!str) return Fail(str.error());
    out.comment = *str;
  }
  return out;
}

Result<ConflictBody> ConflictFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"conflict", "reason"});
  if (!b) return Fail(b.error());
  ConflictBody out;
  const json* c = b->Get("conflict");
  if (!c || !c->is_boolean()) {
    return BodyError("error.body.not_a_boolean", {}, "conflict must be true or false", "conflict");
  }
  out.conflict = c->get<bool>();
  if (const json* r = b->Get("reason")) {
    auto str = AsString(*r, "reason");
    if (!str) return Fail(str.error());
    out.reason = *str;
  }
  return out;
}

Result<DecisionBody> DecisionFromJson(std::string_view text) {
  auto b = Body::Parse(text, {"outcome", "rationale"});
  if (!b) return Fail(b.error());
  DecisionBody out;
  const json* o = b->Get("outcome");
  std::optional<Outcome> outcome;
  if (o && o->is_string()) outcome = ValueIn<Outcome>(kOutcomeCodes, o->get<std::string>());
  if (!outcome) return BodyError("error.decision.bad_outcome", {}, "outcome must be selected or not_selected", "outcome");
  out.outcome = *outcome;
  if (const json* r = b->Get("rationale")) {
    auto str = AsString(*r, "rationale");
    if (!str) return Fail(str.error());
    out.rationale = *str;
  }
  return out;
}

Result<std::map<std::string, std::string>> StringsFromJson(std::string_view text,
                                                           std::initializer_list<std::string_view> keys) {
  auto b = Body::Parse(text, keys);
  if (!b) return Fail(b.error());
  std::map<std::string, std::string> out;
  for (auto k : keys) {
    const std::string key(k);
    if (const json* v = b->Get(key)) {
      auto s = AsString(*v, key);
      if (!s) return Fail(s.error());
      out[key] = *s;
    }
  }
  return out;
}

// ---- Responses ---------------------------------------------------------------------------------

ordered_json FieldJson(const Field& f) { return services::FieldRecord(f); }

ordered_json FieldEventJson(const FieldEvent& e) {
  ordered_json j;
  j["id"] = e.id;
  j["field_id"] = e.field_id;
  j["field"] = e.field_name_ja;
  j["at"] = e.at;
  j["kind"] = CodeIn<FieldEventKind>(kFieldEventKindCodes, e.kind);
  j["detail"] = ordered_json::parse(e.detail, nullptr, false);
  if (j["detail"].is_discarded()) j["detail"] = ordered_json::object();
  return j;
}

ordered_json CallJson(const services::CallView& v, bool full) {
  ordered_json j = services::CallRecord(v.call);
  j.erase("created_at");
  if (!full) {
    j.erase("questions");
    j.erase("description");
    j.erase("eligibility");
  }
  // The state right after the id and title, for readers of the raw JSON.
  ordered_json out;
  out["id"] = j["id"];
  out["title"] = j["title"];
  out["state"] = Code(v.state);
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() != "id" && it.key() != "title") out[it.key()] = it.value();
  }
  out["fields"] = ordered_json::array();
  for (const auto& f : v.fields) out["fields"].push_back({{"id", f.id}, {"name_ja", f.name_ja}, {"name_en", f.name_en}});
  if (v.state == CallState::kDecided) {
    out["selected"] = ordered_json::array();
    for (const auto& a : v.selected) {
      out["selected"].push_back({{"application_id", a.id}, {"product", a.product.name}, {"vendor", a.vendor}});
    }
  }
  return out;
}

ordered_json ConflictJson(const ConflictView& c) {
  static constexpr const char* kStatus[] = {"undeclared", "clear", "conflicted"};
  ordered_json j;
  j["status"] = kStatus[static_cast<int>(c.status)];
  j["automatic"] = c.automatic ? ordered_json(CodeIn<AutoConflict>(kAutoConflictCodes, *c.automatic)) : ordered_json(nullptr);
  j["reason"] = c.reason;
  return j;
}

ordered_json ApplicationJson(const services::ApplicationView& v) {
  ordered_json j = services::ApplicationRecord(v.application);
  j["call_title"] = v.call_title;
  j["call_state"] = Code(v.call_state);
  if (!v.details_visible) {
    // What an undeclared or conflicted reviewer may know: the product's name and the vendor.
    ordered_json bare;
    for (const char* k : {"id", "call_id", "vendor", "state"}) bare[k] = j[k];
    bare["product"] = {{"name", v.application.product.name}};
    bare["call_title"] = v.call_title;
    bare["call_state"] = Code(v.call_state);
    bare["details_visible"] = false;
    if (v.conflict) bare["conflict"] = ConflictJson(*v.conflict);
    return bare;
  }
  j["details_visible"] = true;
  j["attachments"] = ordered_json::array();
  for (const auto& a : v.attachments) {
    auto one = services::AttachmentRecord(a);
    one["url"] = fmt::format("/api/v1/attachments/{}", a.id);
    j["attachments"].push_back(std::move(one));
  }
  if (v.outcome_visible && v.application.outcome) {
    j["outcome"] = CodeIn<Outcome>(kOutcomeCodes, *v.application.outcome);
    j["rationale"] = v.application.rationale;
    j["decided_at"] = TimeOrNull(v.application.decided_at);
  } else {
    j["outcome"] = nullptr;
  }
  if (v.conflict) {
    j["conflict"] = ConflictJson(*v.conflict);
    j["review"] = v.own_review ? services::ReviewRecord(*v.own_review) : ordered_json(nullptr);
    if (v.others_visible) {
      j["other_reviews"] = ordered_json::array();
      for (const auto& r : v.other_reviews) j["other_reviews"].push_back(services::ReviewRecord(r));
    }
  }
  return j;
}

ordered_json ReviewerJson(const Reviewer& r) {
  ordered_json j;
  j["user_id"] = r.user_id;
  j["email"] = r.email;
  j["organisation"] = r.organisation.empty() ? ordered_json(nullptr) : ordered_json(r.organisation);
  j["appointed_at"] = TimeOrNull(r.appointed_at);
  return j;
}

ordered_json CommitteeJson(const services::CommitteeView& v) {
  ordered_json j;
  j["call"] = CallJson(v.call, false);
  j["reviewers"] = ordered_json::array();
  for (const auto& r : v.reviewers) j["reviewers"].push_back(ReviewerJson(r));
  j["applications"] = ordered_json::array();
  for (const auto& a : v.applications) {
    j["applications"].push_back({{"id", a.id}, {"product", a.product.name}, {"vendor", a.vendor}});
  }
  j["progress"] = ordered_json::array();
  for (const auto& c : v.cells) {
    j["progress"].push_back({{"reviewer_id", c.reviewer_id},
                             {"application_id", c.application_id},
                             {"conflict", ConflictJson(c.conflict)},
                             {"scored", c.scored}});
  }
  return j;
}

ordered_json RankingJson(const services::RankingView& v) {
  ordered_json j;
  j["call_id"] = v.call.id;
  j["state"] = Code(v.state);
  j["quorum"] = v.call.quorum;
  j["criteria"] = ordered_json::array();
  for (const auto& c : v.call.criteria) j["criteria"].push_back(services::CriterionRecord(c));
  j["applications"] = ordered_json::array();
  for (const auto& row : v.rows) {
    ordered_json r;
    r["application_id"] = row.application_id;
    if (auto it = v.applications.find(row.application_id); it != v.applications.end()) {
      r["product"] = it->second.product.name;
      r["vendor"] = it->second.vendor;
      r["outcome"] = it->second.outcome ? ordered_json(CodeIn<Outcome>(kOutcomeCodes, *it->second.outcome))
                                        : ordered_json(nullptr);
    }
    r["reviews"] = row.reviews;
    r["criterion_means"] = ordered_json::object();
    for (const auto& [cid, mean] : row.criterion_means) r["criterion_means"][std::to_string(cid)] = mean.Value();
    r["weighted_score"] = row.weighted ? ordered_json(row.weighted->Value()) : ordered_json(nullptr);
    r["ranked"] = row.rank.has_value();
    r["rank"] = row.rank ? ordered_json(*row.rank) : ordered_json(nullptr);
    r["disagreement"] = !row.disagreements.empty();
    r["disagreement_criteria"] = row.disagreements;
    j["applications"].push_back(std::move(r));
  }
  return j;
}

ordered_json QueueJson(const std::vector<services::QueueItem>& items) {
  ordered_json j = ordered_json::array();
  for (const auto& i : items) {
    j.push_back({{"call_id", i.call.id},
                 {"call_title", i.call.title},
                 {"call_state", Code(i.call_state)},
                 {"application_id", i.application_id},
                 {"product", i.product_name},
                 {"vendor", i.vendor},
                 {"conflict", ConflictJson(i.conflict)},
                 {"scored", i.scored}});
  }
  return j;
}

ordered_json RelationshipJson(const Relationship& r) {
  ordered_json j;
  j["id"] = r.id;
  j["organisation_id"] = r.organisation_id;
  j["organisation"] = r.organisation;
  j["note"] = r.note;
  j["declared_at"] = TimeOrNull(r.declared_at);
  return j;
}

std::string Dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

}  // namespace proven::web
