#include "waf/verdict.hpp"

#include <algorithm>

namespace proven::waf {

Result<VerdictRules> MakeVerdictRules(const RunSettings& settings) {
  VerdictRules rules;
  rules.block_status = settings.block_status;
  for (const int s : rules.block_status) {
    if (s < 100 || s > 599) {
      return Fail(ErrorCode::kInvalidArgument, "block_status: " + std::to_string(s) + " is not an HTTP status (100–599)", {},
                  "block_status");
    }
  }
  rules.reset_is_block = settings.reset_is_block;
  if (settings.block_regex) {
    if (settings.block_regex->empty()) {
      return Fail(ErrorCode::kInvalidArgument, "block_regex: empty (it would match every response)", {}, "block_regex");
    }
    try {
      rules.block_regex.emplace(*settings.block_regex, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return Fail(ErrorCode::kInvalidArgument, "block_regex: not a valid ECMAScript regular expression (" + std::string(e.what()) + ")",
                  {}, "block_regex");
    }
  }
  return rules;
}

bool HasBlockSign(const Exchange& ex, const VerdictRules& rules, Basis* basis) {
  if (ex.transport != Transport::kResponse) return false;
  if (std::find(rules.block_status.begin(), rules.block_status.end(), ex.status) != rules.block_status.end()) {
    if (basis != nullptr) *basis = Basis::kBlockStatus;
    return true;
  }
  if (rules.block_regex) {
    if (std::regex_search(ex.head_text, *rules.block_regex) || std::regex_search(ex.body, *rules.block_regex)) {
      if (basis != nullptr) *basis = Basis::kBlockPattern;
      return true;
    }
  }
  return false;
}

Outcome Judge(const Exchange& ex, const VerdictRules& rules, std::optional<bool> reached) {
  Outcome o;
  const bool answered = ex.transport == Transport::kResponse || ex.transport == Transport::kMalformed ||
                        ex.transport == Transport::kReset || ex.transport == Transport::kEof;
  if (reached.has_value()) {
    if (*reached) {
      o.verdict = Verdict::kPassed;
      o.basis = Basis::kOracleReached;
      // The backend saw it, yet the client saw a block: DetectionOnly, a response-phase rule, a
      // block page over a passed request… worth a look.
      o.inconsistent = HasBlockSign(ex, rules) || ex.transport == Transport::kReset || ex.transport == Transport::kEof;
      return o;
    }
    if (answered) {
      o.verdict = Verdict::kBlocked;
      o.basis = Basis::kOracleNotReached;
      // Not reached, but an ordinary success came back: a cache, a static answer before the WAF.
      o.inconsistent = ex.transport == Transport::kResponse && ex.status >= 200 && ex.status < 300 && !HasBlockSign(ex, rules);
      return o;
    }
    // Not reached and no answer: a tarpit or a dead WAF; the oracle cannot tell.
    o.verdict = Verdict::kUnresolved;
    o.basis = ex.transport == Transport::kConnectFailed ? Basis::kConnectFailed : Basis::kTimeout;
    return o;
  }
  switch (ex.transport) {
    case Transport::kTimeout:
      o.basis = Basis::kTimeout;
      return o;
    case Transport::kConnectFailed:
      o.basis = Basis::kConnectFailed;
      return o;
    case Transport::kMalformed:
      o.basis = Basis::kMalformed;
      return o;
    case Transport::kReset:
    case Transport::kEof:
      o.basis = ex.transport == Transport::kReset ? Basis::kReset : Basis::kEof;
      o.verdict = rules.reset_is_block ? Verdict::kBlocked : Verdict::kUnresolved;
      return o;
    case Transport::kResponse:
      break;
  }
  Basis sign = Basis::kBlockStatus;
  if (HasBlockSign(ex, rules, &sign)) {
    o.verdict = Verdict::kBlocked;
    o.basis = sign;
    return o;
  }
  if ((ex.status >= 200 && ex.status < 400) || ex.status == 404) {
    o.verdict = Verdict::kPassed;
    o.basis = Basis::kPassStatus;
    return o;
  }
  o.verdict = Verdict::kUnresolved;
  o.basis = Basis::kOtherStatus;
  return o;
}

}  // namespace proven::waf
