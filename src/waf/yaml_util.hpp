#pragma once
// YAML for the WAF corpus (issue 14, ADR 0017): the only file that includes yaml-cpp. A document is
// read into a small tree of our own (YamlNode) that keeps map order and each node's line and column,
// so the corpus code never sees a yaml-cpp type or exception.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace proven::waf {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;                                 // kScalar
  std::vector<YamlNode> items;                        // kSequence
  std::vector<std::pair<std::string, YamlNode>> map;  // kMap, in document order (keys are scalars)
  int line = 0;                                       // 1-based; 0 when unknown
  int column = 0;                                     // 1-based

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // The value of `key` in a map, or nullptr (also when this is not a map).
  const YamlNode* Find(std::string_view key) const;
};

// Parses one YAML document. Errors read "path:line:col: message" (kInvalidArgument); a document of
// only comments is a kNull node. Duplicate keys in a map are an error (yaml-cpp keeps both silently).
Result<YamlNode> LoadYaml(std::string_view path, const std::string& text);

// "path:line:col: message" for a node of a loaded document.
std::string Where(std::string_view path, const YamlNode& node);

}  // namespace proven::waf
