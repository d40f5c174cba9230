#include "services/consultations/consultation_service.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/service.hpp"
#include "services/programme/programme_records.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::Consultation;
using domain::ConsultationEntry;
using domain::ConsultationEntryKind;
using domain::ConsultationKind;
using domain::ConsultationSide;
using domain::ConsultationState;
using domain::ConsultationStep;
using domain::Role;
using nlohmann::ordered_json;
using store::AuditRecord;

namespace {

template <typename E, std::size_t N>
std::string Code(const domain::CodeEntry<E> (&table)[N], E value) {
  return std::string(domain::CodeIn<E>(table, value));
}

std::string Lang(const std::string& lang) { return lang == "en" ? "en" : "ja"; }

tl::unexpected<Error> NotFound(std::int64_t id) {
  return Fail(Reason{"error.consultation.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no consultation {}", id));
}

// The side `a` acts for in `c`: the requester's organisation through an account of role user, the
// vendor's through an account of role vendor.
std::optional<ConsultationSide> SideOf(const Actor& a, const Consultation& c) {
  if (!a.organisation_id) return std::nullopt;
  if (a.Has(Role::kUser) && *a.organisation_id == c.requester_org_id) return ConsultationSide::kRequester;
  if (a.Has(Role::kVendor) && *a.organisation_id == c.vendor_org_id) return ConsultationSide::kVendor;
  return std::nullopt;
}

Result<Consultation> Load(store::ConsultationReader& r, std::int64_t id) {
  auto c = r.FindConsultation(id);
  if (!c) return Fail(c.error());
  if (!*c) return NotFound(id);
  return std::move(**c);
}

bool Open(ConsultationState s) {
  return s == ConsultationState::kRequested || s == ConsultationState::kAccepted || s == ConsultationState::kConfirmed;
}

// "2026-12-01 10:00 JST" for mail, from a stored time.
std::string TimeText(const std::string& iso) {
  auto t = ParseIsoInstant(iso);
  return t ? FormatTokyoMinute(*t) + " JST" : iso;
}

tl::unexpected<Error> NoAccount(const ConsultationSubject& s) {
  return Fail(Reason{"error.consultation.no_account", {{"vendor", s.vendor}, {"homepage", s.homepage}}},
              ErrorCode::kFailedPrecondition,
              fmt::format("{} has no account on Proven to answer consultations: contact them through their homepage{}",
                          s.vendor, s.homepage.empty() ? "" : " (" + s.homepage + ")"),
              {}, "id");
}

}  // namespace

ordered_json ConsultationRecord(const Consultation& c) {
  return ordered_json{
      {"id", c.id},
      {"kind", Code(domain::kConsultationKindCodes, c.kind)},
      {"subject_id", c.subject_id},
      {"subject", c.subject_name},
      {"vendor_org_id", c.vendor_org_id},
      {"requester_org_id", c.requester_org_id},
      {"requester_id", c.requester_id},
      {"state", Code(domain::kConsultationStateCodes, c.state)},
      {"proposed_times", c.proposed_times},
      {"confirmed_time", c.confirmed_time.empty() ? ordered_json(nullptr) : ordered_json(c.confirmed_time)},
      {"outcome", c.outcome ? ordered_json(Code(domain::kConsultationOutcomeCodes, *c.outcome)) : ordered_json(nullptr)},
      {"outcome_at", c.outcome_at.empty() ? ordered_json(nullptr) : ordered_json(c.outcome_at)},
      {"case_id", c.case_id ? ordered_json(*c.case_id) : ordered_json(nullptr)},
  };
}

Date ConsultationService::Today() const { return today_ ? today_() : TokyoDateOf(clock_.NowUnix()); }

