#pragma once
// Persistence of SBOMs and known vulnerabilities (migration 0021, issue 15, docs/sbom.md): OSV
// records as imported (with their packages and aliases beside them for lookups), the SBOM of each
// product release with its components (the reverse index: components by OSV package), vendors'
// VEX statements, user companies' portfolios and the alerts an import raises. Same pattern as the
// other stores: a change is one write transaction with its audit entry and the mail it sends.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct OsvImportRow {
  std::int64_t id = 0;
  std::string source;
  std::string started_at, finished_at;
  bool incremental = false;
  std::int64_t read_count = 0, added = 0, updated = 0, unchanged = 0, withdrawn = 0, skipped = 0, alerts = 0;
};

struct OsvRecordRow {
  std::string id;
  std::string modified;
  std::string published;
  std::string summary;
  std::vector<std::string> aliases;
  std::string content;  // the record's JSON as imported
  std::int64_t import_id = 0;
};

// An OSV package: (ecosystem, normalised name), as sbom::OsvPackage.
using PackageKey = std::pair<std::string, std::string>;

struct SbomRow {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string release;
  std::string format;        // "cyclonedx", "spdx"
  std::string spec_version;  // "1.6", "SPDX-2.3"
  std::string name;
  std::int64_t components = 0;
  std::string sha256;        // of the document's bytes
  std::string document;      // only from FindSbom(…, true)
  std::int64_t uploaded_by = 0;
  std::string uploaded_at;
  std::string lang = "ja";
};

struct ComponentRow {
  std::int64_t sbom_id = 0;
  std::int64_t position = 0;
  std::string ref, name, version, purl;
  std::string ecosystem, package;  // "" when the component cannot be looked up
};

struct VexRow {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string vulnerability;
  std::string status;  // sbom::VexStatusName
  std::string justification, detail;
  std::vector<std::string> scope;  // purls or bom-refs; empty: the whole product
  std::string source;              // "cyclonedx", "openvex", "form"
  std::int64_t stated_by = 0;
  std::string stated_by_email;
  std::string stated_at;
};

struct PortfolioRow {
  std::int64_t org_id = 0;
  std::int64_t product_id = 0;
  std::int64_t added_by = 0;
  std::string added_at;
  std::string lang = "ja";
};

struct AlertRow {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string audience;  // "vendor", "user"
  std::int64_t product_id = 0;
  std::string product_name;  // read only
  std::int64_t sbom_id = 0;
  std::string release;       // read only
  std::string record_id;
  std::string summary;
  std::string components;  // JSON: [{"component", "purl", "range"}]
  std::int64_t import_id = 0;
  std::string created_at;
};

// What SbomService needs of a published product.
struct ProductRef {
  std::int64_t id = 0;
  std::string name;
  std::int64_t vendor_org_id = 0;
  std::string vendor;
};

// A person to tell: an enabled account of an organisation.
struct Member {
  std::int64_t user_id = 0;
  std::string email;
};

class SbomReader {
 public:
  virtual ~SbomReader() = default;
  // OSV.
  virtual Result<std::optional<OsvImportRow>> LatestImport() = 0;
  virtual Result<std::int64_t> OsvRecordCount() = 0;
  // id → modified of every record in force and every withdrawn one (an incremental import's
  // baseline; ~50 bytes a record).
  virtual Result<std::unordered_map<std::string, std::string>> OsvModifiedAll() = 0;
  // The ids of the records naming any of `packages`, sorted.
  virtual Result<std::vector<std::string>> OsvRecordIdsOf(const std::vector<PackageKey>& packages) = 0;
  virtual Result<std::vector<OsvRecordRow>> OsvRecords(const std::vector<std::string>& ids) = 0;
  // A record by its id or by one of its aliases (the first by id when several records alias it).
  virtual Result<std::optional<OsvRecordRow>> OsvRecordByIdOrAlias(const std::string& id) = 0;
  // Products.
  virtual Result<std::optional<ProductRef>> Product(std::int64_t id) = 0;
  virtual Result<std::vector<Member>> MembersOf(std::int64_t org_id) = 0;
  // SBOMs, newest upload first.
  virtual Result<std::vector<SbomRow>> SbomsOfProduct(std::int64_t product_id) = 0;
  virtual Result<std::optional<SbomRow>> FindSbom(std::int64_t id, bool with_document) = 0;
  virtual Result<std::vector<ComponentRow>> Components(std::int64_t sbom_id) = 0;
  // The reverse index: every stored component of any of `packages`.
  virtual Result<std::vector<ComponentRow>> ComponentsOf(const std::vector<PackageKey>& packages) = 0;
  // VEX, oldest first (the newest per vulnerability and scope is in force).
  virtual Result<std::vector<VexRow>> VexOfProduct(std::int64_t product_id) = 0;
  // Portfolios.
  virtual Result<std::vector<PortfolioRow>> Portfolio(std::int64_t org_id) = 0;
  virtual Result<std::vector<PortfolioRow>> PortfoliosWith(std::int64_t product_id) = 0;
  // Alerts of one organisation, newest first.
  virtual Result<std::vector<AlertRow>> Alerts(std::int64_t org_id, int limit) = 0;
  // The secret key of the organisation's alert feed, if it has one.
  virtual Result<std::optional<std::string>> FeedKeyOf(std::int64_t org_id) = 0;
};

class SbomWriter : public SbomReader {
 public:
  virtual const std::string& Now() const = 0;  // ISO 8601 UTC
  virtual Result<std::int64_t> BeginImport(const std::string& source, bool incremental) = 0;
  virtual Status FinishImport(const OsvImportRow& counts) = 0;  // by counts.id, finished now
  // Inserts or replaces the record (by id) with its packages and aliases; a withdrawn id of the
  // same record comes back into force.
  virtual Status PutOsvRecord(const OsvRecordRow& r, const std::vector<PackageKey>& packages) = 0;
  // Takes the record out of force (if it was) and records it as withdrawn.
  virtual Status WithdrawOsvRecord(const std::string& id, const std::string& modified, const std::string& withdrawn,
                                   std::int64_t import_id) = 0;
  // kAlreadyExists when the product has an SBOM for that release.
  virtual Result<std::int64_t> InsertSbom(const SbomRow& row, const std::vector<ComponentRow>& components) = 0;
  virtual Result<std::int64_t> InsertVex(const VexRow& row) = 0;
  virtual Result<bool> AddToPortfolio(const PortfolioRow& row) = 0;   // false: it was there
  virtual Result<bool> RemoveFromPortfolio(std::int64_t org_id, std::int64_t product_id) = 0;
  virtual Result<bool> InsertAlert(const AlertRow& row) = 0;          // false: told already
  // Gives the organisation an alert feed key (`key`) unless it has one.
  virtual Status EnsureFeedKey(std::int64_t org_id, const std::string& key) = 0;
  virtual Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class SbomStore {
 public:
  virtual ~SbomStore() = default;
  virtual Status Write(const std::function<Status(SbomWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(SbomReader&)>& body) = 0;
};

class SqlSbomStore final : public SbomStore {
 public:
  explicit SqlSbomStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(SbomWriter&)>& body) override;
  Status Read(const std::function<Status(SbomReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
