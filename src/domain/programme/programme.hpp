#pragma once
// The product verification programme, part 1: the field map (重要分野マップ), calls for
// applications (公募), vendors' applications (応募) and the committee's selection (製品選定).
// Pure: the records, their codes, what each state allows, and validation. The store keeps them,
// the services apply these rules inside one transaction per change.
//
// Part 2 (verification, reports, trial cases) continues from a selected application: an
// Application with outcome kSelected is what a verification starts from, and the Field ids are
// the catalogue's field facet.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

// ---- Codes -------------------------------------------------------------------------------------

enum class FieldStatus { kActive, kRetired };
inline constexpr CodeEntry<FieldStatus> kFieldStatusCodes[] = {{FieldStatus::kActive, "active"},
                                                               {FieldStatus::kRetired, "retired"}};

// What happened to a field: its public, dated history on /fields (field_events.kind).
enum class FieldEventKind { kCreated, kChanged, kRetired, kReactivated };
inline constexpr CodeEntry<FieldEventKind> kFieldEventKindCodes[] = {{FieldEventKind::kCreated, "created"},
                                                                     {FieldEventKind::kChanged, "changed"},
                                                                     {FieldEventKind::kRetired, "retired"},
                                                                     {FieldEventKind::kReactivated, "reactivated"}};

// A call's state. Stored: draft, open, decided; `closed` is an open call whose closes_at has
// passed (it closes by itself: see EffectiveState).
enum class CallState { kDraft, kOpen, kClosed, kDecided };
inline constexpr CodeEntry<CallState> kCallStateCodes[] = {{CallState::kDraft, "draft"},
                                                           {CallState::kOpen, "open"},
                                                           {CallState::kClosed, "closed"},
                                                           {CallState::kDecided, "decided"}};

enum class QuestionKind { kText, kSingleChoice, kMultipleChoice, kFile };
inline constexpr CodeEntry<QuestionKind> kQuestionKindCodes[] = {{QuestionKind::kText, "text"},
                                                                 {QuestionKind::kSingleChoice, "single_choice"},
                                                                 {QuestionKind::kMultipleChoice, "multiple_choice"},
                                                                 {QuestionKind::kFile, "file"}};

enum class ApplicationState { kDraft, kSubmitted, kWithdrawn };
inline constexpr CodeEntry<ApplicationState> kApplicationStateCodes[] = {{ApplicationState::kDraft, "draft"},
                                                                         {ApplicationState::kSubmitted, "submitted"},
                                                                         {ApplicationState::kWithdrawn, "withdrawn"}};

enum class Outcome { kSelected, kNotSelected };
inline constexpr CodeEntry<Outcome> kOutcomeCodes[] = {{Outcome::kSelected, "selected"},
                                                       {Outcome::kNotSelected, "not_selected"}};

// How a product is delivered (an application may name several).
enum class DeploymentForm { kSaas, kOnPremises, kAppliance, kHybrid, kOther };
inline constexpr CodeEntry<DeploymentForm> kDeploymentFormCodes[] = {{DeploymentForm::kSaas, "saas"},
                                                                     {DeploymentForm::kOnPremises, "on_premises"},
                                                                     {DeploymentForm::kAppliance, "appliance"},
                                                                     {DeploymentForm::kHybrid, "hybrid"},
                                                                     {DeploymentForm::kOther, "other"}};

// Why a reviewer is conflicted with an application without having said so.
enum class AutoConflict { kSameOrganisation, kDeclaredRelationship };
inline constexpr CodeEntry<AutoConflict> kAutoConflictCodes[] = {
    {AutoConflict::kSameOrganisation, "same_organisation"},
    {AutoConflict::kDeclaredRelationship, "declared_relationship"}};

// Attachments: what is accepted, by content (never by name or declared type).
enum class AttachmentType { kPdf, kPng, kJpeg };
inline constexpr CodeEntry<AttachmentType> kAttachmentTypeCodes[] = {
    {AttachmentType::kPdf, "application/pdf"}, {AttachmentType::kPng, "image/png"}, {AttachmentType::kJpeg, "image/jpeg"}};
std::optional<AttachmentType> SniffAttachmentType(std::string_view content);

// ---- Limits ------------------------------------------------------------------------------------

inline constexpr std::size_t kMaxAttachmentBytes = 8 * 1024 * 1024;
inline constexpr int kMaxAttachmentsPerApplication = 20;
inline constexpr int kMaxQuestions = 50;
inline constexpr int kMaxCriteria = 20;
inline constexpr int kMaxChoiceOptions = 30;
inline constexpr int kMaxCriterionWeight = 100;
inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 5;
inline constexpr int kDefaultQuorum = 2;
inline constexpr int kMaxQuorum = 50;
// Scores of one criterion that differ by this much or more flag a disagreement.
inline constexpr int kDisagreementSpread = 3;
inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxShortTextChars = 500;
inline constexpr std::size_t kMaxLongTextChars = 20000;