Result<ConsultationSubject> ConsultationService::Subject(ConsultationKind kind, std::int64_t id) {
  ConsultationSubject s;
  s.kind = kind;
  s.id = id;
  if (kind == ConsultationKind::kProduct) {
    auto read = products_.Read([&](store::VerificationReader& r) -> Status {
      auto p = r.FindProduct(id);
      if (!p) return Fail(p.error());
      if (!*p) {
        return Fail(Reason{"error.consultation.no_product", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                    fmt::format("there is no published product {}", id), {}, "id");
      }
      s.name = (*p)->name;
      s.vendor = (*p)->vendor;
      s.vendor_org_id = (*p)->vendor_org_id;
      s.homepage = (*p)->homepage;
      return {};
    });
    if (!read) return Fail(read.error());
  } else {
    auto found = services_.FindById(id);
    if (!found) return Fail(found.error());
    if (!*found) {
      return Fail(Reason{"error.consultation.no_service", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
                  fmt::format("there is no registered service {}", id), {}, "id");
    }
    s.name = (*found)->name;
    s.vendor = (*found)->provider;
    s.vendor_org_id = (*found)->provider_org_id;
    s.homepage = (*found)->url;
    const auto status = domain::StatusAsOf(**found, Today());
    if (status != domain::ServiceStatus::kValid && status != domain::ServiceStatus::kExpiringSoon) {
      return Fail(Reason{"error.consultation.service_not_valid", {{"id", std::to_string(id)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("service {} is not valid today ({}): it cannot be asked for a consultation", id,
                              domain::StatusCode(status)),
                  {}, "id");
    }
  }
  if (s.vendor_org_id) {
    auto read = store_.Read([&](store::ConsultationReader& r) -> Status {
      auto contacts = r.VendorContacts(*s.vendor_org_id);
      if (!contacts) return Fail(contacts.error());
      s.answerable = !contacts->empty();
      return {};
    });
    if (!read) return Fail(read.error());
  }
  return s;
}

Status ConsultationService::MailOtherSide(store::ConsultationWriter& w, const Consultation& c, ConsultationSide from,
                                          const std::string& kind, MailArgs args) {
  args.emplace_back("subject", c.subject_name);
  args.emplace_back("vendor", c.vendor);
  args.emplace_back("requester", c.requester_org);
  args.emplace_back("url", fmt::format("{}/consultations/{}", public_url_, c.id));
  const std::string mail_kind = "consultation." + kind;
  auto send = [&](const std::string& to, const std::string& lang) -> Status {
    const MailText text = compose_(mail_kind, lang, args);
    auto id = w.EnqueueMail({mail_kind, to, lang, text.subject, text.text, ""});
    if (!id) return Fail(id.error());
    return {};
  };
  if (from == ConsultationSide::kVendor) return send(c.requester_email, Lang(c.requester_lang));
  auto contacts = w.VendorContacts(c.vendor_org_id);
  if (!contacts) return Fail(contacts.error());
  for (const auto& to : *contacts) {
    if (auto st = send(to.email, Lang(c.vendor_lang)); !st) return st;
  }
  return {};
}

Result<ConsultationView> ConsultationService::Request(const Actor& actor, const ConsultationRequestInput& in) {
  if (auto st = domain::Authorize(actor, Action::kRequestConsultations); !st) return Fail(st.error());
  auto message = domain::CheckConsultationText("message", in.message, domain::kConsultationTextChars, true);
  if (!message) return Fail(message.error());
  if (in.needs.size() > domain::kConsultationNeedsBytes) {
    return Fail(Reason{"error.consultation.needs_too_long", {{"max", std::to_string(domain::kConsultationNeedsBytes)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("needs: at most {} bytes of JSON", domain::kConsultationNeedsBytes), {}, "needs");
  }
  auto subject = Subject(in.kind, in.id);
  if (!subject) return Fail(subject.error());
  if (!subject->vendor_org_id || !subject->answerable) return NoAccount(*subject);

  std::int64_t created = 0;
  auto st = store_.Write([&](store::ConsultationWriter& w) -> Status {
    std::optional<store::Organisation> org;
    if (actor.organisation_id) {
      auto found = w.FindOrganisation(*actor.organisation_id);
      if (!found) return Fail(found.error());
      if (*found && (*found)->kind == domain::OrgKind::kUserCompany) org = **found;
    }
    if (!org) {
      return Fail(Reason{"error.consultation.not_user_organisation", {}}, ErrorCode::kPermissionDenied,
                  "your account does not belong to a user company: only user companies request consultations");
    }
    if (org->id == *subject->vendor_org_id) {
      return Fail(Reason{"error.consultation.same_organisation", {}}, ErrorCode::kInvalidArgument,
                  "id: your own organisation is its vendor", {}, "id");
    }
    // Someone to answer, as of this transaction.
    auto contacts = w.VendorContacts(*subject->vendor_org_id);
    if (!contacts) return Fail(contacts.error());
    if (contacts->empty()) return NoAccount(*subject);
    // One open consultation per organisation and subject: the thread is where to go on.
    auto mine = w.Consultations(org->id);
    if (!mine) return Fail(mine.error());
    for (const auto& c : *mine) {
      if (c.requester_org_id == org->id && c.kind == in.kind && c.subject_id == in.id && Open(c.state)) {
        return Fail(Reason{"error.consultation.open_exists", {{"id", std::to_string(c.id)}}},
                    ErrorCode::kAlreadyExists,
                    fmt::format("your organisation already has consultation {} about this open", c.id), {}, "id");
      }
    }
    Consultation c;
    c.kind = in.kind;
    c.subject_id = in.id;
    c.subject_name = subject->name;
    c.vendor_org_id = *subject->vendor_org_id;
    c.requester_org_id = org->id;
    c.requester_id = actor.user_id;
    c.needs = in.needs;
    c.state = ConsultationState::kRequested;
    c.requester_lang = Lang(in.lang);
    auto id = w.InsertConsultation(c);
    if (!id) return Fail(id.error());
    created = *id;
    auto entry = w.AddEntry({0, *id, "", ConsultationEntryKind::kRequested, ConsultationSide::kRequester, actor.user_id,
                             "", *message, AuditText(ordered_json{{"needs", !in.needs.empty()}})});
    if (!entry) return Fail(entry.error());
    auto stored = Load(w, *id);
    if (!stored) return Fail(stored.error());
    if (auto s = MailOtherSide(w, *stored, ConsultationSide::kRequester, "requested", {{"message", *message}}); !s) {
      return s;
    }
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kConsultationRequest)
                       .On("consultation", *id)
                       .After(AuditText(ConsultationRecord(*stored))));
  });
  if (!st) return Fail(st.error());
  return Get(actor, created);
}

Result<ConsultationView> ConsultationService::Apply(const Actor& actor, std::int64_t id, Action action,
                                                    ConsultationStep step, AuditAction audit, const std::string& lang,
                                                    const Change& change) {
  if (auto st = domain::Authorize(actor, action); !st) return Fail(st.error());
  auto st = store_.Write([&](store::ConsultationWriter& w) -> Status {
    auto c = Load(w, id);
    if (!c) return Fail(c.error());
    const auto side = SideOf(actor, *c);
    if (!side) return NotFound(id);
    if (auto allowed = domain::ConsultationStepAllowed(*c, *side, step); !allowed) return allowed;
    const Consultation before = *c;
    (*side == ConsultationSide::kRequester ? c->requester_lang : c->vendor_lang) = Lang(lang);
    if (auto s = change(w, *c, *side); !s) return s;
    if (auto s = w.UpdateConsultation(*c); !s) return s;
    return w.Audit(AuditRecord(actor.Label(), audit)
                       .On("consultation", id)
                       .Before(AuditText(ConsultationRecord(before)))
                       .After(AuditText(ConsultationRecord(*c))));
  });
  if (!st) return Fail(st.error());
  return Get(actor, id);
}

Result<ConsultationView> ConsultationService::Accept(const Actor& actor, std::int64_t id,
                                                     const std::vector<std::string>& times, const std::string& message,
                                                     const std::string& lang) {
  auto note = domain::CheckConsultationText("message", message, domain::kConsultationTextChars, false);
  if (!note) return Fail(note.error());
  return Apply(actor, id, Action::kAnswerConsultations, ConsultationStep::kAccept, AuditAction::kConsultationAccept,
               lang, [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 auto checked = domain::CheckProposedTimes(times, w.NowUnix());
                 if (!checked) return Fail(checked.error());
                 c.state = ConsultationState::kAccepted;
                 c.proposed_times = *checked;
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kAccepted, side, actor.user_id, "", *note,
                                      AuditText(ordered_json{{"times", *checked}})});
                 if (!e) return Fail(e.error());
                 std::vector<std::string> lines;
                 for (const auto& t : *checked) lines.push_back("- " + TimeText(t));
                 return MailOtherSide(w, c, side, "accepted", {{"times", Join(lines, "\n")}, {"message", *note}});
               });
}

Result<ConsultationView> ConsultationService::Decline(const Actor& actor, std::int64_t id, const std::string& reason,
                                                      const std::string& lang) {
  auto why = domain::CheckConsultationText("reason", reason, domain::kConsultationReasonChars, true);
  if (!why) return Fail(why.error());
  return Apply(actor, id, Action::kAnswerConsultations, ConsultationStep::kDecline, AuditAction::kConsultationDecline,
               lang, [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 c.state = ConsultationState::kDeclined;
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kDeclined, side, actor.user_id, "", *why, "{}"});
                 if (!e) return Fail(e.error());
                 return MailOtherSide(w, c, side, "declined", {{"reason", *why}});
               });
}

Result<ConsultationView> ConsultationService::Withdraw(const Actor& actor, std::int64_t id, const std::string& lang) {
  return Apply(actor, id, Action::kRequestConsultations, ConsultationStep::kWithdraw,
               AuditAction::kConsultationWithdraw, lang,
               [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 c.state = ConsultationState::kWithdrawn;
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kWithdrawn, side, actor.user_id, "", "", "{}"});
                 if (!e) return Fail(e.error());
                 return MailOtherSide(w, c, side, "withdrawn", {});
               });
}

