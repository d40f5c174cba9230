// OSV records (osv.hpp): the parser, alias merging and Check. The matcher is in osv_match.cpp,
// the indexes in osv_index.cpp.
#include "sbom/osv.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace proven::sbom {
namespace {

using nlohmann::json;

// Walks the document, stopping at the first problem: what is wrong and where, as the message
// ("PYSEC-1.json: affected[0].ranges[1].events[2]: ...") and as Error::field.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  tl::unexpected<Error> Invalid(const std::string& field, std::string_view what) const {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}: {}", source_, field, what), {}, field);
  }

  // An optional string member: "" when absent or null.
  Result<std::string> String(const json& object, const char* key, const std::string& field, bool required) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) return Invalid(field, "is required");
      return std::string();
    }
    if (!it->is_string()) return Invalid(field, "must be a string");
    return it->get<std::string>();
  }

  Result<std::vector<std::string>> Strings(const json& object, const char* key, const std::string& field) const {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return out;
    if (!it->is_array()) return Invalid(field, "must be an array of strings");
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& item = (*it)[i];
      if (!item.is_string()) return Invalid(fmt::format("{}[{}]", field, i), "must be a string");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  // The member as an array, nullptr when absent or null.
  Result<const json*> Array(const json& object, const char* key, const std::string& field) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (!it->is_array()) return Invalid(field, "must be an array");
    return &*it;
  }

  Result<std::string> FirstSeverity(const json& object, const std::string& field) const {
    auto list = Array(object, "severity", field);
    if (!list) return tl::unexpected(list.error());
    if (*list == nullptr || (*list)->empty()) return std::string();
    const json& first = (**list)[0];
    const std::string f = field + "[0]";
    if (!first.is_object()) return Invalid(f, "must be an object");
    return String(first, "score", f + ".score", true);
  }

  Result<OsvEvent> Event(const json& e, const std::string& field) const {
    static constexpr std::array<std::pair<const char*, OsvEvent::Kind>, 4> kKinds{{
        {"introduced", OsvEvent::Kind::kIntroduced},
        {"fixed", OsvEvent::Kind::kFixed},
        {"last_affected", OsvEvent::Kind::kLastAffected},
        {"limit", OsvEvent::Kind::kLimit},
    }};
    if (!e.is_object()) return Invalid(field, "an event must be an object");
    OsvEvent out;
    int found = 0;
    for (const auto& [key, kind] : kKinds) {
      const auto it = e.find(key);
      if (it == e.end()) continue;
      ++found;
      if (!it->is_string()) return Invalid(fmt::format("{}.{}", field, key), "must be a string");
      out.kind = kind;
      out.value = it->get<std::string>();
    }
    if (found != 1) return Invalid(field, "an event needs exactly one of introduced, fixed, last_affected, limit");
    return out;
  }

  Result<OsvRange> Range(const json& r, const std::string& field) const {
    if (!r.is_object()) return Invalid(field, "a range must be an object");
    OsvRange out;
    auto type = String(r, "type", field + ".type", true);
    if (!type) return tl::unexpected(type.error());
    out.type = std::move(*type);
    auto repo = String(r, "repo", field + ".repo", false);
    if (!repo) return tl::unexpected(repo.error());
    out.repo = std::move(*repo);
    if (out.type == "GIT" && out.repo.empty()) return Invalid(field + ".repo", "is required in a GIT range");
    const std::string events_field = field + ".events";
    auto events = Array(r, "events", events_field);
    if (!events) return tl::unexpected(events.error());
    if (*events == nullptr) return Invalid(events_field, "is required");
    bool introduced = false;
    bool fixed = false;
    bool last_affected = false;
    out.events.reserve((*events)->size());
    for (std::size_t i = 0; i < (*events)->size(); ++i) {
      auto e = Event((**events)[i], fmt::format("{}[{}]", events_field, i));
      if (!e) return tl::unexpected(e.error());
      introduced = introduced || e->kind == OsvEvent::Kind::kIntroduced;
      fixed = fixed || e->kind == OsvEvent::Kind::kFixed;
      last_affected = last_affected || e->kind == OsvEvent::Kind::kLastAffected;
      out.events.push_back(std::move(*e));
    }
    // Both are "must"s of the specification ("Requirements"): a timeline without a start says
    // nothing, and fixed with last_affected in one range has no agreed meaning.
    if (!introduced) return Invalid(events_field, "a range needs at least one introduced event");
    if (fixed && last_affected) return Invalid(events_field, "a range has fixed or last_affected events, not both");
    return out;
  }

  Result<OsvAffected> Affected(const json& a, const std::string& field) const {
    if (!a.is_object()) return Invalid(field, "an affected entry must be an object");
    OsvAffected out;
    // The package may be missing: entries that describe only GIT commit ranges have none.
    if (const auto p = a.find("package"); p != a.end() && !p->is_null()) {
      const std::string pf = field + ".package";
      if (!p->is_object()) return Invalid(pf, "must be an object");
      auto ecosystem = String(*p, "ecosystem", pf + ".ecosystem", true);
      if (!ecosystem) return tl::unexpected(ecosystem.error());
      auto name = String(*p, "name", pf + ".name", true);
      if (!name) return tl::unexpected(name.error());
      auto purl = String(*p, "purl", pf + ".purl", false);
      if (!purl) return tl::unexpected(purl.error());
      if (ecosystem->empty()) return Invalid(pf + ".ecosystem", "must not be empty");
      if (name->empty()) return Invalid(pf + ".name", "must not be empty");
      out.ecosystem = std::move(*ecosystem);
      out.name = std::move(*name);
      out.purl = std::move(*purl);
    }
    auto ranges = Array(a, "ranges", field + ".ranges");
    if (!ranges) return tl::unexpected(ranges.error());
    if (*ranges != nullptr) {
      out.ranges.reserve((*ranges)->size());
      for (std::size_t i = 0; i < (*ranges)->size(); ++i) {
        auto r = Range((**ranges)[i], fmt::format("{}.ranges[{}]", field, i));
        if (!r) return tl::unexpected(r.error());
        out.ranges.push_back(std::move(*r));
      }
    }
    auto versions = Strings(a, "versions", field + ".versions");
    if (!versions) return tl::unexpected(versions.error());
    out.versions = std::move(*versions);
    return out;
  }

 private:
  std::string_view source_;
};

