#include "waf/plan.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "waf/corpus_internal.hpp"
#include "waf/encoders.hpp"
#include "waf/placements.hpp"

namespace proven::waf {
namespace {

std::uint64_t HexU64(std::string_view hex) {
  std::uint64_t v = 0;
  for (const char c : hex) v = (v << 4) | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  return v;
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

bool IsPlainMethod(std::string_view m) {
  return m == "GET" || m == "POST" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "PATCH" || m == "OPTIONS";
}

// GoTestWAF's RawRequest with the payload in: request line, Host, the template's headers, the
// Content-Length of the body.
std::string BuildRaw(const RawRequest& raw, std::string_view value) {
  std::string target = raw.target;
  ReplaceAll(target, "{{payload}}", value);
  std::string body = raw.body;
  ReplaceAll(body, "{{payload}}", value);
  std::string out = raw.method + " " + (target.starts_with("/") ? "{{proven:base}}" : "") + target + " HTTP/1.1\r\n";
  out += "Host: {{proven:host}}\r\n";
  bool has_length = false;
  for (const auto& [name, v] : raw.headers) {
    std::string val = v;
    ReplaceAll(val, "{{payload}}", value);
    if (name.size() == 14 && std::equal(name.begin(), name.end(), "content-length", [](char a, char b) { return (a | 0x20) == b; })) {
      has_length = true;
    }
    out += name + ": " + val + "\r\n";
  }
  if (!body.empty() && !has_length) out += fmt::format("Content-Length: {}\r\n", body.size());
  out += "\r\n";
  out += body;
  return out;
}

struct Built {
  std::string tmpl;
  std::string excluded;  // the reason, when the value cannot be placed
};

// One request's bytes for a seed. The seeded choices come from SHA-256(seed \n id).
Built BuildOne(const Case& c, const std::string& payload, Encoder encoder, Placement placement, const std::string& id,
               std::uint64_t seed) {
  const std::string key = Sha256Hex(fmt::format("{}\n{}", seed, id));
  const std::string value = Encode(encoder, payload, HexU64(std::string_view(key).substr(0, 16)));
  if (placement == Placement::kRawRequest) {
    if (!c.raw) return {{}, "raw_request without a request"};
    return {c.raw->exact.empty() ? BuildRaw(*c.raw, value) : c.raw->exact, {}};
  }
  static constexpr std::string_view kNamed[] = {"X-Forwarded-For", "Accept-Language", "X-Requested-With"};
  PlacementInput in;
  in.placement = placement;
  in.encoder = encoder;
  in.value = value;
  in.name = placement == Placement::kHeaderCustom ? key.substr(16, 8)
            : !c.param_name.empty()               ? c.param_name
                                                  : "k" + key.substr(16, 4);
  in.boundary_token = key.substr(24, 16);
  in.named_header = std::string(kNamed[HexU64(std::string_view(key).substr(40, 4)) % 3]);
  in.content_type = c.content_type;
  in.verbatim = c.verbatim;
  if (auto why = Unrepresentable(in)) return {{}, *why};
  return {BuildRequest(in), {}};
}

}  // namespace

std::string RequestId(std::string_view case_id, std::size_t payload_index, Encoder encoder, Placement placement) {
  return Sha256Hex(fmt::format("{}\n{}\n{}\n{}", case_id, payload_index, Code(encoder), Code(placement))).substr(0, 16);
}

std::string Preview(std::string_view text) {
  std::string out;
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (chars == 120) {
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size() || !ValidUtf8(text.substr(i, len))) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      ++i;
    } else if (c < 0x20) {
      out += "\xE2\x90";  // U+2400 + c: the control pictures
      out += static_cast<char>(0x80 + c);
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return out;
}

Result<Plan> Compile(const Corpus& corpus, std::uint64_t seed) {
  Plan plan;
  plan.plan_version = std::string(kPlanVersion);
  plan.corpus_fingerprint = corpus.fingerprint;
  plan.seed = seed;
  plan.sources = corpus.sources;
  for (auto& s : plan.sources) s.requests = 0;
  plan.excluded = corpus.excluded;
  std::string canonical = fmt::format("{}\n{}\n", kPlanVersion, corpus.fingerprint);
  for (const Case& c : corpus.cases) {
    for (std::size_t i = 0; i < c.payloads.size(); ++i) {
      for (const Encoder e : c.encoders) {
        for (const Placement p : c.placements) {
          CompiledRequest r;
          r.id = RequestId(c.id, i, e, p);
          Built built = BuildOne(c, c.payloads[i], e, p, r.id, seed);
          if (!built.excluded.empty()) {
            internal::AddExclusion(plan.excluded, c.source, built.excluded);
            continue;
          }
          r.case_id = c.id;
          r.source = c.source;
          r.category = c.category;
          r.expect = c.expect;
          r.placement = p;
          r.encoder = e;
          r.headline = Decoded(e, p, c.category);
          r.dedicated_connection = c.dedicated_connection || (c.raw && c.raw->exact.empty() && !IsPlainMethod(c.raw->method));
          r.tmpl = std::move(built.tmpl);
          r.preview = Preview(c.preview.empty() ? c.payloads[i] : c.preview);
          r.tags = c.tags;
          const std::string canonical_tmpl = seed == 0 ? r.tmpl : BuildOne(c, c.payloads[i], e, p, r.id, 0).tmpl;
          canonical += fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\n", r.id, r.case_id, r.category, Code(r.expect),
                                   Code(p), Code(e), r.headline ? 1 : 0, r.dedicated_connection ? 1 : 0, Sha256Hex(canonical_tmpl));
          for (auto& s : plan.sources) {
            if (s.name == c.source) ++s.requests;
          }
          plan.requests.push_back(std::move(r));
        }
      }
    }
  }
  if (plan.requests.empty()) return Fail(ErrorCode::kInvalidArgument, "the corpus compiles to no requests", {}, "corpus");
  plan.plan_fingerprint = "sha256:" + Sha256Hex(canonical);
  return plan;
}

std::vector<std::uint32_t> SendOrder(const Plan& plan) {
  std::vector<std::uint32_t> order(plan.requests.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(plan.seed);
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng() % i);  // modulo bias < 2^-40 for plans this size
    std::swap(order[i - 1], order[j]);
  }
  std::stable_partition(order.begin(), order.end(), [&](std::uint32_t i) {
    const auto& tags = plan.requests[i].tags;
    return std::find(tags.begin(), tags.end(), kShortBodyTag) != tags.end();
  });
  return order;
}

std::string Materialise(const CompiledRequest& request, const Target& target) {
  std::string out = request.tmpl;
  std::size_t head_end = out.find("\r\n\r\n");
  if (head_end == std::string::npos) head_end = out.find("\n\n");
  if (head_end == std::string::npos) head_end = out.size();
  std::string head = out.substr(0, head_end);
  const std::string rest = out.substr(head_end);
  ReplaceAll(head, "{{proven:base}}", target.base_path);
  ReplaceAll(head, "{{proven:host}}", target.authority);
  ReplaceAll(head, "{{proven:id}}", request.id);
  out = head + rest;
  const std::size_t lf = out.find('\n');
  if (lf == std::string::npos) return out;
  const bool crlf = lf > 0 && out[lf - 1] == '\r';
  out.insert(lf + 1, fmt::format("{}: {}{}", kTestIdHeader, request.id, crlf ? "\r\n" : "\n"));
  return out;
}

}  // namespace proven::waf
