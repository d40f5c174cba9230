#include "waf/sender.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

namespace proven::waf {

std::string_view Code(Transport t) {
  switch (t) {
    case Transport::kResponse: return "response";
    case Transport::kReset: return "reset";
    case Transport::kEof: return "eof";
    case Transport::kTimeout: return "timeout";
    case Transport::kConnectFailed: return "connect_failed";
    case Transport::kMalformed: return "malformed";
  }
  return "unknown";
}

TokenBucket::TokenBucket(double rate, double now_seconds)
    : rate_(rate), capacity_(std::max(1.0, std::ceil(rate / 10.0))), tokens_(1.0), last_(now_seconds) {}

double TokenBucket::Take(double now_seconds) {
  tokens_ = std::min(capacity_, tokens_ + rate_ * std::max(0.0, now_seconds - last_));
  last_ = now_seconds;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return 0.0;
  }
  return (1.0 - tokens_) / rate_;
}

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using SysError = boost::system::error_code;

class Run;

// One connection: connect → write → read → done, then the next item.
struct Slot {
  explicit Slot(asio::io_context& io) : socket(io), deadline(io), pacing(io) {}
  tcp::socket socket;
  asio::steady_timer deadline;
  asio::steady_timer pacing;
  bool open = false;
  std::size_t item = 0;
  std::uint64_t gen = 0;  // handlers of an earlier exchange see another value and do nothing
  bool reused = false;
  bool retried = false;
  bool timed_out = false;
  bool write_done = false;
  bool excess = false;
  Clock::time_point start;
  ResponseParser parser;
  std::array<char, 16384> buf{};
};

class Run {
 public:
  Run(const SenderOptions& o, const std::vector<Outgoing>& items, const std::function<void(std::size_t, Exchange&&)>& done)
      : options_(o), items_(items), on_done_(done), epoch_(Clock::now()) {
    if (o.rate) bucket_.emplace(*o.rate, 0.0);
  }

  Result<SendStats> Go() {
    SysError ec;
    tcp::resolver resolver(io_);
    endpoints_ = resolver.resolve(options_.host, options_.port, ec);
    if (ec || endpoints_.empty()) {
      return Fail(proven::ErrorCode::kInvalidArgument, "target host: " + options_.host + " does not resolve", ec.message(), "host");
    }
    const std::size_t n = std::min<std::size_t>(std::max(1, options_.connections), items_.size());
    for (std::size_t i = 0; i < n; ++i) slots_.push_back(std::make_unique<Slot>(io_));
    for (auto& s : slots_) Next(*s);
    io_.run();
    if (cancelled_) {
      return Fail(proven::ErrorCode::kUnavailable, "the run was cancelled (the server is shutting down)", {}, "cancelled");
    }
    if (aborted_) {
      return Fail(proven::ErrorCode::kUnavailable,
                  "cannot connect to the target " + options_.host + ":" + options_.port + " (" + abort_reason_ + ")",
                  abort_reason_, "target");
    }
    return stats_;
  }

 private:
  double Now() const { return std::chrono::duration<double>(Clock::now() - epoch_).count(); }

  void Next(Slot& s) {
    if (options_.cancel && options_.cancel->load()) cancelled_ = true;
    if (aborted_ || cancelled_ || next_ >= items_.size()) {
      Close(s);
      return;
    }
    s.item = next_++;
    s.retried = false;
    Pace(s);
  }

  void Pace(Slot& s) {
    if (bucket_) {
      const double wait = bucket_->Take(Now());
      if (wait > 0) {
        s.pacing.expires_after(std::chrono::microseconds(static_cast<std::int64_t>(wait * 1e6) + 1));
        s.pacing.async_wait([this, &s](const SysError& ec) {
          if (!ec) Pace(s);
        });
        return;
      }
    }
    Begin(s);
  }

  void Close(Slot& s) {
    SysError ignored;
    if (s.socket.is_open()) {
      s.socket.shutdown(tcp::socket::shutdown_both, ignored);
      s.socket.close(ignored);
    }
    s.open = false;
  }

  void Begin(Slot& s) {
    const Outgoing& it = items_[s.item];
    ++s.gen;
    const std::uint64_t gen = s.gen;
    s.timed_out = false;
    s.write_done = false;
    s.excess = false;
    s.parser.Reset(it.head);
    s.start = Clock::now();
    const int timeout_ms = it.timeout_ms > 0 ? std::min(it.timeout_ms, options_.timeout_ms) : options_.timeout_ms;
    s.deadline.expires_after(std::chrono::milliseconds(timeout_ms));
    s.deadline.async_wait([&s, gen](const SysError& ec) {
      if (ec || gen != s.gen) return;
      s.timed_out = true;
      SysError ignored;
      s.socket.close(ignored);  // cancels the pending connect, write and read
    });
    if (it.dedicated || !s.open) {
      Close(s);
      s.reused = false;
      asio::async_connect(s.socket, endpoints_, [this, &s, gen](const SysError& ec, const tcp::endpoint&) {
        if (gen != s.gen) return;
        if (ec) {
          Finish(s, s.timed_out ? Transport::kTimeout : Transport::kConnectFailed, ec.message());
          return;
        }
        ++stats_.connects;
        s.open = true;
        SysError ignored;
        s.socket.set_option(tcp::no_delay(true), ignored);
        Transfer(s);
      });
    } else {
      s.reused = true;
      Transfer(s);
    }
  }

