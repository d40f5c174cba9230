#include "services/programme/programme_service.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "domain/limits.hpp"
#include "services/programme/programme_records.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::Application;
using domain::ApplicationState;
using domain::AuditAction;
using domain::Call;
using domain::CallAction;
using domain::CallState;
using domain::ConflictStatus;
using domain::Role;
using store::AuditRecord;
using store::ProgrammeReader;
using store::ProgrammeWriter;

namespace {

tl::unexpected<Error> NotFound(std::string_view what, std::int64_t id) {
  return Fail(Reason{fmt::format("error.{}.not_found", what), {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no {} {}", what, id));
}

tl::unexpected<Error> Precondition(std::string key, std::string message, MessageArgs args = {}) {
  return Fail(Reason{std::move(key), std::move(args)}, ErrorCode::kFailedPrecondition, std::move(message));
}

Status CheckTextField(std::string_view field, std::string_view value, std::size_t max_chars) {
  return domain::CheckText(domain::TextLimit{field, max_chars, true}, value);
}

Result<Call> LoadCall(ProgrammeReader& r, std::int64_t id) {
  auto c = r.FindCall(id);
  if (!c) return Fail(c.error());
  if (!*c) return NotFound("call", id);
  return std::move(**c);
}

Result<Application> LoadApplication(ProgrammeReader& r, std::int64_t id) {
  auto a = r.FindApplication(id);
  if (!a) return Fail(a.error());
  if (!*a) return NotFound("application", id);
  return std::move(**a);
}

// Drafts exist only for the admin: everyone else is told there is no such call.
bool MaySeeCall(const std::optional<Actor>& actor, const Call& c) {
  return c.stored_state != CallState::kDraft || (actor && actor->Has(Role::kAdmin));
}

bool IsVendorOf(const Actor& actor, const Application& a) {
  return actor.Has(Role::kVendor) && actor.organisation_id && *actor.organisation_id == a.vendor_org_id;
}

// The vendor's own application, or kNotFound (another vendor's is never admitted to exist).
Status RequireOwnApplication(const Actor& actor, const Application& a) {
  if (IsVendorOf(actor, a)) return {};
  return NotFound("application", a.id);
}

// Applications are made while the call is open and its opens_at has come.
Status RequireApplicationWindow(const Call& c, std::int64_t now) {
  if (auto st = domain::MayDoToCall(c.id, domain::EffectiveState(c, now), CallAction::kApply); !st) return st;
  if (c.opens_at && now < *c.opens_at) {
    return Precondition("error.call.not_yet_open", fmt::format("call {} opens at {}", c.id, FormatTokyoIso(*c.opens_at)),
                        {{"at", FormatTokyoMinute(*c.opens_at)}});
  }
  return {};
}

std::optional<domain::Reviewer> CommitteeMember(const std::vector<domain::Reviewer>& reviewers, std::int64_t user_id) {
  for (const auto& r : reviewers) {
    if (r.user_id == user_id) return r;
  }
  return std::nullopt;
}

template <typename T, typename Pred>
std::optional<T> FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  if (it == items.end()) return std::nullopt;
  return *it;
}

// Everything a call's committee has said, read once: who sits on it, the submitted applications,
// declarations, relationships and reviews; with the rules that combine them.
struct CommitteeState {
  std::vector<domain::Reviewer> reviewers;
  std::vector<Application> applications;  // submitted
  std::vector<domain::Declaration> declarations;
  std::vector<domain::Relationship> relationships;
  std::vector<domain::Review> reviews;

  std::optional<domain::Reviewer> Member(std::int64_t user_id) const { return CommitteeMember(reviewers, user_id); }
  domain::ConflictView ConflictOf(const domain::Reviewer& rv, const Application& a) const {
    return domain::ConflictOf(rv, relationships, a, FindIf(declarations, [&](const domain::Declaration& d) {
                                return d.application_id == a.id && d.reviewer_id == rv.user_id;
                              }));
  }
  std::optional<domain::Review> ReviewOf(std::int64_t application_id, std::int64_t reviewer_id) const {
    return FindIf(reviews, [&](const domain::Review& x) {
      return x.application_id == application_id && x.reviewer_id == reviewer_id;
    });
  }
  // The reviews of `a` that count: by members without a conflict, but `except`.
  std::vector<domain::Review> CountedReviews(const Application& a, std::int64_t except = 0) const {
    std::vector<domain::Review> out;
    for (const auto& review : reviews) {
      if (review.application_id != a.id || review.reviewer_id == except) continue;
      auto rv = Member(review.reviewer_id);
      if (rv && ConflictOf(*rv, a).status == ConflictStatus::kClear) out.push_back(review);
    }
    return out;
  }
};

template <typename T>
Status Take(Result<T>&& r, T& into) {
  if (!r) return Fail(r.error());
  into = std::move(*r);
  return {};
}

// The committee of `call_id`; only `reviewer_id`'s relationships when given (a reviewer's own
// view needs no one else's).
Result<CommitteeState> LoadCommittee(ProgrammeReader& r, std::int64_t call_id,
                                     std::optional<std::int64_t> reviewer_id = std::nullopt) {
  CommitteeState c;
  for (auto st : {Take(r.Reviewers(call_id), c.reviewers),
                  Take(r.Applications({call_id, std::nullopt, ApplicationState::kSubmitted}), c.applications),
                  Take(r.Declarations(call_id), c.declarations), Take(r.Relationships(reviewer_id), c.relationships),
                  Take(r.Reviews(call_id), c.reviews)}) {
    if (!st) return Fail(st.error());
  }
  return c;
}

// What a reviewer's seat says about one application of the call.
struct Seat {
  domain::Reviewer reviewer;
  domain::ConflictView conflict;
  std::optional<domain::Review> own_review;
  std::vector<domain::Review> others;  // reviews by other reviewers who are not conflicted
};

Result<Seat> SeatOf(ProgrammeReader& r, const Actor& actor, const Application& a) {
  auto committee = LoadCommittee(r, a.call_id);
  if (!committee) return Fail(committee.error());
  auto me = committee->Member(actor.user_id);
  if (!me || a.state != ApplicationState::kSubmitted) return NotFound("application", a.id);
  return Seat{*me, committee->ConflictOf(*me, a), committee->ReviewOf(a.id, me->user_id),
              committee->CountedReviews(a, me->user_id)};
}

// The application as `actor` may see it; kNotFound when they may not know it exists.
Result<ApplicationView> ViewOf(ProgrammeReader& r, const Actor& actor, Application a, std::int64_t now) {
  auto call = LoadCall(r, a.call_id);
  if (!call) return Fail(call.error());
  ApplicationView v;
  v.call_state = domain::EffectiveState(*call, now);
  v.call_title = call->title;
  if (actor.Has(Role::kAdmin) || IsVendorOf(actor, a)) {
    v.outcome_visible = a.outcome.has_value();
  } else if (actor.Has(Role::kReviewer)) {
    auto seat = SeatOf(r, actor, a);
    if (!seat) return Fail(seat.error());
    if (v.call_state != CallState::kClosed && v.call_state != CallState::kDecided) return NotFound("application", a.id);
    v.conflict = seat->conflict;
    v.details_visible = seat->conflict.status == ConflictStatus::kClear;
    v.own_review = seat->own_review;
    v.others_visible = v.details_visible && seat->own_review.has_value();
    if (v.others_visible) v.other_reviews = seat->others;
    v.outcome_visible = a.outcome.has_value() && v.details_visible;
  } else {
    return NotFound("application", a.id);
  }
  if (!v.details_visible) {
    // The product's name and vendor, which a reviewer needs to judge a conflict; nothing else.
    Application bare;
    bare.id = a.id;
    bare.call_id = a.call_id;
    bare.vendor_org_id = a.vendor_org_id;
    bare.vendor = a.vendor;
    bare.state = a.state;
    bare.product.name = a.product.name;
    bare.submitted_at = a.submitted_at;
    a = std::move(bare);
  } else {
    auto attachments = r.Attachments(a.id);
    if (!attachments) return Fail(attachments.error());
    v.attachments = std::move(*attachments);
  }
  if (!v.outcome_visible) {
    a.outcome.reset();
    a.rationale.clear();
    a.decided_at.clear();
  }
  v.application = std::move(a);
  return v;
}

Result<CallView> CallViewOf(ProgrammeReader& r, Call c, std::int64_t now, const std::vector<domain::Field>& fields) {
  CallView v;
  v.state = domain::EffectiveState(c, now);
  for (auto id : c.field_ids) {
    if (auto f = FindIf(fields, [&](const domain::Field& x) { return x.id == id; })) v.fields.push_back(*f);
  }
  if (v.state == CallState::kDecided) {
    auto apps = r.Applications({c.id, std::nullopt, ApplicationState::kSubmitted});
    if (!apps) return Fail(apps.error());
    for (auto& a : *apps) {
      if (a.outcome == domain::Outcome::kSelected) v.selected.push_back(std::move(a));
    }
  }
  v.call = std::move(c);
  return v;
}

}  // namespace

// ---- Field map ---------------------------------------------------------------------------------

Result<std::vector<domain::Field>> ProgrammeService::Fields() {
  std::vector<domain::Field> out;
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto f = r.Fields();
    if (!f) return Fail(f.error());
    out = std::move(*f);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<domain::FieldEvent>> ProgrammeService::FieldHistory() {
  std::vector<domain::FieldEvent> out;
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto h = r.FieldHistory();
    if (!h) return Fail(h.error());
    out = std::move(*h);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Field> ProgrammeService::CreateField(const Actor& actor, const domain::FieldInput& input) {
  if (auto st = domain::Authorize(actor, Action::kEditFieldMap); !st) return Fail(st.error());
  auto field = domain::ApplyFieldInput(domain::Field{}, input);
  if (!field) return Fail(field.error());
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    field->updated_at = w.Now();
    auto id = w.InsertField(*field);
    if (!id) return Fail(id.error());
    field->id = *id;
    nlohmann::ordered_json detail;
    detail["after"] = FieldRecord(*field);
    if (auto s = w.AddFieldEvent(*id, domain::FieldEventKind::kCreated, AuditText(detail)); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kFieldCreate).On("field", *id).After(AuditText(FieldRecord(*field))));
  });
  if (!st) return Fail(st.error());
  return *field;
}

Result<domain::Field> ProgrammeService::ChangeField(const Actor& actor, std::int64_t id,
                                                    const domain::FieldInput& input) {
  if (auto st = domain::Authorize(actor, Action::kEditFieldMap); !st) return Fail(st.error());
  domain::Field after;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto found = w.FindField(id);
    if (!found) return Fail(found.error());
    if (!*found) return NotFound("field", id);
    const domain::Field before = **found;
    auto changed = domain::ApplyFieldInput(before, input);
    if (!changed) return Fail(changed.error());
    after = std::move(*changed);
    const auto b = FieldRecord(before);
    auto a = FieldRecord(after);
    nlohmann::ordered_json diff = nlohmann::ordered_json::object();
    for (const auto& [key, value] : a.items()) {
      if (key != "updated_at" && b[key] != value) diff[key] = {{"before", b[key]}, {"after", value}};
    }
    if (diff.empty()) return {};  // nothing changed, nothing written
    after.updated_at = w.Now();
    if (auto s = w.UpdateField(after); !s) return s;
    auto kind = domain::FieldEventKind::kChanged;
    if (before.status != after.status) {
      kind = after.status == domain::FieldStatus::kRetired ? domain::FieldEventKind::kRetired
                                                           : domain::FieldEventKind::kReactivated;
    }
    if (auto s = w.AddFieldEvent(id, kind, AuditText({{"changed", diff}})); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kFieldChange)
                       .On("field", id)
                       .Before(AuditText(b))
                       .After(AuditText(FieldRecord(after))));
  });
  if (!st) return Fail(st.error());
  return after;
}

