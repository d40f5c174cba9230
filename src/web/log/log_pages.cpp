// The transparency log's pages (issue 12): /log (what the log is, the latest signed checkpoint, the
// verifier key, the newest entries and how to check everything offline with the CLI), an entry's
// page /log/entries/{index} (the leaf, what it records, its inclusion proof against the latest
// checkpoint, the signed checkpoint, the bundle to download and a QR code of the page's URL), and
// the block a service's or a product's page shows about its newest entry.
#include <algorithm>
#include <optional>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/qr.hpp"
#include "services/log/log_service.hpp"
#include "tlog/merkle.hpp"
#include "tlog/verify.hpp"
#include "web/log/log.hpp"
#include "web/page_support.hpp"

namespace proven::web {
namespace {

namespace mst = kainjow::mustache;
using nlohmann::json;

// How many of the newest entries /log lists.
constexpr std::uint64_t kRecentEntries = 20;

std::string BundleUrl(std::uint64_t index) { return fmt::format("/api/v1/log/entries/{}/bundle", index); }
std::string EntryPath(std::uint64_t index) { return fmt::format("/log/entries/{}", index); }

// "service.renewed" → its words ("登録の更新"); an unknown kind shows as itself.
std::string KindLabel(Lang lang, std::string_view kind) {
  std::string key = "log_kind_" + std::string(kind);
  std::replace(key.begin(), key.end(), '.', '_');
  return HasMessage(key) ? Message(lang, key) : std::string(kind);
}

std::string TypeOfKind(std::string_view kind) { return std::string(kind.substr(0, kind.find('.'))); }

std::string RecordTypeLabel(Lang lang, std::string_view type) {
  const std::string key = "log_type_" + std::string(type);
  return HasMessage(key) ? Message(lang, key) : std::string(type);
}

// The record's own name where its record has one: a service's, a report's product's.
std::string RecordName(const json& record) {
  if (!record.is_object()) return {};
  if (auto n = record.find("name"); n != record.end() && n->is_string()) return n->get<std::string>();
  if (auto p = record.find("product"); p != record.end() && p->is_object()) {
    if (auto n = p->find("name"); n != p->end() && n->is_string()) return n->get<std::string>();
  }
  return {};
}

// Where the record is shown: a service's and a product's pages; a case's public page while it is
// published (its newest leaf says so); the audit head has none.
std::string RecordPage(AppContext& app, std::string_view type, std::int64_t id) {
  if (type == "service") return fmt::format("/services/{}", id);
  if (type == "report") return fmt::format("/products/{}", id);
  if (type == "case") {
    auto newest = app.log.LatestEntryOf("case", id);
    if (!newest || !*newest) return {};
    auto leaf = tlog::ParseLeaf((*newest)->leaf);
    if (!leaf) return {};
    const auto published = leaf->record.find("published");
    if (published != leaf->record.end() && published->is_boolean() && published->get<bool>()) {
      return fmt::format("/cases/{}", id);
    }
  }
  return {};
}

// What a page shows of a checkpoint.
mst::data CheckpointData(const store::StoredCheckpoint& cp) {
  mst::data c;
  c.set("size", std::to_string(cp.size));
  c.set("last_index", std::to_string(cp.size - 1));
  c.set("at", cp.at);
  c.set("at_jst", JstText(cp.at));
  c.set("root", tlog::Base64(cp.root));
  c.set("note", cp.note);
  c.set("key", cp.verifier_key);
  return c;
}

// "No checkpoint signed yet" (a new, empty log) is a state the pages show, not an error.
bool NoCheckpointYet(const Error& e) {
  return e.code == ErrorCode::kNotFound || e.reason.key == "error.log.no_checkpoint";
}

}  // namespace

std::string LogEntryUrl(const AppContext& app, std::uint64_t index) { return app.public_url + EntryPath(index); }

void SetLogEntryBlock(AppContext& app, Lang lang, std::string_view record_type, std::int64_t id, mst::data& d) {
  auto newest = app.log.LatestEntryOf(record_type, id);
  if (!newest) {
    spdlog::warn("the log's entry of {} {}: {}", record_type, id, newest.error().message);
    return;
  }
  if (!*newest) return;
  const auto index = static_cast<std::uint64_t>((*newest)->index);
  const std::string n = std::to_string(index);
  mst::data e;
  e.set("index", n);
  e.set("label", Message(lang, "log_entry_of", {{"index", n}}));
  e.set("url", EntryPath(index));
  e.set("page_url", LogEntryUrl(app, index));
  e.set("bundle_url", BundleUrl(index));
  e.set("at_jst", JstText((*newest)->at));
  e.set("kind_label", KindLabel(lang, (*newest)->kind));
  if (auto qr = EncodeQr(LogEntryUrl(app, index))) {
    e.set("qr_svg", QrSvg(*qr, Message(lang, "log_qr_title", {{"index", n}}), 3));
  }
  d.set("log_entry", e);
}

void HandleLogPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("base_url", app.public_url);
  auto cp = app.log.LatestCheckpoint();
  if (cp) {
    d.set("checkpoint", CheckpointData(*cp));
  } else if (!NoCheckpointYet(cp.error())) {
    return RespondError(app, req, res, cp.error());
  }
  if (app.log.CanSign()) {
    auto key = app.log.VerifierKey();
    if (!key) return RespondError(app, req, res, key.error());
    std::string line = *key;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    d.set("verifier_key", line);
  }
  // The newest leaves, also those another instance appended since this one's tree was loaded.
  if (auto st = app.log.Refresh(); !st) return RespondError(app, req, res, st.error());
  const std::uint64_t size = app.log.Size();
  d.set("size", std::to_string(size));
  d.set("size_label", Message(lang, "log_size", {{"count", std::to_string(size)}}));
  mst::data recent = EmptyList();
  if (size > 0) {
    const std::uint64_t start = size > kRecentEntries ? size - kRecentEntries : 0;
    auto leaves = app.log.Entries(start, size);
    if (!leaves) return RespondError(app, req, res, leaves.error());
    for (auto it = leaves->rbegin(); it != leaves->rend(); ++it) {
      mst::data r;
      r.set("index", std::to_string(it->index));
      r.set("url", EntryPath(static_cast<std::uint64_t>(it->index)));
      r.set("kind_label", KindLabel(lang, it->kind));
      r.set("type_label", RecordTypeLabel(lang, it->record_type));
      r.set("record_id", std::to_string(it->record_id));
      r.set("is_audit", it->record_type == "audit");
      if (it->record_type == "service" || it->record_type == "report") {
        r.set("record_url", RecordPage(app, it->record_type, it->record_id));
      }
      r.set("version", std::to_string(it->version));
      r.set("at", it->at);
      r.set("at_jst", JstText(it->at));
      recent.push_back(r);
    }
  }
  d.set("recent", recent);
  d.set("has_recent", size > 0);
  SendPage(app, req, res, lang, "log", d, Message(lang, "log_title"), "log");
}

