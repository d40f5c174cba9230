#include "services/matching/needs_watcher.hpp"

#include <spdlog/spdlog.h>

namespace proven::services {

NeedsWatcher::NeedsWatcher(NeedsService& needs, std::chrono::milliseconds interval)
    : needs_(needs), thread_(interval, [this] { Round(); }) {}

void NeedsWatcher::Round() {
  if (auto round = needs_.NotifyNewMatches(); !round) {
    spdlog::warn("saved needs: {} ({})", round.error().message, round.error().detail);
  } else if (round->new_matches > 0) {
    spdlog::info("saved needs: {} new match(es), {} mail(s) queued", round->new_matches, round->mails);
  }
}

}  // namespace proven::services
