#include "services/programme/case_service.hpp"

#include "services/log/log_service.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/auth.hpp"
#include "services/programme/programme_records.hpp"

namespace proven::services {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::CaseEventKind;
using domain::CaseParty;
using domain::CaseState;
using domain::DeploymentCase;
using domain::Role;
using nlohmann::ordered_json;
using store::AuditRecord;

namespace {

std::string PartyCode(CaseParty p) { return std::string(domain::CodeIn<CaseParty>(domain::kCasePartyCodes, p)); }

ordered_json Nullable(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

ordered_json FiguresRecord(const std::vector<domain::CaseFigure>& figures) {
  ordered_json out = ordered_json::array();
  for (const auto& f : figures) out.push_back({{"label", f.label}, {"value", f.value}, {"unit", f.unit}});
  return out;
}

tl::unexpected<Error> NotFound(std::int64_t id) {
  return Fail(Reason{"error.case.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no case {}", id));
}

// The side `a` acts for in `c`: the vendor whose organisation made the product, or the user
// organisation the case names.
std::optional<CaseParty> SideOf(const Actor& a, const DeploymentCase& c) {
  if (!a.organisation_id) return std::nullopt;
  if (a.Has(Role::kVendor) && *a.organisation_id == c.vendor_org_id) return CaseParty::kVendor;
  if (a.Has(Role::kUser) && *a.organisation_id == c.user_org_id) return CaseParty::kUser;
  return std::nullopt;
}

Result<DeploymentCase> Load(store::CaseReader& r, std::int64_t id) {
  auto c = r.FindCase(id);
  if (!c) return Fail(c.error());
  if (!*c) return NotFound(id);
  return std::move(**c);
}

CaseView ViewOf(DeploymentCase c, std::optional<CaseParty> side, std::vector<std::int64_t> field_ids) {
  CaseView v;
  v.state = c.State();
  v.side = side;
  v.field_ids = std::move(field_ids);
  v.disclosed = DisclosedOf(c);
  v.record = std::move(c);
  return v;
}

// The names of the content's fields that differ.
std::vector<std::string> ChangedFields(const domain::CaseContent& a, const domain::CaseContent& b) {
  std::vector<std::string> out;
  if (a.user_org_name != b.user_org_name) out.emplace_back("user_org_name");
  if (a.anonymised_label != b.anonymised_label) out.emplace_back("anonymised_label");
  if (a.industry != b.industry) out.emplace_back("industry");
  if (a.company_size != b.company_size) out.emplace_back("company_size");
  if (a.period != b.period) out.emplace_back("period");
  if (a.deployed != b.deployed) out.emplace_back("deployed");
  if (a.results != b.results) out.emplace_back("results");
  if (a.figures != b.figures) out.emplace_back("figures");
  if (a.quote != b.quote) out.emplace_back("quote");
  return out;
}

}  // namespace

std::optional<domain::DisclosedCase> DisclosedOf(const DeploymentCase& c) {
  if (!c.vendor_consent || !c.user_consent) return std::nullopt;
  return domain::Disclose(c, c.vendor_consent->checklist, c.user_consent->checklist);
}

ordered_json ChecklistRecord(const domain::CaseChecklist& c) {
  ordered_json j = ordered_json::object();
  for (const auto& q : domain::kChecklistQuestions) j[std::string(q.key)] = c.*q.member;
  return j;
}

ordered_json CaseRecord(const DeploymentCase& c) {
  ordered_json consents = ordered_json::object();
  for (auto party : {CaseParty::kVendor, CaseParty::kUser}) {
    const auto& k = c.ConsentOf(party);
    consents[PartyCode(party)] =
        k ? ordered_json{{"checklist", ChecklistRecord(k->checklist)}, {"at", k->at}, {"user_id", k->user_id}}
          : ordered_json(nullptr);
  }
  const auto& k = c.content;
  return ordered_json{
      {"id", c.id},
      {"product_id", c.product_id},
      {"vendor_org_id", c.vendor_org_id},
      {"user_org_id", c.user_org_id},
      {"proposed_by", PartyCode(c.proposed_by)},
      {"proposer_id", c.proposer_id},
      {"state", domain::CodeIn<CaseState>(domain::kCaseStateCodes, c.State())},
      {"user_org_name", k.user_org_name},
      {"anonymised_label", k.anonymised_label},
      {"industry", k.industry},
      {"company_size", domain::CodeIn<domain::CompanySize>(domain::kCompanySizeCodes, k.company_size)},
      {"period", k.period},
      {"deployed", k.deployed},
      {"results", k.results},
      {"figures", FiguresRecord(k.figures)},
      {"quote", k.quote},
      {"consents", consents},
      {"published_at", Nullable(c.published_at)},
      {"withdrawn_at", Nullable(c.withdrawn_at)},
      {"withdrawn_by", c.withdrawn_by ? ordered_json(PartyCode(*c.withdrawn_by)) : ordered_json(nullptr)},
  };
}

ordered_json DisclosedRecord(const domain::DisclosedCase& d) {
  return ordered_json{
      {"id", d.id},
      {"product_id", d.product_id},
      {"product", d.product_name},
      {"vendor", d.vendor},
      {"named", d.named},
      {"organisation", d.organisation},
      {"industry", d.industry ? ordered_json(*d.industry) : ordered_json(nullptr)},
      {"company_size", d.company_size ? ordered_json(domain::CodeIn<domain::CompanySize>(domain::kCompanySizeCodes,
                                                                                          *d.company_size))
                                      : ordered_json(nullptr)},
      {"period", d.period},
      {"deployed", d.deployed},
      {"results", d.results},
      {"figures", d.figures ? FiguresRecord(*d.figures) : ordered_json(nullptr)},
      {"quote", d.quote ? ordered_json(*d.quote) : ordered_json(nullptr)},
      {"published_at", Nullable(d.published_at)},
  };
}

Result<CaseView> CaseService::Propose(const Actor& actor, const ProposeInput& input) {
  if (auto st = domain::Authorize(actor, Action::kProposeCases); !st) return Fail(st.error());
  domain::PublishedProduct product;
  auto read = products_.Read([&](store::VerificationReader& r) -> Status {
    auto p = r.FindProduct(input.product_id);
    if (!p) return Fail(p.error());
    if (!*p) {
      return Fail(Reason{"error.case.no_product", {{"id", std::to_string(input.product_id)}}}, ErrorCode::kNotFound,
                  fmt::format("there is no published product {}", input.product_id), {}, "product_id");
    }
    product = std::move(**p);
    return {};
  });
  if (!read) return Fail(read.error());

  CaseView out;
  auto st = store_.Write([&](store::CaseWriter& w) -> Status {
    DeploymentCase c;
    c.product_id = product.id;
    c.product_name = product.name;
    c.vendor_org_id = product.vendor_org_id;
    c.vendor = product.vendor;
    c.proposer_id = actor.user_id;
    const std::string contact(Trim(input.user_contact));
    std::optional<store::Organisation> user_org;
    if (actor.Has(Role::kVendor)) {
      // A vendor proposes for its own products only, naming the user organisation.
      if (!actor.organisation_id || *actor.organisation_id != product.vendor_org_id) {
        return Fail(Reason{"error.case.not_your_product", {}}, ErrorCode::kPermissionDenied,
                    fmt::format("product {} is not your organisation's", product.id), {}, "product_id");
      }
      c.proposed_by = CaseParty::kVendor;
      if (contact.empty()) {
        return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument,
                    "user_contact: the e-mail address of an account of the user organisation is required", {},
                    "user_contact");
      }
      auto email = domain::NormaliseEmail(contact);
      auto user = email ? w.FindUserByEmail(*email) : Result<std::optional<store::UserRef>>(std::nullopt);
      if (!user) return Fail(user.error());
      const bool is_user = *user && !(*user)->disabled && (*user)->organisation_id &&
                           std::find((*user)->roles.begin(), (*user)->roles.end(), Role::kUser) != (*user)->roles.end();
      if (is_user) {
        auto org = w.FindOrganisation(*(*user)->organisation_id);
        if (!org) return Fail(org.error());
        if (*org && (*org)->kind == domain::OrgKind::kUserCompany) user_org = **org;
      }
      if (!user_org) {
        return Fail(Reason{"error.case.no_user_organisation", {{"email", Ellipsize(contact, 80)}}},
                    ErrorCode::kInvalidArgument,
                    fmt::format("user_contact: {} is not an account of a user organisation", Ellipsize(contact, 80)), {},
                    "user_contact");
      }
    } else {
      // A user organisation proposes for itself.
      if (!contact.empty()) {
        return Fail(Reason{"error.case.contact_for_vendors", {}}, ErrorCode::kInvalidArgument,
                    "user_contact: only a vendor names the user organisation; yours is the case's", {}, "user_contact");
      }
      if (actor.organisation_id) {
        auto org = w.FindOrganisation(*actor.organisation_id);
        if (!org) return Fail(org.error());
        if (*org && (*org)->kind == domain::OrgKind::kUserCompany) user_org = **org;
      }
      if (!user_org) {
        return Fail(Reason{"error.case.not_user_organisation", {}}, ErrorCode::kPermissionDenied,
                    "your account does not belong to a user organisation");
      }
      c.proposed_by = CaseParty::kUser;
    }
    if (user_org->id == product.vendor_org_id) {
      return Fail(Reason{"error.case.same_organisation", {}}, ErrorCode::kInvalidArgument,
                  "user_contact: the user organisation must not be the product's vendor", {}, "user_contact");
    }
    c.user_org_id = user_org->id;
    domain::CaseInput content = input.content;
    if (!content.user_org_name || Trim(*content.user_org_name).empty()) content.user_org_name = user_org->name;
    auto applied = domain::ApplyCaseInput(std::nullopt, content);
    if (!applied) return Fail(applied.error());
    c.content = std::move(*applied);
    c.created_at = c.updated_at = w.Now();
    auto id = w.InsertCase(c);
    if (!id) return Fail(id.error());
    c.id = *id;
    if (auto s = w.AddEvent({0, *id, "", CaseEventKind::kProposed, c.proposed_by, actor.user_id,
                             AuditText(ordered_json{{"product_id", product.id}, {"user_org_id", c.user_org_id}})});
        !s) {
      return s;
    }
    auto stored = Load(w, *id);
    if (!stored) return Fail(stored.error());
    out.record = std::move(*stored);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCasePropose)
                       .On("case", *id)
                       .After(AuditText(CaseRecord(out.record))));
  });
  if (!st) return Fail(st.error());
  return Get(actor, out.record.id);
}

