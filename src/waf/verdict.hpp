#pragma once
// Verdicts (docs/adr/0017, builder B): what one exchange says about the WAF, pure. With the oracle
// (targets we run) the backend decides: reached ⇒ passed, not reached with any answer ⇒ blocked. For
// other targets: a reset or early close (when counted as a block), a block status, a block pattern
// over the response head and the kept body (a block page served with 200), else a pass status
// (200–399, 404), else unresolved — 5xx, 400, timeouts, connect failures, malformed responses.
#include <optional>
#include <regex>
#include <vector>

#include "core/result.hpp"
#include "waf/model.hpp"
#include "waf/sender.hpp"

namespace proven::waf {

struct VerdictRules {
  std::vector<int> block_status{403, 406};
  std::optional<std::regex> block_regex;  // ECMAScript, searched in the head text and the kept body
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
