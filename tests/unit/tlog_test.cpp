// The transparency log engine (src/tlog): tree hashes against the RFC 6962 test vectors (the
// certificate-transparency project's), inclusion and consistency proofs for every pair of sizes
// up to 64 checked by an independent verifier written here from the RFC's recursive definitions,
// RFC 8785 canonical JSON, signed notes in Go's format, and the checkpoint's Ed25519 signature
// checked by another implementation (OpenSSL's command line).
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <bit>
#include <fstream>
#include <optional>

#include "core/crypto.hpp"
#include "support/test_support.hpp"
#include "tlog/jcs.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"
#include "tlog/verify.hpp"

namespace proven::tlog {
namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

Hash HashFromHex(std::string_view hex) {
  const std::string bytes = Unhex(hex);
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

const std::vector<std::string> kLeaves = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                          "606162636465666768696a6b6c6d6e6f"};
const std::vector<std::string> kRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

TEST(TlogMerkle, TreeHashesMatchTheRfc6962Vectors) {
  ASSERT_TRUE(InitCrypto());
  Tree tree;
  std::vector<Hash> hashes;
  EXPECT_EQ(Hex(tree.Root()), kRoots[0]);
  for (std::size_t i = 0; i < kLeaves.size(); ++i) {
    const Hash h = LeafHash(Unhex(kLeaves[i]));
    tree.Append(h);
    hashes.push_back(h);
    EXPECT_EQ(Hex(tree.Root()), kRoots[i + 1]) << "size " << i + 1;
    EXPECT_EQ(Hex(RootOf(hashes)), kRoots[i + 1]) << "size " << i + 1;
  }
  for (std::size_t n = 0; n <= kLeaves.size(); ++n) {
    auto r = tree.Root(n);
    ASSERT_TRUE(r);
    EXPECT_EQ(Hex(*r), kRoots[n]) << "the root of an earlier size, size " << n;
  }
  EXPECT_FALSE(tree.Root(9));
}

TEST(TlogMerkle, InclusionProofsMatchTheRfc6962Vectors) {
  Tree tree;
  for (const auto& l : kLeaves) tree.Append(LeafHash(Unhex(l)));
  auto p0 = tree.InclusionProof(0, 8);
  ASSERT_TRUE(p0);
  ASSERT_EQ(p0->size(), 3u);
  EXPECT_EQ(Hex((*p0)[0]), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  EXPECT_EQ(Hex((*p0)[1]), "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(Hex((*p0)[2]), "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
  auto p5 = tree.InclusionProof(5, 8);
  ASSERT_TRUE(p5);
  ASSERT_EQ(p5->size(), 3u);
  EXPECT_EQ(Hex((*p5)[0]), "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  EXPECT_EQ(Hex((*p5)[1]), "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
  EXPECT_EQ(Hex((*p5)[2]), "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  EXPECT_TRUE(VerifyInclusion(5, 8, tree.Leaf(5), *p5, HashFromHex(kRoots[8])));
}

// ---- An independent verifier, from RFC 6962 section 2.1's recursive definitions ----------------
// It walks the tree from the top, splitting as MTH does, and consumes the proof from its end (the
// hash nearest the root comes last); nothing of src/tlog's bit arithmetic is used.

std::uint64_t Split(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// The root of a tree of n leaves in which leaf m has hash `leaf`, given PATH(m, D[n]).
std::optional<Hash> RefRootFromPath(std::uint64_t m, std::uint64_t n, const Hash& leaf, std::vector<Hash>& path) {
  if (n == 1) return path.empty() ? std::optional<Hash>(leaf) : std::nullopt;
  if (path.empty()) return std::nullopt;
  const Hash sibling = path.back();
  path.pop_back();
  const std::uint64_t k = Split(n);
  if (m < k) {
    auto left = RefRootFromPath(m, k, leaf, path);
    if (!left) return std::nullopt;
    return NodeHash(*left, sibling);
  }
  auto right = RefRootFromPath(m - k, n - k, leaf, path);
  if (!right) return std::nullopt;
  return NodeHash(sibling, *right);
}

bool RefVerifyInclusion(std::uint64_t m, std::uint64_t n, const Hash& leaf, std::vector<Hash> path, const Hash& root) {
  if (m >= n) return false;
  auto r = RefRootFromPath(m, n, leaf, path);
  return r && *r == root;
}

// From SUBPROOF(m, D[n], b): the pair (MTH(D[m]) , MTH(D[n])) it proves, or nothing. `old_root`
// stands for MTH(D[m]) where the proof leaves it out (b true, m == n).
struct RootPair {
  Hash old_root;
  Hash new_root;
};
std::optional<RootPair> RefSubproof(std::uint64_t m, std::uint64_t n, bool b, const Hash& old_root,
                                    std::vector<Hash>& proof) {
  if (m == n) {
    if (b) return RootPair{old_root, old_root};
    if (proof.empty()) return std::nullopt;
    const Hash h = proof.back();
    proof.pop_back();
    return RootPair{h, h};
  }
  if (proof.empty()) return std::nullopt;
  const Hash last = proof.back();
  proof.pop_back();
  const std::uint64_t k = Split(n);
  if (m <= k) {
    auto inner = RefSubproof(m, k, b, old_root, proof);  // last = MTH(D[k:n])
    if (!inner) return std::nullopt;
    return RootPair{inner->old_root, NodeHash(inner->new_root, last)};
  }
  auto inner = RefSubproof(m - k, n - k, false, old_root, proof);  // last = MTH(D[0:k])
  if (!inner) return std::nullopt;
  return RootPair{NodeHash(last, inner->old_root), NodeHash(last, inner->new_root)};
}

bool RefVerifyConsistency(std::uint64_t m, std::uint64_t n, const Hash& root_m, const Hash& root_n,
                          std::vector<Hash> proof) {
  if (m == 0 || m == n) return proof.empty() && (m == 0 || root_m == root_n);
  if (m > n) return false;
  auto pair = RefSubproof(m, n, true, root_m, proof);
  return pair && proof.empty() && pair->old_root == root_m && pair->new_root == root_n;
}

std::vector<Hash> LeafHashes(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(LeafHash(fmt::format("leaf {}", i)));
  return out;
}

TEST(TlogMerkle, EveryInclusionProofUpTo64IsCheckedByTheIndependentVerifier) {
  const auto leaves = LeafHashes(64);
  Tree tree;
  for (const auto& h : leaves) tree.Append(h);
  for (std::uint64_t n = 1; n <= 64; ++n) {
    const Hash root = RootOf(std::span(leaves).first(n));
    ASSERT_EQ(*tree.Root(n), root) << n;
    for (std::uint64_t m = 0; m < n; ++m) {
      auto proof = tree.InclusionProof(m, n);
      ASSERT_TRUE(proof) << m << "/" << n;
      EXPECT_TRUE(RefVerifyInclusion(m, n, leaves[m], *proof, root)) << m << "/" << n;
      EXPECT_TRUE(VerifyInclusion(m, n, leaves[m], *proof, root)) << m << "/" << n;
      // Any change is caught by both: another leaf, a flipped bit in the proof, a shorter proof.
      const Hash other = leaves[(m + 1) % 64];
      EXPECT_FALSE(RefVerifyInclusion(m, n, other, *proof, root));
      EXPECT_FALSE(VerifyInclusion(m, n, other, *proof, root));
      if (!proof->empty()) {
        auto bad = *proof;
        bad[bad.size() / 2][7] ^= 0x10;
        EXPECT_FALSE(RefVerifyInclusion(m, n, leaves[m], bad, root));
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], bad, root));
        bad = *proof;
        bad.pop_back();
        EXPECT_FALSE(RefVerifyInclusion(m, n, leaves[m], bad, root));
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], bad, root));
      }
    }
  }
  EXPECT_FALSE(tree.InclusionProof(5, 5));
  EXPECT_FALSE(tree.InclusionProof(0, 65));
}