namespace {

// What each change needs first: the role, the case, and the caller's side in it.
Result<std::pair<DeploymentCase, CaseParty>> LoadForSide(store::CaseWriter& w, const Actor& actor, std::int64_t id) {
  auto c = Load(w, id);
  if (!c) return Fail(c.error());
  auto side = SideOf(actor, *c);
  if (!side) {
    if (actor.Has(Role::kAdmin)) {
      return Fail(Reason{"error.case.not_a_party", {}}, ErrorCode::kPermissionDenied,
                  fmt::format("only the case's vendor and user organisation act on case {}", id));
    }
    return NotFound(id);
  }
  return std::pair{std::move(*c), *side};
}

}  // namespace

Result<CaseView> CaseService::Change(const Actor& actor, std::int64_t id, const domain::CaseInput& input) {
  if (auto st = domain::Authorize(actor, Action::kProposeCases); !st) return Fail(st.error());
  CaseView out;
  std::optional<CaseParty> side;
  auto st = store_.Write([&](store::CaseWriter& w) -> Status {
    auto loaded = LoadForSide(w, actor, id);
    if (!loaded) return Fail(loaded.error());
    auto& [c, party] = *loaded;
    side = party;
    if (c.State() == CaseState::kPublished) {
      return Fail(Reason{"error.case.published", {{"id", std::to_string(id)}}}, ErrorCode::kFailedPrecondition,
                  fmt::format("case {} is published: withdraw your consent before changing it", id));
    }
    auto applied = domain::ApplyCaseInput(c.content, input);
    if (!applied) return Fail(applied.error());
    const auto changed = ChangedFields(c.content, *applied);
    if (changed.empty()) {
      out.record = c;  // nothing to write: consents stand
      return {};
    }
    const DeploymentCase before = c;
    const bool reset = c.vendor_consent || c.user_consent;
    c.content = std::move(*applied);
    c.vendor_consent.reset();
    c.user_consent.reset();
    c.updated_at = w.Now();
    if (auto s = w.UpdateCase(c); !s) return s;
    if (auto s = w.AddEvent({0, id, "", CaseEventKind::kChanged, party, actor.user_id,
                             AuditText(ordered_json{{"fields", changed}, {"consents_reset", reset}})});
        !s) {
      return s;
    }
    auto stored = Load(w, id);
    if (!stored) return Fail(stored.error());
    out.record = std::move(*stored);
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCaseChange)
                       .On("case", id)
                       .Before(AuditText(CaseRecord(before)))
                       .After(AuditText(CaseRecord(out.record))));
  });
  if (!st) return Fail(st.error());
  return Get(actor, out.record.id);
}

