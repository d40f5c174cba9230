#include "web/http_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "web/http_parse.hpp"

namespace proven::web {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Connections per client address and in all; a connection is counted from accept to close.
class ConnectionCounts {
 public:
  ConnectionCounts(std::size_t max_total, std::size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  bool TryAdd(const std::string& client) {
    std::lock_guard lock(mu_);
    if (total_ >= max_total_) return false;
    auto& n = per_client_[client];
    if (n >= max_per_client_) {
      if (n == 0) per_client_.erase(client);
      return false;
    }
    ++n;
    ++total_;
    return true;
  }

  void Remove(const std::string& client) {
    std::lock_guard lock(mu_);
    auto it = per_client_.find(client);
    if (it == per_client_.end()) return;
    if (--it->second == 0) per_client_.erase(it);
    --total_;
  }

  void SetMaxTotal(std::size_t n) {
    std::lock_guard lock(mu_);
    max_total_ = n;
  }

  std::size_t Total() const {
    std::lock_guard lock(mu_);
    return total_;
  }

 private:
  mutable std::mutex mu_;
  std::size_t max_total_;
  std::size_t max_per_client_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_client_;
};

std::string ClientAddress(const tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

std::chrono::milliseconds AtRate(std::chrono::milliseconds base, std::size_t bytes, std::size_t rate) {
  return base + std::chrono::milliseconds(rate == 0 ? 0 : bytes * 1000 / rate);
}

bool IEquals(std::string_view a, std::string_view b) { return beast::iequals(a, b); }

}  // namespace

struct HttpServer::Impl {
  Impl(HttpLimits l, Handler h, ErrorHandler e, Classifier c)
      : limits(l), handler(std::move(h)), on_error(std::move(e)), classify(std::move(c)),
        counts(l.max_connections, l.max_connections_per_client), acceptor(ioc), retry_timer(ioc),
        workers(std::max<std::size_t>(l.workers, 1)) {}

  void Accept();

