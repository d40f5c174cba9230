#include "waf/oracle_backend.hpp"

#include <array>
#include <atomic>
#include <charconv>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "waf/http_response.hpp"

namespace proven::waf {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SysError = boost::system::error_code;

constexpr std::string_view kOk = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
constexpr std::string_view kOkClose =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
constexpr std::string_view kBad =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nbad request";

}  // namespace

struct OracleBackend::Impl {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mu;
  std::unordered_map<std::string, int> seen;
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> without_id{0};
  std::string host;
  int port = 0;

  struct Session : std::enable_shared_from_this<Session> {
    Session(Impl& o, tcp::socket s) : owner(o), socket(std::move(s)) {}
    Impl& owner;
    tcp::socket socket;
    RequestParser parser;
    std::array<char, 16384> buf{};
    std::string pending;  // bytes read but not yet parsed (after a request's end)

    void Read() {
      auto self = shared_from_this();
      socket.async_read_some(asio::buffer(buf), [self](const SysError& ec, std::size_t n) {
        if (ec) return;
        self->pending.append(self->buf.data(), n);
        self->Parse();
      });
    }
    void Parse() {
      const std::size_t used = parser.Feed(pending);
      pending.erase(0, used);
      if (parser.failed()) return Answer(kBad, false);
      if (!parser.done()) {
        pending.clear();
        return Read();
      }
      const std::string_view id = parser.Header(kOracleIdHeader);
      if (id.empty()) {
        ++owner.without_id;
      } else {
        std::lock_guard lock(owner.mu);
        ++owner.seen[std::string(id)];
      }
      ++owner.requests;
      const bool keep = parser.keep_alive();
      Answer(keep ? kOk : kOkClose, keep);
    }
    void Answer(std::string_view response, bool keep) {
      auto self = shared_from_this();
      asio::async_write(socket, asio::buffer(response.data(), response.size()), [self, keep](const SysError& ec, std::size_t) {
        if (ec) return;
        if (!keep) {
          SysError ignored;
          self->socket.shutdown(tcp::socket::shutdown_both, ignored);
          return;
        }
        self->parser.Reset();
        if (!self->pending.empty()) return self->Parse();
        self->Read();
      });
    }
  };

  void Accept() {
    acceptor.async_accept([this](const SysError& ec, tcp::socket s) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      } else {
        SysError ignored;
        s.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(*this, std::move(s))->Read();
      }
      Accept();
    });
  }
};

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [&](std::string why) {
    return Fail(ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\" " + why + " (give HOST:PORT, e.g. 127.0.0.1:8081)",
                {}, "oracle_listen");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("has no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.find(':') == std::string_view::npos) return bad("has brackets around a host that is not an IPv6 address");
  } else if (host.find(':') != std::string_view::npos) {
    return bad("has an IPv6 address without brackets");
  }
  ListenAddress out;
  if (host == "localhost") {
    out.host = "127.0.0.1";
  } else {
    SysError ec;
    const auto address = asio::ip::make_address(std::string(host), ec);
    if (host.empty() || ec) return bad("does not start with an IP address or localhost");
    out.host = address.to_string();
  }
  int port = -1;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return bad("has no port 0-65535");
  }
  out.port = port;
  return out;
}

OracleBackend::OracleBackend(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<OracleBackend>> OracleBackend::Start(const std::string& host, int port) {
  auto impl = std::make_unique<Impl>();
  SysError ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "oracle listen address: " + host + " is not an IP address", ec.message(), "oracle_listen");
  if (port < 0 || port > 65535) return Fail(ErrorCode::kInvalidArgument, "oracle listen port: not 0–65535", {}, "oracle_listen");
  const tcp::endpoint ep(address, static_cast<unsigned short>(port));
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable, "oracle backend: cannot listen on " + host + ":" + std::to_string(port), ec.message(),
                "oracle_listen");
  }
  impl->host = host;
  impl->port = impl->acceptor.local_endpoint().port();
  impl->Accept();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<OracleBackend>(new OracleBackend(std::move(impl)));
}

OracleBackend::~OracleBackend() { Stop(); }

void OracleBackend::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
  SysError ignored;
  impl_->acceptor.close(ignored);
}

int OracleBackend::port() const { return impl_->port; }
std::string OracleBackend::host() const { return impl_->host; }

bool OracleBackend::Consume(std::string_view id) {
  std::lock_guard lock(impl_->mu);
  const auto it = impl_->seen.find(std::string(id));
  if (it == impl_->seen.end()) return false;
  if (--it->second == 0) impl_->seen.erase(it);
  return true;
}

bool OracleBackend::Seen(std::string_view id) const {
  std::lock_guard lock(impl_->mu);
  return impl_->seen.count(std::string(id)) != 0;
}

std::uint64_t OracleBackend::requests() const { return impl_->requests.load(); }
std::uint64_t OracleBackend::without_id() const { return impl_->without_id.load(); }

}  // namespace proven::waf
