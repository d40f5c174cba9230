#pragma once
// Verdicts (docs/adr/0017, builder B): what one exchange says about the WAF, pure. With the oracle
// (targets we run) the backend decides: reached ⇒ passed, not reached with any answer ⇒ blocked. For
// other targets: a reset or early close (when counted as a block), a block status, a block pattern
// over the response head and the kept body (a block page served with 200), else a pass status
// (200–399, 404), else unresolved — 5xx, 400, timeouts, connect failures, malformed responses.
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "waf/model.hpp"
#include "waf/sender.hpp"

namespace proven::waf {

// --block-regex, compiled once with PCRE2 (not std::regex: libstdc++'s recurses per character and
// crashes on bodies of tens of kilobytes; docs/adr/0017). Bytes, not UTF-8 code points (bodies need
// not be valid UTF-8); a match limit bounds the time per search, and hitting it counts as no match.
class BlockPattern {
 public:
  static Result<std::shared_ptr<const BlockPattern>> Compile(std::string_view pattern);
  ~BlockPattern();
  BlockPattern(const BlockPattern&) = delete;
  BlockPattern& operator=(const BlockPattern&) = delete;
  bool Search(std::string_view text) const;

 private:
  BlockPattern() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct VerdictRules {
  std::vector<int> block_status{403, 406};
  std::shared_ptr<const BlockPattern> block_regex;  // searched in the response head and the kept body
  bool reset_is_block = true;
};

// The rules of a run's settings; an error naming `block_regex` or `block_status` when invalid.
Result<VerdictRules> MakeVerdictRules(const RunSettings& settings);

struct Outcome {
  Verdict verdict = Verdict::kUnresolved;
  Basis basis = Basis::kTimeout;
  bool inconsistent = false;  // the oracle and the response disagree (passed with a block sign, blocked with a plain 2xx)
};

// `reached`: the oracle's answer (nullopt: no oracle for this request).
Outcome Judge(const Exchange& exchange, const VerdictRules& rules, std::optional<bool> reached);

// True when the response carries a block sign of `rules` (block status or pattern).
bool HasBlockSign(const Exchange& exchange, const VerdictRules& rules, Basis* basis = nullptr);

}  // namespace proven::waf
