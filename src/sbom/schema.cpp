// JSON parsing with positions, the embedded schemas through valijson, and violation reports
// (schema.hpp).
#include "sbom/schema.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/embedded.hpp"
#include "core/text.hpp"

namespace proven::sbom::internal {
namespace {

using nlohmann::json;

// ---- JSON with positions ------------------------------------------------------------------------

// json::parse(…, false) says only that the text is not JSON; a second pass through the SAX
// interface gets the byte where the parser stopped without letting an exception out.
class ErrorPosition final : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    position_ = position;
    what_ = ex.what();
    return false;
  }

  std::size_t position() const { return position_; }
  // nlohmann's text without its "[json.exception...] parse error at line 1, column 2: " prefix
  // (its own position counts bytes) and without the "; last read: '…'" quote, which can hold
  // bytes that are not UTF-8.
  std::string Reason() const {
    std::string_view s = what_;
    if (auto colon = s.find(": "); colon != std::string_view::npos) s.remove_prefix(colon + 2);
    std::string reason(s);
    if (auto last = reason.find("; last read: "); last != std::string::npos) {
      const auto expected = reason.find("; expected ", last);
      reason.erase(last, expected == std::string::npos ? std::string::npos : expected - last);
    }
    return reason;
  }

 private:
  std::size_t position_ = 0;
  std::string what_;
};

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view SkipBomAndSpace(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  return s;
}

// Line and column (from 1; columns count characters) of the byte at `at`.
std::pair<std::size_t, std::size_t> LineColumn(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::size_t column = 1;
  for (std::size_t i = line_start; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

// The validator and the readers recurse once per level of nesting; a hostile document nested
// thousands deep would overflow the stack. Real SBOMs stay far below this (nested components
// cost two levels each).
constexpr std::size_t kMaxDepth = 128;

// The offset of the bracket that goes deeper than kMaxDepth, outside strings.
std::optional<std::size_t> TooDeepAt(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// ---- Schemas ------------------------------------------------------------------------------------

std::string_view SchemaFile(SchemaId id) {
  switch (id) {
    case SchemaId::kCycloneDx14: return "bom-1.4.schema.json";
    case SchemaId::kCycloneDx15: return "bom-1.5.schema.json";
    case SchemaId::kCycloneDx16: return "bom-1.6.schema.json";
    case SchemaId::kSpdx23: return "spdx-2.3-schema.json";
  }
  return "";
}

const EmbeddedFile* FindEmbedded(std::string_view name) {
  for (const auto& f : sbom_schemas_files()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// ---- Own keywords ---------------------------------------------------------------------------------
//
// Three of valijson's constraints do not suit documents from strangers, so the schemas are loaded
// with those keywords renamed to ones Proven implements (same meaning, same reports):
// - "pattern" and "format" go through std::regex, whose matcher recurses once per character: a
//   100 KB mime-type or timestamp overflows the stack and kills the process. The schemas' patterns
//   are a fixed set, each matched by hand below (a schema with any other pattern does not load; the
//   tests check each matcher against std::regex); "date-time" and "date" are checked by hand, and
//   the other formats ("iri-reference", "idn-email", "uri") are not checked, as valijson does not
//   check them either.
// - "enum" compares the value with every entry in turn; the SPDX licence list has some 700, met
//   once per licence in a document. String enums become a hash set.
// - "uniqueItems" compares every pair of items (below).

constexpr std::string_view kOwnPrefix = "x-proven-";

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} at the start of s; its length or 0.
std::size_t LowerUuid(std::string_view s) {
  constexpr std::string_view kShape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (s.size() < kShape.size()) return 0;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == '-' ? s[i] != '-' : !IsLowerHex(s[i])) return 0;
  }
  return kShape.size();
}

// "urn:cdx:" uuid "/" [1-9][0-9]* at the start of s; its length or 0.
std::size_t BomLinkDocument(std::string_view s) {
  if (!StartsWith(s, "urn:cdx:")) return 0;
  std::size_t n = std::string_view("urn:cdx:").size();
  const std::size_t uuid = LowerUuid(s.substr(n));
  if (uuid == 0) return 0;
  n += uuid;
  if (n >= s.size() || s[n] != '/') return 0;
  ++n;
  if (n >= s.size() || s[n] < '1' || s[n] > '9') return 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  return n;
}

bool MimeChar(char c) {
  return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '+' || c == '.';
}

// ECMAScript's "." matches anything but a line terminator (LF, CR, U+2028, U+2029).
bool HasLineTerminator(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos || s.find("\u2028") != std::string_view::npos ||
         s.find("\u2029") != std::string_view::npos;
}

struct PatternMatcher {
  std::string_view pattern;
  bool (*matches)(std::string_view);
};

constexpr PatternMatcher kPatterns[] = {
    {"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
     [](std::string_view s) {
       constexpr std::string_view kPrefix = "urn:uuid:";
       return StartsWith(s, kPrefix) && LowerUuid(s.substr(kPrefix.size())) == s.size() - kPrefix.size();
     }},
    {"^[-+a-z0-9.]+/[-+a-z0-9.]+$",
     [](std::string_view s) {
       const std::size_t slash = s.find('/');
       if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return false;
       return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(slash), MimeChar) &&
              std::all_of(s.begin() + static_cast<std::ptrdiff_t>(slash) + 1, s.end(), MimeChar);
     }},
    {"^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$",
     [](std::string_view s) {
       const std::size_t n = s.size();
       return (n == 32 || n == 40 || n == 64 || n == 96 || n == 128) && std::all_of(s.begin(), s.end(), IsHex);
     }},
    {"^([a-z]{2})(-[A-Z]{2})?$",
     [](std::string_view s) {
       auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
       auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
       if (s.size() != 2 && s.size() != 5) return false;
       if (!lower(s[0]) || !lower(s[1])) return false;
       return s.size() == 2 || (s[2] == '-' && upper(s[3]) && upper(s[4]));
     }},
    {"^urn:cdx:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[1-9][0-9]*$",
     [](std::string_view s) { return BomLinkDocument(s) == s.size() && !s.empty(); }},
    {"^urn:cdx:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[1-9][0-9]*#.+$",
     [](std::string_view s) {
       const std::size_t n = BomLinkDocument(s);
       return n > 0 && n + 1 < s.size() && s[n] == '#' && !HasLineTerminator(s.substr(n + 1));
     }},
    {"^CRE:[0-9]+-[0-9]+$",
     [](std::string_view s) {
       if (!StartsWith(s, "CRE:")) return false;
       s.remove_prefix(4);
       const std::size_t dash = s.find('-');
       if (dash == std::string_view::npos || dash == 0 || dash + 1 == s.size()) return false;
       return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dash), IsDigit) &&
              std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dash) + 1, s.end(), IsDigit);
     }},
};

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// RFC 3339 full-date at the start of s (YYYY-MM-DD, a real day); its length or 0.
std::size_t FullDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return 0;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return 0;
  }
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return 0;
  const int days = kDays[month - 1] + (month == 2 && LeapYear(year) ? 1 : 0);
  return day <= days ? 10 : 0;
}