// ---- Calls -------------------------------------------------------------------------------------

Result<std::vector<CallView>> ProgrammeService::ListCalls(const std::optional<Actor>& actor, bool with_drafts) {
  const bool drafts = with_drafts && actor && actor->Has(Role::kAdmin);
  std::vector<CallView> out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto calls = r.Calls(drafts);
    if (!calls) return Fail(calls.error());
    auto fields = r.Fields();
    if (!fields) return Fail(fields.error());
    for (auto& c : *calls) {
      auto v = CallViewOf(r, std::move(c), now, *fields);
      if (!v) return Fail(v.error());
      out.push_back(std::move(*v));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<CallView> ProgrammeService::GetCall(const std::optional<Actor>& actor, std::int64_t id) {
  CallView out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto c = LoadCall(r, id);
    if (!c) return Fail(c.error());
    if (!MaySeeCall(actor, *c)) return NotFound("call", id);
    auto fields = r.Fields();
    if (!fields) return Fail(fields.error());
    auto v = CallViewOf(r, std::move(*c), now, *fields);
    if (!v) return Fail(v.error());
    out = std::move(*v);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<CallView> ProgrammeService::CreateCall(const Actor& actor, const domain::CallInput& input) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  std::int64_t id = 0;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto fields = w.Fields();
    if (!fields) return Fail(fields.error());
    auto call = domain::ApplyCallInput(Call{}, input, *fields);
    if (!call) return Fail(call.error());
    call->stored_state = CallState::kDraft;
    call->created_at = w.Now();
    auto inserted = w.InsertCall(*call);
    if (!inserted) return Fail(inserted.error());
    id = *inserted;
    auto stored = LoadCall(w, id);
    if (!stored) return Fail(stored.error());
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCallCreate).On("call", id).After(AuditText(CallRecord(*stored))));
  });
  if (!st) return Fail(st.error());
  return GetCall(actor, id);
}

