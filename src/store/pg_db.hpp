#pragma once
// The PostgreSQL side of store/db.hpp (libpq): connections, and a listener that wakes a waiting
// thread when another connection NOTIFYs a channel.
#include <chrono>
#include <memory>
#include <string>

#include "store/db.hpp"

namespace proven::store {

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, int busy_timeout_ms);

// A connection of its own that LISTENs on `channel`. Wait() returns true as soon as a
// notification arrives (or at once when some arrived since the last call), false after `timeout`
// without one. When the link drops it reconnects on the next Wait and reports true, so that the
// caller rereads whatever it may have missed.
class PgListener {
 public:
  PgListener(std::string url, std::string channel);
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;
  bool Wait(std::chrono::milliseconds timeout);

 private:
  bool Connect();
  std::string url_;
  std::string channel_;
  void* conn_ = nullptr;  // PGconn
};

}  // namespace proven::store
