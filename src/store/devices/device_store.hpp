#pragma once
// Persistence of high-level device verification (migration 0022, issue 16, docs/devices.md):
// projects, their threat model (a Threat Dragon v2 document), test items, findings, documents and
// baseline checklists, the admin's test item catalogue, and providers' profiles. Same pattern as
// the other stores: a change is one write transaction with its audit entry.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct DeviceProjectRow {
  std::int64_t id = 0;
  std::int64_t maker_org_id = 0;
  std::int64_t provider_org_id = 0;
  std::int64_t service_id = 0;
  std::string title, device_kind, model, firmware_version;
  std::vector<std::string> interfaces;
  std::string interface_notes, intended_use, scope, depth, status, status_note, summary;
  bool publish_maker = false, publish_provider = false;
  std::string lang = "ja";
  std::int64_t requested_by = 0;
  std::string requested_at, accepted_at, reported_at, updated_at;
  // Read only (joined): the organisations' and the service's names.
  std::string maker_name, provider_name, service_name;
};

struct ThreatModelRow {
  std::int64_t project_id = 0;
  std::string document;  // Threat Dragon v2 JSON
  std::int64_t revision = 0;
  std::int64_t updated_by = 0;
  std::string updated_at;
};

struct CatalogueRow {
  std::int64_t id = 0;
  std::string code, title_ja, title_en, method_ja, method_en, tools, evidence_ja, evidence_en;
  std::vector<std::string> stride, interfaces, requirements;
  bool active = true;
  std::string updated_at;
};

struct TestItemRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string catalogue_code, title, method, tools, evidence;
  std::vector<std::string> threats;
  std::string status = "planned";
  std::string result, updated_at;
};

struct FindingRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t number = 0;
  std::string title, description, reproduction;
  std::optional<std::int64_t> test_item_id;
  std::string threat_id, cvss31, cvss40;
  std::string maker_risk, response, response_note;
  std::string retest = "not_retested";
  std::string retest_note, retested_at;
  bool withheld = true;
  std::string disclose_on, disclose_proposed_by;
  bool disclose_agreed = false;
  std::int64_t created_by = 0;
  std::string created_at, updated_at;
};

struct DeviceDocumentRow {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::optional<std::int64_t> finding_id;
  std::string kind, name, content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::string content;  // only from DeviceDocument(…)
  std::int64_t uploaded_by = 0;
  std::string uploaded_at;
};

struct ChecklistRow {
  std::int64_t project_id = 0;
  std::string baseline, code, status, note;
  std::int64_t updated_by = 0;
  std::string updated_at;
};

struct ProviderProfileRow {
  std::int64_t org_id = 0;
  std::string org_name;  // read only
  std::string intro;
  std::vector<std::string> device_kinds, techniques;
  std::string skills;  // JSON object: skill code → number of staff
  std::string tools, lab;
  std::string trust;   // JSON object: criterion code → {"answer", "evidence"}
  bool published = false;
  std::int64_t updated_by = 0;
  std::string updated_at;
};

// A 機器検証 service of the registry with the organisation providing it (by name; 0 when that
// organisation has no account).
struct DeviceServiceRef {
  std::int64_t id = 0;
  std::string name, provider, state, url;
  std::int64_t provider_org_id = 0;
};

class DeviceReader {
 public:
  virtual ~DeviceReader() = default;
  virtual Result<std::optional<DeviceProjectRow>> Project(std::int64_t id) = 0;
  // Newest first; org_id: only projects where it is the maker or the provider (nullopt: all).
  virtual Result<std::vector<DeviceProjectRow>> Projects(std::optional<std::int64_t> org_id) = 0;
  // Reported projects both sides consented to publish, of one provider (nullopt: all).
  virtual Result<std::vector<DeviceProjectRow>> PublishedProjects(std::optional<std::int64_t> provider_org_id) = 0;
  virtual Result<std::optional<ThreatModelRow>> ThreatModel(std::int64_t project_id) = 0;
  virtual Result<std::vector<CatalogueRow>> Catalogue() = 0;  // by code
  virtual Result<std::optional<CatalogueRow>> CatalogueItem(const std::string& code) = 0;
  virtual Result<std::vector<TestItemRow>> TestItems(std::int64_t project_id) = 0;  // by id
  virtual Result<std::vector<FindingRow>> Findings(std::int64_t project_id) = 0;   // by number
  virtual Result<std::vector<DeviceDocumentRow>> Documents(std::int64_t project_id) = 0;  // without content
  virtual Result<std::optional<DeviceDocumentRow>> Document(std::int64_t project_id, std::int64_t id) = 0;
  virtual Result<std::vector<ChecklistRow>> Checklist(std::int64_t project_id) = 0;
  // The registry's 機器検証 services that are active (by provider, name), or one by id (any state).
  virtual Result<std::vector<DeviceServiceRef>> DeviceServices() = 0;
  virtual Result<std::optional<DeviceServiceRef>> DeviceService(std::int64_t service_id) = 0;
  virtual Result<std::optional<ProviderProfileRow>> Profile(std::int64_t org_id) = 0;
  virtual Result<std::vector<ProviderProfileRow>> Profiles(bool published_only) = 0;
  virtual Result<std::optional<std::string>> OrganisationName(std::int64_t org_id) = 0;
};

class DeviceWriter : public DeviceReader {
 public:
  virtual const std::string& Now() const = 0;
  virtual Result<std::int64_t> InsertProject(const DeviceProjectRow& row) = 0;
  virtual Status UpdateProject(const DeviceProjectRow& row) = 0;  // every mutable column, by id
  virtual Status PutThreatModel(const ThreatModelRow& row) = 0;
  virtual Status PutCatalogueItem(const CatalogueRow& row) = 0;  // insert or update by code
  virtual Result<std::int64_t> InsertTestItem(const TestItemRow& row) = 0;
  virtual Status UpdateTestItem(const TestItemRow& row) = 0;
  virtual Status DeleteTestItem(std::int64_t project_id, std::int64_t id) = 0;
  virtual Result<std::int64_t> InsertFinding(FindingRow row) = 0;  // numbered next in its project
  virtual Status UpdateFinding(const FindingRow& row) = 0;
  virtual Result<std::int64_t> InsertDocument(const DeviceDocumentRow& row) = 0;
  virtual Status PutChecklist(const ChecklistRow& row) = 0;
  virtual Status PutProfile(const ProviderProfileRow& row) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class DeviceStore {
 public:
  virtual ~DeviceStore() = default;
  virtual Status Write(const std::function<Status(DeviceWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(DeviceReader&)>& body) = 0;
};

class SqlDeviceStore final : public DeviceStore {
 public:
  explicit SqlDeviceStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(DeviceWriter&)>& body) override;
  Status Read(const std::function<Status(DeviceReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