void HandleLogEntryPage(AppContext& app, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const std::int64_t path_index = PathId(req);
  const Error missing = MakeError(ErrorCode::kNotFound, "no such entry in the log", {}, "index");
  if (path_index < 0) return ErrorPage(app, nullptr, req, res, missing);
  const auto index = static_cast<std::uint64_t>(path_index);
  if (index >= app.log.Size()) {
    // Appended by another instance since this one last looked?
    if (auto st = app.log.Refresh(); !st) return RespondError(app, req, res, st.error());
    if (index >= app.log.Size()) return ErrorPage(app, nullptr, req, res, missing);
  }
  auto leaves = app.log.Entries(index, index + 1);
  if (!leaves) return RespondError(app, req, res, leaves.error());
  if (leaves->empty()) return ErrorPage(app, nullptr, req, res, missing);
  const store::LogLeaf& leaf = leaves->front();
  const std::string n = std::to_string(index);

  mst::data d;
  d.set("index", n);
  d.set("heading", Message(lang, "log_entry_title", {{"index", n}}));
  d.set("kind", leaf.kind);
  d.set("kind_label", KindLabel(lang, leaf.kind));
  const std::string type = leaf.record_type.empty() ? TypeOfKind(leaf.kind) : leaf.record_type;
  d.set("type_label", RecordTypeLabel(lang, type));
  d.set("record_id", std::to_string(leaf.record_id));
  d.set("version", std::to_string(leaf.version));
  d.set("at", leaf.at);
  d.set("at_jst", JstText(leaf.at));
  d.set("leaf", leaf.leaf);
  d.set("leaf_hash", tlog::Base64(leaf.hash));
  d.set("leaf_hash_hex", tlog::Hex(leaf.hash));
  if (auto parsed = tlog::ParseLeaf(leaf.leaf)) {
    d.set("record_name", OptionalText(RecordName(parsed->record)));
    d.set("record_pretty", parsed->record.dump(2));
  } else {
    d.set("record_name", OptionalText(""));
  }
  if (const std::string page = RecordPage(app, type, leaf.record_id); !page.empty()) {
    d.set("record_url", page);
    d.set("record_link_label", Message(lang, "log_record_link", {{"type", RecordTypeLabel(lang, type)},
                                                                 {"id", std::to_string(leaf.record_id)}}));
  }
  d.set("is_audit", type == "audit");

  // The proof against the latest signed checkpoint, when one covers the entry.
  auto cp = app.log.LatestCheckpoint();
  if (!cp && !NoCheckpointYet(cp.error())) return RespondError(app, req, res, cp.error());
  if (cp && static_cast<std::uint64_t>(cp->size) > index) {
    d.set("checkpoint", CheckpointData(*cp));
    auto proof = app.log.ProveInclusion(index, static_cast<std::uint64_t>(cp->size));
    if (!proof) return RespondError(app, req, res, proof.error());
    mst::data hashes = EmptyList();
    int no = 0;
    for (const auto& h : proof->hashes) {
      mst::data x;
      x.set("no", std::to_string(++no));
      x.set("hash", tlog::Base64(h));
      hashes.push_back(x);
    }
    d.set("proof_hashes", hashes);
    d.set("proof_empty", proof->hashes.empty());
    d.set("proof_url", fmt::format("/api/v1/log/proof/inclusion?index={}&size={}", index, cp->size));
    d.set("bundle_url", BundleUrl(index));
    d.set("proof_lead", Message(lang, "log_proof_lead", {{"index", n}, {"size", std::to_string(cp->size)}}));
  } else {
    d.set("pending", true);
  }
  d.set("page_url", LogEntryUrl(app, index));
  if (auto qr = EncodeQr(LogEntryUrl(app, index))) {
    d.set("qr_svg", QrSvg(*qr, Message(lang, "log_qr_title", {{"index", n}}), 4));
  }
  d.set("base_url", app.public_url);
  SendPage(app, req, res, lang, "log_entry", d, Message(lang, "log_entry_title", {{"index", n}}), "log");
}

}  // namespace proven::web