Result<OsvRecord> ParseRecord(const json& doc, const Reader& reader) {
  if (!doc.is_object()) return reader.Invalid("(record)", "an OSV record must be a JSON object");
  OsvRecord out;
  auto id = reader.String(doc, "id", "id", true);
  if (!id) return tl::unexpected(id.error());
  if (id->empty()) return reader.Invalid("id", "must not be empty");
  out.id = std::move(*id);
  const std::pair<const char*, std::string*> strings[] = {
      {"modified", &out.modified}, {"published", &out.published}, {"withdrawn", &out.withdrawn},
      {"summary", &out.summary},   {"details", &out.details},
  };
  for (const auto& [key, target] : strings) {
    auto value = reader.String(doc, key, key, std::string_view(key) == "modified");
    if (!value) return tl::unexpected(value.error());
    *target = std::move(*value);
  }
  auto aliases = reader.Strings(doc, "aliases", "aliases");
  if (!aliases) return tl::unexpected(aliases.error());
  out.aliases = std::move(*aliases);
  auto related = reader.Strings(doc, "related", "related");
  if (!related) return tl::unexpected(related.error());
  out.related = std::move(*related);
  auto severity = reader.FirstSeverity(doc, "severity");
  if (!severity) return tl::unexpected(severity.error());
  out.severity = std::move(*severity);
  auto affected = reader.Array(doc, "affected", "affected");
  if (!affected) return tl::unexpected(affected.error());
  if (*affected != nullptr) {
    out.affected.reserve((*affected)->size());
    for (std::size_t i = 0; i < (*affected)->size(); ++i) {
      const std::string field = fmt::format("affected[{}]", i);
      const json& a = (**affected)[i];
      auto entry = reader.Affected(a, field);
      if (!entry) return tl::unexpected(entry.error());
      // The specification puts the severity either on the record or on its affected entries.
      if (out.severity.empty()) {
        auto s = reader.FirstSeverity(a, field + ".severity");
        if (!s) return tl::unexpected(s.error());
        out.severity = std::move(*s);
      }
      out.affected.push_back(std::move(*entry));
    }
  }
  return out;
}

}  // namespace

std::string_view EventKindName(OsvEvent::Kind k) {
  switch (k) {
    case OsvEvent::Kind::kIntroduced:
      return "introduced";
    case OsvEvent::Kind::kFixed:
      return "fixed";
    case OsvEvent::Kind::kLastAffected:
      return "last_affected";
    case OsvEvent::Kind::kLimit:
      return "limit";
  }
  return "introduced";
}