bool TwoDigits(std::string_view s, std::size_t at, int max) {
  return at + 2 <= s.size() && IsDigit(s[at]) && IsDigit(s[at + 1]) && (s[at] - '0') * 10 + (s[at + 1] - '0') <= max;
}

// RFC 3339 date-time: full-date "T" hh:mm:ss[.frac] ("Z" / ±hh:mm); T and Z in either case,
// second 60 allowed (a leap second).
bool IsDateTime(std::string_view s) {
  if (FullDate(s) != 10 || s.size() < 20 || (s[10] != 'T' && s[10] != 't')) return false;
  if (!TwoDigits(s, 11, 23) || s[13] != ':' || !TwoDigits(s, 14, 59) || s[16] != ':' || !TwoDigits(s, 17, 60)) {
    return false;
  }
  std::size_t at = 19;
  if (s[at] == '.') {
    const std::size_t start = ++at;
    while (at < s.size() && IsDigit(s[at])) ++at;
    if (at == start) return false;
  }
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) return at + 1 == s.size();
  if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    return at + 6 == s.size() && TwoDigits(s, at + 1, 23) && s[at + 3] == ':' && TwoDigits(s, at + 4, 59);
  }
  return false;
}

namespace vc = valijson::constraints;

// What valijson's own constraint would report, so that Describe words it the same way.
class OwnConstraint final : public vc::PolyConstraint {
 public:
  using Check = std::function<bool(const std::string&)>;
  OwnConstraint(Check check, std::string report) : check_(std::move(check)), report_(std::move(report)) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    // Like valijson's: pattern and format apply to strings only; an enum of strings refuses the rest.
    std::string value;
    if (!target.isString() || !target.getString(value)) {
      if (!enum_) return true;
    } else if (check_(value)) {
      return true;
    }
    if (results != nullptr) results->pushError(context, report_);
    return false;
  }

  OwnConstraint& ForEnum() {
    enum_ = true;
    return *this;
  }

 private:
  vc::Constraint* cloneInto(void* memory) const override { return new (memory) OwnConstraint(*this); }
  std::size_t sizeOf() const override { return sizeof(OwnConstraint); }

  Check check_;
  std::string report_;
  bool enum_ = false;
};

