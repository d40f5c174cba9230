// Versions per ecosystem (version.hpp): parsing into per-comparator tokens, and Compare.
//
// Design notes (why each comparator is shaped as it is):
//
// - Parse once, compare many: ParseVersion does all the splitting, case folding and validation and
//   keeps the result in Version::Parsed; Compare only walks vectors and string_views and never
//   allocates (matching a component against thousands of OSV events is Compare-bound).
// - Numbers are kept as digit strings without leading zeros and compared by (length, text): every
//   ecosystem orders numeric components by value, and OSV data has components longer than 64 bits
//   (dates with times, the "999…991" vectors). Where a native tool would overflow (NuGet's int32,
//   PHP's strtol) we order exactly instead; that is the only leniency on magnitude.
// - OSV's "0" (an introduced event meaning "from the beginning") is a flag in Parsed, not the
//   number zero: it is below every other version of every comparator, even those a native tool
//   would put below zero (0.0.0-alpha, Maven's 0-alpha). Two "0" are equal.
// - semver, crates.io, go share one parser: SemVer 2.0.0 precedence (numeric identifiers by value,
//   numeric < alphanumeric, ASCII order, a release above its prereleases, build metadata ignored,
//   which also drops Go's "+incompatible"). A leading "v" is accepted (Go writes it; OSV's own
//   matcher accepts it for all three) and so are Go's "v1"/"v1.2" shorthands (as 1.0.0/1.2.0,
//   without prerelease or build). A fourth numeric component, leading zeros, empty identifiers
//   and characters outside [0-9A-Za-z-] are rejected as SemVer rejects them. Go pseudo-versions
//   need nothing special: they are prereleases and order as such.
// - pep440 follows packaging.version.Version (the regex of PEP 440 appendix B, hand-written):
//   alternative spellings (alpha/a, beta/b, c/pre/preview/rc, rev/r/post, "-N" implicit post),
//   optional separators, case-insensitive, leading "v", epochs and local versions. The sort key is
//   packaging's _cmpkey: trailing zero release parts dropped, a dev-only release before its
//   prereleases, local segments numeric > alphanumeric. Strings that are not PEP 440 are ordered
//   as packaging's LegacyVersion, below every PEP 440 version, because OSV orders PyPI that way
//   (osv.dev keeps packaging's legacy fallback; osv-scalibr's generated PyPI vectors, produced
//   with it, contain such versions). So pep440 rejects only empty strings and strings with spaces.
// - maven is the token model of Maven's version order specification (pom.html#version-order-
//   specification) as ComparableVersion implements it: "." and "-" separators and digit/letter
//   transitions (a transition acts as "-"), case-insensitive qualifiers with the aliases a/b/m
//   (before a number), cr=rc, ga=final=release="", trailing null values trimmed before each "-",
//   the shorter version padded with nulls of the other's separator, ".qualifier" < "-qualifier"
//   < "-number" < ".number". Maven accepts every string, so does this.
// - dpkg is dpkg's verrevcmp on epoch, upstream and revision ("~" before everything, even the end;
//   letters before other characters; digit runs by value). Invalid only where dpkg's parseversion
//   errors (empty, spaces, bad epoch, empty upstream or revision); its warnings are accepted.
// - alpine is apk-tools 2.x's version.c token machine (digits, one letter, _suffixes, -rN), run
//   over both texts at compare time, including its treatment of malformed strings ("apk version
//   -t" orders anything), so every string without spaces parses. apk-tools 2.x is what Alpine
//   shipped up to 3.21 and what osv-scalibr's 13,979 generated Alpine vectors were produced with
//   (all pass); apk-tools 3 (Alpine 3.22+) rewrote the machine and differs on malformed strings
//   and on a digit right after a letter ("6.6.2p1"), which the generated vectors need.
// - rubygems is Gem::Version: the string must match its pattern (so "1beta" is invalid, as in
//   Ruby), "-" means ".pre.", segments are digit runs or letter runs, a letter segment makes a
//   prerelease (letters < numbers), trailing zeros of the release and prerelease parts dropped.
// - nuget is NuGetVersion: one to four numeric parts (leading zeros allowed), SemVer 2 release
//   labels compared case-insensitively, metadata ignored.
// - packagist is Composer's leading "v" strip, then PHP's version_compare (php_canonicalize_version:
//   "-_+" and other non-alphanumerics become ".", a "." at each digit/non-digit change; then the
//   part-by-part loop with the special forms dev < alpha=a < beta=b < RC=rc < # < pl=p, unknown
//   words below dev). Two changes keep the order reflexive, as osv.dev's and osv-scalibr's vectors
//   require: "#" stays a part (PHP drops it) and a trailing "." is dropped. Composer's expansion
//   to four components is not applied: it would make "1.0.0" equal "1.0", which php-src's
//   vectors order. Only the empty string is invalid, as for version_compare.
#include "sbom/version.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace proven::sbom {

namespace {

// One token of a parsed version; what `kind` means depends on the comparator.
struct Part {
  int kind = 0;
  std::string text;
};

}  // namespace

struct Version::Parsed {
  bool osv_zero = false;
  std::vector<std::string> nums;  // semver/nuget/pep440 release numbers, normalised digits
  std::vector<Part> parts;        // semver/nuget prerelease, pep440 local, maven, rubygems
  // pep440
  std::string epoch;
  int pre_kind = 3;  // 0 a, 1 b, 2 rc, 3 none
  std::string pre_num;
  bool has_post = false;
  std::string post_num;
  bool has_dev = false;
  std::string dev_num;
  bool has_local = false;
  bool legacy = false;  // pep440: not PEP 440, ordered as packaging's LegacyVersion (parts)
  // dpkg: epoch above, plus upstream and revision; alpine, packagist: the text to scan in `upstream`
  std::string upstream;
  std::string revision;
};

