#include "services/registrar_service.hpp"

#include "services/log/log_service.hpp"

#include <algorithm>
#include <variant>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/lifecycle.hpp"
#include "domain/limits.hpp"
#include "services/service_record.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::EventKind;
using domain::ProposalStatus;
using domain::Service;
using domain::ServiceCells;
using domain::ServiceField;
using domain::ServiceState;
using json = nlohmann::ordered_json;

namespace {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string KeyOf(ServiceField f) { return std::string(domain::FieldInfo(f).key); }

// The whole stored state of a service, for the audit log: the API's shape without a status.
std::string AuditJson(const Service& s) { return ServiceAuditJson(s); }

// Who acted, as the public history names them: the organisation, never a person.
std::string PublicActor(const Actor& a) { return a.organisation.empty() ? "operator" : a.organisation; }

domain::ServiceOwner OwnerOf(const Service& s) { return {s.registrar_org_id, s.provider_org_id}; }

// The organisations (by id) that these names are: the owners a new or changed service would have.
Result<domain::ServiceOwner> ResolveOwner(store::ServiceReader& r, const std::string& registrar,
                                          const std::string& provider) {
  auto reg = r.OrganisationId(registrar, domain::OrgKind::kRegistrationBody);
  if (!reg) return Fail(reg.error());
  auto prov = r.OrganisationId(provider, domain::OrgKind::kVendor);
  if (!prov) return Fail(prov.error());
  return domain::ServiceOwner{*reg, *prov};
}

// One error for every problem of a row: the message joins them ("type: …; url: …") for the API and
// the CLI; `problems` keeps each one with its field and catalogue reason for pages.
Error ProblemsError(const std::vector<domain::FieldProblem>& problems) {
  std::vector<std::string> parts;
  Error e = MakeError(ErrorCode::kInvalidArgument, "", {}, KeyOf(problems.front().field));
  for (const auto& p : problems) {
    parts.push_back(fmt::format("{}: {}", domain::FieldInfo(p.field).key, p.message));
    e.problems.push_back({KeyOf(p.field), p.message, p.reason});
  }
  e.message = Join(parts, "; ");
  if (problems.size() == 1) e.reason = problems.front().reason;
  return e;
}

// `before` with the given cells replaced, validated as a whole like an import row; the id,
// state and provenance carry over.
Result<Service> Merge(const Service& before, const ServiceCells& cells) {
  const auto current = domain::CellsFromService(before);
  ServiceCells merged;
  for (std::size_t i = 0; i < domain::kServiceFieldCount; ++i) merged[i] = cells[i] ? *cells[i] : current[i];
  auto parsed = domain::ServiceFromCells(merged);
  if (auto* problems = std::get_if<std::vector<domain::FieldProblem>>(&parsed)) return Fail(ProblemsError(*problems));
  Service after = std::get<Service>(std::move(parsed));
  after.id = before.id;
  after.state = before.state;
  after.state_reason = before.state_reason;
  after.provenance = before.provenance;
  return after;
}

// kAlreadyExists on "registration_number" when another service of the same registration body
// holds `s`'s registration number (the unique index of migration 0018 says the same, later).
Status NumberFree(store::ServiceReader& r, const Service& s) {
  auto holder = r.FindByRegistrationNumber(s.registrar, s.registration_number);
  if (!holder) return Fail(holder.error());
  if (!*holder || (*holder)->id == s.id) return {};
  const std::string id = std::to_string((*holder)->id);
  return Fail(Reason{"error.registration_number.taken",
                     {{"value", s.registration_number}, {"registrar", s.registrar}, {"id", id}}},
              ErrorCode::kAlreadyExists,
              fmt::format("registration number '{}' of {} is already given to service {}", s.registration_number,
                          s.registrar, id),
              {}, "registration_number");
}

Result<std::string> RequiredReason(const std::string& reason, std::string_view what) {
  std::string r(Trim(reason));
  if (r.empty()) {
    return Fail(Reason{"error.reason.required", {}}, ErrorCode::kInvalidArgument,
                fmt::format("a reason is required to {}", what), {}, "reason");
  }
  return r;
}

// The lifecycle step a permission action takes (domain/lifecycle.hpp decides what it may do).
domain::LifecycleAction LifecycleOf(Action action) {
  switch (action) {
    case Action::kRenewService: return domain::LifecycleAction::kRenew;
    case Action::kSuspendService: return domain::LifecycleAction::kSuspend;
    case Action::kResumeService: return domain::LifecycleAction::kResume;
    case Action::kRevokeService: return domain::LifecycleAction::kRevoke;
    case Action::kProposeChange: return domain::LifecycleAction::kPropose;
    default: return domain::LifecycleAction::kChange;
  }
}

// The transition table's verdict for changing `s`, as a Status.
Status MayChange(const Service& s, domain::LifecycleAction action = domain::LifecycleAction::kChange) {
  auto next = domain::NextState(s.id, s.state, action);
  if (!next) return Fail(next.error());
  return {};
}

}  // namespace

