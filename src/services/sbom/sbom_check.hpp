#pragma once
// One SBOM's components against the OSV records in the store (issue 15): the records that name
// any component's package are read and indexed (sbom::OsvIndex), every component evaluated
// (sbom::Check), and each finding explained: the component, the purl, the record and its aliases,
// the range and event that matched, the comparator, and the OSV snapshot. Used by
// `proven sbom check` (nothing stored) and by SbomService (a product's stored SBOM).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sbom/document.hpp"
#include "sbom/osv.hpp"
#include "store/sbom/sbom_store.hpp"

namespace proven::services {

struct Finding {
  std::size_t component = 0;  // position in the SBOM
  std::string component_ref;  // bom-ref or SPDXID
  std::string component_name, component_version, purl;
  sbom::Match match;
  std::string summary;   // the record's
  std::string severity;  // its first severity score (a CVSS vector), "" when none
  std::string modified;  // the record's
};

struct UnmatchedComponent {
  std::size_t component = 0;
  std::string component_ref, component_name, purl;
  sbom::Unmatched reason = sbom::Unmatched::kNoPurl;
  std::string detail;
};

struct CheckOutcome {
  std::vector<Finding> findings;  // by component, then record id
  std::vector<UnmatchedComponent> unmatched;
  std::size_t components = 0;
  std::size_t records_considered = 0;  // records read for this check
  std::string snapshot;                // OsvSnapshot()
};

// "osv:<import id>@<finished_at>" of the newest finished import, or "osv:none".
std::string OsvSnapshot(const std::optional<store::OsvImportRow>& latest);

// The components' (ecosystem, name) keys, for those that can be looked up.
std::vector<store::PackageKey> PackagesOf(const std::vector<sbom::CheckInput>& components);

Result<CheckOutcome> CheckComponents(store::SbomReader& r, const std::vector<sbom::Component>& components);

// The same for already-built inputs with their display data (a stored SBOM's component rows).
Result<CheckOutcome> CheckComponentRows(store::SbomReader& r, const std::vector<store::ComponentRow>& rows);

// The vendor's statement in force for one finding: among `statements` (oldest first) those naming
// the record's id or one of its aliases, whose scope is empty (the whole product) or holds the
// component's purl (with or without its version) or bom-ref; the newest wins. nullopt when none.
std::optional<store::VexRow> StatementInForce(const std::vector<store::VexRow>& statements, const sbom::Match& match,
                                              const std::string& purl, const std::string& ref);
// Whether the newest whole-product statement about the record says not_affected or fixed.
bool ProductStatedUnaffected(const std::vector<store::VexRow>& statements, const sbom::OsvRecord& record);

// The OSV index of exactly these records (parsed from the stored JSON).
Result<sbom::OsvIndex> IndexOf(const std::vector<store::OsvRecordRow>& records);

}  // namespace proven::services
