#pragma once
// What registration bodies and vendors do to the registry between imports: register, change,
// renew, suspend, resume and revoke services; vendors propose changes to their own services
// and the registration body decides; the public history of each service; the list of services
// about to expire.
//
// Every write is authorised with domain::Authorize (a registrar acts only on services of its own
// registration body, a vendor only on its own services, an admin on any), and writes the change,
// its public event (service_events) and its audit-log entry in one transaction, then brings the
// search index up to date (RegistryService::Sync).
//
// Errors: kNotFound (no such service or proposal), kPermissionDenied (role or ownership),
// kFailedPrecondition (the state does not allow it: e.g. resuming an active service, anything
// but reading a revoked one, deciding a decided proposal), kInvalidArgument (with `field`
// naming the offending field, or "reason"), kAlreadyExists (name and provider taken).
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/codes.hpp"
#include "domain/service.hpp"
#include "domain/service_fields.hpp"
#include "services/import_service.hpp"
#include "services/registry_service.hpp"
#include "store/service_store.hpp"

namespace proven::services {

// The fields a vendor may propose changes to.
inline constexpr std::array<domain::ServiceField, 4> kProposableFields{
    domain::ServiceField::kOverview, domain::ServiceField::kIndustries, domain::ServiceField::kRegions,
    domain::ServiceField::kUrl};

// Pending proposals a service may have at a time; one more is kFailedPrecondition.
inline constexpr int kMaxPendingProposals = 3;

// The event kinds of the public feed (newest registrations, renewals, suspensions, revocations).
inline constexpr domain::EventKind kFeedEventKinds[] = {domain::EventKind::kRegistered, domain::EventKind::kRenewed,
                                                      domain::EventKind::kSuspended, domain::EventKind::kResumed,
                                                      domain::EventKind::kRevoked};

// Bulk renewal: at most this many services at once.
inline constexpr std::size_t kMaxRenewMany = 200;

// The registration body's dashboard list: free text and types as in search; `status` one of
// domain::StatusCode's codes ("valid" also matches expiring_soon) or empty for every state;
// `days_left_max`: only services that are in force and expire within that many days of as_of
// (0 = today). Paged by offset/limit (limit 0 = every match, for exports).
struct DashboardQuery {
  std::string text;
  std::vector<domain::ServiceType> types;
  std::optional<domain::ServiceStatus> status;
  std::optional<int> days_left_max;
  std::size_t offset = 0;
  std::size_t limit = 50;
};

class RegistrarService {
 public:
  RegistrarService(store::ServiceStore& store, RegistryService& registry) : store_(store), registry_(registry) {}

  // Registers a new, active service. `cells` are validated exactly as an import row is; an
  // empty registrar becomes the actor's organisation, and a registrar may register only for
  // its own body. Returns the new id.
  Result<std::int64_t> Register(const domain::Actor& actor, const domain::ServiceCells& cells);

  // Changes the given cells (nullopt = unchanged) and validates the result as a whole. Moving a
  // service to another registration body needs the right over both. Returns the keys of the
  // fields that changed (empty: nothing changed and nothing was written).
  Result<std::vector<std::string>> Change(const domain::Actor& actor, std::int64_t id,
                                          const domain::ServiceCells& cells);
  // The service as it stands, when the actor may change it (for edit forms): kNotFound,
  // kPermissionDenied (another body's service), kFailedPrecondition (revoked).
  Result<domain::Service> ServiceToChange(const domain::Actor& actor, std::int64_t id);

  // A new expiry, after the current one (kInvalidArgument on "expires_on" otherwise).
  Status Renew(const domain::Actor& actor, std::int64_t id, Date expires_on, const std::string& reason = {});

  // Several services at once to one new expiry: all or nothing, in one transaction; each service
  // gets its event, audit entry and transparency-log leaf exactly as Renew writes them. 1 to
  // kMaxRenewMany ids (duplicates counted once). On failure nothing is written and the error is
  // error.renew_many.failed {id, name} (failed_id {id} when the actor may not see it) with the service's own problem as its one `problems` entry
  // (code and field from it). Returns how many services were renewed.
  Result<std::size_t> RenewMany(const domain::Actor& actor, const std::vector<std::int64_t>& ids, Date expires_on,
                                const std::string& reason = {});

