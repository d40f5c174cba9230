#include "domain/programme/programme.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "domain/service_fields.hpp"

namespace proven::domain {

namespace {

// Collects the problems of one input, each naming its JSON field, and turns them into one error.
class Problems {
 public:
  void Add(std::string field, std::string message, Reason reason) {
    items_.push_back({std::move(field), std::move(message), std::move(reason)});
  }
  // The text limit's check under the name `field` (a path such as "criteria[2].name").
  void Text(const std::string& field, std::string_view value, std::size_t max_chars, bool line_breaks) {
    const TextLimit limit{field, max_chars, line_breaks};
    if (auto p = TextProblem(limit, value)) Add(field, p->message, p->reason);
  }
  void Required(const std::string& field, std::string_view value) {
    if (Trim(value).empty()) Add(field, "is required", {"error.field.required", {}});
  }
  bool empty() const { return items_.empty(); }
  Status ToStatus() const {
    if (items_.empty()) return {};
    std::vector<std::string> parts;
    for (const auto& p : items_) parts.push_back(fmt::format("{}: {}", p.field, p.message));
    Error e = MakeError(ErrorCode::kInvalidArgument, Join(parts, "; "), {}, items_.front().field);
    e.problems = items_;
    if (items_.size() == 1) e.reason = items_.front().reason;
    return tl::unexpected<Error>(std::move(e));
  }

