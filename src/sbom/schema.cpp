// JSON parsing with positions, the embedded schemas through valijson, and violation reports
// (schema.hpp).
#include "sbom/schema.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
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
    if (auto last = s.find("; last read"); last != std::string_view::npos) s = s.substr(0, last);
    return std::string(s);
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
  const json document = json::parse(embedded->data, nullptr, false);
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
    auto doc = std::make_unique<json>(json::parse(f->data, nullptr, false));
    if (doc->is_discarded()) return nullptr;
    return doc.release();
  };
  auto free_doc = [](const json* doc) { delete doc; };
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
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
    message = fmt::format("a {} is not allowed here", TypeName(value));
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
    violations.push_back(Describe(document, Tokens(error.context), error.description));
  }
  if (!failure.empty()) {
    // The validator stopped (valijson throws, for instance, where a format check meets a value it
    // cannot read as a string): what it found so far stands, and the document is refused.
    violations.push_back(Violation{"", "the validator could not check the whole document"});
  }
  std::stable_sort(violations.begin(), violations.end(),
                   [](const Violation& a, const Violation& b) { return PointerLess(a.pointer, b.pointer); });
  std::vector<Violation> unique;
  for (auto& v : violations) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const Violation& u) {
      return u.pointer == v.pointer && u.message == v.message;
    });
    if (!seen) unique.push_back(std::move(v));
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
