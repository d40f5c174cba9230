#include "waf/verdict.hpp"

#include <algorithm>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace proven::waf {

struct BlockPattern::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Impl() {
    if (context != nullptr) pcre2_match_context_free(context);
    if (code != nullptr) pcre2_code_free(code);
  }
};

BlockPattern::~BlockPattern() = default;

Result<std::shared_ptr<const BlockPattern>> BlockPattern::Compile(std::string_view pattern) {
  std::shared_ptr<BlockPattern> p(new BlockPattern());
  p->impl_ = std::make_unique<Impl>();
  int error = 0;
  PCRE2_SIZE offset = 0;
  p->impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0, &error, &offset, nullptr);
  if (p->impl_->code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    return Fail(ErrorCode::kInvalidArgument,
                "block_regex: not a valid regular expression at offset " + std::to_string(offset) + " (" +
                    reinterpret_cast<const char*>(message) + ")",
                {}, "block_regex");
  }
  pcre2_jit_compile(p->impl_->code, PCRE2_JIT_COMPLETE);  // optional: the interpreter is used without JIT
  p->impl_->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(p->impl_->context, 1000000);
  pcre2_set_depth_limit(p->impl_->context, 10000);
  return std::shared_ptr<const BlockPattern>(std::move(p));
}

bool BlockPattern::Search(std::string_view text) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
  const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, md, impl_->context);
  pcre2_match_data_free(md);
  return rc >= 0;
}

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
    auto pattern = BlockPattern::Compile(*settings.block_regex);
    if (!pattern) return Fail(pattern.error());
    rules.block_regex = std::move(*pattern);
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
    if (rules.block_regex->Search(ex.head_text) || rules.block_regex->Search(ex.body)) {
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