 private:
  std::vector<Problem> items_;
};

std::string Trimmed(std::string_view s) { return std::string(Trim(s)); }

tl::unexpected<Error> Precondition(std::string key, MessageArgs args, std::string message, std::string field = {}) {
  return Fail(Reason{std::move(key), std::move(args)}, ErrorCode::kFailedPrecondition, std::move(message), {},
              std::move(field));
}

}  // namespace

// ---- Attachments -------------------------------------------------------------------------------

std::optional<AttachmentType> SniffAttachmentType(std::string_view c) {
  if (c.starts_with("%PDF-")) return AttachmentType::kPdf;
  if (c.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return AttachmentType::kPng;
  if (c.size() >= 3 && static_cast<unsigned char>(c[0]) == 0xFF && static_cast<unsigned char>(c[1]) == 0xD8 &&
      static_cast<unsigned char>(c[2]) == 0xFF) {
    return AttachmentType::kJpeg;
  }
  return std::nullopt;
}

// ---- Field map ---------------------------------------------------------------------------------

Result<Field> ApplyFieldInput(const Field& base, const FieldInput& in) {
  Field f = base;
  Problems problems;
  auto text = [&](const char* key, const std::optional<std::string>& value, std::string& target, std::size_t max,
                  bool breaks) {
    if (!value) return;
    problems.Text(key, *value, max, breaks);
    target = Trimmed(*value);
  };
  text("name_ja", in.name_ja, f.name_ja, kMaxTitleChars, false);
  text("name_en", in.name_en, f.name_en, kMaxTitleChars, false);
  text("description", in.description, f.description, kMaxLongTextChars, true);
  text("rationale", in.rationale, f.rationale, kMaxLongTextChars, true);
  if (in.status) {
    auto s = ValueIn<FieldStatus>(kFieldStatusCodes, *in.status);
    if (!s) {
      problems.Add("status", fmt::format("'{}' is not active or retired", Ellipsize(*in.status, 40)),
                   {"error.field.bad_code", {{"value", Ellipsize(*in.status, 40)}}});
    } else {
      f.status = *s;
    }
  }
  if (in.reviewed_fy) {
    if (*in.reviewed_fy && (**in.reviewed_fy < 2000 || **in.reviewed_fy > 2100)) {
      problems.Add("reviewed_fy", fmt::format("{} is not a fiscal year between 2000 and 2100", **in.reviewed_fy),
                   {"error.field.bad_fiscal_year", {{"value", std::to_string(**in.reviewed_fy)}}});
    } else {
      f.reviewed_fy = *in.reviewed_fy;
    }
  }
  if (problems.empty()) {
    problems.Required("name_ja", f.name_ja);
    problems.Required("name_en", f.name_en);
  }
  if (auto st = problems.ToStatus(); !st) return Fail(st.error());
  return f;
}

// ---- Calls -------------------------------------------------------------------------------------

CallState EffectiveState(const Call& c, std::int64_t now) {
  if (c.stored_state == CallState::kOpen && c.closes_at && now >= *c.closes_at) return CallState::kClosed;
  return c.stored_state;
}

std::string_view CallActionCode(CallAction a) {
  switch (a) {
    case CallAction::kEditAll: return "edit_all";
    case CallAction::kEditText: return "edit_text";
    case CallAction::kOpen: return "open";
    case CallAction::kApply: return "apply";
    case CallAction::kWithdraw: return "withdraw";
    case CallAction::kAppoint: return "appoint";
    case CallAction::kReview: return "review";
    case CallAction::kDecide: return "decide";
  }
  return "unknown";
}

namespace {

// The transition table: which actions each state allows.
bool Allowed(CallState s, CallAction a) {
  switch (a) {
    case CallAction::kEditAll:
    case CallAction::kOpen: return s == CallState::kDraft;
    case CallAction::kEditText: return s == CallState::kDraft || s == CallState::kOpen || s == CallState::kClosed;
    case CallAction::kApply:
    case CallAction::kWithdraw: return s == CallState::kOpen;
    case CallAction::kAppoint: return s != CallState::kDecided;
    case CallAction::kReview:
    case CallAction::kDecide: return s == CallState::kClosed;
  }
  return false;
}

std::string_view WhyNot(CallState s, CallAction a) {
  switch (s) {
    case CallState::kDraft:
      return a == CallAction::kApply || a == CallAction::kWithdraw ? "the call is not open yet"
                                                                   : "the call is a draft that has not closed";
    case CallState::kOpen:
      if (a == CallAction::kEditAll) return "the call is open: its criteria, weights, questions and fields are frozen";
      if (a == CallAction::kOpen) return "the call is already open";
      return "the call has not closed yet";
    case CallState::kClosed: return "the call has closed";
    case CallState::kDecided: return "the call has been decided";
  }
  return "not now";
}

}  // namespace

Status MayDoToCall(std::int64_t call_id, CallState state, CallAction action) {
  if (Allowed(state, action)) return {};
  return Precondition(fmt::format("error.call.{}.{}", CodeIn<CallState>(kCallStateCodes, state), CallActionCode(action)),
                      {{"id", std::to_string(call_id)}},
                      fmt::format("call {}: {}", call_id, WhyNot(state, action)));
}

bool CallInput::Touches(std::string_view what) const {
  if (what == "criteria") return criteria.has_value();
  if (what == "questions") return questions.has_value();
  if (what == "opens_at") return opens_at.has_value();
  if (what == "closes_at") return closes_at.has_value();
  if (what == "fields") return field_ids.has_value();
  return false;
}

namespace {

void CheckQuestions(const std::vector<Question>& in, std::vector<Question>& out, Problems& problems) {
  if (in.size() > static_cast<std::size_t>(kMaxQuestions)) {
    problems.Add("questions", fmt::format("{} questions; at most {} are allowed", in.size(), kMaxQuestions),
                 {"error.call.too_many", {{"count", std::to_string(in.size())}, {"max", std::to_string(kMaxQuestions)}}});
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto& q = in[i];
    const std::string at = fmt::format("questions[{}]", i);
    Question o;
    o.kind = q.kind;
    o.required = q.required;
    problems.Text(at + ".prompt", q.prompt, kMaxShortTextChars * 2, true);
    o.prompt = Trimmed(q.prompt);
    problems.Required(at + ".prompt", o.prompt);
    const bool choice = q.kind == QuestionKind::kSingleChoice || q.kind == QuestionKind::kMultipleChoice;
    std::set<std::string> seen;
    for (std::size_t k = 0; k < q.options.size() && choice; ++k) {
      const std::string key = fmt::format("{}.options[{}]", at, k);
      problems.Text(key, q.options[k], kMaxTitleChars, false);
      std::string opt = Trimmed(q.options[k]);
      if (opt.empty()) continue;
      if (!seen.insert(opt).second) {
        problems.Add(key, fmt::format("'{}' is given twice", Ellipsize(opt, 40)),
                     {"error.call.duplicate_option", {{"value", Ellipsize(opt, 40)}}});
        continue;
      }
      o.options.push_back(std::move(opt));
    }
    if (choice && (o.options.size() < 2 || o.options.size() > static_cast<std::size_t>(kMaxChoiceOptions))) {
      problems.Add(at + ".options",
                   fmt::format("a choice needs between 2 and {} options, {} given", kMaxChoiceOptions, o.options.size()),
                   {"error.call.choice_options", {{"max", std::to_string(kMaxChoiceOptions)}}});
    }
    if (!choice && !q.options.empty()) {
      problems.Add(at + ".options", "only choice questions have options", {"error.call.options_not_choice", {}});
    }
    out.push_back(std::move(o));
  }
}

void CheckCriteria(const std::vector<Criterion>& in, std::vector<Criterion>& out, Problems& problems) {
  if (in.size() > static_cast<std::size_t>(kMaxCriteria)) {
    problems.Add("criteria", fmt::format("{} criteria; at most {} are allowed", in.size(), kMaxCriteria),
                 {"error.call.too_many", {{"count", std::to_string(in.size())}, {"max", std::to_string(kMaxCriteria)}}});
    return;
  }
  out.clear();
  std::set<std::string> names;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto& c = in[i];
    const std::string at = fmt::format("criteria[{}]", i);
    Criterion o;
    problems.Text(at + ".name", c.name, kMaxTitleChars, false);
    problems.Text(at + ".description", c.description, kMaxLongTextChars, true);
    o.name = Trimmed(c.name);
    o.description = Trimmed(c.description);
    problems.Required(at + ".name", o.name);
    if (!o.name.empty() && !names.insert(o.name).second) {
      problems.Add(at + ".name", fmt::format("'{}' is given twice", Ellipsize(o.name, 40)),
                   {"error.call.duplicate_criterion", {{"value", Ellipsize(o.name, 40)}}});
    }
    if (c.weight < 1 || c.weight > kMaxCriterionWeight) {
      problems.Add(at + ".weight",
                   fmt::format("{} is not a whole number from 1 to {}", c.weight, kMaxCriterionWeight),
                   {"error.call.bad_weight", {{"max", std::to_string(kMaxCriterionWeight)}}});
    }
    o.weight = c.weight;
    out.push_back(std::move(o));
  }
}

}  // namespace

Result<Call> ApplyCallInput(const Call& base, const CallInput& in, const std::vector<Field>& known_fields) {
  Call c = base;
  Problems problems;
  auto text = [&](const char* key, const std::optional<std::string>& value, std::string& target, std::size_t max,
                  bool breaks) {
    if (!value) return;
    problems.Text(key, *value, max, breaks);
    target = Trimmed(*value);
  };
  text("title", in.title, c.title, kMaxTitleChars, false);
  text("description", in.description, c.description, kMaxLongTextChars, true);
  text("eligibility", in.eligibility, c.eligibility, kMaxLongTextChars, true);
  auto instant = [&](const char* key, const std::optional<std::string>& value, std::optional<std::int64_t>& target) {
    if (!value) return;
    if (Trim(*value).empty()) {
      target.reset();
      return;
    }
    auto t = ParseIsoInstant(Trim(*value));
    if (!t) {
      problems.Add(key, t.error().message, {"error.call.bad_instant", {{"value", Ellipsize(*value, 40)}}});
    } else {
      target = *t;
    }
  };
  instant("opens_at", in.opens_at, c.opens_at);
  instant("closes_at", in.closes_at, c.closes_at);
  if (in.quorum) {
    if (*in.quorum < 1 || *in.quorum > kMaxQuorum) {
      problems.Add("quorum", fmt::format("{} is not a whole number from 1 to {}", *in.quorum, kMaxQuorum),
                   {"error.call.bad_quorum", {{"max", std::to_string(kMaxQuorum)}}});
    } else {
      c.quorum = *in.quorum;
    }
  }
  if (in.field_ids) {
    c.field_ids.clear();
    for (std::size_t i = 0; i < in.field_ids->size(); ++i) {
      const auto id = (*in.field_ids)[i];
      const bool known = std::any_of(known_fields.begin(), known_fields.end(), [&](const Field& f) { return f.id == id; });
      if (!known) {
        problems.Add(fmt::format("fields[{}]", i), fmt::format("there is no field {}", id),
                     {"error.call.unknown_field", {{"id", std::to_string(id)}}});
      } else if (std::find(c.field_ids.begin(), c.field_ids.end(), id) == c.field_ids.end()) {
        c.field_ids.push_back(id);
      }
    }
  }
  if (in.questions) CheckQuestions(*in.questions, c.questions, problems);
  if (in.criteria) CheckCriteria(*in.criteria, c.criteria, problems);
  if (c.opens_at && c.closes_at && *c.closes_at <= *c.opens_at) {
    problems.Add("closes_at", "must be after opens_at", {"error.call.closes_before_opens", {}});
  }
  if (auto st = problems.ToStatus(); !st) return Fail(st.error());
  return c;
}

Status CheckReadyToOpen(const Call& c, const std::vector<Field>& fields, std::int64_t now) {
  Problems problems;
  problems.Required("title", c.title);
  problems.Required("description", c.description);
  if (c.field_ids.empty()) problems.Add("fields", "name at least one target field", {"error.call.no_fields", {}});
  for (auto id : c.field_ids) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.id == id; });
    if (it != fields.end() && it->status == FieldStatus::kRetired) {
      problems.Add("fields", fmt::format("field {} ({}) is retired", id, it->name_ja),
                   {"error.call.retired_field", {{"name", it->name_ja}}});
    }
  }
  if (c.criteria.empty()) {
    problems.Add("criteria", "a call needs its review criteria before it opens", {"error.call.no_criteria", {}});
  }
  if (!c.opens_at) problems.Add("opens_at", "is required", {"error.field.required", {}});
  if (!c.closes_at) {
    problems.Add("closes_at", "is required", {"error.field.required", {}});
  } else if (*c.closes_at <= now) {
    problems.Add("closes_at", "is already past", {"error.call.closes_in_past", {}});
  }
  if (problems.empty()) return {};
  auto st = problems.ToStatus();
  Error e = st.error();
  // Not a malformed request: the draft is not complete yet.
  e.code = ErrorCode::kFailedPrecondition;
  e.message = "the call cannot open yet: " + e.message;
  return Fail(std::move(e));
}

