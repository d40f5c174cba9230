#pragma once
// The WAF suite's sender (docs/adr/0017, builder B): exact request bytes over raw TCP, many keep-alive
// connections on one event loop (the caller's thread), one request in flight per connection (no
// pipelining), a shared token-bucket rate limit, a deadline per exchange (connect + write + read),
// connection resets and early closes told apart from responses, and a fresh connection of its own for
// each malformed request. Boost.Asio stays inside sender.cpp.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "waf/http_response.hpp"

namespace proven::waf {

// What happened to one request on the wire.
enum class Transport {
  kResponse,       // a complete response (or a response head whose body was cut off by a reset)
  kReset,          // ECONNRESET / EPIPE before a response head
  kEof,            // the peer closed before a response head
  kTimeout,        // the deadline passed (connect, write or read)
  kConnectFailed,  // the connection could not be made
  kMalformed,      // bytes came back that are not an HTTP/1.x response
};
std::string_view Code(Transport t);

struct Exchange {
  Transport transport = Transport::kTimeout;
  int status = 0;
  HeaderList headers;
  std::string head_text;          // the raw response head (status line and headers)
  std::string body;               // the first SenderOptions::body_keep bytes of the body
  std::uint64_t body_bytes = 0;
  std::uint32_t latency_us = 0;   // from the first byte written (or the connect) to the outcome
  bool reused_connection = false; // sent on a kept-alive connection
  std::string error;              // the transport or parse error, for the log
};

// One request to send: `bytes` must stay alive until Send returns.
struct Outgoing {
  std::string_view bytes;
  bool dedicated = false;  // its own connection, closed afterwards (malformed, HTTP/1.0, odd methods)
  bool head = false;       // a HEAD request: the response has no body
  int timeout_ms = 0;      // > 0: this exchange's own deadline, below SenderOptions::timeout_ms
};

struct SenderOptions {
  std::string host;
  std::string port = "80";
  int connections = 32;
  std::optional<double> rate;  // requests per second over all connections; nullopt: unlimited
  int timeout_ms = 10000;      // per exchange
  std::size_t body_keep = 64 * 1024;
  int max_connect_failures = 3;  // consecutive; then the run is aborted
  // When set and true, no further request is started; the exchanges in flight end (each within its
  // timeout) and Send fails with kUnavailable, field "cancelled" (a server shutting down).
  const std::atomic<bool>* cancel = nullptr;
};

struct SendStats {
  std::size_t completed = 0;
  std::size_t connects = 0;
  std::size_t stale_retries = 0;  // a kept-alive connection closed under a new request: re-sent once, fresh
};

// Sends `items` (item i is started no later than item i+1) and calls `on_done(i, exchange)` on the
// calling thread as each completes. Blocks until every item is done. An error when the host does not
// resolve or `max_connect_failures` connects failed in a row (items not yet sent are then not reported).
Result<SendStats> Send(const SenderOptions& options, const std::vector<Outgoing>& items,
                       const std::function<void(std::size_t, Exchange&&)>& on_done);

// The token bucket the sender uses (exposed for tests): `rate` per second, capacity
// max(1, ceil(rate / 10)); Take returns 0 when a token was taken, else the seconds to wait.
class TokenBucket {
 public:
  explicit TokenBucket(double rate, double now_seconds);
  double Take(double now_seconds);
  double capacity() const { return capacity_; }

 private:
  double rate_;
  double capacity_;
  double tokens_;
  double last_;
};

}  // namespace proven::waf