void RegistrarService::SyncIndex() {
  // The write has committed; if the index cannot catch up now, the change watcher (or the next
  // process's index build) will, so the caller is not told the write failed.
  (void)registry_.Sync();
}

Status RegistrarService::ApplyIn(store::ServiceWriter& w, const Actor& actor, std::int64_t id, Action action,
                                 AuditAction audit_action, const ChangeFn& change, std::string* name) {
  auto found = w.Find(id);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                           fmt::format("there is no service {}", id));
  const Service& before = **found;
  if (auto auth = domain::Authorize(actor, action, OwnerOf(before)); !auth) return auth;
  // Only who may act on it learns its name.
  if (name) *name = before.name;
  auto next = domain::NextState(id, before.state, LifecycleOf(action));
  if (!next) return Fail(next.error());
  auto outcome = change(before, w.Now());
  if (!outcome) return Fail(outcome.error());
  outcome->after.state = *next;
  if (auto s = w.Update(outcome->after); !s) return s;
  if (auto s = w.AddEvent(id, domain::EventKindCode(outcome->event_kind), outcome->event_detail, PublicActor(actor));
      !s) {
    return s;
  }
  if (auto s = LogServiceEvent(w, id, outcome->event_kind); !s) return s;
  return w.Audit(store::AuditRecord(actor.Label(), audit_action)
                     .On("service", id)
                     .Before(AuditJson(before))
                     .After(AuditJson(outcome->after)));
}

Status RegistrarService::Apply(const Actor& actor, std::int64_t id, Action action, AuditAction audit_action,
                               const ChangeFn& change) {
  auto st = store_.Write(
      [&](store::ServiceWriter& w) -> Status { return ApplyIn(w, actor, id, action, audit_action, change); });
  if (!st) return st;
  SyncIndex();
  return {};
}

Result<std::int64_t> RegistrarService::Register(const Actor& actor, const ServiceCells& cells) {
  // The role first (finding 1); then the two cells that authorization reads are held to their
  // limits before they are used (a 1 MB registrar is a 400, not a 403 or a silent default).
  if (auto role = domain::AuthorizeRole(actor, Action::kRegisterService); !role) return Fail(role.error());
  for (const auto f : {ServiceField::kRegistrar, ServiceField::kProvider}) {
    const auto& cell = cells[static_cast<std::size_t>(f)];
    if (auto st = cell ? domain::CheckText(domain::LimitOf(f), *cell) : Status{}; !st) return Fail(st.error());
  }
  ServiceCells c = cells;
  auto& registrar = c[static_cast<std::size_t>(ServiceField::kRegistrar)];
  if (!registrar || Trim(*registrar).empty()) registrar = actor.organisation;
  // Who may register for which body is decided before any field is validated.
  const auto& provider = c[static_cast<std::size_t>(ServiceField::kProvider)];
  domain::ServiceOwner owner;
  if (auto st = store_.Read([&](store::ServiceReader& r) -> Status {
        auto resolved = ResolveOwner(r, std::string(Trim(*registrar)), provider ? std::string(Trim(*provider)) : "");
        if (!resolved) return Fail(resolved.error());
        owner = *resolved;
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  if (auto auth = domain::Authorize(actor, Action::kRegisterService, owner); !auth) return Fail(auth.error());
  auto parsed = domain::ServiceFromCells(c);
  if (auto* problems = std::get_if<std::vector<domain::FieldProblem>>(&parsed)) return Fail(ProblemsError(*problems));
  Service s = std::get<Service>(std::move(parsed));

  std::int64_t id = 0;
  auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
    auto existing = w.FindByNameAndProvider(s.name, s.provider);
    if (!existing) return Fail(existing.error());
    if (*existing) {
      return Fail(Reason{"error.service.already_registered", {{"name", s.name}, {"provider", s.provider},
                                                               {"id", std::to_string((*existing)->id)}}},
                  ErrorCode::kAlreadyExists,
                  fmt::format("'{}' by '{}' is already registered (service {})", s.name, s.provider, (*existing)->id),
                  {}, "name");
    }
    if (auto taken = NumberFree(w, s); !taken) return taken;
    auto inserted = w.Insert(s);
    if (!inserted) return Fail(inserted.error());
    id = *inserted;
    s.id = id;
    if (auto r = w.AddEvent(id, domain::EventKindCode(EventKind::kRegistered), RegisteredEventDetail(s), PublicActor(actor)); !r) return r;
    if (auto r = LogServiceEvent(w, id, EventKind::kRegistered); !r) return r;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kServiceRegister).On("service", id).After(AuditJson(s)));
  });
  if (!st) return Fail(st.error());
  SyncIndex();
  return id;
}