Result<ConsultationView> ConsultationService::Confirm(const Actor& actor, std::int64_t id, const std::string& time,
                                                      const std::string& lang) {
  return Apply(actor, id, Action::kRequestConsultations, ConsultationStep::kConfirm, AuditAction::kConsultationConfirm,
               lang, [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 auto chosen = domain::CheckConfirmedTime(c, time, w.NowUnix());
                 if (!chosen) return Fail(chosen.error());
                 c.state = ConsultationState::kConfirmed;
                 c.confirmed_time = *chosen;
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kConfirmed, side, actor.user_id, "", "",
                                      AuditText(ordered_json{{"time", *chosen}})});
                 if (!e) return Fail(e.error());
                 return MailOtherSide(w, c, side, "confirmed", {{"time", TimeText(*chosen)}});
               });
}

Result<ConsultationView> ConsultationService::PostMessage(const Actor& actor, std::int64_t id, const std::string& text,
                                                          const std::string& lang) {
  auto body = domain::CheckConsultationText("message", text, domain::kConsultationTextChars, true);
  if (!body) return Fail(body.error());
  return Apply(actor, id, Action::kTakePartInConsultations, ConsultationStep::kMessage,
               AuditAction::kConsultationMessage, lang,
               [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kMessage, side, actor.user_id, "", *body, "{}"});
                 if (!e) return Fail(e.error());
                 const std::string& from = side == ConsultationSide::kVendor ? c.vendor : c.requester_org;
                 return MailOtherSide(w, c, side, "message", {{"from", from}, {"message", *body}});
               });
}

