#include "core/clock.hpp"

#include <chrono>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/core.h>

namespace proven {
namespace {

class SystemClock final : public Clock {
 public:
  std::int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace

std::string Clock::NowIso() const {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(NowUnix())));
}

const Clock& Clock::System() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace proven
