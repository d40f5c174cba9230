#pragma once
// High-level verification of devices (issue 16, docs/devices.md): the workspace in which a device
// maker and a verification provider (an organisation with a 機器検証 service in the registry) run a
// verification — the request, the threat model (OWASP Threat Dragon v2 in and out), test items from
// the admin's catalogue with threat coverage, findings with CVSS v3.1/v4.0 scores, the maker's risk
// evaluation and response, retests, disclosure dates both sides agree, the baseline checklists
// (ETSI EN 303 645, JC-STAR ★1) and the report as a PDF.
//
// Who sees what: a project is read by the maker's and the provider's accounts and the admin;
// anyone else finds nothing (kNotFound, as for a project that does not exist). What each side may
// do in each state is domain/devices/project.hpp's Allowed(). Every change is audited.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "cvss/cvss.hpp"
#include "document/document.hpp"
#include "domain/auth.hpp"
#include "domain/devices/project.hpp"
#include "domain/devices/reference_data.hpp"
#include "services/sbom/sbom_check.hpp"
#include "store/devices/device_store.hpp"
#include "store/sbom/sbom_store.hpp"
#include "threat/threat_model.hpp"

namespace proven::services {

inline constexpr std::size_t kMaxDeviceDocumentBytes = 20 * 1024 * 1024;
inline constexpr std::size_t kMaxThreatModelBytes = 8 * 1024 * 1024;

struct DeviceProject {
  store::DeviceProjectRow row;
  domain::devices::Side side = domain::devices::Side::kNone;
};

struct ThreatModelView {
  threat::Model model;
  std::int64_t revision = 0;  // 0: nothing saved yet
  std::string updated_at;
};

// One change to a threat model from the forms or the JSON API.
struct ThreatEdit {
  std::string op;  // "add_element", "remove_element", "add_threat", "change_threat", "remove_threat",
                   // "add_path", "remove_path"
  std::string id;  // the element, threat or path the op is about
  std::string kind, name, description;             // add_element
  bool asset = false, entry_point = false, out_of_scope = false;
  std::string source, target;                      // add_element of kind flow
  std::string category, title, mitigation, status;  // threats
  int likelihood = 0, impact = 0;                  // threats and paths
  std::vector<std::string> steps, threats;         // paths
};

struct CoverageRow {
  std::string threat_id, title, element, category, status;
  threat::RiskLevel risk = threat::RiskLevel::kNotRated;
  std::vector<std::int64_t> items;  // test items linked to the threat
  bool tested = false;              // a linked item has a result (passed or failed)
  bool untested_high = false;       // risk high or critical, open, and not tested
};
struct Coverage {
  std::vector<CoverageRow> rows;  // highest risk first
  std::vector<store::TestItemRow> items;
  std::size_t untested_high = 0;
  std::size_t threats = 0, covered = 0, tested = 0;
};

struct DeviceFindingView {
  store::FindingRow row;
  std::optional<cvss::Scores> v31, v40;
  std::string severity;  // of the highest score given, "" without vectors
  double score = 0;
  bool disclosed = false;  // public today (not withheld, or the agreed date has come)
  std::vector<store::DeviceDocumentRow> evidence;
};

struct ChecklistEntry {
  domain::devices::Requirement requirement;
  std::string status = "not_assessed";
  std::string note, updated_at;
};
struct ChecklistView {
  const domain::devices::Baseline* baseline = nullptr;
  std::vector<ChecklistEntry> entries;
  std::size_t met = 0, not_met = 0, not_applicable = 0, not_assessed = 0;
  std::size_t mandatory_open = 0;  // mandatory requirements not met or not assessed: what stands before a label
};

struct SbomDocumentCheck {
  store::DeviceDocumentRow document;
  CheckOutcome outcome;
};

// Words of the report, from the message catalogue in the report's language: `t(key)` for keys
// under "device.report.", "device.stride.", "device.status.", … (docs/devices.md lists them).
using Labels = std::function<std::string(std::string_view key)>;

class DeviceService {
 public:
  DeviceService(store::DeviceStore& store, store::SbomStore& sboms, const Clock& clock = Clock::System())
      : store_(store), sboms_(sboms), clock_(clock) {}

  // ---- Projects ----
  // The registry's active 機器検証 services whose provider has an account (a request goes to it).
  Result<std::vector<store::DeviceServiceRef>> Providers();
  Result<DeviceProject> Request(const domain::Actor& actor, const domain::devices::ProjectInput& in);
  Result<DeviceProject> EditRequest(const domain::Actor& actor, std::int64_t id, const domain::devices::ProjectInput& in);
  // withdraw, accept, decline (note: the reason, required) and issue_report (note: the summary).
  Result<DeviceProject> Transition(const domain::Actor& actor, std::int64_t id, domain::devices::ProjectAction action,
                                   const std::string& note);
  // The side's consent to publishing the project's summary and disclosed findings on its provider's profile.
  Result<DeviceProject> Consent(const domain::Actor& actor, std::int64_t id, bool consent);
  Result<std::vector<store::DeviceProjectRow>> Projects(const domain::Actor& actor);
  Result<DeviceProject> Project(const domain::Actor& actor, std::int64_t id);

