#pragma once
// Threat models of a device verification (issue 16, docs/devices.md): elements of a data-flow
// diagram (actors, processes, stores, flows, trust boundaries) with assets and entry points marked,
// STRIDE threats per element each rated by likelihood and impact, the risk level from the documented
// matrix, attack paths through the elements, OWASP Threat Dragon v2 JSON in and out, and the
// diagram as SVG. Core only, no I/O: the caller reads and writes files and makes ids.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace proven::threat {

enum class ElementKind { kActor, kProcess, kStore, kFlow, kBoundary };
std::string_view KindCode(ElementKind k);  // "actor", "process", "store", "flow", "boundary"
std::optional<ElementKind> ParseKind(std::string_view code);

enum class Stride { kSpoofing, kTampering, kRepudiation, kInformationDisclosure, kDenialOfService, kElevationOfPrivilege };
// "spoofing", "tampering", "repudiation", "information_disclosure", "denial_of_service",
// "elevation_of_privilege"
std::string_view StrideCode(Stride s);
std::optional<Stride> ParseStride(std::string_view code);
// The categories STRIDE-per-element applies to a kind (Threat Dragon's and Microsoft's table):
// actor S R; process S T R I D E; store T R I D; flow T I D; boundary none.
std::vector<Stride> StrideFor(ElementKind k);

// The risk matrix (docs/devices.md): likelihood and impact 1 (low) … 3 (high);
// risk = likelihood × impact: 1–2 low, 3–4 medium, 6 high, 9 critical. 0 = not rated yet.
enum class RiskLevel { kNotRated, kLow, kMedium, kHigh, kCritical };
std::string_view RiskCode(RiskLevel r);  // "not_rated", "low", "medium", "high", "critical"
RiskLevel Risk(int likelihood, int impact);

struct Threat {
  std::string id;  // Threat Dragon's threat id (a UUID for new threats)
  std::string title;
  Stride category = Stride::kSpoofing;
  std::string status = "open";  // "open", "mitigated", "not_applicable"
  std::string description;
  std::string mitigation;
  int likelihood = 0;  // 0 not rated, 1..3
  int impact = 0;      // 0 not rated, 1..3
  RiskLevel risk() const { return Risk(likelihood, impact); }
};

struct Point {
  double x = 0;
  double y = 0;
};

struct Element {
  std::string id;  // Threat Dragon's cell id
  ElementKind kind = ElementKind::kProcess;
  std::string name;
  std::string description;
  bool out_of_scope = false;
  bool asset = false;        // holds or is an asset worth protecting
  bool entry_point = false;  // where an attacker can reach the device (a port, UART, an app API)
  std::string source;        // flows: element ids
  std::string target;
  // Geometry: boxes have x, y, width, height; flows and curved boundaries have points.
  double x = 0, y = 0, width = 0, height = 0;
  std::vector<Point> points;
  std::vector<Threat> threats;
};

struct AttackPath {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> steps;    // element ids in the attacker's order
  std::vector<std::string> threats;  // threat ids realised along the path
  int likelihood = 0;
  int impact = 0;
  RiskLevel risk() const { return Risk(likelihood, impact); }
};

struct Diagram {
  std::string id;
  std::string title;
  std::vector<Element> elements;
};

struct Model {
  std::string title;
  std::string owner;
  std::string reviewer;
  std::string description;
  std::vector<Diagram> diagrams;
  std::vector<AttackPath> attack_paths;
  // The whole document as read, so that what Proven does not model (styles, ports, Threat Dragon
  // fields of later versions) survives an import → export round trip.
  nlohmann::json original;

  Element* FindElement(std::string_view id);
  const Element* FindElement(std::string_view id) const;
  Threat* FindThreat(std::string_view id);
  const Threat* FindThreat(std::string_view id) const;
  const Element* ElementOfThreat(std::string_view threat_id) const;
};

// Reads a Threat Dragon v2 model (version "2.x", detail.diagrams[].cells[]). v1 models (no
// "version", diagrams with diagramJson) and other text are refused saying so. Errors are
// kInvalidArgument with Error::field a JSON pointer ("/detail/diagrams/0/cells/3/data/threats/1/type")
// and, for text that is not JSON, the line and column in the message.
Result<Model> ReadThreatDragon(std::string_view json_text);
// Writes Threat Dragon v2 JSON that Threat Dragon opens: the original document with every modelled
// field updated, cells added and removed; Proven's own data (likelihood, impact, asset and entry
// point flags, attack paths) in fields Threat Dragon keeps. ReadThreatDragon(WriteThreatDragon(m))
// equals m, and an imported file written back unchanged equals the file as JSON.
std::string WriteThreatDragon(const Model& m);

// Checks references and ranges: ids unique, flows between existing elements, likelihood and impact
// 0..3, attack path steps and threats existing. Not STRIDE per element: Threat Dragon files any
// category on any element and an import keeps it (Proven's own edits apply StrideFor).
// kInvalidArgument naming the first problem with its field ("elements/<id>/threats/<id>/impact").
Status Validate(const Model& m);

// What the SVG writes in words, in the page's language.
struct SvgLabels {
  std::string out_of_scope;  // "対象外" / "out of scope"
  std::string asset;         // "資産" / "asset"
  std::string entry_point;   // "入口" / "entry point"
  std::string threats;       // "脅威" / "threats"
};
// A self-contained SVG of one diagram (text escaped, no scripts, no external references): boxes,
// circles and cylinders for actors, processes and stores, dashed boundaries, arrows for flows, the
// number of open threats and the highest risk on each element. Elements without geometry are laid
// out on a grid. An empty model gives an empty, valid SVG.
std::string RenderSvg(const Model& m, std::size_t diagram, const SvgLabels& labels);

}  // namespace proven::threat
