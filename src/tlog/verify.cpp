#include "tlog/verify.hpp"

#include <fmt/core.h>

#include "tlog/jcs.hpp"

namespace proven::tlog {

using nlohmann::json;

Result<std::string> LeafText(const LeafContent& leaf) {
  return Canonical(json{{"kind", leaf.kind}, {"id", leaf.id}, {"version", leaf.version}, {"at", leaf.at},
                        {"record", leaf.record}});
}

Result<LeafContent> ParseLeaf(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kInvalidArgument, "leaf: not a JSON object", {}, "leaf");
  LeafContent l;
  auto member = [&](const char* name, json::value_t a, json::value_t b) -> Status {
    if (!j.contains(name) || (j[name].type() != a && j[name].type() != b)) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("leaf: member \"{}\" is missing or of the wrong type", name),
                  {}, std::string("leaf.") + name);
    }
    return {};
  };
  using V = json::value_t;
  for (auto [name, a, b] : {std::tuple{"kind", V::string, V::string}, std::tuple{"at", V::string, V::string},
                            std::tuple{"id", V::number_integer, V::number_unsigned},
                            std::tuple{"version", V::number_integer, V::number_unsigned},
                            std::tuple{"record", V::object, V::object}}) {
    if (auto s = member(name, a, b); !s) return Fail(s.error());
  }
  if (j.size() != 5) return Fail(ErrorCode::kInvalidArgument, "leaf: members other than kind, id, version, at and record", {}, "leaf");
  l.kind = j["kind"].get<std::string>();
  l.at = j["at"].get<std::string>();
  l.id = j["id"].get<std::int64_t>();
  l.version = j["version"].get<std::int64_t>();
  l.record = j["record"];
  auto canonical = LeafText(l);
  if (!canonical || *canonical != text) {
    return Fail(ErrorCode::kInvalidArgument, "leaf: not in RFC 8785 canonical form", {}, "leaf");
  }
  return l;
}

Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const VerifierKey& key) {
  auto body = OpenNote(signed_note, key);
  if (!body) return Fail(body.error());
  auto c = ParseCheckpoint(*body);
  if (!c) return Fail(c.error());
  if (c->origin != key.name) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the checkpoint's origin '{}' is not the key's name '{}'", c->origin, key.name));
  }
  return c;
}

namespace {

Result<std::vector<Hash>> Hashes(const json& j, std::string_view field) {
  if (!j.is_array()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: expected an array of base64 hashes", field), {}, std::string(field));
  std::vector<Hash> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string name = fmt::format("{}[{}]", field, i);
    if (!j[i].is_string()) return Fail(ErrorCode::kInvalidArgument, name + ": expected a base64 hash", {}, name);
    auto h = DecodeHash(j[i].get<std::string>(), name);
    if (!h) return Fail(h.error());
    out.push_back(*h);
  }
  return out;
}

Result<std::uint64_t> Count(const json& obj, const char* name) {
  if (!obj.contains(name) || !obj[name].is_number_unsigned()) {
    if (obj.contains(name) && obj[name].is_number_integer() && obj[name].get<std::int64_t>() >= 0) {
      return static_cast<std::uint64_t>(obj[name].get<std::int64_t>());
    }
    return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\": expected a whole number", name), {}, name);
  }
  return obj[name].get<std::uint64_t>();
}

}  // namespace

Result<BundleCheck> VerifyBundle(std::string_view bundle_json, const VerifierKey& key) {
  json j = json::parse(bundle_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kInvalidArgument, "the bundle is not a JSON object");
  if (j.value("format", "") != "proven-record-bundle/1") {
    return Fail(ErrorCode::kInvalidArgument, "\"format\": expected \"proven-record-bundle/1\"", {}, "format");
  }
  auto index = Count(j, "index");
  if (!index) return Fail(index.error());
  auto size = Count(j, "size");
  if (!size) return Fail(size.error());
  if (!j.contains("leaf") || !j["leaf"].is_string()) return Fail(ErrorCode::kInvalidArgument, "\"leaf\": expected the leaf's text", {}, "leaf");
  if (!j.contains("checkpoint") || !j["checkpoint"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "\"checkpoint\": expected the signed checkpoint's text", {}, "checkpoint");
  }
  auto hashes = Hashes(j.value("hashes", json()), "hashes");
  if (!hashes) return Fail(hashes.error());
  const std::string leaf_text = j["leaf"].get<std::string>();
  auto leaf = ParseLeaf(leaf_text);
  if (!leaf) return Fail(leaf.error());
  auto cp = OpenCheckpoint(j["checkpoint"].get<std::string>(), key);
  if (!cp) return Fail(cp.error().code, "\"checkpoint\": " + cp.error().message, {}, "checkpoint");
  if (cp->size != *size) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"size\": the proof is for a tree of {} but the checkpoint is of {}", *size, cp->size), {}, "size");
  }
  auto root = RootFromInclusion(*index, *size, LeafHash(leaf_text), *hashes);
  if (!root) return Fail(root.error());
  if (*root != cp->root) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the leaf is not entry {} of the signed tree of {}: the proof leads to another root "
                            "(the record or the proof was changed)", *index, *size), {}, "hashes");
  }
  return BundleCheck{std::move(*leaf), *index, std::move(*cp)};
}

Result<std::vector<std::string>> ParseEntries(std::string_view json_text, std::uint64_t expected_start) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("entries") || !j["entries"].is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "expected {\"entries\": [{\"index\", \"leaf\"}, ...]}", {}, "entries");
  }
  std::vector<std::string> out;
  std::uint64_t expected = expected_start;
  for (std::size_t i = 0; i < j["entries"].size(); ++i) {
    const json& e = j["entries"][i];
    const std::string where = fmt::format("entries[{}]", i);
    if (!e.is_object()) return Fail(ErrorCode::kInvalidArgument, where + ": expected an object", {}, where);
    auto index = Count(e, "index");
    if (!index) return Fail(ErrorCode::kInvalidArgument, where + "." + index.error().message, {}, where + ".index");
    if (*index != expected) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}.index: expected entry {} here, found {}", where, expected, *index),
                  {}, where + ".index");
    }
    if (!e.contains("leaf") || !e["leaf"].is_string()) {
      return Fail(ErrorCode::kInvalidArgument, where + ".leaf: expected the leaf's text", {}, where + ".leaf");
    }
    out.push_back(e["leaf"].get<std::string>());
    ++expected;
  }
  return out;
}

Result<EntriesCheck> VerifyEntries(const std::vector<std::string>& leaves, const Checkpoint& checkpoint) {
  if (leaves.size() < checkpoint.size) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the entries cover {} leaves but the checkpoint signs a tree of {}", leaves.size(), checkpoint.size));
  }
  Tree tree;
  for (std::uint64_t i = 0; i < checkpoint.size; ++i) {
    if (auto leaf = ParseLeaf(leaves[i]); !leaf) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("entry {}: {}", i, leaf.error().message), {}, fmt::format("entries[{}]", i));
    }
    tree.Append(LeafHash(leaves[i]));
  }
  if (tree.Root() != checkpoint.root) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the first {} entries do not hash to the checkpoint's root: an entry was changed, added or removed",
                            checkpoint.size));
  }
  return EntriesCheck{leaves.size(), checkpoint.size};
}

}  // namespace proven::tlog
