#include "services/matching/needs_watcher.hpp"

#include <spdlog/spdlog.h>

namespace proven::services {

NeedsWatcher::NeedsWatcher(NeedsService& needs, std::chrono::milliseconds interval)
    : needs_(needs), interval_(interval), thread_([this] { Run(); }) {}

NeedsWatcher::~NeedsWatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NeedsWatcher::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    if (auto round = needs_.NotifyNewMatches(); !round) {
      spdlog::warn("saved needs: {} ({})", round.error().message, round.error().detail);
    } else if (round->new_matches > 0) {
      spdlog::info("saved needs: {} new match(es), {} mail(s) queued", round->new_matches, round->mails);
    }
    lock.lock();
  }
}

}  // namespace proven::services