Result<CallView> ProgrammeService::ChangeCall(const Actor& actor, std::int64_t id, const domain::CallInput& input) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  const auto now = Now();
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto before = LoadCall(w, id);
    if (!before) return Fail(before.error());
    auto fields = w.Fields();
    if (!fields) return Fail(fields.error());
    const CallState state = domain::EffectiveState(*before, now);
    const bool draft = state == CallState::kDraft;
    if (auto s = domain::MayDoToCall(id, state, draft ? CallAction::kEditAll : CallAction::kEditText); !s) return s;
    auto after = domain::ApplyCallInput(*before, input, *fields);
    if (!after) return Fail(after.error());
    if (!draft) {
      if (auto s = domain::CheckOpenCallChange(*before, *after, now); !s) return s;
    }
    const bool replace = draft && (input.Touches("criteria") || input.Touches("questions"));
    if (!replace) {
      after->questions = before->questions;
      after->criteria = before->criteria;
    }
    if (auto s = w.UpdateCall(*after, replace); !s) return s;
    auto stored = LoadCall(w, id);
    if (!stored) return Fail(stored.error());
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCallChange)
                       .On("call", id)
                       .Before(AuditText(CallRecord(*before)))
                       .After(AuditText(CallRecord(*stored))));
  });
  if (!st) return Fail(st.error());
  return GetCall(actor, id);
}

