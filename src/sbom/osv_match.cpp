// Range evaluation (osv_match.hpp).
#include "sbom/osv_match.hpp"

#include <algorithm>
#include <utility>

namespace proven::sbom::osv_detail {
namespace {

constexpr std::string_view kSemverType = "SEMVER";
constexpr std::string_view kEcosystemType = "ECOSYSTEM";

bool IsSemverFamily(Comparator c) {
  return c == Comparator::kSemver || c == Comparator::kCratesIo || c == Comparator::kGo;
}

// vers-spec: a version is percent-encoded where it holds a character that vers itself uses
// ("|", "<", ">", "=", "!", "*", ",", "%", "/") or anything outside printable ASCII.
void AppendVersEncoded(std::string& out, std::string_view version) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : version) {
    const auto u = static_cast<unsigned char>(ch);
    const bool plain = (u > 0x20 && u < 0x7f) && std::string_view("|<>=!*,%/").find(ch) == std::string_view::npos;
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
}

bool IsOpenStart(const CompiledEvent& introduced) { return introduced.version.text() == "0"; }

std::string VersOfInterval(std::string_view scheme, const RangeHit& hit) {
  std::string out = "vers:";
  out += scheme;
  out += '/';
  const std::size_t start = out.size();
  if (!IsOpenStart(*hit.introduced)) {
    out += ">=";
    AppendVersEncoded(out, hit.introduced->version.text());
  }
  if (hit.closed_by != nullptr) {
    if (out.size() > start) out += '|';
    out += hit.closed_by->kind == OsvEvent::Kind::kLastAffected ? "<=" : "<";
    AppendVersEncoded(out, hit.closed_by->version.text());
  }
  if (out.size() == start) out += '*';
  return out;
}

std::string VersOfVersion(std::string_view scheme, std::string_view version) {
  std::string out = "vers:";
  out += scheme;
  out += '/';
  AppendVersEncoded(out, version);
  return out;
}

// Infinite limits sort last; otherwise by version. stable_sort keeps equal versions in record
// order, which decides the outcome when, say, an introduced and a fixed event name one version:
// the pseudo-code applies them in that order.
bool EventLess(const CompiledEvent& a, const CompiledEvent& b) {
  if (a.infinite || b.infinite) return !a.infinite && b.infinite;
  return Compare(a.version, b.version) < 0;
}

std::optional<CompiledRange> CompileRange(const OsvRange& range, std::uint32_t index, Comparator comparator,
                                          VersionPool* pool) {
  CompiledRange out;
  out.range_index = index;
  out.semver_type = range.type == kSemverType;
  out.comparator = comparator;
  out.events.reserve(range.events.size());
  for (const OsvEvent& e : range.events) {
    CompiledEvent ce;
    ce.kind = e.kind;
    if (e.kind == OsvEvent::Kind::kLimit) {
      out.has_limits = true;
      if (e.value.find('*') != std::string::npos) {
        ce.infinite = true;
        out.unbounded_limit = true;
        ce.version = Version(comparator, e.value, nullptr);
        out.events.push_back(std::move(ce));
        continue;
      }
    }
    auto parsed = pool != nullptr ? pool->Get(comparator, e.value) : ParseVersion(comparator, e.value);
    if (!parsed) {
      if (pool != nullptr) {
        for (const CompiledEvent& held : out.events) {
          if (!held.infinite) pool->Release(held.version);
        }
      }
      return std::nullopt;
    }
    ce.version = std::move(*parsed);
    out.events.push_back(std::move(ce));
  }
  std::stable_sort(out.events.begin(), out.events.end(), EventLess);
  return out;
}

struct Scheme {
  std::string_view ecosystem;
  std::string_view scheme;
};
constexpr std::array<Scheme, 18> kSchemes{{
    {"PyPI", "pypi"},
    {"npm", "npm"},
    {"Maven", "maven"},
    {"Go", "golang"},
    {"crates.io", "cargo"},
    {"RubyGems", "gem"},
    {"NuGet", "nuget"},
    {"Debian", "deb"},
    {"Ubuntu", "deb"},
    {"Alpine", "apk"},
    {"Packagist", "composer"},
    {"Hex", "hex"},
    {"Pub", "pub"},
    {"SwiftURL", "swift"},
    {"Hackage", "hackage"},
    {"CRAN", "cran"},
    {"ConanCenter", "conan"},
    {"GitHub Actions", "github"},
}};

}  // namespace