Result<OsvRecord> ParseOsv(std::string_view json_text, std::string_view source) {
  const Reader reader(source);
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not a JSON document", source));
  }
  try {
    return ParseRecord(doc, reader);
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not an OSV record", source), e.what());
  }
}

void MergeAliased(std::vector<Match>& matches) {
  const std::size_t n = matches.size();
  if (n < 2) return;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return matches[a].id < matches[b].id; });
  // Union-find over "names the same vulnerability": aliases are symmetric and transitive
  // (schema.md), so two records that share any id (their own or an alias) describe one. A name is
  // owned by the first match (in id order) that carries it; a later carrier joins its group.
  std::vector<std::size_t> root(n);
  std::iota(root.begin(), root.end(), std::size_t{0});
  const auto find = [&](std::size_t x) {
    while (root[x] != x) x = root[x] = root[root[x]];
    return x;
  };
  std::unordered_map<std::string_view, std::size_t> owner;
  bool merged = false;
  for (const std::size_t i : order) {
    const auto claim = [&](std::string_view name) {
      const auto [it, inserted] = owner.emplace(name, i);
      if (inserted) return;
      const std::size_t a = find(it->second);
      const std::size_t b = find(i);
      if (a == b) return;
      // The root is the member with the lowest id: the one whose name came first in `order`.
      const bool a_first = matches[a].id < matches[b].id || (matches[a].id == matches[b].id && a < b);
      root[a_first ? b : a] = a_first ? a : b;
      merged = true;
    };
    claim(matches[i].id);
    for (const std::string& alias : matches[i].aliases) claim(alias);
  }
  if (!merged) {
    std::vector<Match> out;
    out.reserve(n);
    for (const std::size_t i : order) out.push_back(std::move(matches[i]));
    matches = std::move(out);
    return;
  }
  std::vector<std::vector<std::string>> extra(n);
  for (const std::size_t i : order) {
    const std::size_t k = find(i);
    if (k == i) continue;
    extra[k].push_back(matches[i].id);
    extra[k].insert(extra[k].end(), matches[i].aliases.begin(), matches[i].aliases.end());
  }
  std::vector<Match> out;
  out.reserve(n);
  for (const std::size_t i : order) {
    if (find(i) != i) continue;
    Match m = std::move(matches[i]);
    if (!extra[i].empty()) {
      m.aliases.insert(m.aliases.end(), extra[i].begin(), extra[i].end());
      std::sort(m.aliases.begin(), m.aliases.end());
      m.aliases.erase(std::unique(m.aliases.begin(), m.aliases.end()), m.aliases.end());
      m.aliases.erase(std::remove(m.aliases.begin(), m.aliases.end(), m.id), m.aliases.end());
    }
    out.push_back(std::move(m));
  }
  matches = std::move(out);
}

CheckResult Check(const OsvIndex& index, const std::vector<CheckInput>& components) {
  CheckResult result;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const CheckInput& c = components[i];
    const auto unmatched = [&](Unmatched reason, std::string detail) {
      result.unmatched.push_back(ComponentUnmatched{i, reason, std::move(detail)});
    };
    if (c.purl.empty()) {
      unmatched(Unmatched::kNoPurl, {});
      continue;
    }
    auto purl = ParsePurl(c.purl);
    if (!purl) {
      unmatched(Unmatched::kInvalidPurl, purl.error().message);
      continue;
    }
    auto package = OsvPackageOf(*purl);
    if (!package) {
      unmatched(package.error(), {});
      continue;
    }
    const std::string& version = purl->version.empty() ? c.version : purl->version;
    if (version.empty()) {
      unmatched(Unmatched::kNoVersion, {});
      continue;
    }
    std::vector<Match> matches;
    if (const auto comparator = ComparatorFor(package->ecosystem)) {
      auto parsed = ParseVersion(*comparator, version);
      if (!parsed) {
        unmatched(Unmatched::kUnparsableVersion, parsed.error().message);
        continue;
      }
      matches = index.Lookup(*package, *parsed);
    } else {
      matches = index.LookupText(*package, version);
    }
    ++result.components_checked;
    MergeAliased(matches);
    for (Match& m : matches) result.findings.push_back(ComponentFinding{i, std::move(m)});
  }
  return result;
}

}  // namespace proven::sbom