  // active → suspended; the reason is required and shown publicly. A registration that has
  // expired as of `as_of` (default: today in Asia/Tokyo) is not suspended
  // (error.lifecycle.suspend_expired; domain::ActionsOffered agrees).
  Status Suspend(const domain::Actor& actor, std::int64_t id, const std::string& reason,
                 std::optional<Date> as_of = std::nullopt);
  // suspended → active.
  Status Resume(const domain::Actor& actor, std::int64_t id, const std::string& reason = {});
  // active or suspended → revoked, for good; the reason is required.
  Status Revoke(const domain::Actor& actor, std::int64_t id, const std::string& reason);

  // A CSV upload (ImportService::Import) by `actor`: every row of its own registration
  // body (an admin: any). kPermissionDenied when the role may not import.
  Result<ImportReport> Import(const domain::Actor& actor, std::string_view csv, bool dry_run);

  // The service's public history, oldest first.
  Result<std::vector<store::ServiceEvent>> History(std::int64_t id);
  // The newest kFeedEventKinds events across the registry (at most `limit`, capped at 500).
  Result<std::vector<store::ServiceEvent>> RecentEvents(std::size_t limit);

  // The services the actor may change, by organisation id (every body's for an admin), in every
  // state, soonest expiry first, at most `limit`; with the total. From the search index.
  Result<SearchPage> OwnServices(const domain::Actor& actor, Date as_of, std::size_t limit = 500);
  // The same list searched, filtered and paged (the dashboard, its export): total = every match.
  Result<SearchPage> OwnServices(const domain::Actor& actor, Date as_of, const DashboardQuery& query);

  // Active services of the actor's registration body (every body's for an admin) that expire
  // within `days` days of `as_of` (inclusive), soonest first.
  Result<std::vector<domain::Service>> ExpiringSoon(const domain::Actor& actor, Date as_of,
                                                    int days = domain::kExpiringSoonDays);

  // A vendor proposes new values for some of kProposableFields of its own service (every
  // other cell must be nullopt). Returns the proposal id. kFailedPrecondition when the service
  // already has kMaxPendingProposals pending proposals. The values are stored once, in the
  // proposal; its audit entry holds the field keys and the SHA-256 of the stored values.
  Result<std::int64_t> Propose(const domain::Actor& actor, std::int64_t id, const domain::ServiceCells& cells);
  // For a registrar: the pending proposals for its body's services; an admin: every pending
  // one; a vendor: its own proposals, decided ones included. Newest first; `limit` 0 = all after
  // `offset`. Each value is a preview (store::kProposalPreviewChars characters, cut keys named).
  Result<store::ProposalList> ListProposals(const domain::Actor& actor, std::size_t offset = 0,
                                            std::size_t limit = 0);
  // One proposal with its whole values, for whoever may decide on it or made it (its provider).
  Result<store::ChangeProposal> GetProposal(const domain::Actor& actor, std::int64_t proposal_id);
  // Approving applies the proposed values and records who supplied and who vetted each field
  // (Service::provenance); rejecting needs a reason.
  Status Decide(const domain::Actor& actor, std::int64_t proposal_id, bool approve, const std::string& reason);

 private:
  struct Outcome {
    domain::Service after;
    domain::EventKind event_kind;
    std::string event_detail;  // JSON object
  };
  using ChangeFn = std::function<Result<Outcome>(const domain::Service& before, const std::string& now)>;
  // Reads the service, checks the actor may do `action` to it and that it is not revoked, lets
  // `change` decide, and writes the service, its event and the audit entry, all in one
  // transaction; then syncs the index.
  Status Apply(const domain::Actor& actor, std::int64_t id, domain::Action action, domain::AuditAction audit_action,
               const ChangeFn& change);
  // Apply's body inside a transaction the caller holds (bulk actions run it once per service).
  // `name` receives the service's name once it is read (for errors about it).
  Status ApplyIn(store::ServiceWriter& w, const domain::Actor& actor, std::int64_t id, domain::Action action,
                 domain::AuditAction audit_action, const ChangeFn& change, std::string* name = nullptr);
  // The change a renewal makes (Renew and RenewMany).
  ChangeFn RenewChange(const domain::Actor& actor, Date expires_on, const std::string& why);
  void SyncIndex();

  store::ServiceStore& store_;
  RegistryService& registry_;
};

}  // namespace proven::services
