#pragma once
// The WAF corpus (issue 14, ADR 0017 "Corpus and plan"): cases loaded from a directory laid out as
// data/waf/ — sources/gotestwaf (GoTestWAF's test cases, MIT), sources/crs-regression (the OWASP CRS
// regression tests, Apache-2.0) and corpus/ (our own cases, schema proven.waf.corpus/1, and the
// override file gotestwaf-categories.yaml). Pure apart from LoadCorpus reading that directory.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "waf/model.hpp"

namespace proven::waf {

inline constexpr std::string_view kCorpusSchema = "proven.waf.corpus/1";
inline constexpr std::string_view kOverridesSchema = "proven.waf.overrides/1";
inline constexpr std::string_view kSourceGoTestWaf = "gotestwaf";
inline constexpr std::string_view kSourceCrs = "crs-regression";
inline constexpr std::string_view kSourceProven = "proven";
// A scored category needs at least this many headline benign requests (and the plan refuses a corpus
// where a category with attacks has fewer).
inline constexpr int kMinBenignPerCategory = 10;

// The category codes. Scored categories are measured (TPR, FPR, balanced accuracy); `general` is
// benign traffic tied to no category (it counts in fpr_all), `api` is GoTestWAF's API probing
// (GraphQL introspection: not an injection) and is reported but never scored.
const std::vector<std::string_view>& CategoryCodes();
bool IsKnownCategory(std::string_view code);
bool IsScoredCategory(std::string_view code);

// A whole request given by a case (placement raw_request).
struct RawRequest {
  // Exact bytes (CRS): the request with the markers {{proven:base}} and {{proven:host}}; used as is.
  std::string exact;
  // A template (GoTestWAF RawRequest): {{payload}} in target, header values and body is replaced by
  // the encoded payload; Host and Content-Length are added.
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct Case {
  std::string id;          // "<source>/<file stem>/<id>", unique in the corpus
  std::string source;      // gotestwaf | crs-regression | proven
  std::string file;        // the file it was read from, relative to the corpus directory
  int line = 0;            // where in that file (1-based)
  int column = 0;
  std::string category;    // a code of CategoryCodes()
  Expect expect = Expect::kBlock;
  std::vector<std::string> payloads;
  std::vector<Encoder> encoders;
  std::vector<Placement> placements;
  std::string content_type;  // raw_body: the body's Content-Type (default text/plain)
  std::string param_name;    // query/form: a fixed parameter name instead of a random one
  bool verbatim = false;     // path: the payload is already percent-encoded, insert as is
  std::optional<RawRequest> raw;  // raw_request
  bool dedicated_connection = false;  // malformed or odd: send alone on a connection of its own
  std::optional<Placement> inferred;  // raw_request: where the payload sits (CRS heuristic)
  std::string preview;       // what people read for a raw request (else the payload)
  std::vector<std::string> tags;
  std::string provenance;
  std::string licence;       // SPDX identifier
};

struct Corpus {
  std::vector<Case> cases;           // sources in the order gotestwaf, crs-regression, proven
  std::vector<SourceInfo> sources;   // cases filled in; requests by the plan
  std::vector<Exclusion> excluded;   // what the importers left out, with reasons and counts
  std::string fingerprint;           // "sha256:" over every file read: relative path and bytes, in path order
  int files = 0;                     // files read
};

// Reads and validates the whole corpus under `dir` (data/waf). Any error — a file that does not parse,
// an unknown code, a duplicate id, a category with attacks but fewer than kMinBenignPerCategory
// headline benign requests — fails the whole load with "file:line:col: message"; never a partial corpus.
Result<Corpus> LoadCorpus(const std::filesystem::path& dir);

// The corpus directory used when none is given (`proven waf run --corpus`, `serve --waf-corpus`): the
// source tree's data/waf, fixed at build time.
std::string DefaultCorpusDir();

// The same from files already in memory (relative path → bytes), for tests and embedding.
Result<Corpus> LoadCorpusFiles(const std::map<std::string, std::string>& files);

// Checks a corpus (unique ids, known categories, encoders that fit their category, the benign
// coverage of every category with attacks). LoadCorpus calls it; exposed for hand-built corpora.
Status ValidateCorpus(const Corpus& corpus);

// "sha256:<hex>" over (path, size, bytes) of each file in path order.
std::string CorpusFingerprint(const std::map<std::string, std::string>& files);

}  // namespace proven::waf
