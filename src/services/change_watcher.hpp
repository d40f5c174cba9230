#pragma once
// Keeps a RegistryService's search index in step with its store while a server runs: applies
// the store's change log every `interval` (so a change written by any process is searchable
// within about that long) and rebuilds the index base in the background when its overlay has
// grown large. Given a wake source (PostgreSQL: a LISTEN on the channel the change trigger
// NOTIFYs), it applies the log as soon as another instance commits a change, and every `interval`
// besides in case a notification was lost with a dropped link.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "services/registry_service.hpp"

namespace proven::services {

class ChangeWatcher {
 public:
  // Waits at most its argument for a sign of new changes; true when there is one.
  using WakeSource = std::function<bool(std::chrono::milliseconds)>;
  ChangeWatcher(RegistryService& registry, std::chrono::milliseconds interval, WakeSource wake = nullptr);
  ~ChangeWatcher();  // stops and joins
  ChangeWatcher(const ChangeWatcher&) = delete;
  ChangeWatcher& operator=(const ChangeWatcher&) = delete;

 private:
  void Run();
  void SyncOnce();
  bool Stopping();
  RegistryService& registry_;
  std::chrono::milliseconds interval_;
  WakeSource wake_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> compacting_{false};
  std::thread compactor_;
  std::thread thread_;
};

}  // namespace proven::services