TEST(TlogMerkle, EveryConsistencyProofUpTo64IsCheckedByTheIndependentVerifier) {
  const auto leaves = LeafHashes(64);
  Tree tree;
  for (const auto& h : leaves) tree.Append(h);
  for (std::uint64_t n = 1; n <= 64; ++n) {
    const Hash root_n = *tree.Root(n);
    for (std::uint64_t m = 1; m <= n; ++m) {
      const Hash root_m = *tree.Root(m);
      auto proof = tree.ConsistencyProof(m, n);
      ASSERT_TRUE(proof) << m << "->" << n;
      EXPECT_TRUE(RefVerifyConsistency(m, n, root_m, root_n, *proof)) << m << "->" << n;
      EXPECT_TRUE(VerifyConsistency(m, n, root_m, root_n, *proof)) << m << "->" << n;
      if (m < n) {
        // A different history of m leaves (a fork) does not verify.
        Hash forged = root_m;
        forged[0] ^= 1;
        EXPECT_FALSE(RefVerifyConsistency(m, n, forged, root_n, *proof));
        EXPECT_FALSE(VerifyConsistency(m, n, forged, root_n, *proof));
        EXPECT_FALSE(VerifyConsistency(m, n, root_m, forged, *proof));
        auto bad = *proof;
        bad.front()[3] ^= 0x40;
        EXPECT_FALSE(RefVerifyConsistency(m, n, root_m, root_n, bad));
        EXPECT_FALSE(VerifyConsistency(m, n, root_m, root_n, bad));
      }
    }
  }
  EXPECT_FALSE(tree.ConsistencyProof(5, 4));
}