Result<ConsultationView> ConsultationService::RecordOutcome(const Actor& actor, std::int64_t id,
                                                            const std::string& outcome, const std::string& lang) {
  auto parsed = domain::ParseConsultationOutcome(outcome);
  if (!parsed) return Fail(parsed.error());
  return Apply(actor, id, Action::kTakePartInConsultations, ConsultationStep::kRecordOutcome,
               AuditAction::kConsultationOutcome, lang,
               [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                 c.outcome = *parsed;
                 c.outcome_at = w.Now();
                 auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kOutcome, side, actor.user_id, "", "",
                                      AuditText(ordered_json{{"outcome", Code(domain::kConsultationOutcomeCodes, *parsed)}})});
                 if (!e) return Fail(e.error());
                 return {};
               });
}

Result<std::pair<ConsultationView, CaseView>> ConsultationService::ProposeCase(const Actor& actor, std::int64_t id,
                                                                             const domain::CaseInput& content) {
  if (auto st = domain::Authorize(actor, Action::kRequestConsultations); !st) return Fail(st.error());
  auto v = Get(actor, id);
  if (!v) return Fail(v.error());
  if (!v->side) return NotFound(id);
  if (auto allowed = domain::ConsultationStepAllowed(v->record, *v->side, ConsultationStep::kProposeCase); !allowed) {
    return Fail(allowed.error());
  }
  // The case's own workflow: the product, and the user organisation (the requester's) filled in.
  ProposeInput proposal;
  proposal.product_id = v->record.subject_id;
  proposal.content = content;
  auto proposed = cases_.Propose(actor, proposal);
  if (!proposed) return Fail(proposed.error());
  const std::int64_t case_id = proposed->record.id;
  auto linked = Apply(actor, id, Action::kRequestConsultations, ConsultationStep::kProposeCase,
                      AuditAction::kConsultationCase, v->record.requester_lang,
                      [&](store::ConsultationWriter& w, Consultation& c, ConsultationSide side) -> Status {
                        c.case_id = case_id;
                        auto e = w.AddEntry({0, c.id, "", ConsultationEntryKind::kCase, side, actor.user_id, "", "",
                                             AuditText(ordered_json{{"case_id", case_id}})});
                        if (!e) return Fail(e.error());
                        return MailOtherSide(w, c, side, "case", {{"case_url", fmt::format("{}/workspace/cases/{}", public_url_, case_id)}});
                      });
  if (!linked) return Fail(linked.error());
  return std::pair{std::move(*linked), std::move(*proposed)};
}

