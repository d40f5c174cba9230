#include "tlog/note.hpp"

#include <sodium.h>

#include <charconv>

#include <fmt/core.h>

namespace proven::tlog {
namespace {

constexpr std::string_view kDash = "\xE2\x80\x94";  // U+2014 EM DASH
constexpr unsigned char kEd25519 = 0x01;

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7F || c == '+') return false;
  }
  return true;
}

std::string KeyBytes(const unsigned char* key, std::size_t n) {
  std::string s;
  s.push_back(static_cast<char>(kEd25519));
  s.append(reinterpret_cast<const char*>(key), n);
  return s;
}

// Splits at '+' into at most `max` parts: base64 keys may hold '+' themselves.
std::vector<std::string_view> SplitPlus(std::string_view s, std::size_t max) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto p = parts.size() + 1 == max ? std::string_view::npos : s.find('+');
    parts.push_back(s.substr(0, p));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return parts;
}

Result<std::uint32_t> ParseKeyId(std::string_view hex, std::string_view what) {
  std::uint32_t id = 0;
  auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), id, 16);
  if (hex.size() != 8 || ec != std::errc() || ptr != hex.data() + hex.size()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: the key id '{}' is not 8 hex digits", what, hex));
  }
  return id;
}

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace

std::uint32_t KeyId(std::string_view name, const std::array<unsigned char, 32>& public_key) {
  std::string data(name);
  data.push_back('\n');
  data += KeyBytes(public_key.data(), public_key.size());
  const Hash h = Sha256(data);
  return (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) | h[3];
}

Result<SignerKey> GenerateSignerKey(std::string_view name) {
  if (!ValidName(name)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the log name '{}' must be non-empty, without spaces or '+'", name), {}, "name");
  }
  SignerKey k;
  k.name = name;
  crypto_sign_ed25519_keypair(k.public_key.data(), k.secret_key.data());
  k.key_id = KeyId(name, k.public_key);
  return k;
}

std::string FormatSignerKey(const SignerKey& key) {
  // The seed is the first half of libsodium's secret key.
  return fmt::format("PRIVATE+KEY+{}+{:08x}+{}", key.name, key.key_id, Base64(KeyBytes(key.secret_key.data(), 32)));
}

Result<SignerKey> ParseSignerKey(std::string_view text) {
  text = TrimLine(text);
  const auto parts = SplitPlus(text, 5);
  if (parts.size() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY") {
    return Fail(ErrorCode::kInvalidArgument,
                "not a signer key: expected one line PRIVATE+KEY+<name>+<key id>+<base64 key>");
  }
  if (!ValidName(parts[2])) return Fail(ErrorCode::kInvalidArgument, "the signer key's name is not valid");
  auto id = ParseKeyId(parts[3], "signer key");
  if (!id) return Fail(id.error());
  auto bytes = DecodeBase64(parts[4]);
  if (!bytes || bytes->size() != 33 || static_cast<unsigned char>((*bytes)[0]) != kEd25519) {
    return Fail(ErrorCode::kInvalidArgument, "the signer key is not an Ed25519 seed (0x01 and 32 bytes, base64)");
  }
  SignerKey k;
  k.name = parts[2];
  crypto_sign_ed25519_seed_keypair(k.public_key.data(), k.secret_key.data(),
                                   reinterpret_cast<const unsigned char*>(bytes->data() + 1));
  sodium_memzero(bytes->data(), bytes->size());
  k.key_id = KeyId(k.name, k.public_key);
  if (k.key_id != *id) {
    return Fail(ErrorCode::kInvalidArgument, "the signer key's id does not match its name and key (damaged file?)");
  }
  return k;
}

VerifierKey VerifierOf(const SignerKey& key) { return {key.name, key.key_id, key.public_key}; }

