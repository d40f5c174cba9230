// Package URLs (purl.hpp): parsing per purl-spec's "how to parse" steps (right to left: subpath,
// qualifiers, scheme, type, version, name, namespace), the per-type rules of purl-spec's type
// definitions, the canonical form, and the purl → OSV package mapping.
#include "sbom/purl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace proven::sbom {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || IsUpper(c); }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, "purl: " + std::move(message));
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view s, std::string_view what) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    const int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Invalid(fmt::format("a bad percent-encoding in the {}", what));
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// purl-spec's canonical encoding: everything but ALPHA / DIGIT / "." / "-" / "_" / "~" / ":" is
// percent-encoded (upper-case hex), so "@", "/", "+", ",", "%" and spaces are.
std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (IsAlnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
      out.push_back(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

bool ValidType(std::string_view t) {
  if (t.empty() || IsDigit(t.front())) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return IsAlnum(c) || c == '.' || c == '-' || c == '+'; });
}

bool ValidQualifierKey(std::string_view k) {
  if (k.empty() || IsDigit(k.front())) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return IsAlnum(c) || c == '.' || c == '-' || c == '_'; });
}

// Per-type rules from purl-spec's type definitions: case folding of namespace, name and version,
// names that need or forbid a namespace, and the few types with name rules of their own.
Status Normalise(Purl& p) {
  const std::string& t = p.type;
  auto lower_ns = [&p] { p.namespace_ = LowerCopy(p.namespace_); };
  auto lower_name = [&p] { p.name = LowerCopy(p.name); };
  if (t == "alpm" || t == "apk" || t == "bitbucket" || t == "brew" || t == "composer" || t == "deb" || t == "github" ||
      t == "git" || t == "hex" || t == "qpkg" || t == "rpm") {
    lower_ns();
  }
  if (t == "alpm" || t == "apk" || t == "bitbucket" || t == "bitnami" || t == "brew" || t == "composer" || t == "deb" ||
      t == "github" || t == "git" || t == "hex" || t == "oci" || t == "pub" || t == "luarocks") {
    lower_name();
  }
  if (t == "pypi") {
    lower_name();
    std::replace(p.name.begin(), p.name.end(), '_', '-');
  }
  if (t == "huggingface") p.version = LowerCopy(p.version);
  if (t == "luarocks") p.version = LowerCopy(p.version);
  if (t == "mlflow") {
    const auto repo = p.Qualifier("repository_url");
    if (repo && repo->find("azuredatabricks.net") != std::string::npos) lower_name();
  }
  if ((t == "swift" || t == "vscode-extension" || t == "maven") && p.namespace_.empty()) {
    return Invalid(fmt::format("a {} purl requires a namespace", t));
  }
  if ((t == "vcpkg" || t == "otp") && !p.namespace_.empty()) {
    return Invalid(fmt::format("a {} purl has no namespace", t));
  }
  if (t == "julia" && !p.Qualifier("uuid")) return Invalid("a julia purl requires the uuid qualifier");
  if (t == "cpan" && p.name.find("::") != std::string::npos) {
    return Invalid("a cpan purl names the distribution (URI-PackageURL), not a module (URI::PackageURL)");
  }
  if (t == "chrome-extension") {
    if (p.name.size() != 32 ||
        !std::all_of(p.name.begin(), p.name.end(), [](char c) { return c >= 'a' && c <= 'p'; })) {
      return Invalid("a chrome-extension name is 32 letters a-p");
    }
    if (!p.version.empty()) {
      int parts = 1;
      for (const char c : p.version) {
        if (c == '.') {
          ++parts;
        } else if (!IsDigit(c)) {
          return Invalid("a chrome-extension version is dot-separated numbers");
        }
      }
      if (parts > 4) return Invalid("a chrome-extension version has at most four numbers");
    }
  }
  return {};
}

Status Finish(Purl& p) {
  if (p.type.empty()) return Invalid("a type is required");
  if (!ValidType(p.type)) return Invalid(fmt::format("'{}' is not a valid type", p.type));
  p.type = LowerCopy(p.type);
  if (p.name.empty()) return Invalid("a name is required");
  std::sort(p.qualifiers.begin(), p.qualifiers.end());
  for (std::size_t i = 1; i < p.qualifiers.size(); ++i) {
    if (p.qualifiers[i].first == p.qualifiers[i - 1].first) {
      return Invalid(fmt::format("the qualifier '{}' is repeated", p.qualifiers[i].first));
    }
  }
  return Normalise(p);
}