Result<CaseView> CaseService::Consent(const Actor& actor, std::int64_t id, const domain::CaseChecklist& checklist) {
  if (auto st = domain::Authorize(actor, Action::kProposeCases); !st) return Fail(st.error());
  if (!checklist.Complete()) {
    std::vector<Problem> problems;
    for (const auto& q : domain::kChecklistQuestions) {
      if (q.required && !(checklist.*q.member)) {
        problems.push_back({std::string(q.key), "must be answered yes before consenting",
                            {"error.case.checklist_unanswered", {}}});
      }
    }
    std::vector<std::string> parts;
    for (const auto& p : problems) parts.push_back(p.field);
    Error e = MakeError(Reason{"error.case.checklist_incomplete", {}}, ErrorCode::kInvalidArgument,
                        "the checklist is not complete: " + Join(parts, ", ") + " must be answered yes", {},
                        problems.front().field);
    e.problems = std::move(problems);
    return tl::unexpected<Error>(std::move(e));
  }
  std::int64_t case_id = id;
  auto st = store_.Write([&](store::CaseWriter& w) -> Status {
    auto loaded = LoadForSide(w, actor, id);
    if (!loaded) return Fail(loaded.error());
    auto& [c, party] = *loaded;
    const DeploymentCase before = c;
    const auto shown_before = c.State() == CaseState::kPublished ? DisclosedOf(c) : std::nullopt;
    c.ConsentOf(party) = domain::PartyConsent{checklist, w.Now(), actor.user_id};
    const bool published = c.State() == CaseState::kPublished;
    if (published && !shown_before) c.published_at = w.Now();
    c.updated_at = w.Now();
    if (auto s = w.UpdateCase(c); !s) return s;
    if (auto s = w.AddEvent({0, id, "", CaseEventKind::kConsented, party, actor.user_id,
                             AuditText(ordered_json{{"checklist", ChecklistRecord(checklist)}})});
        !s) {
      return s;
    }
    // A publication: the case became public, or what it shows changed while public.
    const auto shown = published ? DisclosedOf(c) : std::nullopt;
    const bool publication =
        shown && (!shown_before || DisclosedRecord(*shown) != DisclosedRecord(*shown_before));
    if (publication) {
      if (auto s = w.AddEvent({0, id, "", CaseEventKind::kPublished, std::nullopt, 0,
                               AuditText(DisclosedRecord(*shown))});
          !s) {
        return s;
      }
      if (auto s = w.AppendLog("case.published", id, CaseLogRecord(id, shown)); !s) return s;
    }
    auto stored = Load(w, id);
    if (!stored) return Fail(stored.error());
    auto after = CaseRecord(*stored);
    if (shown) after["disclosed"] = DisclosedRecord(*shown);
    return w.Audit(AuditRecord(actor.Label(), publication ? AuditAction::kCasePublish : AuditAction::kCaseConsent)
                       .On("case", id)
                       .Before(AuditText(CaseRecord(before)))
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return Get(actor, case_id);
}

Result<CaseView> CaseService::Withdraw(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kProposeCases); !st) return Fail(st.error());
  auto st = store_.Write([&](store::CaseWriter& w) -> Status {
    auto loaded = LoadForSide(w, actor, id);
    if (!loaded) return Fail(loaded.error());
    auto& [c, party] = *loaded;
    if (!c.ConsentOf(party)) {
      return Fail(Reason{"error.case.no_consent", {{"id", std::to_string(id)}}}, ErrorCode::kFailedPrecondition,
                  fmt::format("your side has no consent to withdraw from case {}", id));
    }
    const DeploymentCase before = c;
    const bool was_published = c.State() == CaseState::kPublished;
    c.ConsentOf(party).reset();
    if (was_published) {
      // Unpublished at once; a republication needs both sides again.
      c.vendor_consent.reset();
      c.user_consent.reset();
      c.published_at.clear();
      c.withdrawn_at = w.Now();
      c.withdrawn_by = party;
    }
    c.updated_at = w.Now();
    if (auto s = w.UpdateCase(c); !s) return s;
    if (auto s = w.AddEvent({0, id, "", CaseEventKind::kWithdrawn, party, actor.user_id,
                             AuditText(ordered_json{{"unpublished", was_published}})});
        !s) {
      return s;
    }
    if (was_published) {
      if (auto s = w.AddEvent({0, id, "", CaseEventKind::kUnpublished, std::nullopt, 0, "{}"}); !s) return s;
      if (auto s = w.AppendLog("case.withdrawn", id, CaseLogRecord(id, std::nullopt)); !s) return s;
    }
    auto stored = Load(w, id);
    if (!stored) return Fail(stored.error());
    auto after = CaseRecord(*stored);
    after["unpublished"] = was_published;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kCaseWithdraw)
                       .On("case", id)
                       .Before(AuditText(CaseRecord(before)))
                       .After(AuditText(after)));
  });
  if (!st) return Fail(st.error());
  return Get(actor, id);
}

