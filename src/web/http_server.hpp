#pragma once
// An event-driven HTTP/1.1 server (Boost.Beast on asio; docs/adr/0006). Connections cost no
// thread while they wait: a few threads run the event loop, and a request reaches the handler
// only once its whole head and body have arrived within their deadlines and limits. Slow or
// idle clients are closed at their deadline; one client address cannot take more than its share
// of connections.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "web/http.hpp"

namespace proven::web {

struct HttpLimits {
  // The whole request head (request line and headers) must arrive within this time from the
  // moment the server starts waiting for it; this is also how long an idle keep-alive
  // connection stays open.
  std::chrono::milliseconds head_timeout{10'000};
  // The body must arrive within body_timeout plus its length at body_min_rate bytes/s.
  std::chrono::milliseconds body_timeout{10'000};
  std::size_t body_min_rate = 64 * 1024;
  // The response must be taken within write_timeout plus its length at body_min_rate bytes/s.
  std::chrono::milliseconds write_timeout{10'000};
  std::size_t max_head_bytes = 16 * 1024;
  std::size_t max_target_bytes = 2048;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::size_t max_connections = 10'000;            // all clients together (bounded by the fd limit)
  std::size_t max_connections_per_client = 1'000;  // per remote address
  // Reverse proxies (exact addresses) whose X-Forwarded-For is believed: a request from one of
  // them is taken to come from the last address in that header (the one the proxy appended).
  // The connection limits above still count the proxy's own address.
  std::vector<std::string> trusted_proxies;
  std::size_t max_requests_per_connection = 1'000;
  // Requests whose work is long or memory-hungry (password hashing, imports, exports) run on
  // their own threads, so that they cannot occupy the event loop; past `max_queued_work` waiting
  // or running, such a request is answered 503 with Retry-After at once.
  std::size_t workers = 4;
  std::size_t max_queued_work = 64;
};

// Where a request's handler runs.
enum class Lane {
  kInline,  // on the event-loop thread that read it: quick handlers
  kWorker,  // on the worker threads: long or memory-hungry handlers
};

// Why the server answered without calling the handler.
struct ProtocolError {
  int status;           // 400, 411, 413, 414, 415, 431
  std::string message;  // for the client, in English
};

class HttpServer {
 public:
  // Runs on an event-loop thread, once per complete request; may block (database, hashing).
  using Handler = std::function<void(Request&, Response&)>;
  // Fills the response for a request the server refused; `req` holds what was read of it.
  using ErrorHandler = std::function<void(const Request&, const ProtocolError&, Response&)>;
  // Chooses the lane of a complete request; without one, every request runs inline.
  using Classifier = std::function<Lane(const Request&)>;

  HttpServer(HttpLimits limits, Handler handler, ErrorHandler on_error, Classifier classify = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the port (a free one when `port` is 0).
  Result<int> Bind(const std::string& host, int port);
  // Runs the event loop on `threads` threads until Stop(); returns when they have finished.
  void Run(std::size_t threads);
  // Stops accepting, lets requests being handled finish (at most `grace`), then ends Run().
  // Safe from any thread.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

  // Open connections now (for tests and logs).
  std::size_t Connections() const;

  struct Impl;  // opaque: the event loop, acceptor and connection counts

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace proven::web
