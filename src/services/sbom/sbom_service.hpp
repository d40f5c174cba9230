#pragma once
// SBOMs and known vulnerabilities of verified products (issue 15, docs/sbom.md): a vendor attaches
// the SBOM of each release of its products and states what a finding means for them (VEX); a
// user company keeps the list of products it uses (its portfolio) and reads their findings and
// alerts. Findings are computed when read, from the SBOM's components and the OSV records in
// the store (services/sbom/sbom_check.hpp), so they follow every import at once; each carries the
// vendor's statement in force beside it.
//
// Who sees what: a product's SBOMs, findings and statements are read by its vendor's accounts,
// by the accounts of user companies with the product in their portfolio, and by the admin; anyone
// else finds nothing (kNotFound, as for a product that does not exist). Writes are audited.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "sbom/document.hpp"
#include "services/sbom/sbom_check.hpp"
#include "store/sbom/sbom_store.hpp"

namespace proven::services {

inline constexpr std::size_t kMaxSbomBytes = 32 * 1024 * 1024;
inline constexpr std::size_t kMaxSbomComponents = 100000;

struct SbomUpload {
  store::SbomRow sbom;
  CheckOutcome check;
};

// One finding with the vendor's statement in force.
struct FindingView {
  Finding finding;
  std::optional<store::VexRow> statement;
};

struct SbomReport {
  store::ProductRef product;
  store::SbomRow sbom;
  std::vector<FindingView> findings;
  std::vector<UnmatchedComponent> unmatched;
  std::size_t components = 0;
  std::string snapshot;
  // Findings the vendor has not stated not_affected or fixed for.
  std::size_t open = 0;
};

struct VexInput {
  std::string vulnerability;
  std::string status;  // sbom::VexStatusName
  std::string justification, detail;
  std::vector<std::string> scope;
};

struct PortfolioItem {
  store::ProductRef product;
  store::PortfolioRow entry;
  std::optional<store::SbomRow> latest;  // the newest SBOM, if any
  std::size_t findings = 0, open = 0;    // of the newest SBOM
};

struct AdvisoryImpact {
  store::OsvRecordRow record;
  struct Product {
    store::ProductRef product;
    store::SbomRow sbom;
    std::vector<store::ComponentRow> components;
    std::vector<sbom::Match> matches;
  };
  std::vector<Product> products;  // only those the actor may see
};

struct OsvStatus {
  std::optional<store::OsvImportRow> latest;
  std::int64_t records = 0;
  std::string snapshot;
};

class SbomService {
 public:
  explicit SbomService(store::SbomStore& store, const Clock& clock = Clock::System()) : store_(store), clock_(clock) {}

  // The vendor's accounts (and the admin): the document is read (ReadSbom: CycloneDX 1.4–1.6 or
  // SPDX 2.3, validated) and stored with its components; kAlreadyExists when the release has one.
  // `lang`: the language of the vendor's alerts about it.
  Result<SbomUpload> Upload(const domain::Actor& actor, std::int64_t product_id, const std::string& release,
                            std::string_view document, const std::string& lang);
  Result<std::vector<store::SbomRow>> Sboms(const domain::Actor& actor, std::int64_t product_id);
  Result<SbomReport> Report(const domain::Actor& actor, std::int64_t product_id, std::int64_t sbom_id);
  // The document as uploaded.
  Result<store::SbomRow> Document(const domain::Actor& actor, std::int64_t product_id, std::int64_t sbom_id);

  // A CycloneDX VEX or OpenVEX document: every statement stored (all or nothing).
  Result<std::vector<store::VexRow>> UploadVex(const domain::Actor& actor, std::int64_t product_id,
                                               std::string_view document);
  // One statement from the form or the JSON API. not_affected needs a justification.
  Result<store::VexRow> State(const domain::Actor& actor, std::int64_t product_id, const VexInput& input);
  Result<std::vector<store::VexRow>> Statements(const domain::Actor& actor, std::int64_t product_id);

  // A user company's portfolio (kKeepPortfolio; the actor's organisation).
  Result<bool> Add(const domain::Actor& actor, std::int64_t product_id, const std::string& lang);
  Result<bool> Remove(const domain::Actor& actor, std::int64_t product_id);
  Result<std::vector<PortfolioItem>> Portfolio(const domain::Actor& actor);
  Result<bool> InPortfolio(const domain::Actor& actor, std::int64_t product_id);
  // The alerts of the actor's organisation, newest first.
  Result<std::vector<store::AlertRow>> Alerts(const domain::Actor& actor, int limit = 200);

  // The path of the actor's organisation's alert feed ("/feeds/alerts/{org}.atom?key=…"), or "" when it
  // has none yet (it gets one when it first lists a product or attaches an SBOM).
  Result<std::string> FeedPath(const domain::Actor& actor);
  // The alerts of organisation `org_id` (newest first) when `key` is its feed key, compared in
  // constant time; kNotFound otherwise (an unknown organisation alike).
  Result<std::vector<store::AlertRow>> Feed(std::int64_t org_id, const std::string& key);

  // The reverse index: the products an advisory (OSV id or alias) affects, among those the actor
  // may see (the admin: all). kNotFound for an unknown id.
  Result<AdvisoryImpact> Advisory(const domain::Actor& actor, const std::string& id);

  Result<OsvStatus> OsvData();

 private:
  // The product when the actor may read its vulnerability data; kNotFound otherwise.
  Result<store::ProductRef> Readable(store::SbomReader& r, const domain::Actor& actor, std::int64_t product_id);
  // The product when the actor may write its SBOMs and statements (its vendor, the admin).
  Result<store::ProductRef> Writable(store::SbomReader& r, const domain::Actor& actor, std::int64_t product_id);
  Result<SbomReport> ReportOf(store::SbomReader& r, const store::ProductRef& product, const store::SbomRow& sbom);

  // The check of a stored SBOM against the records in force, cached by (SBOM, newest import): an
  // SBOM never changes and the records change only by an import, so a cached outcome is exact until
  // the next import (by any instance: the import id is read from the store on every request).
  Result<CheckOutcome> CheckStored(store::SbomReader& r, std::int64_t sbom_id);

  store::SbomStore& store_;
  const Clock& clock_;
  static constexpr std::size_t kCachedChecks = 64;
  std::mutex cache_mu_;
  std::map<std::int64_t, std::pair<std::int64_t, std::shared_ptr<const CheckOutcome>>> checks_;  // by SBOM id
  std::deque<std::int64_t> check_order_;  // insertion order, for eviction
};

}  // namespace proven::services