namespace {

// The programme fields of every published product, by product id.
Result<std::map<std::int64_t, domain::PublishedProduct>> ProductsById(store::VerificationStore& products) {
  std::map<std::int64_t, domain::PublishedProduct> out;
  auto st = products.Read([&](store::VerificationReader& r) -> Status {
    auto all = r.Products();
    if (!all) return Fail(all.error());
    for (auto& p : *all) out.emplace(p.id, std::move(p));
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

std::vector<std::int64_t> FieldsOf(const std::map<std::int64_t, domain::PublishedProduct>& products, std::int64_t id) {
  auto it = products.find(id);
  return it == products.end() ? std::vector<std::int64_t>{} : it->second.field_ids;
}

}  // namespace

Result<std::vector<CaseView>> CaseService::List(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kViewCases); !st) return Fail(st.error());
  const bool all = actor.Has(Role::kAdmin);
  if (!all && !actor.organisation_id) return std::vector<CaseView>{};
  auto products = ProductsById(products_);
  if (!products) return Fail(products.error());
  std::vector<CaseView> out;
  auto st = store_.Read([&](store::CaseReader& r) -> Status {
    store::CaseFilter filter;
    if (!all) filter.party_org_id = actor.organisation_id;
    auto cases = r.Cases(filter);
    if (!cases) return Fail(cases.error());
    for (auto& c : *cases) {
      const auto side = SideOf(actor, c);
      if (!all && !side) continue;  // a vendor account at a user organisation's id, or the like
      const auto product = c.product_id;
      out.push_back(ViewOf(std::move(c), side, FieldsOf(*products, product)));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<CaseView> CaseService::Get(const Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, Action::kViewCases); !st) return Fail(st.error());
  CaseView out;
  auto st = store_.Read([&](store::CaseReader& r) -> Status {
    auto c = Load(r, id);
    if (!c) return Fail(c.error());
    const auto side = SideOf(actor, *c);
    if (!side && !actor.Has(Role::kAdmin)) return NotFound(id);
    auto history = r.Events(id);
    if (!history) return Fail(history.error());
    out = ViewOf(std::move(*c), side, {});
    out.history = std::move(*history);
    return {};
  });
  if (!st) return Fail(st.error());
  auto fields = products_.Read([&](store::VerificationReader& r) -> Status {
    auto p = r.FindProduct(out.record.product_id);
    if (!p) return Fail(p.error());
    if (*p) out.field_ids = (*p)->field_ids;
    return {};
  });
  if (!fields) return Fail(fields.error());
  return out;
}

Result<std::vector<domain::PublishedProduct>> CaseService::ProposableProducts(const Actor& actor) {
  if (auto st = domain::Authorize(actor, Action::kProposeCases); !st) return Fail(st.error());
  auto products = ProductsById(products_);
  if (!products) return Fail(products.error());
  std::vector<domain::PublishedProduct> out;
  for (auto& [id, p] : *products) {
    if (actor.Has(Role::kVendor) ? actor.organisation_id == p.vendor_org_id : true) out.push_back(p);
  }
  return out;
}

Result<PublishedCase> CaseService::Published(std::int64_t id) {
  std::optional<DeploymentCase> found;
  auto st = store_.Read([&](store::CaseReader& r) -> Status {
    auto c = r.FindCase(id);
    if (!c) return Fail(c.error());
    found = std::move(*c);
    return {};
  });
  if (!st) return Fail(st.error());
  // A case that is not published is not there for the public.
  if (!found || found->State() != CaseState::kPublished) return NotFound(id);
  PublishedCase out{*DisclosedOf(*found), {}};
  auto fields = products_.Read([&](store::VerificationReader& r) -> Status {
    auto p = r.FindProduct(found->product_id);
    if (!p) return Fail(p.error());
    if (*p) out.field_ids = (*p)->field_ids;
    return {};
  });
  if (!fields) return Fail(fields.error());
  return out;
}

Result<PublishedCasePage> CaseService::PublishedCases(const PublishedCaseQuery& query) {
  auto products = ProductsById(products_);
  if (!products) return Fail(products.error());
  std::vector<PublishedCase> all;
  auto st = store_.Read([&](store::CaseReader& r) -> Status {
    store::CaseFilter filter;
    filter.published_only = true;
    filter.product_id = query.product_id;
    auto cases = r.Cases(filter);
    if (!cases) return Fail(cases.error());
    for (const auto& c : *cases) {
      auto shown = DisclosedOf(c);
      if (!shown || c.State() != CaseState::kPublished) continue;
      // Filters see only what is disclosed: an undisclosed industry matches no industry.
      if (query.industry && shown->industry != query.industry) continue;
      auto fields = FieldsOf(*products, c.product_id);
      if (query.field_id && std::find(fields.begin(), fields.end(), *query.field_id) == fields.end()) continue;
      all.push_back({std::move(*shown), std::move(fields)});
    }
    return {};
  });
  if (!st) return Fail(st.error());
  std::stable_sort(all.begin(), all.end(), [](const PublishedCase& a, const PublishedCase& b) {
    return a.shown.published_at != b.shown.published_at ? a.shown.published_at > b.shown.published_at
                                                        : a.shown.id > b.shown.id;
  });
  PublishedCasePage page;
  page.total = all.size();
  page.page = std::max(1, query.page);
  page.per_page = std::max(1, query.per_page);
  const std::size_t from = static_cast<std::size_t>(page.page - 1) * static_cast<std::size_t>(page.per_page);
  for (std::size_t i = from; i < all.size() && i < from + static_cast<std::size_t>(page.per_page); ++i) {
    page.items.push_back(std::move(all[i]));
  }
  return page;
}

Result<std::vector<PublishedCase>> CaseService::PublishedForProduct(std::int64_t product_id) {
  PublishedCaseQuery q;
  q.product_id = product_id;
  q.per_page = 1000;
  auto page = PublishedCases(q);
  if (!page) return Fail(page.error());
  return std::move(page->items);
}

}  // namespace proven::services