namespace {

using Parsed = Version::Parsed;

int Sign(int x) { return (x > 0) - (x < 0); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c); });
}
std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}
std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}
bool HasSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return IsSpace(c) || c == '\0'; });
}

// Digits without leading zeros ("0" for zero), so that numbers compare by (length, text).
std::string Num(std::string_view digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}
int CmpNum(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return Sign(a.compare(b));
}
int CmpStr(std::string_view a, std::string_view b) { return Sign(a.compare(b)); }
// Compare digit runs that may carry leading zeros, by value.
int CmpDigits(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.empty()) a = "0";
  if (b.empty()) b = "0";
  return CmpNum(a, b);
}

tl::unexpected<Error> Invalid(Comparator c, std::string_view text, std::string_view why) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a {} version: {}", text, ComparatorName(c), why));
}

// ---- semver, crates.io, go ----------------------------------------------------------------------

bool ValidIdentChars(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsAlnum(c) || c == '-'; });
}

Result<Parsed> ParseSemver(Comparator c, std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
  Parsed p;
  std::size_t i = 0;
  while (true) {
    std::size_t j = i;
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j == i) {
      if (i < s.size()) return Invalid(c, text, fmt::format("unexpected '{}' where a number is expected", s[i]));
      return Invalid(c, text, "a numeric major.minor.patch is required");
    }
    const std::string_view digits = s.substr(i, j - i);
    if (digits.size() > 1 && digits.front() == '0') return Invalid(c, text, "numbers may not have leading zeros");
    p.nums.push_back(Num(digits));
    i = j;
    if (i < s.size() && s[i] == '.') {
      if (p.nums.size() == 3) return Invalid(c, text, "more than three numeric components");
      ++i;
      continue;
    }
    break;
  }
  const bool partial = p.nums.size() < 3;
  while (p.nums.size() < 3) p.nums.emplace_back("0");
  std::string_view rest = s.substr(i);
  if (rest.empty()) return p;
  if (partial) return Invalid(c, text, "a shortened version (major or major.minor) cannot have a prerelease or build");
  std::string_view pre;
  std::string_view build;
  if (rest.front() == '-') {
    const auto plus = rest.find('+');
    pre = rest.substr(1, plus == std::string_view::npos ? std::string_view::npos : plus - 1);
    if (plus != std::string_view::npos) build = rest.substr(plus + 1);
    if (pre.empty()) return Invalid(c, text, "the prerelease after '-' is empty");
  } else if (rest.front() == '+') {
    build = rest.substr(1);
    if (build.empty()) return Invalid(c, text, "the build metadata after '+' is empty");
  } else {
    return Invalid(c, text, fmt::format("unexpected '{}' after the version numbers", rest.front()));
  }
  while (!pre.empty()) {
    const auto dot = pre.find('.');
    const std::string_view id = pre.substr(0, dot);
    if (!ValidIdentChars(id)) return Invalid(c, text, "prerelease identifiers must be non-empty [0-9A-Za-z-]");
    if (AllDigits(id)) {
      if (id.size() > 1 && id.front() == '0')
        return Invalid(c, text, "numeric prerelease identifiers may not have leading zeros");
      p.parts.push_back(Part{0, Num(id)});
    } else {
      p.parts.push_back(Part{1, std::string(id)});
    }
    if (dot == std::string_view::npos) break;
    pre.remove_prefix(dot + 1);
    if (pre.empty()) return Invalid(c, text, "empty prerelease identifier");
  }
  while (!build.empty()) {
    const auto dot = build.find('.');
    const std::string_view id = build.substr(0, dot);
    if (!ValidIdentChars(id)) return Invalid(c, text, "build identifiers must be non-empty [0-9A-Za-z-]");
    if (dot == std::string_view::npos) break;
    build.remove_prefix(dot + 1);
    if (build.empty()) return Invalid(c, text, "empty build identifier");
  }
  return p;
}

// SemVer and NuGet prerelease identifiers: kind 0 numeric, 1 alphanumeric.
int ComparePrerelease(const std::vector<Part>& a, const std::vector<Part>& b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].kind != b[i].kind) return a[i].kind < b[i].kind ? -1 : 1;
    const int r = a[i].kind == 0 ? CmpNum(a[i].text, b[i].text) : CmpStr(a[i].text, b[i].text);
    if (r != 0) return r;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int CompareNums(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view x = i < a.size() ? std::string_view(a[i]) : std::string_view("0");
    const std::string_view y = i < b.size() ? std::string_view(b[i]) : std::string_view("0");
    if (const int r = CmpNum(x, y); r != 0) return r;
  }
  return 0;
}

int CompareSemver(const Parsed& a, const Parsed& b) {
  if (const int r = CompareNums(a.nums, b.nums); r != 0) return r;
  return ComparePrerelease(a.parts, b.parts);
}

// ---- nuget --------------------------------------------------------------------------------------

