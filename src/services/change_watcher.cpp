#include "services/change_watcher.hpp"

#include <spdlog/spdlog.h>

namespace proven::services {

ChangeWatcher::ChangeWatcher(RegistryService& registry, std::chrono::milliseconds interval)
    : registry_(registry), interval_(interval), thread_([this] { Run(); }) {}

ChangeWatcher::~ChangeWatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (compactor_.joinable()) compactor_.join();
}

void ChangeWatcher::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    if (auto n = registry_.Sync(); !n) {
      spdlog::warn("index sync failed: {} ({})", n.error().message, n.error().detail);
    } else if (*n > 0) {
      spdlog::info("index: applied {} change(s)", *n);
    }
    // A rebuild takes seconds at a million services: run it beside the syncs.
    const auto st = registry_.IndexStats();
    if (!compacting_.load() && st.overlay_docs + st.hidden_base_docs >= std::max<std::size_t>(1024, st.base_docs / 32)) {
      if (compactor_.joinable()) compactor_.join();
      compacting_.store(true);
      compactor_ = std::thread([this] {
        if (auto r = registry_.CompactIfNeeded(); !r) {
          spdlog::warn("index rebuild failed: {} ({})", r.error().message, r.error().detail);
        } else if (*r) {
          spdlog::info("index: rebuilt the base");
        }
        compacting_.store(false);
      });
    }
    lock.lock();
  }
}

}  // namespace proven::services
