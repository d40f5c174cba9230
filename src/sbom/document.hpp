#pragma once
// SBOM and VEX documents (issue 15): CycloneDX JSON 1.4–1.6 and SPDX 2.3 JSON, validated against
// their published JSON schemas (embedded from data/sbom/schemas/, draft-07 through valijson) and
// read into one component list; CycloneDX VEX and OpenVEX statements. Core only, no I/O: the
// caller hands in the bytes and a name for messages.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::sbom {

enum class SbomFormat { kCycloneDx, kSpdx };
std::string_view SbomFormatName(SbomFormat f);  // "cyclonedx", "spdx"

struct Component {
  std::string ref;      // CycloneDX bom-ref, SPDX SPDXID; when a CycloneDX component has no
                        // bom-ref, its JSON pointer ("/components/3/components/0")
  std::string name;
  std::string version;  // "" when absent
  std::string purl;     // "" when absent (SPDX: the first externalRef of type purl in category
                        // PACKAGE-MANAGER, else the first of type purl in any category)
  std::string pointer;  // where it is in the document (RFC 6901 JSON pointer)
};

struct Sbom {
  SbomFormat format = SbomFormat::kCycloneDx;
  std::string spec_version;  // "1.4", "1.5", "1.6", "SPDX-2.3"
  std::string name;          // CycloneDX metadata.component.name, SPDX name
  std::string version;       // CycloneDX metadata.component.version, "" otherwise
  std::string serial;        // CycloneDX serialNumber, SPDX documentNamespace
  std::vector<Component> components;  // nested CycloneDX components flattened, in document order;
                                      // metadata.component not included
};

// Reads an SBOM: detects the format (bomFormat "CycloneDX" with specVersion 1.4–1.6, or
// spdxVersion "SPDX-2.3"), validates it against the schema and reads the components.
// kInvalidArgument when the text is not JSON (message with line and column), is neither format or
// another version (which one it is, what Proven reads), or breaks the schema: then `problems` has
// one entry per violation, `field` the JSON pointer of the offending element
// ("/components/2/type") and `message` what is wrong there ("'librar' is not one of ...");
// `source` (a file name) starts every message.
Result<Sbom> ReadSbom(std::string_view text, std::string_view source);

// ---- VEX --------------------------------------------------------------------------------------

enum class VexStatus { kNotAffected, kAffected, kFixed, kUnderInvestigation };
// "not_affected", "affected", "fixed", "under_investigation" (the OpenVEX names; CycloneDX's
// analysis states map to them: not_affected/false_positive → not_affected, exploitable →
// affected, resolved/resolved_with_pedigree → fixed, in_triage → under_investigation).
std::string_view VexStatusName(VexStatus s);
std::optional<VexStatus> VexStatusFromName(std::string_view name);

struct VexStatement {
  std::string vulnerability;            // the id as the document gives it (CVE-…, GHSA-…, OSV id)
  std::vector<std::string> aliases;     // other ids the document gives for it
  std::vector<std::string> products;    // purls or bom-refs the statement is about ("" entries never)
  VexStatus status = VexStatus::kUnderInvestigation;
  std::string justification;            // OpenVEX justification / CycloneDX analysis.justification
  std::string detail;                   // analysis.detail; OpenVEX impact_statement, else
                                        // action_statement, else status_notes
  std::string timestamp;                // as given, "" when absent; OpenVEX: the statement's, else the
                                        // document's; CycloneDX: analysis.lastUpdated, firstIssued,
                                        // the vulnerability's updated, published, created, else
                                        // metadata.timestamp
};

struct VexDocument {
  std::string format;  // "cyclonedx", "openvex"
  std::string id;      // OpenVEX @id, CycloneDX serialNumber
  std::vector<VexStatement> statements;
};

// CycloneDX (1.4–1.6, "vulnerabilities" with "analysis"; schema-checked) or OpenVEX ("@context"
// https://openvex.dev/ns…, the v0.2.0 fields; checked field by field). Every statement needs a
// vulnerability, a status and at least one product (CycloneDX affects[].ref; OpenVEX products
// with an @id or identifiers.purl — CPEs and hashes alone are refused). A not_affected statement
// must say why, as the VEX minimum requirements ask: OpenVEX a justification or an
// impact_statement, CycloneDX (state not_affected) a justification or a detail; an OpenVEX
// affected statement needs its action_statement. Errors as ReadSbom's.
Result<VexDocument> ReadVex(std::string_view text, std::string_view source);

}  // namespace proven::sbom