// Segments of a namespace or subpath: empty ones dropped (and "." / ".." in a subpath).
Result<std::string> Segments(std::string_view s, bool subpath, std::string_view what) {
  std::string out;
  while (!s.empty()) {
    const auto slash = s.find('/');
    const std::string_view seg = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
    if (seg.empty() || (subpath && (seg == "." || seg == ".."))) continue;
    auto decoded = Decode(seg, what);
    if (!decoded) return tl::unexpected<Error>(std::move(decoded.error()));
    if (!subpath && decoded->find('/') != std::string::npos) {
      return Invalid(fmt::format("a {} segment may not contain '/'", what));
    }
    if (!out.empty()) out.push_back('/');
    out += *decoded;
  }
  return out;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kDebianCodenames{{
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"sid", "sid"},
    {"wheezy", "7"},
    {"squeeze", "6"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kUbuntuCodenames{{
    {"trusty", "14.04"},
    {"xenial", "16.04"},
    {"bionic", "18.04"},
    {"focal", "20.04"},
    {"jammy", "22.04"},
    {"kinetic", "22.10"},
    {"lunar", "23.04"},
    {"mantic", "23.10"},
    {"noble", "24.04"},
    {"oracular", "24.10"},
    {"plucky", "25.04"},
    {"questing", "25.10"},
}};

// "12", "12.5" → "12"; "22.04" stays (Ubuntu keeps YY.MM).
std::string_view MajorOnly(std::string_view v) { return v.substr(0, v.find('.')); }

bool AllDigitsOrDots(std::string_view s) {
  return !s.empty() && IsDigit(s.front()) &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || c == '.'; });
}

// The OSV release suffix of a deb distro qualifier: "debian-12", "debian-12.5", "12", "bookworm"
// → "12"; "ubuntu-22.04", "jammy" → "22.04".
std::optional<std::string> DebRelease(bool ubuntu, std::string_view distro) {
  std::string d = LowerCopy(distro);
  std::string_view v = d;
  const std::string_view prefix = ubuntu ? "ubuntu-" : "debian-";
  if (v.substr(0, prefix.size()) == prefix) v.remove_prefix(prefix.size());
  if (ubuntu) {
    for (const auto& [code, num] : kUbuntuCodenames) {
      if (code == v) return std::string(num);
    }
    if (AllDigitsOrDots(v) && v.find('.') != std::string_view::npos) {
      const auto second = v.find('.', v.find('.') + 1);
      return std::string(v.substr(0, second));
    }
    return std::nullopt;
  }
  for (const auto& [code, num] : kDebianCodenames) {
    if (code == v) return std::string(num);
  }
  if (AllDigitsOrDots(v)) return std::string(MajorOnly(v));
  return std::nullopt;
}

// "alpine-3.18.4", "3.18", "v3.18" → "v3.18"; "edge" stays "edge".
std::optional<std::string> ApkRelease(std::string_view distro) {
  std::string d = LowerCopy(distro);
  std::string_view v = d;
  if (v.substr(0, 7) == "alpine-") v.remove_prefix(7);
  if (v == "edge") return std::string("edge");
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  if (!AllDigitsOrDots(v)) return std::nullopt;
  const auto first = v.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = v.find('.', first + 1);
  return "v" + std::string(v.substr(0, second));
}

bool UbuntuLts(std::string_view release) {
  // LTS releases are the April releases of even years (YY.04 with YY even).
  if (release.size() != 5 || release.substr(2) != ".04") return false;
  return IsDigit(release[0]) && IsDigit(release[1]) && (release[1] - '0') % 2 == 0;
}

// A source package name from a deb/apk "upstream" qualifier ("openssl", "openssl@3.0.11-1").
std::string SourceName(const Purl& p) {
  if (const auto upstream = p.Qualifier("upstream"); upstream && !upstream->empty()) {
    return upstream->substr(0, upstream->find('@'));
  }
  return p.name;
}

}  // namespace

