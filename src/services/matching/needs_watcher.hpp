#pragma once
// Runs the saved needs' watch (NeedsService::NotifyNewMatches) in a background thread every
// `interval` while the server runs (`serve --needs-interval`, docs/adr/0011-matching.md). Several
// instances may each run one: the store's unique key lets only one of them record and tell of a
// new match. `proven needs notify` runs one round by hand.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/matching/needs_service.hpp"

namespace proven::services {

class NeedsWatcher {
 public:
  NeedsWatcher(NeedsService& needs, std::chrono::milliseconds interval);
  ~NeedsWatcher();  // stops and joins
  NeedsWatcher(const NeedsWatcher&) = delete;
  NeedsWatcher& operator=(const NeedsWatcher&) = delete;

 private:
  void Run();
  NeedsService& needs_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace proven::services
