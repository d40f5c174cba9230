#include "domain/consultations/consultation.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"

namespace proven::domain {

namespace {

using S = ConsultationState;
using Step = ConsultationStep;
using Side = ConsultationSide;

// Who takes a step: the requester, the vendor, or either side.
struct StepRule {
  Step step;
  std::optional<Side> by;  // nullopt: either side
  std::vector<S> states;
};

const std::vector<StepRule>& Rules() {
  static const std::vector<StepRule> kRules = {
      {Step::kAccept, Side::kVendor, {S::kRequested, S::kAccepted}},
      {Step::kDecline, Side::kVendor, {S::kRequested, S::kAccepted}},
      {Step::kWithdraw, Side::kRequester, {S::kRequested, S::kAccepted, S::kConfirmed}},
      {Step::kConfirm, Side::kRequester, {S::kAccepted}},
      {Step::kMessage, std::nullopt, {S::kRequested, S::kAccepted, S::kConfirmed}},
      {Step::kRecordOutcome, std::nullopt, {S::kConfirmed}},
      {Step::kProposeCase, Side::kRequester, {S::kConfirmed}},
  };
  return kRules;
}

std::string StateCode(S s) { return std::string(CodeIn<S>(kConsultationStateCodes, s)); }
std::string StepCode(Step s) { return std::string(CodeIn<Step>(kConsultationStepCodes, s)); }

Error Invalid(std::vector<Problem> problems) {
  std::vector<std::string> parts;
  for (const auto& p : problems) parts.push_back(fmt::format("{}: {}", p.field, p.message));
  Error e = MakeError(ErrorCode::kInvalidArgument, Join(parts, "; "), {}, problems.front().field);
  if (problems.size() == 1) e.reason = problems.front().reason;
  e.problems = std::move(problems);
  return e;
}

}  // namespace

Status ConsultationStepAllowed(const Consultation& c, Side side, Step step) {
  for (const auto& r : Rules()) {
    if (r.step != step) continue;
    if (r.by && *r.by != side) {
      return Fail(Reason{"error.consultation.other_side", {{"step", StepCode(step)}}}, ErrorCode::kPermissionDenied,
                  fmt::format("only the {} may {} a consultation", *r.by == Side::kVendor ? "vendor" : "requester",
                              StepCode(step)));
    }
    const bool in_state = std::find(r.states.begin(), r.states.end(), c.state) != r.states.end();
    // An outcome, once recorded, closes the way back: no withdrawal after it.
    const bool outcome_closes = step == Step::kWithdraw && c.outcome.has_value();
    if (!in_state || outcome_closes) {
      return Fail(Reason{"error.consultation.not_now", {{"state", StateCode(c.state)}, {"step", StepCode(step)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("consultation {} is {}{}: it cannot {} now", c.id, StateCode(c.state),
                              c.outcome ? " with an outcome recorded" : "", StepCode(step)));
    }
    if (step == Step::kProposeCase) {
      if (c.kind != ConsultationKind::kProduct) {
        return Fail(Reason{"error.consultation.case_for_products", {}}, ErrorCode::kFailedPrecondition,
                    "only a consultation about a verified product becomes a trial-deployment case");
      }
      if (!OutcomeLeadsToCase(c.outcome)) {
        return Fail(Reason{"error.consultation.case_needs_outcome", {}}, ErrorCode::kFailedPrecondition,
                    "record the outcome trial_started or deployed before proposing a case");
      }
      if (c.case_id) {
        return Fail(Reason{"error.consultation.case_exists", {{"case", std::to_string(*c.case_id)}}},
                    ErrorCode::kAlreadyExists, fmt::format("this consultation already became case {}", *c.case_id));
      }
    }
    return {};
  }
  return Fail(ErrorCode::kInternal, "unknown consultation step");
}

std::vector<Step> AvailableSteps(const Consultation& c, Side side) {
  std::vector<Step> out;
  for (const auto& r : Rules()) {
    if (ConsultationStepAllowed(c, side, r.step)) out.push_back(r.step);
  }
  return out;
}

Result<std::string> CheckConsultationText(std::string_view field, std::string_view text, std::size_t max_chars,
                                          bool required) {
  if (auto p = TextProblem(TextLimit{field, max_chars, true}, text)) {
    return Fail(Invalid({{std::string(field), p->message, p->reason}}));
  }
  std::string out(Trim(text));
  if (required && out.empty()) {
    return Fail(Invalid({{std::string(field), "is required", {"error.field.required", {}}}}));
  }
  return out;
}

Result<std::vector<std::string>> CheckProposedTimes(const std::vector<std::string>& times, std::int64_t now) {
  if (times.empty()) {
    return Fail(Invalid({{"times", "propose at least one time", {"error.consultation.no_times", {}}}}));
  }
  if (times.size() > kMaxProposedTimes) {
    return Fail(Invalid({{"times", fmt::format("at most {} times", kMaxProposedTimes),
                          {"error.consultation.too_many_times", {{"max", std::to_string(kMaxProposedTimes)}}}}}));
  }
  std::vector<Problem> problems;
  std::vector<std::int64_t> seen;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const std::string at = fmt::format("times[{}]", i);
    const std::string value(Trim(times[i]));
    auto t = ParseIsoInstant(value);
    if (!t) {
      problems.push_back({at, t.error().message, {"error.consultation.bad_time", {{"value", Ellipsize(value, 40)}}}});
      continue;
    }
    if (*t <= now) {
      problems.push_back({at, fmt::format("{} is not in the future", Ellipsize(value, 40)),
                          {"error.consultation.time_past", {{"value", Ellipsize(value, 40)}}}});
      continue;
    }
    if (std::find(seen.begin(), seen.end(), *t) != seen.end()) {
      problems.push_back({at, fmt::format("{} is proposed twice", Ellipsize(value, 40)),
                          {"error.consultation.time_twice", {{"value", Ellipsize(value, 40)}}}});
      continue;
    }
    seen.push_back(*t);
    out.push_back(FormatTokyoIso(*t));
  }
  if (!problems.empty()) return Fail(Invalid(std::move(problems)));
  return out;
}

Result<std::string> CheckConfirmedTime(const Consultation& c, std::string_view time, std::int64_t now) {
  const std::string value(Trim(time));
  if (value.empty()) return Fail(Invalid({{"time", "is required", {"error.field.required", {}}}}));
  auto t = ParseIsoInstant(value);
  if (!t) {
    return Fail(Invalid({{"time", t.error().message, {"error.consultation.bad_time", {{"value", Ellipsize(value, 40)}}}}}));
  }
  for (const auto& p : c.proposed_times) {
    auto proposed = ParseIsoInstant(p);
    if (!proposed || *proposed != *t) continue;
    if (*t <= now) {
      return Fail(Invalid({{"time", fmt::format("{} is not in the future any more", p),
                            {"error.consultation.time_past", {{"value", p}}}}}));
    }
    return p;
  }
  return Fail(Invalid({{"time", fmt::format("{} is not one of the proposed times", Ellipsize(value, 40)),
                        {"error.consultation.not_proposed", {{"value", Ellipsize(value, 40)}}}}}));
}

Result<ConsultationOutcome> ParseConsultationOutcome(std::string_view code) {
  const std::string value(Trim(code));
  if (auto o = ValueIn<ConsultationOutcome>(kConsultationOutcomeCodes, value)) return *o;
  if (value.empty()) return Fail(Invalid({{"outcome", "is required", {"error.field.required", {}}}}));
  return Fail(Invalid({{"outcome",
                        fmt::format("'{}' is not an outcome (met, trial_started, deployed, not_pursued)",
                                    Ellipsize(value, 40)),
                        {"error.consultation.unknown_outcome", {{"value", Ellipsize(value, 40)}}}}}));
}

bool OutcomeLeadsToCase(std::optional<ConsultationOutcome> o) {
  return o == ConsultationOutcome::kTrialStarted || o == ConsultationOutcome::kDeployed;
}

}  // namespace proven::domain
