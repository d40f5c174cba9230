#include "services/sbom/sbom_service.hpp"

#include <algorithm>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/codes.hpp"
#include "sbom/purl.hpp"
#include "services/sbom/osv_import.hpp"

namespace proven::services {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRelease = 100;
constexpr std::size_t kMaxVexText = 4000;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

tl::unexpected<Error> NoProduct(std::int64_t id) {
  return Fail(Reason{"error.product.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no product {}", id));
}

bool SaysResolved(const std::optional<store::VexRow>& v) {
  return v && (v->status == sbom::VexStatusName(sbom::VexStatus::kNotAffected) ||
               v->status == sbom::VexStatusName(sbom::VexStatus::kFixed));
}

Status CheckVexInput(const VexInput& in) {
  std::vector<Problem> problems;
  if (Trim(in.vulnerability).empty() || in.vulnerability.size() > 200) {
    problems.push_back({"vulnerability", "a vulnerability id (an OSV id, CVE or GHSA) is required",
                        Reason{"error.vex.vulnerability", {}}});
  }
  const auto status = sbom::VexStatusFromName(in.status);
  if (!status) {
    problems.push_back({"status", fmt::format("'{}' is not one of not_affected, affected, fixed, under_investigation",
                                              in.status),
                        Reason{"error.vex.status", {{"value", in.status}}}});
  } else if (*status == sbom::VexStatus::kNotAffected && Trim(in.justification).empty()) {
    problems.push_back({"justification", "not_affected needs a justification", Reason{"error.vex.justification", {}}});
  }
  if (in.justification.size() > kMaxVexText || in.detail.size() > kMaxVexText) {
    problems.push_back({in.detail.size() > kMaxVexText ? "detail" : "justification",
                        fmt::format("at most {} bytes", kMaxVexText),
                        Reason{"error.vex.too_long", {{"max", std::to_string(kMaxVexText)}}}});
  }
  if (problems.empty()) return {};
  Error e = MakeError(ErrorCode::kInvalidArgument, problems.front().message, "", problems.front().field);
  e.reason = problems.front().reason;
  if (problems.size() > 1) {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p.field + ": " + p.message;
    e.message = joined;
  }
  e.problems = std::move(problems);
  return tl::unexpected<Error>(std::move(e));
}

// A reader's error with the catalogue reasons pages show: the document's problem as a whole
// (`key` with the engine's English text as {detail}), and each schema violation by its JSON pointer.
Error ForPeople(Error e, const char* key) {
  if (e.reason.key.empty()) e.reason = Reason{key, {{"detail", e.message}}};
  for (auto& p : e.problems) {
    if (p.reason.key.empty()) p.reason = Reason{"error.sbom.at", {{"pointer", p.field}, {"detail", p.message}}};
  }
  if (e.field.empty()) e.field = "document";
  return e;
}

}  // namespace

Result<store::ProductRef> SbomService::Readable(store::SbomReader& r, const domain::Actor& actor,
                                                std::int64_t product_id) {
  auto product = r.Product(product_id);
  if (!product) return Fail(product.error());
  if (!*product) return NoProduct(product_id);
  if (actor.Has(domain::Role::kAdmin)) return **product;
  if (actor.organisation_id && *actor.organisation_id == (*product)->vendor_org_id &&
      actor.Has(domain::Role::kVendor)) {
    return **product;
  }
  if (actor.organisation_id && actor.Has(domain::Role::kUser)) {
    auto portfolio = r.Portfolio(*actor.organisation_id);
    if (!portfolio) return Fail(portfolio.error());
    for (const auto& p : *portfolio) {
      if (p.product_id == product_id) return **product;
    }
  }
  return NoProduct(product_id);
}

Result<store::ProductRef> SbomService::Writable(store::SbomReader& r, const domain::Actor& actor,
                                                std::int64_t product_id) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kManageSboms); !ok) return Fail(ok.error());
  auto product = r.Product(product_id);
  if (!product) return Fail(product.error());
  if (!*product) return NoProduct(product_id);
  if (actor.Has(domain::Role::kAdmin)) return **product;
  if (actor.organisation_id && *actor.organisation_id == (*product)->vendor_org_id) return **product;
  return NoProduct(product_id);
}

