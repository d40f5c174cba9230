#include "domain/programme/verification.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven::domain {

std::string_view VerificationActionCode(VerificationAction a) {
  switch (a) {
    case VerificationAction::kEditPlan: return "edit_plan";
    case VerificationAction::kAgreePlan: return "agree_plan";
    case VerificationAction::kRecordResults: return "record_results";
    case VerificationAction::kSubmit: return "submit";
    case VerificationAction::kApprove: return "approve";
    case VerificationAction::kRequestChanges: return "request_changes";
    case VerificationAction::kPublish: return "publish";
    case VerificationAction::kStartCorrection: return "start_correction";
  }
  return "unknown";
}

namespace {

using S = VerificationState;
using A = VerificationAction;

// The transition table: (from, action) → to. Anything not listed is refused.
struct Transition {
  S from;
  A action;
  S to;
};
constexpr Transition kTransitions[] = {
    {S::kPlanning, A::kEditPlan, S::kPlanning},
    {S::kPlanning, A::kAgreePlan, S::kInProgress},
    {S::kInProgress, A::kRecordResults, S::kInProgress},
    {S::kInProgress, A::kSubmit, S::kSubmitted},
    {S::kSubmitted, A::kApprove, S::kApproved},
    {S::kSubmitted, A::kRequestChanges, S::kChangesRequested},
    {S::kChangesRequested, A::kRecordResults, S::kChangesRequested},
    {S::kChangesRequested, A::kSubmit, S::kSubmitted},
    {S::kApproved, A::kPublish, S::kPublished},
    {S::kPublished, A::kStartCorrection, S::kCorrecting},
    {S::kCorrecting, A::kRecordResults, S::kCorrecting},
    {S::kCorrecting, A::kSubmit, S::kSubmitted},
};

std::string_view WhyNot(S from, A action) {
  if (action == A::kPublish) return "only a report the vendor has approved can be published";
  if (from == S::kPublished) return "a published report is immutable; start a correction to publish a new version";
  if (action == A::kRecordResults && from == S::kPlanning) return "results are recorded once the vendor has agreed the plan";
  if (action == A::kEditPlan) return "the plan was agreed with the vendor and can no longer change";
  if (action == A::kApprove || action == A::kRequestChanges) return "there is no submitted report to approve";
  return "not in this state";
}

}  // namespace

Result<VerificationState> NextVerificationState(std::int64_t id, VerificationState from, VerificationAction action) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.action == action) return t.to;
  }
  const auto state = CodeIn<VerificationState>(kVerificationStateCodes, from);
  return Fail(Reason{fmt::format("error.verification.{}.{}", state, VerificationActionCode(action)),
                     {{"id", std::to_string(id)}}},
              ErrorCode::kFailedPrecondition, fmt::format("verification {} is {}: {}", id, state, WhyNot(from, action)));
}

Status CheckMetric(const Metric& m, std::string_view field) {
  const std::string at(field);
  const std::string_view v = m.value;
  bool ok = !v.empty() && v.size() <= 30;
  std::size_t i = (ok && v[0] == '-') ? 1 : 0;
  bool digits = false, point = false;
  for (; ok && i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') {
      digits = true;
    } else if (v[i] == '.' && !point && digits) {
      point = true;
    } else {
      ok = false;
    }
  }
  ok = ok && digits && v.back() != '.';
  if (!ok) {
    return Fail(Reason{"error.verification.bad_metric", {{"value", Ellipsize(v, 30)}}}, ErrorCode::kInvalidArgument,
                fmt::format("{}.value: '{}' is not a decimal number such as 0.962", at, Ellipsize(v, 30)), {},
                at + ".value");
  }
  if (m.sample_size && *m.sample_size <= 0) {
    return Fail(Reason{"error.verification.bad_sample_size", {}}, ErrorCode::kInvalidArgument,
                fmt::format("{}.sample_size: must be a positive whole number", at), {}, at + ".sample_size");
  }
  if (m.unit.size() > 40) {
    return Fail(Reason{"error.text.too_long", {{"chars", std::to_string(m.unit.size())}, {"max", "40"}}},
                ErrorCode::kInvalidArgument, fmt::format("{}.unit: at most 40 characters", at), {}, at + ".unit");
  }
  return {};
}

Status CheckReadyToSubmit(const std::vector<VerificationItem>& items, const std::vector<StrongPoint>& points) {
  std::vector<Problem> problems;
  if (items.empty()) {
    problems.push_back({"items", "a report needs at least one verification item", {"error.verification.no_items", {}}});
  }
  for (const auto& item : items) {
    if (!item.result) {
      problems.push_back({fmt::format("items.{}.result", item.id), fmt::format("item {} has no result", item.id),
                          {"error.verification.no_result", {{"id", std::to_string(item.id)}}}});
    }
  }
  for (const auto& p : points) {
    const bool supported = !p.item_ids.empty() && std::all_of(p.item_ids.begin(), p.item_ids.end(), [&](std::int64_t id) {
      auto it = std::find_if(items.begin(), items.end(), [&](const VerificationItem& x) { return x.id == id; });
      return it != items.end() && it->result &&
             (*it->result == ItemResult::kPass || *it->result == ItemResult::kPartial);
    });
    if (!supported) {
      problems.push_back({fmt::format("strong_points.{}.items", p.id),
                          fmt::format("strong point {} must cite items that passed or partly passed", p.id),
                          {"error.verification.unsupported_strong_point", {{"id", std::to_string(p.id)}}}});
    }
  }
  if (problems.empty()) return {};
  std::vector<std::string> parts;
  for (const auto& p : problems) parts.push_back(fmt::format("{}: {}", p.field, p.message));
  Error e = MakeError(ErrorCode::kFailedPrecondition, "the report is not complete: " + Join(parts, "; "), {},
                      problems.front().field);
  if (problems.size() == 1) e.reason = problems.front().reason;
  e.problems = std::move(problems);
  return tl::unexpected<Error>(std::move(e));
}

}  // namespace proven::domain
