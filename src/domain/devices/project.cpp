#include "domain/devices/project.hpp"

#include <algorithm>
#include <span>

#include <fmt/core.h>

#include "core/date.hpp"
#include "domain/devices/reference_data.hpp"
#include "domain/limits.hpp"

namespace proven::domain::devices {
namespace {

constexpr TextLimit kTitleLimit{"title", 200, false};
constexpr TextLimit kModelLimit{"model", 200, false};
constexpr TextLimit kFirmwareLimit{"firmware_version", 100, false};
constexpr TextLimit kNotesLimit{"interface_notes", 4000, true};
constexpr TextLimit kUseLimit{"intended_use", 4000, true};
constexpr TextLimit kScopeLimit{"scope", 4000, true};
constexpr TextLimit kLongLimit{"description", 20000, true};
constexpr TextLimit kToolsLimit{"tools", 1000, false};
constexpr std::size_t kMaxThreatLinks = 200;

template <typename E>
bool IsCode(std::span<const CodeEntry<E>> table, std::string_view code) {
  return ValueIn(table, code).has_value();
}

bool In(std::span<const std::string_view> list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool Known(const std::vector<Coded>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const Coded& c) { return c.code == code; });
}

void TextField(std::vector<Problem>& out, const TextLimit& limit, std::string_view field, const std::string& value,
          bool required) {
  if (auto p = TextProblem(limit, value)) {
    p->field = std::string(field);
    p->message = fmt::format("{}: {}", field, p->message);
    out.push_back(std::move(*p));
    return;
  }
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.push_back({std::string(field), fmt::format("{}: is required", field), {"error.field.required", {}}});
  }
}

void Code(std::vector<Problem>& out, std::string_view field, std::string_view value, bool ok) {
  if (ok) return;
  out.push_back({std::string(field), fmt::format("{}: '{}' is not one of the allowed values", field, value),
                 {"error.device.unknown_code", {{"value", std::string(value)}}}});
}

}  // namespace

std::string_view SideCode(Side s) {
  switch (s) {
    case Side::kNone: return "none";
    case Side::kMaker: return "maker";
    case Side::kProvider: return "provider";
    case Side::kAdmin: return "admin";
  }
  return "none";
}

Status Allowed(Side side, ProjectState state, ProjectAction action) {
  using A = ProjectAction;
  using S = ProjectState;
  const std::string code(CodeIn<ProjectAction>(kProjectActionCodes, action));
  bool side_ok = false;
  bool state_ok = false;
  switch (action) {
    case A::kEditRequest:
      side_ok = side == Side::kMaker;
      state_ok = state == S::kRequested;
      break;
    case A::kWithdraw:
      side_ok = side == Side::kMaker;
      state_ok = state == S::kRequested || state == S::kAccepted;
      break;
    case A::kAccept:
    case A::kDecline:
      side_ok = side == Side::kProvider;
      state_ok = state == S::kRequested;
      break;
    case A::kUploadDocument:
      side_ok = side == Side::kMaker || side == Side::kProvider;
      state_ok = state == S::kRequested || state == S::kAccepted || state == S::kReported;
      break;
    case A::kEditWork:
      side_ok = side == Side::kProvider;
      state_ok = state == S::kAccepted || state == S::kReported;
      break;
    case A::kIssueReport:
      side_ok = side == Side::kProvider;
      state_ok = state == S::kAccepted || state == S::kReported;
      break;
    case A::kRespond:
      side_ok = side == Side::kMaker;
      state_ok = state == S::kAccepted || state == S::kReported;
      break;
    case A::kConsentPublish:
      side_ok = side == Side::kMaker || side == Side::kProvider;
      state_ok = state == S::kReported;
      break;
    case A::kDisclosure:
      side_ok = side == Side::kMaker || side == Side::kProvider;
      state_ok = state == S::kAccepted || state == S::kReported;
      break;
  }
  if (!side_ok) {
    return Fail({"error.device.side." + code, {}}, ErrorCode::kPermissionDenied,
                fmt::format("the {} side of a device verification may not {}", SideCode(side), code));
  }
  if (!state_ok) {
    const std::string st(CodeIn<ProjectState>(kProjectStateCodes, state));
    return Fail({"error.device.state." + code, {{"state", st}}}, ErrorCode::kFailedPrecondition,
                fmt::format("a device verification that is {} does not allow {}", st, code));
  }
  return {};
}

ProjectState After(ProjectState state, ProjectAction action) {
  switch (action) {
    case ProjectAction::kWithdraw: return ProjectState::kWithdrawn;
    case ProjectAction::kAccept: return ProjectState::kAccepted;
    case ProjectAction::kDecline: return ProjectState::kDeclined;
    case ProjectAction::kIssueReport: return ProjectState::kReported;
    default: return state;
  }
}