  // Sessions still queued in the io_context when it is destroyed use these: declared first,
  // they outlive it.
  HttpLimits limits;
  Handler handler;
  ErrorHandler on_error;
  Classifier classify;
  ConnectionCounts counts;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> busy{0};    // requests inside the handler
  std::atomic<std::size_t> queued{0};  // worker-lane requests waiting or running
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;  // after accept errors such as EMFILE
  // Destroyed before the io_context: work still queued holds sessions whose sockets belong to it.
  net::thread_pool workers;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server, std::string client)
      : stream_(std::move(socket)), server_(server), client_(std::move(client)) {}
  ~Session() { server_.counts.Remove(client_); }

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::ReadHead, shared_from_this()));
  }

 private:
  const HttpLimits& limits() const { return server_.limits; }

  void ReadHead() {
    if (server_.stopping.load()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits().max_head_bytes));
    parser_->body_limit(limits().max_body_bytes);
    // One deadline for the whole head: a client that trickles bytes cannot extend it.
    stream_.expires_after(limits().head_timeout);
    http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnHead, shared_from_this()));
  }

  void OnHead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();  // gone, idle past its time, or too slow: nothing to answer
    }
    if (ec == http::error::header_limit) return Refuse(431, "the request head is too large");
    if (ec == http::error::body_limit) {
      return Refuse(413, fmt::format("the request body is larger than {} bytes", limits().max_body_bytes));
    }
    if (ec == http::error::partial_message) return Close();
    if (ec) return Refuse(400, "the request is malformed");

    const auto& head = parser_->get();
    if (head.target().size() > limits().max_target_bytes) return Refuse(414, "the URL is too long");
    // Request bodies must say their length: chunked ones are refused so that every limit and
    // deadline is known before the body is read.
    if (head.find(http::field::transfer_encoding) != head.end()) return Refuse(411, "chunked request bodies are not accepted");
    if (auto enc = head[http::field::content_encoding]; !enc.empty() && !IEquals(enc, "identity")) {
      return Refuse(415, "compressed request bodies are not accepted");
    }
    const std::uint64_t length = parser_->content_length().value_or(0);
    if (length > limits().max_body_bytes) {
      return Refuse(413, fmt::format("the request body is larger than {} bytes", limits().max_body_bytes));
    }
    if (parser_->is_done()) return Process();
    stream_.expires_after(AtRate(limits().body_timeout, length, limits().body_min_rate));
    if (IEquals(head[http::field::expect], "100-continue")) {
      continue_ = std::make_unique<http::response<http::empty_body>>(http::status::continue_, head.version());
      http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code wec, std::size_t) {
        if (wec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return Refuse(413, "the request body is too large");
    if (ec) return Close();
    Process();
  }

  // The peer, or behind a trusted proxy the address it appended to X-Forwarded-For (only when
  // that looks like an IPv4 or IPv6 address; anything else keeps the proxy's address).
  std::string ClientAddress(const Request& req) const {
    const auto& trusted = limits().trusted_proxies;
    if (std::find(trusted.begin(), trusted.end(), client_) == trusted.end()) return client_;
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    std::string_view last = forwarded;
    if (const auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
    while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
    const bool plausible = !last.empty() && last.size() <= 45 && std::all_of(last.begin(), last.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
    });
    return plausible ? std::string(last) : client_;
  }

  Request MakeRequest() {
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& f : msg) req.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    req.remote_addr = ClientAddress(req);
    Target t = SplitTarget(req.target);
    req.path = std::move(t.path);
    req.params = ParseQueryString(t.query);
    req.body = std::move(msg.body());
    if (req.method == "HEAD") {
      req.method = "GET";
      req.head = true;
    }
    return req;
  }

  void Process() {
    auto req = std::make_shared<Request>(MakeRequest());
    const bool keep_alive = parser_->get().keep_alive() && ++served_ < limits().max_requests_per_connection;
    const unsigned version = parser_->get().version();
    if (server_.classify && server_.classify(*req) == Lane::kWorker) {
      if (server_.queued.fetch_add(1) >= limits().max_queued_work) {
        --server_.queued;
        return Refuse(503, "the server is busy; try again shortly");
      }
      net::post(server_.workers, [self = shared_from_this(), req, version, keep_alive] {
        Response res;
        self->Handle(*req, res);
        --self->server_.queued;
        net::post(self->stream_.get_executor(), [self, req, version, keep_alive, res = std::move(res)]() mutable {
          self->Send(std::move(res), version, keep_alive && !self->server_.stopping.load(), req->head);
        });
      });
      return;
    }
    Response res;
    Handle(*req, res);
    Send(std::move(res), version, keep_alive && !server_.stopping.load(), req->head);
  }

  void Handle(Request& req, Response& res) {
    ++server_.busy;
    server_.handler(req, res);
    --server_.busy;
  }

  // Answers a request the server will not hand to the handler, then closes: its body (if any)
  // was not read.
  void Refuse(int status, std::string_view why) {
    Request req;
    unsigned version = 11;
    if (parser_ && parser_->is_header_done()) {
      const auto& msg = parser_->get();
      req.method = std::string(msg.method_string());
      req.target = std::string(msg.target().substr(0, limits().max_target_bytes));
      req.path = SplitTarget(req.target).path;
      version = msg.version();
    }
    req.remote_addr = client_;
    Response res;
    server_.on_error(req, ProtocolError{status, std::string(why)}, res);
    Send(std::move(res), version, false, false);
  }

  void Send(Response res, unsigned version, bool keep_alive, bool head_only) {
    out_ = {};
    out_.version(version == 10 ? 10 : 11);
    out_.result(static_cast<unsigned>(res.status));
    for (const auto& [k, v] : res.headers) out_.insert(k, v);
    out_.keep_alive(keep_alive);
    const std::size_t size = res.body.size();
    if (head_only) {
      out_.content_length(size);
    } else {
      out_.body() = std::move(res.body);
      out_.prepare_payload();
    }
    serializer_.emplace(out_);
    if (head_only) serializer_->split(true);
    stream_.expires_after(AtRate(limits().write_timeout, size, limits().body_min_rate));
    if (head_only) {
      http::async_write_header(stream_, *serializer_,
                               beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
    } else {
      http::async_write(stream_, *serializer_, beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
    }
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    serializer_.reset();
    if (ec || !keep_alive) return Close();
    ReadHead();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::unique_ptr<http::response<http::empty_body>> continue_;
  http::response<http::string_body> out_;
  std::optional<http::response_serializer<http::string_body>> serializer_;
  std::size_t served_ = 0;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping.load() || ec == net::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors (or another passing failure): wait a little instead of spinning.
      spdlog::warn("accept: {}", ec.message());
      retry_timer.expires_after(std::chrono::milliseconds(50));
      retry_timer.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    std::string client = ClientAddress(socket);
    if (counts.TryAdd(client)) {
      beast::error_code nd;
      socket.set_option(tcp::no_delay(true), nd);  // small responses must not wait for delayed ACKs
      std::make_shared<Session>(std::move(socket), *this, std::move(client))->Start();
    } else {
      spdlog::debug("connection from {} refused: connection limit", client);
      beast::error_code ignored;
      socket.close(ignored);
    }
    Accept();
  });
}

HttpServer::HttpServer(HttpLimits limits, Handler handler, ErrorHandler on_error, Classifier classify)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(on_error), std::move(classify))) {}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Bind(const std::string& host, int port) {
  // Idle connections cost a descriptor each: take the hard limit, and keep the connection cap
  // below it with room for the database and log files.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 128) {
    const std::size_t room = static_cast<std::size_t>(rl.rlim_cur) - 64;
    if (impl_->limits.max_connections > room) {
      impl_->limits.max_connections = room;
      impl_->counts.SetMaxTotal(room);
    }
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an IP address to listen on", host));
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot listen on {}:{} (is the port in use?)", host, port),
                ec.message());
  }
  return static_cast<int>(acceptor.local_endpoint().port());
}

void HttpServer::Run(std::size_t threads) {
  impl_->Accept();
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < std::max<std::size_t>(threads, 1); ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
  impl_->workers.join();
}

void HttpServer::Stop(std::chrono::milliseconds grace) {
  net::post(impl_->ioc, [this] {
    impl_->stopping.store(true);
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->retry_timer.cancel();
  });
  const auto until = std::chrono::steady_clock::now() + grace;
  while ((impl_->busy.load() > 0 || impl_->queued.load() > 0) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->workers.stop();
  impl_->ioc.stop();
}

std::size_t HttpServer::Connections() const { return impl_->counts.Total(); }

}  // namespace proven::web