// ---- RFC 8785 ----------------------------------------------------------------------------------

TEST(TlogJcs, CanonicalJsonFollowsRfc8785) {
  using nlohmann::json;
  // The RFC's section 3.2.2 example, with its numbers and escapes.
  auto j = json::parse(R"({"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                           "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                           "literals": [null, true, false]})");
  auto c = Canonical(j);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, R"({"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],)"
                R"("string":"€$\u000f\nA'B\"\\\\\"/"})");
  // Names sort by UTF-16 code units: U+1F600 (a surrogate pair) before U+FB33.
  auto sorted = Canonical(json::parse(R"({"\ufb33": 1, "\ud83d\ude00": 2, "a": 3, "": 4})"));
  ASSERT_TRUE(sorted);
  EXPECT_EQ(*sorted, "{\"\":4,\"a\":3,\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":1}");
  EXPECT_EQ(*Canonical(json::parse("[-0.0, 100, 1e21, 1e20, 123456789012345680000, -5e-7, 0.1]")),
            "[0,100,1e+21,100000000000000000000,123456789012345680000,-5e-7,0.1]");
  EXPECT_EQ(*Canonical(json{{"日本", "検証"}}), "{\"日本\":\"検証\"}");
  EXPECT_FALSE(Canonical(json(std::string("\xff"))));
}

// ---- Signed notes and checkpoints ---------------------------------------------------------------

TEST(TlogNote, KeysRoundTripInGoFormat) {
  ASSERT_TRUE(InitCrypto());
  auto key = GenerateSignerKey("proven.example/log");
  ASSERT_TRUE(key);
  const std::string text = FormatSignerKey(*key);
  EXPECT_EQ(text.rfind("PRIVATE+KEY+proven.example/log+", 0), 0u) << text;
  auto back = ParseSignerKey(text + "\n");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->public_key, key->public_key);
  EXPECT_EQ(back->key_id, key->key_id);
  const std::string vkey = FormatVerifierKey(VerifierOf(*key));
  auto v = ParseVerifierKey(vkey);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->key_id, key->key_id);
  EXPECT_FALSE(GenerateSignerKey("has space"));
  EXPECT_FALSE(GenerateSignerKey("a+b"));
  EXPECT_FALSE(ParseVerifierKey("proven.example/log+00000000+" + vkey.substr(vkey.rfind('+') + 1)));
  EXPECT_FALSE(ParseSignerKey("PRIVATE+KEY+x+zz+AAAA"));
}

// Go's golang.org/x/mod/sumdb/note test vector: the key "PeterNeumann" and the note
// "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n".
TEST(TlogNote, ReadsAndWritesGoSumdbNoteVector) {
  const std::string skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  const std::string vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  const std::string text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const std::string signed_note = text + "\n\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  auto signer = ParseSignerKey(skey);
  ASSERT_TRUE(signer) << signer.error().message;
  EXPECT_EQ(FormatVerifierKey(VerifierOf(*signer)), vkey);
  EXPECT_EQ(SignNote(text, *signer), signed_note);  // Ed25519 is deterministic
  auto v = ParseVerifierKey(vkey);
  ASSERT_TRUE(v);
  auto body = OpenNote(signed_note, *v);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(*body, text);
  std::string changed = signed_note;
  changed[3] = 'X';
  auto bad = OpenNote(changed, *v);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not valid"), std::string::npos) << bad.error().message;
}

TEST(TlogNote, CheckpointsParseAndRejectWhatIsNotOne) {
  Checkpoint c{"proven.example/log", 42, LeafHash("x"), {}};
  const std::string body = FormatCheckpoint(c);
  auto back = ParseCheckpoint(body);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->size, 42u);
  EXPECT_EQ(back->root, c.root);
  EXPECT_FALSE(ParseCheckpoint("origin\n042\n" + Base64(c.root) + "\n"));
  EXPECT_FALSE(ParseCheckpoint("origin\n42\nnot-base64\n"));
  EXPECT_FALSE(ParseCheckpoint("origin\n42\n"));
}