class EnumBuilder final : public valijson::ConstraintBuilder {
 public:
  vc::Constraint* make(const valijson::adapters::Adapter& value) const override {
    auto set = std::make_shared<std::unordered_set<std::string>>();
    value.applyToArray([&](const valijson::adapters::Adapter& item) {
      set->insert(item.getString());
      return true;
    });
    auto* constraint = new OwnConstraint([set](const std::string& s) { return set->count(s) > 0; },
                                         "Failed to match against any enum values.");
    constraint->ForEnum();
    return constraint;
  }
};

class PatternBuilder final : public valijson::ConstraintBuilder {
 public:
  vc::Constraint* make(const valijson::adapters::Adapter& value) const override {
    const std::string pattern = value.getString();
    for (const auto& m : kPatterns) {
      if (m.pattern == pattern) {
        return new OwnConstraint([f = m.matches](const std::string& s) { return f(s); },
                                 "Failed to match regex specified by 'pattern' constraint.");
      }
    }
    throw std::runtime_error("no matcher for the pattern " + pattern);
  }
};

class FormatBuilder final : public valijson::ConstraintBuilder {
 public:
  vc::Constraint* make(const valijson::adapters::Adapter& value) const override {
    const std::string format = value.getString();
    if (format == "date-time") return new OwnConstraint(IsDateTime, "String should be a valid date-time");
    if (format == "date") {
      return new OwnConstraint([](const std::string& s) { return FullDate(s) == s.size(); },
                               "String should be a valid date");
    }
    return new OwnConstraint([](const std::string&) { return true; }, "");
  }
};

// A hash of a JSON value that equal values share (numbers hash as doubles: 1 and 1.0 alike; an
// object's members in any order).
std::size_t HashValue(const valijson::adapters::Adapter& v) {
  constexpr std::size_t kMix = 0x9E3779B97F4A7C15ull;
  if (v.isString()) return std::hash<std::string>()(v.getString()) ^ 0x51;
  if (v.isObject()) {
    std::size_t h = 0x52;
    v.applyToObject([&](const std::string& key, const valijson::adapters::Adapter& member) {
      h += (std::hash<std::string>()(key) * kMix) ^ HashValue(member);
      return true;
    });
    return h;
  }
  if (v.isArray()) {
    std::size_t h = 0x53;
    v.applyToArray([&](const valijson::adapters::Adapter& item) {
      h = h * kMix + HashValue(item);
      return true;
    });
    return h;
  }
  if (v.isBool()) return v.getBool() ? 0x54 : 0x55;
  if (v.isNumber()) {
    const double d = v.getNumber();
    return std::hash<double>()(d == 0 ? 0.0 : d);
  }
  return 0x56;
}

// valijson compares every pair of items (quadratic: a million deep comparisons for the 1,115
// components of an npm SBOM); hashing first leaves only items with equal hashes to compare.
class UniqueItemsConstraint final : public vc::PolyConstraint {
 public:
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isArray()) return true;
    std::vector<std::size_t> hashes;
    target.applyToArray([&](const valijson::adapters::Adapter& item) {
      hashes.push_back(HashValue(item));
      return true;
    });
    std::unordered_map<std::size_t, std::size_t> count;
    for (std::size_t h : hashes) ++count[h];
    if (std::all_of(count.begin(), count.end(), [](const auto& c) { return c.second == 1; })) return true;

    // Items whose hash is shared are compared the way valijson would (strict types).
    std::vector<std::pair<std::size_t, std::unique_ptr<valijson::adapters::FrozenValue>>> earlier;
    bool unique = true;
    std::size_t index = 0;
    target.applyToArray([&](const valijson::adapters::Adapter& item) {
      const std::size_t i = index++;
      if (count[hashes[i]] < 2) return true;
      for (const auto& [j, frozen] : earlier) {
        if (hashes[j] == hashes[i] && frozen->equalTo(item, true)) {
          unique = false;
          if (results != nullptr) {
            std::vector<std::string> at = context;
            at.push_back(fmt::format("[{}]", i));
            results->pushError(at, fmt::format("the same as item {} (the items must be unique)", j));
          }
          return results != nullptr;
        }
      }
      earlier.emplace_back(i, std::unique_ptr<valijson::adapters::FrozenValue>(item.freeze()));
      return true;
    });
    return unique;
  }

 private:
  vc::Constraint* cloneInto(void* memory) const override { return new (memory) UniqueItemsConstraint(*this); }
  std::size_t sizeOf() const override { return sizeof(UniqueItemsConstraint); }
};

