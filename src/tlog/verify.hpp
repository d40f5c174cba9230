#pragma once
// What the log's leaves are, and offline verification of what a server hands out: a record
// bundle (one leaf, its inclusion proof and the signed checkpoint), a checkpoint with the
// entries it covers, and consecutive checkpoints (the monitor). Nothing here does I/O.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"

namespace proven::tlog {

// A leaf: the RFC 8785 canonical JSON of {"kind", "id", "version", "at", "record"}.
struct LeafContent {
  std::string kind;          // "service.registered", "report.published", "audit.head", ...
  std::int64_t id = 0;       // the record's id (0 for the audit head)
  std::int64_t version = 0;  // the record's version that this leaf publishes (1, 2, ...)
  std::string at;            // UTC, ISO 8601
  nlohmann::json record;     // the public record after the event
};
Result<std::string> LeafText(const LeafContent& leaf);
// Parses a leaf's text; kInvalidArgument naming the member when it is not a leaf.
Result<LeafContent> ParseLeaf(std::string_view text);

// A checkpoint whose note is signed by `key` and whose origin is the key's name.
Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const VerifierKey& key);

// A record bundle, as record pages offer it (docs/transparency-log.md):
//   {"format": "proven-record-bundle/1", "index", "leaf", "size", "hashes": [base64...],
//    "checkpoint": "<signed note>"}
struct BundleCheck {
  LeafContent leaf;
  std::uint64_t index = 0;
  Checkpoint checkpoint;
};
// Every failure is kInvalidArgument with a message that names the member and what is wrong.
Result<BundleCheck> VerifyBundle(std::string_view bundle_json, const VerifierKey& key);

// Entries as the entries endpoint serves them: {"entries": [{"index", "leaf"}]}, several such
// documents concatenated in order being the same as one. Checks that they start at 0, run without
// gaps, and that the first `checkpoint.size` of them hash to its root.
struct EntriesCheck {
  std::uint64_t entries = 0;  // leaves read
  std::uint64_t checked = 0;  // leaves the root covers
};
Result<EntriesCheck> VerifyEntries(const std::vector<std::string>& leaves_in_order, const Checkpoint& checkpoint);
// Reads the entries documents into leaves in index order; errors name the entry and member.
Result<std::vector<std::string>> ParseEntries(std::string_view json_text, std::uint64_t expected_start);

}  // namespace proven::tlog