// ---- Field map ---------------------------------------------------------------------------------

struct Field {
  std::int64_t id = 0;
  std::string name_ja;
  std::string name_en;
  std::string description;
  std::string rationale;  // market size, where Japanese products can be strong
  FieldStatus status = FieldStatus::kActive;
  std::optional<int> reviewed_fy;  // fiscal year of the last review (e.g. 2025 for 令和7年度)
  std::string updated_at;
};

// A change to a field; nullopt = unchanged. On create every text but the English name defaults
// to empty; names are required.
struct FieldInput {
  std::optional<std::string> name_ja, name_en, description, rationale, status;
  std::optional<std::optional<int>> reviewed_fy;
};

// `base` with `input` applied and validated as a whole (names required and short, texts bounded,
// status a code, the fiscal year 2000..2100). Problems name the JSON field.
Result<Field> ApplyFieldInput(const Field& base, const FieldInput& input);

struct FieldEvent {
  std::int64_t id = 0;
  std::int64_t field_id = 0;
  std::string at;  // UTC ISO 8601
  FieldEventKind kind = FieldEventKind::kChanged;
  std::string detail;  // JSON: {"changed": {"name_ja": {"before": …, "after": …}, …}}
  std::string field_name_ja;  // the field's current name (for the page)
};

// ---- Calls -------------------------------------------------------------------------------------

struct Question {
  std::int64_t id = 0;
  QuestionKind kind = QuestionKind::kText;
  std::string prompt;
  std::vector<std::string> options;  // choices only
  bool required = false;
};

struct Criterion {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  int weight = 1;  // 1..kMaxCriterionWeight
};

struct Call {
  std::int64_t id = 0;
  std::string title;
  std::string description;  // 公募要領
  std::string eligibility;
  std::vector<std::int64_t> field_ids;
  std::optional<std::int64_t> opens_at;  // seconds since 1970 UTC
  std::optional<std::int64_t> closes_at;
  int quorum = kDefaultQuorum;  // reviews an application needs to be ranked
  std::vector<Question> questions;
  std::vector<Criterion> criteria;
  CallState stored_state = CallState::kDraft;  // draft, open or decided
  std::string created_at;
  std::string opened_at;
  std::string decided_at;
};

// The state at `now`: an open call is closed from closes_at on.
CallState EffectiveState(const Call& c, std::int64_t now);

// What may be done to a call in each state: one transition table (see CallTransitionsTest).
enum class CallAction {
  kEditAll,       // change anything (title … criteria)
  kEditText,      // title, description, eligibility, quorum, a later closes_at
  kOpen,          // publish it
  kApply,         // a vendor creates, edits, submits an application (also needs opens_at ≤ now)
  kWithdraw,      // a vendor withdraws an application
  kAppoint,       // the admin appoints a reviewer
  kReview,        // a reviewer declares conflicts and scores
  kDecide,        // the admin decides on an application
};
inline constexpr CallAction kCallActions[] = {CallAction::kEditAll, CallAction::kEditText, CallAction::kOpen,
                                              CallAction::kApply,   CallAction::kWithdraw, CallAction::kAppoint,
                                              CallAction::kReview,  CallAction::kDecide};
std::string_view CallActionCode(CallAction a);
// ok, or kFailedPrecondition with the catalogue reason "error.call.<state>.<action>" saying why.
Status MayDoToCall(std::int64_t call_id, CallState state, CallAction action);

// The API's input for a call; nullopt = unchanged (PATCH) or default (POST).
struct CallInput {
  std::optional<std::string> title, description, eligibility, opens_at, closes_at;
  std::optional<std::vector<std::int64_t>> field_ids;
  std::optional<int> quorum;
  std::optional<std::vector<Question>> questions;  // ids ignored: replaced as a whole
  std::optional<std::vector<Criterion>> criteria;
  bool Touches(std::string_view what) const;  // "criteria", "questions", "opens_at", "fields"
};

// `base` with `input` applied and checked for what a draft may hold (lengths, kinds, options,
// weights, dates that parse). `known_fields` are the field map's ids. Problems name the JSON
// field, e.g. "criteria[2].weight".
Result<Call> ApplyCallInput(const Call& base, const CallInput& input, const std::vector<Field>& known_fields);
// What opening needs beyond a valid draft: a title, a target field (active), at least one
// criterion, both dates, opens_at < closes_at and closes_at after `now`.
Status CheckReadyToOpen(const Call& c, const std::vector<Field>& fields, std::int64_t now);
// Whether an open call's change keeps to what may change once open: criteria, weights, questions,
// target fields and opens_at stay as they are (409 naming them); closes_at may only move later
// and only while the call is still open.
Status CheckOpenCallChange(const Call& before, const Call& after, std::int64_t now);

// ---- Applications ------------------------------------------------------------------------------

struct Product {
  std::string name;
  std::string version;
  std::string overview;
  std::vector<std::int64_t> field_ids;
  std::vector<DeploymentForm> deployment;
  std::string homepage;
};