Result<ConsultationPage> ConsultationService::List(const Actor& actor, int page, int per_page) {
  if (auto st = domain::Authorize(actor, Action::kViewConsultations); !st) return Fail(st.error());
  ConsultationPage out;
  out.page = std::max(1, page);
  out.per_page = std::max(1, per_page);
  const bool all = actor.Has(Role::kAdmin);
  if (!all && !actor.organisation_id) return out;
  std::vector<ConsultationView> mine;
  auto st = store_.Read([&](store::ConsultationReader& r) -> Status {
    auto list = r.Consultations(all ? std::nullopt : actor.organisation_id);
    if (!list) return Fail(list.error());
    for (auto& c : *list) {
      const auto side = SideOf(actor, c);
      if (!all && !side) continue;  // a vendor account at a user company's id, or the like
      ConsultationView v;
      v.side = side;
      if (side) v.actions = domain::AvailableSteps(c, *side);
      v.record = std::move(c);
      mine.push_back(std::move(v));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  out.total = mine.size();
  const std::size_t from = static_cast<std::size_t>(out.page - 1) * static_cast<std::size_t>(out.per_page);
  for (std::size_t i = from; i < mine.size() && i < from + static_cast<std::size_t>(out.per_page); ++i) {
    out.items.push_back(std::move(mine[i]));
  }
  return out;
}

Result<ConsultationView> ConsultationService::Get(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kViewConsultations); !st) return Fail(st.error());
  ConsultationView out;
  auto st = store_.Read([&](store::ConsultationReader& r) -> Status {
    auto c = Load(r, id);
    if (!c) return Fail(c.error());
    const auto side = SideOf(actor, *c);
    if (!side && !actor.Has(Role::kAdmin)) return NotFound(id);
    auto thread = r.Entries(id);
    if (!thread) return Fail(thread.error());
    out.side = side;
    if (side) out.actions = domain::AvailableSteps(*c, *side);
    out.record = std::move(*c);
    out.thread = std::move(*thread);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

}  // namespace proven::services