Status CheckOpenCallChange(const Call& before, const Call& after, std::int64_t now) {
  auto same_criteria = [](const std::vector<Criterion>& a, const std::vector<Criterion>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].name != b[i].name || a[i].description != b[i].description || a[i].weight != b[i].weight) return false;
    }
    return true;
  };
  auto same_questions = [](const std::vector<Question>& a, const std::vector<Question>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].kind != b[i].kind || a[i].prompt != b[i].prompt || a[i].options != b[i].options ||
          a[i].required != b[i].required) {
        return false;
      }
    }
    return true;
  };
  if (!same_criteria(before.criteria, after.criteria)) {
    return Precondition("error.call.criteria_frozen", {{"id", std::to_string(before.id)}},
                        "the review criteria and their weights are frozen once the call is open", "criteria");
  }
  if (!same_questions(before.questions, after.questions)) {
    return Precondition("error.call.questions_frozen", {}, "the application questions are frozen once the call is open",
                        "questions");
  }
  if (before.field_ids != after.field_ids) {
    return Precondition("error.call.fields_frozen", {}, "the target fields are frozen once the call is open", "fields");
  }
  if (before.opens_at != after.opens_at) {
    return Precondition("error.call.opens_at_frozen", {}, "opens_at cannot change once the call is open", "opens_at");
  }
  if (before.closes_at != after.closes_at) {
    if (EffectiveState(before, now) != CallState::kOpen) {
      return Precondition("error.call.closed.edit_closes_at", {}, "the call has closed: its deadline cannot move",
                          "closes_at");
    }
    if (!after.closes_at || *after.closes_at < *before.closes_at || *after.closes_at <= now) {
      return Precondition("error.call.closes_at_earlier", {},
                          "an open call's closes_at may only move later (and into the future)", "closes_at");
    }
  }
  return {};
}