Result<Parsed> ParseNuGet(std::string_view text) {
  const Comparator c = Comparator::kNuGet;
  std::string_view s = text;
  Parsed p;
  const auto plus = s.find('+');
  if (plus != std::string_view::npos) {
    std::string_view meta = s.substr(plus + 1);
    s = s.substr(0, plus);
    if (meta.empty()) return Invalid(c, text, "the metadata after '+' is empty");
    while (true) {
      const auto dot = meta.find('.');
      if (!ValidIdentChars(meta.substr(0, dot)))
        return Invalid(c, text, "metadata identifiers must be non-empty [0-9A-Za-z-]");
      if (dot == std::string_view::npos) break;
      meta.remove_prefix(dot + 1);
    }
  }
  const auto dash = s.find('-');
  std::string_view release = s.substr(0, dash);
  while (true) {
    const auto dot = release.find('.');
    const std::string_view part = release.substr(0, dot);
    if (!AllDigits(part)) return Invalid(c, text, "the version must be one to four dot-separated numbers");
    p.nums.push_back(Num(part));
    if (p.nums.size() > 4) return Invalid(c, text, "more than four numeric parts");
    if (dot == std::string_view::npos) break;
    release.remove_prefix(dot + 1);
  }
  if (dash != std::string_view::npos) {
    std::string_view labels = s.substr(dash + 1);
    if (labels.empty()) return Invalid(c, text, "the release label after '-' is empty");
    while (true) {
      const auto dot = labels.find('.');
      const std::string_view id = labels.substr(0, dot);
      if (!ValidIdentChars(id)) return Invalid(c, text, "release labels must be non-empty [0-9A-Za-z-]");
      p.parts.push_back(AllDigits(id) ? Part{0, Num(id)} : Part{1, LowerCopy(id)});
      if (dot == std::string_view::npos) break;
      labels.remove_prefix(dot + 1);
    }
  }
  return p;
}