// An answer: text or one choice (string), several choices (list), or an attachment id (file).
using Answer = std::variant<std::string, std::vector<std::string>, std::int64_t>;

struct Application {
  std::int64_t id = 0;
  std::int64_t call_id = 0;
  std::int64_t vendor_org_id = 0;
  std::string vendor;  // the organisation's name, as it is now
  std::int64_t created_by = 0;
  ApplicationState state = ApplicationState::kDraft;
  Product product;
  std::map<std::int64_t, Answer> answers;  // by question id
  std::optional<Outcome> outcome;
  std::string rationale;
  std::string created_at, updated_at, submitted_at, withdrawn_at, decided_at;
};

struct ApplicationInput {
  std::optional<std::string> name, version, overview, homepage;
  std::optional<std::vector<std::int64_t>> field_ids;
  std::optional<std::vector<std::string>> deployment;
  // Answers to merge (a question's answer replaced; an empty string or list clears it).
  std::optional<std::map<std::int64_t, Answer>> answers;
};

// `base` with `input` applied, checked for what a draft may hold: lengths, fields among the
// call's, deployment codes, answers to the call's questions of the right kind and option,
// attachment answers among `attachment_ids` (this application's).
Result<Application> ApplyApplicationInput(const Application& base, const ApplicationInput& input, const Call& call,
                                          const std::vector<std::int64_t>& attachment_ids);
// What submitting needs beyond a valid draft: a product name, overview, at least one field and
// deployment form, and an answer to every required question.
Status CheckReadyToSubmit(const Application& a, const Call& call);

// ---- Committee ---------------------------------------------------------------------------------

// A reviewer's own declaration about one application.
struct Declaration {
  std::int64_t application_id = 0;
  std::int64_t reviewer_id = 0;
  bool conflict = false;
  std::string reason;
  std::string declared_at;
};

// An organisation a reviewer has a relationship with (adviser, shareholder, former employer…):
// every application of it is a conflict without asking.
struct Relationship {
  std::int64_t id = 0;
  std::int64_t reviewer_id = 0;
  std::int64_t organisation_id = 0;
  std::string organisation;
  std::string note;
  std::string declared_at;
};

struct Reviewer {
  std::int64_t user_id = 0;
  std::string email;
  std::optional<std::int64_t> organisation_id;
  std::string organisation;
  std::string appointed_at;
};

// The conflict that holds without asking, if any.
std::optional<AutoConflict> FindAutoConflict(const Reviewer& reviewer, const std::vector<Relationship>& relationships,
                                             const Application& a);

// Where one reviewer stands with one application.
enum class ConflictStatus { kUndeclared, kClear, kConflicted };
struct ConflictView {
  ConflictStatus status = ConflictStatus::kUndeclared;
  std::optional<AutoConflict> automatic;  // why, when found without asking
  std::string reason;                     // the reviewer's own reason, when declared
};
ConflictView ConflictOf(const Reviewer& reviewer, const std::vector<Relationship>& relationships, const Application& a,
                        const std::optional<Declaration>& declared);

struct Review {
  std::int64_t application_id = 0;
  std::int64_t reviewer_id = 0;
  std::map<std::int64_t, int> scores;  // criterion id → 1..5
  std::string comment;
  std::string submitted_at;
};

// Every criterion scored, integers kMinScore..kMaxScore, no unknown criterion: otherwise
// kInvalidArgument naming the criterion ("scores.<id>").
Status CheckScores(const std::vector<Criterion>& criteria, const std::map<std::string, double>& raw_scores,
                   std::map<std::int64_t, int>* out);

// ---- Ranking -----------------------------------------------------------------------------------

// A value rounded to 3 decimals, kept exact as thousandths (3.667 is 3667).
struct Milli {
  std::int64_t thousandths = 0;
  double Value() const { return static_cast<double>(thousandths) / 1000.0; }
  std::string Text() const;  // "3.667"
  auto operator<=>(const Milli&) const = default;
};

struct RankingRow {
  std::int64_t application_id = 0;
  int reviews = 0;
  std::map<std::int64_t, Milli> criterion_means;  // by criterion id (empty without reviews)
  std::optional<Milli> weighted;                  // Σ(weight × mean) / Σ weights; nullopt without reviews
  std::optional<int> rank;                        // nullopt below the quorum
  std::vector<std::int64_t> disagreements;        // criteria whose scores differ by kDisagreementSpread+
};

// Ranks the applications given with their counted reviews: ranked rows first (best first; equal
// weighted scores, as rounded, share a rank: 1, 2, 2, 4), then those below the quorum by id.
// Means and the weighted score are computed exactly and rounded half up to 3 decimals.
std::vector<RankingRow> Rank(const std::vector<Criterion>& criteria, int quorum,
                             const std::vector<std::pair<std::int64_t, std::vector<Review>>>& applications);

}  // namespace proven::domain
