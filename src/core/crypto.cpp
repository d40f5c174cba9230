#include "core/crypto.hpp"

#include <sodium.h>

#include <condition_variable>
#include <mutex>

namespace proven {
namespace {

// Bounds concurrent Argon2id computations.
class Gate {
 public:
  explicit Gate(int slots) : free_(slots) {}
  void Enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void Leave() {
    {
      std::lock_guard lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

Gate& HashGate() {
  static Gate gate(2);
  return gate;
}

struct GateGuard {
  GateGuard() { HashGate().Enter(); }
  ~GateGuard() { HashGate().Leave(); }
};

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "crypto unavailable", "sodium_init failed");
  return {};
}

void RandomBytes(std::span<unsigned char> out) { randombytes_buf(out.data(), out.size()); }

std::string RandomToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

Result<std::string> HashPassword(std::string_view password) {
  GateGuard gate;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kResourceExhausted, "cannot hash the password now", "crypto_pwhash_str: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  GateGuard gate;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace proven
