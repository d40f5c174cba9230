#pragma once
// Runs the saved needs' watch (NeedsService::NotifyNewMatches) in a background thread every
// `interval` while the server runs (`serve --needs-interval`, docs/adr/0011-matching.md). Several
// instances may each run one: the store's unique key lets only one of them record and tell of a
// new match. `proven needs notify` runs one round by hand.
#include <chrono>

#include "core/periodic.hpp"
#include "services/matching/needs_service.hpp"

namespace proven::services {

class NeedsWatcher {
 public:
  NeedsWatcher(NeedsService& needs, std::chrono::milliseconds interval);  // stops and joins when destroyed

 private:
  void Round();
  NeedsService& needs_;
  Periodic thread_;
};

}  // namespace proven::services