std::optional<std::string> Purl::Qualifier(std::string_view key) const {
  for (const auto& [k, v] : qualifiers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

Result<Purl> ParsePurl(std::string_view text) {
  Purl p;
  std::string_view rest = text;
  // subpath
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
    auto sub = Segments(rest.substr(hash + 1), true, "subpath");
    if (!sub) return tl::unexpected<Error>(std::move(sub.error()));
    p.subpath = std::move(*sub);
    rest = rest.substr(0, hash);
  }
  // qualifiers
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!qs.empty()) {
      const auto amp = qs.find('&');
      const std::string_view pair = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
      if (pair.empty()) continue;
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) return Invalid(fmt::format("the qualifier '{}' has no '='", pair));
      const std::string_view key = pair.substr(0, eq);
      if (!ValidQualifierKey(key)) return Invalid(fmt::format("'{}' is not a valid qualifier key", key));
      auto value = Decode(pair.substr(eq + 1), "qualifiers");
      if (!value) return tl::unexpected<Error>(std::move(value.error()));
      if (value->empty()) continue;
      p.qualifiers.emplace_back(LowerCopy(key), std::move(*value));
    }
  }
  // scheme
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos || LowerCopy(rest.substr(0, colon)) != "pkg") {
    return Invalid("the scheme must be 'pkg:'");
  }
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  // type
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return Invalid("a type and a name are required");
  const std::string_view type = rest.substr(0, slash);
  if (!ValidType(type)) return Invalid(fmt::format("'{}' is not a valid type", type));
  p.type = LowerCopy(type);
  rest = rest.substr(slash + 1);
  // version: the last "@" of the last segment ("pkg:npm/@babel/core" has none; "node@20@20.10.0"
  // is node@20 at 20.10.0)
  const auto last_slash = rest.rfind('/');
  if (const auto at = rest.rfind('@');
      at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto version = Decode(rest.substr(at + 1), "version");
    if (!version) return tl::unexpected<Error>(std::move(version.error()));
    p.version = std::move(*version);
    rest = rest.substr(0, at);
  }
  // name and namespace ("git" keeps the host as namespace and the repository path as name)
  const auto last = p.type == "git" ? rest.find('/') : rest.rfind('/');
  const std::string_view raw_name = last == std::string_view::npos ? rest : rest.substr(last + 1);
  auto name = p.type == "git" ? Segments(raw_name, true, "name") : Decode(raw_name, "name");
  if (!name) return tl::unexpected<Error>(std::move(name.error()));
  p.name = std::move(*name);
  if (last != std::string_view::npos) {
    auto ns = Segments(rest.substr(0, last), false, "namespace");
    if (!ns) return tl::unexpected<Error>(std::move(ns.error()));
    p.namespace_ = std::move(*ns);
  }
  if (auto st = Finish(p); !st) return tl::unexpected<Error>(std::move(st.error()));
  return p;
}

Result<Purl> BuildPurl(Purl p) {
  if (!p.type.empty() && !ValidType(p.type)) return Invalid(fmt::format("'{}' is not a valid type", p.type));
  for (auto& [k, v] : p.qualifiers) {
    if (!ValidQualifierKey(k)) return Invalid(fmt::format("'{}' is not a valid qualifier key", k));
    k = LowerCopy(k);
  }
  p.qualifiers.erase(
      std::remove_if(p.qualifiers.begin(), p.qualifiers.end(), [](const auto& kv) { return kv.second.empty(); }),
      p.qualifiers.end());
  // namespace and subpath: empty segments dropped as when parsing
  auto trim_segments = [](std::string_view s, bool subpath) {
    std::string out;
    while (!s.empty()) {
      const auto slash = s.find('/');
      const std::string_view seg = s.substr(0, slash);
      s = slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
      if (seg.empty() || (subpath && (seg == "." || seg == ".."))) continue;
      if (!out.empty()) out.push_back('/');
      out += seg;
    }
    return out;
  };
  p.namespace_ = trim_segments(p.namespace_, false);
  p.subpath = trim_segments(p.subpath, true);
  if (auto st = Finish(p); !st) return tl::unexpected<Error>(std::move(st.error()));
  return p;
}

std::string ToString(const Purl& p) {
  std::string out = "pkg:" + p.type + "/";
  std::string_view ns = p.namespace_;
  while (!ns.empty()) {
    const auto slash = ns.find('/');
    const std::string_view seg = ns.substr(0, slash);
    if (!seg.empty()) out += Encode(seg) + "/";
    if (slash == std::string_view::npos) break;
    ns.remove_prefix(slash + 1);
  }
  if (p.type == "git") {
    // the repository path keeps its "/" separators
    std::string_view nm = p.name;
    while (true) {
      const auto slash = nm.find('/');
      out += Encode(nm.substr(0, slash));
      if (slash == std::string_view::npos) break;
      out += "/";
      nm.remove_prefix(slash + 1);
    }
  } else {
    out += Encode(p.name);
  }
  if (!p.version.empty()) out += "@" + Encode(p.version);
  bool first = true;
  for (const auto& [k, v] : p.qualifiers) {
    if (v.empty()) continue;
    out += first ? "?" : "&";
    first = false;
    out += k + "=" + Encode(v);
  }
  if (!p.subpath.empty()) {
    out += "#";
    std::string_view sp = p.subpath;
    bool first_seg = true;
    while (true) {
      const auto slash = sp.find('/');
      const std::string_view seg = sp.substr(0, slash);
      if (!seg.empty()) {
        if (!first_seg) out += "/";
        out += Encode(seg);
        first_seg = false;
      }
      if (slash == std::string_view::npos) break;
      sp.remove_prefix(slash + 1);
    }
  }
  return out;
}

