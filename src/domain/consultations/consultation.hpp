#pragma once
// Consultations (個別相談, issue 11 "Matching"): from a match, a user company asks the vendor of a
// verified product or the provider of a registered service for a consultation; the vendor accepts
// (proposing times) or declines; both sides see one thread; the outcome is recorded and, for a
// product, may become a trial-deployment case through the cases workflow. Pure: the record, the
// codes, the state rules and the validation of what people type.
//
// The rules, in one place:
// - Sides are organisations: the requester's (an organisation of kind user_company, acting through
//   its accounts of role user) and the vendor's (the product's vendor_org_id, or the service's
//   provider_org_id; acting through its accounts of role vendor). A provider without an
//   organisation account cannot be asked here (they are reached through their homepage).
// - requested → accepted: the vendor proposes 1–5 distinct times, each ISO 8601 with an offset and
//   in the future. While accepted (no time confirmed yet) the vendor may propose again: the new
//   times replace the old ones.
// - requested | accepted → declined: the vendor, with a reason.
// - requested | accepted | confirmed (no outcome yet) → withdrawn: the requester.
// - accepted → confirmed: the requester picks one of the proposed times that is still in the
//   future.
// - confirmed: either side records the outcome (met, trial_started, deployed, not_pursued); a
//   later record replaces it (the thread keeps every one).
// - Messages: either side, while the consultation is open (requested, accepted, confirmed).
// - A case: the requester, for a product, when the outcome is trial_started or deployed, once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

// What a consultation is about.
enum class ConsultationKind { kProduct, kService };
inline constexpr CodeEntry<ConsultationKind> kConsultationKindCodes[] = {{ConsultationKind::kProduct, "product"},
                                                                         {ConsultationKind::kService, "service"}};

enum class ConsultationState { kRequested, kAccepted, kDeclined, kWithdrawn, kConfirmed };
inline constexpr CodeEntry<ConsultationState> kConsultationStateCodes[] = {
    {ConsultationState::kRequested, "requested"}, {ConsultationState::kAccepted, "accepted"},
    {ConsultationState::kDeclined, "declined"},   {ConsultationState::kWithdrawn, "withdrawn"},
    {ConsultationState::kConfirmed, "confirmed"}};

// What came of it ("none" is its absence).
enum class ConsultationOutcome { kMet, kTrialStarted, kDeployed, kNotPursued };
inline constexpr CodeEntry<ConsultationOutcome> kConsultationOutcomeCodes[] = {
    {ConsultationOutcome::kMet, "met"},
    {ConsultationOutcome::kTrialStarted, "trial_started"},
    {ConsultationOutcome::kDeployed, "deployed"},
    {ConsultationOutcome::kNotPursued, "not_pursued"}};

enum class ConsultationSide { kRequester, kVendor };
inline constexpr CodeEntry<ConsultationSide> kConsultationSideCodes[] = {{ConsultationSide::kRequester, "requester"},
                                                                         {ConsultationSide::kVendor, "vendor"}};

// What a side does; each is allowed in some states only (ConsultationStepAllowed).
enum class ConsultationStep { kAccept, kDecline, kWithdraw, kConfirm, kMessage, kRecordOutcome, kProposeCase };
inline constexpr CodeEntry<ConsultationStep> kConsultationStepCodes[] = {
    {ConsultationStep::kAccept, "accept"},   {ConsultationStep::kDecline, "decline"},
    {ConsultationStep::kWithdraw, "withdraw"}, {ConsultationStep::kConfirm, "confirm"},
    {ConsultationStep::kMessage, "message"}, {ConsultationStep::kRecordOutcome, "outcome"},
    {ConsultationStep::kProposeCase, "case"}};