// ---- pep440 -------------------------------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  std::size_t pos() const { return pos_; }
  void reset(std::size_t p) { pos_ = p; }
  bool done() const { return pos_ >= s_.size(); }
  char peek(std::size_t off = 0) const { return pos_ + off < s_.size() ? s_[pos_ + off] : '\0'; }
  bool Sep() {
    if (peek() == '-' || peek() == '_' || peek() == '.') {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view w) {
    if (s_.substr(pos_, w.size()) == w) {
      pos_ += w.size();
      return true;
    }
    return false;
  }
  std::string_view Digits() {
    const std::size_t start = pos_;
    while (IsDigit(peek())) ++pos_;
    return s_.substr(start, pos_ - start);
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

Result<Parsed> ParsePep440(std::string_view text) {
  const Comparator c = Comparator::kPep440;
  const std::string lowered = LowerCopy(Trim(text));
  Scanner sc(lowered);
  Parsed p;
  if (sc.peek() == 'v') sc.reset(1);
  // epoch and release
  std::string_view first = sc.Digits();
  if (first.empty()) return Invalid(c, text, "a PEP 440 version starts with a number");
  if (sc.peek() == '!') {
    sc.reset(sc.pos() + 1);
    p.epoch = Num(first);
    first = sc.Digits();
    if (first.empty()) return Invalid(c, text, "a release number must follow the epoch");
  } else {
    p.epoch = "0";
  }
  p.nums.push_back(Num(first));
  while (sc.peek() == '.' && IsDigit(sc.peek(1))) {
    sc.reset(sc.pos() + 1);
    p.nums.push_back(Num(sc.Digits()));
  }
  // pre-release
  {
    const std::size_t save = sc.pos();
    sc.Sep();
    int kind = -1;
    static constexpr std::pair<std::string_view, int> kPre[] = {{"alpha", 0},   {"a", 0},   {"beta", 1}, {"b", 1},
                                                                {"preview", 2}, {"pre", 2}, {"c", 2},    {"rc", 2}};
    for (const auto& [word, k] : kPre) {
      if (sc.Word(word)) {
        kind = k;
        break;
      }
    }
    if (kind < 0) {
      sc.reset(save);
    } else {
      p.pre_kind = kind;
      const std::size_t before_num = sc.pos();
      sc.Sep();
      const std::string_view n = sc.Digits();
      if (n.empty()) {
        sc.reset(before_num);
        // The regex's optional separator may still be consumed with no number; the following
        // groups accept an optional separator of their own, so leaving it is equivalent.
        p.pre_num = "0";
      } else {
        p.pre_num = Num(n);
      }
    }
  }
  // post-release
  {
    const std::size_t save = sc.pos();
    if (sc.peek() == '-' && IsDigit(sc.peek(1))) {
      sc.reset(sc.pos() + 1);
      p.has_post = true;
      p.post_num = Num(sc.Digits());
    } else {
      sc.Sep();
      if (sc.Word("post") || sc.Word("rev") || sc.Word("r")) {
        p.has_post = true;
        const std::size_t before_num = sc.pos();
        sc.Sep();
        const std::string_view n = sc.Digits();
        if (n.empty()) {
          sc.reset(before_num);
          p.post_num = "0";
        } else {
          p.post_num = Num(n);
        }
      } else {
        sc.reset(save);
      }
    }
  }
  // dev-release
  {
    const std::size_t save = sc.pos();
    sc.Sep();
    if (sc.Word("dev")) {
      p.has_dev = true;
      const std::size_t before_num = sc.pos();
      sc.Sep();
      const std::string_view n = sc.Digits();
      if (n.empty()) {
        sc.reset(before_num);
        p.dev_num = "0";
      } else {
        p.dev_num = Num(n);
      }
    } else {
      sc.reset(save);
    }
  }
  // A separator consumed by an optional group with nothing after it ("1.0a.") is accepted by
  // packaging's regex; skip one such trailing separator.
  if (sc.pos() + 1 == lowered.size() && (sc.peek() == '.' || sc.peek() == '-' || sc.peek() == '_') &&
      (p.pre_kind != 3 || p.has_post || p.has_dev)) {
    sc.reset(sc.pos() + 1);
  }
  // local version
  if (sc.peek() == '+') {
    sc.reset(sc.pos() + 1);
    p.has_local = true;
    std::string_view local = std::string_view(lowered).substr(sc.pos());
    while (true) {
      std::size_t j = 0;
      while (j < local.size() && IsAlnum(local[j])) ++j;
      if (j == 0) return Invalid(c, text, "local version segments must be non-empty [a-z0-9]");
      const std::string_view seg = local.substr(0, j);
      p.parts.push_back(AllDigits(seg) ? Part{1, Num(seg)} : Part{0, std::string(seg)});
      if (j == local.size()) break;
      if (local[j] != '.' && local[j] != '-' && local[j] != '_') {
        return Invalid(c, text, fmt::format("unexpected '{}' in the local version", local[j]));
      }
      local.remove_prefix(j + 1);
    }
    sc.reset(lowered.size());
  }
  if (!sc.done()) {
    return Invalid(c, text,
                   fmt::format("unexpected '{}' (PEP 440: N[.N]*[{{a|b|rc}}N][.postN][.devN][+local])", sc.peek()));
  }
  // packaging drops trailing zeros of the release for comparison
  while (p.nums.size() > 1 && p.nums.back() == "0") p.nums.pop_back();
  return p;
}

// packaging's LegacyVersion (setuptools' old parse_version), which OSV's own PyPI ordering still
// uses for the versions PEP 440 rejects ("0.9-doduo", "2013-01-21T20:33:09+0100", "trunk"). Its
// key is (-1, parts), so every legacy version sorts before every PEP 440 version.
Parsed ParsePep440Legacy(std::string_view text) {
  Parsed p;
  p.legacy = true;
  const std::string s = LowerCopy(text);
  std::vector<std::string> raw;
  // re.split(r"(\d+ | [a-z]+ | \. | -)") keeps both the matches and the text between them
  std::string between;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    if (IsDigit(s[i])) {
      while (j < s.size() && IsDigit(s[j])) ++j;
    } else if (IsLower(s[i])) {
      while (j < s.size() && IsLower(s[j])) ++j;
    } else if (s[i] == '.' || s[i] == '-') {
      j = i + 1;
    } else {
      between.push_back(s[i]);
      ++i;
      continue;
    }
    raw.push_back(std::move(between));
    between.clear();
    raw.push_back(s.substr(i, j - i));
    i = j;
  }
  raw.push_back(std::move(between));
  std::vector<std::string> parts;
  auto add = [&parts](std::string part) {
    if (part.front() == '*') {
      if (part < "*final") {
        while (!parts.empty() && parts.back() == "*final-") parts.pop_back();
      }
      while (!parts.empty() && parts.back() == "00000000") parts.pop_back();
    }
    parts.push_back(std::move(part));
  };
  for (std::string& part : raw) {
    if (part == "pre" || part == "preview" || part == "rc")
      part = "c";
    else if (part == "-")
      part = "final-";
    else if (part == "dev")
      part = "@";
    if (part.empty() || part == ".") continue;
    if (IsDigit(part.front())) {
      if (part.size() < 8) part.insert(0, 8 - part.size(), '0');
      add(std::move(part));
    } else {
      add("*" + part);
    }
  }
  add("*final");
  for (auto& part : parts) p.parts.push_back(Part{0, std::move(part)});
  return p;
}

int ComparePep440(const Parsed& a, const Parsed& b) {
  if (a.legacy || b.legacy) {
    if (a.legacy != b.legacy) return a.legacy ? -1 : 1;
    const std::size_t n = std::min(a.parts.size(), b.parts.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (const int r = CmpStr(a.parts[i].text, b.parts[i].text); r != 0) return r;
    }
    return a.parts.size() == b.parts.size() ? 0 : (a.parts.size() < b.parts.size() ? -1 : 1);
  }
  if (const int r = CmpNum(a.epoch, b.epoch); r != 0) return r;
  if (const int r = CompareNums(a.nums, b.nums); r != 0) return r;
  // pre: a dev release with no pre and no post sorts before every prerelease (-inf); no pre is +inf
  auto pre_key = [](const Parsed& v) {
    if (v.pre_kind == 3 && !v.has_post && v.has_dev) return -1;
    return v.pre_kind;  // 0..2, 3 for none
  };
  const int pa = pre_key(a);
  const int pb = pre_key(b);
  if (pa != pb) return pa < pb ? -1 : 1;
  if (pa >= 0 && pa < 3) {
    if (const int r = CmpNum(a.pre_num, b.pre_num); r != 0) return r;
  }
  if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
  if (a.has_post) {
    if (const int r = CmpNum(a.post_num, b.post_num); r != 0) return r;
  }
  if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
  if (a.has_dev) {
    if (const int r = CmpNum(a.dev_num, b.dev_num); r != 0) return r;
  }
  if (a.has_local != b.has_local) return a.has_local ? 1 : -1;
  // local segments: kind 1 numeric above kind 0 alphanumeric; a longer list wins a tie
  const std::size_t n = std::min(a.parts.size(), b.parts.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Part& x = a.parts[i];
    const Part& y = b.parts[i];
    if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
    const int r = x.kind == 1 ? CmpNum(x.text, y.text) : CmpStr(x.text, y.text);
    if (r != 0) return r;
  }
  return a.parts.size() == b.parts.size() ? 0 : (a.parts.size() < b.parts.size() ? -1 : 1);
}

// ---- maven --------------------------------------------------------------------------------------
// Part.kind: 0 for a "." prefix, 1 for a "-" prefix (the first token counts as "."); text is the
// lower-cased, aliased value, numbers without leading zeros.

constexpr std::string_view kMavenKeywords[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};

int MavenKeywordIndex(std::string_view v) {
  for (std::size_t i = 0; i < std::size(kMavenKeywords); ++i) {
    if (kMavenKeywords[i] == v) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kMavenKeywords));
}