Result<domain::Service> RegistrarService::ServiceToChange(const Actor& actor, std::int64_t id) {
  if (auto role = domain::AuthorizeRole(actor, Action::kChangeService); !role) return Fail(role.error());
  auto found = registry_.GetService(id);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                             fmt::format("there is no service {}", id));
  if (auto auth = domain::Authorize(actor, Action::kChangeService, OwnerOf(**found)); !auth) return Fail(auth.error());
  if (auto st = MayChange(**found); !st) return Fail(st.error());
  return **found;
}

Result<std::vector<std::string>> RegistrarService::Change(const Actor& actor, std::int64_t id,
                                                          const ServiceCells& cells) {
  if (auto role = domain::AuthorizeRole(actor, Action::kChangeService); !role) return Fail(role.error());
  if (std::none_of(cells.begin(), cells.end(), [](const auto& c) { return c.has_value(); })) {
    return Fail(Reason{"error.change.no_fields", {}}, ErrorCode::kInvalidArgument, "no field to change was given");
  }
  std::vector<std::string> changed;
  bool wrote = false;
  auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
    auto found = w.Find(id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                             fmt::format("there is no service {}", id));
    const Service& before = **found;
    if (auto auth = domain::Authorize(actor, Action::kChangeService, OwnerOf(before)); !auth) return auth;
    if (auto may = MayChange(before); !may) return may;
    auto after = Merge(before, cells);
    if (!after) return Fail(after.error());
    // The owners follow the names; handing a service to another registration body needs the right
    // over that body too.
    if (after->registrar != before.registrar || after->provider != before.provider) {
      auto owner = ResolveOwner(w, after->registrar, after->provider);
      if (!owner) return Fail(owner.error());
      after->registrar_org_id = owner->registrar_id;
      after->provider_org_id = owner->provider_id;
    }
    if (after->registrar != before.registrar) {
      if (auto auth = domain::Authorize(actor, Action::kChangeService, OwnerOf(*after)); !auth) return auth;
    }
    for (auto f : domain::ChangedFields(before, *after)) changed.push_back(KeyOf(f));
    if (changed.empty()) return {};
    if (after->name != before.name || after->provider != before.provider) {
      auto clash = w.FindByNameAndProvider(after->name, after->provider);
      if (!clash) return Fail(clash.error());
      if (*clash && (*clash)->id != id) {
        return Fail(Reason{"error.service.already_registered", {{"name", after->name}, {"provider", after->provider},
                                                                 {"id", std::to_string((*clash)->id)}}},
                    ErrorCode::kAlreadyExists,
                    fmt::format("'{}' by '{}' is already registered (service {})", after->name, after->provider,
                                (*clash)->id),
                    {}, "name");
      }
    }
    if (after->registration_number != before.registration_number || after->registrar != before.registrar) {
      if (auto taken = NumberFree(w, *after); !taken) return taken;
    }
    for (const auto& key : changed) after->provenance[key] = {"registrar", "", PublicActor(actor), w.Now()};
    if (auto s = w.Update(*after); !s) return s;
    if (auto s = w.AddEvent(id, domain::EventKindCode(EventKind::kChanged), Dump(json{{"fields", changed}}), PublicActor(actor)); !s) return s;
    if (auto s = LogServiceEvent(w, id, EventKind::kChanged); !s) return s;
    wrote = true;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kServiceChange)
                       .On("service", id)
                       .Before(AuditJson(before))
                       .After(AuditJson(*after)));
  });
  if (!st) return Fail(st.error());
  if (wrote) SyncIndex();
  return changed;
}

