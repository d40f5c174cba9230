#pragma once
// The WAF effectiveness suite's shared vocabulary (issue 14, docs/adr/0017-waf-effectiveness-suite.md):
// a compiled test plan (payload × encoder × placement, each request with its exact bytes), the target,
// the run's settings and each request's verdict. The engine lives beside search/: `proven_waf` links
// core only; the corpus loader (A), the sender and judge (B) and the scores and reports (C) build on
// these types.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace proven::waf {

// What a case expects of a WAF that works: an attack is blocked, a benign request passes.
enum class Expect { kBlock, kAllow };

// Where the payload goes. kRawRequest: the case gives the whole request (CRS regression tests).
enum class Placement {
  kQuery,
  kPath,
  kHeaderCustom,
  kHeaderNamed,
  kCookie,
  kUserAgent,
  kReferer,
  kForm,
  kMultipartField,
  kMultipartFilename,
  kJsonValue,
  kJsonKey,
  kXmlText,
  kXmlAttr,
  kRawBody,
  kRawRequest,
};

// How the payload is transformed before it is placed. Whether a typical application decodes it
// depends on the encoder and the placement (Decoded(), plan.hpp): only decoded requests count in the
// headline; the others go into the robustness score.
enum class Encoder {
  kPlain,
  kUrl,
  kDoubleUrl,
  kPercentU,
  kHtmlEntity,
  kJsEscape,
  kBase64,
  kBase64Flat,
  kOverlongUtf8,
  kCaseMix,
  kSqlCommentWs,
};

// One code per value ("query", "header_custom", …; "plain", "url", "double_url", …): the corpus
// files, the reports and the command line use these.
std::string_view Code(Placement p);
std::string_view Code(Encoder e);
std::string_view Code(Expect e);  // "block", "allow"
std::optional<Placement> PlacementFromCode(std::string_view code);
std::optional<Encoder> EncoderFromCode(std::string_view code);
std::optional<Expect> ExpectFromCode(std::string_view code);
const std::vector<Placement>& AllPlacements();
const std::vector<Encoder>& AllEncoders();

// A corpus source and what the plan took from it.
struct SourceInfo {
  std::string name;     // "gotestwaf", "crs-regression", "proven"
  std::string licence;  // "MIT", "Apache-2.0", …
  std::string notice;   // "GoTestWAF test cases © 2020 Wallarm"
  int cases = 0;
  int requests = 0;
};

// Cases of a source left out of the plan, and why ("CRS rule not in 3.3.4", "gRPC").
struct Exclusion {
  std::string source;
  std::string reason;
  int count = 0;
};

// The tag of a request whose declared Content-Length exceeds its body (see SendOrder).
// Such a request waits at most kShortBodyWaitMs for an answer (then: unresolved, timeout).
inline constexpr std::string_view kShortBodyTag = "short_body";
inline constexpr int kShortBodyWaitMs = 2000;

// One request of the plan.
struct CompiledRequest {
  std::string id;        // 16 lowercase hex digits, the same for every seed
  std::string case_id;   // the case it comes from ("gotestwaf/sql-injection/3", "crs/942100-1", …)
  std::string source;    // SourceInfo::name
  std::string category;  // "sql-injection", …; "general" for benign cases tied to no category
  Expect expect = Expect::kBlock;
  Placement placement = Placement::kQuery;
  Encoder encoder = Encoder::kPlain;
  bool headline = true;  // decoded by a typical application: counted in the headline score
  bool dedicated_connection = false;  // malformed: sent alone on a connection of its own
  // The exact request bytes with the markers {{proven:base}} (the target's base path),
  // {{proven:host}} (its authority) and {{proven:id}} (this request's id); see Materialise.
  std::string tmpl;
  std::string preview;            // the payload for people: at most 120 characters, valid UTF-8
  std::vector<std::string> tags;  // "crs_rule:942100", "ja", …
};

struct Plan {
  std::string plan_version;        // the compiler's version ("proven.waf.plan/1")
  std::string corpus_fingerprint;  // SHA-256 over the corpus files (path and bytes, in path order)
  std::string plan_fingerprint;    // SHA-256 over the compiled requests (seed-independent)
  std::uint64_t seed = 0;          // the order requests are sent in, and random encoders
  std::vector<CompiledRequest> requests;
  std::vector<SourceInfo> sources;
  std::vector<Exclusion> excluded;
};

// The system under test: an http:// URL (https is not supported: the suite sends exact bytes).
struct Target {
  std::string url;
  std::string host;       // as given (name or address)
  std::string port;       // "80" when not given
  std::string base_path;  // "" or "/app" (no trailing slash)
  std::string authority;  // the Host header: host[:port]
  bool loopback = false;  // resolves to 127.0.0.0/8 or ::1 only: may run unlimited
};

enum class Verdict { kBlocked, kPassed, kUnresolved };
// Why a verdict was given.
enum class Basis {
  kOracleReached,     // the backend saw the request: passed
  kOracleNotReached,  // the backend did not see it: blocked
  kBlockStatus,       // a block status code (--block-status)
  kBlockPattern,      // the body or a header matched --block-regex (e.g. a block page served with 200)
  kReset,             // the connection was reset before a response
  kEof,               // the connection closed before a response
  kPassStatus,        // any other complete response without a block sign
  kOtherStatus,       // 5xx or a status the rules leave open: unresolved
  kTimeout,
  kConnectFailed,
  kMalformed,         // the response could not be parsed
  kTainted,           // in a window where a canary was blocked (rate limiting, bans) and not re-run
};
std::string_view Code(Verdict v);
std::string_view Code(Basis b);

struct RequestResult {
  std::uint32_t index = 0;  // into Plan::requests
  Verdict verdict = Verdict::kUnresolved;
  Basis basis = Basis::kTimeout;
  int status = 0;              // 0 without a response
  bool inconsistent = false;   // the oracle and the response disagree (e.g. blocked but 200)
  std::uint32_t latency_us = 0;
  std::uint8_t attempts = 0;   // > 1 when re-run after a tainted window
  std::uint32_t window = 0;    // the canary window it was sent in
};

struct RunSettings {
  std::string profile;               // "polite" or "unlimited" (loopback only) or "custom"
  std::optional<double> rate;        // requests per second; nullopt: unlimited
  int connections = 0;
  int timeout_ms = 0;                // per request
  int canary_every = 100;            // a benign canary every N requests
  std::string preflight = "strict";  // strict, benign, off
  std::vector<int> block_status{403, 406};
  std::optional<std::string> block_regex;
  bool reset_is_block = true;
  bool oracle = false;               // verdicts from the backend (targets we run)
  std::string ruleset;               // the WAF's rule-set version, as the verifier states it
};

struct RunResult {
  std::vector<RequestResult> results;  // index-aligned with Plan::requests
  double seconds = 0;
  double suite_cpu_seconds = 0;
  int retried = 0;
  int canaries = 0;
  int tainted_windows = 0;
  std::string started_at;  // UTC, ISO 8601
  std::string finished_at;
  nlohmann::ordered_json preflight;  // what the pre-flight sent and saw
};

}  // namespace proven::waf
