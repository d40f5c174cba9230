#pragma once
// The verification programme's use cases, part 1: the field map, calls for applications,
// vendors' applications with attachments, and the committee (appointments, conflicts of
// interest, blind scoring, ranking, decisions).
//
// Every method takes the actor and checks domain::Authorize (the role) and the programme's own
// rules (a vendor sees only its organisation's applications, a reviewer only the calls it sits
// on and, once conflicted, not the application's details), then writes the change and its audit
// entry in one transaction. Deadlines are read from the injected clock, so a call closes by
// itself at closes_at.
//
// Errors: kNotFound (no such record, or one the actor may not know exists: another vendor's
// application), kPermissionDenied (role, or a conflict of interest), kFailedPrecondition (the
// call's or application's state forbids it: frozen criteria, deadline passed, already
// submitted), kInvalidArgument (with `field` naming the JSON field).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/programme.hpp"
#include "store/programme/programme_store.hpp"

namespace proven::services {

// A call as the actor may see it, with its state now.
struct CallView {
  domain::Call call;
  domain::CallState state = domain::CallState::kDraft;
  std::vector<domain::Field> fields;  // the target fields, in order
  // Once decided (for everyone) — the selected products.
  std::vector<domain::Application> selected;
};

// One application as the actor may see it.
struct ApplicationView {
  domain::Application application;
  domain::CallState call_state = domain::CallState::kDraft;
  std::string call_title;
  std::vector<store::Attachment> attachments;  // empty for a conflicted or undeclared reviewer
  bool details_visible = true;                 // false: a reviewer who is conflicted or has not declared
  bool outcome_visible = false;                // vendor and admin once decided; reviewers too
  // For a reviewer: where they stand, their own review, and the others' (only after their own).
  std::optional<domain::ConflictView> conflict;
  std::optional<domain::Review> own_review;
  std::vector<domain::Review> other_reviews;
  bool others_visible = false;
};

// The committee's progress on a call, for the admin: who declared, who scored what.
struct CommitteeView {
  CallView call;
  std::vector<domain::Reviewer> reviewers;
  std::vector<domain::Application> applications;  // submitted ones
  struct Cell {
    std::int64_t reviewer_id = 0;
    std::int64_t application_id = 0;
    domain::ConflictView conflict;
    bool scored = false;
  };
  std::vector<Cell> cells;  // reviewer × application
};

// A reviewer's work: each application of each call they sit on, with where they stand.
struct QueueItem {
  domain::Call call;
  domain::CallState call_state = domain::CallState::kDraft;
  std::int64_t application_id = 0;
  std::string product_name;
  std::string vendor;
  domain::ConflictView conflict;
  bool scored = false;
};

struct RankingView {
  domain::Call call;
  domain::CallState state = domain::CallState::kDraft;
  std::vector<domain::RankingRow> rows;
  std::map<std::int64_t, domain::Application> applications;  // by id
};

class ProgrammeService {
 public:
  ProgrammeService(store::ProgrammeStore& store, const Clock& clock = Clock::System()) : store_(store), clock_(clock) {}

  // ---- Field map (public reads; admin writes) ----
  Result<std::vector<domain::Field>> Fields();
  Result<std::vector<domain::FieldEvent>> FieldHistory();
  Result<domain::Field> CreateField(const domain::Actor& actor, const domain::FieldInput& input);
  Result<domain::Field> ChangeField(const domain::Actor& actor, std::int64_t id, const domain::FieldInput& input);

  // ---- Calls ----
  // Everyone: open, closed and decided calls; the admin also drafts (when `with_drafts`).
  Result<std::vector<CallView>> ListCalls(const std::optional<domain::Actor>& actor, bool with_drafts = false);
  // A draft is kNotFound to everyone but the admin.
  Result<CallView> GetCall(const std::optional<domain::Actor>& actor, std::int64_t id);
  Result<CallView> CreateCall(const domain::Actor& actor, const domain::CallInput& input);
  // A draft changes as a whole; an open call only in its texts, quorum and a later closes_at
  // (criteria, weights, questions, fields, opens_at: kFailedPrecondition).
  Result<CallView> ChangeCall(const domain::Actor& actor, std::int64_t id, const domain::CallInput& input);
  Result<CallView> OpenCall(const domain::Actor& actor, std::int64_t id);

  // ---- Applications ----
  Result<ApplicationView> CreateApplication(const domain::Actor& actor, std::int64_t call_id,
                                            const domain::ApplicationInput& input);
  Result<ApplicationView> GetApplication(const domain::Actor& actor, std::int64_t id);
  Result<ApplicationView> ChangeApplication(const domain::Actor& actor, std::int64_t id,
                                            const domain::ApplicationInput& input);
  Result<ApplicationView> SubmitApplication(const domain::Actor& actor, std::int64_t id);
  Result<ApplicationView> WithdrawApplication(const domain::Actor& actor, std::int64_t id);
  // The actor's organisation's applications (a vendor), newest first, with their calls' titles.
  Result<std::vector<ApplicationView>> VendorApplications(const domain::Actor& actor);
  // The admin: every application of a call (drafts included).
  Result<std::vector<domain::Application>> CallApplications(const domain::Actor& actor, std::int64_t call_id);

  // A file for the application (a vendor's own draft): type by content, size capped, stored by
  // SHA-256. Returns the record.
  Result<store::Attachment> AddAttachment(const domain::Actor& actor, std::int64_t application_id,
                                          const std::string& filename, std::string_view content);
  // The record and bytes, for whoever may see the application's details.
  Result<std::pair<store::Attachment, std::string>> GetAttachment(const domain::Actor& actor,
                                                                   std::int64_t attachment_id);

  // ---- Committee ----
  Result<domain::Reviewer> AppointReviewer(const domain::Actor& actor, std::int64_t call_id, const std::string& email);
  Result<CommitteeView> Committee(const domain::Actor& actor, std::int64_t call_id);
  Result<std::vector<QueueItem>> ReviewerQueue(const domain::Actor& actor);
  // A reviewer's organisations to be conflicted with automatically.
  Result<std::vector<domain::Relationship>> Relationships(const domain::Actor& actor);
  Result<domain::Relationship> DeclareRelationship(const domain::Actor& actor, const std::string& organisation,
                                                   const std::string& note);
  // After the close: the reviewer's conflict with an application (changeable until they score).
  Result<domain::ConflictView> DeclareConflict(const domain::Actor& actor, std::int64_t application_id, bool conflict,
                                               const std::string& reason);
  // After declaring no conflict: every criterion scored 1..5 (replaces the reviewer's review
  // until the call is decided).
  Result<ApplicationView> Score(const domain::Actor& actor, std::int64_t application_id,
                                const std::map<std::string, double>& scores, const std::string& comment);
  Result<RankingView> Ranking(const domain::Actor& actor, std::int64_t call_id);
  // After the close; the call becomes decided when every submitted application has an outcome.
  Result<ApplicationView> Decide(const domain::Actor& actor, std::int64_t application_id, domain::Outcome outcome,
                                 const std::string& rationale);

 private:
  std::int64_t Now() const { return clock_.NowUnix(); }
  store::ProgrammeStore& store_;
  const Clock& clock_;
};

}  // namespace proven::services