Result<CallView> ProgrammeService::OpenCall(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  const auto now = Now();
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto call = LoadCall(w, id);
    if (!call) return Fail(call.error());
    if (auto s = domain::MayDoToCall(id, domain::EffectiveState(*call, now), CallAction::kOpen); !s) return s;
    auto fields = w.Fields();
    if (!fields) return Fail(fields.error());
    if (auto s = domain::CheckReadyToOpen(*call, *fields, now); !s) return s;
    call->stored_state = CallState::kOpen;
    call->opened_at = w.Now();
    if (auto s = w.UpdateCall(*call, false); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCallOpen).On("call", id).After(AuditText(CallRecord(*call))));
  });
  if (!st) return Fail(st.error());
  return GetCall(actor, id);
}

// ---- Applications ------------------------------------------------------------------------------

Result<ApplicationView> ProgrammeService::CreateApplication(const Actor& actor, std::int64_t call_id,
                                                            const domain::ApplicationInput& input) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  if (!actor.organisation_id) {
    return Precondition("error.application.no_organisation",
                        "your account acts for no organisation; ask the operator to link it to your company");
  }
  const auto now = Now();
  std::int64_t id = 0;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto call = LoadCall(w, call_id);
    if (!call) return Fail(call.error());
    if (!MaySeeCall(actor, *call)) return NotFound("call", call_id);
    if (auto s = RequireApplicationWindow(*call, now); !s) return s;
    Application base;
    base.call_id = call_id;
    base.vendor_org_id = *actor.organisation_id;
    base.vendor = actor.organisation;
    base.created_by = actor.user_id;
    base.created_at = base.updated_at = w.Now();
    auto app = domain::ApplyApplicationInput(base, input, *call, {});
    if (!app) return Fail(app.error());
    auto inserted = w.InsertApplication(*app);
    if (!inserted) return Fail(inserted.error());
    id = *inserted;
    app->id = id;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kApplicationCreate)
                       .On("application", id)
                       .After(AuditText(ApplicationRecord(*app))));
  });
  if (!st) return Fail(st.error());
  return GetApplication(actor, id);
}

Result<ApplicationView> ProgrammeService::GetApplication(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kViewApplications); !st) return Fail(st.error());
  ApplicationView out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto a = LoadApplication(r, id);
    if (!a) return Fail(a.error());
    auto v = ViewOf(r, actor, std::move(*a), now);
    if (!v) return Fail(v.error());
    out = std::move(*v);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

// A vendor's change to its own draft while the call takes applications: loads both, checks,
// lets `change` decide the new record, writes it with its audit entry.
using DraftChange = std::function<Status(ProgrammeWriter&, const Call&, Application&)>;

// `audit`: the entry recording the application before and after; nullopt when `change` writes
// its own (an attachment is its own record).
Status ChangeOwnApplication(store::ProgrammeStore& store, const Actor& actor, std::int64_t id, std::int64_t now,
                            std::optional<AuditAction> audit, bool must_be_draft, CallAction window,
                            const DraftChange& change) {
  return store.Write([&](ProgrammeWriter& w) -> Status {
    auto a = LoadApplication(w, id);
    if (!a) return Fail(a.error());
    if (auto s = RequireOwnApplication(actor, *a); !s) return s;
    auto call = LoadCall(w, a->call_id);
    if (!call) return Fail(call.error());
    if (a->state == ApplicationState::kWithdrawn) {
      return Precondition("error.application.withdrawn", fmt::format("application {} has been withdrawn", id));
    }
    if (must_be_draft && a->state != ApplicationState::kDraft) {
      return Precondition("error.application.submitted",
                          fmt::format("application {} has been submitted and can no longer change", id));
    }
    if (window == CallAction::kApply) {
      if (auto s = RequireApplicationWindow(*call, now); !s) return s;
    } else if (auto s = domain::MayDoToCall(call->id, domain::EffectiveState(*call, now), window); !s) {
      return s;
    }
    const Application before = *a;
    if (auto s = change(w, *call, *a); !s) return s;
    a->updated_at = w.Now();
    if (auto s = w.UpdateApplication(*a); !s) return s;
    if (!audit) return {};
    return w.Audit(AuditRecord(actor.Label(), *audit)
                       .On("application", id)
                       .Before(AuditText(ApplicationRecord(before)))
                       .After(AuditText(ApplicationRecord(*a))));
  });
}