Parsed ParseMaven(std::string_view text) {
  Parsed p;
  const std::string s = LowerCopy(text);
  std::size_t start = 0;
  int prefix = 0;
  while (true) {
    std::size_t end = start;
    while (end < s.size() && s[end] != '.' && s[end] != '-') ++end;
    const std::string_view raw = std::string_view(s).substr(start, end - start);
    // split at digit/non-digit transitions; pieces after the first act as "-"
    std::size_t i = 0;
    bool first_piece = true;
    do {
      std::size_t j = i;
      if (j < raw.size()) {
        const bool digit = IsDigit(raw[j]);
        while (j < raw.size() && IsDigit(raw[j]) == digit) ++j;
      }
      std::string value(raw.substr(i, j - i));
      const bool followed = j < raw.size();
      if (value.empty()) value = "0";
      if (value == "cr") value = "rc";
      if (value == "ga" || value == "final" || value == "release") value.clear();
      if (followed) {
        if (value == "a") value = "alpha";
        if (value == "b") value = "beta";
        if (value == "m") value = "milestone";
      }
      if (AllDigits(value)) value = Num(value);
      p.parts.push_back(Part{first_piece ? prefix : 1, std::move(value)});
      first_piece = false;
      i = j;
    } while (i < raw.size());
    if (end >= s.size()) break;
    prefix = s[end] == '-' ? 1 : 0;
    start = end + 1;
  }
  // trailing null values (0, "") are trimmed at the end and before each remaining "-"
  auto should_trim = [](const Part& t) { return t.text == "0" || t.text.empty(); };
  std::ptrdiff_t i = static_cast<std::ptrdiff_t>(p.parts.size()) - 1;
  while (i > 0) {
    if (should_trim(p.parts[static_cast<std::size_t>(i)])) {
      p.parts.erase(p.parts.begin() + i);
      --i;
      continue;
    }
    while (i >= 0 && p.parts[static_cast<std::size_t>(i)].kind != 1) --i;
    --i;
  }
  return p;
}

struct MavenTok {
  int prefix;
  std::string_view value;
  bool null;
};

int MavenQualifierOrder(const MavenTok& t) {
  if (AllDigits(t.value)) return t.prefix == 1 ? 2 : 3;
  return t.prefix == 1 ? 1 : 0;
}

bool MavenLess(const MavenTok& v, const MavenTok& w) {
  if (v.prefix == w.prefix) {
    const bool vn = AllDigits(v.value);
    const bool wn = AllDigits(w.value);
    if (vn && wn) return CmpNum(v.value, w.value) < 0;
    if (vn && !v.null) return false;
    if (wn && !w.null) return true;
    const int li = MavenKeywordIndex(v.value);
    const int ri = MavenKeywordIndex(w.value);
    const int unknown = static_cast<int>(std::size(kMavenKeywords));
    if (li == unknown && ri == unknown) return v.value < w.value;
    return li < ri;
  }
  return MavenQualifierOrder(v) < MavenQualifierOrder(w);
}

MavenTok MavenNull(const Part& other) {
  if (other.kind == 0) return MavenTok{0, other.text == "sp" ? std::string_view() : std::string_view("0"), true};
  return MavenTok{1, std::string_view(), true};
}

int CompareMaven(const Parsed& a, const Parsed& b) {
  const auto& x = a.parts;
  const auto& y = b.parts;
  if (x.size() == y.size()) {
    bool same = true;
    for (std::size_t i = 0; i < x.size() && same; ++i) same = x[i].kind == y[i].kind && x[i].text == y[i].text;
    if (same) return 0;
  }
  auto less = [](const std::vector<Part>& v, const std::vector<Part>& w) {
    const std::size_t n = std::max(v.size(), w.size());
    for (std::size_t i = 0; i < n; ++i) {
      const MavenTok l = i < v.size() ? MavenTok{v[i].kind, v[i].text, false} : MavenNull(w[i]);
      const MavenTok r = i < w.size() ? MavenTok{w[i].kind, w[i].text, false} : MavenNull(v[i]);
      if (l.prefix == r.prefix && l.value == r.value) continue;
      return MavenLess(l, r);
    }
    return false;
  };
  if (less(x, y)) return -1;
  return less(y, x) ? 1 : 0;
}

// ---- dpkg ---------------------------------------------------------------------------------------

Result<Parsed> ParseDpkg(std::string_view text) {
  const Comparator c = Comparator::kDpkg;
  const std::string_view s = Trim(text);
  if (s.empty()) return Invalid(c, text, "the version string is empty");
  if (HasSpace(s)) return Invalid(c, text, "the version string has embedded spaces");
  Parsed p;
  std::string_view rest = s;
  const auto colon = s.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view epoch = s.substr(0, colon);
    if (epoch.empty()) return Invalid(c, text, "the epoch is empty");
    if (!AllDigits(epoch)) return Invalid(c, text, "the epoch is not a number");
    if (CmpDigits(epoch, "2147483647") > 0) return Invalid(c, text, "the epoch is too big");
    p.epoch = Num(epoch);
    rest = s.substr(colon + 1);
    if (rest.empty()) return Invalid(c, text, "nothing after the colon");
  } else {
    p.epoch = "0";
  }
  const auto dash = rest.rfind('-');
  if (dash != std::string_view::npos) {
    p.revision = std::string(rest.substr(dash + 1));
    if (p.revision.empty()) return Invalid(c, text, "the revision after '-' is empty");
    rest = rest.substr(0, dash);
  }
  if (rest.empty()) return Invalid(c, text, "the upstream version is empty");
  p.upstream = std::string(rest);
  return p;
}