class UniqueItemsBuilder final : public valijson::ConstraintBuilder {
 public:
  vc::Constraint* make(const valijson::adapters::Adapter&) const override { return new UniqueItemsConstraint; }
};

// Renames the keywords above where they are keywords: "enum" with an array of strings, "pattern"
// and "format" with a string (a property called "pattern" has an object, its schema).
void UseOwnKeywords(json& node) {
  if (node.is_array()) {
    for (auto& item : node) UseOwnKeywords(item);
    return;
  }
  if (!node.is_object()) return;
  if (auto it = node.find("uniqueItems"); it != node.end() && it->is_boolean()) {
    if (it->get<bool>()) node[std::string(kOwnPrefix) + "uniqueItems"] = true;
    node.erase("uniqueItems");
  }
  for (const char* keyword : {"enum", "pattern", "format"}) {
    auto it = node.find(keyword);
    if (it == node.end()) continue;
    const bool string_enum =
        it->is_array() && std::all_of(it->begin(), it->end(), [](const json& v) { return v.is_string(); });
    if (std::string_view(keyword) == "enum" ? !string_enum : !it->is_string()) continue;
    json value = std::move(*it);
    node.erase(keyword);
    node[std::string(kOwnPrefix) + keyword] = std::move(value);
  }
  for (auto& [key, value] : node.items()) UseOwnKeywords(value);
}

json LoadJsonSchema(std::string_view text) {
  json document = json::parse(text, nullptr, false);
  if (!document.is_discarded()) UseOwnKeywords(document);
  return document;
}

struct LoadedSchema {
  valijson::Schema schema;
  std::string error;  // why the schema did not load; "" when it did
};

std::unique_ptr<const LoadedSchema> LoadSchema(std::string_view file) {
  auto loaded = std::make_unique<LoadedSchema>();
  const EmbeddedFile* embedded = FindEmbedded(file);
  if (embedded == nullptr) {
    loaded->error = fmt::format("the schema {} is not embedded", file);
    return loaded;
  }
  const json document = LoadJsonSchema(embedded->data);
  if (document.is_discarded()) {
    loaded->error = fmt::format("the embedded schema {} is not JSON", file);
    return loaded;
  }
  // The CycloneDX schemas refer to "spdx.schema.json" and "jsf-0.82.schema.json#/…" relative to
  // their $id (http://cyclonedx.org/schema/…): valijson asks for the absolute URI, and the file
  // name at its end is the embedded file's. Nothing is fetched from the network.
  auto fetch = [](const std::string& uri) -> const json* {
    std::string_view name = uri;
    if (auto hash = name.find('#'); hash != std::string_view::npos) name = name.substr(0, hash);
    if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    const EmbeddedFile* f = FindEmbedded(name);
    if (f == nullptr) return nullptr;
    auto doc = std::make_unique<json>(LoadJsonSchema(f->data));
    if (doc->is_discarded()) return nullptr;
    return doc.release();
  };
  auto free_doc = [](const json* doc) { delete doc; };
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    // The parser owns (and deletes) its builders.
    parser.addConstraintBuilder(std::string(kOwnPrefix) + "enum", new EnumBuilder);
    parser.addConstraintBuilder(std::string(kOwnPrefix) + "pattern", new PatternBuilder);
    parser.addConstraintBuilder(std::string(kOwnPrefix) + "format", new FormatBuilder);
    parser.addConstraintBuilder(std::string(kOwnPrefix) + "uniqueItems", new UniqueItemsBuilder);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, loaded->schema, fetch, free_doc);
  } catch (const std::exception& e) {
    loaded->error = fmt::format("the schema {} does not load: {}", file, e.what());
  }
  return loaded;
}