// ---- Applications ------------------------------------------------------------------------------

Result<Application> ApplyApplicationInput(const Application& base, const ApplicationInput& in, const Call& call,
                                          const std::vector<std::int64_t>& attachment_ids) {
  Application a = base;
  Problems problems;
  auto text = [&](const char* key, const std::optional<std::string>& value, std::string& target, std::size_t max,
                  bool breaks) {
    if (!value) return;
    problems.Text(key, *value, max, breaks);
    target = Trimmed(*value);
  };
  text("name", in.name, a.product.name, kMaxTitleChars, false);
  text("version", in.version, a.product.version, 100, false);
  text("overview", in.overview, a.product.overview, kMaxLongTextChars, true);
  text("homepage", in.homepage, a.product.homepage, 2048, false);
  if (in.homepage && !a.product.homepage.empty() && !IsHttpUrl(a.product.homepage)) {
    problems.Add("homepage", fmt::format("'{}' is not an http:// or https:// address", Ellipsize(a.product.homepage, 60)),
                 {"error.url.not_http", {{"value", Ellipsize(a.product.homepage, 60)}}});
  }
  if (in.field_ids) {
    a.product.field_ids.clear();
    for (std::size_t i = 0; i < in.field_ids->size(); ++i) {
      const auto id = (*in.field_ids)[i];
      if (std::find(call.field_ids.begin(), call.field_ids.end(), id) == call.field_ids.end()) {
        problems.Add(fmt::format("fields[{}]", i), fmt::format("field {} is not a target field of this call", id),
                     {"error.application.field_not_in_call", {{"id", std::to_string(id)}}});
      } else if (std::find(a.product.field_ids.begin(), a.product.field_ids.end(), id) == a.product.field_ids.end()) {
        a.product.field_ids.push_back(id);
      }
    }
  }
  if (in.deployment) {
    a.product.deployment.clear();
    for (std::size_t i = 0; i < in.deployment->size(); ++i) {
      const auto& code = (*in.deployment)[i];
      auto d = ValueIn<DeploymentForm>(kDeploymentFormCodes, code);
      if (!d) {
        problems.Add(fmt::format("deployment[{}]", i),
                     fmt::format("'{}' is not saas, on_premises, appliance, hybrid or other", Ellipsize(code, 40)),
                     {"error.field.bad_code", {{"value", Ellipsize(code, 40)}}});
      } else if (std::find(a.product.deployment.begin(), a.product.deployment.end(), *d) == a.product.deployment.end()) {
        a.product.deployment.push_back(*d);
      }
    }
  }
  if (in.answers) {
    for (const auto& [qid, answer] : *in.answers) {
      const std::string at = fmt::format("answers.{}", qid);
      auto q = std::find_if(call.questions.begin(), call.questions.end(), [&](const Question& x) { return x.id == qid; });
      if (q == call.questions.end()) {
        problems.Add(at, fmt::format("the call has no question {}", qid),
                     {"error.application.unknown_question", {{"id", std::to_string(qid)}}});
        continue;
      }
      const auto* text_answer = std::get_if<std::string>(&answer);
      const auto* list_answer = std::get_if<std::vector<std::string>>(&answer);
      const auto* file_answer = std::get_if<std::int64_t>(&answer);
      // An empty answer clears it.
      if ((text_answer && Trim(*text_answer).empty()) || (list_answer && list_answer->empty())) {
        a.answers.erase(qid);
        continue;
      }
      auto wrong_kind = [&] {
        problems.Add(at, fmt::format("question {} wants a {} answer", qid, CodeIn<QuestionKind>(kQuestionKindCodes, q->kind)),
                     {"error.application.answer_kind", {{"id", std::to_string(qid)}}});
      };
      auto not_option = [&](const std::string& v) {
        problems.Add(at, fmt::format("'{}' is not one of question {}'s options", Ellipsize(v, 40), qid),
                     {"error.application.not_an_option", {{"value", Ellipsize(v, 40)}}});
      };
      auto is_option = [&](const std::string& v) {
        return std::find(q->options.begin(), q->options.end(), v) != q->options.end();
      };
      switch (q->kind) {
        case QuestionKind::kText:
          if (!text_answer) {
            wrong_kind();
            break;
          }
          problems.Text(at, *text_answer, kMaxLongTextChars, true);
          a.answers[qid] = Trimmed(*text_answer);
          break;
        case QuestionKind::kSingleChoice:
          if (!text_answer) {
            wrong_kind();
          } else if (!is_option(Trimmed(*text_answer))) {
            not_option(*text_answer);
          } else {
            a.answers[qid] = Trimmed(*text_answer);
          }
          break;
        case QuestionKind::kMultipleChoice: {
          if (!list_answer) {
            wrong_kind();
            break;
          }
          std::vector<std::string> chosen;
          bool ok = true;
          for (const auto& v : *list_answer) {
            std::string t = Trimmed(v);
            if (!is_option(t)) {
              not_option(v);
              ok = false;
            } else if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) {
              chosen.push_back(std::move(t));
            }
          }
          if (ok) a.answers[qid] = std::move(chosen);
          break;
        }
        case QuestionKind::kFile:
          if (!file_answer) {
            wrong_kind();
          } else if (std::find(attachment_ids.begin(), attachment_ids.end(), *file_answer) == attachment_ids.end()) {
            problems.Add(at, fmt::format("attachment {} is not one of this application's", *file_answer),
                         {"error.application.unknown_attachment", {{"id", std::to_string(*file_answer)}}});
          } else {
            a.answers[qid] = *file_answer;
          }
          break;
      }
    }
  }
  if (auto st = problems.ToStatus(); !st) return Fail(st.error());
  return a;
}