std::optional<Comparator> RangeComparator(std::string_view range_type,
                                          std::optional<Comparator> ecosystem_comparator) {
  if (range_type == kSemverType) {
    if (ecosystem_comparator && IsSemverFamily(*ecosystem_comparator)) return ecosystem_comparator;
    return Comparator::kSemver;
  }
  if (range_type == kEcosystemType) return ecosystem_comparator;
  return std::nullopt;
}

std::string IndexKey(std::string_view ecosystem, std::string_view name) {
  std::string key(ecosystem);
  key.push_back('\0');
  key += NormalizeName(ecosystem, name);
  return key;
}

std::string VersScheme(std::string_view ecosystem) {
  const std::string_view base = BaseEcosystem(ecosystem);
  for (const Scheme& s : kSchemes) {
    if (s.ecosystem == base) return std::string(s.scheme);
  }
  std::string out;
  out.reserve(base.size());
  for (const char ch : base) {
    if (ch == ' ') {
      out.push_back('-');
    } else {
      out.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
    }
  }
  return out;
}

std::string VersionPool::KeyOf(Comparator comparator, std::string_view text) {
  std::string key;
  key.reserve(text.size() + 1);
  key.push_back(static_cast<char>('a' + static_cast<int>(comparator)));
  key += text;
  return key;
}

Result<Version> VersionPool::Get(Comparator comparator, std::string_view text) {
  std::string key = KeyOf(comparator, text);
  if (const auto it = held_.find(key); it != held_.end()) {
    ++it->second.holders;
    return it->second.version;
  }
  auto parsed = ParseVersion(comparator, text);
  if (!parsed) return parsed;
  held_.emplace(std::move(key), Held{*parsed, 1});
  return parsed;
}

void VersionPool::Release(const Version& version) {
  const auto it = held_.find(KeyOf(version.comparator(), version.text()));
  if (it != held_.end() && --it->second.holders == 0) held_.erase(it);
}

void Release(const CompiledAffected& affected, VersionPool& pool) {
  for (const CompiledRange& r : affected.ranges) {
    for (const CompiledEvent& e : r.events) {
      if (!e.infinite) pool.Release(e.version);
    }
  }
}

std::optional<CompiledAffected> Compile(const OsvAffected& affected, std::size_t affected_index, VersionPool* pool) {
  if (affected.ecosystem.empty() || affected.name.empty()) return std::nullopt;
  CompiledAffected out;
  out.affected_index = static_cast<std::uint32_t>(affected_index);
  out.ecosystem = affected.ecosystem;
  out.comparator = ComparatorFor(affected.ecosystem);
  for (std::size_t i = 0; i < affected.ranges.size(); ++i) {
    const OsvRange& range = affected.ranges[i];
    const bool ordered_type = range.type == kSemverType || range.type == kEcosystemType;
    const auto comparator = RangeComparator(range.type, out.comparator);
    if (!comparator) {
      if (ordered_type) ++out.unevaluable_ranges;
      continue;
    }
    auto compiled = CompileRange(range, static_cast<std::uint32_t>(i), *comparator, pool);
    if (!compiled) {
      ++out.unevaluable_ranges;
      continue;
    }
    out.ranges.push_back(std::move(*compiled));
  }
  for (std::size_t i = 0; i < affected.versions.size(); ++i) {
    const std::string& text = affected.versions[i];
    if (out.comparator) {
      Subject subject(text, nullptr);
      if (const Version* v = subject.As(*out.comparator)) {
        // A version a range already holds would never be reported: the ranges are tried first.
        const bool covered = std::any_of(out.ranges.begin(), out.ranges.end(), [&](const CompiledRange& r) {
          const Version* rv = subject.As(r.comparator);
          return rv != nullptr && Evaluate(r, *rv).has_value();
        });
        if (!covered) out.versions.push_back(VersionEntry{*v, static_cast<std::uint32_t>(i)});
        continue;
      }
    }
    out.version_strings.push_back(StringEntry{text, static_cast<std::uint32_t>(i)});
  }
  std::stable_sort(out.versions.begin(), out.versions.end(),
                   [](const VersionEntry& a, const VersionEntry& b) { return Compare(a.version, b.version) < 0; });
  std::stable_sort(out.version_strings.begin(), out.version_strings.end(),
                   [](const StringEntry& a, const StringEntry& b) { return a.text < b.text; });
  out.versions.shrink_to_fit();
  out.version_strings.shrink_to_fit();
  out.ranges.shrink_to_fit();
  return out;
}

Subject::Subject(std::string_view text, const Version* parsed) : text_(text), given_(parsed) {}

