#pragma once
// Randomness, hashing and password hashing (libsodium). Call InitCrypto() once before use.
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace proven {

Status InitCrypto();

// `bytes` random bytes as unpadded base64url (safe in cookies and headers, which cpp-httplib
// percent-decodes).
std::string RandomToken(std::size_t bytes = 32);
// Fills `out` with random bytes from the system's CSPRNG (libsodium).
void RandomBytes(std::span<unsigned char> out);

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// Argon2id with libsodium's "interactive" limits (64 MiB each): at most two hash at once, so a
// burst of sign-ins cannot exhaust memory.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// Constant-time comparison of equal-length secrets.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace proven