RegistrarService::ChangeFn RegistrarService::RenewChange(const Actor& actor, Date expires_on, const std::string& why) {
  return [&actor, expires_on, why](const Service& before, const std::string& now) -> Result<Outcome> {
    if (expires_on <= before.expires_on) {
      return Fail(Reason{"error.renew.not_later", {{"current", before.expires_on.ToIso()}}}, ErrorCode::kInvalidArgument,
                  fmt::format("the new expiry must be after the current one ({})", before.expires_on.ToIso()), {},
                  "expires_on");
    }
    Service after = before;
    after.expires_on = expires_on;
    after.provenance["expires_on"] = {"registrar", "", PublicActor(actor), now};
    json detail{{"from", before.expires_on.ToIso()}, {"to", expires_on.ToIso()}};
    if (!why.empty()) detail["reason"] = why;
    return Outcome{std::move(after), EventKind::kRenewed, Dump(detail)};
  };
}

Status RegistrarService::Renew(const Actor& actor, std::int64_t id, Date expires_on, const std::string& reason) {
  // The role first, as for every input (finding 1); then the reason's limits.
  if (auto role = domain::AuthorizeRole(actor, Action::kRenewService); !role) return role;
  if (auto st = domain::CheckReason(reason); !st) return st;
  return Apply(actor, id, Action::kRenewService, AuditAction::kServiceRenew,
               RenewChange(actor, expires_on, std::string(Trim(reason))));
}