std::vector<std::int64_t> IdsOf(const std::vector<store::Attachment>& attachments) {
  std::vector<std::int64_t> ids;
  for (const auto& x : attachments) ids.push_back(x.id);
  return ids;
}

}  // namespace

Result<ApplicationView> ProgrammeService::ChangeApplication(const Actor& actor, std::int64_t id,
                                                            const domain::ApplicationInput& input) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  auto st = ChangeOwnApplication(store_, actor, id, Now(), AuditAction::kApplicationChange, true, CallAction::kApply,
                                 [&](ProgrammeWriter& w, const Call& call, Application& a) -> Status {
                                   auto attachments = w.Attachments(id);
                                   if (!attachments) return Fail(attachments.error());
                                   auto changed = domain::ApplyApplicationInput(a, input, call, IdsOf(*attachments));
                                   if (!changed) return Fail(changed.error());
                                   a = std::move(*changed);
                                   return {};
                                 });
  if (!st) return Fail(st.error());
  return GetApplication(actor, id);
}

Result<ApplicationView> ProgrammeService::SubmitApplication(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  auto st = ChangeOwnApplication(store_, actor, id, Now(), AuditAction::kApplicationSubmit, true, CallAction::kApply,
                                 [&](ProgrammeWriter& w, const Call& call, Application& a) -> Status {
                                   if (auto s = domain::CheckReadyToSubmit(a, call); !s) return s;
                                   a.state = ApplicationState::kSubmitted;
                                   a.submitted_at = w.Now();
                                   return {};
                                 });
  if (!st) return Fail(st.error());
  return GetApplication(actor, id);
}

Result<ApplicationView> ProgrammeService::WithdrawApplication(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  auto st = ChangeOwnApplication(store_, actor, id, Now(), AuditAction::kApplicationWithdraw, false,
                                 CallAction::kWithdraw, [&](ProgrammeWriter& w, const Call&, Application& a) -> Status {
                                   a.state = ApplicationState::kWithdrawn;
                                   a.withdrawn_at = w.Now();
                                   return {};
                                 });
  if (!st) return Fail(st.error());
  return GetApplication(actor, id);
}

