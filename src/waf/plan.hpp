#pragma once
// The test plan (issue 14, ADR 0017 "Corpus and plan"): a corpus compiled into requests with exact
// bytes, ids and fingerprints; the seeded send order; the bytes of one request for a target. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "waf/corpus.hpp"
#include "waf/model.hpp"

namespace proven::waf {

// Bumped by hand whenever the sources or the compiler's semantics change (the bytes of any request).
inline constexpr std::string_view kPlanVersion = "2026.12-1";
inline constexpr std::string_view kTestIdHeader = "X-Proven-Test-Id";

// payload × encoder × placement of every case, in corpus order. Seeded (`seed`): parameter, cookie
// and header names, the multipart boundary, the named header chosen, case_mix. Values a placement
// cannot carry are left out and counted in Plan::excluded. Plan::corpus_fingerprint is the corpus's;
// Plan::plan_fingerprint covers every request's id, labels and bytes as compiled with seed 0, so it
// is the same for every seed and changes whenever any request would change.
Result<Plan> Compile(const Corpus& corpus, std::uint64_t seed);

// A request's id: the first 16 hex digits of SHA-256(case_id \n payload_index \n encoder \n placement).
std::string RequestId(std::string_view case_id, std::size_t payload_index, Encoder encoder, Placement placement);

// The order to send the plan's requests in: a Fisher-Yates shuffle of 0..n-1 driven by
// std::mt19937_64(plan.seed) (the same on every platform), then (stable) the requests tagged
// kShortBodyTag first: they can only end by the WAF answering early or by the timeout, and sent
// first their wait overlaps the run instead of ending it.
std::vector<std::uint32_t> SendOrder(const Plan& plan);

// The exact bytes to send to `target`: in the head, {{proven:base}} → target.base_path,
// {{proven:host}} → target.authority, {{proven:id}} → request.id; then "X-Proven-Test-Id: <id>" is
// inserted right after the request line (with the request line's own line ending; a request
// without any line break gets none).
std::string Materialise(const CompiledRequest& request, const Target& target);

// At most 120 characters of `text`, cut at a UTF-8 character boundary, controls shown as U+2400 symbols,
// "…" appended when cut.
std::string Preview(std::string_view text);

}  // namespace proven::waf