Status CheckReadyToSubmit(const Application& a, const Call& call) {
  Problems problems;
  problems.Required("name", a.product.name);
  problems.Required("overview", a.product.overview);
  if (a.product.field_ids.empty()) problems.Add("fields", "name at least one field", {"error.application.no_fields", {}});
  if (a.product.deployment.empty()) {
    problems.Add("deployment", "name at least one deployment form", {"error.application.no_deployment", {}});
  }
  for (const auto& q : call.questions) {
    if (q.required && !a.answers.contains(q.id)) {
      problems.Add(fmt::format("answers.{}", q.id), fmt::format("question {} needs an answer", q.id),
                   {"error.application.answer_required", {{"prompt", Ellipsize(q.prompt, 60)}}});
    }
  }
  if (problems.empty()) return {};
  auto st = problems.ToStatus();
  Error e = st.error();
  e.message = "the application is not complete: " + e.message;
  return Fail(std::move(e));
}

// ---- Committee ---------------------------------------------------------------------------------

std::optional<AutoConflict> FindAutoConflict(const Reviewer& reviewer, const std::vector<Relationship>& relationships,
                                             const Application& a) {
  if (reviewer.organisation_id && *reviewer.organisation_id == a.vendor_org_id) return AutoConflict::kSameOrganisation;
  for (const auto& r : relationships) {
    if (r.reviewer_id == reviewer.user_id && r.organisation_id == a.vendor_org_id) {
      return AutoConflict::kDeclaredRelationship;
    }
  }
  return std::nullopt;
}