std::vector<Problem> CheckProject(const ProjectInput& in) {
  std::vector<Problem> out;
  if (in.service_id <= 0) {
    out.push_back({"service_id", "service_id: choose a 機器検証 service", {"error.device.no_service", {}}});
  }
  TextField(out, kTitleLimit, "title", in.title, true);
  Code(out, "device_kind", in.device_kind, Known(DeviceKinds(), in.device_kind));
  TextField(out, kModelLimit, "model", in.model, true);
  TextField(out, kFirmwareLimit, "firmware_version", in.firmware_version, false);
  for (std::size_t i = 0; i < in.interfaces.size(); ++i) {
    Code(out, fmt::format("interfaces.{}", i), in.interfaces[i], Known(Interfaces(), in.interfaces[i]));
  }
  TextField(out, kNotesLimit, "interface_notes", in.interface_notes, false);
  TextField(out, kUseLimit, "intended_use", in.intended_use, false);
  TextField(out, kScopeLimit, "scope", in.scope, false);
  Code(out, "depth", in.depth, IsCode<Depth>(kDepthCodes, in.depth));
  Code(out, "lang", in.lang, in.lang == "ja" || in.lang == "en");
  return out;
}

std::vector<Problem> CheckItem(const ItemInput& in) {
  std::vector<Problem> out;
  TextField(out, kTitleLimit, "title", in.title, true);
  TextField(out, kLongLimit, "method", in.method, false);
  TextField(out, kToolsLimit, "tools", in.tools, false);
  TextField(out, kLongLimit, "evidence", in.evidence, false);
  TextField(out, kLongLimit, "result", in.result, false);
  Code(out, "status", in.status, IsCode<ItemStatus>(kItemStatusCodes, in.status));
  if (in.threats.size() > kMaxThreatLinks) {
    out.push_back({"threats", fmt::format("threats: at most {} threats per item", kMaxThreatLinks),
                   {"error.device.too_many_threats", {{"max", std::to_string(kMaxThreatLinks)}}}});
  }
  return out;
}

std::vector<Problem> CheckFinding(const FindingInput& in) {
  std::vector<Problem> out;
  TextField(out, kTitleLimit, "title", in.title, true);
  TextField(out, kLongLimit, "description", in.description, true);
  TextField(out, kLongLimit, "reproduction", in.reproduction, false);
  return out;
}

std::vector<Problem> CheckResponse(const ResponseInput& in) {
  std::vector<Problem> out;
  Code(out, "maker_risk", in.maker_risk, In(kMakerRisks, in.maker_risk));
  Code(out, "response", in.response, In(kResponses, in.response));
  TextField(out, kLongLimit, "response_note", in.response_note, false);
  return out;
}

std::vector<Problem> CheckRetest(const RetestInput& in) {
  std::vector<Problem> out;
  Code(out, "retest", in.retest, In(kRetests, in.retest));
  TextField(out, kLongLimit, "retest_note", in.retest_note, false);
  return out;
}

bool DisclosedOn(const Disclosure& d, std::string_view today) {
  if (!d.withheld) return true;
  return d.agreed && !d.disclose_on.empty() && d.disclose_on <= today;
}

Result<Disclosure> ProposeDisclosure(Disclosure d, Side side, std::string_view date, std::string_view today) {
  if (side != Side::kMaker && side != Side::kProvider) {
    return Fail({"error.device.side.disclosure", {}}, ErrorCode::kPermissionDenied,
                "only the maker or the provider proposes a disclosure date");
  }
  if (!ParseIsoDate(date)) {
    return Fail({"error.device.bad_date", {{"value", std::string(date)}}}, ErrorCode::kInvalidArgument,
                fmt::format("disclose_on: '{}' is not a date (YYYY-MM-DD)", date), {}, "disclose_on");
  }
  if (date < today) {
    return Fail({"error.device.disclosure_past", {{"date", std::string(date)}}}, ErrorCode::kInvalidArgument,
                fmt::format("disclose_on: {} is in the past", date), {}, "disclose_on");
  }
  d.disclose_on = std::string(date);
  d.proposed_by = std::string(SideCode(side));
  d.agreed = false;
  return d;
}

Result<Disclosure> AgreeDisclosure(Disclosure d, Side side) {
  if (d.disclose_on.empty() || d.proposed_by.empty()) {
    return Fail({"error.device.no_disclosure_proposal", {}}, ErrorCode::kFailedPrecondition,
                "no disclosure date has been proposed");
  }
  if (d.proposed_by == SideCode(side)) {
    return Fail({"error.device.own_proposal", {}}, ErrorCode::kFailedPrecondition,
                "the other side agrees to a proposed disclosure date");
  }
  d.agreed = true;
  return d;
}

}  // namespace proven::domain::devices