Result<SbomUpload> SbomService::Upload(const domain::Actor& actor, std::int64_t product_id, const std::string& release,
                                       std::string_view document, const std::string& lang) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kManageSboms); !ok) return Fail(ok.error());
  const std::string name(Trim(release));
  if (name.empty() || name.size() > kMaxRelease) {
    return Fail(Reason{"error.sbom.release", {{"max", std::to_string(kMaxRelease)}}}, ErrorCode::kInvalidArgument,
                fmt::format("a release (1 to {} bytes) is required", kMaxRelease), "", "release");
  }
  if (document.size() > kMaxSbomBytes) {
    return Fail(Reason{"error.sbom.too_large", {{"max", std::to_string(kMaxSbomBytes / (1024 * 1024))}}},
                ErrorCode::kResourceExhausted, fmt::format("an SBOM may hold at most {} MiB", kMaxSbomBytes >> 20), "",
                "document");
  }
  auto sbom = sbom::ReadSbom(document, "sbom");
  if (!sbom) return Fail(ForPeople(sbom.error(), "error.sbom.invalid"));
  if (sbom->components.size() > kMaxSbomComponents) {
    return Fail(Reason{"error.sbom.too_many_components", {{"max", std::to_string(kMaxSbomComponents)}}},
                ErrorCode::kResourceExhausted,
                fmt::format("an SBOM may list at most {} components", kMaxSbomComponents), "", "document");
  }
  std::vector<store::ComponentRow> components;
  components.reserve(sbom->components.size());
  for (const auto& c : sbom->components) {
    store::ComponentRow row;
    row.ref = c.ref;
    row.name = c.name;
    row.version = c.version;
    row.purl = c.purl;
    if (auto purl = sbom::ParsePurl(c.purl); purl) {
      if (auto package = sbom::OsvPackageOf(*purl); package) {
        row.ecosystem = package->ecosystem;
        row.package = package->name;
      }
    }
    components.push_back(std::move(row));
  }
  store::SbomRow row;
  row.product_id = product_id;
  row.release = name;
  row.format = std::string(sbom::SbomFormatName(sbom->format));
  row.spec_version = sbom->spec_version;
  row.name = sbom->name;
  row.sha256 = Sha256Hex(document);
  row.document = std::string(document);
  row.uploaded_by = actor.user_id;
  row.lang = lang == "en" ? "en" : "ja";
  SbomUpload out;
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto product = Writable(w, actor, product_id);
    if (!product) return Fail(product.error());
    auto id = w.InsertSbom(row, components);
    if (!id) return Fail(id.error());
    if (auto feed = w.EnsureFeedKey(product->vendor_org_id, RandomToken(24)); !feed) return feed;
    row.id = *id;
    row.components = static_cast<std::int64_t>(components.size());
    row.uploaded_at = w.Now();
    const json after{{"product_id", product_id}, {"release", row.release},       {"format", row.format},
                     {"spec_version", row.spec_version}, {"components", components.size()}, {"sha256", row.sha256}};
    return w.Audit(store::AuditRecord(actor.Label(), domain::AuditAction::kSbomUpload).On("sbom", *id).After(Dump(after)));
  });
  if (!written) return Fail(written.error());
  auto checked = store_.Read([&](store::SbomReader& r) -> Status {
    auto check = CheckComponentRows(r, components);
    if (!check) return Fail(check.error());
    out.check = std::move(*check);
    return {};
  });
  if (!checked) return Fail(checked.error());
  row.document.clear();
  out.sbom = std::move(row);
  return out;
}

Result<std::vector<store::SbomRow>> SbomService::Sboms(const domain::Actor& actor, std::int64_t product_id) {
  std::vector<store::SbomRow> out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto product = Readable(r, actor, product_id);
    if (!product) return Fail(product.error());
    auto list = r.SbomsOfProduct(product_id);
    if (!list) return Fail(list.error());
    out = std::move(*list);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<CheckOutcome> SbomService::CheckStored(store::SbomReader& r, std::int64_t sbom_id) {
  auto latest = r.LatestImport();
  if (!latest) return Fail(latest.error());
  const std::int64_t import_id = *latest ? (*latest)->id : 0;
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = checks_.find(sbom_id); it != checks_.end() && it->second.first == import_id) {
      return *it->second.second;
    }
  }
  auto rows = r.Components(sbom_id);
  if (!rows) return Fail(rows.error());
  auto check = CheckComponentRows(r, *rows);
  if (!check) return Fail(check.error());
  std::lock_guard lock(cache_mu_);
  if (!checks_.contains(sbom_id)) {
    check_order_.push_back(sbom_id);
    if (check_order_.size() > kCachedChecks) {
      checks_.erase(check_order_.front());
      check_order_.pop_front();
    }
  }
  checks_[sbom_id] = {import_id, std::make_shared<const CheckOutcome>(*check)};
  return check;
}