std::string FormatVerifierKey(const VerifierKey& key) {
  return fmt::format("{}+{:08x}+{}", key.name, key.key_id, Base64(KeyBytes(key.public_key.data(), 32)));
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  text = TrimLine(text);
  const auto parts = SplitPlus(text, 3);
  if (parts.size() != 3 || !ValidName(parts[0])) {
    return Fail(ErrorCode::kInvalidArgument, "not a verifier key: expected one line <name>+<key id>+<base64 key>");
  }
  auto id = ParseKeyId(parts[1], "verifier key");
  if (!id) return Fail(id.error());
  auto bytes = DecodeBase64(parts[2]);
  if (!bytes || bytes->size() != 33 || static_cast<unsigned char>((*bytes)[0]) != kEd25519) {
    return Fail(ErrorCode::kInvalidArgument, "the verifier key is not an Ed25519 key (0x01 and 32 bytes, base64)");
  }
  VerifierKey k;
  k.name = parts[0];
  std::copy(bytes->begin() + 1, bytes->end(), k.public_key.begin());
  k.key_id = *id;
  if (KeyId(k.name, k.public_key) != k.key_id) {
    return Fail(ErrorCode::kInvalidArgument, "the verifier key's id does not match its name and key");
  }
  return k;
}

std::string SignNote(std::string_view body, const SignerKey& key) {
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_ed25519_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                               key.secret_key.data());
  std::string blob;
  for (int shift = 24; shift >= 0; shift -= 8) blob.push_back(static_cast<char>((key.key_id >> shift) & 0xFF));
  blob.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  return fmt::format("{}\n{} {} {}\n", body, kDash, key.name, Base64(blob));
}

Result<std::string> OpenNote(std::string_view note, const VerifierKey& key) {
  // The body ends at the last blank line; signature lines follow.
  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos || note.empty() || note.back() != '\n') {
    return Fail(ErrorCode::kInvalidArgument, "not a signed note: no blank line before the signatures");
  }
  const std::string_view body = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  for (unsigned char c : body) {
    if (c < 0x20 && c != '\n') return Fail(ErrorCode::kInvalidArgument, "not a signed note: control characters in its text");
  }
  bool seen_key = false;
  while (!sigs.empty()) {
    const auto eol = sigs.find('\n');
    if (eol == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "not a signed note: a signature line lacks its newline");
    std::string_view line = sigs.substr(0, eol);
    sigs.remove_prefix(eol + 1);
    if (line.substr(0, kDash.size()) != kDash || line.size() <= kDash.size() || line[kDash.size()] != ' ') {
      return Fail(ErrorCode::kInvalidArgument, "not a signed note: a signature line does not start with '— '");
    }
    line.remove_prefix(kDash.size() + 1);
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "not a signed note: a signature line lacks its signature");
    const std::string_view name = line.substr(0, space);
    auto blob = DecodeBase64(line.substr(space + 1));
    if (!blob || blob->size() < 5) return Fail(ErrorCode::kInvalidArgument, "not a signed note: a signature is not base64");
    const auto* b = reinterpret_cast<const unsigned char*>(blob->data());
    const std::uint32_t id = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
    if (name != key.name || id != key.key_id) continue;
    seen_key = true;
    if (blob->size() == 4 + crypto_sign_BYTES &&
        crypto_sign_ed25519_verify_detached(b + 4, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                            key.public_key.data()) == 0) {
      return std::string(body);
    }
  }
  if (!seen_key) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("the note carries no signature by the key {}+{:08x}", key.name, key.key_id));
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("the note's signature by {}+{:08x} is not valid: the text was changed or the signature forged",
                          key.name, key.key_id));
}

std::string FormatCheckpoint(const Checkpoint& c) {
  std::string out = fmt::format("{}\n{}\n{}\n", c.origin, c.size, Base64(c.root));
  for (const auto& e : c.extensions) out += e + "\n";
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view body) {
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    const auto eol = body.find('\n');
    if (eol == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "checkpoint: the last line lacks its newline");
    lines.push_back(body.substr(0, eol));
    body.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) {
    return Fail(ErrorCode::kInvalidArgument, "checkpoint: expected the origin, the tree size and the root hash on three lines");
  }
  Checkpoint c;
  c.origin = lines[0];
  if (c.origin.empty()) return Fail(ErrorCode::kInvalidArgument, "checkpoint line 1: the origin is empty");
  const auto size_text = lines[1];
  auto [ptr, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), c.size);
  if (size_text.empty() || ec != std::errc() || ptr != size_text.data() + size_text.size() ||
      (size_text.size() > 1 && size_text[0] == '0')) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("checkpoint line 2: '{}' is not a tree size", size_text));
  }
  auto root = DecodeHash(lines[2], "checkpoint line 3");
  if (!root) return Fail(root.error());
  c.root = *root;
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return Fail(ErrorCode::kInvalidArgument, fmt::format("checkpoint line {}: empty", i + 1));
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

}  // namespace proven::tlog
