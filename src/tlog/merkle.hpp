#pragma once
// Merkle tree hashing, inclusion and consistency proofs exactly as RFC 6962 / RFC 9162
// (section 2.1): leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right),
// a tree of n > 1 leaves splits at k, the largest power of two smaller than n.
//
// Tree keeps every complete subtree's hash in memory (about 2 hashes per leaf: 6.4 MB for
// 100,000 leaves), so a root or a proof for any size costs O(log n) hashes. The verification
// functions are the RFC 9162 section 2.1.3.2 and 2.1.4.2 algorithms and need nothing but the proof.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::tlog {

using Hash = std::array<unsigned char, 32>;

Hash Sha256(std::string_view data);
Hash LeafHash(std::string_view leaf);
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of nothing.
Hash EmptyRoot();

std::string Hex(const Hash& h);
std::string Base64(std::string_view bytes);
inline std::string Base64(const Hash& h) {
  return Base64(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}
// Standard base64 with padding; kInvalidArgument for anything else.
Result<std::string> DecodeBase64(std::string_view text);
// A base64 SHA-256 hash (exactly 32 bytes); kInvalidArgument naming `field` otherwise.
Result<Hash> DecodeHash(std::string_view base64, std::string_view field);

// MTH(D[n]) computed directly from the leaf hashes (recursively, as the RFC defines it).
Hash RootOf(std::span<const Hash> leaf_hashes);

class Tree {
 public:
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  void Append(const Hash& leaf_hash);
  // The leaf hash at `index` (< size()).
  const Hash& Leaf(std::uint64_t index) const { return levels_[0][index]; }
  // The root of the first `n` leaves (n <= size()); kInvalidArgument otherwise.
  Result<Hash> Root(std::uint64_t n) const;
  Hash Root() const;
  // PATH(index, D[n]): the audit path of leaf `index` in the tree of the first n leaves.
  Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t n) const;
  // PROOF(m, D[n]): proves that the tree of m leaves is a prefix of the tree of n leaves.
  Result<std::vector<Hash>> ConsistencyProof(std::uint64_t m, std::uint64_t n) const;

 private:
  // MTH of leaves [begin, begin + count).
  Hash Range(std::uint64_t begin, std::uint64_t count) const;
  void Path(std::uint64_t index, std::uint64_t begin, std::uint64_t count, std::vector<Hash>& out) const;
  void SubProof(std::uint64_t m, std::uint64_t begin, std::uint64_t count, bool whole, std::vector<Hash>& out) const;
  // levels_[k][i]: the hash of the complete subtree of 2^k leaves starting at leaf i * 2^k.
  std::vector<std::vector<Hash>> levels_;
};

// RFC 9162 2.1.3.2: the root that `proof` yields for `leaf_hash` at `index` in a tree of `size`;
// kInvalidArgument when the proof has the wrong length for that position.
Result<Hash> RootFromInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash,
                               std::span<const Hash> proof);
// True when the proof leads from the leaf to `root`.
bool VerifyInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash, std::span<const Hash> proof,
                     const Hash& root);
// RFC 9162 2.1.4.2: true when `proof` shows that the tree of size `m` with root `root_m` is a
// prefix of the tree of size `n` with root `root_n`.
bool VerifyConsistency(std::uint64_t m, std::uint64_t n, const Hash& root_m, const Hash& root_n,
                       std::span<const Hash> proof);

}  // namespace proven::tlog