std::string_view UnmatchedCode(Unmatched u) {
  switch (u) {
    case Unmatched::kNoPurl:
      return "no_purl";
    case Unmatched::kInvalidPurl:
      return "invalid_purl";
    case Unmatched::kUnknownEcosystem:
      return "unknown_ecosystem";
    case Unmatched::kNoDistroRelease:
      return "no_distro_release";
    case Unmatched::kNoVersion:
      return "no_version";
    case Unmatched::kUnparsableVersion:
      return "unparsable_version";
  }
  return "unknown_ecosystem";
}

std::string_view BaseEcosystem(std::string_view osv_ecosystem) {
  return osv_ecosystem.substr(0, osv_ecosystem.find(':'));
}

std::string NormalizeName(std::string_view osv_ecosystem, std::string_view name) {
  const std::string_view base = BaseEcosystem(osv_ecosystem);
  if (base == "PyPI") {
    // PEP 503: lower case, every run of "-", "_", "." as one "-"
    std::string out;
    bool in_run = false;
    for (const char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        if (!in_run) out.push_back('-');
        in_run = true;
      } else {
        out.push_back(Lower(c));
        in_run = false;
      }
    }
    return out;
  }
  if (base == "NuGet" || base == "Packagist") return LowerCopy(name);
  return std::string(name);
}

tl::expected<OsvPackage, Unmatched> OsvPackageOf(const Purl& p) {
  const std::string& t = p.type;
  auto joined = [&p](std::string_view sep) {
    return p.namespace_.empty() ? p.name : p.namespace_ + std::string(sep) + p.name;
  };
  auto make = [](std::string ecosystem, std::string_view name) {
    std::string normalised = NormalizeName(ecosystem, name);
    return OsvPackage{std::move(ecosystem), std::move(normalised)};
  };
  if (t == "pypi") return make("PyPI", p.name);
  if (t == "npm") return make("npm", joined("/"));
  if (t == "maven") {
    if (p.namespace_.empty()) return tl::unexpected(Unmatched::kInvalidPurl);
    return make("Maven", joined(":"));
  }
  if (t == "golang") return make("Go", joined("/"));
  if (t == "cargo") return make("crates.io", p.name);
  if (t == "gem") return make("RubyGems", p.name);
  if (t == "nuget") return make("NuGet", p.name);
  if (t == "composer") return make("Packagist", joined("/"));
  if (t == "hex") return make("Hex", p.name);
  if (t == "pub") return make("Pub", p.name);
  if (t == "swift") return make("SwiftURL", joined("/"));
  if (t == "deb") {
    const bool ubuntu = p.namespace_ == "ubuntu";
    if (!ubuntu && p.namespace_ != "debian") return tl::unexpected(Unmatched::kUnknownEcosystem);
    const auto distro = p.Qualifier("distro");
    if (!distro) return tl::unexpected(Unmatched::kNoDistroRelease);
    const auto release = DebRelease(ubuntu, *distro);
    if (!release) return tl::unexpected(Unmatched::kNoDistroRelease);
    if (ubuntu) return make("Ubuntu:" + *release + (UbuntuLts(*release) ? ":LTS" : ""), SourceName(p));
    return make("Debian:" + *release, SourceName(p));
  }
  if (t == "apk") {
    if (p.namespace_ != "alpine") return tl::unexpected(Unmatched::kUnknownEcosystem);
    const auto distro = p.Qualifier("distro");
    if (!distro) return tl::unexpected(Unmatched::kNoDistroRelease);
    const auto release = ApkRelease(*distro);
    if (!release) return tl::unexpected(Unmatched::kNoDistroRelease);
    return make("Alpine:" + *release, SourceName(p));
  }
  return tl::unexpected(Unmatched::kUnknownEcosystem);
}

}  // namespace proven::sbom
