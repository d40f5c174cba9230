#include "services/change_watcher.hpp"

#include <spdlog/spdlog.h>

namespace proven::services {

ChangeWatcher::ChangeWatcher(RegistryService& registry, std::chrono::milliseconds interval, WakeSource wake)
    : registry_(registry), interval_(interval), wake_(std::move(wake)), thread_([this] { Run(); }) {}

ChangeWatcher::~ChangeWatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (compactor_.joinable()) compactor_.join();
}

bool ChangeWatcher::Stopping() {
  std::lock_guard lock(mu_);
  return stop_;
}

void ChangeWatcher::Run() {
  if (!wake_) {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      SyncOnce();
      lock.lock();
    }
    return;
  }
  auto last = std::chrono::steady_clock::now();
  while (!Stopping()) {
    // Short waits, so that a stop is seen within ~100 ms.
    const bool woke = wake_(std::chrono::milliseconds(100));
    if (Stopping()) break;
    const auto now = std::chrono::steady_clock::now();
    if (!woke && now - last < interval_) continue;
    last = now;
    SyncOnce();
  }
}

void ChangeWatcher::SyncOnce() {
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
}

}  // namespace proven::services