Result<std::vector<ApplicationView>> ProgrammeService::VendorApplications(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  std::vector<ApplicationView> out;
  if (!actor.organisation_id) return out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto apps = r.Applications({std::nullopt, *actor.organisation_id, std::nullopt});
    if (!apps) return Fail(apps.error());
    for (auto it = apps->rbegin(); it != apps->rend(); ++it) {
      auto v = ViewOf(r, actor, std::move(*it), now);
      if (!v) return Fail(v.error());
      out.push_back(std::move(*v));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<Application>> ProgrammeService::CallApplications(const Actor& actor, std::int64_t call_id) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  std::vector<Application> out;
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    if (auto c = LoadCall(r, call_id); !c) return Fail(c.error());
    auto apps = r.Applications({call_id, std::nullopt, std::nullopt});
    if (!apps) return Fail(apps.error());
    out = std::move(*apps);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<store::Attachment> ProgrammeService::AddAttachment(const Actor& actor, std::int64_t application_id,
                                                          const std::string& filename, std::string_view content) {
  if (auto st = domain::Authorize(actor, Action::kApplyToCalls); !st) return Fail(st.error());
  auto checked = CheckedUpload(filename, content);
  if (!checked) return Fail(checked.error());
  store::Attachment record = std::move(*checked);
  auto st = ChangeOwnApplication(
      store_, actor, application_id, Now(), std::nullopt, true, CallAction::kApply,
      [&](ProgrammeWriter& w, const Call&, Application&) -> Status {
        auto existing = w.Attachments(application_id);
        if (!existing) return Fail(existing.error());
        if (existing->size() >= static_cast<std::size_t>(domain::kMaxAttachmentsPerApplication)) {
          return Fail(Reason{"error.attachment.too_many", {{"max", std::to_string(domain::kMaxAttachmentsPerApplication)}}},
                      ErrorCode::kResourceExhausted,
                      fmt::format("an application holds at most {} files", domain::kMaxAttachmentsPerApplication), {},
                      "file");
        }
        record.application_id = application_id;
        record.uploaded_by = actor.user_id;
        record.uploaded_at = w.Now();
        auto id = w.InsertAttachment(record, content);
        if (!id) return Fail(id.error());
        record.id = *id;
        return w.Audit(AuditRecord(actor.Label(), AuditAction::kApplicationAttach)
                           .On("attachment", *id)
                           .After(AuditText(AttachmentRecord(record))));
      });
  if (!st) return Fail(st.error());
  return record;
}

Result<std::pair<store::Attachment, std::string>> ProgrammeService::GetAttachment(const Actor& actor,
                                                                                   std::int64_t attachment_id) {
  if (auto st = domain::Authorize(actor, Action::kViewApplications); !st) return Fail(st.error());
  std::pair<store::Attachment, std::string> out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto att = r.FindAttachment(attachment_id);
    if (!att) return Fail(att.error());
    if (!*att) return NotFound("attachment", attachment_id);
    auto app = LoadApplication(r, (*att)->application_id);
    if (!app) return Fail(app.error());
    auto view = ViewOf(r, actor, std::move(*app), now);
    if (!view || !view->details_visible) return NotFound("attachment", attachment_id);
    auto bytes = r.AttachmentContent((*att)->sha256);
    if (!bytes) return Fail(bytes.error());
    if (!*bytes) return Fail(ErrorCode::kInternal, "attachment content missing", (*att)->sha256);
    out = {std::move(**att), std::move(**bytes)};
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

// ---- Committee ---------------------------------------------------------------------------------

Result<domain::Reviewer> ProgrammeService::AppointReviewer(const Actor& actor, std::int64_t call_id,
                                                           const std::string& email_in) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  auto email = domain::NormaliseEmail(email_in);
  if (!email) {
    return Fail(Reason{"error.email.invalid", {}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not an e-mail address", Ellipsize(email_in, 60)), {}, "email");
  }
  const auto now = Now();
  domain::Reviewer out;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto call = LoadCall(w, call_id);
    if (!call) return Fail(call.error());
    if (auto s = domain::MayDoToCall(call_id, domain::EffectiveState(*call, now), CallAction::kAppoint); !s) return s;
    auto user = w.FindUserByEmail(*email);
    if (!user) return Fail(user.error());
    if (!*user || (*user)->disabled) {
      return Fail(Reason{"error.committee.no_such_user", {{"email", *email}}}, ErrorCode::kNotFound,
                  fmt::format("there is no active account {}", *email), {}, "email");
    }
    const auto& u = **user;
    if (std::find(u.roles.begin(), u.roles.end(), Role::kReviewer) == u.roles.end()) {
      return Fail(Reason{"error.committee.not_reviewer", {{"email", *email}}}, ErrorCode::kFailedPrecondition,
                  fmt::format("{} does not have the reviewer role", *email), {}, "email");
    }
    if (auto s = w.AddReviewer(call_id, u.id, actor.user_id); !s) {
      Error e = s.error();
      if (e.code == ErrorCode::kAlreadyExists) {
        e.reason = {"error.committee.already_appointed", {{"email", *email}}};
        e.message = fmt::format("{} already sits on the committee of call {}", *email, call_id);
        e.field = "email";
      }
      return Fail(std::move(e));
    }
    out = domain::Reviewer{u.id, u.email, u.organisation_id, u.organisation, w.Now()};
    nlohmann::ordered_json after{{"call_id", call_id}, {"user_id", u.id}, {"email", u.email}};
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kReviewerAppoint).On("call", call_id).After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<CommitteeView> ProgrammeService::Committee(const Actor& actor, std::int64_t call_id) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  CommitteeView out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto call = LoadCall(r, call_id);
    if (!call) return Fail(call.error());
    auto fields = r.Fields();
    if (!fields) return Fail(fields.error());
    auto view = CallViewOf(r, std::move(*call), now, *fields);
    if (!view) return Fail(view.error());
    out.call = std::move(*view);
    auto committee = LoadCommittee(r, call_id);
    if (!committee) return Fail(committee.error());
    for (const auto& rv : committee->reviewers) {
      for (const auto& a : committee->applications) {
        out.cells.push_back({rv.user_id, a.id, committee->ConflictOf(rv, a), committee->ReviewOf(a.id, rv.user_id).has_value()});
      }
    }
    out.reviewers = std::move(committee->reviewers);
    out.applications = std::move(committee->applications);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<QueueItem>> ProgrammeService::ReviewerQueue(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kReviewApplications); !st) return Fail(st.error());
  std::vector<QueueItem> out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto calls = r.CallsReviewedBy(actor.user_id);
    if (!calls) return Fail(calls.error());
    for (auto call_id : *calls) {
      auto call = LoadCall(r, call_id);
      if (!call) return Fail(call.error());
      const CallState state = domain::EffectiveState(*call, now);
      if (state != CallState::kClosed && state != CallState::kDecided) continue;
      auto committee = LoadCommittee(r, call_id, actor.user_id);
      if (!committee) return Fail(committee.error());
      auto me = committee->Member(actor.user_id);
      if (!me) continue;
      for (const auto& a : committee->applications) {
        out.push_back({*call, state, a.id, a.product.name, a.vendor, committee->ConflictOf(*me, a),
                       committee->ReviewOf(a.id, me->user_id).has_value()});
      }
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<domain::Relationship>> ProgrammeService::Relationships(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kReviewApplications); !st) return Fail(st.error());
  std::vector<domain::Relationship> out;
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto rel = r.Relationships(actor.user_id);
    if (!rel) return Fail(rel.error());
    out = std::move(*rel);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Relationship> ProgrammeService::DeclareRelationship(const Actor& actor, const std::string& organisation,
                                                                   const std::string& note) {
  if (auto st = domain::Authorize(actor, Action::kReviewApplications); !st) return Fail(st.error());
  if (auto st = CheckTextField("organisation", organisation, domain::kMaxTitleChars); !st) return Fail(st.error());
  if (auto st = CheckTextField("note", note, domain::kMaxShortTextChars); !st) return Fail(st.error());
  const std::string name(Trim(organisation));
  if (name.empty()) {
    return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument, "organisation: is required", {},
                "organisation");
  }
  domain::Relationship out;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto org = w.OrganisationIdByName(name);
    if (!org) return Fail(org.error());
    if (!*org) {
      return Fail(Reason{"error.relationship.no_such_organisation", {{"name", Ellipsize(name, 60)}}},
                  ErrorCode::kNotFound, fmt::format("there is no organisation named '{}'", Ellipsize(name, 60)), {},
                  "organisation");
    }
    out = domain::Relationship{0, actor.user_id, **org, name, std::string(Trim(note)), w.Now()};
    auto id = w.AddRelationship(out);
    if (!id) {
      Error e = id.error();
      if (e.code == ErrorCode::kAlreadyExists) {
        e.reason = {"error.relationship.exists", {{"name", Ellipsize(name, 60)}}};
        e.message = fmt::format("you have already declared a relationship with '{}'", Ellipsize(name, 60));
        e.field = "organisation";
      }
      return Fail(std::move(e));
    }
    out.id = *id;
    nlohmann::ordered_json after{{"organisation_id", out.organisation_id}, {"organisation", name}, {"note", out.note}};
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kRelationshipDeclare)
                       .On("user", actor.user_id)
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

// The reviewer's seat on a submitted application of a closed call, for declaring and scoring.
Result<Seat> ReviewSeat(ProgrammeWriter& w, const Actor& actor, const Application& a, const Call& call,
                        std::int64_t now) {
  auto seat = SeatOf(w, actor, a);
  if (!seat) return Fail(seat.error());
  if (auto s = domain::MayDoToCall(call.id, domain::EffectiveState(call, now), CallAction::kReview); !s) {
    return Fail(s.error());
  }
  return seat;
}

}  // namespace

Result<domain::ConflictView> ProgrammeService::DeclareConflict(const Actor& actor, std::int64_t application_id,
                                                               bool conflict, const std::string& reason) {
  if (auto st = domain::Authorize(actor, Action::kReviewApplications); !st) return Fail(st.error());
  if (auto st = CheckTextField("reason", reason, domain::kMaxShortTextChars * 4); !st) return Fail(st.error());
  const auto now = Now();
  domain::ConflictView out;
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto a = LoadApplication(w, application_id);
    if (!a) return Fail(a.error());
    auto call = LoadCall(w, a->call_id);
    if (!call) return Fail(call.error());
    auto seat = ReviewSeat(w, actor, *a, *call, now);
    if (!seat) return Fail(seat.error());
    if (seat->own_review) {
      return Precondition("error.review.already_scored",
                          fmt::format("you have scored application {}; your declaration can no longer change",
                                      application_id));
    }
    domain::Declaration d{application_id, actor.user_id, conflict, std::string(Trim(reason)), w.Now()};
    if (auto s = w.PutDeclaration(d); !s) return s;
    auto relationships = w.Relationships(actor.user_id);
    if (!relationships) return Fail(relationships.error());
    out = domain::ConflictOf(seat->reviewer, *relationships, *a, d);
    nlohmann::ordered_json after{{"conflict", conflict}, {"reason", d.reason}};
    if (out.automatic) after["automatic"] = domain::CodeIn<domain::AutoConflict>(domain::kAutoConflictCodes, *out.automatic);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kConflictDeclare)
                       .On("application", application_id)
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<ApplicationView> ProgrammeService::Score(const Actor& actor, std::int64_t application_id,
                                                const std::map<std::string, double>& scores,
                                                const std::string& comment) {
  if (auto st = domain::Authorize(actor, Action::kReviewApplications); !st) return Fail(st.error());
  if (auto st = CheckTextField("comment", comment, domain::kMaxLongTextChars); !st) return Fail(st.error());
  const auto now = Now();
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto a = LoadApplication(w, application_id);
    if (!a) return Fail(a.error());
    auto call = LoadCall(w, a->call_id);
    if (!call) return Fail(call.error());
    auto seat = ReviewSeat(w, actor, *a, *call, now);
    if (!seat) return Fail(seat.error());
    if (seat->conflict.status == ConflictStatus::kConflicted) {
      return Fail(Reason{"error.review.conflicted", {}}, ErrorCode::kPermissionDenied,
                  fmt::format("you have a conflict of interest with application {} and cannot score it", application_id));
    }
    if (seat->conflict.status == ConflictStatus::kUndeclared) {
      return Precondition("error.review.declare_first",
                          fmt::format("declare whether you have a conflict of interest with application {} first",
                                      application_id));
    }
    domain::Review review{application_id, actor.user_id, {}, std::string(Trim(comment)), w.Now()};
    if (auto s = domain::CheckScores(call->criteria, scores, &review.scores); !s) return s;
    if (auto s = w.PutReview(review); !s) return s;
    auto audit = AuditRecord(actor.Label(), AuditAction::kReviewScore).On("application", application_id);
    if (seat->own_review) audit.Before(AuditText(ReviewRecord(*seat->own_review)));
    return w.Audit(audit.After(AuditText(ReviewRecord(review))));
  });
  if (!st) return Fail(st.error());
  return GetApplication(actor, application_id);
}