const Version* Subject::As(Comparator c) {
  if (given_ != nullptr && given_->comparator() == c) return given_;
  auto& slot = cache_[static_cast<std::size_t>(c)];
  if (!slot) {
    auto parsed = ParseVersion(c, text_);
    slot = parsed ? std::optional<Version>(std::move(*parsed)) : std::nullopt;
  }
  return *slot ? &**slot : nullptr;
}

std::optional<RangeHit> Evaluate(const CompiledRange& range, const Version& v) {
  const std::vector<CompiledEvent>& events = range.events;
  const CompiledEvent* highest_limit = nullptr;
  if (range.has_limits && !range.unbounded_limit) {
    // BeforeLimits: v below any limit, i.e. below the highest (sorted last among the limits).
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->kind == OsvEvent::Kind::kLimit) {
        highest_limit = &*it;
        break;
      }
    }
    if (Compare(v, highest_limit->version) >= 0) return std::nullopt;
  }
  bool vulnerable = false;
  std::size_t opener = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const CompiledEvent& e = events[i];
    switch (e.kind) {
      case OsvEvent::Kind::kIntroduced:
        if (Compare(v, e.version) >= 0) {
          if (!vulnerable) opener = i;
          vulnerable = true;
        }
        break;
      case OsvEvent::Kind::kFixed:
        if (Compare(v, e.version) >= 0) vulnerable = false;
        break;
      case OsvEvent::Kind::kLastAffected:
        if (Compare(v, e.version) > 0) vulnerable = false;
        break;
      case OsvEvent::Kind::kLimit:
        break;
    }
  }
  if (!vulnerable) return std::nullopt;
  RangeHit hit;
  hit.introduced = &events[opener];
  // No fixed or last_affected event after the opener fired (one that had would have ended the
  // interval), so the first of them is the one that closes it.
  for (std::size_t i = opener + 1; i < events.size(); ++i) {
    const auto k = events[i].kind;
    if (k == OsvEvent::Kind::kFixed || k == OsvEvent::Kind::kLastAffected) {
      hit.closed_by = &events[i];
      break;
    }
  }
  if (highest_limit != nullptr) {
    if (hit.closed_by == nullptr) {
      hit.closed_by = highest_limit;
    } else {
      const int c = Compare(highest_limit->version, hit.closed_by->version);
      if (c < 0 || (c == 0 && hit.closed_by->kind == OsvEvent::Kind::kLastAffected)) hit.closed_by = highest_limit;
    }
  }
  return hit;
}

std::optional<Match> MatchAffected(const CompiledAffected& affected, Subject& subject) {
  for (const CompiledRange& range : affected.ranges) {
    const Version* v = subject.As(range.comparator);
    if (v == nullptr) continue;
    const auto hit = Evaluate(range, *v);
    if (!hit) continue;
    Match m;
    m.affected_index = affected.affected_index;
    m.range_type = range.semver_type ? kSemverType : kEcosystemType;
    m.range_index = range.range_index;
    m.introduced = hit->introduced->version.text();
    if (hit->closed_by != nullptr) m.closed_by = OsvEvent{hit->closed_by->kind, hit->closed_by->version.text()};
    m.vers = VersOfInterval(VersScheme(affected.ecosystem), *hit);
    m.comparator = range.comparator;
    return m;
  }
  const auto versions_hit = [&](std::string_view text, std::uint32_t index) {
    Match m;
    m.affected_index = affected.affected_index;
    m.range_type = "VERSIONS";
    m.range_index = index;
    m.vers = VersOfVersion(VersScheme(affected.ecosystem), text);
    if (affected.comparator) m.comparator = *affected.comparator;
    return m;
  };
  if (!affected.versions.empty()) {
    if (const Version* v = subject.As(*affected.comparator)) {
      const auto below = [](const VersionEntry& e, const Version& x) { return Compare(e.version, x) < 0; };
      const auto it = std::lower_bound(affected.versions.begin(), affected.versions.end(), *v, below);
      if (it != affected.versions.end() && Compare(it->version, *v) == 0) {
        return versions_hit(it->version.text(), it->index);
      }
    }
  }
  if (!affected.version_strings.empty()) {
    const auto it = std::lower_bound(affected.version_strings.begin(), affected.version_strings.end(), subject.text(),
                                     [](const StringEntry& e, std::string_view x) { return e.text < x; });
    if (it != affected.version_strings.end() && it->text == subject.text()) return versions_hit(it->text, it->index);
  }
  return std::nullopt;
}

}  // namespace proven::sbom::osv_detail