// One entry of the thread both sides see: a message, or a step with its text (the request's
// message, the acceptance's note, the decline's reason) and its detail (JSON: the times, the
// outcome, the case).
enum class ConsultationEntryKind { kRequested, kMessage, kAccepted, kDeclined, kWithdrawn, kConfirmed, kOutcome, kCase };
inline constexpr CodeEntry<ConsultationEntryKind> kConsultationEntryKindCodes[] = {
    {ConsultationEntryKind::kRequested, "requested"}, {ConsultationEntryKind::kMessage, "message"},
    {ConsultationEntryKind::kAccepted, "accepted"},   {ConsultationEntryKind::kDeclined, "declined"},
    {ConsultationEntryKind::kWithdrawn, "withdrawn"}, {ConsultationEntryKind::kConfirmed, "confirmed"},
    {ConsultationEntryKind::kOutcome, "outcome"},     {ConsultationEntryKind::kCase, "case"}};

struct ConsultationEntry {
  std::int64_t id = 0;
  std::int64_t consultation_id = 0;
  std::string at;  // UTC, ISO 8601
  ConsultationEntryKind kind = ConsultationEntryKind::kMessage;
  ConsultationSide side = ConsultationSide::kRequester;
  std::int64_t user_id = 0;
  std::string author;  // the account's e-mail address (both sides see who wrote)
  std::string body;    // the text written (may be empty for a step without one)
  std::string detail;  // JSON object
};

struct Consultation {
  std::int64_t id = 0;
  ConsultationKind kind = ConsultationKind::kProduct;
  std::int64_t subject_id = 0;    // the product's or the service's id
  std::string subject_name;       // its name when asked
  std::int64_t vendor_org_id = 0;  // the product's vendor or the service's provider
  std::string vendor;              // its organisation's name
  std::int64_t requester_org_id = 0;
  std::string requester_org;  // its name
  std::int64_t requester_id = 0;  // the account that asked
  std::string requester_email;
  std::string needs;  // the needs JSON the match used ("" when none)
  ConsultationState state = ConsultationState::kRequested;
  std::vector<std::string> proposed_times;  // Asia/Tokyo ISO 8601 (FormatTokyoIso), as the vendor proposed
  std::string confirmed_time;               // one of them, once confirmed
  std::optional<ConsultationOutcome> outcome;
  std::string outcome_at;
  std::optional<std::int64_t> case_id;  // the trial-deployment case it became
  std::string requester_lang = "ja";    // each side's mail language: that of its latest action
  std::string vendor_lang = "ja";
  std::string created_at, updated_at;
};

// Limits, in characters.
inline constexpr std::size_t kConsultationTextChars = 4000;  // a message, the request, a note
inline constexpr std::size_t kConsultationReasonChars = 2000;
inline constexpr std::size_t kMaxProposedTimes = 5;
inline constexpr std::size_t kConsultationNeedsBytes = 8000;

// Whether `step` may be taken by `side` in `c`'s present state; kFailedPrecondition
// (error.consultation.not_now, naming the state) or kPermissionDenied (the other side's step).
Status ConsultationStepAllowed(const Consultation& c, ConsultationSide side, ConsultationStep step);

// A text a person wrote, held to its limit and trimmed; `required` refuses what is empty.
// kInvalidArgument naming `field`.
Result<std::string> CheckConsultationText(std::string_view field, std::string_view text, std::size_t max_chars,
                                          bool required);

// The vendor's proposed times: 1–5, each ISO 8601 with an offset, each after `now` (unix seconds),
// no two the same instant. Returned in Asia/Tokyo form, in the order given. kInvalidArgument with
// every problem, each naming its path ("times[2]").
Result<std::vector<std::string>> CheckProposedTimes(const std::vector<std::string>& times, std::int64_t now);

// The requester's choice: one of `c`'s proposed times (compared as instants), after `now`.
// Returns it as proposed. kInvalidArgument naming "time".
Result<std::string> CheckConfirmedTime(const Consultation& c, std::string_view time, std::int64_t now);

// An outcome by its code; kInvalidArgument naming "outcome".
Result<ConsultationOutcome> ParseConsultationOutcome(std::string_view code);

// Whether the outcome lets the requester turn a product consultation into a case.
bool OutcomeLeadsToCase(std::optional<ConsultationOutcome> o);

// The steps `side` may take now (for pages and the API's `actions`).
std::vector<ConsultationStep> AvailableSteps(const Consultation& c, ConsultationSide side);

}  // namespace proven::domain