Result<std::size_t> RegistrarService::RenewMany(const Actor& actor, const std::vector<std::int64_t>& ids,
                                                Date expires_on, const std::string& reason) {
  if (auto role = domain::AuthorizeRole(actor, Action::kRenewService); !role) return Fail(role.error());
  if (auto st = domain::CheckReason(reason); !st) return Fail(st.error());
  std::vector<std::int64_t> unique;
  for (auto id : ids) {
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  }
  if (unique.empty()) {
    return Fail(Reason{"error.renew_many.none", {}}, ErrorCode::kInvalidArgument, "choose at least one service to renew",
                {}, "id");
  }
  if (unique.size() > kMaxRenewMany) {
    return Fail(Reason{"error.renew_many.too_many", {{"max", std::to_string(kMaxRenewMany)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("at most {} services can be renewed at once", kMaxRenewMany), {}, "id");
  }
  const auto change = RenewChange(actor, expires_on, std::string(Trim(reason)));
  auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
    for (auto id : unique) {
      std::string name;
      auto one = ApplyIn(w, actor, id, Action::kRenewService, AuditAction::kServiceRenew, change, &name);
      if (one) continue;
      // Which service failed, and why, as its own problem: nothing at all was renewed.
      const Error& inner = one.error();
      // (The name only when the actor may see the service: else just its number.)
      Reason why = name.empty() ? Reason{"error.renew_many.failed_id", {{"id", std::to_string(id)}}}
                                : Reason{"error.renew_many.failed", {{"id", std::to_string(id)}, {"name", name}}};
      Error e = MakeError(std::move(why), inner.code,
                          fmt::format("service {}{}: {}; nothing was renewed", id,
                                      name.empty() ? std::string() : " (" + name + ")", inner.message),
                          inner.detail, inner.field);
      e.problems.push_back({inner.field, inner.message, inner.reason});
      return tl::unexpected<Error>(std::move(e));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  SyncIndex();
  return unique.size();
}

Status RegistrarService::Suspend(const Actor& actor, std::int64_t id, const std::string& reason,
                                 std::optional<Date> as_of) {
  // The role first, as for every input (finding 1); then the reason's limits.
  if (auto role = domain::AuthorizeRole(actor, Action::kSuspendService); !role) return role;
  if (auto st = domain::CheckReason(reason); !st) return st;
  auto why = RequiredReason(reason, "suspend a service");
  if (!why) return Fail(why.error());
  return Apply(actor, id, Action::kSuspendService, AuditAction::kServiceSuspend,
               [&](const Service& before, const std::string&) -> Result<Outcome> {
                 // After the lifecycle table (a suspended or revoked one says so first).
                 if (auto may = domain::MaySuspendAsOf(before, as_of.value_or(TodayInTokyo())); !may) {
                   return Fail(may.error());
                 }
                 Service after = before;  // the state comes from the lifecycle table (Apply)
                 after.state_reason = *why;
                 return Outcome{std::move(after), EventKind::kSuspended, Dump(json{{"reason", *why}})};
               });
}

Status RegistrarService::Resume(const Actor& actor, std::int64_t id, const std::string& reason) {
  // The role first, as for every input (finding 1); then the reason's limits.
  if (auto role = domain::AuthorizeRole(actor, Action::kResumeService); !role) return role;
  if (auto st = domain::CheckReason(reason); !st) return st;
  const std::string why(Trim(reason));
  return Apply(actor, id, Action::kResumeService, AuditAction::kServiceResume,
               [&](const Service& before, const std::string&) -> Result<Outcome> {
                 Service after = before;  // the state comes from the lifecycle table (Apply)
                 after.state_reason.clear();
                 json detail = json::object();
                 if (!why.empty()) detail["reason"] = why;
                 return Outcome{std::move(after), EventKind::kResumed, Dump(detail)};
               });
}

Status RegistrarService::Revoke(const Actor& actor, std::int64_t id, const std::string& reason) {
  // The role first, as for every input (finding 1); then the reason's limits.
  if (auto role = domain::AuthorizeRole(actor, Action::kRevokeService); !role) return role;
  if (auto st = domain::CheckReason(reason); !st) return st;
  auto why = RequiredReason(reason, "revoke a service");
  if (!why) return Fail(why.error());
  return Apply(actor, id, Action::kRevokeService, AuditAction::kServiceRevoke,
               [&](const Service& before, const std::string&) -> Result<Outcome> {
                 Service after = before;  // the state comes from the lifecycle table (Apply)
                 after.state_reason = *why;
                 return Outcome{std::move(after), EventKind::kRevoked, Dump(json{{"reason", *why}})};
               });
}

Result<std::vector<store::ServiceEvent>> RegistrarService::History(std::int64_t id) {
  auto s = store_.FindById(id);
  if (!s) return Fail(s.error());
  if (!*s) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                             fmt::format("there is no service {}", id));
  return store_.History(id);
}

Result<std::vector<store::ServiceEvent>> RegistrarService::RecentEvents(std::size_t limit) {
  std::vector<std::string> kinds;
  for (auto k : kFeedEventKinds) kinds.emplace_back(domain::EventKindCode(k));
  return store_.RecentEvents(kinds, std::clamp<std::size_t>(limit, 1, 500));
}

Result<std::vector<Service>> RegistrarService::ExpiringSoon(const Actor& actor, Date as_of, int days) {
  if (auto auth = domain::Authorize(actor, Action::kViewRegistrarPages); !auth) return Fail(auth.error());
  if (days < 0) return Fail(ErrorCode::kInvalidArgument, "days must not be negative", {}, "days");
  // The services the actor may renew: every body's for an admin, else its own body's (by id).
  std::optional<std::int64_t> registrar_org_id;
  if (const auto scope = domain::OwnershipScope(actor, Action::kRenewService)) {
    if (!scope->organisation_id) return std::vector<Service>{};
    registrar_org_id = scope->organisation_id;
  }
  return store_.ExpiringBetween(as_of, as_of.AddDays(days), registrar_org_id);
}

Result<SearchPage> RegistrarService::OwnServices(const Actor& actor, Date as_of, std::size_t limit) {
  if (auto auth = domain::Authorize(actor, Action::kViewRegistrarPages); !auth) return Fail(auth.error());
  search::ServiceQuery q;
  q.as_of = as_of;
  q.status = search::StatusFilter::kAll;
  q.sort = search::SortKey::kExpiresOn;
  q.limit = std::clamp<std::size_t>(limit, 1, 500);
  if (const auto scope = domain::OwnershipScope(actor, Action::kChangeService)) {
    if (!scope->organisation_id) return SearchPage{};
    q.registrar_org_id = scope->organisation_id;
  }
  return registry_.Search(q);
}

Result<SearchPage> RegistrarService::OwnServices(const Actor& actor, Date as_of, const DashboardQuery& query) {
  if (auto auth = domain::Authorize(actor, Action::kViewRegistrarPages); !auth) return Fail(auth.error());
  if (query.days_left_max && *query.days_left_max < 0) {
    return Fail(Reason{"error.param.number_range", {{"min", "0"}, {"max", "3650"}}}, ErrorCode::kInvalidArgument,
                "days must be a whole number from 0 to 3650", {}, "days");
  }
  search::ServiceQuery q;
  q.text = query.text;
  q.types = query.types;
  q.as_of = as_of;
  q.status = search::StatusFilter::kAll;
  q.sort = search::SortKey::kExpiresOn;
  if (const auto scope = domain::OwnershipScope(actor, Action::kChangeService)) {
    if (!scope->organisation_id) return SearchPage{};
    q.registrar_org_id = scope->organisation_id;
  }
  using domain::ServiceStatus;
  // Days left and the status are engine filters (and the engine pages), but for "not yet valid",
  // which has none: those are read from each service below. Days left means valid: a status that
  // is not matches nothing.
  if (query.days_left_max) {
    if (query.status && *query.status != ServiceStatus::kValid && *query.status != ServiceStatus::kExpiringSoon) {
      return SearchPage{};
    }
    q.status = search::StatusFilter::kValid;
    q.expires_from = as_of;
    q.expires_to = as_of.AddDays(*query.days_left_max);
  }
  if (query.status) {
    switch (*query.status) {
      case ServiceStatus::kValid: q.status = search::StatusFilter::kValid; break;
      case ServiceStatus::kExpiringSoon: {
        q.status = search::StatusFilter::kValid;
        const Date soon = as_of.AddDays(domain::kExpiringSoonDays);
        q.expires_from = as_of;
        q.expires_to = q.expires_to && *q.expires_to < soon ? *q.expires_to : soon;
        break;
      }
      case ServiceStatus::kExpired: q.status = search::StatusFilter::kExpired; break;
      case ServiceStatus::kSuspended: q.status = search::StatusFilter::kSuspended; break;
      case ServiceStatus::kRevoked: q.status = search::StatusFilter::kRevoked; break;
      case ServiceStatus::kNotYetValid: q.status = search::StatusFilter::kAll; break;
    }
  }
  if (query.status != ServiceStatus::kNotYetValid) {
    q.offset = query.offset;
    q.limit = query.limit;
    return registry_.Search(q);
  }
  q.limit = 0;  // every match: "not yet valid" is read from each below
  auto all = registry_.Search(q);
  if (!all) return Fail(all.error());
  SearchPage page;
  for (auto& s : all->items) {
    if (domain::StatusAsOf(s, as_of) != ServiceStatus::kNotYetValid) continue;
    if (page.total >= query.offset && (query.limit == 0 || page.items.size() < query.limit)) {
      page.items.push_back(std::move(s));
    }
    ++page.total;
  }
  return page;
}

Result<ImportReport> RegistrarService::Import(const Actor& actor, std::string_view csv, bool dry_run) {
  if (auto role = domain::AuthorizeRole(actor, Action::kImportServices); !role) return Fail(role.error());
  // Every row must be of the actor's own body (an admin's rows of any): checked row by row.
  // The rows name their body; a row of another name is refused before the ids are compared.
  const auto scope = domain::OwnershipScope(actor, Action::kImportServices);
  return ImportService(store_, registry_)
      .Import(csv, ImportOptions{dry_run, scope ? std::optional(actor.organisation) : std::nullopt, actor.Label(),
                                 scope ? scope->organisation_id : std::nullopt});
}

Result<std::int64_t> RegistrarService::Propose(const Actor& actor, std::int64_t id, const ServiceCells& cells) {
  if (auto role = domain::AuthorizeRole(actor, Action::kProposeChange); !role) return Fail(role.error());
  ServiceCells proposed;
  std::map<std::string, std::string> fields;
  for (const auto& info : domain::ServiceFields()) {
    const auto i = static_cast<std::size_t>(info.field);
    if (!cells[i]) continue;
    if (std::find(kProposableFields.begin(), kProposableFields.end(), info.field) == kProposableFields.end()) {
      return Fail(Reason{"error.proposal.field_not_proposable", {}}, ErrorCode::kInvalidArgument,
                  fmt::format("{} cannot be proposed: vendors may propose overview, industries, regions and url",
                              info.key),
                  {}, std::string(info.key));
    }
    // The value as given is checked before it is trimmed: 100,000 spaces are not "empty".
    if (auto st = domain::CheckText(domain::LimitOf(info.field), *cells[i]); !st) return Fail(st.error());
    proposed[i] = std::string(Trim(*cells[i]));
    fields[std::string(info.key)] = *proposed[i];
  }
  if (fields.empty()) {
    return Fail(Reason{"error.proposal.no_fields", {}}, ErrorCode::kInvalidArgument, "the proposal has no fields");
  }
  // A proposal is recorded against a user account (change_proposals.proposed_by).
  if (actor.user_id <= 0) {
    return Fail(Reason{"error.proposal.needs_account", {}}, ErrorCode::kPermissionDenied,
                "proposals need a signed-in vendor account");
  }

  std::int64_t proposal_id = 0;
  auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
    auto found = w.Find(id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                             fmt::format("there is no service {}", id));
    const Service& before = **found;
    if (auto auth = domain::Authorize(actor, Action::kProposeChange, OwnerOf(before)); !auth) return auth;
    if (auto may = MayChange(before, domain::LifecycleAction::kPropose); !may) return may;
    auto after = Merge(before, proposed);
    if (!after) return Fail(after.error());
    if (domain::ChangedFields(before, *after).empty()) {
      return Fail(Reason{"error.proposal.changes_nothing", {}}, ErrorCode::kInvalidArgument,
                  "the proposal changes nothing", {}, fields.begin()->first);
    }
    auto pending = w.CountPendingProposals(id);
    if (!pending) return Fail(pending.error());
    if (*pending >= kMaxPendingProposals) {
      return Fail(Reason{"error.proposal.too_many_pending",
                         {{"id", std::to_string(id)}, {"count", std::to_string(*pending)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("service {} already has {} pending proposals: wait until the registration body has "
                              "decided on one of them",
                              id, *pending));
    }
    auto pid = w.AddProposal(id, actor.user_id, fields);
    if (!pid) return Fail(pid.error());
    proposal_id = *pid;
    // The values are stored once, in the proposal; the audit entry names the fields and holds the
    // SHA-256 of the stored values, so it stays small and still pins down what was proposed.
    std::vector<std::string> keys;
    for (const auto& [k, v] : fields) keys.push_back(k);
    const json after_json{{"service_id", id},
                          {"fields", keys},
                          {"fields_sha256", Sha256Hex(store::ProposalFieldsJson(fields))},
                          {"status", domain::ProposalStatusCode(ProposalStatus::kPending)}};
    return w.Audit(
        store::AuditRecord(actor.Label(), AuditAction::kProposalCreate).On("proposal", proposal_id).After(Dump(after_json)));
  });
  if (!st) return Fail(st.error());
  return proposal_id;
}

Result<store::ProposalList> RegistrarService::ListProposals(const Actor& actor, std::size_t offset,
                                                            std::size_t limit) {
  if (auto role = domain::AuthorizeRole(actor, Action::kViewProposals); !role) return Fail(role.error());
  store::ProposalFilter filter;
  filter.offset = offset;
  filter.limit = limit;
  if (actor.Has(domain::Role::kAdmin)) {
    filter.pending_only = true;
  } else if (actor.Has(domain::Role::kRegistrar)) {
    if (!actor.organisation_id) return store::ProposalList{};
    filter.registrar_org_id = actor.organisation_id;
    filter.pending_only = true;
  } else if (actor.Has(domain::Role::kVendor)) {
    if (!actor.organisation_id) return store::ProposalList{};
    filter.provider_org_id = actor.organisation_id;
  } else {
    return Fail(Reason{"error.auth.role_not_allowed", {}}, ErrorCode::kPermissionDenied,
                "your role does not allow viewing change proposals");
  }
  return store_.ListProposals(filter);
}

Result<store::ChangeProposal> RegistrarService::GetProposal(const Actor& actor, std::int64_t proposal_id) {
  auto found = store_.FindProposal(proposal_id);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Reason{"error.proposal.not_found", {{"id", std::to_string(proposal_id)}}}, ErrorCode::kNotFound,
                               fmt::format("there is no proposal {}", proposal_id));
  const domain::ServiceOwner owner{(*found)->registrar_org_id, (*found)->provider_org_id};
  // Whoever may decide on it (its registration body, an admin) or made it (its provider).
  if (!domain::Authorize(actor, Action::kDecideProposal, owner)) {
    if (auto auth = domain::Authorize(actor, Action::kProposeChange, owner); !auth) return Fail(auth.error());
  }
  return std::move(**found);
}

Status RegistrarService::Decide(const Actor& actor, std::int64_t proposal_id, bool approve, const std::string& reason) {
  // The role first, as for every input (finding 1); then the reason's limits.
  if (auto role = domain::AuthorizeRole(actor, Action::kDecideProposal); !role) return role;
  if (auto st = domain::CheckReason(reason); !st) return st;
  const std::string why(Trim(reason));
  if (!approve && why.empty()) {
    return Fail(Reason{"error.reason.required", {}}, ErrorCode::kInvalidArgument,
                "a reason is required to reject a proposal", {}, "reason");
  }
  bool changed_service = false;
  auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
    auto proposal = w.FindProposal(proposal_id);
    if (!proposal) return Fail(proposal.error());
    if (!*proposal) return Fail(Reason{"error.proposal.not_found", {{"id", std::to_string(proposal_id)}}}, ErrorCode::kNotFound,
                               fmt::format("there is no proposal {}", proposal_id));
    const store::ChangeProposal& p = **proposal;
    auto found = w.Find(p.service_id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(Reason{"error.service.not_found", {{"id", std::to_string(p.service_id)}}}, ErrorCode::kNotFound,
                             fmt::format("there is no service {}", p.service_id));
    const Service& before = **found;
    if (auto auth = domain::Authorize(actor, Action::kDecideProposal, OwnerOf(before)); !auth) return auth;
    if (domain::ProposalStatusFromCode(p.status) != ProposalStatus::kPending) {
      return Fail(Reason{"error.proposal.already_decided", {{"id", std::to_string(proposal_id)}}},
                  ErrorCode::kFailedPrecondition, fmt::format("proposal {} was already {}", proposal_id, p.status));
    }
    const json pending{{"status", domain::ProposalStatusCode(ProposalStatus::kPending)}};
    json decision{{"status", domain::ProposalStatusCode(approve ? ProposalStatus::kApproved : ProposalStatus::kRejected)}};
    if (!why.empty()) decision["reason"] = why;
    if (!approve) {
      if (auto s = w.DecideProposal(proposal_id, false, actor.user_id, why); !s) return s;
      return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kProposalReject)
                         .On("proposal", proposal_id)
                         .Before(Dump(pending))
                         .After(Dump(decision)));
    }
    if (auto may = MayChange(before); !may) return may;
    ServiceCells cells;
    for (const auto& [key, value] : p.fields) {
      auto f = domain::FieldFromHeader(key);
      if (!f || std::find(kProposableFields.begin(), kProposableFields.end(), *f) == kProposableFields.end()) {
        return Fail(ErrorCode::kInternal, "the stored proposal is corrupt",
                    fmt::format("proposal {} has field '{}'", proposal_id, key));
      }
      cells[static_cast<std::size_t>(*f)] = value;
    }
    auto after = Merge(before, cells);
    if (!after) return Fail(after.error());
    const std::string vendor = p.vendor.empty() ? before.provider : p.vendor;
    std::vector<std::string> keys;
    for (const auto& [key, value] : p.fields) {
      after->provenance[key] = {"vendor", vendor, PublicActor(actor), w.Now()};
      keys.push_back(key);
    }
    if (auto s = w.Update(*after); !s) return s;
    const json detail{{"proposal", proposal_id}, {"fields", keys}, {"vendor", vendor}};
    if (auto s = w.AddEvent(before.id, domain::EventKindCode(EventKind::kProposalApproved), Dump(detail), PublicActor(actor)); !s) return s;
    if (auto s = LogServiceEvent(w, before.id, EventKind::kProposalApproved); !s) return s;
    if (auto s = w.DecideProposal(proposal_id, true, actor.user_id, why); !s) return s;
    if (auto s = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kProposalApprove)
                             .On("proposal", proposal_id)
                             .Before(Dump(pending))
                             .After(Dump(decision)));
        !s) {
      return s;
    }
    changed_service = true;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kServiceProposalApply)
                       .On("service", before.id)
                       .Before(AuditJson(before))
                       .After(AuditJson(*after)));
  });
  if (!st) return st;
  if (changed_service) SyncIndex();
  return {};
}

}  // namespace proven::services