Result<SbomReport> SbomService::ReportOf(store::SbomReader& r, const store::ProductRef& product,
                                         const store::SbomRow& sbom) {
  auto check = CheckStored(r, sbom.id);
  if (!check) return Fail(check.error());
  auto statements = r.VexOfProduct(product.id);
  if (!statements) return Fail(statements.error());
  SbomReport out;
  out.product = product;
  out.sbom = sbom;
  out.components = check->components;
  out.snapshot = check->snapshot;
  out.unmatched = std::move(check->unmatched);
  for (auto& f : check->findings) {
    FindingView view;
    view.statement = StatementInForce(*statements, f.match, f.purl, f.component_ref);
    if (!SaysResolved(view.statement)) ++out.open;
    view.finding = std::move(f);
    out.findings.push_back(std::move(view));
  }
  return out;
}

Result<SbomReport> SbomService::Report(const domain::Actor& actor, std::int64_t product_id, std::int64_t sbom_id) {
  SbomReport out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto product = Readable(r, actor, product_id);
    if (!product) return Fail(product.error());
    auto sbom = r.FindSbom(sbom_id, false);
    if (!sbom) return Fail(sbom.error());
    if (!*sbom || (*sbom)->product_id != product_id) {
      return Fail(Reason{"error.sbom.not_found", {{"id", std::to_string(sbom_id)}}}, ErrorCode::kNotFound,
                  fmt::format("product {} has no SBOM {}", product_id, sbom_id));
    }
    auto report = ReportOf(r, *product, **sbom);
    if (!report) return Fail(report.error());
    out = std::move(*report);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<store::SbomRow> SbomService::Document(const domain::Actor& actor, std::int64_t product_id,
                                             std::int64_t sbom_id) {
  store::SbomRow out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto product = Readable(r, actor, product_id);
    if (!product) return Fail(product.error());
    auto sbom = r.FindSbom(sbom_id, true);
    if (!sbom) return Fail(sbom.error());
    if (!*sbom || (*sbom)->product_id != product_id) {
      return Fail(Reason{"error.sbom.not_found", {{"id", std::to_string(sbom_id)}}}, ErrorCode::kNotFound,
                  fmt::format("product {} has no SBOM {}", product_id, sbom_id));
    }
    out = std::move(**sbom);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<std::vector<store::VexRow>> SbomService::UploadVex(const domain::Actor& actor, std::int64_t product_id,
                                                          std::string_view document) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kManageSboms); !ok) return Fail(ok.error());
  if (document.size() > kMaxSbomBytes) {
    return Fail(Reason{"error.sbom.too_large", {{"max", std::to_string(kMaxSbomBytes >> 20)}}},
                ErrorCode::kResourceExhausted, fmt::format("a VEX document may hold at most {} MiB", kMaxSbomBytes >> 20),
                "", "document");
  }
  auto vex = sbom::ReadVex(document, "vex");
  if (!vex) return Fail(ForPeople(vex.error(), "error.vex.invalid"));
  if (vex->statements.empty()) {
    return Fail(Reason{"error.vex.empty", {}}, ErrorCode::kInvalidArgument, "the document holds no statement", "",
                "document");
  }
  std::vector<store::VexRow> out;
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto product = Writable(w, actor, product_id);
    if (!product) return Fail(product.error());
    json after = json::array();
    for (const auto& s : vex->statements) {
      store::VexRow row;
      row.product_id = product_id;
      row.vulnerability = s.vulnerability;
      row.status = std::string(sbom::VexStatusName(s.status));
      row.justification = s.justification;
      row.detail = s.detail;
      row.scope = s.products;
      row.source = vex->format;
      row.stated_by = actor.user_id;
      auto id = w.InsertVex(row);
      if (!id) return Fail(id.error());
      row.id = *id;
      row.stated_at = w.Now();
      row.stated_by_email = actor.email;
      after.push_back({{"id", *id}, {"vulnerability", row.vulnerability}, {"status", row.status}});
      out.push_back(std::move(row));
    }
    return w.Audit(store::AuditRecord(actor.Label(), domain::AuditAction::kVexStatement)
                       .On("product", product_id)
                       .After(Dump({{"source", vex->format}, {"statements", after}})));
  });
  if (!written) return Fail(written.error());
  return out;
}