  // ---- Documents ----
  // kind "sbom" is read by the SBOM module (CycloneDX 1.4–1.6, SPDX 2.3) and refused when it does not read;
  // "evidence" belongs to a finding (finding_id) and is the provider's.
  Result<store::DeviceDocumentRow> Upload(const domain::Actor& actor, std::int64_t id, const std::string& kind,
                                          const std::string& name, const std::string& content_type,
                                          std::string_view bytes, std::optional<std::int64_t> finding_id);
  Result<std::vector<store::DeviceDocumentRow>> Documents(const domain::Actor& actor, std::int64_t id);
  Result<store::DeviceDocumentRow> Document(const domain::Actor& actor, std::int64_t id, std::int64_t document_id);
  // The SBOMs among the documents, each checked against the OSV records in the store.
  Result<std::vector<SbomDocumentCheck>> SbomChecks(const domain::Actor& actor, std::int64_t id);

  // ---- Threat model ----
  Result<ThreatModelView> ThreatModel(const domain::Actor& actor, std::int64_t id);
  Result<ThreatModelView> ImportThreatModel(const domain::Actor& actor, std::int64_t id, std::string_view json_text);
  Result<std::string> ExportThreatModel(const domain::Actor& actor, std::int64_t id);
  Result<ThreatModelView> EditThreatModel(const domain::Actor& actor, std::int64_t id, const ThreatEdit& edit);

  // ---- Test items ----
  Result<std::vector<store::CatalogueRow>> Catalogue();
  // Catalogue items that test for open threats of the model on the device's interfaces, not yet added.
  Result<std::vector<store::CatalogueRow>> Suggestions(const domain::Actor& actor, std::int64_t id);
  // Adds a catalogue item in the project's language, linked to the open threats of its STRIDE categories.
  Result<store::TestItemRow> AddFromCatalogue(const domain::Actor& actor, std::int64_t id, const std::string& code);
  Result<store::TestItemRow> AddItem(const domain::Actor& actor, std::int64_t id, const domain::devices::ItemInput& in);
  Result<store::TestItemRow> ChangeItem(const domain::Actor& actor, std::int64_t id, std::int64_t item_id,
                                        const domain::devices::ItemInput& in);
  Status RemoveItem(const domain::Actor& actor, std::int64_t id, std::int64_t item_id);
  Result<Coverage> CoverageOf(const domain::Actor& actor, std::int64_t id);

  // ---- Findings ----
  Result<std::vector<DeviceFindingView>> Findings(const domain::Actor& actor, std::int64_t id);
  Result<DeviceFindingView> AddFinding(const domain::Actor& actor, std::int64_t id, const domain::devices::FindingInput& in);
  Result<DeviceFindingView> ChangeFinding(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                    const domain::devices::FindingInput& in);
  Result<DeviceFindingView> Respond(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                              const domain::devices::ResponseInput& in);
  Result<DeviceFindingView> Retest(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                             const domain::devices::RetestInput& in);
  // Either side: op "propose" (with the date) or "agree"; the provider also "publish" (withheld = false)
  // and "withhold".
  Result<DeviceFindingView> Disclosure(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                 const std::string& op, const std::string& date);

  // ---- Baseline checklists ----
  Result<ChecklistView> Checklist(const domain::Actor& actor, std::int64_t id, const std::string& baseline);
  Result<ChecklistView> Assess(const domain::Actor& actor, std::int64_t id, const std::string& baseline,
                               const std::string& code, const std::string& status, const std::string& note);

  // ---- The report ----
  // The report as a PDF in the verification reports' style, in the project's language. Withheld
  // findings that are not yet disclosed are in it (it goes to both sides), marked so.
  Result<document::RenderedPdf> ReportPdf(const domain::Actor& actor, std::int64_t id, const Labels& t);

  // ---- The admin's catalogue ----
  // Fills an empty catalogue from data/devices/test_items.json (serve and migrate call it; idempotent).
  Status SeedCatalogue();
  Result<store::CatalogueRow> SaveCatalogueItem(const domain::Actor& actor, const store::CatalogueRow& row);

 private:
  Result<DeviceProject> Load(store::DeviceReader& r, const domain::Actor& actor, std::int64_t id);
  Result<DeviceProject> LoadFor(store::DeviceReader& r, const domain::Actor& actor, std::int64_t id,
                                domain::devices::ProjectAction action);
  Result<ThreatModelView> ModelOf(store::DeviceReader& r, const store::DeviceProjectRow& p);
  Result<DeviceFindingView> ViewOf(store::DeviceReader& r, const store::FindingRow& f);
  Result<DeviceFindingView> UpdateFinding(const domain::Actor& actor, std::int64_t id, std::int64_t finding_id,
                                    domain::devices::ProjectAction action, domain::AuditAction audit,
                                    const std::function<Status(store::DeviceWriter&, const DeviceProject&, store::FindingRow&)>& change);

  store::DeviceStore& store_;
  store::SbomStore& sboms_;
  const Clock& clock_;
};

// Which side of the project `actor` is on (an admin not of either side: kAdmin), and its state.
domain::devices::Side SideOf(const domain::Actor& actor, const store::DeviceProjectRow& p);
domain::devices::ProjectState StateOf(const store::DeviceProjectRow& p);

// Applies one edit to a model (new ids from `new_id`); kInvalidArgument naming the field.
Status ApplyThreatEdit(threat::Model& m, const ThreatEdit& e, const std::function<std::string()>& new_id);
// Threats × items.
Coverage CoverageFor(const threat::Model& m, const std::vector<store::TestItemRow>& items);

}  // namespace proven::services