// Parsing bom-1.6 takes a while: each schema is parsed once, on first use, and shared (read only)
// by every thread after that.
const LoadedSchema& SchemaFor(SchemaId id) {
  switch (id) {
    case SchemaId::kCycloneDx14: {
      static const auto k = LoadSchema(SchemaFile(id));
      return *k;
    }
    case SchemaId::kCycloneDx15: {
      static const auto k = LoadSchema(SchemaFile(id));
      return *k;
    }
    case SchemaId::kCycloneDx16: {
      static const auto k = LoadSchema(SchemaFile(id));
      return *k;
    }
    case SchemaId::kSpdx23: break;
  }
  static const auto k = LoadSchema(SchemaFile(SchemaId::kSpdx23));
  return *k;
}

// ---- Violations ---------------------------------------------------------------------------------

// valijson's context is {"<root>", "[components]", "[2]", "[type]"}.
std::vector<std::string> Tokens(const std::vector<std::string>& context) {
  std::vector<std::string> tokens;
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& c = context[i];
    if (c.size() >= 2 && c.front() == '[' && c.back() == ']') {
      tokens.push_back(c.substr(1, c.size() - 2));
    } else {
      tokens.push_back(c);
    }
  }
  return tokens;
}

std::string Pointer(const std::vector<std::string>& tokens) {
  std::string p;
  for (const auto& t : tokens) p = PointerAppend(p, t);
  return p;
}

