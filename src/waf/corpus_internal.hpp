#pragma once
// Between the corpus loader and its importers (not for other code).
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "waf/corpus.hpp"
#include "waf/yaml_util.hpp"

namespace proven::waf::internal {

using Files = std::map<std::string, std::string>;  // relative path → bytes

struct Imported {
  std::vector<Case> cases;
  std::vector<Exclusion> excluded;
};

inline constexpr std::string_view kGoTestWafDir = "sources/gotestwaf/testcases/";
inline constexpr std::string_view kCrsDir = "sources/crs-regression/tests/";
inline constexpr std::string_view kOwnDir = "corpus/";
inline constexpr std::string_view kOverridesFile = "corpus/gotestwaf-categories.yaml";

// GoTestWAF's testcases/<set>/<name>.yml: one case per payload and placeholder kind.
Result<Imported> ImportGoTestWaf(const Files& files);
// go-ftw regression tests: tests/<rule file>/<rule id>.yaml, one case per usable test.
Result<Imported> ImportCrs(const Files& files);
// corpus/gotestwaf-categories.yaml: per-case category (and tag) overrides of imported cases.
Status ApplyOverrides(const Files& files, std::vector<Case>& cases);
// Our own corpus/**/*.yaml (schema proven.waf.corpus/1), including `derive` entries over `existing`.
Result<Imported> LoadOwnCases(const Files& files, const std::vector<Case>& existing);

// Adds an exclusion (merging equal source and reason).
void AddExclusion(std::vector<Exclusion>& out, std::string_view source, std::string_view reason, int count = 1);
// The string value of a scalar node or an error naming the field.
Result<std::string> ScalarAt(const std::string& path, const YamlNode& parent, std::string_view key, bool required);

}  // namespace proven::waf::internal