ConflictView ConflictOf(const Reviewer& reviewer, const std::vector<Relationship>& relationships, const Application& a,
                        const std::optional<Declaration>& declared) {
  ConflictView v;
  v.automatic = FindAutoConflict(reviewer, relationships, a);
  if (declared) v.reason = declared->reason;
  if (v.automatic || (declared && declared->conflict)) {
    v.status = ConflictStatus::kConflicted;
  } else if (declared) {
    v.status = ConflictStatus::kClear;
  }
  return v;
}

Status CheckScores(const std::vector<Criterion>& criteria, const std::map<std::string, double>& raw,
                   std::map<std::int64_t, int>* out) {
  Problems problems;
  std::map<std::int64_t, int> scores;
  for (const auto& [key, value] : raw) {
    auto it = std::find_if(criteria.begin(), criteria.end(), [&](const Criterion& c) { return std::to_string(c.id) == key; });
    if (it == criteria.end()) {
      problems.Add("scores." + Ellipsize(key, 40), fmt::format("the call has no criterion '{}'", Ellipsize(key, 40)),
                   {"error.review.unknown_criterion", {{"id", Ellipsize(key, 40)}}});
      continue;
    }
    if (!std::isfinite(value) || value != std::floor(value) || value < kMinScore || value > kMaxScore) {
      problems.Add("scores." + key, fmt::format("the score for '{}' must be a whole number from {} to {}", it->name,
                                                kMinScore, kMaxScore),
                   {"error.review.bad_score", {{"criterion", it->name}}});
      continue;
    }
    scores[it->id] = static_cast<int>(value);
  }
  for (const auto& c : criteria) {
    if (!raw.contains(std::to_string(c.id))) {
      problems.Add(fmt::format("scores.{}", c.id), fmt::format("'{}' has no score", c.name),
                   {"error.review.missing_score", {{"criterion", c.name}}});
    }
  }
  if (auto st = problems.ToStatus(); !st) return st;
  if (out) *out = std::move(scores);
  return {};
}

