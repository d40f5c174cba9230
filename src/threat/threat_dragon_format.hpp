#pragma once
// Internal to proven_threat: the pieces of Threat Dragon v2 JSON shared by the reader and the
// writer. The writer re-reads each original cell with the reader's functions, so that it changes
// only what the model changed and an unchanged import is written back as it came.
//
// Where Proven's data lives in a Threat Dragon document (docs/devices.md):
//   cell.data.proven            {"asset": bool, "entryPoint": bool}
//   cell.data.threats[i].proven {"likelihood": 0..3, "impact": 0..3}
//   detail.proven               {"attackPaths": [{"id", "title", "description", "steps": [cell ids],
//                                                 "threats": [threat ids], "likelihood", "impact"}]}
// Threat Dragon's v2 schema sets no additionalProperties: false, and its editor changes threats
// field by field on the object it loaded, so these objects survive editing in Threat Dragon.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "threat/threat_model.hpp"

namespace proven::threat::td {

using Json = nlohmann::json;

inline constexpr std::string_view kProven = "proven";

std::string Pointer(const std::string& base, std::string_view key);
std::string Pointer(const std::string& base, std::size_t index);

// Typed members: absent or null gives the empty value; a wrong type is an error at the pointer.
Result<std::string> Str(const Json& obj, std::string_view key, const std::string& ptr);
Result<bool> Bool(const Json& obj, std::string_view key, const std::string& ptr);
Result<double> Num(const Json& obj, std::string_view key, const std::string& ptr);
Result<int> Rating(const Json& obj, std::string_view key, const std::string& ptr);
Result<std::string> Id(const Json& obj, std::string_view key, const std::string& ptr);
Result<const Json*> Obj(const Json& obj, std::string_view key, const std::string& ptr);
Result<const Json*> Arr(const Json& obj, std::string_view key, const std::string& ptr);

// "Information disclosure", "Denial of service", "Elevation of privilege" (Threat Dragon 2.x),
// any capitalisation, with spaces, hyphens or underscores, Proven's own codes, and the Japanese names
// Threat Dragon saves when its interface is in Japanese ("なりすまし", "改竄", "情報漏洩", …).
std::optional<Stride> StrideOfType(std::string_view type);
// "Open", "Mitigated", "NA" → "open", "mitigated", "not_applicable".
std::string StatusOfTd(std::string_view status);

// The element kind of a cell, or nullopt for cells Proven does not model (text blocks).
std::optional<ElementKind> KindOfCell(const Json& cell);
// A STRIDE threat Proven models (modelType absent or "STRIDE", type a STRIDE category).
bool IsModelledThreat(const Json& threat);
// The threat's id, or a stand-in "<cell id>/threats/<index>" when the file gives none.
std::string ThreatKey(const Json& threat, const std::string& cell_id, std::size_t index);

Result<Threat> ReadThreat(const Json& t, const std::string& cell_id, std::size_t index, const std::string& ptr);
// nullopt for a cell that is not an element (kept in the document only).
Result<std::optional<Element>> ReadElement(const Json& cell, const std::string& ptr);
Result<AttackPath> ReadAttackPath(const Json& p, const std::string& ptr);
Result<std::vector<AttackPath>> ReadAttackPaths(const Json& detail, const std::string& ptr);

}  // namespace proven::threat::td
