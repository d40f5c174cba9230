// Reading CycloneDX and SPDX SBOMs (document.hpp).
#include "sbom/document.hpp"

#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "sbom/schema.hpp"

namespace proven::sbom {
namespace {

using nlohmann::json;
using internal::PointerAppend;
using internal::SchemaId;

constexpr std::string_view kWhatProvenReads = "Proven reads CycloneDX JSON 1.4, 1.5 and 1.6 and SPDX 2.3 JSON";

// The schema has already checked the types; a member of another type reads as absent all the same.
std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// Depth first, parent before its children: the order a person reads the document in.
void CollectCycloneDx(const json& components, const std::string& pointer, std::vector<Component>& out) {
  if (!components.is_array()) return;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const json& c = components[i];
    std::string at = PointerAppend(pointer, i);
    std::string ref = StringAt(c, "bom-ref");
    out.push_back(Component{ref.empty() ? at : std::move(ref), StringAt(c, "name"), StringAt(c, "version"),
                            StringAt(c, "purl"), at});
    if (c.is_object()) {
      if (auto nested = c.find("components"); nested != c.end()) {
        CollectCycloneDx(*nested, PointerAppend(at, "components"), out);
      }
    }
  }
}

Sbom ReadCycloneDx(const json& document) {
  Sbom sbom;
  sbom.format = SbomFormat::kCycloneDx;
  sbom.spec_version = StringAt(document, "specVersion");
  sbom.serial = StringAt(document, "serialNumber");
  if (auto metadata = document.find("metadata"); metadata != document.end() && metadata->is_object()) {
    if (auto component = metadata->find("component"); component != metadata->end()) {
      sbom.name = StringAt(*component, "name");
      sbom.version = StringAt(*component, "version");
    }
  }
  if (auto components = document.find("components"); components != document.end()) {
    CollectCycloneDx(*components, "/components", sbom.components);
  }
  return sbom;
}

bool IsPurlType(const std::string& type) {
  return type == "purl" || type == "http://spdx.org/rdf/references/purl";
}

// SPDX 2.3 (appendix VI) files purls under PACKAGE-MANAGER (the 2.3 JSON schema allows no other
// spelling: the PACKAGE_MANAGER of SPDX 2.2 documents is refused before this). Some producers file
// them under SECURITY; the reference type still says what the locator is, so such a purl counts
// when the package has none under PACKAGE-MANAGER.
std::string SpdxPurl(const json& package) {
  auto refs = package.find("externalRefs");
  if (refs == package.end() || !refs->is_array()) return "";
  std::string other;
  for (const json& ref : *refs) {
    if (!IsPurlType(StringAt(ref, "referenceType"))) continue;
    std::string locator = StringAt(ref, "referenceLocator");
    if (locator.empty()) continue;
    if (StringAt(ref, "referenceCategory") == "PACKAGE-MANAGER") return locator;
    if (other.empty()) other = std::move(locator);
  }
  return other;
}

Sbom ReadSpdx(const json& document) {
  Sbom sbom;
  sbom.format = SbomFormat::kSpdx;
  sbom.spec_version = StringAt(document, "spdxVersion");
  sbom.name = StringAt(document, "name");
  sbom.serial = StringAt(document, "documentNamespace");
  auto packages = document.find("packages");
  if (packages == document.end() || !packages->is_array()) return sbom;
  for (std::size_t i = 0; i < packages->size(); ++i) {
    const json& p = (*packages)[i];
    if (!p.is_object()) continue;
    sbom.components.push_back(Component{StringAt(p, "SPDXID"), StringAt(p, "name"), StringAt(p, "versionInfo"),
                                        SpdxPurl(p), PointerAppend("/packages", i)});
  }
  return sbom;
}

Result<Sbom> Checked(SchemaId schema, const json& document, std::string_view source) {
  auto violations = internal::Validate(schema, document);
  if (!violations) return Fail(violations.error());
  if (!violations->empty()) {
    return Fail(internal::ViolationsError(
        source, fmt::format("not a valid {} document", internal::SchemaTitle(schema)), *violations));
  }
  return schema == SchemaId::kSpdx23 ? ReadSpdx(document) : ReadCycloneDx(document);
}

}  // namespace

std::string_view SbomFormatName(SbomFormat f) {
  switch (f) {
    case SbomFormat::kCycloneDx: return "cyclonedx";
    case SbomFormat::kSpdx: return "spdx";
  }
  return "";
}

Result<Sbom> ReadSbom(std::string_view text, std::string_view source) {
  auto parsed = internal::ParseJson(text, source);
  if (!parsed) return Fail(std::move(parsed.error()));
  const json& document = *parsed;
  if (!document.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: the document is a JSON {}, not an object: {}", source, document.type_name(),
                            kWhatProvenReads));
  }

  auto cyclonedx = internal::CycloneDxSchemaOf(document, source);
  if (!cyclonedx) return Fail(std::move(cyclonedx.error()));
  if (*cyclonedx) return Checked(**cyclonedx, document, source);

  if (auto spdx = document.find("spdxVersion"); spdx != document.end()) {
    const std::string version = spdx->is_string() ? spdx->get<std::string>() : spdx->dump();
    if (version == "SPDX-2.3") return Checked(SchemaId::kSpdx23, document, source);
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: {} is not supported: {}", source, Ellipsize(version, 20), kWhatProvenReads), {},
                "/spdxVersion");
  }

  const std::string context = StringAt(document, "@context");
  if (context.find("spdx.org/rdf/3") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: SPDX 3 is not supported: {}", source, kWhatProvenReads));
  }
  if (context.rfind("https://openvex.dev/ns", 0) == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: an OpenVEX document, not an SBOM: {}", source, kWhatProvenReads));
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: neither CycloneDX (no bomFormat) nor SPDX (no spdxVersion): {}", source,
                          kWhatProvenReads));
}

}  // namespace proven::sbom