Result<RankingView> ProgrammeService::Ranking(const Actor& actor, std::int64_t call_id) {
  if (auto st = domain::Authorize(actor, Action::kManageCalls); !st) return Fail(st.error());
  RankingView out;
  const auto now = Now();
  auto st = store_.Read([&](ProgrammeReader& r) -> Status {
    auto call = LoadCall(r, call_id);
    if (!call) return Fail(call.error());
    out.state = domain::EffectiveState(*call, now);
    auto committee = LoadCommittee(r, call_id);
    if (!committee) return Fail(committee.error());
    // Only reviews of committee members without a conflict count.
    std::vector<std::pair<std::int64_t, std::vector<domain::Review>>> input;
    for (const auto& a : committee->applications) {
      input.emplace_back(a.id, committee->CountedReviews(a));
      out.applications[a.id] = a;
    }
    out.rows = domain::Rank(call->criteria, call->quorum, input);
    out.call = std::move(*call);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<ApplicationView> ProgrammeService::Decide(const Actor& actor, std::int64_t application_id,
                                                 domain::Outcome outcome, const std::string& rationale) {
  if (auto st = domain::Authorize(actor, Action::kDecideApplications); !st) return Fail(st.error());
  if (auto st = CheckTextField("rationale", rationale, domain::kMaxLongTextChars); !st) return Fail(st.error());
  if (Trim(rationale).empty()) {
    return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument,
                "rationale: is required (the vendor reads it)", {}, "rationale");
  }
  const auto now = Now();
  auto st = store_.Write([&](ProgrammeWriter& w) -> Status {
    auto a = LoadApplication(w, application_id);
    if (!a) return Fail(a.error());
    auto call = LoadCall(w, a->call_id);
    if (!call) return Fail(call.error());
    if (auto s = domain::MayDoToCall(call->id, domain::EffectiveState(*call, now), CallAction::kDecide); !s) return s;
    if (a->state != ApplicationState::kSubmitted) {
      return Precondition("error.application.not_submitted",
                          fmt::format("application {} was not submitted; only submitted ones are decided", application_id));
    }
    const Application before = *a;
    a->outcome = outcome;
    a->rationale = std::string(Trim(rationale));
    a->decided_at = w.Now();
    a->updated_at = w.Now();
    if (auto s = w.UpdateApplication(*a); !s) return s;
    auto record = [](const Application& x) {
      auto j = ApplicationRecord(x);
      j["outcome"] = x.outcome ? nlohmann::ordered_json(domain::CodeIn<domain::Outcome>(domain::kOutcomeCodes, *x.outcome))
                               : nlohmann::ordered_json(nullptr);
      j["rationale"] = x.rationale;
      return j;
    };
    if (auto s = w.Audit(AuditRecord(actor.Label(), AuditAction::kApplicationDecide)
                             .On("application", application_id)
                             .Before(AuditText(record(before)))
                             .After(AuditText(record(*a))));
        !s) {
      return s;
    }
    // The last outstanding decision decides the call: its results are out.
    auto apps = w.Applications({call->id, std::nullopt, ApplicationState::kSubmitted});
    if (!apps) return Fail(apps.error());
    const bool all = std::all_of(apps->begin(), apps->end(), [](const Application& x) { return x.outcome.has_value(); });
    if (!all) return {};
    call->stored_state = CallState::kDecided;
    call->decided_at = w.Now();
    if (auto s = w.UpdateCall(*call, false); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCallDecide).On("call", call->id).After(AuditText(CallRecord(*call))));
  });
  if (!st) return Fail(st.error());
  return GetApplication(actor, application_id);
}

}  // namespace proven::services