Result<store::VexRow> SbomService::State(const domain::Actor& actor, std::int64_t product_id, const VexInput& input) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kManageSboms); !ok) return Fail(ok.error());
  if (auto ok = CheckVexInput(input); !ok) return Fail(ok.error());
  store::VexRow row;
  row.product_id = product_id;
  row.vulnerability = std::string(Trim(input.vulnerability));
  row.status = input.status;
  row.justification = std::string(Trim(input.justification));
  row.detail = std::string(Trim(input.detail));
  row.scope = input.scope;
  row.source = "form";
  row.stated_by = actor.user_id;
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto product = Writable(w, actor, product_id);
    if (!product) return Fail(product.error());
    auto id = w.InsertVex(row);
    if (!id) return Fail(id.error());
    row.id = *id;
    row.stated_at = w.Now();
    row.stated_by_email = actor.email;
    const json after{{"id", *id},
                     {"vulnerability", row.vulnerability},
                     {"status", row.status},
                     {"justification", row.justification},
                     {"scope", row.scope}};
    return w.Audit(store::AuditRecord(actor.Label(), domain::AuditAction::kVexStatement)
                       .On("product", product_id)
                       .After(Dump({{"source", "form"}, {"statements", json::array({after})}})));
  });
  if (!written) return Fail(written.error());
  return row;
}

Result<std::vector<store::VexRow>> SbomService::Statements(const domain::Actor& actor, std::int64_t product_id) {
  std::vector<store::VexRow> out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto product = Readable(r, actor, product_id);
    if (!product) return Fail(product.error());
    auto list = r.VexOfProduct(product_id);
    if (!list) return Fail(list.error());
    out = std::move(*list);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<bool> SbomService::Add(const domain::Actor& actor, std::int64_t product_id, const std::string& lang) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kKeepPortfolio); !ok) return Fail(ok.error());
  if (!actor.organisation_id) {
    return Fail(Reason{"error.portfolio.no_organisation", {}}, ErrorCode::kFailedPrecondition,
                "the account belongs to no organisation");
  }
  bool added = false;
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto product = w.Product(product_id);
    if (!product) return Fail(product.error());
    if (!*product) return NoProduct(product_id);
    store::PortfolioRow row{*actor.organisation_id, product_id, actor.user_id, "", lang == "en" ? "en" : "ja"};
    auto inserted = w.AddToPortfolio(row);
    if (!inserted) return Fail(inserted.error());
    added = *inserted;
    if (auto feed = w.EnsureFeedKey(*actor.organisation_id, RandomToken(24)); !feed) return feed;
    if (!added) return {};
    return w.Audit(store::AuditRecord(actor.Label(), domain::AuditAction::kPortfolioAdd)
                       .On("organisation", *actor.organisation_id)
                       .After(Dump({{"product_id", product_id}, {"product", (*product)->name}})));
  });
  if (!written) return Fail(written.error());
  return added;
}

Result<bool> SbomService::Remove(const domain::Actor& actor, std::int64_t product_id) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kKeepPortfolio); !ok) return Fail(ok.error());
  if (!actor.organisation_id) return false;
  bool removed = false;
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto done = w.RemoveFromPortfolio(*actor.organisation_id, product_id);
    if (!done) return Fail(done.error());
    removed = *done;
    if (!removed) return {};
    return w.Audit(store::AuditRecord(actor.Label(), domain::AuditAction::kPortfolioRemove)
                       .On("organisation", *actor.organisation_id)
                       .Before(Dump({{"product_id", product_id}})));
  });
  if (!written) return Fail(written.error());
  return removed;
}

Result<bool> SbomService::InPortfolio(const domain::Actor& actor, std::int64_t product_id) {
  if (!actor.organisation_id || !actor.Has(domain::Role::kUser)) return false;
  bool found = false;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto list = r.Portfolio(*actor.organisation_id);
    if (!list) return Fail(list.error());
    found = std::any_of(list->begin(), list->end(), [&](const store::PortfolioRow& p) { return p.product_id == product_id; });
    return {};
  });
  if (!read) return Fail(read.error());
  return found;
}