// The signature is Ed25519 as everyone else computes it: OpenSSL verifies our checkpoint.
TEST(TlogNote, OpensslVerifiesTheCheckpointSignature) {
  ASSERT_TRUE(InitCrypto());
  auto key = GenerateSignerKey("proven.example/log");
  ASSERT_TRUE(key);
  const std::string body = FormatCheckpoint({"proven.example/log", 3, *Tree().Root(0), {}});
  const std::string note = SignNote(body, *key);
  const auto sig_line = note.substr(note.rfind(' ') + 1);
  auto blob = DecodeBase64(sig_line.substr(0, sig_line.size() - 1));
  ASSERT_TRUE(blob);
  ASSERT_EQ(blob->size(), 68u);
  proven::testing::TempDir dir;
  // SubjectPublicKeyInfo for an Ed25519 key (RFC 8410): a fixed 12-byte prefix and the key.
  std::string der = Unhex("302a300506032b6570032100");
  der.append(reinterpret_cast<const char*>(key->public_key.data()), 32);
  std::ofstream(dir / "pub.der", std::ios::binary) << der;
  std::ofstream(dir / "msg", std::ios::binary) << body;
  std::ofstream(dir / "sig", std::ios::binary) << blob->substr(4);
  auto ok = proven::testing::RunCommand({"openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
                              (dir / "pub.der").string(), "-rawin", "-in", (dir / "msg").string(), "-sigfile",
                              (dir / "sig").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  std::ofstream(dir / "msg", std::ios::binary) << body << "x";
  auto bad = proven::testing::RunCommand({"openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
                               (dir / "pub.der").string(), "-rawin", "-in", (dir / "msg").string(), "-sigfile",
                               (dir / "sig").string()});
  EXPECT_NE(bad.exit_code, 0) << "OpenSSL must reject a changed text";
}

// ---- Leaves and bundles ---------------------------------------------------------------------------

TEST(TlogVerify, BundlesAndEntriesVerifyOfflineAndCatchChanges) {
  ASSERT_TRUE(InitCrypto());
  auto key = GenerateSignerKey("proven.example/log");
  ASSERT_TRUE(key);
  std::vector<std::string> leaves;
  Tree tree;
  for (int i = 0; i < 11; ++i) {
    auto text = LeafText({"service.registered", i + 1, 1, "2026-11-30T00:00:00Z", {{"name", fmt::format("診断 {}", i)}}});
    ASSERT_TRUE(text);
    leaves.push_back(*text);
    tree.Append(LeafHash(*text));
  }
  const std::string note = SignNote(FormatCheckpoint({"proven.example/log", 11, tree.Root(), {}}), *key);
  nlohmann::json bundle{{"format", "proven-record-bundle/1"}, {"index", 6}, {"leaf", leaves[6]}, {"size", 11},
                        {"hashes", nlohmann::json::array()}, {"checkpoint", note}};
  const auto proof = tree.InclusionProof(6, 11);
  ASSERT_TRUE(proof);
  for (const auto& h : *proof) bundle["hashes"].push_back(Base64(h));
  auto ok = VerifyBundle(bundle.dump(), VerifierOf(*key));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->leaf.id, 7);
  EXPECT_EQ(ok->leaf.record["name"], "診断 6");

  auto changed = bundle;
  changed["leaf"] = std::string(leaves[6]).replace(leaves[6].find("診断"), 6, "監査");
  auto bad = VerifyBundle(changed.dump(), VerifierOf(*key));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("another root"), std::string::npos) << bad.error().message;
  auto other_key = GenerateSignerKey("proven.example/log");
  EXPECT_FALSE(VerifyBundle(bundle.dump(), VerifierOf(*other_key)));

  auto all = VerifyEntries(leaves, *ParseCheckpoint(FormatCheckpoint({"proven.example/log", 11, tree.Root(), {}})));
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->checked, 11u);
  auto swapped = leaves;
  std::swap(swapped[2], swapped[3]);
  EXPECT_FALSE(VerifyEntries(swapped, {"proven.example/log", 11, tree.Root(), {}}));
  EXPECT_FALSE(VerifyEntries(std::vector(leaves.begin(), leaves.end() - 1), {"proven.example/log", 11, tree.Root(), {}}));
  auto gap = ParseEntries(R"({"entries":[{"index":0,"leaf":"{}"},{"index":2,"leaf":"{}"}]})", 0);
  ASSERT_FALSE(gap);
  EXPECT_EQ(gap.error().field, "entries[1].index");
}

}  // namespace
}  // namespace proven::tlog
