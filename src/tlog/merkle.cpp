#include "tlog/merkle.hpp"

#include <sodium.h>

#include <bit>

#include <fmt/core.h>

namespace proven::tlog {

Hash Sha256(std::string_view data) {
  Hash h;
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return h;
}

Hash LeafHash(std::string_view leaf) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(leaf.data()), leaf.size());
  Hash h;
  crypto_hash_sha256_final(&st, h.data());
  return h;
}

Hash NodeHash(const Hash& left, const Hash& right) {
  unsigned char buf[65];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 33);
  Hash h;
  crypto_hash_sha256(h.data(), buf, sizeof buf);
  return h;
}

Hash EmptyRoot() { return Sha256({}); }

std::string Hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char c : h) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Fail(ErrorCode::kInvalidArgument, "not standard base64 with padding");
  }
  out.resize(len);
  return out;
}

Result<Hash> DecodeHash(std::string_view base64, std::string_view field) {
  auto bytes = DecodeBase64(base64);
  if (!bytes || bytes->size() != 32) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: expected a SHA-256 hash in base64 (32 bytes, 44 characters)", field), {},
                std::string(field));
  }
  Hash h;
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

namespace {

// The largest power of two smaller than n (n > 1).
std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

}  // namespace

Hash RootOf(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyRoot();
  if (leaves.size() == 1) return leaves[0];
  const std::uint64_t k = SplitPoint(leaves.size());
  return NodeHash(RootOf(leaves.subspan(0, k)), RootOf(leaves.subspan(k)));
}

void Tree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Every level whose count became even gains the parent of its last two.
  for (std::size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (k + 1 == levels_.size()) levels_.emplace_back();
    const auto& level = levels_[k];
    levels_[k + 1].push_back(NodeHash(level[level.size() - 2], level[level.size() - 1]));
  }
}

Hash Tree::Range(std::uint64_t begin, std::uint64_t count) const {
  if (std::has_single_bit(count)) {
    const int k = std::countr_zero(count);
    return levels_[k][begin >> k];
  }
  const std::uint64_t k = SplitPoint(count);
  return NodeHash(Range(begin, k), Range(begin + k, count - k));
}

Result<Hash> Tree::Root(std::uint64_t n) const {
  if (n > size()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("size {} is beyond the log's {} entries", n, size()), {}, "size");
  }
  return n == 0 ? EmptyRoot() : Range(0, n);
}

Hash Tree::Root() const { return size() == 0 ? EmptyRoot() : Range(0, size()); }

void Tree::Path(std::uint64_t index, std::uint64_t begin, std::uint64_t count, std::vector<Hash>& out) const {
  if (count == 1) return;
  const std::uint64_t k = SplitPoint(count);
  if (index < k) {
    Path(index, begin, k, out);
    out.push_back(Range(begin + k, count - k));
  } else {
    Path(index - k, begin + k, count - k, out);
    out.push_back(Range(begin, k));
  }
}

Result<std::vector<Hash>> Tree::InclusionProof(std::uint64_t index, std::uint64_t n) const {
  if (n > size()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("size {} is beyond the log's {} entries", n, size()), {}, "size");
  }
  if (index >= n) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("index {} is not below size {}", index, n), {}, "index");
  }
  std::vector<Hash> out;
  Path(index, 0, n, out);
  return out;
}

void Tree::SubProof(std::uint64_t m, std::uint64_t begin, std::uint64_t count, bool whole,
                    std::vector<Hash>& out) const {
  if (m == count) {
    if (!whole) out.push_back(Range(begin, count));
    return;
  }
  const std::uint64_t k = SplitPoint(count);
  if (m <= k) {
    SubProof(m, begin, k, whole, out);
    out.push_back(Range(begin + k, count - k));
  } else {
    SubProof(m - k, begin + k, count - k, false, out);
    out.push_back(Range(begin, k));
  }
}

Result<std::vector<Hash>> Tree::ConsistencyProof(std::uint64_t m, std::uint64_t n) const {
  if (n > size()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("size {} is beyond the log's {} entries", n, size()), {}, "to");
  }
  if (m > n) return Fail(ErrorCode::kInvalidArgument, fmt::format("from {} is larger than to {}", m, n), {}, "from");
  std::vector<Hash> out;
  if (m == 0 || m == n) return out;
  SubProof(m, 0, n, true, out);
  return out;
}

Result<Hash> RootFromInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash,
                               std::span<const Hash> proof) {
  if (index >= size) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("index {} is not below size {}", index, size), {}, "index");
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Fail(ErrorCode::kInvalidArgument, "the inclusion proof is longer than the tree is deep", {}, "hashes");
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail(ErrorCode::kInvalidArgument, "the inclusion proof is shorter than the tree is deep", {}, "hashes");
  return r;
}

bool VerifyInclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf_hash, std::span<const Hash> proof,
                     const Hash& root) {
  auto r = RootFromInclusion(index, size, leaf_hash, proof);
  return r && sodium_memcmp(r->data(), root.data(), root.size()) == 0;
}

bool VerifyConsistency(std::uint64_t m, std::uint64_t n, const Hash& root_m, const Hash& root_n,
                       std::span<const Hash> proof) {
  if (m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  if (m == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if (std::has_single_bit(m)) path.push_back(root_m);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = m - 1;
  std::uint64_t sn = n - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == root_m && sr == root_n;
}

}  // namespace proven::tlog
