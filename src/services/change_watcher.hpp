#pragma once
// Keeps a RegistryService's search index in step with its store while a server runs: applies
// the store's change log every `interval` (so a change written by any process is searchable
// within about that long) and rebuilds the index base in the background when its overlay has
// grown large.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/registry_service.hpp"

namespace proven::services {

class ChangeWatcher {
 public:
  ChangeWatcher(RegistryService& registry, std::chrono::milliseconds interval);
  ~ChangeWatcher();  // stops and joins
  ChangeWatcher(const ChangeWatcher&) = delete;
  ChangeWatcher& operator=(const ChangeWatcher&) = delete;

 private:
  void Run();
  RegistryService& registry_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<bool> compacting_{false};
  std::thread compactor_;
  std::thread thread_;
};

}  // namespace proven::services