// ---- Ranking -----------------------------------------------------------------------------------

std::string Milli::Text() const {
  const std::int64_t whole = thousandths / 1000;
  const std::int64_t frac = thousandths % 1000;
  return fmt::format("{}.{:03}", whole, frac < 0 ? -frac : frac);
}

namespace {

// numerator / denominator (both positive) rounded half up to thousandths, exactly.
Milli RoundMilli(std::int64_t numerator, std::int64_t denominator) {
  // round(n * 1000 / d) = floor((2 * n * 1000 + d) / (2 * d))
  return Milli{(2 * numerator * 1000 + denominator) / (2 * denominator)};
}

}  // namespace

std::vector<RankingRow> Rank(const std::vector<Criterion>& criteria, int quorum,
                             const std::vector<std::pair<std::int64_t, std::vector<Review>>>& applications) {
  std::vector<RankingRow> rows;
  std::int64_t weight_sum = 0;
  for (const auto& c : criteria) weight_sum += c.weight;
  for (const auto& [app_id, reviews] : applications) {
    RankingRow row;
    row.application_id = app_id;
    row.reviews = static_cast<int>(reviews.size());
    if (!reviews.empty() && weight_sum > 0) {
      const std::int64_t n = static_cast<std::int64_t>(reviews.size());
      std::int64_t weighted_numerator = 0;  // Σ weight × Σ scores
      for (const auto& c : criteria) {
        std::int64_t sum = 0;
        int lo = kMaxScore, hi = kMinScore;
        for (const auto& r : reviews) {
          auto it = r.scores.find(c.id);
          const int s = it == r.scores.end() ? 0 : it->second;
          sum += s;
          lo = std::min(lo, s);
          hi = std::max(hi, s);
        }
        row.criterion_means[c.id] = RoundMilli(sum, n);
        weighted_numerator += c.weight * sum;
        if (hi - lo >= kDisagreementSpread) row.disagreements.push_back(c.id);
      }
      // Σ(w × sum/n) / Σw = Σ(w × sum) / (n × Σw)
      row.weighted = RoundMilli(weighted_numerator, n * weight_sum);
    }
    rows.push_back(std::move(row));
  }
  auto ranked = [&](const RankingRow& r) { return r.reviews >= quorum && r.weighted.has_value(); };
  std::stable_sort(rows.begin(), rows.end(), [&](const RankingRow& a, const RankingRow& b) {
    const bool ra = ranked(a), rb = ranked(b);
    if (ra != rb) return ra;
    if (ra && *a.weighted != *b.weighted) return *a.weighted > *b.weighted;
    return a.application_id < b.application_id;
  });
  for (std::size_t i = 0; i < rows.size() && ranked(rows[i]); ++i) {
    rows[i].rank = (i > 0 && *rows[i].weighted == *rows[i - 1].weighted) ? *rows[i - 1].rank : static_cast<int>(i + 1);
  }
  return rows;
}

}  // namespace proven::domain
