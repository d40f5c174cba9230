#pragma once
// Shared by the SBOM and VEX readers (document.cpp, vex.cpp), not a public interface: parsing JSON
// with a position for errors, the embedded JSON schemas (data/sbom/schemas/, draft-07 through
// valijson, each parsed once per process), the CycloneDX version check, and the error that lists
// violations as problems with JSON pointers.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace proven::sbom::internal {

enum class SchemaId { kCycloneDx14, kCycloneDx15, kCycloneDx16, kSpdx23 };
std::string_view SchemaTitle(SchemaId id);  // "CycloneDX 1.6", "SPDX 2.3"

// One thing wrong in a document: where (an RFC 6901 JSON pointer, "" for the whole document) and
// what ("'foo' is not one of the allowed values").
struct Violation {
  std::string pointer;
  std::string message;
};

// The document as JSON. kInvalidArgument "<source>: not JSON: line 3, column 7: ..." (the position
// of the first byte the parser could not take, counted in characters from 1), with a word on what
// the text looks like when it is another format Proven does not read (CycloneDX XML, SPDX
// tag-value); also when arrays and objects nest more than 128 deep (the validator recurses).
Result<nlohmann::json> ParseJson(std::string_view text, std::string_view source);

// Every violation of the schema, in document order, each once. Wrapper reports ("item #2 failed",
// "property 'components' failed") are left out: only the reports about the element that is wrong
// remain. kInternal when the embedded schema does not load (a build error) or the validator fails.
Result<std::vector<Violation>> Validate(SchemaId id, const nlohmann::json& document);

// The CycloneDX schema for a document that has "bomFormat" (any value: the schema then says what
// is wrong with it) or a CycloneDX "$schema". kInvalidArgument naming the specVersion when it is
// not 1.4, 1.5 or 1.6. nullopt when the document does not look like CycloneDX at all.
Result<std::optional<SchemaId>> CycloneDxSchemaOf(const nlohmann::json& document, std::string_view source);

// kInvalidArgument "<source>: <what> (N problems): /a: x; /b: y; ... and M more", with one
// Problem (field = pointer) for each of the first kMaxProblems violations.
inline constexpr std::size_t kMaxProblems = 20;
Error ViolationsError(std::string_view source, std::string_view what, const std::vector<Violation>& violations);

// The schemas' "pattern" regular expressions, matched by hand (std::regex recurses once per
// character and overflows the stack on long strings): whether `value` matches, nullopt for a
// pattern Proven has no matcher for (such a schema does not load).
std::optional<bool> MatchesSchemaPattern(std::string_view pattern, std::string_view value);

// RFC 6901: `base` + "/" + `token` with "~" and "/" escaped.
std::string PointerAppend(std::string_view base, std::string_view token);
std::string PointerAppend(std::string_view base, std::size_t index);

}  // namespace proven::sbom::internal
