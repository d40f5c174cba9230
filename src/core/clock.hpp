#pragma once
// Where "now" comes from. Stores and services take a Clock so that tests can set and move time
// (an audit entry's time, a session's age); production uses Clock::System().
#include <atomic>
#include <cstdint>
#include <string>

namespace proven {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t NowUnix() const = 0;  // seconds since 1970, UTC
  std::string NowIso() const;                // "2026-11-30T09:00:00Z"
  static const Clock& System();
};

// A clock that stands still until told otherwise (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t unix_seconds) : now_(unix_seconds) {}
  std::int64_t NowUnix() const override { return now_.load(); }
  void Set(std::int64_t unix_seconds) { now_.store(unix_seconds); }
  void Advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace proven
