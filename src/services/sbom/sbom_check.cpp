#include "services/sbom/sbom_check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/core.h>

#include "sbom/purl.hpp"

namespace proven::services {
namespace {

struct RecordInfo {
  std::string summary, severity, modified;
};

struct Loaded {
  sbom::OsvIndex index;
  std::map<std::string, RecordInfo> info;
  std::size_t records = 0;
};

Result<Loaded> Load(store::SbomReader& r, const std::vector<sbom::CheckInput>& inputs) {
  auto ids = r.OsvRecordIdsOf(PackagesOf(inputs));
  if (!ids) return Fail(ids.error());
  auto rows = r.OsvRecords(*ids);
  if (!rows) return Fail(rows.error());
  Loaded out;
  out.records = rows->size();
  for (const auto& row : *rows) {
    auto record = sbom::ParseOsv(row.content, row.id);
    // Stored records were parsed when imported; one that no longer parses is a bug, not input.
    if (!record) {
      return Fail(ErrorCode::kInternal, "a stored OSV record does not parse", record.error().message);
    }
    out.info[record->id] = RecordInfo{record->summary, record->severity, record->modified};
    out.index.Put(*record);
  }
  return out;
}

CheckOutcome Explain(const Loaded& loaded, const sbom::CheckResult& result,
                     const std::function<void(std::size_t, Finding&)>& describe,
                     const std::function<void(std::size_t, UnmatchedComponent&)>& describe_unmatched) {
  CheckOutcome out;
  out.records_considered = loaded.records;
  for (const auto& f : result.findings) {
    Finding finding;
    finding.component = f.component;
    finding.match = f.match;
    if (auto it = loaded.info.find(f.match.id); it != loaded.info.end()) {
      finding.summary = it->second.summary;
      finding.severity = it->second.severity;
      finding.modified = it->second.modified;
    }
    describe(f.component, finding);
    out.findings.push_back(std::move(finding));
  }
  for (const auto& u : result.unmatched) {
    UnmatchedComponent miss;
    miss.component = u.component;
    miss.reason = u.reason;
    miss.detail = u.detail;
    describe_unmatched(u.component, miss);
    out.unmatched.push_back(std::move(miss));
  }
  return out;
}

}  // namespace

std::string OsvSnapshot(const std::optional<store::OsvImportRow>& latest) {
  if (!latest) return "osv:none";
  return fmt::format("osv:{}@{}", latest->id, latest->finished_at);
}

std::vector<store::PackageKey> PackagesOf(const std::vector<sbom::CheckInput>& components) {
  std::set<store::PackageKey> keys;
  for (const auto& c : components) {
    auto purl = sbom::ParsePurl(c.purl);
    if (!purl) continue;
    auto package = sbom::OsvPackageOf(*purl);
    if (!package) continue;
    keys.emplace(package->ecosystem, package->name);
  }
  return {keys.begin(), keys.end()};
}

namespace {

bool Names(const store::VexRow& v, const std::string& id, const std::vector<std::string>& aliases) {
  if (v.vulnerability == id) return true;
  return std::find(aliases.begin(), aliases.end(), v.vulnerability) != aliases.end();
}

// "pkg:npm/a@1.0?x=y" → "pkg:npm/a": a statement may name the package without its version.
std::string WithoutVersion(const std::string& purl) {
  std::string out = purl.substr(0, purl.find_first_of("?#"));
  if (const auto at = out.rfind('@'); at != std::string::npos && at > out.rfind('/')) out.resize(at);
  return out;
}

}  // namespace

std::optional<store::VexRow> StatementInForce(const std::vector<store::VexRow>& statements, const sbom::Match& match,
                                              const std::string& purl, const std::string& ref) {
  std::optional<store::VexRow> out;
  const std::string bare = WithoutVersion(purl);
  for (const auto& v : statements) {
    if (!Names(v, match.id, match.aliases)) continue;
    bool in_scope = v.scope.empty();
    for (const auto& s : v.scope) {
      const bool same_package = s == bare || (s.find('@') == std::string::npos && WithoutVersion(s) == bare);
      if ((!purl.empty() && (s == purl || same_package)) || (!ref.empty() && s == ref)) {
        in_scope = true;
      }
    }
    if (in_scope && (!out || v.id > out->id)) out = v;
  }
  return out;
}

bool ProductStatedUnaffected(const std::vector<store::VexRow>& statements, const sbom::OsvRecord& record) {
  const store::VexRow* newest = nullptr;
  for (const auto& v : statements) {
    if (!v.scope.empty() || !Names(v, record.id, record.aliases)) continue;
    if (!newest || v.id > newest->id) newest = &v;
  }
  return newest && (newest->status == sbom::VexStatusName(sbom::VexStatus::kNotAffected) ||
                    newest->status == sbom::VexStatusName(sbom::VexStatus::kFixed));
}

Result<sbom::OsvIndex> IndexOf(const std::vector<store::OsvRecordRow>& records) {
  sbom::OsvIndex index;
  for (const auto& row : records) {
    auto record = sbom::ParseOsv(row.content, row.id);
    if (!record) return Fail(ErrorCode::kInternal, "a stored OSV record does not parse", record.error().message);
    index.Put(*record);
  }
  return index;
}

Result<CheckOutcome> CheckComponents(store::SbomReader& r, const std::vector<sbom::Component>& components) {
  std::vector<sbom::CheckInput> inputs;
  inputs.reserve(components.size());
  for (const auto& c : components) inputs.push_back({c.purl, c.version});
  auto latest = r.LatestImport();
  if (!latest) return Fail(latest.error());
  auto loaded = Load(r, inputs);
  if (!loaded) return Fail(loaded.error());
  const auto result = sbom::Check(loaded->index, inputs);
  auto out = Explain(
      *loaded, result,
      [&](std::size_t i, Finding& f) {
        f.component_ref = components[i].ref;
        f.component_name = components[i].name;
        f.component_version = components[i].version;
        f.purl = components[i].purl;
      },
      [&](std::size_t i, UnmatchedComponent& u) {
        u.component_ref = components[i].ref;
        u.component_name = components[i].name;
        u.purl = components[i].purl;
      });
  out.components = components.size();
  out.snapshot = OsvSnapshot(*latest);
  return out;
}

Result<CheckOutcome> CheckComponentRows(store::SbomReader& r, const std::vector<store::ComponentRow>& rows) {
  std::vector<sbom::Component> components;
  components.reserve(rows.size());
  for (const auto& row : rows) components.push_back({row.ref, row.name, row.version, row.purl, ""});
  return CheckComponents(r, components);
}

}  // namespace proven::services
