// The transparency log's public API (issue 12, docs/api.md "Transparency log"): the latest signed
// checkpoint, leaves, inclusion and consistency proofs, record bundles and the verifier key. Each
// handler parses its parameters (errors name the parameter), asks LogService and maps the result;
// every failure goes through the one mapping (web/http_errors.cpp).
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "services/log/log_service.hpp"
#include "services/query_params.hpp"
#include "tlog/merkle.hpp"
#include "web/log/log.hpp"

namespace proven::web {
namespace {

using nlohmann::ordered_json;

tl::unexpected<Error> Required(const std::string& name) {
  return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument, fmt::format("{} is required", name),
              {}, name);
}

// A query parameter holding a whole number from 0 (the log's indexes and sizes); nothing when absent.
Result<std::optional<std::uint64_t>> Count(const Request& req, const std::string& name) {
  const auto values = services::Values(req.params, name);
  if (values.empty()) return std::optional<std::uint64_t>();
  if (values.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument,
                fmt::format("{} may be given only once", name), {}, name);
  }
  const std::string& v = values.front();
  std::uint64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() ||
      out > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Fail(Reason{"error.param.number_at_least", {{"min", "0"}}}, ErrorCode::kInvalidArgument,
                fmt::format("{} must be a whole number of at least 0", name), {}, name);
  }
  return std::optional<std::uint64_t>(out);
}

Result<std::uint64_t> RequiredCount(const Request& req, const std::string& name) {
  auto v = Count(req, name);
  if (!v) return Fail(v.error());
  if (!*v) return Required(name);
  return **v;
}

// `hash`: a leaf hash in standard base64. A '+' that reached us as a space (an unencoded '+' in a
// query string) is read as '+', and the URL-safe alphabet ('-', '_') is accepted too.
Result<std::optional<tlog::Hash>> HashParam(const Request& req) {
  std::vector<std::string> values;
  auto [b, e] = req.params.equal_range("hash");
  for (auto it = b; it != e; ++it) {
    if (!Trim(it->second).empty()) values.push_back(it->second);
  }
  if (values.empty()) return std::optional<tlog::Hash>();
  if (values.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument, "hash may be given only once", {},
                "hash");
  }
  std::string text = values.front();
  for (char& c : text) {
    if (c == ' ') c = '+';
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  auto h = tlog::DecodeHash(text, "hash");
  if (!h) {
    return Fail(Reason{"error.log.bad_hash", {}}, ErrorCode::kInvalidArgument,
                "hash must be a SHA-256 leaf hash (32 bytes) in base64", h.error().message, "hash");
  }
  return std::optional<tlog::Hash>(*h);
}

ordered_json Hashes(const std::vector<tlog::Hash>& hashes) {
  ordered_json out = ordered_json::array();
  for (const auto& h : hashes) out.push_back(tlog::Base64(h));
  return out;
}

void SendInclusion(Response& res, const services::InclusionProof& p) {
  ordered_json body;
  body["index"] = p.index;
  body["size"] = p.size;
  body["hashes"] = Hashes(p.hashes);
  // A proof for a given size never changes (the log only grows).
  res.set_header("Cache-Control", "public, max-age=86400");
  SetJson(res, 200, body.dump());
}

}  // namespace

void HandleApiLogCheckpoint(AppContext& app, const Request& req, Response& res) {
  services::LogService& log = app.log;
  auto cp = log.LatestCheckpoint();
  if (!cp) return RespondError(app, req, res, cp.error());
  // The newest checkpoint changes with every new leaf: always ask again.
  res.set_header("Cache-Control", "no-cache");
  res.status = 200;
  res.set_content(cp->note, "text/plain; charset=utf-8");
}

void HandleApiLogEntries(AppContext& app, const Request& req, Response& res) {
  services::LogService& log = app.log;
  auto start = RequiredCount(req, "start");
  if (!start) return RespondError(app, req, res, start.error());
  auto end = RequiredCount(req, "end");
  if (!end) return RespondError(app, req, res, end.error());
  // Leaves another instance appended (and maybe already signed) since this one's tree was loaded:
  // load them first, so that the entries cover every checkpoint this server hands out.
  if (*end > log.Size()) {
    if (auto st = log.Refresh(); !st) return RespondError(app, req, res, st.error());
  }
  auto leaves = log.Entries(*start, *end);
  if (!leaves) return RespondError(app, req, res, leaves.error());
  ordered_json entries = ordered_json::array();
  for (const auto& l : *leaves) {
    ordered_json e;
    e["index"] = l.index;
    e["leaf"] = l.leaf;
    entries.push_back(std::move(e));
  }
  ordered_json body;
  body["entries"] = std::move(entries);
  // Leaves never change once appended; a range cut short at the log's end grows later.
  res.set_header("Cache-Control",
                 leaves->size() == *end - *start ? "public, max-age=86400" : "no-cache");
  SetJson(res, 200, body.dump());
}

void HandleApiLogInclusion(AppContext& app, const Request& req, Response& res) {
  services::LogService& log = app.log;
  auto index = Count(req, "index");
  if (!index) return RespondError(app, req, res, index.error());
  auto hash = HashParam(req);
  if (!hash) return RespondError(app, req, res, hash.error());
  if (*index && *hash) {
    return RespondError(app, req, res,
                        MakeError(Reason{"error.log.index_or_hash", {}}, ErrorCode::kInvalidArgument,
                                  "give either index or hash, not both", {}, "hash"));
  }
  if (!*index && !*hash) return RespondError(app, req, res, Required("index").value());
  auto size = RequiredCount(req, "size");
  if (!size) return RespondError(app, req, res, size.error());
  auto proof = *index ? log.ProveInclusion(**index, *size) : log.ProveInclusionOfHash(**hash, *size);
  if (!proof) return RespondError(app, req, res, proof.error());
  SendInclusion(res, *proof);
}

void HandleApiLogConsistency(AppContext& app, const Request& req, Response& res) {
  services::LogService& log = app.log;
  auto from = RequiredCount(req, "from");
  if (!from) return RespondError(app, req, res, from.error());
  auto to = RequiredCount(req, "to");
  if (!to) return RespondError(app, req, res, to.error());
  auto proof = log.ProveConsistency(*from, *to);
  if (!proof) return RespondError(app, req, res, proof.error());
  ordered_json body;
  body["hashes"] = Hashes(*proof);
  res.set_header("Cache-Control", "public, max-age=86400");
  SetJson(res, 200, body.dump());
}

void HandleApiLogBundle(AppContext& app, const Request& req, Response& res) {
  services::LogService& log = app.log;
  const std::int64_t index = PathId(req);
  if (index < 0) {
    return RespondError(app, req, res, MakeError(ErrorCode::kNotFound, "no such entry", {}, "index"));
  }
  auto bundle = log.Bundle(static_cast<std::uint64_t>(index));
  if (!bundle) return RespondError(app, req, res, bundle.error());
  // Proven against the latest checkpoint: a later download proves against a later one.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"proven-record-{}.json\"", index));
  SetJson(res, 200, *bundle);
}

void HandleLogKey(AppContext& app, const Request& req, Response& res) {
  (void)req;
  if (!app.log.CanSign()) {
    return SetJsonError(res, MakeError(ErrorCode::kNotFound, "this server does not sign a transparency log"));
  }
  auto key = app.log.VerifierKey();
  if (!key) return SetJsonError(res, key.error());
  std::string line = *key;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  res.set_header("Cache-Control", "public, max-age=3600");
  res.status = 200;
  res.set_content(line + "\n", "text/plain; charset=utf-8");
}

}  // namespace proven::web
