#pragma once
// The oracle for targets we run (docs/adr/0017): a small HTTP/1.1 backend the WAF under test proxies
// to. It records the X-Proven-Test-Id of every request BEFORE it answers 200, so when the suite holds
// the WAF's response to a request that reached it, the id is already recorded (nginx forwards the
// backend's response only after the backend wrote it). A request the WAF blocked never arrives.
// Runs on a thread of its own (its own io_context), so a slow judge never stalls it.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace proven::waf {

// The header that carries a request's id (the same text as plan.hpp's kTestIdHeader, builder A).
inline constexpr std::string_view kOracleIdHeader = "X-Proven-Test-Id";

// Where an oracle backend listens, as `proven waf run --oracle-listen HOST:PORT` gives it.
struct ListenAddress {
  std::string host;  // an IP literal ("127.0.0.1", "::1")
  int port = 0;      // 0: any free port
};
// "HOST:PORT": HOST an IPv4 literal, an IPv6 literal in brackets ("[::1]:8081") or `localhost`
// (127.0.0.1); PORT 0-65535, 0 meaning any free port. Errors (kInvalidArgument, field
// "oracle_listen") say what is wrong without the flag's name.
Result<ListenAddress> ParseListenAddress(std::string_view text);

class OracleBackend {
 public:
  // Listens on host:port (port 0: any free port) and serves until Stop or destruction.
  static Result<std::unique_ptr<OracleBackend>> Start(const std::string& host = "127.0.0.1", int port = 0);
  ~OracleBackend();
  OracleBackend(const OracleBackend&) = delete;
  OracleBackend& operator=(const OracleBackend&) = delete;

  int port() const;
  std::string host() const;
  // True when a request with this id arrived since the last Consume of it; forgets one arrival.
  bool Consume(std::string_view id);
  // True when a request with this id arrived and was not consumed yet.
  bool Seen(std::string_view id) const;
  std::uint64_t requests() const;     // every request answered
  std::uint64_t without_id() const;   // requests without the id header
  void Stop();

 private:
  struct Impl;
  explicit OracleBackend(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace proven::waf