  // Writes the request and reads at the same time: a WAF may answer (and close) before it has read
  // a large request; the response decides the outcome, a failed write alone never does.
  void Transfer(Slot& s) {
    const std::uint64_t gen = s.gen;
    const Outgoing& it = items_[s.item];
    asio::async_write(s.socket, asio::buffer(it.bytes.data(), it.bytes.size()),
                      [&s, gen](const SysError& ec, std::size_t) {
                        if (gen != s.gen) return;
                        if (!ec) s.write_done = true;
                      });
    Read(s);
  }

  void Read(Slot& s) {
    const std::uint64_t gen = s.gen;
    s.socket.async_read_some(asio::buffer(s.buf), [this, &s, gen](const SysError& ec, std::size_t n) {
      if (gen != s.gen) return;
      if (ec) return ReadFailed(s, ec);
      const std::string_view data(s.buf.data(), n);
      const std::size_t used = s.parser.Feed(data);
      if (s.parser.failed()) return Finish(s, Transport::kMalformed, s.parser.error());
      if (s.parser.done()) {
        s.excess = used < n;
        return Finish(s, Transport::kResponse, {});
      }
      Read(s);
    });
  }

  void ReadFailed(Slot& s, const SysError& ec) {
    if (s.timed_out) return Finish(s, Transport::kTimeout, "deadline passed");
    const bool nothing = s.parser.bytes_seen() == 0;
    if (nothing && s.reused && !s.retried) {
      // A kept-alive connection the server had closed: not a verdict; once more on a fresh one.
      s.retried = true;
      ++stats_.stale_retries;
      Close(s);
      ++s.gen;
      s.deadline.cancel();
      Begin(s);
      return;
    }
    if (ec == asio::error::eof) {
      s.parser.FeedEof();
      if (s.parser.done()) return Finish(s, Transport::kResponse, {});
      return Finish(s, nothing ? Transport::kEof : Transport::kMalformed, s.parser.error());
    }
    if (s.parser.head_complete()) return Finish(s, Transport::kResponse, "body cut off: " + ec.message());
    if (!nothing) return Finish(s, Transport::kMalformed, "incomplete response head: " + ec.message());
    if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe || ec == asio::error::connection_aborted) {
      return Finish(s, Transport::kReset, ec.message());
    }
    Finish(s, Transport::kEof, ec.message());
  }

  void Finish(Slot& s, Transport t, std::string error) {
    ++s.gen;
    s.deadline.cancel();
    const Outgoing& it = items_[s.item];
    waf::Exchange ex;
    ex.transport = t;
    ex.latency_us = static_cast<std::uint32_t>(std::min<std::int64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - s.start).count(), UINT32_MAX));
    ex.reused_connection = s.reused;
    ex.error = std::move(error);
    if (t == Transport::kResponse || (t == Transport::kMalformed && s.parser.status() != 0)) {
      ex.status = s.parser.status();
      ex.headers = s.parser.headers();
      ex.head_text = std::string(s.parser.head_text());
      ex.body = s.parser.body();
      ex.body_bytes = s.parser.body_bytes();
    }
    const bool keep = s.open && t == Transport::kResponse && s.parser.done() && s.parser.keep_alive() && s.write_done &&
                      !s.excess && !it.dedicated;
    if (!keep) Close(s);
    if (t == Transport::kConnectFailed) {
      if (++connect_failures_ >= options_.max_connect_failures && !aborted_) {
        aborted_ = true;
        abort_reason_ = ex.error;
      }
    } else {
      connect_failures_ = 0;
    }
    ++stats_.completed;
    if (!aborted_) on_done_(s.item, std::move(ex));
    Next(s);
  }

  const SenderOptions& options_;
  const std::vector<Outgoing>& items_;
  const std::function<void(std::size_t, waf::Exchange&&)>& on_done_;
  Clock::time_point epoch_;
  asio::io_context io_{1};
  tcp::resolver::results_type endpoints_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::optional<TokenBucket> bucket_;
  std::size_t next_ = 0;
  int connect_failures_ = 0;
  bool aborted_ = false;
  bool cancelled_ = false;
  std::string abort_reason_;
  SendStats stats_;
};

}  // namespace

Result<SendStats> Send(const SenderOptions& options, const std::vector<Outgoing>& items,
                       const std::function<void(std::size_t, Exchange&&)>& on_done) {
  if (items.empty()) return SendStats{};
  if (options.rate && !(*options.rate > 0)) {
    return Fail(proven::ErrorCode::kInvalidArgument, "rate: must be a positive number of requests per second", {}, "rate");
  }
  if (options.timeout_ms <= 0) {
    return Fail(proven::ErrorCode::kInvalidArgument, "timeout: must be a positive number of milliseconds", {}, "timeout");
  }
  Run run(options, items, on_done);
  return run.Go();
}

}  // namespace proven::waf
