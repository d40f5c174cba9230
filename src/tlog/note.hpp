#pragma once
// Checkpoints (C2SP tlog-checkpoint) signed as notes (C2SP signed-note) with Ed25519, in the
// formats Go's golang.org/x/mod/sumdb/note reads:
//   checkpoint body   "<origin>\n<tree size>\n<base64 root hash>\n" [extension lines]
//   signed note       body "\n" then one line per signature: "— <key name> <base64(key id ‖ signature)>\n"
//   key id            the first 4 bytes of SHA-256(<key name> "\n" 0x01 ‖ public key), big-endian
//   verifier key      "<key name>+<8 hex digits of the key id>+<base64(0x01 ‖ public key)>"
//   signer key file   "PRIVATE+KEY+<key name>+<8 hex digits>+<base64(0x01 ‖ 32-byte seed)>"
// The key name is the log's origin.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tlog/merkle.hpp"

namespace proven::tlog {

struct VerifierKey {
  std::string name;
  std::uint32_t key_id = 0;
  std::array<unsigned char, 32> public_key{};
};

struct SignerKey {
  std::string name;
  std::uint32_t key_id = 0;
  std::array<unsigned char, 32> public_key{};
  std::array<unsigned char, 64> secret_key{};  // libsodium's seed ‖ public key
};

// kInvalidArgument when the name is empty or holds whitespace, '+' or non-printable characters.
Result<SignerKey> GenerateSignerKey(std::string_view name);
// The key file's one line (without newline), and back. Parsing names what is wrong.
std::string FormatSignerKey(const SignerKey& key);
Result<SignerKey> ParseSignerKey(std::string_view text);
VerifierKey VerifierOf(const SignerKey& key);
std::string FormatVerifierKey(const VerifierKey& key);
Result<VerifierKey> ParseVerifierKey(std::string_view text);
std::uint32_t KeyId(std::string_view name, const std::array<unsigned char, 32>& public_key);

// Signs `body` (which must end in a newline) and returns the whole signed note.
std::string SignNote(std::string_view body, const SignerKey& key);
// Checks the note's signature by `key` and returns its body. Errors (kInvalidArgument) say
// whether the note is malformed, carries no signature by this key, or carries a bad one.
// Signatures by other keys are ignored, as the format intends.
Result<std::string> OpenNote(std::string_view note, const VerifierKey& key);

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // further lines, without their newlines
};

std::string FormatCheckpoint(const Checkpoint& c);
Result<Checkpoint> ParseCheckpoint(std::string_view body);

}  // namespace proven::tlog