const json* At(const json& document, const std::vector<std::string>& tokens) {
  const json* at = &document;
  for (const auto& t : tokens) {
    if (at->is_object()) {
      auto it = at->find(t);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), index);
      if (ec != std::errc() || end != t.data() + t.size() || index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string Shown(const json* value) {
  if (value == nullptr) return "the value";
  if (value->is_string()) return fmt::format("'{}'", Ellipsize(value->get_ref<const std::string&>(), 60));
  if (value->is_object()) return "an object";
  if (value->is_array()) return "an array";
  return Ellipsize(value->dump(), 60);
}

std::string_view TypeName(const json* value) {
  if (value == nullptr) return "value";
  switch (value->type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "number";
  }
}

// Reports that only say a child failed (the child's own report is there too).
bool IsWrapper(std::string_view d) {
  for (std::string_view prefix : {"Failed to validate item #", "Cannot validate item #",
                                  "Failed to validate against schema associated with property name",
                                  "Failed to validate against schema associated with pattern",
                                  "Failed to validate against child schema #",
                                  "Failed to validate against additional properties schema",
                                  "Failed to validate against dependent schema",
                                  "Failed to validate against a conditional schema"}) {
    if (StartsWith(d, prefix)) return true;
  }
  return false;
}

// valijson's descriptions, said about the value they concern.
Violation Describe(const json& document, std::vector<std::string> tokens, std::string_view d) {
  const json* value = At(document, tokens);
  std::string message;
  if (StartsWith(d, "Failed to match against any enum values")) {
    message = fmt::format("{} is not one of the allowed values", Shown(value));
  } else if (StartsWith(d, "Missing required property '")) {
    std::string_view name = d.substr(std::string_view("Missing required property '").size());
    name = name.substr(0, name.rfind('\''));
    message = fmt::format("the required property '{}' is missing", name);
  } else if (StartsWith(d, "Value type not permitted by 'type' constraint")) {
    const std::string_view type = TypeName(value);
    message = fmt::format("{} {} is not allowed here", type == "object" || type == "array" ? "an" : "a", type);
  } else if (StartsWith(d, "Failed to match regex specified by 'pattern' constraint")) {
    message = fmt::format("{} does not have the form the schema requires", Shown(value));
  } else if (StartsWith(d, "Object contains a property that could not be validated")) {
    std::string_view rest = d.substr(d.find(": '") == std::string_view::npos ? d.size() : d.find(": '") + 3);
    std::string_view name = rest.substr(0, rest.rfind('\''));
    tokens.emplace_back(name);
    message = fmt::format("the property '{}' is not allowed here", name);
  } else if (StartsWith(d, "String should be a valid date-time")) {
    message = fmt::format("{} is not a date and time such as 2024-05-01T10:00:00Z (RFC 3339)", Shown(value));
  } else if (StartsWith(d, "String should be a valid date")) {
    message = fmt::format("{} is not a date such as 2024-05-01", Shown(value));
  } else if (StartsWith(d, "Failed to match expected value set by 'const' constraint")) {
    message = fmt::format("{} is not the value required here", Shown(value));
  } else if (StartsWith(d, "Failed to validate against any schemas allowed by anyOf") ||
             StartsWith(d, "Failed to validate against any child schemas allowed by oneOf")) {
    message = "matches none of the forms allowed here";
  } else if (StartsWith(d, "Failed to validate against exactly one child schema")) {
    message = "matches more than one of the forms allowed here (exactly one is allowed)";
  } else {
    message = std::string(d);
    if (!message.empty() && message.back() == '.') message.pop_back();
  }
  return Violation{Pointer(tokens), std::move(message)};
}

bool IsNoAlternative(std::string_view d) {
  return StartsWith(d, "Failed to validate against any schemas allowed by anyOf") ||
         StartsWith(d, "Failed to validate against any child schemas allowed by oneOf");
}

bool IsUnder(std::string_view pointer, std::string_view base) {
  return StartsWith(pointer, base) && (pointer.size() == base.size() || pointer[base.size()] == '/');
}

std::size_t Depth(std::string_view pointer) {
  return static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/'));
}

// When no branch of a oneOf or anyOf fits, valijson reports every branch's failures (just before
// its summary): for a licence with an unknown SPDX id, that the id is not in the list, but also
// that the other branch wants an "expression" and no "license". The branch that got furthest into
// the document is the one the author meant (as in the "best match" of other validators): only the
// deepest of those reports stay; the summary stays when there are none.
void KeepTheDeepestAlternative(Violation summary, std::vector<Violation>& violations) {
  auto first = violations.end();
  while (first != violations.begin() && IsUnder(std::prev(first)->pointer, summary.pointer)) --first;
  if (first == violations.end()) {
    violations.push_back(std::move(summary));
    return;
  }
  std::size_t deepest = 0;
  for (auto it = first; it != violations.end(); ++it) deepest = std::max(deepest, Depth(it->pointer));
  auto shallow = [&](const Violation& v) { return Depth(v.pointer) < deepest; };
  violations.erase(std::remove_if(first, violations.end(), shallow), violations.end());
}

// Document order for arrays (numeric tokens compare as numbers); objects by key.
bool PointerLess(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const std::size_t ie = std::min(a.find('/', i + 1), a.size());
    const std::size_t je = std::min(b.find('/', j + 1), b.size());
    std::string_view ta(a.data() + i + 1, ie - i - 1);
    std::string_view tb(b.data() + j + 1, je - j - 1);
    if (ta != tb) {
      const bool na = !ta.empty() && std::all_of(ta.begin(), ta.end(), [](char c) { return c >= '0' && c <= '9'; });
      const bool nb = !tb.empty() && std::all_of(tb.begin(), tb.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (na && nb && ta.size() != tb.size()) return ta.size() < tb.size();
      return ta < tb;
    }
    i = ie;
    j = je;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::string_view SchemaTitle(SchemaId id) {
  switch (id) {
    case SchemaId::kCycloneDx14: return "CycloneDX 1.4";
    case SchemaId::kCycloneDx15: return "CycloneDX 1.5";
    case SchemaId::kCycloneDx16: return "CycloneDX 1.6";
    case SchemaId::kSpdx23: return "SPDX 2.3";
  }
  return "";
}

std::optional<bool> MatchesSchemaPattern(std::string_view pattern, std::string_view value) {
  for (const auto& m : kPatterns) {
    if (m.pattern == pattern) return m.matches(value);
  }
  return std::nullopt;
}

std::string PointerAppend(std::string_view base, std::string_view token) {
  std::string p(base);
  p.push_back('/');
  for (char c : token) {
    if (c == '~') {
      p += "~0";
    } else if (c == '/') {
      p += "~1";
    } else {
      p.push_back(c);
    }
  }
  return p;
}

std::string PointerAppend(std::string_view base, std::size_t index) {
  return fmt::format("{}/{}", base, index);
}

Result<json> ParseJson(std::string_view text, std::string_view source) {
  if (auto deep = TooDeepAt(text)) {
    const auto [line, column] = LineColumn(text, *deep);
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: nested more than {} levels deep at line {}, column {}", source, kMaxDepth, line,
                            column));
  }
  json document = json::parse(text.begin(), text.end(), nullptr, false);
  if (!document.is_discarded()) return document;

  ErrorPosition sax;
  json::sax_parse(text.begin(), text.end(), &sax);
  // The parser's position counts the bytes read, the offending one included.
  const auto [line, column] = LineColumn(text, sax.position() > 0 ? sax.position() - 1 : 0);
  std::string hint;
  const std::string_view start = SkipBomAndSpace(text);
  if (StartsWith(start, "<")) {
    hint = " (it looks like XML: Proven reads CycloneDX and SPDX documents in JSON)";
  } else if (StartsWith(start, "SPDXVersion:") || StartsWith(start, "##")) {
    hint = " (it looks like SPDX tag-value: Proven reads SPDX 2.3 documents in JSON)";
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: not JSON: line {}, column {}: {}{}", source, line, column, sax.Reason(), hint));
}

Result<std::vector<Violation>> Validate(SchemaId id, const json& document) {
  const LoadedSchema& loaded = SchemaFor(id);
  if (!loaded.error.empty()) {
    return Fail(ErrorCode::kInternal, "the SBOM schemas are not available", loaded.error);
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  const valijson::adapters::NlohmannJsonAdapter adapter(document);
  std::string failure;
  try {
    validator.validate(loaded.schema, adapter, &results);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  std::vector<Violation> violations;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    if (IsWrapper(error.description)) continue;
    const bool no_alternative = IsNoAlternative(error.description);
    Violation v = Describe(document, Tokens(error.context), error.description);
    if (no_alternative) {
      KeepTheDeepestAlternative(v, violations);
    } else {
      violations.push_back(std::move(v));
    }
  }
  if (!failure.empty()) {
    // The validator stopped (valijson throws, for instance, where a format check meets a value it
    // cannot read as a string): what it found so far stands, and the document is refused.
    violations.push_back(Violation{"", "the validator could not check the whole document"});
  }
  std::stable_sort(violations.begin(), violations.end(),
                   [](const Violation& a, const Violation& b) { return PointerLess(a.pointer, b.pointer); });
  // Branches of a oneOf can report the same thing twice.
  std::vector<Violation> unique;
  std::unordered_set<std::string> seen;
  for (auto& v : violations) {
    if (seen.insert(v.pointer + '\0' + v.message).second) unique.push_back(std::move(v));
  }
  return unique;
}

Result<std::optional<SchemaId>> CycloneDxSchemaOf(const json& document, std::string_view source) {
  if (!document.is_object()) return std::optional<SchemaId>();
  const auto schema = document.find("$schema");
  const bool cyclonedx_schema =
      schema != document.end() && schema->is_string() &&
      schema->get_ref<const std::string&>().find("cyclonedx.org/schema/bom") != std::string::npos;
  if (!document.contains("bomFormat") && !cyclonedx_schema) return std::optional<SchemaId>();

  const auto spec = document.find("specVersion");
  if (spec == document.end() || !spec->is_string()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: a CycloneDX document needs a specVersion (Proven reads 1.4, 1.5 and 1.6)", source),
                {}, "/specVersion");
  }
  const std::string& version = spec->get_ref<const std::string&>();
  if (version == "1.4") return std::optional<SchemaId>(SchemaId::kCycloneDx14);
  if (version == "1.5") return std::optional<SchemaId>(SchemaId::kCycloneDx15);
  if (version == "1.6") return std::optional<SchemaId>(SchemaId::kCycloneDx16);
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: CycloneDX {} is not supported: Proven reads CycloneDX JSON 1.4, 1.5 and 1.6 and "
                          "SPDX 2.3 JSON",
                          source, Ellipsize(version, 20)),
              {}, "/specVersion");
}

Error ViolationsError(std::string_view source, std::string_view what, const std::vector<Violation>& violations) {
  std::string message = fmt::format("{}: {} ({} problem{})", source, what, violations.size(),
                                    violations.size() == 1 ? "" : "s");
  Error error = MakeError(ErrorCode::kInvalidArgument, "");
  for (std::size_t i = 0; i < violations.size() && i < kMaxProblems; ++i) {
    const Violation& v = violations[i];
    message += fmt::format("{} {}: {}", i == 0 ? ":" : ";", v.pointer.empty() ? "document" : v.pointer, v.message);
    error.problems.push_back(Problem{v.pointer, v.message, {}});
  }
  if (violations.size() > kMaxProblems) message += fmt::format("; and {} more", violations.size() - kMaxProblems);
  error.message = std::move(message);
  if (!violations.empty()) error.field = violations.front().pointer;
  return error;
}

}  // namespace proven::sbom::internal