int DpkgOrder(char c) {
  if (IsDigit(c)) return 0;
  if (IsAlpha(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  if (c != '\0') return static_cast<unsigned char>(c) + 256;
  return 0;
}

// dpkg's verrevcmp
int VerRevCmp(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  auto at = [](std::string_view s, std::size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      const int ac = DpkgOrder(at(a, i));
      const int bc = DpkgOrder(at(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    while (IsDigit(at(a, i)) && IsDigit(at(b, j))) {
      if (first_diff == 0) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (IsDigit(at(a, i))) return 1;
    if (IsDigit(at(b, j))) return -1;
    if (first_diff != 0) return first_diff < 0 ? -1 : 1;
  }
  return 0;
}

int CompareDpkg(const Parsed& a, const Parsed& b) {
  if (const int r = CmpNum(a.epoch, b.epoch); r != 0) return r;
  if (const int r = VerRevCmp(a.upstream, b.upstream); r != 0) return r;
  return VerRevCmp(a.revision, b.revision);
}

// ---- alpine -----------------------------------------------------------------------------------

// apk-tools 2.x (Alpine up to 3.21 ships it; the osv-scalibr vectors were generated with it): the
// older token machine, where a digit after a letter ("6.6.2p1") continues the version, "-r" with
// no digits is revision 0, leading zeros count as a negative value and an unknown character ends
// the comparison as "invalid".
enum ApkV2Token { kV2Invalid = -1, kV2DigitOrZero, kV2Digit, kV2Letter, kV2Suffix, kV2SuffixNo, kV2RevisionNo, kV2End };

void ApkV2NextToken(int& type, std::string_view& b) {
  int n = kV2Invalid;
  if (b.empty() || b.front() == '\0') {
    n = kV2End;
  } else if ((type == kV2Digit || type == kV2DigitOrZero) && IsLower(b.front())) {
    n = kV2Letter;
  } else if (type == kV2Letter && IsDigit(b.front())) {
    n = kV2Digit;
  } else if (type == kV2Suffix && IsDigit(b.front())) {
    n = kV2SuffixNo;
  } else {
    switch (b.front()) {
      case '.':
        n = kV2DigitOrZero;
        break;
      case '_':
        n = kV2Suffix;
        break;
      case '-':
        if (b.size() > 1 && b[1] == 'r') {
          n = kV2RevisionNo;
          b.remove_prefix(1);
        }
        break;
      default:
        break;
    }
    b.remove_prefix(1);
  }
  if (n < type) {
    if (!((n == kV2DigitOrZero && type == kV2Digit) || (n == kV2Suffix && type == kV2SuffixNo) ||
          (n == kV2Digit && type == kV2Letter))) {
      n = kV2Invalid;
    }
  }
  type = n;
}

// Token values are compared as numbers; digit runs saturate far beyond any real version.
long long ApkV2GetToken(int& type, std::string_view& b) {
  static constexpr std::string_view kPre[] = {"alpha", "beta", "pre", "rc"};
  static constexpr std::string_view kPost[] = {"cvs", "svn", "git", "hg", "p"};
  long long v = 0;
  std::size_t i = 0;
  int nt = kV2Invalid;
  if (b.empty()) {
    type = kV2End;
    return 0;
  }
  bool digits = false;
  switch (type) {
    case kV2DigitOrZero:
      if (b[i] == '0') {
        while (i < b.size() && b[i] == '0') ++i;
        nt = kV2Digit;
        v = -static_cast<long long>(i);
        break;
      }
      digits = true;
      break;
    case kV2Digit:
    case kV2SuffixNo:
    case kV2RevisionNo:
      digits = true;
      break;
    case kV2Letter:
      v = static_cast<unsigned char>(b[i++]);
      break;
    case kV2Suffix: {
      bool found = false;
      for (std::size_t k = 0; k < std::size(kPre) && !found; ++k) {
        if (b.substr(0, kPre[k].size()) == kPre[k]) {
          i = kPre[k].size();
          v = static_cast<long long>(k) - static_cast<long long>(std::size(kPre));
          found = true;
        }
      }
      for (std::size_t k = 0; k < std::size(kPost) && !found; ++k) {
        if (b.substr(0, kPost[k].size()) == kPost[k]) {
          i = kPost[k].size();
          v = static_cast<long long>(k);
          found = true;
        }
      }
      if (!found) {
        type = kV2Invalid;
        return -1;
      }
      break;
    }
    default:
      type = kV2Invalid;
      return -1;
  }
  if (digits) {
    while (i < b.size() && IsDigit(b[i])) {
      if (v < 100000000000000000LL) v = v * 10 + (b[i] - '0');
      ++i;
    }
  }
  b.remove_prefix(i);
  if (b.empty()) {
    type = kV2End;
  } else if (nt != kV2Invalid) {
    type = nt;
  } else {
    ApkV2NextToken(type, b);
  }
  return v;
}

int CompareAlpineV2(std::string_view a, std::string_view b) {
  int at = kV2Digit;
  int bt = kV2Digit;
  long long av = 0;
  long long bv = 0;
  while (at == bt && at != kV2End && at != kV2Invalid && av == bv) {
    av = ApkV2GetToken(at, a);
    bv = ApkV2GetToken(bt, b);
  }
  if (av != bv) return av < bv ? -1 : 1;
  if (at == bt) return 0;
  int tt = at;
  if (at == kV2Suffix && ApkV2GetToken(tt, a) < 0) return -1;
  tt = bt;
  if (bt == kV2Suffix && ApkV2GetToken(tt, b) < 0) return 1;
  if (at > bt) return -1;
  if (bt > at) return 1;
  return 0;
}

// ---- rubygems -----------------------------------------------------------------------------------
// Part.kind: 1 number, 0 letters (letters sort below numbers).

bool GemIdentChars(std::string_view s, bool dash_ok) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [dash_ok](char c) { return IsAlnum(c) || (dash_ok && c == '-'); });
}

Result<Parsed> ParseRubyGems(std::string_view text) {
  const Comparator c = Comparator::kRubyGems;
  std::string_view s = Trim(text);
  if (s.empty()) s = "0";
  // [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
  std::size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == 0) return Invalid(c, text, "a gem version starts with a number (Malformed version number string)");
  while (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && IsAlnum(s[j])) ++j;
    if (j == i + 1) return Invalid(c, text, "empty segment after '.' (Malformed version number string)");
    i = j;
  }
  if (i < s.size()) {
    if (s[i] != '-') {
      return Invalid(c, text, fmt::format("unexpected '{}' (Malformed version number string)", s[i]));
    }
    std::string_view pre = s.substr(i + 1);
    while (true) {
      const auto dot = pre.find('.');
      if (!GemIdentChars(pre.substr(0, dot), true)) {
        return Invalid(c, text, "empty or malformed prerelease segment (Malformed version number string)");
      }
      if (dot == std::string_view::npos) break;
      pre.remove_prefix(dot + 1);
    }
  }
  // "-" reads as ".pre."; segments are digit runs and letter runs
  std::vector<Part> segs;
  for (std::size_t k = 0; k < s.size();) {
    if (s[k] == '-') {
      segs.push_back(Part{0, "pre"});
      ++k;
    } else if (IsDigit(s[k])) {
      std::size_t j = k;
      while (j < s.size() && IsDigit(s[j])) ++j;
      segs.push_back(Part{1, Num(s.substr(k, j - k))});
      k = j;
    } else if (IsAlpha(s[k])) {
      std::size_t j = k;
      while (j < s.size() && IsAlpha(s[j])) ++j;
      segs.push_back(Part{0, std::string(s.substr(k, j - k))});
      k = j;
    } else {
      ++k;
    }
  }
  // canonical segments: trailing zeros dropped from the release part and from the prerelease part
  auto first_string = std::find_if(segs.begin(), segs.end(), [](const Part& pt) { return pt.kind == 0; });
  std::vector<Part> release(segs.begin(), first_string);
  std::vector<Part> prerelease(first_string, segs.end());
  auto drop_zeros = [](std::vector<Part>& v) {
    while (!v.empty() && v.back().kind == 1 && v.back().text == "0") v.pop_back();
  };
  drop_zeros(release);
  drop_zeros(prerelease);
  Parsed p;
  p.parts = std::move(release);
  p.parts.insert(p.parts.end(), std::make_move_iterator(prerelease.begin()), std::make_move_iterator(prerelease.end()));
  return p;
}

int CompareRubyGems(const Parsed& a, const Parsed& b) {
  static const Part kZero{1, "0"};
  const std::size_t n = std::max(a.parts.size(), b.parts.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Part& x = i < a.parts.size() ? a.parts[i] : kZero;
    const Part& y = i < b.parts.size() ? b.parts[i] : kZero;
    if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
    const int r = x.kind == 1 ? CmpNum(x.text, y.text) : CmpStr(x.text, y.text);
    if (r != 0) return r;
  }
  return 0;
}

// ---- packagist ----------------------------------------------------------------------------------

// php_canonicalize_version, with two changes that keep the order reflexive: "#" is kept as the
// special form it names (PHP drops it, so version_compare("1.2.3.#", "1.2.3.#") is not 0) and a
// trailing "." is dropped (PHP compares the empty part after it as below everything).
std::string PhpCanonical(std::string_view v) {
  std::string out;
  if (v.empty()) return out;
  out.push_back(v.front());
  char lp = v.front();
  auto isdig = [](char c) { return IsDigit(c); };
  auto isndig = [](char c) { return !IsDigit(c) && c != '.'; };
  for (std::size_t k = 1; k < v.size(); ++k) {
    const char ch = v[k];
    if (ch == '-' || ch == '_' || ch == '+') {
      if (out.back() != '.') out.push_back('.');
    } else if ((isndig(lp) && isdig(ch)) || (isdig(lp) && isndig(ch))) {
      if (out.back() != '.') out.push_back('.');
      out.push_back(ch);
    } else if (!IsAlnum(ch) && ch != '#') {
      if (out.back() != '.') out.push_back('.');
    } else {
      out.push_back(ch);
    }
    lp = ch;
  }
  while (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

int PhpSpecialOrder(std::string_view form) {
  static constexpr std::pair<std::string_view, int> kForms[] = {
      {"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"RC", 3}, {"rc", 3}, {"#", 4}, {"pl", 5}, {"p", 5}};
  for (const auto& [name, order] : kForms) {
    if (form.substr(0, name.size()) == name) return order;
  }
  return -1;
}

int PhpCompareSpecial(std::string_view a, std::string_view b) { return Sign(PhpSpecialOrder(a) - PhpSpecialOrder(b)); }

// php_version_compare over already canonical strings (PHP leaves "#N#" as it is).
int PhpVersionCompare(std::string_view v1, std::string_view v2) {
  if (v1.empty() || v2.empty()) {
    if (v1.empty() && v2.empty()) return 0;
    return v1.empty() ? -1 : 1;
  }
  std::string_view p1 = v1;
  std::string_view p2 = v2;
  bool n1 = true;  // whether the current part was ended by a '.'
  bool n2 = true;
  int compare = 0;
  while (!p1.empty() && !p2.empty() && n1 && n2) {
    const auto d1 = p1.find('.');
    const auto d2 = p2.find('.');
    n1 = d1 != std::string_view::npos;
    n2 = d2 != std::string_view::npos;
    const std::string_view s1 = p1.substr(0, d1);
    const std::string_view s2 = p2.substr(0, d2);
    const bool dig1 = !s1.empty() && IsDigit(s1.front());
    const bool dig2 = !s2.empty() && IsDigit(s2.front());
    if (dig1 && dig2) {
      compare = CmpDigits(s1, s2);
    } else if (!dig1 && !dig2) {
      compare = PhpCompareSpecial(s1, s2);
    } else if (dig1) {
      compare = PhpCompareSpecial("#N#", s2);
    } else {
      compare = PhpCompareSpecial(s1, "#N#");
    }
    if (compare != 0) break;
    if (n1) p1 = p1.substr(d1 + 1);
    if (n2) p2 = p2.substr(d2 + 1);
  }
  if (compare == 0) {
    if (n1) {
      compare = !p1.empty() && IsDigit(p1.front()) ? 1 : PhpVersionCompare(p1, "#N#");
    } else if (n2) {
      compare = !p2.empty() && IsDigit(p2.front()) ? -1 : PhpVersionCompare("#N#", p2);
    }
  }
  return compare;
}

Result<Parsed> ParsePackagist(std::string_view text) {
  const Comparator c = Comparator::kPackagist;
  std::string_view s = Trim(text);
  if (s.empty()) return Invalid(c, text, "the version is empty");
  if (HasSpace(s)) return Invalid(c, text, "the version has embedded spaces");
  if (s.size() > 1 && (s.front() == 'v' || s.front() == 'V') && IsDigit(s[1])) s.remove_prefix(1);
  Parsed p;
  p.upstream = PhpCanonical(s);
  return p;
}

}  // namespace

Version::Version() : parsed_(std::make_shared<const Parsed>()) {}

Version::Version(Comparator comparator, std::string text, std::shared_ptr<const Parsed> parsed)
    : comparator_(comparator), text_(std::move(text)), parsed_(std::move(parsed)) {}

Result<Version> ParseVersion(Comparator comparator, std::string_view text) {
  if (text == "0") {
    Parsed p;
    p.osv_zero = true;
    return Version(comparator, std::string(text), std::make_shared<const Parsed>(std::move(p)));
  }
  Result<Parsed> parsed = Parsed{};
  switch (comparator) {
    case Comparator::kSemver:
    case Comparator::kCratesIo:
    case Comparator::kGo:
      parsed = ParseSemver(comparator, text);
      break;
    case Comparator::kPep440:
      parsed = ParsePep440(text);
      if (!parsed) {
        if (Trim(text).empty() || HasSpace(Trim(text)))
          return Invalid(comparator, text, "the version is empty or has spaces");
        parsed = ParsePep440Legacy(text);
      }
      break;
    case Comparator::kMaven:
      if (text.empty() || HasSpace(text)) return Invalid(comparator, text, "the version is empty or has spaces");
      parsed = ParseMaven(text);
      break;
    case Comparator::kDpkg:
      parsed = ParseDpkg(text);
      break;
    case Comparator::kAlpine:
      if (text.empty() || HasSpace(text)) return Invalid(comparator, text, "the version is empty or has spaces");
      parsed->upstream = std::string(text);
      break;
    case Comparator::kRubyGems:
      parsed = ParseRubyGems(text);
      break;
    case Comparator::kNuGet:
      parsed = ParseNuGet(text);
      break;
    case Comparator::kPackagist:
      parsed = ParsePackagist(text);
      break;
  }
  if (!parsed) return tl::unexpected<Error>(std::move(parsed.error()));
  return Version(comparator, std::string(text), std::make_shared<const Parsed>(std::move(*parsed)));
}

int Compare(const Version& a, const Version& b) {
  const Parsed& x = a.parsed();
  const Parsed& y = b.parsed();
  if (x.osv_zero || y.osv_zero) return x.osv_zero == y.osv_zero ? 0 : (x.osv_zero ? -1 : 1);
  switch (a.comparator()) {
    case Comparator::kSemver:
    case Comparator::kCratesIo:
    case Comparator::kGo:
      return CompareSemver(x, y);
    case Comparator::kNuGet:
      return CompareSemver(x, y);
    case Comparator::kPep440:
      return ComparePep440(x, y);
    case Comparator::kMaven:
      return CompareMaven(x, y);
    case Comparator::kDpkg:
      return CompareDpkg(x, y);
    case Comparator::kAlpine:
      return CompareAlpineV2(x.upstream, y.upstream);
    case Comparator::kRubyGems:
      return CompareRubyGems(x, y);
    case Comparator::kPackagist:
      return PhpVersionCompare(x.upstream, y.upstream);
  }
  return 0;
}

}  // namespace proven::sbom