Result<std::vector<PortfolioItem>> SbomService::Portfolio(const domain::Actor& actor) {
  if (auto ok = domain::AuthorizeRole(actor, domain::Action::kKeepPortfolio); !ok) return Fail(ok.error());
  std::vector<PortfolioItem> out;
  if (!actor.organisation_id) return out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto list = r.Portfolio(*actor.organisation_id);
    if (!list) return Fail(list.error());
    for (const auto& entry : *list) {
      auto product = r.Product(entry.product_id);
      if (!product) return Fail(product.error());
      if (!*product) continue;
      PortfolioItem item;
      item.product = **product;
      item.entry = entry;
      auto sboms = r.SbomsOfProduct(entry.product_id);
      if (!sboms) return Fail(sboms.error());
      if (!sboms->empty()) {
        item.latest = sboms->front();
        auto report = ReportOf(r, item.product, sboms->front());
        if (!report) return Fail(report.error());
        item.findings = report->findings.size();
        item.open = report->open;
      }
      out.push_back(std::move(item));
    }
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<std::vector<store::AlertRow>> SbomService::Alerts(const domain::Actor& actor, int limit) {
  std::vector<store::AlertRow> out;
  if (!actor.organisation_id) return out;
  if (!actor.Has(domain::Role::kAdmin) && !actor.Has(domain::Role::kVendor) && !actor.Has(domain::Role::kUser)) {
    return Fail(ErrorCode::kPermissionDenied, "alerts are for vendors and user companies");
  }
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto list = r.Alerts(*actor.organisation_id, limit);
    if (!list) return Fail(list.error());
    out = std::move(*list);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<std::string> SbomService::FeedPath(const domain::Actor& actor) {
  std::string out;
  if (!actor.organisation_id) return out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto key = r.FeedKeyOf(*actor.organisation_id);
    if (!key) return Fail(key.error());
    if (*key) out = fmt::format("/feeds/alerts/{}.atom?key={}", *actor.organisation_id, **key);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<std::vector<store::AlertRow>> SbomService::Feed(std::int64_t org_id, const std::string& key) {
  std::vector<store::AlertRow> out;
  bool found = false;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto stored = r.FeedKeyOf(org_id);
    if (!stored) return Fail(stored.error());
    // A wrong key looks like no feed at all.
    if (!*stored || key.size() != (*stored)->size() || !SecretsEqual(key, **stored)) return {};
    auto list = r.Alerts(org_id, 100);
    if (!list) return Fail(list.error());
    out = std::move(*list);
    found = true;
    return {};
  });
  if (!read) return Fail(read.error());
  if (!found) {
    return Fail(Reason{"error.alert_feed.not_found", {}}, ErrorCode::kNotFound, "there is no such alert feed");
  }
  return out;
}

Result<AdvisoryImpact> SbomService::Advisory(const domain::Actor& actor, const std::string& id) {
  AdvisoryImpact out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto row = r.OsvRecordByIdOrAlias(std::string(Trim(id)));
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(Reason{"error.osv.not_found", {{"id", id}}}, ErrorCode::kNotFound,
                  fmt::format("there is no OSV record {} (nor one with that alias)", id));
    }
    auto record = sbom::ParseOsv((*row)->content, (*row)->id);
    if (!record) return Fail(ErrorCode::kInternal, "a stored OSV record does not parse", record.error().message);
    auto affected = AffectedBy(r, *record);
    if (!affected) return Fail(affected.error());
    for (auto& a : *affected) {
      auto visible = Readable(r, actor, a.product.id);
      if (!visible) {
        if (visible.error().code == ErrorCode::kNotFound) continue;
        return Fail(visible.error());
      }
      out.products.push_back({std::move(a.product), std::move(a.sbom), std::move(a.components), std::move(a.matches)});
    }
    (*row)->content.clear();
    out.record = std::move(**row);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

Result<OsvStatus> SbomService::OsvData() {
  OsvStatus out;
  auto read = store_.Read([&](store::SbomReader& r) -> Status {
    auto latest = r.LatestImport();
    if (!latest) return Fail(latest.error());
    auto count = r.OsvRecordCount();
    if (!count) return Fail(count.error());
    out.latest = *latest;
    out.records = *count;
    out.snapshot = OsvSnapshot(*latest);
    return {};
  });
  if (!read) return Fail(read.error());
  return out;
}

}  // namespace proven::services
